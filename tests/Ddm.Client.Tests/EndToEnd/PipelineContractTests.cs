using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Client.Tests.Http;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>
/// What a caller of any System.ClientModel client relies on, kept by the body-size limit too: buffered answers read
/// as often as asked, policies at every position seeing the answer as the message asked for it, the options' logger
/// used by every part of the pipeline, and a <c>User-Agent</c>.
/// </summary>
public sealed class PipelineContractTests
{
    [Fact]
    public async Task An_error_answer_asked_for_unbuffered_throws_the_api_exception_with_its_error()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = new DdmClient(new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken("wrong") });

        var asynchronous = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync(0, 5, new RequestOptions { BufferResponse = false }));
        var synchronous = Assert.Throws<DdmApiException>(() => client.ListBackups(0, 5, new RequestOptions { BufferResponse = false }));

        foreach (var exception in new[] { asynchronous, synchronous })
        {
            Assert.Equal(401, exception.Status);
            Assert.StartsWith("APIG.", exception.ErrorCode, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_successful_answer_asked_for_unbuffered_streams_its_body()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = new DdmClient(new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken(emulator.Options.Token) });

        var result = await client.ListBackupsAsync(0, 5, new RequestOptions { BufferResponse = false });
        using var stream = result.GetRawResponse().ContentStream!;
        using var document = await JsonDocument.ParseAsync(stream);

        Assert.IsNotType<System.IO.MemoryStream>(stream);
        Assert.Equal(5, document.RootElement.GetProperty("backups").GetArrayLength());
    }

    [Fact]
    public async Task A_buffered_answer_gives_its_whole_body_as_often_as_asked()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = new DdmClient(new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken(emulator.Options.Token) });

        var raw = (await client.ListBackupsAsync(0, 5, (RequestOptions?)null)).GetRawResponse();
        int Count(System.IO.Stream stream)
        {
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.GetProperty("backups").GetArrayLength();
        }

        Assert.Equal(5, Count(raw.ContentStream!));
        Assert.Equal(5, Count(raw.ContentStream!));
        Assert.Equal(5, Count(raw.Content.ToStream()));
    }

    [Fact]
    public async Task Policies_at_every_position_see_the_answer_buffered()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var seen = new ConcurrentQueue<string>();
        var options = new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken(emulator.Options.Token) };
        options.AddPolicy(new BodyProbe("per-try", seen), PipelinePosition.PerTry);
        options.AddPolicy(new BodyProbe("per-call", seen), PipelinePosition.PerCall);
        var client = new DdmClient(options);
        var call = new RequestOptions();
        call.AddPolicy(new BodyProbe("before-transport", seen), PipelinePosition.BeforeTransport);

        var page = await client.ListBackupsAsync(0, 3, call);

        Assert.Equal(3, Backups(page.GetRawResponse().Content));
        Assert.Equal(new[] { "before-transport: buffered, 3 backups", "per-try: buffered, 3 backups", "per-call: buffered, 3 backups" }, seen);
    }

    [Fact]
    public async Task The_options_logger_factory_hears_the_retry_policy_and_the_transport()
    {
        var answers = 0;
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            switch (Interlocked.Increment(ref answers))
            {
                case 1:
                    context.Abort();
                    return;
                case 2:
                    context.Response.StatusCode = 503;
                    return;
                default:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":10}""");
                    return;
            }
        });
        var log = new EventLog();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p1",
            Credential = DdmCredential.FromToken("t"),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory },
        });

        var page = await client.ListBackupsAsync();

        Assert.Equal(0, page.Value.Total);
        Assert.Contains(log.Events, entry => entry.Category.EndsWith(nameof(PipelineTransport), StringComparison.Ordinal) && entry.Event == "ExceptionResponse");
        Assert.Equal(2, log.Events.Count(entry => entry.Category.EndsWith(nameof(ClientRetryPolicy), StringComparison.Ordinal) && entry.Event == "RequestRetrying"));
    }

    [Fact]
    public async Task Under_dependency_injection_the_container_logger_hears_the_transport()
    {
        var answers = 0;
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref answers) == 1)
            {
                context.Abort();
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":10}""");
        });
        var log = new EventLog();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        services.AddDdmClient(options =>
        {
            options.Endpoint = server.BaseAddress;
            options.ProjectId = "p1";
            options.Credential = DdmCredential.FromToken("t");
        });
        await using var provider = services.BuildServiceProvider();

        var page = await provider.GetRequiredService<DdmClient>().ListBackupsAsync();

        Assert.Equal(0, page.Value.Total);
        Assert.Contains(log.Events, entry => entry.Category.EndsWith(nameof(PipelineTransport), StringComparison.Ordinal) && entry.Event == "ExceptionResponse");
        Assert.Contains(log.Events, entry => entry.Category.EndsWith(nameof(ClientRetryPolicy), StringComparison.Ordinal) && entry.Event == "RequestRetrying");
    }

    [Theory]
    [InlineData("token")]
    [InlineData("access key")]
    public async Task Logging_every_header_with_an_asterisk_still_never_logs_the_credential_of_a_retried_request(string kind)
    {
        // '*' in AllowedHeaderNames has System.ClientModel log every header, whatever else the list holds; a try after
        // the first carries the credential headers the one before it was given, and its request was logged with them.
        var answers = 0;
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref answers) == 1)
            {
                context.Response.StatusCode = 503;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":10}""");
        });
        var log = new TextLog();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var logging = new ClientLoggingOptions { LoggerFactory = loggerFactory };
        logging.AllowedHeaderNames.Add("*");
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p1",
            Credential = kind == "token" ? DdmCredential.FromToken("secret-token") : new Ddm.Client.Authentication.DdmAccessKeyCredential("access-key", "secret-key", securityToken: "secret-token"),
            ClientLoggingOptions = logging,
        });

        await client.ListBackupsAsync();

        Assert.Equal(2, answers);
        Assert.Contains(log.Lines, line => line.Contains("User-Agent", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains("secret-token", StringComparison.Ordinal) || line.Contains("Signature=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_request_names_the_client_library_in_its_user_agent()
    {
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":10}""");
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t") });

        await client.ListBackupsAsync();

        var userAgent = Assert.Single(server.Headers, header => header.Name == "User-Agent").Value;
        Assert.StartsWith(typeof(DdmClient).Assembly.GetName().Name + "/", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_application_id_of_the_options_starts_the_user_agent()
    {
        // As OpenAI's and Azure's clients let an application name itself: a per-call User-Agent replaced the library's part.
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":10}""");
        });
        using var http = new System.Net.Http.HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Host/3");
        var options = new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t"), UserAgentApplicationId = "backup-audit/1.2" };

        await new DdmClient(options).ListBackupsAsync();
        await new DdmClient(http, options).ListBackupsAsync();

        var agents = server.Headers.Where(header => header.Name == "User-Agent").Select(header => header.Value).ToList();
        var library = typeof(DdmClient).Assembly.GetName().Name + "/";
        Assert.StartsWith("backup-audit/1.2 " + library, agents[0], StringComparison.Ordinal);
        Assert.StartsWith("backup-audit/1.2 Host/3 " + library, agents[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my app")]
    [InlineData("app\r\nX-Evil: 1")]
    [InlineData("caf\u00e9")]
    [InlineData("a-name-that-is-25-chars-x")]
    public void An_application_id_that_cannot_start_the_user_agent_is_refused(string applicationId)
    {
        var options = new DdmClientOptions { Endpoint = new Uri("https://ddm.example.com"), ProjectId = "p1", UserAgentApplicationId = applicationId };

        Assert.StartsWith("DdmClientOptions.UserAgentApplicationId must be", options.FindProblem(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DdmClient(options));
    }

    [Fact]
    public async Task The_http_client_user_agent_goes_first_and_a_per_call_one_replaces_both()
    {
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":10}""");
        });
        using var http = new System.Net.Http.HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("MyApp/2.1");
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t") });
        var call = new RequestOptions();
        call.SetHeader("User-Agent", "Probe/1");

        await client.ListBackupsAsync();
        await client.ListBackupsAsync(null, null, call);

        var agents = server.Headers.Where(header => header.Name == "User-Agent").Select(header => header.Value).ToList();
        Assert.Equal(2, agents.Count);
        Assert.StartsWith("MyApp/2.1 " + typeof(DdmClient).Assembly.GetName().Name + "/", agents[0], StringComparison.Ordinal);
        Assert.Equal("Probe/1", agents[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_unbuffered_error_answer_whose_body_stalls_is_still_the_api_exception_within_the_network_timeout(bool async)
    {
        // Regression: the message said the body could not be read because "the operation was canceled" when the
        // asynchronous call ran out of its network timeout, which no one cancelled; the synchronous one named the timeout.
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("""{"error_code":"DBS.1""");
            await context.Response.Body.FlushAsync();

            // A byte every 0.4 s: no single read waits the network timeout, so only a bound on the whole body ends it.
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(400, context.RequestAborted).ContinueWith(_ => { });
                await context.Response.WriteAsync(" ", context.RequestAborted).ContinueWith(_ => { });
                await context.Response.Body.FlushAsync(context.RequestAborted).ContinueWith(_ => { });
            }
        });
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p1",
            Credential = DdmCredential.FromToken("t"),
            RetryPolicy = new ClientRetryPolicy(0),
            // Long enough that the answer's headers come in time on a busy machine, which only the body's bound must end.
            NetworkTimeout = TimeSpan.FromSeconds(3),
        });
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var options = new RequestOptions { BufferResponse = false, CancellationToken = guard.Token };
        var exception = await Assert.ThrowsAsync<DdmApiException>(() => async ? client.ListBackupsAsync(0, 5, options) : Task.Run(() => client.ListBackups(0, 5, options)));

        Assert.False(guard.IsCancellationRequested, "the network timeout did not bound the error body");
        Assert.Equal(500, exception.Status);
        Assert.Contains("the body of the error answer did not come within the network timeout (NetworkTimeout, 00:00:03)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("canceled", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_caller_who_cancels_while_an_unbuffered_error_body_is_read_gets_a_cancellation()
    {
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("{");
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { });
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t"), RetryPolicy = new ClientRetryPolicy(0) });
        using var first = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListBackupsAsync(0, 5, new RequestOptions { BufferResponse = false, CancellationToken = first.Token }));

        using var second = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        Assert.ThrowsAny<OperationCanceledException>(() => client.ListBackups(0, 5, new RequestOptions { BufferResponse = false, CancellationToken = second.Token }));
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_tunnel_is_named_without_its_user_name_and_password_and_the_tries_stay_as_they_were()
    {
        // A proxy that asks for credentials again whatever it is sent, as one with a wrong password does; the runtime
        // names it by its address as configured, user name and password included.
        using var proxy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        proxy.Start();
        using var stop = new CancellationTokenSource();
        var port = ((System.Net.IPEndPoint)proxy.LocalEndpoint).Port;
        var connects = 0;
        var answering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await proxy.AcceptTcpClientAsync(stop.Token);
                var stream = connection.GetStream();
                _ = await stream.ReadAsync(new byte[4096], stop.Token);
                Interlocked.Increment(ref connects);
                await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        var log = new TextLog();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        using var http = new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { Proxy = new System.Net.WebProxy(new Uri($"http://proxy-user:proxy-secret@127.0.0.1:{port}")) });
        var client = new DdmClient(http, new DdmClientOptions
        {
            Endpoint = new Uri("https://ddm.example.com"),
            ProjectId = "p1",
            Credential = DdmCredential.FromToken("t"),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory },
        });

        using var events = new ClientModelEvents();

        var asynchronous = await Assert.ThrowsAsync<AggregateException>(() => client.ListBackupsAsync());
        var connectsAsynchronous = Volatile.Read(ref connects);
        var synchronous = Assert.Throws<AggregateException>(() => client.ListBackups());
        var connectsSynchronous = Volatile.Read(ref connects) - connectsAsynchronous;

        // Without a logger factory, System.ClientModel logs to its event source.
        var unlogged = new DdmClient(http, new DdmClientOptions { Endpoint = new Uri("https://ddm.example.com"), ProjectId = "p1", Credential = DdmCredential.FromToken("t"), RetryPolicy = new ClientRetryPolicy(0) });
        Assert.Throws<ClientResultException>(() => unlogged.ListBackups());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering);

        // Every try of the default policy: the failure is a network failure to retry as before.
        Assert.Equal(4, connectsAsynchronous);
        Assert.Equal(4, connectsSynchronous);
        Assert.Equal(9, Volatile.Read(ref connects));
        foreach (var exception in new[] { asynchronous, synchronous })
        {
            Assert.Equal(4, exception.InnerExceptions.Count);
            foreach (var tryFailure in exception.InnerExceptions)
            {
                var failure = Assert.IsType<ClientResultException>(tryFailure);
                Assert.Equal(0, failure.Status);
                var cause = Assert.IsType<System.Net.Http.HttpRequestException>(failure.InnerException);
                Assert.Equal(System.Net.Http.HttpRequestError.ProxyTunnelError, cause.HttpRequestError);
                Assert.Equal(System.Net.HttpStatusCode.ProxyAuthenticationRequired, cause.StatusCode);
                Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
                Assert.Contains($"127.0.0.1:{port}", cause.Message, StringComparison.Ordinal);
            }

            foreach (var text in new[] { exception.Message, exception.ToString() })
            {
                Assert.DoesNotContain("proxy-secret", text, StringComparison.Ordinal);
                Assert.DoesNotContain("proxy-user", text, StringComparison.Ordinal);
            }
        }

        // The transport still logs each failed try, in the same words but for the user name and password.
        Assert.Equal(8, log.Lines.Count(line => line.Contains("exception occurred", StringComparison.Ordinal) && line.Contains($"127.0.0.1:{port}", StringComparison.Ordinal)));
        Assert.DoesNotContain(log.Lines, line => line.Contains("proxy-secret", StringComparison.Ordinal) || line.Contains("proxy-user", StringComparison.Ordinal));
        Assert.Contains(events.Payloads, payload => payload.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.DoesNotContain(events.Payloads, payload => payload.Contains("proxy-secret", StringComparison.Ordinal) || payload.Contains("proxy-user", StringComparison.Ordinal));
    }

    private static int Backups(BinaryData body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("backups").GetArrayLength();
    }

    /// <summary>Records, after the rest of the pipeline ran, whether the answer is buffered and how many backups it holds.</summary>
    private sealed class BodyProbe(string name, ConcurrentQueue<string> seen) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            ProcessNext(message, pipeline, currentIndex);
            Record(message);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            await ProcessNextAsync(message, pipeline, currentIndex);
            Record(message);
        }

        private void Record(PipelineMessage message)
        {
            seen.Enqueue($"{name}: {(message.BufferResponse ? "buffered" : "streamed")}, {Backups(message.Response!.Content)} backups");
        }
    }

    /// <summary>The text of every event of System.ClientModel's event source.</summary>
    private sealed class ClientModelEvents : System.Diagnostics.Tracing.EventListener
    {
        public ConcurrentQueue<string> Payloads { get; } = new();

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
        {
            if (eventSource.Name == "System.ClientModel")
            {
                EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData) =>
            Payloads?.Enqueue(eventData.EventName + " " + string.Join(" ", eventData.Payload ?? []));
    }

    /// <summary>The text of every log entry.</summary>
    private sealed class TextLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }

    /// <summary>The category and event name of every log entry.</summary>
    private sealed class EventLog : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string? Event)> Events { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Events);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string Category, string? Event)> events) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                events.Enqueue((category, eventId.Name));
        }
    }
}
