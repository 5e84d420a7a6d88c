using System;
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
    private async Task<(string StatusLine, string Head, string Body)> Send(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_emulator.BaseAddress.Host, _emulator.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
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
}
