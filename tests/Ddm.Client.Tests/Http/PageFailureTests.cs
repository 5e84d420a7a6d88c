using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// A page of an auto-paging listing that the service answers with an error: the exception names the offset of the
/// page, from which the listing can be started again.
/// </summary>
public sealed class PageFailureTests
{
    /// <summary>Pages of two backups of ten; the page at offset 4 is answered with a server error.</summary>
    private static Task<ScriptedServer> ServerAsync() => ScriptedServer.StartAsync(context =>
    {
        var offset = int.Parse(context.Request.Query["offset"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        if (offset == 4)
        {
            context.Response.StatusCode = 400;
            return context.Response.WriteAsync("""{"error_code":"DBS.280001","error_msg":"Parameter error."}""");
        }

        return context.Response.WriteAsync($$"""{"backups":[{{Backup(offset)}},{{Backup(offset + 1)}}],"offset":{{offset}},"limit":2,"total":10}""");
    });

    private static string Backup(int index) =>
        $$"""{"id":"b{{index}}","status":"normal","instance_id":"inst","created":"2025-02-19T02:50:20+0000"}""";

    private static DdmClient Client(ScriptedServer server) =>
        new(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_exception_of_a_failed_page_names_its_offset(bool async)
    {
        // Regression: the error of the third page said only what the service answered, not which page it was, so a
        // caller could not start the listing again where it stopped.
        await using var server = await ServerAsync();
        var client = Client(server);
        var ids = new List<string>();

        var exception = await Assert.ThrowsAsync<DdmApiException>(async () =>
        {
            if (async)
            {
                await foreach (var backup in client.ListBackupsAutoPagingAsync(limit: 2))
                {
                    ids.Add(backup.Id);
                }
            }
            else
            {
                await Task.Run(() =>
                {
                    foreach (var backup in client.ListBackupsAutoPaging(limit: 2))
                    {
                        ids.Add(backup.Id);
                    }
                });
            }
        });

        Assert.Equal(new[] { "b0", "b1", "b2", "b3" }, ids);
        Assert.Equal(400, exception.Status);
        Assert.Equal(4, exception.PageOffset);
        Assert.Equal("listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error. The listing stopped at the page at offset 4.", exception.Message);
    }

    [Fact]
    public async Task The_first_page_of_a_listing_that_fails_names_no_offset_to_go_on_from()
    {
        // Regression: a listing that failed at its first page said it stopped there, and ddm then said to go on from the
        // offset it had started at; nothing was listed, and the same call starts over.
        await using var server = await ServerAsync();

        var exception = await Assert.ThrowsAsync<DdmApiException>(async () =>
        {
            await foreach (var backup in Client(server).ListBackupsAutoPagingAsync(offset: 4, limit: 2))
            {
                Assert.Fail("The first page failed: " + backup.Id);
            }
        });

        Assert.Null(exception.PageOffset);
        Assert.Equal("listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error.", exception.Message);
    }

    [Fact]
    public async Task A_request_that_is_no_page_of_a_listing_has_no_page_offset()
    {
        await using var server = await ServerAsync();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync(offset: 4, limit: 2));

        Assert.Null(exception.PageOffset);
        Assert.Equal("listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error.", exception.Message);
    }
}
