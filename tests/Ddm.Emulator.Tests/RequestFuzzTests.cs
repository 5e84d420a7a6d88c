using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;

namespace Ddm.Emulator.Tests;

/// <summary>
/// Requests drawn from a grammar of the emulator's routes, mutated in their method, path, query, credentials, headers and
/// body, sent to a running emulator over a socket as they are, and what must hold for every answer: there is one (no
/// hang, no reset), it is never 500, it has its X-Request-Id, its status is one the reference lists for such a request
/// (a success only of the kind the method has), an answer that is no success has the error shape of its layer (DDM's,
/// the API gateway's or IAM's) as JSON, a route that takes a body takes JSON in UTF-8 and refuses JSON in another charset
/// as 415, no answer carries back a credential the request sent, a request signed as the
/// signing facts say is not refused by the gateway, and a HEAD is answered as its GET without the body.
/// </summary>
/// <remarks>
/// The cases are drawn from one fixed seed, so every run sends the same requests; a failing case is then shrunk by
/// CsCheck from its seed, and the smallest failing request it finds is what the failure reports.
/// </remarks>
public sealed class RequestFuzzTests : IAsyncLifetime
{
    private const int Cases = 500;

    /// <summary>Guards against hangs only: a loopback answer takes milliseconds.</summary>
    private static readonly TimeSpan AnswerGuard = TimeSpan.FromSeconds(10);

    /// <summary>A temporary key pair besides the default one: its requests carry and sign its security token.</summary>
    private static readonly EmulatorAccessKey Temporary = new("EMULATORAK0000000002", "temporary-secret-key", "temporary-security-token-7Qx2");

    private DdmEmulator _emulator = null!;
    private World _world = null!;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions();
        options.AccessKeys.Add(Temporary);
        _emulator = await DdmEmulator.StartAsync(options);
        _world = await World.Read(_emulator);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Every_request_is_answered_in_a_documented_status_and_shape_without_its_credentials()
    {
        var gen = Probes(_world);
        var pcg = new PCG(7, 20_261_129);
        for (var number = 0; number < Cases; number++)
        {
            var state = pcg.State;
            var probe = gen.Generate(pcg, null, out _);
            if (await Violation(probe) is null)
            {
                continue;
            }

            // The smallest failing request CsCheck finds from this case's seed on; its exception names it.
            await Check.SampleAsync(gen, async candidate =>
            {
                if (await Violation(candidate) is { } violation)
                {
                    throw new InvalidOperationException(violation);
                }
            }, seed: pcg.ToString(state), iter: 300, threads: 1, print: candidate => candidate.ToString());
            Assert.Fail($"case {number} failed, but not when drawn again: {probe}");
        }
    }

    /// <summary>What is wrong with the answer to <paramref name="probe"/>, or null when nothing is.</summary>
    private async Task<string?> Violation(Probe probe)
    {
        Answer answer;
        Answer? asGet = null;
        try
        {
            answer = await Send(probe);
            if (probe.Method == "HEAD")
            {
                asGet = await Send(probe with { Method = "GET" });
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or TimeoutException or FormatException)
        {
            return $"no answer ({exception.GetType().Name}: {exception.Message})";
        }

        if (asGet is not null)
        {
            // README: every route that takes GET takes HEAD, answered with the GET's status and header fields and no body (a
            // path that takes no GET is 405 to both, whose message names the method, so its length differs).
            return answer.Status != asGet.Status || answer.Body.Length != 0 || Fields(answer, asGet.Status == 405) != Fields(asGet, asGet.Status == 405)
                ? $"a HEAD that is not its GET without the body: HEAD {answer.Head.Replace("\r\n", " | ", StringComparison.Ordinal)}, body {Cut(answer.Body)}; GET {asGet.Head.Replace("\r\n", " | ", StringComparison.Ordinal)}"
                : null;
        }

        return Problem(probe, answer) is { } problem ? $"{problem}: HTTP {answer.Status}, {answer.Head.Replace("\r\n", " | ", StringComparison.Ordinal)}, body {Cut(answer.Body)}" : null;
    }

    /// <summary>The header fields that do not change from one answer to the next (not Date, not the request id).</summary>
    private static string Fields(Answer answer, bool withoutLength) =>
        string.Join("|", answer.Headers.Where(header => header.Key is not ("Date" or "X-Request-Id") && !(withoutLength && header.Key == "Content-Length")).OrderBy(header => header.Key, StringComparer.OrdinalIgnoreCase).Select(header => header.Key + ":" + header.Value));

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "..." : text;

    /// <summary>The invariants, for one answer.</summary>
    private static string? Problem(Probe probe, Answer answer)
    {
        if (answer.Status == 500)
        {
            return "500";
        }

        // README: a header value holding a NUL byte is refused by the web server itself, a bare 400 (no body, no request
        // id), as RFC 9110 (5.5) has a recipient reject it; never read and answered by a route.
        if (probe.Headers.Any(header => header.Value.Contains('\0', StringComparison.Ordinal)))
        {
            return answer.Status == 400 && !answer.Headers.ContainsKey("x-request-id") && answer.Body.Length == 0
                ? null
                : "a header value with a NUL byte not refused with the web server's bare 400";
        }

        // Every answer the emulator writes has its request id (README: the web server's own bare answers aside, to
        // requests the grammar does not make but the one above).
        if (!answer.Headers.TryGetValue("x-request-id", out var requestId) || requestId.Length == 0)
        {
            return "an answer without X-Request-Id";
        }

        // A request signed as the signing facts say, by a known key, now, with nothing else about its credentials
        // changed, passes the gateway's check, whatever else it has.
        if (answer.Status == 401 && probe.Route != Route.IssueToken && probe.Signing is { Stale: false } signing
            && ((signing.SecretKey == probe.GoodSecret && signing.SecurityToken is null) || (signing.AccessKey == Temporary.AccessKey && signing.SecretKey == Temporary.SecretKey && signing.SecurityToken == Temporary.SecurityToken))
            && !probe.Headers.Any(header => header.Name is "X-Sdk-Date" or "X-Security-Token" or "Authorization" or "X-Sdk-Content-Sha256"))
        {
            return "a request signed well refused";
        }

        // A success only of the kind the method has in the reference (and README: IAM's token is 201); no other status
        // than the reference's list (the web server's own bare answers to requests the grammar does not make aside).
        var success = probe.Method switch
        {
            "GET" => new[] { 200 },
            "DELETE" => new[] { 202 },
            "POST" => probe.Route == Route.IssueToken ? new[] { 201 } : new[] { 202 },
            _ => Array.Empty<int>(),
        };
        // README: a route that takes a body takes JSON in UTF-8 only.
        var declared = DeclaredType(probe);
        if (answer.Status is >= 200 and < 300 && probe.Method == "POST" && JsonInAnotherCharset.Contains(declared))
        {
            return "a body declared as JSON in another charset taken";
        }

        if (answer.Status is >= 200 and < 300)
        {
            return success.Contains(answer.Status) ? null : "a success the reference does not give this method";
        }

        if (answer.Status is not (400 or 401 or 403 or 404 or 405 or 413 or 415 or 501))
        {
            return "a status the reference does not list";
        }

        if (!answer.Headers.TryGetValue("content-type", out var type) || !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return "an error that is not declared as JSON";
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "an error body that is not JSON";
        }

        var layer = Layer(root);
        if (layer is null)
        {
            return "an error in none of the documented shapes";
        }

        // DDM answers its own errors, 400 and (for a body it does not take) 415; authentication, unknown APIs and
        // methods, and bodies too large are the gateway's; the token route is IAM's, whose own errors are 400, 401 and
        // (for a body it does not take) 415.
        var fits = layer switch
        {
            "ddm" => probe.Route != Route.IssueToken && answer.Status is 400 or 415,
            "gateway" => answer.Status is not 415,
            _ => probe.Route == Route.IssueToken && answer.Status is 400 or 401 or 415,
        };
        if (!fits)
        {
            return $"an error in the {layer} shape where that layer does not answer so";
        }

        // A route that takes a body (DDM's restores, IAM's token route) decides its media type before anything else of
        // its own: once the gateway lets a POST through, JSON in another charset is 415, and JSON in UTF-8 never is.
        if (probe.Method == "POST" && layer is "ddm" or "iam")
        {
            if (JsonInAnotherCharset.Contains(declared) && answer.Status != 415)
            {
                return "a body declared as JSON in another charset not refused as 415";
            }

            if (JsonInUtf8.Contains(declared) && answer.Status == 415)
            {
                return "a body declared as JSON in UTF-8 refused as another media type";
            }
        }

        // The codes the reference and README give each status: DDM's documented codes; the gateway's for authentication
        // (401, 403), for no such API or method (404, 405, 501) and for a body it does not take (400, 413), with the
        // answer's request id.
        var known = layer switch
        {
            "ddm" => root.GetProperty("errCode").GetString() is "DBS.280001" or "DBS.300400" or "DBS.300002" or "DBS.300005",
            "gateway" => (answer.Status, root.GetProperty("error_code").GetString()) is (401, "APIG.0301") or (403, "APIG.0302") or (404 or 405 or 501, "APIG.0101") or (400 or 413, "APIG.0201")
                && root.GetProperty("request_id").GetString() == answer.Headers["x-request-id"],
            _ => root.GetProperty("error").GetProperty("code").GetInt32() == answer.Status,
        };
        if (!known)
        {
            return "an error whose code, status or request id do not go together";
        }

        return Echo(probe, answer);
    }

    /// <summary>A credential of the request that the answer carries back, in a header or its body.</summary>
    private static string? Echo(Probe probe, Answer answer)
    {
        foreach (var secret in probe.Secrets)
        {
            if (answer.Head.Contains(secret, StringComparison.Ordinal) || answer.Body.Contains(secret, StringComparison.Ordinal))
            {
                return "the answer carries back the credential " + secret;
            }
        }

        return null;
    }

    /// <summary>Which documented error shape the body has: exactly its members, each a string (IAM's code a number).</summary>
    private static string? Layer(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var names = root.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal).ToArray();
        bool Strings(params string[] members) => names.SequenceEqual(members) && members.All(name => root.GetProperty(name).ValueKind == JsonValueKind.String);
        if (Strings("errCode", "externalMessage"))
        {
            return "ddm";
        }

        if (Strings("error_code", "error_msg", "request_id"))
        {
            return "gateway";
        }

        if (names is ["error"] && root.GetProperty("error") is { ValueKind: JsonValueKind.Object } error
            && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
            && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            && error.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
        {
            return "iam";
        }

        return null;
    }

    private sealed record Answer(int Status, string Head, Dictionary<string, string> Headers, string Body);

    /// <summary>Writes the request as it is (signed now, when it is to be), reads the answer to the end of the connection.</summary>
    private async Task<Answer> Send(Probe probe)
    {
        var authority = _emulator.BaseAddress.Authority;
        var headers = new List<(string Name, string Value)> { ("Host", authority) };
        headers.AddRange(probe.Headers);
        var body = probe.Body is null ? null : Encoding.UTF8.GetBytes(probe.Body);
        if (probe.Signing is { } signing)
        {
            Sign(probe, signing, headers, body ?? Array.Empty<byte>());
        }

        using var request = new MemoryStream();
        // In absolute form (as sent to a proxy) the target names the authority too; RFC 9112 (3.2.2) has it win over Host.
        request.Write(Encoding.ASCII.GetBytes(probe.Method + " " + (probe.AbsoluteForm ? "http://" + authority : string.Empty) + Escaped(probe.Target) + " HTTP/1.1\r\n"));
        var chunked = probe.Headers.Any(header => header.Name == "Transfer-Encoding");
        if (chunked)
        {
            // The body in one chunk, and the last chunk; no body is the last chunk alone.
            var chunk = body is null or { Length: 0 } ? Array.Empty<byte>() : Encoding.ASCII.GetBytes(body.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n").Concat(body).Concat("\r\n"u8.ToArray());
            body = chunk.Concat("0\r\n\r\n"u8.ToArray()).ToArray();
        }
        else if (body is not null)
        {
            headers.Add(("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        headers.Add(("Connection", "close"));
        foreach (var (name, value) in headers)
        {
            // A value of characters up to U+00FF goes as those bytes (obs-text, RFC 9110, 5.5, beyond ASCII), others as UTF-8.
            request.Write(Encoding.ASCII.GetBytes(name + ": "));
            request.Write(value.All(character => character <= '\u00ff') ? Encoding.Latin1.GetBytes(value) : Encoding.UTF8.GetBytes(value));
            request.Write("\r\n"u8);
        }

        request.Write("\r\n"u8);
        request.Write(body ?? Array.Empty<byte>());
        using var timeout = new CancellationTokenSource(AnswerGuard);
        using var client = new TcpClient();
        await client.ConnectAsync(_emulator.BaseAddress.Host, _emulator.BaseAddress.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request.ToArray(), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return Parse(received.ToArray());
    }

    /// <summary>
    /// The target with every character outside ASCII percent-encoded as UTF-8, as clients send it: HTTP has no
    /// unescaped ones in a request target (RFC 9112, 3.2), and the web server refuses those with a bare 400.
    /// </summary>
    private static string Escaped(string target)
    {
        var escaped = new StringBuilder(target.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in target.EnumerateRunes())
        {
            if (rune.Value < 0x80)
            {
                escaped.Append((char)rune.Value);
                continue;
            }

            foreach (var value in bytes[..rune.EncodeToUtf8(bytes)])
            {
                escaped.Append('%').Append(value.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    private static Answer Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FormatException("the answer has no end of its header section: " + Cut(text));
        }

        var head = text[..end];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = new StringBuilder();
            var at = 0;
            while (true)
            {
                var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = int.Parse(body.AsSpan(at, lineEnd - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    break;
                }

                decoded.Append(body, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }

            body = decoded.ToString();
        }

        return new Answer(status, head, headers, body);
    }

    /// <summary>
    /// Adds X-Sdk-Date (and X-Security-Token, X-Sdk-Content-Sha256 when asked) and Authorization as the SDKs sign: every
    /// header the request has then but Content-Type and names with '_', and the body's hash or UNSIGNED-PAYLOAD.
    /// </summary>
    private void Sign(Probe probe, Signing signing, List<(string Name, string Value)> headers, byte[] body)
    {
        var now = _emulator.Options.TimeProvider.GetUtcNow() + (signing.Stale ? TimeSpan.FromMinutes(-20) : TimeSpan.Zero);
        headers.Add(("X-Sdk-Date", now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)));
        if (signing.SecurityToken is { } securityToken)
        {
            headers.Add(("X-Security-Token", securityToken));
        }

        if (signing.UnsignedPayload)
        {
            headers.Add(("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"));
        }

        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower != "content-type" && !lower.Contains('_', StringComparison.Ordinal))
            {
                // Repeated lines are one comma-separated list, whose empty elements count for nothing (RFC 9110, 5.3, 5.6.1).
                signed[lower] = string.Join(",", new[] { signed.GetValueOrDefault(lower, string.Empty), value.Trim() }.Where(part => part.Length > 0));
            }
        }

        var target = Escaped(probe.Target);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];
        var canonical = TestSigner.CanonicalRequest(probe.Method, path, query, signed, body, signing.UnsignedPayload);
        var signature = TestSigner.Signature(signing.SecretKey, signed["x-sdk-date"], canonical);
        headers.Add(("Authorization", $"SDK-HMAC-SHA256 Access={signing.AccessKey}, SignedHeaders={string.Join(";", signed.Keys)}, Signature={signature}"));
    }

    private enum Route
    {
        Versions,
        ListBackups,
        DeleteBackup,
        RestorableTimeIntervals,
        Restore,
        ShowJob,
        ShowBackup,
        RestorableInstances,
        RelatedDataNodes,
        RestoreMetadata,
        IssueToken,
    }

    /// <summary>How a request is signed: the key pair, and whether its date is beyond the gateway's 15 minutes.</summary>
    private sealed record Signing(string AccessKey, string SecretKey, bool Stale, string? SecurityToken = null, bool UnsignedPayload = false);

    /// <summary>One request: what is sent, and the credentials in it, which no answer may carry back.</summary>
    private sealed record Probe(Route Route, string Method, string Target, (string Name, string Value)[] Headers, string? Body, Signing? Signing, string[] Secrets, string GoodSecret, bool AbsoluteForm)
    {
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(Method).Append(' ').Append(AbsoluteForm ? "http://{authority}" : string.Empty).Append(Cut(Target));
            foreach (var (name, value) in Headers)
            {
                text.Append(" | ").Append(name).Append(": ").Append(Cut(value).Replace("\0", "\\0", StringComparison.Ordinal));
            }

            if (Signing is { } signing)
            {
                text.Append(" | signed by ").Append(signing.AccessKey).Append(signing.Stale ? " 20 minutes ago" : string.Empty);
            }

            text.Append(Body is null ? " | no body" : " | body " + Cut(Body));
            return text.ToString();
        }
    }

    /// <summary>The seeded data the grammar names: the project, instances, backups, a restorable time, a job.</summary>
    private sealed record World(EmulatorOptions Options, IReadOnlyList<string> Instances, IReadOnlyList<string> Backups, IReadOnlyList<string> BackupPaths, long RestoreTime, string Job, string IssuedToken)
    {
        public static async Task<World> Read(DdmEmulator emulator)
        {
            using var http = new System.Net.Http.HttpClient { BaseAddress = emulator.BaseAddress };
            http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
            var prefix = "v3/" + emulator.Options.ProjectId;
            using var backups = JsonDocument.Parse(await http.GetStringAsync(prefix + "/backups?limit=128"));
            var ids = backups.RootElement.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("id").GetString()!).ToList();
            var paths = backups.RootElement.GetProperty("backups").EnumerateArray().Take(6).Select(backup => $"{backup.GetProperty("instance_id").GetString()}/backups/{backup.GetProperty("id").GetString()}").ToList();
            var options = emulator.Options;
            using var signIn = await http.PostAsync(
                "v3/auth/tokens",
                new System.Net.Http.StringContent(
                    "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"" + options.IamUserName + "\",\"password\":\"" + options.IamPassword
                    + "\",\"domain\":{\"name\":\"" + options.IamDomainName + "\"}}}},\"scope\":{\"project\":{\"id\":\"" + options.ProjectId + "\"}}}}",
                    Encoding.UTF8,
                    "application/json"));
            var issued = signIn.Headers.GetValues("X-Subject-Token").Single();
            // A job to ask about; the delete may move the instance's first window, so the windows are read after it.
            using var deleted = await http.DeleteAsync($"{prefix}/backups/{ids[^1]}");
            using var job = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync());
            using var intervals = JsonDocument.Parse(await http.GetStringAsync($"{prefix}/instances/{emulator.InstanceIds[0]}/backups/restorable-time-interval"));
            var start = intervals.RootElement.GetProperty("restorable_time_intervals").EnumerateArray().Last().GetProperty("start_time").GetString()!;
            var restoreTime = DateTimeOffset.ParseExact(start.Replace("Z", "+00:00", StringComparison.Ordinal), new[] { "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz" }, CultureInfo.InvariantCulture, DateTimeStyles.None).ToUnixTimeMilliseconds() + 1000;
            return new World(options, emulator.InstanceIds, ids, paths, restoreTime, job.RootElement.GetProperty("job_id").GetString()!, issued);
        }
    }

    private static readonly string[] Methods = { "GET", "POST", "PUT", "DELETE", "HEAD" };

    /// <summary>Path segments no route has: empty, escaped slashes and dots, dot segments, long, not ASCII, bad escapes.</summary>
    private static readonly Gen<string> OddSegment = Gen.OneOf(
        Gen.OneOf("", "%2F", "a%2Fb", "%2f", ".", "..", "%2E", "%2E%2E", "%C3%A9", "\u00e9", "\u65e5\u672c", "%FF", "%zz", "%", "%20", "a+b", "%3F", "%23", "x;y", "~", "%252F", "restorable-instances", "Backups", "%0A", "%0D%0AX-Injected:%201", "%C0%AF", "%E2%80%AE", "%7F", "%EF%BB%BF"),
        Gen.Int[1, 3].Select(size => new string('a', size * 3000)),
        Gen.String[Gen.Char.AlphaNumeric, 1, 40]);

    private static Gen<string> Segment(params string[] good) => Gen.Frequency(
        (6, Gen.OneOf(good)),
        (2, OddSegment));

    /// <summary>The query: some pairs, the documented names among others, with values in and out of their ranges.</summary>
    private static Gen<string> Query(long restoreTime)
    {
        var name = Gen.OneOf("offset", "limit", "restore_time", "Limit", "OFFSET", "foo", "", "off%73et", "%FF", "a%20b", "limit[]", "\u00e9");
        var value = Gen.Frequency(
            (3, Gen.Int[-3, 200].Select(number => number.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Const(restoreTime.ToString(CultureInfo.InvariantCulture))),
            (2, Gen.OneOf("", "0", "-1", "128", "129", "2147483648", "99999999999999999999999", "9223372036854775808", "-9223372036854775809", "abc", "1.5", "1e3", "0x10", "%2F", "%FF", "%zz", "1%00", "+1", "%2B1", "\u00e9", "1,2", "%0D%0A", "1%0A", "%EF%BC%91")));
        var pair = Gen.Frequency(
            (8, Gen.Select(name, value, (n, v) => n + "=" + v)),
            (1, name),
            (1, value.Select(v => "=" + v)));
        return Gen.Frequency(
            (2, Gen.Const(string.Empty)),
            (5, pair.Array[1, 5].Select(pairs => "?" + string.Join("&", pairs))),
            (1, Gen.Select(Gen.Int[0, 3], Gen.Int[1, 3]).Select(page => $"?restore_time={restoreTime}&offset={page.Item1}&limit={page.Item2}")),
            (1, Gen.OneOf("?", "?&", "?&&limit=1", "?" + string.Concat(Enumerable.Repeat("a=1&", 30_000)) + "limit=1", "?%", "?limit=%", "?limit=1%")));
    }

    private static Gen<(Route Route, string Method, string Path)> Paths(World world)
    {
        var project = Gen.Frequency((8, Gen.Const(world.Options.ProjectId)), (1, Gen.OneOf("0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d", world.Options.ProjectId.ToUpperInvariant())), (1, OddSegment));
        var instance = Segment(world.Instances.Append("unknown-instance").ToArray());
        var backup = Segment(world.Backups.Take(5).Append(world.Backups[^1]).Append("unknown-backup").ToArray());
        var job = Segment(world.Job, "unknown-job", "00000000-0000-0000-0000-000000000000");
        Gen<(Route, string, string)> Under(Route route, string method, Gen<string> path) => Gen.Select(project, path, (p, rest) => (route, method, "/v3/" + p + rest));
        return Gen.OneOf(
            Gen.Const((Route.Versions, "GET", "/")),
            Under(Route.ListBackups, "GET", Gen.Const("/backups")),
            Under(Route.DeleteBackup, "DELETE", backup.Select(id => "/backups/" + id)),
            Under(Route.RestorableTimeIntervals, "GET", instance.Select(id => $"/instances/{id}/backups/restorable-time-interval")),
            Under(Route.Restore, "POST", instance.Select(id => $"/instances/{id}/backups/recovery")),
            Under(Route.ShowJob, "GET", job.Select(id => "/jobs/" + id)),
            Under(Route.ShowBackup, "GET", Gen.Frequency(
                (2, Gen.Select(instance, backup, (i, b) => $"/instances/{i}/backups/{b}")),
                (1, Gen.OneOf(world.BackupPaths.ToArray()).Select(pair => "/instances/" + pair)))),
            Under(Route.RestorableInstances, "GET", instance.Select(id => $"/instances/{id}/backups/restorable-instances")),
            Under(Route.RelatedDataNodes, "GET", instance.Select(id => $"/instances/{id}/backups/related-dn")),
            Under(Route.RestoreMetadata, "POST", instance.Select(id => $"/instances/{id}/backups/metadata-recovery")),
            Gen.Const((Route.IssueToken, "POST", "/v3/auth/tokens")));
    }

    /// <summary>Bodies: none, empty, not JSON, deep, huge numbers, wrong types, the documented ones and with extra members.</summary>
    private static Gen<(string? Body, string[] Secrets)> Bodies(World world, Route route)
    {
        var source = world.Instances[0];
        var target = world.Instances[1];
        var time = world.RestoreTime;
        var deep = Gen.Int[10, 300].Select(depth => new string('[', depth) + new string(']', depth));
        var deepObject = Gen.Int[10, 300].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
        var number = Gen.OneOf($"{time}", "1e400", "-1e400", "99999999999999999999999999", "1.5", "-0", "\"123\"", "null", "true", "[]", "{}", "9223372036854775807", "-9223372036854775808", $"{time}.0");
        var id = Gen.OneOf($"\"{source}\"", $"\"{target}\"", "\"unknown\"", "1", "null", "[]", "{}", "\"\"");
        var restore = Gen.Select(id, number, id, Gen.Bool, (s, n, t, extra) =>
            $"{{\"source\":{{\"instance_id\":{s},\"restore_time\":{n}}},\"target\":{{\"instance_id\":{t}}}" + (extra ? ",\"data_node_relations\":[{\"source_instance_id\":\"a\",\"target_instance_id\":\"b\"}],\"extra\":{\"x\":[1,2]}" : string.Empty) + "}");
        var metadata = Gen.Select(Gen.OneOf($"\"backup_id\":\"{world.Backups[0]}\"", $"\"restore_time\":{time}", "\"backup_id\":1", "\"restore_time\":\"x\"", $"\"backup_id\":\"{world.Backups[0]}\",\"restore_time\":{time}", ""), id, Gen.OneOf("", ",\"data_nodes\":[\"a\"]", ",\"data_nodes\":[1]", ",\"data_nodes\":\"a\""), (from, to, nodes) =>
            $"{{\"source\":{{{from}}},\"target\":{{\"instance_id\":{to}{nodes}}}}}");
        var password = Gen.Frequency((1, Gen.Const(world.Options.IamPassword)), (2, Gen.String[Gen.Char.AlphaNumeric, 8, 20].Select(text => "pw-" + text)));
        var iam = Gen.Select(password, Gen.OneOf("\"password\"", "\"token\"", "1"), Gen.OneOf($"\"id\":\"{world.Options.ProjectId}\"", $"\"name\":\"{world.Options.ProjectName}\"", "\"id\":\"other\"", "\"id\":1"), Gen.OneOf(world.Options.IamUserName, "someone"), (secret, method, scope, user) =>
            ((string?)$"{{\"auth\":{{\"identity\":{{\"methods\":[{method}],\"password\":{{\"user\":{{\"name\":\"{user}\",\"password\":\"{secret}\",\"domain\":{{\"name\":\"{world.Options.IamDomainName}\"}}}}}}}},\"scope\":{{\"project\":{{{scope}}}}}}}}}", new[] { secret }));
        var plain = Gen.OneOf(
            Gen.Const((string?)null),
            Gen.OneOf<string?>("", "not json", "{", "}", "null", "[]", "\"text\"", "{\"a\":1,\"a\":2}", "\u00e9", "{\"source\":{}}", "{\"source\":\"x\",\"target\":1}", "\ufeff{}", "{}\u0000", "{\"a\":\"\\ud800\"}"),
            deep.Select(text => (string?)text),
            deepObject.Select(text => (string?)text),
            restore.Select(text => (string?)text),
            metadata.Select(text => (string?)text),
            Gen.Int[1, 4].Select(size => (string?)("{\"pad\":\"" + new string('x', size * 20_000) + "\"}")));
        var fitting = route switch
        {
            Route.Restore => Gen.Frequency(
                (2, restore.Select(text => (string?)text)),
                (1, Gen.Const((string?)$"{{\"source\":{{\"instance_id\":\"{source}\",\"restore_time\":{time}}},\"target\":{{\"instance_id\":\"{target}\"}}}}"))),
            Route.RestoreMetadata => Gen.Frequency(
                (2, metadata.Select(text => (string?)text)),
                (1, Gen.Const((string?)$"{{\"source\":{{\"backup_id\":\"{world.Backups[0]}\"}},\"target\":{{\"instance_id\":\"{target}\"}}}}"))),
            _ => Gen.Const((string?)null),
        };
        var goodIam = Gen.Const(((string?)$"{{\"auth\":{{\"identity\":{{\"methods\":[\"password\"],\"password\":{{\"user\":{{\"name\":\"{world.Options.IamUserName}\",\"password\":\"{world.Options.IamPassword}\",\"domain\":{{\"name\":\"{world.Options.IamDomainName}\"}}}}}}}},\"scope\":{{\"project\":{{\"id\":\"{world.Options.ProjectId}\"}}}}}}}}", new[] { world.Options.IamPassword }));
        return Gen.Frequency(
            (3, plain.Select(body => (body, Array.Empty<string>()))),
            (3, fitting.Select(body => (body, Array.Empty<string>()))),
            (route == Route.IssueToken ? 4 : 1, iam),
            (route == Route.IssueToken ? 2 : 0, goodIam));
    }

    private static readonly Gen<string> RandomToken = Gen.String[Gen.Char.AlphaNumeric, 12, 30].Select(text => "tok-" + text);

    /// <summary>
    /// Credentials: none, a token (good, unknown, empty, twice), a signature (good, by a wrong secret, an unknown key, a
    /// stale date, beside a token), a malformed Authorization; with the credentials the answer must not carry back.
    /// </summary>
    private static Gen<((string, string)[] Headers, Signing? Signing, string[] Secrets)> Credentials(World world)
    {
        var good = world.Options.Token;
        var key = world.Options.AccessKeys[0];
        var wrongSecret = Gen.String[Gen.Char.AlphaNumeric, 12, 30].Select(text => "sk-" + text);
        (string, string)[] None = Array.Empty<(string, string)>();
        var goodToken = Gen.OneOf(
            Gen.Const((new[] { ("X-Auth-Token", good) }, (Signing?)null, new[] { good })),
            Gen.Const((new[] { ("X-Auth-Token", world.IssuedToken) }, (Signing?)null, new[] { world.IssuedToken })));
        var goodSignature = Gen.OneOf(
            Gen.Const((None, (Signing?)new Signing(key.AccessKey, key.SecretKey, false), new[] { key.SecretKey })),
            Gen.Const((None, (Signing?)new Signing(key.AccessKey, key.SecretKey, false, UnsignedPayload: true), new[] { key.SecretKey })),
            Gen.Const((None, (Signing?)new Signing(Temporary.AccessKey, Temporary.SecretKey, false, Temporary.SecurityToken), new[] { Temporary.SecretKey, Temporary.SecurityToken! })));
        var other = Gen.OneOf(
            Gen.Const((None, (Signing?)null, Array.Empty<string>())),
            RandomToken.Select(token => (new[] { ("X-Auth-Token", token) }, (Signing?)null, new[] { token })),
            Gen.Const((new[] { ("X-Auth-Token", "") }, (Signing?)null, Array.Empty<string>())),
            Gen.Const((new[] { ("X-Auth-Token", good[..3] + "\0" + good[3..]) }, (Signing?)null, new[] { good })),
            Gen.Const((new[] { ("X-Auth-Token", good), ("X-Auth-Token", good) }, (Signing?)null, new[] { good })),
            RandomToken.Select(token => (new[] { ("X-Auth-Token", token), ("X-Auth-Token", good) }, (Signing?)null, new[] { token, good })),
            RandomToken.Select(token => (new[] { ("Authorization", "Bearer " + token) }, (Signing?)null, new[] { token })),
            Gen.Const((None, (Signing?)new Signing(key.AccessKey, key.SecretKey, false), new[] { key.SecretKey })),
            Gen.Const((None, (Signing?)new Signing(key.AccessKey, key.SecretKey, true), new[] { key.SecretKey })),
            wrongSecret.Select(secret => (None, (Signing?)new Signing(key.AccessKey, secret, false), new[] { secret, key.SecretKey })),
            wrongSecret.Select(secret => (None, (Signing?)new Signing("UNKNOWNAK0000000000", secret, false), new[] { secret })),
            RandomToken.Select(token => (new[] { ("X-Auth-Token", token) }, (Signing?)new Signing(key.AccessKey, key.SecretKey, false), new[] { token, key.SecretKey })),
            RandomToken.Select(token => (new[] { ("X-Security-Token", token) }, (Signing?)new Signing(key.AccessKey, key.SecretKey, false), new[] { token, key.SecretKey })),
            RandomToken.Select(token => (None, (Signing?)new Signing(Temporary.AccessKey, Temporary.SecretKey, false, token), new[] { token, Temporary.SecretKey, Temporary.SecurityToken! })),
            Gen.Const((None, (Signing?)new Signing(Temporary.AccessKey, Temporary.SecretKey, false), new[] { Temporary.SecretKey, Temporary.SecurityToken! })),
            Gen.Const((new[] { ("X-Project-Id", "") }, (Signing?)new Signing(key.AccessKey, key.SecretKey, false), new[] { key.SecretKey })),
            Gen.Const((new[] { ("X-Project-Id", "0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d") }, (Signing?)new Signing(key.AccessKey, key.SecretKey, false), new[] { key.SecretKey })),
            Gen.OneOf(
                "SDK-HMAC-SHA256 ",
                "SDK-HMAC-SHA256 Access=, SignedHeaders=, Signature=",
                "SDK-HMAC-SHA256 Access=EMULATORAK0000000001, SignedHeaders=host;x-sdk-date, Signature=00",
                "SDK-HMAC-SHA256 Access=EMULATORAK0000000001, SignedHeaders=Host, Signature=00",
                "SDK-HMAC-SHA256 Access=EMULATORAK0000000001,,, Signature=00",
                "sdk-hmac-sha256 Access=EMULATORAK0000000001, SignedHeaders=host, Signature=00").Select(value => (new[] { ("Authorization", value), ("X-Sdk-Date", "20250101T000000Z") }, (Signing?)null, Array.Empty<string>())));
        return Gen.Frequency((4, goodToken), (2, goodSignature), (3, other));
    }

    /// <summary>Content-Types that declare JSON in UTF-8: the charset absent, or UTF-8 (or its subset US-ASCII) in any spelling, case and quoting.</summary>
    private static readonly string[] JsonInUtf8 =
    {
        "application/json", "application/json;charset=utf8", "APPLICATION/JSON; charset=UTF-8", "application/json; charset=\"utf-8\"",
        "application/json; v=1; charset=Utf8", "application/json;;charset=utf-8;", "application/json; charset=\"US-ASCII\"",
    };

    /// <summary>Content-Types of JSON in a charset the routes do not read, or whose charset cannot be told.</summary>
    private static readonly string[] JsonInAnotherCharset =
    {
        "application/json; charset=utf-16", "application/json;charset=ISO-8859-1",
        "application/json; charset=x-unknown", "application/json; charset=utf-8; charset=utf-16", "application/json; charset", "application/json; charset=\"utf-8",
    };

    /// <summary>The request's one Content-Type, or null when it has none or several.</summary>
    private static string? DeclaredType(Probe probe) =>
        probe.Headers.Where(header => header.Name == "Content-Type").Select(header => header.Value).ToArray() is [var type] ? type : null;

    /// <summary>Content-Type variants, and other headers: huge, not ASCII, repeated, ones the API does not read.</summary>
    private static readonly Gen<(string, string)[]> OtherHeaders = Gen.Select(
        Gen.Frequency(
            (3, Gen.Const(Array.Empty<(string, string)>())),
            (4, Gen.Const(new[] { ("Content-Type", "application/json") })),
            (3, Gen.OneOf("text/plain", "application/merge-patch+json", "", ";", "application/json, text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/jsonx", "text/plain; charset=utf-8", "\u00e9").Select(type => new[] { ("Content-Type", type) })),
            (3, Gen.OneOf(JsonInUtf8.Concat(JsonInAnotherCharset).ToArray()).Select(type => new[] { ("Content-Type", type) })),
            (1, Gen.Const(new[] { ("Content-Type", "application/json"), ("Content-Type", "text/plain") }))),
        Gen.Frequency(
            (6, Gen.Const(Array.Empty<(string, string)>())),
            (1, Gen.Int[1, 4].Select(size => new[] { ("X-Pad", new string('p', size * 60_000)) })),
            (1, Gen.OneOf(
                new[] { ("X-Note", "\u00e9\u65e5") },
                new[] { ("X-Note", "caf\u00e9") },
                new[] { ("X-Note", "a\0b") },
                new[] { ("X-Note", "caf\u00e9\0") },
                new[] { ("Accept", "text/html") },
                new[] { ("Accept-Charset", "latin1") },
                new[] { ("X-Request-Id", "mine") },
                new[] { ("Expect", "100-continue") },
                new[] { ("X-Sdk-Date", "yesterday") },
                new[] { ("X_Auth_Token", "x") },
                new[] { ("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD") },
                new[] { ("Transfer-Encoding", "chunked") },
                new[] { ("X-Project-Id", "a"), ("X-Project-Id", "b") },
                Enumerable.Range(0, 300).Select(index => ("X-H" + index.ToString(CultureInfo.InvariantCulture), "v")).ToArray()))),
        (type, other) => type.Concat(other).ToArray());

    private static Gen<Probe> Probes(World world) =>
        Paths(world).SelectMany(path => Gen.Select(
            Gen.Const(path),
            Gen.Frequency((5, Gen.Const((string?)null)), (1, Gen.OneOf(Methods).Select(method => (string?)method))),
            Gen.Select(Gen.Frequency((6, Gen.Const(string.Empty)), (1, Gen.Const("/"))), Gen.Frequency((8, Gen.Const(false)), (1, Gen.Const(true)))),
            Query(world.RestoreTime),
            Credentials(world),
            OtherHeaders,
            Bodies(world, path.Route),
            (path, method, slash, query, credentials, other, body) => new Probe(
                path.Route,
                method ?? path.Method,
                path.Path + (path.Path == "/" ? string.Empty : slash.Item1) + query,
                credentials.Headers.Concat(other).ToArray(),
                body.Body,
                credentials.Signing,
                credentials.Secrets.Concat(body.Secrets).ToArray(),
                world.Options.AccessKeys[0].SecretKey,
                slash.Item2)));
}
