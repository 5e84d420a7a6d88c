using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>
/// ddm against a stand-in on 127.0.0.1 that answers as the cloud and what sits in front of it do: a gateway's HTML page,
/// an https port that speaks no TLS, an endpoint written as the API reference writes its URLs.
/// </summary>
public sealed class CloudShapeTests
{
    private const string ProjectId = "619d3e78f61b4be68bc5aa0b59edcf7b";

    private static async Task<(int ExitCode, string Output, string Error)> Run(IReadOnlyDictionary<string, string?> environment, TextReader? input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, new CliConsole(output, error, input: input), name => environment.GetValueOrDefault(name));
        return (exitCode, output.ToString(), error.ToString());
    }

    private static Task<(int ExitCode, string Output, string Error)> Run(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Run(environment, null, args);

    [Fact]
    public async Task An_https_port_that_answers_in_plain_http_is_tried_once_and_named()
    {
        // Regression: the failed handshake was taken for a transient failure and tried three times more, about 6 s of
        // waiting before exit 4, although every try fails the same way. Then its line was the runtime's words ("Cannot
        // determine the frame size or a corrupted frame was received"), which name no cause a user can act on.
        using var server = LoopbackServer.PlainHttp();
        var environment = server.Cloud();
        environment["DDM_ENDPOINT"] = $"https://127.0.0.1:{server.Address.Port}/";

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.Equal(4, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(1, server.Connections);
        Assert.Equal("ddm: the service could not be reached: the server answered the TLS handshake with no TLS, as a plain HTTP server does: check the scheme of the endpoint (--endpoint or DDM_ENDPOINT); the port likely wants http://.\n", error);
    }

    [Fact]
    public async Task A_certificate_the_runtime_refuses_is_tried_once()
    {
        using var server = new SelfSignedTlsServer();
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = $"https://127.0.0.1:{server.Port}/",
            ["OS_PROJECT_ID"] = ProjectId,
            ["OS_AUTH_TOKEN"] = "loopback-token",
        };

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.Equal(4, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(1, server.Handshakes);
        Assert.Contains("certificate", error, StringComparison.Ordinal);

        // Regression: the line was the runtime's "The remote certificate is invalid ...", which says neither what to do
        // nor how to trust a certificate of one's own; the client's advice on an HttpClient of the caller's is no
        // option of ddm's.
        Assert.StartsWith($"ddm: the service could not be reached: the certificate of https://127.0.0.1:{server.Port} was refused (The remote certificate is invalid", error, StringComparison.Ordinal);
        Assert.Contains("add it or its issuer to this machine's trusted certificates (on Linux, the file SSL_CERT_FILE or a directory SSL_CERT_DIR names).\n", error, StringComparison.Ordinal);
        Assert.DoesNotContain("HttpClient", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_gateway_page_names_what_a_user_of_ddm_can_check()
    {
        // Regression: the client's advice for library callers, "ResponseBody holds the start of the page", reached the
        // terminal, where nobody can see that property.
        using var server = LoopbackServer.Answering("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>", 502);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--timeout", "2");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("ddm: listBackups failed with HTTP 502 (BadGateway): an HTML page titled '502 Bad Gateway'.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ResponseBody", error, StringComparison.Ordinal);
        Assert.Contains("DDM_ENDPOINT", error, StringComparison.Ordinal);
        Assert.EndsWith(".\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_page_that_asks_for_a_later_try_names_what_a_user_of_ddm_can_check()
    {
        // Regression: the Retry-After sentence came after the client's advice for library callers, so the advice no
        // longer ended the message, was not replaced, and "ResponseBody holds the start of the page" reached the terminal.
        using var server = LoopbackServer.Answering("<html><head><title>503 Service Temporarily Unavailable</title></head><body>maintenance</body></html>", 503, "Retry-After: 3600");

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--timeout", "2");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("ddm: listBackups failed with HTTP 503 (ServiceUnavailable): an HTML page titled '503 Service Temporarily Unavailable'.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ResponseBody", error, StringComparison.Ordinal);
        Assert.Contains("DDM_ENDPOINT", error, StringComparison.Ordinal);
        Assert.Contains("after 3600 s (Retry-After).", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Retry-After: 1\r\nRetry-After: 3600", "30", "after 3600 s")]
    [InlineData("Retry-After: 0\r\nRetry-After: 5", "2", "after 5 s")]
    [InlineData("Retry-After: 5, 0", "2", "after 5 s")]
    public async Task Of_a_gateway_s_retry_after_and_the_service_s_the_longer_counts(string headers, string timeout, string shown)
    {
        // Regression: two Retry-After values (a gateway's and the service's) were read joined as none, so ddm sent the
        // request again after its own short delay, three times, although either had asked for longer than --timeout.
        using var server = LoopbackServer.Answering("""{"error_code":"APIG.0308","error_msg":"The request is throttled."}""", 429, headers);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--timeout", timeout);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(1, server.Requests);
        Assert.Contains(shown + " (Retry-After).", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backups", "list", "--all")]
    [InlineData("backups", "restore-window", "--instance-id", "inst")]
    public async Task An_answer_larger_than_ddm_reads_is_named_by_its_limit_and_what_to_check(params string[] command)
    {
        // Regression: the line named the client's MaxResponseSize, an option ddm has no way to set, and said nothing of
        // what to do about it.
        using var server = LoopbackServer.Answering("[" + new string(' ', 17 * 1024 * 1024) + "]");

        var (exitCode, output, error) = await Run(server.Cloud(), [.. command, "--timeout", "30"]);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.DoesNotContain("MaxResponseSize", error, StringComparison.Ordinal);
        Assert.Contains("larger than the 16 MiB ddm reads of one answer", error, StringComparison.Ordinal);
        Assert.Contains("DDM_ENDPOINT", error, StringComparison.Ordinal);
        Assert.Contains("HTTPS_PROXY", error, StringComparison.Ordinal);
        Assert.EndsWith(".\n", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task An_iam_answer_with_headers_larger_than_ddm_takes_is_an_answer_not_an_unreachable_iam()
    {
        // Regression: IAM's answer, refused for the size of its headers, was reported as "IAM ... could not be reached
        // (... 65536 bytes.). Check the IAM endpoint and the network." with exit code 4, where the service's is exit 1.
        using var iam = LoopbackServer.AnsweringWithHeadersOf(200_000);
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = "http://127.0.0.1:1/",
            ["OS_PROJECT_ID"] = ProjectId,
            ["OS_AUTH_URL"] = new Uri(iam.Address, "v3").ToString(),
            ["OS_USERNAME"] = "user",
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = "domain",
        };

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"ddm: IAM at {iam.Address} answered with more than the client takes: ", error, StringComparison.Ordinal);
        Assert.Contains("65536 bytes;", error, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be reached", error, StringComparison.Ordinal);
        Assert.DoesNotContain(".).", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", error, StringComparison.Ordinal);
        Assert.EndsWith(".\n", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal(1, iam.Requests);
    }

    [Theory]
    [InlineData("3600")]
    [InlineData("1000000000000")]
    [InlineData("99999999999999999999999")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public async Task Throttling_that_asks_for_a_wait_past_the_timeout_is_not_tried_again_however_long_the_wait(string retryAfter)
    {
        // Regression: a Retry-After of more seconds than an int holds was read by the retry policy as no wait at all, so
        // the request was sent three more times a second or so apart, where one of 3600 s ended the run at once.
        using var server = LoopbackServer.Answering("""{"error_code":"APIG.0308","error_msg":"The request is throttled."}""", 429, "Retry-After: " + retryAfter);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--all", "--timeout", "30");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("ddm: listBackups failed with HTTP 429 (TooManyRequests): APIG.0308 The request is throttled.", error, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_sign_in_page_in_place_of_a_listing_names_what_a_user_of_ddm_can_check()
    {
        // Regression: the client's message for a success answer that is no JSON points library callers at ResponseBody,
        // which reached the terminal, where nobody can see that property.
        using var server = LoopbackServer.Answering("<!DOCTYPE html><html><head><title>Sign in</title></head><body><form></form></body></html>", 200, "X-Request-Id: portal-7");

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--timeout", "2");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("ddm: listBackups: the service answered HTTP 200 with an HTML page titled 'Sign in', not JSON", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ResponseBody", error, StringComparison.Ordinal);
        Assert.EndsWith("check the endpoint and any proxy between (--endpoint, DDM_ENDPOINT or OS_REGION_NAME; HTTPS_PROXY, ALL_PROXY and NO_PROXY) (request id portal-7).\n", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v3/" + ProjectId)]
    [InlineData("v3/" + ProjectId + "/")]
    public async Task An_endpoint_copied_with_the_project_id_reaches_the_service(string path)
    {
        // Regression: the reference writes its URLs as https://{endpoint}/v3/{project_id}/...; an endpoint copied with
        // both sent every request to /v3/{id}/v3/{id}/backups, and the gateway's 404 ended the run without a hint.
        using var server = LoopbackServer.AnsweringAt($"/v3/{ProjectId}/backups", LoopbackServer.OneBackup);
        var environment = server.Cloud();
        environment["DDM_ENDPOINT"] = server.Address + path;

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.True(exitCode == 0, error);
        Assert.Contains("b1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_with_another_project_id_than_the_one_set_is_refused_naming_both()
    {
        using var server = LoopbackServer.AnsweringAt($"/v3/{ProjectId}/backups", LoopbackServer.OneBackup);
        var environment = server.Cloud();
        environment["DDM_ENDPOINT"] = server.Address + "v3/0123456789abcdef0123456789abcdef";

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(0, server.Requests);
        Assert.Contains("0123456789abcdef0123456789abcdef", error, StringComparison.Ordinal);
        Assert.Contains(ProjectId, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_with_a_project_id_and_no_OS_PROJECT_ID_names_the_id_it_held()
    {
        // Regression: the id was dropped from the endpoint and the message asked for OS_PROJECT_ID without naming it.
        using var server = LoopbackServer.AnsweringAt($"/v3/{ProjectId}/backups", LoopbackServer.OneBackup);
        var environment = server.Cloud();
        environment.Remove("OS_PROJECT_ID");
        environment["DDM_ENDPOINT"] = server.Address + "v3/" + ProjectId;

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(0, server.Requests);
        Assert.Contains("set OS_PROJECT_ID (or --project-id)", error, StringComparison.Ordinal);
        Assert.Contains($"'{ProjectId}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v3/{project_id}")]
    [InlineData("v3/%7Bproject_id%7D/")]
    public async Task An_endpoint_with_the_references_placeholder_says_to_drop_it(string path)
    {
        // Regression: the placeholder copied from the reference was taken for another project's id.
        using var server = LoopbackServer.AnsweringAt($"/v3/{ProjectId}/backups", LoopbackServer.OneBackup);
        var environment = server.Cloud();
        environment["DDM_ENDPOINT"] = server.Address + path;

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(0, server.Requests);
        Assert.Contains("the API reference's placeholder", error, StringComparison.Ordinal);
        Assert.DoesNotContain("project '{project_id}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_pipe_that_stays_open_without_a_line_ends_at_the_timeout()
    {
        // Regression: --token-stdin waited for the first line without limit, so a job whose producer never wrote it (nor
        // closed the pipe) hung.
        using var server = LoopbackServer.Answering(LoopbackServer.OneBackup);
        var environment = server.Cloud();
        environment.Remove("OS_AUTH_TOKEN");
        using var input = new OpenPipe();

        var (exitCode, output, error) = await Task.Run(() => Run(environment, input, "backups", "list", "--token-stdin", "--timeout", "1")).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(0, server.Requests);
        Assert.Equal("ddm: --token-stdin: no line came on standard input within 1 s (--timeout); write the token and a line break to it, or close it after the token.\n", error);
    }

    [Theory]
    [InlineData("localhost.")]
    [InlineData("LOCALHOST.")]
    public async Task Plain_http_to_localhost_written_with_its_final_dot_is_this_machine(string host)
    {
        // Regression: "localhost." is the same name as "localhost", but was refused as http:// to another machine.
        using var server = LoopbackServer.Answering(LoopbackServer.OneBackup);
        var environment = server.Cloud();
        environment["DDM_ENDPOINT"] = $"http://{host}:{server.Address.Port}/";

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.True(exitCode == 0, error);
        Assert.Contains("b1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateways_404_for_a_path_no_api_has_points_at_the_endpoint()
    {
        // Regression: an endpoint with a path of its own (another service's, a prefix copied with it) sent every request
        // to a path the gateway has no API at, and its 404 ended the run as an error of the service, exit 1, without a hint.
        using var server = LoopbackServer.AnsweringAt($"/v3/{ProjectId}/backups", LoopbackServer.OneBackup);
        var environment = server.Cloud();
        environment["DDM_ENDPOINT"] = server.Address + "rds";

        var (exitCode, output, error) = await Run(environment, "backups", "list", "--timeout", "30");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("ddm: listBackups failed with HTTP 404 (NotFound): APIG.0101 The API does not exist or has not been published in the environment.", error, StringComparison.Ordinal);
        Assert.Contains("--endpoint", error, StringComparison.Ordinal);
        Assert.Contains("https://ddm.eu-de.otc.t-systems.com", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(308)]
    public async Task A_redirect_from_the_service_is_a_configuration_error_as_one_from_iam_is(int status)
    {
        // Regression: a redirect (http:// to https://, another region's address) says the endpoint is not where the service
        // answers, as IAM's says of OS_AUTH_URL (exit 2), but ended the run as an error of the service, exit 1.
        using var server = LoopbackServer.Redirecting(status, "https://ddm.eu-de.otc.t-systems.com/v3/" + ProjectId + "/backups");

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--timeout", "30");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(1, server.Requests);
        Assert.Contains("redirect to https://ddm.eu-de.otc.t-systems.com", error, StringComparison.Ordinal);
        Assert.Contains("check the endpoint", error, StringComparison.Ordinal);
    }

    /// <summary>Standard input as a pipe whose writer neither writes nor closes it: every read waits until disposed.</summary>
    private sealed class OpenPipe : TextReader
    {
        private readonly ManualResetEventSlim _closed = new();

        public override int Read()
        {
            _closed.Wait();
            return -1;
        }

        public override int Peek()
        {
            _closed.Wait();
            return -1;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _closed.Set();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A TLS server on 127.0.0.1 whose certificate is its own (self-signed, for another name): it counts the handshakes begun.</summary>
    private sealed class SelfSignedTlsServer : IDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
        private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new();
        private int _handshakes;

        public SelfSignedTlsServer()
        {
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=ddm.example.invalid", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            _certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(created.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public int Handshakes => Volatile.Read(ref _handshakes);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _certificate.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                System.Net.Sockets.TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                    return;
                }

                Interlocked.Increment(ref _handshakes);
                _ = Task.Run(async () =>
                {
                    using (client)
                    using (var tls = new System.Net.Security.SslStream(client.GetStream()))
                    {
                        try
                        {
                            await tls.AuthenticateAsServerAsync(_certificate);
                        }
                        catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
                        {
                        }
                    }
                });
            }
        }
    }
}
