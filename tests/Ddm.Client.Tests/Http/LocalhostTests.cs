using System;
using Ddm.Client.Authentication;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// Plain http:// to <c>localhost.</c>, the name written with its final dot: the runtime takes no such name for loopback,
/// and many resolvers (glibc's with the usual hosts file) ask DNS for it, so it needs the opt-in as another machine does.
/// </summary>
public sealed class LocalhostTests
{
    [Theory]
    [InlineData("localhost.")]
    [InlineData("LocalHost.")]
    public void Plain_http_to_localhost_written_with_its_final_dot_needs_the_opt_in(string host)
    {
        // Regression: it was taken for this machine without the opt-in, though the connection goes wherever the resolver
        // says, and the token crossed the network in clear text to the address DNS gave.
        var options = new DdmClientOptions { Endpoint = new Uri($"http://{host}:5000/"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") };

        Assert.Equal($"DdmClientOptions.Endpoint is http://{host.ToLowerInvariant()}, which many resolvers ask DNS for, so credentials could cross the network in clear text. Write localhost, use https://, or set AllowInsecureTransport.", options.FindProblem());
        Assert.Null(new DdmClientOptions { Endpoint = new Uri("http://localhost:5000/"), ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") }.FindProblem());
        Assert.Null(new DdmClientOptions { Endpoint = new Uri($"http://{host}:5000/"), ProjectId = "p1", AllowInsecureTransport = true }.FindProblem());
    }

    [Fact]
    public void An_iam_endpoint_of_localhost_written_with_its_final_dot_needs_the_opt_in()
    {
        // Regression: the password crossed the network in clear text to whatever address DNS gave for the name.
        var exception = Assert.ThrowsAny<ArgumentException>(() => new DdmPasswordCredential(new DdmPasswordCredentialOptions
        {
            IamEndpoint = new Uri("http://localhost.:5000/v3"),
            UserName = "user",
            Password = "password",
            DomainName = "domain",
            ProjectId = "p1",
        }));

        Assert.Contains("Write localhost", exception.Message, StringComparison.Ordinal);
    }
}
