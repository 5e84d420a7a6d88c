using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Client.Tests.Resilience;

/// <summary>
/// A call that fails on the network, over a real loopback socket, ends with an exception whose message says what went
/// wrong, where (the endpoint's scheme, host and port) and what to check, never the credential; the runtime's exception
/// stays its cause, so the exception's type and whether it is retried are as before.
/// </summary>
public sealed class NetworkFailureMessageTests
{
    private const string Token = "MIIT0k3n/SECRET+network-failure";

    /// <summary>Guards against hangs only; nothing is asserted about speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_connection_closed_before_any_answer_names_the_endpoint_and_the_likely_causes()
    {
        // Regression: the message was System.ClientModel's "An error occurred while sending the request.", with the
        // cause only in the inner exception.
        using var server = new RawServer(async stream => await ReadRequestAsync(stream));

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint()));

        Assert.Equal(0, failure.Status);
        Assert.StartsWith($"the connection to http://127.0.0.1:{server.Port} was closed before the answer's headers were complete (The response ended prematurely", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check that the service runs at the endpoint, and that the port does not want https://", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
        Assert.DoesNotContain(Token, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_closed_mid_headers_says_the_headers_were_not_complete()
    {
        using var server = new RawServer(async stream =>
        {
            await ReadRequestAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: applic"));
        });

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint()));

        Assert.StartsWith($"the connection to http://127.0.0.1:{server.Port} was closed before the answer's headers were complete", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_cut_short_by_a_closed_connection_says_so_and_stays_an_io_exception(bool async)
    {
        // Regression: the message was the runtime's "The response ended prematurely, with at least 88 additional bytes
        // expected.", which names neither the endpoint nor what to do.
        using var server = new RawServer(async stream =>
        {
            await ReadRequestAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"backups\":["));
        });

        var failure = await Assert.ThrowsAsync<HttpIOException>(() => async ? Call(server.Endpoint()) : Task.Run(() => Client(server.Endpoint()).ListBackups()));

        Assert.Equal(HttpRequestError.ResponseEnded, failure.HttpRequestError);
        Assert.StartsWith($"the answer of http://127.0.0.1:{server.Port} broke off in the middle of its body, after 12 of the 100 bytes its Content-Length declares (The response ended prematurely", failure.Message, StringComparison.Ordinal);
        Assert.Contains("send the request again", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpIOException>(failure.InnerException);
    }

    [Fact]
    public async Task A_body_cut_short_is_still_retried()
    {
        using var server = new RawServer(async stream =>
        {
            await ReadRequestAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"backups\":["));
        });

        var failure = await Assert.ThrowsAsync<AggregateException>(() => Call(server.Endpoint(), retries: 1));

        Assert.Equal(2, failure.InnerExceptions.Count);
        Assert.All(failure.InnerExceptions, each => Assert.Contains("broke off in the middle of its body", each.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_connection_names_scheme_host_and_port_and_says_what_to_check()
    {
        int port;
        using (var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        }

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(new Uri($"http://127.0.0.1:{port}/base/path/")));

        Assert.StartsWith($"no connection could be made to http://127.0.0.1:{port} (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check the endpoint's host and port, that the service runs there", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/base", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task An_http_endpoint_on_a_tls_port_suggests_https()
    {
        // A TLS server that reads a plain HTTP request answers with an alert and closes: the runtime keeps none of those
        // bytes, so the client cannot tell it from a dropped connection, and it names the scheme as the likely cause.
        using var server = new RawServer(async stream =>
        {
            await ReadRequestAsync(stream);
            await stream.WriteAsync(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46 });
        });

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint()));

        Assert.Contains($"http://127.0.0.1:{server.Port}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the port does not want https:// (a server that speaks TLS closes a plain http:// connection so)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_endpoint_on_a_real_tls_server_suggests_https()
    {
        // The server reads what is left of the request before it closes: a socket closed with unread bytes sends a
        // reset, which the client may see before the close.
        using var certificate = SelfSigned("ddm.example.invalid");
        using var server = new RawServer(async stream =>
        {
            using var tls = new SslStream(stream, leaveInnerStreamOpen: true);
            try
            {
                await tls.AuthenticateAsServerAsync(certificate);
            }
            catch (Exception exception) when (exception is AuthenticationException or IOException)
            {
            }

            stream.Socket.Shutdown(SocketShutdown.Send);
            await DrainAsync(stream);
        });

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint()));

        Assert.Contains("the port does not want https://", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_endpoint_on_a_plain_http_server_names_the_scheme_and_is_tried_once()
    {
        // Regression: the message was "The SSL connection could not be established, see inner exception."
        using var server = new RawServer(async stream =>
        {
            _ = await stream.ReadAsync(new byte[4096]);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        });

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint("https"), retries: -1));

        Assert.Equal(1, server.Connections);
        Assert.StartsWith($"the server at https://127.0.0.1:{server.Port} answered the TLS handshake with no TLS, as a plain HTTP server does (", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("check the scheme of the endpoint: the port likely wants http://.", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task A_certificate_refused_names_the_problem_and_how_to_trust_it()
    {
        // Regression: the message was "The SSL connection could not be established, see inner exception."
        using var certificate = SelfSigned("ddm.example.invalid");
        using var server = TlsServer(certificate);

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint("https"), retries: -1));

        Assert.Equal(1, server.Connections);
        Assert.StartsWith($"the certificate of https://127.0.0.1:{server.Port} was refused (The remote certificate is invalid", failure.Message, StringComparison.Ordinal);
        Assert.Contains("it was issued for another name than 127.0.0.1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("it does not chain to an authority this machine trusts", failure.Message, StringComparison.Ordinal);
        Assert.Contains("add it or its issuer to this machine's trusted certificates", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("disable", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Dangerous", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task A_certificate_with_the_right_name_but_no_trusted_issuer_says_it_does_not_chain()
    {
        // Regression: the runtime says "errors in the certificate chain: UntrustedRoot" with no RemoteCertificate flag,
        // and the message blamed the TLS version, the cipher or a client certificate.
        using var certificate = SelfSigned("127.0.0.1", IPAddress.Loopback);
        using var server = TlsServer(certificate);

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint("https"), retries: -1));

        Assert.Equal(1, server.Connections);
        Assert.StartsWith($"the certificate of https://127.0.0.1:{server.Port} was refused (The remote certificate is invalid", failure.Message, StringComparison.Ordinal);
        Assert.Contains("it does not chain to an authority this machine trusts", failure.Message, StringComparison.Ordinal);
        Assert.Contains("add it or its issuer to this machine's trusted certificates", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("issued for another name", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cipher", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task A_certificate_refused_by_the_callers_own_check_says_so()
    {
        // Regression: the message ended "...RemoteCertificateValidationCallback):." with nothing said.
        using var certificate = SelfSigned("127.0.0.1", IPAddress.Loopback);
        using var server = TlsServer(certificate);
        using var http = new HttpClient(new HttpClientHandler { UseProxy = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => false });
        var client = new DdmClient(http, Options(server.Endpoint("https"), 0));

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => client.ListBackupsAsync()).WaitAsync(HangGuard);

        Assert.StartsWith($"the certificate of https://127.0.0.1:{server.Port} was refused (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the HttpClient's certificate check refused it", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("):.", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cipher", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_named_with_what_to_check()
    {
        // The resolver's answer comes from a hook, as the runtime's resolver throws it for a name that does not exist:
        // whether the machine's DNS can be reached decides nothing here.
        var connects = 0;
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = (context, _) =>
            {
                Interlocked.Increment(ref connects);
                Assert.Equal("ddm.example.invalid", context.DnsEndPoint.Host);
                throw new SocketException((int)SocketError.HostNotFound);
            },
        });
        var client = new DdmClient(http, Options(new Uri("https://ddm.example.invalid/v3/"), 0));

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => client.ListBackupsAsync()).WaitAsync(HangGuard);

        Assert.Equal(1, connects);
        Assert.StartsWith("the name ddm.example.invalid of https://ddm.example.invalid:443 could not be resolved (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check the host name of the endpoint, and this machine's network and DNS settings", failure.Message, StringComparison.Ordinal);
        Assert.Equal(HttpRequestError.NameResolutionError, Assert.IsType<HttpRequestException>(failure.InnerException).HttpRequestError);
    }

    [Fact]
    public async Task A_proxy_name_that_does_not_resolve_names_the_proxy_not_the_endpoint()
    {
        // Regression: the message blamed the endpoint's host name, which the client never looked up.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            Proxy = new WebProxy("http://proxy.example.invalid:3128"),
            ConnectCallback = (context, _) =>
            {
                Assert.Equal("proxy.example.invalid", context.DnsEndPoint.Host);
                throw new SocketException((int)SocketError.HostNotFound);
            },
        });
        var client = new DdmClient(http, Options(new Uri("https://ddm.example.invalid/v3/"), 0));

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => client.ListBackupsAsync()).WaitAsync(HangGuard);

        Assert.StartsWith("the name of the proxy proxy.example.invalid:3128, through which https://ddm.example.invalid:443 is reached, could not be resolved (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check the proxy settings", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("check the host name of the endpoint", failure.Message, StringComparison.Ordinal);
        Assert.Equal(HttpRequestError.NameResolutionError, Assert.IsType<HttpRequestException>(failure.InnerException).HttpRequestError);
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_connection_is_named_as_the_proxy()
    {
        int port;
        using (var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        }

        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, Proxy = new WebProxy($"http://127.0.0.1:{port}") });
        var client = new DdmClient(http, Options(new Uri("https://ddm.example.invalid/v3/"), 0));

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => client.ListBackupsAsync()).WaitAsync(HangGuard);

        Assert.StartsWith($"no connection could be made to the proxy 127.0.0.1:{port}, through which https://ddm.example.invalid:443 is reached (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check the proxy settings", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task A_connection_reset_before_the_answer_says_so()
    {
        // Regression: the message was System.ClientModel's "An error occurred while sending the request.".
        using var server = new RawServer(async stream =>
        {
            await ReadRequestAsync(stream);

            // Closed at once, without waiting to send what is left: a reset rather than a close.
            stream.Socket.Close(0);
        });

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint()));

        Assert.StartsWith($"the connection to http://127.0.0.1:{server.Port} was reset or broken before the answer came (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check that the service runs at the endpoint", failure.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task An_answer_that_is_not_http_says_so()
    {
        // Regression: the message was System.ClientModel's "An error occurred while sending the request.".
        using var server = new RawServer(async stream =>
        {
            await ReadRequestAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
        });

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Call(server.Endpoint()));

        Assert.StartsWith($"the answer of http://127.0.0.1:{server.Port} was not HTTP (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check the endpoint's scheme and port", failure.Message, StringComparison.Ordinal);
        Assert.Equal(HttpRequestError.InvalidResponse, Assert.IsType<HttpRequestException>(failure.InnerException).HttpRequestError);
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_tunnel_says_so()
    {
        // Regression: the message was System.ClientModel's "An error occurred while sending the request.".
        using var proxy = new RawServer(async stream =>
        {
            await ReadRequestAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
        });
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, Proxy = new WebProxy($"http://127.0.0.1:{proxy.Port}") });
        var client = new DdmClient(http, Options(new Uri("https://ddm.example.invalid/v3/"), 0));

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => client.ListBackupsAsync()).WaitAsync(HangGuard);

        Assert.StartsWith("the proxy between this machine and https://ddm.example.invalid:443 refused the tunnel to it (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check the proxy settings", failure.Message, StringComparison.Ordinal);
        Assert.Contains("failed with status code '403')", failure.Message, StringComparison.Ordinal);
        Assert.Equal(HttpRequestError.ProxyTunnelError, Assert.IsType<HttpRequestException>(failure.InnerException).HttpRequestError);
    }

    /// <param name="retries">How many retries, without waits between; -1 for the client's own retry policy.</param>
    private static DdmClientOptions Options(Uri endpoint, int retries)
    {
        var options = new DdmClientOptions { Endpoint = endpoint, ProjectId = "p1", Credential = DdmCredential.FromToken(Token), NetworkTimeout = TimeSpan.FromSeconds(10) };
        if (retries >= 0)
        {
            options.RetryPolicy = new ClientRetryPolicy(retries);
        }

        return options;
    }

    private static DdmClient Client(Uri endpoint, int retries = 0) => new(Options(endpoint, retries));

    private static Task<ClientResult<ListBackupsResponse>> Call(Uri endpoint, int retries = 0) => Client(endpoint, retries).ListBackupsAsync().WaitAsync(HangGuard);

    /// <summary>A loopback server that answers each connection with a TLS handshake under <paramref name="certificate"/>.</summary>
    private static RawServer TlsServer(X509Certificate2 certificate) => new(async stream =>
    {
        using var tls = new SslStream(stream);
        await tls.AuthenticateAsServerAsync(certificate);
    });

    /// <param name="address">An address the certificate names as well (a subject alternative name), if any.</param>
    private static X509Certificate2 SelfSigned(string name, IPAddress? address = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (address is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(address);
            request.CertificateExtensions.Add(names.Build());
        }

        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Reads a request's head, up to its empty line, or until the client closes.</summary>
    private static async Task ReadRequestAsync(Stream stream)
    {
        var buffer = new byte[8192];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    /// <summary>Reads until the client closes.</summary>
    private static async Task DrainAsync(Stream stream)
    {
        var buffer = new byte[8192];
        while (await stream.ReadAsync(buffer) > 0)
        {
        }
    }

    /// <summary>A raw TCP server on 127.0.0.1 that runs one script on each connection and then closes it.</summary>
    private sealed class RawServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Func<NetworkStream, Task> _script;
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public RawServer(Func<NetworkStream, Task> script)
        {
            _script = script;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public Uri Endpoint(string scheme = "http") => new($"{scheme}://127.0.0.1:{Port}/");

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await _script(client.GetStream());
                        }
                        catch (Exception exception) when (exception is IOException or AuthenticationException or ObjectDisposedException or SocketException)
                        {
                        }
                    }
                });
            }
        }
    }
}
