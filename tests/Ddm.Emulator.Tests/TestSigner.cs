using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with <c>SDK-HMAC-SHA256</c> the way the Huawei Cloud and Open Telekom
/// Cloud SDKs do, for the emulator's tests only. It is written apart from the emulator's verifier (and from any
/// client code) so that each checks the other, and both are checked against the published vectors.
/// </summary>
/// <remarks>
/// Before signing it sets <c>Host</c> (when not set: the URI's authority), <c>X-Sdk-Date</c>, and optionally
/// <c>X-Project-Id</c> and <c>X-Security-Token</c>; it signs every header the request then carries except
/// <c>Content-Type</c>, <c>Authorization</c> and names containing <c>_</c>, and the SHA-256 of the content bytes.
/// </remarks>
internal static class TestSigner
{
    /// <summary>Adds the signing headers and the <c>Authorization</c> header.</summary>
    /// <param name="request">A request with an absolute URI; its content, if any, is read to hash it.</param>
    /// <param name="accessKey">The AK.</param>
    /// <param name="secretKey">The SK.</param>
    /// <param name="signedAt">The signing time, written as <c>X-Sdk-Date</c>.</param>
    /// <param name="projectId">Adds <c>X-Project-Id</c> when set.</param>
    /// <param name="securityToken">Adds <c>X-Security-Token</c> when set (temporary credentials).</param>
    /// <param name="unsignedPayload">
    /// Signs <c>X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD</c> and that literal instead of the body's hash, as the SDKs do
    /// for bodies that are not JSON.
    /// </param>
    /// <returns>The canonical request that was signed, for diagnosis.</returns>
    public static async Task<string> SignAsync(HttpRequestMessage request, string accessKey, string secretKey, DateTimeOffset signedAt, string? projectId = null, string? securityToken = null, bool unsignedPayload = false)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request needs an absolute URI.", nameof(request));
        request.Headers.Host ??= uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        request.Headers.Remove("X-Sdk-Date");
        request.Headers.Add("X-Sdk-Date", signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (projectId is not null)
        {
            request.Headers.Add("X-Project-Id", projectId);
        }

        if (securityToken is not null)
        {
            request.Headers.Add("X-Security-Token", securityToken);
        }

        if (unsignedPayload)
        {
            request.Headers.Add("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            var name = header.Key.ToLowerInvariant();
            if (name is not ("content-type" or "authorization") && !name.Contains('_', StringComparison.Ordinal))
            {
                headers[name] = string.Join(",", header.Value).Trim();
            }
        }

        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync();
        var canonical = CanonicalRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers, body, unsignedPayload);
        var signedHeaders = string.Join(";", headers.Keys);
        var signature = Signature(secretKey, headers["x-sdk-date"], canonical);
        request.Headers.TryAddWithoutValidation("Authorization", $"SDK-HMAC-SHA256 Access={accessKey}, SignedHeaders={signedHeaders}, Signature={signature}");
        return canonical;
    }

    /// <summary>The order of the decoded bytes, the reference's order for the query.</summary>
    private static readonly Comparer<byte[]> ByteOrder = Comparer<byte[]>.Create((left, right) => left.AsSpan().SequenceCompareTo(right));

    /// <summary>The canonical request of the signing facts, from its parts.</summary>
    /// <param name="method">The method.</param>
    /// <param name="escapedPath">The path as sent (percent-encoded).</param>
    /// <param name="escapedQuery">The query as sent, with or without the leading <c>?</c>.</param>
    /// <param name="headers">The signed headers: lower-case names, sorted, with their values.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="unsignedPayload">Uses the literal <c>UNSIGNED-PAYLOAD</c> instead of the body's hash.</param>
    public static string CanonicalRequest(string method, string escapedPath, string escapedQuery, SortedDictionary<string, string> headers, byte[] body, bool unsignedPayload = false)
    {
        var path = "/" + string.Join("/", SplitBytes(Unescape(escapedPath)).Skip(1).Select(Escape));
        if (!path.EndsWith('/'))
        {
            path += "/";
        }

        var query = string.Join("&", escapedQuery.TrimStart('?')
            .Split('&')
            .Where(pair => pair.Length > 0)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Name: Unescape(parts[0]), Value: parts.Length > 1 ? Unescape(parts[1]) : Array.Empty<byte>()))
            .OrderBy(pair => pair.Name, ByteOrder)
            .ThenBy(pair => pair.Value, ByteOrder)
            .Select(pair => Escape(pair.Name) + "=" + Escape(pair.Value)));

        var lines = new List<string> { method.ToUpperInvariant(), path, query };
        lines.AddRange(headers.Select(header => header.Key + ":" + header.Value));
        lines.Add("");
        lines.Add(string.Join(";", headers.Keys));
        lines.Add(unsignedPayload ? "UNSIGNED-PAYLOAD" : Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant());
        return string.Join("\n", lines);
    }

    /// <summary>
    /// The bytes of percent-encoded text: every <c>%XX</c> is that byte, whether or not the bytes make UTF-8 text
    /// (<c>%FF</c> is the byte FF), and the text between escapes is its UTF-8 bytes.
    /// </summary>
    private static byte[] Unescape(string text)
    {
        var bytes = new List<byte>();
        var last = 0;
        foreach (Match escape in Regex.Matches(text, "%[0-9A-Fa-f]{2}"))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(text[last..escape.Index]));
            bytes.Add(Convert.ToByte(escape.Value[1..], 16));
            last = escape.Index + escape.Length;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[last..]));
        return bytes.ToArray();
    }

    /// <summary>Bytes percent-encoded: A-Z a-z 0-9 - _ . ~ as they are, every other byte as %XX in upper-case hex.</summary>
    private static string Escape(byte[] bytes) =>
        string.Concat(bytes.Select(value => char.IsAsciiLetterOrDigit((char)value) || value is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
            ? ((char)value).ToString()
            : "%" + value.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>The bytes between the '/' bytes.</summary>
    private static IEnumerable<byte[]> SplitBytes(byte[] bytes)
    {
        var start = 0;
        for (var index = 0; index <= bytes.Length; index++)
        {
            if (index == bytes.Length || bytes[index] == (byte)'/')
            {
                yield return bytes[start..index];
                start = index + 1;
            }
        }
    }

    /// <summary>The signature: lower-case hex HMAC-SHA256 keyed with the SK over the three-line string to sign.</summary>
    /// <param name="secretKey">The SK.</param>
    /// <param name="sdkDate">The <c>X-Sdk-Date</c> value.</param>
    /// <param name="canonicalRequest">The canonical request.</param>
    public static string Signature(string secretKey, string sdkDate, string canonicalRequest)
    {
        var hashedRequest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))).ToLowerInvariant();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secretKey));
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"SDK-HMAC-SHA256\n{sdkDate}\n{hashedRequest}"))).ToLowerInvariant();
    }
}
