using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ddm.Client;

namespace Ddm.Client.Tests;

/// <summary>
/// Every generated model is an <see cref="IJsonModel{T}"/>, as the models of System.ClientModel's own libraries are:
/// <see cref="ModelReaderWriter"/> reads and writes it in the API's JSON, with the same checks as an answer.
/// </summary>
public sealed class ModelReaderWriterTests
{
    private static readonly BackupInfo Backup = new()
    {
        Id = "c131f9339****5cdebe350228br09",
        Name = "Backup",
        Status = BackupStatus.Normal,
        InstanceId = "169f4f2fd6****04385a18ain09",
        FileSize = 5.419922,
        Created = new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.FromHours(1)),
        BackupType = "manual_full",
    };

    private static BinaryData Fixture(string name) => BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)));

    [Fact]
    public void A_model_is_written_as_the_client_writes_it_and_read_back_equal()
    {
        var data = ModelReaderWriter.Write(Backup);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(Backup, DdmJsonTypeInfoResolver.TypeInfo<BackupInfo>())), JsonNode.Parse(data.ToString())), data.ToString());
        Assert.Equal("2025-02-19T02:50:20+0100", JsonNode.Parse(data.ToString())!["created"]!.GetValue<string>());
        Assert.Equal(data.ToString(), ((IPersistableModel<BackupInfo>)Backup).Write(ModelReaderWriterOptions.Json).ToString());
        Assert.Equal(Backup, ModelReaderWriter.Read<BackupInfo>(data));
        var type = Backup.GetType();
        Assert.Equal(Backup, ModelReaderWriter.Read(data, type));
        Assert.Equal(data.ToString(), ModelReaderWriter.Write((object)Backup).ToString());
    }

    [Fact]
    public void The_documented_example_reads_as_the_client_reads_it()
    {
        var page = ModelReaderWriter.Read<ListBackupsResponse>(Fixture("querying-backups-response.json"))!;
        var expected = JsonSerializer.Deserialize(Fixture("querying-backups-response.json"), DdmJsonTypeInfoResolver.TypeInfo<ListBackupsResponse>())!;

        Assert.Equal(expected.Total, page.Total);
        Assert.Equal(expected.Backups, page.Backups);
        var window = ModelReaderWriter.Read<ListRestorableTimeIntervalsResponse>(Fixture("querying-restoration-time-range-response.json"))!;
        Assert.NotEmpty(window.RestorableTimeIntervals);
    }

    [Fact]
    public void The_generated_context_reads_and_writes_every_model_without_reflection()
    {
        var context = DdmModelReaderWriterContext.Default;

        var data = ModelReaderWriter.Write(Backup, ModelReaderWriterOptions.Json, context);
        var page = ModelReaderWriter.Read<ListBackupsResponse>(Fixture("querying-backups-response.json"), ModelReaderWriterOptions.Json, context)!;
        var window = ModelReaderWriter.Read<ListRestorableTimeIntervalsResponse>(Fixture("querying-restoration-time-range-response.json"), ModelReaderWriterOptions.Json, context)!;

        Assert.Equal(ModelReaderWriter.Write(Backup).ToString(), data.ToString());
        Assert.Equal(Backup, ModelReaderWriter.Read<BackupInfo>(data, ModelReaderWriterOptions.Json, context));
        Assert.Equal("c131f9339****5cdebe350228br09", Assert.Single(page.Backups).Id);
        Assert.NotEmpty(window.RestorableTimeIntervals);
        foreach (var model in new[] { typeof(BackupInfo), typeof(ListBackupsResponse), typeof(RestoreTimeInterval), typeof(ListRestorableTimeIntervalsResponse), typeof(ErrorResponse) })
        {
            Assert.True(context.TryGetTypeBuilder(model, out _), model.Name);
        }
    }

    [Fact]
    public void The_generated_context_reads_lists_arrays_and_maps_of_a_model_as_reflection_does()
    {
        var context = DdmModelReaderWriterContext.Default;
        var other = Backup with { Id = "other", Name = null };
        var list = new List<BackupInfo> { Backup, other };
        var map = new Dictionary<string, BackupInfo> { ["first"] = Backup, ["second"] = other };

        var data = ModelReaderWriter.Write(list, ModelReaderWriterOptions.Json, context);
        var mapData = ModelReaderWriter.Write(map, ModelReaderWriterOptions.Json, context);

        Assert.Equal("[" + ModelReaderWriter.Write(Backup) + "," + ModelReaderWriter.Write(other) + "]", data.ToString());
        Assert.Equal(list, ModelReaderWriter.Read<List<BackupInfo>>(data, ModelReaderWriterOptions.Json, context));
        Assert.Equal(list, ModelReaderWriter.Read<BackupInfo[]>(data, ModelReaderWriterOptions.Json, context));
        Assert.Equal(list, ModelReaderWriter.Read<IList<BackupInfo>>(data, ModelReaderWriterOptions.Json, context));
        Assert.Equal(list, ModelReaderWriter.Read<IReadOnlyList<BackupInfo>>(data, ModelReaderWriterOptions.Json, context));
        Assert.Equal(list, ModelReaderWriter.Read<List<BackupInfo>>(data, new ModelReaderWriterOptions("W"), context));
        Assert.Equal(map, ModelReaderWriter.Read<Dictionary<string, BackupInfo>>(mapData, ModelReaderWriterOptions.Json, context));
        Assert.Equal(map, ModelReaderWriter.Read<IDictionary<string, BackupInfo>>(mapData, ModelReaderWriterOptions.Json, context));
        Assert.Equal(map, ModelReaderWriter.Read<IReadOnlyDictionary<string, BackupInfo>>(mapData, new ModelReaderWriterOptions("W"), context));
        Assert.Equal(ModelReaderWriter.Read<List<BackupInfo>>(data), ModelReaderWriter.Read<List<BackupInfo>>(data, ModelReaderWriterOptions.Json, context));
        Assert.Equal(ModelReaderWriter.Read<Dictionary<string, BackupInfo>>(mapData), ModelReaderWriter.Read<Dictionary<string, BackupInfo>>(mapData, ModelReaderWriterOptions.Json, context));
    }

    [Fact]
    public void The_generated_context_keeps_json_null_items_and_the_last_of_a_repeated_key()
    {
        var context = DdmModelReaderWriterContext.Default;
        var backup = ModelReaderWriter.Write(Backup).ToString();

        var list = ModelReaderWriter.Read<BackupInfo[]>(BinaryData.FromString("[null," + backup + "]"), ModelReaderWriterOptions.Json, context)!;
        var map = ModelReaderWriter.Read<Dictionary<string, BackupInfo>>(BinaryData.FromString("{\"a\":{\"id\":\"x\",\"status\":\"normal\",\"instance_id\":\"i\",\"created\":\"2025-02-19T02:50:20+0000\"},\"a\":" + backup + "}"), ModelReaderWriterOptions.Json, context)!;
        var empty = ModelReaderWriter.Read<List<BackupInfo>>(BinaryData.FromString("[]"), ModelReaderWriterOptions.Json, context)!;

        Assert.Equal(new[] { null, Backup }, list);
        Assert.Equal(Backup, Assert.Single(map).Value);
        Assert.Empty(empty);
    }

    [Theory]
    [InlineData(typeof(BackupInfo))]
    [InlineData(typeof(ListBackupsResponse))]
    [InlineData(typeof(RestoreTimeInterval))]
    [InlineData(typeof(ListRestorableTimeIntervalsResponse))]
    [InlineData(typeof(ErrorResponse))]
    public void The_generated_context_knows_the_collections_of_every_model(Type model)
    {
        var context = DdmModelReaderWriterContext.Default;

        foreach (var collection in new[] { typeof(List<>), typeof(IList<>), typeof(IReadOnlyList<>) })
        {
            Assert.True(context.TryGetTypeBuilder(collection.MakeGenericType(model), out _), collection.Name);
        }

        foreach (var map in new[] { typeof(Dictionary<,>), typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>) })
        {
            Assert.True(context.TryGetTypeBuilder(map.MakeGenericType(typeof(string), model), out _), map.Name);
        }

        Assert.True(context.TryGetTypeBuilder(model.MakeArrayType(), out _));
    }

    [Theory]
    [InlineData(typeof(BackupStatus))]
    [InlineData(typeof(string))]
    [InlineData(typeof(Uri))]
    [InlineData(typeof(List<string>))]
    [InlineData(typeof(BackupStatus[]))]
    [InlineData(typeof(Dictionary<string, BackupStatus>))]
    [InlineData(typeof(Dictionary<int, BackupInfo>))]
    [InlineData(typeof(HashSet<BackupInfo>))]
    [InlineData(typeof(IEnumerable<BackupInfo>))]
    [InlineData(typeof(BackupInfo[,]))]
    [InlineData(typeof(List<List<BackupInfo>>))]
    [InlineData(typeof(Dictionary<string, BackupInfo[]>))]
    [InlineData(typeof(Dictionary<,>))]
    [InlineData(typeof(List<>.Enumerator))]
    public void The_generated_context_knows_only_the_models_and_their_collections(Type type)
    {
        var context = DdmModelReaderWriterContext.Default;

        Assert.False(context.TryGetTypeBuilder(type, out _));
    }

    /// <summary>Types that no context can build: System.Text.Json refuses to look them up at all.</summary>
    public static TheoryData<Type> Unbuildable => new()
    {
        typeof(List<>),
        typeof(Span<byte>),
        typeof(int).MakePointerType(),
        typeof(void),
        typeof(BackupInfo).MakeByRefType(),
        typeof(List<>).GetGenericArguments()[0],
    };

    [Theory]
    [MemberData(nameof(Unbuildable))]
    public void A_type_no_context_can_build_is_the_documented_invalid_operation(Type type)
    {
        var context = DdmModelReaderWriterContext.Default;

        var read = Assert.Throws<InvalidOperationException>(() => ModelReaderWriter.Read(BinaryData.FromString("{}"), type, ModelReaderWriterOptions.Json, context));

        Assert.False(context.TryGetTypeBuilder(type, out _));
        Assert.Contains("No ModelReaderWriterTypeBuilder found", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_context_is_only_the_shared_one()
    {
        Assert.Empty(typeof(DdmModelReaderWriterContext).GetConstructors());
        Assert.NotNull(DdmModelReaderWriterContext.Default);
    }

    [Theory]
    [InlineData("J")]
    [InlineData("W")]
    public void The_json_and_the_wire_format_are_the_same_json(string format)
    {
        var options = new ModelReaderWriterOptions(format);

        var data = ModelReaderWriter.Write(Backup, options);

        Assert.Equal(ModelReaderWriter.Write(Backup).ToString(), data.ToString());
        Assert.Equal(Backup, ModelReaderWriter.Read<BackupInfo>(data, options));
        Assert.Equal("J", ((IPersistableModel<BackupInfo>)Backup).GetFormatFromOptions(options));
    }

    [Fact]
    public void Another_format_is_refused_with_the_formats_that_work()
    {
        var options = new ModelReaderWriterOptions("X");

        var write = Assert.Throws<FormatException>(() => ModelReaderWriter.Write(Backup, options));
        var read = Assert.Throws<FormatException>(() => ModelReaderWriter.Read<BackupInfo>(ModelReaderWriter.Write(Backup), options));

        Assert.Equal("BackupInfo is read and written as JSON: format 'J' or 'W', not 'X'.", write.Message);
        Assert.Equal(write.Message, read.Message);
    }

    [Theory]
    [InlineData("", "does not contain any JSON tokens")]
    [InlineData("  ", "does not contain any JSON tokens")]
    [InlineData("null", "a JSON object for BackupInfo")]
    [InlineData("[]", "a JSON object for BackupInfo")]
    [InlineData("{\"id\":\"b\",\"status\":\"normal\",\"created\":\"2025-02-19T02:50:20+0000\"}", "instance_id")]
    [InlineData("{\"id\":\"b\",\"status\":\"normal\",\"instance_id\":\"i\",\"created\":\"2025-02-19T02:50:20+0000\"} {}", "is invalid after a single JSON value")]
    public void Json_that_is_not_one_whole_model_is_refused_with_what_is_wrong(string json, string expected)
    {
        var exception = Assert.ThrowsAny<JsonException>(() => ModelReaderWriter.Read<BackupInfo>(BinaryData.FromString(json)));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_before_the_json_is_skipped()
    {
        var json = ModelReaderWriter.Write(Backup).ToArray();
        var withMark = new byte[json.Length + 3];
        Encoding.UTF8.Preamble.CopyTo(withMark);
        json.CopyTo(withMark, 3);

        Assert.Equal(Backup, ModelReaderWriter.Read<BackupInfo>(BinaryData.FromBytes(withMark)));
    }

    [Fact]
    public void The_json_model_writes_into_a_writer_and_reads_from_a_reader_on_or_before_the_object()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            Write(Backup, writer);
            Write(Backup, writer);
            writer.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read();
        reader.Read();
        var first = Create(Backup, ref reader);
        var alone = new Utf8JsonReader(ModelReaderWriter.Write(Backup));
        var fromStart = Create(Backup, ref alone);

        Assert.Equal(Backup, first);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.True(reader.Read());
        Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
        Assert.Equal(Backup, fromStart);
    }

    // Through the interface: the models implement it explicitly, as System.ClientModel's own models do.
    private static void Write<T>(T model, Utf8JsonWriter writer)
        where T : IJsonModel<T> => model.Write(writer, ModelReaderWriterOptions.Json);

    private static T Create<T>(T model, ref Utf8JsonReader reader)
        where T : IJsonModel<T> => model.Create(ref reader, ModelReaderWriterOptions.Json)!;

    [Fact]
    public void An_open_enum_is_no_model_and_is_read_alone_as_its_text_as_the_readme_says()
    {
        // An extensible enum of System.ClientModel's kind: a struct over its text, not an IJsonModel<T>.
        Assert.False(typeof(IPersistableModel<BackupStatus>).IsAssignableFrom(typeof(BackupStatus)));
        Assert.Throws<InvalidOperationException>(() => ModelReaderWriter.Write(BackupStatus.Normal, ModelReaderWriterOptions.Json, DdmModelReaderWriterContext.Default));
        Assert.Throws<InvalidOperationException>(() => ModelReaderWriter.Read<BackupStatus>(BinaryData.FromString("\"normal\""), ModelReaderWriterOptions.Json, DdmModelReaderWriterContext.Default));

        BackupStatus status = "Restoring";

        Assert.Equal("Restoring", status.Value);
        Assert.Equal(BackupStatus.Normal, JsonSerializer.Deserialize("\"normal\"", DdmJsonTypeInfoResolver.TypeInfo<BackupStatus>()));
        Assert.Equal("\"Restoring\"", JsonSerializer.Serialize(status, DdmJsonTypeInfoResolver.TypeInfo<BackupStatus>()));
    }
}
