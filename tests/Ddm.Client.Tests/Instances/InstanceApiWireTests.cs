using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ddm.Client.Tests.Http;
using Microsoft.AspNetCore.Http;
using static Ddm.Client.Tests.Http.ScriptedServer;

namespace Ddm.Client.Tests.InstanceApi;

// Inside the namespace, so that the generated types win over Ddm.Client's of the same names.
using Ddm.Client.Tests.Instances;

/// <summary>
/// The V1 instance API's generated client on the wire, against a scripted server on 127.0.0.1 (the emulator answers
/// the V3 backup API only): each kind of operation sends the method, path, query and body the reference gives, and
/// auto-paging walks the instance list by the total_record the answers carry.
/// </summary>
public sealed class InstanceApiWireTests
{
    private static Task<RecordingServer<DdmInstancesClient>> StartAsync(Func<HttpContext, Task> answer) =>
        RecordingServer<DdmInstancesClient>.StartAsync(answer, (http, endpoint) => new DdmInstancesClient(http, new DdmInstancesClientOptions { Endpoint = endpoint, ProjectId = "p1", Credential = DdmInstancesCredential.FromToken("t1") }));

    [Fact]
    public async Task Deleting_an_instance_keeping_its_data_sends_the_flag_in_the_query()
    {
        await using var wire = await StartAsync(Json(200, """{"id":"i1"}"""));
        var (client, seen) = wire;

        var deleted = await client.DeleteInstanceAsync("i1", DeleteRdsData.False);

        Assert.Equal("i1", deleted.Value.Id);
        Assert.Equal(new SeenRequest("DELETE", "/v1/p1/instances/i1?delete_rds_data=false", ""), Assert.Single(seen));
    }

    [Fact]
    public async Task Restarting_an_instance_posts_the_action_and_reads_the_camel_case_answer()
    {
        await using var wire = await StartAsync(Json(200, """{"instanceId":"i1","instanceName":"ddm-demo","jobId":"j1"}"""));
        var (client, seen) = wire;

        var restarted = await client.RestartInstanceAsync("i1", new RestartInstanceRequest { Restart = new RestartInstanceRequestRestart { Type = RestartInstanceRequestRestartType.Soft } });

        Assert.Equal(("i1", "j1"), (restarted.Value.InstanceId, restarted.Value.JobId));
        Assert.Equal(new SeenRequest("POST", "/v1/p1/instances/i1/action", """{"restart":{"type":"soft"}}"""), Assert.Single(seen));
    }

    [Fact]
    public async Task Modifying_an_account_puts_its_permissions_as_a_list_of_strings()
    {
        await using var wire = await StartAsync(Json(200, """{"name":"app_user"}"""));
        var (client, seen) = wire;

        var request = new UpdateAccountRequest
        {
            User = new UpdateAccountRequestUser { BaseAuthority = [Permission.Select, Permission.Insert], Databases = [new UpdateAccountRequestUserDatabasesItem { Name = "db_orders" }] },
        };
        var updated = await client.UpdateAccountAsync("i1", "app_user", request);

        Assert.Equal("app_user", updated.Value.Name);
        Assert.Equal(new SeenRequest("PUT", "/v1/p1/instances/i1/users/app_user", """{"user":{"base_authority":["SELECT","INSERT"],"databases":[{"name":"db_orders"}]}}"""), Assert.Single(seen));
    }

    [Fact]
    public async Task Auto_paging_lists_every_instance_by_offset_and_the_total_record()
    {
        var instances = Enumerable.Range(1, 5).Select(i => $$"""{"id":"i{{i}}","status":"RUNNING","name":"ddm-{{i}}","created":"2025-03-14T08:37:54+0000","updated":"2025-03-14T08:37:54+0000","available_zone":"eu-de-01","vpc_id":"v","subnet_id":"s","security_group_id":"g","node_count":2,"access_ip":"192.168.0.160","access_port":"5066","core_count":"2","ram_capacity":"4","node_status":"RUNNING","enterprise_project_id":"0","project_id":"p1","engine_version":"3.0.8.1"}""").ToList();
        await using var wire = await StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var limit = int.Parse(context.Request.Query["limit"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var page = instances.Skip(offset).Take(limit).ToList();
            return Json(200, $$"""{"instances":[{{string.Join(",", page)}}],"instance_num":5,"page_no":{{offset / limit + 1}},"page_size":{{page.Count}},"total_record":5,"total_page":{{(5 + limit - 1) / limit}}}""")(context);
        });
        var (client, seen) = wire;

        var ids = new List<string>();
        await foreach (var instance in client.ListInstancesAutoPagingAsync(limit: 2))
        {
            ids.Add(instance.Id);
        }

        Assert.Equal(new[] { "i1", "i2", "i3", "i4", "i5" }, ids);
        Assert.Equal(new[] { "/v1/p1/instances?offset=0&limit=2", "/v1/p1/instances?offset=2&limit=2", "/v1/p1/instances?offset=4&limit=2" }, seen.Select(s => s.Target));
    }
}
