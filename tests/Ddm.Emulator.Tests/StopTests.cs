using System;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Ddm.Emulator.Tests;

/// <summary>Stopping the emulator while clients hold connections with a request still arriving.</summary>
public sealed class StopTests
{
    /// <summary>
    /// Guards against hangs only; it is well below the 30 seconds the web host would otherwise give a request that
    /// never completes, which is what these tests catch.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("half the headers")]
    [InlineData("the headers and half the body")]
    public async Task Disposing_does_not_wait_for_a_request_the_client_never_finishes_sending(string sent)
    {
        // Regression: disposing waited the web host's 30 s shutdown timeout for such a request, and so did the
        // Ddm.Emulator program after Ctrl+C.
        var emulator = await DdmEmulator.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", emulator.BaseAddress.Port);
        var stream = client.GetStream();
        var head = "POST /v3/auth/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        var request = sent == "half the headers" ? head + "X-Slow: a" : head + "Content-Length: 100\r\n\r\n{\"auth\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        // A request that is under way: once the emulator has the headers it is reading the body, which never comes.
        await Task.Delay(200);

        await emulator.DisposeAsync().AsTask().WaitAsync(HangGuard);

        // The connection was closed by the emulator, not left to the client.
        var buffer = new byte[4096];
        var failure = await Record.ExceptionAsync(async () =>
        {
            while (await stream.ReadAsync(buffer).AsTask().WaitAsync(HangGuard) > 0)
            {
            }
        });
        Assert.True(failure is null or System.IO.IOException, failure?.ToString());
    }
}
