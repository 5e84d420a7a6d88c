using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Ddm.Client;
using Ddm.Emulator;

namespace Ddm.Benchmarks;

/// <summary>
/// Every backup of a tenant over loopback HTTP (127.0.0.1): the generated client's auto-paging with default options
/// (its retry policy, no faults) against a hand-written page loop with HttpClient and the System.Text.Json source
/// generator (the baseline). The ratio is items per second relative to the baseline; the allocation per item,
/// for 10 000 and 100 000 backups, shows that memory does not grow with the count (see also
/// <see cref="PeakMemory"/>, which measures peak working set and GC heap in child processes).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 20, id: "Loopback")]
[Config(typeof(Columns))]
public class PagingBenchmarks
{
    private DdmEmulator _emulator = null!;
    private HttpClient _http = null!;
    private DdmClient _client = null!;

    /// <summary>How many backups the emulator lists, and so how many items one operation reads.</summary>
    [Params(10_000, 100_000)]
    public int Backups { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _emulator = await PageLoops.StartEmulatorAsync(Backups);
        _http = new HttpClient();
        _client = new DdmClient(new DdmClientOptions { Endpoint = _emulator.BaseAddress, ProjectId = _emulator.Options.ProjectId, Credential = DdmCredential.FromToken(_emulator.Options.Token) });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<int> HandWrittenPageLoop() => PageLoops.HandWrittenAsync(_http, _emulator.BaseAddress, _emulator.Options.ProjectId, _emulator.Options.Token);

    [Benchmark]
    public Task<int> GeneratedAutoPaging() => PageLoops.GeneratedAsync(_client);

    /// <summary>Adds items per second and allocated bytes per item to the default columns.</summary>
    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new PerItemColumn("Items/s", perSecond: true), new PerItemColumn("Alloc/item", perSecond: false));
        }
    }

    private sealed class PerItemColumn(string name, bool perSecond) : IColumn
    {
        public string Id => nameof(PerItemColumn) + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => perSecond ? "Backups read per second (Backups / Mean)" : "Bytes allocated per backup read (Allocated / Backups)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            var count = benchmarkCase.Parameters.Items.FirstOrDefault(item => item.Name == nameof(Backups))?.Value as int?;
            if (report?.ResultStatistics is null || count is not > 0)
            {
                return "-";
            }

            if (perSecond)
            {
                return (count.Value / (report.ResultStatistics.Mean / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
            return allocated is { } bytes ? ((double)bytes / count.Value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " B" : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}

/// <summary>The two ways of reading every backup, shared by the benchmark and the peak-memory runs.</summary>
public static class PageLoops
{
    private const int PageSize = 128;

    /// <summary>
    /// An emulator that lists exactly <paramref name="listed"/> backups: it also seeds deleted ones, which are not
    /// listed, so it is started with more until its listing's <c>total</c> is the count asked for.
    /// </summary>
    public static async Task<DdmEmulator> StartEmulatorAsync(int listed)
    {
        var seeded = listed;
        using var http = new HttpClient();
        while (true)
        {
            var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = seeded });
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups?offset=0&limit=1"));
            request.Headers.Add("X-Auth-Token", emulator.Options.Token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var total = (await response.Content.ReadFromJsonAsync(BaselineContext.Default.BaselinePage))!.Total;
            if (total == listed)
            {
                return emulator;
            }

            await emulator.DisposeAsync();
            if (total > listed)
            {
                throw new InvalidOperationException($"{seeded} seeded backups list {total}, more than {listed}.");
            }

            // Each added backup is listed at most once, so this never overshoots.
            seeded += listed - total;
        }
    }

    /// <summary>The baseline: what one would write by hand with HttpClient and the System.Text.Json source generator.</summary>
    public static async Task<int> HandWrittenAsync(HttpClient http, Uri baseAddress, string projectId, string token, Action? perPage = null)
    {
        var count = 0;
        for (var offset = 0; ; offset += PageSize)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, $"v3/{projectId}/backups?offset={offset}&limit={PageSize}"));
            request.Headers.Add("X-Auth-Token", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync(BaselineContext.Default.BaselinePage);
            count += page!.Backups.Length;
            perPage?.Invoke();
            if (page.Backups.Length == 0 || offset + PageSize >= page.Total)
            {
                return count;
            }
        }
    }

    /// <summary>The generated client's auto-paging, every item enumerated.</summary>
    public static async Task<int> GeneratedAsync(DdmClient client, Action? perPage = null)
    {
        var count = 0;
        await foreach (var backup in client.ListBackupsAutoPagingAsync())
        {
            if (++count % PageSize == 0)
            {
                perPage?.Invoke();
            }
        }

        return count;
    }
}
