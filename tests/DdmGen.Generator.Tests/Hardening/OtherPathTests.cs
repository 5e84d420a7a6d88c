using System;
using System.ClientModel.Primitives;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Model;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A path value that makes another operation's path (<c>GET /items/{id}</c> with id "export" is <c>POST
/// /items/export</c>) is refused with an <see cref="ArgumentException"/> naming the parameter, the value and the other
/// operation, before anything is sent: the service would answer that operation, or act on its resource, instead.
/// </summary>
public sealed class OtherPathTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /v3/{project_id}/items/{id}:
            parameters:
              - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
              - {name: id, in: path, required: true, schema: {type: string}}
            get:
              operationId: getItem
              responses: {'204': {description: ok}}
            delete:
              operationId: deleteItem
              responses: {'204': {description: ok}}
          /v3/{project_id}/items/export:
            post:
              operationId: exportItems
              parameters: [{name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}]
              responses: {'204': {description: ok}}
          /v3/regions/items/export:
            post:
              operationId: exportRegions
              responses: {'204': {description: ok}}
          /v3/{project_id}/pairs/{a}/{b}:
            get:
              operationId: getPair
              parameters:
                - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                - {name: a, in: path, required: true, schema: {type: string}}
                - {name: b, in: path, required: true, schema: {type: string}}
              responses: {'204': {description: ok}}
          /v3/{project_id}/pairs/first/last:
            get:
              operationId: getFirstLast
              parameters: [{name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}]
              responses: {'204': {description: ok}}
          /v3/{project_id}/kinds/{state}:
            get:
              operationId: getKind
              parameters:
                - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                - {name: state, in: path, required: true, schema: {$ref: '#/components/schemas/State'}}
              responses: {'204': {description: ok}}
          /v3/{project_id}/kinds/summary:
            get:
              operationId: getKindSummary
              parameters: [{name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}]
              responses: {'204': {description: ok}}
          /v3/{project_id}/things/{thing}:
            get:
              operationId: getThing
              parameters:
                - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                - {name: thing, in: path, required: true, schema: {type: string}}
              responses: {'204': {description: ok}}
          /v3/global/things/all:
            get:
              operationId: getAllThings
              responses: {'204': {description: ok}}
          /v3/{project_id}/counts/{n}:
            get:
              operationId: getCount
              parameters:
                - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                - {name: n, in: path, required: true, schema: {type: integer}}
              responses: {'204': {description: ok}}
          /v3/{project_id}/counts/all:
            get:
              operationId: getAllCounts
              parameters: [{name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}]
              responses: {'204': {description: ok}}
          /v3/{project_id}/tags/{names}/{states}:
            get:
              operationId: getTags
              parameters:
                - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                - {name: names, in: path, required: true, schema: {type: array, items: {type: string}}}
                - {name: states, in: path, required: true, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
              responses: {'204': {description: ok}}
          /v3/{project_id}/tags/popular/recent:
            get:
              operationId: getPopularTags
              parameters: [{name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}]
              responses: {'204': {description: ok}}
        components:
          schemas:
            State: {type: string, enum: [done, open]}
        """;

    [Theory]
    [InlineData("GetItemAsync", "export")]
    [InlineData("GetItemAsync", "EXPORT")]
    [InlineData("DeleteItemAsync", "Export")]
    public async Task An_id_that_is_another_operations_segment_is_refused(string method, string id)
    {
        // DELETE /v3/p/items/export was sent: the service took it for another operation's path.
        var (exception, request) = await CallAsync("p", method, id);

        Assert.Equal("id", exception!.ParamName);
        Assert.Contains("The path parameter id is '" + id + "'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("exportItems (POST /v3/{project_id}/items/export)", exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Theory]
    [InlineData("GetItemAsync", new[] { "exports" }, "/v3/p/items/exports")]
    [InlineData("GetItemAsync", new[] { "ex port" }, "/v3/p/items/ex%20port")]
    [InlineData("GetPairAsync", new[] { "first", "x" }, "/v3/p/pairs/first/x")]
    [InlineData("GetPairAsync", new[] { "y", "last" }, "/v3/p/pairs/y/last")]
    [InlineData("GetThingAsync", new[] { "all" }, "/v3/p/things/all")]
    public async Task Values_that_make_no_other_operations_path_are_sent(string method, string[] values, string path)
    {
        var (exception, request) = await CallAsync("p", method, values);

        Assert.Null(exception);
        Assert.Equal(path, request!.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData("first", "last")]
    [InlineData("FIRST", "Last")]
    public async Task Values_that_together_make_another_operations_path_are_refused(string a, string b)
    {
        // Each alone makes no other path, so neither is refused alone (above); together they make getFirstLast's.
        var (exception, request) = await CallAsync("p", "GetPairAsync", a, b);

        Assert.Equal("a", exception!.ParamName);
        Assert.Contains("a 'first', b 'last'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("getFirstLast", exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Fact]
    public async Task An_open_enum_value_that_is_another_operations_segment_is_refused()
    {
        using var output = Load();
        var state = Activator.CreateInstance(output.Type("Test.Api.State"), "Summary");

        var (exception, request) = await CallAsync(output, "p", "GetKindAsync", state);

        Assert.Equal("state", exception!.ParamName);
        Assert.Contains("getKindSummary", exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Theory]
    [InlineData(new[] { "popular" }, "recent", true)]
    [InlineData(new[] { "popular", "x" }, "recent", false)]
    [InlineData(new[] { "popular" }, "done", false)]
    public async Task Lists_whose_only_values_make_another_operations_path_are_refused(string[] names, string state, bool refused)
    {
        // A list of one value is that value's segment; two are joined by a comma, a segment of their own.
        using var output = Load();
        var states = Array.CreateInstance(output.Type("Test.Api.State"), 1);
        states.SetValue(Activator.CreateInstance(output.Type("Test.Api.State"), state), 0);

        var (exception, request) = await CallAsync(output, "p", "GetTagsAsync", names, states);

        Assert.Equal(refused, exception is not null);
        Assert.Equal(refused, request is null);
        Assert.Contains("getPopularTags", exception?.Message ?? "getPopularTags", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_and_an_argument_that_together_make_another_operations_path_are_refused_as_the_request_is_made()
    {
        var (exception, request) = await CallAsync("Global", "GetThingAsync", "all");

        Assert.Equal("thing", exception!.ParamName);
        Assert.Contains("project_id 'global', thing 'all'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("getAllThings (GET /v3/global/things/all)", exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Theory]
    [InlineData("regions")]
    [InlineData("REGIONS")]
    public void An_option_that_makes_another_operations_path_is_refused_when_the_client_is_created(string projectId)
    {
        using var output = Load();
        using var http = new HttpClient(new CapturingHandler());

        var invocation = Assert.Throws<TargetInvocationException>(() => Client(output, http, projectId));

        var exception = Assert.IsType<ArgumentException>(invocation.InnerException);
        Assert.Equal("options", exception.ParamName);
        Assert.Contains("TestClientOptions.ProjectId is 'regions'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("exportItems", exception.Message, StringComparison.Ordinal);
        Assert.Contains("exportRegions (POST /v3/regions/items/export)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_operations_with_an_overlap_check_for_one()
    {
        // A number is never compared with a literal segment; an operation without an overlap has no line for one.
        var requests = Healthy.Run(Spec).Source("Test.Api.TestClient+Requests.g.cs");
        var count = requests.Substring(requests.IndexOf("CreateGetCountMessage", StringComparison.Ordinal));
        count = count.Substring(0, count.IndexOf("return ", StringComparison.Ordinal));

        Assert.DoesNotContain("OtherPath", count, StringComparison.Ordinal);
        Assert.DoesNotContain(".Names(", count, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_without_overlaps_has_no_check_for_them()
    {
        var result = Healthy.Run("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /items/{id}:
                get:
                  operationId: getItem
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: ok}}
              /things/export:
                post:
                  operationId: exportThings
                  responses: {'204': {description: ok}}
            """);

        Assert.All(result.Sources, source => Assert.DoesNotContain("OtherPath", source.SourceText.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GetSummaryAsync", "latest")]
    [InlineData("GetSummaryAsync", "LATEST")]
    [InlineData("GetFileAsync", "latest")]
    public async Task A_value_whose_path_another_template_could_make_only_with_text_around_a_parameter_is_sent(string method, string id)
    {
        // /reports/latest/summary is no path of /reports/latest/{date}.csv (its segment ends in .csv), nor
        // /reports/latest/{name}.json of /reports/latest/{date}.csv: the reports' own operations answer them.
        using var output = Healthy.Run("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /v3/{project_id}/reports/{id}/summary:
                get:
                  operationId: getSummary
                  parameters:
                    - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
              /v3/{project_id}/reports/{id}/{name}.json:
                get:
                  operationId: getFile
                  parameters:
                    - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: name, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
              /v3/{project_id}/reports/latest/{date}.csv:
                get:
                  operationId: getLatestCsv
                  parameters:
                    - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: date, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
            """).Load("other paths around a parameter");
        var arguments = method == "GetFileAsync" ? new object?[] { id, "a" } : new object?[] { id };

        var (exception, request) = await CallAsync(output, "p", method, arguments);

        Assert.Null(exception);
        Assert.NotNull(request);
    }

    [Fact]
    public async Task A_value_whose_path_another_template_makes_with_text_around_a_parameter_is_refused()
    {
        using var output = Healthy.Run("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /v3/{project_id}/reports/{id}/summary.csv:
                get:
                  operationId: getSummary
                  parameters:
                    - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
              /v3/{project_id}/reports/latest/{date}.CSV:
                get:
                  operationId: getLatestCsv
                  parameters:
                    - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: date, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
            """).Load("other paths around a parameter, reached");

        var (exception, request) = await CallAsync(output, "p", "GetSummaryAsync", "latest");

        Assert.Equal("id", exception!.ParamName);
        Assert.Contains("getLatestCsv", exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Fact]
    public void An_operation_whose_values_make_as_many_other_paths_as_the_bound_allows_checks_each()
    {
        var requests = Healthy.Run(ManyOtherPaths(PathOverlaps.MaxPerOperation)).Source("Test.Api.TestClient+Requests.g.cs");

        Assert.Equal(PathOverlaps.MaxPerOperation, Occurrences(requests, "ThrowIfOtherPath("));
    }

    [Fact]
    public void An_operation_whose_values_make_more_other_paths_than_the_bound_checks_none_and_says_so_at_the_operation()
    {
        // Each operation had a check for every other path its values make: two families of templates that each make
        // every path of the other gave code growing with the square of the operations (400 operations of a 60 KB spec
        // made 230 MB of source).
        var spec = ManyOtherPaths(PathOverlaps.MaxPerOperation + 1);

        var result = Healthy.Run(spec);

        Assert.Equal(0, Occurrences(result.Source("Test.Api.TestClient+Requests.g.cs"), "ThrowIfOtherPath("));
        var diagnostic = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Equal(Healthy.LineOf(spec, "get:"), diagnostic.Line());
        Assert.Contains("make the paths of 65 other operations, more than the 64", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlaps_that_take_an_option_and_an_argument_are_each_checked_however_many_there_are()
    {
        // Each such overlap asked every operation whether the options refuse it: 400 operations with 64 of these each
        // took the generator minutes (the square of the overlaps). The hang guard is generous; the run takes seconds.
        var spec = new System.Text.StringBuilder("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:

            """);
        const string Option = "{name: pid, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}";
        const int Operations = 400;
        for (var index = 0; index < Operations; index++)
        {
            spec.Append("  /{pid}/{b}/s").Append(index).Append(":\n    get: {operationId: x").Append(index)
                .Append(", parameters: [").Append(Option).Append(", {name: b, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}\n");
        }

        for (var index = 0; index < PathOverlaps.MaxPerOperation; index++)
        {
            spec.Append("  /l").Append(index).Append("/t").Append(index)
                .Append("/{c}:\n    get: {operationId: y").Append(index).Append(", parameters: [{name: c, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}\n");
        }

        var result = await Task.Run(() => Healthy.Run(spec.ToString())).WaitAsync(TimeSpan.FromMinutes(3));

        // x0 with pid "l3" and b "t3" makes the path of y3: every x has a check for each y (the y's make too many paths).
        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Equal(Operations * PathOverlaps.MaxPerOperation, Occurrences(requests, "(in any case) make the path of y"));
    }

    [Fact]
    public void Templates_whose_literal_segments_differ_only_in_case_are_compared_and_the_checks_keep_the_specs_order()
    {
        // Only the templates that can match an operation's literal segments are compared with it, ignoring case as the comparison does.
        var requests = Healthy.Run("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /Items/{id}/{part}:
                get:
                  operationId: getPart
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: part, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
              /items/b/{x}:
                get: {operationId: second, parameters: [{name: x, in: path, required: true, schema: {type: integer}}], responses: {'204': {description: ok}}}
              /ITEMS/a/last:
                get: {operationId: first, responses: {'204': {description: ok}}}
              /things/a/last:
                get: {operationId: other, responses: {'204': {description: ok}}}
            """).Source("Test.Api.TestClient+Requests.g.cs");

        var part = requests.Substring(requests.IndexOf("CreateGetPartMessage", StringComparison.Ordinal));
        part = part.Substring(0, part.IndexOf("return ", StringComparison.Ordinal));
        Assert.True(part.IndexOf("second (GET /items/b/{x})", StringComparison.Ordinal) is > 0 and var second
            && part.IndexOf("first (GET /ITEMS/a/last)", StringComparison.Ordinal) > second, part);
        Assert.DoesNotContain("other (", part, StringComparison.Ordinal);
    }

    /// <summary>GET /items/{id} and <paramref name="others"/> operations POST /items/e0, /items/e1, ...: each a value of id makes.</summary>
    private static string ManyOtherPaths(int others)
    {
        var spec = new System.Text.StringBuilder("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /items/{id}:
                get:
                  operationId: getItem
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: ok}}

            """);
        for (var index = 0; index < others; index++)
        {
            spec.Append("  /items/e").Append(index).Append(":\n    post: {operationId: e").Append(index).Append(", responses: {'204': {description: ok}}}\n");
        }

        return spec.ToString();
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static LoadedOutput Load() => Healthy.Run(Spec).Load("other paths");

    private static async Task<(ArgumentException? Exception, HttpRequestMessage? Request)> CallAsync(string projectId, string method, params object?[] arguments)
    {
        using var output = Load();
        return await CallAsync(output, projectId, method, arguments);
    }

    /// <summary>Calls a protocol method of a client whose ProjectId is <paramref name="projectId"/>: the exception it threw (null when none) and the request it sent.</summary>
    private static async Task<(ArgumentException? Exception, HttpRequestMessage? Request)> CallAsync(LoadedOutput output, string projectId, string method, params object?[] arguments)
    {
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Client(output, http, projectId);
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

    private static object Client(LoadedOutput output, HttpClient http, string projectId)
    {
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        options.GetType().GetProperty("ProjectId")!.SetValue(options, projectId);
        return Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
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
