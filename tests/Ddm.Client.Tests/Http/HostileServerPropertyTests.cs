using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Ddm.Client.Authentication;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// A server on a raw loopback socket answers each request of the client with a generated answer: any status (1xx
/// before it, redirects, throttling with every form of <c>Retry-After</c>), any headers (a wrong content coding or
/// charset, a header larger than the client takes), any framing (a wrong <c>Content-Length</c>, chunks that are not
/// chunks, a connection closed or stalled mid-body) and any body (pages true or lying about their offset and total,
/// pages of the wrong shape, error bodies of both of DDM's shapes and others, text that echoes the credential). Every
/// call ends, with a value or an exception README names, whose message says what went wrong without the credential
/// or more than a bounded part of the body; a listing gives no item twice and asks a bounded number of pages.
/// </summary>
/// <remarks>
/// The cases are drawn from a fixed seed, so every run checks the same ones; a failure names its case. <c>CsCheck_Iter</c>
/// runs that many cases from new seeds instead, to look further, and reports the smallest failing case CsCheck finds
/// and the seed that replays it (<c>CsCheck_Seed</c>, with <c>CsCheck_Iter</c>).
/// </remarks>
public sealed class HostileServerPropertyTests
{
    private const string Token = "MIIT0k3n/SECRET+tok3n-0123456789abcdef";
    private const string AccessKey = "HSTAKIDEXAMPLE0123";
    private const string SecretKey = "SK/SECRET+sk-0123456789abcdefABCDEF";
    private const string SecurityToken = "STS/SECRET+sts-0123456789abcdef";

    /// <summary>The client's bound on each try; far below <see cref="HangGuard"/>.</summary>
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Guards against hangs only; nothing is asserted about speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public enum Operation { Page, PageSync, Protocol, ProtocolNoThrow, Listing, ListingSync, RawPages, Intervals, IntervalsListing }

    public enum Framing { Length, Chunked, CloseDelimited, LengthTooLong, LengthTooShort, ChunkedGarbage, LengthGarbage }

    public enum Ending { Whole, CutAndClose, CutAndStall, CloseAtOnce, StallBeforeHeaders, CutInHeaders }

    public enum Body
    {
        Page, RepeatLast, IgnoreOffset, MoreThanAsked, WrongTypes, MissingRequired, UnknownEnums, HugeNumbers, DeepNesting,
        Truncated, NotJson, Empty, ByteOrderMark, Utf16, Latin1, OtherJson, Html, DdmError, GatewayError, Problem, HugeError, ControlCharacters,
    }

    /// <summary>One answer of the server.</summary>
    /// <param name="Status">The status; -1 for a status line that is not one.</param>
    /// <param name="Informational">0, or a 100 (1) or 103 (2) sent before the answer.</param>
    /// <param name="Total">How a page's total relates to the items held: true, too high, too low, absent, of another type, or drawn anew each time.</param>
    /// <param name="Variant">Picks among the forms of the body.</param>
    /// <param name="ContentType">Which Content-Type goes with the body.</param>
    /// <param name="RetryAfter">Which Retry-After, if any.</param>
    /// <param name="Coding">Which Content-Encoding, and whether the body is in it.</param>
    /// <param name="Echo">Whether, and how, the body or X-Request-Id repeats a credential header of the request.</param>
    /// <param name="Cut">Where a cut ends the body, in hundredths of its length.</param>
    public sealed record Answer(int Status, int Informational, Body Body, int Total, int Variant, int ContentType, int RetryAfter, int Coding, int Echo, bool HugeHeader, Framing Framing, Ending Ending, int Cut);

    /// <param name="Items">How many items the server holds.</param>
    /// <param name="Retries">-1 for the client's default retry policy, else a policy of that many retries without waits.</param>
    /// <param name="Answers">The answer to each request in turn; the last one answers every further request.</param>
    public sealed record Exchange(Operation Operation, bool AccessKeySigning, int? Offset, int? Limit, int Items, int Retries, Answer[] Answers)
    {
        public override string ToString() =>
            $"{Operation} {(AccessKeySigning ? "AK/SK" : "token")} offset={Offset?.ToString(CultureInfo.InvariantCulture) ?? "-"} limit={Limit?.ToString(CultureInfo.InvariantCulture) ?? "-"} items={Items} retries={Retries}: "
            + string.Join(" | ", Answers.Select(answer => answer.ToString()));
    }

    private static readonly int[] Statuses = [200, 200, 200, 200, 200, 200, 201, 204, 206, 301, 302, 304, 307, 308, 400, 401, 403, 404, 408, 418, 429, 429, 500, 502, 503, 503, 504, 599, 999, -1];

    private static readonly Gen<Answer> Answers = Gen.Select(
        Gen.Select(Gen.Int[0, Statuses.Length - 1].Select(index => Statuses[index]), Gen.Frequency((8, Gen.Const(0)), (1, Gen.Int[1, 2])), Gen.Frequency((10, Gen.Const(Body.Page)), (6, Gen.Enum<Body>()))),
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 7], Gen.Int[0, 9], Gen.Int[0, 12]),
        Gen.Select(Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[1, 7])), Gen.Frequency((5, Gen.Const(0)), (1, Gen.Int[1, 5])), Gen.Frequency((12, Gen.Const(false)), (1, Gen.Const(true)))),
        Gen.Select(Gen.Frequency((6, Gen.Const(Framing.Length)), (3, Gen.Enum<Framing>())), Gen.Frequency((10, Gen.Const(Ending.Whole)), (3, Gen.Enum<Ending>())), Gen.Int[0, 99]),
        (head, body, headers, wire) => new Answer(head.Item1, head.Item2, head.Item3, body.Item1, body.Item2, body.Item3, body.Item4, headers.Item1, headers.Item2, headers.Item3, wire.Item1, wire.Item2, wire.Item3));

    /// <summary>Pages, true or not about their offset and total, repeated or longer than asked, gzip or not.</summary>
    private static readonly Gen<Answer> PageAnswers = Gen.Select(
        Gen.Frequency((6, Gen.Const(Body.Page)), (1, Gen.Const(Body.RepeatLast)), (1, Gen.Const(Body.IgnoreOffset)), (1, Gen.Const(Body.MoreThanAsked))),
        Gen.Int[0, 5],
        Gen.Int[0, 12],
        Gen.Frequency((3, Gen.Const(0)), (1, Gen.Const(1))),
        (body, total, variant, coding) => new Answer(200, 0, body, total, variant, 0, 0, coding, 0, false, Framing.Length, Ending.Whole, 0));

    /// <summary>A listing's answers: mostly pages, with hostile answers between them, and a page to end on.</summary>
    private static readonly Gen<Answer[]> ListingAnswers = Gen.Select(
        Gen.Frequency((3, PageAnswers), (1, Answers)).Array[1, 10],
        Gen.Select(Gen.Const(Body.Page), Gen.Int[0, 5], Gen.Int[0, 12], (body, total, variant) => new Answer(200, 0, body, total, variant, 0, 0, 0, 0, false, Framing.Length, Ending.Whole, 0)),
        (answers, last) => answers.Append(last).ToArray());

    private static readonly Gen<Exchange> Cases = Gen.Select(
        Gen.Enum<Operation>(),
        Gen.Bool,
        Gen.Select(Gen.Frequency((1, Gen.Const((int?)null)), (3, Gen.Int[0, 4].Select(offset => (int?)offset))), Gen.Frequency((1, Gen.Const((int?)null)), (3, Gen.Int[1, 5].Select(limit => (int?)limit)))),
        Gen.Int[0, 12],
        Gen.Frequency((1, Gen.Const(-1)), (6, Gen.Int[0, 2])),
        Gen.Frequency((2, Answers.Array[1, 4]), (1, ListingAnswers)),
        (operation, signing, paging, items, retries, answers) => new Exchange(operation, signing, paging.Item1, paging.Item2, items, retries, answers));

    [Fact]
    public async Task Every_call_ends_with_a_value_or_a_documented_exception_whatever_the_server_answers()
    {
        await using var server = await HostileServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        if (Environment.GetEnvironmentVariable("CsCheck_Iter") is not null)
        {
            // Looking further: cases from new seeds, each shrunk on its own when it fails.
            await Cases.SampleAsync(async exchange => await Check(server, http, exchange), iter: -1, threads: 2, print: exchange => exchange.ToString());
            return;
        }

        // The same 250 cases every run: drawn as one sample from a fixed seed (a seed fixes a sample's first draw
        // only), run two at a time; a failure names its case.
        await Cases.Array[250].SampleAsync(
            async exchanges => await Parallel.ForEachAsync(exchanges, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (exchange, _) =>
            {
                try
                {
                    await Check(server, http, exchange);
                }
                catch (Exception failure)
                {
                    throw new InvalidOperationException("Case " + exchange + ": " + failure.Message, failure);
                }
            }),
            seed: Environment.GetEnvironmentVariable("CsCheck_Seed") ?? "1D2C3B4A5F6E7D8C9",
            iter: 1,
            threads: 1,
            print: exchanges => exchanges.Length + " cases");
    }

    private static int s_projects;

    private static Answer Plain(int status, Body body, Framing framing = Framing.Length) =>
        new(status, 0, body, 0, 0, 0, 0, 0, 0, false, framing, Ending.Whole, 0);

    private static async Task<Exception?> RunAsync(Exchange exchange)
    {
        await using var server = await HostileServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        // A case without stalls: a timeout as long as the default, so that no try runs out of time on a busy machine.
        return await Check(server, http, exchange, TimeSpan.FromSeconds(100));
    }

    [Theory]
    [InlineData(503, 4)]
    [InlineData(429, 4)]
    public async Task A_throttling_answer_whose_body_cannot_be_decoded_still_says_when_to_send_again(int status, int coding)
    {
        // Regression: a 503 or 429 with Retry-After: 3600 whose body is not in the coding it names (or in one the
        // client does not decode) said only that, not when the service asked for the request again.
        var thrown = await RunAsync(new Exchange(Operation.Page, false, null, null, 1, 0, [Plain(status, Body.DdmError) with { RetryAfter = 3, Coding = coding }]));

        var exception = Assert.IsType<DdmApiException>(thrown);
        Assert.Contains("Content-Encoding", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("The service asked for the request to be sent again after 3600 s (Retry-After).", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, 0)]
    [InlineData(200, 1)]
    [InlineData(404, 0)]
    public async Task A_chunked_body_whose_trailer_is_no_header_fails_as_the_network_failure_it_is(int status, int retries)
    {
        // Regression: a line after the last chunk that is no header ("0\r\nbroken\r\n") failed with the runtime's
        // HttpRequestException as it came, which README does not name and the retry policy does not retry: the body
        // broke off midway, an IOException, retried as one.
        var thrown = await RunAsync(new Exchange(Operation.Page, false, null, null, 1, retries, [Plain(status, Body.Empty, Framing.ChunkedGarbage)]));

        var tries = retries == 0 ? [thrown!] : Assert.IsType<AggregateException>(thrown).InnerExceptions.ToArray();
        Assert.Equal(retries + 1, tries.Length);
        Assert.All(tries, failure => Assert.IsAssignableFrom<IOException>(failure));
    }

    /// <summary>Runs <paramref name="exchange"/>, checks what README promises of it, and returns what the call threw.</summary>
    private static async Task<Exception?> Check(HostileServer server, HttpClient http, Exchange exchange, TimeSpan? networkTimeout = null)
    {
        var projectId = "fz" + Interlocked.Increment(ref s_projects).ToString(CultureInfo.InvariantCulture);
        var scenario = server.Open(projectId, exchange);
        try
        {
            var options = new DdmClientOptions
            {
                Endpoint = server.BaseAddress,
                ProjectId = projectId,
                Credential = exchange.AccessKeySigning ? new DdmAccessKeyCredential(AccessKey, SecretKey, SecurityToken, projectId) : DdmCredential.FromToken(Token),
                NetworkTimeout = networkTimeout ?? NetworkTimeout,
                MaxResponseSize = 256 * 1024,
            };
            if (exchange.Retries >= 0)
            {
                options.RetryPolicy = new NoWaitRetryPolicy(exchange.Retries);
            }

            var client = new DdmClient(http, options);
            var yielded = new List<string>();
            var call = Task.Run(() => Call(client, exchange, yielded));
            var ended = await Task.WhenAny(call, Task.Delay(HangGuard));
            Assert.True(ended == call, $"The call did not end within {HangGuard.TotalSeconds} s ({scenario.Requests} requests).");

            // Awaited, not read from the task: a cancellation leaves a task without an exception.
            Exception? thrown = null;
            try
            {
                await call;
            }
            catch (Exception exception)
            {
                thrown = exception;
            }


            if (thrown is not null)
            {
                CheckException(thrown, exchange);
                CheckListingEnd(thrown, exchange, yielded.Count > 0);
                if (thrown is DdmApiException { Status: > 0 } api && scenario.Last is { } last && last.Status == api.Status)
                {
                    // The answer the call ended with: a 429 or 503 says when to send it again; another status does not.
                    if (api.Status is 429 or 503 && last.RetryAfter == 3)
                    {
                        Assert.True(api.Message.Contains("after 3600 s (Retry-After)", StringComparison.Ordinal), $"A {api.Status} asking for an hour's wait does not say so: {api.Message}");
                    }
                    else if (api.Status is not (429 or 503))
                    {
                        Assert.True(!api.Message.Contains("Retry-After", StringComparison.Ordinal), $"A {api.Status} names Retry-After: {api.Message}");
                    }
                }
            }

            // A listing takes each item once (unless the server itself moved items under it, which README leaves
            // unseen) and asks a bounded number of pages.
            if (!scenario.Moved)
            {
                var twice = yielded.GroupBy(id => id).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
                Assert.True(twice.Count == 0, $"Items yielded twice: {string.Join(", ", twice)} of {string.Join(", ", yielded)}.");
            }

            var tries = exchange.Retries < 0 ? 4 : exchange.Retries + 1;
            var bound = tries * (2 * (exchange.Items + 2) + exchange.Answers.Length);
            Assert.True(scenario.Requests <= bound, $"{scenario.Requests} requests for a listing of {exchange.Items} items (bound {bound}).");
            return thrown;
        }
        finally
        {
            server.Close(projectId);
        }
    }

    private static async Task Call(DdmClient client, Exchange exchange, List<string> yielded)
    {
        const string instance = "inst-1";
        switch (exchange.Operation)
        {
            case Operation.Page:
                _ = (await client.ListBackupsAsync(exchange.Offset, exchange.Limit)).Value.Backups.Count;
                break;
            case Operation.PageSync:
                _ = client.ListBackups(exchange.Offset, exchange.Limit).Value.Backups.Count;
                break;
            case Operation.Protocol:
                _ = (await client.ListBackupsAsync(exchange.Offset, exchange.Limit, new RequestOptions())).GetRawResponse().Content;
                break;
            case Operation.ProtocolNoThrow:
                _ = (await client.ListBackupsAsync(exchange.Offset, exchange.Limit, new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow })).GetRawResponse().Content;
                break;
            case Operation.Listing:
                await foreach (var backup in client.ListBackupsAutoPagingAsync(exchange.Offset, exchange.Limit))
                {
                    yielded.Add(backup.Id);
                }

                break;
            case Operation.ListingSync:
                foreach (var backup in client.ListBackupsAutoPaging(exchange.Offset, exchange.Limit))
                {
                    yielded.Add(backup.Id);
                }

                break;
            case Operation.RawPages:
                var pages = client.ListBackupsAutoPagingAsync(exchange.Offset, exchange.Limit);
                await foreach (var page in pages.GetRawPagesAsync())
                {
                    yielded.AddRange(((DdmPage<ListBackupsResponse, BackupInfo>)page).Items.Select(backup => backup.Id));
                    _ = pages.GetContinuationToken(page);
                }

                break;
            case Operation.Intervals:
                _ = (await client.ListRestorableTimeIntervalsAsync(instance, exchange.Offset, exchange.Limit)).Value.RestorableTimeIntervals.Count;
                break;
            case Operation.IntervalsListing:
                await foreach (var interval in client.ListRestorableTimeIntervalsAutoPagingAsync(instance, exchange.Offset, exchange.Limit))
                {
                    yielded.Add(interval.StartTime.ToString("O", CultureInfo.InvariantCulture));
                }

                break;
        }
    }

    private static readonly string[] Secrets = [Token, SecretKey, SecurityToken];

    /// <summary>
    /// A listing that ends in an exception after a page came carries where to go on from; one whose first page failed,
    /// or that the client stopped itself, carries nothing.
    /// </summary>
    private static void CheckListingEnd(Exception thrown, Exchange exchange, bool afterAPage)
    {
        if (exchange.Operation is not (Operation.Listing or Operation.ListingSync or Operation.RawPages or Operation.IntervalsListing))
        {
            return;
        }

        var carries = thrown.Data.Contains(DdmApiException.PageOffsetKey);
        if (afterAPage && thrown is not InvalidOperationException)
        {
            Assert.True(carries && thrown.Data[DdmApiException.PageOffsetKey] is long && thrown.Data[DdmApiException.ContinuationTokenKey] is ContinuationToken, $"A listing ended after a page without where to go on: {thrown}");
            if (thrown is DdmApiException api)
            {
                Assert.True(api.PageOffset == (long)thrown.Data[DdmApiException.PageOffsetKey]!, $"PageOffset {api.PageOffset}: {api}");
                Assert.True(api.Message.EndsWith($"The listing stopped at the page at offset {api.PageOffset}.", StringComparison.Ordinal), $"The message does not say where the listing stopped: {api.Message}");
            }
        }
        else if (!afterAPage || thrown is InvalidOperationException)
        {
            Assert.True(!carries && !thrown.Data.Contains(DdmApiException.ContinuationTokenKey), $"A listing whose first page failed, or that the client stopped, carries a place to go on from: {thrown}");
        }
    }

    private static void CheckException(Exception exception, Exchange exchange)
    {
        switch (exception)
        {
            case DdmApiException api:
                CheckMessage(api.Message, exception);
                var operation = exchange.Operation is Operation.Intervals or Operation.IntervalsListing ? "listRestorableTimeIntervals" : "listBackups";
                Assert.True(api.OperationId == operation, $"OperationId {api.OperationId} for {operation}: {api}");
                Assert.True(api.Message.Contains(operation, StringComparison.Ordinal), $"The message does not name the operation: {api.Message}");
                Assert.True(api.ResponseBody is null || api.ResponseBody.Length <= DdmApiException.MaxBodyKept, $"ResponseBody of {api.ResponseBody?.Length} characters.");
                foreach (var text in new[] { api.ErrorCode, api.ErrorMessage, api.RequestId, api.ResponseBody })
                {
                    NoSecret(text, "a property", exception);
                }

                break;
            case ClientResultException result:
                CheckMessage(result.Message, exception);
                break;
            case AggregateException aggregate:
                CheckMessage(aggregate.Message, exception);
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Assert.True(inner is ClientResultException or IOException or OperationCanceledException, $"A try ended in {inner.GetType()}, which README does not name: {aggregate}");
                    CheckException(inner, exchange);
                }

                break;
            case OperationCanceledException cancelled:
                CheckMessage(cancelled.Message, exception);
                Assert.True(cancelled.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase), $"A cancellation nobody asked for that names no timeout: {cancelled}");
                break;
            case IOException io:
                CheckMessage(io.Message, exception);
                break;
            case InvalidOperationException refused when refused.Message.Contains("stopping instead of", StringComparison.Ordinal):
                CheckMessage(refused.Message, exception);
                break;
            default:
                Assert.Fail($"{exception.GetType()}, which README does not name: {exception}");
                break;
        }
    }

    private static void CheckMessage(string message, Exception exception)
    {
        Assert.True(!string.IsNullOrWhiteSpace(message), $"An empty message: {exception}");
        NoSecret(message, "the message", exception);
        if (message.Length > 3000)
        {
            Assert.Fail($"A message of {message.Length} characters: {message[..400]}...");
        }
    }

    private static void NoSecret(string? text, string where, Exception exception)
    {
        foreach (var secret in Secrets)
        {
            Assert.True(text is null || !text.Contains(secret, StringComparison.Ordinal), $"{where} holds the credential {secret}: {text}\n{exception}");
        }
    }

    /// <summary>Retries as the base policy decides, without waiting between tries.</summary>
    private sealed class NoWaitRetryPolicy(int retries) : ClientRetryPolicy(retries)
    {
        protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount) => TimeSpan.FromMilliseconds(1);
    }

    /// <summary>The server's side of one case: which answer comes next, and the page it sent last.</summary>
    private sealed class Scenario(Exchange exchange)
    {
        private int _requests;

        public Exchange Exchange { get; } = exchange;

        public int Requests => Volatile.Read(ref _requests);

        public CancellationTokenSource Done { get; } = new();

        public string? LastPage { get; set; }

        public (int Start, int Count)? LastRange { get; set; }

        /// <summary>Whether a page held items other than those at the offset asked for, or than the page before.</summary>
        public bool Moved { get; set; }

        /// <summary>The answer to the latest request.</summary>
        public Answer? Last { get; private set; }

        public Answer Next() => Last = Exchange.Answers[Math.Min(Interlocked.Increment(ref _requests) - 1, Exchange.Answers.Length - 1)];
    }

    private sealed class HostileServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<string, Scenario> _scenarios = new();
        private readonly Task _accepting;

        private HostileServer(TcpListener listener)
        {
            _listener = listener;
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
            _accepting = AcceptAsync();
        }

        public Uri BaseAddress { get; }

        public static Task<HostileServer> StartAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(128);
            return Task.FromResult(new HostileServer(listener));
        }

        public Scenario Open(string projectId, Exchange exchange) => _scenarios[projectId] = new Scenario(exchange);

        public void Close(string projectId)
        {
            if (_scenarios.TryRemove(projectId, out var scenario))
            {
                scenario.Done.Cancel();
            }
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
                var head = await ReadHeadAsync(stream);
                if (head is null)
                {
                    return;
                }

                var lines = head.Split("\r\n");
                var target = lines[0].Split(' ')[1];
                var path = target.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (path.Length < 2 || !_scenarios.TryGetValue(path[1], out var scenario))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                    return;
                }

                var query = target.Contains('?', StringComparison.Ordinal)
                    ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(pair => pair.Split('=')).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1])
                    : [];
                var offset = query.TryGetValue("offset", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : 0;
                var limit = query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 10;
                var credentials = lines.Skip(1).Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2)
                    .Where(pair => pair[0].Trim().ToLowerInvariant() is "x-auth-token" or "authorization" or "x-security-token")
                    .Select(pair => pair[1].Trim()).ToList();
                var answer = scenario.Next();
                var intervals = path.Contains("restorable-time-interval");
                await WriteAnswerAsync(stream, scenario, answer, offset, limit, intervals, credentials);
            }
            catch (Exception)
            {
                // The client hung up or the case ended: nothing to answer.
            }
        }

        private static async Task<string?> ReadHeadAsync(NetworkStream stream)
        {
            var buffer = new byte[16 * 1024];
            var read = 0;
            while (read < buffer.Length)
            {
                var count = await stream.ReadAsync(buffer.AsMemory(read));
                if (count == 0)
                {
                    return null;
                }

                read += count;
                var text = Encoding.Latin1.GetString(buffer, 0, read);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    return text[..end];
                }
            }

            return null;
        }

        private static async Task WriteAnswerAsync(NetworkStream stream, Scenario scenario, Answer answer, int offset, int limit, bool intervals, List<string> credentials)
        {
            var echoed = credentials.Count == 0 ? "" : credentials[answer.Echo % credentials.Count];
            var echo = answer.Echo switch
            {
                1 => echoed,
                2 => echoed.Replace("/", "\\/", StringComparison.Ordinal),
                3 => echoed.Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\u002f", StringComparison.Ordinal),
                _ => "",
            };
            var (text, bytes) = BodyOf(scenario, answer, offset, limit, intervals, echo);
            var body = bytes ?? Encoding.UTF8.GetBytes(text);
            var (coding, encoded) = Coded(answer.Coding, body);

            var informational = new StringBuilder();
            for (var i = 0; i < answer.Informational; i++)
            {
                informational.Append(i == 0 ? "HTTP/1.1 100 Continue\r\n\r\n" : "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(informational.ToString()));
            var head = new StringBuilder();

            head.Append(answer.Status < 0 ? "HTTP/1.1 2x0 Fine\r\n" : $"HTTP/1.1 {answer.Status.ToString(CultureInfo.InvariantCulture)} Answer\r\n");
            head.Append("Connection: close\r\n");
            var contentType = answer.ContentType switch
            {
                0 => "application/json",
                1 => "application/json; charset=utf-8",
                2 => answer.Body == Body.Utf16 ? (answer.Variant % 3 == 2 ? "application/json; charset=utf-32" : "application/json; charset=utf-16") : "text/html; charset=utf-8",
                3 => null,
                4 => "application/problem+json",
                _ => "text/plain; charset=iso-8859-1",
            };
            if (contentType is not null)
            {
                head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            }

            var retryAfter = answer.RetryAfter switch
            {
                1 => "0",
                2 => "1",
                3 => "3600",
                4 => "-5",
                5 => "99999999999999999999",
                6 => DateTimeOffset.UtcNow.AddHours(1).ToString("R", CultureInfo.InvariantCulture),
                7 => DateTimeOffset.UtcNow.AddHours(-1).ToString("R", CultureInfo.InvariantCulture),
                8 => "soon, please",
                9 => "5, 7",
                _ => null,
            };
            if (retryAfter is not null)
            {
                head.Append("Retry-After: ").Append(retryAfter).Append("\r\n");
            }

            if (answer.Echo == 4 && echoed.Length > 0)
            {
                head.Append("X-Request-Id: ").Append(echoed).Append("\r\n");
            }
            else if (answer.Echo == 5)
            {
                head.Append("X-Request-Id: req-").Append(scenario.Requests.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }

            if (coding is not null)
            {
                head.Append("Content-Encoding: ").Append(coding).Append("\r\n");
            }

            if (answer.HugeHeader)
            {
                // Over the 64 KiB of headers HttpClient takes, or a request id under it but far longer than a message.
                head.Append(answer.Variant % 2 == 0 ? "X-Padding: " : "X-Request-Id: ").Append('p', answer.Variant % 2 == 0 ? 100_000 : 20_000).Append("\r\n");
            }

            if (answer.Status is >= 300 and < 400 && answer.Variant % 2 == 0)
            {
                head.Append("Location: http://elsewhere.example/v3/collect?x=1\r\n");
            }

            byte[] framed;
            switch (answer.Framing)
            {
                case Framing.Chunked:
                case Framing.ChunkedGarbage:
                    head.Append("Transfer-Encoding: chunked\r\n");
                    framed = Chunked(encoded, answer.Framing == Framing.ChunkedGarbage);
                    break;
                case Framing.CloseDelimited:
                    framed = encoded;
                    break;
                case Framing.LengthTooLong:
                    head.Append("Content-Length: ").Append((encoded.Length + 10).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
                    framed = encoded;
                    break;
                case Framing.LengthGarbage:
                    head.Append((answer.Variant % 4) switch
                    {
                        0 => "Content-Length: 99999999999999999999\r\n",
                        1 => "Content-Length: -1\r\n",
                        2 => $"Content-Length: {encoded.Length}\r\nContent-Length: {encoded.Length + 1}\r\n",
                        _ => $"Content-Length: {encoded.Length}\r\nTransfer-Encoding: chunked\r\n",
                    });
                    framed = answer.Variant % 4 == 3 ? Chunked(encoded, garbage: false) : encoded;
                    break;
                case Framing.LengthTooShort:
                    head.Append("Content-Length: ").Append(Math.Max(0, encoded.Length - 5).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
                    framed = encoded;
                    break;
                default:
                    head.Append("Content-Length: ").Append(encoded.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
                    framed = encoded;
                    break;
            }

            head.Append("\r\n");
            var headBytes = Encoding.Latin1.GetBytes(head.ToString());
            switch (answer.Ending)
            {
                case Ending.CloseAtOnce:
                    return;
                case Ending.StallBeforeHeaders:
                    await Stall(scenario);
                    return;
                case Ending.CutInHeaders:
                    await stream.WriteAsync(headBytes.AsMemory(0, headBytes.Length * answer.Cut / 100));
                    await stream.FlushAsync();
                    return;
                case Ending.CutAndClose:
                case Ending.CutAndStall:
                    await stream.WriteAsync(headBytes);
                    await stream.WriteAsync(framed.AsMemory(0, framed.Length * answer.Cut / 100));
                    await stream.FlushAsync();
                    if (answer.Ending == Ending.CutAndStall)
                    {
                        await Stall(scenario);
                    }

                    return;
                default:
                    await stream.WriteAsync(headBytes);
                    await stream.WriteAsync(framed);
                    await stream.FlushAsync();
                    return;
            }
        }

        private static async Task Stall(Scenario scenario)
        {
            try
            {
                await Task.Delay(HangGuard + HangGuard, scenario.Done.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        private static byte[] Chunked(byte[] body, bool garbage)
        {
            using var output = new MemoryStream();
            for (var at = 0; at < body.Length; at += 7)
            {
                var count = Math.Min(7, body.Length - at);
                output.Write(Encoding.ASCII.GetBytes(garbage && at == 0 ? "zz\r\n" : count.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
                output.Write(body, at, count);
                output.Write("\r\n"u8);
            }

            output.Write(garbage ? "0\r\nbroken\r\n"u8 : "0\r\n\r\n"u8);
            return output.ToArray();
        }

        private static (string? Coding, byte[] Body) Coded(int coding, byte[] body) => coding switch
        {
            1 => ("gzip", Compress(body, stream => new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))),
            2 => ("deflate", Compress(body, stream => new ZLibStream(stream, CompressionLevel.Fastest, leaveOpen: true))),
            3 => ("br", Compress(body, stream => new BrotliStream(stream, CompressionLevel.Fastest, leaveOpen: true))),
            4 => ("gzip", body),
            5 => ("compress", body),
            6 => ("gzip, br", Compress(Compress(body, stream => new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true)), stream => new BrotliStream(stream, CompressionLevel.Fastest, leaveOpen: true))),
            7 => ("identity", body),
            _ => (null, body),
        };

        private static byte[] Compress(byte[] body, Func<Stream, Stream> coder)
        {
            using var output = new MemoryStream();
            using (var coding = coder(output))
            {
                coding.Write(body);
            }

            return output.ToArray();
        }

        private static string Item(bool intervals, int position) => intervals
            ? $"{{\"start_time\":\"{new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(position):yyyy-MM-dd'T'HH:mm:ss}+0000\",\"end_time\":\"2025-12-31T00:00:00+0000\"}}"
            : $"{{\"id\":\"b{position:D3}\",\"name\":\"backup {position}\",\"status\":\"normal\",\"instance_id\":\"i1\",\"instance_status\":\"RUNNING\",\"file_size\":5.419922,\"created\":\"2025-02-19T02:50:20+0000\",\"updated\":\"2025-02-19T02:50:37+0000\",\"backup_type\":\"auto_metadata\"}}";

        private static string PageOf(Scenario scenario, Answer answer, int start, int count, int offset, int limit, bool intervals)
        {
            var held = scenario.Exchange.Items;
            count = Math.Max(0, Math.Min(count, held - start));
            var items = string.Join(",", Enumerable.Range(start, count).Select(position => Item(intervals, position)));
            var total = answer.Total switch
            {
                0 => $",\"total\":{held}",
                1 => $",\"total\":{held + 1 + (answer.Variant % 3)}",
                2 => $",\"total\":{Math.Max(0, held - 1 - (answer.Variant % 3))}",
                3 => "",
                4 => $",\"total\":\"{held}\"",
                _ => $",\"total\":{Math.Max(0, held - 3 + (scenario.Requests * 5 % 7))}",
            };
            var range = (start, count);
            if (count > 0 && start != offset && scenario.LastRange != range)
            {
                scenario.Moved = true;
            }

            scenario.LastRange = range;
            return $"{{\"{(intervals ? "restorable_time_intervals" : "backups")}\":[{items}],\"offset\":{offset},\"limit\":{limit}{total}}}";
        }

        private static (string Text, byte[]? Bytes) BodyOf(Scenario scenario, Answer answer, int offset, int limit, bool intervals, string echo)
        {
            var v = answer.Variant;
            var before = scenario.LastRange;
            var page = PageOf(scenario, answer, offset, limit, offset, limit, intervals);
            string text;
            switch (answer.Body)
            {
                case Body.Page:
                    text = page;
                    break;
                case Body.RepeatLast:
                    text = scenario.LastPage ?? page;
                    // The same page again: not a move of the list, as the client tells a repeated page.
                    scenario.LastRange = before;

                    break;
                case Body.IgnoreOffset:
                    text = PageOf(scenario, answer, 0, limit, offset, limit, intervals);
                    break;
                case Body.MoreThanAsked:
                    text = PageOf(scenario, answer, offset, limit + 1 + (v % 3), offset, limit, intervals);
                    break;
                case Body.WrongTypes:
                    text = (v % 6) switch
                    {
                        0 => "{\"backups\":{},\"restorable_time_intervals\":{},\"offset\":0,\"limit\":1,\"total\":1}",
                        1 => "{\"backups\":[5],\"restorable_time_intervals\":[5],\"offset\":0,\"limit\":1,\"total\":1}",
                        2 => "{\"backups\":[{\"id\":7,\"status\":\"normal\",\"instance_id\":\"i\",\"created\":\"2025-02-19T02:50:20+0000\"}],\"restorable_time_intervals\":[{\"start_time\":7,\"end_time\":true}],\"offset\":0,\"limit\":1,\"total\":1}",
                        3 => "{\"backups\":[],\"restorable_time_intervals\":[],\"offset\":\"zero\",\"limit\":[],\"total\":{}}",
                        4 => "{\"backups\":[{\"id\":\"x\",\"status\":\"normal\",\"instance_id\":\"i\",\"created\":\"yesterday\"}],\"restorable_time_intervals\":[{\"start_time\":\"2025-13-45T99:00:00+0000\",\"end_time\":\"\"}],\"offset\":0,\"limit\":1,\"total\":1}",
                        _ => "{\"backups\":[{\"id\":\"x\",\"status\":null,\"instance_id\":null,\"created\":null,\"file_size\":\"big\"}],\"restorable_time_intervals\":[null],\"offset\":0,\"limit\":1,\"total\":1}",
                    };
                    break;
                case Body.MissingRequired:
                    text = (v % 3) switch
                    {
                        0 => "{\"offset\":0,\"limit\":1,\"total\":1}",
                        1 => "{\"backups\":[{\"name\":\"n\"}],\"restorable_time_intervals\":[{}],\"offset\":0,\"limit\":1,\"total\":1}",
                        _ => page.Replace("\"offset\"", "\"offs\"", StringComparison.Ordinal),
                    };
                    break;
                case Body.UnknownEnums:
                    text = page.Replace("\"normal\"", "\"frozen\"", StringComparison.Ordinal).Replace("\"auto_metadata\"", "\"weekly\"", StringComparison.Ordinal).Replace("\"RUNNING\"", "\"\"", StringComparison.Ordinal);
                    break;
                case Body.HugeNumbers:
                    text = (v % 5) switch
                    {
                        0 => page.Replace("\"limit\":", "\"limit\":99999999999999999999", StringComparison.Ordinal).Replace("99999999999999999999" + limit, "99999999999999999999", StringComparison.Ordinal),
                        1 => page.Replace("5.419922", "1e400", StringComparison.Ordinal),
                        2 => page.Replace("\"offset\":" + offset, "\"offset\":-2147483649", StringComparison.Ordinal),
                        3 => page.Replace("\"limit\":" + limit, "\"limit\":1" + new string('0', 400), StringComparison.Ordinal),
                        _ => page.EndsWith('}') ? page[..^1] + ",\"total\":2147483648}" : page,
                    };
                    break;
                case Body.DeepNesting:
                    var depth = v % 2 == 0 ? 70 : 5000;
                    text = page[..^1] + ",\"extra\":" + new string('[', depth) + new string(']', depth) + "}";
                    break;
                case Body.Truncated:
                    text = page[..(page.Length * (v + 1) / 14)];
                    break;
                case Body.NotJson:
                    text = (v % 5) switch
                    {
                        0 => "503 Service Unavailable " + echo,
                        1 => "true story",
                        2 => "<?xml version=\"1.0\"?><error>" + echo + "</error>",
                        3 => "upstream connect error " + echo,
                        _ => "{'single': 'quotes'}",
                    };
                    break;
                case Body.Empty:
                    text = "";
                    break;
                case Body.ByteOrderMark:
                    text = "\uFEFF" + page;
                    break;
                case Body.Utf16:
                    // A page, or an error that repeats the credential, in UTF-16 or UTF-32 (with the charset named or not).
                    text = v % 4 >= 2 ? $"{{\"errCode\":\"DBS.280001\",\"externalMessage\":\"Parameter error. {echo}\"}}" : page;
                    scenario.LastPage = text;
                    var wide = (v % 3) switch { 0 => Encoding.Unicode, 1 => Encoding.BigEndianUnicode, _ => (Encoding)Encoding.UTF32 };
                    return (text, wide.GetBytes(text));
                case Body.Latin1:
                    text = v % 2 == 0 ? page.Replace("backup ", "sauvegarde réussie ", StringComparison.Ordinal) : $"{{\"errCode\":\"DBS.280001\",\"externalMessage\":\"Paramètre érroné {echo}\"}}";
                    scenario.LastPage = text;
                    return (text, Encoding.Latin1.GetBytes(text));
                case Body.OtherJson:
                    text = (v % 5) switch { 0 => "null", 1 => "[]", 2 => "{}", 3 => "\"" + echo + "\"", _ => page + " " + page };
                    break;
                case Body.Html:
                    text = $"<!DOCTYPE html><html><head><title>Gateway {echo}</title><style>p{{}}</style></head><body><p>Access denied {echo}</p><script>var t='{echo}'</script></body></html>";
                    break;
                case Body.DdmError:
                    text = $"{{\"errCode\":\"DBS.280001\",\"externalMessage\":\"Parameter error. {echo}\"}}";
                    break;
                case Body.GatewayError:
                    text = $"{{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect IAM authentication information: {echo}\",\"request_id\":\"{(v % 2 == 0 ? echo : "7c4e1d9f")}\"}}";
                    break;
                case Body.Problem:
                    text = $"{{\"type\":\"about:blank\",\"title\":\"Too many {echo}\",\"detail\":{(v % 2 == 0 ? "404" : "\"slow down " + echo + "\"")}}}";
                    break;
                case Body.HugeError:
                    text = $"{{\"errCode\":\"DBS.200412\",\"externalMessage\":\"{new string('x', 300_000)}{echo}\"}}";
                    break;
                default:
                    text = $"{{\"errCode\":\"DBS.\\u0000\\r\\n2\",\"externalMessage\":\"line\\r\\nbreak\\u001b[31m {echo}\\u0000\"}}";
                    break;
            }

            scenario.LastPage = text;
            return (text, null);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            foreach (var scenario in _scenarios.Values)
            {
                await scenario.Done.CancelAsync();
            }

            try
            {
                await _accepting;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
