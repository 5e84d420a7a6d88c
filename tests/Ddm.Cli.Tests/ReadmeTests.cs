using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>What README says of <c>ddm</c> and what <c>ddm --help</c> says agree.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public async Task Readme_names_every_exit_code_help_lists()
    {
        var (exitCode, help, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--help" });
        Assert.Equal(0, exitCode);
        var codes = Regex.Matches(help.Split("Exit codes:")[1].Split("Usage:")[0], @"^\s+(\d+)\s", RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value)
            .ToList();
        Assert.Contains("74", codes);

        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var paragraph = readme[readme.IndexOf("Exit codes: 0 success", StringComparison.Ordinal)..];
        paragraph = paragraph[..paragraph.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.All(codes, code => Assert.Matches(@"(?<![\d/])" + code + @"(?![\d/])", paragraph));
    }

    [Fact]
    public async Task Every_option_of_readme_s_command_summary_is_in_help()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var summary = Regex.Match(readme, "### Commands\n\n```\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("ddm backups list", summary, StringComparison.Ordinal);
        var helps = new Dictionary<string, string>();
        foreach (var command in new[] { "backups list", "backups restore-window", "emulator" })
        {
            var (exitCode, help, _) = await Harness.Run(new Dictionary<string, string?>(), command.Split(' ').Append("--help").ToArray());
            Assert.Equal(0, exitCode);
            helps[command] = help;
        }

        foreach (var line in summary.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "backups commands also: ..." applies to both backups commands.
            var commands = line.StartsWith("backups commands", StringComparison.Ordinal)
                ? new[] { "backups list", "backups restore-window" }
                : helps.Keys.Where(command => line.StartsWith("ddm " + command + " ", StringComparison.Ordinal) || line == "ddm " + command).ToArray();
            Assert.NotEmpty(commands);
            foreach (Match option in Regex.Matches(line, @"--[a-z-]+"))
            {
                Assert.All(commands, command => Assert.Contains(option.Value + " ", helps[command] + " ", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Readme_says_which_values_timeout_takes()
    {
        var (exitCode, _, error) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", "--timeout", "soon" });
        Assert.Equal(2, exitCode);
        var accepted = Regex.Match(error, @"from [\d.]+ to (?<most>\d+), or a value such as (?<units>.+?), not");
        Assert.True(accepted.Success, error);
        var units = accepted.Groups["units"].Value.Split(new[] { ", ", " or " }, StringSplitOptions.None);
        Assert.True(units.Length >= 2, error);

        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var sentence = Regex.Match(readme, @"`--timeout`[^.]*\.", RegexOptions.Singleline).Value;
        Assert.All(units, unit => Assert.Contains("`" + unit + "`", sentence, StringComparison.Ordinal));
        Assert.Contains(accepted.Groups["most"].Value + " s", sentence, StringComparison.Ordinal);
    }

    internal static string RepoRoot()
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
