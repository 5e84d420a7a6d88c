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
        // Regression: the runtime's text ends in a quote that opens nothing ("... status code '407'.\""), which was kept.
        Assert.DoesNotContain("'407'.\"", ddm.Error, StringComparison.Ordinal);
        Assert.Contains("failed with status code '407'", ddm.Error, StringComparison.Ordinal);
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
        // fail, after the timeout, where only the proxy leads out). HTTP_PROXY is the one of http:// requests, those to a
        // service on this machine; the others are those of https://, the cloud's.
        using var server = LoopbackServer.Answering("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        var environment = variable == "HTTP_PROXY" ? server.Cloud() : Cloud("https://ddm.eu-de.otc.t-systems.com");
        environment[variable] = value;

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal($"ddm: {variable} {shown} is not a proxy address such as http://proxy.example.com:3128, and requests would go without a proxy; correct it, or unset it to go without one.\n", error);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("https_proxy", "HTTPS_PROXY")]
    [InlineData("all_proxy", "ALL_PROXY")]
    [InlineData("HTTPS_PROXY", "all_proxy")]
    public async Task A_proxy_variable_the_runtime_reads_first_and_cannot_read_is_an_error_though_it_would_take_the_next(string first, string next)
    {
        // The runtime goes on to the next variable it can read: not the proxy that was meant first.
        var environment = Cloud("https://ddm.eu-de.otc.t-systems.com");
        environment[first] = "http://proxy.example.com:port";
        environment[next] = "http://other-proxy.example.com:3128";

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal($"ddm: {first} 'http://proxy.example.com:port' is not a proxy address such as http://proxy.example.com:3128, and requests would go through the proxy of {next} instead; correct it, or unset it to use that one.\n", error);
    }

    [Theory]
    // http_proxy and HTTP_PROXY are those of http:// requests only; the lower-case one is read first, and ALL_PROXY only
    // when neither of the https ones is set.
    [InlineData("http_proxy", "HTTPS_PROXY")]
    [InlineData("HTTP_PROXY", "https_proxy")]
    [InlineData("HTTPS_PROXY", "https_proxy")]
    [InlineData("ALL_PROXY", "all_proxy")]
    [InlineData("ALL_PROXY", "HTTPS_PROXY")]
    [InlineData("all_proxy", "https_proxy")]
    public async Task A_proxy_variable_the_runtime_does_not_use_for_the_requests_is_no_error_however_it_reads(string unused, string used)
    {
        // Regression: every proxy variable set had to be a proxy address, also one the runtime passes over: the requests
        // to the cloud went through the proxy of the one it reads, here a proxy that refuses them all.
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        using var stop = new CancellationTokenSource();
        var asked = new List<string>();
        var answering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await proxy.AcceptTcpClientAsync(stop.Token);
                var stream = connection.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer, stop.Token);
                lock (asked)
                {
                    asked.Add(System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0]);
                }

                await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        var environment = Cloud("https://ddm.eu-de.otc.t-systems.com");
        environment[unused] = "http://proxy.example.com:port";
        environment[used] = $"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}";

        using var ddm = DdmProcess.Start(environment, readOutput: true, "backups", "list", "--timeout", "30");

        Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromMinutes(2)), "ddm did not finish");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering);
        Assert.Equal(4, ddm.ExitCode);
        Assert.DoesNotContain(unused, ddm.Error, StringComparison.Ordinal);
        lock (asked)
        {
            Assert.Contains("CONNECT ddm.eu-de.otc.t-systems.com:443 HTTP/1.1", asked);
        }
    }

    [Theory]
    [InlineData("HTTPS_PROXY", null, null)]
    [InlineData("HTTP_PROXY", "NO_PROXY", "127.0.0.1")]
    [InlineData("http_proxy", "no_proxy", "example.com, 127.0.0.1")]
    [InlineData("ALL_PROXY", "NO_PROXY", ".0.0.1")]
    public async Task A_proxy_variable_of_no_request_is_no_error_however_it_reads(string variable, string? exceptions, string? value)
    {
        // HTTPS_PROXY is not read for an http:// service, and none is for a host NO_PROXY names.
        using var server = LoopbackServer.Answering("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        var environment = server.Cloud();
        environment[variable] = "http://proxy.example.com:port";
        if (exceptions is not null)
        {
            environment[exceptions] = value;
        }

        var (exitCode, _, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.True(exitCode == 0, error);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task The_lower_case_no_proxy_is_read_before_NO_PROXY_even_when_empty()
    {
        using var server = LoopbackServer.Answering("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        var environment = server.Cloud();
        environment["HTTP_PROXY"] = "http://proxy.example.com:port";
        environment["no_proxy"] = string.Empty;
        environment["NO_PROXY"] = "127.0.0.1";

        var (exitCode, _, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.StartsWith("ddm: HTTP_PROXY 'http://proxy.example.com:port' is not a proxy address", error, StringComparison.Ordinal);
    }

    /// <summary>A token sign-in to <paramref name="endpoint"/>, with none of the proxy variables of this process.</summary>
    private static Dictionary<string, string?> Cloud(string endpoint)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = endpoint,
            ["OS_PROJECT_ID"] = "619d3e78f61b4be68bc5aa0b59edcf7b",
            ["OS_AUTH_TOKEN"] = "token",
        };
        foreach (var name in new[] { "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY" })
        {
            environment[name] = null;
        }

        return environment;
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
