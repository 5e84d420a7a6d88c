using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Ddm.Client.Tests.Http;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>Auto-paging over a list that changes between pages, against an emulator of its own (its data changes).</summary>
public sealed class ChangingListTests
{
    [Fact]
    public async Task A_backup_deleted_from_a_page_already_read_costs_no_later_backup()
    {
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 30 });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions
        {
            Endpoint = emulator.BaseAddress,
            ProjectId = emulator.Options.ProjectId,
            Credential = DdmCredential.FromToken(emulator.Options.Token),
        });
        var before = (await client.ListBackupsAsync(limit: 128)).Value.Backups.Select(backup => backup.Id).ToList();

        var seen = new List<string>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync(limit: 5))
        {
            seen.Add(backup.Id);
            if (seen.Count == 2)
            {
                // The second backup goes while the listing is on its first page: every later one moves up by one.
                using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups/{backup.Id}"));
                delete.Headers.Add("X-Auth-Token", emulator.Options.Token);
                (await http.SendAsync(delete)).EnsureSuccessStatusCode();
            }
        }

        Assert.Equal(before, seen);
    }

    [Theory]
    [InlineData(7, 12)]
    [InlineData(0, 3)]
    [InlineData(5, 5)]
    public async Task A_total_that_pages_prove_short_does_not_end_the_listing_before_an_empty_page(int total, int count)
    {
        // A page that goes past the total the service reports proves that total short (a count kept apart from the
        // list, which lags it): stopping there would lose the backups of the pages after it.
        var listed = Enumerable.Range(0, count).Select(index => "b" + index.ToString(CultureInfo.InvariantCulture)).ToList();
        var requests = 0;
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            requests++;
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            var limit = int.Parse(context.Request.Query["limit"]!, CultureInfo.InvariantCulture);
            var body = new StringBuilder("{\"backups\":[");
            foreach (var id in listed.Skip(offset).Take(limit))
            {
                body.Append(body[^1] == '[' ? "" : ",").Append("{\"id\":\"").Append(id).Append("\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}");
            }

            body.Append(CultureInfo.InvariantCulture, $"],\"total\":{total},\"offset\":{offset},\"limit\":{limit}}}");
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body.ToString());
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var seen = new List<string>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync(limit: 5))
        {
            seen.Add(backup.Id);
        }

        Assert.Equal(listed, seen);

        // A total the pages meet exactly ends the listing without asking for the empty page after it.
        Assert.Equal(total == count ? 1 : ((count + 4) / 5) + 1, requests);
    }

    [Fact]
    public async Task Backups_created_between_pages_repeat_no_backup_already_read()
    {
        // Newest first, as the service lists them: two backups made after the first page push every other down by two.
        var listed = Enumerable.Range(0, 12).Select(index => "b" + index.ToString(CultureInfo.InvariantCulture)).ToList();
        var pages = 0;
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            var limit = int.Parse(context.Request.Query["limit"]!, CultureInfo.InvariantCulture);
            if (pages++ == 1)
            {
                listed.InsertRange(0, new[] { "new1", "new0" });
            }

            var body = new StringBuilder("{\"backups\":[");
            foreach (var id in listed.Skip(offset).Take(limit))
            {
                body.Append(body[^1] == '[' ? "" : ",").Append("{\"id\":\"").Append(id).Append("\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}");
            }

            body.Append(CultureInfo.InvariantCulture, $"],\"total\":{listed.Count},\"offset\":{offset},\"limit\":{limit}}}");
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body.ToString());
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var seen = new List<string>();
        foreach (var backup in client.ListBackupsAutoPaging(limit: 5))
        {
            seen.Add(backup.Id);
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(index => "b" + index.ToString(CultureInfo.InvariantCulture)), seen);
    }

    [Fact]
    public async Task A_token_of_another_project_is_refused_before_anything_is_sent()
    {
        await using var first = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 30 });
        await using var second = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 30, ProjectId = "0123456789abcdef0123456789abcdef", Seed = 2 });
        using var http = new HttpClient();
        DdmClient Client(DdmEmulator emulator) => new(http, new DdmClientOptions
        {
            Endpoint = emulator.BaseAddress,
            ProjectId = emulator.Options.ProjectId,
            Credential = DdmCredential.FromToken(emulator.Options.Token),
        });

        var backups = Client(first).ListBackupsAutoPaging(limit: 5);
        var token = backups.GetContinuationToken(backups.GetRawPages().First())!;
        var saved = System.ClientModel.ContinuationToken.FromBytes(token.ToBytes());
        var requests = second.Statistics.Requests;

        var refused = Assert.Throws<ArgumentException>(() => Client(second).ListBackupsAutoPaging(saved));
        var refusedToo = Assert.Throws<ArgumentException>(() => Client(second).ListBackupsAutoPagingAsync(token));

        Assert.Equal("continuationToken", refused.ParamName);
        Assert.Equal("continuationToken", refusedToo.ParamName);
        Assert.Contains("project", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(requests, second.Statistics.Requests);

        // The same project in another client goes on where the token says.
        var resumed = Client(first).ListBackupsAutoPaging(saved).Select(backup => backup.Id).ToList();
        Assert.Equal((await Client(first).ListBackupsAsync(offset: 5, limit: 128)).Value.Backups.Select(backup => backup.Id), resumed);
    }
}
