using System;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// The client's nested <c>Requests</c> and <c>Pagers</c> types, their files and the parameter that hands them the
/// client meet no name that a spec or a project option can give.
/// </summary>
public sealed class NestedClientTypeTests
{
    /// <summary>A listing with a query parameter named <c>client</c>, and an operation that sends a model.</summary>
    private static readonly string Spec = ClientWarningTests.Listing(queryName: "client");

    [Theory]
    [InlineData("Requests")]
    [InlineData("Pagers")]
    public void A_client_named_like_a_nested_type_compiles_without_warnings(string clientName)
    {
        var result = Healthy.Check(GeneratorHarness.Run(new SpecFile("/specs/test.yaml", Spec, "Test.Api", clientName)), Spec);

        Assert.Empty(result.CompilationProblems);
        Assert.Contains(result.Sources, source => source.HintName.StartsWith($"Test.Api.{clientName}+", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Requests.Api")]
    [InlineData("Pagers.Api")]
    public void A_namespace_that_starts_with_a_nested_type_name_compiles_without_warnings(string ns)
    {
        // The docs' crefs name types from the global namespace, so the nested type does not hide the first segment;
        // the doc comments are checked as GenerateDocumentationFile checks them.
        var compilation = InheritedDocsTests.Documented(new SpecFile("/specs/test.yaml", Spec, ns, "TestClient"));

        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
    }

    [Fact]
    public void A_parameter_named_client_keeps_its_name()
    {
        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.Contains("ListItemsAsync(string? client = null, int? offset = null", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Contains("PageToken.Write(writer, \"client\", client,", result.Source("Test.Api.TestClient+Pagers.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_of_another_spec_cannot_take_the_file_name_of_a_nested_type()
    {
        // Hint names are compared ignoring case: without the nested type's own separator, "Api.Shop.Requests.g.cs"
        // would be both the second spec's model and the first spec's request builder, and the compiler would drop
        // the generator's output.
        const string models = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Requests:
                  type: object
                  properties: {a: {type: string}}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/shop.yaml", Spec, "Api", "Shop"), new SpecFile("/specs/models.yaml", models, "api.shop", "ModelsClient"));

        Healthy.Check(result, Spec, models);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains(result.Sources, source => source.HintName == "Api.Shop+Requests.g.cs");
        Assert.Contains(result.Sources, source => source.HintName == "api.shop.Requests.g.cs");
    }
}
