using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// The auto-paging collections against what System.ClientModel promises of <see cref="AsyncCollectionResult{T}"/> and
/// <see cref="CollectionResult{T}"/>, over real HTTP: each enumeration starts over at the first page, raw pages agree
/// with the items, enumerations may run at once, a continuation token resumes after its page on any client, a token
/// that does not fit is refused naming it, and either cancellation token stops the listing.
/// </summary>
public sealed class CollectionContractTests
{
    /// <summary>A page the server answers: the first backup's index, how many, and the total it reports.</summary>
    private delegate (int From, int Count, int? Total) Script(int offset, int limit);

    private static async Task<(ScriptedServer Server, HttpClient Http, DdmClient Client)> Start(Script script)
    {
        var server = await ScriptedServer.StartAsync(context => Answer(context, script));
        var http = new HttpClient();
        return (server, http, Client(http, server));
    }

    private static DdmClient Client(HttpClient http, ScriptedServer server) =>
        new(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

    private static Task Answer(HttpContext context, Script script)
    {
        var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
        var limit = int.Parse(context.Request.Query["limit"]!, CultureInfo.InvariantCulture);
        var (from, count, total) = script(offset, limit);
        var body = new StringBuilder("{\"backups\":[");
        for (var index = from; index < from + count; index++)
        {
            body.Append(index == from ? "" : ",").Append("{\"id\":\"").Append(Id(index)).Append("\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}");
        }

        body.Append(']');
        if (total is { } t)
        {
            body.Append(CultureInfo.InvariantCulture, $",\"total\":{t},\"offset\":{offset},\"limit\":{limit}");
        }

        body.Append('}');
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToString());
    }

    private static string Id(int index) => "b" + index.ToString(CultureInfo.InvariantCulture);

    private static Script Honest(int count) => (offset, limit) => (offset, Math.Max(0, Math.Min(limit, count - offset)), count);

    private static List<string> Expected(int count, int start = 0) => Enumerable.Range(start, Math.Max(0, count - start)).Select(Id).ToList();

    private static async Task<List<string>> All(IAsyncEnumerable<BackupInfo> items, CancellationToken token = default)
    {
        var read = new List<string>();
        await foreach (var item in items.WithCancellation(token))
        {
            read.Add(item.Id);
        }

        return read;
    }

    [Fact]
    public async Task Each_enumeration_starts_over_and_raw_pages_agree()
    {
        var (server, http, client) = await Start(Honest(7));
        await using var _ = server;
        using var __ = http;
        var items = client.ListBackupsAutoPagingAsync(limit: 3);
        Assert.Equal(Expected(7), await All(items));
        Assert.Equal(Expected(7), await All(items));
        var first = new List<string>();
        await foreach (var item in items) { first.Add(item.Id); if (first.Count == 4) break; }
        Assert.Equal(Expected(4), first);
        Assert.Equal(Expected(7), await All(items));
        var pages = new List<ClientResult>();
        await foreach (var page in items.GetRawPagesAsync()) pages.Add(page);
        Assert.Equal(3, pages.Count);
        Assert.NotNull(items.GetContinuationToken(pages[1]));
        Assert.Null(items.GetContinuationToken(pages[2]));

        var sync = client.ListBackupsAutoPaging(limit: 3);
        Assert.Equal(Expected(7), sync.Select(b => b.Id).ToList());
        Assert.Equal(Expected(7), sync.Select(b => b.Id).ToList());
        Assert.Equal(Expected(2), sync.Take(2).Select(b => b.Id).ToList());
        Assert.Equal(Expected(7), sync.Select(b => b.Id).ToList());
        Assert.Equal(3, sync.GetRawPages().Count());
    }

    [Fact]
    public async Task Raw_pages_give_the_items_the_listing_takes_from_them_the_offset_asked_and_an_end_short_of_the_total()
    {
        // One backup created in front once the first page is answered: the page at offset 2 repeats b1, which the
        // listing leaves out. The page at offset 4 comes back empty although the total says 6: the listing ends there,
        // and the page says so, where a caller could tell it only by reading the body again.
        var (server, http, client) = await Start((offset, limit) => offset switch { 0 => (0, 2, 5), 2 => (1, 2, 6), _ => (3, 0, 6) });
        await using var _ = server;
        using var __ = http;
        var backups = client.ListBackupsAutoPagingAsync(limit: 2);

        var pages = new List<DdmPage<ListBackupsResponse, BackupInfo>>();
        await foreach (DdmPage<ListBackupsResponse, BackupInfo> page in backups.GetRawPagesAsync())
        {
            pages.Add(page);
        }

        Assert.Equal(new long[] { 0, 2, 4 }, pages.Select(page => page.Offset));
        Assert.Equal(new[] { "b0,b1", "b2", "" }, pages.Select(page => string.Join(",", page.Items.Select(backup => backup.Id))));
        Assert.Equal(new[] { 2, 2, 0 }, pages.Select(page => page.Value.Backups.Count));
        Assert.Equal(new[] { false, false, true }, pages.Select(page => page.EndsShortOfTotal));
        Assert.Equal(new[] { 200, 200, 200 }, pages.Select(page => page.GetRawResponse().Status));
        Assert.Null(backups.GetContinuationToken(pages[2]));

        var sync = client.ListBackupsAutoPaging(limit: 2).GetRawPages().Cast<DdmPage<ListBackupsResponse, BackupInfo>>().ToList();
        Assert.Equal(new[] { "b0,b1", "b2", "" }, sync.Select(page => string.Join(",", page.Items.Select(backup => backup.Id))));
        Assert.Equal(new[] { false, false, true }, sync.Select(page => page.EndsShortOfTotal));
    }

    [Fact]
    public async Task Enumerations_at_once_each_see_every_item()
    {
        var (server, http, client) = await Start(Honest(50));
        await using var _ = server;
        using var __ = http;
        var items = client.ListBackupsAutoPagingAsync(limit: 4);
        var sync = client.ListBackupsAutoPaging(limit: 4);
        var tasks = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? Task.Run(() => All(items)) : Task.Run(() => sync.Select(b => b.Id).ToList())).ToArray();
        foreach (var result in await Task.WhenAll(tasks)) Assert.Equal(Expected(50), result);
    }

    [Fact]
    public async Task A_saved_token_resumes_on_another_client_and_not_another_operation()
    {
        var (server, http, client) = await Start(Honest(10));
        await using var _ = server;
        using var __ = http;
        var items = client.ListBackupsAutoPagingAsync(limit: 3);
        ContinuationToken? token = null;
        await foreach (var page in items.GetRawPagesAsync()) { token = items.GetContinuationToken(page); break; }
        var bytes = token!.ToBytes().ToArray();
        var other = Client(http, server);
        Assert.Equal(Expected(10, 3), await All(other.ListBackupsAutoPagingAsync(ContinuationToken.FromBytes(BinaryData.FromBytes(bytes)))));
        Assert.Equal(Expected(10, 3), other.ListBackupsAutoPaging(ContinuationToken.FromBytes(BinaryData.FromBytes(bytes))).Select(b => b.Id).ToList());
        Assert.Equal(Expected(10, 3), await All(other.ListBackupsAutoPagingAsync(token)));
        var error = Assert.Throws<ArgumentException>(() => other.ListRestorableTimeIntervalsAutoPagingAsync(token));
        Assert.Equal("continuationToken", error.ParamName);
    }

    [Theory]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"arguments\":5}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"arguments\":null}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"arguments\":[]}")]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"operation\":\"listBackups\"}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":\"x\",\"arguments\":{}}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1.5,\"arguments\":{}}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"limit\":null,\"arguments\":{}}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"limit\":true,\"arguments\":{}}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"arguments\":{}} trailing")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":99999999999,\"arguments\":{}}")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"limit\":99999999999,\"arguments\":{}}")]
    [InlineData("{\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":{}}")]
    [InlineData("{\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":{\"instanceId\":5}}")]
    [InlineData("{\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":[1,2]}")]
    [InlineData("{\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":{\"instanceId\":{\"a\":1}}}")]
    public void A_token_that_does_not_fit_is_refused_naming_it(string json)
    {
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = new Uri("http://127.0.0.1:9/"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });
        var token = ContinuationToken.FromBytes(BinaryData.FromString(json));
        var operation = json.Contains("listRestorable", StringComparison.Ordinal);
        var error = Record.Exception(() => { if (operation) client.ListRestorableTimeIntervalsAutoPagingAsync(token); else client.ListBackupsAutoPagingAsync(token); });
        Assert.True(error is ArgumentException { ParamName: "continuationToken" }, json + " -> " + (error?.ToString() ?? "accepted"));
    }

    [Theory]
    [InlineData("[]", "it is not a JSON object")]
    [InlineData("{\"offset\":1,\"arguments\":{}}", "it has no operation")]
    [InlineData("{\"operation\":1,\"offset\":1,\"arguments\":{}}", "its operation is not a string")]
    [InlineData("{\"operation\":\"listBackups\",\"arguments\":{}}", "it has no offset")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":\"x\",\"arguments\":{}}", "its offset is not a whole number")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1.5,\"arguments\":{}}", "its offset is not a whole number")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"limit\":true,\"arguments\":{}}", "its limit is not a whole number")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"limit\":99999999999999999999,\"arguments\":{}}", "its limit is not a whole number")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1}", "it has no arguments")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"arguments\":{},\"\\uD800\":1}", "Cannot")]
    public void A_token_that_lacks_or_garbles_a_member_is_refused_naming_the_member(string json, string expected)
    {
        // Regression: the message was the JSON reader's, such as "The given key was not present in the dictionary.",
        // which said neither which member was wrong nor that it was the token's.
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = new Uri("http://127.0.0.1:9/"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var error = Assert.Throws<ArgumentException>(() => client.ListBackupsAutoPaging(ContinuationToken.FromBytes(BinaryData.FromString(json))));

        Assert.Equal("continuationToken", error.ParamName);
        Assert.StartsWith("The continuation token cannot be read: " + expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":{\"instanceId\":\"a\",\"instanceId\":\"b\"}}", "instanceId")]
    [InlineData("{\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":{\"instanceId\":\"a\",\"instance\\u0049d\":\"b\"}}", "instanceId")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"arguments\":{\"extra\":1,\"extra\":2}}", "extra")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"offset\":5,\"arguments\":{}}", "offset")]
    [InlineData("{\"operation\":\"listBackups\",\"offset\":1,\"limit\":2,\"limit\":3,\"arguments\":{}}", "limit")]
    [InlineData("{\"operation\":\"listBackups\",\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":{\"instanceId\":\"a\"}}", "operation")]
    [InlineData("{\"operation\":\"listRestorableTimeIntervals\",\"offset\":1,\"arguments\":{\"instanceId\":\"a\"},\"arguments\":{\"instanceId\":\"b\"}}", "arguments")]
    public void A_token_that_holds_a_key_twice_is_refused_naming_the_key(string json, string key)
    {
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = new Uri("http://127.0.0.1:9/"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });
        var token = ContinuationToken.FromBytes(BinaryData.FromString(json));
        var operation = json.Contains("listRestorable", StringComparison.Ordinal);

        // Either value could be meant; taking the first would resume a listing other than the one the token was made from.
        var error = Record.Exception(() => { if (operation) client.ListRestorableTimeIntervalsAutoPaging(token); else client.ListBackupsAutoPaging(token); });

        Assert.True(error is ArgumentException { ParamName: "continuationToken" }, json + " -> " + (error?.ToString() ?? "accepted"));
        Assert.Contains(key, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_of_another_collection_is_refused()
    {
        var (server, http, client) = await Start(Honest(10));
        await using var _ = server;
        using var __ = http;
        var a = client.ListBackupsAutoPagingAsync(limit: 3);
        var b = client.ListBackupsAutoPagingAsync(limit: 3);
        ClientResult? page = null;
        await foreach (var p in a.GetRawPagesAsync()) { page = p; break; }
        // The collection knows where its own pages end; another's it refuses rather than guess.
        var error = Assert.Throws<ArgumentException>(() => b.GetContinuationToken(page!));
        Assert.Equal("page", error.ParamName);
    }

    [Fact]
    public async Task Either_cancellation_token_stops_between_items()
    {
        var (server, http, client) = await Start(Honest(10));
        await using var _ = server;
        using var __ = http;
        using var cts = new CancellationTokenSource();
        var items = client.ListBackupsAutoPagingAsync(limit: 5, cancellationToken: cts.Token);
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { await foreach (var item in items) { if (++read == 2) cts.Cancel(); } });
        Assert.Equal(2, read);

        using var cts2 = new CancellationTokenSource();
        var items2 = client.ListBackupsAutoPagingAsync(limit: 5);
        read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { await foreach (var item in items2.WithCancellation(cts2.Token)) { if (++read == 2) cts2.Cancel(); } });
        Assert.Equal(2, read);
        // After cancelling an enumeration, the collection enumerates again.
        Assert.Equal(Expected(10), await All(items2));

        using var cts3 = new CancellationTokenSource();
        var sync = client.ListBackupsAutoPaging(limit: 5, cancellationToken: cts3.Token);
        read = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => { foreach (var item in sync) { if (++read == 2) cts3.Cancel(); } });
        Assert.Equal(2, read);

        // Cancelling the raw pages through WithCancellation.
        using var cts4 = new CancellationTokenSource();
        cts4.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { await foreach (var p in items2.GetRawPagesAsync().WithCancellation(cts4.Token)) { } });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { await using var e = items2.GetAsyncEnumerator(cts4.Token); await e.MoveNextAsync(); });
    }

    [Fact]
    public async Task Pages_shorter_longer_empty_or_repeated_lose_and_repeat_no_item()
    {
        // Empty first page.
        var (server, http, client) = await Start((o, l) => (0, 0, 5));
        await using (server)
        using (http)
        {
            Assert.Empty(await All(client.ListBackupsAutoPagingAsync(limit: 3)));
        }

        // Fewer than asked while the total says more.
        (server, http, client) = await Start((o, l) => (o, Math.Max(0, Math.Min(Math.Min(l, 2), 9 - o)), 9));
        await using (server)
        using (http)
        {
            Assert.Equal(Expected(9), await All(client.ListBackupsAutoPagingAsync(limit: 5)));
        }

        // Total grows between pages.
        (server, http, client) = await Start((o, l) => (o, Math.Max(0, Math.Min(l, 12 - o)), o == 0 ? 6 : 12));
        await using (server)
        using (http)
        {
            Assert.Equal(Expected(12), await All(client.ListBackupsAutoPagingAsync(limit: 3)));
        }

        // Ignores limit: answers 5 when asked for 2.
        (server, http, client) = await Start((o, l) => (o, Math.Max(0, Math.Min(5, 13 - o)), 13));
        await using (server)
        using (http)
        {
            Assert.Equal(Expected(13), await All(client.ListBackupsAutoPagingAsync(limit: 2)));
            Assert.Equal(Expected(13), client.ListBackupsAutoPaging(limit: 2).Select(b => b.Id).ToList());
        }

        // Ignores offset, with a total: would repeat the first page.
        (server, http, client) = await Start((o, l) => (0, 2, 10));
        await using (server)
        using (http)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => All(client.ListBackupsAutoPagingAsync(limit: 2)));
        }
    }

    [Fact]
    public async Task Cancelling_stops_a_request_in_flight()
    {
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            if (offset > 0)
            {
                second.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
            }

            await Answer(context, Honest(10));
        });
        using var http = new HttpClient();
        var client = Client(http, server);
        using var enumerator = new CancellationTokenSource();
        _ = second.Task.ContinueWith(_ => enumerator.Cancel());
        var run = All(client.ListBackupsAutoPagingAsync(limit: 5), enumerator.Token);
        var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1)));
        Assert.Same(run, done);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listing = new CancellationTokenSource();
        _ = second.Task.ContinueWith(_ => listing.Cancel());
        var sync = Task.Run(() => client.ListBackupsAutoPaging(limit: 5, cancellationToken: listing.Token).Count());
        done = await Task.WhenAny(sync, Task.Delay(TimeSpan.FromMinutes(1)));
        Assert.Same(sync, done);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sync);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_listing_given_both_tokens_is_cancelled_with_the_one_that_was_cancelled(bool enumeratorCancels, bool whileWaitingToRetry)
    {
        // Regression: with the method's token and WithCancellation's both given, a page in flight, or the wait before
        // its retry, was cancelled through a token linking the two, and the OperationCanceledException carried that
        // token, which neither caller holds.
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            if (offset > 0 && whileWaitingToRetry)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "30";
                await context.Response.WriteAsync("{}");
                await context.Response.CompleteAsync();
                second.TrySetResult();
                return;
            }

            if (offset > 0)
            {
                second.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await Answer(context, Honest(10));
        });
        using var http = new HttpClient();
        using var listing = new CancellationTokenSource();
        using var enumerator = new CancellationTokenSource();
        var cancelled = enumeratorCancels ? enumerator : listing;
        _ = second.Task.ContinueWith(_ => cancelled.Cancel(), TaskScheduler.Default);

        var run = All(Client(http, server).ListBackupsAutoPagingAsync(limit: 5, cancellationToken: listing.Token), enumerator.Token);
        var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1)));

        Assert.Same(run, done);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(cancelled.Token, exception.CancellationToken);
    }

    [Fact]
    public async Task Enumerations_at_once_with_a_listing_token_each_see_every_item()
    {
        var (server, http, client) = await Start(Honest(40));
        await using var _ = server;
        using var __ = http;
        using var cts = new CancellationTokenSource();
        var items = client.ListBackupsAutoPagingAsync(limit: 3, cancellationToken: cts.Token);
        var sync = client.ListBackupsAutoPaging(limit: 3, cancellationToken: cts.Token);
        using var other = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? Task.Run(() => All(items, i % 4 == 0 ? other.Token : default)) : Task.Run(() => sync.Select(b => b.Id).ToList())).ToArray();
        foreach (var result in await Task.WhenAll(tasks)) Assert.Equal(Expected(40), result);
    }

    [Fact]
    public async Task A_null_page_is_refused_naming_the_page()
    {
        // The page table refused it as its own "key", a name the caller never wrote.
        var (server, http, client) = await Start(Honest(3));
        await using var _ = server;
        using var __ = http;
        var a = Assert.Throws<ArgumentNullException>(() => client.ListBackupsAutoPagingAsync().GetContinuationToken(null!));
        Assert.Equal("page", a.ParamName);
        var b = Assert.Throws<ArgumentNullException>(() => client.ListBackupsAutoPaging().GetContinuationToken(null!));
        Assert.Equal("page", b.ParamName);
    }

    [Fact]
    public async Task A_token_keeps_the_listing_arguments()
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            var count = Math.Max(0, Math.Min(2, 5 - offset));
            var body = new StringBuilder("{\"restorable_time_intervals\":[");
            for (var index = offset; index < offset + count; index++)
            {
                body.Append(index == offset ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"start_time\":\"2025-02-{10 + index}T02:50:20+0000\",\"end_time\":\"2025-02-{10 + index}T03:50:20+0000\"}}");
            }

            body.Append(CultureInfo.InvariantCulture, $"],\"total\":5,\"offset\":{offset},\"limit\":2}}");
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body.ToString());
        });
        using var http = new HttpClient();
        var client = Client(http, server);
        var items = client.ListRestorableTimeIntervalsAutoPaging("inst-7", limit: 2);
        var page = items.GetRawPages().First();
        var token = ContinuationToken.FromBytes(items.GetContinuationToken(page)!.ToBytes());
        var rest = Client(http, server).ListRestorableTimeIntervalsAutoPaging(token).ToList();
        Assert.Equal(3, rest.Count);
        Assert.All(server.RawTargets.Skip(1), target => Assert.Contains("/inst-7/", target, StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => client.ListBackupsAutoPaging(token));
    }
}
