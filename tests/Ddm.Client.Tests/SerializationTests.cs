using System;
using System.IO;
using System.Text.Json;
using Ddm.Client;

namespace Ddm.Client.Tests;

/// <summary>
/// The generated models read the documented example responses exactly, with reflection-based serialization
/// switched off for this project (JsonSerializerIsReflectionEnabledByDefault=false).
/// </summary>
public sealed class SerializationTests
{
    private static readonly JsonSerializerOptions Options = DdmJsonTypeInfoResolver.Options;

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void Reflection_based_serialization_is_off_in_this_project()
    {
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
        Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new BackupInfo { Id = "x", Status = BackupStatus.Normal, InstanceId = "i", Created = DateTimeOffset.UnixEpoch }));
    }

    [Fact]
    public void The_documented_backups_example_reads_with_exact_values()
    {
        var page = JsonSerializer.Deserialize<ListBackupsResponse>(Fixture("querying-backups-response.json"), Options)!;

        Assert.Equal(1, page.Total);
        Assert.Equal(0, page.Offset);
        Assert.Equal(10, page.Limit);
        var backup = Assert.Single(page.Backups);
        Assert.Equal("c131f9339****5cdebe350228br09", backup.Id);
        Assert.Equal("Backup", backup.Name);
        Assert.Equal("auto metadata backup", backup.Description);
        Assert.Equal(BackupStatus.Normal, backup.Status);
        Assert.Equal("169f4f2fd6****04385a18ain09", backup.InstanceId);
        Assert.Equal("ddm-test", backup.InstanceName);
        Assert.Equal(InstanceStatus.Normal, backup.InstanceStatus);
        Assert.Equal(5.419922, backup.FileSize);
        Assert.Equal(new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.Zero), backup.Created);
        Assert.Equal(TimeSpan.Zero, backup.Created.Offset);
        Assert.Equal(new DateTimeOffset(2025, 2, 19, 2, 50, 37, TimeSpan.Zero), backup.Updated);
        Assert.Equal(BackupType.AutoMetadata, backup.BackupType);
        Assert.Equal("auto_metadata", backup.BackupType!.Value.Value);
    }

    [Fact]
    public void The_typed_metadata_reads_and_writes_a_generated_type_and_refuses_any_other()
    {
        var info = DdmJsonTypeInfoResolver.TypeInfo<ListBackupsResponse>();

        var page = JsonSerializer.Deserialize(Fixture("querying-backups-response.json"), info)!;
        var again = JsonSerializer.Deserialize(JsonSerializer.Serialize(page, info), info)!;

        Assert.Equal(page.Backups[0], again.Backups[0]);
        Assert.Equal(BackupType.AutoMetadata, JsonSerializer.Deserialize("\"auto_metadata\"", DdmJsonTypeInfoResolver.TypeInfo<BackupType>()));
        Assert.Throws<NotSupportedException>(() => DdmJsonTypeInfoResolver.TypeInfo<Uri>());
    }

    [Fact]
    public void The_documented_restoration_range_example_reads_with_exact_values()
    {
        var page = JsonSerializer.Deserialize<ListRestorableTimeIntervalsResponse>(Fixture("querying-restoration-time-range-response.json"), Options)!;

        Assert.Equal((0, 10, 1), (page.Offset, page.Limit, page.Total));
        var interval = Assert.Single(page.RestorableTimeIntervals);
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 9, 40, 40, TimeSpan.Zero), interval.StartTime);
        Assert.Equal(new DateTimeOffset(2025, 5, 21, 11, 15, 43, TimeSpan.Zero), interval.EndTime);
    }

    [Fact]
    public void A_round_trip_writes_dates_in_the_ddm_form_and_keeps_every_value()
    {
        var json = Fixture("querying-backups-response.json");
        var page = JsonSerializer.Deserialize<ListBackupsResponse>(json, Options)!;

        var written = JsonSerializer.Serialize(page, Options);

        using var document = JsonDocument.Parse(written);
        var backup = document.RootElement.GetProperty("backups")[0];
        Assert.Equal("2025-02-19T02:50:20+0000", backup.GetProperty("created").GetString());
        Assert.Equal("2025-02-19T02:50:37+0000", backup.GetProperty("updated").GetString());
        Assert.Equal(5.419922, backup.GetProperty("file_size").GetDouble());
        var reread = JsonSerializer.Deserialize<ListBackupsResponse>(written, Options)!;
        Assert.Equal(page with { Backups = reread.Backups }, reread);
        Assert.Equal(page.Backups[0], reread.Backups[0]);
    }

    [Theory]
    [InlineData("2025-02-19T02:50:20+0000", 2025, 2, 19, 2, 50, 20, 0, 0)]
    [InlineData("2021-12-14T07:46:22+0100", 2021, 12, 14, 7, 46, 22, 0, 60)]
    [InlineData("2021-12-14T07:46:22+01:00", 2021, 12, 14, 7, 46, 22, 0, 60)]
    [InlineData("2021-12-14T07:46:22-0530", 2021, 12, 14, 7, 46, 22, 0, -330)]
    [InlineData("2025-02-19T02:50:20Z", 2025, 2, 19, 2, 50, 20, 0, 0)]
    [InlineData("2025-05-20T09:40:40.123+0000", 2025, 5, 20, 9, 40, 40, 123, 0)]
    [InlineData("2025-05-20T09:40:40.5Z", 2025, 5, 20, 9, 40, 40, 500, 0)]
    public void Every_documented_date_form_reads(string text, int year, int month, int day, int hour, int minute, int second, int millisecond, int offsetMinutes)
    {
        var json = $$"""{"start_time":"{{text}}","end_time":"{{text}}"}""";

        var interval = JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options)!;

        var expected = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.FromMinutes(offsetMinutes));
        Assert.Equal(expected, interval.StartTime);
        Assert.Equal(expected.Offset, interval.StartTime.Offset);
    }

    [Theory]
    [InlineData("2025-02-19t02:50:20z", "2025-02-19T02:50:20+0000")]
    [InlineData("2021-12-14T07:46:22+01", "2021-12-14T07:46:22+0100")]
    [InlineData("2025-02-19T02:50:20", "2025-02-19T02:50:20+0000")]
    [InlineData("2025-02-19T02:50:20.5", "2025-02-19T02:50:20.5+0000")]
    [InlineData("2025-02-19T02:50:20.123456789+0000", "2025-02-19T02:50:20.1234567+0000")]
    [InlineData("2025-02-19T02:50:20.12345678Z", "2025-02-19T02:50:20.1234567+0000")]
    public void Times_in_forms_beyond_the_documented_one_read_too(string text, string written)
    {
        // Regression: RFC 3339's lower-case t and z, an hour-only offset, no offset (the API documents its times as UTC)
        // and a fraction finer than 100 ns each failed the whole page. The fraction is cut, not rounded.
        var json = $$"""{"start_time":"{{text}}","end_time":"{{text}}"}""";

        var interval = JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options)!;

        Assert.Equal(written, DdmDateTimeOffsetJsonConverter.Format(interval.StartTime));
    }

    [Theory]
    [InlineData("2025-02-19T02:50:20+0000", "2025-02-19T02:50:20+0000")]
    [InlineData("2021-12-14T07:46:22+01:00", "2021-12-14T07:46:22+0100")]
    [InlineData("2025-02-19T02:50:20Z", "2025-02-19T02:50:20+0000")]
    [InlineData("2025-05-20T09:40:40.123+0000", "2025-05-20T09:40:40.123+0000")]
    [InlineData("2021-12-14T07:46:22-05:30", "2021-12-14T07:46:22-0530")]
    public void Dates_are_written_in_the_ddm_form_without_losing_the_offset_or_a_fraction(string read, string written)
    {
        Assert.True(DdmDateTimeOffsetJsonConverter.TryParse(read, out var value));
        Assert.Equal(written, DdmDateTimeOffsetJsonConverter.Format(value));
    }

    [Theory]
    [InlineData("19.02.2025 02:50")]
    [InlineData("2025-02-19")]
    [InlineData("")]
    public void A_date_that_is_not_a_date_time_fails_with_a_json_exception_naming_it(string text)
    {
        var json = $$"""{"start_time":"{{text}}","end_time":"2025-02-19T02:50:20+0000"}""";

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options));

        Assert.Contains($"'{text}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_enum_values_survive_a_round_trip()
    {
        const string json = """
            {"id":"b1","status":"frozen","instance_id":"i1","instance_status":"abnormal","created":"2025-02-19T02:50:20+0000","backup_type":"incremental"}
            """;

        var backup = JsonSerializer.Deserialize<BackupInfo>(json, Options)!;

        Assert.Equal("frozen", backup.Status.Value);
        Assert.False(backup.Status.IsKnown);
        Assert.Equal(InstanceStatus.Abnormal, backup.InstanceStatus);
        Assert.True(backup.InstanceStatus!.Value.IsKnown);
        Assert.Equal("incremental", backup.BackupType!.Value.ToString());
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(backup, Options));
        Assert.Equal("frozen", written.RootElement.GetProperty("status").GetString());
        Assert.Equal("abnormal", written.RootElement.GetProperty("instance_status").GetString());
        Assert.Equal("incremental", written.RootElement.GetProperty("backup_type").GetString());
    }

    [Fact]
    public void Open_enums_compare_by_text_ignoring_case_and_know_their_listed_values()
    {
        Assert.Equal(InstanceStatus.Running, new InstanceStatus("running"));
        Assert.True(new InstanceStatus("running").IsKnown);
        Assert.Equal("running", new InstanceStatus("running").Value);
        Assert.NotEqual(InstanceStatus.Running, InstanceStatus.Error);
        Assert.Equal(InstanceStatus.SwitchSsl.GetHashCode(), new InstanceStatus("switch_ssl").GetHashCode());
        Assert.True(InstanceStatus.Running == new InstanceStatus("RUNNING"));
        Assert.False(InstanceStatus.Running != new InstanceStatus("Running"));
        Assert.True(InstanceStatus.Running.Equals((object)new InstanceStatus("rUnNiNg")));
        Assert.Equal(InstanceStatus.SwitchSsl.GetHashCode(), new InstanceStatus("SWITCH_SSL").GetHashCode());
        Assert.Equal("RUNNING", new InstanceStatus("RUNNING").ToString());
        Assert.Equal(default(BackupStatus), new BackupStatus(string.Empty));
        Assert.False(default(BackupStatus).IsKnown);
        Assert.Equal(string.Empty, default(BackupStatus).Value);
        Assert.Throws<ArgumentNullException>(() => new BackupStatus(null!));
    }

    [Fact]
    public void A_missing_required_property_is_named_in_the_exception()
    {
        const string json = """{"backups":[{"id":"b1","status":"normal","created":"2025-02-19T02:50:20+0000"}],"total":1,"offset":0,"limit":10}""";

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ListBackupsResponse>(json, Options));

        Assert.Contains("'instance_id'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("BackupInfo", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_this_version_does_not_know_are_skipped()
    {
        const string json = """{"start_time":"2025-05-20T09:40:40+0000","future":{"nested":[1,2,{"x":null}]},"end_time":"2025-05-21T11:15:43+0000","flag":true}""";

        var interval = JsonSerializer.Deserialize<RestoreTimeInterval>(json, Options)!;

        Assert.Equal(new DateTimeOffset(2025, 5, 21, 11, 15, 43, TimeSpan.Zero), interval.EndTime);
    }

    [Fact]
    public void Both_error_shapes_read_into_the_error_model()
    {
        var ddm = JsonSerializer.Deserialize<ErrorResponse>("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", Options)!;
        var gateway = JsonSerializer.Deserialize<ErrorResponse>("""{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: decrypt token fail","request_id":"r-1"}""", Options)!;

        Assert.Equal(("DBS.280001", "Parameter error."), (ddm.ErrCode, ddm.ExternalMessage));
        Assert.Equal(("APIG.0301", "r-1"), (gateway.ErrorCode, gateway.RequestId));
    }
}
