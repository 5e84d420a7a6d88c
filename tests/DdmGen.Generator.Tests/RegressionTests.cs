using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>
/// Every failure the fuzz campaign found, as its smallest spec in Regressions/Fuzz (a subfolder is one project with
/// several specs). Each must now meet every rule: no crash, no DDMG901, errors located inside the file, output
/// without a DDMG error compiles without a warning (the client too: the check references System.ClientModel), no
/// injected member. Checked in a child process, so a stack overflow fails its row.
/// </summary>
public sealed class RegressionTests
{
    private static string Folder => RepositoryPaths.Output("Regressions", "Fuzz");

    private static readonly Lazy<IReadOnlyDictionary<string, SpecVerdict>> Verdicts = new(() =>
        FuzzRunner.CheckDirectory(Folder, hangLimit: TimeSpan.FromSeconds(60), limit: TimeSpan.FromMinutes(15), client: true));

    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Directory.GetFileSystemEntries(Folder).Select(Path.GetFileName).Where(name => name is not null && !name.EndsWith(".md", StringComparison.Ordinal)).OrderBy(name => name, StringComparer.Ordinal))
        {
            data.Add(entry!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Regression_spec_breaks_no_rule(string name)
    {
        Assert.True(Verdicts.Value.TryGetValue(name, out var verdict), name + " was not checked");
        Assert.True(verdict.Death is null && verdict.Failures.Count == 0, verdict.Describe());
    }
}
