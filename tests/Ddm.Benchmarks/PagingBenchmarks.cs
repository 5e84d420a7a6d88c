using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Ddm.Client;
using Ddm.Emulator;

namespace Ddm.Benchmarks;

/// <summary>
/// Every backup of a 10 000-backup tenant over loopback HTTP: the generated client's auto-paging against a
/// hand-written page loop with HttpClient and the System.Text.Json source generator (the baseline).
/// </summary>
[MemoryDiagnoser]
public class PagingBenchmarks
{
    private DdmEmulator _emulator = null!;
    private HttpClient _http = null!;
    private DdmClient _client = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 10_000 });
        _http = new HttpClient();
        _client = new DdmClient(_http, new DdmClientOptions { Endpoint = _emulator.BaseAddress, ProjectId = _emulator.Options.ProjectId, Credential = DdmCredential.FromToken(_emulator.Options.Token) });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> HandWrittenPageLoop()
    {
        var count = 0;
        for (var offset = 0; ; offset += 128)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_emulator.BaseAddress, $"v3/{_emulator.Options.ProjectId}/backups?offset={offset}&limit=128"));
            request.Headers.Add("X-Auth-Token", _emulator.Options.Token);
            using var response = await _http.SendAsync(request);
            var page = await response.Content.ReadFromJsonAsync(BaselineContext.Default.BaselinePage);
            count += page!.Backups.Length;
            if (offset + 128 >= page.Total)
            {
                return count;
            }
        }
    }

    [Benchmark]
    public async Task<int> GeneratedAutoPaging()
    {
        var count = 0;
        await foreach (var backup in _client.ListBackupsAutoPagingAsync())
        {
            count++;
        }

        return count;
    }
}
