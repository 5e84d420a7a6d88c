using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace DdmGen.Fuzz;

/// <summary>
/// The command line. Without <c>--worker</c> it supervises: it starts a worker process over the case range and,
/// when the worker dies (stack overflow, out of memory, a hang it gave up on), records the case it was running
/// as a crash and starts a new worker after it. The summary line is
/// <c>cases N, crashes N, hangs N, uncompilable N, internal errors N, bad locations N</c>.
/// </summary>
internal static class Campaign
{
    private const int HangExitCode = 3;

    public static int Run(string[] args)
    {
        var options = Options.Parse(args);
        SpecChecker.HangLimit = TimeSpan.FromSeconds(options.TimeoutSeconds);
        if (options.Probe is not null)
        {
            // A crash probe: survive generation (exit 0) or die.
            var text = File.ReadAllText(options.Probe);
            var outcome = SpecChecker.Generate("/fuzz/" + Path.GetFileName(options.Probe), text, "Fuzz.Probe", "ProbeClient");
            Console.WriteLine(string.Join(" ", outcome.Failures.Select(failure => failure.Signature)));
            return outcome.Failures.Any(failure => failure.Kind is FailureKind.Crash or FailureKind.Hang) ? 2 : 0;
        }

        if (options.Shrink is not null)
        {
            return ShrinkFile(options);
        }

        if (options.Dump is { } dump)
        {
            // Writes one case's spec to the output folder, to rerun it with --check.
            FuzzCase fuzzCase;
            try
            {
                fuzzCase = Mutator.Create(options.Seed, dump, Worker.LoadSeeds());
            }
            catch (InvalidOperationException exception)
            {
                // A fault of the mutator (as a campaign counts it): the case has no text to write.
                Console.Error.WriteLine("case " + dump + " of seed " + options.Seed + " was not built: " + exception.Message);
                return 1;
            }

            Directory.CreateDirectory(options.Output);
            var file = Path.Combine(options.Output, fuzzCase.FileName);
            if (HasLoneSurrogate(fuzzCase.Text))
            {
                // A lone surrogate has no UTF-8 form: the file holds U+FFFD in its place, so --check of it may not
                // fail as the case did in the campaign (which hands the generator the text, not a file).
                Console.Error.WriteLine("case " + dump + " of seed " + options.Seed + " has a lone surrogate, written as U+FFFD");
            }

            File.WriteAllText(file, fuzzCase.Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            Console.WriteLine(file);
            return 0;
        }

        if (options.List)
        {
            // The cases a seed gives, without running them: index, a hash of the text, the mutations.
            var seeds = Worker.LoadSeeds();
            for (var i = 0; i < options.Cases; i++)
            {
                var fuzzCase = Mutator.Create(options.Seed, i, seeds);
                var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(fuzzCase.Text)))[..16];
                Console.WriteLine(i.ToString(CultureInfo.InvariantCulture) + "\t" + hash + "\t" + FuzzText.Escape(string.Join("; ", fuzzCase.Mutations), 200));
            }

            return 0;
        }

        if (options.CheckDirectory is not null)
        {
            return CheckDirectory(options);
        }

        if (options.Check is not null)
        {
            var text = File.ReadAllText(options.Check);
            var outcome = SpecChecker.CheckAll("/fuzz/" + Path.GetFileName(options.Check), text);
            foreach (var failure in outcome.Failures)
            {
                Console.WriteLine(failure.Kind + "\t" + failure.Signature + "\t" + failure.Detail);
            }

            Console.WriteLine(outcome.Failures.Count == 0 ? "passed" : "failed");
            return outcome.Failures.Count == 0 ? 0 : 1;
        }

        return options.Worker ? Worker.Run(options) : Supervise(options);
    }

    /// <summary>
    /// Checks every spec in a folder (a subfolder is one project with all its specs, without Namespace metadata),
    /// one line per event: <c>BEGIN name</c>, <c>ALLOC name bytes</c>, <c>FAIL name kind signature detail</c>, <c>DONE name</c>.
    /// </summary>
    private static int CheckDirectory(Options options)
    {
        SpecChecker.HangLimit = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var folder = options.CheckDirectory!;
        var entries = Directory.GetFileSystemEntries(folder)
            .Where(entry => Directory.Exists(entry) || entry.EndsWith(".yaml", StringComparison.Ordinal) || entry.EndsWith(".yml", StringComparison.Ordinal) || entry.EndsWith(".json", StringComparison.Ordinal))
            .OrderBy(entry => Path.GetFileName(entry), StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (options.SkipNames.Contains(name))
            {
                continue;
            }

            Console.WriteLine("BEGIN\t" + name);
            Console.Out.Flush();
            var outcome = Directory.Exists(entry)
                ? SpecChecker.CheckAll(Directory.GetFiles(entry).OrderBy(file => file, StringComparer.Ordinal).Select(file => ("/project/" + name + "/" + Path.GetFileName(file), File.ReadAllText(file))).ToList(), null, null)
                : SpecChecker.CheckAll("/specs/" + name, File.ReadAllText(entry), "Check.Spec", "CheckClient");
            Console.WriteLine("ALLOC\t" + name + "\t" + outcome.AllocatedBytes.ToString(CultureInfo.InvariantCulture));
            foreach (var failure in outcome.Failures)
            {
                Console.WriteLine("FAIL\t" + name + "\t" + failure.Kind + "\t" + failure.Signature + "\t" + FuzzText.Escape(failure.Detail, 400).Replace('\t', ' '));
            }

            Console.WriteLine("DONE\t" + name);
            Console.Out.Flush();
            if (outcome.Failures.Any(failure => failure.Kind == FailureKind.Hang))
            {
                return 3;
            }
        }

        return 0;
    }

    /// <summary>Whether the text holds a surrogate without its pair, which UTF-8 cannot encode.</summary>
    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Shrinks one failing spec further (more time than a campaign gives): <c>--shrink FILE --signature SIG</c>.</summary>
    private static int ShrinkFile(Options options)
    {
        var file = options.Shrink!;
        var text = File.ReadAllText(file);
        var json = file.EndsWith(".json", StringComparison.Ordinal);
        SpecNode? tree = null;
        try
        {
            tree = options.Lines ? null : SpecNode.Load(text);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Console.Error.WriteLine("not a tree (" + exception.GetType().Name + "), shrinking lines");
        }

        var fuzzCase = new FuzzCase(0, "shrink", Path.GetFileName(file), text, Array.Empty<string>(), tree, json);
        var signature = options.Signature ?? throw new ArgumentException("--signature is required");
        var probes = 0;
        bool StillFails(string candidate)
        {
            probes++;
            if (signature.StartsWith("crash:StackOverflow", StringComparison.Ordinal) || signature.StartsWith("crash:OutOfMemory", StringComparison.Ordinal))
            {
                var probeFile = file + ".probe" + Path.GetExtension(file);
                File.WriteAllText(probeFile, candidate);
                var probe = Start(options, "--probe \"" + probeFile + "\"");
                probe.StandardOutput.ReadToEnd();
                var error = probe.StandardError.ReadToEnd();
                probe.WaitForExit();
                File.Delete(probeFile);
                return probe.ExitCode != 0 && probe.ExitCode != 2 && "crash:" + DeathSignature(new WorkerRun { ExitCode = probe.ExitCode, Error = error }) == signature;
            }

            return SpecChecker.CheckAll("/fuzz/" + Path.GetFileName(file), candidate).Failures.Any(failure => failure.Signature == signature);
        }

        var small = Shrinker.Shrink(fuzzCase, StillFails, TimeSpan.FromSeconds(options.MinimizeSeconds));
        var target = Path.ChangeExtension(file, ".min" + Path.GetExtension(file));
        File.WriteAllText(target, small);
        Console.WriteLine("wrote " + target + " (" + small.Split('\n').Length + " lines, " + probes + " probes)");
        return 0;
    }

    private static int Supervise(Options options)
    {
        Directory.CreateDirectory(options.Output);
        var watch = Stopwatch.StartNew();
        var results = new Dictionary<int, CaseResult>();
        var skip = new SortedSet<int>();
        var single = new List<(int From, int To)>();
        var restarts = 0;
        while (true)
        {
            var next = Enumerable.Range(0, options.Cases).FirstOrDefault(i => !results.ContainsKey(i), -1);
            if (next < 0)
            {
                break;
            }

            skip.UnionWith(results.Keys.Where(index => index > next));
            var run = RunWorker(options, next, skip, single, results);
            if (run.ExitCode == 0)
            {
                // Every case that was not skipped has a result.
                continue;
            }

            restarts++;
            if (run.ExitCode == HangExitCode)
            {
                // The worker reported the hang and every case before it, then stopped the stuck thread with itself.
                continue;
            }

            if (run.Phase == Phase.Generating && run.Current >= 0 && !results.ContainsKey(run.Current))
            {
                Died(options, run, run.Current, results, skip);
            }
            else if (run.Phase == Phase.Compiling && run.Current >= 0)
            {
                if (run.BatchFrom == run.BatchTo)
                {
                    Died(options, run, run.BatchFrom, results, skip);
                }
                else
                {
                    single.Add((run.BatchFrom, run.BatchTo));
                }
            }
            else if (run.ExitCode != HangExitCode && run.Phase != Phase.Minimizing)
            {
                Console.Error.WriteLine("worker exited with " + run.ExitCode + " outside a case: " + Tail(run.Error));
                if (restarts > options.Cases + 10)
                {
                    return 2;
                }
            }

            if (restarts > options.Cases + 10)
            {
                Console.Error.WriteLine("too many worker restarts");
                return 2;
            }
        }

        var failed = results.Values.Where(result => result.Failures.Count > 0).ToList();
        int Count(FailureKind kind) => failed.Count(result => result.Failures.Any(failure => failure.Kind == kind));
        var summary = string.Format(
            CultureInfo.InvariantCulture,
            "cases {0}, crashes {1}, hangs {2}, uncompilable {3}, internal errors {4}, bad locations {5}, injections {6}",
            results.Values.Count(result => !result.Skipped),
            Count(FailureKind.Crash),
            Count(FailureKind.Hang),
            Count(FailureKind.Uncompilable),
            Count(FailureKind.InternalError),
            Count(FailureKind.BadLocation),
            Count(FailureKind.Injection));
        var report = new StringBuilder();
        report.AppendLine("seed " + options.Seed + ", " + watch.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s, " + restarts + " worker restarts");
        report.AppendLine(summary);
        if (results.Values.Any(result => result.Skipped))
        {
            report.AppendLine("not built (mutator faults): " + results.Values.Count(result => result.Skipped));
        }

        foreach (var group in failed.SelectMany(result => result.Failures.Select(failure => (result, failure))).GroupBy(pair => pair.failure.Signature).OrderByDescending(group => group.Count()))
        {
            var (first, failure) = group.First();
            report.AppendLine(string.Format(CultureInfo.InvariantCulture, "FAIL {0} x{1}: case {2} seed {3}: {4}", group.Key, group.Count(), first.Index, options.Seed, failure.Detail));
            report.AppendLine("     mutations: " + first.Mutations);
            report.AppendLine("     cases: " + string.Join(",", group.Select(pair => pair.result.Index).Distinct().Take(20)));
        }

        File.WriteAllText(Path.Combine(options.Output, "summary.txt"), report.ToString());
        Console.Write(report.ToString());
        Console.WriteLine("failures written to " + options.Output);
        return failed.Count == 0 ? 0 : 1;
    }

    private static void Died(Options options, WorkerRun run, int index, Dictionary<int, CaseResult> results, SortedSet<int> skip)
    {
        var signature = "crash:" + DeathSignature(run);
        FuzzCase fuzzCase;
        try
        {
            fuzzCase = Mutator.Create(options.Seed, index, Worker.LoadSeeds());
        }
        catch (InvalidOperationException)
        {
            fuzzCase = new FuzzCase(index, options.Seed, "case" + index + ".yaml", string.Empty, new[] { "(not rebuilt)" }, null, false);
        }

        var failure = new Failure(FailureKind.Crash, signature, "process died (exit " + run.ExitCode + "): " + Mutator.Escape(FirstMeaningfulLine(run.Error)));
        results[index] = new CaseResult(index, string.Join("; ", fuzzCase.Mutations), new List<Failure> { failure });
        skip.Add(index);
        Console.Error.WriteLine("case " + index + " killed the worker: " + signature);
        var folder = Path.Combine(options.Output, "case" + index.ToString(CultureInfo.InvariantCulture));
        var firstOfKind = !results.Values.Any(result => result.Index != index && result.Failures.Any(f => f.Signature == signature));
        Worker.WriteCase(folder, fuzzCase, new[] { failure });
        File.WriteAllText(Path.Combine(folder, "stderr.txt"), run.Error.Length > 16_000 ? run.Error[..16_000] : run.Error);
        if (options.Minimize && firstOfKind)
        {
            // Shrink with a child process per attempt: the failure kills whoever runs it.
            var probes = 0;
            bool StillDies(string text)
            {
                if (probes++ >= options.CrashProbes)
                {
                    return false;
                }

                var file = Path.Combine(folder, "probe" + (fuzzCase.Json ? ".json" : ".yaml"));
                File.WriteAllText(file, text);
                var probe = Start(options, "--probe \"" + file + "\"");
                probe.StandardOutput.ReadToEnd();
                var error = probe.StandardError.ReadToEnd();
                probe.WaitForExit();
                File.Delete(file);
                return probe.ExitCode != 0 && DeathSignature(new WorkerRun { ExitCode = probe.ExitCode, Error = error }) == signature["crash:".Length..]
                    || probe.ExitCode == 2 && signature == "crash:" + DeathSignature(new WorkerRun { ExitCode = 2, Error = error });
            }

            var minimized = Shrinker.Shrink(fuzzCase, StillDies, TimeSpan.FromSeconds(options.MinimizeSeconds * 2));
            File.WriteAllText(Path.Combine(folder, "minimized" + (fuzzCase.Json ? ".json" : ".yaml")), minimized);
        }
    }

    private static string DeathSignature(WorkerRun run)
    {
        var error = run.Error;
        var kind = error.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) ? "StackOverflow"
            : error.Contains("OutOfMemory", StringComparison.Ordinal) ? "OutOfMemory"
            : "exit" + run.ExitCode.ToString(CultureInfo.InvariantCulture);
        // The frame seen most often is the recursion; without repetition, the first frame of the generator or its readers.
        var frames = error.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("at ", StringComparison.Ordinal))
            .Select(line => line.Substring(3, (line.IndexOf('(', StringComparison.Ordinal) is var paren and > 3 ? paren : line.Length) - 3)).ToList();
        var recursion = frames.GroupBy(frame => frame, StringComparer.Ordinal).Where(group => group.Count() > 3).OrderByDescending(group => group.Count()).Select(group => group.Key).FirstOrDefault()
            ?? frames.FirstOrDefault(frame => frame.StartsWith("DdmGen.Generator", StringComparison.Ordinal) || frame.StartsWith("YamlDotNet", StringComparison.Ordinal) || frame.StartsWith("SharpYaml", StringComparison.Ordinal) || frame.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal));
        if (recursion is not null)
        {
            kind += ":" + recursion;
        }

        return kind;
    }

    private static string FirstMeaningfulLine(string text) =>
        text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? string.Empty;

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;

    private enum Phase
    {
        None,
        Generating,
        Compiling,
        Minimizing,
    }

    private sealed class WorkerRun
    {
        public int ExitCode { get; set; }

        public string Error { get; set; } = string.Empty;

        public Phase Phase { get; set; }

        public int Current { get; set; } = -1;

        public int BatchFrom { get; set; }

        public int BatchTo { get; set; }
    }

    internal static Process Start(Options options, string arguments)
    {
        var self = typeof(Campaign).Assembly.Location;
        var info = new ProcessStartInfo("dotnet", "\"" + self + "\" " + arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Out of memory should come quickly and stay inside the worker, not starve the machine.
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + (options.MemoryLimitMb * 1024L * 1024L).ToString("X", CultureInfo.InvariantCulture);
        info.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(info)!;
    }

    private static WorkerRun RunWorker(Options options, int from, SortedSet<int> skip, List<(int From, int To)> single, Dictionary<int, CaseResult> results)
    {
        var arguments = new StringBuilder();
        arguments.Append("--worker --seed \"").Append(options.Seed).Append("\" --from ").Append(from).Append(" --cases ").Append(options.Cases)
            .Append(" --batch ").Append(options.Batch).Append(" --out \"").Append(options.Output).Append("\" --timeout ").Append(options.TimeoutSeconds)
            .Append(" --minimize-seconds ").Append(options.MinimizeSeconds);
        if (!options.Minimize)
        {
            arguments.Append(" --no-minimize");
        }

        if (skip.Count > 0)
        {
            arguments.Append(" --skip ").Append(string.Join(",", skip));
        }

        if (single.Count > 0)
        {
            arguments.Append(" --single ").Append(string.Join(",", single.Select(range => range.From + "-" + range.To)));
        }

        var minimizedSignatures = results.Values.SelectMany(result => result.Failures).Select(failure => failure.Signature).Distinct().ToList();
        File.WriteAllLines(Path.Combine(options.Output, "known-signatures.txt"), minimizedSignatures);

        var process = Start(options, arguments.ToString());
        var error = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && error.Length < 64 * 1024)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var run = new WorkerRun();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            var parts = line.Split('\t');
            switch (parts[0])
            {
                case "BEGIN":
                    run.Phase = Phase.Generating;
                    run.Current = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    break;
                case "COMPILE":
                    run.Phase = Phase.Compiling;
                    run.BatchFrom = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    run.BatchTo = int.Parse(parts[2], CultureInfo.InvariantCulture);
                    break;
                case "MIN":
                    run.Phase = Phase.Minimizing;
                    break;
                case "OK":
                    results[int.Parse(parts[1], CultureInfo.InvariantCulture)] = new CaseResult(int.Parse(parts[1], CultureInfo.InvariantCulture), string.Empty, new List<Failure>());
                    break;
                case "FAIL":
                    // FAIL index kind signature detail mutations
                    var index = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    if (!results.TryGetValue(index, out var result) || result.Failures.Count == 0)
                    {
                        result = new CaseResult(index, parts[5], new List<Failure>());
                        results[index] = result;
                    }

                    result.Failures.Add(new Failure(Enum.Parse<FailureKind>(parts[2]), parts[3], parts[4]));
                    break;
                case "SKIP":
                    var skipped = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    results[skipped] = new CaseResult(skipped, "not built: " + parts[2], new List<Failure>()) { Skipped = true };
                    Console.Error.WriteLine("case " + skipped + " not built: " + parts[2]);
                    break;
                case "PROGRESS":
                    if (options.Verbose)
                    {
                        Console.Error.WriteLine(line);
                    }

                    break;
            }
        }

        process.WaitForExit();
        run.ExitCode = process.ExitCode;
        lock (error)
        {
            run.Error = error.ToString();
        }

        return run;
    }

    internal sealed record CaseResult(int Index, string Mutations, List<Failure> Failures)
    {
        public bool Skipped { get; init; }
    }
}

/// <summary>Command-line options of the runner.</summary>
internal sealed class Options
{
    public int Cases { get; private set; } = 2000;

    public string Seed { get; private set; } = "1";

    public int From { get; private set; }

    public int Batch { get; private set; } = 40;

    public string Output { get; private set; } = Path.Combine(Path.GetTempPath(), "ddmgen-fuzz");

    public bool Worker { get; private set; }

    public bool Minimize { get; private set; } = true;

    public bool Verbose { get; private set; }

    public int TimeoutSeconds { get; private set; } = 20;

    public int MinimizeSeconds { get; private set; } = 60;

    public int CrashProbes { get; private set; } = 40;

    public int MemoryLimitMb { get; private set; } = 2048;

    public HashSet<int> Skip { get; } = new();

    public List<(int From, int To)> Single { get; } = new();

    public string? Probe { get; private set; }

    public string? Check { get; private set; }

    public string? CheckDirectory { get; private set; }

    public bool List { get; private set; }

    public string? Shrink { get; private set; }

    public string? Signature { get; private set; }

    public bool Lines { get; private set; }

    public int? Dump { get; private set; }

    public HashSet<string> SkipNames { get; } = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            switch (args[i])
            {
                case "--cases": options.Cases = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": options.Seed = Next(); break;
                case "--from": options.From = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batch": options.Batch = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--out": options.Output = Path.GetFullPath(Next()); break;
                case "--worker": options.Worker = true; break;
                case "--no-minimize": options.Minimize = false; break;
                case "--verbose": options.Verbose = true; break;
                case "--timeout": options.TimeoutSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--minimize-seconds": options.MinimizeSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--crash-probes": options.CrashProbes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--memory-mb": options.MemoryLimitMb = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--probe": options.Probe = Next(); break;
                case "--check": options.Check = Next(); break;
                case "--list": options.List = true; break;
                case "--shrink": options.Shrink = Path.GetFullPath(Next()); break;
                case "--signature": options.Signature = Next(); break;
                case "--lines": options.Lines = true; break;
                case "--dump": options.Dump = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--check-dir": options.CheckDirectory = Next(); break;
                case "--skip-names": options.SkipNames.UnionWith(Next().Split('|', StringSplitOptions.RemoveEmptyEntries)); break;
                case "--skip":
                    foreach (var item in Next().Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        options.Skip.Add(int.Parse(item, CultureInfo.InvariantCulture));
                    }

                    break;
                case "--single":
                    foreach (var range in Next().Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var bounds = range.Split('-');
                        options.Single.Add((int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[1], CultureInfo.InvariantCulture)));
                    }

                    break;
                default:
                    throw new ArgumentException("unknown option " + args[i] + "; use --cases N --seed S [--out DIR] [--batch N] [--timeout S] [--no-minimize] [--check FILE]");
            }
        }

        return options;
    }
}
