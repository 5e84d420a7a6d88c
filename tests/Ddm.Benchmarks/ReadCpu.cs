using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Ddm.Benchmarks;

/// <summary>
/// <c>--read-cpu [READS] [--rounds R]</c>: the methods of <see cref="JsonBenchmarks"/> timed by this process's CPU time
/// instead of the clock, in turns within one process. On a machine that other work shares, the clock also counts the
/// time the others run, so BenchmarkDotNet's figures of unchanged code move by a sixth between runs; CPU time counts
/// only this process's own work and moves by about 2 %. A check between BenchmarkDotNet runs on an idle machine, not
/// a replacement for them: CPU time still feels a shared cache and a busy core's lower clock.
/// </summary>
internal static class ReadCpu
{
    internal const string Switch = "--read-cpu";

    internal static int Run(string[] args)
    {
        var reads = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 20_000;
        var roundsAt = Array.IndexOf(args, "--rounds");
        var rounds = roundsAt >= 0 && roundsAt + 1 < args.Length && int.TryParse(args[roundsAt + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var given) && given > 0 ? given : 5;

        var benchmarks = new JsonBenchmarks();
        benchmarks.Setup();
        var methods = new (string Name, Func<long> Read)[]
        {
            (nameof(JsonBenchmarks.SourceGeneratedContext), () => benchmarks.SourceGeneratedContext()),
            (nameof(JsonBenchmarks.RawReaderWalk), benchmarks.RawReaderWalk),
            (nameof(JsonBenchmarks.RawReaderWalkMakingStrings), benchmarks.RawReaderWalkMakingStrings),
            (nameof(JsonBenchmarks.GeneratedConverters), () => benchmarks.GeneratedConverters()),
        };

        // Warm-up: every method past tiered compilation's last tier before any round counts.
        foreach (var (_, read) in methods)
        {
            Time(read, Math.Max(reads / 4, 2_000));
        }

        var samples = methods.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var index = 0; index < methods.Length; index++)
            {
                samples[index].Add(Time(methods[index].Read, reads));
            }
        }

        var floor = Median(samples[1]);
        var baseline = Median(samples[0]);
        Console.WriteLine($"CPU time per read of the 128-backup page: {reads} reads a round, {rounds} rounds in turns.");
        Console.WriteLine();
        Console.WriteLine("| method | median | min | max | vs floor | vs STJ source generator |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var index = 0; index < methods.Length; index++)
        {
            var median = Median(samples[index]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {methods[index].Name} | {median:F2} us | {samples[index].Min():F2} us | {samples[index].Max():F2} us | {median / floor:F2}x | {median / baseline:F2}x |"));
        }

        return 0;
    }

    /// <summary>The CPU time of one read, in microseconds, over <paramref name="reads"/> reads.</summary>
    private static double Time(Func<long> read, int reads)
    {
        long checksum = 0;
        var before = Environment.CpuUsage.TotalTime;
        for (var index = 0; index < reads; index++)
        {
            checksum += read();
        }

        var spent = Environment.CpuUsage.TotalTime - before;
        GC.KeepAlive(checksum);
        return spent.TotalMilliseconds * 1000 / reads;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
