using System;
using System.ClientModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Ddm.Client;
using Ddm.Client.Authentication;
using Ddm.Cli.Hosting;

namespace Ddm.Cli.Service;

/// <summary>Expected failures as one line and an exit code; the client's exception types are known only here.</summary>
internal static class Failures
{
    /// <summary>The line and exit code of an expected failure; null for a bug, which keeps its stack trace.</summary>
    public static (string Message, int ExitCode)? Describe(Exception exception) =>
        Line(exception) is { } failure ? (Stopped(exception, failure.Message, failure.ExitCode == ExitCodes.Authentication), failure.ExitCode) : null;

    /// <summary>The line and exit code of an expected failure as its own kind says it.</summary>
    private static (string Message, int ExitCode)? Line(Exception exception) => exception switch
    {
        UsageException usage => (usage.Message, ExitCodes.Usage),
        OutputException output => (output.Message, ExitCodes.OutputFailed),
        UnexpectedAnswerException answer => (answer.Message, ExitCodes.ApiError),
        CheckValueException { InnerException: DdmApiException api } check => (ForTerminal(api.Message) + " " + check.Message, ExitCodes.ApiError),
        AggregateException { InnerExceptions.Count: > 0 } retried => Line(retried.InnerExceptions[^1]),
        ServiceTimeoutException timeout => (timeout.Message, ExitCodes.Unreachable),
        // IAM answered with more than the HttpClient takes: an answer, as the service's is, not an IAM out of reach.
        DdmAuthenticationException authentication when IsOverLimit(authentication) => (authentication.Message, ExitCodes.ApiError),
        // IAM not reached, or its answer cut off or reset while it was read (an HttpIOException, or an IOException over a
        // SocketException, as for the service), or not in time.
        DdmAuthenticationException authentication when Find<HttpRequestException>(authentication) is not null || Find<HttpIOException>(authentication) is not null
            || Find<SocketException>(authentication) is not null || IsTimeout(authentication) => (authentication.Message, ExitCodes.Unreachable),
        // IAM failing on its own (a server error, throttling, a request it timed out) judged no credential: an API error,
        // not a refused login.
        DdmAuthenticationException { Status: >= 500 or 429 or 408 } authentication => (authentication.Message, ExitCodes.ApiError),
        // No login at that address (no such path or method there, or a redirect elsewhere): OS_AUTH_URL is not IAM's.
        DdmAuthenticationException { Status: 404 or 405 or (>= 300 and < 400) } authentication => (authentication.Message + " Check OS_AUTH_URL: it is IAM's address, such as https://iam.eu-de.otc.t-systems.com/v3.", ExitCodes.Usage),
        DdmAuthenticationException authentication => (authentication.Message, ExitCodes.Authentication),
        // The client's message says what to check about a refused credential; a listing goes on once the service
        // takes it, since the same command would meet the same refusal until then.
        DdmApiException { Status: 401 or 403 } api => (Resumable(api, api.Message, api.Status == 401 ? CredentialAccepted : RequestAllowed), ExitCodes.Authentication),
        // The gateway has no API at the path: the endpoint is not the service's (another service's, a path copied with it).
        DdmApiException { Status: 404 or 405, ErrorCode: "APIG.0101" } api => (Resumable(api, api.Message) + " The API gateway has no such API at the endpoint: check --endpoint, DDM_ENDPOINT or OS_REGION_NAME; the endpoint is the address alone, such as https://ddm.eu-de.otc.t-systems.com.", ExitCodes.Usage),
        // A redirect says the service answers elsewhere (https:// for http://, another address): the endpoint is wrong, as a
        // redirect from IAM says of OS_AUTH_URL. The client's message names where it points and says to check the endpoint.
        DdmApiException { Status: 301 or 302 or 303 or 307 or 308 } api => (Resumable(api, api.Message), ExitCodes.Usage),
        // Where to go on from follows the page it names, before the advice, as "there" would name the proxy after it.
        DdmApiException api when Replaced(api.Message, TooLarge, TooLargeForDdm) is { } tooLarge =>
            (Resumable(api, tooLarge.TrimEnd('.') + ".") + " A page of 128 backups is about 40 KB, so the answer is likely not the service's: " + CheckEndpointAndProxy, ExitCodes.ApiError),
        DdmApiException api => (Resumable(api, ForTerminal(api.Message)), ExitCodes.ApiError),
        _ when IsOverLimit(exception) => ($"the service answered with more than ddm takes: {Cause(exception)}; the answer is likely not the service's: {CheckEndpointAndProxy}", ExitCodes.ApiError),
        // The runtime's words ("Cannot determine the frame size or a corrupted frame was received") name no cause a user
        // can act on: the likely one is an endpoint written https:// for a port that serves plain http://.
        _ when SpeaksNoTls(exception) => ("the service could not be reached: the server answered the TLS handshake with no TLS, as a plain HTTP server does: check the scheme of the endpoint (--endpoint or DDM_ENDPOINT); the port likely wants http://.", ExitCodes.Unreachable),
        // The client's message names the endpoint and what to check; its advice on an HttpClient of the caller's own is no
        // option of ddm's.
        ClientResultException { Status: 0 } transport => ($"the service could not be reached: {Cause(transport).Replace(HttpClientAdvice, string.Empty, StringComparison.Ordinal)}.", ExitCodes.Unreachable),
        HttpRequestException http => ($"the service could not be reached: {Cause(http)}.", ExitCodes.Unreachable),
        // Reading the answer failed after it began: the connection was cut or reset, or its framing was broken.
        IOException io when io is HttpIOException || Find<SocketException>(io) is not null => ($"the connection to the service broke: {Cause(io)}.", ExitCodes.Unreachable),
        _ => null,
    };

    /// <summary>
    /// The line of a page of <c>backups list --all</c> that failed, whose offset the client's message names, with how to
    /// go on from it: <c>--offset</c> starts the listing there; once <paramref name="once"/> holds where the failure
    /// would come again until then (a credential the service refused). Other listings (<c>restore-window</c>) take no offset.
    /// </summary>
    private static string Resumable(DdmApiException api, string message, string? once = null) =>
        api is not { PageOffset: { } offset, OperationId: "listBackups" } ? message
        : api.Data.Contains(Unwritten) ? message + UnwrittenAdvice
        : message + GoOn(offset, once);

    /// <summary>
    /// The line of a failure other than the service's error answer (whose message names the page itself) that ended
    /// <c>backups list --all</c> after its first page: a timeout, a connection lost, retries run out, a login IAM
    /// refused (<paramref name="signIn"/>: a token expired mid-listing and the new login was refused). The client records
    /// the offset of the page on the exception; the line names it and how to go on, as for an error answer: after a
    /// refused sign-in, once it works, since the same command would meet the same refusal.
    /// </summary>
    private static string Stopped(Exception exception, string message, bool signIn) =>
        exception is DdmApiException || !exception.Data.Contains(Listing) || StoppedAt(exception) is not { } offset ? message
        : message.TrimEnd('.', ' ') + "." + StoppedAtPage(offset)
            + (exception.Data.Contains(Unwritten) ? UnwrittenAdvice : GoOn(offset, signIn ? SignInWorks : null));

    /// <summary>
    /// What "ddm: cancelled." adds for <c>backups list --all</c> stopped by a signal once its rows before the page at
    /// <paramref name="offset"/> were written (a table, JSON Lines): where it stopped and how to go on from there.
    /// </summary>
    public static string Cancelled(long offset) => StoppedAtPage(offset) + GoOn(offset, null);

    /// <summary>
    /// What "ddm: cancelled." adds for <c>backups list --all</c> stopped by a signal once the rows of its last page were
    /// written (a table, JSON Lines): no offset to go on from, since one at the total would list nothing.
    /// </summary>
    public const string CancelledAfterLastPage = " The listing's last page was written; nothing is left to list.";

    /// <summary>
    /// What "ddm: cancelled." adds for the cancellation that ended <c>backups list --all</c> while a page after its
    /// first was under way, at the offset the client recorded on it (which knows of a page asked for again from further
    /// back); null where it recorded none, or where the rows before that page were not written (a JSON array).
    /// </summary>
    public static string? Cancelled(Exception exception) =>
        exception.Data.Contains(Listing) && !exception.Data.Contains(Unwritten) && StoppedAt(exception) is { } offset ? Cancelled(offset) : null;

    /// <summary>The sentence that names the page at which a listing stopped.</summary>
    private static string StoppedAtPage(long offset) =>
        string.Create(CultureInfo.InvariantCulture, $" The listing stopped at the page at offset {offset}.");

    /// <summary>
    /// How to go on with a listing from the page at <paramref name="offset"/>: at once, or once <paramref name="once"/>
    /// holds where the same command would meet the same failure until then (a refused sign-in, a refused credential).
    /// </summary>
    private static string GoOn(long offset, string? once) => once is not null
        ? string.Create(CultureInfo.InvariantCulture, $" Once {once}, run the same command with --offset {offset} to go on from there.")
        : string.Create(CultureInfo.InvariantCulture, $" To go on from there, run the same command with --offset {offset}.");

    /// <summary>When a listing that IAM's refused login ended can go on.</summary>
    private const string SignInWorks = "the sign-in works";

    /// <summary>When a listing that the service's 401 ended can go on: the credential was not taken.</summary>
    private const string CredentialAccepted = "the service accepts the credential";

    /// <summary>When a listing that the service's 403 ended can go on: the credential was taken, the request refused.</summary>
    private const string RequestAllowed = "the service allows the request";

    /// <summary>
    /// The offset of the page at which the client's listing stopped, as it records it on the exception it throws, which
    /// ddm may have wrapped (a timeout of its own) or the retry policy may hold among its tries' failures.
    /// </summary>
    private static long? StoppedAt(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current is AggregateException { InnerExceptions.Count: > 0 } tries ? tries.InnerExceptions[^1] : current.InnerException)
        {
            if (current.Data[DdmApiException.PageOffsetKey] is long offset)
            {
                return offset;
            }
        }

        return null;
    }

    /// <summary>What a listing written as a JSON array says instead of how to go on: nothing was written.</summary>
    private const string UnwrittenAdvice = " The JSON array is written only once the listing is complete, so none was: run the command again, or with --output jsonl, which writes each page as it comes.";

    /// <summary>The key in <see cref="Exception.Data"/> that marks a listing's failure as one whose items were not written.</summary>
    private const string Unwritten = "Ddm.Cli.Unwritten";

    /// <summary>The key in <see cref="Exception.Data"/> that marks a failure as one of <c>backups list --all</c>, which <c>--offset</c> goes on with.</summary>
    private const string Listing = "Ddm.Cli.Listing";

    /// <summary>
    /// Marks the failure of <c>backups list --all</c>, and one whose items before it were not written (a JSON array,
    /// written once complete), so that its line does not say to go on from the page that failed; false, for the
    /// exception filter that calls it.
    /// </summary>
    public static bool MarkListing(Exception exception, bool unwritten)
    {
        exception.Data[Listing] = true;
        if (unwritten)
        {
            exception.Data[Unwritten] = true;
        }

        return false;
    }

    /// <summary>
    /// The client's advice on an HTML page, for a program that can read the exception's property; it follows the page's
    /// title or text, and only the client's own sentences come after it (when to try again, Retry-After).
    /// </summary>
    private const string PageAdvice = "; ResponseBody holds the start of the page.";

    /// <summary>
    /// The client's pointer to the property for a success answer that is no JSON (a sign-in page, a proxy's text), whose
    /// message already says to check the endpoint and any proxy; only the request id and the stop come after it.
    /// </summary>
    private const string AnswerAdvice = " (ResponseBody holds the start of the answer)";

    /// <summary>
    /// The client's words for an answer over its size limit, which name an option of the client that ddm sets itself
    /// (<see cref="Connection.MaxAnswerSize"/>).
    /// </summary>
    private static readonly string TooLarge = string.Create(CultureInfo.InvariantCulture, $"is larger than MaxResponseSize ({Connection.MaxAnswerSize} bytes); it was not read");

    /// <summary>What a user of ddm reads in place of <see cref="TooLarge"/>.</summary>
    private static readonly string TooLargeForDdm = string.Create(CultureInfo.InvariantCulture, $"is larger than the {Connection.MaxAnswerSize / (1024 * 1024)} MiB ddm reads of one answer and was not read");

    /// <summary>The client's advice, on a certificate it refused, that a ddm user cannot follow.</summary>
    private const string HttpClientAdvice = ", or give the client an HttpClient whose handler checks the server's certificate against it";

    /// <summary>What to check when an answer is too large to be the service's.</summary>
    private const string CheckEndpointAndProxy = "check the endpoint (--endpoint, DDM_ENDPOINT, OS_REGION_NAME) and any proxy (HTTPS_PROXY, ALL_PROXY, NO_PROXY).";

    /// <summary>The settings a user of ddm checks where the client's advice names the property.</summary>
    private const string SettingsToCheck = " (--endpoint, DDM_ENDPOINT or OS_REGION_NAME; HTTPS_PROXY, ALL_PROXY and NO_PROXY)";

    /// <summary>
    /// The client's message as a terminal user can act on it: the advice on an HTML page points at
    /// <see cref="DdmApiException.ResponseBody"/>, which ddm does not show (the message gives the page's title or text),
    /// so the line names the settings to check instead, as for a success answer that is no JSON. The last copy is the
    /// advice: one before it is the page's text.
    /// </summary>
    private static string ForTerminal(string message) =>
        Replaced(message, PageAdvice, SettingsToCheck + ".") ?? Replaced(message, AnswerAdvice, SettingsToCheck) ?? message;

    /// <summary>The message with the last copy of <paramref name="advice"/> made <paramref name="settings"/>; null where it has none.</summary>
    private static string? Replaced(string message, string advice, string settings)
    {
        var at = message.LastIndexOf(advice, StringComparison.Ordinal);
        return at < 0 ? null : string.Concat(message.AsSpan(0, at), settings, message.AsSpan(at + advice.Length));
    }

    /// <summary>
    /// What went wrong, in the runtime's words but without its pointers elsewhere: "An error occurred while sending the
    /// request." and "..., see inner exception." say nothing on a line of their own, so the innermost cause follows them.
    /// A URL in them is shown without its user name and password: the runtime names a proxy that refused the tunnel by
    /// its address as <c>HTTPS_PROXY</c> sets it (<c>http://user:password@proxy:3128</c>).
    /// </summary>
    private static string Cause(Exception exception) => WithoutUserInfo(RuntimeCause(exception));

    /// <summary><paramref name="text"/> without the user name and password of the URLs in it.</summary>
    private static string WithoutUserInfo(string text)
    {
        for (var start = text.IndexOf("://", StringComparison.Ordinal); start >= 0; start = text.IndexOf("://", start, StringComparison.Ordinal))
        {
            start += 3;

            // The authority ends where the path, query or fragment begins, or where the text around the URL goes on.
            var end = start;
            while (end < text.Length && text[end] is not ('/' or '?' or '#' or '\'' or '"' or '(' or ')') && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            // The last '@' of it: a password may hold one unescaped.
            var at = end > start ? text.LastIndexOf('@', end - 1, end - start) : -1;
            if (at >= 0)
            {
                text = string.Concat(text.AsSpan(0, start), text.AsSpan(at + 1));
            }
        }

        return text;
    }

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

        var outer = WithoutStrayQuote(exception.Message.Replace(", see inner exception", string.Empty, StringComparison.Ordinal)).TrimEnd('.', ' ');
        var cause = WithoutStrayQuote(innermost.Message).TrimEnd('.', ' ');
        return ReferenceEquals(innermost, exception) || outer.Contains(cause, StringComparison.Ordinal) ? outer
            : outer == "An error occurred while sending the request" ? cause
            : outer + ": " + cause;
    }

    /// <summary>
    /// Whether a request ended because a try took longer than its timeout: a cancellation the caller did not ask for,
    /// System.ClientModel's own or IAM's (which the credential wraps in a <see cref="DdmAuthenticationException"/>), or a
    /// <see cref="TimeoutException"/> in the chain.
    /// </summary>
    public static bool IsTimeout(Exception exception) => Find<OperationCanceledException>(exception) is not null || Find<TimeoutException>(exception) is not null;

    /// <summary>
    /// Whether a try failed on a limit of the <see cref="HttpClient"/> itself (an answer's headers larger than it takes):
    /// the service answered, and every try would be refused the same way.
    /// </summary>
    public static bool IsOverLimit(Exception? exception) =>
        exception is not null && Find<HttpRequestException>(exception) is { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded };

    /// <summary>
    /// Whether a try failed in the TLS handshake for a reason every try meets again: a certificate the runtime does not
    /// trust or that names another host, or a server on the port that speaks no TLS (a plain http:// one). A handshake
    /// the network cut (a reset, a connection closed) is not one: it is tried again as any broken connection is.
    /// </summary>
    public static bool IsRefusedHandshake(Exception? exception) =>
        exception is not null && Find<HttpRequestException>(exception) is { HttpRequestError: HttpRequestError.SecureConnectionError }
        && Find<AuthenticationException>(exception) is not null;

    /// <summary>
    /// Whether a try failed in the TLS handshake because what came back was no TLS at all: the runtime could not read a
    /// TLS record from it (its own check of the frame, or OpenSSL's "wrong version number"), as when the port serves
    /// plain HTTP. A certificate refused, or a TLS alert from the server, is TLS and is not one.
    /// </summary>
    public static bool SpeaksNoTls(Exception? exception)
    {
        if (!IsRefusedHandshake(exception))
        {
            return false;
        }

        for (Exception? current = Find<AuthenticationException>(exception!); current is not null; current = current.InnerException)
        {
            if (current.Message.Contains("frame size", StringComparison.OrdinalIgnoreCase) || current.Message.Contains("wrong version number", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}

/// <summary>
/// An error answer that a value the user gave is the likely cause of: the answer's own line, followed by this message,
/// which names the option to check.
/// </summary>
internal sealed class CheckValueException : Exception
{
    public CheckValueException()
    {
    }

    public CheckValueException(string message)
        : base(message)
    {
    }

    public CheckValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
