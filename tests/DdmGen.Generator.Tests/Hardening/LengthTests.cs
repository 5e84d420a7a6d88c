using System;
using System.ClientModel.Primitives;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// <c>minLength</c> and <c>maxLength</c> count characters as JSON Schema does, by code point: an emoji, two UTF-16
/// units, is one character. A value outside the bounds is refused before anything is sent.
/// </summary>
public sealed class LengthTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /things:
            get:
              operationId: getThings
              parameters:
                - {name: code, in: query, schema: {type: string, maxLength: 2}}
                - {name: word, in: query, schema: {type: string, minLength: 2}}
                - {name: pair, in: query, schema: {type: string, minLength: 2, maxLength: 2}}
              responses: {'204': {description: ok}}
        """;

    private const string Smile = "\U0001F600";

    [Theory]
    [InlineData("ab")]
    [InlineData(Smile + Smile)]
    [InlineData("a" + Smile)]
    public async Task A_value_of_at_most_max_length_characters_is_sent(string code)
    {
        var (exception, request) = await GetThingsAsync(code, null, null);

        Assert.Null(exception);
        Assert.Equal("?code=" + Uri.EscapeDataString(code), request!.RequestUri!.Query);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData(Smile + Smile + Smile)]
    [InlineData(Smile + "ab")]
    public async Task A_value_of_more_than_max_length_characters_is_refused(string code)
    {
        var (exception, request) = await GetThingsAsync(code, null, null);

        Assert.Equal("code", exception?.ParamName);
        Assert.StartsWith("code must have at most 2 characters.", exception!.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Theory]
    [InlineData("a")]
    [InlineData(Smile)]
    public async Task A_value_of_fewer_than_min_length_characters_is_refused(string word)
    {
        var (exception, request) = await GetThingsAsync(null, word, null);

        Assert.Equal("word", exception?.ParamName);
        Assert.StartsWith("word must have at least 2 characters.", exception!.Message, StringComparison.Ordinal);
        Assert.Null(request);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData(Smile + Smile)]
    [InlineData(Smile + "a")]
    public async Task A_value_of_at_least_min_length_characters_is_sent(string word)
    {
        var (exception, request) = await GetThingsAsync(null, word, null);

        Assert.Null(exception);
        Assert.NotNull(request);
    }

    [Theory]
    [InlineData(Smile + Smile, true)]
    [InlineData("a" + Smile, true)]
    [InlineData(Smile, false)]
    [InlineData(Smile + Smile + Smile, false)]
    [InlineData("abc", false)]
    public async Task Both_bounds_count_characters(string pair, bool sent)
    {
        var (exception, request) = await GetThingsAsync(null, null, pair);

        Assert.Equal(sent, exception is null);
        Assert.Equal(sent, request is not null);
        Assert.Equal(sent ? null : "pair", exception?.ParamName);
    }

    [Fact]
    public async Task An_unpaired_surrogate_is_a_character_of_its_own()
    {
        // Not text a service can read, but counted as code points are: a low surrogate before a high one pairs with
        // nothing, so this is three characters (built in code: an attribute cannot hold unpaired surrogates).
        var (exception, request) = await GetThingsAsync(new string(new[] { '\uDE00', '\uD83D', 'a' }), null, null);

        Assert.Equal("code", exception?.ParamName);
        Assert.Null(request);
    }

    /// <summary>Calls the protocol method of <c>getThings</c>: the exception it threw (null when none) and the request it sent.</summary>
    private static async Task<(ArgumentException? Exception, HttpRequestMessage? Request)> GetThingsAsync(string? code, string? word, string? pair)
    {
        using var output = Healthy.Run(Spec).Load("lengths");
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = client.GetType().GetMethods().Single(method => method.Name == "GetThingsAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        try
        {
            await (Task)protocol.Invoke(client, new object?[] { code, word, pair, null })!;
        }
        catch (ArgumentException exception)
        {
            return (exception, handler.Request);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is ArgumentException exception)
        {
            return (exception, handler.Request);
        }

        return (null, handler.Request);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request });
        }
    }
}
