using System;
using System.Globalization;
using System.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Ddm.Emulator;

/// <summary>The offset and limit query parameters of the list APIs, validated as the reference documents them, and other numbers of a query.</summary>
internal static class Paging
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 128;

    /// <summary>Reads offset (an integer from 0, default 0) and limit (1 to 128, default 10); false when either is invalid.</summary>
    /// <remarks>
    /// The names are matched exactly (ordinal), as the reference spells them: <c>LIMIT</c> or <c>Offset</c> is a
    /// parameter the API does not have, ignored like any other, so the default applies. (ASP.NET's
    /// <see cref="HttpRequest.Query"/> matches names ignoring case, and merges the values of names that differ only
    /// in case, so the query is read pair by pair here.)
    /// </remarks>
    public static bool TryRead(HttpRequest request, out int offset, out int limit)
    {
        limit = DefaultLimit;
        return TryReadOne(request, "offset", 0, int.MaxValue, 0, out offset)
            && TryReadOne(request, "limit", 1, MaxLimit, DefaultLimit, out limit);
    }

    /// <summary>
    /// Reads a required int64 query parameter such as <c>restore_time</c> (epoch milliseconds): one value, ASCII digits
    /// with an optional leading minus, within int64; false when it is missing, repeated, empty or anything else.
    /// </summary>
    public static bool TryReadRequiredInt64(HttpRequest request, string name, out long value)
    {
        value = 0;
        var (text, count) = Find(request, name);
        if (count != 1)
        {
            return false;
        }

        var digits = text!.StartsWith('-') ? text[1..] : text;
        return digits.Length > 0
            && digits.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The last value of the parameter with exactly this name, and how many times it is there.</summary>
    private static (string? Text, int Count) Find(HttpRequest request, string name)
    {
        string? text = null;
        var count = 0;
        foreach (var pair in new QueryStringEnumerable(request.QueryString.Value))
        {
            if (pair.DecodeName().Span.SequenceEqual(name))
            {
                count++;
                text = pair.DecodeValue().ToString();
            }
        }

        return (text, count);
    }

    private static bool TryReadOne(HttpRequest request, string name, int minimum, int maximum, int fallback, out int value)
    {
        value = fallback;
        var (text, count) = Find(request, name);
        if (count == 0)
        {
            return true;
        }

        // A repeated parameter is refused, as an invalid value is. Only ASCII digits make a number: int.TryParse
        // also takes trailing NUL characters ("1%00" read as 1) even with NumberStyles.None.
        return count == 1
            && text!.Length > 0
            && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= minimum
            && value <= maximum;
    }
}
