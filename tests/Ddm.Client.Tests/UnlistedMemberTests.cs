using System;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Ddm.Client.Tests.Extended;
using Ddm.Client.Tests.Http;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests;

/// <summary>
/// What a newer service sends that the spec does not list is kept by the model it comes in, and written back as it
/// came by <see cref="JsonSerializer"/> and <see cref="ModelReaderWriter"/>; a request body never carries it.
/// </summary>
public sealed class UnlistedMemberTests
{
    // Unlisted members of every kind of value, one with an escaped name and one with escapes in its text.
    private const string Backup = """
        {"id":"b1","future":"a\u00e9\"b","status":"normal","instance_id":"i1","size_gb":1.5e3,"created":"2025-02-19T02:50:20+0000","flags":{"k":[1,true,null]},"list":[],"on":true,"gone":null,"x\u0069d2":"escaped name"}
        """;

    private const string Unlisted = """
        "future":"a\u00e9\"b","size_gb":1.5e3,"flags":{"k":[1,true,null]},"list":[],"on":true,"gone":null,"x\u0069d2":"escaped name"}
        """;

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<BackupInfo> BackupInfoType = DdmJsonTypeInfoResolver.TypeInfo<BackupInfo>();

    [Fact]
    public void Members_the_spec_does_not_list_are_written_back_after_the_listed_ones_as_they_came()
    {
        var backup = JsonSerializer.Deserialize(Backup, BackupInfoType)!;

        var written = JsonSerializer.Serialize(backup, BackupInfoType);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Backup), JsonNode.Parse(written)), written);
        Assert.EndsWith("0000\"," + Unlisted, written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\u0041b")]
    [InlineData("a\\\"b\\/")]
    [InlineData("x\\ud800")]
    [InlineData("\\udc00\\ud800")]
    [InlineData("\\ud83d\\ude00")]
    [InlineData("caf\u00e9<")]
    [InlineData("plain_name")]
    public void Names_are_written_back_with_the_escapes_they_came_with_twice_if_sent_twice(string name)
    {
        // Regression: a name was written as its text, escaped anew ("\u0041b" as "Ab", "\u00e9" as "é" or "\u00E9" as
        // the encoder had it), and half of a surrogate pair as U+FFFD.
        var json = "{\"id\":\"b1\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\",\"" + name + "\":1,\"part\":{\"" + name + "\":[\"" + name + "\"]},\"" + name + "\":2}";
        var page = "{\"backups\":[" + json + "],\"offset\":0,\"limit\":1,\"total\":1,\"" + name + "\":3}";
        var pageType = DdmJsonTypeInfoResolver.TypeInfo<ListBackupsResponse>();

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, BackupInfoType)!, BackupInfoType);
        var writtenPage = JsonSerializer.Serialize(JsonSerializer.Deserialize(page, pageType)!, pageType);
        var persisted = ModelReaderWriter.Write(ModelReaderWriter.Read<BackupInfo>(BinaryData.FromString(json), ModelReaderWriterOptions.Json, DdmModelReaderWriterContext.Default)!, ModelReaderWriterOptions.Json, DdmModelReaderWriterContext.Default).ToString();

        Assert.Equal(json, written.Replace("\\u002B", "+", StringComparison.Ordinal));
        Assert.Equal(page, writtenPage.Replace("\\u002B", "+", StringComparison.Ordinal));
        Assert.Equal(json, persisted);
    }

    [Fact]
    public void An_indented_write_indents_models_with_unlisted_members_whose_names_need_no_escape_as_any_other()
    {
        // Regression: every model holding unlisted members was written by a writer of its own and handed on as one
        // value, so that an indented page put such an item's members on one line, out of step with the page.
        var page = "{\"backups\":[{\"id\":\"b1\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\",\"future\":{\"k\":1}}],\"offset\":0,\"limit\":1,\"total\":1}";
        var pageType = DdmJsonTypeInfoResolver.TypeInfo<ListBackupsResponse>();
        var indented = new JsonSerializerOptions(DdmJsonTypeInfoResolver.Options) { WriteIndented = true };

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(page, pageType)!, indented);

        Assert.Equal(JsonNode.Parse(page)!.ToJsonString(indented).Replace("{\n        \"k\": 1\n      }", "{\"k\":1}", StringComparison.Ordinal), written);
    }

    [Fact]
    public void Members_of_a_page_and_of_its_items_are_kept_wherever_the_buffers_are_cut()
    {
        var json = Encoding.UTF8.GetBytes($$$"""{"backups":[{{{Backup}}},{"id":"b2","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20Z"}],"total":2,"offset":0,"limit":10,"marker":{"next":"m"}}""");
        var type = DdmJsonTypeInfoResolver.TypeInfo<ListBackupsResponse>();
        var expected = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type)!, type);

        Assert.EndsWith(",\"marker\":{\"next\":\"m\"}}", expected, StringComparison.Ordinal);
        Assert.Contains(Unlisted.TrimEnd('}'), expected, StringComparison.Ordinal);
        for (var cut = 1; cut < json.Length; cut++)
        {
            var reader = new Utf8JsonReader(SplitBuffers.Split(json, cut));
            Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize(ref reader, type)!, type));
        }
    }

    [Fact]
    public async Task Members_are_kept_from_a_stream_read_a_byte_at_a_time_and_from_buffers_of_one_byte_each()
    {
        var json = Encoding.UTF8.GetBytes("""{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000","deep":{"a":[[{"\u0062":"\ud83d\ude00\n"}],-0.5E+2,"x"],"":{}},"s":"\/\b\f\r\t\\"}""");
        var expected = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, BackupInfoType)!, BackupInfoType);
        var options = new JsonSerializerOptions(DdmJsonTypeInfoResolver.Options) { DefaultBufferSize = 1 };

        var streamed = (await JsonSerializer.DeserializeAsync(new MemoryStream(json), (System.Text.Json.Serialization.Metadata.JsonTypeInfo<BackupInfo>)options.GetTypeInfo(typeof(BackupInfo))))!;
        var reader = new Utf8JsonReader(SplitBuffers.Bytewise(json));
        var split = JsonSerializer.Deserialize(ref reader, BackupInfoType)!;

        Assert.EndsWith("""0000","deep":{"a":[[{"\u0062":"\ud83d\ude00\n"}],-0.5E+2,"x"],"":{}},"s":"\/\b\f\r\t\\"}""", expected, StringComparison.Ordinal);
        Assert.Equal(expected, JsonSerializer.Serialize(streamed, BackupInfoType));
        Assert.Equal(expected, JsonSerializer.Serialize(split, BackupInfoType));
    }

    [Fact]
    public void Comments_and_trailing_commas_that_the_options_allow_are_not_kept_so_what_is_written_is_json()
    {
        var options = new JsonSerializerOptions(DdmJsonTypeInfoResolver.Options) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var json = """
            {"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000", "x": { "a" : 1 /* c */, "b": [ 1, "\u00e9" , ], // d
            }, "y": 5 /* e */, }
            """;

        var backup = JsonSerializer.Deserialize(json, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<BackupInfo>)options.GetTypeInfo(typeof(BackupInfo)))!;

        Assert.EndsWith("""0000","x":{"a":1,"b":[1,"\u00e9"]},"y":5}""", JsonSerializer.Serialize(backup, BackupInfoType), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_that_gives_comments_as_tokens_reads_the_members_after_them()
    {
        // Regression: a reader with JsonCommentHandling.Allow gives a comment as a token, which the model's read took
        // for the end of the object: the members after it were dropped without a word, a wrong one among them too.
        var json = Encoding.UTF8.GetBytes("""
            /* a */ {"id":"b1", /* b */ "status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000", "file_size": /* c */ 7,
            "x": [1, /* d */ {"a": /* e */ 2}], "y": 5 /* f */ } // g
            """);
        var wrong = Encoding.UTF8.GetBytes("""{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000", /* c */ "file_size":"7"}""");
        var model = ModelReaderWriter.Read<BackupInfo>(BinaryData.FromString("""{"id":"b0","status":"normal","instance_id":"i0","created":"2025-02-19T02:50:20+0000"}"""))!;
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow, AllowTrailingCommas = true };

        var reader = new Utf8JsonReader(json, options);
        var backup = ((IJsonModel<BackupInfo>)model).Create(ref reader, ModelReaderWriterOptions.Json)!;
        var wrongReader = new Utf8JsonReader(wrong, options);
        JsonException failure;
        try
        {
            ((IJsonModel<BackupInfo>)model).Create(ref wrongReader, ModelReaderWriterOptions.Json);
            failure = null!;
        }
        catch (JsonException exception)
        {
            failure = exception;
        }

        Assert.Equal(7, backup.FileSize);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.EndsWith("\"x\":[1,{\"a\":2}],\"y\":5}", JsonSerializer.Serialize(backup, BackupInfoType), StringComparison.Ordinal);
        Assert.NotNull(failure);
        Assert.Contains("'file_size' of BackupInfo", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_nested_as_deep_as_the_options_of_the_read_allow_is_written_back()
    {
        var options = new JsonSerializerOptions(DdmJsonTypeInfoResolver.Options) { MaxDepth = 200 };
        var deep = new string('[', 150) + "{\"k\":null}" + new string(']', 150);

        var backup = JsonSerializer.Deserialize("""{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000","deep":""" + deep + "}", (System.Text.Json.Serialization.Metadata.JsonTypeInfo<BackupInfo>)options.GetTypeInfo(typeof(BackupInfo)))!;

        Assert.EndsWith("\"deep\":" + deep + "}", JsonSerializer.Serialize(backup, BackupInfoType), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_utf8_inside_an_unlisted_value_are_read_as_skipping_read_them_and_kept_as_they_came()
    {
        // 0xFF is no UTF-8: the reader lets it pass inside a string, as it did when such a member was skipped.
        var json = Encoding.UTF8.GetBytes("""{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000","x":{"a":["?"]},"y":"?"}""");
        foreach (var at in new[] { Array.IndexOf(json, (byte)'?'), Array.LastIndexOf(json, (byte)'?') })
        {
            json[at] = 0xFF;
        }

        var backup = JsonSerializer.Deserialize(json, BackupInfoType)!;

        var written = JsonSerializer.SerializeToUtf8Bytes(backup, BackupInfoType);
        Assert.Equal(json.AsSpan(json.Length - 24).ToArray(), written.AsSpan(written.Length - 24).ToArray());
    }

    [Fact]
    public void A_name_with_bytes_that_are_no_utf8_reads_the_same_wherever_the_buffers_are_cut()
    {
        // Regression: whole, the name was read with U+FFFD for the byte; cut anywhere in the name, the read failed.
        var json = Encoding.UTF8.GetBytes("""{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000","ab?cd":1}""");
        json[Array.IndexOf(json, (byte)'?')] = 0xFF;
        var expected = JsonSerializer.SerializeToUtf8Bytes(JsonSerializer.Deserialize(json, BackupInfoType)!, BackupInfoType);

        // Kept as it came, as such bytes inside an unlisted value are.
        Assert.Equal(json.AsSpan(json.Length - 11).ToArray(), expected.AsSpan(expected.Length - 11).ToArray());
        for (var cut = 1; cut < json.Length; cut++)
        {
            var reader = new Utf8JsonReader(SplitBuffers.Split(json, cut));
            Assert.Equal(expected, JsonSerializer.SerializeToUtf8Bytes(JsonSerializer.Deserialize(ref reader, BackupInfoType)!, BackupInfoType));
        }
    }

    [Fact]
    public void The_json_format_of_model_reader_writer_keeps_them_and_the_wire_format_leaves_them_out()
    {
        var backup = ModelReaderWriter.Read<BackupInfo>(BinaryData.FromString(Backup))!;

        var json = ModelReaderWriter.Write(backup).ToString();
        var wire = ModelReaderWriter.Write(backup, new ModelReaderWriterOptions("W")).ToString();

        Assert.EndsWith(Unlisted, json, StringComparison.Ordinal);
        Assert.Equal(json, ModelReaderWriter.Write(backup, ModelReaderWriterOptions.Json, DdmModelReaderWriterContext.Default).ToString());
        Assert.Equal("""{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}""", wire);
        Assert.Equal(wire, ((IPersistableModel<BackupInfo>)backup).Write(new ModelReaderWriterOptions("W")).ToString());
    }

    [Fact]
    public void A_copy_keeps_them_and_equality_compares_only_what_the_spec_lists()
    {
        var backup = JsonSerializer.Deserialize(Backup, BackupInfoType)!;
        var plain = JsonSerializer.Deserialize("""{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}""", BackupInfoType)!;

        var renamed = backup with { Name = "renamed" };

        Assert.EndsWith(Unlisted, JsonSerializer.Serialize(renamed, BackupInfoType), StringComparison.Ordinal);
        Assert.Equal(plain, backup);
        Assert.Equal(plain.GetHashCode(), backup.GetHashCode());
        Assert.NotEqual(plain, renamed);
        Assert.DoesNotContain("future", JsonSerializer.Serialize(plain, BackupInfoType), StringComparison.Ordinal);
    }

    [Fact]
    public void Models_of_different_types_with_the_same_members_are_not_equal()
    {
        DdmModel interval = new RestoreTimeInterval { StartTime = DateTimeOffset.UnixEpoch, EndTime = DateTimeOffset.UnixEpoch };
        DdmModel other = new RestoreTimeInterval { StartTime = DateTimeOffset.UnixEpoch, EndTime = DateTimeOffset.UnixEpoch.AddSeconds(1) };

        Assert.NotEqual(interval, other);
        Assert.NotEqual<object>(interval, new ListRestorableTimeIntervalsResponse { RestorableTimeIntervals = Array.Empty<RestoreTimeInterval>(), Offset = 0, Limit = 1, Total = 0 });
        Assert.Equal(interval, interval with { });
    }

    [Fact]
    public async Task A_request_body_sends_only_what_the_spec_lists_even_for_a_model_read_with_more()
    {
        var bodies = new ConcurrentQueue<string>();
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            using var body = new StreamReader(context.Request.Body);
            bodies.Enqueue(await body.ReadToEndAsync());
            context.Response.StatusCode = 202;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"job_id":"j1","queued_at":5}""");
        });
        using var http = new HttpClient();
        var client = new DdmExtendedClient(http, new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("secret-token") });
        var request = JsonSerializer.Deserialize(
            """{"source":{"instance_id":"s1","restore_time":5,"zone":"eu-de-01"},"target":{"instance_id":"t1"},"priority":"high"}""",
            DdmExtendedJsonTypeInfoResolver.TypeInfo<RecoveryRequest>())!;

        var accepted = await client.RestoreToNewInstanceAsync("s1", request);

        Assert.Equal("""{"source":{"instance_id":"s1","restore_time":5},"target":{"instance_id":"t1"}}""", Assert.Single(bodies));
        Assert.Equal("""{"job_id":"j1","queued_at":5}""", JsonSerializer.Serialize(accepted.Value, DdmExtendedJsonTypeInfoResolver.TypeInfo<JobResponse>()));
    }
}
