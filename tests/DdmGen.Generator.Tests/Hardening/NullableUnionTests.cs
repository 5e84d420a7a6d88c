using System;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A <c>oneOf</c> or <c>anyOf</c> of one alternative beside parts that only allow null is how OpenAPI 3.1 (and tools
/// that write 3.0) spell a nullable reference: it is that alternative's type, nullable, where it was JsonElement.
/// </summary>
public sealed class NullableUnionTests
{
    private const string Spec31 = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Color: {type: string, enum: [red, green]}
            Part:
              type: object
              required: [name]
              properties:
                name: {type: string}
            MaybePart:
              anyOf: [{$ref: '#/components/schemas/Part'}, {type: 'null'}]
            Holder:
              type: object
              required: [part]
              properties:
                part:
                  description: The part, or null.
                  anyOf: [{$ref: '#/components/schemas/Part'}, {type: 'null'}]
                color:
                  oneOf: [{type: 'null'}, {$ref: '#/components/schemas/Color'}]
                when:
                  anyOf: [{type: string, format: date-time}, {type: 'null'}]
                alias: {$ref: '#/components/schemas/MaybePart'}
                inline:
                  anyOf:
                    - type: object
                      properties:
                        size: {type: integer}
                    - type: 'null'
                only:
                  oneOf: [{$ref: '#/components/schemas/Part'}]
        """;

    [Fact]
    public void A_union_of_one_alternative_and_null_is_that_alternative_and_nullable()
    {
        var result = Healthy.Run(Spec31);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.CompilationProblems);
        var holder = result.Source("Test.Api.Holder.g.cs");
        Assert.DoesNotContain("JsonElement", holder, StringComparison.Ordinal);
        Assert.Contains("public required global::Test.Api.Part? Part { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("/// <summary>The part, or null.", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Color? Color { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::System.DateTimeOffset? When { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Part? Alias { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.HolderInline? Inline { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Part? Only { get; init; }", holder, StringComparison.Ordinal);

        using var output = result.Load("nullable unions");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var holderType = output.Type("Test.Api.Holder");

        // The required member may be null, but not be missing; a typed value is read as its type.
        const string Json = """{"part":{"name":"p"},"color":"green","when":"2025-02-19T02:50:20+0000","alias":{"name":"a"},"inline":{"size":3},"only":{"name":"o"}}""";
        Assert.Equal(Json, JsonSerializer.Serialize(JsonSerializer.Deserialize(Json, holderType, options), holderType, options).Replace("\\u002B", "+", StringComparison.Ordinal));
        Assert.Equal("""{"part":null}""", JsonSerializer.Serialize(JsonSerializer.Deserialize("""{"part":null,"color":null,"when":null,"alias":null,"inline":null}""", holderType, options), holderType, options));
        var missing = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{}", holderType, options));
        Assert.Equal("The required property 'part' of Holder is missing.", missing.Message);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""{"part":{"name":"p"},"only":"text"}""", holderType, options));
    }

    [Fact]
    public void An_openapi_3_0_union_marked_nullable_is_its_alternative_and_nullable()
    {
        const string Spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part: {type: object, properties: {name: {type: string}}}
                Holder:
                  type: object
                  required: [part, strict]
                  properties:
                    part:
                      oneOf: [{$ref: '#/components/schemas/Part'}]
                      nullable: true
                    strict:
                      anyOf: [{$ref: '#/components/schemas/Part'}]
            """;

        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        var holder = result.Source("Test.Api.Holder.g.cs");
        Assert.Contains("public required global::Test.Api.Part? Part { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public required global::Test.Api.Part Strict { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("Missing(\"part\", \"Holder\", mayBeNull: true)", holder, StringComparison.Ordinal);
        Assert.Contains("Missing(\"strict\", \"Holder\")", holder, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{anyOf: [{$ref: '#/components/schemas/Part'}, {type: string}]}", "anyOf")]
    [InlineData("{oneOf: [{$ref: '#/components/schemas/Part'}, {$ref: '#/components/schemas/Part'}, {type: 'null'}]}", "oneOf")]
    [InlineData("{anyOf: [{type: 'null'}]}", "anyOf")]
    [InlineData("{oneOf: [{$ref: '#/components/schemas/Part'}], anyOf: [{type: 'null'}]}", "oneOf")]
    [InlineData("{oneOf: [{$ref: '#/components/schemas/Part'}, {type: 'null'}], discriminator: {propertyName: name}}", "oneOf")]
    public void Every_other_union_is_still_reported_and_any_json(string schema, string construct)
    {
        var spec = $$"""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part:
                  type: object
                  properties:
                    name: {type: string}
                Holder:
                  type: object
                  properties:
                    choice: {{schema}}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/test.yaml", spec));

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        Assert.Contains("uses " + construct, warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("JsonElement? Choice { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_union_read_as_its_alternative_is_that_object_as_a_part_of_an_allOf()
    {
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part:
                  type: object
                  properties:
                    name: {type: string}
                MaybePart:
                  anyOf: [{$ref: '#/components/schemas/Part'}, {type: 'null'}]
                Derived:
                  allOf:
                    - $ref: '#/components/schemas/MaybePart'
                    - type: object
                      properties:
                        extra: {type: string}
                Written:
                  allOf:
                    - oneOf: [{$ref: '#/components/schemas/Part'}, {type: ['null']}]
                    - type: object
                      properties:
                        more: {type: string}
                Holder:
                  type: object
                  properties:
                    derived: {$ref: '#/components/schemas/Derived'}
                    written: {$ref: '#/components/schemas/Written'}
            """;

        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("public global::Test.Api.Derived? Derived { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Written? Written { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
        var derived = result.Source("Test.Api.Derived.g.cs");
        Assert.Contains("public string? Name { get; init; }", derived, StringComparison.Ordinal);
        Assert.Contains("public string? Extra { get; init; }", derived, StringComparison.Ordinal);
        var written = result.Source("Test.Api.Written.g.cs");
        Assert.Contains("public string? Name { get; init; }", written, StringComparison.Ordinal);
        Assert.Contains("public string? More { get; init; }", written, StringComparison.Ordinal);
    }

    [Fact]
    public void A_union_read_as_a_scalar_in_an_allOf_is_reported_as_that_scalar()
    {
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    odd:
                      allOf:
                        - anyOf: [{type: string}, {type: 'null'}]
                        - type: object
                          properties:
                            more: {type: string}
            """;

        var result = Healthy.Run(Spec);

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        Assert.Contains("is of type string, not an object", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{const: null}")]
    [InlineData("{enum: [null]}")]
    [InlineData("{type: ['null'], description: Nothing.}")]
    [InlineData("{type: 'null', enum: [null]}")]
    public void Every_way_of_writing_a_part_that_only_allows_null_makes_the_alternative_nullable(string part)
    {
        var spec = $$"""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part:
                  type: object
                  properties:
                    name: {type: string}
                Holder:
                  type: object
                  required: [choice]
                  properties:
                    choice:
                      anyOf: [{$ref: '#/components/schemas/Part'}, {{part}}]
            """;

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("public required global::Test.Api.Part? Choice { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{const: 3}")]
    [InlineData("{enum: [null, 1]}")]
    [InlineData("{type: ['null', string]}")]
    public void A_part_that_allows_more_than_null_is_still_a_second_alternative(string part)
    {
        var spec = $$"""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part:
                  type: object
                  properties:
                    name: {type: string}
                Holder:
                  type: object
                  properties:
                    choice:
                      anyOf: [{$ref: '#/components/schemas/Part'}, {{part}}]
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/test.yaml", spec));

        Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        Assert.Contains("JsonElement? Choice { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_openapi_3_0_3_union_with_the_type_that_nullable_needs_beside_it_is_its_alternative_and_nullable()
    {
        // OpenAPI 3.0.3 has nullable take effect only beside a type, so a nullable reference is written with one.
        const string Spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part: {type: object, properties: {name: {type: string}}}
                Loose: {properties: {name: {type: string}}}
                Color: {type: string, enum: [red, green]}
                Holder:
                  type: object
                  required: [part]
                  properties:
                    part:
                      type: object
                      nullable: true
                      oneOf: [{$ref: '#/components/schemas/Part'}]
                    loose:
                      type: object
                      nullable: true
                      anyOf: [{$ref: '#/components/schemas/Loose'}]
                    color:
                      type: string
                      nullable: true
                      oneOf: [{$ref: '#/components/schemas/Color'}]
                    inline:
                      type: object
                      nullable: true
                      oneOf: [{type: object, properties: {size: {type: integer}}}]
            """;

        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        var holder = result.Source("Test.Api.Holder.g.cs");
        Assert.Contains("public required global::Test.Api.Part? Part { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Loose? Loose { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.Color? Color { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public global::Test.Api.HolderInline? Inline { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("Missing(\"part\", \"Holder\", mayBeNull: true)", holder, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{type: string, oneOf: [{$ref: '#/components/schemas/Part'}]}", "oneOf")]
    [InlineData("{type: object, oneOf: [{$ref: '#/components/schemas/Color'}]}", "oneOf")]
    [InlineData("{type: object, anyOf: [{type: integer}]}", "anyOf")]
    [InlineData("{type: object, oneOf: [{required: [name]}]}", "oneOf")]
    public void A_union_whose_type_beside_it_is_not_its_alternative_s_is_still_reported(string schema, string construct)
    {
        var spec = $$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part:
                  type: object
                  properties:
                    name: {type: string}
                Color: {type: string, enum: [red, green]}
                Holder:
                  type: object
                  properties:
                    choice: {{schema}}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/test.yaml", spec));

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        Assert.Contains("uses " + construct, warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("JsonElement? Choice { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
    }
}

/// <summary>An enum without a type that lists null allows null, as a nullable type does.</summary>
public sealed class NullInUntypedEnumTests
{
    [Theory]
    [InlineData("3.1.0")]
    [InlineData("3.0.3")]
    public void An_untyped_enum_that_lists_null_is_nullable_in_place_and_through_a_reference(string version)
    {
        // {enum: [x, null]} without a type allows null, but a required member of it was not nullable: reading the
        // null the spec allows failed as if the member were missing.
        var spec = $$"""
            openapi: {{version}}
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Shade: {enum: [light, dark, null]}
                Holder:
                  type: object
                  required: [mode, shade]
                  properties:
                    mode: {enum: [fast, slow, null]}
                    shade: {$ref: '#/components/schemas/Shade'}
            """;

        var result = Healthy.Run(spec);

        var holder = result.Source("Test.Api.Holder.g.cs");
        Assert.Contains("public required global::Test.Api.HolderMode? Mode { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public required global::Test.Api.Shade? Shade { get; init; }", holder, StringComparison.Ordinal);
        using var output = result.Load("untyped null enum");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var holderType = output.Type("Test.Api.Holder");
        const string Json = """{"mode":null,"shade":null}""";
        Assert.Equal(Json, JsonSerializer.Serialize(JsonSerializer.Deserialize(Json, holderType, options), holderType, options));
        Assert.Equal("""{"mode":"slow","shade":"dark"}""", JsonSerializer.Serialize(JsonSerializer.Deserialize("""{"mode":"slow","shade":"dark"}""", holderType, options), holderType, options));
    }

    [Fact]
    public void A_typed_enum_that_lists_null_keeps_its_type_s_nullability()
    {
        // type: string excludes null, whatever the enum lists (OpenAPI 3.0 needs nullable: true beside it).
        var result = Healthy.Run("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  required: [mode]
                  properties:
                    mode: {type: string, enum: [fast, null]}
            """);

        Assert.Contains("public required global::Test.Api.HolderMode Mode { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
    }
}
