using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>Objects made of allOf parts: each part counts once, however often and however deep it is named.</summary>
public sealed class AllOfTests
{
    [Fact]
    public void Parts_that_name_one_component_twice_on_every_level_are_walked_once_each()
    {
        // A1: allOf [A2, A2, {p1}], A2: allOf [A3, A3, {p2}], ...: every path down the parts was walked, so forty
        // levels took 2^40 walks and the compiler never finished. Each component is walked once now.
        const int Levels = 40;
        var spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:

            """ + HostileSpecTests.Diamond(Levels);

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.CompilationProblems);
        var top = result.Source("Test.Api.A1.g.cs");
        for (var level = 1; level <= Levels; level++)
        {
            Assert.Single(top.Split('\n'), line => line.Contains("string? P" + level + " {", StringComparison.Ordinal));
        }

        // The deepest part comes first, as the parts are written: A2's (and so A3's ...) before A1's own.
        Assert.True(top.IndexOf("P" + Levels + " {", StringComparison.Ordinal) < top.IndexOf("P1 {", StringComparison.Ordinal));
    }
}
