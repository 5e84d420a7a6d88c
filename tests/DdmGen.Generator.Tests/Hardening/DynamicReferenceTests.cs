using System;
using System.Linq;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// OpenAPI 3.1 schemas may use <c>$dynamicRef</c> and <c>$dynamicAnchor</c>. A plain <c>$ref</c> to a component that
/// itself holds a <c>$dynamicRef</c> still names that component; a <c>$dynamicRef</c> is not followed, and is reported
/// where it stands as a dynamic reference (with the component to refer to instead) with its value generated as any JSON.
/// </summary>
public sealed class DynamicReferenceTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /trees:
            get:
              operationId: getTree
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Tree"}
        components:
          schemas:
            Tree:
              type: object
              properties:
                root: {$ref: "#/components/schemas/Node"}
                first: {$dynamicRef: "#node"}
            Node:
              $dynamicAnchor: node
              type: object
              properties:
                name: {type: string}
                children:
                  type: array
                  items: {$dynamicRef: "#node"}
        """;

    [Fact]
    public void A_reference_to_a_component_holding_a_dynamic_reference_names_that_component()
    {
        var result = Healthy.Run(Spec);

        var tree = result.Sources.Single(source => source.HintName.EndsWith(".Tree.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public global::Test.Api.Node? Root { get; init; }", tree, StringComparison.Ordinal);
        Assert.Contains("public global::System.Text.Json.JsonElement? First { get; init; }", tree, StringComparison.Ordinal);
        var unkept = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").Select(diagnostic => diagnostic.Line()).ToList();
        Assert.Equal(new[] { Healthy.LineOf(Spec, "first:"), Healthy.LineOf(Spec, "items: {$dynamicRef") }, unkept);
    }

    [Theory]
    [InlineData("#node", "refer to #/components/schemas/Node, which declares it, with $ref")]
    [InlineData("#/components/schemas/Node", "write it as $ref")]
    [InlineData("#nowhere", "no schema of the document declares this one")]
    public void A_dynamic_reference_is_said_to_be_one_at_its_line_where_it_was_said_not_to_resolve(string target, string advice)
    {
        // '$dynamicRef: "#node"' was DDMG101, an error saying the reference resolves to nothing, though the anchor is
        // there: what is true is that dynamic references are not followed.
        var spec = Spec.Replace("first: {$dynamicRef: \"#node\"}", "first: {$dynamicRef: \"" + target + "\"}", StringComparison.Ordinal);

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var diagnostic = result.Diagnostics.Single(diagnostic => diagnostic.Id == "DDMG108" && diagnostic.Line() == Healthy.LineOf(spec, "first:"));
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"At #/components/schemas/Tree/properties/first, the dynamic reference '{target}' ($dynamicRef) is not followed: dynamic references are not supported, and the value is generated as System.Text.Json.JsonElement; ", message, StringComparison.Ordinal);
        Assert.Contains(advice, message, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void The_generated_types_are_the_same_however_often_a_component_is_referenced()
    {
        // The parser keeps the target of each reference text; a second reading must give what the first gave.
        var once = Healthy.Run(Spec).Sources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());
        var twice = Healthy.Run(Spec.Replace("first: {$dynamicRef: \"#node\"}", "first: {$dynamicRef: \"#node\"}\n        again: {$ref: \"#/components/schemas/Node\"}", StringComparison.Ordinal));

        var tree = twice.Sources.Single(source => source.HintName.EndsWith(".Tree.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public global::Test.Api.Node? Again { get; init; }", tree, StringComparison.Ordinal);
        Assert.Equal(once.Keys.OrderBy(key => key, StringComparer.Ordinal), twice.Sources.Select(source => source.HintName).OrderBy(key => key, StringComparer.Ordinal));
    }
}
