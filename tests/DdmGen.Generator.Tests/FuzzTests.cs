using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>
/// A seeded mutation campaign over the spec, the test specs and the example corpus, in a child process (see
/// tests/DdmGen.Fuzz). For every case: no exception escapes the generator, no DDMG901, every error is located inside
/// the file, and (in the campaign with the client compiled) output without a DDMG error compiles with zero errors and zero
/// warnings. The same seed gives the same cases.
/// Longer campaigns: <c>dotnet run -c Release --project tests/DdmGen.Fuzz -- --cases 50000 --seed N</c>.
/// </summary>
public sealed class FuzzTests
{
    private static readonly Regex Summary = new(
        @"cases (?<cases>\d+), crashes (?<crashes>\d+), hangs (?<hangs>\d+), uncompilable (?<uncompilable>\d+), internal errors (?<internal>\d+), bad locations (?<locations>\d+), injections (?<injections>\d+)",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Seeded_mutations_of_every_spec_break_no_rule() =>
        Campaign(Setting("DDMGEN_FUZZ_CASES", 2000), Environment.GetEnvironmentVariable("DDMGEN_FUZZ_SEED") is { Length: > 0 } given ? given : "ci", client: false);

    /// <summary>
    /// The same rules with System.ClientModel referenced, so the client is generated and compiled too, with the
    /// mutations that matter to it (deprecated operations and schemas, added query arguments). About four times
    /// slower per case than the models alone, so fewer cases.
    /// </summary>
    [Fact]
    public void Seeded_mutations_with_the_client_compiled_break_no_rule() =>
        Campaign(Setting("DDMGEN_FUZZ_CLIENT_CASES", 400), "ci-client", client: true);

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var wanted) ? wanted : fallback;

    private static void Campaign(int cases, string seed, bool client)
    {
        var output = Path.Combine(Path.GetTempPath(), "ddmgen-fuzz-" + seed + "-" + Guid.NewGuid().ToString("N"));

        // A generous guard against a runner that never ends; the runner guards each case itself (--timeout).
        var (exitCode, stdout, stderr) = FuzzRunner.Run(
            "--cases " + cases.ToString(CultureInfo.InvariantCulture) + " --seed \"" + seed + "\" --out \"" + output + "\" --no-minimize --timeout 30",
            TimeSpan.FromMinutes(40),
            client: client);

        var summary = Summary.Match(stdout);
        Assert.True(summary.Success, "the fuzz runner printed no summary (exit " + exitCode + "):\n" + stdout + "\n" + stderr);
        var report = stdout + "\nThe failing specs are in " + output + " (spec and info.txt per case); rerun one with\n"
            + "  " + (client ? "DDMGEN_FUZZ_CLIENT=1 " : string.Empty) + "dotnet run --project tests/DdmGen.Fuzz -- --check <spec>";
        Assert.True(int.Parse(summary.Groups["cases"].Value, CultureInfo.InvariantCulture) >= Math.Min(cases, 2000), report);
        foreach (var rule in new[] { "crashes", "hangs", "uncompilable", "internal", "locations", "injections" })
        {
            Assert.True(summary.Groups[rule].Value == "0", rule + " in seed " + seed + ":\n" + report);
        }

        Assert.Equal(0, exitCode);
        Directory.Delete(output, recursive: true);
    }

    /// <summary>
    /// Case 2311 of seed 11 puts a YAML alias inside its own target; writing its JSON form recursed until the stack
    /// overflowed and killed the campaign's supervisor. Now the runner says the case was not built and goes on.
    /// </summary>
    [Fact]
    public void A_case_whose_alias_sits_inside_its_own_target_is_not_built_and_kills_nothing()
    {
        var (exitCode, stdout, stderr) = FuzzRunner.Run("--dump 2311 --seed 11 --out \"" + Path.Combine(Path.GetTempPath(), "ddmgen-fuzz-dump-" + Guid.NewGuid().ToString("N")) + "\"", TimeSpan.FromMinutes(2));

        Assert.DoesNotContain("Stack overflow", stderr, StringComparison.Ordinal);
        Assert.True(exitCode is 0 or 1, "exit " + exitCode + ":\n" + stdout + "\n" + stderr);
        if (exitCode == 1)
        {
            Assert.Contains("was not built", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_cases()
    {
        var first = FuzzRunner.Run("--list --cases 40 --seed repeat", TimeSpan.FromMinutes(2));
        var second = FuzzRunner.Run("--list --cases 40 --seed repeat", TimeSpan.FromMinutes(2));
        var other = FuzzRunner.Run("--list --cases 40 --seed other", TimeSpan.FromMinutes(2));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
        Assert.NotEqual(first.Output, other.Output);
        Assert.Equal(40, first.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
