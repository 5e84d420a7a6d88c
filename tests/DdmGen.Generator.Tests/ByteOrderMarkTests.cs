using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Text;

namespace DdmGen.Generator.Tests;

/// <summary>
/// A byte order mark at the start of a spec's text (a host that passes the file's text as written, or a file with the
/// mark twice) is no part of the document: YAML allows one there, and JSON readers skip it. The spec reads as without
/// it, and every place still counts the mark, which the text the compiler holds has.
/// </summary>
public sealed class ByteOrderMarkTests
{
    private const string Yaml = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id: {type: string}\n";

    private const string Json = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"Pet\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}}}}\n";

    [Theory]
    [InlineData("/specs/pets.yaml", Yaml)]
    [InlineData("/specs/pets.yaml", "# The pets.\n" + Yaml)]
    [InlineData("/specs/pets.json", Json)]
    public void A_spec_after_a_byte_order_mark_generates_what_it_does_without_one(string path, string text)
    {
        var plain = GeneratorHarness.Run(new SpecFile(path, text));
        var marked = GeneratorHarness.Run(new SpecFile(path, "\uFEFF" + text));

        Assert.Empty(plain.Diagnostics);
        Assert.Empty(marked.Diagnostics);
        Assert.NotEmpty(marked.Sources);
        Assert.Equal(plain.Sources.Select(source => (source.HintName, source.SourceText.ToString())), marked.Sources.Select(source => (source.HintName, source.SourceText.ToString())));
    }

    /// <summary>A finding on the first line is placed one character on, past the mark; on a later line, where it is.</summary>
    [Theory]
    [InlineData("/specs/pets.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {Pet: {typ: object}}}\n")]
    [InlineData("/specs/pets.yaml", "{openapi: 3.0.3, info: {title: T, version: '1'}, paths: {}, components: {schemas: {Pet: {typ: object}}}}\n")]
    [InlineData("/specs/pets.json", "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"Pet\": {\"typ\": \"object\"}}}}\n")]
    [InlineData("/specs/pets.yaml", "{openapi: 3.0.3, openapi: 3.0.3}\n", "DDMG001")]
    [InlineData("/specs/pets.yaml", "{openapi: 3.0.3, info: [}\n", "DDMG001")]
    [InlineData("/specs/pets.json", "{\"openapi\": \"3.0.3\", \"info\": [}\n", "DDMG001")]
    public void A_finding_after_a_byte_order_mark_is_placed_in_the_text_as_held(string path, string text, string id = "DDMG006")
    {
        var plain = GeneratorHarness.Run(new SpecFile(path, text)).Diagnostics.Single(diagnostic => diagnostic.Id == id);
        var marked = GeneratorHarness.Run(new SpecFile(path, "\uFEFF" + text)).Diagnostics.Single(diagnostic => diagnostic.Id == id);

        var span = plain.Location.GetLineSpan().Span;
        var shift = span.Start.Line == 0 ? 1 : 0;
        Assert.Equal(plain.Location.SourceSpan.Start + 1, marked.Location.SourceSpan.Start);
        Assert.Equal(plain.Location.SourceSpan.Length, marked.Location.SourceSpan.Length);
        Assert.Equal(new LinePosition(span.Start.Line, span.Start.Character + shift), marked.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(plain.GetMessage(System.Globalization.CultureInfo.InvariantCulture), marked.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
