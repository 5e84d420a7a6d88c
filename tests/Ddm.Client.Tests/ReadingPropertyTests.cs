using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CsCheck;

namespace Ddm.Client.Tests;

/// <summary>
/// Random inputs for the byte-level reading of the generated converters, each checked against the reference the
/// fast path stands in for: numbers against <see cref="Utf8JsonReader.GetDouble"/>, dates against the converter's
/// full parser (<see cref="DdmDateTimeOffsetJsonConverter.TryParse"/>), text against the reader's decoding, and whole
/// backups against what was written, read back with members shuffled, names escaped and unknown members between them,
/// which are written back as they came.
/// Dates and names are also read with some of their characters escaped.
/// Every input is read whole and cut in two at a random byte.
/// </summary>
/// <remarks>
/// Each run draws a new seed. A failure reports the smallest input CsCheck found and the seed that replays it
/// (set <c>CsCheck_Seed</c>); that input then joins the cases of <see cref="ConverterEdgeTests"/>.
/// <c>CsCheck_Iter</c> sets how many cases each test runs (5 000 to 20 000 each by default).
/// </remarks>
public sealed class ReadingPropertyTests
{
    private static readonly JsonTypeInfo<BackupInfo> BackupInfoType = (JsonTypeInfo<BackupInfo>)DdmJsonTypeInfoResolver.Options.GetTypeInfo(typeof(BackupInfo));

    private static readonly JsonTypeInfo<RestoreTimeInterval> IntervalType = (JsonTypeInfo<RestoreTimeInterval>)DdmJsonTypeInfoResolver.Options.GetTypeInfo(typeof(RestoreTimeInterval));

    private const string Required = "\"id\":\"b1\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"";

    private static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[1, 20].Select(digits => new string(digits));

    /// <summary>JSON numbers of every shape (and now and then one that is not JSON): signs, leading zeros, fractions, exponents.</summary>
    private static readonly Gen<string> Numbers = Gen.Select(
        Gen.Frequency((4, Gen.Const("")), (1, Gen.Const("-"))),
        Gen.Frequency((2, Gen.Const("0")), (6, Gen.Select(Gen.Char['1', '9'], Gen.Char['0', '9'].Array[0, 19], (first, rest) => first + new string(rest))), (1, Digits)),
        Gen.Frequency((3, Gen.Const("")), (4, Digits.Select(digits => "." + digits)), (1, Gen.Const("."))),
        Gen.Frequency((6, Gen.Const("")), (1, Gen.Select(Gen.OneOf("e", "E"), Gen.OneOf("", "+", "-"), Gen.Int[0, 400], (e, sign, power) => e + sign + power.ToString(CultureInfo.InvariantCulture)))),
        (sign, whole, fraction, exponent) => sign + whole + fraction + exponent);

    /// <summary>Date-times near the API's form: every field at and beyond its range, fractions of 0 to 9 digits, every offset form.</summary>
    private static readonly Gen<string> Dates = Gen.Select(
        Gen.Frequency((8, Gen.Int[0, 9999].Select(year => year.ToString("D4", CultureInfo.InvariantCulture))), (1, Gen.OneOf("0001", "9999", "0000", "10000", "999"))),
        Gen.Select(Gen.Int[0, 13], Gen.Int[0, 32], (month, day) => $"-{month:D2}-{day:D2}"),
        Gen.Frequency((12, Gen.Const("T")), (1, Gen.OneOf("t", " ", "X"))),
        Gen.Select(Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61], (hour, minute, second) => $"{hour:D2}:{minute:D2}:{second:D2}"),
        Gen.Frequency((3, Gen.Const("")), (3, Gen.Char['0', '9'].Array[0, 9].Select(digits => "." + new string(digits)))),
        Gen.Frequency(
            (3, Gen.OneOf("Z", "z", "", "+", "-0000", "+00:00Z")),
            (6, Gen.Select(Gen.OneOf("+", "-"), Gen.Int[0, 15], Gen.OneOf("", ":"), Gen.Int[0, 61], (sign, hours, colon, minutes) => $"{sign}{hours:D2}{colon}{minutes:D2}"))),
        (year, date, separator, time, fraction, offset) => year + date + separator + time + fraction + offset);

    /// <summary>A date-time as above with, now and then, one character replaced by one the parsers care about.</summary>
    private static readonly Gen<string> DatesAndNearMisses = Gen.Frequency(
        (4, Dates),
        (1, Gen.Select(Dates, Gen.Int[0, 100], Gen.Char["0123456789-+:.TZtz x\u0660"], (text, at, replacement) =>
            text.Length == 0 ? text : text.Remove(at % text.Length, 1).Insert(at % text.Length, replacement.ToString()))));

    /// <summary>Text of every kind the reader decodes: ASCII, control characters, Latin-1, other scripts, surrogate pairs.</summary>
    private static readonly Gen<string> Texts = Gen.Frequency(
            (8, Gen.Char[' ', '~']),
            (1, Gen.Char['\0', '\u001f']),
            (1, Gen.OneOf('\u007f', 'é', 'ß', '\u00a0', '备', '\u2028', '"', '\\', '/')),
            (1, Gen.Char['\u0100', '\ud7ff']))
        .Array[0, 80]
        .Select(Gen.Frequency((6, Gen.Const("")), (1, Gen.OneOf("😀", "\U0001F600\U0001F601", "𝄞"))), Gen.Int[0, 80], (chars, pair, at) => new string(chars).Insert(at % (chars.Length + 1), pair));

    [Fact]
    public void Numbers_read_bit_for_bit_as_the_reader_reads_them()
    {
        Gen.Select(Numbers, Gen.Int[0, 1000]).Sample((number, cut) =>
        {
            var json = "{" + Required + ",\"file_size\":" + number + "}";
            double? expected;
            try
            {
                using var document = JsonDocument.Parse(json);
                expected = document.RootElement.GetProperty("file_size").GetDouble();

                // Beyond a double the reader gives infinity, which no JSON writer writes back: the client refuses it.
                expected = double.IsFinite(expected.Value) ? expected : null;
            }
            catch (Exception exception) when (exception is JsonException or FormatException)
            {
                expected = null;
            }

            foreach (var reading in ReadBothWays(json, cut, BackupInfoType))
            {
                if (expected is { } value)
                {
                    Assert.Null(reading.Failure);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(reading.Value!.FileSize!.Value));
                }
                else
                {
                    Assert.IsType<JsonException>(reading.Failure);
                }
            }
        }, iter: Iterations(20_000));
    }

    [Fact]
    public void Dates_read_as_the_full_parser_reads_their_text()
    {
        Gen.Select(DatesAndNearMisses, Gen.Int[0, 1000], Gen.Frequency((3, Gen.Const(-1)), (1, Gen.Int))).Sample((text, cut, escaping) =>
        {
            var value = escaping < 0 ? "\"" + text + "\"" : Quoted(text, new Random(escaping));
            var json = "{\"start_time\":" + value + ",\"end_time\":\"2025-02-19T02:50:20+0000\"}";
            var parsed = DdmDateTimeOffsetJsonConverter.TryParse(text, out var expected);

            foreach (var reading in ReadBothWays(json, cut, IntervalType))
            {
                if (parsed)
                {
                    Assert.Null(reading.Failure);
                    Assert.Equal((expected, expected.Offset), (reading.Value!.StartTime, reading.Value.StartTime.Offset));
                }
                else
                {
                    var failure = Assert.IsType<JsonException>(reading.Failure);
                    Assert.Contains($"'{text}'", failure.Message, StringComparison.Ordinal);
                }
            }
        }, iter: Iterations(20_000));
    }

    [Fact]
    public void Text_reads_as_written_whatever_its_escaping()
    {
        Gen.Select(Texts, Gen.Bool, Gen.Int[0, 1000]).Sample((text, relaxed, cut) =>
        {
            var encoded = JsonEncodedText.Encode(text, relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default);
            var json = "{" + Required + ",\"name\":\"" + encoded + "\"}";

            foreach (var reading in ReadBothWays(json, cut, BackupInfoType))
            {
                Assert.Null(reading.Failure);
                Assert.Equal(text, reading.Value!.Name);
            }
        }, iter: Iterations(10_000));
    }

    [Fact]
    public void Backups_read_back_whatever_the_order_escaping_and_unknown_members()
    {
        var backups = Gen.Select(
            Gen.Select(Texts, Texts.Null(), Texts.Null(), Texts, Texts.Null()),
            Gen.Select(EnumText("creating", "normal", "deleted", "createfail"), EnumText("RUNNING", "ERROR", "BACKUP").Null(), EnumText("auto_metadata", "metadata").Null()),
            Gen.Select(Gen.Double.Nullable(), Instants, Instants.Nullable()),
            (text, enums, rest) => new BackupInfo
            {
                Id = text.Item1,
                Name = text.Item2,
                Description = text.Item3,
                InstanceId = text.Item4,
                InstanceName = text.Item5,
                Status = new BackupStatus(enums.Item1),
                InstanceStatus = enums.Item2 is { } instanceStatus ? new InstanceStatus(instanceStatus) : (InstanceStatus?)null,
                BackupType = enums.Item3 is { } backupType ? new BackupType(backupType) : (BackupType?)null,
                FileSize = rest.Item1 is { } size && double.IsFinite(size) ? size : null,
                Created = rest.Item2,
                Updated = rest.Item3,
            });

        Gen.Select(backups, Gen.Int.Array[8, 8], Gen.Int[0, 4000]).Sample((backup, choices, cut) =>
        {
            var json = Rewrite(JsonSerializer.Serialize(backup, BackupInfoType), choices);

            foreach (var reading in ReadBothWays(json, cut, BackupInfoType))
            {
                Assert.Null(reading.Failure);
                Assert.Equal(backup, reading.Value);
                Assert.Equal(backup.Status.Value, reading.Value!.Status.Value);
                // Written again, the unknown members come back too, as they were sent.
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(reading.Value, BackupInfoType))), json);
                Assert.Equal((backup.Created.Offset, backup.Updated?.Offset), (reading.Value.Created.Offset, reading.Value.Updated?.Offset));
            }
        }, iter: Iterations(5_000));
    }

    /// <summary>Instants with whole-minute offsets within the API's range, to the tick.</summary>
    private static readonly Gen<DateTimeOffset> Instants = Gen.Select(
        Gen.Long[DateTimeOffset.MinValue.Ticks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.Ticks - TimeSpan.TicksPerDay],
        Gen.Frequency((3, Gen.Const(0L)), (1, Gen.Long[0, TimeSpan.TicksPerSecond * 60])),
        Gen.Int[-14 * 60, 14 * 60],
        (ticks, fraction, minutes) => new DateTimeOffset((ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond) + (fraction % TimeSpan.TicksPerSecond), TimeSpan.FromMinutes(minutes)));

    /// <summary>A listed value in any case, or a value the spec does not list.</summary>
    private static Gen<string> EnumText(params string[] listed) => Gen.Frequency(
        (4, Gen.Select(Gen.OneOf(listed), Gen.Int, (value, casing) => new string(value.Select((c, i) => ((casing >> (i % 31)) & 1) == 1 ? char.ToUpperInvariant(c) : c).ToArray()))),
        (1, Texts));

    /// <summary>
    /// The members of a written object in another order, with some names escaped character by character, unknown
    /// members of every kind of value between them (some with a known member's length or name inside), and whitespace.
    /// </summary>
    private static string Rewrite(string json, int[] choices)
    {
        using var document = JsonDocument.Parse(json);
        var random = new Random(choices[0]);
        var members = document.RootElement.EnumerateObject().Select(member => (Name: member.Name, Value: member.Value.GetRawText())).ToList();
        string[] unknown =
        [
            "\"idx\":1", "\"nam\":{\"name\":\"x\",\"id\":[1,{\"created\":2}]}", "\"statuz\":null", "\"created_at\":\"2025-02-19T02:50:20+0000\"",
            "\"\":[]", "\"file_sizes\":[1.5,-2e9,true,false]", "\"IDs\":\"b2\"", "\"\\u0069d2\":\"b3\"",
        ];
        var parts = members.Select(member => Quoted(member.Name, random) + ":" + member.Value)
            .Concat(unknown.Where(_ => random.Next(3) == 0))
            .OrderBy(_ => random.Next())
            .ToList();
        var space = choices[1] % 3 == 0 ? " \n\t" : string.Empty;
        return "{" + space + string.Join("," + space, parts) + space + "}";
    }

    /// <summary>Text as a JSON string, with each character escaped as <c>\uXXXX</c> now and then (and always where JSON requires it).</summary>
    private static string Quoted(string text, Random random)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            json.Append(random.Next(4) == 0 || c < ' ' || c is '"' or '\\' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return json.Append('"').ToString();
    }

    /// <summary>The cases a test runs: its own number, or <c>CsCheck_Iter</c> when that is set.</summary>
    private static int Iterations(int cases) => Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? cases : -1;

    /// <summary>Reads the JSON whole and cut in two at <paramref name="cut"/> (modulo its length), each giving a value or a failure.</summary>
    private static IEnumerable<(T? Value, Exception? Failure)> ReadBothWays<T>(string json, int cut, JsonTypeInfo<T> type)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        yield return Read(new ReadOnlySequence<byte>(bytes), type);
        yield return Read(SplitBuffers.Split(bytes, 1 + (cut % (bytes.Length - 1))), type);
    }

    private static (T? Value, Exception? Failure) Read<T>(ReadOnlySequence<byte> bytes, JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(bytes);
        try
        {
            return (JsonSerializer.Deserialize(ref reader, type), null);
        }
        catch (Exception exception)
        {
            return (default, exception);
        }
    }
}
