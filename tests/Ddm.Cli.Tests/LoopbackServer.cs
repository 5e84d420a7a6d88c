using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>
/// A raw HTTP server on 127.0.0.1 for what the emulator never does: <see cref="Stalled"/> accepts connections and never
/// answers, or answers a number of pages first and then falls silent; <see cref="Answering"/> answers every request
/// with the same status and JSON body (values that try to drive the terminal, pages that do not move on), and
/// <see cref="AnsweringInTurn"/> answers with one body after another, and <see cref="Paging"/> answers each page from the
/// offset and limit it was asked for; <see cref="Closing"/> closes each connection once it has read the request.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, string, (int Status, string Body)?> _answer;
    private int _requests;
    private int _connections;

    /// <summary>Bytes the answers declare beyond their body; when there are any, the connection is closed after the body.</summary>
    private int _declaredExtra;

    /// <summary>Whether a request that gets no answer has its connection closed rather than left silent.</summary>
    private bool _closeUnanswered;

    /// <summary>Whether whatever comes first is answered with a plain HTTP 400, as an http:// server does a TLS handshake.</summary>
    private bool _plainToAnything;

    /// <summary>Header lines each answer carries besides its own, each ending in CRLF.</summary>
    private string _extraHeaders = string.Empty;

    private LoopbackServer(Func<int, (int Status, string Body)?> answer)
        : this((number, _) => answer(number))
    {
    }

    private LoopbackServer(Func<int, string, (int Status, string Body)?> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>Never answers; or answers the first <paramref name="pagesAnswered"/> requests with a page of 128 backups (of 1 000).</summary>
    public static LoopbackServer Stalled(int pagesAnswered = 0) =>
        new(number => number <= pagesAnswered ? (200, Page(number - 1)) : null);

    /// <summary>Reads each request and closes the connection without an answer, as a server that crashed does.</summary>
    public static LoopbackServer Closing() => new(_ => null) { _closeUnanswered = true };

    /// <summary>Answers the first requests with <paramref name="bodies"/> in turn, then closes each connection without an answer.</summary>
    public static LoopbackServer ClosingAfter(params string[] bodies) =>
        new(number => number <= bodies.Length ? (200, bodies[number - 1]) : null) { _closeUnanswered = true };

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static LoopbackServer Answering(string body, int status = 200) => new(_ => (status, body));

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="body"/>, and the header line <paramref name="header"/> (such as <c>Retry-After: 120</c>).</summary>
    public static LoopbackServer Answering(string body, int status, string header) => new(_ => (status, body)) { _extraHeaders = header + "\r\n" };

    /// <summary>
    /// Answers the first bytes of each connection, a request or not (the start of a TLS handshake), with a plain HTTP 400
    /// and closes it, as a plain http:// server does when asked for https:// on its port.
    /// </summary>
    public static LoopbackServer PlainHttp() => new(_ => null) { _plainToAnything = true };

    /// <summary>Answers every request with the start of a page and then closes the connection, short of the length it declared.</summary>
    public static LoopbackServer CuttingOff() => new(_ => (200, "{\"backups\":[")) { _declaredExtra = 1000 };

    /// <summary>Answers every request with a page whose headers are <paramref name="headerBytes"/> long, more than an HttpClient takes.</summary>
    public static LoopbackServer AnsweringWithHeadersOf(int headerBytes) => new(_ => (200, Page(0))) { _extraHeaders = "X-Padding: " + new string('a', headerBytes) + "\r\n" };

    /// <summary>Answers the requests in turn with <paramref name="bodies"/> (status 200), the last one again after that.</summary>
    public static LoopbackServer AnsweringInTurn(params string[] bodies) => new(number => (200, bodies[Math.Min(number, bodies.Length) - 1]));

    /// <summary>Answers the requests in turn with <paramref name="answers"/>, each a status and a body, the last one again after that.</summary>
    public static LoopbackServer AnsweringInTurn(params (int Status, string Body)[] answers) => new(number => answers[Math.Min(number, answers.Length) - 1]);

    /// <summary>
    /// Answers each request (status 200) with the body <paramref name="page"/> makes of its number (1 for the first),
    /// and the <c>offset</c> and <c>limit</c> of its query (0 and 10 when not given), so that the list it serves can
    /// change between two pages and each page is cut from the list as it then is.
    /// </summary>
    public static LoopbackServer Paging(Func<int, int, int, string?> page) => new((number, target) =>
    {
        var offset = QueryValue(target, "offset") ?? 0;
        var limit = QueryValue(target, "limit") ?? 10;
        return page(number, offset, limit) is { } body ? (200, body) : null;
    });

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many connections were opened to it, whether or not a request came on them (a TLS handshake is none).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Answers a request for <paramref name="path"/> (the query left aside) with <paramref name="body"/>, and any other
    /// with the API gateway's 404 for a path no API has.
    /// </summary>
    public static LoopbackServer AnsweringAt(string path, string body) => new((_, target) =>
        target.Split('?')[0] == path ? (200, body) : (404, """{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment"}"""));

    /// <summary>
    /// Answers the requests in turn with <paramref name="answers"/>, the last one again after that, as IAM's token API
    /// does: each with an <c>X-Subject-Token</c> header, and on a connection it then closes, so that the body of a login,
    /// which this server does not read, never runs into the next request.
    /// </summary>
    public static LoopbackServer IssuingTokens(params (int Status, string Body)[] answers) =>
        new(number => answers[Math.Min(number, answers.Length) - 1]) { _extraHeaders = "X-Subject-Token: loopback-token\r\nConnection: close\r\n" };

    /// <summary>Answers every request with a redirect of <paramref name="status"/> to <paramref name="location"/>.</summary>
    public static LoopbackServer Redirecting(int status, string location) => new(_ => (status, string.Empty)) { _extraHeaders = "Location: " + location + "\r\n" };

    /// <summary>A page of one backup, as the reference's example answers.</summary>
    public const string OneBackup = """{"backups":[{"id":"b1","status":"normal","instance_id":"inst","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":1}""";

    public Dictionary<string, string?> Cloud() => new()
    {
        ["DDM_ENDPOINT"] = Address.ToString(),
        ["OS_PROJECT_ID"] = "619d3e78f61b4be68bc5aa0b59edcf7b",
        ["OS_AUTH_TOKEN"] = "loopback-token",
    };

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_held)
            {
                _held.Add(client);
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var buffer = new byte[16 * 1024];
            var pending = new StringBuilder();
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (_plainToAnything)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                    client.Dispose();
                    return;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                int end;
                while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    // The request target, between the method and the version on the first line.
                    var target = pending.ToString(0, end).Split("\r\n")[0].Split(' ') is { Length: 3 } line ? line[1] : string.Empty;
                    pending.Remove(0, end + 4);
                    var number = Interlocked.Increment(ref _requests);
                    if (_answer(number, target) is not { } answer)
                    {
                        if (_closeUnanswered)
                        {
                            client.Dispose();
                            return;
                        }

                        continue; // Silence: the request is read and never answered.
                    }

                    var body = Encoding.UTF8.GetBytes(answer.Body);
                    var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {answer.Status} Answer\r\nContent-Type: {(answer.Body.StartsWith('<') ? "text/html" : "application/json")}\r\nContent-Length: {body.Length + _declaredExtra}\r\n{_extraHeaders}\r\n"));
                    await stream.WriteAsync(head, _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                    if (_declaredExtra > 0)
                    {
                        client.Dispose();
                        return;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
        }
    }

    private static int? QueryValue(string target, string name)
    {
        var query = target.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? target[(at + 1)..] : string.Empty;
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return int.Parse(pair[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string Page(int index)
    {
        var items = new StringBuilder();
        for (var item = 0; item < 128; item++)
        {
            items.Append(item == 0 ? string.Empty : ",");
            items.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"stalled-{index:000}-{item:000}\",\"status\":\"normal\",\"instance_id\":\"inst\",\"created\":\"2025-02-19T02:50:20+0000\"}}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{{\"backups\":[{items}],\"offset\":{index * 128},\"limit\":128,\"total\":1000}}");
    }
}
