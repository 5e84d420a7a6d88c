using System;
using System.Collections.Concurrent;
using System.ClientModel;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using CsCheck;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// Random listings over real HTTP: a server holding a random number of backups answers each page with as many
/// items as it likes (never more than asked), reports its total truly or too high (backups deleted meanwhile), and
/// the client reads from a random offset with a random page size, sync or async, stopping after a random number of
/// items or taking a continuation token after a random page and resuming from it. Each backup comes once, in order,
/// and a page is requested only when the caller has used up the one before.
/// </summary>
/// <remarks>
/// Each run draws a new seed; a failure reports the smallest listing CsCheck found and the seed that replays it (set
/// <c>CsCheck_Seed</c>). <c>CsCheck_Iter</c> sets how many listings run.
/// </remarks>
public sealed class PagingPropertyTests
{
    /// <summary>
    /// One listing: what the server holds and how it answers (<see cref="Answered"/>), and what the caller does: read
    /// <see cref="Take"/> items, or (<see cref="ResumeAfterPage"/> of 0 or more) whole pages up to that one and the rest
    /// through its continuation token.
    /// </summary>
    public sealed record Listing(int Count, bool TotalTooHigh, int Cap, int Start, int? Limit, bool Async, int Take, int ResumeAfterPage)
    {
        /// <summary>The project ID carries the server's side of the listing, so one server answers every listing.</summary>
        public string ProjectId => string.Create(CultureInfo.InvariantCulture, $"n{Count}-c{Cap}-t{(TotalTooHigh ? 1 : 0)}-l{Limit ?? 128}");

        /// <summary>How many items the server puts on the page at <paramref name="offset"/>, asked for <paramref name="limit"/>.</summary>
        public static int Answered(int count, int cap, int offset, int limit) =>
            Math.Max(0, Math.Min(Math.Min(limit, count - offset), 1 + (int)((uint)(offset * 2654435761u) % (uint)cap)));
    }

    private static readonly Gen<Listing> Listings = Gen.Select(
        Gen.Select(Gen.Int[0, 250], Gen.Bool, Gen.Frequency((1, Gen.Int[1, 3]), (4, Gen.Int[4, 200]))),
        Gen.Select(Gen.Int[0, 270], Gen.Frequency((1, Gen.Const((int?)null)), (1, Gen.Int[1, 9].Select(limit => (int?)limit)), (3, Gen.Int[10, 128].Select(limit => (int?)limit)))),
        Gen.Select(Gen.Bool, Gen.Int[1, 400], Gen.Frequency((2, Gen.Const(-1)), (1, Gen.Int[0, 6]))),
        (server, caller, reading) => new Listing(server.Item1, server.Item2, server.Item3, caller.Item1, caller.Item2, reading.Item1, reading.Item2, reading.Item3));

    [Fact]
    public async Task Every_backup_comes_once_in_order_and_each_page_only_when_needed()
    {
        var served = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, served));
        using var http = new HttpClient();

        await Listings.SampleAsync(async listing =>
        {
            // Each listing is told apart by its own project ID, so listings run at the same time without sharing a log.
            var projectId = listing.ProjectId + "-" + Guid.NewGuid().ToString("N");
            var answers = served.GetOrAdd(projectId, _ => new ConcurrentQueue<int>());
            var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = projectId, Credential = DdmCredential.FromToken("secret-token") });
            var expected = Enumerable.Range(listing.Start, Math.Max(0, listing.Count - listing.Start)).Select(Id).ToList();

            var read = listing.ResumeAfterPage < 0
                ? await Take(client, listing, null, listing.Take)
                : await TakeAcrossAToken(client, listing);

            // Through a token the listing is read to its end; otherwise the caller stops after Take items.
            var wanted = listing.ResumeAfterPage < 0 ? Math.Min(listing.Take, expected.Count) : expected.Count;
            Assert.Equal(expected.Take(wanted), read);

            // Pages: each asked with the caller's size (the most the spec allows when none; a page asked with another
            // size is logged as minus that size), only while items were
            // still wanted, and no page after the last item unless the service's total claims more.
            var sizes = answers.ToArray();
            Assert.DoesNotContain(sizes, size => size < 0);
            var before = sizes.Length == 0 ? 0 : sizes.Take(sizes.Length - 1).Sum();
            Assert.True(sizes.Length >= 1, "No page was requested.");
            Assert.True(before < Math.Max(1, wanted) || (listing.TotalTooHigh && sizes[^1] == 0 && before == expected.Count), $"A page was requested after the {wanted} items wanted had come: {string.Join(",", sizes)}.");
            if (wanted == expected.Count && !listing.TotalTooHigh)
            {
                Assert.Equal(expected.Count, sizes.Sum());
                Assert.DoesNotContain(0, sizes.Skip(expected.Count == 0 ? 1 : 0));
            }

            served.TryRemove(projectId, out _);
        }, iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 1000 : -1, threads: 2);
    }

    /// <summary>Reads up to <paramref name="take"/> items of the listing, or of its continuation from <paramref name="token"/>.</summary>
    private static async Task<List<string>> Take(DdmClient client, Listing listing, ContinuationToken? token, int take)
    {
        var read = new List<string>();
        if (listing.Async)
        {
            var items = token is null ? client.ListBackupsAutoPagingAsync(listing.Start, listing.Limit) : client.ListBackupsAutoPagingAsync(token);
            await foreach (var backup in items)
            {
                read.Add(backup.Id);
                if (read.Count == take)
                {
                    break;
                }
            }
        }
        else
        {
            var items = token is null ? client.ListBackupsAutoPaging(listing.Start, listing.Limit) : client.ListBackupsAutoPaging(token);
            foreach (var backup in items)
            {
                read.Add(backup.Id);
                if (read.Count == take)
                {
                    break;
                }
            }
        }

        return read;
    }

    /// <summary>Reads whole pages up to the one the listing resumes after, takes its token, and reads the rest through the token.</summary>
    private static async Task<List<string>> TakeAcrossAToken(DdmClient client, Listing listing)
    {
        var read = new List<string>();
        ContinuationToken? token = null;
        var pages = 0;
        if (listing.Async)
        {
            var items = client.ListBackupsAutoPagingAsync(listing.Start, listing.Limit);
            await foreach (var page in items.GetRawPagesAsync())
            {
                read.AddRange(Ids(page));
                token = items.GetContinuationToken(page);
                if (pages++ == listing.ResumeAfterPage || token is null)
                {
                    break;
                }
            }
        }
        else
        {
            var items = client.ListBackupsAutoPaging(listing.Start, listing.Limit);
            foreach (var page in items.GetRawPages())
            {
                read.AddRange(Ids(page));
                token = items.GetContinuationToken(page);
                if (pages++ == listing.ResumeAfterPage || token is null)
                {
                    break;
                }
            }
        }

        if (token is not null)
        {
            // The token as saved and loaded again, as a caller resuming in another process would.
            var saved = ContinuationToken.FromBytes(BinaryData.FromBytes(token.ToBytes().ToArray()));
            read.AddRange(await Take(client, listing, saved, int.MaxValue));
        }

        return read;
    }

    private static List<string> Ids(ClientResult page)
    {
        using var document = System.Text.Json.JsonDocument.Parse(page.GetRawResponse().Content);
        return document.RootElement.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>The page size the listing should ask for: its own, or the most the spec allows.</summary>
    private static int LimitAsked(string[] fields) => int.Parse(fields[3].AsSpan(1), CultureInfo.InvariantCulture);

    private static string Id(int index) => "b" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The server: the listing's backups from the offset asked, as many as the listing's cap lets it answer.</summary>
    private static Task Answer(HttpContext context, ConcurrentDictionary<string, ConcurrentQueue<int>> served)
    {
        var projectId = context.Request.Path.Value!.Split('/')[2];
        var fields = projectId.Split('-');
        var count = int.Parse(fields[0].AsSpan(1), CultureInfo.InvariantCulture);
        var cap = int.Parse(fields[1].AsSpan(1), CultureInfo.InvariantCulture);
        var totalTooHigh = fields[2] == "t1";
        var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
        var limit = int.Parse(context.Request.Query["limit"]!, CultureInfo.InvariantCulture);
        var answered = Listing.Answered(count, cap, offset, limit);
        served.GetOrAdd(projectId, _ => new ConcurrentQueue<int>()).Enqueue(limit == LimitAsked(fields) ? answered : -limit);

        var body = new StringBuilder("{\"backups\":[");
        for (var index = offset; index < offset + answered; index++)
        {
            body.Append(index == offset ? "" : ",").Append("{\"id\":\"").Append(Id(index)).Append("\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}");
        }

        body.Append(CultureInfo.InvariantCulture, $"],\"total\":{(totalTooHigh ? count + 5 : count)},\"offset\":{offset},\"limit\":{limit}}}");
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToString());
    }
}
