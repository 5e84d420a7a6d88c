using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ddm.Client.Tests.Resilience;

/// <summary>The client against the emulator's injected faults over loopback: retries, timeouts, limits and cancellation.</summary>
public sealed class FaultToleranceTests : IAsyncLifetime
{
    /// <summary>Guards against hangs only; nothing is asserted about speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private DdmEmulator _emulator = null!;

    private const string BackupsRoute = EmulatorRoutes.ListBackups;

    public async Task InitializeAsync() => _emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 1000 });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private DdmClientOptions Options(Action<DdmClientOptions>? change = null)
    {
        var options = new DdmClientOptions
        {
            Endpoint = _emulator.BaseAddress,
            ProjectId = _emulator.Options.ProjectId,
            Credential = DdmCredential.FromToken(_emulator.Options.Token),
        };
        change?.Invoke(options);
        return options;
    }

    private static async Task<List<string>> AllIdsAsync(DdmClient client)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var ids = new List<string>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync(cancellationToken: guard.Token))
        {
            ids.Add(backup.Id);
        }

        return ids;
    }

    private async Task<List<string>> ExpectedIdsAsync()
    {
        _emulator.Faults.Clear();
        return await AllIdsAsync(new DdmClient(Options()));
    }

    [Fact]
    public async Task Auto_paging_under_20_percent_transient_faults_yields_every_backup_once_with_default_options()
    {
        var expected = await ExpectedIdsAsync();
        _emulator.Faults.Seed = 20;
        _emulator.Faults.ServerErrors(rate: 0.2, route: BackupsRoute);
        var requestsBefore = _emulator.Statistics.RequestsTo(BackupsRoute);

        var ids = await AllIdsAsync(new DdmClient(Options()));

        Assert.Equal(expected, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(_emulator.Faults.Injected > 0, "the plan injected no fault, so the test proved nothing");
        Assert.Equal(_emulator.Statistics.RequestsTo(BackupsRoute) - requestsBefore, (expected.Count + 127) / 128 + _emulator.Faults.Injected);
    }

    [Fact]
    public async Task Auto_paging_with_the_default_retry_recovers_from_resets_mid_body_and_stalled_bodies()
    {
        var expected = await ExpectedIdsAsync();
        _emulator.Faults.ResetMidBody(route: BackupsRoute, limit: 2);
        _emulator.Faults.StalledBody(route: BackupsRoute, limit: 1);

        // The stalled body ends at the network timeout. It is long enough that a busy machine answers a healthy page
        // within it: with one second, a page that took longer on two loaded cores spent a fourth try.
        var ids = await AllIdsAsync(new DdmClient(Options(options => options.NetworkTimeout = TimeSpan.FromSeconds(3))));

        Assert.Equal(expected, ids);
        Assert.Equal(3, _emulator.Faults.Injected);
    }

    [Fact]
    public async Task Auto_paging_with_dependency_injection_and_the_standard_resilience_handler_yields_every_backup_once()
    {
        var expected = await ExpectedIdsAsync();
        _emulator.Faults.Seed = 20;
        _emulator.Faults.ServerErrors(rate: 0.2, route: BackupsRoute);
        var services = new ServiceCollection();
        services.AddDdmClient(options =>
        {
            options.Endpoint = _emulator.BaseAddress;
            options.ProjectId = _emulator.Options.ProjectId;
            options.Credential = DdmCredential.FromToken(_emulator.Options.Token);
        }).AddStandardResilienceHandler(resilience =>
        {
            resilience.Retry.MaxRetryAttempts = 6;
            resilience.Retry.Delay = TimeSpan.FromMilliseconds(50);
        });
        await using var provider = services.BuildServiceProvider();

        var ids = await AllIdsAsync(provider.GetRequiredService<DdmClient>());

        Assert.Equal(expected, ids);
        Assert.True(_emulator.Faults.Injected > 0, "the plan injected no fault, so the test proved nothing");
    }

    [Fact]
    public async Task With_the_standard_resilience_handler_only_the_handler_retries()
    {
        var services = new ServiceCollection();
        services.AddDdmClient(options =>
        {
            options.Endpoint = _emulator.BaseAddress;
            options.ProjectId = _emulator.Options.ProjectId;
            options.Credential = DdmCredential.FromToken(_emulator.Options.Token);
        }).AddStandardResilienceHandler(resilience => resilience.Retry.Delay = TimeSpan.FromMilliseconds(10));
        await using var provider = services.BuildServiceProvider();
        _emulator.Faults.ServerErrors(route: BackupsRoute, statuses: new[] { 503 });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => provider.GetRequiredService<DdmClient>().ListBackupsAsync());

        // One try and the handler's three retries; had the client retried as well, it would be four times as many.
        Assert.Equal(503, exception.Status);
        Assert.Equal(4, _emulator.Statistics.RequestsTo(BackupsRoute));
    }

    [Fact]
    public async Task The_default_retry_waits_before_it_tries_again()
    {
        // System.ClientModel's ClientRetryPolicy.Default retried at once: its delay is zero, not the documented 0.8 s.
        // A lower bound only: however slow the machine, a policy that does not wait cannot pass it.
        _emulator.Faults.ServerErrors(route: BackupsRoute, limit: 1, statuses: new[] { 503 });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var page = await new DdmClient(Options()).ListBackupsAsync(limit: 5);

        Assert.Equal(5, page.Value.Backups.Count);
        Assert.Equal(1, _emulator.Faults.Injected);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.5), $"retried after {started.Elapsed}");
    }

    [Fact]
    public async Task A_429_waits_at_least_its_retry_after()
    {
        var retry = new RecordingRetryPolicy();
        _emulator.Faults.TooManyRequests(retryAfterSeconds: 7, route: BackupsRoute, limit: 1);

        var page = await new DdmClient(Options(options => options.RetryPolicy = retry)).ListBackupsAsync(limit: 5);

        Assert.Equal(5, page.Value.Backups.Count);
        Assert.True(retry.Delays.Single() >= TimeSpan.FromSeconds(7), $"waited {retry.Delays.Single()} after Retry-After: 7");
    }

    [Fact]
    public async Task Of_two_retry_after_values_the_longer_is_waited_for()
    {
        // Regression: a gateway's Retry-After beside the service's was read joined ("0, 2") as none, and the request
        // was sent again after the client's own 0.8 s. A lower bound only, between the two requests' arrivals, the
        // first call's start not counted: 1.5 s is clearly more than any other choice waits (nothing for 0, or the
        // client's own 0.8 s), and clearly short of the 2 s asked for, which a timer may end a hair early.
        var requests = 0;
        var arrivals = new long[2];
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            var request = Interlocked.Increment(ref requests);
            if (request <= arrivals.Length)
            {
                Volatile.Write(ref arrivals[request - 1], System.Diagnostics.Stopwatch.GetTimestamp());
            }

            if (request == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = new[] { "0", "2" };
                await context.Response.WriteAsync("""{"error_code":"DBS.200047","error_msg":"Busy."}""");
                return;
            }

            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":1}""");
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });

        var page = await client.ListBackupsAsync(limit: 1).WaitAsync(HangGuard);

        Assert.Empty(page.Value.Backups);
        Assert.Equal(2, requests);
        var between = System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref arrivals[0]), Volatile.Read(ref arrivals[1]));
        Assert.True(between >= TimeSpan.FromSeconds(1.5), $"sent again {between} after the first answer asked for 2 s");
    }

    [Theory]
    [InlineData("3600", "")]
    [InlineData("Fri, 31 Dec 2100 23:59:59 GMT", "")]
    [InlineData("+3600", "")]
    [InlineData("31.12.2100 23:59:59", "de-DE")]
    public async Task A_retry_after_longer_than_the_network_timeout_is_not_waited_for_and_the_answer_is_the_error(string retryAfter, string culture)
    {
        // Regression: the default retry policy waited whatever the service asked, an hour per retry, so a call without
        // a cancellation token hung for hours however short its NetworkTimeout. Then a value System.ClientModel reads
        // as a wait and the bound did not (a sign before the seconds, a date in the current culture's form) was still
        // waited for as long as asked.
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        var requests = 0;
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = retryAfter;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error_code":"APIG.0308","error_msg":"The request is throttled."}""");
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), NetworkTimeout = TimeSpan.FromSeconds(10) });

        var call = client.ListBackupsAsync();
        var finished = await Task.WhenAny(call, Task.Delay(HangGuard));

        Assert.Same(call, finished);
        var exception = await Assert.ThrowsAsync<DdmApiException>(() => call);
        Assert.Equal(429, exception.Status);
        Assert.Equal(1, requests);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    public async Task Without_a_network_timeout_a_retry_after_is_waited_for_and_the_request_sent_again(string retryAfter)
    {
        // Regression: with NetworkTimeout = InfiniteTimeSpan every Retry-After counted as longer than the timeout (its
        // -1 ms), so the call ended with the 429 that asked for a short wait.
        var requests = 0;
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = retryAfter;
                await context.Response.WriteAsync("""{"error_code":"APIG.0308","error_msg":"The request is throttled."}""");
                return;
            }

            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":1}""");
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), NetworkTimeout = Timeout.InfiniteTimeSpan });

        var page = await client.ListBackupsAsync(limit: 1).WaitAsync(HangGuard);

        Assert.Empty(page.Value.Backups);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task Headers_larger_than_the_http_client_takes_are_not_retried()
    {
        // Regression: the default retry policy took the HttpClient's refusal of the headers for a network failure and
        // sent the request three more times, each refused the same way, ending in an AggregateException of four.
        var requests = 0;
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.Headers["X-Padding"] = new string('a', 200_000);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"backups":[],"total":0}""");
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => client.ListBackupsAsync());

        Assert.Contains("headers length exceeded", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_header_value_outside_ascii_that_the_http_client_refuses_to_send_is_not_retried()
    {
        // Regression: the default retry policy took the HttpClient's refusal of a per-call header outside ASCII for a
        // network failure and tried three more times, each refused the same way, ending in an AggregateException of four.
        await using var server = await Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"backups":[],"total":0}"""));
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });
        var tries = 0;
        var options = new RequestOptions();
        options.SetHeader("X-Note", "Zoë");
        options.AddPolicy(new CountingPolicy(() => Interlocked.Increment(ref tries)), PipelinePosition.PerTry);

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => client.ListBackupsAsync(null, null, options));

        Assert.Equal(0, exception.Status);
        Assert.IsType<System.Net.Http.HttpRequestException>(exception.InnerException);
        Assert.Equal(1, tries);
        Assert.Empty(server.RawTargets);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        // The emulator injects only transient statuses; a scripted loopback server answers the others.
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""");
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal(status, exception.Status);
        Assert.Equal("DBS.280001", exception.ErrorCode);
        Assert.Single(server.RawTargets);
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(404, false)]
    public async Task A_client_error_whose_body_is_cut_short_is_that_error_and_not_retried(int status, bool async)
    {
        // Regression: the connection closed before the error's body ended, and reading it failed as a network failure:
        // a 400 was sent four times and ended in an AggregateException that did not name the status.
        await using var server = await CutShortServerAsync(status, """{"errCode":"DBS.280001","externalMessage":"Parameter error.",""");
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => async ? client.ListBackupsAsync() : Task.Run(() => client.ListBackups()));

        Assert.Equal(status, exception.Status);
        Assert.Equal(("DBS.280001", "Parameter error."), (exception.ErrorCode, exception.ErrorMessage));
        Assert.Single(server.RawTargets);
    }

    [Fact]
    public async Task A_transient_error_whose_body_is_cut_short_is_retried_and_stays_that_error()
    {
        await using var server = await CutShortServerAsync(503, """{"error_code":"APIG.0201","error_msg":"Backend unavailable",""");
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), RetryPolicy = new ClientRetryPolicy(maxRetries: 1) });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal((503, "APIG.0201"), (exception.Status, exception.ErrorCode));
        Assert.Equal(2, server.RawTargets.Count);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task An_error_whose_body_stalls_ends_with_a_timeout_of_the_network_timeout(bool async, bool buffered)
    {
        // The network timeout disposes the body under the read: that must stay the timeout, and not be taken for the
        // connection cutting the error's body short, which makes the answer the error with what of its body came.
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            var socket = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()!.Socket;
            socket.Send(System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 400 Error\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"errCode\":\"DBS.280001\","));
            await Task.Delay(HangGuard, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            context.Abort();
        });
        var options = new RequestOptions { BufferResponse = buffered };

        // The timeout must let the status line and headers in, which a loaded machine may take longer than half a second
        // to hand the client: unbuffered, a timeout before them is System.ClientModel's, not the body's, and the case is
        // tried again with a longer one.
        Exception? exception = null;
        foreach (var milliseconds in new[] { 500, 2000, 8000 })
        {
            var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), NetworkTimeout = TimeSpan.FromMilliseconds(milliseconds), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
            exception = await Record.ExceptionAsync(() => async ? client.ListBackupsAsync(null, null, options) : Task.Run(() => client.ListBackups(null, null, options)));
            if (buffered || exception is not OperationCanceledException)
            {
                break;
            }
        }

        // Buffered as System.ClientModel buffers any body; unbuffered, read by the client into the exception it throws.
        Assert.Contains(buffered ? "exceeded the configured timeout" : "did not come within the network timeout", exception?.Message, StringComparison.Ordinal);
        Assert.True(buffered ? exception is OperationCanceledException : exception is DdmApiException { ErrorCode: null }, exception?.ToString());
    }

    /// <summary>
    /// A server whose every answer is an error of <paramref name="status"/> that says its body is 500 bytes long and
    /// sends only <paramref name="part"/> before it ends the connection. The answer goes straight to the socket and the
    /// sending side then ends, as the emulator's faults do: the server's own abort would reset the connection, and a
    /// reset makes the client drop what it has not read yet, the status line included.
    /// </summary>
    private static Task<Http.ScriptedServer> CutShortServerAsync(int status, string part) => Http.ScriptedServer.StartAsync(async context =>
    {
        var socket = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()!.Socket;
        socket.Send(System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) + " Error\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + part));
        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        await Task.Delay(HangGuard, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        context.Abort();
    });

    [Fact]
    public async Task A_stalled_body_ends_with_a_timeout_of_the_network_timeout()
    {
        _emulator.Faults.StalledBody(route: BackupsRoute);
        var client = new DdmClient(Options(options =>
        {
            options.NetworkTimeout = TimeSpan.FromMilliseconds(500);
            options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        }));
        using var guard = new CancellationTokenSource(HangGuard);

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListBackupsAsync(cancellationToken: guard.Token));

        Assert.False(guard.IsCancellationRequested, "the hang guard fired: the network timeout did not bound the body");
        Assert.Contains("exceeded the configured timeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_ends_a_stalled_call_promptly()
    {
        _emulator.Faults.StalledBody(route: BackupsRoute);
        var client = new DdmClient(Options());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var call = client.ListBackupsAsync(cancellationToken: cancellation.Token);
        var finished = await Task.WhenAny(call, Task.Delay(HangGuard));

        Assert.Same(call, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_who_cancels_after_a_failed_try_gets_the_cancellation_not_the_failures_of_the_tries(bool async)
    {
        // Regression: the retry policy gathered the first try's network failure and the cancellation of the second
        // into an AggregateException, so a caller who cancelled saw a failed request instead of its cancellation.
        var requests = 0;
        var secondTry = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Abort();
                return;
            }

            secondTry.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });
        using var cancellation = new CancellationTokenSource();
        _ = secondTry.Task.ContinueWith(_ => cancellation.Cancel(), TaskScheduler.Default);

        var call = async
            ? client.ListBackupsAsync(cancellationToken: cancellation.Token)
            : Task.Run(() => client.ListBackups(cancellationToken: cancellation.Token));
        var finished = await Task.WhenAny(call, Task.Delay(HangGuard));

        Assert.Same(call, finished);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_is_refused_and_not_retried()
    {
        var client = new DdmClient(Options(options => options.MaxResponseSize = 2000));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync(limit: 128));

        Assert.Contains("larger than MaxResponseSize (2000 bytes)", exception.Message, StringComparison.Ordinal);
        Assert.Equal(200, exception.Status);
        Assert.Equal(1, _emulator.Statistics.RequestsTo(BackupsRoute));
    }

    [Fact]
    public async Task A_body_read_as_a_stream_is_the_callers_to_limit_whether_or_not_its_length_is_declared()
    {
        // Regression: a declared length over the limit failed the call, while the same body sent chunked streamed.
        var page = System.Text.Encoding.UTF8.GetBytes("{\"backups\":[],\"total\":0,\"offset\":0,\"limit\":128,\"padding\":\"" + new string('x', 3000) + "\"}");
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            context.Response.ContentLength = page.Length;
            await context.Response.Body.WriteAsync(page);
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), MaxResponseSize = 1000 });

        var result = await client.ListBackupsAsync(null, null, new RequestOptions { BufferResponse = false });
        var read = new System.IO.MemoryStream();
        await result.GetRawResponse().ContentStream!.CopyToAsync(read);

        Assert.Equal(page, read.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_error_body_read_as_a_stream_under_NoThrow_is_the_callers_to_limit(bool declared)
    {
        // Regression: the stream of an error answer returned under NoThrow ended without an error at MaxResponseSize,
        // short of the length the answer declared.
        var body = System.Text.Encoding.UTF8.GetBytes("<html>" + new string('x', 3000) + "</html>");
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 400;
            if (declared)
            {
                context.Response.ContentLength = body.Length;
            }

            await context.Response.Body.WriteAsync(body);
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), MaxResponseSize = 1000 });

        var result = await client.ListBackupsAsync(null, null, new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow, BufferResponse = false });
        var read = new System.IO.MemoryStream();
        await result.GetRawResponse().ContentStream!.CopyToAsync(read);
        var thrown = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync(null, null, new RequestOptions { BufferResponse = false }));

        Assert.Equal(400, result.GetRawResponse().Status);
        Assert.Equal(body, read.ToArray());
        Assert.Equal(1000, thrown.GetRawResponse()!.Content.ToMemory().Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_error_whose_body_is_over_the_limit_stays_that_error(bool declared)
    {
        // Regression: a 503 with a large body became a "larger than MaxResponseSize" failure: tried once, its status
        // lost from the message, and thrown even under ErrorOptions.NoThrow.
        var body = System.Text.Encoding.UTF8.GetBytes("{\"error_code\":\"DBS.300002\",\"error_msg\":\"" + new string('x', 5000) + "\"}");
        await using var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "0";
            if (declared)
            {
                context.Response.ContentLength = body.Length;
            }

            await context.Response.Body.WriteAsync(body);
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), MaxResponseSize = 1000 });

        var returned = await client.ListBackupsAsync(null, null, new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow });
        var tries = server.RawTargets.Count;
        var thrown = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal(503, returned.GetRawResponse().Status);
        Assert.Equal(4, tries);
        Assert.Equal(503, thrown.Status);
        Assert.Contains("failed with HTTP 503", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(1000, returned.GetRawResponse().Content.ToMemory().Length);
        Assert.Equal(1000, thrown.ResponseBody!.Length);
    }

    [Theory]
    [InlineData("{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect IAM authentication information: token secret-token-1 expired\"}")]
    [InlineData("<html>token secret-token-1 expired</html>")]
    [InlineData("{\"error_code\":\"secret-token-1\",\"error_msg\":\"token secret-token-1 expired\",\"request_id\":\"secret-token-1\"}")]
    public async Task A_token_the_service_repeats_in_its_error_is_not_in_the_exception(string answer)
    {
        // Regression: the token came back in the exception's message and its ResponseBody, and from there into logs.
        var exception = await ThrownForAsync(401, answer, "secret-token-1");

        Assert.Contains("token *** expired", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-1", exception.Message + exception.ErrorCode + exception.ErrorMessage + exception.RequestId + exception.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(401, exception.Status);
    }

    [Theory]
    [InlineData("{\"error_msg\":\"token MIIa+b\\/c== expired\"}")]
    [InlineData("{\"error_msg\":\"token MIIa\\u002Bb/c== expired\"}")]
    [InlineData("{\"error_msg\":\"token MIIa\\u002bb\\/c\\u003D= expired\"}")]
    [InlineData("{\"error_msg\":\"token \\u004dIIa+b/c== expired\"}")]
    public async Task A_token_the_service_repeats_with_json_escapes_is_not_in_the_response_body(string answer)
    {
        // Regression: a service that writes "/" as "\/" (as PHP does) or "+" as "\u002B" (as System.Text.Json does)
        // repeated the token in a form the plain replacement missed, so it stayed in ResponseBody.
        var exception = await ThrownForAsync(401, answer, "MIIa+b/c==");

        Assert.Equal("{\"error_msg\":\"token *** expired\"}", exception.ResponseBody);
        Assert.Equal("token *** expired", exception.ErrorMessage);
    }

    [Theory]
    [InlineData("{\"error_msg\":\"token MIIa+b\\/c=! and \\\\ \\u00 \\u002Bb\"}")]
    [InlineData("\\")]
    [InlineData("MIIa+b/c=")]
    public async Task Text_that_only_starts_like_the_token_is_kept_as_it_came(string answer)
    {
        var exception = await ThrownForAsync(401, answer, "MIIa+b/c==");

        Assert.Equal(answer, exception.ResponseBody);
    }

    [Fact]
    public async Task A_long_token_echoed_so_often_that_the_body_is_cut_leaves_no_piece_of_it()
    {
        // Regression: the body was cut before masking, so a copy cut in two at the end was not recognised, and the masks
        // before it pulled its first half into the part of ResponseBody that is kept.
        var token = string.Concat(Enumerable.Range(0, 350).Select(index => "MIIa" + (index % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + "b/c+Z"));
        var answer = "{\"error_msg\":\"" + string.Join(" ", Enumerable.Repeat(token.Replace("/", "\\/", StringComparison.Ordinal), 6)) + "\"}";
        var exception = await ThrownForAsync(401, answer, token);

        Assert.StartsWith("{\"error_msg\":\"*** *** *** *** *** ***\"}", exception.ResponseBody, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIa", exception.ResponseBody + exception.Message + exception.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html>echo: X-Auth-Token: MIIa+b/c==</html>")]
    [InlineData("{\"backups\":\"MIIa+b\\/c==\"}")]
    public async Task A_success_answer_that_cannot_be_read_leaves_out_the_token_it_repeats(string answer)
    {
        // Regression: only error answers were masked; a 200 whose body could not be read kept the token in ResponseBody
        // and in the exception's message.
        var exception = await ThrownForAsync(200, answer, "MIIa+b/c==", requestId: "MIIa+b/c==");
        var paged = await ThrownForAsync(200, answer, "MIIa+b/c==", requestId: "MIIa+b/c==", call: async client => await client.ListBackupsAutoPagingAsync().FirstAsync());

        foreach (var thrown in new[] { exception, paged })
        {
            Assert.Contains("***", thrown.ResponseBody, StringComparison.Ordinal);
            Assert.DoesNotContain("MIIa", thrown.ResponseBody + thrown.Message + thrown.RequestId, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"backups\":[{\"id\":\"x\",\"status\":\"normal\",\"instance_id\":\"i\",\"created\":\"MIIa+b/c==TOKEN\"}],\"total\":1}")]
    [InlineData("{\"backups\":[{\"MIIa+b/c==TOKEN\":{\"a\":tru")]
    public async Task A_token_repeated_where_reading_stops_is_not_in_the_message_or_its_cause(string answer)
    {
        // Regression: the JSON path (a member's name) and the converter's reason (a value) named the token in the message
        // and in the inner exception, although ResponseBody was masked.
        var exception = await ThrownForAsync(200, answer, "MIIa+b/c==TOKEN");

        Assert.Contains("cannot be read at $.backups[0]", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIa", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_too_large_answer_does_not_name_the_token_as_its_request_id()
    {
        // Regression: the too-large failure took the request id as the answer gave it.
        var exception = await ThrownForAsync(200, new string(' ', 5000), "MIIa+b/c==TOKEN", requestId: "MIIa+b/c==TOKEN", maxResponseSize: 100);

        Assert.Contains("larger than MaxResponseSize", exception.Message, StringComparison.Ordinal);
        Assert.Equal("***", exception.RequestId);
        Assert.DoesNotContain("MIIa", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_message_the_json_decoded_is_masked_as_it_reads_not_as_json()
    {
        // Regression: the decoded message was searched as if it were JSON text again, so "\u0061bcd1" (written as an
        // escaped backslash) read as the token "abcd1" and lost its backslash.
        var exception = await ThrownForAsync(400, "{\"error_code\":\"DBS.1\",\"error_msg\":\"see C:\\\\u0061bcd1\\\\file\"}", "abcd1");

        Assert.Equal("see C:\\u0061bcd1\\file", exception.ErrorMessage);
    }

    [Fact]
    public async Task An_error_body_in_other_scripts_keeps_as_much_text_with_a_long_token_as_without()
    {
        // Regression: the margin for a copy cut at the end was read in bytes and dropped in characters, so with a token
        // of a few thousand characters a body in Chinese kept nothing.
        var token = new string('T', 3000);
        var answer = "{\"error_msg\":\"" + string.Concat(Enumerable.Repeat("实例不存在", 3000)) + "\"}";

        var exception = await ThrownForAsync(404, answer, token);

        Assert.Equal(DdmApiException.MaxBodyKept, exception.ResponseBody!.Length);
        Assert.StartsWith("{\"error_msg\":\"实例不存在", exception.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_body_that_repeats_the_token_keeps_as_much_text_as_any_other()
    {
        // Regression: each masked copy shortened the text read, and no more was read, so 200 copies of a token left 476
        // characters of the body.
        var token = "MIIa" + new string('t', 96);
        var answer = "{\"echo\":[" + string.Join(",", Enumerable.Repeat("\"" + token + "\"", 200)) + "],\"error_msg\":\"" + new string('m', 20_000) + "\"}";

        var exception = await ThrownForAsync(404, answer, token);

        Assert.Equal(DdmApiException.MaxBodyKept, exception.ResponseBody!.Length);
        Assert.StartsWith("{\"echo\":[\"***\",\"***\"", exception.ResponseBody, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIa", exception.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_body_cut_at_a_character_beyond_U_FFFF_keeps_the_character_whole_or_not_at_all()
    {
        // Regression: the body was cut at MaxBodyKept characters even between the two halves of a surrogate pair,
        // so ResponseBody ended with a lone surrogate, which no UTF-8 log or JSON writer can carry.
        var prefix = "{\"error_msg\":\"";
        var answer = prefix + new string('m', DdmApiException.MaxBodyKept - 1 - prefix.Length) + string.Concat(Enumerable.Repeat("\U0001F600", 100)) + "\"}";

        var exception = await ThrownForAsync(404, answer, "a-token-value");

        Assert.Equal(DdmApiException.MaxBodyKept - 1, exception.ResponseBody!.Length);
        Assert.False(char.IsHighSurrogate(exception.ResponseBody[^1]));
    }

    /// <summary>
    /// What <c>ListBackupsAsync</c> throws when the service answers <paramref name="status"/> with <paramref name="answer"/>
    /// to a client signed in with <paramref name="token"/>, or what <paramref name="call"/> throws.
    /// </summary>
    private static async Task<DdmApiException> ThrownForAsync(int status, string answer, string token, string? requestId = null, long? maxResponseSize = null, Func<DdmClient, Task>? call = null)
    {
        await using var server = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            if (requestId is not null)
            {
                context.Response.Headers["X-Request-Id"] = requestId;
            }

            return context.Response.WriteAsync(answer);
        });
        var options = new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken(token) };
        options.MaxResponseSize = maxResponseSize ?? options.MaxResponseSize;
        var client = new DdmClient(options);
        return await Assert.ThrowsAsync<DdmApiException>(() => call is null ? client.ListBackupsAsync() : call(client));
    }

    /// <summary>A page of <paramref name="count"/> backups written in small chunks without Content-Length (chunked encoding).</summary>
    private static Task<Http.ScriptedServer> ChunkedPageServerAsync(int count) => Http.ScriptedServer.StartAsync(async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"backups":[""");
        for (var index = 0; index < count; index++)
        {
            await context.Response.WriteAsync((index == 0 ? "" : ",") + "{\"id\":\"backup-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\",\"name\":\"Backup\",\"status\":\"COMPLETED\",\"instance_id\":\"instance\",\"created\":\"2025-02-19T02:50:20+0000\"}");
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync("],\"total\":" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"offset\":0,\"limit\":128}");
    });

    [Fact]
    public async Task A_body_without_content_length_larger_than_the_first_buffer_is_read_whole()
    {
        // About 130 bytes per backup: 300 backups are well past the 16 KiB the body buffer starts with.
        await using var server = await ChunkedPageServerAsync(300);
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });

        var result = await client.ListBackupsAsync(limit: 128);

        Assert.Equal(300, result.Value.Backups.Count);
        Assert.Equal("backup-299", result.Value.Backups[299].Id);
        Assert.False(result.GetRawResponse().Headers.TryGetValue("Content-Length", out _));
        Assert.EndsWith("\"total\":300,\"offset\":0,\"limit\":128}", result.GetRawResponse().Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_content_length_larger_than_the_limit_is_refused_while_reading()
    {
        await using var server = await ChunkedPageServerAsync(300);
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), MaxResponseSize = 20_000 });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync(limit: 128));

        Assert.Contains("larger than MaxResponseSize (20000 bytes)", exception.Message, StringComparison.Ordinal);
        Assert.Single(server.RawTargets);
    }

    [Fact]
    public async Task Truncated_json_names_the_operation_and_where_it_broke()
    {
        _emulator.Faults.TruncatedJson(route: BackupsRoute, limit: 1);

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => new DdmClient(Options()).ListBackupsAsync(limit: 20));

        Assert.StartsWith("listBackups: the response body cannot be read at $", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listing_resumed_from_a_saved_token_continues_where_it_stopped()
    {
        var expected = await ExpectedIdsAsync();
        var pageInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListBackupsResponse>)DdmJsonTypeInfoResolver.Options.GetTypeInfo(typeof(ListBackupsResponse));
        var first = new DdmClient(Options()).ListBackupsAutoPagingAsync(limit: 50);
        var seen = new List<string>();
        byte[]? saved = null;
        await foreach (var page in first.GetRawPagesAsync())
        {
            seen.AddRange(System.Text.Json.JsonSerializer.Deserialize(page.GetRawResponse().Content.ToMemory().Span, pageInfo)!.Backups.Select(backup => backup.Id));
            if (seen.Count == 150)
            {
                saved = first.GetContinuationToken(page)!.ToBytes().ToArray();
                break;
            }
        }

        // As a new process would: only the saved bytes and a new client.
        var restored = ContinuationToken.FromBytes(BinaryData.FromBytes(saved!));
        var requestsBefore = _emulator.Statistics.RequestsTo(BackupsRoute);
        var rest = new List<string>();
        await foreach (var backup in new DdmClient(Options()).ListBackupsAutoPagingAsync(restored))
        {
            rest.Add(backup.Id);
        }

        Assert.Equal(expected, seen.Concat(rest));
        Assert.Equal((expected.Count - 150 + 49) / 50, _emulator.Statistics.RequestsTo(BackupsRoute) - requestsBefore);
    }

    [Fact]
    public async Task A_token_of_another_listing_or_none_is_refused_when_the_overload_is_called_not_when_enumerated()
    {
        var first = new DdmClient(Options()).ListBackupsAutoPagingAsync(limit: 50);
        ContinuationToken? token = null;
        await foreach (var page in first.GetRawPagesAsync())
        {
            token = first.GetContinuationToken(page);
            break;
        }

        var client = new DdmClient(Options());
        var requestsBefore = _emulator.Statistics.RequestsTo(BackupsRoute);

        var other = Assert.Throws<ArgumentException>(() => client.ListRestorableTimeIntervalsAutoPagingAsync(token!));
        Assert.Equal("continuationToken", other.ParamName);
        Assert.Contains("another operation", other.Message, StringComparison.Ordinal);
        Assert.Equal("continuationToken", Assert.Throws<ArgumentNullException>(() => client.ListBackupsAutoPaging((ContinuationToken)null!)).ParamName);
        var unreadable = Assert.Throws<ArgumentException>(() => client.ListBackupsAutoPaging(ContinuationToken.FromBytes(BinaryData.FromString("{}"))));
        Assert.Equal("continuationToken", unreadable.ParamName);
        Assert.Equal(requestsBefore, _emulator.Statistics.RequestsTo(BackupsRoute));
    }

    /// <summary>Counts the tries of a request.</summary>
    private sealed class CountingPolicy(Action tried) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            tried();
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            tried();
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }

    /// <summary>Records the delays the retry policy asks for instead of sleeping through them.</summary>
    private sealed class RecordingRetryPolicy : ClientRetryPolicy
    {
        public RecordingRetryPolicy()
            : base(maxRetries: 3)
        {
        }

        public List<TimeSpan> Delays { get; } = new();

        protected override Task WaitAsync(TimeSpan time, CancellationToken cancellationToken)
        {
            Delays.Add(time);
            return Task.CompletedTask;
        }

        protected override void Wait(TimeSpan time, CancellationToken cancellationToken) => Delays.Add(time);
    }
}
