using System;
using System.Globalization;

namespace Ddm.Cli.Output;

/// <summary>The one form dates take in tables: UTC, to the second, no zone suffix (the header says UTC).</summary>
internal static class Dates
{
    public static string Compact(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The length of a window from <paramref name="start"/> to <paramref name="end"/> as <see cref="Compact"/> shows them,
    /// to the second: the times have milliseconds, and a length of the exact times could be a minute short of the times
    /// shown (09:40:40.500 to 09:27:40.200 the next day is 23h 46m 59.7s, shown 09:40:40 to 09:27:40).
    /// </summary>
    public static string LengthBetween(DateTimeOffset start, DateTimeOffset end) => Length(ToSecond(end) - ToSecond(start));

    private static DateTimeOffset ToSecond(DateTimeOffset value) => value.AddTicks(-(value.UtcTicks % TimeSpan.TicksPerSecond));

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
