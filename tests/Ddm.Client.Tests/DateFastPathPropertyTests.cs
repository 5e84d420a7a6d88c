using System;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace Ddm.Client.Tests;

/// <summary>
/// The date converter's fast path, which reads the common forms straight from UTF-8, against its full parser
/// (<see cref="DdmDateTimeOffsetJsonConverter.TryParse"/>, the formats the converter falls back to), on texts at the
/// edges of every field: leap days and February 29 in other years, the years 1 and 9999 with offsets that take the
/// instant out of range, 24:00, a 60th minute or second, fractions of 0 to 9 digits, offsets at and past 14:00, and
/// wrong separators. What the fast path reads, the full parser reads to the same instant and offset; the fast path
/// takes every text in the API's own forms from the year 2 to 9998, so that it is not only correct by refusing.
/// </summary>
/// <remarks>Each run draws a new seed; a failure reports the smallest input and the seed that replays it (<c>CsCheck_Seed</c>).</remarks>
public sealed class DateFastPathPropertyTests
{
    private delegate bool FastParse(ReadOnlySpan<byte> text, out DateTimeOffset value);

    /// <summary>The fast path itself: a private member of the generated converter, called here without the JSON around it.</summary>
    private static readonly FastParse Fast = typeof(DdmDateTimeOffsetJsonConverter)
        .GetMethod("TryParseUtf8", BindingFlags.NonPublic | BindingFlags.Static)!
        .CreateDelegate<FastParse>();

    /// <summary>The forms the fast path is there for: whole seconds or up to seven digits of a fraction, then <c>Z</c>, <c>+hhmm</c> or <c>+hh:mm</c>.</summary>
    private static readonly Regex ApiForm = new(
        @"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:?[0-9]{2})\z",
        RegexOptions.CultureInvariant);

    private static Gen<string> Field(int digits, int low, int high, params int[] edges) =>
        Gen.Frequency((3, Gen.Int[low, high]), (2, Gen.OneOf(edges))).Select(value => value.ToString("D" + digits, CultureInfo.InvariantCulture));

    /// <summary>A date-time near the API's form, each field now and then at or just past an edge.</summary>
    private static readonly Gen<string> Dates = Gen.Select(
        Gen.Select(
            Field(4, 0, 9999, 0, 1, 2, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9998, 9999),
            Gen.Frequency((3, Gen.Int[0, 13]), (2, Gen.Const(2)), (1, Gen.OneOf(4, 6, 9, 11, 12))).Select(month => month.ToString("D2", CultureInfo.InvariantCulture)),
            Field(2, 0, 32, 0, 1, 28, 29, 30, 31, 32),
            Gen.Frequency((12, Gen.Const("-")), (1, Gen.OneOf("/", ".", "x", "+"))),
            (year, month, day, separator) => year + separator + month + "-" + day),
        Gen.Frequency((12, Gen.Const("T")), (1, Gen.OneOf("t", " ", "X", "Z", ":"))),
        Gen.Select(
            Field(2, 0, 23, 0, 23, 24, 25),
            Field(2, 0, 59, 0, 59, 60, 61),
            Field(2, 0, 59, 0, 59, 60, 61),
            Gen.Frequency((12, Gen.Const(":")), (1, Gen.OneOf(".", "-", "x"))),
            (hour, minute, second, separator) => hour + ":" + minute + separator + second),
        Gen.Frequency((3, Gen.Const("")), (4, Gen.Char['0', '9'].Array[0, 9].Select(digits => "." + new string(digits))), (1, Gen.OneOf(",5", ".x", ".9999999", ".0000000"))),
        Gen.Frequency(
            (3, Gen.OneOf("Z", "z", "", "+", "-", "+00:00Z", "ZZ", "+01x00", "*0100")),
            (8, Gen.Select(
                Gen.OneOf("+", "-"),
                Gen.Frequency((3, Gen.Int[0, 15]), (2, Gen.OneOf(0, 13, 14, 15, 99))),
                Gen.Frequency((4, Gen.OneOf("", ":")), (1, Gen.OneOf("-", " ", ";"))),
                Gen.Frequency((3, Gen.Int[0, 61]), (2, Gen.OneOf(0, 1, 59, 60))),
                Gen.Frequency((8, Gen.Const(false)), (1, Gen.Const(true))),
                (sign, hours, colon, minutes, hourOnly) => sign + hours.ToString("D2", CultureInfo.InvariantCulture) + (hourOnly ? "" : colon + minutes.ToString("D2", CultureInfo.InvariantCulture))))),
        (date, separator, time, fraction, offset) => date + separator + time + fraction + offset);

    [Fact]
    public void What_the_fast_path_reads_the_full_parser_reads_to_the_same_instant_and_offset()
    {
        Dates.Sample(text =>
        {
            var fast = Fast(Encoding.UTF8.GetBytes(text), out var value);
            var full = DdmDateTimeOffsetJsonConverter.TryParse(text, out var expected);
            if (fast)
            {
                Assert.True(full, $"'{text}': the fast path read {value:o}, the full parser refuses it");
                Assert.True(value == expected && value.Offset == expected.Offset, $"'{text}': the fast path read {value:o}, the full parser {expected:o}");
            }
            else if (full && ApiForm.IsMatch(text) && int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture) is >= 2 and <= 9998)
            {
                Assert.Fail($"'{text}': in the API's form, read by the full parser as {expected:o}, but not by the fast path");
            }
        }, iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 100_000 : -1);
    }
}
