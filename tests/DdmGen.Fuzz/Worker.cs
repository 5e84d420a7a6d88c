using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DdmGen.Fuzz;

/// <summary>
/// Runs a range of cases in this process and reports each on standard output, one line per event, so the
/// supervisor knows which case was running if the process dies: <c>BEGIN i</c>, <c>COMPILE a b</c>, <c>OK i</c>,
/// <c>FAIL i kind signature detail mutations</c>, <c>MIN i</c>.
/// </summary>
internal static class Worker
{
    public static IReadOnlyList<(string Name, string Text)> LoadSeeds()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Seeds");
        return Directory.GetFiles(folder, "*.yaml")
            .OrderBy(file => Path.GetFileName(file), StringComparer.Ordinal)
            .Select(file => (Path.GetFileName(file), File.ReadAllText(file)))
            .ToList();
    }

    public static int Run(Options options)
    {
        SpecChecker.HangLimit = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var seeds = LoadSeeds();
        var knownFile = Path.Combine(options.Output, "known-signatures.txt");
        var minimized = new HashSet<string>(File.Exists(knownFile) ? File.ReadAllLines(knownFile) : Array.Empty<string>(), StringComparer.Ordinal);
        var index = options.From;
        var generateTime = new System.Diagnostics.Stopwatch();
        var compileTime = new System.Diagnostics.Stopwatch();
        while (index < options.Cases)
        {
            var single = options.Single.Any(range => index >= range.From && index <= range.To);
            var size = single ? 1 : options.Batch;
            var batch = new List<(FuzzCase Case, GenerationOutcome Outcome)>();
            while (batch.Count < size && index < options.Cases)
            {
                if (options.Skip.Contains(index))
                {
                    index++;
                    continue;
                }

                if (batch.Count > 0 && options.Single.Any(range => index >= range.From && index <= range.To))
                {
                    break;
                }

                Emit("BEGIN", index.ToString(CultureInfo.InvariantCulture));
                FuzzCase fuzzCase;
                try
                {
                    fuzzCase = Mutator.Create(options.Seed, index, seeds);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // A fault of the mutator, not of the generator: say so and go on.
                    Emit("SKIP", index.ToString(CultureInfo.InvariantCulture), Mutator.Escape(exception.GetType().Name + ": " + exception.Message));
                    index++;
                    continue;
                }

                generateTime.Start();
                var outcome = SpecChecker.Generate("/fuzz/" + fuzzCase.FileName, fuzzCase.Text, "Fuzz.C" + index.ToString(CultureInfo.InvariantCulture), "Client" + index.ToString(CultureInfo.InvariantCulture));
                generateTime.Stop();
                if (outcome.Failures.Any(failure => failure.Kind == FailureKind.Hang))
                {
                    // Finish the cases before it, so a new worker need not repeat them.
                    if (batch.Count > 0)
                    {
                        Emit("COMPILE", batch[0].Case.Index.ToString(CultureInfo.InvariantCulture), batch[^1].Case.Index.ToString(CultureInfo.InvariantCulture));
                        SpecChecker.CompileTogether(batch.Select(pair => pair.Outcome).ToList());
                        foreach (var (done, doneOutcome) in batch)
                        {
                            Report(options, done, doneOutcome, minimized);
                        }
                    }

                    Report(options, fuzzCase, outcome, minimized);
                    Console.Out.Flush();

                    // The generator thread cannot be stopped: end the process, the supervisor goes on after this case.
                    Environment.Exit(3);
                }

                batch.Add((fuzzCase, outcome));
                index++;
            }

            if (batch.Count == 0)
            {
                break;
            }

            Emit("COMPILE", batch[0].Case.Index.ToString(CultureInfo.InvariantCulture), batch[^1].Case.Index.ToString(CultureInfo.InvariantCulture));
            compileTime.Start();
            SpecChecker.CompileTogether(batch.Select(pair => pair.Outcome).ToList());
            compileTime.Stop();
            foreach (var (fuzzCase, outcome) in batch)
            {
                Report(options, fuzzCase, outcome, minimized);
            }

            Emit("PROGRESS", index.ToString(CultureInfo.InvariantCulture), "generate " + generateTime.ElapsedMilliseconds + " ms", "compile " + compileTime.ElapsedMilliseconds + " ms", "compiled " + SpecChecker.Compiled + ", reused " + SpecChecker.Reused);
        }

        return 0;
    }

    private static void Report(Options options, FuzzCase fuzzCase, GenerationOutcome outcome, HashSet<string> minimized)
    {
        var number = fuzzCase.Index.ToString(CultureInfo.InvariantCulture);
        if (outcome.Failures.Count == 0)
        {
            Emit("OK", number);
            return;
        }

        var mutations = Mutator.Escape(string.Join("; ", fuzzCase.Mutations), 400).Replace('\t', ' ');
        foreach (var failure in outcome.Failures)
        {
            Emit("FAIL", number, failure.Kind.ToString(), failure.Signature, Mutator.Escape(failure.Detail, 400).Replace('\t', ' '), mutations);
        }

        var folder = Path.Combine(options.Output, "case" + number);
        WriteCase(folder, fuzzCase, outcome.Failures);
        var fresh = outcome.Failures.Select(failure => failure.Signature).Where(signature => !minimized.Contains(signature)).ToList();
        if (!options.Minimize || fresh.Count == 0 || outcome.Failures.Any(failure => failure.Kind == FailureKind.Hang))
        {
            return;
        }

        var signature = fresh[0];
        minimized.UnionWith(fresh);
        Emit("MIN", number);
        bool StillFails(string text)
        {
            var probe = SpecChecker.CheckAll("/fuzz/" + fuzzCase.FileName, text);
            return probe.Failures.Any(failure => failure.Signature == signature);
        }

        var small = Shrinker.Shrink(fuzzCase, StillFails, TimeSpan.FromSeconds(options.MinimizeSeconds));
        File.WriteAllText(Path.Combine(folder, "minimized" + Path.GetExtension(fuzzCase.FileName)), small);
        File.AppendAllText(Path.Combine(folder, "info.txt"), "minimized for " + signature + "\n");
    }

    public static void WriteCase(string folder, FuzzCase fuzzCase, IEnumerable<Failure> failures)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "spec" + Path.GetExtension(fuzzCase.FileName)), fuzzCase.Text);
        File.WriteAllLines(
            Path.Combine(folder, "info.txt"),
            new[] { "seed " + fuzzCase.Seed, "case " + fuzzCase.Index.ToString(CultureInfo.InvariantCulture) }
                .Concat(fuzzCase.Mutations.Select(mutation => "mutation " + Mutator.Escape(mutation, 400)))
                .Concat(failures.Select(failure => failure.Kind + " " + failure.Signature + ": " + failure.Detail)));
    }

    private static void Emit(params string[] parts)
    {
        Console.Out.WriteLine(string.Join("\t", parts));
        Console.Out.Flush();
    }
}
