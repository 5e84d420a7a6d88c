using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// Where the service's total has grown between two pages, the pager leaves out the first items of the second page
/// that repeat the last ones of the first (the longest such run). Here the first page is followed by a second whose
/// total is higher, then by an empty page that ends the listing.
/// </summary>
public sealed class PageOverlapTests
{
    private static readonly Gen<string[]> Ids = Gen.Int[0, 2].Select(index => "abc"[index].ToString()).Array[0, 9];

    [Fact]
    public void The_items_left_out_of_a_page_are_the_longest_run_that_repeats_the_end_of_the_page_before()
    {
        // Few distinct ids, so that pages repeat items within themselves and runs overlap in many ways. A second page
        // that is the first item for item is a repeated answer, which the pager refuses: it is not drawn.
        Gen.Select(Ids, Ids)
            .Where(pages => pages.Item1.Length > 0 && !pages.Item1.SequenceEqual(pages.Item2))
            .Sample(pages =>
            {
                var (before, page) = pages;

                var listed = List(before, page);

                Assert.Equal(before.Concat(page.Skip(LongestRepeat(before, page))), listed);
            }, iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 2000 : -1);
    }

    [Fact]
    public void A_large_page_that_repeats_half_of_the_page_before_is_read()
    {
        // Every run of "a" up to the page's "b" repeats the end of the page before: trying every length from the
        // longest compared about a quarter of the square of the page size (ten billion items here) before it found one.
        const int Size = 200_000;
        var before = Enumerable.Repeat("a", Size).ToArray();
        var page = Enumerable.Repeat("a", Size / 2).Append("b").Concat(Enumerable.Repeat("a", Size / 2 - 1)).ToArray();

        var listed = List(before, page);

        Assert.Equal(Size + Size / 2, listed.Count);
        Assert.Equal(Size, listed.IndexOf("b"));
        Assert.Equal(Size + Size / 2 - 1, listed.LastIndexOf("a"));
    }

    /// <summary>The plain definition: the largest count of first items of <paramref name="page"/> that are the last ones of <paramref name="before"/>.</summary>
    private static int LongestRepeat(string[] before, string[] page)
    {
        for (var count = Math.Min(before.Length, page.Length); count > 0; count--)
        {
            if (page.Take(count).SequenceEqual(before.Skip(before.Length - count)))
            {
                return count;
            }
        }

        return 0;
    }

    /// <summary>The ids the client lists when the service answers <paramref name="before"/>, then <paramref name="page"/> with a higher total.</summary>
    private static List<string> List(string[] before, string[] page)
    {
        var firstTotal = before.Length + 1;
        var secondTotal = before.Length + page.Length + 2;
        using var http = new HttpClient(new Pages(offset =>
            offset == 0 ? Body(before, offset, firstTotal)
            : offset == before.Length ? Body(page, offset, secondTotal)
            : offset == before.Length + page.Length ? Body([], offset, secondTotal)
            : throw new InvalidOperationException("Offset " + offset.ToString(CultureInfo.InvariantCulture) + " was not expected.")));
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = new Uri("http://127.0.0.1:1"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token"), MaxResponseSize = 64 << 20 });
        return client.ListBackupsAutoPaging().Select(backup => backup.Id).ToList();
    }

    private static string Body(string[] ids, int offset, int total)
    {
        var body = new StringBuilder("{\"backups\":[");
        for (var index = 0; index < ids.Length; index++)
        {
            body.Append(index == 0 ? "" : ",").Append("{\"id\":\"").Append(ids[index]).Append("\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}");
        }

        return body.Append(CultureInfo.InvariantCulture, $"],\"total\":{total},\"offset\":{offset},\"limit\":128}}").ToString();
    }

    /// <summary>Answers each page request with the body for its offset.</summary>
    private sealed class Pages(Func<int, string> body) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = request.RequestUri!.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);
            var offset = query.TryGetValue("offset", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body(offset), Encoding.UTF8, "application/json") };
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
