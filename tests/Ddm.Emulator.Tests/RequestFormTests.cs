using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>Requests in forms HTTP/1.1 allows that clients seldom send, written to the socket as they are.</summary>
public sealed class RequestFormTests : IAsyncLifetime
{
    /// <summary>Guards against hangs only.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private DdmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await DdmEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private string Backups => "/v3/" + _emulator.Options.ProjectId + "/backups";

    /// <summary>Sends <paramref name="request"/> and reads the answer to the end of the connection: status line, headers and body.</summary>
    private Task<(string StatusLine, string Head, string Body)> Send(string request) => Send(Encoding.ASCII.GetBytes(request));

    /// <summary>Sends the bytes of a request as they are and reads the answer as <see cref="Send(string)"/> does.</summary>
    private async Task<(string StatusLine, string Head, string Body)> Send(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_emulator.BaseAddress.Host, _emulator.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(HangGuard);
        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? answer : answer[..end];
        return (head.Split("\r\n")[0], head, end < 0 ? string.Empty : answer[(end + 4)..]);
    }

    [Theory]
    [InlineData("Host: ddm.eu-de.otc.t-systems.com\r\n")]
    [InlineData("Host: {authority}\r\n")]
    public async Task A_request_in_absolute_form_is_answered_for_the_host_it_names(string host)
    {
        // Regression: a request target in absolute form (as sent to a proxy) whose Host differed from the target's
        // authority was a bare 400 of the web server's (no body, no X-Request-Id), where RFC 9112 (3.2.2) has the
        // server ignore Host and take the target's.
        var authority = _emulator.BaseAddress.Authority;
        var (status, head, body) = await Send(
            $"GET http://{authority}{Backups}?limit=2 HTTP/1.1\r\n{host.Replace("{authority}", authority, StringComparison.Ordinal)}"
            + $"X-Auth-Token: {_emulator.Options.Token}\r\nConnection: close\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK", status);
        Assert.Contains("X-Request-Id: ", head, StringComparison.Ordinal);
        Assert.Equal(2, JsonDocument.Parse(body).RootElement.GetProperty("backups").GetArrayLength());
    }

    [Theory]
    [InlineData("FOO", "{backups}")]
    [InlineData("X-DDM", "/")]
    [InlineData("get", "{backups}")]
    [InlineData("FOO", "/v3/auth/tokens")]
    public async Task A_method_that_is_none_of_the_http_standards_is_501_from_the_gateway(string method, string path)
    {
        // Regression: it was 405 with Allow, as if the path took other methods and this one were merely not among them
        // ("get" was even answered as GET), where RFC 9110 (9.1) has a server answer a method it does not recognize
        // with 501. Methods are case-sensitive, so "get" is no GET.
        var (status, head, body) = await Send(
            $"{method} {path.Replace("{backups}", Backups, StringComparison.Ordinal)} HTTP/1.1\r\nHost: {_emulator.BaseAddress.Authority}\r\n"
            + $"X-Auth-Token: {_emulator.Options.Token}\r\nConnection: close\r\n\r\n");
        var error = JsonDocument.Parse(body).RootElement;

        Assert.Equal("HTTP/1.1 501 Not Implemented", status);
        Assert.DoesNotContain("\r\nAllow:", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("APIG.0101", error.GetProperty("error_code").GetString());
        Assert.Equal($"The API gateway does not implement the method {method}.", error.GetProperty("error_msg").GetString());
        Assert.Contains("X-Request-Id: " + error.GetProperty("request_id").GetString(), head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public async Task A_method_of_the_http_standards_that_the_path_does_not_take_stays_405(string method)
    {
        var (status, head, _) = await Send(
            $"{method} {Backups} HTTP/1.1\r\nHost: {_emulator.BaseAddress.Authority}\r\nX-Auth-Token: {_emulator.Options.Token}\r\nConnection: close\r\n\r\n");

        Assert.Equal("HTTP/1.1 405 Method Not Allowed", status);
        Assert.Contains("\r\nAllow: GET, HEAD", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_with_an_asterisk_is_answered_for_the_server_not_for_the_root()
    {
        // Regression: OPTIONS * was taken for OPTIONS /, 405 with "it takes GET, HEAD", the root's methods, where the
        // asterisk names the server as a whole (RFC 9110, 9.3.7), whose APIs take DELETE and POST too.
        var (status, head, body) = await Send($"OPTIONS * HTTP/1.1\r\nHost: {_emulator.BaseAddress.Authority}\r\nConnection: close\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK", status);
        Assert.Contains("\r\nAllow: DELETE, GET, HEAD, POST\r\n", head + "\r\n", StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 0\r\n", head + "\r\n", StringComparison.Ordinal);
        Assert.Matches("\r\nX-Request-Id: [0-9a-f]{32}\r\n", head + "\r\n");
        Assert.Equal(string.Empty, body);
    }

    [Theory]
    [InlineData("a%zzb", "400 Bad Request", "DBS.280001")]
    [InlineData("a%ffb", "400 Bad Request", "DBS.280001")]
    [InlineData("a%c3%28", "400 Bad Request", "DBS.280001")]
    [InlineData("a%00b", "400 Bad Request", null)]
    public async Task Bad_escapes_in_a_path_reach_the_routes_and_only_an_escaped_nul_is_refused_bare(string instance, string expected, string? code)
    {
        // As the documentation says: the web server refuses %00 in a path before any handler runs, with no body and no
        // X-Request-Id; every other bad escape is an unknown instance, DDM's parameter error.
        var (status, head, body) = await Send(
            $"GET /v3/{_emulator.Options.ProjectId}/instances/{instance}/backups/restorable-time-interval HTTP/1.1\r\nHost: {_emulator.BaseAddress.Authority}\r\n"
            + $"X-Auth-Token: {_emulator.Options.Token}\r\nConnection: close\r\n\r\n");

        Assert.Equal("HTTP/1.1 " + expected, status);
        if (code is null)
        {
            Assert.DoesNotContain("X-Request-Id:", head, StringComparison.Ordinal);
            Assert.Equal(string.Empty, body);
        }
        else
        {
            Assert.Contains("X-Request-Id: ", head, StringComparison.Ordinal);
            Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("errCode").GetString());
        }
    }

    [Theory]
    [InlineData("X-Note", "caf\u00e9", "HTTP/1.1 200 OK", null)]
    [InlineData("User-Agent", "client \u00ff\u0080", "HTTP/1.1 200 OK", null)]
    [InlineData("X-Auth-Token", "emulator-token\u00e9", "HTTP/1.1 401 Unauthorized", "APIG.0301")]
    public async Task A_header_value_with_bytes_beyond_ascii_that_are_no_utf8_reaches_the_routes(string name, string value, string expected, string? code)
    {
        // Regression: found by RequestFuzzTests (smallest input: GET / with "X-Note: caf" and the byte E9). HTTP allows
        // any byte from 0x80 on in a field value (obs-text, RFC 9110, 5.5); the web server read values as UTF-8 only and
        // refused one that is not with a bare 400 of its own, no body and no X-Request-Id, whatever the header. Such a
        // byte now reads as the ISO-8859-1 character of its value, and the request is answered as any other.
        var token = name == "X-Auth-Token" ? string.Empty : $"X-Auth-Token: {_emulator.Options.Token}\r\n";
        var request = Encoding.Latin1.GetBytes(
            $"GET {Backups}?limit=1 HTTP/1.1\r\nHost: {_emulator.BaseAddress.Authority}\r\n{token}{name}: {value}\r\nConnection: close\r\n\r\n");

        var (status, head, body) = await Send(request);

        Assert.Equal(expected, status);
        Assert.Matches("\r\nX-Request-Id: [0-9a-f]{32}\r\n", head + "\r\n");
        var answer = JsonDocument.Parse(body).RootElement;
        if (code is null)
        {
            Assert.Equal(1, answer.GetProperty("backups").GetArrayLength());
        }
        else
        {
            Assert.Equal(code, answer.GetProperty("error_code").GetString());
        }
    }

    [Theory]
    [InlineData("X-Note", "a\0b")]
    [InlineData("X-Note", "\0")]
    [InlineData("X-Note", "caf\u00e9\0")]
    [InlineData("X-Auth-Token", "tok\0en")]
    [InlineData("User-Agent", "client\0")]
    public async Task A_header_value_with_a_nul_byte_is_refused_bare(string name, string value)
    {
        // RFC 9110 (5.5) has a recipient reject a field value holding NUL (or replace it with SP). Reading values as UTF-8 or
        // ISO-8859-1 (for bytes beyond ASCII) must not let one through: the web server refuses it with its bare 400, as
        // it does an escaped NUL in a path, whatever the header and whatever else the value holds.
        var token = name == "X-Auth-Token" ? string.Empty : $"X-Auth-Token: {_emulator.Options.Token}\r\n";
        var request = Encoding.Latin1.GetBytes(
            $"GET {Backups}?limit=1 HTTP/1.1\r\nHost: {_emulator.BaseAddress.Authority}\r\n{token}{name}: {value}\r\nConnection: close\r\n\r\n");

        var (status, head, body) = await Send(request);

        Assert.Equal("HTTP/1.1 400 Bad Request", status);
        Assert.DoesNotContain("X-Request-Id:", head, StringComparison.Ordinal);
        Assert.Equal(string.Empty, body);
    }

    [Theory]
    [InlineData("/v3/{project}/instances/x/../../backups?limit=1")]
    [InlineData("/v3/{project}/x/%2E%2E/backups?limit=1")]
    [InlineData("/v3/{project}/./backups?limit=1")]
    public async Task A_request_in_absolute_form_signed_over_a_path_with_dot_segments_passes_the_check(string target)
    {
        // Regression: found by RequestFuzzTests (smallest input: DELETE http://{authority}/v3/{project}/instances/../backups/
        // restorable-time-interval, signed). The verifier read the path of an absolute-form target through System.Uri,
        // which takes dot segments away, so the canonical request was not the one signed over the path as sent (the
        // signing facts' canonical URI), and a well signed request was 401 "the signature does not match"; the same
        // request in origin form passed.
        var authority = _emulator.BaseAddress.Authority;
        var pathAndQuery = target.Replace("{project}", _emulator.Options.ProjectId, StringComparison.Ordinal);
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var key = _emulator.Options.AccessKeys[0];
        var date = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = authority, ["x-sdk-date"] = date };
        var canonical = TestSigner.CanonicalRequest("GET", pathAndQuery[..question], pathAndQuery[(question + 1)..], headers, Array.Empty<byte>());
        var signature = TestSigner.Signature(key.SecretKey, date, canonical);

        var (status, _, body) = await Send(
            $"GET http://{authority}{pathAndQuery} HTTP/1.1\r\nHost: {authority}\r\nX-Sdk-Date: {date}\r\n"
            + $"Authorization: SDK-HMAC-SHA256 Access={key.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={signature}\r\nConnection: close\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK", status);
        Assert.Equal(1, JsonDocument.Parse(body).RootElement.GetProperty("backups").GetArrayLength());
    }
}
