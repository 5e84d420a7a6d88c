using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Ddm.Client;

namespace Ddm.Cli.Service;

/// <summary>AK/SK sign-in: a credential that signs every request the way the OTC API gateway checks (SDK-HMAC-SHA256).</summary>
internal static class AccessKeys
{
    public static DdmCredential Create(string accessKey, string secretKey, string? securityToken, string projectId) =>
        new AccessKeyCredential(accessKey, secretKey, securityToken, projectId, TimeProvider.System);
}

/// <summary>
/// Signs each try of a request: adds <c>X-Sdk-Date</c>, <c>X-Project-Id</c> (and <c>X-Security-Token</c> for
/// temporary keys), then <c>Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...</c> over the
/// canonical request (method, path, sorted query, the signed headers, SHA-256 of the body), keyed with the secret key.
/// The secret key never leaves this object: not in headers, messages or <see cref="ToString"/>.
/// </summary>
internal sealed class AccessKeyCredential : DdmCredential
{
    private const string Algorithm = "SDK-HMAC-SHA256";
    private readonly string _accessKey;
    private readonly byte[] _secretKey;
    private readonly string? _securityToken;
    private readonly string _projectId;
    private readonly TimeProvider _time;

    public AccessKeyCredential(string accessKey, string secretKey, string? securityToken, string projectId, TimeProvider time)
    {
        _accessKey = accessKey;
        _secretKey = Encoding.UTF8.GetBytes(secretKey);
        _securityToken = securityToken;
        _projectId = projectId;
        _time = time;
    }

    public override string ToString() => $"AK/SK credential of access key {_accessKey}";

    /// <summary>The value of the Authorization header for a request with these parts (the signed headers included in <paramref name="headers"/>).</summary>
    internal string Authorization(string method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        var names = headers.Keys.Select(name => name.ToLowerInvariant()).OrderBy(name => name, StringComparer.Ordinal).ToList();
        var lower = headers.ToDictionary(pair => pair.Key.ToLowerInvariant(), pair => pair.Value.Trim(), StringComparer.Ordinal);
        var canonical = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalPath(uri)).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n');
        foreach (var name in names)
        {
            canonical.Append(name).Append(':').Append(lower[name]).Append('\n');
        }

        canonical.Append('\n').Append(string.Join(';', names)).Append('\n').Append(Hex(SHA256.HashData(body)));
        var stringToSign = $"{Algorithm}\n{lower["x-sdk-date"]}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Hex(HMACSHA256.HashData(_secretKey, Encoding.UTF8.GetBytes(stringToSign)));
        return $"{Algorithm} Access={_accessKey}, SignedHeaders={string.Join(';', names)}, Signature={signature}";
    }

    protected override async ValueTask AuthenticateAsync(PipelineMessage message, bool async)
    {
        var request = message.Request;
        var uri = request.Uri!;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}",
            ["X-Sdk-Date"] = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            ["X-Project-Id"] = _projectId,
        };
        if (_securityToken is not null)
        {
            headers["X-Security-Token"] = _securityToken;
        }

        var body = Array.Empty<byte>();
        if (request.Content is { } content)
        {
            using var buffer = new MemoryStream();
            if (async)
            {
                await content.WriteToAsync(buffer, message.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                content.WriteTo(buffer, message.CancellationToken);
            }

            body = buffer.ToArray();
        }

        foreach (var (name, value) in headers)
        {
            // Host goes on the wire from the URI itself; setting it here too would only repeat it.
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Set(name, value);
            }
        }

        request.Headers.Set("Authorization", Authorization(request.Method, uri, headers, body));
    }

    private static string CanonicalPath(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment)));
        var path = string.Join('/', segments);
        return path.EndsWith('/') ? path : path + "/";
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
                return (Name: name, Value: value);
            })
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(pair => Encode(pair.Name) + "=" + Encode(pair.Value)));
    }

    /// <summary>UTF-8 bytes; A-Z a-z 0-9 - _ . ~ kept, every other byte %XX in upper-case hex.</summary>
    private static string Encode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
