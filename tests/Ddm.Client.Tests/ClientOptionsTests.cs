using System;
using System.Threading.Tasks;
using Ddm.Client;

namespace Ddm.Client.Tests;

public sealed class ClientOptionsTests
{
    [Fact]
    public async Task A_network_timeout_longer_than_a_timer_can_hold_is_refused_and_an_infinite_one_is_taken()
    {
        // Regression: a NetworkTimeout of 60 days was taken, and every call then failed with the timer's
        // ArgumentOutOfRangeException (parameter 'delay') before anything was sent.
        await using var emulator = await Ddm.Emulator.DdmEmulator.StartAsync();
        DdmClientOptions Options(TimeSpan timeout) => new()
        {
            Endpoint = emulator.BaseAddress,
            ProjectId = emulator.Options.ProjectId,
            Credential = DdmCredential.FromToken(emulator.Options.Token),
            NetworkTimeout = timeout,
        };

        var tooLong = Options(TimeSpan.FromDays(60));
        var exception = Assert.Throws<ArgumentException>(() => new DdmClient(tooLong));
        var page = await new DdmClient(Options(System.Threading.Timeout.InfiniteTimeSpan)).ListBackupsAsync(limit: 1);

        Assert.Contains("DdmClientOptions.NetworkTimeout must be", tooLong.FindProblem(), StringComparison.Ordinal);
        Assert.Equal("options", exception.ParamName);
        Assert.Single(page.Value.Backups);
    }

    [Fact]
    public void A_network_timeout_of_24_days_is_taken_and_one_a_second_longer_is_refused()
    {
        // Regression: the message said "at most 24 days", and the check took up to int.MaxValue milliseconds (24 days
        // and nearly 21 hours), so a timeout of 24 days and 20 hours was taken against the words.
        DdmClientOptions Options(TimeSpan timeout) => new() { Endpoint = new Uri("https://ddm.eu-de.otc.t-systems.com/"), ProjectId = "p", NetworkTimeout = timeout };

        Assert.Null(Options(TimeSpan.FromDays(24)).FindProblem());
        Assert.Equal(
            "DdmClientOptions.NetworkTimeout must be positive and at most 24 days, or Timeout.InfiniteTimeSpan for none.",
            Options(TimeSpan.FromDays(24) + TimeSpan.FromSeconds(1)).FindProblem());
        Assert.NotNull(Options(TimeSpan.FromDays(24) + TimeSpan.FromHours(20)).FindProblem());
    }

    [Fact]
    public void A_user_name_and_password_in_the_endpoint_are_refused_without_being_repeated()
    {
        // Regression: they were accepted, never sent, and written to the pipeline's request log in clear.
        var options = new DdmClientOptions { Endpoint = new Uri("http://admin:hunter2pass@127.0.0.1:8080/"), ProjectId = "p" };

        var problem = options.FindProblem();
        var exception = Assert.Throws<ArgumentException>(() => new DdmClient(options));

        Assert.NotNull(problem);
        Assert.Contains("DdmClientOptions.Endpoint holds a user name or password", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2pass", problem + exception, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", problem + exception, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ddm.eu-de.otc.t-systems.com/?tenant=a")]
    [InlineData("https://ddm.eu-de.otc.t-systems.com/base?x=1")]
    [InlineData("https://ddm.eu-de.otc.t-systems.com/#section")]
    [InlineData("http://127.0.0.1:8080/base?")]
    public void An_endpoint_with_a_query_or_fragment_is_refused(string endpoint)
    {
        // Regression: the path of each request came after the query ("/base?x=1/v3/p/backups?..."), and the credential
        // went to whatever that addressed.
        var options = new DdmClientOptions { Endpoint = new Uri(endpoint), ProjectId = "p" };

        Assert.Contains("DdmClientOptions.Endpoint has a query or fragment", options.FindProblem(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DdmClient(options));
    }

    [Theory]
    [InlineData("https://ddm.eu-de.otc.t-systems.com")]
    [InlineData("https://ddm.eu-de.otc.t-systems.com/")]
    [InlineData("https://gateway.example.com/ddm/")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://[::1]:8080/base")]
    public void A_base_address_with_or_without_a_path_is_fine(string endpoint)
    {
        Assert.Null(new DdmClientOptions { Endpoint = new Uri(endpoint), ProjectId = "p" }.FindProblem());
    }

    [Fact]
    public void Plain_http_to_another_machine_needs_the_explicit_opt_in()
    {
        var options = new DdmClientOptions { Endpoint = new Uri("http://ddm.example.com/"), ProjectId = "p" };

        Assert.Contains("credentials would cross the network in clear text", options.FindProblem(), StringComparison.Ordinal);
        options.AllowInsecureTransport = true;
        Assert.Null(options.FindProblem());
    }

    [Fact]
    public void Frozen_options_refuse_a_change_to_every_setting_of_their_own_as_to_the_inherited_ones()
    {
        // Regression: after Freeze, IsReadOnly said true and NetworkTimeout threw, yet Endpoint, ProjectId, Credential
        // and the rest took the change without a word.
        var endpoint = new Uri("https://ddm.example.com/");
        var credential = DdmCredential.FromToken("a-token-value");
        var options = new DdmClientOptions { Endpoint = endpoint, ProjectId = "p", Credential = credential };
        options.Freeze();

        Assert.True(options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => options.NetworkTimeout = TimeSpan.FromSeconds(5));
        Assert.Throws<InvalidOperationException>(() => options.Endpoint = new Uri("https://other.example.com/"));
        Assert.Throws<InvalidOperationException>(() => options.ProjectId = "q");
        Assert.Throws<InvalidOperationException>(() => options.Credential = null);
        Assert.Throws<InvalidOperationException>(() => options.MaxResponseSize = 1);
        Assert.Throws<InvalidOperationException>(() => options.AllowInsecureTransport = true);
        Assert.Throws<InvalidOperationException>(() => options.UserAgentApplicationId = "my-app");
        Assert.Equal((endpoint, "p", credential, 16L * 1024 * 1024, false, (string?)null), (options.Endpoint, options.ProjectId, options.Credential, options.MaxResponseSize, options.AllowInsecureTransport, options.UserAgentApplicationId));
        Assert.NotNull(new DdmClient(options).Pipeline);
    }
}
