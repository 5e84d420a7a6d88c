using System;
using System.Globalization;

namespace Ddm.Cli.Output;

/// <summary>The one form dates take in tables: UTC, to the second, no zone suffix (the header says UTC).</summary>
internal static class Dates
{
    public static string Compact(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A duration such as "23h 47m".</summary>
    public static string Length(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalHours}h {value.Minutes:00}m");
}
