using System;
using System.ClientModel.Primitives;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Runs a generated client and reads the request it sends: query parameters of every scalar type and lists go through
/// the shared <c>RequestUri.Query</c> overloads, headers through <c>SetHeader</c>; a null optional value is left out.
/// </summary>
public sealed class RequestValueTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /things:
            get:
              operationId: getThings
              parameters:
                - {name: ratio, in: query, schema: {type: number, format: float}}
                - {name: precise, in: query, schema: {type: number}}
                - {name: count, in: query, schema: {type: integer, format: int64}}
                - {name: flag, in: query, schema: {type: boolean}}
                - {name: since, in: query, schema: {type: string, format: date-time}}
                - {name: state, in: query, schema: {$ref: '#/components/schemas/State'}}
                - {name: tags, in: query, schema: {type: array, items: {type: string}}}
                - {name: sizes, in: query, schema: {type: array, items: {type: integer}}}
                - {name: ids, in: query, explode: false, schema: {type: array, items: {type: string}}}
                - {name: X-Flag, in: header, schema: {type: boolean}}
                - {name: X-Sizes, in: header, schema: {type: array, items: {type: integer}}}
              responses: {'204': {description: ok}}
        components:
          schemas:
            State: {type: string, enum: [done, open]}
        """;

    [Fact]
    public async Task Every_query_and_header_value_is_formatted_the_same_in_every_culture()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var since = new DateTimeOffset(2024, 1, 2, 3, 4, 5, 600, TimeSpan.FromHours(1.5));
            string? sinceText = null;
            var request = await SendAsync(api =>
            {
                // Dates are written as the generated date converter writes them.
                sinceText = (string)api.GetTypes().Select(type => type.GetMethod("Format", new[] { typeof(DateTimeOffset) })).Single(method => method is not null)!.Invoke(null, new object[] { since })!;
                return new object?[] { 0.1f, 0.1, 5_000_000_000L, true, since, State(api, "open"), new[] { "a", "b c" }, new[] { 1, 20 }, new[] { "x", "y,z", "w v" }, false, new[] { 3, 4 } };
            });

            Assert.Equal(
                "/things?ratio=0.1&precise=0.1&count=5000000000&flag=true&since=" + Uri.EscapeDataString(sinceText!) + "&state=open&tags=a&tags=b%20c&sizes=1&sizes=20&ids=x,y%2Cz,w%20v",
                request.RequestUri!.PathAndQuery);
            Assert.StartsWith("2024-01-02T03:04:05.6", sinceText, StringComparison.Ordinal);
            Assert.Equal("false", request.Headers.GetValues("X-Flag").Single());
            Assert.Equal("3,4", request.Headers.GetValues("X-Sizes").Single());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task A_query_list_with_explode_false_is_one_parameter_of_escaped_values_joined_by_commas()
    {
        // It was reported (DDMG108) and sent as ids=x&ids=y: a service that reads ids=x,y took only the first value.
        Assert.DoesNotContain(Healthy.Run(Spec).Diagnostics, diagnostic => diagnostic.Id == "DDMG108");

        var one = await SendAsync(_ => new object?[] { null, null, null, null, null, null, null, null, new[] { "only" }, null, null });
        var none = await SendAsync(_ => new object?[] { null, null, null, null, null, null, null, null, Array.Empty<string>(), null, null });

        Assert.Equal("/things?ids=only", one.RequestUri!.PathAndQuery);
        // An empty list is left out, as an exploded one is: RFC 6570 takes an empty list for no value.
        Assert.Equal("/things", none.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task A_null_in_a_query_list_with_explode_false_is_left_out_as_in_an_exploded_one()
    {
        // A first null wrote nothing and the values after it were joined on to whatever stood before (the path:
        // /things,b); a later one threw ArgumentNullException from the escaping. An exploded list leaves a null out.
        var first = await SendAsync(_ => new object?[] { null, null, null, null, null, null, null, null, new[] { null!, "b", "c" }, null, null });
        Assert.Equal("/things?ids=b,c", first.RequestUri!.PathAndQuery);
        var later = await SendAsync(_ => new object?[] { null, null, null, null, null, null, null, null, new[] { "a", null!, "c" }, null, null });
        var only = await SendAsync(_ => new object?[] { null, null, null, null, null, null, null, null, new string[] { null! }, null, null });
        var exploded = await SendAsync(_ => new object?[] { null, null, null, null, null, null, new[] { null!, "b" }, null, new[] { null!, "b" }, null, null });

        Assert.Equal("/things?ids=a,c", later.RequestUri!.PathAndQuery);
        Assert.Equal("/things", only.RequestUri!.PathAndQuery);
        Assert.Equal("/things?tags=b&ids=b", exploded.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Null_optional_values_are_left_out()
    {
        var request = await SendAsync(_ => new object?[11]);

        Assert.Equal("/things", request.RequestUri!.PathAndQuery);
        Assert.False(request.Headers.Contains("X-Flag"));
        Assert.False(request.Headers.Contains("X-Sizes"));
    }

    [Fact]
    public void More_than_three_query_parameters_are_written_one_per_line()
    {
        // Up to three query parameters follow the path on its line; this spec's nine go one per line, in spec order.
        var requests = Healthy.Run(Spec).Source("Test.Api.TestClient+Requests.g.cs").Split('\n');
        var start = Array.FindIndex(requests, line => line.TrimEnd().EndsWith(".Path(\"things\")", StringComparison.Ordinal));

        var queries = requests.Skip(start + 1).Take(9).Select(line => line.Trim()).ToList();
        Assert.Equal(
            new[] { "ratio", "precise", "count", "flag", "since", "state", "tags", "sizes", "ids" },
            queries.Select(line => Assert.IsType<string>(line.StartsWith(".Query(\"", StringComparison.Ordinal) || line.StartsWith(".QueryJoined(\"", StringComparison.Ordinal) ? line.Split('"')[1] : null)));
        Assert.EndsWith(";", queries[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_s_default_and_deprecation_are_in_its_docs()
    {
        // Regression: a parameter's default and its deprecation were in the spec but not in the method's docs.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: getThings
                  parameters:
                    - {name: order, in: query, description: Sort order., schema: {type: string, default: "<name&id>"}}
                    - {name: old, in: query, deprecated: true, schema: {type: integer, default: 3}}
                    - {name: size, in: query, schema: {type: integer}}
                  responses:
                    "200": {description: OK}
            """;

        var result = Healthy.Run(spec);

        Assert.Empty(result.CompilationProblems);
        // A long doc goes on over several lines: read it as one.
        var client = System.Text.RegularExpressions.Regex.Replace(result.Sources.Single(source => source.HintName.EndsWith("Client.g.cs", StringComparison.Ordinal)).SourceText.ToString(), @"\r?\n\s*/// ", " ");
        Assert.Contains("<param name=\"order\">Sort order. Null leaves it out (default \"&lt;name&amp;id&gt;\").</param>", client, StringComparison.Ordinal);
        Assert.Contains("<param name=\"old\"> Deprecated in the API specification. The <c>old</c> query parameter. Null leaves it out (default 3). </param>", client, StringComparison.Ordinal);
        Assert.Contains("<param name=\"size\">The <c>size</c> query parameter. Null leaves it out.</param>", client, StringComparison.Ordinal);
    }

    /// <summary>Text with a lone surrogate (an attribute cannot carry it: its UTF-8 would make it U+FFFD).</summary>
    private static readonly string[] NotUtf16 = ["\ud800", "a\udc00b", "\ude00\ud83d"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_query_value_that_is_not_valid_utf16_is_refused_naming_its_parameter(int which)
    {
        var value = NotUtf16[which];
        // Escaping wrote U+FFFD for a lone surrogate: every such value went out as the same other value.
        var exploded = await Assert.ThrowsAsync<ArgumentException>(() => SendAsync(_ => new object?[] { null, null, null, null, null, null, new[] { "a", value }, null, null, null, null }));
        var joined = await Assert.ThrowsAsync<ArgumentException>(() => SendAsync(_ => new object?[] { null, null, null, null, null, null, null, null, new[] { "a", value }, null, null }));

        Assert.Contains("tags", exploded.Message, StringComparison.Ordinal);
        Assert.Contains("ids", joined.Message, StringComparison.Ordinal);
        Assert.Equal("/things?tags=%F0%9F%98%80", (await SendAsync(_ => new object?[] { null, null, null, null, null, null, new[] { "\ud83d\ude00" }, null, null, null, null })).RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task An_empty_list_for_a_required_query_parameter_is_refused_as_a_null_one_is()
    {
        // An empty list sends no parameter, the request a null list would make: that was refused, and this went out
        // without the parameter the spec requires.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /things:
                get:
                  operationId: getThings
                  parameters:
                    - {name: tags, in: query, required: true, schema: {type: array, items: {type: string}}}
                    - {name: ids, in: query, required: true, explode: false, schema: {type: array, items: {type: integer}}}
                    - {name: sizes, in: query, schema: {type: array, items: {type: integer}}}
                  responses: {'204': {description: ok}}
            """;
        using var output = Healthy.Run(spec).Load("required-query-lists");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetThingsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        Task Call(string[] tags, int[] ids) => (Task)protocol.Invoke(client, new object?[] { tags, ids, Array.Empty<int>(), null })!;

        var tags = await Assert.ThrowsAsync<ArgumentException>(() => Call([], [1]));
        var ids = await Assert.ThrowsAsync<ArgumentException>(() => Call(["a"], []));
        Assert.Equal("tags", tags.ParamName);
        Assert.Equal("ids", ids.ParamName);
        Assert.Null(handler.Request);

        await Call(["a"], [1, 2]);
        Assert.Equal("/things?tags=a&ids=1,2", handler.Request!.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task A_required_enum_query_or_header_value_that_is_default_is_refused_as_a_null_one_is()
    {
        // An open enum's default has empty text: it went out as state= and an empty X-State header, a request without
        // the value the spec requires, where a required string that is null is refused.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /things:
                get:
                  operationId: getThings
                  parameters:
                    - {name: state, in: query, required: true, schema: {$ref: '#/components/schemas/State'}}
                    - {name: X-State, in: header, required: true, schema: {$ref: '#/components/schemas/State'}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                State: {type: string, enum: [done, open]}
            """;
        using var output = Healthy.Run(spec).Load("required-enums");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetThingsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        var state = output.Type("Test.Api.State");
        Task Call(object query, object header) => (Task)protocol.Invoke(client, new object?[] { query, header, null })!;

        var query = await Assert.ThrowsAsync<ArgumentException>(() => Call(Activator.CreateInstance(state)!, State(output.Assembly, "open")));
        var header = await Assert.ThrowsAsync<ArgumentException>(() => Call(State(output.Assembly, "done"), Activator.CreateInstance(state)!));
        Assert.Equal("state", query.ParamName);
        Assert.Equal("xState", header.ParamName);
        Assert.Null(handler.Request);

        await Call(State(output.Assembly, "done"), State(output.Assembly, "open"));
        Assert.Equal("/things?state=done", handler.Request!.RequestUri!.PathAndQuery);
        Assert.Equal("open", handler.Request.Headers.GetValues("X-State").Single());
    }

    [Fact]
    public async Task An_optional_enum_query_or_header_value_that_is_default_is_left_out_as_a_null_one_is()
    {
        // An open enum's default has empty text: it went out as state= and an empty X-State header, where a null value
        // is left out; in a list it went out as an empty value (states=, a,,b), where a null item is left out.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /things:
                get:
                  operationId: getThings
                  parameters:
                    - {name: state, in: query, schema: {$ref: '#/components/schemas/State'}}
                    - {name: states, in: query, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                    - {name: joined, in: query, explode: false, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                    - {name: X-State, in: header, schema: {$ref: '#/components/schemas/State'}}
                    - {name: X-States, in: header, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                State: {type: string, enum: [done, open]}
            """;
        using var output = Healthy.Run(spec).Load("optional-enums");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetThingsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        var state = output.Type("Test.Api.State");
        Array States(params object[] values)
        {
            var list = Array.CreateInstance(state, values.Length);
            Array.Copy(values, list, values.Length);
            return list;
        }

        Task Call(object? one, Array? many) => (Task)protocol.Invoke(client, new object?[] { one, many, many, one, many, null })!;
        var none = Activator.CreateInstance(state)!;

        await Call(none, States(none));
        Assert.Equal("/things", handler.Request!.RequestUri!.PathAndQuery);
        Assert.False(handler.Request.Headers.Contains("X-State"));
        Assert.False(handler.Request.Headers.Contains("X-States"));

        await Call(State(output.Assembly, "open"), States(none, State(output.Assembly, "done"), none, State(output.Assembly, "open")));
        Assert.Equal("/things?state=open&states=done&states=open&joined=done,open", handler.Request!.RequestUri!.PathAndQuery);
        Assert.Equal("open", handler.Request.Headers.GetValues("X-State").Single());
        Assert.Equal("done,open", handler.Request.Headers.GetValues("X-States").Single());

        // An empty header list is left out, as an empty query list is.
        await Call(null, States());
        Assert.Equal("/things", handler.Request!.RequestUri!.PathAndQuery);
        Assert.False(handler.Request.Headers.Contains("X-States"));
    }

    [Fact]
    public async Task An_empty_list_for_a_required_header_is_refused_as_one_for_a_required_query_parameter_is()
    {
        // A header list without a value is left out, as a query list is: a required one went out as an empty header.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /things:
                get:
                  operationId: getThings
                  parameters:
                    - {name: X-Ids, in: header, required: true, schema: {type: array, items: {type: string}}}
                  responses: {'204': {description: ok}}
            """;
        using var output = Healthy.Run(spec).Load("required-header-lists");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetThingsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        Task Call(string[] ids) => (Task)protocol.Invoke(client, new object?[] { ids, null })!;

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => Call([]));
        Assert.Equal("xIds", empty.ParamName);
        Assert.Null(handler.Request);

        await Call(["a", null!, "b"]);
        Assert.Equal("a,b", handler.Request!.Headers.GetValues("X-Ids").Single());
    }

    [Fact]
    public async Task A_required_list_of_only_null_or_default_items_is_refused_as_an_empty_one_is()
    {
        // Query and header lists leave out null items and an open enum's default: such a list sent no parameter, the
        // request an empty list makes, which is refused.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /things:
                get:
                  operationId: getThings
                  parameters:
                    - {name: tags, in: query, required: true, schema: {type: array, items: {type: string}}}
                    - {name: ids, in: query, required: true, explode: false, schema: {type: array, items: {type: string}}}
                    - {name: states, in: query, required: true, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                    - {name: X-Tags, in: header, required: true, schema: {type: array, items: {type: string}}}
                    - {name: X-States, in: header, required: true, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                State: {type: string, enum: [done, open]}
            """;
        using var output = Healthy.Run(spec).Load("required-lists-without-values");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetThingsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        var state = output.Type("Test.Api.State");
        Array States(params object[] values)
        {
            var list = Array.CreateInstance(state, values.Length);
            Array.Copy(values, list, values.Length);
            return list;
        }

        var none = Activator.CreateInstance(state)!;
        var done = State(output.Assembly, "done");
        Task Call(string?[] tags, string?[] ids, Array states, string?[] headerTags, Array headerStates) =>
            (Task)protocol.Invoke(client, new object?[] { tags, ids, states, headerTags, headerStates, null })!;

        var tags = await Assert.ThrowsAsync<ArgumentException>(() => Call([null, null], ["a"], States(done), ["a"], States(done)));
        var ids = await Assert.ThrowsAsync<ArgumentException>(() => Call(["a"], [null], States(done), ["a"], States(done)));
        var states = await Assert.ThrowsAsync<ArgumentException>(() => Call(["a"], ["a"], States(none, none), ["a"], States(done)));
        var headerTags = await Assert.ThrowsAsync<ArgumentException>(() => Call(["a"], ["a"], States(done), [null], States(done)));
        var headerStates = await Assert.ThrowsAsync<ArgumentException>(() => Call(["a"], ["a"], States(done), ["a"], States(none)));
        Assert.Equal(
            new[] { "tags", "ids", "states", "xTags", "xStates" },
            new[] { tags.ParamName, ids.ParamName, states.ParamName, headerTags.ParamName, headerStates.ParamName });
        Assert.Contains("tags must have a value", tags.Message, StringComparison.Ordinal);
        Assert.Null(handler.Request);

        // One value is enough: the others are left out as before.
        await Call([null, "a"], [null, "b"], States(none, done), [null, "c"], States(none, done));
        Assert.Equal("/things?tags=a&ids=b&states=done", handler.Request!.RequestUri!.PathAndQuery);
        Assert.Equal("c", handler.Request.Headers.GetValues("X-Tags").Single());
        Assert.Equal("done", handler.Request.Headers.GetValues("X-States").Single());
    }

    private static object State(Assembly api, string value) =>
        Activator.CreateInstance(api.GetType("Test.Api.State", throwOnError: true)!, value)!;

    /// <summary>Builds the spec's client, calls its protocol method with the arguments and returns the request it sent.</summary>
    private static async Task<HttpRequestMessage> SendAsync(Func<Assembly, object?[]> arguments)
    {
        using var output = Healthy.Run(Spec).Load("request-values");
        var handler = new CapturingHandler();
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetThingsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        var task = (Task)protocol.Invoke(client, arguments(output.Assembly).Append(null).ToArray())!;
        await task;
        return handler.Request!;
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
