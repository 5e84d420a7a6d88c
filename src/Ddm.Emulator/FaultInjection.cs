using System;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Ddm.Emulator;

/// <summary>Applies the <see cref="FaultPlan"/> to routed requests; runs after routing, before authentication.</summary>
internal sealed class FaultInjection
{
    /// <summary>The context item that carries the total shift to the list routes.</summary>
    public const string TotalShiftItem = "ddm.total-shift";

    /// <summary>How long a damaged answer waits for the client to close the connection before aborting it.</summary>
    private static readonly TimeSpan ClientCloseBound = TimeSpan.FromSeconds(30);

    private readonly FaultPlan _plan;
    private readonly CancellationToken _stopping;

    public FaultInjection(FaultPlan plan, CancellationToken stopping)
    {
        _plan = plan;
        _stopping = stopping;
    }

    /// <summary>The item under which a request keeps the action that counts it once as answered.</summary>
    internal const string CountItem = "ddm.count-request";

    /// <summary>The route name of a routed request, for example <c>GET /v3/{project_id}/backups</c>; null when unrouted.</summary>
    public static string? RouteName(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint endpoint ? context.Request.Method + " " + endpoint.RoutePattern.RawText : null;

    /// <summary>The extra amount a list answer adds to its total (0 unless a shifting-total fault fired).</summary>
    public static int TotalShift(HttpContext context) => context.Items.TryGetValue(TotalShiftItem, out var shift) && shift is int value ? value : 0;

    public async Task Invoke(HttpContext context, RequestDelegate next)
    {
        var route = RouteName(context);
        // A HEAD (the GET's header fields without its body) is answered as it is: the faults are the GET's, and most of
        // them damage a body that a HEAD does not have.
        var decision = route is null || HttpMethods.IsHead(context.Request.Method) ? null : _plan.Decide(route, context.Request.Method, context.Request.Path.Value + context.Request.QueryString.Value);
        if (decision is not { } fault)
        {
            await next(context);
            return;
        }

        var rule = fault.Rule;
        switch (rule.Kind)
        {
            case FaultKind.ServerError:
                await ServerError(context, rule.Statuses[(int)(fault.Draw % (ulong)rule.Statuses.Count)]);
                return;
            case FaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Answers.GatewayError(context, StatusCodes.Status429TooManyRequests, "APIG.0308", "The throttling threshold has been reached.");
                return;
            case FaultKind.ShiftingTotal:
                context.Items[TotalShiftItem] = checked(fault.Occurrence * rule.TotalStep);
                await next(context);
                return;
            default:
                await DamageBody(context, next, rule);
                return;
        }
    }

    private static Task ServerError(HttpContext context, int status) => status switch
    {
        StatusCodes.Status500InternalServerError => Answers.DdmError(context, status, "DBS.200412", "Server failure."),
        StatusCodes.Status504GatewayTimeout => Answers.GatewayError(context, status, "APIG.0201", "Backend timeout."),
        _ => Answers.GatewayError(context, status, "APIG.0202", "Backend unavailable."),
    };

    /// <summary>Lets the request be answered into a buffer, then sends the real status and headers and half of the body.</summary>
    private async Task DamageBody(HttpContext context, RequestDelegate next, FaultRule rule)
    {
        var original = context.Response.Body;
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            body = buffer.ToArray();
        }

        // At least one byte is kept and at least one is lost, so a JSON object never survives whole.
        var kept = body.Length <= 1 ? 0 : Math.Max(1, body.Length / 2);
        if (rule.Kind == FaultKind.TruncatedJson)
        {
            context.Response.ContentLength = kept;
            await original.WriteAsync(body.AsMemory(0, kept), context.RequestAborted);
            return;
        }

        context.Response.ContentLength = body.Length;
        if (!HttpProtocol.IsHttp11(context.Request.Protocol) || context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            // Not HTTP/1.1 on a socket: the best the server can do is to send the part and abort.
            await original.WriteAsync(body.AsMemory(0, kept), context.RequestAborted);
            await original.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        // The server's own abort resets the connection at once, and a reset makes the client drop bytes it has not
        // read yet (and the server's output may not even have left its buffers). So the damaged answer goes straight
        // to the socket: status line, headers and the part of the body are in the kernel's hands before anything
        // else happens, then the sending side ends (a stall waits first), and the connection is aborted only once
        // the client has closed it, the emulator stops, or a bound passes.
        try
        {
            // Counted before the client can see any of it, as every other answer is.
            (context.Items[CountItem] as Action)?.Invoke();
            socket.Send(RawHead(context));
            socket.Send(body.AsSpan(0, kept));
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            if (rule.Kind == FaultKind.StalledBody)
            {
                await WaitUntilCancelled(rule.StallFor, waiting.Token);
            }

            if (!waiting.IsCancellationRequested)
            {
                socket.Shutdown(SocketShutdown.Send);
                await WaitUntilCancelled(ClientCloseBound, waiting.Token);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The client is gone already.
        }

        context.Abort();
    }

    private static async Task WaitUntilCancelled(TimeSpan bound, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(bound, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The HTTP/1.1 status line and headers of the answer, as the server would have sent them.</summary>
    private static byte[] RawHead(HttpContext context)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {context.Response.StatusCode} {ReasonPhrases.GetReasonPhrase(context.Response.StatusCode)}\r\n");
        foreach (var (name, values) in context.Response.Headers)
        {
            foreach (var value in values)
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }
}
