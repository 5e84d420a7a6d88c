using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Cli.Hosting;
using Ddm.Client;
using Ddm.Client.Authentication;
using Ddm.Emulator;

namespace Ddm.Cli.Service;

/// <summary>One page of a listing as the service reported it.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, int Offset, int Limit, int Total);

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

    public Task<Page<BackupInfo>> ListBackupsAsync(int? offset, int? limit, CancellationToken cancellationToken) =>
        CallAsync(async token =>
        {
            var page = (await _client.ListBackupsAsync(offset, limit, token).ConfigureAwait(false)).Value;
            return new Page<BackupInfo>(page.Backups, page.Offset, page.Limit, page.Total);
        }, cancellationToken);

    /// <summary>Every backup from <paramref name="offset"/> on, one page at a time, the next asked for only when the caller wants it.</summary>
    public IAsyncEnumerable<Page<BackupInfo>> ListAllBackupsAsync(int? offset, int? limit, CancellationToken cancellationToken) =>
        PagesAsync((pageOffset, token) => ListBackupsAsync(pageOffset, limit ?? MaxPageSize, token), offset ?? 0, cancellationToken);

    /// <summary>Every restore window of one instance, page by page.</summary>
    public IAsyncEnumerable<Page<RestoreTimeInterval>> ListRestoreWindowsAsync(string instanceId, CancellationToken cancellationToken) =>
        PagesAsync(
            (pageOffset, token) => CallAsync(async callToken =>
            {
                var page = (await _client.ListRestorableTimeIntervalsAsync(instanceId, pageOffset, MaxPageSize, callToken).ConfigureAwait(false)).Value;
                return new Page<RestoreTimeInterval>(page.RestorableTimeIntervals, page.Offset, page.Limit, page.Total);
            }, token),
            0,
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
    /// Pages from <paramref name="offset"/> until an empty page or the service's total. A service that answers the
    /// next offset with the page before, item for item (one that ignores <c>offset</c>), ends the listing with an error
    /// rather than repeating it for ever; an empty page short of the total ends it with a note on stderr; a page that
    /// goes past the total proves the total short, and the listing goes on until an empty page. Where the
    /// total changes between two pages, items before the offset reached went or came and the rest moved: a fallen total
    /// has the page asked for again from as many items back (less than the page before held), a grown one has the items
    /// that repeat the last of the page before left out, so that none is skipped or listed twice.
    /// </summary>
    private async IAsyncEnumerable<Page<T>> PagesAsync<T>(Func<int, CancellationToken, Task<Page<T>>> fetch, int offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The page before as the service answered it.
        Page<T>? previous = null;
        var askedAgain = false;
        while (true)
        {
            var page = await fetch(offset, cancellationToken).ConfigureAwait(false);
            var items = page.Items;
            if (askedAgain)
            {
                items = WithoutOverlap(page.Items, previous!.Items);
                askedAgain = false;
            }
            else if (previous is { Items.Count: > 0 } && page.Items.SequenceEqual(previous.Items))
            {
                throw new UnexpectedAnswerException(string.Create(CultureInfo.InvariantCulture, $"the service answered offset {offset} with the page it answered before; the listing stops here."));
            }
            else if (previous is not null && page.Total != previous.Total)
            {
                if (page.Total < previous.Total && previous.Items.Count > 1)
                {
                    // Items deleted: if they were before this offset, the ones after them moved up and as many would be
                    // skipped. This page is not listed; the next request asks again from as many items back.
                    offset -= Math.Min(previous.Total - page.Total, previous.Items.Count - 1);
                    previous = previous with { Total = page.Total };
                    askedAgain = true;
                    continue;
                }

                // Items created before this offset: the last ones listed moved down into this page.
                items = WithoutOverlap(page.Items, previous.Items);
            }

            if (page.Items.Count == 0 && offset < page.Total)
            {
                // Items deleted meanwhile, or a service that reads the offset as a page number: the listing ends here, not
                // without a word.
                _console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ddm: the service answered offset {offset} with an empty page although its total is {page.Total}; the listing may be incomplete."));
            }

            yield return ReferenceEquals(items, page.Items) ? page : page with { Items = items };
            previous = page;

            // In long: the offset after the last page of a listing that ends at int.MaxValue does not fit an int.
            var next = (long)offset + page.Items.Count;
            // A page that goes past the total proves it short, and so do the pages after it: only an empty page ends such
            // a listing, as the client's auto-paging ends it.
            if (page.Items.Count == 0 || next > int.MaxValue || next == page.Total)
            {
                yield break;
            }

            offset = (int)next;
        }
    }

    /// <summary><paramref name="items"/> without its first ones where they repeat the last of <paramref name="before"/> (the longest such run).</summary>
    private static IReadOnlyList<T> WithoutOverlap<T>(IReadOnlyList<T> items, IReadOnlyList<T> before)
    {
        for (var count = Math.Min(items.Count, before.Count); count > 0; count--)
        {
            if (items.Take(count).SequenceEqual(before.Skip(before.Count - count)))
            {
                return items.Skip(count).ToArray();
            }
        }

        return items;
    }

    /// <summary>One request with the timeout and, on a terminal, the waiting indicator.</summary>
    /// <param name="call">The request.</param>
    /// <param name="cancellationToken">Ctrl+C or SIGTERM.</param>
    /// <param name="answering">Who does not answer, when the time is up.</param>
    /// <param name="activity">What the indicator says; <see cref="Activity"/> when not given.</param>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, string answering = "the service", (string Text, string Short)? activity = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        _retries.StartRequest(_timeout);
        var (text, shortText) = activity ?? Activity;
        _console.Indicator.Start(text, shortText);
        var readerGone = false;
        try
        {
            var work = call(timeout.Token);

            // Results for a reader that has gone (ddm ... | head, head done) could only fail to be written: the request
            // is given up as soon as that is seen, and none is begun, rather than awaited up to the timeout.
            while (_console.WatchesOutputReader && !work.IsCompleted)
            {
                if (_console.OutputReaderGone())
                {
                    readerGone = true;
                    await timeout.CancelAsync().ConfigureAwait(false);
                    break;
                }

                await Task.WhenAny(work, Task.Delay(ReaderCheckInterval, CancellationToken.None)).ConfigureAwait(false);
            }

            return await work.ConfigureAwait(false);
        }
        catch (Exception) when (readerGone && !cancellationToken.IsCancellationRequested)
        {
            throw OutputException.ReaderGoneFromStandardOutput();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && (timeout.IsCancellationRequested || Failures.IsTimeout(exception)))
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
            _console.Indicator.Stop();
        }
    }

    /// <summary>
    /// The client's options: one try of a request is bounded by the timeout (the pipeline's NetworkTimeout), and
    /// <see cref="CallAsync{T}"/> bounds the whole request, retries included, by the same time; a wait between tries
    /// that would outlast it is not begun (<see cref="DeadlineRetryPolicy"/>).
    /// </summary>
    private static DdmClientOptions Options(Uri endpoint, string projectId, DdmCredential credential, TimeSpan timeout) =>
        new() { Endpoint = endpoint, ProjectId = projectId, Credential = credential, NetworkTimeout = timeout, RetryPolicy = new DeadlineRetryPolicy() };

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
