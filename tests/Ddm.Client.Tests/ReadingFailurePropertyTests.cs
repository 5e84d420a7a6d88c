using System;
using System.Buffers;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Ddm.Client.Tests;

/// <summary>
/// A member whose value is of the wrong kind (a number for text, text for a number, a number beyond an <c>int</c>,
/// an escaped name that cannot be text) fails the read with a <see cref="JsonException"/>
/// that names the member, whichever way the model is read: <see cref="JsonSerializer"/>, <see cref="ModelReaderWriter"/>
/// or <see cref="IJsonModel{T}.Create"/> over buffers cut anywhere, and however deep the model is in a page.
/// </summary>
/// <remarks>Each run draws a new seed; a failure reports the smallest input and the seed that replays it (<c>CsCheck_Seed</c>).</remarks>
public sealed class ReadingFailurePropertyTests
{
    private const string Required = "\"id\":\"b1\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"";

    private static readonly string[] NotText = ["5", "-0.5", "true", "false", "[]", "{}", "[\"a\"]", "{\"a\":1}"];

    private static readonly string[] NotNumber = ["\"1\"", "\"\"", "true", "false", "[]", "{}", "[1]", "{\"a\":1}"];

    private static readonly string[] NotInt = [.. NotNumber, "2147483648", "-2147483649", "1.5", "1e3", "-0.0"];

    /// <summary>Each member of a backup with the values that are wrong for it.</summary>
    private static readonly (string Member, string[] Wrong)[] BackupMembers =
    [
        ("id", NotText), ("name", NotText), ("description", NotText), ("status", NotText), ("instance_id", NotText), ("instance_name", NotText),
        ("instance_status", NotText), ("backup_type", NotText), ("created", NotText), ("updated", NotText), ("file_size", NotNumber),
    ];

    [Fact]
    public void A_value_of_the_wrong_kind_is_a_json_exception_naming_its_member_however_the_model_is_read()
    {
        var cases = Gen.Select(Gen.Int[0, BackupMembers.Length - 1], Gen.Int[0, 100], Gen.Bool, Gen.Int[0, 10_000]).Select((member, wrong, inPage, cut) =>
        {
            var (name, values) = BackupMembers[member];
            var backup = "{" + Required + ",\"" + name + "\":" + values[wrong % values.Length] + "}";
            return (Member: name, Json: inPage ? "{\"offset\":0,\"limit\":1,\"total\":1,\"backups\":[{" + Required + "}," + backup + "]}" : backup, InPage: inPage, Cut: cut);
        });

        cases.Sample(test =>
        {
            foreach (var failure in test.InPage ? Failures<ListBackupsResponse>(test.Json, test.Cut) : Failures<BackupInfo>(test.Json, test.Cut))
            {
                var exception = Assert.IsType<JsonException>(failure);
                Assert.Contains("'" + test.Member + "' of BackupInfo", exception.Message, StringComparison.Ordinal);
            }
        }, iter: Iterations(5_000));
    }

    [Fact]
    public void A_page_number_of_the_wrong_kind_or_beyond_an_int_is_a_json_exception_naming_its_member()
    {
        var cases = Gen.Select(Gen.OneOf("offset", "limit", "total"), Gen.OneOf(NotInt), Gen.Int[0, 10_000]);

        cases.Sample((member, wrong, cut) =>
        {
            var json = ("{\"offset\":0,\"limit\":1,\"total\":1,\"backups\":[]}").Replace("\"" + member + "\":1", "\"" + member + "\":" + wrong, StringComparison.Ordinal)
                .Replace("\"" + member + "\":0", "\"" + member + "\":" + wrong, StringComparison.Ordinal);
            foreach (var failure in Failures<ListBackupsResponse>(json, cut))
            {
                var exception = Assert.IsType<JsonException>(failure);
                Assert.Contains("'" + member + "' of ListBackupsResponse", exception.Message, StringComparison.Ordinal);
            }
        }, iter: Iterations(2_000));
    }

    [Fact]
    public void A_member_name_with_an_escaped_lone_surrogate_is_kept_as_a_member_the_model_does_not_list()
    {
        // It failed the read, and with it the page the backup was in; it is no name the model lists, and is kept as it
        // came, escape and all, as a value is.
        var backup = ModelReaderWriter.Read<BackupInfo>(BinaryData.FromString("{" + Required + ",\"a\\ud800\":1}"))!;

        Assert.Equal("b1", backup.Id);
        Assert.EndsWith(",\"a\\ud800\":1}", ModelReaderWriter.Write(backup).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_exception_of_the_reader_for_json_that_is_not_json_is_left_as_it_is()
    {
        var exception = Assert.ThrowsAny<JsonException>(() => ModelReaderWriter.Read<BackupInfo>(BinaryData.FromString("{" + Required + ",\"name\":tru}")));

        Assert.DoesNotContain("of BackupInfo", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_cut_short_in_a_reader_that_awaits_more_is_refused_never_read_as_a_whole_model()
    {
        // Regression: a reader that is not on its final block ends inside the object without throwing, and the model's
        // read took that for the object's end, a list's end or, after a name, the name for the value.
        var json = Encoding.UTF8.GetBytes("{\"offset\":0,\"limit\":1,\"backups\":[{" + Required + ",\"name\":\"n\"},{" + Required + "}],\"total\":1,\"x\":[1]}");
        var model = ModelReaderWriter.Read<ListBackupsResponse>(BinaryData.FromBytes(json))!;

        for (var cut = 0; cut < json.Length; cut++)
        {
            var failure = Failure(() =>
            {
                var reader = new Utf8JsonReader(json.AsSpan(0, cut), isFinalBlock: false, state: default);
                return Create(model, ref reader);
            });

            Assert.IsType<JsonException>(failure);
        }
    }

    [Fact]
    public void A_huge_text_that_is_no_date_is_shortened_in_the_message()
    {
        // It was written into the message whole: a 10 MB string made a 10 MB message, and another in each log line of it.
        var huge = new string('x', 10_000_000);
        var cases = new[]
        {
            (Json: "{\"id\":\"b1\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"" + huge + "\"}", Expected: "'created' of BackupInfo: 'xxxx"),
        };

        foreach (var (json, expected) in cases)
        {
            foreach (var failure in Failures<BackupInfo>(json, 3))
            {
                var exception = Assert.IsType<JsonException>(failure);
                Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
                Assert.Contains("10000", exception.Message, StringComparison.Ordinal);
                Assert.InRange(exception.Message.Length, 1, 1_000);
            }
        }
    }

    /// <summary>What reading the JSON fails with, each way a model is read; every one must fail.</summary>
    private static IEnumerable<Exception> Failures<T>(string json, int cut)
        where T : IJsonModel<T>
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var split = SplitBuffers.Split(bytes, 1 + (cut % (bytes.Length - 1)));
        yield return Failure(() => ModelReaderWriter.Read<T>(BinaryData.FromBytes(bytes)));
        yield return Failure(() => JsonSerializer.Deserialize(bytes, DdmJsonTypeInfoResolver.TypeInfo<T>()));
        yield return Failure(() =>
        {
            var reader = new Utf8JsonReader(split);
            return JsonSerializer.Deserialize(ref reader, DdmJsonTypeInfoResolver.TypeInfo<T>());
        });
        yield return Failure(() =>
        {
            var reader = new Utf8JsonReader(split);
            return Create(ModelReaderWriter.Read<T>(BinaryData.FromString(typeof(T) == typeof(BackupInfo) ? "{" + Required + "}" : "{\"offset\":0,\"limit\":1,\"total\":1,\"backups\":[]}"))!, ref reader);
        });
    }

    private static T Create<T>(T model, ref Utf8JsonReader reader)
        where T : IJsonModel<T> => model.Create(ref reader, ModelReaderWriterOptions.Json)!;

    private static Exception Failure(Func<object?> read)
    {
        try
        {
            read();
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new Xunit.Sdk.XunitException("The read did not fail.");
    }

    private static int Iterations(int cases) => Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? cases : -1;
}
