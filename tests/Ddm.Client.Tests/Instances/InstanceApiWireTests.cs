using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Ddm.Client.Tests.Http;
using Microsoft.AspNetCore.Http;

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
    private sealed record Seen(string Method, string Target, string Body);

    private static async Task<(ScriptedServer Server, HttpClient Http, DdmInstancesClient Client, ConcurrentQueue<Seen> Seen)> StartAsync(Func<HttpContext, Task> answer)
    {
        var seen = new ConcurrentQueue<Seen>();
        var server = await ScriptedServer.StartAsync(async context =>
        {
            using var reader = new System.IO.StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            seen.Enqueue(new Seen(context.Request.Method, context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget, body));
            await answer(context);
        });
        var http = new HttpClient();
        var client = new DdmInstancesClient(http, new DdmInstancesClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmInstancesCredential.FromToken("t1") });
        return (server, http, client, seen);
    }

    private static Func<HttpContext, Task> Json(string json) => context =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    };

    [Fact]
    public async Task Deleting_an_instance_keeping_its_data_sends_the_flag_in_the_query()
    {
        var (server, http, client, seen) = await StartAsync(Json("""{"id":"i1"}"""));
        await using var _ = server;
        using var __ = http;

        var deleted = await client.DeleteInstanceAsync("i1", DeleteRdsData.False);

        Assert.Equal("i1", deleted.Value.Id);
        Assert.Equal(new Seen("DELETE", "/v1/p1/instances/i1?delete_rds_data=false", ""), Assert.Single(seen));
    }

    [Fact]
    public async Task Restarting_an_instance_posts_the_action_and_reads_the_camel_case_answer()
    {
        var (server, http, client, seen) = await StartAsync(Json("""{"instanceId":"i1","instanceName":"ddm-demo","jobId":"j1"}"""));
        await using var _ = server;
        using var __ = http;

        var restarted = await client.RestartInstanceAsync("i1", new RestartInstanceRequest { Restart = new RestartInstanceRequestRestart { Type = RestartInstanceRequestRestartType.Soft } });

        Assert.Equal(("i1", "j1"), (restarted.Value.InstanceId, restarted.Value.JobId));
        Assert.Equal(new Seen("POST", "/v1/p1/instances/i1/action", """{"restart":{"type":"soft"}}"""), Assert.Single(seen));
    }

    [Fact]
    public async Task Modifying_an_account_puts_its_permissions_as_a_list_of_strings()
    {
        var (server, http, client, seen) = await StartAsync(Json("""{"name":"app_user"}"""));
        await using var _ = server;
        using var __ = http;

        var request = new UpdateAccountRequest
        {
            User = new UpdateAccountRequestUser { BaseAuthority = [Permission.Select, Permission.Insert], Databases = [new UpdateAccountRequestUserDatabasesItem { Name = "db_orders" }] },
        };
        var updated = await client.UpdateAccountAsync("i1", "app_user", request);

        Assert.Equal("app_user", updated.Value.Name);
        Assert.Equal(new Seen("PUT", "/v1/p1/instances/i1/users/app_user", """{"user":{"base_authority":["SELECT","INSERT"],"databases":[{"name":"db_orders"}]}}"""), Assert.Single(seen));
    }

    [Fact]
    public async Task Auto_paging_lists_every_instance_by_offset_and_the_total_record()
    {
        var instances = Enumerable.Range(1, 5).Select(i => $$"""{"id":"i{{i}}","status":"RUNNING","name":"ddm-{{i}}","created":"2025-03-14T08:37:54+0000","updated":"2025-03-14T08:37:54+0000","available_zone":"eu-de-01","vpc_id":"v","subnet_id":"s","security_group_id":"g","node_count":2,"access_ip":"192.168.0.160","access_port":"5066","core_count":"2","ram_capacity":"4","node_status":"RUNNING","enterprise_project_id":"0","project_id":"p1","engine_version":"3.0.8.1"}""").ToList();
        var (server, http, client, seen) = await StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var limit = int.Parse(context.Request.Query["limit"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var page = instances.Skip(offset).Take(limit).ToList();
            return Json($$"""{"instances":[{{string.Join(",", page)}}],"instance_num":5,"page_no":{{offset / limit + 1}},"page_size":{{page.Count}},"total_record":5,"total_page":{{(5 + limit - 1) / limit}}}""")(context);
        });
        await using var _ = server;
        using var __ = http;

        var ids = new List<string>();
        await foreach (var instance in client.ListInstancesAutoPagingAsync(limit: 2))
        {
            ids.Add(instance.Id);
        }

        Assert.Equal(new[] { "i1", "i2", "i3", "i4", "i5" }, ids);
        Assert.Equal(new[] { "/v1/p1/instances?offset=0&limit=2", "/v1/p1/instances?offset=2&limit=2", "/v1/p1/instances?offset=4&limit=2" }, seen.Select(s => s.Target));
    }
}
