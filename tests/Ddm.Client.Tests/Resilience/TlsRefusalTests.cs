using System;
using System.ClientModel;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Client.Tests.Resilience;

/// <summary>A TLS handshake the runtime refuses is not tried again: every try would be refused the same way.</summary>
public sealed class TlsRefusalTests
{
    [Fact]
    public async Task A_certificate_the_runtime_refuses_is_tried_once()
    {
        // Regression: the retry policy took the refused certificate for a transient failure and tried three times more,
        // about 6 s of waiting before the same failure.
        using var server = new SelfSignedTlsServer();
        var client = new DdmClient(new DdmClientOptions { Endpoint = new Uri($"https://127.0.0.1:{server.Port}/"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => client.ListBackupsAsync());

        Assert.Equal(1, server.Handshakes);
        Assert.IsAssignableFrom<ClientResultException>(failure);
        Assert.Contains("SSL", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A TLS server on 127.0.0.1 whose certificate is its own (self-signed, for another name): it counts the handshakes begun.</summary>
    private sealed class SelfSignedTlsServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new();
        private int _handshakes;

        public SelfSignedTlsServer()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=ddm.example.invalid", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

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
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                Interlocked.Increment(ref _handshakes);
                _ = Task.Run(async () =>
                {
                    using (client)
                    using (var tls = new SslStream(client.GetStream()))
                    {
                        try
                        {
                            await tls.AuthenticateAsServerAsync(_certificate);
                        }
                        catch (Exception exception) when (exception is IOException or AuthenticationException or ObjectDisposedException)
                        {
                        }
                    }
                });
            }
        }
    }
}
