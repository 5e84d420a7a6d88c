using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Client.Authentication;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ddm.Client.Tests.Authentication;

/// <summary>The IAM password credential against the emulator's IAM route over real HTTP.</summary>
public sealed class PasswordCredentialTests
{
    private static DdmPasswordCredentialOptions Options(DdmEmulator emulator, string? password = null) => new()
    {
        IamEndpoint = emulator.BaseAddress,
        UserName = emulator.Options.IamUserName,
        Password = password ?? emulator.Options.IamPassword,
        DomainName = emulator.Options.IamDomainName,
        ProjectId = emulator.Options.ProjectId,
    };

    /// <summary>The emulator on <paramref name="iamClock"/>, issuing tokens valid for an hour.</summary>
    private static Task<DdmEmulator> HourTokensAsync(TimeProvider iamClock) =>
        DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = iamClock, IssuedTokenLifetime = TimeSpan.FromHours(1) });

    /// <summary>Options of a login as <paramref name="userName"/> with <paramref name="password"/> at the IAM at <paramref name="iam"/>, in domain d and project p.</summary>
    private static DdmPasswordCredentialOptions IamOptions(Uri iam, string userName = "u", string password = "p") => new()
    {
        IamEndpoint = iam,
        UserName = userName,
        Password = password,
        DomainName = "d",
        ProjectId = "p",
    };

    /// <summary>Options of a client of the emulator's API with <paramref name="credential"/>, and <paramref name="retryPolicy"/> when given.</summary>
    private static DdmClientOptions ClientOptions(DdmEmulator emulator, DdmCredential credential, ClientRetryPolicy? retryPolicy = null)
    {
        var options = new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = credential };
        if (retryPolicy is not null)
        {
            options.RetryPolicy = retryPolicy;
        }

        return options;
    }

    /// <summary>Answers a login as IAM does: 201, <paramref name="token"/> in X-Subject-Token, and a token issued at <paramref name="now"/> that expires an hour later.</summary>
    private static Task AnswerLoginAsync(HttpContext context, string token, DateTimeOffset now)
    {
        context.Response.StatusCode = 201;
        context.Response.Headers["X-Subject-Token"] = token;
        return context.Response.WriteAsync($$$"""{"token":{"issued_at":"{{{now:O}}}","expires_at":"{{{now.AddHours(1):O}}}"}}""");
    }

    /// <summary>An answer of <paramref name="status"/> with <paramref name="body"/>, of no content type.</summary>
    private static Func<HttpContext, Task> Answer(int status, string body) => context =>
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(body);
    };

    /// <summary>
    /// Logs in as alice with <paramref name="password"/> at an IAM that answers with <paramref name="answer"/>, which
    /// must fail the login: gives the exception and IAM's address.
    /// </summary>
    private static async Task<(DdmAuthenticationException Exception, Uri Iam)> FailedLoginAsync(Func<HttpContext, Task> answer, string password = "alice-password")
    {
        await using var iam = await Http.ScriptedServer.StartAsync(answer);
        using var credential = new DdmPasswordCredential(IamOptions(iam.BaseAddress, "alice", password));
        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());
        return (exception, iam.BaseAddress);
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("v3/")]
    [InlineData("V3")]
    public async Task An_iam_address_that_ends_in_its_version_as_os_auth_url_does_logs_in(string version)
    {
        // Before, https://iam.example/v3 (OpenStack's OS_AUTH_URL form, which ddm already takes) posted to /v3/v3/auth/tokens.
        await using var emulator = await DdmEmulator.StartAsync();
        var options = Options(emulator);
        options.IamEndpoint = new Uri(emulator.BaseAddress, version);
        using var credential = new DdmPasswordCredential(options);
        var client = new DdmClient(ClientOptions(emulator, credential));

        var page = await client.ListBackupsAsync(0, 2);

        Assert.Equal(2, page.Value.Backups.Count);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_synchronous_call_on_a_ui_thread_logs_in_and_returns()
    {
        // Regression: the login went on through the UI thread's context, which the synchronous call blocked until the
        // login ended: the call never returned, and every later caller waited on the same login.
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator));
        var client = new DdmClient(ClientOptions(emulator, credential));

        var count = await SingleThreadContext.Run(() => client.ListBackups(0, 5).Value.Backups.Count).WaitAsync(TimeSpan.FromSeconds(30));
        var later = await client.ListBackupsAsync(0, 5).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, count);
        Assert.Equal(5, later.Value.Backups.Count);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_synchronous_call_on_a_ui_thread_waits_for_a_token_credential_of_the_caller_that_awaits()
    {
        // The same for a credential of the caller's own whose awaits keep the context, as plain awaits do.
        await using var emulator = await DdmEmulator.StartAsync();
        var token = (await new DdmPasswordCredential(Options(emulator)).GetTokenAsync()).ToString();
        var client = new DdmClient(ClientOptions(emulator, new AwaitingToken(token)));

        var count = await SingleThreadContext.Run(() => client.ListBackups(0, 3).Value.Backups.Count).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, count);
    }

    [Fact]
    public async Task A_cached_token_costs_no_timer_and_no_link_to_the_callers_token()
    {
        // Regression: every try of every request made a CancellationTokenSource with a timer of its network timeout and
        // one linked to that and to the caller's token, also with a cached token, the common case.
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator));
        var token = await credential.GetTokenAsync();
        using var caller = new CancellationTokenSource();
        var timeout = TimeSpan.FromSeconds(100);
        var least = AuthenticationAllocations.PerRequest(new AuthenticationAllocations.SetsTheHeader(token), timeout, caller.Token);

        var cached = AuthenticationAllocations.PerRequest(credential, timeout, caller.Token);

        Assert.InRange(cached - least, 0, 8);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    /// <summary>A token credential that awaits before it answers, keeping the caller's context as a plain await does.</summary>
    private sealed class AwaitingToken(string token) : DdmTokenCredential
    {
        public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
        {
            await Task.Delay(10, cancellationToken);
            return token;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_request_waits_for_a_login_no_longer_than_its_network_timeout_and_the_login_goes_on_for_the_next(bool async)
    {
        // The request waited for the login as long as IAM took, whatever its NetworkTimeout: with the credential's
        // Timeout infinite, until IAM answered or the caller gave up.
        await using var held = await HeldIam.StartAsync(realClock: true);
        var client = held.Client(TimeSpan.FromMilliseconds(300));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(() => async ? client.ListBackupsAsync(cancellationToken: guard.Token) : Task.Run(() => client.ListBackups(cancellationToken: guard.Token)));
        held.Answer.SetResult();
        var page = await client.ListBackupsAsync();

        Assert.False(guard.IsCancellationRequested, "the hang guard fired: the network timeout did not bound the wait for the login");
        Assert.Contains("network timeout", exception.Message, StringComparison.Ordinal);
        Assert.Null(exception.Status);
        Assert.Equal(0, page.Value.Total);
        Assert.Equal(1, held.Logins);
    }

    /// <summary>
    /// A server whose IAM route holds each login until <see cref="Answer"/> is set, setting <see cref="Arrived"/> and
    /// counting the login as it comes, and then answers it with a token valid for an hour by <see cref="Clock"/> (or
    /// by the real clock), or fails it as told; every other request gets an empty page. With it, a password credential
    /// that logs in there, on the same clock.
    /// </summary>
    private sealed class HeldIam : IAsyncDisposable
    {
        private int _logins;

        private HeldIam()
        {
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Logins => Volatile.Read(ref _logins);

        public Http.ScriptedServer Server { get; private set; } = null!;

        public DdmPasswordCredential Credential { get; private set; } = null!;

        /// <param name="loginTimeout">The credential's Timeout: infinite unless told.</param>
        /// <param name="realClock">Whether the token and the credential go by the real clock rather than <see cref="Clock"/>.</param>
        /// <param name="failure">How IAM answers a login once it is let go, in place of a token.</param>
        public static async Task<HeldIam> StartAsync(TimeSpan? loginTimeout = null, bool realClock = false, Func<HttpContext, Task>? failure = null)
        {
            var held = new HeldIam();
            var clock = realClock ? TimeProvider.System : held.Clock;
            held.Server = await Http.ScriptedServer.StartAsync(async context =>
            {
                if (context.Request.Path == "/v3/auth/tokens")
                {
                    Interlocked.Increment(ref held._logins);
                    held.Arrived.TrySetResult();
                    await held.Answer.Task;
                    await (failure is null ? AnswerLoginAsync(context, "token-1", clock.GetUtcNow()) : failure(context));
                    return;
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"backups":[],"offset":0,"limit":10,"total":0}""");
            });
            var options = IamOptions(held.Server.BaseAddress, password: "secret-password-42");
            options.Timeout = loginTimeout ?? Timeout.InfiniteTimeSpan;
            held.Credential = realClock ? new DdmPasswordCredential(options) : new DdmPasswordCredential(options, timeProvider: held.Clock);
            return held;
        }

        /// <summary>Options of a client of this server's API with the credential, with no NetworkTimeout set.</summary>
        public DdmClientOptions ClientOptions() => new() { Endpoint = Server.BaseAddress, ProjectId = "p", Credential = Credential };

        /// <summary>A client of this server's API with the credential and <paramref name="networkTimeout"/>.</summary>
        public DdmClient Client(TimeSpan networkTimeout)
        {
            var options = ClientOptions();
            options.NetworkTimeout = networkTimeout;
            return new DdmClient(options);
        }

        public async ValueTask DisposeAsync()
        {
            Credential.Dispose();
            await Server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_wait_for_a_login_is_bounded_by_the_network_timeout_on_the_credentials_clock(bool async)
    {
        // Regression: the bound ran on the real clock (CancelAfter) while the credential kept every other time on its
        // TimeProvider, so a test clock could not move it and a request waited its whole network timeout in real time.
        await using var held = await HeldIam.StartAsync();
        var client = held.Client(TimeSpan.FromMinutes(10));
        // Only for a failure: on the real clock, the wait would outlast the test.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var call = async ? client.ListBackupsAsync(cancellationToken: guard.Token) : Task.Run(() => client.ListBackups(cancellationToken: guard.Token));
        await held.Arrived.Task.WaitAsync(guard.Token);
        held.Clock.Advance(TimeSpan.FromMinutes(10));
        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(() => call);
        held.Answer.SetResult();
        var page = await client.ListBackupsAsync(cancellationToken: guard.Token);

        Assert.Equal(
            $"IAM at {held.Server.BaseAddress} gave no token within the request's network timeout (NetworkTimeout, 600 s); the login goes on, and a later request uses its token. Check the IAM endpoint and the network.",
            exception.Message);
        Assert.Equal(0, page.Value.Total);
        Assert.Equal(1, held.Logins);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_who_cancels_the_wait_for_a_login_gets_a_cancellation_of_its_own_token(bool async)
    {
        // Regression: the cancellation named the token linked to the caller's and the network timeout's for the wait,
        // which no caller holds and which was disposed once the call ended, so a caller that told its own
        // cancellation by its token took it for another's.
        await using var held = await HeldIam.StartAsync();
        var client = held.Client(TimeSpan.FromMinutes(10));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        try
        {
            var call = async ? client.ListBackupsAsync(cancellationToken: cancel.Token) : Task.Run(() => client.ListBackups(cancellationToken: cancel.Token));
            await held.Arrived.Task.WaitAsync(guard.Token);
            await cancel.CancelAsync();
            var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(guard.Token));

            Assert.Equal(cancel.Token, exception.CancellationToken);
        }
        finally
        {
            held.Answer.TrySetResult();
        }
    }

    [Fact]
    public async Task A_token_that_comes_just_as_the_network_timeout_runs_out_serves_the_request()
    {
        // Regression: the request failed with "gave no token within the request's network timeout" although the login
        // it waited for had just cached a valid token. Here the bound runs out once that token is cached and before
        // the request's wait sees the login end: a caller that asked first (and so is told first) moves the clock on.
        await using var held = await HeldIam.StartAsync();
        var client = held.Client(TimeSpan.FromMinutes(10));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var first = held.Credential.GetTokenAsync().AsTask();
        var moved = first.ContinueWith(_ => held.Clock.Advance(TimeSpan.FromMinutes(10)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var call = client.ListBackupsAsync(cancellationToken: guard.Token);
        await held.Arrived.Task.WaitAsync(guard.Token);
        held.Answer.SetResult();
        await moved.WaitAsync(guard.Token);
        var page = await call;

        Assert.Equal("token-1", await first);
        Assert.Equal(0, page.Value.Total);
        Assert.Contains(("X-Auth-Token", "token-1"), held.Server.Headers);
        Assert.Equal(1, held.Logins);
    }

    [Fact]
    public async Task The_timeout_of_the_login_runs_on_the_credentials_clock()
    {
        // Regression: the IAM request's own Timeout ran on the real clock (CancelAfter), while every other time the
        // credential keeps, the wait of a request for a login included, runs on its TimeProvider: a clock moved past
        // the Timeout left the login waiting for IAM.
        await using var held = await HeldIam.StartAsync(loginTimeout: TimeSpan.FromSeconds(30));
        // Only for a failure: on the real clock, the login would wait for IAM until the test gave up.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var login = held.Credential.GetTokenAsync(guard.Token).AsTask();
        await held.Arrived.Task.WaitAsync(guard.Token);
        held.Clock.Advance(TimeSpan.FromSeconds(30));
        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(() => login);
        held.Answer.SetResult();

        Assert.Equal($"IAM at {held.Server.BaseAddress} did not answer within 30 s. Check the IAM endpoint and the network.", exception.Message);
        Assert.Equal(1, held.Logins);
    }

    [Fact]
    public async Task A_network_timeout_of_zero_starts_no_login_and_says_so()
    {
        // Regression: a policy that set the message's NetworkTimeout to zero had the request fail at once with "the
        // login goes on, and a later request uses its token", though no login had started.
        await using var held = await HeldIam.StartAsync();
        held.Answer.SetResult();
        var options = held.ClientOptions();
        options.AddPolicy(new ZeroNetworkTimeout(), PipelinePosition.PerCall);
        var client = new DdmClient(options);

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(() => client.ListBackupsAsync());

        Assert.Equal(
            $"The request's network timeout (NetworkTimeout, 0 s) leaves no time to wait for a token from IAM at {held.Server.BaseAddress}, and no valid token is cached, so no login is started for the request. Give the request a NetworkTimeout above zero.",
            exception.Message);
        Assert.Equal(0, held.Logins);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_network_timeout_longer_than_a_timer_holds_waits_for_the_login(bool async)
    {
        // Regression: a policy that set the message's NetworkTimeout beyond about 49.7 days (TimeSpan.MaxValue, say) had
        // the wait for a login throw ArgumentOutOfRangeException as it made its timer; it waits as for the longest timer.
        await using var held = await HeldIam.StartAsync();
        held.Answer.SetResult();
        var options = held.ClientOptions();
        options.AddPolicy(new LongestNetworkTimeout(), PipelinePosition.PerTry);
        options.AddPolicy(new TransportNetworkTimeout(), PipelinePosition.BeforeTransport);
        var client = new DdmClient(options);

        var page = async ? await client.ListBackupsAsync() : client.ListBackups();

        Assert.NotNull(page);
        Assert.Equal(1, held.Logins);
    }

    /// <summary>Sets the network timeout of every try to <see cref="TimeSpan.MaxValue"/>, as a policy of the caller's may.</summary>
    private sealed class LongestNetworkTimeout : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.NetworkTimeout = TimeSpan.MaxValue;
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.NetworkTimeout = TimeSpan.MaxValue;
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }

    /// <summary>
    /// Gives the transport a network timeout it takes (System.ClientModel's own bound throws for one beyond its timer's
    /// range), once the credential has set the header.
    /// </summary>
    private sealed class TransportNetworkTimeout : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.NetworkTimeout = TimeSpan.FromMinutes(10);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.NetworkTimeout = TimeSpan.FromMinutes(10);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }

    /// <summary>Sets the network timeout of every request to zero, as a policy of the caller's may.</summary>
    private sealed class ZeroNetworkTimeout : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.NetworkTimeout = TimeSpan.Zero;
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.NetworkTimeout = TimeSpan.Zero;
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }

    [Fact]
    public async Task A_login_that_callers_share_carries_none_of_their_async_local_state()
    {
        // The login ran in the execution context of the caller that happened to start it: that caller's activity, log
        // scopes and any other async-local state went with the IAM request every other caller waited for as well.
        var caller = new AsyncLocal<string?>();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var emulator = await DdmEmulator.StartAsync();
        using var http = new HttpClient(new Observing(() => seen.Enqueue(caller.Value ?? "none"), new HttpClientHandler { AllowAutoRedirect = false }));
        using var credential = new DdmPasswordCredential(Options(emulator), http);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 10).Select(index => Task.Run(async () =>
        {
            caller.Value = "caller-" + index;
            return await credential.GetTokenAsync();
        })));

        Assert.Single(tokens.Distinct());
        Assert.Equal(new[] { "none" }, seen);
    }

    [Fact]
    public async Task Callers_that_wait_for_one_failed_login_each_get_an_exception_of_their_own()
    {
        // Every waiter was thrown the login's one exception: thrown on many threads at once, its stack trace was
        // written by all of them, and what one caller did to it (its Data) the others saw.
        await using var held = await HeldIam.StartAsync(realClock: true, failure: Answer(401, """{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"""));
        var credential = held.Credential;

        var waiters = new List<Task<string>> { credential.GetTokenAsync().AsTask() };
        await held.Arrived.Task;
        // Each call has joined the login when it returns: the login cannot end before the answer is let go.
        waiters.AddRange(Enumerable.Range(0, 9).Select(_ => credential.GetTokenAsync().AsTask()));
        held.Answer.SetResult();
        var failures = new List<DdmAuthenticationException>();
        foreach (var waiter in waiters)
        {
            failures.Add(await Assert.ThrowsAsync<DdmAuthenticationException>(() => waiter));
        }

        Assert.Equal(1, held.Logins);
        Assert.Equal(failures.Count, failures.Distinct().Count());
        Assert.All(failures, failure => Assert.Equal((failures[0].Message, 401), (failure.Message, failure.Status)));
    }

    [Fact]
    public async Task A_remembered_login_failure_holds_the_cause_its_waiters_got_not_the_exception_their_waits_threw_again()
    {
        // Regression: a caller told of the last failed login, in the wait before the next, got as its cause the login's
        // own exception, which the wait of every caller of that login had thrown again on its thread: its stack trace
        // was rewritten by each of them, ending in their frames, while the waiters' exceptions held the login's cause.
        await using var held = await HeldIam.StartAsync(realClock: true, failure: context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        var credential = held.Credential;

        var waiters = new List<Task<string>> { credential.GetTokenAsync().AsTask() };
        await held.Arrived.Task;
        waiters.Add(credential.GetTokenAsync().AsTask());
        held.Answer.SetResult();
        var failures = new List<DdmAuthenticationException>();
        foreach (var waiter in waiters)
        {
            failures.Add(await Assert.ThrowsAsync<DdmAuthenticationException>(() => waiter));
        }

        var remembered = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        Assert.Contains("This was the last login", remembered.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failures[0].InnerException);
        Assert.Same(failures[0].InnerException, failures[1].InnerException);
        Assert.Same(failures[0].InnerException, remembered.InnerException);
        Assert.DoesNotContain(nameof(DdmPasswordCredential.GetTokenAsync), remembered.InnerException!.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_that_has_cancelled_already_starts_no_login_and_a_valid_token_is_still_served_to_it()
    {
        // Regression: a caller whose token was cancelled before it asked started an IAM login that nobody waited for.
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await credential.GetTokenAsync(cancelled.Token));
        // A login would run on in the background: give it time to reach IAM (it does within milliseconds) before
        // checking that none did.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, emulator.Statistics.TokensIssued);

        var token = await credential.GetTokenAsync();
        Assert.Equal(token, await credential.GetTokenAsync(cancelled.Token));
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_caller_waiting_for_a_login_when_the_credential_is_disposed_is_told_so_not_that_it_cancelled()
    {
        // Regression: the caller, which had not cancelled, got the TaskCanceledException of the login's own cancellation.
        await using var iam = await Http.ScriptedServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var credential = new DdmPasswordCredential(new DdmPasswordCredentialOptions
        {
            IamEndpoint = iam.BaseAddress,
            UserName = "user",
            Password = "password",
            DomainName = "domain",
            ProjectId = "project",
        });

        var waiting = credential.GetTokenAsync().AsTask();
        while (iam.RawTargets.IsEmpty)
        {
            await Task.Delay(10).WaitAsync(TimeSpan.FromSeconds(30));
        }

        credential.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await credential.GetTokenAsync());
    }

    [Fact]
    public async Task A_disposed_credential_that_holds_a_valid_token_says_it_is_disposed_rather_than_serving_the_token()
    {
        // The token was served on as if nothing had happened, where GetTokenAsync documents an ObjectDisposedException.
        await using var emulator = await DdmEmulator.StartAsync();
        var credential = new DdmPasswordCredential(Options(emulator));
        await credential.GetTokenAsync();

        credential.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await credential.GetTokenAsync());
    }

    [Fact]
    public async Task Many_concurrent_callers_cause_one_iam_request()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await credential.GetTokenAsync())));

        Assert.Equal(1, emulator.Statistics.TokensIssued);
        Assert.Single(tokens.Distinct());
        Assert.StartsWith("MII", tokens[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inside_the_refresh_margin_the_valid_token_is_served_while_one_refresh_runs()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await HourTokensAsync(clock);
        using var credential = new DdmPasswordCredential(Options(emulator), timeProvider: clock);

        var first = await credential.GetTokenAsync();
        clock.Advance(TimeSpan.FromMinutes(50));
        var stillFirst = await credential.GetTokenAsync();
        clock.Advance(TimeSpan.FromMinutes(6));
        var servedAsRefreshStarts = await credential.GetTokenAsync();
        var servedDuringRefresh = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await credential.GetTokenAsync())));
        var refreshed = await EventuallyAsync(credential, token => token != first);

        Assert.Equal(first, stillFirst);
        // The caller that starts the refresh gets the still valid token without waiting for it. Callers after it get
        // that token or, once the refresh has finished (a matter of scheduling), the new one: never a third.
        Assert.Equal(first, servedAsRefreshStarts);
        Assert.All(servedDuringRefresh, token => Assert.True(token == first || token == refreshed, "a token that is neither the valid one nor the refreshed one"));
        Assert.NotEqual(first, refreshed);
        Assert.Equal(2, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task After_expiry_callers_wait_for_one_new_token()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await HourTokensAsync(clock);
        using var credential = new DdmPasswordCredential(Options(emulator), timeProvider: clock);

        var first = await credential.GetTokenAsync();
        clock.Advance(TimeSpan.FromMinutes(61));
        var after = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await credential.GetTokenAsync())));

        Assert.Single(after.Distinct());
        Assert.NotEqual(first, after[0]);
        Assert.Equal(2, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_clock_behind_iams_does_not_keep_sending_a_token_iam_has_let_expire()
    {
        // The token was kept until expires_at read on this machine's clock: ten minutes too long when it is ten behind.
        var iamClock = new ManualTimeProvider();
        var clock = new ManualTimeProvider(iamClock.GetUtcNow() - TimeSpan.FromMinutes(10));
        await using var emulator = await HourTokensAsync(iamClock);
        using var credential = new DdmPasswordCredential(Options(emulator), timeProvider: clock);
        var client = new DdmClient(ClientOptions(emulator, credential, new ClientRetryPolicy(0)));
        await client.ListBackupsAsync();

        iamClock.Advance(TimeSpan.FromMinutes(61));
        clock.Advance(TimeSpan.FromMinutes(61));
        var page = await client.ListBackupsAsync();

        Assert.Equal(10, page.Value.Backups.Count);
        Assert.Equal(2, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_token_the_service_refuses_after_this_clock_was_set_back_is_dropped_and_the_request_sent_once_more()
    {
        // The token's age was read on the time of day: set back an hour, it made the token look not yet issued, too new
        // to drop, and every request was refused until the clock had caught up with the hour and the token's lifetime.
        var serviceClock = new ManualTimeProvider();
        var clock = new ManualTimeProvider();
        await using var emulator = await HourTokensAsync(serviceClock);
        using var credential = new DdmPasswordCredential(Options(emulator), timeProvider: clock);
        var client = new DdmClient(ClientOptions(emulator, credential, new ClientRetryPolicy(0)));
        await client.ListBackupsAsync();

        clock.Advance(TimeSpan.FromMinutes(1));
        clock.Jump(TimeSpan.FromHours(-1));
        serviceClock.Advance(TimeSpan.FromHours(2));
        var page = await client.ListBackupsAsync();

        Assert.Equal(10, page.Value.Backups.Count);
        Assert.Equal(2, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_failed_login_is_not_remembered_for_as_long_as_this_clock_is_set_back()
    {
        // The wait after a failed login ended at a time of day: set back an hour, no login was tried for an hour.
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock });
        var password = emulator.Options.IamPassword;
        using var credential = new DdmPasswordCredential(Options(emulator), timeProvider: clock);
        emulator.Options.IamPassword = "changed-elsewhere-0017";
        await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        emulator.Options.IamPassword = password;
        clock.Jump(TimeSpan.FromHours(-1));
        clock.Advance(TimeSpan.FromMinutes(1));
        var token = await credential.GetTokenAsync();

        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(2, emulator.Statistics.RequestsTo(EmulatorRoutes.IssueToken));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public async Task A_token_the_service_refuses_is_dropped_and_the_request_sent_once_more_with_a_new_one(bool resilienceHandler, bool async)
    {
        // The token was kept and sent until the credential's own expiry. Then the request was sent once more by the
        // client's retry policy, which the registration turns off under a resilience handler: the caller got the 401.
        await using var refused = await RefusedToken.StartAsync(resilienceHandler);

        var page = async ? await refused.Client.ListBackupsAsync() : refused.Client.ListBackups();

        Assert.Equal(10, page.Value.Backups.Count);
        Assert.Equal(2, refused.Emulator.Statistics.TokensIssued);
        Assert.Equal(3, refused.Emulator.Statistics.RequestsTo(EmulatorRoutes.ListBackups));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_caller_who_cancels_as_the_401_arrives_gets_the_cancellation_and_no_new_login(bool bufferResponse)
    {
        // Regression: the credential logged in again and would have sent the request once more for a caller that had
        // already given up.
        using var cancel = new CancellationTokenSource();
        await using var refused = await RefusedToken.StartAsync(handler: new CancelOnRefusal(cancel));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refused.Client.ListBackupsAsync(null, null, new RequestOptions { BufferResponse = bufferResponse, CancellationToken = cancel.Token }));

        // A login started in the background would have reached the loopback IAM long before this.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, refused.Emulator.Statistics.TokensIssued);
        Assert.Equal(2, refused.Emulator.Statistics.RequestsTo(EmulatorRoutes.ListBackups));
    }

    [Fact]
    public async Task Many_concurrent_requests_refused_with_the_same_token_share_one_new_login()
    {
        await using var refused = await RefusedToken.StartAsync(resilienceHandler: true);

        var pages = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await refused.Client.ListBackupsAsync())));

        Assert.All(pages, page => Assert.Equal(10, page.Value.Backups.Count));
        Assert.Equal(2, refused.Emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_service_that_refuses_every_token_gets_no_login_per_request_and_no_loop()
    {
        var clock = new ManualTimeProvider();
        var logins = 0;
        await using var server = await Http.ScriptedServer.StartAsync(context =>
        {
            if (context.Request.Path == "/v3/auth/tokens")
            {
                return AnswerLoginAsync(context, "token-" + Interlocked.Increment(ref logins), clock.GetUtcNow());
            }

            context.Response.StatusCode = 401;
            return context.Response.WriteAsync("""{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: token refused"}""");
        });
        using var credential = new DdmPasswordCredential(IamOptions(server.BaseAddress), timeProvider: clock);
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = credential });
        int Sent() => server.RawTargets.Count(target => target.StartsWith("/v3/p/", StringComparison.Ordinal));

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());
        var afterFresh = (logins, Sent());
        clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());
        var afterOld = (logins, Sent());
        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        // A token refused right after its login is kept; an older one is dropped and the request tried once more.
        Assert.Equal((1, 1), afterFresh);
        Assert.Equal((2, 3), afterOld);
        Assert.Equal((2, 4), (logins, Sent()));
    }

    [Fact]
    public async Task A_refused_request_with_a_body_is_not_sent_again_but_the_next_request_has_a_new_token()
    {
        await using var refused = await RefusedToken.StartAsync();
        using var message = refused.Client.Pipeline.CreateMessage();
        message.Request.Method = "GET";
        message.Request.Uri = new Uri(refused.Emulator.BaseAddress, $"v3/{refused.Emulator.Options.ProjectId}/backups");
        message.Request.Content = System.ClientModel.BinaryContent.Create(BinaryData.FromString("{}"));

        await refused.Client.Pipeline.SendAsync(message);
        var page = await refused.Client.ListBackupsAsync();

        Assert.Equal(401, message.Response!.Status);
        Assert.Equal(10, page.Value.Backups.Count);
        Assert.Equal(3, refused.Emulator.Statistics.RequestsTo(EmulatorRoutes.ListBackups));
    }

    [Fact]
    public async Task A_failed_refresh_keeps_serving_the_still_valid_token()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await HourTokensAsync(clock);
        var options = Options(emulator);
        using var credential = new DdmPasswordCredential(options, timeProvider: clock);
        var first = await credential.GetTokenAsync();
        await emulator.DisposeAsync();

        clock.Advance(TimeSpan.FromMinutes(56));
        var during = await credential.GetTokenAsync();
        var again = await credential.GetTokenAsync();

        Assert.Equal(first, during);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task After_a_failed_login_no_other_is_tried_before_a_wait_however_many_calls_come()
    {
        // Once a refresh had failed, every call started another password login: 30 calls, 30 refused logins, a locked account.
        var clock = new ManualTimeProvider();
        await using var emulator = await HourTokensAsync(clock);
        var password = emulator.Options.IamPassword;
        using var credential = new DdmPasswordCredential(Options(emulator), timeProvider: clock);
        var first = await credential.GetTokenAsync();
        int Logins() => emulator.Statistics.RequestsTo(EmulatorRoutes.IssueToken);
        emulator.Options.IamPassword = "changed-elsewhere-0016";

        clock.Advance(TimeSpan.FromMinutes(56));
        var inMargin = new List<string> { await credential.GetTokenAsync() };
        await UntilAsync(() => Logins() == 2);
        for (var call = 1; call < 30; call++)
        {
            inMargin.Add(await credential.GetTokenAsync());
            await Task.Delay(10); // time for a login to end before the next call
        }

        var loginsInMargin = Logins();
        clock.Advance(TimeSpan.FromMinutes(5));
        var expired = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync()))));
        var remembered = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());
        var loginsOnceExpired = Logins();
        emulator.Options.IamPassword = password;
        clock.Advance(TimeSpan.FromMinutes(1));
        var recovered = await credential.GetTokenAsync();

        Assert.All(inMargin, token => Assert.Equal(first, token));
        Assert.Equal(2, loginsInMargin);
        Assert.All(expired, exception => Assert.Equal(401, exception.Status));
        Assert.Equal(3, loginsOnceExpired);
        Assert.Equal(401, remembered.Status);
        Assert.Contains("the next is not tried before", remembered.Message, StringComparison.Ordinal);
        Assert.NotEqual(first, recovered);
        Assert.Equal(4, Logins());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(30_000)]
    public async Task An_iam_answer_the_http_clients_own_timeout_cuts_short_is_not_put_down_to_the_credentials_timeout(int timeoutMilliseconds)
    {
        // The message named the credential's Timeout, which had not run out: "did not answer within 30 s" after 300 ms,
        // and "within -0 s" when it was infinite.
        await using var iam = await Http.ScriptedServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var options = IamOptions(iam.BaseAddress);
        options.Timeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMilliseconds(300) };
        using var credential = new DdmPasswordCredential(options, http);
        using var guard = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(30));

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync(guard.Token));

        Assert.Contains("HttpClient", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("did not answer within", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_answer_that_stalls_is_an_authentication_exception_after_the_timeout()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        emulator.Faults.StalledBody(route: EmulatorRoutes.IssueToken);
        var options = Options(emulator);
        options.Timeout = TimeSpan.FromMilliseconds(300);
        using var credential = new DdmPasswordCredential(options);
        using var guard = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(30));

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync(guard.Token));

        Assert.False(guard.IsCancellationRequested, "the hang guard fired: the IAM timeout did not bound the answer");
        Assert.Contains("did not answer within", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.Options.IamPassword, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_iam_timeout_in_the_message_is_written_with_a_decimal_point_in_any_culture()
    {
        // Regression: under de-DE the message said "did not answer within 0,3 s", a decimal comma in an English sentence.
        await using var emulator = await DdmEmulator.StartAsync();
        emulator.Faults.StalledBody(route: EmulatorRoutes.IssueToken);
        var options = Options(emulator);
        options.Timeout = TimeSpan.FromMilliseconds(300);
        using var credential = new DdmPasswordCredential(options);
        using var guard = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(30));
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync(guard.Token));

            Assert.Contains("did not answer within 0.3 s.", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task A_timeout_longer_than_a_timer_can_hold_is_refused_up_front_and_an_infinite_one_logs_in()
    {
        // Regression: a timeout of 60 days was taken, and then every login failed with the timer's
        // ArgumentOutOfRangeException ("The value needs to be either -1 ..."), remembered as a failed login.
        await using var emulator = await DdmEmulator.StartAsync();
        var tooLong = Options(emulator);
        tooLong.Timeout = TimeSpan.FromDays(60);
        var infinite = Options(emulator);
        infinite.Timeout = System.Threading.Timeout.InfiniteTimeSpan;

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new DdmPasswordCredential(tooLong));
        using var credential = new DdmPasswordCredential(infinite);

        Assert.Equal("Timeout", refused.ParamName);
        Assert.Contains("InfiniteTimeSpan", refused.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(await credential.GetTokenAsync()));
    }

    [Fact]
    public async Task A_timeout_of_24_days_is_taken_and_one_a_second_longer_is_refused()
    {
        // Regression: the message said "at most 24 days", and the check took up to int.MaxValue milliseconds (24 days
        // and nearly 21 hours), so a timeout of 24 days and 20 hours was taken against the words.
        await using var emulator = await DdmEmulator.StartAsync();
        var longest = Options(emulator);
        longest.Timeout = TimeSpan.FromDays(24);
        var tooLong = Options(emulator);
        tooLong.Timeout = TimeSpan.FromDays(24) + TimeSpan.FromSeconds(1);

        using var credential = new DdmPasswordCredential(longest);
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new DdmPasswordCredential(tooLong));

        Assert.Equal("Timeout", refused.ParamName);
        Assert.StartsWith("Timeout must be positive and at most 24 days", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_connection_reset_is_an_authentication_exception()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        emulator.Faults.ResetMidBody(route: EmulatorRoutes.IssueToken);
        using var credential = new DdmPasswordCredential(Options(emulator));

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        Assert.Contains("could not be reached", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_login_is_named_without_the_password_its_address_carries()
    {
        // A proxy that asks for credentials again whatever it is sent, as one with a wrong password does.
        using var proxy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        proxy.Start();
        using var stop = new CancellationTokenSource();
        var port = ((System.Net.IPEndPoint)proxy.LocalEndpoint).Port;
        var answering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await proxy.AcceptTcpClientAsync(stop.Token);
                var stream = connection.GetStream();
                _ = await stream.ReadAsync(new byte[4096], stop.Token);
                await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, Proxy = new System.Net.WebProxy(new Uri($"http://proxy-user:proxy-secret@127.0.0.1:{port}")) };
        using var httpClient = new HttpClient(handler);
        using var credential = new DdmPasswordCredential(
            new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example.com"), UserName = "u", Password = "pw", DomainName = "d", ProjectId = "p1" },
            httpClient);

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering);

        Assert.Contains("could not be reached", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", exception.Message, StringComparison.Ordinal);
        // Regression: the runtime's text ends in a quote that opens nothing ("... status code '407'.\""), which was kept.
        Assert.Contains("failed with status code '407'.). Check", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-secret", exception.Message, StringComparison.Ordinal);
        // Its cause too, which ToString() and a log of the exception show.
        Assert.DoesNotContain("proxy-secret", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_redirect_is_not_followed_with_the_password()
    {
        await using var elsewhere = await Http.ScriptedServer.StartAsync(_ => Task.CompletedTask);
        await using var iam = await Http.ScriptedServer.StartRedirectingAsync(307, elsewhere);
        var options = new DdmPasswordCredentialOptions { IamEndpoint = iam.BaseAddress, UserName = "alice", Password = "alice-password", DomainName = "d", ProjectId = "p" };
        using var direct = new DdmPasswordCredential(options);
        var services = new ServiceCollection();
        services.AddDdmClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p",
            ["Ddm:Iam:Endpoint"] = iam.BaseAddress.ToString(),
            ["Ddm:Iam:UserName"] = "alice",
            ["Ddm:Iam:Password"] = "alice-password",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectId"] = "p",
        }).Build().GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();
        var injected = (DdmPasswordCredential)provider.GetRequiredService<DdmCredential>();

        foreach (var credential in new[] { direct, injected })
        {
            var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());
            Assert.Contains("HTTP 307, a redirect to " + elsewhere.BaseAddress.GetLeftPart(UriPartial.Authority) + ",", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("collect", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("alice-password", exception.Message, StringComparison.Ordinal);
        }

        Assert.Empty(elsewhere.RawTargets);
    }

    [Theory]
    [InlineData(400, "plain-pass-0001", "echo", "a body that may repeat the request (not shown: it may hold the password)")]
    [InlineData(400, "quote\"<and>&plus+'-0002", "echo", "a body that may repeat the request (not shown: it may hold the password)")]
    [InlineData(400, "p\u00e4<ss-0004", "echo", "a body that may repeat the request (not shown: it may hold the password)")]
    [InlineData(401, "p\u00e4<ss-0005", "keystone-echo", "a body that may repeat the request (not shown: it may hold the password)")]
    [InlineData(401, "keystone-0003", "keystone", "bad password ***")]
    [InlineData(400, "quote\"<and>&plus+'-0006", "text", "no such user: ***")]
    [InlineData(400, "p\u00e4<ss-0007", "other-shape-echo", "a body that may repeat the request (not shown: it may hold the password)")]
    [InlineData(400, "plain-pass-0008", "oauth-shape", "{\"error\":\"invalid_grant\"}")]
    public async Task An_iam_error_that_repeats_the_password_does_not_put_it_in_the_message(int status, string password, string kind, string expected)
    {
        var (exception, _) = await FailedLoginAsync(async context =>
        {
            // Escaped with lower-case hex, as Go and Python write JSON, where .NET writes upper case.
            var request = (await new System.IO.StreamReader(context.Request.Body).ReadToEndAsync())
                .Replace("\\u00E4", "\\u00e4", StringComparison.Ordinal).Replace("\\u003C", "\\u003c", StringComparison.Ordinal);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(kind switch
            {
                "echo" => "you sent " + request,
                "keystone-echo" => "{\"error\":{\"code\":401,\"message\":" + System.Text.Json.JsonSerializer.Serialize(request, EchoJson.Default.String) + "}}",
                "keystone" => "{\"error\":{\"code\":401,\"message\":\"bad password " + password + "\"}}",
                "other-shape-echo" => "{\"error_msg\":" + System.Text.Json.JsonSerializer.Serialize("bad request: " + request, EchoJson.Default.String) + "}",
                "oauth-shape" => "{\"error\":\"invalid_grant\"}",
                _ => "no such user: " + password,
            });
        }, password);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        foreach (var form in new[] { password, System.Text.Json.JsonEncodedText.Encode(password).ToString(), System.Text.Json.JsonEncodedText.Encode(password).ToString().ToLowerInvariant() })
        {
            Assert.DoesNotContain(form, exception.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(401, "{\"error\":{\"code\":401,\"message\":\"bad password h\\u0000u\\u0000n\\u0000t\\u0000e\\u0000r\\u00002\\u0000x\"}}")]
    [InlineData(400, "{\"error_msg\":\"bad password h\\u0000unter2x\",\"error_code\":\"APIGW.0301\"}")]
    [InlineData(502, "<html><head><title>Bad Gateway</title></head><body>bad password hun<b></b>ter2x</body></html>")]
    public async Task An_iam_error_whose_text_holds_the_password_once_made_fit_to_show_does_not_put_it_in_the_message(int status, string body)
    {
        // Regression: the password was looked for before the text was made fit for a message, which leaves out a NUL
        // (as UTF-16 text has beside each letter) and the tags of a page, joining what stood apart into the password.
        var (exception, _) = await FailedLoginAsync(Answer(status, body), "hunter2x");

        Assert.Contains("a body that may repeat the request (not shown: it may hold the password)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2x", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "p\"w0rd!-0010", "other-shape")]
    [InlineData(400, "p\u00e4<ss-0011", "other-shape")]
    [InlineData(401, "p\"w0rd!-0012", "keystone-twice")]
    [InlineData(401, "p\u00e4<ss-0013", "keystone-twice")]
    [InlineData(400, "p\"w0rd!-0014", "text")]
    [InlineData(400, "p\u00e4<ss-0015", "text")]
    public async Task An_iam_error_that_repeats_the_password_in_another_json_spelling_does_not_put_it_in_the_message(int status, string password, string kind)
    {
        // Only the password as typed and System.Text.Json's spelling of it were recognised, not p\"w0rd! or \u00e4\u003c.
        var escaped = GoJson(password);
        var (exception, _) = await FailedLoginAsync(
            Answer(status, kind switch
            {
                "other-shape" => "{\"error_msg\":\"invalid credentials: " + escaped + "\"}",
                "keystone-twice" => "{\"error\":{\"code\":401,\"message\":\"" + GoJson("invalid credentials: " + escaped) + "\"}}",
                _ => "invalid credentials: " + escaped,
            }),
            password);

        Assert.Contains("a body that may repeat the request (not shown: it may hold the password)", exception.Message, StringComparison.Ordinal);
        foreach (var form in new[] { password, escaped, GoJson(escaped) })
        {
            Assert.DoesNotContain(form, exception.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(429, new[] { "120" }, "after 120 s")]
    [InlineData(503, new[] { "30", "120" }, "after 120 s")]
    [InlineData(503, new[] { "Fri, 31 Dec 2100 23:59:59 GMT" }, "after 2100-12-31 23:59:59 UTC")]
    public async Task Throttling_by_iam_says_when_iam_asked_for_the_login_again(int status, string[] retryAfter, string shown)
    {
        // Regression: IAM's Retry-After on a 429 or 503 was dropped: the message said only what IAM answered, while the
        // service's own answers say when it asked for the request to be sent again. The login is not retried (failed
        // logins back off, so as not to lock the account), so the message is where the caller learns of the wait.
        var (exception, iam) = await FailedLoginAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = retryAfter;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"error_code":"APIG.0308","error_msg":"The request is throttled."}""");
        });

        Assert.Equal($"IAM at {iam} answered HTTP {status}: APIG.0308 The request is throttled. IAM asked for the login to be sent again {shown} (Retry-After).", exception.Message);
        Assert.Equal(status, exception.Status);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(502)]
    public async Task A_retry_after_on_an_iam_error_that_is_no_throttling_is_not_said_to_ask_for_the_login_again(int status)
    {
        // Regression: any failed status that carried Retry-After had the message say IAM asked for the login to be sent
        // again, where Retry-After asks for a wait with a 503 or 429 (RFC 9110, 10.2.3; RFC 6585, 4) and says nothing
        // of a login a 400 or a 500 refused.
        var (exception, iam) = await FailedLoginAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = "120";
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"error_code":"IAM.0001","error_msg":"The request failed."}""");
        });

        Assert.Equal($"IAM at {iam} answered HTTP {status}: IAM.0001 The request failed.", exception.Message);
    }

    [Fact]
    public async Task An_html_page_in_place_of_iams_answer_is_named_by_its_title_as_the_services_own_is()
    {
        // Regression: a gateway's page was shown as its markup on one line, cut after 200 characters.
        var (exception, iam) = await FailedLoginAsync(context =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body { color: red }</style></head>\n<body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>\n");
        });

        Assert.Equal($"IAM at {iam} answered HTTP 502: an HTML page titled '502 Bad Gateway'.", exception.Message);
        Assert.Equal(502, exception.Status);
    }

    [Theory]
    [InlineData(400, "{\"error_msg\":\"bad \\u001b[31mred\\u0007 TAIL\",\"error_code\":\"APIGW.0301\"}")]
    [InlineData(401, "{\"error\":{\"code\":401,\"message\":\"bad \\u001b[31mred\\u0007 TAIL\"}}")]
    [InlineData(500, "{\"error\":{\"code\":500,\"message\":\"bad \\u001b[31mred\\u0007 TAIL\"}}")]
    public async Task An_iam_error_message_reaches_the_exception_on_one_line_and_cut(int status, string body)
    {
        // Regression: IAM's message (Keystone's, or the gateway's error_msg) was put in the exception whole, escapes and
        // bells included, so an IAM that answered with a message of megabytes gave an exception message as long.
        var sent = body.Replace("TAIL", new string('z', 100_000), StringComparison.Ordinal);
        var (exception, _) = await FailedLoginAsync(Answer(status, sent));

        Assert.Contains("bad  [31mred", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(exception.Message, char.IsControl);
        Assert.InRange(exception.Message.Length, 1, 1000);
    }

    [Theory]
    [InlineData(400, "answered HTTP 400: APIGW.0301 Incorrect IAM authentication information: x-auth-token not found.")]
    [InlineData(401, "(HTTP 401: APIGW.0301 Incorrect IAM authentication information: x-auth-token not found)")]
    public async Task An_iam_error_in_the_clouds_own_shape_is_given_by_its_code_and_message(int status, string expected)
    {
        // Regression: the gateway in front of IAM answers with error_code and error_msg, as in front of the service; the
        // message gave that body as raw JSON, and a 401 of it as "no message".
        var (exception, _) = await FailedLoginAsync(Answer(status, "{\"error_msg\":\"Incorrect IAM authentication information: x-auth-token not found\",\"error_code\":\"APIGW.0301\",\"request_id\":\"r-1\"}"));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p", "{\"error_msg\":\"Error response from p\"}", "Error response from ***")]
    [InlineData("e", "no such user: e", "no such user: ***")]
    [InlineData("on", "Connection refused for on", "Connection refused for ***")]
    [InlineData("ire", "{\"error\":{\"code\":401,\"message\":\"The request you have made requires authentication.\"}}", "The request you have made requires authentication.")]
    public async Task A_short_password_is_masked_where_iam_repeats_it_whole_and_nowhere_else(string password, string body, string expected)
    {
        // Regression: every occurrence of the password was masked, inside words too: with the password p, IAM's
        // "Error response" read "Error res***onse".
        var (exception, _) = await FailedLoginAsync(Answer(body.Contains("401", StringComparison.Ordinal) ? 401 : 400, body), password);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    /// <summary>The inside of a JSON string as Go and Python write it: \" for a quote, lower-case hex for the rest.</summary>
    private static string GoJson(string text) => string.Concat(text.Select(character => character switch
    {
        '"' or '\\' => "\\" + character,
        > '~' or '<' or '>' or '&' => "\\u" + ((int)character).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
        _ => character.ToString(),
    }));

    [Fact]
    public async Task The_options_are_copied_when_the_credential_is_created()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var options = Options(emulator);
        using var credential = new DdmPasswordCredential(options);
        options.Password = "changed-afterwards";
        options.IamEndpoint = new Uri("http://127.0.0.1:1/");

        Assert.StartsWith("MII", await credential.GetTokenAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_iam_endpoint_on_another_machine_is_refused_unless_allowed()
    {
        var options = new DdmPasswordCredentialOptions
        {
            IamEndpoint = new Uri("http://iam.example.com"),
            UserName = "user",
            Password = "secret-password-42",
            DomainName = "domain",
            ProjectId = "p",
        };

        var exception = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(options));
        options.AllowInsecureTransport = true;
        using var allowed = new DdmPasswordCredential(options);

        Assert.Contains("clear text", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password-42", exception.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Calls <paramref name="observe"/> as each request is sent, in the context it is sent in.</summary>
    private sealed class Observing(Action observe, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            observe();
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Cancels the caller's token the moment the service refuses a listing with a 401.</summary>
    private sealed class CancelOnRefusal(CancellationTokenSource cancel) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                await cancel.CancelAsync();
            }

            return response;
        }
    }

    /// <summary>
    /// The emulator and a client with the password credential after one call; then the service's clock moves on two
    /// hours, so that it refuses the token (as it would a revoked one), and the credential's one minute, so that it
    /// believes the token valid. With <c>resilienceHandler</c>, the client comes from dependency injection with
    /// <c>AddStandardResilienceHandler()</c>, which turns the client's own retries off.
    /// </summary>
    private sealed class RefusedToken : IAsyncDisposable
    {
        private readonly DdmPasswordCredential _credential;
        private readonly ServiceProvider? _provider;
        private readonly HttpClient? _http;

        private RefusedToken(DdmEmulator emulator, DdmPasswordCredential credential, bool resilienceHandler, HttpMessageHandler? handler)
        {
            Emulator = emulator;
            _credential = credential;
            var options = new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = credential };
            if (!resilienceHandler)
            {
                _http = handler is null ? null : new HttpClient(handler);
                Client = _http is null ? new DdmClient(options) : new DdmClient(_http, options);
                return;
            }

            var services = new ServiceCollection();
            services.AddDdmClient(registered =>
            {
                registered.Endpoint = options.Endpoint;
                registered.ProjectId = options.ProjectId;
                registered.Credential = credential;
            }).AddStandardResilienceHandler();
            _provider = services.BuildServiceProvider();
            Client = _provider.GetRequiredService<DdmClient>();
        }

        public DdmEmulator Emulator { get; }

        public DdmClient Client { get; }

        /// <summary>
        /// A client whose token the service has stopped taking (its clock two hours on), through DI with a resilience
        /// handler or directly, over <paramref name="handler"/> when given.
        /// </summary>
        public static async Task<RefusedToken> StartAsync(bool resilienceHandler = false, HttpMessageHandler? handler = null)
        {
            var serviceClock = new ManualTimeProvider();
            var clock = new ManualTimeProvider();
            var emulator = await HourTokensAsync(serviceClock);
            var refused = new RefusedToken(emulator, new DdmPasswordCredential(Options(emulator), timeProvider: clock), resilienceHandler, handler);
            await refused.Client.ListBackupsAsync();
            serviceClock.Advance(TimeSpan.FromHours(2));
            clock.Advance(TimeSpan.FromMinutes(1));
            return refused;
        }

        public async ValueTask DisposeAsync()
        {
            if (_provider is not null)
            {
                await _provider.DisposeAsync();
            }

            _http?.Dispose();
            _credential.Dispose();
            await Emulator.DisposeAsync();
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds: for what a background refresh does on its own time.</summary>
    private static async Task UntilAsync(Func<bool> done)
    {
        using var guard = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!done())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    /// <summary>Asks for a token until <paramref name="done"/> holds; a background refresh finishes on its own time.</summary>
    private static async Task<string> EventuallyAsync(DdmPasswordCredential credential, Func<string, bool> done)
    {
        using var guard = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var token = await credential.GetTokenAsync(guard.Token);
            if (done(token))
            {
                return token;
            }

            await Task.Delay(10, guard.Token);
        }
    }

    [Fact]
    public async Task The_password_credential_authenticates_the_client()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator));
        using var http = new HttpClient();
        var client = new DdmClient(http, ClientOptions(emulator, credential));

        var page = await client.ListBackupsAsync();

        Assert.Equal(10, page.Value.Backups.Count);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_exception_that_names_what_to_check_and_no_secret()
    {
        const string Password = "not-the-password-4711";
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator, Password));

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        Assert.Equal(401, exception.Status);
        Assert.Contains("The username or password is wrong.", exception.Message, StringComparison.Ordinal);
        Assert.Contains(emulator.Options.IamUserName, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_answer_that_starts_with_a_byte_order_mark_is_read()
    {
        // The answer was decoded with the mark kept, which the JSON reader refuses: "without a readable token.expires_at".
        await using var iam = await Http.ScriptedServer.StartAsync(context =>
        {
            var now = DateTimeOffset.UtcNow;
            context.Response.StatusCode = 201;
            context.Response.Headers["X-Subject-Token"] = "token-with-bom";
            context.Response.ContentType = "application/json;charset=utf8";
            var body = System.Text.Encoding.UTF8.GetBytes($$$"""{"token":{"issued_at":"{{{now:O}}}","expires_at":"{{{now.AddHours(1):O}}}"}}""");
            return context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.Preamble.ToArray().Concat(body).ToArray()).AsTask();
        });
        using var credential = new DdmPasswordCredential(IamOptions(iam.BaseAddress));

        Assert.Equal("token-with-bom", await credential.GetTokenAsync());
    }

    [Fact]
    public async Task A_cookie_an_iam_answer_sets_goes_with_no_later_login()
    {
        // The credential's own HttpClient kept the cookie of one login and sent it with the next, where the client's
        // requests keep none.
        var clock = new ManualTimeProvider();
        var logins = 0;
        await using var iam = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.Headers.SetCookie = "session=of-the-first-login; Path=/";
            return AnswerLoginAsync(context, "token-" + Interlocked.Increment(ref logins), clock.GetUtcNow());
        });
        using var credential = new DdmPasswordCredential(IamOptions(iam.BaseAddress), timeProvider: clock);

        Assert.Equal("token-1", await credential.GetTokenAsync());
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal("token-2", await credential.GetTokenAsync());

        Assert.DoesNotContain(iam.Headers, header => string.Equals(header.Name, "Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_token_whose_lifetime_reaches_past_the_last_time_there_is_is_served()
    {
        // The expiry was kept as a time, sent-at plus lifetime, which overflowed into an ArgumentOutOfRangeException.
        await using var iam = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 201;
            context.Response.Headers["X-Subject-Token"] = "long-lived";
            return context.Response.WriteAsync("""{"token":{"issued_at":"0001-01-01T00:00:00.000000Z","expires_at":"9999-12-31T00:00:00.000000Z"}}""");
        });
        using var credential = new DdmPasswordCredential(IamOptions(iam.BaseAddress));

        Assert.Equal("long-lived", await credential.GetTokenAsync());
        Assert.Equal("long-lived", await credential.GetTokenAsync());
        Assert.Single(iam.RawTargets);
    }

    [Fact]
    public async Task An_unreachable_iam_endpoint_is_an_authentication_exception()
    {
        // Nothing listens on port 1 of the loopback address: the connection is refused at once.
        var closed = new Uri("http://127.0.0.1:1/");
        using var credential = new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = closed, UserName = "u", Password = "p", DomainName = "d", ProjectName = "eu-de" });

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        Assert.Null(exception.Status);
        Assert.Contains("could not be reached", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_name_and_password_in_the_iam_address_are_refused_without_being_repeated()
    {
        // No request uses them (IAM takes the password in the body), and the pipeline's logs would show them.
        var address = new Uri("http://user:s3cretpw@127.0.0.1:1/");

        var exception = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = address, UserName = "u", Password = "p", DomainName = "d", ProjectName = "eu-de" }));

        Assert.Contains("DdmPasswordCredentialOptions.IamEndpoint holds a user name or password", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretpw", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc\u0001def")]
    [InlineData("abc\u00e9def")]
    [InlineData("abc def")]
    public async Task A_token_from_iam_that_cannot_go_into_a_header_is_an_authentication_exception(string token)
    {
        // A raw answer: Kestrel would refuse to send such a header at all.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var answered = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var request = new byte[64 * 1024];
            var read = 0;
            while (!System.Text.Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal) || !System.Text.Encoding.ASCII.GetString(request, 0, read).EndsWith('}'))
            {
                var count = await stream.ReadAsync(request.AsMemory(read));
                if (count == 0)
                {
                    return;
                }

                read += count;
            }

            const string Body = """{"token":{"expires_at":"2999-01-01T00:00:00.000000Z"}}""";
            var head = $"HTTP/1.1 201 Created\r\nX-Subject-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(head + Body));
        });
        var endpoint = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/");
        using var credential = new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = endpoint, UserName = "u", Password = "p", DomainName = "d", ProjectName = "eu-de" });

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        Assert.Contains("X-Subject-Token that cannot be sent on", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", exception.Message, StringComparison.Ordinal);
        await answered;
    }

    [Fact]
    public void Incomplete_options_are_rejected_up_front()
    {
        var noPassword = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", DomainName = "d", ProjectId = "p" }));
        var twoProjects = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", Password = "x", DomainName = "d", ProjectId = "p", ProjectName = "n" }));

        Assert.Equal("Password", noPassword.ParamName);
        Assert.Contains("exactly one", twoProjects.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UserName")]
    [InlineData("Password")]
    [InlineData("DomainName")]
    public void A_value_of_white_space_only_is_rejected_up_front_as_not_set(string name)
    {
        var options = new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", Password = "secret", DomainName = "d", ProjectId = "p" };
        typeof(DdmPasswordCredentialOptions).GetProperty(name)!.SetValue(options, " \t ");

        var exception = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(options));

        Assert.Equal(name, exception.ParamName);
        Assert.Contains("white space", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_of_white_space_only_beside_the_other_reads_as_not_set()
    {
        using var byName = new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", Password = "secret", DomainName = "d", ProjectId = "  ", ProjectName = "eu-de" });
        var neither = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", Password = "secret", DomainName = "d", ProjectId = " ", ProjectName = "" }));

        Assert.Contains("exactly one", neither.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_with_white_space_at_its_ends_is_taken_as_written()
    {
        using var credential = new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", Password = " secret ", DomainName = "d", ProjectId = "p" });
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class EchoJson : System.Text.Json.Serialization.JsonSerializerContext;
