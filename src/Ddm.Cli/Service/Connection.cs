using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Cli.Hosting;
using Ddm.Client;
using Ddm.Client.Authentication;
using Ddm.Emulator;

namespace Ddm.Cli.Service;

/// <summary>
/// One page of a listing as the service reported it, and the offset of the page after it (<paramref name="Next"/>),
/// from which a listing stopped once this page is written goes on.
/// </summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, int Offset, int Limit, int Total, long Next);

/// <summary>
/// The only place the commands meet the DDM client: opens it for the cloud target or the built-in emulator,
/// puts the timeout and the waiting indicator around every request, and pages listings one page at a time.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    /// <summary>How many backups the built-in emulator serves.</summary>
    public const int SampleBackups = 300;

    /// <summary>The largest page the spec allows; <c>--all</c> asks for it unless <c>--limit</c> says otherwise.</summary>
    public const int MaxPageSize = 128;

    /// <summary>The most bytes of one answer ddm reads (the client's MaxResponseSize): a page of 128 backups is about 40 KB.</summary>
    public const int MaxAnswerSize = 16 * 1024 * 1024;

    /// <summary>How long one request may take when <c>--timeout</c> is not given: the client pipeline's usual network timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    /// <summary>How often, while a request is under way, stdout is asked whether its reader has gone.</summary>
    private static readonly TimeSpan ReaderCheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly DdmClient _client;
    private readonly DdmEmulator? _emulator;
    private readonly IDisposable? _credential;
    private readonly HttpClient? _httpClient;
    private readonly CliConsole _console;
    private readonly TimeSpan _timeout;
    private readonly DeadlineRetryPolicy _retries;

    private Connection(DdmClient client, DeadlineRetryPolicy retries, DdmEmulator? emulator, IDisposable? credential, CliConsole console, TimeSpan timeout, HttpClient? httpClient = null)
    {
        _httpClient = httpClient;
        _retries = retries;
        _client = client;
        _emulator = emulator;
        _credential = credential;
        _console = console;
        _timeout = timeout;
    }

    /// <summary>What the waiting indicator says during the next request, and the shorter words for a narrow terminal.</summary>
    public (string Text, string Short) Activity { get; set; } = ("waiting for the service...", "waiting...");

    /// <summary>Opens the client: the cloud when anything points at it, else the built-in emulator with a one-line note.</summary>
    public static async Task<Connection> OpenAsync(Settings settings, CliConsole console, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!settings.IsCloudConfigured)
        {
            var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = SampleBackups }, cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync("ddm: no cloud settings; the built-in emulator answers with sample data (see ddm --help).").ConfigureAwait(false);
            var options = Options(emulator.BaseAddress, emulator.Options.ProjectId, DdmCredential.FromToken(emulator.Options.Token), timeout);

            // The emulator runs in this process: a proxy of the environment (HTTP_PROXY, ALL_PROXY) could not reach it,
            // and the run would fail against sample data that needs no network. The pipeline bounds each try
            // (NetworkTimeout), so the HttpClient's own timeout is off, and redirects are not followed, as by default.
            var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
            return new Connection(new DdmClient(direct, options), (DeadlineRetryPolicy)options.RetryPolicy!, emulator, null, console, timeout, direct);
        }

        var target = settings.ResolveCloud();
        var (credential, owned) = Credential(target, timeout);
        try
        {
            var clientOptions = Options(target.Endpoint, target.ProjectId, credential, timeout);
            if (clientOptions.FindProblem() is { } problem)
            {
                throw new UsageException(problem);
            }

            var connection = new Connection(new DdmClient(clientOptions), (DeadlineRetryPolicy)clientOptions.RetryPolicy!, null, owned, console, timeout);
            if (owned is DdmPasswordCredential password)
            {
                // The token first, on its own: IAM that does not answer in time is then named, not taken for the service.
                await connection.CallAsync(token => password.GetTokenAsync(token).AsTask(), cancellationToken, $"IAM at {target.IamEndpoint}", ("waiting for IAM...", "IAM...")).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A connection to the service at <paramref name="endpoint"/> whose <c>--timeout</c> runs on <paramref name="time"/>
    /// (the pipeline's own network timeout stays on the system's clock), through a client made from the options as
    /// <paramref name="configure"/> leaves them.
    /// </summary>
    internal static Connection Open(Uri endpoint, string projectId, DdmCredential credential, CliConsole console, TimeSpan timeout, TimeProvider time, Action<DdmClientOptions> configure)
    {
        var options = Options(endpoint, projectId, credential, timeout, time);
        configure(options);
        return new Connection(new DdmClient(options), (DeadlineRetryPolicy)options.RetryPolicy!, null, null, console, timeout);
    }

    public Task<Page<BackupInfo>> ListBackupsAsync(int? offset, int? limit, CancellationToken cancellationToken) =>
        CallAsync(async token =>
        {
            var page = (await _client.ListBackupsAsync(offset, limit, token).ConfigureAwait(false)).Value;
            return new Page<BackupInfo>(page.Backups, page.Offset, page.Limit, page.Total, (long)(offset ?? 0) + page.Backups.Count);
        }, cancellationToken);

    /// <summary>Every backup from <paramref name="offset"/> on, one page at a time, the next asked for only when the caller wants it.</summary>
    public IAsyncEnumerable<Page<BackupInfo>> ListAllBackupsAsync(int? offset, int? limit, CancellationToken cancellationToken) =>
        PagesAsync(
            token => _client.ListBackupsAutoPagingAsync(offset, limit ?? MaxPageSize, token),
            (ListBackupsResponse page) => (page.Backups.Count, page.Limit, page.Total),
            cancellationToken);

    /// <summary>Every restore window of one instance, page by page.</summary>
    public IAsyncEnumerable<Page<RestoreTimeInterval>> ListRestoreWindowsAsync(string instanceId, CancellationToken cancellationToken) =>
        PagesAsync(
            token => _client.ListRestorableTimeIntervalsAutoPagingAsync(instanceId, 0, MaxPageSize, token),
            (ListRestorableTimeIntervalsResponse page) => (page.RestorableTimeIntervals.Count, page.Limit, page.Total),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _credential?.Dispose();
        _httpClient?.Dispose();
        if (_emulator is not null)
        {
            // A short graceful stop: a cancelled run must end within a second.
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await _emulator.StopAsync(stop.Token).ConfigureAwait(false);
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The pages of one of the client's listings, each request under the timeout and the indicator as any other: the
    /// client pages (repeated pages, a total that changes or proves short), and this adds what a run of ddm says of it.
    /// A service that answers the next offset with the page before ends the listing with an error; an empty page short of
    /// the total ends it with a note on stderr; a listing whose next offset an <c>int</c> cannot hold ends there, as
    /// no request can ask for it.
    /// </summary>
    /// <param name="list">Starts the listing, cancelled by the token given (Ctrl+C, the timeout, a reader that has gone).</param>
    /// <param name="shape">The items the service answered on a page, with its page size and total.</param>
    /// <param name="cancellationToken">Ctrl+C or SIGTERM.</param>
    private async IAsyncEnumerable<Page<T>> PagesAsync<TPage, T>(Func<CancellationToken, AsyncCollectionResult<T>> list, Func<TPage, (int Count, int Limit, int Total)> shape, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One source for every request of the listing, cancelled when one of them runs out of time.
        using var listing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IAsyncEnumerator<ClientResult>? pages = null;
        try
        {
            long next = 0;
            var first = true;
            while (first || next <= int.MaxValue)
            {
                bool more;
                bool? arrived = null;
                try
                {
                    // The listing is started inside the request, so that an argument the client refuses is a usage error.
                    more = await CallAsync(
                        async _ => (bool)(arrived = await (pages ??= list(listing.Token).GetRawPagesAsync().GetAsyncEnumerator(CancellationToken.None)).MoveNextAsync().ConfigureAwait(false)),
                        listing,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (ServiceTimeoutException late) when (!first && arrived is { } moved)
                {
                    // The time ran out and the answer came anyway: the timeout is ddm's own, which the client recorded no
                    // offset on, so it is given the one to go on from, of the page that came or, at the end, after the last.
                    late.Data[DdmApiException.PageOffsetKey] = moved ? ((DdmPage<TPage, T>)pages!.Current).Offset : next;
                    throw;
                }
                catch (InvalidOperationException repeated) when (!first && repeated.GetType() == typeof(InvalidOperationException))
                {
                    // The one failure of a listing besides the requests' own, with the offset past an int ruled out above.
                    throw new UnexpectedAnswerException(string.Create(CultureInfo.InvariantCulture, $"the service answered offset {next} with the page it answered before; the listing stops here."), repeated);
                }

                if (!more)
                {
                    yield break;
                }

                var page = (DdmPage<TPage, T>)pages!.Current;
                var (count, limit, total) = shape(page.Value);
                if (page.EndsShortOfTotal)
                {
                    // Items deleted meanwhile, or a service that reads the offset as a page number: the listing ends here, not
                    // without a word.
                    _console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ddm: the service answered offset {page.Offset} with an empty page although its total is {total}; the listing may be incomplete."));
                }

                next = page.Offset + count;
                yield return new Page<T>(page.Items, (int)page.Offset, limit, total, next);
                first = false;
            }
        }
        finally
        {
            if (pages is not null)
            {
                await pages.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One request with the timeout and, on a terminal, the waiting indicator.</summary>
    /// <param name="call">The request.</param>
    /// <param name="cancellationToken">Ctrl+C or SIGTERM.</param>
    /// <param name="answering">Who does not answer, when the time is up.</param>
    /// <param name="activity">What the indicator says; <see cref="Activity"/> when not given.</param>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, string answering = "the service", (string Text, string Short)? activity = null)
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return await CallAsync(call, source, cancellationToken, answering, activity).ConfigureAwait(false);
    }

    /// <summary>
    /// One request under <paramref name="source"/>, a source linked to <paramref name="cancellationToken"/> that is
    /// cancelled when the time is up or the reader has gone: a listing's requests share one. The time is up when the
    /// request has not answered by then; no timer cancels the source by itself, so an answer that comes at the last
    /// moment cannot leave it cancelled for the listing's next request. A step of a listing that sends a second request
    /// (a page asked again after the total fell) gives that one the whole timeout too, from when it is sent.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationTokenSource source, CancellationToken cancellationToken, string answering = "the service", (string Text, string Short)? activity = null)
    {
        _retries.StartRequest(_timeout);
        var (text, shortText) = activity ?? Activity;
        _console.Indicator.Start(text, shortText);
        using var waiting = new CancellationTokenSource();
        var time = _retries.Time;
        var timeUp = Task.Delay(_timeout, time, waiting.Token);
        var timedOut = false;
        var readerGone = false;
        try
        {
            var work = call(source.Token);
            while (!work.IsCompleted)
            {
                // Results for a reader that has gone (ddm ... | head, head done) could only fail to be written: the request
                // is given up as soon as that is seen, and none is begun, rather than awaited up to the timeout.
                if (_console.WatchesOutputReader && _console.OutputReaderGone())
                {
                    readerGone = true;
                    await source.CancelAsync().ConfigureAwait(false);
                    break;
                }

                await Task.WhenAny(work, timeUp, _console.WatchesOutputReader ? Task.Delay(ReaderCheckInterval, waiting.Token) : timeUp).ConfigureAwait(false);
                if (!work.IsCompleted && timeUp.IsCompleted && time.GetElapsedTime(time.GetTimestamp(), _retries.Deadline) is { Ticks: > 0 } left)
                {
                    // A request sent since the time began (a page the client asks for again) has the timeout from then.
                    timeUp = Task.Delay(left, time, waiting.Token);
                }
                else if (!work.IsCompleted && timeUp.IsCompleted)
                {
                    timedOut = true;
                    await source.CancelAsync().ConfigureAwait(false);
                    break;
                }
            }

            var result = await work.ConfigureAwait(false);
            return timedOut ? throw new ServiceTimeoutException(answering, _timeout, new OperationCanceledException(source.Token)) : result;
        }
        catch (Exception) when (readerGone && !cancellationToken.IsCancellationRequested)
        {
            throw OutputException.ReaderGoneFromStandardOutput();
        }
        catch (Exception exception) when (exception is not ServiceTimeoutException && !cancellationToken.IsCancellationRequested && (timedOut || Failures.IsTimeout(exception)))
        {
            throw new ServiceTimeoutException(answering, _timeout, exception);
        }
        catch (ArgumentException refused)
        {
            // The client refuses a value before it sends anything (a path value that is "." or "..", say): a usage error,
            // in the client's words, which name the value.
            throw new UsageException(refused.Message, refused);
        }
        finally
        {
            await waiting.CancelAsync().ConfigureAwait(false);
            _console.Indicator.Stop();
        }
    }

    /// <summary>
    /// The client's options: one try of a request is bounded by the timeout (the pipeline's NetworkTimeout), and
    /// <see cref="CallAsync{T}"/> bounds the whole request, retries included, by the same time; a wait between tries
    /// that would outlast it is not begun (<see cref="DeadlineRetryPolicy"/>).
    /// </summary>
    private static DdmClientOptions Options(Uri endpoint, string projectId, DdmCredential credential, TimeSpan timeout, TimeProvider? time = null) =>
        new() { Endpoint = endpoint, ProjectId = projectId, Credential = credential, NetworkTimeout = timeout, RetryPolicy = new DeadlineRetryPolicy(time), MaxResponseSize = MaxAnswerSize };

    private static (DdmCredential Credential, IDisposable? Owned) Credential(CloudTarget target, TimeSpan timeout)
    {
        var settings = target.Settings;
        switch (target.SignIn)
        {
            case SignIn.Token:
                return (DdmCredential.FromToken(settings.Token!), null);
            case SignIn.Password:
                var credential = new DdmPasswordCredential(new DdmPasswordCredentialOptions
                {
                    IamEndpoint = target.IamEndpoint,
                    UserName = settings.UserName!,
                    Password = settings.Password!,
                    DomainName = settings.DomainName!,
                    ProjectId = target.ProjectId,
                    Timeout = timeout,
                });
                return (credential, credential);
            default:
                return (AccessKeys.Create(settings.AccessKey!, settings.SecretKey!, settings.SecurityToken, target.ProjectId), null);
        }
    }

    /// <summary>The timeout as people say it: "30 s", "2 min".</summary>
    public static string Describe(TimeSpan timeout) =>
        timeout.TotalSeconds < 120 || timeout.TotalSeconds % 60 != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s")
            : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalMinutes:0} min");
}

/// <summary>A request got no answer within <c>--timeout</c>, from the service or from IAM.</summary>
internal sealed class ServiceTimeoutException : TimeoutException
{
    public ServiceTimeoutException(string answering, TimeSpan timeout, Exception innerException)
        : base($"{answering} did not answer within {Connection.Describe(timeout)} (--timeout).", innerException)
    {
        Timeout = timeout;
    }

    public ServiceTimeoutException()
    {
    }

    public ServiceTimeoutException(string message)
        : base(message)
    {
    }

    public ServiceTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan Timeout { get; }
}

/// <summary>The service answered in a way that cannot go on: the same page for the next offset.</summary>
internal sealed class UnexpectedAnswerException : Exception
{
    public UnexpectedAnswerException()
    {
    }

    public UnexpectedAnswerException(string message)
        : base(message)
    {
    }

    public UnexpectedAnswerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
