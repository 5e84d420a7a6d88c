using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Client.Authentication;

namespace Ddm.Client.Tests.Resilience;

/// <summary>
/// Every wait of the client ends: on a raw loopback socket, IAM and the service accept the connection and never answer,
/// answer the headers and stall the body, or drip the body one byte a second; each call ends within its network timeout
/// (the test's own bound, far longer, only reports a call that does not end), with the exception README names.
/// </summary>
/// <remarks>
/// A drip never lets one read wait out the timeout (a byte comes each second, the timeout is 2 s): what ends it is that
/// System.ClientModel reads a buffered body, which each of these calls reads, under the try's own timeout, started when
/// the try was and checked between reads, so the headers and the whole body share one deadline. A login at IAM ends
/// within the credential's wait for a token, counted from the call as a whole. A body read as a stream
/// (<c>BufferResponse = false</c>) is bounded per read only.
/// </remarks>
public sealed class BoundedWaitTests
{
    private const string Password = "alice-SECRET-password";

    /// <summary>Guards against hangs only; nothing is asserted about speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>The client's network timeout: longer than the drip's pause, so that no single read runs out of time.</summary>
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(2);

    public enum Behaviour { Silent, HeadersThenStall, Drip }

    /// <summary>Runs <paramref name="call"/> on the thread pool and returns what it threw; fails if it has not ended within <see cref="HangGuard"/>.</summary>
    private static async Task<Exception?> EndsAsync(Func<Task> call, string what)
    {
        var running = Task.Run(call);
        var ended = await Task.WhenAny(running, Task.Delay(HangGuard));
        Assert.True(ended == running, what + " had not ended after " + HangGuard.TotalSeconds + " s");
        return await Record.ExceptionAsync(() => running);
    }

    private static DdmClient Client(Uri endpoint, DdmCredential credential, TimeSpan? networkTimeout = null) => new(new DdmClientOptions
    {
        Endpoint = endpoint,
        ProjectId = "p",
        Credential = credential,
        NetworkTimeout = networkTimeout ?? NetworkTimeout,
        RetryPolicy = new ClientRetryPolicy(0),
    });

    private static DdmPasswordCredential PasswordCredential(Uri iam) => new(new DdmPasswordCredentialOptions
    {
        IamEndpoint = iam,
        UserName = "alice",
        Password = Password,
        DomainName = "domain",
        ProjectId = "p",
    });

    private static async Task ListAsync(DdmClient client, bool async, CancellationToken cancellationToken = default)
    {
        if (async)
        {
            await client.ListBackupsAsync(cancellationToken: cancellationToken);
        }
        else
        {
            client.ListBackups(cancellationToken: cancellationToken);
        }
    }

    [Theory]
    [InlineData(Behaviour.Silent, true)]
    [InlineData(Behaviour.Silent, false)]
    [InlineData(Behaviour.HeadersThenStall, true)]
    [InlineData(Behaviour.HeadersThenStall, false)]
    [InlineData(Behaviour.Drip, true)]
    [InlineData(Behaviour.Drip, false)]
    public async Task A_request_that_waits_for_a_login_ends_at_its_network_timeout_whatever_IAM_does(Behaviour behaviour, bool async)
    {
        await using var iam = await RawServer.StartAsync((_, stream, stop) => Misbehave(behaviour, stream, "X-Subject-Token: t\r\n", stop));
        await using var service = await RawServer.StartAsync((_, stream, stop) => Answer(stream, """{"backups":[],"offset":0,"limit":10,"total":0}"""));
        using var credential = PasswordCredential(iam.BaseAddress);
        var client = Client(service.BaseAddress, credential);

        var thrown = await EndsAsync(() => ListAsync(client, async), "the request");

        var exception = Assert.IsType<DdmAuthenticationException>(thrown);
        Assert.Contains("NetworkTimeout", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, exception.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, service.Requests);
    }

    [Theory]
    [InlineData(Behaviour.Silent, true)]
    [InlineData(Behaviour.Silent, false)]
    [InlineData(Behaviour.HeadersThenStall, true)]
    [InlineData(Behaviour.HeadersThenStall, false)]
    [InlineData(Behaviour.Drip, true)]
    [InlineData(Behaviour.Drip, false)]
    public async Task A_call_ends_at_its_network_timeout_whatever_the_service_does(Behaviour behaviour, bool async)
    {
        await using var service = await RawServer.StartAsync((_, stream, stop) => Misbehave(behaviour, stream, string.Empty, stop));
        var client = Client(service.BaseAddress, DdmCredential.FromToken("SECRET-token"));

        var thrown = await EndsAsync(() => ListAsync(client, async), "the call");

        // System.ClientModel's own timeout, as README says, which names the option to raise.
        var exception = Assert.IsType<TaskCanceledException>(thrown);
        Assert.Contains("NetworkTimeout", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-token", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Behaviour.Silent, true)]
    [InlineData(Behaviour.Silent, false)]
    [InlineData(Behaviour.HeadersThenStall, true)]
    [InlineData(Behaviour.HeadersThenStall, false)]
    [InlineData(Behaviour.Drip, true)]
    [InlineData(Behaviour.Drip, false)]
    public async Task A_listing_whose_second_page_stalls_ends_at_its_network_timeout(Behaviour behaviour, bool async)
    {
        await using var service = await RawServer.StartAsync((index, stream, stop) => index == 0
            ? Answer(stream, """{"backups":[{"id":"b0","status":"normal","instance_id":"i","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":1,"total":2}""")
            : Misbehave(behaviour, stream, string.Empty, stop));
        var client = Client(service.BaseAddress, DdmCredential.FromToken("SECRET-token"));
        var ids = new List<string>();

        var thrown = await EndsAsync(
            async () =>
            {
                if (async)
                {
                    await foreach (var backup in client.ListBackupsAutoPagingAsync(limit: 1))
                    {
                        ids.Add(backup.Id);
                    }
                }
                else
                {
                    foreach (var backup in client.ListBackupsAutoPaging(limit: 1))
                    {
                        ids.Add(backup.Id);
                    }
                }
            },
            "the listing");

        Assert.Equal(["b0"], ids);
        var exception = Assert.IsType<TaskCanceledException>(thrown);
        Assert.Contains("NetworkTimeout", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Each_caller_waiting_on_one_hung_login_is_released_by_its_own_timeout_or_cancellation(bool async)
    {
        await using var iam = await RawServer.StartAsync((_, stream, stop) => Misbehave(Behaviour.Silent, stream, string.Empty, stop));
        await using var service = await RawServer.StartAsync((_, stream, stop) => Answer(stream, """{"backups":[],"offset":0,"limit":10,"total":0}"""));
        using var credential = PasswordCredential(iam.BaseAddress);
        var shortWait = Client(service.BaseAddress, credential, TimeSpan.FromMilliseconds(300));
        var longWait = Client(service.BaseAddress, credential, TimeSpan.FromMinutes(10));
        using var cancel = new CancellationTokenSource();

        var waiting = Task.Run(() => ListAsync(longWait, async, cancel.Token));
        await iam.Accepted.Task.WaitAsync(HangGuard);
        var timedOut = await EndsAsync(() => ListAsync(shortWait, async), "the caller with the short timeout");
        Assert.False(waiting.IsCompleted, "the caller with the long timeout ended with the other");
        await cancel.CancelAsync();
        var cancelled = await EndsAsync(() => waiting, "the caller that cancelled");

        Assert.IsType<DdmAuthenticationException>(timedOut);
        Assert.Equal(cancel.Token, Assert.IsAssignableFrom<OperationCanceledException>(cancelled).CancellationToken);
        Assert.Equal(1, iam.Requests);
    }

    /// <summary>Answers 200 with <paramref name="body"/>.</summary>
    private static async Task Answer(NetworkStream stream, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n"));
        await stream.WriteAsync(bytes);
    }

    /// <summary>Never answers, answers the headers and never the body, or drips a body of spaces one byte a second, until <paramref name="stop"/>.</summary>
    private static async Task Misbehave(Behaviour behaviour, NetworkStream stream, string headers, CancellationToken stop)
    {
        if (behaviour != Behaviour.Silent)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + headers + "Transfer-Encoding: chunked\r\n\r\n"), stop);
            await stream.FlushAsync(stop);
        }

        while (behaviour == Behaviour.Drip)
        {
            await stream.WriteAsync("1\r\n \r\n"u8.ToArray(), stop);
            await stream.FlushAsync(stop);
            await Task.Delay(TimeSpan.FromSeconds(1), stop);
        }

        await Task.Delay(Timeout.Infinite, stop);
    }

    /// <summary>
    /// An HTTP server on a raw loopback socket: it reads each request's head and hands the connection to its answer,
    /// with the number of the request and a token that ends when the server is disposed.
    /// </summary>
    private sealed class RawServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<int, NetworkStream, CancellationToken, Task> _answer;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _requests;

        private RawServer(TcpListener listener, Func<int, NetworkStream, CancellationToken, Task> answer)
        {
            _listener = listener;
            _answer = answer;
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
            _accepting = AcceptAsync();
        }

        public Uri BaseAddress { get; }

        /// <summary>How many requests came.</summary>
        public int Requests => Volatile.Read(ref _requests);

        /// <summary>Set when the first request has come.</summary>
        public TaskCompletionSource Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static Task<RawServer> StartAsync(Func<int, NetworkStream, CancellationToken, Task> answer)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(16);
            return Task.FromResult(new RawServer(listener, answer));
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(socket));
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            using var _ = socket;
            try
            {
                using var stream = new NetworkStream(socket, ownsSocket: false);
                while (await ReadHeadAsync(stream))
                {
                    var index = Interlocked.Increment(ref _requests) - 1;
                    Accepted.TrySetResult();
                    await _answer(index, stream, _stop.Token);
                }
            }
            catch (Exception)
            {
                // The client hung up or the server stopped.
            }
        }

        /// <summary>Reads a request's head and its body (by <c>Content-Length</c>); false when the connection ended first.</summary>
        private async Task<bool> ReadHeadAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0)
                {
                    return false;
                }

                head.Append((char)one[0]);
            }

            foreach (var line in head.ToString().Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    var body = new byte[int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)];
                    await stream.ReadExactlyAsync(body, _stop.Token);
                }
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
