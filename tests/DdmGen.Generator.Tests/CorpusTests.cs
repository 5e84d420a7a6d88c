using System;
using System.IO;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests;

/// <summary>
/// Public OpenAPI examples the generator was not written for: each yields compiling code, or clear diagnostics
/// for what is not supported, and never an exception into the compiler.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Documents() => new(
        Directory.GetFiles(RepositoryPaths.Output("Corpus"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Each_example_generates_compiling_code_or_clear_diagnostics(string fileName)
    {
        var spec = SpecFile.FromOutput(Path.Combine("Corpus", fileName), "Corpus.Api", "CorpusClient");

        var result = GeneratorHarness.Run(spec);

        Assert.DoesNotContain(result.GeneratorDiagnostics, diagnostic => diagnostic.Id == "CS8785");
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG901");
        Assert.All(result.Diagnostics, diagnostic =>
        {
            Assert.StartsWith("DDMG", diagnostic.Id, StringComparison.Ordinal);
            Assert.True(diagnostic.Location.GetLineSpan().StartLinePosition.Line > 0 || diagnostic.Id == "DDMG003", $"{diagnostic} has no line");
        });
        Assert.Empty(result.CompilationProblems);
        if (!result.Diagnostics.Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error))
        {
            Assert.Contains(result.Sources, source => source.HintName == "Corpus.Api.CorpusClient.g.cs");
        }
    }

    [Fact]
    public void The_petstore_becomes_a_typed_client()
    {
        var result = GeneratorHarness.Run(SpecFile.FromOutput(Path.Combine("Corpus", "petstore.yaml"), "Corpus.Api", "PetstoreClient"));

        var client = result.Source("Corpus.Api.PetstoreClient.g.cs");
        Assert.Contains("ListPetsAsync(int? limit = null", client, StringComparison.Ordinal);
        Assert.Contains("ShowPetByIdAsync(string petId", client, StringComparison.Ordinal);
        Assert.Contains("public required long Id { get; init; }", result.Source("Corpus.Api.Pet.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Arrays_and_maps_of_every_scalar_compile_without_warnings()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: Shapes, version: "1"}
            paths:
              /shapes:
                get:
                  operationId: getShapes
                  parameters:
                    - {name: tags, in: query, schema: {type: array, items: {type: string}}}
                    - {name: ids, in: header, schema: {type: array, items: {type: integer, format: int64}}}
                    - {name: since, in: query, schema: {type: string, format: date-time}}
                    - {name: ratio, in: query, required: true, schema: {type: number, minimum: 0.5, maximum: 2.5}}
                    - {name: flag, in: query, schema: {type: boolean}}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {type: array, items: {type: string}}
            components:
              schemas:
                Shapes:
                  type: object
                  required: [names]
                  properties:
                    names: {type: array, items: {type: string}}
                    counts: {type: object, additionalProperties: {type: integer}}
                    matrix: {type: array, items: {type: array, items: {type: number, format: float}}}
                    when: {type: array, items: {type: string, format: date-time}}
                    anything: {}
                    maybe: {type: string, nullable: true}
                    flags: {type: object, additionalProperties: {type: boolean}}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/shapes.yaml", yaml, "Shapes.Api", "ShapesClient"));

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("ratio is < 0.5 or > 2.5", result.Source("Shapes.Api.ShapesClient+Requests.g.cs"), StringComparison.Ordinal);
    }
}
