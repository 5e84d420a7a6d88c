using System;
using System.Linq;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>A reference that does not resolve is quoted as the spec writes it, whatever kind of component it names.</summary>
public sealed class ReferenceTextTests
{
    private const string Components = """
        components:
          schemas:
            S: {type: object, properties: {a: {type: string}}}
          parameters:
            P: {name: q, in: query, schema: {type: string}}
          responses:
            R: {description: ok}
        """;

    [Theory]
    [InlineData("parameters: [{$ref: \"#/components/schemas/S\"}]\n      responses: {\"200\": {description: ok}}", "#/components/schemas/S")]
    [InlineData("requestBody: {$ref: \"#/components/responses/R\"}\n      responses: {\"200\": {description: ok}}", "#/components/responses/R")]
    [InlineData("responses: {\"200\": {$ref: \"#/components/parameters/P\"}}", "#/components/parameters/P")]
    [InlineData("responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/parameters/P\"}}}}}", "#/components/parameters/P")]
    public void A_reference_to_another_kind_of_component_is_quoted_as_written(string use, string written)
    {
        // The OpenAPI reader names such a reference by the kind it expects ("#/components/parameters/S"), which the
        // message quoted: a reference the spec does not hold, at the line of one it does.
        var spec = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    post:\n      operationId: a\n      " + use + "\n" + Components;

        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Contains("The reference '" + written + "' at", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Healthy.LineOf(spec, written), diagnostic.Line());
    }

    [Theory]
    [InlineData("3.0.3", "#/components/schemas/S")]
    [InlineData("3.1.0", "#/components/pathItems/Missing")]
    public void A_path_item_reference_that_does_not_resolve_is_reported_where_it_stands(string version, string written)
    {
        // The path's operations were left out without a word.
        var spec = "openapi: " + version + "\ninfo: {title: T, version: \"1\"}\npaths:\n  /a: {$ref: \"" + written + "\"}\n  /b:\n    get: {operationId: b, responses: {\"200\": {description: ok}}}\n" + Components;

        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Contains("The reference '" + written + "' at #/paths/~1a does not resolve", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("the operations of the path are not generated", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Healthy.LineOf(spec, written), diagnostic.Line());
    }

    [Theory]
    [InlineData("responses: {\"200\": {description: ok, headers: {X-Next: {$ref: \"#/components/parameters/P\"}}}}", "", "#/components/parameters/P")]
    [InlineData("security: [{S: []}]\n      responses: {\"200\": {description: ok}}", "  securitySchemes:\n    S: {$ref: \"#/components/schemas/S\"}\n", "#/components/schemas/S")]
    [InlineData("parameters: [{$ref: \"#/components/parameters/Missing\"}]\n      responses: {\"200\": {description: ok}}", "", "#/components/parameters/Missing")]
    [InlineData("requestBody: {$ref: \"#/components/requestBodies/Missing\"}\n      responses: {\"200\": {description: ok}}", "", "#/components/requestBodies/Missing")]
    [InlineData("responses: {\"200\": {$ref: \"#/components/responses/Missing\"}}", "", "#/components/responses/Missing")]
    [InlineData("responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Missing\"}}}}}", "", "#/components/schemas/Missing")]
    [InlineData("responses: {\"200\": {description: ok, headers: {X-Next: {$ref: \"#/components/headers/Missing\"}}}}", "", "#/components/headers/Missing")]
    [InlineData("security: [{S: []}]\n      responses: {\"200\": {description: ok}}", "  securitySchemes:\n    S: {$ref: \"#/components/securitySchemes/Missing\"}\n", "#/components/securitySchemes/Missing")]
    public void A_reference_to_another_kind_of_component_or_to_one_that_is_not_there_is_reported_where_it_stands(string use, string more, string written)
    {
        // Regression: a header or security scheme gave no diagnostic for either (a header took a parameter's shape and a
        // scheme a schema's), and the other references are held to the same.
        var spec = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    post:\n      operationId: a\n      " + use + "\n" + Components + "\n" + more;

        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Contains("The reference '" + written + "' at", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Healthy.LineOf(spec, written), diagnostic.Line());
    }
}
