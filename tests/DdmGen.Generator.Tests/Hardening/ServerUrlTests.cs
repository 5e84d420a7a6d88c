using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Where requests go for the <c>servers</c> a spec lists: an absolute first server is the default endpoint, base path
/// and all; a relative one (OpenAPI: relative to where the document is served) is a path every request puts after the
/// endpoint that is set.
/// </summary>
public sealed class ServerUrlTests
{
    /// <summary>A spec whose first server is <paramref name="servers"/>, with one operation at <c>/{project_id}/jobs</c>.</summary>
    private static string Spec(string servers) => $$$"""
        openapi: 3.0.3
        info: {title: T, version: "1"}
        {{{servers}}}
        paths:
          /{project_id}/jobs:
            get:
              operationId: listJobs
              parameters:
                - {name: project_id, in: path, required: true, schema: {type: string}}
              responses: {'204': {description: ok}}
        """;

    [Theory]
    [InlineData("servers: [{url: /v3}]", "http://127.0.0.1:1/ddm/")]
    [InlineData("servers: [{url: /v3/}]", "http://127.0.0.1:1/ddm")]
    [InlineData("servers: [{url: v3}]", "http://127.0.0.1:1/ddm/")]
    [InlineData("servers: [{url: ./v3}]", "http://127.0.0.1:1/ddm/")]
    [InlineData("servers: [{url: '/{version}', variables: {version: {default: v3}}}]", "http://127.0.0.1:1/ddm/")]
    public async Task A_relative_server_url_is_a_path_every_request_puts_after_the_endpoint(string servers, string endpoint)
    {
        // It was dropped without a word: requests went to {Endpoint}/{project_id}/jobs without /v3.
        var spec = Spec(servers);
        var result = Healthy.Run(spec);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("/ddm/v3/p1/jobs", await PathSentAsync(spec, endpoint));
        Assert.DoesNotContain("DefaultEndpoint", result.Source("Test.Api.TestClientOptions.g.cs"), StringComparison.Ordinal);
        Assert.Contains("<c>/v3</c>", result.Source("Test.Api.TestClientOptions.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_server_url_is_the_default_endpoint_with_its_base_path()
    {
        // What a relative url does is consistent with this: the operation's path goes after the server's.
        var spec = Spec("servers: [{url: 'http://127.0.0.1:1/ddm/v3'}]");

        Assert.Equal("/ddm/v3/p1/jobs", await PathSentAsync(spec, endpoint: null));
    }

    [Theory]
    [InlineData("//other.example.com/v3")]
    [InlineData("../v3")]
    [InlineData("/v3?region=eu")]
    [InlineData("/{version}")]
    public async Task A_relative_server_url_that_is_no_plain_path_is_reported_and_left_out(string url)
    {
        var spec = Spec($"servers: [{{url: '{url}'}}]");
        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("DDMG108", Healthy.LineOf(spec, "servers:")), (diagnostic.Id, diagnostic.Line()));
        Assert.Contains($"#/servers/0/url, the relative url '{url}'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("/ddm/p1/jobs", await PathSentAsync(spec, "http://127.0.0.1:1/ddm/"));
    }

    [Theory]
    [InlineData("'https://{region}.example.com/api'", "", "{region}")]
    [InlineData("'https://ddm.example.com/{version}'", "", "{version}")]
    [InlineData("'https://{region}.example.com/{version}'", ", variables: {region: {default: eu-de}}", "{version}")]
    [InlineData("'ftp://files.example.com/v3'", "", "not an http or https url")]
    [InlineData("'https://ddm.example.com/v3?tenant=a'", "", "has a query or fragment")]
    [InlineData("'https://ddm.example.com/v3#top'", "", "has a query or fragment")]
    [InlineData("'https://admin:s3cretpw@ddm.example.com/v3'", "", "holds a user name or password")]
    public async Task An_absolute_server_url_that_is_no_endpoint_is_reported_and_the_endpoint_must_be_set(string url, string variables, string named)
    {
        // Regression: the url was dropped without a word (or kept with its braces), and the client then failed at run
        // time with "Endpoint is not set".
        var spec = Spec($"servers:\n  - {{url: {url}{variables}}}");
        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("DDMG108", Healthy.LineOf(spec, "- {url:")), (diagnostic.Id, diagnostic.Line()));
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("At #/servers/0/url, ", message, StringComparison.Ordinal);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains("Endpoint must be set", message, StringComparison.Ordinal);
        // Regression: a query, a fragment or a user name and password became the default endpoint, which the options
        // then refused, so no client could be made without setting Endpoint; and the password went into the code.
        Assert.DoesNotContain("s3cretpw", message + string.Concat(result.Sources.Select(source => source.SourceText.ToString())), StringComparison.Ordinal);
        Assert.DoesNotContain("DefaultEndpoint", result.Source("Test.Api.TestClientOptions.g.cs"), StringComparison.Ordinal);
        Assert.Equal("/ddm/p1/jobs", await PathSentAsync(spec, "http://127.0.0.1:1/ddm/"));
    }

    [Theory]
    [InlineData("\"{scheme}://host/v3\", variables: {scheme: {default: \"x\\rpublic static int Injected => 1; //\"}}")]
    [InlineData("\"/v3\\r\\n/x\"")]
    [InlineData("\"/my api\"")]
    public async Task A_relative_server_url_with_white_space_or_a_line_break_is_reported_and_left_out(string url)
    {
        // Found by the fuzz campaign (seed 20261196, case 414): a server variable whose default held a carriage return
        // made a relative path with a line break, which the options' docs wrote as it was; the generator stopped with
        // DDMG901 instead of reporting the url.
        var spec = Spec($"servers: [{{url: {url}}}]");
        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG108", diagnostic.Id);
        Assert.Contains("#/servers/0/url, the relative url", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
        Assert.Equal("/ddm/p1/jobs", await PathSentAsync(spec, "http://127.0.0.1:1/ddm/"));
    }

    [Fact]
    public async Task Servers_of_a_path_or_an_operation_are_reported_where_they_are_listed()
    {
        // They were ignored without a word: the requests went to the client's endpoint all the same, as they still do.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: 'http://127.0.0.1:1/ddm'}]
            paths:
              /{project_id}/jobs:
                servers:
                  - url: https://jobs.example.com
                get:
                  operationId: listJobs
                  parameters:
                    - {name: project_id, in: path, required: true, schema: {type: string}}
                  servers: [{url: 'https://list.example.com'}]
                  responses: {'204': {description: ok}}
                delete:
                  operationId: deleteJobs
                  parameters:
                    - {name: project_id, in: path, required: true, schema: {type: string}}
                  servers: [{url: 'http://127.0.0.1:1/ddm'}]
                  responses: {'204': {description: ok}}
              /versions:
                servers: [{url: 'http://127.0.0.1:1/ddm'}]
                get:
                  operationId: listVersions
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        // Once for the path, whatever its operations; none where the client's own server is listed.
        Assert.Equal(
            new[] { ("DDMG108", Healthy.LineOf(spec, "servers:\n")), ("DDMG108", Healthy.LineOf(spec, "servers: [{url: 'https://list")) },
            result.Diagnostics.Select(diagnostic => (diagnostic.Id, diagnostic.Line())).OrderBy(item => item.Item2));
        var messages = result.Diagnostics.Select(diagnostic => diagnostic.GetMessage(CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(messages, message => message.StartsWith("At #/paths/~1{project_id}~1jobs/servers, ", StringComparison.Ordinal) && message.Contains("this path's operations", StringComparison.Ordinal));
        Assert.Contains(messages, message => message.StartsWith("At #/paths/~1{project_id}~1jobs/get/servers, ", StringComparison.Ordinal) && message.Contains("this operation", StringComparison.Ordinal));
        Assert.Equal("/ddm/p1/jobs", await PathSentAsync(spec, endpoint: null));
    }

    /// <summary>Builds the spec's client (with <paramref name="endpoint"/> unless null), calls <c>ListJobsAsync("p1")</c> and returns the path it sent to.</summary>
    internal static async Task<string> PathSentAsync(string spec, string? endpoint)
    {
        using var output = Healthy.Run(spec).Load("servers");
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        if (endpoint is not null)
        {
            options.GetType().GetProperty("Endpoint")!.SetValue(options, new Uri(endpoint));
        }

        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "ListJobsAsync" && method.GetParameters().Select(parameter => parameter.ParameterType).SequenceEqual(new[] { typeof(string), typeof(RequestOptions) }));
        await (Task)protocol.Invoke(client, new object?[] { "p1", null })!;
        return handler.Paths.Single();
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.PathAndQuery);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request });
        }
    }
}
