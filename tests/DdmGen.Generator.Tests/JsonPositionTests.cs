using System.Linq;
using System.Text;
using DdmGen.Generator.Reading;
using DdmGen.Generator.Tests.Hardening;
using Xunit;

namespace DdmGen.Generator.Tests;

/// <summary>
/// The JSON reader places every node by line, column and character offset, counted in UTF-16 units as the
/// compiler counts them, however long the line: a minified spec is one line of many kilobytes.
/// </summary>
public sealed class JsonPositionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Nodes_on_a_long_line_with_multi_byte_text_are_placed_at_their_characters(string lineBreak)
    {
        // Text of one, two, three and four UTF-8 bytes (the last a surrogate pair), repeated so the keys after it
        // stand well past any fixed block of bytes.
        var text = new StringBuilder("{\"openapi\": \"3.0.3\", \"paths\": {}, \"x-notes\": {" + lineBreak);
        for (var index = 0; index < 200; index++)
        {
            text.Append("\"k").Append(index).Append("\": \"a\u00e9\u20ac\U0001F600 ").Append(index).Append("\", ");
        }

        text.Append("\"last\": \"\u00e9\"}}");
        var json = text.ToString();
        var read = JsonSpecReader.Read("/specs/long.json", json);

        Assert.Null(read.Error);
        foreach (var key in new[] { "k0", "k37", "k64", "k199", "last" })
        {
            var location = read.Positions.Locate("/x-notes/" + key);
            var start = json.IndexOf("\"" + key + "\"", System.StringComparison.Ordinal);
            var lineStart = json.LastIndexOf('\n', start) + 1;
            Assert.Equal(start, location.Start);
            Assert.Equal(lineStart == 0 ? 0 : 1, location.StartLine);
            Assert.Equal(start - lineStart, location.StartColumn);
            var end = json.IndexOf(key == "last" ? "}" : ",", start, System.StringComparison.Ordinal);
            Assert.Equal(end - start, location.Length);
        }
    }

    [Theory]
    [InlineData("/x-notes/a~1b", "\"a/b\"")]
    [InlineData("#/x-notes/c~0d", "\"c~d\"")]
    [InlineData("/x-notes/c~0d/1", "\"second\"")]
    [InlineData("/x-notes/", "\"\": 1")]
    [InlineData("/x-notes/c~0d/7", "\"c~d\"")]
    [InlineData("/x-notes/c~0d/01", "\"c~d\"")]
    [InlineData("/x-notes/missing/deeper", "\"x-notes\"")]
    [InlineData("", "{")]
    [InlineData("no-slash", null)]
    public void A_pointer_names_its_node_or_the_nearest_node_above_it(string path, string? expected)
    {
        // Keys with '/' and '~' are escaped in pointers as ~1 and ~0; an index is written in decimal without zeros in front.
        const string json = "{\"openapi\": \"3.0.3\",\n \"x-notes\": {\n  \"a/b\": true,\n  \"c~d\": [\"first\",\n   \"second\"],\n  \"\": 1}}";
        var read = JsonSpecReader.Read("/specs/escapes.json", json);

        var location = read.Positions.Locate(path);

        Assert.Null(read.Error);
        var start = expected is null ? 0 : json.IndexOf(expected, System.StringComparison.Ordinal);
        Assert.Equal(start, location.Start);
        Assert.Equal(json.Substring(0, start).Split('\n').Length - 1, location.StartLine);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    public void Keys_written_with_escapes_and_items_of_long_lists_are_found(int count)
    {
        // Short objects and lists are searched member by member, long ones through an index: both ways must agree.
        var text = new StringBuilder("{\"openapi\": \"3.0.3\", \"paths\": {}, \"x-notes\": {");
        for (var index = 0; index < count; index++)
        {
            text.Append("\"k").Append(index).Append("\": ").Append(index).Append(", ");
        }

        text.Append("\"\\u0061\\/b\": 1, \"\u00e9t\u00e9\": 2, \"list\": [");
        for (var index = 0; index < count; index++)
        {
            text.Append(index == 0 ? string.Empty : ", ").Append("\"item").Append(index).Append('"');
        }

        text.Append("]}}");
        var json = text.ToString();
        var read = JsonSpecReader.Read("/specs/escaped.json", json);

        Assert.Null(read.Error);
        Assert.Equal(json.IndexOf("\"\\u0061", System.StringComparison.Ordinal), read.Positions.Locate("/x-notes/a~1b").Start);
        Assert.Equal(json.IndexOf("\"\u00e9t", System.StringComparison.Ordinal), read.Positions.Locate("/x-notes/\u00e9t\u00e9").Start);
        Assert.Equal(json.IndexOf("\"item" + (count - 1) + "\"", System.StringComparison.Ordinal), read.Positions.Locate("/x-notes/list/" + (count - 1)).Start);
        Assert.Equal(json.IndexOf("\"k" + (count - 1) + "\"", System.StringComparison.Ordinal), read.Positions.Locate("/x-notes/k" + (count - 1)).Start);
        Assert.Equal(json.IndexOf("\"list\"", System.StringComparison.Ordinal), read.Positions.Locate("/x-notes/list/" + count).Start);
    }

    [Theory]
    [InlineData(0, "\"a\"", "a")]
    [InlineData(0, "\"\\u0061\"", "a")]
    [InlineData(20, "\"a\"", "a")]
    [InlineData(20, "\"\\u0061\"", "a")]
    [InlineData(20, "\"k3\"", "k3")]
    public void A_key_that_repeats_one_of_its_object_is_reported_at_the_repeat(int others, string repeat, string key)
    {
        // The first repeat in the file is the one reported, however the key is written and however many members
        // come before it; a repeat inside a later value does not come first.
        var text = new StringBuilder("{\"openapi\": \"3.0.3\", \"paths\": {}, \"x-notes\": {\"a\": 1, ");
        for (var index = 0; index < others; index++)
        {
            text.Append("\"k").Append(index).Append("\": ").Append(index).Append(", ");
        }

        text.Append(repeat).Append(": {\"b\": 1, \"b\": 2}}}");
        var json = text.ToString();

        var read = JsonSpecReader.Read("/specs/repeat.json", json);

        Assert.NotNull(read.Error);
        Assert.Contains($"duplicate key '{key}'", read.Error!.Arguments);
        Assert.Equal(json.LastIndexOf(repeat, System.StringComparison.Ordinal), read.Error.Location.Start);
    }

    [Theory]
    [InlineData("\"T\\ud800\": {\"type\": \"string\"}", "", "\\ud800")]
    [InlineData("\"T\": {\"type\": \"string\", \"enum\": [\"a\\udc00\"]}", "", "\\udc00")]
    [InlineData("\"T\": {\"type\": \"object\", \"properties\": {\"p\\ud83d x\": {\"type\": \"string\"}}}", "", "\\ud83d")]
    [InlineData("\"T\": {\"type\": \"object\", \"description\": \"half \\ud83d\\u0041\"}", "", "\\ud83d")]
    [InlineData("\"T\": {\"type\": \"string\"}", "\"/x\\udfff\": {}", "\\udfff")]
    public void A_lone_surrogate_escape_is_a_DDMG001_at_the_escape(string schema, string path, string escape)
    {
        // Regression: in a key, reading its text threw (incomplete UTF-16 text) and the generator stopped with DDMG901
        // at line 1; in a value, the OpenAPI reader refused the document with DDMG002 at #/, line 1.
        var json = "{\n\"openapi\": \"3.0.3\",\n\"info\": {\"title\": \"T\", \"version\": \"1\"},\n\"paths\": {\n" + path + "\n},\n\"components\": {\"schemas\": {\n" + schema + "\n}}}\n";

        var result = Healthy.Run(json, "/specs/surrogate.json");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG001", diagnostic.Id);
        Assert.Contains(escape, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal(Healthy.LineOf(json, escape), diagnostic.Line());
        Assert.Equal(json.IndexOf(escape, System.StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
    }

    [Fact]
    public void Both_halves_of_a_surrogate_pair_written_as_escapes_are_one_character()
    {
        var json = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"T\": {\"type\": \"object\", \"description\": \"smile \\ud83d\\ude00\", \"properties\": {\"p\\ud83d\\ude00\": {\"type\": \"string\"}}}}}}";

        var result = Healthy.Run(json, "/specs/pair.json");

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id.StartsWith("DDMG0", System.StringComparison.Ordinal));
        Assert.Contains("smile \U0001F600", result.Source("Test.Api.T.g.cs"), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\r", "plain text", false)]
    [InlineData("\r", "x\u2028y\u2029z\u0085w", false)]
    [InlineData("\n", "x\u2028y\u2029z\u0085w", false)]
    [InlineData("\r\n", "x\u2028y\u2029z\u0085w", false)]
    [InlineData("\r", "plain text", true)]
    [InlineData("\r", "x\u2028y\u2029z\u0085w", true)]
    [InlineData("\n", "x\u2028y\u2029z\u0085w", true)]
    [InlineData("\r\n", "x\u2028y\u2029z\u0085w", true)]
    public void Diagnostics_stand_on_the_line_the_compiler_counts(string lineBreak, string description, bool syntaxError)
    {
        // Lines ended only at LF: a spec with CR line ends was one line, and U+2028, U+2029 and U+0085 in a string,
        // which end a line for the compiler, did not count. A syntax error is placed by System.Text.Json, which counts
        // lines by LF alone: its line and byte in that line are mapped to the compiler's line.
        var json = Spec(lineBreak, description, syntaxError ? "\"b\": {\"type\" \"string\"}" : "\"b\": {\"$ref\": \"#/components/schemas/Missing\"}");

        var result = Healthy.Run(json, "/specs/lines.json");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(syntaxError ? "DDMG001" : "DDMG101", diagnostic.Id);
        Assert.Equal(Healthy.LineOf(json, "\"b\":"), diagnostic.Line());
        var at = syntaxError ? json.IndexOf(" \"string\"", System.StringComparison.Ordinal) + 1 : json.IndexOf("\"$ref\"", System.StringComparison.Ordinal);
        Assert.Equal(at, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(at - Microsoft.CodeAnalysis.Text.SourceText.From(json).Lines[diagnostic.Line() - 1].Start, diagnostic.Location.GetLineSpan().StartLinePosition.Character);
    }

    /// <summary>A spec of nine lines: schema A's description on line 6 and <paramref name="property"/> on line 7.</summary>
    private static string Spec(string lineBreak, string description, string property) => string.Join(
        lineBreak,
        "{",
        "\"openapi\": \"3.0.3\",",
        "\"info\": {\"title\": \"T\", \"version\": \"1\"},",
        "\"paths\": {},",
        "\"components\": {\"schemas\": {",
        "\"A\": {\"type\": \"object\", \"description\": \"" + description + "\", \"properties\": {",
        property,
        "}}",
        "}}}") + lineBreak;
}
