using System;
using System.Buffers;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Client.Authentication;

/// <summary>
/// Obtains IAM tokens with a user's password (<c>POST {iam}/v3/auth/tokens</c>) and keeps one until shortly before it
/// expires: its lifetime by IAM (<c>issued_at</c> to <c>expires_at</c>) counted from when it was asked for by this
/// machine's clock, which may differ from IAM's (the time passed since is the longer of what the time of day and the
/// elapsed time say, so that a clock set back keeps neither a token nor a failed login longer). Concurrent callers
/// share one request: a hundred calls at once cause one IAM request. Inside the refresh margin the current token,
/// still valid, keeps being served while one refresh runs in the background.
/// </summary>
/// <remarks>
/// <para>
/// After a failed login no other is tried for 30 seconds, twice as long after each further failure in a row, up to
/// 5 minutes, since an account locks after a few failed logins: meanwhile a still valid token keeps being served, and a
/// caller without one gets the remembered failure at once.
/// </para>
/// <para>
/// A 401 answer to a request that carried the cached token drops that token (unless it is younger than 30 seconds: a
/// new one would most likely be refused as well), so that the next request logs in again. The refused request itself is
/// sent once more, with the new token, when it has no body: by the credential itself, once, whatever the client's retry
/// policy (also with none, as under a resilience handler); it counts as none of the retries. That is why this credential
/// derives from <see cref="DdmCredential"/> rather than <see cref="DdmTokenCredential"/>, which sees only the token,
/// never the answer.
/// </para>
/// </remarks>
public sealed class DdmPasswordCredential : DdmCredential, IDisposable
{
    /// <summary>The header that carries the token, as the IamToken security scheme of the API names it.</summary>
    private const string TokenHeader = "X-Auth-Token";

    /// <summary>The largest IAM answer read, in bytes; IAM token bodies with a full catalog stay far below it.</summary>
    private const int MaxBodySize = 4 * 1024 * 1024;

    /// <summary>The most characters of an IAM error body, or of the title or text of an HTML page in its place, that a message shows.</summary>
    private const int MaxTextShown = 200;

    /// <summary>
    /// The shortest password masked also inside a word of IAM's answer: one this long is its own value wherever it stands,
    /// while a shorter one is as likely a part of IAM's own words.
    /// </summary>
    private const int MinPartLength = 8;

    /// <summary>How long an IAM token is valid at the most: a token whose answer has no <c>issued_at</c> is kept no longer.</summary>
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    /// <summary>How long after a failed login no other is tried; doubled with each further failure in a row.</summary>
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait after failed logins.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How old a token must be for a 401 to drop it: logging in again for a token just issued would most likely get one
    /// that is refused as well, one login per request if the service refused every token.
    /// </summary>
    private static readonly TimeSpan MinAgeToDrop = TimeSpan.FromSeconds(30);

    private readonly Settings _settings;
    private readonly HttpClient? _httpClient;
    private readonly Func<HttpClient>? _httpClients;
    private readonly bool _ownsHttpClient;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _gate = new();
    private readonly Uri _tokensUri;
    private volatile CachedToken? _cached;
    private Task<CachedToken>? _refreshing;
    private Failure? _failure;

    /// <summary>Creates the credential; no request is sent until a token is needed. The options are copied.</summary>
    /// <param name="options">The IAM endpoint, user, password, domain and project.</param>
    /// <param name="httpClient">Sends the IAM requests; a new one (owned and disposed by the credential, following no redirect) when null. One you pass should not follow redirects either: the request carries the password.</param>
    /// <param name="timeProvider">
    /// The clock that decides when a token is due for refresh, and that the login's <see cref="DdmPasswordCredentialOptions.Timeout"/>
    /// and a request's wait for a login run on; <see cref="TimeProvider.System"/> when null.
    /// </param>
    /// <exception cref="ArgumentException">A required option is missing, an option is out of range, or the IAM endpoint is http:// to another machine.</exception>
    public DdmPasswordCredential(DdmPasswordCredentialOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
        : this(options, httpClient, null, timeProvider)
    {
    }

    private DdmPasswordCredential(DdmPasswordCredentialOptions options, HttpClient? httpClient, Func<HttpClient>? httpClients, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _settings = new Settings(options);
        _httpClients = httpClients;
        _ownsHttpClient = httpClient is null && httpClients is null;
        _httpClient = httpClients is not null ? null : httpClient ?? new HttpClient(NewHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _time = timeProvider ?? TimeProvider.System;
        // An address that ends in the version, as OpenStack's OS_AUTH_URL does (https://iam.eu-de.otc.t-systems.com/v3),
        // names the same IAM: the version is not added twice.
        var iam = _settings.IamEndpoint.AbsoluteUri.TrimEnd('/');
        iam = iam.EndsWith("/v3", StringComparison.OrdinalIgnoreCase) ? iam[..^"/v3".Length] : iam;
        _tokensUri = new Uri(iam + "/v3/auth/tokens");
    }

    /// <summary>
    /// Creates a credential that sends each login with a new <see cref="HttpClient"/> of <paramref name="httpClients"/>:
    /// one of <c>IHttpClientFactory</c>, whose handlers rotate only for clients that are not kept.
    /// </summary>
    /// <param name="options">The IAM endpoint, user, password, domain and project.</param>
    /// <param name="httpClients">Makes the client of one login; the clients are not disposed, as the factory's need not be.</param>
    /// <param name="timeProvider">The clock of the credential (see the public constructor).</param>
    internal static DdmPasswordCredential WithHttpClients(DdmPasswordCredentialOptions options, Func<HttpClient> httpClients, TimeProvider? timeProvider) =>
        new(options, null, httpClients ?? throw new ArgumentNullException(nameof(httpClients)), timeProvider);

    /// <summary>
    /// The handler of the credential's own <see cref="HttpClient"/>: it follows no redirect, which would send the user
    /// name and password to wherever the answer points, and keeps no cookie, which one login's answer would set and every
    /// later login would send back, as the client's own requests keep none.
    /// </summary>
    private static HttpClientHandler NewHandler() => new() { AllowAutoRedirect = false, UseCookies = false };

    /// <summary>Returns a valid token, logging in at IAM when needed.</summary>
    /// <param name="cancellationToken">
    /// Cancels the wait for a token; a login that has started goes on for other callers. Cancelled before the call, it
    /// starts no login, though a valid token is still returned.
    /// </param>
    /// <returns>The token, as IAM gave it in <c>X-Subject-Token</c>.</returns>
    /// <exception cref="DdmAuthenticationException">
    /// IAM refused the credentials, could not be reached or answered unreadably, and no valid token is left; also, without
    /// a new login, while the wait after the last failed one lasts.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The credential is disposed, or was disposed while its login ran.</exception>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (FreshToken() is { } fresh)
        {
            return fresh;
        }

        Task<CachedToken> login;
        lock (_gate)
        {
            // A caller that has given up already waits for nothing: no login for it alone.
            var cached = _cached;
            var age = cached is null ? TimeSpan.MaxValue : Since(cached.ObtainedAt, cached.Stamp);
            var valid = cached is not null && age < cached.Lifetime;
            if (cancellationToken.IsCancellationRequested && _refreshing is not { IsCompleted: false } && !valid)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (_refreshing is { IsCompleted: false } running)
            {
                login = running;
            }
            else if (cached is not null && age < cached.RefreshAfter)
            {
                return cached.Token;
            }
            else if (_failure is { } failure && Since(failure.At, failure.Stamp) < failure.Backoff)
            {
                return valid ? cached!.Token : throw failure.Remembered();
            }
            else
            {
                login = StartLogin();
            }

            if (valid)
            {
                // Served while the refresh runs.
                return cached!.Token;
            }
        }

        try
        {
            return (await login.WaitAsync(cancellationToken).ConfigureAwait(false)).Token;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _disposed.IsCancellationRequested)
        {
            // The caller did not cancel: the credential was disposed under it, which a cancellation would hide.
            throw new ObjectDisposedException(GetType().FullName, "The credential was disposed while its login ran.");
        }
        catch (DdmAuthenticationException failure)
        {
            // The login's failure, as each of its waiters' own: one exception thrown on many threads at once would have
            // its stack trace written by all of them, and what one caller did to it the others would see. The login's
            // exception is thrown again by every wait, so it goes to no caller (nor does a remembered failure hold it):
            // each gets its message, status and cause, which nothing here throws again.
            throw new DdmAuthenticationException(failure.Message, failure.Status, failure.InnerException);
        }
    }

    /// <summary>
    /// Sets <c>X-Auth-Token</c>. A request waits for a login no longer than its network timeout (<c>NetworkTimeout</c>,
    /// which bounds the rest of its try too), measured on the credential's clock: the login goes on, and a later request
    /// gets its token. A token the login brings just as that time runs out still serves the request. A network timeout of
    /// zero or less, which only a policy that sets it on the message can give, leaves no time to wait: the request gets a
    /// valid token, or without one fails at once and starts no login.
    /// </summary>
    /// <inheritdoc/>
    protected override ValueTask AuthenticateAsync(PipelineMessage message, bool async)
    {
        ArgumentNullException.ThrowIfNull(message);

        // A token not yet due for a refresh, the common case, serves at once: no timer, no link to the caller's token,
        // and no task (this method is not async, the wait is).
        if (FreshToken() is { } fresh)
        {
            SetToken(message, fresh);
            return default;
        }

        return WaitForTokenAsync(message);
    }

    /// <summary>
    /// Sets <c>X-Auth-Token</c> to a token that may take a login, waited for as <see cref="AuthenticateAsync"/> says: on
    /// the credential's clock, as every other time it keeps. With no time to wait the token is cancelled before the wait
    /// begins, so that a valid token is still served but no login is started for a request that cannot wait for it.
    /// </summary>
    private async ValueTask WaitForTokenAsync(PipelineMessage message)
    {
        var token = await WaitForTokenAsync(
            message,
            this,
            static (credential, cancellationToken) => credential.GetTokenAsync(cancellationToken),
            // Its network timeout ran out while the login ran. The login may have brought its token just then, which
            // serves this request as well as any later one.
            static (credential, networkTimeout, exception) => credential.ValidToken() ?? throw credential.NoTokenInTime(networkTimeout, exception),
            _time).ConfigureAwait(false);
        SetToken(message, token);
    }

    /// <summary>Sets <c>X-Auth-Token</c> to <paramref name="token"/>, checked as a header value.</summary>
    private static void SetToken(PipelineMessage message, string token) => message.Request.Headers.Set(TokenHeader, DdmClientSupport.HeaderValue(TokenHeader, token));

    /// <summary>The cached token while it is not yet due for a refresh, which serves without a wait; null otherwise.</summary>
    /// <exception cref="ObjectDisposedException">The credential is disposed.</exception>
    private string? FreshToken()
    {
        // Also with a valid token cached: a disposed credential serves none, as its documentation says.
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var cached = _cached;
        return cached is not null && Since(cached.ObtainedAt, cached.Stamp) < cached.RefreshAfter ? cached.Token : null;
    }

    /// <summary>The cached token while it is valid; null when there is none, it has expired or the credential is disposed.</summary>
    private string? ValidToken()
    {
        var cached = _cached;
        return cached is not null && !_disposed.IsCancellationRequested && Since(cached.ObtainedAt, cached.Stamp) < cached.Lifetime ? cached.Token : null;
    }

    /// <summary>
    /// The failure of a request whose network timeout ran out, or left no time, before a login brought a token: it says
    /// that the login goes on only where one does.
    /// </summary>
    private DdmAuthenticationException NoTokenInTime(TimeSpan networkTimeout, OperationCanceledException cancelled)
    {
        bool running;
        lock (_gate)
        {
            running = _refreshing is { IsCompleted: false };
        }

        var seconds = networkTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var message = networkTimeout > TimeSpan.Zero
            ? $"IAM at {_settings.IamEndpoint} gave no token within the request's network timeout (NetworkTimeout, {seconds} s)"
                + (running ? "; the login goes on, and a later request uses its token." : ".")
                + " Check the IAM endpoint and the network."
            : $"The request's network timeout (NetworkTimeout, {seconds} s) leaves no time to wait for a token from IAM at {_settings.IamEndpoint}, and no valid token is cached"
                + (running ? "; the login under way goes on, and a later request uses its token." : ", so no login is started for the request.")
                + " Give the request a NetworkTimeout above zero.";
        return new DdmAuthenticationException(message, null, cancelled);
    }

    /// <summary>
    /// A 401 answer to a request that carried the cached token drops that token (see the remarks of the class); the
    /// request is sent once more when the next try would carry another token and the request has no body, which might
    /// not be sent again.
    /// </summary>
    /// <inheritdoc/>
    protected override ValueTask<bool> ShouldSendAgainAsync(PipelineMessage message, bool async)
    {
        ArgumentNullException.ThrowIfNull(message);
        var refused = message.Response?.Status == 401 && Refused(message.Request.Headers.TryGetValue(TokenHeader, out var sent) ? sent : null);
        return new ValueTask<bool>(refused && message.Request.Content is null);
    }

    /// <summary>Names the user and the IAM endpoint; never the password or a token.</summary>
    public override string ToString() => $"IAM password credential of {_settings.UserName} ({_settings.DomainName}) at {_settings.IamEndpoint}";

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _disposed.Dispose();
        if (_ownsHttpClient)
        {
            _httpClient!.Dispose();
        }
    }

    /// <summary>
    /// After a 401 answer to a request that carried <paramref name="sent"/>: drops that token if it is the cached one and
    /// at least <see cref="MinAgeToDrop"/> old.
    /// </summary>
    /// <returns>Whether the next send would carry another token.</returns>
    private bool Refused(string? sent)
    {
        lock (_gate)
        {
            if (sent is not null && _cached is { } cached && cached.Token == sent && Since(cached.ObtainedAt, cached.Stamp) >= MinAgeToDrop)
            {
                _cached = null;
            }

            return sent is not null && _cached?.Token != sent;
        }
    }

    /// <summary>Starts a login, under the gate: one IAM request however many callers need a token.</summary>
    private Task<CachedToken> StartLogin()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);

        // In no caller's execution context: the login serves every caller, and the one that happens to start it would
        // lend it its activity, log scopes and other async-local state.
        Task<CachedToken> login;
        using (ExecutionContext.SuppressFlow())
        {
            login = LoginAsync(_disposed.Token);
        }

        _refreshing = login;

        // A background refresh nobody waits for must not surface as an unobserved exception.
        _ = login.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return login;
    }

    /// <summary>Logs in; the token, or the failure and when the next login may be tried, is kept before the task ends.</summary>
    private async Task<CachedToken> LoginAsync(CancellationToken disposed)
    {
        // Off the caller's thread (it holds the gate) and its synchronization context: a synchronous call on a UI thread
        // blocks that thread until the login ends, so a login that went on there would never end.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            var fresh = await FetchAsync(disposed).ConfigureAwait(false);
            lock (_gate)
            {
                _cached = fresh;
                _failure = null;
            }

            return fresh;
        }
        catch (Exception exception) when (!disposed.IsCancellationRequested)
        {
            lock (_gate)
            {
                _failure = new Failure(exception, _time.GetUtcNow(), _time.GetTimestamp(), (_failure?.InARow ?? 0) + 1);
            }

            throw;
        }
    }

    private async Task<CachedToken> FetchAsync(CancellationToken disposed)
    {
        // On the credential's clock, as every other time it keeps (a request's wait for a login among them): a clock of
        // the application's, or a test's, moves them all alike.
        using var limit = new CancellationTokenSource(_settings.Timeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(disposed, limit.Token);
        var read = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _tokensUri) { Content = RequestBody() };
            var sentAt = _time.GetUtcNow();
            var sentStamp = _time.GetTimestamp();
            var httpClient = _httpClients?.Invoke() ?? _httpClient!;
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
            read = true;
            return Token(response, body, sentAt, sentStamp);
        }
        catch (OperationCanceledException exception) when (!disposed.IsCancellationRequested)
        {
            // Not the credential's timeout when it has not run out: then the HttpClient's own (HttpClient.Timeout) or a
            // handler's cut the request short, and the credential's, perhaps infinite, would be the wrong one to name.
            var within = limit.IsCancellationRequested ? string.Create(CultureInfo.InvariantCulture, $"within {_settings.Timeout.TotalSeconds:0.#} s") : "before the HttpClient that sends the login gave up (its Timeout or a handler's)";
            throw new DdmAuthenticationException($"IAM at {_settings.IamEndpoint} did not answer {within}. Check the IAM endpoint and the network.", null, exception);
        }
        catch (HttpRequestException exception) when (!read && !disposed.IsCancellationRequested && exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            // IAM was reached and answered, with more than the HttpClient takes (headers over its limit): not a network
            // failure, and no other try gets a smaller answer.
            throw new DdmAuthenticationException($"IAM at {_settings.IamEndpoint} answered with more than the client takes: {DdmClientSupport.WithoutUserInfo(Cause(exception)).TrimEnd('.', ' ')}; check the IAM endpoint and any proxy between.", null, DdmClientSupport.FailureWithoutUserInfo(exception));
        }
        catch (Exception exception) when (!read && !disposed.IsCancellationRequested && exception is not DdmAuthenticationException)
        {
            // Whatever the HttpClient's handlers throw while sending or reading: besides HttpRequestException and
            // IOException, those an application adds to every client of the factory (a resilience handler's
            // TimeoutRejectedException or BrokenCircuitException), which would otherwise leave the login as they are.
            throw new DdmAuthenticationException($"IAM at {_settings.IamEndpoint} could not be reached ({DdmClientSupport.WithoutUserInfo(Cause(exception))}). Check the IAM endpoint and the network.", null, DdmClientSupport.FailureWithoutUserInfo(exception));
        }
    }

    /// <summary>
    /// Why sending the login failed, in the runtime's words: where they only point at an inner exception ("The SSL
    /// connection could not be established, see inner exception."), which a reader of the message alone never sees, the
    /// innermost cause follows in their place ("... could not be established: The remote certificate is invalid ..."),
    /// and where they say no more than that sending failed ("An error occurred while sending the request."), the
    /// innermost cause stands alone ("The response ended prematurely.", "Connection reset by peer").
    /// </summary>
    private static string Cause(Exception exception) => WithoutStrayQuote(RuntimeCause(exception));

    /// <summary>
    /// The runtime's text without the quote after its last full stop that opens nothing: .NET's message for a proxy that
    /// refused the tunnel ends so (<c>... failed with status code '407'."</c>).
    /// </summary>
    private static string WithoutStrayQuote(string text) =>
        text.EndsWith(".\"", StringComparison.Ordinal) && text.Count(character => character == '"') % 2 == 1 ? text[..^1] : text;

    private static string RuntimeCause(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        if (ReferenceEquals(innermost, exception))
        {
            return exception.Message;
        }

        if (exception is HttpRequestException && exception.Message == "An error occurred while sending the request.")
        {
            return innermost.Message;
        }

        const string Pointer = ", see inner exception";
        var at = exception.Message.IndexOf(Pointer, StringComparison.Ordinal);
        return at < 0 ? exception.Message : exception.Message[..at] + ": " + innermost.Message.TrimEnd('.', ' ');
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodySize)
        {
            throw new DdmAuthenticationException($"IAM answered HTTP {(int)response.StatusCode} with a body larger than {MaxBodySize} bytes.", (int)response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodySize)
            {
                throw new DdmAuthenticationException($"IAM answered HTTP {(int)response.StatusCode} with a body larger than {MaxBodySize} bytes.", (int)response.StatusCode);
            }

            buffer.Write(chunk, 0, read);
        }

        // Without a UTF-8 byte order mark, which JSON readers may ignore and System.Text.Json refuses in text.
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return Encoding.UTF8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
    }

    /// <summary>The token of IAM's answer, valid until what this machine's clock says is its expiry.</summary>
    /// <param name="response">IAM's answer.</param>
    /// <param name="body">Its body.</param>
    /// <param name="sentAt">When the request was sent, by this machine's clock.</param>
    /// <param name="sentStamp">When the request was sent, by the clock of elapsed time (<see cref="TimeProvider.GetTimestamp"/>).</param>
    private CachedToken Token(HttpResponseMessage response, string body, DateTimeOffset sentAt, long sentStamp)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new DdmAuthenticationException(
                $"IAM at {_settings.IamEndpoint} refused user '{_settings.UserName}' in domain '{_settings.DomainName}' (HTTP 401: {(ErrorMessage(body) is null ? "no message" : Described(body))}). Check the user name, password, domain name and project.",
                status);
        }

        if (status is >= 300 and < 400)
        {
            throw new DdmAuthenticationException(
                $"IAM at {_settings.IamEndpoint} answered HTTP {status}, a redirect to {Host(response.Headers.Location)}, which is not followed: it would send the password there. Set the IAM endpoint to the address IAM answers at.",
                status);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new DdmAuthenticationException(Sentence($"IAM at {_settings.IamEndpoint} answered HTTP {status}: {Described(body)}") + AskedAgain(response), status);
        }

        var token = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.FirstOrDefault() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new DdmAuthenticationException($"IAM at {_settings.IamEndpoint} answered HTTP {status} without an X-Subject-Token header.", status);
        }

        if (token.Any(character => character is < '!' or > '~'))
        {
            // Every request would carry it in X-Auth-Token, where anything but printable ASCII cannot go.
            throw new DdmAuthenticationException($"IAM at {_settings.IamEndpoint} answered HTTP {status} with an X-Subject-Token that cannot be sent on (it holds a character outside printable ASCII).", status);
        }

        var (expiresAtRead, issuedAtRead) = Times(body);
        if (expiresAtRead is not { } expiresAt)
        {
            throw new DdmAuthenticationException($"IAM at {_settings.IamEndpoint} answered HTTP {status} without a readable token.expires_at.", status);
        }

        // IAM's clock and this one may be minutes apart: the token lives as long as IAM says (issued_at to expires_at),
        // counted from when it was asked for here, so that neither a clock behind IAM's nor the time IAM took to answer
        // makes it look valid longer. Without issued_at, expires_at is read on this clock, for at most the 24 hours an
        // IAM token is valid.
        var lifetime = issuedAtRead is { } issuedAt ? expiresAt - issuedAt : TimeSpan.FromTicks(Math.Min((expiresAt - sentAt).Ticks, MaxLifetime.Ticks));
        if (lifetime <= TimeSpan.Zero)
        {
            throw new DdmAuthenticationException($"IAM at {_settings.IamEndpoint} answered HTTP {status} with a token that has already expired (token.expires_at is not after token.issued_at, or before this machine's time).", status);
        }

        var margin = TimeSpan.FromTicks(Math.Min(_settings.RefreshMargin.Ticks, lifetime.Ticks / 2));
        return new CachedToken(token, sentAt, sentStamp, lifetime, lifetime - margin);
    }

    /// <summary>
    /// When IAM asked for the login to be sent again (<c>Retry-After</c> on a 429 or 503, the longest of several values,
    /// as the client reads the service's), as a sentence of the message; empty when it did not. The login is not sent
    /// again at once: a failed login is not tried again for a while (see the remarks), so the message is where the
    /// caller learns of the wait. On another error status the field asks for nothing (RFC 9110, 10.2.3, gives it a
    /// meaning with a 503 and a redirect, which is not followed; RFC 6585, 4, with a 429), so it is not named.
    /// </summary>
    private string AskedAgain(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
        && response.Headers.TryGetValues("Retry-After", out var values) && DdmClientSupport.RetryAfter(values, _time.GetUtcNow(), out var shown) is not null
            ? $" IAM asked for the login to be sent again {shown} (Retry-After)."
            : string.Empty;

    private ByteArrayContent RequestBody()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("auth");
            writer.WriteStartObject("identity");
            writer.WriteStartArray("methods");
            writer.WriteStringValue("password");
            writer.WriteEndArray();
            writer.WriteStartObject("password");
            writer.WriteStartObject("user");
            writer.WriteString("name", _settings.UserName);
            writer.WriteString("password", _settings.Password);
            writer.WriteStartObject("domain");
            writer.WriteString("name", _settings.DomainName);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("scope");
            writer.WriteStartObject("project");
            if (!string.IsNullOrEmpty(_settings.ProjectId))
            {
                writer.WriteString("id", _settings.ProjectId);
            }
            else
            {
                writer.WriteString("name", _settings.ProjectName);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        // The content type as IAM documents it, charset spelling included.
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=utf8");
        return content;
    }

    /// <summary>The times of the answer's token (<c>token.expires_at</c>, <c>token.issued_at</c>); null where missing or unreadable.</summary>
    private static (DateTimeOffset? ExpiresAt, DateTimeOffset? IssuedAt) Times(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.Object
                ? (Time(token, "expires_at"), Time(token, "issued_at"))
                : default;
        }
        catch (JsonException)
        {
            return default;
        }

        static DateTimeOffset? Time(JsonElement token, string name) =>
            token.TryGetProperty(name, out var time)
            && time.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : null;
    }

    /// <summary>Where a redirect points, by scheme and host only: its path and query may hold a token.</summary>
    private static string Host(Uri? location) =>
        location is { IsAbsoluteUri: true } && (location.Scheme == Uri.UriSchemeHttp || location.Scheme == Uri.UriSchemeHttps)
            ? location.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)
            : "another path";

    /// <summary><paramref name="text"/> ending a sentence: with a full stop unless IAM's message (Keystone's end with one) or a cut "..." ends it already.</summary>
    private static string Sentence(string text) => text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') ? text : text + ".";

    /// <summary>
    /// The message of an error shape IAM answers with: Keystone's, <c>{"error":{"code":401,"message":"...","title":"..."}}</c>,
    /// or that of the gateway in front of IAM (and of the service), <c>{"error_code":"APIGW.0301","error_msg":"..."}</c>,
    /// given as its code and message.
    /// </summary>
    private static string? ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement is not { ValueKind: JsonValueKind.Object } root)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
            }

            return root.TryGetProperty("error_msg", out var text) && text.ValueKind == JsonValueKind.String
                ? (root.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() + " " : string.Empty) + text.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What an error answer says, for the exception: Keystone's message, the title or text of an HTML page (a gateway's,
    /// described as the service's own errors describe one), or else an excerpt of the body, with the password replaced by
    /// <c>***</c> where it stands (see <see cref="Copies"/>). An answer that may repeat the request holds the password,
    /// escaped in whatever way its server escapes JSON (once or twice), or cut short: none of it is shown. That is a body
    /// other than these error shapes that mentions a password at all, a message of one that holds the request's
    /// <c>"password"</c> member once decoded, and any text to show that holds the password in another spelling (see
    /// <see cref="MayHoldPassword"/>).
    /// </summary>
    private string Described(string body)
    {
        var message = ErrorMessage(body);
        var echoes = message is null
            ? body.Contains("password", StringComparison.OrdinalIgnoreCase)
            : message.Contains("\"password\"", StringComparison.OrdinalIgnoreCase);

        // The password goes before the cut, so that no part of it is left.
        var shown = Masked(message ?? body);
        // The body too: a message read from it is decoded once, and the password may stand in it in another spelling.
        if (echoes || MayHoldPassword(shown) || (message is not null && MayHoldPassword(Masked(body))))
        {
            return "a body that may repeat the request (not shown: it may hold the password)";
        }

        string text;
        if (DdmClientSupport.IsHtmlPage(shown) && message is null)
        {
            // A gateway's page in front of IAM, named as the service's own error names one: by its title or its text.
            text = DdmApiException.WithoutControls(DdmClientSupport.PageText(shown, MaxTextShown));
        }
        else
        {
            // On one line and cut, as the service's texts are: IAM's message may be as long as its answer.
            text = DdmApiException.WithoutControls(shown).Trim();
            if (text.Length == 0)
            {
                return message is null ? "an empty body" : text;
            }

            text = DdmClientSupport.Cut(text, MaxTextShown);
        }

        // Looked for again in the text as shown: leaving out a NUL (as UTF-16 text has beside each letter) or a page's
        // tags joins what stood apart, which may spell the password.
        return MayHoldPassword(text) ? "a body that may repeat the request (not shown: it may hold the password)" : text;
    }

    /// <summary><paramref name="text"/> with each copy of the password in it (see <see cref="Copies"/>) replaced by <c>***</c>.</summary>
    private string Masked(string text)
    {
        var masked = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var at in Copies(text))
        {
            masked.Append(text, copied, at - copied).Append("***");
            copied = at + _settings.Password.Length;
        }

        return copied == 0 ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// Where <paramref name="text"/> holds the password, as typed, without overlaps. IAM repeats a value whole: a password
    /// shorter than <see cref="MinPartLength"/> counts only where it stands whole, with no letter or digit against a
    /// letter or digit at its ends, so that the password <c>p</c> leaves "Error response" as it is; a longer one counts
    /// wherever it stands, though a word holds it.
    /// </summary>
    private IEnumerable<int> Copies(string text)
    {
        var password = _settings.Password;
        for (var at = text.IndexOf(password, StringComparison.Ordinal); at >= 0; at = text.IndexOf(password, at, StringComparison.Ordinal))
        {
            var end = at + password.Length;
            var whole = password.Length >= MinPartLength
                || ((at == 0 || !char.IsLetterOrDigit(text[at - 1]) || !char.IsLetterOrDigit(password[0]))
                    && (end == text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(password[^1])));
            if (whole)
            {
                yield return at;
                at = end;
            }
            else
            {
                at++;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds the password in a spelling other than as typed: every decoding of its
    /// escapes is searched (JSON's backslash escapes, in either case of hex and wherever they stand, which decodes every
    /// JSON string in it; HTML's entities; URL percent-escapes), and every decoding of those again, since JSON echoed
    /// inside JSON is escaped twice. Text whose decodings do not come to an end within a few rounds cannot be checked,
    /// and counts as holding it.
    /// </summary>
    private bool MayHoldPassword(string text)
    {
        const int MaxRounds = 4;
        const int MaxSpellings = 32;
        var seen = new HashSet<string>(StringComparer.Ordinal) { text };
        var round = new List<string> { text };
        for (var rounds = 0; round.Count > 0; rounds++)
        {
            if (round.Exists(spelling => Copies(spelling).Any()) || rounds == MaxRounds || seen.Count > MaxSpellings)
            {
                return true;
            }

            round = round.SelectMany(spelling => new[] { JsonUnescaped(spelling), WebUtility.HtmlDecode(spelling), Uri.UnescapeDataString(spelling) }).Where(seen.Add).ToList();
        }

        return false;
    }

    /// <summary>The text with every JSON backslash escape in it decoded (<c>\"</c>, <c>\\</c>, <c>\u00e4</c>...); anything else stays.</summary>
    private static string JsonUnescaped(string text)
    {
        var index = text.IndexOf('\\', StringComparison.Ordinal);
        if (index < 0)
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length).Append(text, 0, index);
        for (; index < text.Length; index++)
        {
            var character = text[index];
            var next = index + 1 < text.Length ? text[index + 1] : '\0';
            if (character != '\\' || next is not ('"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't' or 'u'))
            {
                decoded.Append(character);
            }
            else if (next != 'u')
            {
                decoded.Append(next switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => next });
                index++;
            }
            else if (index + 6 <= text.Length && ushort.TryParse(text.AsSpan(index + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                decoded.Append((char)code);
                index += 5;
            }
            else
            {
                decoded.Append(character);
            }
        }

        return decoded.ToString();
    }

    /// <summary>
    /// How long ago something happened that this machine's clock dated <paramref name="at"/> and the clock of elapsed
    /// time <paramref name="stamp"/>: the longer of the two. A time of day set back would otherwise make a token look
    /// younger (never dropped, kept past its expiry) and a failed login recent (no other tried) for as long as it was set
    /// back; the elapsed time alone may stand still while the machine sleeps.
    /// </summary>
    private TimeSpan Since(DateTimeOffset at, long stamp)
    {
        var byDay = _time.GetUtcNow() - at;
        var elapsed = _time.GetElapsedTime(stamp);
        return byDay > elapsed ? byDay : elapsed;
    }

    /// <summary>A copy of the options, taken once: later changes to the caller's object have no effect.</summary>
    private sealed class Settings(DdmPasswordCredentialOptions options)
    {
        /// <summary>The IAM address without any user name or password in it, so that no message can show them.</summary>
        public Uri IamEndpoint { get; } = new UriBuilder(options.IamEndpoint!) { UserName = string.Empty, Password = string.Empty }.Uri;

        public string UserName { get; } = options.UserName!;

        public string Password { get; } = options.Password!;

        public string DomainName { get; } = options.DomainName!;

        // White space only is no project, as Validate reads it.
        public string? ProjectId { get; } = string.IsNullOrWhiteSpace(options.ProjectId) ? null : options.ProjectId;

        public string? ProjectName { get; } = string.IsNullOrWhiteSpace(options.ProjectName) ? null : options.ProjectName;

        public TimeSpan RefreshMargin { get; } = options.RefreshMargin;

        public TimeSpan Timeout { get; } = options.Timeout;

        public override string ToString() => $"{UserName} ({DomainName}) at {IamEndpoint}";
    }

    /// <summary>The last login failed: why, when (by this machine's clock and by <see cref="TimeProvider.GetTimestamp"/>), and how many failed in a row.</summary>
    private sealed record Failure(Exception Error, DateTimeOffset At, long Stamp, int InARow)
    {
        /// <summary>How long after the failure no other login is tried.</summary>
        public TimeSpan Backoff { get; } = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << Math.Min(InARow - 1, 10), MaxBackoff.Ticks));

        /// <summary>When the next login may be tried, by this machine's clock as it was then.</summary>
        public DateTimeOffset RetryAt => At + Backoff;

        /// <summary>
        /// The failure for a caller who needs a token before the next login may be tried: with the cause the login met,
        /// as its waiters' exceptions have it, not the login's exception, which each of their waits threw again.
        /// </summary>
        public DdmAuthenticationException Remembered() => new(
            $"{Error.Message} (This was the last login, at {At:u}; the next is not tried before {RetryAt:u}, so that failed logins do not lock the account.)",
            (Error as DdmAuthenticationException)?.Status,
            Error is DdmAuthenticationException failure ? failure.InnerException : Error);
    }

    /// <summary>
    /// A token, when it was asked for (by this machine's clock and by <see cref="TimeProvider.GetTimestamp"/>), how long
    /// it is valid and how long until it is due for refresh.
    /// </summary>
    private sealed record CachedToken(string Token, DateTimeOffset ObtainedAt, long Stamp, TimeSpan Lifetime, TimeSpan RefreshAfter)
    {
        // Not the expiry as a time: a lifetime as IAM's answer sets it may reach past the last DateTimeOffset.
        public override string ToString() => $"token obtained at {ObtainedAt:O}, valid for {Lifetime}";
    }
}
