using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ddm.Client;

namespace Ddm.Client.Tests;

/// <summary>
/// The edges of the byte-level reading in the generated converters: escaped names and values, values split across
/// buffers, listed enum values in another case, every date form against the full date parser, nulls and unknown
/// properties.
/// </summary>
public sealed class ConverterEdgeTests
{
    private static readonly JsonSerializerOptions Options = DdmJsonTypeInfoResolver.Options;

    private const string Backup = """
        {"id":"b1","status":"normal","instance_id":"i1","instance_status":"RUNNING","created":"2025-02-19T02:50:20+0000","backup_type":"auto_metadata"}
        """;

    [Fact]
    public void Escaped_property_names_and_values_read_like_plain_ones()
    {
        const string json = """
            {"\u0069d":"b\u0031","st\u0061tus":"norm\u0061l","instance_id":"i1","backup\u005ftype":"auto\u005fmetadata","cr\u0065ated":"2025\u002d02-19T02:50:20+0000"}
            """;

        var backup = JsonSerializer.Deserialize<BackupInfo>(json, Options)!;

        Assert.Equal("b1", backup.Id);
        Assert.Equal("normal", backup.Status.Value);
        Assert.True(backup.Status.IsKnown);
        Assert.Equal(BackupType.AutoMetadata, backup.BackupType);
        Assert.Equal(new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.Zero), backup.Created);
    }

    [Fact]
    public void Names_and_values_split_across_buffers_read_like_contiguous_ones()
    {
        var bytes = Encoding.UTF8.GetBytes(Backup);
        var info = (JsonTypeInfo<BackupInfo>)Options.GetTypeInfo(typeof(BackupInfo));
        var expected = JsonSerializer.Deserialize(bytes, info)!;

        // Every split point, so that each name, enum value and date is cut in two somewhere.
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var reader = new Utf8JsonReader(SplitBuffers.Split(bytes, cut));

            var backup = JsonSerializer.Deserialize(ref reader, info)!;

            Assert.Equal(expected, backup);
        }
    }

    [Theory]
    [InlineData("NORMAL")]
    [InlineData("Normal")]
    public void A_listed_enum_value_in_another_case_equals_it_and_is_written_back_as_sent(string text)
    {
        var json = Backup.Replace("\"status\":\"normal\"", $"\"status\":\"{text}\"", StringComparison.Ordinal);

        var backup = JsonSerializer.Deserialize<BackupInfo>(json, Options)!;

        Assert.Equal(text, backup.Status.Value);
        Assert.Equal(BackupStatus.Normal, backup.Status);
        Assert.True(backup.Status.IsKnown);
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(backup, Options));
        Assert.Equal(text, written.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void A_listed_enum_value_read_exactly_is_the_shared_instance()
    {
        var backup = JsonSerializer.Deserialize<BackupInfo>(Backup, Options)!;

        Assert.Same(BackupStatus.Normal.Value, backup.Status.Value);
        Assert.Same(InstanceStatus.Running.Value, backup.InstanceStatus!.Value.Value);
        Assert.Same(BackupType.AutoMetadata.Value, backup.BackupType!.Value.Value);
    }

    [Theory]
    [InlineData("2025-02-19T02:50:20+0000")]
    [InlineData("2025-02-19T02:50:20-0000")]
    [InlineData("2025-02-19T02:50:20+01:00")]
    [InlineData("2025-02-19T02:50:20-05:30")]
    [InlineData("2025-02-19T02:50:20+1400")]
    [InlineData("2025-02-19T02:50:20-14:00")]
    [InlineData("2025-02-19T02:50:20Z")]
    [InlineData("2025-02-19T02:50:20.1Z")]
    [InlineData("2025-02-19T02:50:20.1234567+0000")]
    [InlineData("2025-02-19T02:50:20.0000001-01:00")]
    [InlineData("2024-02-29T23:59:59+0000")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00-0100")]
    [InlineData("2025-02-19T02:50:20+1:00")]
    [InlineData("2025-02-19T02:50:20+0100 ")]
    [InlineData("2025-02-19T02:50:20.12345678+0000")]
    [InlineData("2025-02-19T02:50:20.+0000")]
    [InlineData("2025-02-19T02:50:20+1401")]
    [InlineData("2025-02-19T02:50:20+0160")]
    [InlineData("2025-02-19T02:50:20+01:0")]
    [InlineData("2025-02-19T02:50:20z")]
    [InlineData("2025-02-19t02:50:20Z")]
    [InlineData("2025-02-19T24:00:00Z")]
    [InlineData("2025-02-19T23:60:00Z")]
    [InlineData("2025-02-19T23:59:60Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-00-01T00:00:00Z")]
    [InlineData("2025-02-00T00:00:00Z")]
    [InlineData("2025-02-19T02:50:20")]
    [InlineData("2025-02-19 02:50:20Z")]
    [InlineData("２025-02-19T02:50:20Z")]
    [InlineData("2025-02-19T02:50:20+00:00Z")]
    [InlineData("20x5-02-19T02:50:20Z")]
    [InlineData("2025-02-19T02:50:20.")]
    [InlineData("2025-02-19T02:50:20.5")]
    [InlineData("2025-02-19T02:50:20+")]
    [InlineData("2025-02-19T02:50:20*0100")]
    [InlineData("2025-02-19T02:50:20+01x00")]
    [InlineData("2025-02-19T02:50:201")]
    public void Dates_read_from_json_exactly_as_the_full_date_parser_reads_their_text(string text)
    {
        var parsed = DdmDateTimeOffsetJsonConverter.TryParse(text, out var expected);
        var json = $$"""{"start_time":"{{JsonEncodedText.Encode(text)}}","end_time":"2025-02-19T02:50:20+0000"}""";

        if (parsed)
        {
            var interval = JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options)!;
            Assert.Equal(expected, interval.StartTime);
            Assert.Equal(expected.Offset, interval.StartTime.Offset);
        }
        else
        {
            var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options));
            Assert.Contains($"'{text}'", exception.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("6096-01-28T13:18:49+0:00")]
    [InlineData("2025-02-19T02:50:20+1:00")]
    [InlineData("2025-02-19T02:50:20-0:30")]
    [InlineData("2025-02-19T02:50:20.5+1:00")]
    [InlineData("2025-02-19t02:50:20+1:00")]
    public void An_offset_whose_hour_is_one_digit_is_no_date_and_fails_naming_the_member(string text)
    {
        // Regression: the full parser read the hour of an offset in one digit or two, so that +1:00 was read as +01:00,
        // a form no page of the API has.
        var json = $$"""{"start_time":"{{text}}","end_time":"2025-02-19T02:50:20+0000"}""";

        Assert.False(DdmDateTimeOffsetJsonConverter.TryParse(text, out _));
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options));
        Assert.Contains("'start_time' of RestoreTimeInterval", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-02-19T02:50:20.+0000")]
    [InlineData("2025-02-19T02:50:20.Z")]
    [InlineData("2025-02-19T02:50:20.z")]
    [InlineData("2025-02-19T02:50:20.")]
    [InlineData("2025-02-19T02:50:20.-05:30")]
    [InlineData("0001-01-01T00:00:00.Z")]
    public void A_point_without_a_digit_after_it_is_no_date_and_fails_naming_the_member(string text)
    {
        // Regression: the full parser's optional fraction (.FFFFFFF) took the point alone, so that a point without a digit
        // was read as no fraction, a form no page of the API has.
        var json = $$"""{"start_time":"{{text}}","end_time":"2025-02-19T02:50:20+0000"}""";

        Assert.False(DdmDateTimeOffsetJsonConverter.TryParse(text, out _));
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options));
        Assert.Contains("'start_time' of RestoreTimeInterval", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_are_written_as_before_for_every_offset_and_fraction()
    {
        var values = new[]
        {
            new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.Zero),
            new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.FromMinutes(-330)).AddTicks(1),
            new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.FromHours(14)).AddTicks(1_230_000),
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
        };

        foreach (var value in values)
        {
            var interval = new RestoreTimeInterval { StartTime = value, EndTime = value };

            using var written = JsonDocument.Parse(JsonSerializer.Serialize(interval, Options));

            var expected = value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture)
                + (value.Offset < TimeSpan.Zero ? "-" : "+") + value.Offset.Duration().ToString("hhmm", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, written.RootElement.GetProperty("start_time").GetString());
            Assert.Equal(expected, DdmDateTimeOffsetJsonConverter.Format(value));
        }
    }

    [Fact]
    public void Null_leaves_an_optional_member_empty_and_names_a_required_one()
    {
        var optional = Backup.Replace("\"backup_type\":\"auto_metadata\"", "\"backup_type\":null,\"updated\":null,\"name\":null", StringComparison.Ordinal);
        var backup = JsonSerializer.Deserialize<BackupInfo>(optional, Options)!;
        Assert.Null(backup.BackupType);
        Assert.Null(backup.Updated);
        Assert.Null(backup.Name);

        foreach (var (property, value) in new[] { ("status", "\"normal\""), ("created", "\"2025-02-19T02:50:20+0000\""), ("id", "\"b1\"") })
        {
            var json = Backup.Replace($"\"{property}\":{value}", $"\"{property}\":null", StringComparison.Ordinal);

            var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BackupInfo>(json, Options));

            Assert.Contains($"'{property}'", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Members_in_any_order_reach_their_own_member_even_among_names_of_the_same_length()
    {
        // description, instance_id and backup_type are 11 bytes long, created and updated 7: each must find its own.
        const string json = """
            {"backup_type":"auto_metadata","updated":"2025-02-19T02:50:37+0000","created":"2025-02-19T02:50:20+0000","file_size":2.5,"instance_status":"RUNNING","instance_name":"n","instance_id":"i1","status":"normal","description":"d","name":"b","id":"b1","xx_size_yy":1}
            """;

        var backup = JsonSerializer.Deserialize<BackupInfo>(json, Options)!;

        Assert.Equal(("b1", "b", "d", "i1", "n"), (backup.Id, backup.Name, backup.Description, backup.InstanceId, backup.InstanceName));
        Assert.Equal((BackupStatus.Normal, InstanceStatus.Running, BackupType.AutoMetadata, 2.5), (backup.Status, backup.InstanceStatus!.Value, backup.BackupType!.Value, backup.FileSize!.Value));
        Assert.Equal(new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.Zero), backup.Created);
        Assert.Equal(new DateTimeOffset(2025, 2, 19, 2, 50, 37, TimeSpan.Zero), backup.Updated);
    }

    [Fact]
    public void Unknown_properties_of_every_kind_are_skipped_even_with_a_known_name_inside()
    {
        const string json = """
            {"x\u0069d":"no","id":"b1","nested":{"id":"inner","status":"deleted"},"list":[{"created":"bad"}],"status":"normal","n":1.5e3,"t":true,"z":null,"instance_id":"i1","created":"2025-02-19T02:50:20+0000","ids":"no"}
            """;

        var backup = JsonSerializer.Deserialize<BackupInfo>(json, Options)!;

        Assert.Equal(("b1", "normal", "i1"), (backup.Id, backup.Status.Value, backup.InstanceId));
    }

    [Theory]
    [InlineData("""{"backups":{},"total":0,"offset":0,"limit":10}""", "'backups' of ListBackupsResponse", "a JSON array")]
    [InlineData("""{"backups":[1],"total":0,"offset":0,"limit":10}""", "'backups' of ListBackupsResponse", "a JSON object for BackupInfo")]
    [InlineData("""{"backups":[{"id":"b1","status":5}],"total":0,"offset":0,"limit":10}""", "'status' of BackupInfo", "a JSON string for BackupStatus")]
    [InlineData("""{"backups":[{"id":"b1","status":"normal","instance_id":"i","created":5}],"total":0,"offset":0,"limit":10}""", "'created' of BackupInfo", "a date-time string")]
    public void A_token_of_the_wrong_kind_names_what_was_expected(string json, string member, string expected)
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ListBackupsResponse>(json, Options));

        // The innermost model names its member; the models around it leave the message as it is.
        Assert.StartsWith("Could not read " + member + ": Expected " + expected + ", found ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_of_every_length_read_in_order()
    {
        foreach (var count in new[] { 0, 1, 15, 16, 17, 128, 1000 })
        {
            var items = new List<string>();
            for (var index = 0; index < count; index++)
            {
                items.Add(Backup.Replace("\"id\":\"b1\"", $"\"id\":\"b{index}\"", StringComparison.Ordinal));
            }

            var page = JsonSerializer.Deserialize<ListBackupsResponse>($$"""{"backups":[{{string.Join(",", items)}}],"total":{{count}},"offset":0,"limit":128}""", Options)!;

            Assert.Equal(count, page.Backups.Count);
            for (var index = 0; index < count; index++)
            {
                Assert.Equal($"b{index}", page.Backups[index].Id);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Backup")]
    [InlineData("auto metadata backup with a longer text than one vector of sixty-four bytes can hold at once")]
    [InlineData("Sicherung für größere Instanzen")]
    [InlineData("备份")]
    [InlineData("😀 emoji")]
    [InlineData("tab\tand \"quotes\" and \\ backslash")]
    [InlineData("\u007f delete is still ascii")]
    public void Text_reads_as_the_reader_decodes_it_whole_or_split(string text)
    {
        var json = Backup.Replace("\"id\":\"b1\"", "\"id\":\"b1\",\"name\":\"" + JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        var info = (JsonTypeInfo<BackupInfo>)Options.GetTypeInfo(typeof(BackupInfo));

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var reader = cut == 0 ? new Utf8JsonReader(bytes) : new Utf8JsonReader(SplitBuffers.Split(bytes, cut));

            var backup = JsonSerializer.Deserialize(ref reader, info)!;

            Assert.Equal(text, backup.Name);
        }
    }

    [Fact]
    public void Text_that_is_not_utf8_is_rejected_as_the_reader_rejects_it()
    {
        var bytes = Encoding.UTF8.GetBytes(Backup.Replace("\"id\":\"b1\"", "\"id\":\"b1\",\"name\":\"ab__\"", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)'_');
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        var info = (JsonTypeInfo<BackupInfo>)Options.GetTypeInfo(typeof(BackupInfo));

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(bytes, info));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("1.5")]
    [InlineData("-190.5")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("2.675")]
    [InlineData("123456789012345")]
    [InlineData("12345678.9012345")]
    [InlineData("0.00000000000001")]
    [InlineData("999999999999999")]
    [InlineData("1234567890123456")]
    [InlineData("9007199254740993")]
    [InlineData("0.30000000000000004")]
    [InlineData("0.000000000000001")]
    [InlineData("1e3")]
    [InlineData("1.5E-7")]
    [InlineData("-2.5e+300")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("5e-324")]
    [InlineData("1e400")]
    [InlineData("00")]
    [InlineData("1.")]
    [InlineData("\"1.5\"")]
    [InlineData("true")]
    public void Numbers_read_bit_for_bit_as_the_reader_reads_them_whole_or_split(string number)
    {
        var json = Backup.Replace("\"id\":\"b1\"", "\"id\":\"b1\",\"file_size\":" + number, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        var info = (JsonTypeInfo<BackupInfo>)Options.GetTypeInfo(typeof(BackupInfo));
        double? expected = null;
        Exception? failure = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            expected = document.RootElement.GetProperty("file_size").GetDouble();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            failure = exception;
        }

        // Beyond a double (1e400) the reader gives infinity, which no JSON writer writes back: the client refuses it.
        if (expected is { } read && !double.IsFinite(read))
        {
            (expected, failure) = (null, new FormatException(number + " is beyond a double."));
        }

        // Whole, and cut at every byte so that the number is split across buffers somewhere.
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var reader = cut == 0 ? new Utf8JsonReader(bytes) : new Utf8JsonReader(SplitBuffers.Split(bytes, cut));
            if (failure is null)
            {
                var backup = JsonSerializer.Deserialize(ref reader, info)!;
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected!.Value), BitConverter.DoubleToInt64Bits(backup.FileSize!.Value));
            }
            else
            {
                var threw = false;
                try
                {
                    JsonSerializer.Deserialize(ref reader, info);
                }
                catch (JsonException)
                {
                    threw = true;
                }

                Assert.True(threw, $"{number} was read, but the reader alone rejects it: {failure.Message}");
            }
        }
    }

    [Fact]
    public void A_property_name_outside_ascii_is_read_and_written()
    {
        var options = Unicode.UnicodeJsonTypeInfoResolver.Options;

        var measurement = JsonSerializer.Deserialize<Unicode.Measurement>("""{"größe":1.5,"name":"m"}""", options)!;
        var escaped = JsonSerializer.Deserialize<Unicode.Measurement>("""{"gr\u00f6\u00dfe":2.5}""", options)!;

        Assert.Equal((1.5, "m"), (measurement.Größe, measurement.Name));
        Assert.Equal(2.5, escaped.Größe);
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(measurement, options));
        Assert.Equal(1.5, written.RootElement.GetProperty("größe").GetDouble());
    }

    [Fact]
    public void A_model_or_list_the_caller_left_null_against_its_annotations_is_written_as_json_null_as_text_is()
    {
        // Regression: a null required model or list, or a null item, threw a NullReferenceException from the converter,
        // where a null required text member is written as JSON null; the service (or a read back) then names it.
        var page = new ListBackupsResponse { Backups = [null!], Offset = 0, Limit = 1, Total = 1 };
        var noList = page with { Backups = null! };
        var request = new Tests.Extended.RecoveryRequest { Source = null!, Target = null! };

        Assert.Equal("""{"backups":[null],"offset":0,"limit":1,"total":1}""", JsonSerializer.Serialize(page, Options));
        Assert.Equal("""{"backups":null,"offset":0,"limit":1,"total":1}""", System.ClientModel.Primitives.ModelReaderWriter.Write(noList).ToString());
        Assert.Equal("""{"source":null,"target":null}""", JsonSerializer.Serialize(request, Tests.Extended.DdmExtendedJsonTypeInfoResolver.Options));
        Assert.Contains("'backups' of ListBackupsResponse", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ListBackupsResponse>(JsonSerializer.Serialize(page, Options), Options)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_number_json_cannot_carry_is_refused_naming_its_member(double size)
    {
        // Regression: the writer's message named no member and advised a number handling the generated writing never uses.
        var backup = new BackupInfo { Id = "b1", Status = BackupStatus.Normal, InstanceId = "i1", Created = DateTimeOffset.UnixEpoch, FileSize = size };

        var exception = Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(backup, Options));

        Assert.StartsWith("The value of file_size is " + size.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonNumberHandling", exception.Message, StringComparison.Ordinal);
    }
}
