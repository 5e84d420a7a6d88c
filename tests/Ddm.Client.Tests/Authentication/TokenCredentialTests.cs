using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Authentication;

/// <summary>A token credential of the caller's own (derived from <see cref="DdmTokenCredential"/>) over real HTTP.</summary>
public sealed class TokenCredentialTests
{
    private const string EmptyPage = """{"backups":[],"offset":0,"limit":10,"total":0}""";

    private static Task<Http.ScriptedServer> ServerAsync() => Http.ScriptedServer.StartAsync(context =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(EmptyPage);
    });

    /// <summary>A client of <paramref name="server"/> with <paramref name="credential"/> and <paramref name="networkTimeout"/>.</summary>
    private static DdmClient Client(Http.ScriptedServer server, DdmCredential credential, TimeSpan networkTimeout) =>
        new(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = credential, NetworkTimeout = networkTimeout });

    /// <summary>
    /// Lists backups with <paramref name="cancellationToken"/>, by the async or the synchronous call as told, on the
    /// thread pool either way: the credentials here block the thread that starts the call.
    /// </summary>
    private static Task ListOnThePoolAsync(DdmClient client, bool async, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        if (async)
        {
            await client.ListBackupsAsync(cancellationToken: cancellationToken);
        }
        else
        {
            client.ListBackups(cancellationToken: cancellationToken);
        }
    }, CancellationToken.None);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_credential_that_never_answers_fails_the_request_at_its_network_timeout(bool async)
    {
        // Regression: the client awaited GetTokenAsync with the caller's token alone, so a credential that never gave a
        // token (a token service that hangs, a fetch that does not heed its token) held the request for ever, whatever
        // its NetworkTimeout, where the password credential waits for a login no longer than that.
        await using var server = await ServerAsync();
        var credential = new HangingToken();
        var client = Client(server, credential, TimeSpan.FromMilliseconds(200));
        // Only for a failure: without a bound, the call would never end.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var call = async ? client.ListBackupsAsync() : Task.Run(() => client.ListBackups());
            var exception = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(guard.Token));
            await credential.Told.Task.WaitAsync(guard.Token);

            Assert.Equal("HangingToken.GetTokenAsync gave no token within the request's network timeout (NetworkTimeout, 0.2 s), so the request was not sent.", exception.Message);
            Assert.Equal(1, credential.Calls);
            Assert.Empty(server.RawTargets);
        }
        finally
        {
            // Lets a call that the bound did not end go on, so that no thread of the test waits for ever.
            credential.Answer.TrySetResult("token-1");
        }
    }

    [Fact]
    public async Task A_caller_who_cancels_gets_the_cancellation_though_the_credential_does_not_heed_its_token()
    {
        // Regression: the call went on waiting for the credential after the caller had cancelled.
        await using var server = await ServerAsync();
        var credential = new HangingToken();
        var client = Client(server, credential, TimeSpan.FromMinutes(10));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        try
        {
            var call = client.ListBackupsAsync(cancellationToken: cancel.Token);
            await cancel.CancelAsync();
            var exception = await Record.ExceptionAsync(() => call.WaitAsync(guard.Token));

            Assert.False(guard.IsCancellationRequested, "the call did not end when its caller cancelled");
            Assert.IsAssignableFrom<OperationCanceledException>(exception);
            Assert.Empty(server.RawTargets);
        }
        finally
        {
            credential.Answer.TrySetResult("token-1");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_who_cancels_the_wait_for_a_token_gets_a_cancellation_of_its_own_token(bool async)
    {
        // Regression: the cancellation named the token the wait was bounded by, linked to the caller's and disposed once
        // the call ended, so a caller that told its own cancellation by its token took it for another's.
        await using var server = await ServerAsync();
        var credential = new HangingToken();
        var client = Client(server, credential, TimeSpan.FromMinutes(10));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        try
        {
            var call = async ? client.ListBackupsAsync(cancellationToken: cancel.Token) : Task.Run(() => client.ListBackups(cancellationToken: cancel.Token));
            await credential.Called.Task.WaitAsync(guard.Token);
            await cancel.CancelAsync();
            var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(guard.Token));
            // The caller's cancellation reaches the token the credential was given too.
            await credential.Told.Task.WaitAsync(guard.Token);

            Assert.Equal(cancel.Token, exception.CancellationToken);
        }
        finally
        {
            credential.Answer.TrySetResult("token-1");
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task A_caller_who_cancels_while_the_credential_blocks_before_it_returns_ends_the_wait(bool async, bool semaphore)
    {
        // Regression: the caller's cancellation reached the token GetTokenAsync was given only once the call had returned
        // a task still pending, so a call that blocked before it returned (a lock, a synchronous fetch) held a caller who
        // had cancelled until it ended by itself.
        await using var server = await ServerAsync();
        var credential = new BlockingToken(semaphore);
        var client = Client(server, credential, TimeSpan.FromMinutes(10));
        // Only for a failure: the blocking call gives up by itself after 30 s, and the test waits a little longer.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource();

        var call = ListOnThePoolAsync(client, async, cancel.Token);
        await credential.Blocking.Task.WaitAsync(guard.Token);
        await cancel.CancelAsync();
        var exception = await Record.ExceptionAsync(() => call.WaitAsync(guard.Token));

        Assert.True(await credential.Cancelled.Task.WaitAsync(guard.Token), "the blocking call was not cancelled, it gave up by itself");
        var cancellation = Assert.IsAssignableFrom<OperationCanceledException>(exception);
        Assert.Equal(cancel.Token, cancellation.CancellationToken);
        Assert.Empty(server.RawTargets);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task A_credential_that_blocks_before_it_returns_fails_the_request_at_its_network_timeout(bool async, bool semaphore)
    {
        // Regression: the network timeout reached the token GetTokenAsync was given only once the call had returned a
        // task still pending, so a call that blocked before it returned (a synchronous fetch, a lock) held the request
        // until it ended by itself, whatever its NetworkTimeout.
        await using var server = await ServerAsync();
        var credential = new BlockingToken(semaphore);
        var client = Client(server, credential, TimeSpan.FromMilliseconds(200));
        // Only for a failure: the blocking call gives up by itself after 30 s, and the test waits a little longer.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var exception = await Record.ExceptionAsync(() => ListOnThePoolAsync(client, async, CancellationToken.None).WaitAsync(guard.Token));

        Assert.True(await credential.Cancelled.Task.WaitAsync(guard.Token), "the blocking call was not cancelled, it gave up by itself");
        var timeout = Assert.IsType<TimeoutException>(exception);
        Assert.Equal("BlockingToken.GetTokenAsync gave no token within the request's network timeout (NetworkTimeout, 0.2 s), so the request was not sent.", timeout.Message);
        Assert.Empty(server.RawTargets);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_who_cancels_a_call_that_blocks_with_no_network_timeout_gets_a_cancellation_of_its_own_token(bool async)
    {
        // Regression: with no network timeout the call gets the caller's own token, and a cancellation it threw before it
        // returned, one that named no token, went to the caller as it was, where the caller's own token was promised.
        await using var server = await ServerAsync();
        var credential = new BlockingTokenlessCancel();
        var client = Client(server, credential, Timeout.InfiniteTimeSpan);
        // Only for a failure: the blocking call gives up by itself after 30 s, and the test waits a little longer.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource();

        var call = ListOnThePoolAsync(client, async, cancel.Token);
        await credential.Blocking.Task.WaitAsync(guard.Token);
        await cancel.CancelAsync();
        var exception = await Record.ExceptionAsync(() => call.WaitAsync(guard.Token));

        Assert.False(guard.IsCancellationRequested, "the call did not end when its caller cancelled");
        var cancellation = Assert.IsAssignableFrom<OperationCanceledException>(exception);
        Assert.Equal(cancel.Token, cancellation.CancellationToken);
        Assert.Empty(server.RawTargets);
    }

    [Fact]
    public async Task A_fetch_that_fails_after_its_caller_cancelled_leaves_no_unobserved_exception()
    {
        // Regression: a fetch that went on after the caller cancelled, and then failed, left its failure unobserved
        // (TaskScheduler.UnobservedTaskException once collected), where one that went on past the network timeout
        // had its failure observed.
        var marker = "token service failed " + Guid.NewGuid().ToString("N");
        var unobserved = false;
        EventHandler<UnobservedTaskExceptionEventArgs> watch = (_, args) =>
        {
            if (args.Exception.InnerExceptions.Any(inner => inner.Message == marker))
            {
                Volatile.Write(ref unobserved, true);
            }
        };
        TaskScheduler.UnobservedTaskException += watch;
        try
        {
            await CancelWhileTheFetchGoesOnAsync(marker);
            for (var pass = 0; pass < 5 && !Volatile.Read(ref unobserved); pass++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= watch;
        }

        Assert.False(unobserved, "the fetch's failure was left unobserved");
    }

    /// <summary>
    /// Cancels a request while its credential's fetch goes on, then has the fetch fail; kept apart so that nothing of
    /// the request stays reachable from the test's own frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task CancelWhileTheFetchGoesOnAsync(string failure)
    {
        await using var server = await ServerAsync();
        var credential = new FailingLate(failure);
        var client = Client(server, credential, TimeSpan.FromMinutes(10));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        var call = client.ListBackupsAsync(cancellationToken: cancel.Token);
        await credential.Called.Task.WaitAsync(guard.Token);
        await cancel.CancelAsync();
        Assert.IsAssignableFrom<OperationCanceledException>(await Record.ExceptionAsync(() => call.WaitAsync(guard.Token)));

        // The gate runs the fetch on in this thread, so it has failed when SetResult returns.
        credential.Gate.SetResult();
        Assert.Empty(server.RawTargets);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Each_request_waiting_on_one_hung_fetch_is_released_by_its_own_timeout_or_cancellation(bool async)
    {
        await using var server = await ServerAsync();
        var credential = new HangingToken();
        var shortWait = Client(server, credential, TimeSpan.FromMilliseconds(200));
        var longWait = Client(server, credential, TimeSpan.FromMinutes(10));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        try
        {
            var waiting = ListOnThePoolAsync(longWait, async, cancel.Token);
            await credential.Called.Task.WaitAsync(guard.Token);
            var timedOut = await Record.ExceptionAsync(() => ListOnThePoolAsync(shortWait, async, CancellationToken.None).WaitAsync(guard.Token));
            Assert.IsType<TimeoutException>(timedOut);
            Assert.False(waiting.IsCompleted, "the request with the long timeout ended with the other");
            await cancel.CancelAsync();
            var cancelled = await Record.ExceptionAsync(() => waiting.WaitAsync(guard.Token));

            Assert.Equal(cancel.Token, Assert.IsAssignableFrom<OperationCanceledException>(cancelled).CancellationToken);
            Assert.Equal(2, credential.Calls);
            Assert.Empty(server.RawTargets);
        }
        finally
        {
            credential.Answer.TrySetResult("token-1");
        }
    }

    [Fact]
    public async Task A_token_that_comes_within_the_network_timeout_serves_the_request()
    {
        await using var server = await ServerAsync();
        var credential = new HangingToken();
        var client = Client(server, credential, TimeSpan.FromMinutes(10));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var call = client.ListBackupsAsync(cancellationToken: guard.Token);
        credential.Answer.SetResult("token-1");
        var page = await call;

        Assert.Equal(0, page.Value.Total);
        Assert.Contains(("X-Auth-Token", "token-1"), server.Headers);
        Assert.Single(server.RawTargets);
    }

    [Fact]
    public void A_token_at_hand_costs_no_link_to_the_callers_token_and_a_fixed_one_no_bound_at_all()
    {
        // Regression: every try of every request linked a CancellationTokenSource to the caller's token before it asked
        // for the token, also where the token was at hand (a fixed one, a cached one), the common case. A token
        // credential's call gets a bound whose timer runs from before the call, since the call may block before it
        // returns; FromToken's, which never blocks, gets none.
        using var caller = new CancellationTokenSource();
        var timeout = TimeSpan.FromSeconds(100);
        var least = AuthenticationAllocations.PerRequest(new AuthenticationAllocations.SetsTheHeader("token-1"), timeout, caller.Token);

        var cached = AuthenticationAllocations.PerRequest(new TokenAtHand("token-1"), timeout, caller.Token);
        var fixedToken = AuthenticationAllocations.PerRequest(DdmCredential.FromToken("token-1"), timeout, caller.Token);

        // No more than the CancellationTokenSource (48 bytes) whose token the call is given and its timer (96 bytes).
        Assert.InRange(cached - least, 0, 160);
        Assert.InRange(fixedToken - least, 0, 8);
    }

    [Fact]
    public void A_synchronous_call_starts_the_steps_of_its_credential_without_allocating()
    {
        // Regression: Process started AuthenticateAsync and ShouldSendAgainAsync through lambdas that captured the
        // credential and the message, a closure and two delegates per try of every synchronous call.
        var least = AuthenticationAllocations.PerRequest(new AuthenticationAllocations.SetsTheHeader("token-1"), TimeSpan.FromSeconds(100), CancellationToken.None);

        Assert.InRange(least, 0, 8);
    }

    /// <summary>A credential with its token at hand, as one that caches its token has.</summary>
    private sealed class TokenAtHand(string token) : DdmTokenCredential
    {
        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) => new(token);
    }

    /// <summary>A credential whose fetch ignores its token and fails once <see cref="Gate"/> is set.</summary>
    private sealed class FailingLate(string failure) : DdmTokenCredential
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new();

        public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
        {
            Called.TrySetResult();
            await Gate.Task.ConfigureAwait(false);
            throw new InvalidOperationException(failure);
        }
    }

    /// <summary>
    /// A credential whose GetTokenAsync blocks before it returns, for at most 30 s, on its cancellation token's wait handle
    /// (throwing from the call itself) or on a semaphore no one releases (in an async method, which fails the task it
    /// returns); <see cref="Blocking"/> is set as it starts to block, <see cref="Cancelled"/> to whether its token ended
    /// the block.
    /// </summary>
    private sealed class BlockingToken(bool semaphore) : DdmTokenCredential
    {
        private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

        public TaskCompletionSource Blocking { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) =>
            semaphore ? WaitOnSemaphoreAsync(cancellationToken) : WaitOnHandle(cancellationToken);

        private ValueTask<string> WaitOnHandle(CancellationToken cancellationToken)
        {
            Blocking.TrySetResult();
            var cancelled = cancellationToken.WaitHandle.WaitOne(GiveUpAfter);
            Cancelled.TrySetResult(cancelled);
            cancellationToken.ThrowIfCancellationRequested();
            return new ValueTask<string>("token-1");
        }

        private async ValueTask<string> WaitOnSemaphoreAsync(CancellationToken cancellationToken)
        {
            using var never = new SemaphoreSlim(0);
            Blocking.TrySetResult();
            try
            {
                never.Wait(GiveUpAfter, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult(true);
                throw;
            }

            Cancelled.TrySetResult(false);
            await Task.Yield();
            return "token-1";
        }
    }

    /// <summary>
    /// A credential whose GetTokenAsync blocks before it returns, for at most 30 s, on its token's wait handle, and once
    /// that token is cancelled throws a cancellation that names no token, as a blocking call may;
    /// <see cref="Blocking"/> is set as it starts to block.
    /// </summary>
    private sealed class BlockingTokenlessCancel : DdmTokenCredential
    {
        public TaskCompletionSource Blocking { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
        {
            Blocking.TrySetResult();
            if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)))
            {
                throw new OperationCanceledException();
            }

            return new ValueTask<string>("token-1");
        }
    }

    /// <summary>
    /// A credential whose token comes only once <see cref="Answer"/> is set, whatever its cancellation token says; it
    /// counts its calls, sets <see cref="Called"/> at the first and <see cref="Told"/> when a call's token is cancelled.
    /// </summary>
    private sealed class HangingToken : DdmTokenCredential
    {
        private int _calls;

        public TaskCompletionSource<string> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Told { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            Called.TrySetResult();
            cancellationToken.Register(() => Told.TrySetResult());
            return new ValueTask<string>(Answer.Task);
        }
    }
}
