using System;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// An object whose oneOf or anyOf only says which members are required ("give backup_id or restore_time") is a record
/// of its properties, with a warning that the rule is not checked, where the whole object was JsonElement.
/// </summary>
public sealed class RequiredRuleTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /recovery:
            post:
              operationId: recover
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Recovery'}
              responses:
                '202': {description: Accepted}
        components:
          schemas:
            Recovery:
              type: object
              required: [source]
              properties:
                source:
                  type: object
                  description: What to restore from.
                  properties:
                    backup_id: {type: string}
                    restore_time: {type: integer, format: int64}
                  oneOf:
                    - required: [backup_id]
                    - required: [restore_time]
                      description: A point in time.
            Filter:
              type: object
              properties:
                name: {type: string}
                id: {type: string}
              anyOf:
                - {required: [name]}
                - {required: [id], type: object}
        """;

    [Fact]
    public void An_object_whose_union_only_names_required_members_is_a_record_with_a_warning_at_the_union()
    {
        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        var warnings = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, warning => warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("#/components/schemas/Recovery/properties/source/oneOf", StringComparison.Ordinal)
            && warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("reading demands none of the members it names", StringComparison.Ordinal)
            && warning.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf("oneOf:"));
        Assert.Contains(warnings, warning => warning.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf("anyOf:"));
        Assert.Empty(result.CompilationProblems);
        var source = result.Source("Test.Api.RecoverySource.g.cs");
        Assert.Contains("public string? BackupId { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public long? RestoreTime { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public string? Name { get; init; }", result.Source("Test.Api.Filter.g.cs"), StringComparison.Ordinal);

        using var output = result.Load("rules of required members");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var recovery = output.Type("Test.Api.Recovery");
        foreach (var json in new[] { """{"source":{"backup_id":"b"}}""", """{"source":{"restore_time":1747734040000}}""", """{"source":{}}""" })
        {
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, recovery, options), recovery, options));
        }
    }

    [Theory]
    [InlineData("- {required: [backup_id], properties: {backup_id: {type: string}}}")]
    [InlineData("- {$ref: '#/components/schemas/Filter'}")]
    [InlineData("- {description: no required names}")]
    public void A_union_with_a_part_that_does_more_than_name_required_members_stays_unsupported(string part)
    {
        var spec = Spec.Replace("- required: [backup_id]", part, StringComparison.Ordinal);
        Assert.Contains(part, spec, StringComparison.Ordinal);

        var result = GeneratorHarness.Run(new SpecFile("/specs/test.yaml", spec));

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        Assert.Contains("#/components/schemas/Recovery/properties/source uses oneOf", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("oneOf")]
    [InlineData("anyOf")]
    public void A_rule_of_required_members_written_as_an_allOf_part_makes_a_record_with_a_warning_at_the_union(string keyword)
    {
        var spec = $$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Base:
                  type: object
                  properties:
                    a: {type: string}
                    b: {type: string}
                Either:
                  allOf:
                    - $ref: '#/components/schemas/Base'
                    - {{keyword}}:
                        - required: [a]
                        - required: [b]
                Typed:
                  allOf:
                    - $ref: '#/components/schemas/Base'
                    - type: object
                      description: One of them.
                      {{keyword}}: [{required: [a]}, {required: [b]}]
            """;

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG102");
        var warnings = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").Select(warning => warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, warning => warning.Contains($"#/components/schemas/Either/allOf/1/{keyword}", StringComparison.Ordinal));
        Assert.Contains(warnings, warning => warning.Contains($"#/components/schemas/Typed/allOf/1/{keyword}", StringComparison.Ordinal));
        foreach (var name in new[] { "Either", "Typed" })
        {
            var source = result.Source($"Test.Api.{name}.g.cs");
            Assert.Contains("public string? A { get; init; }", source, StringComparison.Ordinal);
            Assert.Contains("public string? B { get; init; }", source, StringComparison.Ordinal);
        }
    }

    private static int LineOf(string marker) =>
        Array.FindIndex(Spec.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'), line => line.Contains(marker, StringComparison.Ordinal)) + 1;
}
