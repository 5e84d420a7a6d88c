using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>What the generated code does with types the spec stretches: array path parameters, bounds, members of any type.</summary>
public sealed class TypeTests
{
    private static string Regression(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.TestProjectDirectory, "Regressions", name));

    [Fact]
    public void Array_path_parameters_are_comma_joined_with_each_value_escaped()
    {
        var result = Healthy.Run(Regression("array-path-parameter.yaml"));

        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Contains(".Segments(global::System.Linq.Enumerable.Select(ids, item => item.ToString(", requests, StringComparison.Ordinal);
        Assert.Contains(".Segments(global::System.Linq.Enumerable.Select(codes, item => item), \"codes\")", requests, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_get_the_type_they_are_checked_as()
    {
        var result = Healthy.Run(Regression("bounds-out-of-range.yaml"));

        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Contains("ratio is < 0.25F or > 1.5F", requests, StringComparison.Ordinal);
        Assert.Contains("precise is < -1.5 or > 1E+300", requests, StringComparison.Ordinal);
        Assert.DoesNotContain("is > 4294967295", requests, StringComparison.Ordinal);
        Assert.DoesNotContain("wide is <", requests, StringComparison.Ordinal);
        Assert.DoesNotContain("wide is >", requests, StringComparison.Ordinal);
        Assert.Equal(4, result.Diagnostics.Count(diagnostic => diagnostic.Id == "DDMG106"));
    }

    [Fact]
    public void Members_of_any_type_read_json_null_as_null_and_refuse_it_where_required()
    {
        const string Spec = """
            openapi: 3.0.3
            info: {title: Any, version: "1"}
            paths:
              /holders:
                get:
                  operationId: getHolder
                  responses:
                    "200":
                      description: A holder.
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Holder'}
            components:
              schemas:
                Holder:
                  type: object
                  required: [any]
                  properties:
                    any: {description: Any JSON.}
                    optionalAny: {description: Any JSON, or nothing.}
            """;
        using var output = Healthy.Run(Spec).Load("any-members");
        var holder = output.Type("Test.Api.Holder");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options")!.GetValue(null)!;

        var read = JsonSerializer.Deserialize("""{"any":[1,null],"optionalAny":null}""", holder, options)!;
        var missing = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"any":null,"optionalAny":2}""", holder, options));

        Assert.Null(holder.GetProperty("OptionalAny")!.GetValue(read));
        Assert.Equal("[1,null]", ((JsonElement)holder.GetProperty("Any")!.GetValue(read)!).GetRawText());
        Assert.Equal("""{"any":[1,null]}""", JsonSerializer.Serialize(read, holder, options));
        Assert.Contains("'any'", missing.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void An_enum_of_numbers_or_booleans_is_reported_at_its_enum_as_not_kept()
    {
        // An integer enum is a plain int: its values became no members and were not checked, and the names that
        // x-enum-varnames gives them were dropped, all without a word.
        const string Spec = """
            openapi: 3.0.3
            info: {title: Codes, version: "1"}
            paths:
              /jobs:
                get:
                  operationId: listJobs
                  parameters:
                    - {name: kind, in: query, required: true, schema: {$ref: '#/components/schemas/Kind'}}
                    - {name: level, in: query, schema: {type: number, enum: [0.5, 1.5]}}
                  responses:
                    "200":
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}
            components:
              schemas:
                Kind:
                  type: integer
                  enum: [0, 1, 2]
                  x-enum-varnames: [Full, Incremental, Snapshot]
                Job:
                  type: object
                  properties:
                    kind: {$ref: '#/components/schemas/Kind'}
                    done: {type: boolean, enum: [true]}
                    state: {type: string, enum: [on, off]}
            """;

        var result = Healthy.Run(Spec);

        var notKept = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").ToList();
        Assert.Equal(
            new[] { Healthy.LineOf(Spec, "enum: [0.5, 1.5]"), Healthy.LineOf(Spec, "enum: [0, 1, 2]"), Healthy.LineOf(Spec, "enum: [true]") },
            notKept.Select(diagnostic => diagnostic.Line()).Order().ToArray());
        var kind = notKept.Single(diagnostic => diagnostic.Line() == Healthy.LineOf(Spec, "enum: [0, 1, 2]")).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("#/components/schemas/Kind/enum", kind, StringComparison.Ordinal);
        Assert.Contains("x-enum-varnames", kind, StringComparison.Ordinal);
        Assert.Contains("the enum of an integer schema", kind, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}

/// <summary>OpenAPI 3.1's exclusive bounds are numbers of their own, each checked beside the inclusive one.</summary>
public sealed class ExclusiveBoundTests
{
    [Fact]
    public void An_inclusive_bound_beside_a_looser_exclusive_one_is_checked()
    {
        // The reader drops minimum where a 3.1 schema also has exclusiveMinimum: minimum 7 beside exclusiveMinimum 3
        // was checked as "at least 4", and the docs said so.
        var result = Healthy.Run("""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: getThing
                  parameters:
                    - {name: low, in: query, schema: {type: integer, minimum: 7, exclusiveMinimum: 3}}
                    - {name: high, in: query, schema: {type: number, maximum: 2, exclusiveMaximum: 5}}
                    - {name: tight, in: query, schema: {type: number, minimum: 1, exclusiveMinimum: 3}}
                  responses:
                    "200": {description: ok}
            """);

        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Contains("ThrowIfOutOfRange(low is < 7, low, \"low\", \"low must be at least 7.\")", requests, StringComparison.Ordinal);
        Assert.Contains("ThrowIfOutOfRange(high is > 2, high, \"high\", \"high must be at most 2.\")", requests, StringComparison.Ordinal);
        Assert.Contains("ThrowIfOutOfRange(tight is <= 3, tight, \"tight\", \"tight must be more than 3.\")", requests, StringComparison.Ordinal);
    }
}

/// <summary>JSON Schema's other ways of typing the members an object does not name are said to be left untyped, as additionalProperties is.</summary>
public sealed class UnnamedMemberTests
{
    [Fact]
    public void PatternProperties_and_unevaluatedProperties_beside_named_properties_are_reported_as_not_typed()
    {
        // additionalProperties beside properties was DDMG108; patternProperties and a schema in unevaluatedProperties,
        // which type the same members in OpenAPI 3.1, left them untyped without a word.
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Labels:
                  type: object
                  properties:
                    name: {type: string}
                  patternProperties:
                    "^x-": {type: integer}
                  unevaluatedProperties: {type: string}
                Closed:
                  type: object
                  properties:
                    name: {type: string}
                  unevaluatedProperties: false
            """;

        var result = Healthy.Run(Spec);

        var notKept = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").OrderBy(diagnostic => diagnostic.Line()).ToList();
        Assert.Equal(2, notKept.Count);
        Assert.Equal(Healthy.LineOf(Spec, "patternProperties:"), notKept[0].Line());
        Assert.Contains("#/components/schemas/Labels/patternProperties", notKept[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(Healthy.LineOf(Spec, "unevaluatedProperties: {type: string}"), notKept[1].Line());
        Assert.Contains("members besides them are not typed", notKept[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}
