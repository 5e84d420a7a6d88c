using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ddm.Emulator;

/// <summary>The DDM V3 backup routes, each behind the token check of the API gateway.</summary>
internal sealed class DdmRoutes
{
    private readonly EmulatorData _data;
    private readonly TokenStore _tokens;
    private readonly EmulatorOptions _options;
    private readonly SignatureVerifier _signatures;

    public DdmRoutes(EmulatorData data, TokenStore tokens, EmulatorOptions options)
    {
        _data = data;
        _tokens = tokens;
        _options = options;
        _signatures = new SignatureVerifier(options);
    }

    public const string Prefix = "/v3/{project_id}";

    /// <summary>
    /// Maps the routes as plain <see cref="RequestDelegate"/> handlers that read their route values themselves:
    /// no reflection over handler parameters, so the routes work the same under trimming and NativeAOT.
    /// </summary>
    public void Map(IEndpointRouteBuilder routes)
    {
        MapGet(routes, "/", ListVersions);
        MapGet(routes, Prefix + "/backups", ListBackups);
        routes.MapDelete(Prefix + "/backups/{backup_id}", DeleteBackup);
        MapGet(routes, Prefix + "/instances/{instance_id}/backups/restorable-time-interval", ListRestorableTimeIntervals);
        routes.MapPost(Prefix + "/instances/{instance_id}/backups/recovery", Restore);
        MapGet(routes, Prefix + "/jobs/{job_id}", ShowJob);

        // Literal segments win over {backup_id}, so restorable-time-interval and the two below keep their own routes.
        MapGet(routes, Prefix + "/instances/{instance_id}/backups/{backup_id}", ShowBackup);
        MapGet(routes, Prefix + "/instances/{instance_id}/backups/restorable-instances", ListRestorableInstances);
        MapGet(routes, Prefix + "/instances/{instance_id}/backups/related-dn", ListRelatedDataNodes);
        routes.MapPost(Prefix + "/instances/{instance_id}/backups/metadata-recovery", RestoreMetadata);
    }

    private static readonly string[] GetAndHead = { HttpMethods.Get, HttpMethods.Head };

    /// <summary>
    /// A GET route that takes HEAD too, as every server is to (RFC 9110, 9.1): the same status and header fields, and
    /// the web server sends no body for HEAD.
    /// </summary>
    private static void MapGet(IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) => routes.MapMethods(pattern, GetAndHead, handler);

    /// <summary>
    /// What the API gateway does before DDM sees a request: no valid token or AK/SK signature for the project, no
    /// answer from DDM. A request with an <c>SDK-HMAC-SHA256</c> <c>Authorization</c> header is checked by its
    /// signature, any other by its <c>X-Auth-Token</c>. Runs after routing, for the DDM routes only.
    /// </summary>
    public async Task Authenticate(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint || endpoint.RoutePattern.RawText?.StartsWith(Prefix, StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }

        var projectId = (string)context.GetRouteValue("project_id")!;
        if (SignatureVerifier.IsSigned(context.Request))
        {
            await AuthenticateSigned(context, next, projectId);
            return;
        }

        var check = _tokens.Check(context.Request.Headers["X-Auth-Token"].ToString(), projectId);
        switch (check)
        {
            case TokenCheck.Valid:
                await next(context);
                break;
            case TokenCheck.OtherProject:
                await Answers.GatewayError(context, StatusCodes.Status403Forbidden, "APIG.0302", "The IAM user is not authorized to access the project " + projectId + ".");
                break;
            default:
                // A token the gateway does not take, unknown or expired, gets the reference's words for it. An expired
                // token had words of its own, which changed to these once a later sign-in dropped it from the store: the
                // same token was answered two ways, and neither was the reference's.
                var reason = check == TokenCheck.Missing ? "the X-Auth-Token header is missing" : "decrypt token fail";
                await Answers.GatewayError(context, StatusCodes.Status401Unauthorized, "APIG.0301", "Incorrect IAM authentication information: " + reason);
                break;
        }
    }

    private async Task AuthenticateSigned(HttpContext context, RequestDelegate next, string projectId)
    {
        var check = await _signatures.Check(context);
        if (check == SignatureCheck.Valid)
        {
            // X-Project-Id names the project a signed request acts in; without it, the path's project. Either way it is
            // to be this one, and the path's too: a request for another project is not let through for its path. The
            // header carries a project id (the signing facts: "X-Project-Id: <project id>", its value signed trimmed), so
            // one that is empty, or white space only, names no project and stands as no header does.
            var headerProject = context.Request.Headers["X-Project-Id"].ToString().Trim();
            var refused = headerProject.Length > 0 && headerProject != _options.ProjectId ? headerProject
                : projectId != _options.ProjectId ? projectId
                : null;
            if (refused is null)
            {
                await next(context);
            }
            else
            {
                await Answers.GatewayError(context, StatusCodes.Status403Forbidden, "APIG.0302", "The IAM user is not authorized to access the project " + refused + ".");
            }

            return;
        }

        var reason = check switch
        {
            SignatureCheck.UnknownAccessKey => "the access key is unknown",
            SignatureCheck.MissingDate => "the X-Sdk-Date header is missing, not signed or not in the form yyyyMMddTHHmmssZ",
            SignatureCheck.StaleDate => "the X-Sdk-Date is more than 15 minutes away from the server time",
            SignatureCheck.SecurityTokenMismatch => "the X-Security-Token is missing, not signed or does not belong to the access key",
            SignatureCheck.BadSignature => "the signature does not match",
            _ => "the Authorization header is not a valid SDK-HMAC-SHA256 signature",
        };
        await Answers.GatewayError(context, StatusCodes.Status401Unauthorized, "APIG.0301", "Incorrect IAM authentication information: " + reason);
    }

    /// <summary>
    /// Querying API Versions: <c>{"versions":[{"id","links","status","updated","version"},...]}</c>, v3 current and v1
    /// deprecated, with the reference's values (its links are empty for both versions, and so is the microversion).
    /// </summary>
    /// <remarks>
    /// Not under <see cref="Prefix"/>, so <see cref="Authenticate"/> lets it through: as in every OpenStack-style
    /// service, version discovery needs no authentication (a client asks which versions there are before it has a
    /// token or knows its project).
    /// </remarks>
    private static Task ListVersions(HttpContext context) =>
        Answers.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray("versions");
            WriteVersion(writer, "v3", "CURRENT", "2019-01-15T12:00:00Z");
            WriteVersion(writer, "v1", "DEPRECATED", "2017-02-07T17:34:02Z");
            writer.WriteEndArray();
        });

    private static void WriteVersion(Utf8JsonWriter writer, string id, string status, string updated)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteStartArray("links");
        writer.WriteEndArray();
        writer.WriteString("status", status);
        writer.WriteString("updated", updated);
        writer.WriteString("version", string.Empty);
        writer.WriteEndObject();
    }

    private Task ListBackups(HttpContext context)
    {
        if (!Paging.TryRead(context.Request, out var offset, out var limit))
        {
            return Answers.ParameterError(context);
        }

        var (page, total) = _data.ListBackups(offset, limit);
        return Answers.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray("backups");
            foreach (var backup in page)
            {
                writer.WriteStartObject();
                WriteBackupMembers(writer, backup);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("total", total + FaultInjection.TotalShift(context));
            writer.WriteNumber("offset", offset);
            writer.WriteNumber("limit", limit);
        });
    }

    /// <summary>The members of a backup as Querying Backups lists it; those the backup does not have are left out, not written as null.</summary>
    private static void WriteBackupMembers(Utf8JsonWriter writer, Backup backup)
    {
        writer.WriteString("id", backup.Id);
        WriteIfPresent(writer, "name", backup.Name);
        WriteIfPresent(writer, "description", backup.Description);
        writer.WriteString("status", backup.Status);
        writer.WriteString("instance_id", backup.InstanceId);
        WriteIfPresent(writer, "instance_name", backup.InstanceName);
        WriteIfPresent(writer, "instance_status", backup.InstanceStatus);
        if (backup.FileSize is { } fileSize)
        {
            writer.WriteNumber("file_size", fileSize);
        }

        writer.WriteString("created", backup.Created.ToString());
        if (backup.Updated is { } updated)
        {
            writer.WriteString("updated", updated.ToString());
        }

        WriteIfPresent(writer, "backup_type", backup.BackupType);
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string RouteValue(HttpContext context, string name) => (string)context.GetRouteValue(name)!;

    private Task ListRestorableTimeIntervals(HttpContext context)
    {
        var instanceId = RouteValue(context, "instance_id");
        // The reference documents no dedicated code for an unknown instance: it is a parameter error, and the
        // reference's table gives that code HTTP 400, as it gives every DDM code it lists.
        if (_data.FindInstance(instanceId) is not { } instance)
        {
            return Answers.ParameterError(context);
        }

        if (!Paging.TryRead(context.Request, out var offset, out var limit))
        {
            return Answers.ParameterError(context);
        }

        var intervals = _data.RestorableIntervals(instance);
        return Answers.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray("restorable_time_intervals");
            for (var index = offset; index < intervals.Count && index - offset < limit; index++)
            {
                writer.WriteStartObject();
                writer.WriteString("start_time", intervals[index].Start.ToString());
                writer.WriteString("end_time", intervals[index].End.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("offset", offset);
            writer.WriteNumber("limit", limit);
            writer.WriteNumber("total", intervals.Count + FaultInjection.TotalShift(context));
        });
    }

    private Task DeleteBackup(HttpContext context)
    {
        if (_data.DeleteBackup(RouteValue(context, "backup_id")) is not { } backup)
        {
            return Answers.ParameterError(context);
        }

        // The job is about the backup's own instance; every backup belongs to a seeded one.
        var job = _data.AddJob("DELETE_BACKUP", _data.FindInstance(backup.InstanceId)!);
        return Answers.Json(context, StatusCodes.Status202Accepted, writer => writer.WriteString("job_id", job.Id));
    }

    /// <summary>
    /// Restoring to a new instance: body {source{instance_id, restore_time}, target{instance_id}, data_node_relations[]};
    /// the source is the path's instance, the target another one, and data_node_relations, when there, pairs of data
    /// node ids.
    /// </summary>
    private Task Restore(HttpContext context) => StartJob(context, "RESTORE_DDM_INSTANCE", RestorationTarget);

    /// <summary>The target instance of a restoration to a new instance from the path's, or null when the body is not one (see <see cref="Restore"/>).</summary>
    private Instance? RestorationTarget(JsonElement root, Instance pathInstance)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("target", out var target) || target.ValueKind != JsonValueKind.Object
            || !source.TryGetProperty("instance_id", out var sourceId) || sourceId.ValueKind != JsonValueKind.String
            // TryGetInt64 throws for a member that is no number (a string, null), which would be a bare 500.
            || !source.TryGetProperty("restore_time", out var restoreTime) || restoreTime.ValueKind != JsonValueKind.Number || !restoreTime.TryGetInt64(out var milliseconds)
            || !target.TryGetProperty("instance_id", out var targetId) || targetId.ValueKind != JsonValueKind.String
            || (root.TryGetProperty("data_node_relations", out var relations) && !AreDataNodePairs(relations))
            || _data.FindInstance(sourceId.GetString()!) is not { } sourceInstance
            || _data.FindInstance(targetId.GetString()!) is not { } targetInstance
            // The source is the instance of the path, and the data goes to another one: a new instance.
            || sourceInstance != pathInstance
            || targetInstance == sourceInstance
            || !Inside(_data.RestorableIntervals(sourceInstance), milliseconds))
        {
            return null;
        }

        return targetInstance;
    }

    /// <summary>
    /// A POST that starts a job from a JSON body: 202 with the job, named <paramref name="name"/>, on the instance
    /// <paramref name="target"/> finds in the body for the path's instance; 415 for a body that is not declared as JSON
    /// (see <see cref="ReadJsonBody"/>); the parameter error for an unknown instance in the path, a body that is no JSON,
    /// or one for which <paramref name="target"/> finds none.
    /// </summary>
    private async Task StartJob(HttpContext context, string name, Func<JsonElement, Instance, Instance?> target)
    {
        if (await ReadJsonBody(context) is not { } body)
        {
            return;
        }

        using (body)
        {
            if (_data.FindInstance(RouteValue(context, "instance_id")) is not { } pathInstance)
            {
                await Answers.ParameterError(context);
                return;
            }

            if (target(body.RootElement, pathInstance) is not { } instance)
            {
                await Answers.ParameterError(context);
                return;
            }

            var job = _data.AddJob(name, instance);
            await Answers.Json(context, StatusCodes.Status202Accepted, writer => writer.WriteString("job_id", job.Id));
        }
    }

    /// <summary>
    /// The request's body as JSON, or null once the request is answered: 415 Unsupported Media Type for a body not
    /// declared as JSON in UTF-8 (see <see cref="JsonMediaType"/>), and the 400 parameter error when the body does not
    /// parse, an empty one included.
    /// </summary>
    /// <remarks>
    /// The reference lists 415 among the statuses ("Unsupported Media Type") but no code for it: the answer has DDM's
    /// shape and the code of its other client errors, <c>DBS.280001</c>. A type that is not JSON is refused without
    /// parsing the body (for a request signed with an access key, the signature check has hashed it already). A request
    /// with no body and no type has no media type to refuse: its body is missing, a parameter error.
    /// </remarks>
    private static async Task<JsonDocument?> ReadJsonBody(HttpContext context)
    {
        if (await JsonMediaType.IsRefused(context))
        {
            await Answers.DdmError(context, StatusCodes.Status415UnsupportedMediaType, "DBS.280001", "Parameter error.");
            return null;
        }

        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await Answers.ParameterError(context);
            return null;
        }
    }

    /// <summary>
    /// Whether <c>data_node_relations</c> is what the reference documents: an array of
    /// <c>{source_instance_id, target_instance_id}</c>, both strings.
    /// </summary>
    private static bool AreDataNodePairs(JsonElement relations) =>
        relations.ValueKind == JsonValueKind.Array
        && relations.EnumerateArray().All(pair => pair.ValueKind == JsonValueKind.Object
            && pair.TryGetProperty("source_instance_id", out var source) && source.ValueKind == JsonValueKind.String
            && pair.TryGetProperty("target_instance_id", out var target) && target.ValueKind == JsonValueKind.String);

    /// <summary>
    /// Whether a point in time is inside one of the intervals, compared as epoch milliseconds, the form the request has:
    /// any int64 is then inside an interval or not, where a conversion to a date threw for one beyond the year 9999 (a
    /// bare 500).
    /// </summary>
    private static bool Inside(IReadOnlyList<(WireDate Start, WireDate End)> intervals, long milliseconds) =>
        intervals.Any(interval => interval.Start.Value.ToUnixTimeMilliseconds() <= milliseconds && milliseconds <= interval.End.Value.ToUnixTimeMilliseconds());

    /// <summary>
    /// Querying Backup Details: the backup's members as Querying Backups lists them, and <c>related_data_nodes</c>, the
    /// data nodes of its instance. An unknown instance or backup, a backup of another instance than the path's, and a
    /// deleted one (which the reference says is no longer displayed) are the parameter error.
    /// </summary>
    private Task ShowBackup(HttpContext context)
    {
        if (_data.FindInstance(RouteValue(context, "instance_id")) is not { } instance
            || _data.FindBackup(RouteValue(context, "backup_id")) is not { } backup
            || backup.InstanceId != instance.Id
            || backup.Status == "deleted")
        {
            return Answers.ParameterError(context);
        }

        return Answers.Json(context, StatusCodes.Status200OK, writer =>
        {
            WriteBackupMembers(writer, backup);
            WriteDataNodes(writer, instance.DataNodes, 0, instance.DataNodes.Count);
        });
    }

    /// <summary>The <c>related_data_nodes</c> member: the nodes from the offset on, at most limit of them.</summary>
    private static void WriteDataNodes(Utf8JsonWriter writer, IReadOnlyList<DataNode> nodes, int offset, int limit)
    {
        writer.WriteStartArray("related_data_nodes");
        for (var index = offset; index < nodes.Count && index - offset < limit; index++)
        {
            writer.WriteStartObject();
            writer.WriteString("instance_id", nodes[index].Id);
            writer.WriteString("instance_name", nodes[index].Name);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Querying Instances That Can Be Restored: <c>{instances[], offset, limit, total}</c>, every seeded instance but the
    /// path's, in the order of <see cref="EmulatorData.Instances"/>, each <c>RUNNING</c>; paged as the list APIs are.
    /// </summary>
    private Task ListRestorableInstances(HttpContext context)
    {
        if (_data.FindInstance(RouteValue(context, "instance_id")) is not { } source || !Paging.TryRead(context.Request, out var offset, out var limit))
        {
            return Answers.ParameterError(context);
        }

        var others = _data.Instances.Where(instance => instance.Id != source.Id).ToList();
        return Answers.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray("instances");
            foreach (var instance in others.Skip(offset).Take(limit))
            {
                writer.WriteStartObject();
                writer.WriteString("id", instance.Id);
                writer.WriteString("name", instance.Name);
                writer.WriteString("status", "RUNNING");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("offset", offset);
            writer.WriteNumber("limit", limit);
            writer.WriteNumber("total", others.Count + FaultInjection.TotalShift(context));
        });
    }

    /// <summary>
    /// Querying the data nodes a restoration to a point in time involves: <c>{related_data_nodes[],
    /// latest_restorable_time, offset, limit, total}</c>, the instance's data nodes, paged as the list APIs are, and the
    /// end of its newest restorable interval in epoch milliseconds. <c>restore_time</c> (epoch milliseconds) is required,
    /// once, and must be inside one of the instance's restorable intervals; anything else is the parameter error.
    /// </summary>
    private Task ListRelatedDataNodes(HttpContext context)
    {
        if (_data.FindInstance(RouteValue(context, "instance_id")) is not { } instance
            || !Paging.TryReadRequiredInt64(context.Request, "restore_time", out var restoreTime)
            || !Paging.TryRead(context.Request, out var offset, out var limit))
        {
            return Answers.ParameterError(context);
        }

        var intervals = _data.RestorableIntervals(instance);
        if (!Inside(intervals, restoreTime))
        {
            return Answers.ParameterError(context);
        }

        return Answers.Json(context, StatusCodes.Status200OK, writer =>
        {
            WriteDataNodes(writer, instance.DataNodes, offset, limit);
            writer.WriteNumber("latest_restorable_time", intervals[^1].End.Value.ToUnixTimeMilliseconds());
            writer.WriteNumber("offset", offset);
            writer.WriteNumber("limit", limit);
            writer.WriteNumber("total", instance.DataNodes.Count + FaultInjection.TotalShift(context));
        });
    }

    /// <summary>
    /// Restoring Metadata: body <c>{source{backup_id or restore_time}, target{instance_id, data_nodes[]}}</c>, 202 with
    /// the job, which works on the target. The source is the path's instance: one of its <c>normal</c> backups, or a
    /// point in time (epoch milliseconds) inside one of its restorable intervals, one of the two and not both; the target
    /// a known instance, and <c>data_nodes</c>, when there, an array of strings. Anything else is the parameter error.
    /// </summary>
    private Task RestoreMetadata(HttpContext context) => StartJob(context, "RESTORE_METADATA", MetadataRestorationTarget);

    /// <summary>The target instance of a metadata restoration from the source instance, or null when the body is not one (see <see cref="RestoreMetadata"/>).</summary>
    private Instance? MetadataRestorationTarget(JsonElement root, Instance source)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("source", out var from) || from.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("target", out var to) || to.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var hasBackup = from.TryGetProperty("backup_id", out var backupId);
        var hasTime = from.TryGetProperty("restore_time", out var restoreTime);
        var restorable = hasBackup != hasTime && (hasBackup
            ? backupId.ValueKind == JsonValueKind.String && _data.FindBackup(backupId.GetString()!) is { } backup && backup.InstanceId == source.Id && EmulatorData.Restorable(backup)
            // TryGetInt64 throws for a member that is no number (a string, null), which would be a bare 500.
            : restoreTime.ValueKind == JsonValueKind.Number && restoreTime.TryGetInt64(out var milliseconds) && Inside(_data.RestorableIntervals(source), milliseconds));
        if (!restorable
            || (to.TryGetProperty("data_nodes", out var nodes) && (nodes.ValueKind != JsonValueKind.Array || nodes.EnumerateArray().Any(node => node.ValueKind != JsonValueKind.String)))
            || !to.TryGetProperty("instance_id", out var targetId) || targetId.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return _data.FindInstance(targetId.GetString()!);
    }

    private Task ShowJob(HttpContext context)
    {
        // A job past its retention is answered as one never started (see EmulatorData.FindJob).
        if (_data.FindJob(RouteValue(context, "job_id")) is not { } job)
        {
            return Answers.DdmError(context, StatusCodes.Status400BadRequest, "DBS.300400", "The task is not found.");
        }

        return Answers.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject("job");
            writer.WriteString("id", job.Id);
            writer.WriteString("name", job.Name);
            writer.WriteString("status", job.Status);
            writer.WriteNumber("created_time", job.CreatedTime);
            writer.WriteNumber("end_time", job.EndTime);
            writer.WriteString("process", "100%");
            writer.WriteStartObject("instance");
            writer.WriteString("id", job.InstanceId);
            writer.WriteString("name", job.InstanceName);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }
}
