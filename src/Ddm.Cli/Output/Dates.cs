using System;
using System.Globalization;

namespace Ddm.Cli.Output;

/// <summary>The one form dates take in tables: UTC, to the second, no zone suffix (the header says UTC).</summary>
internal static class Dates
{
    public static string Compact(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The start and end of a restore window as a table shows them, to the second, and its length between the two. The
    /// times are "accurate to milliseconds": the start shown is the first whole second at or after the start (09:40:40.500
    /// is shown 09:40:41), the end the last one at or before the end (cut, as <see cref="Compact"/> does), so that a time
    /// shown is one the instance can be restored to; cut, a start of 09:40:40.500 showed 09:40:40, before the window. A
    /// window within one second holds no whole second: it is shown in that second, 0h 00m long, where the first whole
    /// second after its start and the last before its end would make it one that ends before it starts.
    /// </summary>
    public static (string Start, string End, string Length) Window(DateTimeOffset start, DateTimeOffset end)
    {
        var first = UpToSecond(start);
        var last = ToSecond(end);
        if (first > last && start <= end)
        {
            first = last;
        }

        return (Compact(first), Compact(last), Length(last - first));
    }

    private static DateTimeOffset ToSecond(DateTimeOffset value) => value.AddTicks(-(value.UtcTicks % TimeSpan.TicksPerSecond));

    /// <summary>The first whole second at or after <paramref name="value"/>; the value cut to its second where none is left before the year 10000.</summary>
    private static DateTimeOffset UpToSecond(DateTimeOffset value)
    {
        var cut = ToSecond(value);
        return cut == value || cut.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerSecond ? cut : cut.AddSeconds(1);
    }

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
