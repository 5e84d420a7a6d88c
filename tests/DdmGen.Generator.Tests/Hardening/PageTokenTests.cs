using System;
using System.ClientModel;
using System.Collections;
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
/// <see cref="ArgumentException"/> that names the token and says what is wrong.
/// </summary>
public sealed class PageTokenTests
{
    private static readonly string Spec = ClientWarningTests.Listing()
        .Replace("paths:", "servers: [{url: \"http://127.0.0.1:1\"}]\npaths:", StringComparison.Ordinal)
        .Replace("- {name: limit, in: query, schema: {type: integer}}", "- {name: limit, in: query, required: true, schema: {type: integer}}", StringComparison.Ordinal)
        .Replace("- {name: offset, in: query", "- {name: kind, in: query, required: true, schema: {type: boolean}}\n        - {name: offset, in: query", StringComparison.Ordinal);

    [Fact]
    public void A_token_without_the_limit_the_listing_requires_is_refused()
    {
        // Found while fuzzing the client: the required int limit was read as (int)token.Limit!, which failed with
        // "Nullable object must have a value" and no word about the token.
        var exception = Assert.IsType<ArgumentException>(Resume("""{"operation":"listItems","offset":0,"arguments":{"kind":true}}""", out _));

        Assert.Equal("continuationToken", exception.ParamName);
        Assert.Contains("it has no limit, which listItems requires", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "it has no kind, which listItems requires")]
    [InlineData("{\"kind\":null}", "it has no kind, which listItems requires")]
    [InlineData("{\"kind\":\"yes\"}", "its kind is not valid")]
    [InlineData("{\"kind\":true,\"name\":7}", "its name is not valid")]
    public void A_token_without_a_required_argument_or_with_an_unreadable_one_is_refused(string arguments, string expected)
    {
        // A required argument the token lacked used to resume as its type's default (false here), silently.
        var exception = Assert.IsType<ArgumentException>(Resume("{\"operation\":\"listItems\",\"offset\":0,\"limit\":5,\"arguments\":" + arguments + "}", out _));

        Assert.Equal("continuationToken", exception.ParamName);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"offset\":4294967296,\"limit\":10", "offset 4294967296 is out of range")]
    [InlineData("\"offset\":-2147483649,\"limit\":10", "offset -2147483649 is out of range")]
    [InlineData("\"offset\":0,\"limit\":2147483648", "limit 2147483648 is out of range")]
    public void A_token_whose_offset_or_limit_does_not_fit_the_parameter_is_refused(string numbers, string expected)
    {
        // Both are int parameters; the token keeps them as long, and the cast used to wrap around silently.
        var exception = Assert.IsType<ArgumentException>(Resume("{\"operation\":\"listItems\"," + numbers + ",\"arguments\":{\"kind\":true}}", out _));

        Assert.Equal("continuationToken", exception.ParamName);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.IsType<OverflowException>(exception.InnerException);
    }

    [Fact]
    public void A_token_resumes_with_its_offset_page_size_and_arguments()
    {
        var exception = Resume("""{"operation":"listItems","offset":2147483647,"limit":7,"arguments":{"name":"a b","kind":false}}""", out var request);

        Assert.Null(exception);
        Assert.Equal("/items?name=a%20b&kind=false&offset=2147483647&limit=7", request!.RequestUri!.PathAndQuery);
    }

    /// <summary>
    /// Resumes <c>listItems</c> from the token's bytes and enumerates the first page; returns the exception of the
    /// resuming call (null when there was none) and the request the first page sent.
    /// </summary>
    private static ArgumentException? Resume(string token, out HttpRequestMessage? request)
    {
        using var output = Healthy.Run(Spec).Load("page tokens");
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
            return Assert.IsType<ArgumentException>(invocation.InnerException);
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

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent("""{"items":[],"total":0}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}
