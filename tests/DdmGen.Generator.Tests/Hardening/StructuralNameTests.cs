using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Names the spec chooses (of properties, components, headers, examples) that are also OpenAPI's keywords, such as
/// <c>content</c>, <c>links</c> or <c>headers</c>: the object they name is read as what it is, not as the map the
/// keyword would hold elsewhere.
/// </summary>
public sealed class StructuralNameTests
{
    [Fact]
    public void A_property_or_schema_named_as_an_object_map_is_a_schema()
    {
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /messages:
                get:
                  operationId: getMessage
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Message'}
            components:
              schemas:
                Message:
                  type: object
                  properties:
                    content: {type: string, minLength: 1, example: hello}
                    links: {type: string}
                    headers: {$ref: '#/components/schemas/headers'}
                headers:
                  type: object
                  properties:
                    id: {type: string}
            """;
        var result = Healthy.Run(spec);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("string? Content", result.Source("Test.Api.Message.g.cs"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_parameter_or_example_named_as_an_object_map_is_that_object()
    {
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /messages:
                get:
                  operationId: getMessage
                  parameters:
                    - $ref: '#/components/parameters/content'
                  responses:
                    '200':
                      description: ok
                      headers:
                        links: {description: Links to more, schema: {type: string}}
                      content:
                        application/json:
                          schema: {type: string}
                          examples:
                            headers: {summary: An example, value: hello}
            components:
              parameters:
                content: {name: q, in: query, description: Query text, schema: {type: string}}
            """;
        var result = Healthy.Run(spec);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("string? q = null", result.Source("Test.Api.TestClient.g.cs"), System.StringComparison.Ordinal);
    }
}
