namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A discriminator is not honoured (the value is JsonElement, DDMG102), so what it names is no reason to stop: one
/// whose property a schema does not require, which Microsoft.OpenApi's validation refuses, costs that value only.
/// </summary>
public sealed class DiscriminatorTests
{
    [Fact]
    public void A_discriminator_whose_property_is_not_required_makes_that_value_JsonElement_and_the_rest_is_generated()
    {
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /outputs:
                get:
                  operationId: getOutputs
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: object
                            properties: {type: {type: string}}
                            discriminator: {propertyName: type}
            """;
        var result = Healthy.Run(spec);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG002");
        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        Assert.Equal(Healthy.LineOf(spec, "schema:"), warning.Line());
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("ClientResult<global::System.Text.Json.JsonElement>> GetOutputsAsync(", result.Source("Test.Api.TestClient.g.cs"), System.StringComparison.Ordinal);
    }
}
