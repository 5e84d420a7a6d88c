using System;
using System.Globalization;

namespace Ddm.Cli.Output;

/// <summary>The one form dates take in tables: UTC, to the second, no zone suffix (the header says UTC).</summary>
internal static class Dates
{
    public static string Compact(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A duration such as "23h 47m"; one that is negative (a window the service says ends before it starts) has one
    /// sign in front, "-0h 30m".
    /// </summary>
    public static string Length(TimeSpan value)
    {
        var length = value.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{(value < TimeSpan.Zero ? "-" : string.Empty)}{(long)length.TotalHours}h {length.Minutes:00}m");
    }
}
