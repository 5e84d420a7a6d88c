using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Client.Tests.Full;
using Microsoft.AspNetCore.Http;
using static Ddm.Client.Tests.Http.ScriptedServer;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// Every backup operation of the DDM V3 reference (tests/Specs/ddm-v3-full.yaml, the shipped spec extended by hand),
/// driven over real HTTP: what goes over the wire and how the answers are read.
/// </summary>
public sealed class FullSpecTests
{
    private static Task<RecordingServer<DdmFullClient>> StartAsync(Func<HttpContext, Task> answer) =>
        RecordingServer<DdmFullClient>.StartAsync(answer, (http, endpoint) => new DdmFullClient(http, new DdmFullClientOptions { Endpoint = endpoint, ProjectId = "p1", Credential = DdmFullCredential.FromToken("t1") }));

    [Theory]
    [InlineData("b1", "b1")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("50%", "50%25")]
    [InlineData("a b", "a%20b")]
    [InlineData("\u00e7\u00e5", "%C3%A7%C3%A5")]
    [InlineData("\ud83d\ude00", "%F0%9F%98%80")]
    [InlineData("a?b#c", "a%3Fb%23c")]
    public async Task Deleting_a_backup_sends_delete_with_the_id_escaped_and_reads_the_202_job(string backupId, string escaped)
    {
        await using var wire = await StartAsync(Json(202, """{"job_id":"j1"}"""));
        var (client, seen) = wire;

        var job = await client.DeleteBackupAsync(backupId);
        var sync = client.DeleteBackup(backupId);

        Assert.Equal(("j1", 202), (job.Value.JobId, job.GetRawResponse().Status));
        Assert.Equal("j1", sync.Value.JobId);
        Assert.All(seen, s => Assert.Equal(("DELETE", "/v3/p1/backups/" + escaped, ""), (s.Method, s.Target, s.Body)));
    }

    /// <summary>Text with a lone surrogate (an attribute cannot carry it: its UTF-8 would make it U+FFFD).</summary>
    private static readonly string[] NotUtf16 = ["\ud800", "a\udc00b", "\ude00\ud83d"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_path_value_that_is_not_valid_utf16_is_refused_before_anything_is_sent(int which)
    {
        var id = NotUtf16[which];
        // Escaping wrote U+FFFD for a lone surrogate: the call deleted or showed another backup than the one it named.
        await using var wire = await StartAsync(Json(202, """{"job_id":"j1"}"""));
        var (client, seen) = wire;

        var deleting = await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteBackupAsync(id));
        var showing = Assert.Throws<ArgumentException>(() => client.ShowBackup(id, "b1"));

        Assert.Contains("backup_id", deleting.Message, StringComparison.Ordinal);
        Assert.Contains("instance_id", showing.Message, StringComparison.Ordinal);
        Assert.Empty(seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_body_value_that_is_not_valid_utf16_is_refused_before_anything_is_sent(int which)
    {
        // The JSON writer wrote U+FFFD for a lone surrogate: the service restored from another backup than the one named.
        await using var wire = await StartAsync(Json(202, """{"job_id":"j1"}"""));
        var (client, seen) = wire;
        var text = NotUtf16[which];
        MetadataRecoveryRequest Request(string backupId, string dataNode) => new()
        {
            Source = new MetadataRecoveryRequestSource { BackupId = backupId },
            Target = new MetadataRecoveryRequestTarget { InstanceId = "t", DataNodes = [dataNode] },
        };

        var member = await Assert.ThrowsAsync<ArgumentException>(() => client.RestoreMetadataAsync("i1", Request(text, "d1")));
        var item = Assert.Throws<ArgumentException>(() => client.RestoreMetadata("i1", Request("b1", text)));
        var required = await Assert.ThrowsAsync<ArgumentException>(() => client.RestoreToNewInstanceAsync("i1", new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = text, RestoreTime = 1 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
        }));

        Assert.Contains("backup_id", member.Message, StringComparison.Ordinal);
        Assert.Contains("lone surrogate", item.Message, StringComparison.Ordinal);
        Assert.Contains("instance_id", required.Message, StringComparison.Ordinal);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task A_list_item_that_is_not_valid_utf16_is_refused_naming_the_member_that_holds_it()
    {
        // The message said only "A text value": in a body of many lists the caller could not tell which one held it.
        await using var wire = await StartAsync(Json(202, """{"job_id":"j1"}"""));
        var (client, seen) = wire;
        var request = new MetadataRecoveryRequest
        {
            Source = new MetadataRecoveryRequestSource { BackupId = "b1" },
            Target = new MetadataRecoveryRequestTarget { InstanceId = "t", DataNodes = ["d1", "d\ud8002"] },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.RestoreMetadataAsync("i1", request));

        Assert.Contains("data_nodes", error.Message, StringComparison.Ordinal);
        Assert.Contains("lone surrogate at index 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(seen);
    }

    [Theory]
    [InlineData("i/1", "b 2", "/v3/p1/instances/i%2F1/backups/b%202")]
    [InlineData("%41", "\u00fc", "/v3/p1/instances/%2541/backups/%C3%BC")]
    public async Task Showing_a_backup_escapes_both_path_parameters(string instanceId, string backupId, string target)
    {
        await using var wire = await StartAsync(Json(200, """
            {"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000","related_data_nodes":[{"instance_id":"rds1","instance_name":"node"}]}
            """));
        var (client, seen) = wire;

        var backup = (await client.ShowBackupAsync(instanceId, backupId)).Value;

        Assert.Equal(("GET", target), (seen.Single().Method, seen.Single().Target));
        Assert.Equal(Full.BackupStatus.Normal, backup.Status);
        Assert.Equal("node", Assert.Single(backup.RelatedDataNodes!).InstanceName);
    }

    [Theory]
    [InlineData("restorable-time-interval", "listRestorableTimeIntervals")]
    [InlineData("Restorable-Instances", "listRestorableInstances")]
    [InlineData("RELATED-DN", "listRelatedDataNodes")]
    [InlineData("recovery", "restoreToNewInstance")]
    public async Task A_backup_id_that_is_another_operations_segment_is_refused_before_anything_is_sent(string backupId, string reached)
    {
        // GET .../backups/restorable-time-interval is another operation's path: the service answered that one, and
        // reading its answer as a backup failed with "required property 'id' ... is missing".
        await using var wire = await StartAsync(Json(200, """{"restorable_time":[]}"""));
        var (client, seen) = wire;

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.ShowBackupAsync("i1", backupId));
        Assert.Throws<ArgumentException>(() => client.ShowBackup("i1", backupId));

        Assert.Equal("backupId", exception.ParamName);
        Assert.Contains("backup_id is '" + backupId + "'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reached, exception.Message, StringComparison.Ordinal);
        Assert.Empty(seen);
    }

    [Theory]
    [InlineData("restorable-time")]
    [InlineData("recovery2")]
    [InlineData("backups")]
    public async Task A_backup_id_near_another_operations_segment_is_sent(string backupId)
    {
        await using var wire = await StartAsync(Json(200, """{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}"""));
        var (client, seen) = wire;

        await client.ShowBackupAsync("i1", backupId);

        Assert.Equal("/v3/p1/instances/i1/backups/" + backupId, seen.Single().Target);
    }

    [Fact]
    public async Task Related_data_nodes_page_with_the_restore_time_on_every_request_and_resume_from_a_token()
    {
        await using var wire = await StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].ToString() is { Length: > 0 } o ? o : "0", System.Globalization.CultureInfo.InvariantCulture);
            var limit = int.Parse(context.Request.Query["limit"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var items = Enumerable.Range(offset, Math.Max(0, Math.Min(limit, 5 - offset))).Select(i => $$"""{"instance_id":"n{{i}}"}""");
            return Json(200, $$"""{"related_data_nodes":[{{string.Join(",", items)}}],"latest_restorable_time":1747734040000,"offset":{{offset}},"limit":{{limit}},"total":5}""")(context);
        });
        var (client, seen) = wire;

        var all = new List<string>();
        await foreach (var node in client.ListRelatedDataNodesAutoPagingAsync("i/1", 1747734040000, limit: 2)) all.Add(node.InstanceId);
        var first = client.ListRelatedDataNodesAutoPaging("i/1", 1747734040000, limit: 2);
        var token = first.GetContinuationToken(first.GetRawPages().First())!;
        var resumed = client.ListRelatedDataNodesAutoPaging(ContinuationToken.FromBytes(token.ToBytes())).Select(n => n.InstanceId).ToList();
        var page = (await client.ListRelatedDataNodesAsync("i/1", long.MaxValue, 0, 1)).Value;

        Assert.Equal(new[] { "n0", "n1", "n2", "n3", "n4" }, all);
        Assert.Equal(new[] { "n2", "n3", "n4" }, resumed);
        Assert.Equal(1747734040000, page.LatestRestorableTime);
        Assert.Equal(
            new[]
            {
                "/v3/p1/instances/i%2F1/backups/related-dn?restore_time=1747734040000&offset=0&limit=2",
                "/v3/p1/instances/i%2F1/backups/related-dn?restore_time=1747734040000&offset=2&limit=2",
                "/v3/p1/instances/i%2F1/backups/related-dn?restore_time=1747734040000&offset=4&limit=2",
                "/v3/p1/instances/i%2F1/backups/related-dn?restore_time=1747734040000&offset=0&limit=2",
                "/v3/p1/instances/i%2F1/backups/related-dn?restore_time=1747734040000&offset=2&limit=2",
                "/v3/p1/instances/i%2F1/backups/related-dn?restore_time=1747734040000&offset=4&limit=2",
                "/v3/p1/instances/i%2F1/backups/related-dn?restore_time=9223372036854775807&offset=0&limit=1",
            },
            seen.Select(s => s.Target));
    }

    [Fact]
    public async Task Restorable_instances_page_through_an_instance_id_that_needs_escaping()
    {
        await using var wire = await StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var items = offset == 0 ? """[{"id":"r0","status":"RUNNING"},{"id":"r1","status":"something new"}]""" : """[{"id":"r2"}]""";
            return Json(200, $$"""{"instances":{{items}},"offset":{{offset}},"limit":2,"total":3}""")(context);
        });
        var (client, seen) = wire;

        var all = client.ListRestorableInstancesAutoPaging("\u00e9 %", limit: 2).ToList();

        Assert.Equal(new[] { "r0", "r1", "r2" }, all.Select(i => i.Id));
        Assert.Equal("something new", all[1].Status.ToString());
        Assert.Equal(
            new[] { "/v3/p1/instances/%C3%A9%20%25/backups/restorable-instances?offset=0&limit=2", "/v3/p1/instances/%C3%A9%20%25/backups/restorable-instances?offset=2&limit=2" },
            seen.Select(s => s.Target));
    }

    [Fact]
    public async Task Restoring_to_a_new_instance_posts_the_body_with_epoch_milliseconds()
    {
        await using var wire = await StartAsync(Json(202, """{"job_id":"j2"}"""));
        var (client, seen) = wire;
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1747734040123 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
            DataNodeRelations = [new RecoveryRequestDataNodeRelationsItem { SourceInstanceId = "s1", TargetInstanceId = "t1" }],
        };

        var job = await client.RestoreToNewInstanceAsync("a/b", request);

        Assert.Equal("j2", job.Value.JobId);
        Assert.Equal(("POST", "/v3/p1/instances/a%2Fb/backups/recovery"), (seen.Single().Method, seen.Single().Target));
        Assert.Equal("""{"source":{"instance_id":"a","restore_time":1747734040123},"target":{"instance_id":"b"},"data_node_relations":[{"source_instance_id":"s1","target_instance_id":"t1"}]}""", seen.Single().Body);
    }

    [Fact]
    public async Task Restoring_metadata_sends_only_the_source_member_that_is_set()
    {
        await using var wire = await StartAsync(Json(202, """{"job_id":"j3"}"""));
        var (client, seen) = wire;

        await client.RestoreMetadataAsync("i1", new MetadataRecoveryRequest { Source = new MetadataRecoveryRequestSource { BackupId = "b1" }, Target = new MetadataRecoveryRequestTarget { InstanceId = "t", DataNodes = ["d1", "d2"] } });
        await client.RestoreMetadataAsync("i1", new MetadataRecoveryRequest { Source = new MetadataRecoveryRequestSource { RestoreTime = -1 }, Target = new MetadataRecoveryRequestTarget { InstanceId = "t" } });

        Assert.All(seen, s => Assert.Equal(("POST", "/v3/p1/instances/i1/backups/metadata-recovery"), (s.Method, s.Target)));
        Assert.Equal(
            new[]
            {
                """{"source":{"backup_id":"b1"},"target":{"instance_id":"t","data_nodes":["d1","d2"]}}""",
                """{"source":{"restore_time":-1},"target":{"instance_id":"t"}}""",
            },
            seen.Select(s => s.Body));
    }

    [Fact]
    public async Task A_job_reads_with_its_nested_instance_and_a_null_end_time()
    {
        await using var wire = await StartAsync(Json(200, """
            {"job":{"id":"j1","name":"RestoreMetadata","status":"Running","created_time":1747734040123,"end_time":null,"process":null,"instance":{"id":"i1","name":"ddm"}}}
            """));
        var (client, seen) = wire;

        var job = client.ShowJob("j 1/2").Value.Job;

        Assert.Equal("/v3/p1/jobs/j%201%2F2", seen.Single().Target);
        Assert.Equal((1747734040123L, (long?)null, "ddm"), (job.CreatedTime!.Value, job.EndTime, job.Instance!.Name));
    }

    [Fact]
    public async Task An_error_answer_to_a_job_query_is_the_clients_exception()
    {
        // The reference's error code table gives DBS.300400 HTTP 400, as it gives every DDM code it lists.
        await using var wire = await StartAsync(Json(400, """{"errCode":"DBS.300400","externalMessage":"The task is not found."}"""));
        var (client, seen) = wire;

        var error = await Assert.ThrowsAsync<DdmFullApiException>(() => client.ShowJobAsync("j1"));

        Assert.Equal((400, "DBS.300400", "The task is not found."), (error.Status, error.ErrorCode, error.ErrorMessage));
    }

    private static RecoveryRequest Recovery() => new()
    {
        Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1 },
        Target = new RecoveryRequestTarget { InstanceId = "b" },
    };

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task A_post_whose_answer_says_it_may_have_been_carried_out_is_not_sent_again(int status)
    {
        // A restoration the service may have started is not submitted twice: the second try would start a second
        // job, or fail because the first runs, and the caller would not learn that the first had started.
        await using var wire = await StartAsync(Json(status, """{"errCode":"DBS.200412","externalMessage":"Server failure."}"""));
        var (client, seen) = wire;

        var error = await Assert.ThrowsAsync<DdmFullApiException>(() => client.RestoreToNewInstanceAsync("a", Recovery()));
        Assert.Throws<DdmFullApiException>(() => client.RestoreMetadata("a", new MetadataRecoveryRequest { Source = new MetadataRecoveryRequestSource { BackupId = "b1" }, Target = new MetadataRecoveryRequestTarget { InstanceId = "t" } }));
        var deleted = await Assert.ThrowsAsync<DdmFullApiException>(() => client.DeleteBackupAsync("b1"));

        Assert.Equal((status, status), (error.Status, deleted.Status));
        Assert.Equal(new[] { "POST", "POST", "DELETE", "DELETE", "DELETE", "DELETE" }, seen.Select(s => s.Method));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_post_the_service_refused_to_carry_out_is_sent_again(int status)
    {
        var tries = 0;
        await using var wire = await StartAsync(context => Interlocked.Increment(ref tries) == 1
            ? Json(status, """{"error_code":"APIG.0308","error_msg":"The request is throttled."}""")(context)
            : Json(202, """{"job_id":"j1"}""")(context));
        var (client, seen) = wire;

        var job = await client.RestoreToNewInstanceAsync("a", Recovery());

        Assert.Equal("j1", job.Value.JobId);
        Assert.Equal(new[] { "POST", "POST" }, seen.Select(s => s.Method));
    }

    [Fact]
    public async Task A_post_whose_answer_did_not_come_within_the_network_timeout_is_not_sent_again()
    {
        await using var wire = await StartAsync(async context =>
        {
            if (context.Request.Method == "POST")
            {
                // Stalls until the client gives up (a generous bound only guards against a hang).
                await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await Json(202, """{"job_id":"j1"}""")(context);
        });
        var (server, http, seen) = (wire.Server, wire.Http, wire.Seen);

        // The timeout must let the request reach the service, which a loaded machine may take longer than 300 ms to do:
        // one that never arrived is tried again with a longer timeout, as an instance of its own so that it is told apart.
        var posts = Array.Empty<SeenRequest>();
        foreach (var milliseconds in new[] { 300, 2000, 8000 })
        {
            var instance = "i" + milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var client = new DdmFullClient(http, new DdmFullClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmFullCredential.FromToken("t1"), NetworkTimeout = TimeSpan.FromMilliseconds(milliseconds) });

            await Assert.ThrowsAnyAsync<Exception>(() => client.RestoreToNewInstanceAsync(instance, Recovery()));

            posts = seen.Where(s => s.Method == "POST" && s.Target.Contains("/" + instance + "/", StringComparison.Ordinal)).ToArray();
            if (posts.Length > 0)
            {
                break;
            }
        }

        Assert.Single(posts);
    }

    [Fact]
    public async Task A_post_whose_connection_broke_after_the_service_read_it_is_not_sent_again()
    {
        // The service read the whole request and then dropped the connection without an answer: it may have started
        // the restoration, so a second try could start a second one.
        await using var wire = await StartAsync(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        var (client, seen) = wire;

        await Assert.ThrowsAnyAsync<Exception>(() => client.RestoreToNewInstanceAsync("a", Recovery()));

        Assert.Equal(new[] { "POST" }, seen.Select(s => s.Method));
    }

    [Fact]
    public async Task A_post_that_could_not_reach_the_service_is_tried_again()
    {
        // Nothing listens on the port: no try was carried out, so each may be retried.
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var counter = new TryCounter();
        var options = new DdmFullClientOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/"), ProjectId = "p1", Credential = DdmFullCredential.FromToken("t1"), RetryPolicy = null };
        options.AddPolicy(counter, System.ClientModel.Primitives.PipelinePosition.PerTry);
        using var http = new HttpClient();
        var client = new DdmFullClient(http, options);

        await Assert.ThrowsAnyAsync<Exception>(() => client.RestoreToNewInstanceAsync("a", Recovery()));

        Assert.Equal(4, counter.Tries);
    }

    private sealed class TryCounter : System.ClientModel.Primitives.PipelinePolicy
    {
        private int _tries;

        public int Tries => _tries;

        public override void Process(System.ClientModel.Primitives.PipelineMessage message, IReadOnlyList<System.ClientModel.Primitives.PipelinePolicy> pipeline, int currentIndex)
        {
            Interlocked.Increment(ref _tries);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(System.ClientModel.Primitives.PipelineMessage message, IReadOnlyList<System.ClientModel.Primitives.PipelinePolicy> pipeline, int currentIndex)
        {
            Interlocked.Increment(ref _tries);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
