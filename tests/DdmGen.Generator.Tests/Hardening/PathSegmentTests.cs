using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Every path parameter's value makes a segment that is not empty: an empty segment (<c>/v3/p/items//</c>) addresses
/// another resource. A value that would make one is refused with an <see cref="ArgumentException"/> naming the
/// parameter, before anything is sent, as an empty string already is.
/// </summary>
public sealed class PathSegmentTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /v3/{project_id}/items/{state}/{names}:
            post:
              operationId: tagItems
              parameters:
                - {name: project_id, in: path, required: true, schema: {type: string}}
                - {name: state, in: path, required: true, schema: {$ref: '#/components/schemas/State'}}
                - {name: names, in: path, required: true, schema: {type: array, items: {type: string}}}
              responses: {'204': {description: ok}}
          /v3/{project_id}/kinds/{states}:
            get:
              operationId: listKinds
              x-speakeasy-pagination:
                type: offsetLimit
                inputs:
                  - {name: offset, in: parameters, type: offset}
                  - {name: limit, in: parameters, type: limit}
                outputs: {results: $.items, total: $.total}
              parameters:
                - {name: project_id, in: path, required: true, schema: {type: string}}
                - {name: states, in: path, required: true, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                - {name: offset, in: query, schema: {type: integer}}
                - {name: limit, in: query, schema: {type: integer}}
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {$ref: '#/components/schemas/Page'} } }
        components:
          schemas:
            State: {type: string, enum: [done, open]}
            Page:
              type: object
              properties:
                items: {type: array, items: {type: string}}
                total: {type: integer}
        """;

    [Fact]
    public async Task Values_that_make_segments_are_sent()
    {
        var (exception, request) = await TagItemsAsync(api => new object?[] { "p", State(api, "open"), new[] { "a", "b c" } });

        Assert.Null(exception);
        Assert.Equal("/v3/p/items/open/a,b%20c", request!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task An_open_enum_without_a_value_is_refused()
    {
        var (exception, request) = await TagItemsAsync(api => new object?[] { "p", Activator.CreateInstance(api.GetType("Test.Api.State", throwOnError: true)!), Array.Empty<string>() });

        Assert.Equal("state", exception!.ParamName);
        Assert.Null(request);
    }

    [Fact]
    public async Task An_open_enum_with_empty_text_is_refused()
    {
        var (exception, request) = await TagItemsAsync(api => new object?[] { "p", State(api, string.Empty), new[] { "a" } });

        Assert.Equal("state", exception!.ParamName);
        Assert.Null(request);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_list_whose_joined_text_is_empty_is_refused(int emptyValues)
    {
        // No value at all, or a single empty one: either way nothing stands between the slashes.
        var (exception, request) = await TagItemsAsync(api => new object?[] { "p", State(api, "open"), Enumerable.Repeat(string.Empty, emptyValues).ToArray() });

        Assert.Equal("names", exception!.ParamName);
        Assert.Contains("names", exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Theory]
    [InlineData("p", "open", ".", "names")]
    [InlineData("p", "open", "..", "names")]
    [InlineData("p", "..", "a", "state")]
    [InlineData("..", "open", "a", "project_id")]
    public async Task A_value_that_makes_a_step_in_the_path_is_refused(string projectId, string state, string name, string refused)
    {
        // "." and ".." are steps in the path even escaped (a server decodes %2E first): the call would reach another resource.
        var (exception, request) = await TagItemsAsync(api => new object?[] { projectId, State(api, state), new[] { name } });

        Assert.Contains($"The path parameter {refused} is '", exception!.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Fact]
    public async Task A_list_with_a_step_beside_other_values_makes_a_segment_and_is_sent()
    {
        var (exception, request) = await TagItemsAsync(api => new object?[] { "p", State(api, "open"), new[] { "..", "." } });

        Assert.Null(exception);
        Assert.Equal("/v3/p/items/open/..,.", request!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_list_of_empty_values_that_still_makes_a_segment_is_sent()
    {
        // Two empty values are joined by a comma: the segment is "," and the resource the one the spec means.
        var (exception, request) = await TagItemsAsync(api => new object?[] { "p", State(api, "open"), new[] { "", "" } });

        Assert.Null(exception);
        Assert.Equal("/v3/p/items/open/,", request!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public void A_listing_with_a_list_of_enums_that_makes_an_empty_segment_is_refused_when_called()
    {
        using var output = Healthy.Run(Spec).Load("path segments listing");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var state = output.Type("Test.Api.State");
        var list = client.GetType().GetMethods().Single(method => method.Name == "ListKindsAutoPaging" && method.GetParameters()[0].ParameterType == typeof(string));
        var states = Array.CreateInstance(state, 1);

        var invocation = Assert.Throws<TargetInvocationException>(() => list.Invoke(client, new object?[] { "p", states, null, null, CancellationToken.None }));

        Assert.Equal("states", Assert.IsAssignableFrom<ArgumentException>(invocation.InnerException).ParamName);
        Assert.Null(handler.Request);
    }

    [Theory]
    [InlineData("..", "open", "projectId")]
    [InlineData("p", ".", "states")]
    public void A_listing_with_a_path_value_that_is_a_step_is_refused_when_called(string projectId, string state, string refused)
    {
        // It was refused only when the first page was asked for, where an empty value is refused at the call.
        using var output = Healthy.Run(Spec).Load("path steps listing");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var list = client.GetType().GetMethods().Single(method => method.Name == "ListKindsAutoPaging" && method.GetParameters()[0].ParameterType == typeof(string));
        var states = Array.CreateInstance(output.Type("Test.Api.State"), 1);
        states.SetValue(State(output.Assembly, state), 0);

        var invocation = Assert.Throws<TargetInvocationException>(() => list.Invoke(client, new object?[] { projectId, states, null, null, CancellationToken.None }));

        Assert.Equal(refused, Assert.IsAssignableFrom<ArgumentException>(invocation.InnerException).ParamName);
        Assert.Null(handler.Request);
    }

    private const string PartSpec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /files/{name}.json:
            get:
              operationId: getFile
              parameters: [{name: name, in: path, required: true, schema: {type: string}}]
              responses: {'204': {description: ok}}
          /pairs/{first}{second}/x:
            get:
              operationId: getPair
              parameters:
                - {name: first, in: path, required: true, schema: {type: string}}
                - {name: second, in: path, required: true, schema: {type: string}}
              responses: {'204': {description: ok}}
        """;

    [Theory]
    [InlineData("GetFileAsync", new[] { ".." }, "/files/...json")]
    [InlineData("GetFileAsync", new[] { "." }, "/files/..json")]
    [InlineData("GetPairAsync", new[] { ".", "x" }, "/pairs/.x/x")]
    [InlineData("GetPairAsync", new[] { "..", "." }, "/pairs/.../x")]
    public async Task A_value_that_is_only_part_of_a_segment_is_sent_when_the_segment_is_no_step(string method, string[] values, string path)
    {
        // "..json" and ".x" name resources of their own: the segment as a whole is what a server would resolve.
        var (exception, request) = await CallAsync(PartSpec, method, values);

        Assert.Null(exception);
        Assert.Equal(path, request!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Values_that_together_make_a_step_in_the_path_are_refused()
    {
        // Each was checked alone: "." and "." went out as the segment "..", which a server resolves to another resource.
        var (exception, request) = await CallAsync(PartSpec, "GetPairAsync", ".", ".");

        Assert.Contains("first", exception!.Message, StringComparison.Ordinal);
        Assert.Contains("second", exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    /// <summary>Calls a protocol method of a client of <paramref name="spec"/>: the exception it threw (null when none) and the request it sent.</summary>
    private static async Task<(ArgumentException? Exception, HttpRequestMessage? Request)> CallAsync(string spec, string method, params object?[] arguments)
    {
        using var output = Healthy.Run(spec).Load("path segment parts");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(candidate => candidate.Name == method && candidate.GetParameters().Last().ParameterType == typeof(RequestOptions));
        try
        {
            await (Task)protocol.Invoke(client, arguments.Append(null).ToArray())!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is ArgumentException exception)
        {
            return (exception, handler.Request);
        }
        catch (ArgumentException exception)
        {
            return (exception, handler.Request);
        }

        return (null, handler.Request);
    }

    [Theory]
    [InlineData("a", "open", "b", null)]
    [InlineData("..", "open", "b", "names")]
    [InlineData("a", ".", "b", "states")]
    [InlineData("a", "open", "..", "only")]
    public async Task Several_list_path_parameters_are_each_checked_for_a_step(string name, string state, string only, string? refused)
    {
        // Each list's check declared a pattern variable "only" in the same scope: CS0128, and the client did not
        // compile; a parameter named "only" met it too.
        using var output = Healthy.Run("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /tags/{names}/{states}/{only}:
                get:
                  operationId: getTags
                  parameters:
                    - {name: names, in: path, required: true, schema: {type: array, items: {type: string}}}
                    - {name: states, in: path, required: true, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                    - {name: only, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                State: {type: string, enum: [done, open]}
            """).Load("several list path parameters");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetTagsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        var states = Array.CreateInstance(output.Type("Test.Api.State"), 1);
        states.SetValue(State(output.Assembly, state), 0);

        var call = (Task)protocol.Invoke(client, new object?[] { new[] { name }, states, only, null })!;

        if (refused is null)
        {
            await call;
            Assert.Equal($"/tags/{name}/{state}/{only}", handler.Request!.RequestUri!.AbsolutePath);
        }
        else
        {
            Assert.Equal(refused, (await Assert.ThrowsAnyAsync<ArgumentException>(() => call)).ParamName);
            Assert.Null(handler.Request);
        }
    }

    /// <summary>Path parameters the client's options hold: set once, sent with every request.</summary>
    private const string ClientSpec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /v3/{state}/{names}/items:
            get:
              operationId: listItems
              parameters:
                - {name: state, in: path, required: true, x-ms-parameter-location: client, schema: {$ref: '#/components/schemas/State'}}
                - {name: names, in: path, required: true, x-ms-parameter-location: client, schema: {type: array, items: {type: string}}}
              responses: {'204': {description: ok}}
        components:
          schemas:
            State: {type: string, enum: [done, open]}
        """;

    [Theory]
    [InlineData(null, 1, "State")]
    [InlineData("", 1, "State")]
    [InlineData("open", 0, "Names")]
    [InlineData("open", -1, "Names")]
    public void Options_whose_path_values_make_an_empty_segment_are_refused_when_the_client_is_created(string? state, int names, string property)
    {
        // state null is the enum's default; names -1 is a list of one empty value.
        using var output = Healthy.Run(ClientSpec).Load("path segments in options");
        using var http = new HttpClient(new CapturingHandler());

        var invocation = Assert.Throws<TargetInvocationException>(() => ClientWith(output, http, state, names));

        var exception = Assert.IsType<ArgumentException>(invocation.InnerException);
        Assert.Equal("options", exception.ParamName);
        Assert.Contains("TestClientOptions." + property, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..", "a", "State")]
    [InlineData("open", ".", "Names")]
    public void Options_whose_path_values_are_steps_in_the_path_are_refused_when_the_client_is_created(string state, string name, string property)
    {
        // They were taken, and every call of the client then refused them as arguments it had not been given.
        using var output = Healthy.Run(ClientSpec).Load("path steps in options");
        using var http = new HttpClient(new CapturingHandler());
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        options.GetType().GetProperty("State")!.SetValue(options, Activator.CreateInstance(output.Type("Test.Api.State"), state));
        options.GetType().GetProperty("Names")!.SetValue(options, new[] { name });

        var invocation = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options));

        var exception = Assert.IsType<ArgumentException>(invocation.InnerException);
        Assert.Equal("options", exception.ParamName);
        Assert.Contains("TestClientOptions." + property, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_whose_path_values_make_segments_are_sent()
    {
        using var output = Healthy.Run(ClientSpec).Load("path segments in options");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = ClientWith(output, http, "open", 2);
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "ListItemsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));

        await (Task)protocol.Invoke(client, new object?[] { null })!;

        Assert.Equal("/v3/open/a,a/items", handler.Request!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Literal_path_text_a_path_may_not_hold_goes_on_the_wire_percent_encoded()
    {
        // Regression: the spec's text went out as written: GET /v1/files/my docs/gr\0\0\0, a raw space, and a NUL for
        // each letter outside ASCII.
        using var output = Healthy.Run("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1/v1"}]
            paths:
              /files/my docs/größe:
                get:
                  operationId: getFile
                  responses: {'204': {description: ok}}
              "/keep/a-b.c_d~e!$&'()*+,;=:@/%7E/%zz/[x]/{id}/x%":
                get:
                  operationId: getKept
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
            """).Load("literal path text");

        var targets = await WireTargetsAsync(output, ("GetFileAsync", Array.Empty<object?>()), ("GetKeptAsync", new object?[] { "i d" }));

        Assert.Equal(new[] { "/v1/files/my%20docs/gr%C3%B6%C3%9Fe", "/v1/keep/a-b.c_d~e!$&'()*+,;=:@/%7E/%25zz/%5Bx%5D/i%20d/x%25" }, targets);
    }

    /// <summary>
    /// Calls each protocol method (with the arguments given) of a client whose endpoint is a loopback socket, and
    /// returns the request targets as they came over the wire, before any server could decode them.
    /// </summary>
    private static async Task<string[]> WireTargetsAsync(LoadedOutput output, params (string Method, object?[] Arguments)[] calls)
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
            options.GetType().GetProperty("Endpoint")!.SetValue(options, new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1"));
            using var http = new HttpClient();
            var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
            var targets = new List<string>();
            foreach (var (method, arguments) in calls)
            {
                var protocol = client.GetType().GetMethods().Single(candidate => candidate.Name == method && candidate.GetParameters().Last().ParameterType == typeof(RequestOptions));
                var call = (Task)protocol.Invoke(client, arguments.Append(null).ToArray())!;
                using var connection = await listener.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                var head = new System.Text.StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    Assert.NotEqual(0, read);
                    head.Append(System.Text.Encoding.Latin1.GetString(buffer, 0, read));
                }

                targets.Add(head.ToString().Split(' ')[1]);
                await stream.WriteAsync("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                await call;
            }

            return targets.ToArray();
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// A client of <see cref="ClientSpec"/> with its options' State (the enum's default when null) and Names (that
    /// many values "a", or one empty value for -1).
    /// </summary>
    private static object ClientWith(LoadedOutput output, HttpClient http, string? state, int names)
    {
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var stateType = output.Type("Test.Api.State");
        options.GetType().GetProperty("State")!.SetValue(options, state is null ? Activator.CreateInstance(stateType) : Activator.CreateInstance(stateType, state));
        options.GetType().GetProperty("Names")!.SetValue(options, names < 0 ? new[] { string.Empty } : Enumerable.Repeat("a", names).ToArray());
        return Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
    }

    private static object State(Assembly api, string value) =>
        Activator.CreateInstance(api.GetType("Test.Api.State", throwOnError: true)!, value)!;

    /// <summary>Calls the protocol method of <c>tagItems</c>: the exception it threw (null when none) and the request it sent.</summary>
    private static async Task<(ArgumentException? Exception, HttpRequestMessage? Request)> TagItemsAsync(Func<Assembly, object?[]> arguments)
    {
        using var output = Healthy.Run(Spec).Load("path segments");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "TagItemsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        try
        {
            await (Task)protocol.Invoke(client, arguments(output.Assembly).Append(null).ToArray())!;
        }
        catch (ArgumentException exception)
        {
            return (exception, handler.Request);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is ArgumentException exception)
        {
            return (exception, handler.Request);
        }

        return (null, handler.Request);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request });
        }
    }
}
