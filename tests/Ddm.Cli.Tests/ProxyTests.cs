using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>
/// The proxy variables (<c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c>, <c>ALL_PROXY</c>) of a real process: the built-in emulator
/// runs inside ddm, so its requests never go through a proxy, which could not reach it.
/// </summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task The_built_in_emulator_is_reached_directly_when_proxy_variables_are_set()
    {
        // A proxy that takes connections and answers none: a request sent through it would fail or hang.
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}";
        var environment = new Dictionary<string, string?>
        {
            ["HTTP_PROXY"] = address,
            ["http_proxy"] = address,
            ["HTTPS_PROXY"] = address,
            ["ALL_PROXY"] = address,
        };

        using var ddm = DdmProcess.Start(environment, readOutput: true, "backups", "list", "--limit", "2", "--timeout", "30");

        Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromMinutes(2)), "ddm did not finish");
        Assert.True(ddm.ExitCode == 0, ddm.Error);
        Assert.False(proxy.Pending(), "a request went to the proxy");
    }

    [Theory]
    [InlineData("OS_AUTH_TOKEN", "token")]
    [InlineData("OS_PASSWORD", "password")]
    public async Task A_proxy_that_refuses_the_tunnel_is_named_without_the_password_of_HTTPS_PROXY(string variable, string value)
    {
        // A proxy that asks for credentials again whatever it is sent, as one given a wrong password does.
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        using var stop = new CancellationTokenSource();
        var answering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await proxy.AcceptTcpClientAsync(stop.Token);
                var stream = connection.GetStream();
                _ = await stream.ReadAsync(new byte[4096], stop.Token);
                await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        var port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        var environment = new Dictionary<string, string?>
        {
            ["HTTPS_PROXY"] = $"http://proxy-user:proxy-secret@127.0.0.1:{port}",
            ["OS_AUTH_URL"] = "https://iam.eu-de.otc.t-systems.com/v3",
            ["OS_PROJECT_ID"] = "p1",
            [variable] = value,
        };
        if (variable == "OS_PASSWORD")
        {
            environment["OS_USERNAME"] = "user";
            environment["OS_USER_DOMAIN_NAME"] = "domain";
        }

        using var ddm = DdmProcess.Start(environment, readOutput: true, "backups", "list", "--timeout", "30");

        Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromMinutes(2)), "ddm did not finish");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering);
        Assert.Equal(4, ddm.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", ddm.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-secret", ddm.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTPS_PROXY", "http://proxy.example.com:port", "'http://proxy.example.com:port'")]
    [InlineData("https_proxy", "proxy.example.com:99999", "'proxy.example.com:99999'")]
    [InlineData("HTTP_PROXY", "ftp://proxy.example.com", "'ftp://proxy.example.com'")]
    [InlineData("ALL_PROXY", "http://user:secret@proxy.example.com:port", "(a URL with a user name or password)")]
    // Regression: these the runtime ignores too, and ddm took them: white space before the address (ddm trimmed it,
    // the runtime does not), a port left empty, and a scheme with one slash.
    [InlineData("HTTPS_PROXY", " http://proxy.example.com:3128", "' http://proxy.example.com:3128'")]
    [InlineData("HTTPS_PROXY", "http://proxy.example.com:", "'http://proxy.example.com:'")]
    [InlineData("ALL_PROXY", "http:/proxy.example.com:3128", "'http:/proxy.example.com:3128'")]
    public async Task A_proxy_variable_the_runtime_cannot_read_is_a_configuration_error_rather_than_going_without_the_proxy(string variable, string value, string shown)
    {
        // Regression: the runtime ignores a proxy address it cannot read, and requests went direct without a word (to
        // fail, after the timeout, where only the proxy leads out).
        using var server = LoopbackServer.Answering("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        var environment = server.Cloud();
        environment[variable] = value;

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal($"ddm: {variable} {shown} is not a proxy address such as http://proxy.example.com:3128, and requests would go without a proxy; correct it, or unset it to go without one.\n", error);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("proxy.example.com:3128")]
    [InlineData("http://user:secret@proxy.example.com:3128/")]
    [InlineData("socks5://127.0.0.1:1080")]
    [InlineData("HTTP://[::1]:3128 ")]
    public async Task A_proxy_address_the_runtime_reads_is_taken(string value)
    {
        using var server = LoopbackServer.Answering("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        var environment = server.Cloud();
        environment["HTTPS_PROXY"] = value;

        var (exitCode, _, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.True(exitCode == 0, error);
    }
}
