using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ddm.Emulator;

/// <summary>Why a signed request was refused; <see cref="Valid"/> when it was not.</summary>
internal enum SignatureCheck
{
    Valid,
    Malformed,
    UnknownAccessKey,
    MissingDate,
    StaleDate,
    SecurityTokenMismatch,
    BadSignature,
}

/// <summary>
/// What the API gateway does with a request signed by <c>SDK-HMAC-SHA256</c>: it recomputes the canonical request,
/// the string to sign and the HMAC-SHA256 signature with the secret key of the access key named in the request, and
/// compares. The steps follow the AK/SK signing facts of the Huawei Cloud and Open Telekom Cloud SDKs.
/// </summary>
internal sealed class SignatureVerifier
{
    public const string Algorithm = "SDK-HMAC-SHA256";

    /// <summary>How far <c>X-Sdk-Date</c> may be from the gateway's clock, either way.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(15);

    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private readonly EmulatorOptions _options;

    public SignatureVerifier(EmulatorOptions options) => _options = options;

    public static bool IsSigned(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Algorithm + " ", StringComparison.Ordinal);

    public async Task<SignatureCheck> Check(HttpContext context)
    {
        var request = context.Request;
        if (!TryParseAuthorization(request.Headers.Authorization.ToString(), out var accessKey, out var signedHeaders, out var signature))
        {
            return SignatureCheck.Malformed;
        }

        var key = _options.AccessKeys.FirstOrDefault(candidate => string.Equals(candidate.AccessKey, accessKey, StringComparison.Ordinal));
        if (key is null)
        {
            return SignatureCheck.UnknownAccessKey;
        }

        var date = request.Headers["X-Sdk-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt)
            || !signedHeaders.Contains("x-sdk-date"))
        {
            return SignatureCheck.MissingDate;
        }

        if ((_options.TimeProvider.GetUtcNow() - signedAt).Duration() > AllowedClockSkew)
        {
            return SignatureCheck.StaleDate;
        }

        var securityToken = request.Headers["X-Security-Token"];
        if (key.SecurityToken is null
            ? securityToken.Count != 0
            : securityToken.Count != 1 || !FixedTimeEquals(securityToken.ToString(), key.SecurityToken) || !signedHeaders.Contains("x-security-token"))
        {
            return SignatureCheck.SecurityTokenMismatch;
        }

        var headerValues = new List<string>(signedHeaders.Count);
        foreach (var name in signedHeaders)
        {
            // Every header named in the list must have reached the server.
            if (!request.Headers.TryGetValue(name, out var values) || values.Count == 0)
            {
                return SignatureCheck.BadSignature;
            }

            headerValues.Add(values.ToString());
        }

        // The literal stands for the body's hash only where the header that asks for it is signed, as the SDKs sign it.
        var payloadHash = request.Headers["X-Sdk-Content-Sha256"].ToString() == UnsignedPayload && signedHeaders.Contains("x-sdk-content-sha256")
            ? UnsignedPayload
            : await HashBody(request, context.RequestAborted);
        var canonical = CanonicalRequest(request.Method, RawTarget(context), signedHeaders, headerValues, payloadHash);
        var expected = Sign(key.SecretKey, date, canonical);
        return FixedTimeEquals(expected, signature) ? SignatureCheck.Valid : SignatureCheck.BadSignature;
    }

    /// <summary>
    /// The canonical request: method, canonical URI, canonical query, one <c>name:value</c> line per signed header
    /// (then an empty line), the signed-header list and the payload hash, joined by LF.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="target">The request target as sent: path and optional query, still percent-encoded.</param>
    /// <param name="signedHeaders">The lower-case header names in the order of the <c>SignedHeaders</c> list.</param>
    /// <param name="headerValues">The value of each of those headers as received.</param>
    /// <param name="payloadHash">Lower-case hex SHA-256 of the body, or <c>UNSIGNED-PAYLOAD</c>.</param>
    public static string CanonicalRequest(string method, string target, IReadOnlyList<string> signedHeaders, IReadOnlyList<string> headerValues, string payloadHash)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];

        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(path)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        for (var index = 0; index < signedHeaders.Count; index++)
        {
            builder.Append(signedHeaders[index]).Append(':').Append(headerValues[index].Trim()).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>The lower-case hex HMAC-SHA256, keyed with the secret key's UTF-8 bytes, of the string to sign.</summary>
    public static string Sign(string secretKey, string sdkDate, string canonicalRequest)
    {
        var stringToSign = Algorithm + "\n" + sdkDate + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        return Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Decoded, split at '/', each segment encoded, with a trailing '/'.</summary>
    private static string CanonicalUri(string path)
    {
        var bytes = Decode(path);
        var segments = new List<string>();
        var start = 0;
        for (int slash; (slash = Array.IndexOf(bytes, (byte)'/', start)) >= 0; start = slash + 1)
        {
            segments.Add(Encode(bytes.AsSpan(start, slash - start)));
        }

        segments.Add(Encode(bytes.AsSpan(start)));
        var uri = string.Join('/', segments);
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>Pairs decoded to bytes, sorted by name then value in byte order, encoded, joined with '&amp;'.</summary>
    /// <remarks>
    /// Byte order, as the reference says, and as the Go and Python SDKs sort (Go's strings are bytes, Python's code
    /// points, which is the same order). .NET's ordinal order compares UTF-16 code units instead, which differs when a
    /// character beyond U+FFFF (a surrogate pair, D800 to DFFF) meets one from U+E000 to U+FFFF at the same place. The
    /// .NET SDK sorts that way; a gateway can check only one order, and a verifier that took both would let a client
    /// that sorts the other way pass here and fail there, so only byte order is accepted.
    /// </remarks>
    private static string CanonicalQuery(string query)
    {
        var pairs = new List<(byte[] Name, byte[] Value)>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((Decode(name), Decode(value)));
        }

        return string.Join('&', pairs
            .OrderBy(pair => pair.Name, ByteOrder.Instance)
            .ThenBy(pair => pair.Value, ByteOrder.Instance)
            .Select(pair => Encode(pair.Name) + "=" + Encode(pair.Value)));
    }

    /// <summary>Orders the decoded bytes, the bytes that are encoded and signed.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>
    /// The bytes percent-encoded text stands for: each <c>%XX</c> is its byte, and the rest is its UTF-8 bytes. The
    /// escapes are decoded to bytes, not to text, as the reference says: an escape of a byte that is no UTF-8 text
    /// (<c>%FF</c>) is signed as that byte, where <see cref="Uri.UnescapeDataString(string)"/> leaves it escaped and the
    /// "%" of the escape was then signed as <c>%25</c>. A "%" without two hex digits after it is a plain "%".
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

    /// <summary>A-Z a-z 0-9 - _ . ~ stay, every other byte is %XX in upper-case hex.</summary>
    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var value in bytes)
        {
            if (value is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)value);
            }
            else
            {
                builder.Append('%').Append(value.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Reads <c>SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex</c>.</summary>
    private static bool TryParseAuthorization(string header, out string accessKey, out IReadOnlyList<string> signedHeaders, out string signature)
    {
        accessKey = signature = string.Empty;
        signedHeaders = Array.Empty<string>();
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }

        string? access = null, headers = null, hex = null;
        foreach (var field in header[(Algorithm.Length + 1)..].Split(','))
        {
            var trimmed = field.Trim();
            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var value = trimmed[(equals + 1)..];
            switch (trimmed[..equals])
            {
                case "Access" when access is null:
                    access = value;
                    break;
                case "SignedHeaders" when headers is null:
                    headers = value;
                    break;
                case "Signature" when hex is null:
                    hex = value;
                    break;
                default:
                    return false;
            }
        }

        if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(headers) || string.IsNullOrEmpty(hex))
        {
            return false;
        }

        var names = headers.Split(';');
        if (names.Any(name => name.Length == 0 || name.Any(char.IsAsciiLetterUpper) || name == "authorization"))
        {
            return false;
        }

        accessKey = access;
        signedHeaders = names;
        signature = hex;
        return true;
    }

    /// <summary>The request target exactly as sent (still percent-encoded), which the path the server routes on is not.</summary>
    /// <remarks>
    /// Of a target in absolute form (<c>http://host/path?query</c>, as sent to a proxy) the path and query are taken as
    /// they are written after the authority. They were read through <see cref="Uri"/>, which takes dot segments away
    /// (<c>/a/../b</c> is <c>/b</c> to it), so a request signed over the path it sent, as the signing facts have it, was
    /// refused as a bad signature in absolute form only.
    /// </remarks>
    private static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            return raw;
        }

        if (raw is not null && raw.IndexOf("://", StringComparison.Ordinal) is var scheme and > 0)
        {
            var start = raw.AsSpan(scheme + 3).IndexOfAny('/', '?');
            return start < 0 ? "/" : raw[scheme + 3 + start] == '?' ? "/" + raw[(scheme + 3 + start)..] : raw[(scheme + 3 + start)..];
        }

        // Servers that do not keep the raw target.
        return context.Request.PathBase.Value + context.Request.Path.Value + context.Request.QueryString.Value;
    }

    /// <summary>Hashes the body and rewinds it so that the route can still read it.</summary>
    private static async Task<string> HashBody(HttpRequest request, System.Threading.CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Hex(hash.GetHashAndReset());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
