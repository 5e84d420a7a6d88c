using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Ddm.Client;

namespace Ddm.Benchmarks;

/// <summary>
/// Reading a full page of 128 backups: the generated converters against the System.Text.Json source generator
/// over equivalent hand-written types (the baseline), in the same run, and against the floor: a bare
/// <see cref="Utf8JsonReader"/> walk over the same bytes that touches every value but builds nothing.
/// </summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    private byte[] _page = Array.Empty<byte>();
    private JsonTypeInfo<ListBackupsResponse> _generated = null!;

    [GlobalSetup]
    public void Setup()
    {
        var backups = Enumerable.Range(0, 128).Select(index => string.Create(CultureInfo.InvariantCulture, $$"""
            {"id":"backup-{{index}}","name":"Backup","description":"auto metadata backup","status":"normal","instance_id":"instance-{{index % 7}}","instance_name":"ddm-test","instance_status":"RUNNING","file_size":{{index * 1.5}},"created":"2025-02-19T02:50:20+0000","updated":"2025-02-19T02:50:37+0000","backup_type":"auto_metadata"}
            """));
        _generated = (JsonTypeInfo<ListBackupsResponse>)DdmJsonTypeInfoResolver.Options.GetTypeInfo(typeof(ListBackupsResponse));
        _page = Encoding.UTF8.GetBytes($$"""{"backups":[{{string.Join(",", backups)}}],"total":1000,"offset":0,"limit":128}""");
    }

    [Benchmark(Baseline = true)]
    public int SourceGeneratedContext() => JsonSerializer.Deserialize(_page, BaselineContext.Default.BaselinePage)!.Backups.Length;

    /// <summary>
    /// The floor: every token read, every property name and value touched (its length and first byte), no
    /// string, date or object made. No deserializer can read the page faster than this.
    /// </summary>
    [Benchmark]
    public long RawReaderWalk()
    {
        var reader = new Utf8JsonReader(_page);
        long checksum = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                case JsonTokenType.String:
                case JsonTokenType.Number:
                    var value = reader.ValueSpan;
                    checksum += value.Length + (value.IsEmpty ? 0 : value[0]);
                    break;
                default:
                    checksum += (int)reader.TokenType;
                    break;
            }
        }

        return checksum;
    }

    /// <summary>
    /// The floor, and a string made of every string value, as a reader that keeps text as text must: what making
    /// strings costs on its own, apart from any model, name matching, date or enum. The generated converters make a
    /// string of five of the eleven values of each backup (the dates and open enums are parsed, not kept as text).
    /// </summary>
    [Benchmark]
    public long RawReaderWalkMakingStrings()
    {
        var reader = new Utf8JsonReader(_page);
        long checksum = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    checksum += reader.GetString()!.Length;
                    break;
                case JsonTokenType.PropertyName:
                case JsonTokenType.Number:
                    var value = reader.ValueSpan;
                    checksum += value.Length + (value.IsEmpty ? 0 : value[0]);
                    break;
                default:
                    checksum += (int)reader.TokenType;
                    break;
            }
        }

        return checksum;
    }

    [Benchmark]
    public int GeneratedConverters() => JsonSerializer.Deserialize(_page, _generated)!.Backups.Count;
}

public sealed record BaselinePage(
    [property: JsonPropertyName("backups")] BaselineBackup[] Backups,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("limit")] int Limit);

/// <summary>The same shape with plain strings for statuses and dates, as other SDKs for this API keep them.</summary>
public sealed record BaselineBackup(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("instance_name")] string? InstanceName,
    [property: JsonPropertyName("instance_status")] string? InstanceStatus,
    [property: JsonPropertyName("file_size")] double? FileSize,
    [property: JsonPropertyName("created")] string Created,
    [property: JsonPropertyName("updated")] string? Updated,
    [property: JsonPropertyName("backup_type")] string? BackupType);

[JsonSerializable(typeof(BaselinePage))]
internal sealed partial class BaselineContext : JsonSerializerContext
{
}
