using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// OpenAPI 3.1's boolean schemas: <c>true</c> is read as <c>{}</c> (any JSON value) and <c>false</c> as <c>{not: {}}</c>,
/// wherever a schema stands. Microsoft.OpenApi's reader failed on them with a NullReferenceException, a DDMG901 on line 1.
/// </summary>
public sealed class BooleanSchemaTests
{
    private const string Header = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:

        """;

    [Fact]
    public void A_true_property_is_any_json_value_without_a_word()
    {
        var result = Healthy.Run(Header + """
                A:
                  type: object
                  properties:
                    b: true
                    e: {type: string}
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("public global::System.Text.Json.JsonElement? B { get; init; }", result.Source("Test.Api.A.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.1.0", "DDMG102")]
    [InlineData("3.0.3", "DDMG005")]
    public void A_false_property_is_reported_where_it_stands(string version, string id)
    {
        // OpenAPI 3.1: any JSON value, with the warning an unsupported schema gets. 3.0 has no boolean schemas: a
        // value of the wrong type, left out.
        var spec = Header.Replace("3.1.0", version, StringComparison.Ordinal) + """
                A:
                  type: object
                  properties:
                    e: {type: string}
                    d: false
            """;

        var result = Healthy.Run(spec);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(id, warning.Id);
        Assert.Equal(Healthy.LineOf(spec, "d: false"), warning.Line());
        Assert.Empty(result.CompilationProblems);
        var member = result.Source("Test.Api.A.g.cs").Contains("public global::System.Text.Json.JsonElement? D { get; init; }", StringComparison.Ordinal);
        Assert.Equal(id == "DDMG102", member);
        if (member)
        {
            Assert.Contains("#/components/schemas/A/properties/d uses false", warning.GetMessage(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("dependentSchemas: {c: true}")]
    [InlineData("dependentSchemas: {c: false}")]
    [InlineData("patternProperties: {'^x': true}")]
    public void A_boolean_in_a_map_of_schemas_the_generator_does_not_use_changes_nothing(string member)
    {
        var result = Healthy.Run(Header + $$"""
                A:
                  type: object
                  properties:
                    e: {type: string}
                  {{member}}
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("public string? E { get; init; }", result.Source("Test.Api.A.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", null)]
    [InlineData("false", "DDMG102")]
    public void A_boolean_component_is_an_alias_of_any_json_value(string value, string? expected)
    {
        var spec = Header + "    A: " + value + "\n"
            + "    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}, list: {type: array, items: " + value + "}}}\n";

        var result = Healthy.Run(spec);

        Assert.Equal(expected is null ? Array.Empty<string>() : new[] { expected, expected }, result.Diagnostics.Select(diagnostic => diagnostic.Id));
        Assert.All(result.Diagnostics, diagnostic => Assert.Equal(diagnostic.GetMessage().Contains("/components/schemas/A ", StringComparison.Ordinal) ? Healthy.LineOf(spec, "A: ") : Healthy.LineOf(spec, "B: "), diagnostic.Line()));
        Assert.Empty(result.CompilationProblems);
        var source = result.Source("Test.Api.B.g.cs");
        Assert.Contains("public global::System.Text.Json.JsonElement? A { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("IReadOnlyList<global::System.Text.Json.JsonElement>? List { get; init; }", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_boolean_parameter_and_body_schema_is_any_json_value()
    {
        var result = Healthy.Run("""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            servers: [{url: "https://example.com"}]
            paths:
              /a:
                post:
                  operationId: send
                  requestBody: {required: true, content: {application/json: {schema: true}}}
                  responses: {'200': {description: ok, content: {application/json: {schema: true}}}}
            """);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("SendAsync(global::System.Text.Json.JsonElement body", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }
}
