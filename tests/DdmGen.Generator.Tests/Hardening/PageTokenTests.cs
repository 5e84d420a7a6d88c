using System;
using System.ClientModel;
using System.Collections;
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
/// A continuation token can come from anywhere (saved bytes, another process, a hand-edited file): a resumed listing
/// takes its offset, page size and arguments from it, and refuses a token that does not fit the operation with an
/// <see cref="ArgumentException"/> that names the token and says what is wrong. A value the spec's checks refuse
/// throws what the same argument would. Either way before any request is sent.
/// </summary>
public sealed class PageTokenTests
{
    private static readonly string Spec = ClientWarningTests.Listing()
        .Replace("paths:", "servers: [{url: \"http://127.0.0.1:1\"}]\npaths:", StringComparison.Ordinal)
        .Replace("- {name: limit, in: query, schema: {type: integer}}", "- {name: limit, in: query, required: true, schema: {type: integer, maximum: 100}}", StringComparison.Ordinal)
        .Replace("- {name: offset, in: query, schema: {type: integer}}", "- {name: kind, in: query, required: true, schema: {type: boolean}}\n        - {name: offset, in: query, schema: {type: integer, minimum: 0}}", StringComparison.Ordinal);

    [Fact]
    public void A_token_without_the_limit_the_listing_requires_is_refused()
    {
        // Found while fuzzing the client: the required int limit was read as (int)token.Limit!, which failed with
        // "Nullable object must have a value" and no word about the token.
        Refused("""{"operation":"listItems","offset":0,"arguments":{"kind":true}}""", "it has no limit, which listItems requires");
    }

    [Theory]
    [InlineData("{}", "it has no kind, which listItems requires")]
    [InlineData("{\"kind\":null}", "it has no kind, which listItems requires")]
    [InlineData("{\"kind\":\"yes\"}", "its kind is not valid")]
    [InlineData("{\"kind\":true,\"name\":7}", "its name is not valid")]
    public void A_token_without_a_required_argument_or_with_an_unreadable_one_is_refused(string arguments, string expected)
    {
        // A required argument the token lacked used to resume as its type's default (false here), silently.
        Refused("{\"operation\":\"listItems\",\"offset\":0,\"limit\":5,\"arguments\":" + arguments + "}", expected);
    }

    [Theory]
    [InlineData("\"offset\":4294967296,\"limit\":10", "offset 4294967296 does not fit an int")]
    [InlineData("\"offset\":-2147483649,\"limit\":10", "offset -2147483649 does not fit an int")]
    [InlineData("\"offset\":0,\"limit\":2147483648", "limit 2147483648 does not fit an int")]
    public void A_token_whose_offset_or_limit_does_not_fit_the_parameter_is_refused(string numbers, string expected)
    {
        // Both are int parameters; the token keeps them as long, and the cast used to wrap around silently.
        Refused("{\"operation\":\"listItems\"," + numbers + ",\"arguments\":{\"kind\":true}}", expected);
    }

    [Theory]
    [InlineData("\"offset\":-1,\"limit\":10", "offset", "offset must be at least 0.")]
    [InlineData("\"offset\":0,\"limit\":500", "limit", "limit must be at most 100.")]
    public void A_token_with_a_value_the_spec_refuses_is_checked_as_that_argument_would_be(string numbers, string parameter, string expected)
    {
        // A page size saved under an older spec with a higher maximum, say: the operation's own check refuses it, as
        // it would refuse the same argument, before any request is sent.
        var exception = Assert.IsType<ArgumentOutOfRangeException>(Resume("{\"operation\":\"listItems\"," + numbers + ",\"arguments\":{\"kind\":true}}", out var request));

        Assert.Equal(parameter, exception.ParamName);
        Assert.StartsWith(expected, exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Fact]
    public void A_token_resumes_with_its_offset_page_size_and_arguments()
    {
        var exception = Resume("""{"operation":"listItems","offset":2147483647,"limit":7,"arguments":{"name":"a b","kind":false}}""", out var request);

        Assert.Null(exception);
        Assert.Equal("/items?name=a%20b&kind=false&offset=2147483647&limit=7", request!.RequestUri!.PathAndQuery);
    }

    [Fact]
    public void A_token_keeps_a_body_of_any_json_that_is_null()
    {
        // A body of any JSON is a JsonElement, and JSON null is one of its values: the token the client writes for it
        // holds "body":null, which must read back as that value, not as a missing argument.
        var spec = Spec
            .Replace("    post:\n      operationId: createItem", "    put:\n      operationId: createItem", StringComparison.Ordinal)
            .Replace("    get:\n      operationId: listItems", "    post:\n      operationId: listItems\n      requestBody: {required: true, content: {application/json: {schema: {}}}}", StringComparison.Ordinal);
        Assert.NotEqual(Spec, spec);

        var exception = Resume("""{"operation":"listItems","offset":0,"limit":5,"arguments":{"kind":true,"body":null}}""", out var request, spec);

        Assert.Null(exception);
        Assert.Equal(HttpMethod.Post, request!.Method);
        Assert.Equal("null", request.Options.TryGetValue(PageHandler.Body, out var body) ? body : "(no body)");
    }

    [Fact]
    public void A_listing_that_goes_past_the_largest_int_offset_stops_with_an_error_instead_of_asking_for_a_negative_one()
    {
        // Without a total, a full page means "there may be more". The next offset after int.MaxValue was cast to the
        // int parameter and wrapped around, so the client asked for offset -2147483646 and went on listing.
        var spec = Spec.Replace("outputs: {results: $.items, total: $.total}", "outputs: {results: $.items}", StringComparison.Ordinal)
            .Replace("minimum: 0}", "}", StringComparison.Ordinal);
        Assert.NotEqual(Spec, spec);
        using var output = Healthy.Run(spec).Load("past the largest offset");
        var handler = new FullPageHandler();
        using var http = new HttpClient(handler);
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var resume = client.GetType().GetMethod("ListItemsAutoPaging", new[] { typeof(ContinuationToken), typeof(CancellationToken) })!;
        var token = ContinuationToken.FromBytes(BinaryData.FromString("""{"operation":"listItems","offset":2147483645,"limit":5,"arguments":{"kind":true}}"""));
        var items = (IEnumerable)resume.Invoke(client, new object[] { token, CancellationToken.None })!;
        var seen = 0;

        var exception = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var item in items)
            {
                seen++;
            }
        });

        Assert.Equal(5, seen);
        Assert.Equal(new[] { "/items?kind=true&offset=2147483645&limit=5" }, handler.Targets);
        Assert.Contains("past offset 2147483647", exception.Message, StringComparison.Ordinal);
        Assert.Contains("2147483650", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_that_goes_past_the_largest_long_offset_stops_with_an_error_instead_of_wrapping_around()
    {
        // The next offset after a page near long.MaxValue was the page's offset plus its items, which wrapped around to
        // a negative offset the client asked for next (or, built with checked arithmetic, threw OverflowException).
        var spec = Spec.Replace("outputs: {results: $.items, total: $.total}", "outputs: {results: $.items}", StringComparison.Ordinal)
            .Replace("{type: integer, minimum: 0}", "{type: integer, format: int64}", StringComparison.Ordinal);
        Assert.Contains("format: int64", spec, StringComparison.Ordinal);
        using var output = Healthy.Run(spec).Load("past the largest long offset");
        var handler = new FullPageHandler();
        using var http = new HttpClient(handler);
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var resume = client.GetType().GetMethod("ListItemsAutoPaging", new[] { typeof(ContinuationToken), typeof(CancellationToken) })!;
        var token = ContinuationToken.FromBytes(BinaryData.FromString("""{"operation":"listItems","offset":9223372036854775805,"limit":5,"arguments":{"kind":true}}"""));
        var items = (IEnumerable)resume.Invoke(client, new object[] { token, CancellationToken.None })!;
        var seen = 0;

        var exception = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var item in items)
            {
                seen++;
            }
        });

        Assert.Equal(5, seen);
        Assert.Equal(new[] { "/items?kind=true&offset=9223372036854775805&limit=5" }, handler.Targets);
        Assert.Contains("past offset 9223372036854775807", exception.Message, StringComparison.Ordinal);
        Assert.Contains("9223372036854775810", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Resuming from the token throws an <see cref="ArgumentException"/> that names the token and says <paramref name="expected"/>.</summary>
    private static void Refused(string token, string expected)
    {
        var exception = Assert.IsType<ArgumentException>(Resume(token, out var request));

        Assert.Equal("continuationToken", exception.ParamName);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    /// <summary>
    /// Resumes <c>listItems</c> from the token's bytes and enumerates the first page; returns the exception of the
    /// resuming call (null when there was none) and the request the first page sent.
    /// </summary>
    private static ArgumentException? Resume(string token, out HttpRequestMessage? request, string? spec = null)
    {
        using var output = Healthy.Run(spec ?? Spec).Load("page tokens");
        var handler = new PageHandler();
        using var http = new HttpClient(handler);
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var resume = client.GetType().GetMethod("ListItemsAutoPaging", new[] { typeof(ContinuationToken), typeof(CancellationToken) })!;
        request = null;
        object items;
        try
        {
            items = resume.Invoke(client, new object[] { ContinuationToken.FromBytes(BinaryData.FromString(token)), CancellationToken.None })!;
        }
        catch (TargetInvocationException invocation)
        {
            request = handler.Request;
            return Assert.IsAssignableFrom<ArgumentException>(invocation.InnerException);
        }

        foreach (var item in (IEnumerable)items)
        {
            Assert.Fail("the page is empty, yet gave " + item);
        }

        request = handler.Request;
        return null;
    }

    private sealed class PageHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        /// <summary>The request body as text, kept on the request: the transport may dispose the content after sending.</summary>
        public static readonly HttpRequestOptionsKey<string> Body = new("body");

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                request.Options.Set(Body, content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
            }

            Request = request;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent("""{"items":[],"total":0}""", Encoding.UTF8, "application/json"),
            };
        }
    }

    /// <summary>Answers every request with a full page of five items and no total; stops after a few requests.</summary>
    private sealed class FullPageHandler : HttpMessageHandler
    {
        public System.Collections.Generic.List<string> Targets { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Targets.Add(request.RequestUri!.PathAndQuery);
            var page = Targets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var items = Targets.Count < 4 ? "[" + string.Join(",", Enumerable.Range(1, 5).Select(item => "{\"a\":\"" + page + "." + item + "\"}")) + "]" : "[]";
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent("{\"items\":" + items + "}", Encoding.UTF8, "application/json"),
            };
        }
    }
}
