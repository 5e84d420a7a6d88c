using System;
using System.IO;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>A spec whose namespace a referenced assembly already holds DdmGen's code in: one warning, not a wall of CS0436.</summary>
public sealed class ReferencedNamespaceTests
{
    private const string Yaml = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /things:
            get:
              operationId: listThings
              responses:
                "200":
                  description: OK.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Thing"}
        components:
          schemas:
            Thing: {type: object, properties: {a: {type: string}}}
        """;

    [Fact]
    public void A_namespace_a_referenced_assembly_generated_into_is_a_warning_and_nothing_is_generated_again()
    {
        // A library generates its client; an application that references it lists the same spec with the same
        // namespace. Every generated type then came twice, and the application got hundreds of CS0436 warnings
        // (errors with TreatWarningsAsErrors) in generated code and its own.
        var library = Library("Shared.Api");

        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/app.yaml", Yaml, "Shared.Api") }, LanguageVersion.Latest, new[] { library });

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG304");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("/specs/app.yaml", warning.Location.GetLineSpan().Path);
        Assert.Contains("'Shared.Api'", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'Library'", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
        Assert.Empty(result.CompilationProblems);
        // The project goes on with the library's client.
        Assert.NotNull(result.Output.GetTypeByMetadataName("Shared.Api.TestClient"));
    }

    [Fact]
    public void A_namespace_of_its_own_beside_a_referenced_client_generates_and_compiles_cleanly()
    {
        var library = Library("Shared.Api");

        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/app.yaml", Yaml, "App.Api"), new SpecFile("/specs/other.yaml", Yaml, "Shared") }, LanguageVersion.Latest, new[] { library });

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG304");
        Assert.Contains(result.Sources, source => source.HintName == "App.Api.TestClient.g.cs");
        Assert.Contains(result.Sources, source => source.HintName == "Shared.TestClient.g.cs");
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_referenced_namespace_without_generated_code_is_no_conflict()
    {
        // A hand-written library that happens to use the namespace: the compiler reports any real clash itself.
        var library = CSharpCompilation.Create(
                "Handwritten",
                new[] { CSharpSyntaxTree.ParseText("namespace Shared.Api { /// <summary>Mine.</summary>\npublic static class Helpers { } }", GeneratorHarness.ParseOptions()) },
                GeneratorHarness.Compilation().References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference();

        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/app.yaml", Yaml, "Shared.Api") }, LanguageVersion.Latest, new[] { library });

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG304");
        Assert.Contains(result.Sources, source => source.HintName == "Shared.Api.TestClient.g.cs");
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>An assembly named Library holding the client generated from the spec into <paramref name="ns"/>.</summary>
    private static PortableExecutableReference Library(string ns)
    {
        var result = GeneratorHarness.Run(new SpecFile("/specs/library.yaml", Yaml, ns));
        Assert.Empty(result.CompilationProblems);
        using var image = new MemoryStream();
        var emitted = result.Output.WithAssemblyName("Library").Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
