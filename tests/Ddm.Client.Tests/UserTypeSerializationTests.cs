using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ddm.Client;

namespace Ddm.Client.Tests;

/// <summary>A caller's own type that holds models and open enums.</summary>
public sealed record BackupReport(BackupInfo Latest, IReadOnlyList<BackupInfo> Backups, BackupStatus? Status, Dictionary<string, BackupType> Types);

/// <summary>A caller's own type derived from the base of the generated models.</summary>
public sealed record Annotation : DdmModel
{
    /// <summary>Text of the caller's.</summary>
    public string? Note { get; init; }
}

/// <summary>The caller's own source-generated metadata, as a NativeAOT application has it.</summary>
[JsonSerializable(typeof(BackupReport))]
[JsonSerializable(typeof(List<BackupInfo>))]
[JsonSerializable(typeof(List<DdmModel>))]
internal sealed partial class BackupReportContext : JsonSerializerContext;

/// <summary>
/// The generated models and open enums inside the caller's own types, serialized by <c>JsonSerializer</c> with
/// the caller's metadata rather than the client's resolver.
/// </summary>
public sealed class UserTypeSerializationTests
{
    // Reflection is off by default in this project; a caller that turns it on gets the attributes' converters.
    private static readonly JsonSerializerOptions Reflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void An_open_enum_keys_a_dictionary_by_its_text_as_sent()
    {
        var counts = new Dictionary<BackupStatus, int> { [BackupStatus.Normal] = 1, ["Restoring"] = 2 };

        var json = JsonSerializer.Serialize(counts, Reflection);
        var read = JsonSerializer.Deserialize<Dictionary<BackupStatus, int>>("""{"normal":1,"Restoring":2,"caf\u00e9":3}""", Reflection)!;

        Assert.Equal("""{"normal":1,"Restoring":2}""", json);
        Assert.Equal(3, read.Count);
        Assert.Equal(1, read[BackupStatus.Normal]);
        Assert.Same(BackupStatus.Normal.Value, read.Keys.First(key => key == BackupStatus.Normal).Value);
        Assert.Equal("Restoring", read.Keys.Single(key => key == "RESTORING").Value);
        Assert.Equal(3, read["CAFÉ"]);
    }

    [Fact]
    public void Models_and_open_enums_serialize_inside_the_callers_source_generated_metadata()
    {
        const string Backup = """{"id":"b","status":"Normal","instance_id":"i","created":"2025-02-19T02:50:20+0100","shard":{"n":1.5E3}}""";
        var json = "{\"Latest\":" + Backup + ",\"Backups\":[" + Backup + "],\"Status\":\"restoring\",\"Types\":{\"a\":\"metadata\"}}";

        var report = JsonSerializer.Deserialize(json, BackupReportContext.Default.BackupReport)!;
        var list = JsonSerializer.Deserialize("[" + Backup + "]", BackupReportContext.Default.ListBackupInfo)!;

        Assert.Equal("b", report.Latest.Id);
        Assert.Equal(report.Latest, Assert.Single(report.Backups));
        Assert.Equal("restoring", report.Status?.Value);
        Assert.Equal(BackupType.Metadata, report.Types["a"]);
        Assert.Equal(report.Latest, Assert.Single(list));
        var written = JsonSerializer.Serialize(report, BackupReportContext.Default.BackupReport);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), written);
        Assert.Equal("""{"Latest":null,"Backups":[],"Status":null,"Types":{}}""", JsonSerializer.Serialize(report with { Latest = null!, Backups = [], Status = null, Types = [] }, BackupReportContext.Default.BackupReport));
    }

    [Fact]
    public void A_model_declared_as_the_base_model_is_written_as_its_own_type_and_not_read()
    {
        var backup = JsonSerializer.Deserialize("""{"id":"b","status":"normal","instance_id":"i","created":"2025-02-19T02:50:20+0100","shard":[1e2]}""", DdmJsonTypeInfoResolver.TypeInfo<BackupInfo>())!;
        var error = new ErrorResponse { ErrorCode = "DBS.0001", ErrorMsg = "failed" };
        var models = new List<DdmModel> { backup, error };

        var expected = "[" + JsonSerializer.Serialize(backup, DdmJsonTypeInfoResolver.TypeInfo<BackupInfo>()) + "," + JsonSerializer.Serialize(error, DdmJsonTypeInfoResolver.TypeInfo<ErrorResponse>()) + "]";

        Assert.Equal(expected, JsonSerializer.Serialize(models, BackupReportContext.Default.ListDdmModel));
        Assert.Equal(expected, JsonSerializer.Serialize(models, Reflection));
        Assert.Equal("[null]", JsonSerializer.Serialize(new List<DdmModel> { null! }, BackupReportContext.Default.ListDdmModel));
        var refused = Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize("[{}]", BackupReportContext.Default.ListDdmModel));
        Assert.Contains("DdmModel", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_of_the_callers_own_derived_from_the_base_model_is_written_with_the_metadata_of_the_write_or_refused_naming_it()
    {
        // Regression: the base's converter asked the generated resolver for the type, whose NotSupportedException said
        // that DdmJsonTypeInfoResolver provides no metadata for it and advised a JsonSerializableAttribute for the base.
        var models = new List<DdmModel> { new Annotation { Note = "n" } };

        var written = JsonSerializer.Serialize(models, Reflection);
        var refused = Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(models, BackupReportContext.Default.ListDdmModel));

        Assert.Equal("""[{"Note":"n"}]""", written);
        Assert.StartsWith("Ddm.Client.Tests.Annotation derives from DdmModel but is none of the generated models, and the options of the write hold no metadata for it", refused.Message, StringComparison.Ordinal);
    }
}
