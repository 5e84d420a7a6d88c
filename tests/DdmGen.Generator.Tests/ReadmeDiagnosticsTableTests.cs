using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DdmGen.Generator.Diagnostics;

namespace DdmGen.Generator.Tests;

/// <summary>README's table of diagnostics names every diagnostic the generator and its build file report, each once, at its severity.</summary>
public sealed class ReadmeDiagnosticsTableTests
{
    [Fact]
    public void The_table_lists_every_diagnostic_with_its_severity()
    {
        var root = RepoRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var table = Regex.Matches(readme, @"^\| (DDMG\d{3}) \| (\w+) \|", RegexOptions.Multiline)
            .Select(match => $"{match.Groups[1].Value} {match.Groups[2].Value}")
            .ToList();

        // DDMG008 is the build's (build/DdmGen.Generator.props): the compiler never sees the second item.
        var props = File.ReadAllText(Path.Combine(root, "generator", "DdmGen.Generator", "build", "DdmGen.Generator.props"));
        var build = Regex.Matches(props, @"<Warning [^>]*Code=""(DDMG\d{3})""").Select(match => $"{match.Groups[1].Value} warning");
        var expected = DiagnosticCatalog.All
            .Select(descriptor => $"{descriptor.Id} {descriptor.DefaultSeverity.ToString().ToLowerInvariant()}")
            .Concat(build)
            .OrderBy(entry => entry, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected, table.OrderBy(entry => entry, StringComparer.Ordinal).ToList());
    }

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DdmGen.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (DdmGen.sln) was not found above " + AppContext.BaseDirectory);
    }
}
