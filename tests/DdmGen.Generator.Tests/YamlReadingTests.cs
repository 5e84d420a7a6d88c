using System;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>YAML scalars keep their meaning: quoted text stays text, and a plain number read as text keeps its form.</summary>
public sealed class YamlReadingTests
{
    private const string Spec = """
        openapi: 3.0.3
        info:
          title: Versions
          version: 1.0
        paths: {}
        components:
          schemas:
            Release:
              type: string
              enum: ["1.0", 2.10, "yes", no, "null"]
            Item:
              type: object
              description: "Quoted: with a colon and # no comment"
              properties:
                count:
                  type: integer
                  default: 010
        """;

    [Fact]
    public void Plain_numbers_keep_their_text_and_quoted_scalars_stay_strings()
    {
        var result = GeneratorHarness.Run(new SpecFile("/specs/versions.yaml", Spec));

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
        var release = result.Source("Test.Api.Release.g.cs");
        Assert.Contains("new Release(\"1.0\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"2.10\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"yes\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"no\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"null\")", release, StringComparison.Ordinal);
        Assert.Contains("Quoted: with a colon and # no comment", result.Source("Test.Api.Item.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void The_same_spec_as_json_generates_the_same_code()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "Versions", "version": "1.0" },
              "paths": {},
              "components": { "schemas": { "Release": { "type": "string", "enum": ["1.0", "2.10", "yes", "no", "null"] } } }
            }
            """;
        var yaml = GeneratorHarness.Run(new SpecFile("/specs/versions.yaml", Spec)).Source("Test.Api.Release.g.cs");

        var fromJson = GeneratorHarness.Run(new SpecFile("/specs/versions.json", json)).Source("Test.Api.Release.g.cs");

        Assert.Equal(yaml.Replace("versions.yaml", "versions.json", StringComparison.Ordinal), fromJson);
    }
}
