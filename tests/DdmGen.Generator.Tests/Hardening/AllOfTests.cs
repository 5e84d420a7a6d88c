using System;
using System.Linq;
using System.Reflection;
using System.Text.Json;
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

    private const string PartsSpec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Base: {type: object, properties: {id: {type: string}, kind: {type: string}}}
            BaseAlias: {$ref: "#/components/schemas/Base"}
            AliasOfAlias: {$ref: "#/components/schemas/BaseAlias"}
            Derived:
              allOf: [{$ref: "#/components/schemas/AliasOfAlias"}, {type: object, properties: {extra: {type: integer}}}]
            Strict:
              allOf: [{$ref: "#/components/schemas/Base"}, {required: [id, kind]}]
            Holder:
              type: object
              properties:
                b: {allOf: [{$ref: "#/components/schemas/Base"}, {description: described}]}
                c: {allOf: [{$ref: "#/components/schemas/Base"}, {nullable: true}]}
                d: {allOf: [{$ref: "#/components/schemas/BaseAlias"}, {title: Tagged, deprecated: true, readOnly: true, example: {id: x}}]}
                e: {allOf: [{$ref: "#/components/schemas/Base"}, {type: object, description: an object}]}
                s: {$ref: "#/components/schemas/Strict"}
        """;

    [Fact]
    public void Object_parts_reached_through_a_reference_chain_and_parts_that_add_no_type_are_merged()
    {
        // Regression: a part whose $ref named an alias of an object, and a part that only said what is required, what
        // the value is or that it may be null, were "parts that are not objects" (DDMG102) and the value was JsonElement.
        var result = Healthy.Run(PartsSpec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.CompilationProblems);
        var derived = result.Source("Test.Api.Derived.g.cs");
        Assert.Contains("public string? Id { get; init; }", derived, StringComparison.Ordinal);
        Assert.Contains("public int? Extra { get; init; }", derived, StringComparison.Ordinal);
        var strict = result.Source("Test.Api.Strict.g.cs");
        Assert.Contains("public required string Id { get; init; }", strict, StringComparison.Ordinal);
        Assert.Contains("public required string Kind { get; init; }", strict, StringComparison.Ordinal);
        var holder = result.Source("Test.Api.Holder.g.cs");
        Assert.Contains("/// <summary>described. Null when", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Base? B { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Base? C { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("[global::System.Obsolete(\"Deprecated in the API specification.\")]\n    public global::Test.Api.Base? D { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Base? E { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Strict? S { get; init; }", holder, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonElement", holder + derived + strict, StringComparison.Ordinal);

        using var output = result.Load("allOf parts");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        // c may be null; a null member is left out when written.
        const string Json = """{"b":{"id":"1","kind":"k"},"c":null,"s":{"id":"2","kind":"s"}}""";
        var holderType = output.Type("Test.Api.Holder");
        Assert.Equal(Json.Replace("\"c\":null,", string.Empty, StringComparison.Ordinal), JsonSerializer.Serialize(JsonSerializer.Deserialize(Json, holderType, options), holderType, options));
        const string DerivedJson = """{"id":"3","kind":"d","extra":7}""";
        var derivedType = output.Type("Test.Api.Derived");
        Assert.Equal(DerivedJson, JsonSerializer.Serialize(JsonSerializer.Deserialize(DerivedJson, derivedType, options), derivedType, options));
        var strictType = output.Type("Test.Api.Strict");
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""{"id":"1"}""", strictType, options));
    }

    [Theory]
    [InlineData("[{$ref: \"#/components/schemas/Base\"}, {type: string}]", "#/components/schemas/Bad/allOf/1", "string")]
    [InlineData("[{$ref: \"#/components/schemas/Name\"}, {$ref: \"#/components/schemas/Base\"}]", "#/components/schemas/Name", "string")]
    [InlineData("[{$ref: \"#/components/schemas/Base\"}, {minLength: 1}]", "#/components/schemas/Bad/allOf/1", "minLength")]
    public void An_allOf_part_that_is_no_object_is_named_in_the_warning(string parts, string culprit, string why)
    {
        // Regression: the warning said only "allOf with parts that are not objects", not which part, nor why.
        var spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Base: {type: object, properties: {id: {type: string}}}
                Name: {type: string}
                Holder: {type: object, properties: {bad: {$ref: "#/components/schemas/Bad"}}}
                Bad:
                  allOf: 
            """ + parts + "\n";

        var result = Healthy.Run(spec);

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        Assert.Contains(culprit + " ", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(why, warning.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Healthy.LineOf(spec, "Bad:"), warning.Line());
    }

    [Fact]
    public void A_property_that_a_later_part_declares_again_otherwise_is_reported_there()
    {
        // Regression: the record took the first declaration and the later one vanished without a word, its type
        // (id an integer, created a date-time) and its description with it.
        var spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Base:
                  type: object
                  properties:
                    id: {type: string}
                    created: {type: string}
                    name: {type: string}
                    kind: {$ref: "#/components/schemas/Kind"}
                Kind: {type: string, enum: [a, b]}
                Detail:
                  allOf:
                    - $ref: "#/components/schemas/Base"
                    - type: object
                      properties:
                        id: {type: integer}
                        created: {type: string, format: date-time}
                        name: {type: string}
                        kind: {$ref: "#/components/schemas/Kind"}
                More:
                  allOf:
                    - $ref: "#/components/schemas/Detail"
                    - {type: object, properties: {extra: {type: string}}}
            """;

        var result = Healthy.Run(spec);

        var found = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").OrderBy(diagnostic => diagnostic.Line()).ToList();
        Assert.Equal(new[] { Healthy.LineOf(spec, "id: {type: integer}"), Healthy.LineOf(spec, "created: {type: string, format: date-time}") }, found.Select(diagnostic => diagnostic.Line()).ToArray());
        var message = found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("#/components/schemas/Detail/allOf/1/properties/id", message, StringComparison.Ordinal);
        Assert.Contains("#/components/schemas/Base/properties/id", message, StringComparison.Ordinal);
        Assert.Contains("public string? Id { get; init; }", result.Source("Test.Api.Detail.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}
