using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Ddm.Client;

namespace Ddm.Benchmarks;

/// <summary>
/// The client's own cost for one page of 128 backups, without network or server: both readers send through an
/// <see cref="HttpClient"/> whose handler answers from memory, so what differs is what each does around the bytes
/// (request building, System.ClientModel's pipeline, body buffering under the size and time limits, reading the
/// JSON). The baseline is the hand-written request and <c>ReadFromJsonAsync</c> with the source generator. The two
/// JSON-only methods split the difference into reading the JSON and everything around it.
/// </summary>
[MemoryDiagnoser]
public class ClientOverheadBenchmarks
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:5080/");
    private const string ProjectId = "619d3e78f61b4be68bc5aa0b59edcf7b";
    private HttpClient _http = null!;
    private DdmClient _client = null!;
    private byte[] _page = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        var statuses = new[] { "normal", "creating", "createfail" };
        var backups = Enumerable.Range(0, 128).Select(index => string.Create(CultureInfo.InvariantCulture, $$"""
            {"id":"backup-{{index}}","name":"Backup","description":"auto metadata backup","status":"{{statuses[index % 3]}}","instance_id":"instance-{{index % 7}}","instance_name":"ddm-test","instance_status":"RUNNING","file_size":{{index * 1.5}},"created":"2025-02-19T02:50:20+0000","updated":"2025-02-19T02:50:37+0000","backup_type":"auto_metadata"}
            """));
        var page = _page = Encoding.UTF8.GetBytes($$"""{"backups":[{{string.Join(",", backups)}}],"total":100000,"offset":0,"limit":128}""");
        _http = new HttpClient(new InMemoryHandler(page));
        _client = new DdmClient(_http, new DdmClientOptions { Endpoint = Endpoint, ProjectId = ProjectId, Credential = DdmCredential.FromToken("token") });
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> HandWrittenPage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, $"v3/{ProjectId}/backups?offset=0&limit=128"));
        request.Headers.Add("X-Auth-Token", "token");
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(BaselineContext.Default.BaselinePage))!.Backups.Length;
    }

    [Benchmark]
    public async Task<int> GeneratedPage() => (await _client.ListBackupsAsync(offset: 0, limit: 128)).Value.Backups.Count;

    /// <summary>Only the JSON part of the baseline: the source generator over the same bytes.</summary>
    [Benchmark]
    public int SourceGeneratedJsonOnly() => System.Text.Json.JsonSerializer.Deserialize(_page, BaselineContext.Default.BaselinePage)!.Backups.Length;

    /// <summary>Only the JSON part of the generated client: its converter over the same bytes.</summary>
    [Benchmark]
    public int GeneratedConverterOnly() => System.Text.Json.JsonSerializer.Deserialize(_page, PageInfo)!.Backups.Count;

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListBackupsResponse> PageInfo { get; } =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListBackupsResponse>)DdmJsonTypeInfoResolver.Options.GetTypeInfo(typeof(ListBackupsResponse));

    /// <summary>Reads a byte array forward only, like a response stream off a socket.</summary>
    private sealed class WireStream(byte[] bytes) : System.IO.Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Answers every request with the same JSON page and its Content-Length, as a server would.</summary>
    private sealed class InMemoryHandler(byte[] page) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // A stream that is not a MemoryStream, as a socket's is not: the client then buffers it as it would off the wire.
            var content = new StreamContent(new WireStream(page));
            content.Headers.ContentLength = page.Length;
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
