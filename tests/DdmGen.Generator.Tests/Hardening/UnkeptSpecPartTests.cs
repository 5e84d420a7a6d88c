using System;
using System.Globalization;
using System.Linq;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// What an OpenAPI 3.1 or 3.2 document says that the generated code does not keep is said where the document says
/// it, in words that name what it is, rather than left out without a word or reported as something else.
/// </summary>
public sealed class UnkeptSpecPartTests
{
    [Fact]
    public void Webhooks_are_reported_where_they_are_written_and_a_spec_of_webhooks_only_says_it_has_no_client()
    {
        // A spec with webhooks and no paths gave the models of its components and no client, without a word.
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            webhooks:
              newThing:
                post:
                  operationId: newThing
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: "#/components/schemas/Thing"}
                  responses:
                    "200": {description: ok}
            components:
              schemas:
                Thing: {type: object, properties: {name: {type: string}}}
            """;

        var result = Healthy.Run(Spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG108", diagnostic.Id);
        Assert.Equal(Healthy.LineOf(Spec, "webhooks:"), diagnostic.Line());
        Assert.Equal(
            "At #/webhooks, the webhooks are not generated: they are requests the API sends to its callers, and the client only sends requests to the API; the document has no paths, so no client is generated, only the models of its components. Change the spec if callers need it.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.Thing.g.cs");
        Assert.Empty(result.CompilationProblems);

        var withPaths = Healthy.Run(Spec.Replace("webhooks:", "paths:\n  /things:\n    get:\n      operationId: getThings\n      responses:\n        \"204\": {description: ok}\nwebhooks:", StringComparison.Ordinal));
        Assert.Equal(
            "At #/webhooks, the webhooks are not generated: they are requests the API sends to its callers, and the client only sends requests to the API. Change the spec if callers need it.",
            Assert.Single(withPaths.Diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_empty_webhooks_map_is_no_finding()
    {
        var result = Healthy.Run("""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            webhooks: {}
            """);

        Assert.Empty(result.Diagnostics);
    }
}
