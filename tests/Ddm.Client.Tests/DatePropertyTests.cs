using System;
using System.Buffers;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using CsCheck;

namespace Ddm.Client.Tests;

/// <summary>
/// The date-times of the API against a grammar of their own, not the converter's parser: a text in a form the
/// contract documents or tolerates (<c>yyyy-MM-ddTHH:mm:ss</c>, a fraction of any length, then <c>+hhmm</c>,
/// <c>+hh:mm</c>, <c>+hh</c>, <c>Z</c> or nothing; RFC 3339's lower-case <c>t</c> and <c>z</c>) reads to the instant
/// it names, with its offset; any other text fails with a <see cref="JsonException"/> that names the member. Every
/// text is read whole, as a sequence cut in two at every byte, and as a sequence of several segments, each way giving
/// the same; bytes that are no UTF-8 fail the same way; what the client writes reads back equal and is in the API's
/// own form.
/// </summary>
/// <remarks>Each run draws a new seed; a failure reports the smallest input and the seed that replays it (<c>CsCheck_Seed</c>).</remarks>
public sealed class DatePropertyTests
{
    private const string Member = "'start_time' of RestoreTimeInterval";

    private static readonly JsonTypeInfo<RestoreTimeInterval> IntervalType = DdmJsonTypeInfoResolver.TypeInfo<RestoreTimeInterval>();

    /// <summary>The forms the contract documents or tolerates, in ASCII digits only.</summary>
    private static readonly Regex Form = new(
        @"\A(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]+))?(?:[Zz]|(?<sign>[+-])(?<hours>[0-9]{2})(?::?(?<minutes>[0-9]{2}))?)?\z",
        RegexOptions.CultureInvariant);

    /// <summary>A text in one of the forms: every field anywhere in its range, now and then at its edge.</summary>
    private static readonly Gen<string> Documented = Gen.Select(
        Gen.Select(Gen.Frequency((6, Gen.Int[1, 9999]), (1, Gen.OneOf(1, 2, 1970, 9998, 9999))), Gen.Int[1, 12], Gen.Int[1, 31]),
        Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59], Gen.Int[0, 59], Gen.Frequency((8, Gen.Const("T")), (1, Gen.Const("t")))),
        Gen.Frequency((4, Gen.Const("")), (1, Gen.Char['0', '9'].Array[1, 3].Select(digits => "." + new string(digits))), (2, Gen.Char['0', '9'].Array[1, 12].Select(digits => "." + new string(digits)))),
        Gen.Frequency(
            (2, Gen.OneOf("Z", "z", "", "+0000", "-0000", "+00:00")),
            (6, Gen.Select(Gen.OneOf("+", "-"), Gen.Int[0, 14], Gen.Int[0, 59], Gen.Int[0, 2], (sign, hours, minutes, form) =>
                hours == 14 ? $"{sign}14{(form == 1 ? ":" : "")}{(form == 2 ? "" : "00")}"
                : form == 0 ? $"{sign}{hours:D2}{minutes:D2}" : form == 1 ? $"{sign}{hours:D2}:{minutes:D2}" : $"{sign}{hours:D2}"))),
        (date, time, fraction, offset) => string.Create(CultureInfo.InvariantCulture,
            $"{date.Item1:D4}-{date.Item2:D2}-{Math.Min(date.Item3, DateTime.DaysInMonth(date.Item1, date.Item2)):D2}{time.Item4}{time.Item1:D2}:{time.Item2:D2}:{time.Item3:D2}{fraction}{offset}"));

    /// <summary>Characters that a date-time holds, ones a parser may skip or take for digits, and others.</summary>
    private const string Characters = "0123456789-+:.TZtz \0\t\n\u00a0\u0660\uff12\u00e9x/,";

    /// <summary>A documented text, or one with a character taken out, put in, replaced, or a part repeated or cut off.</summary>
    private static readonly Gen<string> Texts = Gen.Frequency(
        (2, Documented),
        (5, Gen.Select(Documented, Gen.Int[0, 4], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Char[Characters], (text, edit, at, other, character) =>
        {
            var index = at % (text.Length + 1);
            var end = Math.Min(text.Length, index + 1 + (other % 4));
            return edit switch
            {
                0 => index < text.Length ? text.Remove(index, 1) : text,
                1 => text.Insert(index, character.ToString()),
                2 => index < text.Length ? text.Remove(index, 1).Insert(index, character.ToString()) : text + character,
                3 => text.Insert(end, text.Substring(index, end - index)),
                _ => text.Substring(0, index),
            };
        })));

    [Fact]
    public void A_text_in_a_documented_form_reads_to_the_instant_it_names_and_any_other_fails_naming_the_member()
    {
        Gen.Select(Texts, Gen.Int, Gen.Int[0, 1000]).Sample((text, escaping, segments) =>
        {
            var json = Json(Quoted(text, escaping));
            var expected = Instant(text);
            foreach (var (how, reading) in ReadEveryWay(json, segments))
            {
                if (expected is { } instant)
                {
                    Assert.True(reading.Failure is null, $"{how}: '{Escape(text)}' failed: {reading.Failure?.Message}");
                    Assert.Equal((instant, instant.Offset), (reading.Value!.StartTime, reading.Value.StartTime.Offset));
                }
                else
                {
                    Assert.True(reading.Failure is JsonException, $"{how}: '{Escape(text)}' gave {reading.Value?.StartTime.ToString("o", CultureInfo.InvariantCulture) ?? reading.Failure?.GetType().Name}");
                    Assert.Contains(Member, reading.Failure!.Message, StringComparison.Ordinal);
                }
            }
        }, iter: Iterations(1_000));
    }

    [Fact]
    public void Bytes_that_are_no_utf8_in_a_date_fail_naming_the_member()
    {
        Gen.Select(Documented, Gen.Int[0, 1000], Gen.OneOf<byte>(0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xF0, 0xF8, 0xFF), Gen.Int[0, 1000]).Sample((text, at, stray, segments) =>
        {
            // Inserted between the characters of a date in ASCII, the byte starts or continues no character.
            var bytes = Encoding.UTF8.GetBytes(Json("\"" + text + "\"")).ToList();
            bytes.Insert("{\"start_time\":\"".Length + (at % (text.Length + 1)), stray);
            foreach (var (how, reading) in ReadEveryWay(bytes.ToArray(), segments))
            {
                Assert.True(reading.Failure is JsonException, $"{how}: '{text}' with 0x{stray:X2} at {at % (text.Length + 1)} gave {reading.Value?.StartTime.ToString("o", CultureInfo.InvariantCulture) ?? reading.Failure?.GetType().Name}");
                Assert.Contains(Member, reading.Failure!.Message, StringComparison.Ordinal);
            }
        }, iter: Iterations(300));
    }

    /// <summary>Every instant a DateTimeOffset holds, with a whole-minute offset within 14 hours, now and then at an edge or in whole seconds.</summary>
    private static readonly Gen<DateTimeOffset> Instants = Gen.Select(
        Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks],
        Gen.Frequency((4, Gen.Int[-14 * 60, 14 * 60]), (1, Gen.OneOf(0, 60, -60, 14 * 60, -14 * 60, 330, -570))),
        Gen.Int[0, 5],
        (utc, minutes, shape) =>
        {
            utc = shape switch
            {
                0 => DateTime.MinValue.Ticks,
                1 => DateTime.MaxValue.Ticks,
                2 => utc - (utc % TimeSpan.TicksPerSecond),
                3 => utc - (utc % TimeSpan.TicksPerMillisecond),
                _ => utc,
            };
            var offset = TimeSpan.FromMinutes(minutes);
            var clock = utc + offset.Ticks;
            return clock < DateTime.MinValue.Ticks || clock > DateTime.MaxValue.Ticks
                ? new DateTimeOffset(utc, TimeSpan.Zero)
                : new DateTimeOffset(clock, offset);
        });

    [Fact]
    public void What_the_client_writes_is_in_the_api_form_and_reads_back_equal_every_way()
    {
        Gen.Select(Instants, Gen.Int[0, 1000]).Sample((value, segments) =>
        {
            var interval = new RestoreTimeInterval { StartTime = value, EndTime = value };
            var written = JsonSerializer.Serialize(interval, IntervalType);
            var text = JsonDocument.Parse(written).RootElement.GetProperty("start_time").GetString()!;

            // The API's form: no lower case, no Z, no colon in the offset.
            Assert.Matches(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?[+-][0-9]{4}\z", text);
            Assert.Equal(text, DdmDateTimeOffsetJsonConverter.Format(value));
            Assert.Equal((value, value.Offset), (Instant(text)!.Value, Instant(text)!.Value.Offset));
            Assert.True(DdmDateTimeOffsetJsonConverter.TryParse(text, out var parsed));
            Assert.Equal((value, value.Offset), (parsed, parsed.Offset));
            foreach (var (how, reading) in ReadEveryWay(written, segments))
            {
                Assert.True(reading.Failure is null, $"{how}: '{text}' failed: {reading.Failure?.Message}");
                Assert.Equal((value, value.Offset), (reading.Value!.StartTime, reading.Value.StartTime.Offset));
                Assert.Equal((value, value.Offset), (reading.Value.EndTime, reading.Value.EndTime.Offset));
            }
        }, iter: Iterations(1_000));
    }

    /// <summary>
    /// The instant a text in a documented form names, with its offset (UTC when it has none); null for any other text,
    /// and for one whose fields are out of range or whose instant in UTC is before the year 1 or after 9999.
    /// A fraction of more than seven digits is cut to the 100 ns a DateTimeOffset holds.
    /// </summary>
    private static DateTimeOffset? Instant(string text)
    {
        var match = Form.Match(text);
        if (!match.Success)
        {
            return null;
        }

        int Field(string name) => int.Parse(match.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var (year, month, day, hour, minute, second) = (Field("year"), Field("month"), Field("day"), Field("hour"), Field("minute"), Field("second"));
        var hours = match.Groups["sign"].Success ? Field("hours") : 0;
        var minutes = match.Groups["minutes"].Success ? Field("minutes") : 0;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59
            || minutes > 59 || (hours * 60) + minutes > 14 * 60)
        {
            return null;
        }

        var fraction = match.Groups["fraction"].Value.PadRight(7, '0')[..7];
        var clock = new DateTime(year, month, day, hour, minute, second).Ticks + long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        var offset = TimeSpan.FromMinutes((match.Groups["sign"].Value == "-" ? -1 : 1) * ((hours * 60) + minutes));
        var utc = clock - offset.Ticks;
        return utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(clock, offset);
    }

    private static string Json(string quotedStart) => "{\"start_time\":" + quotedStart + ",\"end_time\":\"2025-02-19T02:50:20+0000\"}";

    /// <summary>Text as a JSON string, each character escaped as <c>\uXXXX</c> where the bit of <paramref name="escaping"/> for it is set (and where JSON requires it).</summary>
    private static string Quoted(string text, int escaping)
    {
        var json = new StringBuilder("\"");
        for (var index = 0; index < text.Length; index++)
        {
            var c = text[index];
            json.Append(((escaping >> (index % 32)) & 1) == 1 || c < ' ' || c is '"' or '\\' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return json.Append('"').ToString();
    }

    /// <summary>The text with what is not printable ASCII escaped, for a message.</summary>
    private static string Escape(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));

    /// <summary>
    /// Reads the JSON each way a caller may: the serializer over the bytes whole, over a sequence cut in two at every
    /// byte of the start's value, one byte a segment and over segments whose lengths <paramref name="segments"/>
    /// chooses, and ModelReaderWriter.
    /// </summary>
    private static IEnumerable<(string How, (RestoreTimeInterval? Value, Exception? Failure) Reading)> ReadEveryWay(string json, int segments) =>
        ReadEveryWay(Encoding.UTF8.GetBytes(json), segments);

    /// <inheritdoc cref="ReadEveryWay(string, int)"/>
    private static IEnumerable<(string How, (RestoreTimeInterval? Value, Exception? Failure) Reading)> ReadEveryWay(byte[] bytes, int segments)
    {
        yield return ("whole", Read(() => JsonSerializer.Deserialize(bytes, IntervalType)));
        yield return ("ModelReaderWriter", Read(() => ModelReaderWriter.Read<RestoreTimeInterval>(BinaryData.FromBytes(bytes))));
        // Every cut from the start of the value to the comma after it: the cuts elsewhere split no date.
        var end = bytes.AsSpan().IndexOf(",\"end_time\""u8);
        for (var cut = "{\"start_time\":".Length; cut <= end + 1; cut++)
        {
            yield return ($"cut at {cut}", Read(SplitBuffers.Split(bytes, cut)));
        }

        yield return ("one byte a segment", Read(SplitBuffers.Bytewise(bytes)));
        var random = new Random(segments);
        var parts = new List<ReadOnlyMemory<byte>>();
        for (var start = 0; start < bytes.Length;)
        {
            var length = Math.Min(bytes.Length - start, 1 + random.Next(12));
            parts.Add(bytes.AsMemory(start, length));
            start += length;
        }

        yield return ($"segments of {string.Join(",", parts.Select(part => part.Length))}", Read(SplitBuffers.Join(parts[0], parts.Skip(1).ToArray())));
    }

    private static (RestoreTimeInterval? Value, Exception? Failure) Read(ReadOnlySequence<byte> sequence) => Read(() =>
    {
        var reader = new Utf8JsonReader(sequence);
        return JsonSerializer.Deserialize(ref reader, IntervalType);
    });

    private static (RestoreTimeInterval? Value, Exception? Failure) Read(Func<RestoreTimeInterval?> read)
    {
        try
        {
            return (read(), null);
        }
        catch (Exception exception)
        {
            return (null, exception);
        }
    }

    private static int Iterations(int cases) => Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? cases : -1;
}
