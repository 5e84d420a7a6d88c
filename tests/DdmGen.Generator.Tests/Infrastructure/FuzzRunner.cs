using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace DdmGen.Generator.Tests.Infrastructure;

/// <summary>A rule a spec broke, as the fuzz runner reports it.</summary>
internal sealed record RuleFailure(string Kind, string Signature, string Detail)
{
    public override string ToString() => Kind + " " + Signature + ": " + Detail;
}

/// <summary>What the runner found for one spec (or one project folder of specs).</summary>
internal sealed class SpecVerdict
{
    public required string Name { get; init; }

    public long AllocatedBytes { get; set; }

    public List<RuleFailure> Failures { get; } = new();

    /// <summary>Set when the spec killed the process that checked it (stack overflow, out of memory).</summary>
    public string? Death { get; set; }

    public bool Finished { get; set; }

    public string Describe() =>
        Death is not null
            ? Name + " killed the checking process: " + Death
            : Name + ": " + (Failures.Count == 0 ? "passed" : string.Join(Environment.NewLine + "  ", Failures));
}

/// <summary>
/// Runs tests/DdmGen.Fuzz in a child process. The generator runs there, so a stack overflow or an out-of-memory
/// kills the child, never the test host, and the test names the spec that did it.
/// </summary>
internal static class FuzzRunner
{
    /// <summary>The runner's build output: its Release build (the generator as packed), same framework as this test assembly.</summary>
    public static string Assembly
    {
        get
        {
            var testProject = RepositoryPaths.TestProjectDirectory;
            var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
            var path = Path.Combine(Path.GetDirectoryName(testProject)!, "DdmGen.Fuzz", "bin", "Release", framework, "DdmGen.Fuzz.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("The fuzz runner is built with the tests (project reference); not found at " + path);
        }
    }

    /// <summary>
    /// Runs the runner with <paramref name="arguments"/>; kills it after <paramref name="limit"/>. With
    /// <paramref name="client"/> the generated code is compiled against System.ClientModel too, so the client is checked.
    /// </summary>
    public static (int ExitCode, string Output, string Error) Run(string arguments, TimeSpan limit, Action<string>? onLine = null, bool client = false)
    {
        var info = new ProcessStartInfo("dotnet", "\"" + Assembly + "\" " + arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x80000000";
        if (client)
        {
            info.Environment["DDMGEN_FUZZ_CLIENT"] = "1";
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
                onLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && error.Length < 32_000)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
            {
                output.AppendLine("TIMEOUT after " + limit.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s");
            }

            return (-1, output.ToString(), error.ToString());
        }

        process.WaitForExit();
        lock (output)
        {
            lock (error)
            {
                return (process.ExitCode, output.ToString(), error.ToString());
            }
        }
    }

    /// <summary>
    /// Checks every spec in <paramref name="folder"/> with every rule (a subfolder is one project with several specs
    /// and no Namespace metadata). A spec that kills the runner gets a verdict naming the death; the rest go on in a new one.
    /// </summary>
    public static IReadOnlyDictionary<string, SpecVerdict> CheckDirectory(string folder, TimeSpan hangLimit, TimeSpan limit, bool client = false)
    {
        var verdicts = new Dictionary<string, SpecVerdict>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            string? current = null;
            var skip = string.Join("|", verdicts.Where(pair => pair.Value.Finished).Select(pair => pair.Key));
            var (exitCode, _, error) = Run(
                "--check-dir \"" + folder + "\" --timeout " + ((int)hangLimit.TotalSeconds).ToString(CultureInfo.InvariantCulture) + (skip.Length > 0 ? " --skip-names \"" + skip + "\"" : string.Empty),
                limit,
                line =>
                {
                    var parts = line.Split('\t');
                    if (parts.Length < 2)
                    {
                        return;
                    }

                    if (!verdicts.TryGetValue(parts[1], out var verdict))
                    {
                        verdict = new SpecVerdict { Name = parts[1] };
                        verdicts[parts[1]] = verdict;
                    }

                    switch (parts[0])
                    {
                        case "BEGIN":
                            current = parts[1];
                            break;
                        case "ALLOC":
                            verdict.AllocatedBytes = long.Parse(parts[2], CultureInfo.InvariantCulture);
                            break;
                        case "FAIL":
                            verdict.Failures.Add(new RuleFailure(parts[2], parts[3], parts.Length > 4 ? parts[4] : string.Empty));
                            break;
                        case "DONE":
                            verdict.Finished = true;
                            current = null;
                            break;
                    }
                },
                client);
            if (exitCode == 0)
            {
                return verdicts;
            }

            if (current is null)
            {
                if (exitCode == 3)
                {
                    // A hang: reported as a failure of the spec; the runner stopped so the stuck thread ends with it.
                    continue;
                }

                throw new InvalidOperationException("the fuzz runner failed outside a spec (exit " + exitCode.ToString(CultureInfo.InvariantCulture) + "): " + error);
            }

            var dead = verdicts[current];
            dead.Death = "exit code " + exitCode.ToString(CultureInfo.InvariantCulture) + ", " + string.Join(" | ", error.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).Take(4));
            dead.Finished = true;
        }

        throw new InvalidOperationException("the fuzz runner kept dying");
    }
}
