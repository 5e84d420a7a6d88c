using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>
/// A raw HTTP server on 127.0.0.1 that answers every request with the same status and JSON body: for what the
/// emulator never sends (values that try to drive the terminal, pages that do not move on).
/// </summary>
internal sealed class FixedAnswerServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _answer;
    private int _requests;

    public FixedAnswerServer(string body, int status = 200)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Answer\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        _answer = [.. head, .. content];
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Requests => Volatile.Read(ref _requests);

    public Dictionary<string, string?> Cloud() => new()
    {
        ["DDM_ENDPOINT"] = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/",
        ["OS_PROJECT_ID"] = "619d3e78f61b4be68bc5aa0b59edcf7b",
        ["OS_AUTH_TOKEN"] = "fixed-token",
    };

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var request = new byte[64 * 1024];
                        var read = 0;
                        // The request head ends with an empty line; the requests here have no body.
                        while (read < request.Length && Encoding.ASCII.GetString(request, 0, read).IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
                        {
                            var count = await stream.ReadAsync(request.AsMemory(read), _stop.Token);
                            if (count == 0)
                            {
                                return;
                            }

                            read += count;
                        }

                        Interlocked.Increment(ref _requests);
                        await stream.WriteAsync(_answer, _stop.Token);
                    }
                    catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException or System.IO.IOException)
                    {
                    }
                }
            });
        }
    }
}
