using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// What a valid spec says reaches the generated code as it says it: nothing silently changed, nothing that valid JSON
/// or a valid call then trips over. Each case was found by a review that wrote unusual but valid specs.
/// </summary>
public sealed class SpecSemanticsTests
{
    private const string Header = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        """;

    [Theory]
    [InlineData("enum: [x, null]")]
    [InlineData("enum: [x, ~]")]
    public void A_null_in_an_enum_is_no_member(string values)
    {
        // The OpenAPI reader keeps a null entry as a string with a private marker, which became a member named after it.
        var result = Healthy.Run(Header + $$"""

            paths: {}
            components:
              schemas:
                E: {type: string, nullable: true, {{values}}}
            """);

        var source = result.Source("Test.Api.E.g.cs");
        Assert.Contains("public static E X { get; }", source, StringComparison.Ordinal);
        Assert.Single(source.Split('\n'), line => line.Contains("public static E ", StringComparison.Ordinal));
        Assert.DoesNotContain("sentinel", source, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG301");
    }

    [Fact]
    public void A_listing_whose_offset_starts_at_one_starts_there()
    {
        // The pager started at offset 0 whatever the spec said, so with minimum: 1 every listing failed its own check.
        var spec = Header + """

            paths:
              /a:
                get:
                  operationId: list
                  x-speakeasy-pagination:
                    type: offsetLimit
                    inputs:
                      - {name: offset, in: parameters, type: offset}
                      - {name: limit, in: parameters, type: limit}
                    outputs: {results: $.items}
                  parameters:
                    - {name: offset, in: query, schema: {type: integer, minimum: 1}}
                    - {name: limit, in: query, schema: {type: integer, maximum: 2}}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}
            components:
              schemas:
                Page: {type: object, properties: {items: {type: array, items: {type: string}}}}
            """;

        var (items, targets) = Call(spec, "ListAutoPaging", """{"items":["a","b"]}""", """{"items":[]}""");

        Assert.Equal(new object[] { "a", "b" }, items);
        Assert.Equal(new[] { "/a?offset=1&limit=2", "/a?offset=3&limit=2" }, targets);
    }

    [Fact]
    public void A_required_write_only_property_is_not_demanded_of_an_answer()
    {
        // Both were "required": an answer, which leaves the password out as the spec says, could not be read.
        var result = Healthy.Run(Header + """

            paths: {}
            components:
              schemas:
                User:
                  type: object
                  required: [id, password]
                  properties:
                    id: {type: string, readOnly: true}
                    password: {type: string, writeOnly: true, description: The password.}
            """);
        using var output = result.Load("write only");

        var user = System.Text.Json.JsonSerializer.Deserialize("""{"id":"1"}""", output.Type("Test.Api.User"))!;

        Assert.Equal("1", user.GetType().GetProperty("Id")!.GetValue(user));
        Assert.Null(user.GetType().GetProperty("Password")!.GetValue(user));
        Assert.Contains("/// The password. Requests must carry it", result.Source("Test.Api.User.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Calls the client method <paramref name="method"/> (all defaults) of the spec's generated client, answering each
    /// request with the next of <paramref name="answers"/> (HTTP 200, JSON); returns the items it gives and the targets asked for.
    /// </summary>
    private static (List<object?> Items, List<string> Targets) Call(string spec, string method, params string[] answers)
    {
        using var output = Healthy.Run(spec).Load(method);
        var handler = new Answers(answers);
        using var http = new HttpClient(handler);
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var target = client.GetType().GetMethods().Single(candidate => candidate.Name == method && candidate.GetParameters().All(parameter => parameter.HasDefaultValue));
        var result = target.Invoke(client, target.GetParameters().Select(parameter => parameter.DefaultValue).ToArray());
        var items = result is IEnumerable sequence ? sequence.Cast<object?>().ToList() : new List<object?> { result };
        return (items, handler.Targets);
    }

    private sealed class Answers(string[] bodies) : HttpMessageHandler
    {
        public List<string> Targets { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Targets.Add(request.RequestUri!.PathAndQuery);
            Assert.True(Targets.Count <= bodies.Length, "more requests than answers: " + string.Join(", ", Targets));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(bodies[Targets.Count - 1], Encoding.UTF8, "application/json"),
            };
        }
    }
}
