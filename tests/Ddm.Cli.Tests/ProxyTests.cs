using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
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
}
