using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading.Tasks;
using Ddm.Client;

namespace Ddm.Benchmarks;

/// <summary>
/// Peak memory of reading every backup, for 10 000 and 100 000 backups: the emulator runs in this process, and each
/// reader (the hand-written loop, the generated auto-paging) runs once in a fresh child process, so its peak
/// working set and largest GC heap are its own and not the emulator's.
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
        Console.WriteLine("| reader | backups | items read | peak working set | largest GC heap seen | allocated per item |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var count in new[] { 10_000, 100_000 })
        {
            await using var emulator = await PageLoops.StartEmulatorAsync(count);
            foreach (var reader in new[] { "hand-written", "generated" })
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

                var parts = line.Trim().Split(' ');
                Console.WriteLine($"| {reader} | {count:N0} | {long.Parse(parts[0], CultureInfo.InvariantCulture):N0} | {Mib(parts[1])} | {Mib(parts[2])} | {long.Parse(parts[3], CultureInfo.InvariantCulture) / Math.Max(1, long.Parse(parts[0], CultureInfo.InvariantCulture)):N0} B |");
            }
        }

        return 0;
    }

    private static string Mib(string bytes) => (long.Parse(bytes, CultureInfo.InvariantCulture) / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + " on " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;

    /// <summary>Reads every backup once and prints: items, peak working set, largest GC heap seen at a page boundary, bytes allocated.</summary>
    private static async Task<int> ChildAsync(string reader, Uri baseAddress, string projectId, string token)
    {
        long largestHeap = 0;
        void Sample() => largestHeap = Math.Max(largestHeap, GC.GetTotalMemory(forceFullCollection: false));

        int items;
        if (reader == "generated")
        {
            var client = new DdmClient(new DdmClientOptions { Endpoint = baseAddress, ProjectId = projectId, Credential = DdmCredential.FromToken(token) });
            items = await PageLoops.GeneratedAsync(client, Sample);
        }
        else
        {
            using var http = new HttpClient();
            items = await PageLoops.HandWrittenAsync(http, baseAddress, projectId, token, Sample);
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{items} {self.PeakWorkingSet64} {largestHeap} {GC.GetTotalAllocatedBytes(precise: true)}"));
        return 0;
    }
}
