using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Ddm.Client.Authentication;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>Plain http:// to this machine by every name it has: <c>localhost.</c>, the name written fully qualified, too.</summary>
public sealed class LocalhostTests
{
    [Theory]
    [InlineData("localhost.")]
    [InlineData("LocalHost.")]
    public async Task Plain_http_to_localhost_written_with_its_final_dot_needs_no_opt_in(string host)
    {
        // Regression: Uri.IsLoopback does not take "localhost." for this machine, and the client refused it as another.
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        });

        // Not every resolver knows the name with its final dot: whatever is asked for, the connection goes to the stand-in.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var options = new DdmClientOptions { Endpoint = new Uri($"http://{host}:{server.BaseAddress.Port}/"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") };

        Assert.Null(options.FindProblem());
        var page = (await new DdmClient(http, options).ListBackupsAsync()).Value;

        Assert.Equal(0, page.Total);
        Assert.Equal("/v3/p1/backups", Assert.Single(server.RawTargets));
    }

    [Fact]
    public void An_iam_endpoint_of_localhost_written_with_its_final_dot_needs_no_opt_in()
    {
        using var credential = new DdmPasswordCredential(new DdmPasswordCredentialOptions
        {
            IamEndpoint = new Uri("http://localhost.:5000/v3"),
            UserName = "user",
            Password = "password",
            DomainName = "domain",
            ProjectId = "p1",
        });

        Assert.Contains("localhost.", credential.ToString(), StringComparison.Ordinal);
    }
}
