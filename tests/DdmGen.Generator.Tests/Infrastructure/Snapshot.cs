using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace DdmGen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot files in Verify's naming, one per generated file:
/// <c>Snapshots/&lt;Test&gt;/&lt;HintName without .cs&gt;.verified.cs</c>. A mismatch writes <c>.received.cs</c> beside it
/// and fails with a diff; a missing or stale snapshot fails too. <c>DDMGEN_ACCEPT_SNAPSHOTS=1</c> accepts the output.
/// </summary>
internal static class Snapshot
{
    private const string Verified = ".verified.cs";
    private const string Received = ".received.cs";

    public static bool Accepting => Environment.GetEnvironmentVariable("DDMGEN_ACCEPT_SNAPSHOTS") == "1";

    public static void Verify(string testName, IEnumerable<(string HintName, string Text)> files)
    {
        var directory = Path.Combine(RepositoryPaths.SnapshotsDirectory, testName);
        Directory.CreateDirectory(directory);
        var failures = new List<string>();
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hintName, text) in files.OrderBy(file => file.HintName, StringComparer.Ordinal))
        {
            var stem = Path.Combine(directory, StripCs(hintName));
            produced.Add(stem + Verified);
            var actual = Normalize(text);
            var expected = File.Exists(stem + Verified) ? Normalize(File.ReadAllText(stem + Verified)) : null;
            if (expected == actual)
            {
                File.Delete(stem + Received);
                continue;
            }

            if (Accepting)
            {
                File.WriteAllText(stem + Verified, actual, new UTF8Encoding(false));
                File.Delete(stem + Received);
                continue;
            }

            File.WriteAllText(stem + Received, actual, new UTF8Encoding(false));
            failures.Add(expected is null
                ? $"New file {hintName}: no snapshot {Relative(stem + Verified)} (review {Relative(stem + Received)}, then accept)."
                : $"{hintName} differs from {Relative(stem + Verified)}:\n{Diff(expected, actual)}");
        }

        foreach (var stale in Directory.GetFiles(directory, "*" + Verified).Where(path => !produced.Contains(path)))
        {
            if (Accepting)
            {
                File.Delete(stale);
            }
            else
            {
                failures.Add($"{Relative(stale)} has no generated file any more (delete it, or accept).");
            }
        }

        if (failures.Count > 0)
        {
            Assert.Fail(string.Join("\n\n", failures) + "\n\nTo accept the new output: DDMGEN_ACCEPT_SNAPSHOTS=1 dotnet test");
        }
    }

    private static string StripCs(string hintName) => hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName;

    private static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n");

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.TestProjectDirectory, path);

    private static string Diff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var output = new StringBuilder();
        var lines = diff.Lines;
        for (var index = 0; index < lines.Count; index++)
        {
            if (lines[index].Type == ChangeType.Unchanged && !Near(lines, index))
            {
                continue;
            }

            var prefix = lines[index].Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            };
            output.Append(prefix).Append(lines[index].Position?.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) ?? "    ").Append(' ').AppendLine(lines[index].Text);
        }

        return output.ToString();
    }

    /// <summary>Whether an unchanged line is within two lines of a change, so the diff shows context.</summary>
    private static bool Near(List<DiffPiece> lines, int index)
    {
        for (var other = Math.Max(0, index - 2); other <= Math.Min(lines.Count - 1, index + 2); other++)
        {
            if (lines[other].Type != ChangeType.Unchanged)
            {
                return true;
            }
        }

        return false;
    }
}
