using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Runs a generated client and reads the bodies it sends: a protocol method takes the body as <c>BinaryContent</c> and
/// sends it as it is, and a convenience method makes that content from its typed body, a model or any other shape.
/// </summary>
public sealed class RequestBodyTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /tags/{content}:
            post:
              operationId: setTags
              parameters:
                - {name: content, in: path, required: true, schema: {type: string}}
              requestBody: {required: true, content: {application/json: {schema: {type: array, items: {type: string}}}}}
              responses: {'204': {description: ok}}
          /state:
            put:
              operationId: setState
              requestBody: {content: {application/merge-patch+json: {schema: {$ref: '#/components/schemas/State'}}}}
              responses: {'204': {description: ok}}
          /count:
            put:
              operationId: setCount
              requestBody: {content: {application/json: {schema: {type: integer, format: int64}}}}
              responses: {'204': {description: ok}}
          /note:
            put:
              operationId: setNote
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
              responses: {'204': {description: ok}}
        components:
          schemas:
            State: {type: string, enum: [done, open]}
            Note: {type: object, properties: {text: {type: string}}}
        """;

    [Fact]
    public void A_convenience_method_declares_the_content_it_makes_with_the_content_s_type()
    {
        // A method call does not show the type: a project that prefers explicit types there (IDE0008) and has the
        // analyzers look into generated code would be warned of a var.
        var client = Healthy.Run(Spec).Source("Test.Api.TestClient.g.cs");

        Assert.Contains("using global::System.ClientModel.BinaryContent content = global::Test.Api.TestClientSupport.JsonContent(", client, StringComparison.Ordinal);
        Assert.Contains("using global::System.ClientModel.BinaryContent? content = note is null ? null : ", client, StringComparison.Ordinal);
        Assert.DoesNotContain("using var ", client, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_named_content_is_renamed_and_the_protocol_method_takes_the_body_as_content()
    {
        var result = Healthy.Run(Spec);
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302" && diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'contentValue'", StringComparison.Ordinal));
        using var output = result.Load("request-body-content");
        var (client, sent) = Client(output);
        var protocol = Protocol(client, "SetTagsAsync");

        Assert.Equal(new[] { "contentValue", "content", "options" }, protocol.GetParameters().Select(parameter => parameter.Name).ToArray());
        Assert.Equal(new[] { typeof(string), typeof(BinaryContent), typeof(RequestOptions) }, protocol.GetParameters().Select(parameter => parameter.ParameterType).ToArray());
        await (Task)protocol.Invoke(client, new object?[] { "a b", BinaryContent.Create(BinaryData.FromString("""["x",1,{"newer":true}]""")), null })!;

        Assert.Equal(("POST", "/tags/a%20b", "application/json", """["x",1,{"newer":true}]"""), Assert.Single(sent));
    }

    [Fact]
    public async Task A_convenience_method_writes_a_body_that_is_no_model_or_a_model_and_leaves_out_an_optional_one_not_given()
    {
        using var output = Healthy.Run(Spec).Load("request-body-shapes");
        var (client, sent) = Client(output);
        var state = Activator.CreateInstance(output.Type("Test.Api.State"), "open")!;
        var note = Activator.CreateInstance(output.Type("Test.Api.Note"))!;
        note.GetType().GetProperty("Text")!.SetValue(note, "t\u00e7");

        await ConvenienceAsync(client, "SetTagsAsync", "a", new[] { "x", "y" });
        await ConvenienceAsync(client, "SetStateAsync", state);
        await ConvenienceAsync(client, "SetStateAsync", new object?[] { null });
        await ConvenienceAsync(client, "SetCountAsync", 5L);
        await ConvenienceAsync(client, "SetCountAsync", new object?[] { null });
        await ConvenienceAsync(client, "SetNoteAsync", note);
        await ConvenienceAsync(client, "SetNoteAsync", new object?[] { null });
        Convenience(client, "SetTags", "a", new[] { "z" });

        Assert.Equal(
            new[]
            {
                ("POST", "/tags/a", "application/json", """["x","y"]"""),
                ("PUT", "/state", "application/merge-patch+json", "\"open\""),
                ("PUT", "/state", null, null),
                ("PUT", "/count", "application/json", "5"),
                ("PUT", "/count", null, null),
                // Written as the client has always written it: text outside ASCII escaped.
                ("PUT", "/note", "application/json", """{"text":"t\u00E7"}"""),
                ("PUT", "/note", null, null),
                ("POST", "/tags/a", "application/json", """["z"]"""),
            },
            sent);
    }

    [Fact]
    public async Task A_null_content_is_refused_for_a_required_body_and_sends_no_body_for_an_optional_one()
    {
        using var output = Healthy.Run(Spec).Load("request-body-null");
        var (client, sent) = Client(output);

        var required = (Task)Protocol(client, "SetTagsAsync").Invoke(client, new object?[] { "a", null, null })!;
        var requiredSync = Assert.Throws<TargetInvocationException>(() => Protocol(client, "SetTags").Invoke(client, new object?[] { "a", null, null }));
        var typed = ConvenienceAsync(client, "SetTagsAsync", "a", null);
        await (Task)Protocol(client, "SetNoteAsync").Invoke(client, new object?[] { null, null })!;

        Assert.Equal("content", (await Assert.ThrowsAsync<ArgumentNullException>(() => required)).ParamName);
        Assert.Equal("content", Assert.IsType<ArgumentNullException>(requiredSync.InnerException).ParamName);
        Assert.Equal("body", (await Assert.ThrowsAsync<ArgumentNullException>(() => typed)).ParamName);
        Assert.Equal(("PUT", "/note", null, null), Assert.Single(sent));
    }

    [Fact]
    public void The_content_docs_say_the_json_may_hold_unknown_members_only_where_the_body_has_an_object_of_the_spec()
    {
        // A string, a number, an enum's value or an array of strings holds no members: that sentence fits only a body
        // with an object whose members the spec lists.
        var source = Healthy.Run(Spec).Source("Test.Api.TestClient.g.cs");
        var docs = System.Text.RegularExpressions.Regex.Matches(source, "<param name=\"content\">(.*?)</param>.*?public virtual async [^(]* (\\w+)Async\\(", System.Text.RegularExpressions.RegexOptions.Singleline)
            .ToDictionary(match => match.Groups[2].Value, match => string.Join(" ", match.Groups[1].Value.Split(new[] { "///", "\n", " " }, StringSplitOptions.RemoveEmptyEntries)));

        Assert.Equal(new[] { "SetCount", "SetNote", "SetState", "SetTags" }, docs.Keys.Order().ToArray());
        Assert.Contains("which may hold members the spec does not know", docs["SetNote"], StringComparison.Ordinal);
        Assert.All(new[] { "SetCount", "SetState", "SetTags" }, name => Assert.DoesNotContain("members", docs[name], StringComparison.Ordinal));
        Assert.Equal("The request body, sent as it is with the content type <c>application/json</c>: the JSON of an integer. Null sends no body.", docs["SetCount"]);
    }

    [Fact]
    public async Task A_convenience_method_checks_the_spec_parameters_before_its_body_as_the_listing_and_the_protocol_method_do()
    {
        // Both arguments are wrong: each method names the same one, the parameter, whichever it is called through.
        var spec = ClientWarningTests.Listing()
            .Replace("paths:", "servers: [{url: \"http://127.0.0.1:1\"}]\npaths:", StringComparison.Ordinal)
            .Replace("    post:\n      operationId: createItem", "    put:\n      operationId: createItem", StringComparison.Ordinal)
            .Replace("    get:\n      operationId: listItems", "    post:\n      operationId: listItems\n      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Old'}}}}", StringComparison.Ordinal)
            .Replace("- {name: offset, in: query, schema: {type: integer}}", "- {name: offset, in: query, schema: {type: integer, minimum: 0}}", StringComparison.Ordinal);
        using var output = Healthy.Run(spec).Load("request-body-order");
        var (client, sent) = Client(output);
        var arguments = new object?[] { null, null, -1, null };

        var asynchronous = ConvenienceAsync(client, "ListItemsAsync", arguments);
        var synchronous = Assert.Throws<TargetInvocationException>(() => Convenience(client, "ListItems", arguments));
        var listing = Assert.Throws<TargetInvocationException>(() => Convenience(client, "ListItemsAutoPaging", arguments));

        Assert.Equal("offset", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => asynchronous)).ParamName);
        Assert.Equal("offset", Assert.IsType<ArgumentOutOfRangeException>(synchronous.InnerException).ParamName);
        Assert.Equal("offset", Assert.IsType<ArgumentOutOfRangeException>(listing.InnerException).ParamName);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task An_optional_body_not_given_leaves_the_request_without_a_content_type()
    {
        // The policies (logging, a caller's own) see the request as it is: no body, so no type of one.
        using var output = Healthy.Run(Spec).Load("request-body-content-type");
        var options = (ClientPipelineOptions)Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var seen = new List<string?>();
        options.AddPolicy(new HeaderPolicy(seen), PipelinePosition.PerCall);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), new HttpClient(new CapturingHandler()), options)!;

        await ConvenienceAsync(client, "SetNoteAsync", new object?[] { null });
        await (Task)Protocol(client, "SetCountAsync").Invoke(client, new object?[] { null, null })!;
        await ConvenienceAsync(client, "SetCountAsync", 5L);

        Assert.Equal(new[] { null, null, "application/json" }, seen);
    }

    /// <summary>Records the <c>Content-Type</c> header of each request as the pipeline holds it.</summary>
    private sealed class HeaderPolicy(List<string?> seen) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            seen.Add(message.Request.Headers.TryGetValue("Content-Type", out var value) ? value : null);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            seen.Add(message.Request.Headers.TryGetValue("Content-Type", out var value) ? value : null);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }

    [Fact]
    public void The_client_docs_say_a_body_may_hold_unknown_members_only_where_a_body_has_an_object_of_the_spec()
    {
        const string numbers = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /count:
                put:
                  operationId: setCount
                  requestBody: {content: {application/json: {schema: {type: integer}}}}
                  responses: {'204': {description: ok}}
            """;

        var remarks = Remarks(Healthy.Run(numbers).Source("Test.Api.TestClient.g.cs"));

        Assert.Contains("A protocol method takes the request body as <c>BinaryContent</c>, the JSON as it is sent.", remarks, StringComparison.Ordinal);
        Assert.DoesNotContain("members", remarks, StringComparison.Ordinal);
        Assert.Contains("which may hold members the models do not know", Remarks(Healthy.Run(Spec).Source("Test.Api.TestClient.g.cs")), StringComparison.Ordinal);
    }

    /// <summary>The class remarks of a client's source, on one line.</summary>
    private static string Remarks(string source)
    {
        var start = source.IndexOf("/// <remarks>", StringComparison.Ordinal);
        var text = source.Substring(start, source.IndexOf("/// </remarks>", start, StringComparison.Ordinal) - start);
        return string.Join(" ", text.Split(new[] { "///", "\n", " " }, StringSplitOptions.RemoveEmptyEntries));
    }

    private static (object Client, List<(string, string, string?, string?)> Sent) Client(LoadedOutput output)
    {
        var handler = new CapturingHandler();
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), new HttpClient(handler), Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        return (client, handler.Sent);
    }

    private static MethodInfo Protocol(object client, string name) =>
        client.GetType().GetMethods().Single(method => method.Name == name && method.GetParameters().Last().ParameterType == typeof(RequestOptions));

    /// <summary>Calls a convenience method with its arguments and the default cancellation token.</summary>
    private static object Convenience(object client, string name, params object?[] arguments)
    {
        var method = client.GetType().GetMethods().Single(method => method.Name == name && method.GetParameters().Length == arguments.Length + 1 && method.GetParameters().Last().ParameterType == typeof(CancellationToken));
        return method.Invoke(client, arguments.Append(CancellationToken.None).ToArray())!;
    }

    /// <summary>The task of an async convenience method.</summary>
    private static Task ConvenienceAsync(object client, string name, params object?[] arguments) => (Task)Convenience(client, name, arguments);

    /// <summary>Records each request's method, path, content type and body, and answers 204.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<(string, string, string?, string?)> Sent { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content?.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult();
            Sent.Add((request.Method.Method, request.RequestUri!.AbsolutePath, body is null ? null : request.Content!.Headers.ContentType?.ToString(), body));
            return new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request };
        }
    }
}
