using System;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>
/// <c>--all</c> over 100 000 seeded backups keeps memory flat: rows and JSON lines leave page by page, and a JSON
/// array goes to a temporary file until it is complete. A streaming run peaks near 75 MB (mostly the runtime); one
/// that holds every backup in memory (the tool once did, for tables and for the JSON array) passes 120 MB. The bound
/// sits between, with room for a busy machine.
/// </summary>
[Collection(ServedEmulator.Name)]
public sealed class MemoryTests
{
    private const long BoundBytes = 110L * 1024 * 1024;
    private readonly ServedEmulator _served;

    public MemoryTests(ServedEmulator served) => _served = served;

    [Theory]
    [InlineData("table")]
    [InlineData("jsonl")]
    [InlineData("json")]
    public async Task All_over_100_000_backups_stays_under_a_fixed_memory_bound(string format)
    {
        // The collector's first-generation budget follows the processor's cache size; fixed here (16 MiB), the bound means the
        // same on every machine.
        var environment = _served.Cloud();
        environment["DOTNET_GCgen0size"] = "1000000";
        environment["DOTNET_gcServer"] = "0";
        using var ddm = DdmProcess.Start(environment, readOutput: true, "backups", "list", "--all", "--output", format);

        Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromMinutes(5)), "ddm did not finish");

        Assert.Equal(0, ddm.ExitCode);
        var lines = ddm.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.InRange(lines, 80_000, 100_001);
        Assert.InRange(ddm.PeakBytes, 1, BoundBytes);
    }
}
