using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DdmGen.Generator.Model;
using DdmGen.Generator.Reading;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>
/// Reading never throws: truncated and corrupted versions of the real specs are either read or a DDMG001 or
/// DDMG002 inside the file. Seeded, so every run checks the same cases.
/// </summary>
public sealed class ReadingRobustnessTests
{
    private static readonly string[] Fragments = { "[", "]", "{", "}", ":", ": ", "&a ", "*a", "!!str ", "|", ">", "'", "\"", "\t", "- ", "? ", "#", "%", "@", "`", "\n", "\r", "\u2028", "\0", "---\n", "<<: *a\n", "~", "1e999", "-", "," };

    public static TheoryData<string> Specs => new() { "Specs/ddm-v3.yaml", "Specs/ddm-v3-extended.yaml", "Corpus/petstore.yaml", "Corpus/link-example.yaml" };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Corrupted_specs_are_read_or_reported_inside_the_file_and_never_throw(string relativePath)
    {
        var original = File.ReadAllText(RepositoryPaths.Output(relativePath));
        var random = new Random(relativePath.Length * 7919);
        var checkedCases = 0;
        foreach (var text in Mutations(original, random).Take(400))
        {
            var path = "/specs/" + Path.GetFileName(relativePath);
            var read = SpecReader.Read(path, text, text.Length);
            var diagnostics = new List<DiagnosticInfo>();
            if (read.Error is { } error)
            {
                diagnostics.Add(error);
            }
            else if (read.Root is System.Text.Json.Nodes.JsonObject root)
            {
                OpenApiDocumentReader.Read(root, read.Positions, Path.GetFileName(path), diagnostics);
            }

            var lines = Microsoft.CodeAnalysis.Text.SourceText.From(text).Lines.Count;
            foreach (var diagnostic in diagnostics)
            {
                Assert.True(diagnostic.Location.StartLine < lines && diagnostic.Location.Start <= text.Length, $"{diagnostic.Id} at line {diagnostic.Location.StartLine} of {lines} for:\n{text}");
                Assert.DoesNotContain("current state of the object", string.Join(" ", diagnostic.Arguments), StringComparison.Ordinal);
            }

            checkedCases++;
        }

        Assert.Equal(400, checkedCases);
    }

    private static IEnumerable<string> Mutations(string text, Random random)
    {
        while (true)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    yield return text.Substring(0, at);
                    break;
                case 1:
                    yield return text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(20)));
                    break;
                case 2:
                    yield return text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                default:
                    var from = random.Next(text.Length);
                    var length = Math.Min(text.Length - from, 1 + random.Next(200));
                    yield return text.Insert(at, text.Substring(from, length));
                    break;
            }
        }
    }
}
