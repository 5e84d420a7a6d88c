using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>The API gateway's AK/SK check (SDK-HMAC-SHA256): the published vectors, then signed requests over loopback.</summary>
public sealed class SignatureTests
{
    // The worked example and the SDK test vector below are copied from docs/reference/otc-aksk-signing.md, the project's reference
    // facts on AK/SK request signing (read from the Huawei Cloud .NET, Go and Python SDKs and the API Gateway guide).
    private const string ExampleAccessKey = "HPUAEXAMPLE7Q2WKD8ZJ";
    private const string ExampleSecretKey = "exampleSK/9f3c+1a7e=5bQ2wKd8ZjM0nP4rT6vX";
    private const string ExampleProjectId = "0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d";
    private const string ExampleHost = "ddm.eu-de.otc.t-systems.com";
    private const string ExampleDate = "20251102T080910Z";
    private const string ExampleTarget = "/v3/0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d/backups?offset=0&limit=10";
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string ExampleCanonicalRequest =
        "GET\n"
        + "/v3/0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d/backups/\n"
        + "limit=10&offset=0\n"
        + "host:ddm.eu-de.otc.t-systems.com\n"
        + "x-project-id:0b5d3e1f8a4c4f6e9d2a7c1b3e5f7a9d\n"
        + "x-sdk-date:20251102T080910Z\n"
        + "\n"
        + "host;x-project-id;x-sdk-date\n"
        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string ExampleCanonicalHash = "943cd76bc8d22220bd310a618d3b8b05234d5004195597b7f03321c0f89c24c8";
    private const string ExampleSignature = "871793d3c2f495524199b8ebcb20fe0b638a41bc7ff6996147c44bce0c16c911";
    private const string ExampleAuthorization = "SDK-HMAC-SHA256 Access=HPUAEXAMPLE7Q2WKD8ZJ, SignedHeaders=host;x-project-id;x-sdk-date, Signature=871793d3c2f495524199b8ebcb20fe0b638a41bc7ff6996147c44bce0c16c911";

    // Python SDK test vector (huaweicloud-sdk-python-v3, tests/test_signer.py), as quoted by the same document.
    private const string VectorSignature = "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842";

    private static readonly DateTimeOffset ExampleTime = new(2025, 11, 2, 8, 9, 10, TimeSpan.Zero);

    private static readonly string[] ExampleSignedHeaders = { "host", "x-project-id", "x-sdk-date" };

    [Fact]
    public void The_verifier_reproduces_the_worked_example()
    {
        var canonical = SignatureVerifier.CanonicalRequest("GET", ExampleTarget, ExampleSignedHeaders, new[] { ExampleHost, ExampleProjectId, ExampleDate }, EmptyBodyHash);

        Assert.Equal(ExampleCanonicalRequest, canonical);
        Assert.Equal(ExampleCanonicalHash, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant());
        Assert.Equal(ExampleSignature, SignatureVerifier.Sign(ExampleSecretKey, ExampleDate, canonical));
    }

    [Fact]
    public void The_verifier_reproduces_the_python_sdk_vector()
    {
        var canonical = SignatureVerifier.CanonicalRequest("GET", "/resources?size=1", new[] { "host", "x-sdk-date" }, new[] { "service.endpoint.myhuaweicloud.com", "20200608T023900Z" }, EmptyBodyHash);

        Assert.Equal(VectorSignature, SignatureVerifier.Sign("SecretKey", "20200608T023900Z", canonical));
    }

    [Fact]
    public async Task The_test_signer_reproduces_the_worked_example_and_the_python_sdk_vector()
    {
        using var example = new HttpRequestMessage(HttpMethod.Get, "https://" + ExampleHost + ExampleTarget);
        var canonical = await TestSigner.SignAsync(example, ExampleAccessKey, ExampleSecretKey, ExampleTime, projectId: ExampleProjectId);
        using var vector = new HttpRequestMessage(HttpMethod.Get, "https://service.endpoint.myhuaweicloud.com/resources?size=1");
        await TestSigner.SignAsync(vector, "AccessKey", "SecretKey", new DateTimeOffset(2020, 6, 8, 2, 39, 0, TimeSpan.Zero));

        Assert.Equal(ExampleCanonicalRequest, canonical);
        Assert.Equal(ExampleAuthorization, example.Headers.GetValues("Authorization").Single());
        Assert.EndsWith("SignedHeaders=host;x-sdk-date, Signature=" + VectorSignature, vector.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }

    // The worked example with four more pairs, whose names and values differ in UTF-8 byte order and UTF-16 code unit
    // order: U+FF21 (EF BC A1; the unit FF21) sorts before U+1F600 (F0 9F 98 80; the units D83D DE00) by bytes, after it
    // by units. The reference sorts by bytes. Computed apart from this project with Python (hashlib, hmac), whose
    // strings sort by code point, which is UTF-8 byte order.
    private const string ByteOrderTarget = ExampleTarget + "&tag=%F0%9F%98%80&tag=%EF%BC%A1&%F0%9F%98%80=1&%EF%BC%A1=2";
    private const string ByteOrderQuery = "limit=10&offset=0&tag=%EF%BC%A1&tag=%F0%9F%98%80&%EF%BC%A1=2&%F0%9F%98%80=1";
    private const string ByteOrderCanonicalHash = "d703a198cd7060a36544f798ead146984ffafb75ab77c0eb932094f095fe66b9";
    private const string ByteOrderSignature = "17b7f5f59a80b588606be8d6bb95334fc1682076542000b854e009805eadbf9a";

    // The same request signed with the pairs in UTF-16 code unit order, which is not the reference's.
    private const string Utf16OrderSignature = "db1e977a691de57325f41a29c3c0b75f9fcb0244904d6ebc117d0998767adfab";

    [Fact]
    public void The_verifier_sorts_the_query_by_utf8_bytes_where_utf16_code_units_sort_otherwise()
    {
        var canonical = SignatureVerifier.CanonicalRequest("GET", ByteOrderTarget, ExampleSignedHeaders, new[] { ExampleHost, ExampleProjectId, ExampleDate }, EmptyBodyHash);

        Assert.Equal(ByteOrderQuery, canonical.Split('\n')[2]);
        Assert.Equal(ByteOrderCanonicalHash, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant());
        Assert.Equal(ByteOrderSignature, SignatureVerifier.Sign(ExampleSecretKey, ExampleDate, canonical));
    }

    [Fact]
    public async Task The_test_signer_sorts_the_query_by_utf8_bytes_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://" + ExampleHost + ByteOrderTarget);

        var canonical = await TestSigner.SignAsync(request, ExampleAccessKey, ExampleSecretKey, ExampleTime, projectId: ExampleProjectId);

        Assert.Equal(ByteOrderQuery, canonical.Split('\n')[2]);
        Assert.EndsWith("Signature=" + ByteOrderSignature, request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_slashes_and_other_bytes_are_signed_decoded_then_encoded()
    {
        var canonical = SignatureVerifier.CanonicalRequest("get", "/v3/p/jobs/a%2Fb%20c/caf%C3%A9?b=%7e&a=2&a=1&flag", new[] { "x-sdk-date" }, new[] { " 20251102T080910Z " }, EmptyBodyHash);

        Assert.Equal("GET\n/v3/p/jobs/a/b%20c/caf%C3%A9/\na=1&a=2&b=~&flag=\nx-sdk-date:20251102T080910Z\n\nx-sdk-date\n" + EmptyBodyHash, canonical);
    }

    // The worked example with three more pairs whose escapes are bytes that are no UTF-8 text: the reference decodes
    // each escape to its byte and encodes the bytes again, so %FF signs as %FF and lower-case hex as upper-case. Computed
    // apart from this project with Python (urllib's unquote_to_bytes, hashlib, hmac) and checked with openssl.
    private const string RawByteTarget = ExampleTarget + "&raw=%FF&raw=%e9t%C3%A9&%80=x";
    private const string RawByteQuery = "limit=10&offset=0&raw=%E9t%C3%A9&raw=%FF&%80=x";
    private const string RawByteCanonicalHash = "c077a6c612008d555ba8a3c36ecdccaf5c3f01eed8ff6ff79fea4cfb7c88585a";
    private const string RawByteSignature = "921d8525cfa65776a383f113f3aa47ee17fafde831ba7f6f8579e1685a3d380b";

    [Fact]
    public void Escapes_of_bytes_that_are_no_utf8_text_are_signed_as_those_bytes()
    {
        var canonical = SignatureVerifier.CanonicalRequest("GET", RawByteTarget, ExampleSignedHeaders, new[] { ExampleHost, ExampleProjectId, ExampleDate }, EmptyBodyHash);
        var path = SignatureVerifier.CanonicalRequest("GET", "/v3/p/jobs/a%FFb/%c3%28/%E9t%C3%A9", new[] { "x-sdk-date" }, new[] { ExampleDate }, EmptyBodyHash);

        Assert.Equal(RawByteQuery, canonical.Split('\n')[2]);
        Assert.Equal(RawByteCanonicalHash, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant());
        Assert.Equal(RawByteSignature, SignatureVerifier.Sign(ExampleSecretKey, ExampleDate, canonical));
        Assert.Equal("/v3/p/jobs/a%FFb/%C3%28/%E9t%C3%A9/", path.Split('\n')[1]);
    }

    [Fact]
    public async Task A_query_with_escapes_of_bytes_that_are_no_utf8_text_is_accepted_over_http()
    {
        await using var emulator = await ExampleEmulator();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        using var response = await http.SendAsync(ExampleRequest(RawByteTarget, $"SDK-HMAC-SHA256 Access={ExampleAccessKey}, SignedHeaders=host;x-project-id;x-sdk-date, Signature={RawByteSignature}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_test_signer_signs_escapes_of_bytes_that_are_no_utf8_text_as_those_bytes_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://" + ExampleHost + RawByteTarget);

        var canonical = await TestSigner.SignAsync(request, ExampleAccessKey, ExampleSecretKey, ExampleTime, projectId: ExampleProjectId);

        Assert.Equal(RawByteQuery, canonical.Split('\n')[2]);
        Assert.EndsWith("Signature=" + RawByteSignature, request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }

    private static async Task<(DdmEmulator Emulator, HttpClient Http, ManualTimeProvider Clock)> Start(params EmulatorAccessKey[] keys)
    {
        var clock = new ManualTimeProvider();
        var options = new EmulatorOptions { TimeProvider = clock };
        if (keys.Length > 0)
        {
            options.AccessKeys = keys.ToList();
        }

        var emulator = await DdmEmulator.StartAsync(options);
        return (emulator, new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, clock);
    }

    private static async Task AssertGatewayRefusal(HttpResponseMessage response, string reason)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("APIG.0301", body.GetProperty("error_code").GetString());
        Assert.Equal("Incorrect IAM authentication information: " + reason, body.GetProperty("error_msg").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task The_worked_example_request_is_accepted_over_http()
    {
        await using var emulator = await ExampleEmulator();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        using var accepted = await http.SendAsync(ExampleRequest(ExampleTarget, ExampleAuthorization));
        using var tampered = await http.SendAsync(ExampleRequest(ExampleTarget, ExampleAuthorization[..^1] + "0"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(10, JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("backups").GetArrayLength());
        await AssertGatewayRefusal(tampered, "the signature does not match");
    }

    [Fact]
    public async Task A_query_signed_in_utf8_byte_order_is_accepted_and_one_in_utf16_code_unit_order_is_refused()
    {
        // The Go and Python SDKs sort by bytes (code points), as the reference says; the .NET SDK sorts with
        // string.CompareOrdinal, by UTF-16 code units. The gateway can check only one order, and the reference wins.
        await using var emulator = await ExampleEmulator();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        static string Signed(string signature) => $"SDK-HMAC-SHA256 Access={ExampleAccessKey}, SignedHeaders=host;x-project-id;x-sdk-date, Signature={signature}";

        using var byBytes = await http.SendAsync(ExampleRequest(ByteOrderTarget, Signed(ByteOrderSignature)));
        using var byUnits = await http.SendAsync(ExampleRequest(ByteOrderTarget, Signed(Utf16OrderSignature)));

        Assert.Equal(HttpStatusCode.OK, byBytes.StatusCode);
        await AssertGatewayRefusal(byUnits, "the signature does not match");
    }

    /// <summary>An emulator at the worked example's time, project and access key.</summary>
    private static Task<DdmEmulator> ExampleEmulator()
    {
        var clock = new ManualTimeProvider();
        clock.Advance(ExampleTime - clock.GetUtcNow());
        return DdmEmulator.StartAsync(new EmulatorOptions
        {
            ProjectId = ExampleProjectId,
            TimeProvider = clock,
            AccessKeys = new List<EmulatorAccessKey> { new(ExampleAccessKey, ExampleSecretKey) },
        });
    }

    /// <summary>A GET of <paramref name="target"/> with the worked example's host, date and project, and <paramref name="authorization"/>.</summary>
    private static HttpRequestMessage ExampleRequest(string target, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target.TrimStart('/'));
        request.Headers.Host = ExampleHost;
        request.Headers.Add("X-Sdk-Date", ExampleDate);
        request.Headers.Add("X-Project-Id", ExampleProjectId);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    [Fact]
    public async Task Signed_requests_are_accepted_with_query_path_escapes_and_a_json_body()
    {
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];
        var project = emulator.Options.ProjectId;

        using var list = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{project}/backups?limit=5&offset=2&name=caf%C3%A9&name=a%20b"));
        await TestSigner.SignAsync(list, key.AccessKey, key.SecretKey, clock.GetUtcNow(), projectId: project);
        using var job = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{project}/jobs/a%2Fb%20c"));
        await TestSigner.SignAsync(job, key.AccessKey, key.SecretKey, clock.GetUtcNow());
        using var restore = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, $"v3/{project}/instances/{emulator.InstanceIds[0]}/backups/recovery"))
        {
            Content = new StringContent("""{"source":{"instance_id":"x","restore_time":0},"target":{"instance_id":"y"}}""", Encoding.UTF8, "application/json"),
        };
        await TestSigner.SignAsync(restore, key.AccessKey, key.SecretKey, clock.GetUtcNow(), projectId: project);

        using var listed = await http.SendAsync(list);
        using var jobAnswer = await http.SendAsync(job);
        using var restored = await http.SendAsync(restore);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(5, JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("backups").GetArrayLength());
        // Past the gateway: the job is unknown to DDM, and the body reached the route (its instances are unknown: 400).
        Assert.Equal(HttpStatusCode.BadRequest, jobAnswer.StatusCode);
        Assert.Equal("DBS.300400", JsonDocument.Parse(await jobAnswer.Content.ReadAsStringAsync()).RootElement.GetProperty("errCode").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, restored.StatusCode);
        Assert.Equal("DBS.280001", JsonDocument.Parse(await restored.Content.ReadAsStringAsync()).RootElement.GetProperty("errCode").GetString());
    }

    [Theory]
    [InlineData(true, HttpStatusCode.UnsupportedMediaType)]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    public async Task An_unsigned_payload_leaves_the_body_out_of_the_signature(bool unsignedPayload, HttpStatusCode afterBodyChange)
    {
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/instances/{emulator.InstanceIds[0]}/backups/recovery"))
        {
            Content = new StringContent("not json", Encoding.UTF8, "text/plain"),
        };
        await TestSigner.SignAsync(request, key.AccessKey, key.SecretKey, clock.GetUtcNow(), unsignedPayload: unsignedPayload);
        request.Content = new StringContent("NOT JSON", Encoding.UTF8, "text/plain");
        using var response = await http.SendAsync(request);

        // Past the gateway the route refuses the body for its media type; at the gateway it is a bad signature.
        Assert.Equal(afterBodyChange, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_payload_counts_only_where_its_header_is_signed()
    {
        // The reference: the SDKs send and sign X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD. Where the header is sent but
        // left out of SignedHeaders, nothing signed says the body goes unhashed, so the body's hash is what was signed.
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];
        var uri = new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/instances/{emulator.InstanceIds[0]}/backups/recovery");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent("not json", Encoding.UTF8, "text/plain") };
        var date = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.Authority, ["x-sdk-date"] = date };
        var canonical = TestSigner.CanonicalRequest("POST", uri.AbsolutePath, uri.Query, headers, Encoding.UTF8.GetBytes("not json"), unsignedPayload: true);
        request.Headers.Host = uri.Authority;
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.Add("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
        request.Headers.TryAddWithoutValidation("Authorization", $"SDK-HMAC-SHA256 Access={key.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={TestSigner.Signature(key.SecretKey, date, canonical)}");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signed_requests_go_through_faults_like_any_other()
    {
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];
        emulator.Faults.ServerErrors(statuses: new[] { 503 }, limit: 1);

        async Task<HttpStatusCode> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups"));
            await TestSigner.SignAsync(request, key.AccessKey, key.SecretKey, clock.GetUtcNow());
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Send());
        Assert.Equal(HttpStatusCode.OK, await Send());
    }

    public static IEnumerable<object[]> Tamperings() => new[]
    {
        new object[] { "wrong secret", "the signature does not match" },
        new object[] { "changed query", "the signature does not match" },
        new object[] { "changed signed header", "the signature does not match" },
        new object[] { "changed body", "the signature does not match" },
        new object[] { "signed header dropped", "the signature does not match" },
        new object[] { "stale date", "the X-Sdk-Date is more than 15 minutes away from the server time" },
        new object[] { "future date", "the X-Sdk-Date is more than 15 minutes away from the server time" },
        new object[] { "unknown access key", "the access key is unknown" },
        new object[] { "malformed authorization", "the Authorization header is not a valid SDK-HMAC-SHA256 signature" },
        new object[] { "date not signed", "the X-Sdk-Date header is missing, not signed or not in the form yyyyMMddTHHmmssZ" },
        new object[] { "token on a permanent key", "the X-Security-Token is missing, not signed or does not belong to the access key" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_tampered_or_stale_request_is_refused_with_the_gateway_shape(string tampering, string reason)
    {
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];
        var project = emulator.Options.ProjectId;
        var uri = new Uri(emulator.BaseAddress, $"v3/{project}/instances/{emulator.InstanceIds[0]}/backups/recovery?offset=0");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        var signedAt = tampering switch
        {
            "stale date" => clock.GetUtcNow().AddMinutes(-16),
            "future date" => clock.GetUtcNow().AddMinutes(16),
            _ => clock.GetUtcNow(),
        };
        await TestSigner.SignAsync(
            request,
            tampering == "unknown access key" ? "NOTAKEYTHEGATEWAYKNOWS" : key.AccessKey,
            tampering == "wrong secret" ? key.SecretKey + "x" : key.SecretKey,
            signedAt,
            projectId: project,
            securityToken: tampering == "token on a permanent key" ? "some-token" : null);

        var authorization = request.Headers.GetValues("Authorization").Single();
        switch (tampering)
        {
            case "changed query":
                request.RequestUri = new Uri(uri.ToString().Replace("offset=0", "offset=1", StringComparison.Ordinal));
                break;
            case "changed signed header":
                request.Headers.Remove("X-Project-Id");
                request.Headers.Add("X-Project-Id", "another-project");
                break;
            case "changed body":
                request.Content = new StringContent("{ }", Encoding.UTF8, "application/json");
                break;
            case "signed header dropped":
                request.Headers.Remove("X-Project-Id");
                break;
            case "malformed authorization":
                Replace(authorization.Replace(", Signature=", ", Sig=", StringComparison.Ordinal));
                break;
            case "date not signed":
                Replace(authorization.Replace("x-project-id;x-sdk-date", "x-project-id", StringComparison.Ordinal));
                break;
        }

        using var response = await http.SendAsync(request);

        await AssertGatewayRefusal(response, reason);

        void Replace(string value)
        {
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }
    }

    [Fact]
    public async Task A_date_just_inside_the_window_is_accepted_either_way()
    {
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];

        var statuses = new List<HttpStatusCode>();
        foreach (var skew in new[] { TimeSpan.FromMinutes(-15), TimeSpan.FromMinutes(15) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups"));
            await TestSigner.SignAsync(request, key.AccessKey, key.SecretKey, clock.GetUtcNow() + skew);
            statuses.Add((await http.SendAsync(request)).StatusCode);
        }

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK }, statuses);
    }

    [Theory]
    [InlineData("the-token", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("another-token", HttpStatusCode.Unauthorized)]
    public async Task Temporary_credentials_need_their_security_token(string? sent, HttpStatusCode expected)
    {
        var (emulator, http, clock) = await Start(new EmulatorAccessKey("TEMPORARYAK", "temporary-sk", "the-token"));
        await using var _ = emulator;
        using var __ = http;

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups"));
        await TestSigner.SignAsync(request, "TEMPORARYAK", "temporary-sk", clock.GetUtcNow(), securityToken: sent);
        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            await AssertGatewayRefusal(response, "the X-Security-Token is missing, not signed or does not belong to the access key");
        }
    }

    [Fact]
    public async Task A_valid_signature_for_another_project_is_forbidden()
    {
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, "v3/someone-else/backups"));
        await TestSigner.SignAsync(request, key.AccessKey, key.SecretKey, clock.GetUtcNow());
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("APIG.0302", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetString());
    }

    [Theory]
    [InlineData("someone-else", HttpStatusCode.Forbidden)]
    [InlineData("{project}", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData("", HttpStatusCode.OK)]
    public async Task A_signed_x_project_id_of_another_project_is_forbidden_also_when_the_path_names_the_right_one(string? projectId, HttpStatusCode expected)
    {
        // Regression: X-Project-Id, which names the project a signed request acts in, was not read: a request signed for
        // another project was answered with this project's backups because its path named this one.
        // An empty X-Project-Id names no project, so the path's stands: it was refused as "the project .", naming none.
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups"));
        await TestSigner.SignAsync(request, key.AccessKey, key.SecretKey, clock.GetUtcNow(), projectId: projectId?.Replace("{project}", emulator.Options.ProjectId, StringComparison.Ordinal));
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("APIG.0302", body.GetProperty("error_code").GetString());
            Assert.Equal("The IAM user is not authorized to access the project someone-else.", body.GetProperty("error_msg").GetString());
        }
    }

    [Fact]
    public async Task Refusals_never_echo_the_secret_or_the_signature()
    {
        var (emulator, http, clock) = await Start();
        await using var _ = emulator;
        using var __ = http;
        var key = emulator.Options.AccessKeys[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/backups?offset=0"));
        await TestSigner.SignAsync(request, key.AccessKey, "not-the-secret", clock.GetUtcNow());
        var signature = request.Headers.GetValues("Authorization").Single().Split("Signature=")[1];
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("not-the-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(key.SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
        Assert.DoesNotContain(key.SecretKey, key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_key_settings_are_validated_at_start()
    {
        Task Start(params EmulatorAccessKey[] keys) => DdmEmulator.StartAsync(new EmulatorOptions { AccessKeys = keys.ToList() });

        await Assert.ThrowsAsync<ArgumentException>(() => Start(new EmulatorAccessKey("", "sk")));
        await Assert.ThrowsAsync<ArgumentException>(() => Start(new EmulatorAccessKey("AK", "sk", "")));
        await Assert.ThrowsAsync<ArgumentException>(() => Start(new EmulatorAccessKey("AK", "one"), new EmulatorAccessKey("AK", "two")));
    }
}
