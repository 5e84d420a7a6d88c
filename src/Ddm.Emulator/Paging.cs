using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ddm.Emulator;

/// <summary>The offset and limit query parameters of the list APIs, validated as the reference documents them.</summary>
internal static class Paging
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 128;

    /// <summary>Reads offset (an integer from 0, default 0) and limit (1 to 128, default 10); false when either is invalid.</summary>
    public static bool TryRead(HttpRequest request, out int offset, out int limit)
    {
        limit = DefaultLimit;
        return TryReadOne(request, "offset", 0, int.MaxValue, 0, out offset)
            && TryReadOne(request, "limit", 1, MaxLimit, DefaultLimit, out limit);
    }

    private static bool TryReadOne(HttpRequest request, string name, int minimum, int maximum, int fallback, out int value)
    {
        value = fallback;
        if (!request.Query.TryGetValue(name, out var values))
        {
            return true;
        }

        return values.Count == 1
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= minimum
            && value <= maximum;
    }
}
