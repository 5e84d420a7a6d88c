using System;
using System.Linq;
using System.Text.Json.Nodes;
using DdmGen.Generator.Emitting;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>No text in a spec becomes code: every line terminator C# knows stays inside a comment or literal.</summary>
public sealed class InjectionTests
{
    public static TheoryData<string> Breaks() => new("\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029");

    private static string Payload(string lineBreak) => "x" + lineBreak + "public static int Injected => 1; //";

    /// <summary>A spec with the payload in every text field the generator reads.</summary>
    private static string Spec(string text)
    {
        JsonObject Text(JsonObject node) => node;
        var spec = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = text, ["description"] = text, ["version"] = "1" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://example.com/" + text }),
            ["security"] = new JsonArray(new JsonObject { ["key"] = new JsonArray() }),
            ["paths"] = new JsonObject
            {
                ["/things/{id}"] = new JsonObject
                {
                    ["description"] = text,
                    ["post"] = new JsonObject
                    {
                        ["operationId"] = "make" + text,
                        ["summary"] = text,
                        ["description"] = text,
                        ["parameters"] = new JsonArray(
                            new JsonObject { ["name"] = "id", ["in"] = "path", ["required"] = true, ["description"] = text, ["schema"] = new JsonObject { ["type"] = "string" } },
                            new JsonObject { ["name"] = "q" + text, ["in"] = "query", ["description"] = text, ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 5 } },
                            new JsonObject { ["name"] = "h" + text, ["in"] = "header", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = 3 } },
                            new JsonObject { ["name"] = "c" + text, ["in"] = "query", ["required"] = true, ["x-ms-parameter-location"] = "client", ["description"] = text, ["schema"] = new JsonObject { ["type"] = "string" } }),
                        ["requestBody"] = new JsonObject
                        {
                            ["description"] = text,
                            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Thing" } } },
                        },
                        ["responses"] = new JsonObject
                        {
                            ["200"] = new JsonObject
                            {
                                ["description"] = text,
                                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Thing" } } },
                            },
                        },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["key"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Key" + text, ["description"] = text },
                },
                ["schemas"] = new JsonObject
                {
                    ["Thing"] = Text(new JsonObject
                    {
                        ["type"] = "object",
                        ["title"] = text,
                        ["description"] = text,
                        ["required"] = new JsonArray("name" + text),
                        ["properties"] = new JsonObject
                        {
                            ["name" + text] = new JsonObject { ["type"] = "string", ["description"] = text, ["default"] = text, ["example"] = text },
                            ["color"] = new JsonObject
                            {
                                ["type"] = "string",
                                ["description"] = text,
                                ["enum"] = new JsonArray("red" + text, "blue"),
                                ["x-enum-varnames"] = new JsonArray("Red" + text, "Blue"),
                                ["x-enum-descriptions"] = new JsonArray(text, text),
                            },
                            ["code"] = new JsonObject { ["type"] = "string", ["x-ddmgen-error"] = "code" },
                        },
                    }),
                },
            },
        };
        return spec.ToJsonString();
    }

    /// <summary>No generated file has the identifier "Injected" outside comments and literals.</summary>
    private static void AssertNoInjection(GeneratorResult result)
    {
        var generated = result.Sources.Select(source => CSharpSyntaxTree.ParseText(source.SourceText));
        var injected = generated
            .SelectMany(tree => tree.GetRoot().DescendantTokens())
            .Where(token => token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "Injected")
            .ToList();
        Assert.Empty(injected);
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void A_line_break_in_any_text_field_adds_no_member(string lineBreak)
    {
        var spec = Spec(Payload(lineBreak));

        var result = Healthy.Run(spec, "/specs/test.json");

        Assert.NotEmpty(result.Sources);
        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.TestClient.g.cs");
        AssertNoInjection(result);
    }

    [Fact]
    public void The_issue_example_description_adds_no_member()
    {
        const string json = """
            {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
             "components": {"schemas": {"Thing": {"type": "object", "description": "x\u2028public static int Injected => 1; //",
               "properties": {"a": {"type": "string"}}}}}}
            """;

        var result = Healthy.Run(json, "/specs/test.json");

        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.Thing.g.cs");
        AssertNoInjection(result);
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void A_line_break_in_the_spec_file_name_adds_no_member(string lineBreak)
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Thing: {type: object, properties: {a: {type: string}}}
            """;

        // No '/' in a file name: the payload's own "//" would make everything before it a folder.
        var fileName = "x" + lineBreak + "public static int Injected => 1; .yaml";
        var result = Healthy.Check(GeneratorHarness.Run(new SpecFile("/specs/" + fileName, yaml)), yaml);

        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.Thing.g.cs");
        AssertNoInjection(result);
    }

    [Fact]
    public void Comment_ends_bidirectional_overrides_and_control_characters_stay_inert()
    {
        var text = "a */ b \u202E c \0 d \u0001 e \uD800 f";
        var result = Healthy.Run(Spec(text), "/specs/test.json");

        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.Thing.g.cs");
        var thing = result.Source("Test.Api.Thing.g.cs");
        Assert.DoesNotContain("\u202E", thing, StringComparison.Ordinal);
        var comments = thing.Split('\n').Where(line => line.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToList();
        Assert.Contains(comments, line => line.Contains("&#x202E;", StringComparison.Ordinal));
        Assert.DoesNotContain(comments, line => line.Contains("*/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" and \\ backslash")]
    [InlineData("breaks \r \n \u0085 \u2028 \u2029 end")]
    [InlineData("controls \0 \u0001 \u007F \u009F \u202E \uFEFF end")]
    [InlineData("pair \uD83D\uDE00 lone \uD800 end")]
    public void Literals_round_trip_through_the_compiler(string value)
    {
        var literal = SpecText.Literal(value);

        var expression = SyntaxFactory.ParseExpression(literal);
        Assert.Empty(expression.GetDiagnostics());
        Assert.Equal(value, ((Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax)expression).Token.ValueText);
        Assert.DoesNotContain(literal, SpecText.IsLineBreak);
    }

    [Fact]
    public void Lines_split_at_every_break_csharp_knows()
    {
        Assert.Equal(new[] { "a", "b", "c", "d", "e", "f", "g" }, SpecText.Lines("a\r\nb\rc\nd\u0085e\u2028f\u2029g"));
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_writer_refuses_a_line_that_holds_a_break(string lineBreak)
    {
        var writer = new SourceWriter();

        Assert.Throws<InvalidOperationException>(() => writer.Line("/// a" + lineBreak + "b"));
    }

    [Fact]
    public void The_writer_refuses_exactly_the_characters_that_break_a_line()
    {
        var writer = new SourceWriter();
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            var line = "/// a" + c + "b";
            if (SpecText.IsLineBreak(c))
            {
                Assert.Throws<InvalidOperationException>(() => writer.Line(line));
            }
            else
            {
                writer.Line(line);
            }
        }
    }
}
