using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ddm.Client.Tests.Http;

/// <summary>A request as the server read it: its method, its target as sent (path and query, still escaped) and its body.</summary>
internal sealed record SeenRequest(string Method, string Target, string Body);

/// <summary>
/// A <see cref="ScriptedServer"/> that keeps every request it reads before it answers, an HttpClient, and a generated
/// client that the test makes on the two. Disposing it disposes the HttpClient and stops the server.
/// </summary>
internal sealed class RecordingServer<TClient> : IAsyncDisposable
{
    private RecordingServer(ScriptedServer server, HttpClient http, TClient client, ConcurrentQueue<SeenRequest> seen)
    {
        Server = server;
        Http = http;
        Client = client;
        Seen = seen;
    }

    public ScriptedServer Server { get; }

    public HttpClient Http { get; }

    public TClient Client { get; }

    /// <summary>The requests read, in arrival order.</summary>
    public ConcurrentQueue<SeenRequest> Seen { get; }

    /// <summary>
    /// Starts a server that records each request and then answers it with <paramref name="answer"/>;
    /// <paramref name="client"/> makes the client from the HttpClient and the server's address.
    /// </summary>
    public static async Task<RecordingServer<TClient>> StartAsync(Func<HttpContext, Task> answer, Func<HttpClient, Uri, TClient> client)
    {
        var seen = new ConcurrentQueue<SeenRequest>();
        var server = await ScriptedServer.StartAsync(async context =>
        {
            using var reader = new System.IO.StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            seen.Enqueue(new SeenRequest(context.Request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget, body));
            await answer(context);
        });
        var http = new HttpClient();
        return new RecordingServer<TClient>(server, http, client(http, server.BaseAddress), seen);
    }

    public void Deconstruct(out TClient client, out ConcurrentQueue<SeenRequest> seen)
    {
        client = Client;
        seen = Seen;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
