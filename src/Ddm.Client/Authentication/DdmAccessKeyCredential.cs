using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace Ddm.Client.Authentication;

/// <summary>
/// Signs every request with an access key and secret key (<c>SDK-HMAC-SHA256</c>, the scheme of the Open Telekom Cloud
/// and Huawei Cloud API gateways): <c>X-Sdk-Date</c>, <c>X-Project-Id</c>, optional <c>X-Security-Token</c>, then an
/// <c>Authorization</c> header over the method, path, query, headers and body. Each try is signed afresh.
/// </summary>
/// <remarks>
/// Signed are <c>host</c> and every header the request carries at signing time except <c>Content-Type</c> and names
/// with an underscore; of a request without a body, content headers (<c>Content-Length</c>, <c>Expires</c>...) are not
/// signed either, since they are not sent. <c>host</c> is what goes on the wire: the request's own <c>Host</c> header
/// if it has one, else the URI's host in punycode, with the port unless it is the scheme's default. (A <c>Host</c> set in
/// <c>HttpClient.DefaultRequestHeaders</c> is out of the credential's sight: set it on the request instead, for example
/// with <c>RequestOptions.AddHeader</c>.) The body's SHA-256 is signed, or the literal <c>UNSIGNED-PAYLOAD</c> when the
/// request carries <c>X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD</c>. The secret key never leaves the process and is never
/// part of a message or <see cref="ToString"/>.
/// </remarks>
public sealed class DdmAccessKeyCredential : DdmCredential
{
    /// <summary>The algorithm name that starts the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "SDK-HMAC-SHA256";

    /// <summary>
    /// The value of <c>X-Sdk-Content-Sha256</c> that signs this literal instead of the body's hash, as the SDKs do for
    /// bodies that are not JSON.
    /// </summary>
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private static readonly string EmptyBodyHash = Hex(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>
    /// The headers HTTP sends with a body (System.Net.Http's content headers): without one, the transport drops them,
    /// so they are not signed then.
    /// </summary>
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.Ordinal)
    {
        "allow", "content-disposition", "content-encoding", "content-language", "content-length", "content-location",
        "content-md5", "content-range", "content-type", "expires", "last-modified",
    };

    private readonly string _accessKey;
    private readonly byte[] _secretKey;
    private readonly string? _securityToken;
    private readonly string? _projectId;
    private readonly TimeProvider _time;

    /// <summary>Creates the credential.</summary>
    /// <param name="accessKey">The access key id (AK).</param>
    /// <param name="secretKey">The secret access key (SK).</param>
    /// <param name="securityToken">The security token of temporary credentials; null for permanent ones.</param>
    /// <param name="projectId">
    /// Sent and signed as <c>X-Project-Id</c>, which the gateway expects of project-scoped services such as DDM. Passing
    /// it is the reliable way. Null to send the project the request's path names after the API version
    /// (<c>/v3/{project_id}/...</c>, the client's <c>ProjectId</c>) when that is unambiguous: the path holds exactly one
    /// version-like segment, with a segment after it. Otherwise (an endpoint with a base path such as <c>/gw/v1/</c>,
    /// which adds a second one) no <c>X-Project-Id</c> is sent.
    /// </param>
    /// <param name="timeProvider">The clock of <c>X-Sdk-Date</c>; the gateway refuses a date more than 15 minutes away from its own.</param>
    /// <exception cref="ArgumentException">
    /// The access key or secret key is null or empty, or a value sent in a header (the access key, the security token,
    /// the project id) holds a line break, another control character or a character outside ASCII: a header carries
    /// only printable ASCII.
    /// </exception>
    public DdmAccessKeyCredential(string accessKey, string secretKey, string? securityToken = null, string? projectId = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        _ = DdmClientSupport.CredentialValue("The value for the Authorization header", accessKey);
        _ = DdmClientSupport.CredentialValue("The value for the X-Security-Token header", securityToken ?? string.Empty);
        _ = DdmClientSupport.CredentialValue("The value for the X-Project-Id header", projectId ?? string.Empty);
        _accessKey = accessKey;
        _secretKey = Encoding.UTF8.GetBytes(secretKey);
        _securityToken = string.IsNullOrEmpty(securityToken) ? null : securityToken;
        _projectId = string.IsNullOrEmpty(projectId) ? null : projectId;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Names the access key; never the secret key or the security token.</summary>
    public override string ToString() => $"AK/SK credential {_accessKey}";

    /// <inheritdoc/>
    protected override ValueTask AuthenticateAsync(PipelineMessage message, bool async)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = message.Request;
        var uri = request.Uri ?? throw new InvalidOperationException("The request has no URI to sign.");
        request.Headers.Remove("Authorization");
        request.Headers.Set("X-Sdk-Date", _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if ((_projectId ?? ProjectIdOf(uri)) is { } projectId)
        {
            request.Headers.Set("X-Project-Id", projectId);
        }

        if (_securityToken is not null)
        {
            request.Headers.Set("X-Security-Token", _securityToken);
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.Headers.TryGetValue("Host", out var host) && !string.IsNullOrWhiteSpace(host) ? host.Trim() : WireHost(uri),
        };
        foreach (var header in request.Headers.ToList())
        {
            var name = header.Key.ToLowerInvariant();
            if (name is not ("content-type" or "host") && !name.Contains('_', StringComparison.Ordinal) && (request.Content is not null || !ContentHeaders.Contains(name)))
            {
                headers[name] = OneValue(request, header.Key, header.Value).Trim();
            }
        }

        var signedHeaders = string.Join(";", headers.Keys);
        var payloadHash = headers.TryGetValue("x-sdk-content-sha256", out var declared) && declared == UnsignedPayload ? UnsignedPayload : PayloadHash(request.Content);
        var canonical = CanonicalRequest(request.Method, uri, headers, payloadHash);
        var signature = Signature(_secretKey, headers["x-sdk-date"], canonical);
        request.Headers.Set("Authorization", $"{Algorithm} Access={_accessKey}, SignedHeaders={signedHeaders}, Signature={signature}");
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The project of a DDM request, for a credential created without one: every DDM path names it right after the
    /// API version (<c>/v3/{project_id}/backups</c>), and <see cref="DdmClient"/> puts its <c>ProjectId</c> there. Null
    /// unless that is unambiguous: a path with no version-like segment (<c>v</c> and digits) or none after it, and a
    /// path with more than one, as behind an endpoint with a base path of its own (<c>/gw/v1/v3/{project_id}/...</c>),
    /// name no project; nor does a segment a header cannot carry (a control character, a letter outside ASCII).
    /// </summary>
    private static string? ProjectIdOf(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        static bool IsVersion(string segment) => segment.Length > 1 && segment[0] == 'v' && segment.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
        var version = Array.FindIndex(segments, IsVersion);
        if (version < 0 || version + 1 >= segments.Length || Array.FindLastIndex(segments, IsVersion) != version)
        {
            return null;
        }

        var projectId = Uri.UnescapeDataString(segments[version + 1]);
        return DdmClientSupport.IsHeaderText(projectId, asciiOnly: true) ? projectId : null;
    }

    /// <summary>
    /// The <c>Host</c> HttpClient sends for <paramref name="uri"/> when the request sets none: the name as DNS knows it
    /// (punycode for an international name, <c>xn--bcher-kva.example</c> for <c>bücher.example</c>; an IPv6 address in
    /// brackets), and <c>:port</c> when the port is not the scheme's default.
    /// </summary>
    private static string WireHost(Uri uri)
    {
        var name = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? name : name + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The header's value as it goes on the wire. The pipeline joins several values of one header with ","; HTTP
    /// sends them joined with ", ". They are set as that one value, so that the server sees the value signed.
    /// </summary>
    private static string OneValue(PipelineRequest request, string name, string value)
    {
        // Several values always join with a comma: a value without one is a single value, and nothing is looked up.
        if (!value.Contains(',', StringComparison.Ordinal) || !request.Headers.TryGetValues(name, out var values) || values is null || values.Take(2).Count() < 2)
        {
            return value;
        }

        var joined = string.Join(", ", values.Select(each => each.Trim()));
        request.Headers.Set(name, joined);
        return joined;
    }

    /// <summary>The canonical request: method, URI, query, headers, signed header names and payload hash, joined by LF.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The request URI.</param>
    /// <param name="headers">The signed headers by lower-case name, in ordinal order.</param>
    /// <param name="payloadHash">The lower-case hex SHA-256 of the body, or <c>UNSIGNED-PAYLOAD</c>.</param>
    /// <returns>The canonical request text.</returns>
    public static string CanonicalRequest(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        // Decoded before it is split, as the reference says: an escaped "/" inside a segment is signed as a plain "/".
        var path = string.Join("/", Split(Decode(uri.AbsolutePath), (byte)'/').Select(Encode));
        if (!path.EndsWith('/'))
        {
            path += "/";
        }

        // Empty pairs ("a=1&&b=2", a trailing "&") are no pairs: the gateway leaves them out, as the SDKs do, which
        // build the query from a dictionary.
        var pairs = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? (Name: Decode(pair), Value: Array.Empty<byte>())
                : (Name: Decode(pair[..equals]), Value: Decode(pair[(equals + 1)..]));
        }).ToList();
        // By name, then by value, in the order of the decoded bytes, as the reference says (and as the Go and Python SDKs
        // sort), not string.CompareOrdinal's UTF-16 code unit order: the two differ when a character beyond U+FFFF (a
        // surrogate pair) meets one from U+E000 to U+FFFF at the same place, and the gateway would then see another signature.
        pairs.Sort((left, right) =>
        {
            var byName = left.Name.AsSpan().SequenceCompareTo(right.Name);
            return byName != 0 ? byName : left.Value.AsSpan().SequenceCompareTo(right.Value);
        });
        var names = headers.Keys.OrderBy(name => name, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append(method.ToUpperInvariant()).Append('\n')
            .Append(path).Append('\n')
            .Append(string.Join("&", pairs.Select(pair => Encode(pair.Name) + "=" + Encode(pair.Value)))).Append('\n');
        foreach (var name in names)
        {
            text.Append(name).Append(':').Append(headers[name]).Append('\n');
        }

        return text.Append('\n').Append(string.Join(";", names)).Append('\n').Append(payloadHash).ToString();
    }

    /// <summary>
    /// The bytes percent-encoded text stands for: each <c>%XX</c> is its byte, and the rest is its UTF-8 bytes. The
    /// escapes are decoded to bytes, not to text, as the reference says: an escape of a byte that is no UTF-8 text
    /// (<c>%FF</c>) is signed as that byte, where <see cref="Uri.UnescapeDataString(string)"/> leaves it escaped and the
    /// "%" of the escape would be signed as <c>%25</c>. A "%" without two hex digits after it is a plain "%".
    /// </summary>
    private static byte[] Decode(string text)
    {
        var bytes = new List<byte>(text.Length);
        var start = 0;
        for (var index = text.IndexOf('%', StringComparison.Ordinal); index >= 0; index = text.IndexOf('%', index + 1))
        {
            if (index + 2 < text.Length && char.IsAsciiHexDigit(text[index + 1]) && char.IsAsciiHexDigit(text[index + 2]))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[start..index]));
                bytes.Add(byte.Parse(text.AsSpan(index + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                start = index + 3;
                index += 2;
            }
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[start..]));
        return bytes.ToArray();
    }

    /// <summary>The parts of <paramref name="bytes"/> between the <paramref name="separator"/> bytes.</summary>
    private static List<byte[]> Split(byte[] bytes, byte separator)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (int next; (next = Array.IndexOf(bytes, separator, start)) >= 0; start = next + 1)
        {
            parts.Add(bytes[start..next]);
        }

        parts.Add(bytes[start..]);
        return parts;
    }

    /// <summary>The signature: lower-case hex HMAC-SHA256 with the secret key over the string to sign.</summary>
    /// <param name="secretKey">The secret key's UTF-8 bytes.</param>
    /// <param name="date">The <c>X-Sdk-Date</c> value.</param>
    /// <param name="canonicalRequest">The canonical request.</param>
    /// <returns>The signature.</returns>
    public static string Signature(byte[] secretKey, string date, string canonicalRequest)
    {
        var stringToSign = Algorithm + "\n" + date + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        return Hex(HMACSHA256.HashData(secretKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static string PayloadHash(System.ClientModel.BinaryContent? content)
    {
        if (content is null)
        {
            return EmptyBodyHash;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        return Hex(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>Percent-encodes bytes: A-Z a-z 0-9 - _ . ~ stay, everything else is %XX in upper case.</summary>
    private static string Encode(byte[] value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in value)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
