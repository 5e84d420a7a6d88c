using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>Every spec under Regressions/ generates without a crash and meets the expectations written at its top.</summary>
public sealed class HardeningTests
{
    private static string Folder => Path.Combine(RepositoryPaths.TestProjectDirectory, "Regressions");

    public static TheoryData<string> Specs() => new(
        Directory.GetFiles(Folder).Where(path => !path.EndsWith(".md", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Each_regression_spec_is_handled(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(Folder, fileName));
        var prefix = fileName.EndsWith(".json", StringComparison.Ordinal) ? "// expect " : "# expect ";
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var expectations = lines.TakeWhile(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line.Substring(prefix.Length)).ToList();
        Assert.NotEmpty(expectations);

        var result = Healthy.Run(text, "/specs/" + fileName);

        foreach (var expectation in expectations)
        {
            if (expectation == "no errors")
            {
                Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
                continue;
            }

            var at = expectation.IndexOf(" at: ", StringComparison.Ordinal);
            var id = at < 0 ? expectation : expectation.Substring(0, at);
            var matches = result.Diagnostics.Where(diagnostic => diagnostic.Id == id).ToList();
            Assert.True(matches.Count > 0, $"expected {id}; got:\n{string.Join("\n", result.Diagnostics)}");
            if (at >= 0)
            {
                var marker = expectation.Substring(at + " at: ".Length);
                var line = Array.FindIndex(lines, expectations.Count, candidate => candidate.Contains(marker, StringComparison.Ordinal)) + 1;
                Assert.True(line > 0, $"marker '{marker}' is not in {fileName}");
                Assert.True(matches.Any(diagnostic => diagnostic.Line() == line), $"expected {id} on line {line}; got:\n{string.Join("\n", matches)}");
            }
        }
    }
}
