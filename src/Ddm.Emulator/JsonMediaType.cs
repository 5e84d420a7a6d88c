using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ddm.Emulator;

/// <summary>
/// How every route that takes a body decides whether it is declared as the JSON the contracts document: DDM's restores
/// and IAM's token route alike.
/// </summary>
/// <remarks>
/// JSON is <c>application/json</c> in any case, with no <c>charset</c> or a UTF-8 one: <c>utf-8</c> or <c>utf8</c>
/// (IAM's documented <c>application/json;charset=utf8</c>), or <c>us-ascii</c>, whose bytes are UTF-8 as they are, in
/// any case, quoted or not, among any other parameters. Any
/// other charset is refused (RFC 8259, 8.1: JSON between systems is UTF-8), as is a <c>charset</c> given twice, or
/// parameters that are not HTTP's <c>; name=value</c> list (RFC 9110, 5.6.6), from which no charset can be told.
/// Suffixed types (<c>application/merge-patch+json</c>) are refused too: they are JSON of another meaning (a patch),
/// and the references document <c>application/json</c> alone.
/// </remarks>
internal static class JsonMediaType
{
    /// <summary>
    /// Whether the request's body is to be refused as 415 Unsupported Media Type: it has a <c>Content-Type</c> that is
    /// not JSON (see <see cref="IsJson"/>), or has content and no type.
    /// </summary>
    /// <remarks>
    /// A request with no body and no type has no media type to refuse. An empty body is no body, however it is framed:
    /// with <c>Content-Length: 0</c>, or chunked as the last chunk alone, whose emptiness is known only once its first
    /// byte is read, so that one is read before a request with no type is refused (and only then: the byte is not
    /// needed again, and an empty body left at its end parses as the empty one it is).
    /// </remarks>
    public static async Task<bool> IsRefused(HttpContext context)
    {
        if (context.Request.ContentType is { } type)
        {
            return !IsJson(type);
        }

        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        return hasBody && await context.Request.Body.ReadAsync(new byte[1], context.RequestAborted) > 0;
    }

    /// <summary>Whether a <c>Content-Type</c> value declares JSON in UTF-8 (see the remarks of <see cref="JsonMediaType"/>).</summary>
    public static bool IsJson(string contentType)
    {
        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (end < 0 ? contentType.AsSpan() : contentType.AsSpan(0, end)).Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return end < 0 || (TryReadCharset(contentType.AsSpan(end), out var charset) && (charset is null || IsUtf8(charset)));
    }

    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads <c>*( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )</c>, giving the one <c>charset</c> value (its
    /// quotes and escapes removed) or null for none; false for text that is not such a list or names a charset twice.
    /// </summary>
    private static bool TryReadCharset(ReadOnlySpan<char> parameters, out string? charset)
    {
        charset = null;
        var at = 0;
        while (true)
        {
            at = SkipWhiteSpace(parameters, at);
            if (at == parameters.Length)
            {
                return true;
            }

            if (parameters[at] != ';')
            {
                return false;
            }

            at = SkipWhiteSpace(parameters, at + 1);
            if (at == parameters.Length || parameters[at] == ';')
            {
                // An empty parameter, which the grammar allows.
                continue;
            }

            var nameStart = at;
            while (at < parameters.Length && IsTokenChar(parameters[at]))
            {
                at++;
            }

            var name = parameters[nameStart..at];
            if (name.IsEmpty || at == parameters.Length || parameters[at] != '=')
            {
                return false;
            }

            at++;
            string value;
            if (at < parameters.Length && parameters[at] == '"')
            {
                var text = new System.Text.StringBuilder();
                at++;
                while (true)
                {
                    if (at == parameters.Length)
                    {
                        return false;
                    }

                    var character = parameters[at++];
                    if (character == '"')
                    {
                        break;
                    }

                    if (character == '\\')
                    {
                        if (at == parameters.Length)
                        {
                            return false;
                        }

                        character = parameters[at++];
                    }

                    text.Append(character);
                }

                value = text.ToString();
            }
            else
            {
                var valueStart = at;
                while (at < parameters.Length && IsTokenChar(parameters[at]))
                {
                    at++;
                }

                if (at == valueStart)
                {
                    return false;
                }

                value = parameters[valueStart..at].ToString();
            }

            if (name.Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                if (charset is not null)
                {
                    return false;
                }

                charset = value;
            }
        }
    }

    private static int SkipWhiteSpace(ReadOnlySpan<char> text, int at)
    {
        while (at < text.Length && text[at] is ' ' or '\t')
        {
            at++;
        }

        return at;
    }

    /// <summary>A character of an HTTP token (RFC 9110, 5.6.2).</summary>
    private static bool IsTokenChar(char character) =>
        character is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
