using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// Unicode code point order, which is UTF-8 byte order (the reference's order for the query), where ordinal order
    /// compares UTF-16 code units: U+1F600 sorts after U+FF21 here, before it there.
    /// </summary>
    private static readonly Comparer<string> CodePointOrder = Comparer<string>.Create((left, right) =>
    {
        using var x = left.EnumerateRunes().GetEnumerator();
        using var y = right.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasX = x.MoveNext();
            var hasY = y.MoveNext();
            if (!hasX || !hasY)
            {
                return hasX.CompareTo(hasY);
            }

            var byPoint = x.Current.Value.CompareTo(y.Current.Value);
            if (byPoint != 0)
            {
                return byPoint;
            }
        }
    });

    /// <summary>The canonical request of the signing facts, from its parts.</summary>
    /// <param name="method">The method.</param>
    /// <param name="escapedPath">The path as sent (percent-encoded).</param>
    /// <param name="escapedQuery">The query as sent, with or without the leading <c>?</c>.</param>
    /// <param name="headers">The signed headers: lower-case names, sorted, with their values.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="unsignedPayload">Uses the literal <c>UNSIGNED-PAYLOAD</c> instead of the body's hash.</param>
    public static string CanonicalRequest(string method, string escapedPath, string escapedQuery, SortedDictionary<string, string> headers, byte[] body, bool unsignedPayload = false)
    {
        var path = "/" + string.Join("/", Uri.UnescapeDataString(escapedPath).Split('/').Skip(1).Select(Uri.EscapeDataString));
        if (!path.EndsWith('/'))
        {
            path += "/";
        }

        var query = string.Join("&", escapedQuery.TrimStart('?')
            .Split('&')
            .Where(pair => pair.Length > 0)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Name: Uri.UnescapeDataString(parts[0]), Value: parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : ""))
            .OrderBy(pair => pair.Name, CodePointOrder)
            .ThenBy(pair => pair.Value, CodePointOrder)
            .Select(pair => Uri.EscapeDataString(pair.Name) + "=" + Uri.EscapeDataString(pair.Value)));

        var lines = new List<string> { method.ToUpperInvariant(), path, query };
        lines.AddRange(headers.Select(header => header.Key + ":" + header.Value));
        lines.Add("");
        lines.Add(string.Join(";", headers.Keys));
        lines.Add(unsignedPayload ? "UNSIGNED-PAYLOAD" : Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant());
        return string.Join("\n", lines);
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
