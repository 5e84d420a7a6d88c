using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Ddm.Client.Authentication;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Authentication;

/// <summary>SDK-HMAC-SHA256 signing: the reference vectors, then signed requests against the emulator's verifier over loopback.</summary>
public sealed class AccessKeySigningTests
{
    // The worked example and the Python SDK vector of the AK/SK signing reference facts
    // (docs/reference/otc-aksk-signing.md: "Worked example" and "SDK test vector"), computed there independently with Python and C#.
    private const string ExampleAccessKey = "HPUAEXAMPLE7Q2WKD8ZJ";
    private const string ExampleSecretKey = "exampleSK/9f3c+1a7e=5bQ2wKd8ZjM0nP4rT6vX";
    private const string ExampleProject = "0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d";
    private const string EmptyBody = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly string ExampleCanonicalRequest = string.Join("\n",
        "GET",
        "/v3/0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d/backups/",
        "limit=10&offset=0",
        "host:ddm.eu-de.otc.t-systems.com",
        "x-project-id:0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d",
        "x-sdk-date:20251102T080910Z",
        string.Empty,
        "host;x-project-id;x-sdk-date",
        EmptyBody);

    private static readonly Uri ExampleUri = new("https://ddm.eu-de.otc.t-systems.com/v3/0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d/backups?offset=0&limit=10");

    /// <summary>The headers the worked example signs.</summary>
    private static Dictionary<string, string> ExampleHeaders() => new()
    {
        ["host"] = "ddm.eu-de.otc.t-systems.com",
        ["x-sdk-date"] = "20251102T080910Z",
        ["x-project-id"] = ExampleProject,
    };

    [Fact]
    public void The_worked_example_gives_the_documented_canonical_request_and_signature()
    {
        var headers = ExampleHeaders();

        var canonical = DdmAccessKeyCredential.CanonicalRequest("GET", ExampleUri, headers, EmptyBody);
        var signature = DdmAccessKeyCredential.Signature(Encoding.UTF8.GetBytes(ExampleSecretKey), "20251102T080910Z", canonical);

        Assert.Equal(ExampleCanonicalRequest, canonical);
        Assert.Equal("871793d3c2f495524199b8ebcb20fe0b638a41bc7ff6996147c44bce0c16c911", signature);
    }

    [Fact]
    public void The_python_sdk_vector_gives_its_signature()
    {
        var headers = new Dictionary<string, string> { ["host"] = "service.endpoint.myhuaweicloud.com", ["x-sdk-date"] = "20200608T023900Z" };

        var canonical = DdmAccessKeyCredential.CanonicalRequest("GET", new Uri("https://service.endpoint.myhuaweicloud.com/resources?size=1"), headers, EmptyBody);

        Assert.Equal("cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842", DdmAccessKeyCredential.Signature(Encoding.UTF8.GetBytes("SecretKey"), "20200608T023900Z", canonical));
    }

    [Fact]
    public void The_query_is_sorted_by_utf8_bytes_where_utf16_code_units_sort_otherwise()
    {
        // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) by bytes, as the reference sorts, but after it by UTF-16
        // code units (FF21 against the surrogate D83D), as string.CompareOrdinal sorts. Signature computed apart from
        // this project with Python (hashlib, hmac), whose strings sort by code point, which is UTF-8 byte order.
        var headers = ExampleHeaders();
        var uri = new Uri(ExampleUri.AbsoluteUri + "&tag=%F0%9F%98%80&tag=%EF%BC%A1&%F0%9F%98%80=1&%EF%BC%A1=2");

        var canonical = DdmAccessKeyCredential.CanonicalRequest("GET", uri, headers, EmptyBody);

        Assert.Equal("limit=10&offset=0&tag=%EF%BC%A1&tag=%F0%9F%98%80&%EF%BC%A1=2&%F0%9F%98%80=1", canonical.Split('\n')[2]);
        Assert.Equal("17b7f5f59a80b588606be8d6bb95334fc1682076542000b854e009805eadbf9a", DdmAccessKeyCredential.Signature(Encoding.UTF8.GetBytes(ExampleSecretKey), "20251102T080910Z", canonical));
    }

    [Fact]
    public async Task A_query_with_characters_whose_byte_and_code_unit_orders_differ_is_accepted_by_the_emulator()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);
        var options = Rewriting("limit=2", "limit=2&tag=%F0%9F%98%80&tag=%EF%BC%A1&%F0%9F%98%80=1&%EF%BC%A1=2");

        var result = await client.ListBackupsAsync(0, 2, options);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Fact]
    public void Escapes_of_bytes_that_are_no_utf8_text_are_signed_as_those_bytes()
    {
        // The reference decodes each escape to its byte and encodes the bytes again: %FF signs as %FF, not as the %25FF
        // of a "%" left undecoded. Signature computed apart from this project with Python (urllib's unquote_to_bytes,
        // hashlib, hmac) and checked with openssl.
        var headers = ExampleHeaders();
        var uri = new Uri(ExampleUri.AbsoluteUri + "&raw=%FF&raw=%e9t%C3%A9&%80=x");

        var canonical = DdmAccessKeyCredential.CanonicalRequest("GET", uri, headers, EmptyBody);
        var path = DdmAccessKeyCredential.CanonicalRequest("GET", new Uri("https://ddm.example/v3/p/jobs/a%FFb/%c3%28/%E9t%C3%A9"), headers, EmptyBody);

        Assert.Equal("limit=10&offset=0&raw=%E9t%C3%A9&raw=%FF&%80=x", canonical.Split('\n')[2]);
        Assert.Equal("921d8525cfa65776a383f113f3aa47ee17fafde831ba7f6f8579e1685a3d380b", DdmAccessKeyCredential.Signature(Encoding.UTF8.GetBytes(ExampleSecretKey), "20251102T080910Z", canonical));
        Assert.Equal("/v3/p/jobs/a%FFb/%C3%28/%E9t%C3%A9/", path.Split('\n')[1]);
    }

    [Fact]
    public async Task A_query_with_escapes_of_bytes_that_are_no_utf8_text_is_accepted_by_the_emulator()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);
        var options = Rewriting("limit=2", "limit=2&raw=%FF&raw=%e9t%C3%A9&%80=x");

        var result = await client.ListBackupsAsync(0, 2, options);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Fact]
    public async Task The_policy_signs_the_worked_example_into_the_documented_authorization_header()
    {
        HttpRequestMessage? sent = null;
        using var http = new HttpClient(new CapturingHandler(request => sent = request));
        var credential = new DdmAccessKeyCredential(ExampleAccessKey, ExampleSecretKey, projectId: ExampleProject, timeProvider: new ManualTimeProvider(new DateTimeOffset(2025, 11, 2, 8, 9, 10, TimeSpan.Zero)));
        var pipeline = ClientPipeline.Create(new ClientPipelineOptions { Transport = new HttpClientPipelineTransport(http) }, default, default, new PipelinePolicy[] { credential });
        using var message = pipeline.CreateMessage();
        message.Request.Method = "GET";
        message.Request.Uri = ExampleUri;
        message.Request.Headers.Set("Content-Type", "application/json");

        await pipeline.SendAsync(message);

        Assert.Equal(
            "SDK-HMAC-SHA256 Access=HPUAEXAMPLE7Q2WKD8ZJ, SignedHeaders=host;x-project-id;x-sdk-date, Signature=871793d3c2f495524199b8ebcb20fe0b638a41bc7ff6996147c44bce0c16c911",
            sent!.Headers.GetValues("Authorization").Single());
        Assert.Equal("20251102T080910Z", sent.Headers.GetValues("X-Sdk-Date").Single());
    }

    [Fact]
    public async Task Signed_requests_are_accepted_by_the_emulator_with_and_without_a_security_token()
    {
        var temporary = new EmulatorAccessKey("EMULATORAK0000000002", "temporary-secret", "temporary-security-token");
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { AccessKeys = { temporary } });
        var permanent = emulator.Options.AccessKeys[0];

        var first = await Client(emulator, new DdmAccessKeyCredential(permanent.AccessKey, permanent.SecretKey, projectId: emulator.Options.ProjectId)).ListBackupsAsync(offset: 3, limit: 5);
        var second = await Client(emulator, new DdmAccessKeyCredential(temporary.AccessKey, temporary.SecretKey, temporary.SecurityToken, emulator.Options.ProjectId)).ListRestorableTimeIntervalsAsync(emulator.InstanceIds[0]);

        Assert.Equal(5, first.Value.Backups.Count);
        Assert.Equal(200, second.GetRawResponse().Status);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_the_gateway_error_and_not_retried()
    {
        const string WrongSecret = "not-the-secret-key-0815";
        await using var emulator = await DdmEmulator.StartAsync();
        var key = emulator.Options.AccessKeys[0];
        var client = Client(emulator, new DdmAccessKeyCredential(key.AccessKey, WrongSecret, projectId: emulator.Options.ProjectId));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal(401, exception.Status);
        Assert.Equal("APIG.0301", exception.ErrorCode);
        Assert.Equal(1, emulator.Statistics.Requests);
        Assert.DoesNotContain(WrongSecret, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_changed_after_signing_is_refused()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);
        var options = Rewriting("limit=10", "limit=11", PipelinePosition.BeforeTransport);

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync(0, 10, options));

        Assert.Equal(401, exception.Status);
        Assert.Equal("APIG.0301", exception.ErrorCode);
    }

    [Fact]
    public async Task Empty_pairs_in_the_query_are_left_out_of_the_signature_as_the_verifier_leaves_them_out()
    {
        // The client signed "&&" as a pair "=" that the gateway does not see.
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);
        var options = Rewriting("&limit=", "&&limit=");
        options.AddPolicy(new RewriteUriPolicy("limit=2", "limit=2&"), PipelinePosition.PerCall);

        var result = await client.ListBackupsAsync(0, 2, options);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Fact]
    public async Task A_request_that_declares_an_unsigned_payload_signs_the_literal_instead_of_the_body_hash()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);
        var options = new RequestOptions();
        options.AddHeader("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");

        var result = await client.ListBackupsAsync(0, 1, options);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Fact]
    public async Task Content_headers_of_a_request_without_a_body_are_not_signed_since_they_are_not_sent()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var options = new RequestOptions();
        options.AddHeader("Content-Language", "en");
        options.AddHeader("Expires", "0");
        options.AddHeader("Content-Length", "0");

        var result = await SignedClient(emulator).ListBackupsAsync(0, 1, options);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Theory]
    [InlineData("http://b\u00fccher.example:{port}/", null)]
    [InlineData("http://b\u00fccher.example/", null)]
    [InlineData("http://[::1]:{port}/", null)]
    [InlineData("http://127.0.0.1:{port}/", "ddm.example.com")]
    public async Task The_host_is_signed_as_it_goes_on_the_wire(string endpoint, string? hostHeader)
    {
        // The client signed uri.Host: "bücher.example" where HttpClient sends punycode, and never the request's own Host.
        await using var emulator = await DdmEmulator.StartAsync();
        var key = emulator.Options.AccessKeys[0];
        var port = emulator.BaseAddress.Port;
        using var http = new HttpClient(new SocketsHttpHandler
        {
            // Whatever host the URI names, the connection goes to the emulator; the Host header stays the URI's.
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
        var client = new DdmClient(http, new DdmClientOptions
        {
            Endpoint = new Uri(endpoint.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            ProjectId = emulator.Options.ProjectId,
            AllowInsecureTransport = true,
            Credential = new DdmAccessKeyCredential(key.AccessKey, key.SecretKey, projectId: emulator.Options.ProjectId),
        });
        var options = new RequestOptions();
        if (hostHeader is not null)
        {
            options.AddHeader("Host", hostHeader);
        }

        var result = await client.ListBackupsAsync(0, 1, options);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Fact]
    public async Task A_credential_created_without_a_project_id_sends_and_signs_the_clients_project()
    {
        // X-Project-Id went out only when the credential was given the project id a second time.
        await using var server = await EmptyPageServerAsync();
        var client = ExampleClient(server.BaseAddress);

        await client.ListBackupsAsync(0, 1);

        Assert.Contains(("X-Project-Id", ExampleProject), server.Headers);
        var authorization = server.Headers.Single(header => header.Name == "Authorization").Value;
        Assert.Contains("x-project-id", authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';'));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("ddm/", true)]
    [InlineData("gw/v1/", false)]
    [InlineData("proxy/v2/ddm/", false)]
    public async Task Behind_a_base_path_with_a_version_of_its_own_no_project_is_guessed(string basePath, bool sent)
    {
        // The first "v<digits>" segment was taken for the API version: behind "gw/v1/" the project sent and signed was "v3".
        await using var server = await EmptyPageServerAsync();
        var client = ExampleClient(new Uri(server.BaseAddress, basePath));

        await client.ListBackupsAsync(0, 1);

        Assert.StartsWith("/" + basePath + "v3/" + ExampleProject + "/backups", server.RawTargets.Single(), StringComparison.Ordinal);
        Assert.Equal(sent ? new[] { ExampleProject } : [], server.Headers.Where(header => header.Name == "X-Project-Id").Select(header => header.Value));
    }

    [Fact]
    public async Task A_project_in_the_path_that_is_not_header_text_is_not_sent_and_the_request_goes_out_once()
    {
        // HttpClient refused the header "X-Project-Id: prøject" on every try: four tries, six seconds, then an error.
        await using var server = await EmptyPageServerAsync();
        var client = ExampleClient(server.BaseAddress, "pr\u00f8ject");

        var result = await client.ListBackupsAsync(0, 1);

        Assert.Equal(200, result.GetRawResponse().Status);
        Assert.StartsWith("/v3/pr%C3%B8ject/backups", server.RawTargets.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Headers, header => header.Name == "X-Project-Id");
    }

    [Theory]
    [InlineData("{{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect IAM authentication information: signature {0} does not match\"}}")]
    [InlineData("<html>signature {0} does not match</html>")]
    [InlineData("{{\"error_code\":\"APIG.0301\",\"error_msg\":\"verify aksk signature fail\",\"request_id\":\"{0}\"}}")]
    public async Task A_signature_the_gateway_repeats_alone_is_not_in_the_exception(string answer)
    {
        // Regression: only the whole Authorization value and the part after its scheme were masked, so a gateway that
        // repeated the signature alone put it into the exception's message, ResponseBody and ErrorMessage.
        var signatures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await Http.ScriptedServer.StartAsync(context =>
        {
            var signature = context.Request.Headers.Authorization.ToString().Split("Signature=")[1];
            signatures.Enqueue(signature);
            context.Response.StatusCode = 401;
            return context.Response.WriteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, answer, signature));
        });
        var client = ExampleClient(server.BaseAddress);

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync(0, 1));

        var signature = Assert.Single(signatures);
        Assert.Equal(401, exception.Status);
        Assert.Contains("***", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, exception.ToString() + exception.ResponseBody + exception.ErrorMessage + exception.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_date_is_refused()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var key = emulator.Options.AccessKeys[0];
        var lateClock = new ManualTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(20));
        var client = Client(emulator, new DdmAccessKeyCredential(key.AccessKey, key.SecretKey, projectId: emulator.Options.ProjectId, timeProvider: lateClock));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal(401, exception.Status);
    }

    [Fact]
    public void An_escaped_slash_inside_a_path_segment_is_signed_as_a_plain_slash()
    {
        // The reference decodes the whole path before splitting it; the client split first and kept "a%2Fb" as one segment.
        var headers = new Dictionary<string, string> { ["host"] = "h", ["x-sdk-date"] = "20251102T080910Z" };

        var canonical = DdmAccessKeyCredential.CanonicalRequest("GET", new Uri("https://h/v3/p/instances/a%2Fb%20c/x"), headers, EmptyBody);

        Assert.Equal("/v3/p/instances/a/b%20c/x/", canonical.Split('\n')[1]);
    }

    [Fact]
    public async Task A_request_for_an_instance_id_with_a_slash_is_accepted_by_the_verifier()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListRestorableTimeIntervalsAsync("a/b"));

        // No such instance, as with a token; not a signature the gateway refuses.
        Assert.StartsWith("DBS.", exception.ErrorCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_with_several_values_is_signed_as_it_goes_on_the_wire()
    {
        // The pipeline joined the values with "," for the signature; HTTP sent them joined with ", ", so the verifier refused.
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);
        var options = new RequestOptions();
        options.AddHeader("X-Test", "a");
        options.AddHeader("X-Test", "b");
        options.AddHeader("Accept", "text/plain");

        var result = await client.ListBackupsAsync(0, 1, options);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Fact]
    public void The_credential_names_the_access_key_but_never_the_secret()
    {
        var credential = new DdmAccessKeyCredential(ExampleAccessKey, ExampleSecretKey, "security-token-value");

        Assert.Contains(ExampleAccessKey, credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ExampleSecretKey, credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("security-token-value", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_request_is_signed_afresh_with_the_date_of_its_own_try()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock });
        var key = emulator.Options.AccessKeys[0];
        var dates = new List<string>();
        using var http = new HttpClient(new BusyOnce(clock, dates));
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = new DdmAccessKeyCredential(key.AccessKey, key.SecretKey, projectId: emulator.Options.ProjectId, timeProvider: clock) });

        var page = await client.ListBackupsAsync(offset: 1, limit: 4);

        Assert.Equal(4, page.Value.Backups.Count);
        Assert.Equal(2, dates.Count);
        Assert.NotEqual(dates[0], dates[1]);
    }

    /// <summary>Answers the first request with a 503 and moves the clock on 20 minutes, past the gateway's window; sends the others.</summary>
    private sealed class BusyOnce(ManualTimeProvider clock, List<string> dates) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            dates.Add(request.Headers.GetValues("X-Sdk-Date").Single());
            if (dates.Count > 1)
            {
                return base.SendAsync(request, cancellationToken);
            }

            clock.Advance(TimeSpan.FromMinutes(20));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new StringContent("") });
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_is_signed_by_its_hash_and_sent_whole_whether_it_is_bytes_or_a_stream(bool stream)
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var client = SignedClient(emulator);
        var body = Encoding.UTF8.GetBytes("""{"name":"a body to sign"}""");
        using var message = client.Pipeline.CreateMessage();
        message.Request.Method = "GET";
        message.Request.Uri = new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups?limit=2");
        message.Request.Content = stream ? BinaryContent.Create(new MemoryStream(body)) : BinaryContent.Create(BinaryData.FromBytes(body));

        await client.Pipeline.SendAsync(message);

        Assert.Equal(200, message.Response!.Status);
    }

    /// <summary>A client that signs with the emulator's permanent access key.</summary>
    private static DdmClient SignedClient(DdmEmulator emulator)
    {
        var key = emulator.Options.AccessKeys[0];
        return Client(emulator, new DdmAccessKeyCredential(key.AccessKey, key.SecretKey, projectId: emulator.Options.ProjectId));
    }

    private static DdmClient Client(DdmEmulator emulator, DdmCredential credential) =>
        new(new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = credential });

    /// <summary>Options of a request whose URI has <paramref name="oldText"/> replaced by <paramref name="newText"/> at <paramref name="position"/>.</summary>
    private static RequestOptions Rewriting(string oldText, string newText, PipelinePosition position = PipelinePosition.PerCall)
    {
        var options = new RequestOptions();
        options.AddPolicy(new RewriteUriPolicy(oldText, newText), position);
        return options;
    }

    /// <summary>A server that answers every request with an empty page of backups.</summary>
    private static Task<Http.ScriptedServer> EmptyPageServerAsync() =>
        Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"backups":[],"total":0,"offset":0,"limit":1}"""));

    /// <summary>A client of <paramref name="endpoint"/> for <paramref name="projectId"/> that signs with the example's key, made without a project id.</summary>
    private static DdmClient ExampleClient(Uri endpoint, string projectId = ExampleProject) =>
        new(new DdmClientOptions { Endpoint = endpoint, ProjectId = projectId, Credential = new DdmAccessKeyCredential(ExampleAccessKey, ExampleSecretKey) });

    /// <summary>
    /// Replaces text in the request URI: after the credential signed it, as a tampering proxy would, or before, for a
    /// URI the generated client does not write.
    /// </summary>
    private sealed class RewriteUriPolicy(string oldText, string newText) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Change(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Change(message);
            await ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Change(PipelineMessage message) => message.Request.Uri = new Uri(message.Request.Uri!.AbsoluteUri.Replace(oldText, newText, StringComparison.Ordinal));
    }

    private sealed class CapturingHandler(Action<HttpRequestMessage> capture) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            capture(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
        }
    }

    [Theory]
    [InlineData("AK\r\nX-Evil: 1", null, null)]
    [InlineData("AK", "token\nX-Evil: 1", null)]
    [InlineData("AK", null, "project\r\n")]
    [InlineData("AK-pr\u00f8ject", null, null)]
    [InlineData("AK", "token-pr\u00f8ject", null)]
    [InlineData("AK", null, "pr\u00f8ject")]
    public void A_value_sent_in_a_header_that_a_header_cannot_carry_is_refused_at_construction(string accessKey, string? securityToken, string? projectId)
    {
        // A letter outside ASCII passed, and HttpClient refused the header only when the request was sent, on every try.
        var exception = Assert.Throws<ArgumentException>(() => new DdmAccessKeyCredential(accessKey, "secret-key", securityToken, projectId));

        Assert.Contains("line break, another control character or a character outside ASCII", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Evil", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u00f8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_query_order_is_the_order_of_the_utf8_bytes_for_any_text()
    {
        // Two values of one name must come out in the order of their UTF-8 bytes, which the gateway sorts.
        var headers = new Dictionary<string, string> { ["x-sdk-date"] = "20251102T080910Z" };
        var characters = Gen.OneOf(Gen.Char['a', 'c'], Gen.Char['\u00e0', '\u00e2'], Gen.Char['\uff20', '\uff22'], Gen.Char['\ue000', '\ue001'])
            .Select(character => character.ToString());
        var text = Gen.OneOf(characters, Gen.OneOf("\U0001F600", "\U00010000", "\U0010FFFF")).Array[0, 6].Select(parts => string.Concat(parts));

        Gen.Select(text, text).Sample(pair =>
        {
            var uri = new Uri("https://ddm.example/v3/p/backups?k=" + Uri.EscapeDataString(pair.Item1) + "&k=" + Uri.EscapeDataString(pair.Item2));
            var byBytes = Encoding.UTF8.GetBytes(pair.Item1).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(pair.Item2)) <= 0 ? (pair.Item1, pair.Item2) : (pair.Item2, pair.Item1);
            return DdmAccessKeyCredential.CanonicalRequest("GET", uri, headers, EmptyBody).Split('\n')[2]
                == "k=" + Uri.EscapeDataString(byBytes.Item1) + "&k=" + Uri.EscapeDataString(byBytes.Item2);
        },
            iter: 20_000);
    }
}
