using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A service that ignores the offset answers every page with the first one; without a total, a full page means
/// "there may be more", so only recognising the repeat stops the listing. Items that hold a list compare it by
/// reference, so two readings of the same item are never equal: the pager compares those items by their JSON.
/// </summary>
public sealed class RepeatedPageTests
{
    private static readonly string Spec = ClientWarningTests.Listing()
        .Replace("paths:", "servers: [{url: \"http://127.0.0.1:1\"}]\npaths:", StringComparison.Ordinal)
        .Replace("outputs: {results: $.items, total: $.total}", "outputs: {results: $.items}", StringComparison.Ordinal)
        .Replace("properties: {a: {type: string}}", "properties: {a: {type: string}, tags: {type: array, items: {type: string}}, labels: {type: object, additionalProperties: {type: string}}}", StringComparison.Ordinal)
        .Replace("total: {type: integer}", "offset: {type: integer}", StringComparison.Ordinal);

    [Theory]
    [InlineData("\"tags\":[\"t\"]", true)]
    [InlineData("\"labels\":{\"k\":\"v\"}", true)]
    [InlineData("\"tags\":[\"t\"]", false)]
    [InlineData("\"tags\":[\"t\"],\"self\":\"items?offset={offset}\"", true)]
    public void A_service_that_ignores_the_offset_and_echoes_it_is_stopped_at_the_second_page_when_items_hold_a_list(string member, bool echo)
    {
        // The body differs from page to page by the offset it echoes, and the items never compared equal: the pager
        // asked for page after page of the same items, without end. A member the spec does not list, here a link that
        // echoes the offset in every item, is no difference, as it is none to the items' equality.
        Assert.Contains("tags: {type: array", Spec, StringComparison.Ordinal);
        using var output = Healthy.Run(Spec).Load("repeated pages");
        var handler = new SamePageHandler(member, echo);
        using var http = new HttpClient(handler);
        var items = Items(output, http);
        var seen = 0;

        var exception = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var item in items)
            {
                seen++;
            }
        });

        Assert.Contains("the page it answered before", exception.Message, StringComparison.Ordinal);
        Assert.Equal(5, seen);
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public void Pages_whose_items_hold_lists_and_differ_are_all_listed()
    {
        using var output = Healthy.Run(Spec).Load("different pages");
        var handler = new SamePageHandler("\"tags\":[\"t\"]", echo: true, differ: true);
        using var http = new HttpClient(handler);

        var count = Items(output, http).Cast<object>().Count();

        Assert.Equal(15, count);
        Assert.Equal(4, handler.Requests);
    }

    [Fact]
    public void Items_that_hold_lists_and_maps_are_compared_by_their_equality_and_not_written_as_json()
    {
        // Lists and maps read from JSON compare item by item, so the items' equality tells a repeated page alone.
        var result = Healthy.Run(Spec);

        Assert.DoesNotContain("itemJson:", result.Source("Test.Api.TestClient+Pagers.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{nullable: true}")]
    [InlineData("{type: array, nullable: true, items: {}}")]
    [InlineData("{type: object, nullable: true, additionalProperties: {}}")]
    [InlineData("{type: array, nullable: true, items: {type: array, items: {}}}")]
    public void A_listing_whose_items_may_be_null_and_hold_any_json_compiles_without_a_nullable_warning(string items)
    {
        // The pager's items are nullable, so its item converter must be one of a nullable item: the converter of the
        // item's type alone gave CS8620. Items that hold a JsonElement, which compares by reference, are compared by
        // their JSON.
        var spec = Spec.Replace("items: {$ref: '#/components/schemas/Old'} }", "items: " + items + " }", StringComparison.Ordinal);
        Assert.Contains(items, spec, StringComparison.Ordinal);

        var result = Healthy.Run(spec);

        Assert.Contains("itemJson:", result.Source("Test.Api.TestClient+Pagers.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>Every item of <c>listItems</c>, five to a page, from a client that sends through <paramref name="http"/>.</summary>
    private static IEnumerable Items(LoadedOutput output, HttpClient http)
    {
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var list = client.GetType().GetMethods().Single(method => method.Name == "ListItemsAutoPaging" && method.GetParameters().Any(parameter => parameter.Name == "offset"));
        var arguments = list.GetParameters().Select(parameter => parameter.Name switch
        {
            "limit" => (object?)5,
            "cancellationToken" => CancellationToken.None,
            _ => null,
        }).ToArray();
        return (IEnumerable)list.Invoke(client, arguments)!;
    }

    /// <summary>
    /// Answers a full page of five items that hold <c>member</c>, the same whatever the offset unless told to differ,
    /// echoing the offset asked for when told to (and in place of <c>{offset}</c> in <c>member</c>); an empty page
    /// after a few requests, so a pager that misses the repeat ends.
    /// </summary>
    private sealed class SamePageHandler(string member, bool echo, bool differ = false) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var offset = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["offset"] ?? "0";
            var page = differ ? offset : "0";
            var items = Requests < (differ ? 4 : 20)
                ? "[" + string.Join(",", Enumerable.Range(1, 5).Select(item => "{\"a\":\"" + page + "." + item + "\"," + member.Replace("{offset}", offset, StringComparison.Ordinal) + "}")) + "]"
                : "[]";
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent("{\"items\":" + items + (echo ? ",\"offset\":" + offset : string.Empty) + "}", Encoding.UTF8, "application/json"),
            };
        }
    }
}
