using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Ddm.Emulator;

/// <summary>
/// A loopback server that follows the documented DDM V3 backup API and the IAM token API, for tests and demos.
/// </summary>
/// <remarks>
/// Routes (all JSON, every answer with an <c>X-Request-Id</c> header, also to requests with large headers, up to
/// <see cref="MaxRequestHeadersTotalSize"/>, and long request lines, up to <see cref="MaxRequestLineSize"/>):
/// <list type="bullet">
/// <item><c>GET /</c>: the API versions, v3 <c>CURRENT</c> and v1 <c>DEPRECATED</c>; it needs no token.</item>
/// <item><c>GET /v3/{project_id}/backups?offset&amp;limit</c>: backups, newest first; <c>deleted</c> ones are not listed.</item>
/// <item><c>GET /v3/{project_id}/instances/{instance_id}/backups/restorable-time-interval?offset&amp;limit</c>.</item>
/// <item><c>DELETE /v3/{project_id}/backups/{backup_id}</c> and <c>POST /v3/{project_id}/instances/{instance_id}/backups/recovery</c>: 202 with a job id.</item>
/// <item><c>GET /v3/{project_id}/jobs/{job_id}</c>: a job, <c>Completed</c> with an <c>end_time</c> 42 seconds after its
/// start, until <see cref="EmulatorOptions.IssuedTokenLifetime"/> after that end (the reference does not say how long);
/// then it is answered as an unknown job and dropped.</item>
/// <item><c>GET /v3/{project_id}/instances/{instance_id}/backups/{backup_id}</c>: the backup as listed, with
/// <c>related_data_nodes</c>, the data nodes of its instance (two each).</item>
/// <item><c>GET .../instances/{instance_id}/backups/restorable-instances?offset&amp;limit</c>: the other instances.</item>
/// <item><c>GET .../instances/{instance_id}/backups/related-dn?restore_time&amp;offset&amp;limit</c>: the instance's data
/// nodes and <c>latest_restorable_time</c>, for a <c>restore_time</c> (epoch milliseconds) inside a restorable interval.</item>
/// <item><c>POST .../instances/{instance_id}/backups/metadata-recovery</c>: 202 with a job id, from one of the path
/// instance's <c>normal</c> backups (<c>source.backup_id</c>) or a restorable point in time (<c>source.restore_time</c>),
/// one of the two, to a known <c>target.instance_id</c>. Both POST routes take a body declared as JSON: another
/// <c>Content-Type</c>, or none with a body, is 415 in DDM's shape with <c>DBS.280001</c> (the reference lists 415 without
/// a code); <c>application/json</c> is taken in any case, with no charset or a UTF-8 one (<c>utf-8</c>, <c>utf8</c>) among
/// any other parameters, and another charset is 415 too; a body that does not parse is 400 <c>DBS.280001</c>.</item>
/// <item><c>POST /v3/auth/tokens</c>: IAM password authentication, 201 with the token in <c>X-Subject-Token</c>; a body whose
/// <c>identity.methods</c> does not name <c>password</c> is 400, as IAM answers it; a body not declared as JSON in UTF-8,
/// as the restores take it, is 415 in IAM's shape.</item>
/// </list>
/// Offset is a 0-based item index (default 0), limit 1 to 128 (default 10); anything else is 400
/// <c>{"errCode":"DBS.280001","externalMessage":"Parameter error."}</c>. A missing, unknown or expired
/// <c>X-Auth-Token</c> is 401 in the API gateway's shape (<c>APIG.0301</c>; an unknown or expired one with the reference's
/// words, "Incorrect IAM authentication information: decrypt token fail"), and so is a request signed with AK/SK
/// (<c>Authorization: SDK-HMAC-SHA256 ...</c>) whose signature, access key, security token or <c>X-Sdk-Date</c>
/// (15 minutes either way) fails the check (see <see cref="EmulatorOptions.AccessKeys"/>); another project, in the path
/// or in the <c>X-Project-Id</c> of a signed request (an empty one names none: the path's stands), is 403
/// (<c>APIG.0302</c>). An unknown instance or backup (a deleted one, one of another instance than the path's) is that 400 parameter error too, an unknown job 400
/// <c>DBS.300400</c> (the reference gives every DDM code HTTP 400), and a path or method no API has 404 or 405 in the
/// gateway's shape (<c>APIG.0101</c>; a 405 names the methods the path takes, in its message and in <c>Allow</c>); paths are matched as the reference spells them, so <c>/V3/{project_id}/Backups</c> is
/// such a path, as is <c>/v3/{project_id}/backups/</c> with its trailing slash, whatever the method (the values in a path, such as the project id, are taken as they come), and a 405 names only the methods
/// of the routes that match the path so (<c>POST .../instances/{instance_id}/backups/Recovery</c> is
/// <c>.../instances/{instance_id}/backups/{backup_id}</c>, which takes only GET and HEAD); every GET route takes HEAD,
/// answered with the GET's status and header fields and no body (RFC 9110, 9.1), and no faults; <c>OPTIONS *</c> is 200
/// with the methods of every API in <c>Allow</c> (RFC 9110, 9.3.7), OPTIONS on a path 405; a method that is none
/// of HTTP's own is 501 in the gateway's shape (methods are case-sensitive: <c>get</c> is one); a body larger than
/// <see cref="MaxRequestBodySize"/> is 413 in that shape too (<c>APIG.0201</c>). Most dates are written as the reference's examples show
/// them, <c>yyyy-MM-ddTHH:mm:ss</c> with a <c>±hhmm</c> offset: in UTC (<c>2025-02-19T02:50:20+0000</c>), and for every
/// third backup in Central European time (<c>+0100</c>). Drawn from <see cref="EmulatorOptions.Seed"/>, some have
/// milliseconds (<c>2025-02-19T02:50:20.123+0000</c>: the restoration time range page says its times are "accurate to
/// milliseconds") and some are written with <c>Z</c> or <c>+01:00</c>, forms a reader of the contract is to accept.
/// The restorable intervals are in UTC and none begins before the instance's oldest <c>normal</c> backup left (deleting
/// the oldest moves the first up to the next); an instance without such backups has none, also once its last is deleted. Only
/// <c>id</c>, <c>status</c>, <c>instance_id</c> and <c>created</c> are in every backup; some leave out the other fields, as the contract allows.
/// Tests inject faults through <see cref="Faults"/>.
/// </remarks>
public sealed class DdmEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly TokenStore _tokens;

    private readonly EmulatorData _data;

    private DdmEmulator(WebApplication app, EmulatorOptions options, Uri baseAddress, IReadOnlyList<string> instanceIds, EmulatorStatistics statistics, FaultPlan faults, TokenStore tokens, EmulatorData data)
    {
        _app = app;
        _tokens = tokens;
        _data = data;
        Faults = faults;
        Options = options;
        BaseAddress = baseAddress;
        InstanceIds = instanceIds;
        Statistics = statistics;
    }

    /// <summary>
    /// The size of a request's headers the emulator takes, 1 MiB; beyond it the web server refuses the request with a
    /// bare 431 (no body, no <c>X-Request-Id</c>), as it does a request line beyond <see cref="MaxRequestLineSize"/> (a
    /// bare 414), a request that is not HTTP (a bare 400: a request target with characters outside ASCII left unescaped, no
    /// <c>Host</c>, a folded header line), or a path with an escaped NUL (<c>%00</c>, a bare 400: the web server refuses
    /// it before any handler runs, where other bad escapes, <c>%zz</c> or bytes that are no UTF-8, reach the routes). A
    /// header value's bytes beyond ASCII are read as UTF-8, and those that are no part of UTF-8 text as ISO-8859-1
    /// characters (see <see cref="HeaderEncoding"/>).
    /// </summary>
    public const int MaxRequestHeadersTotalSize = 1024 * 1024;

    /// <summary>
    /// The size of a request line (method, path and query) the emulator takes, 1 MiB; beyond it the web server refuses
    /// the request with a bare 414 (no body, no <c>X-Request-Id</c>), a status the reference does not list.
    /// </summary>
    public const int MaxRequestLineSize = 1024 * 1024;

    /// <summary>The methods of HTTP (RFC 9110, and PATCH of RFC 5789), matched case-sensitively; any other is 501.</summary>
    private static readonly HashSet<string> StandardMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    };

    /// <summary>The methods the emulator's APIs take, the <c>Allow</c> of <c>OPTIONS *</c>.</summary>
    private const string ServerMethods = "DELETE, GET, HEAD, POST";

    /// <summary>How long a stop waits for requests under way to finish.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    /// <summary>How many headers a request may have, 1000; beyond it the web server refuses it as beyond <see cref="MaxRequestHeadersTotalSize"/>.</summary>
    public const int MaxRequestHeaderCount = 1000;

    /// <summary>
    /// The size of a request's body the emulator takes, 30,000,000 bytes; a larger one is 413 in the API gateway's
    /// shape (<c>APIG.0201</c>, "Request entity too large."), with its <c>X-Request-Id</c>, as soon as the route reads it.
    /// </summary>
    public const long MaxRequestBodySize = 30_000_000;

    /// <summary>Where the emulator listens, for example <c>http://127.0.0.1:54321/</c>; DDM and IAM share it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The options the emulator runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The ids of the seeded DDM instances.</summary>
    public IReadOnlyList<string> InstanceIds { get; }

    /// <summary>How many of the tokens its IAM route issued the emulator holds, expired ones not yet dropped included.</summary>
    internal int TokensHeld => _tokens.Held;

    /// <summary>How many jobs the emulator holds, those past their retention not yet dropped included.</summary>
    internal int JobsHeld => _data.JobsHeld;

    /// <summary>What the emulator has answered so far.</summary>
    public EmulatorStatistics Statistics { get; }

    /// <summary>
    /// The faults the emulator injects: transient 5xx, 429 with <c>Retry-After</c>, connection resets mid-body,
    /// truncated JSON, stalled bodies and list totals that change between requests. Empty (no faults) at start;
    /// change it at any time, also while requests run. See <see cref="FaultPlan"/>.
    /// </summary>
    public FaultPlan Faults { get; }

    /// <summary>Seeds the data and starts listening on 127.0.0.1.</summary>
    /// <param name="options">The options; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static async Task<DdmEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        options.Validate();
        var data = new EmulatorData(options);
        var tokens = new TokenStore(options);
        var statistics = new EmulatorStatistics();
        var faults = new FaultPlan(options.Seed);

        // The emulator is a guest in the process that starts it (a test run, ddm, a user's program): an empty builder
        // reads no configuration, so neither appsettings.json in the working directory nor the environment (Kestrel
        // endpoints, limits) changes it, and the process's signals stay the process's (see GuestLifetime).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<IHostLifetime, GuestLifetime>();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            // Kestrel refuses more than 32 KiB of headers, or more than 100 of them, with a bare 431 of its own: no body,
            // no X-Request-Id. The reference sets no limit on headers (its 413 is for a request's entity, the body), so
            // such requests reach the emulator's own handling; only beyond these far higher bounds does Kestrel refuse.
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
            // Nor on the URI: Kestrel refuses a request line over 8 KiB (a long query, a long id) with a bare 414 of its own.
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineSize;
            kestrel.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = MaxRequestHeadersTotalSize;
            // A request target in absolute form (http://host/path, as sent to a proxy) names the host: RFC 9112 (3.2.2)
            // has the server ignore Host then, where Kestrel refuses one that differs with a bare 400 of its own.
            kestrel.AllowHostHeaderOverride = true;
            // A header value with bytes that are no UTF-8 (obs-text, which HTTP allows) was a bare 400 of Kestrel's own.
            kestrel.RequestHeaderEncodingSelector = _ => HeaderEncoding.Utf8OrLatin1;
        });
        // The web host gives requests under way 30 s to finish when stopped; one whose client never finishes sending it
        // (half its headers, part of its body) would hold every stop that long, Ctrl+C of the emulator program included.
        // The emulator's own answers take milliseconds.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = StopGrace);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ExactLiteralSegments>());
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var requestId = Guid.NewGuid().ToString("N");
            context.Items[Answers.RequestIdItem] = requestId;
            context.Response.Headers["X-Request-Id"] = requestId;
            // Counted as the answer starts, before a client can see it, so that a caller who has the answer also
            // sees the count; an answer that never starts is counted when the request ends.
            var counted = 0;
            void Count()
            {
                if (Interlocked.Exchange(ref counted, 1) == 0)
                {
                    statistics.CountRequest(FaultInjection.RouteName(context));
                }
            }

            // Answers written straight to the socket (the damaged ones of the fault plan) start without this event.
            context.Items[FaultInjection.CountItem] = (Action)Count;
            context.Response.OnStarting(() =>
            {
                Count();
                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
            {
                // The web server refuses a body it will not take (beyond MaxRequestBodySize, or a broken chunked
                // encoding) by throwing as a route reads it; left alone, that is a bare answer of the server's own, with
                // no body and no X-Request-Id. The gateway in front of DDM answers it, in its own shape.
                context.Response.Clear();
                context.Response.Headers["X-Request-Id"] = requestId;
                await Answers.GatewayError(
                    context,
                    refused.StatusCode,
                    "APIG.0201",
                    refused.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request entity too large." : "API request error.");
            }

            Count();
            if (options.RequestLog is { } log)
            {
                // A target with no path (OPTIONS *, CONNECT host:port) is logged as it came, escaped as a query is.
                var target = context.Request.Path.HasValue ? context.Request.Path.ToString() : LoggedQuery(context.Features.Get<IHttpRequestFeature>()?.RawTarget);
                var line = $"{context.Request.Method} {target}{LoggedQuery(context.Request.QueryString.Value)} -> {context.Response.StatusCode}";
                // Requests end on many threads at once, and a writer need not be thread-safe (a StringWriter is not).
                lock (log)
                {
                    log.WriteLine(line);
                }
            }
        });
        app.Use((context, next) =>
        {
            // A method that is none of HTTP's own (RFC 9110's, and PATCH of RFC 5789) is one the server does not
            // recognize, 501 (RFC 9110, 9.1), whatever the path; methods are case-sensitive, so "get" is no GET, where
            // routing would take it for one. 405 is for a method the server knows that the path does not take.
            if (!StandardMethods.Contains(context.Request.Method))
            {
                return Answers.GatewayError(context, StatusCodes.Status501NotImplemented, "APIG.0101", "The API gateway does not implement the method " + context.Request.Method + ".");
            }

            // OPTIONS * asks about the server as a whole (RFC 9110, 9.3.7), where routing would take its empty path for
            // the root's: 200, no body, and in Allow the methods its APIs take. OPTIONS on a path stays 405, as for
            // any method the path does not take (HTTP requires only GET and HEAD of a server, 9.1).
            if (HttpMethods.IsOptions(context.Request.Method) && context.Features.Get<IHttpRequestFeature>()?.RawTarget == "*")
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.Headers.Allow = ServerMethods;
                context.Response.ContentLength = 0;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseStatusCodePages(async pages =>
        {
            // Routing answers unknown paths (404) and wrong methods (405) with an empty body. No DDM API matches such a
            // request, so the gateway in front of DDM answers it, in its own shape (DDM's codes are all HTTP 400).
            var context = pages.HttpContext;
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                // The reference lists 405 among the statuses but no gateway code for it. APIG.0101 is the gateway's code
                // for a request that no published API takes, and an API is a method and a path, so the code stays; the
                // message says what is wrong, where the 404's words ("does not exist") would contradict the status.
                // Allow holds the methods of the routes that match the path exactly (see ExactLiteralSegments).
                var allowed = context.Response.Headers.Allow.ToString();
                await Answers.GatewayError(context, StatusCodes.Status405MethodNotAllowed, "APIG.0101", "The API does not allow the method " + context.Request.Method + (allowed.Length == 0 ? "." : "; it takes " + allowed + "."));
                return;
            }

            await Answers.GatewayError(context, context.Response.StatusCode, "APIG.0101", "The API does not exist or has not been published in the environment.");
        });
        app.UseRouting();
        app.Use(new FaultInjection(faults, app.Lifetime.ApplicationStopping).Invoke);
        var ddm = new DdmRoutes(data, tokens, options);
        app.Use(ddm.Authenticate);
        ddm.Map(app);
        new IamRoutes(options, tokens, statistics).Map(app);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // A start that fails (the port in use, a cancelled start) leaves nothing behind: the host's meters, its
            // services and whatever the server had opened go with it.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DdmEmulator(app, options, new Uri(address.TrimEnd('/') + "/"), data.Instances.Select(instance => instance.Id).ToList(), statistics, faults, tokens, data);
    }

    /// <summary>
    /// The query as the request log shows it: as sent, but with control characters, spaces and every character outside
    /// ASCII percent-encoded (as UTF-8), as the path is, so that a request cannot drive the terminal the log goes to.
    /// </summary>
    internal static string LoggedQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query.All(character => character is > ' ' and < '\u007f'))
        {
            return query ?? string.Empty;
        }

        var logged = new StringBuilder(query.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in query.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7F)
            {
                logged.Append((char)rune.Value);
                continue;
            }

            foreach (var value in bytes[..rune.EncodeToUtf8(bytes)])
            {
                logged.Append('%').Append(value.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return logged.ToString();
    }

    /// <summary>
    /// Stops listening; requests under way are given up to a second to finish, and their connections are closed after
    /// that, also those of requests whose clients are still sending them.
    /// </summary>
    /// <param name="cancellationToken">Cuts the graceful stop short.</param>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Stops the emulator as <see cref="StopAsync"/> does and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
