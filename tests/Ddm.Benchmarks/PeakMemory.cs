using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Ddm.Client;

namespace Ddm.Benchmarks;

/// <summary>
/// Peak memory and CPU time of reading every backup, for 10 000 and 100 000 backups: the emulator runs in this
/// process, and each reader (the hand-written loop, the generated auto-paging) runs in a fresh child process, so its
/// peak working set, largest GC heap, allocations and CPU time are its own and not the emulator's. CPU time is less
/// disturbed than elapsed time when other work shares the machine.
/// <c>dotnet run -c Release --project tests/Ddm.Benchmarks -- --peak-memory</c>
/// </summary>
public static class PeakMemory
{
    public const string Switch = "--peak-memory";
    private const string ChildSwitch = "--peak-memory-child";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == ChildSwitch)
        {
            return await ChildAsync(args[1], new Uri(args[2]), args[3], args[4]);
        }

        Console.WriteLine($"{RuntimeDescription()}, {Environment.ProcessorCount} cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine($"Each reader runs {Runs} times in turn, each time in a new process that lists every backup twice (the first pass warms up);");
        Console.WriteLine("the medians are shown. CPU time and allocations are those of the second pass, in the reader's process only.");
        Console.WriteLine();
        Console.WriteLine("| reader | backups | items read | peak working set | largest GC heap seen | allocated per item | CPU time per 1 000 items |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var count in new[] { 10_000, 100_000 })
        {
            await using var emulator = await PageLoops.StartEmulatorAsync(count);
            var results = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<long[]>> { ["hand-written"] = new(), ["generated"] = new() };
            for (var run = 0; run < Runs; run++)
            {
                foreach (var reader in results.Keys)
                {
                    using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
                    {
                        ArgumentList = { ChildSwitch, reader, emulator.BaseAddress.AbsoluteUri, emulator.Options.ProjectId, emulator.Options.Token },
                        RedirectStandardOutput = true,
                        UseShellExecute = false,
                    })!;
                    var line = await child.StandardOutput.ReadToEndAsync();
                    await child.WaitForExitAsync();
                    if (child.ExitCode != 0)
                    {
                        Console.Error.WriteLine($"{reader} over {count} backups failed with exit code {child.ExitCode}: {line}");
                        return 1;
                    }

                    results[reader].Add(Array.ConvertAll(line.Trim().Split(' '), part => long.Parse(part, CultureInfo.InvariantCulture)));
                }
            }

            foreach (var (reader, runs) in results)
            {
                long Median(int column) => runs.Select(values => values[column]).Order().ElementAt(runs.Count / 2);
                var items = Median(0);
                Console.WriteLine($"| {reader} | {count:N0} | {items:N0} | {Mib(Median(1))} | {Mib(Median(2))} | {Median(3) / Math.Max(1, items):N0} B | {Median(4) / 1e4 / Math.Max(1, items) * 1000:F1} ms |");
            }
        }

        return 0;
    }

    private const int Runs = 3;

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + " on " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;

    /// <summary>
    /// Lists every backup twice and prints: items, peak working set, largest GC heap seen at a page boundary, then
    /// bytes allocated and CPU time (in 100 ns ticks) of the second pass.
    /// </summary>
    private static async Task<int> ChildAsync(string reader, Uri baseAddress, string projectId, string token)
    {
        long largestHeap = 0;
        void Sample() => largestHeap = Math.Max(largestHeap, GC.GetTotalMemory(forceFullCollection: false));

        using var http = new HttpClient();
        var client = new DdmClient(new DdmClientOptions { Endpoint = baseAddress, ProjectId = projectId, Credential = DdmCredential.FromToken(token) });
        Task<int> ReadAll() => reader == "generated" ? PageLoops.GeneratedAsync(client, Sample) : PageLoops.HandWrittenAsync(http, baseAddress, projectId, token, Sample);

        await ReadAll();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var items = await ReadAll();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{items} {self.PeakWorkingSet64} {largestHeap} {allocated} {cpu.Ticks}"));
        return 0;
    }
}
