using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ddm.Client;

namespace Ddm.NativeChecks;

/// <summary>
/// Reads and writes the generated models and open enums every way a NativeAOT application can: System.ClientModel's
/// <see cref="ModelReaderWriter"/> through the generated context, System.Text.Json through the generated resolver, and
/// System.Text.Json through a context of the application's own. Each check reads nothing else of the type first, so
/// the native compiler keeps of it only what that path makes it keep. Given the path of a native <c>ddm</c>, it then runs
/// that binary through its error paths, locales and signals (<see cref="DdmBinaryChecks"/>). Exits 1, naming the check, on
/// the first failure.
/// </summary>
internal static class Program
{
    private const string Backup = """{"id":"b1","name":"nightly","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0100","backup_type":"auto_metadata","shard":{"n":1.5E3}}""";

    private const string Interval = """{"start_time":"2025-02-19T02:50:20+0000","end_time":"2025-02-19T03:50:20+0000"}""";

    private static int Main(string[] args)
    {
        (string Name, Action Check)[] clientChecks =
        [
            ("ModelReaderWriter: a list of models", () => RoundTrip<List<ListBackupsResponse>>("[{\"backups\":[" + Backup + "],\"offset\":0,\"limit\":10,\"total\":1}]")),
            ("ModelReaderWriter: an array of models", () => RoundTrip<RestoreTimeInterval[]>("[" + Interval + "]")),
            ("ModelReaderWriter: a map of models", () => RoundTrip<Dictionary<string, ErrorResponse>>("""{"a":{"error_code":"DBS.1","error_msg":"m"}}""")),
            ("ModelReaderWriter: a model", () => RoundTrip<ListRestorableTimeIntervalsResponse>("{\"restorable_time_intervals\":[" + Interval + "],\"offset\":0,\"limit\":10,\"total\":1}")),
            ("JsonSerializer through the resolver: a model", () => Same(Backup, JsonSerializer.Serialize(JsonSerializer.Deserialize(Backup, DdmJsonTypeInfoResolver.TypeInfo<BackupInfo>())!, DdmJsonTypeInfoResolver.TypeInfo<BackupInfo>()))),
            ("JsonSerializer through the resolver: an open enum", () => Same("\"RESTORING\"", JsonSerializer.Serialize(JsonSerializer.Deserialize("\"RESTORING\"", DdmJsonTypeInfoResolver.TypeInfo<InstanceStatus>()), DdmJsonTypeInfoResolver.TypeInfo<InstanceStatus>()))),
            ("JsonSerializer through the application's own context", OwnContext),
        ];
        var checks = args is [var ddm] ? [.. clientChecks, .. DdmBinaryChecks.For(ddm)] : clientChecks;

        foreach (var (name, check) in checks)
        {
            try
            {
                check();
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine("native check failed: " + name + ": " + exception.GetType().Name + ": " + exception.Message);
                return 1;
            }
        }

        Console.WriteLine("native checks: " + checks.Length + " passed");
        return 0;
    }

    private static void RoundTrip<T>(string json)
        where T : notnull
    {
        var read = ModelReaderWriter.Read<T>(BinaryData.FromString(json), ModelReaderWriterOptions.Json, DdmModelReaderWriterContext.Default)
            ?? throw new InvalidOperationException("read nothing");
        Same(json, ModelReaderWriter.Write(read, ModelReaderWriterOptions.Json, DdmModelReaderWriterContext.Default).ToString());
    }

    private static void OwnContext()
    {
        var json = "{\"Latest\":" + Backup + ",\"Backups\":[" + Backup + "],\"Status\":\"restoring\",\"Counts\":{\"normal\":2,\"Odd\":1}}";
        var report = JsonSerializer.Deserialize(json, NativeChecksContext.Default.Report) ?? throw new InvalidOperationException("read nothing");
        if (report.Counts[BackupStatus.Normal] != 2 || report.Status?.IsKnown != false || report.Latest != report.Backups.Single())
        {
            throw new InvalidOperationException("read other values than were sent");
        }

        Same(json, JsonSerializer.Serialize(report, NativeChecksContext.Default.Report));
        Same("[" + Backup + "]", JsonSerializer.Serialize(new List<DdmModel> { report.Latest }, NativeChecksContext.Default.ListDdmModel));
    }

    private static void Same(string expected, string actual)
    {
        if (!JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)))
        {
            throw new InvalidOperationException("wrote " + actual + " for " + expected);
        }
    }
}

/// <summary>An application's own type that holds models and open enums.</summary>
internal sealed record Report(BackupInfo Latest, IReadOnlyList<BackupInfo> Backups, BackupStatus? Status, Dictionary<BackupStatus, int> Counts);

/// <summary>The application's own source-generated metadata.</summary>
[JsonSerializable(typeof(Report))]
[JsonSerializable(typeof(List<DdmModel>))]
internal sealed partial class NativeChecksContext : JsonSerializerContext;
