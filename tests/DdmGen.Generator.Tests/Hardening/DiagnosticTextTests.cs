using System;
using System.Globalization;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Spec text quoted in a diagnostic (a name, a key, a value) shows its invisible characters as <c>\uXXXX</c>: a
/// bidirectional control (U+202E) or another format character would otherwise reorder or hide the message's text in
/// an error list, so that it reads as something else.
/// </summary>
public sealed class DiagnosticTextTests
{
    /// <summary>Specs whose diagnostics quote a name, a key or a value holding U+202E (RIGHT-TO-LEFT OVERRIDE).</summary>
    public static TheoryData<string, string, string> Specs() => new()
    {
        {
            "DDMG108",
            """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: "q\u202Eevil", in: header, schema: {type: string}}
                  responses: {"204": {description: ok}}
            """,
            "q\\u202Eevil"
        },
        {
            "DDMG301",
            """
            paths:
              /things:
                get:
                  operationId: "list\u2066Things"
                  responses: {"204": {description: ok}}
            """,
            "list\\u2066Things"
        },
        {
            "DDMG106",
            """
            paths:
              "/th\u202Aings":
                get:
                  operationId: listThings
                  parameters:
                    - {name: q, in: query, schema: {type: integer, format: int32, maximum: 99999999999}}
                  responses: {"204": {description: ok}}
            """,
            "th\\u202Aings"
        },
        {
            "DDMG203",
            """
            paths:
              /things:
                get:
                  operationId: "list\u200BThings"
                  parameters:
                    - {name: "o\u2069bj", in: query, required: true, schema: {type: object, properties: {a: {type: string}}}}
                  responses: {"204": {description: ok}}
            """,
            "o\\u2069bj"
        },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void A_format_character_of_the_spec_is_escaped_in_the_message(string id, string paths, string escaped)
    {
        var yaml = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\n" + paths;

        var result = GeneratorHarness.Run(new SpecFile("/specs/test.yaml", yaml, "Test.Api", "TestClient"));

        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == id && diagnostic.GetMessage(CultureInfo.InvariantCulture).Contains(escaped, StringComparison.Ordinal));
        Assert.All(result.Diagnostics, diagnostic => Assert.DoesNotContain(
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            character => CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.Format));
    }
}
