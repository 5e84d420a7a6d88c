using System;
using System.Collections.Concurrent;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// A real HTTP server on 127.0.0.1 whose answers a test scripts: for what a server that follows the contract
/// never does (repeat pages, answer HTML), and to see the request exactly as it went over the wire.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The request targets as sent (path and query, still escaped), in arrival order.</summary>
    public ConcurrentQueue<string> RawTargets { get; } = new();

    public ConcurrentQueue<(string Name, string Value)> Headers { get; } = new();

    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedServer? server = null;
        app.Run(async context =>
        {
            server!.RawTargets.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            foreach (var header in context.Request.Headers)
            {
                server.Headers.Enqueue((header.Key, header.Value.ToString()));
            }

            await handler(context);
        });
        await app.StartAsync();
        var address = new Uri(app.Urls is { Count: > 0 } urls ? System.Linq.Enumerable.First(urls) : throw new InvalidOperationException("Kestrel did not bind."));
        server = new ScriptedServer(app, address);
        return server;
    }

    /// <summary>An answer of <paramref name="status"/> with <paramref name="json"/> as its body, typed application/json.</summary>
    public static Func<HttpContext, Task> Json(int status, string json) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    };

    /// <summary>A server that answers every request with a redirect of <paramref name="status"/> to <paramref name="target"/>.</summary>
    public static Task<ScriptedServer> StartRedirectingAsync(int status, ScriptedServer target) => StartAsync(context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = new Uri(target.BaseAddress, "collect").ToString();
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
