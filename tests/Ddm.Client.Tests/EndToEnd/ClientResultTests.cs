using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Client.Authentication;
using Ddm.Client.Tests.Http;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>What System.ClientModel gives a caller: raw responses, per-call options, mocking, and logs without secrets.</summary>
public sealed class ClientResultTests
{
    [Fact]
    public async Task A_successful_call_keeps_its_raw_response_status_request_id_and_headers()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = new DdmClient(new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken(emulator.Options.Token) });

        var result = await client.ListBackupsAsync(limit: 2);
        var raw = result.GetRawResponse();

        Assert.Equal(200, raw.Status);
        Assert.True(raw.Headers.TryGetValue("X-Request-Id", out var requestId) && !string.IsNullOrEmpty(requestId));
        Assert.True(raw.Headers.TryGetValue("Content-Type", out var contentType) && contentType!.StartsWith("application/json", StringComparison.Ordinal));
        Assert.Equal(2, result.Value.Backups.Count);
    }

    [Fact]
    public async Task A_per_call_header_and_the_protocol_method_reach_the_server()
    {
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":10}""");
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t") });
        var options = new RequestOptions();
        options.SetHeader("X-Trace-Case", "per-call-42");

        var result = await client.ListBackupsAsync(0, 10, options);

        Assert.Equal(200, result.GetRawResponse().Status);
        Assert.Contains("\"total\":0", result.GetRawResponse().Content.ToString(), StringComparison.Ordinal);
        Assert.Contains(server.Headers, header => header.Name == "X-Trace-Case" && header.Value == "per-call-42");
        Assert.Equal("/v3/p1/backups?offset=0&limit=10", server.RawTargets.Single());
    }

    [Fact]
    public async Task NoThrow_returns_the_error_answer_instead_of_throwing()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = new DdmClient(new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken("wrong") });

        var result = await client.ListBackupsAsync(null, null, new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow });

        Assert.Equal(401, result.GetRawResponse().Status);
    }

    [Fact]
    public async Task A_test_subclass_overrides_a_method_without_any_network()
    {
        DdmClient client = new FakeClient();

        var page = await client.ListBackupsAsync(limit: 1);
        var all = new List<BackupInfo>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync())
        {
            all.Add(backup);
        }

        Assert.Equal("fake-1", page.Value.Backups.Single().Id);
        Assert.Equal(204, page.GetRawResponse().Status);
        Assert.Equal(new[] { "fake-1" }, all.Select(backup => backup.Id));
    }

    [Fact]
    public void An_http_endpoint_on_another_machine_is_refused_unless_allowed()
    {
        var options = new DdmClientOptions { Endpoint = new Uri("http://ddm.example.com"), ProjectId = "p", Credential = DdmCredential.FromToken("a-token-value") };

        var exception = Assert.Throws<ArgumentException>(() => new DdmClient(options));
        options.AllowInsecureTransport = true;
        var allowed = new DdmClient(options);
        var loopback = new DdmClient(new DdmClientOptions { Endpoint = new Uri("http://127.0.0.1:5080"), ProjectId = "p" });

        Assert.Contains("clear text", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(allowed.Pipeline);
        Assert.NotNull(loopback.Pipeline);
    }

    [Fact]
    public async Task No_credential_appears_in_exceptions_or_logs_of_a_run_with_failures()
    {
        const string Token = "secret-token-value-0001";
        const string Password = "secret-password-value-0002";
        const string SecretKey = "secret-key-value-0003";
        await using var emulator = await DdmEmulator.StartAsync();
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var signatures = new ConcurrentQueue<string>();
        var texts = new List<string>();

        DdmClient Client(DdmCredential credential) => new(new DdmClientOptions
        {
            Endpoint = emulator.BaseAddress,
            ProjectId = emulator.Options.ProjectId,
            Credential = credential,
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableLogging = true, EnableMessageLogging = true, EnableMessageContentLogging = true },
            RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
        });
        var options = new RequestOptions();
        options.AddPolicy(new RecordAuthorization(signatures), PipelinePosition.BeforeTransport);

        texts.Add((await Assert.ThrowsAsync<DdmApiException>(() => Client(DdmCredential.FromToken(Token)).ListBackupsAsync(null, null, options))).ToString());
        using var iam = new DdmPasswordCredential(new DdmPasswordCredentialOptions
        {
            IamEndpoint = emulator.BaseAddress,
            UserName = emulator.Options.IamUserName,
            Password = Password,
            DomainName = emulator.Options.IamDomainName,
            ProjectId = emulator.Options.ProjectId,
        });
        texts.Add((await Assert.ThrowsAsync<DdmAuthenticationException>(() => Client(iam).ListBackupsAsync())).ToString());
        var key = emulator.Options.AccessKeys[0];
        var signed = new DdmAccessKeyCredential(key.AccessKey, SecretKey, "security-token-0004", emulator.Options.ProjectId);
        texts.Add((await Assert.ThrowsAsync<DdmApiException>(() => Client(signed).ListBackupsAsync(null, null, options))).ToString());
        texts.Add(signed.ToString());
        texts.Add(iam.ToString());
        texts.AddRange(log.Lines);

        var secrets = new[] { Token, Password, SecretKey, "security-token-0004" }.Concat(signatures.Select(value => value[(value.LastIndexOf('=') + 1)..])).ToList();
        Assert.NotEmpty(log.Lines);
        Assert.Contains(signatures, value => value.StartsWith("SDK-HMAC-SHA256", StringComparison.Ordinal));
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_credential_that_an_error_body_repeats_is_not_in_the_logged_content()
    {
        const string Token = "echoed-token-value-0005";
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect token " + context.Request.Headers["X-Auth-Token"] + "\"}");
        });
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p",
            Credential = DdmCredential.FromToken(Token),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableLogging = true, EnableMessageLogging = true, EnableMessageContentLogging = true },
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Contains("***", exception.Message, StringComparison.Ordinal);
        Assert.Contains(log.Lines, line => line.Contains("Incorrect token", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains(Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(8, "application/json")]
    [InlineData(17, "application/json")]
    public async Task A_credential_that_the_logged_contents_size_limit_cuts_is_masked_as_far_as_it_goes(int kept, string contentType)
    {
        // Regression: the content log is cut at MessageContentSizeLimit bytes, and a copy of the token the limit cut in
        // two left its start in the log, which no whole copy matched.
        const string Token = "echoed-token-value-0006-abcdefgh";
        const string Start = "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect token ";
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(Start + context.Request.Headers["X-Auth-Token"] + "\"}");
        });
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p",
            Credential = DdmCredential.FromToken(Token),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableLogging = true, EnableMessageLogging = true, EnableMessageContentLogging = true, MessageContentSizeLimit = Start.Length + kept },
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Contains(log.Lines, line => line.Contains("Incorrect token ***", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains(Token[..kept], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/", "\\/", "echoed\\/tok")]
    [InlineData("/", "\\/", "echoed\\")]
    [InlineData("+", "\\u002B", "echoed\\u")]
    [InlineData("+", "\\u002B", "echoed\\u00")]
    [InlineData("+", "\\u002B", "echoed\\u002")]
    public async Task A_credential_that_the_size_limit_cuts_where_json_escapes_it_is_masked_as_far_as_it_goes(string character, string escape, string kept)
    {
        // Regression: a cut inside an escape (after its backslash, or within \u002B) left the start before it unmasked.
        var token = "echoed" + character + "token" + character + "value" + character + "0009" + character + "abcdefgh";
        const string Start = "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect token ";
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Start + context.Request.Headers["X-Auth-Token"].ToString().Replace(character, escape, StringComparison.Ordinal) + "\"}");
        });
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p",
            Credential = DdmCredential.FromToken(token),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableLogging = true, EnableMessageLogging = true, EnableMessageContentLogging = true, MessageContentSizeLimit = Start.Length + kept.Length },
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Contains(log.Lines, line => line.Contains("Incorrect token ***", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains("echoed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(12)]
    public async Task A_credential_in_a_body_logged_as_bytes_is_not_in_the_text_of_the_log(int? kept)
    {
        // Regression: a body that is not text is logged as its bytes, which the text of the log writes as numbers
        // ("101, 99, 104, ..."): only the value kept beside it was masked, and the text showed the token's bytes.
        const string Token = "echoed-token-value-0008-abcdefgh";
        const string Start = "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect token ";
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/octet-stream";
            await context.Response.WriteAsync(Start + context.Request.Headers["X-Auth-Token"] + "\"}");
        });
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p",
            Credential = DdmCredential.FromToken(Token),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableLogging = true, EnableMessageLogging = true, EnableMessageContentLogging = true, MessageContentSizeLimit = Start.Length + kept },
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        var written = string.Join(", ", System.Text.Encoding.UTF8.GetBytes(Token[..(kept ?? Token.Length)]));
        Assert.Contains(log.Lines, line => line.Contains(string.Join(", ", System.Text.Encoding.UTF8.GetBytes("token ***")), StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains(written, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logged_content_that_a_size_limit_cuts_is_not_masked_where_it_only_starts_as_a_credential_does()
    {
        // Text that ends with fewer than six characters of the start of a credential is left as it is: as likely ordinary text.
        const string Token = "echoed-token-value-0007";
        const string Body = "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect token: echoe\"}";
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Body);
        });
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p",
            Credential = DdmCredential.FromToken(Token),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableLogging = true, EnableMessageLogging = true, EnableMessageContentLogging = true, MessageContentSizeLimit = Body.IndexOf("echoe", StringComparison.Ordinal) + 5 },
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Contains(log.Lines, line => line.Contains("Incorrect token: echoe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logged_content_that_a_size_limit_cuts_after_a_word_that_starts_a_signed_header_is_not_masked()
    {
        // Regression: the Authorization header of AK/SK signing (SDK-HMAC-SHA256 Access=..., Signature=...), whole and
        // after its scheme, was taken for a credential whose cut start is masked, so content cut after the word "Access"
        // was logged with *** in its place.
        const string Body = "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Access denied\"}";
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Body);
        });
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p",
            Credential = new DdmAccessKeyCredential("AKIDEXAMPLE00001", "secret-key-example-00001", projectId: "p"),
            ClientLoggingOptions = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableLogging = true, EnableMessageLogging = true, EnableMessageContentLogging = true, MessageContentSizeLimit = Body.IndexOf("Access", StringComparison.Ordinal) + "Access".Length },
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Contains(log.Lines, line => line.Contains("\"error_msg\":\"Access", StringComparison.Ordinal));
    }

    /// <summary>A client a test builds without a network: it overrides the one protocol method paging calls.</summary>
    private sealed class FakeClient : DdmClient
    {
        public override Task<ClientResult> ListBackupsAsync(int? offset, int? limit, RequestOptions? options) =>
            Task.FromResult(ClientResult.FromResponse(new FakeResponse(offset is null or 0
                ? """{"backups":[{"id":"fake-1","name":"n","instance_id":"i","instance_name":"in","status":"normal","instance_status":"RUNNING","backup_type":"metadata","created":"2025-02-19T02:50:20+0000","updated":"2025-02-19T02:50:20+0000"}],"total":1,"offset":0,"limit":1}"""
                : """{"backups":[],"total":1,"offset":1,"limit":1}""")));
    }

    private sealed class FakeResponse(string json) : PipelineResponse
    {
        private Stream? _content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        public override int Status => 204;

        public override string ReasonPhrase => "No Content";

        public override Stream? ContentStream
        {
            get => _content;
            set => _content = value;
        }

        public override BinaryData Content => BinaryData.FromString(json);

        protected override PipelineResponseHeaders HeadersCore => throw new NotSupportedException();

        public override BinaryData BufferContent(CancellationToken cancellationToken = default) => Content;

        public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => new(Content);

        public override void Dispose()
        {
        }
    }

    /// <summary>Records the Authorization header as sent, so the test knows each signature to look for.</summary>
    private sealed class RecordAuthorization(ConcurrentQueue<string> values) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Record(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Record(message);
            await ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Record(PipelineMessage message)
        {
            if (message.Request.Headers.TryGetValue("Authorization", out var value) && value is not null)
            {
                values.Enqueue(value);
            }
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
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

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue(formatter(state, exception) + " " + exception);
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    lines.Enqueue(string.Join(" ", values.Select(value => $"{value.Key}={value.Value}")));
                }
            }
        }
    }
}
