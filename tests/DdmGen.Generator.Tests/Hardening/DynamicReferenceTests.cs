using System;
using System.Linq;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// OpenAPI 3.1 schemas may use <c>$dynamicRef</c> and <c>$dynamicAnchor</c>. A plain <c>$ref</c> to a component that
/// itself holds a <c>$dynamicRef</c> still names that component; a <c>$dynamicRef</c> by anchor does not resolve in
/// Microsoft.OpenApi, and is reported where it stands with its value generated as any JSON.
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
        var unresolved = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG101").Select(diagnostic => diagnostic.Line()).ToList();
        Assert.Equal(new[] { Healthy.LineOf(Spec, "first:"), Healthy.LineOf(Spec, "items: {$dynamicRef") }, unresolved);
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
