using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Which requests carry the credential: the security an operation asks for, its own or else the document's (OpenAPI:
/// an operation's <c>security</c> replaces the top-level one), whether the top level names a scheme or only operations do.
/// </summary>
public sealed class SecurityRequirementTests
{
    private const string Header = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]

        """;

    private const string Schemes = """
        components:
          securitySchemes:
            IamToken: {type: apiKey, in: header, name: X-Auth-Token}
            Bearer: {type: http, scheme: bearer}
        """;

    /// <summary>An operation <paramref name="operationId"/> at <c>/{operationId}</c> with the given <c>security</c> line (none when empty).</summary>
    private static string Operation(string operationId, string security) => $$$"""
          /{{{operationId}}}:
            get:
              operationId: {{{operationId}}}
              {{{security}}}
              responses: {'204': {description: ok}}

        """;

    [Fact]
    public async Task Security_named_only_by_operations_gives_the_client_a_credential_that_those_operations_send()
    {
        // Without a top-level security, no credential type was generated and no request carried a token.
        var spec = Header + "paths:\n"
            + Operation("secured", "security: [{IamToken: []}]")
            + Operation("optional", "security: [{}, {IamToken: []}]")
            + Operation("open", "security: []")
            + Operation("openToo", "security: [{}]")
            + Operation("unmarked", string.Empty)
            + Schemes;

        var tokens = await TokensSentAsync(spec, "SecuredAsync", "OptionalAsync", "OpenAsync", "OpenTooAsync", "UnmarkedAsync");

        // An operation without security of its own, in a document without any, needs no credential.
        Assert.Equal(new[] { "secret", "secret", "(none)", "(none)", "(none)" }, tokens);
    }

    [Fact]
    public async Task The_top_level_security_holds_for_every_operation_that_does_not_replace_it()
    {
        var spec = Header + "security: [{IamToken: []}]\npaths:\n"
            + Operation("secured", "security: [{IamToken: []}]")
            + Operation("open", "security: []")
            + Operation("openToo", "security: [{}]")
            + Operation("unmarked", string.Empty)
            + Schemes;

        var tokens = await TokensSentAsync(spec, "SecuredAsync", "OpenAsync", "OpenTooAsync", "UnmarkedAsync");

        Assert.Equal(new[] { "secret", "(none)", "(none)", "secret" }, tokens);
    }

    [Theory]
    [InlineData("security: [{IamToken: []}]\n", "every request")]
    [InlineData("security: [{IamToken: []}]\n", "the requests of the operations whose security asks for it", "open")]
    [InlineData("", "the requests of the operations whose security asks for it", "unmarked")]
    public void The_credential_option_says_which_requests_it_authenticates(string topLevel, string which, string? other = null)
    {
        // Regression: the option said "every request" when some operations are sent without the credential.
        var spec = Header + topLevel + "paths:\n"
            + Operation("secured", "security: [{IamToken: []}]")
            + (other is null ? string.Empty : Operation(other, other == "open" ? "security: []" : string.Empty))
            + Schemes;

        var options = Healthy.Run(spec).Sources.Single(source => source.HintName.EndsWith("ClientOptions.g.cs", StringComparison.Ordinal)).SourceText.ToString();

        Assert.Contains($"/// Authenticates {which} (the <c>X-Auth-Token</c> header", options, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_that_asks_for_another_scheme_than_the_clients_is_reported_at_its_security()
    {
        // A client has one credential, a pipeline policy for all its requests: it sends it, and says so.
        var spec = Header + "paths:\n"
            + Operation("first", "security: [{IamToken: []}]")
            + Operation("other", "security: [{Bearer: []}]")
            + Operation("both", "security: [{IamToken: [], Bearer: []}]")
            + Operation("either", "security: [{Bearer: []}, {IamToken: []}]")
            + Schemes;

        var result = Healthy.Run(spec);

        var reported = result.Diagnostics.Select(diagnostic => (diagnostic.Id, diagnostic.Line())).ToList();
        Assert.Equal(new[] { ("DDMG108", LineAfter(spec, "operationId: other")), ("DDMG108", LineAfter(spec, "operationId: both")) }, reported);
        var message = result.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("#/paths/~1other/get/security", message, StringComparison.Ordinal);
        Assert.Contains("'Bearer'", message, StringComparison.Ordinal);
        Assert.Contains("'IamToken'", message, StringComparison.Ordinal);
        Assert.Contains("'IamToken' and 'Bearer' together", result.Diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(new[] { "secret", "secret", "secret", "secret" }, await TokensSentAsync(spec, "FirstAsync", "OtherAsync", "BothAsync", "EitherAsync"));
    }

    [Fact]
    public void A_top_level_security_the_credential_cannot_meet_is_reported_once_at_the_top_level()
    {
        // The credential is for IamToken, the first scheme named; the top level asks for Bearer beside it.
        var spec = Header + "security: [{IamToken: [], Bearer: []}]\npaths:\n"
            + Operation("first", "security: [{IamToken: []}]")
            + Operation("second", string.Empty)
            + Operation("third", string.Empty)
            + Schemes;

        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("DDMG108", Healthy.LineOf(spec, "security: [{IamToken: [], Bearer")), (diagnostic.Id, diagnostic.Line()));
        Assert.Contains("at #/security,", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_scheme_the_client_cannot_send_gives_way_to_the_next_one_that_it_can()
    {
        // The first scheme named is OAuth: reported, and the credential is for the apiKey an operation names after it.
        var spec = Header + "paths:\n"
            + Operation("first", "security: [{OAuth: []}]")
            + Operation("second", "security: [{IamToken: []}]")
            + Schemes + """

                OAuth:
                  type: oauth2
                  flows: {clientCredentials: {tokenUrl: "https://example.com/token", scopes: {}}}
            """;

        var result = Healthy.Run(spec);

        Assert.Equal(
            new[] { ("DDMG108", LineAfter(spec, "operationId: first")), ("DDMG205", Healthy.LineOf(spec, "OAuth:\n")) },
            result.Diagnostics.Select(diagnostic => (diagnostic.Id, diagnostic.Line())).OrderBy(item => item.Item1));
        Assert.Contains("X-Auth-Token", result.Source("Test.Api.TestTokenCredential.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_requirement_naming_a_missing_scheme_is_reported_where_the_operation_names_it()
    {
        var spec = Header + "paths:\n"
            + Operation("first", "security: [{Missing: []}]")
            + Operation("second", "security: [{IamToken: []}]")
            + Schemes;

        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Equal(LineAfter(spec, "operationId: first"), diagnostic.Line());
        Assert.Contains("'#/components/securitySchemes/Missing' at #/paths/~1first/get/security/0", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.EndsWith("until then, requests carry no credential for it.", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_parameter_named_like_the_credential_is_sent_as_given_by_an_operation_that_sends_no_credential()
    {
        // Regression: the parameter was always dropped as the credential's, so an operation whose security asks for no
        // credential sent its requests without the header the spec requires, and its method did not take it.
        const string Token = "      parameters: [{name: x-auth-token, in: header, required: true, schema: {type: string}}]";
        var spec = Header + "security: [{IamToken: []}]\npaths:\n"
            + Operation("open", "security: []\n" + Token)
            + Operation("secured", Token.TrimStart())
            + Schemes;

        using var output = Healthy.Run(spec).Load("security-header-parameter");
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var credential = output.Type("Test.Api.TestCredential").GetMethod("FromToken")!.Invoke(null, new object[] { "secret" });
        options.GetType().GetProperty("Credential")!.SetValue(options, credential);
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var open = client.GetType().GetMethods().Single(method => method.Name == "OpenAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));
        var secured = client.GetType().GetMethods().Single(method => method.Name == "SecuredAsync" && method.GetParameters().Last().ParameterType == typeof(RequestOptions));

        Assert.Equal(new[] { "xAuthToken", "options" }, open.GetParameters().Select(parameter => parameter.Name).ToArray());
        Assert.Equal(new[] { "options" }, secured.GetParameters().Select(parameter => parameter.Name).ToArray());
        await (Task)open.Invoke(client, new object?[] { "given", null })!;
        await (Task)secured.Invoke(client, new object?[] { null })!;
        Assert.Equal(new[] { "given", "secret" }, handler.Tokens);
    }

    /// <summary>The line after the first that holds <paramref name="marker"/>.</summary>
    private static int LineAfter(string text, string marker) => Healthy.LineOf(text, marker) + 1;

    /// <summary>
    /// Builds the spec's client with the credential <c>FromToken("secret")</c>, calls each protocol method (without
    /// arguments) and returns the <c>X-Auth-Token</c> of each request, "(none)" when it had none.
    /// </summary>
    private static async Task<List<string>> TokensSentAsync(string spec, params string[] methods)
    {
        using var output = Healthy.Run(spec).Load("security");
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var credential = output.Type("Test.Api.TestCredential").GetMethod("FromToken")!.Invoke(null, new object[] { "secret" });
        options.GetType().GetProperty("Credential")!.SetValue(options, credential);
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        foreach (var name in methods)
        {
            var protocol = client.GetType().GetMethods().Single(method => method.Name == name && method.GetParameters().Select(parameter => parameter.ParameterType).SequenceEqual(new[] { typeof(RequestOptions) }));
            await (Task)protocol.Invoke(client, new object?[] { null })!;
        }

        return handler.Tokens;
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<string> Tokens { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Tokens.Add(request.Headers.TryGetValues("X-Auth-Token", out var values) ? string.Join(",", values) : "(none)");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request });
        }
    }
}
