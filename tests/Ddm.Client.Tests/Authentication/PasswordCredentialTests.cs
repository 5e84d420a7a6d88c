using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Ddm.Client.Authentication;
using Ddm.Emulator;

namespace Ddm.Client.Tests.Authentication;

/// <summary>The IAM password credential against the emulator's IAM route over real HTTP.</summary>
public sealed class PasswordCredentialTests
{
    private static DdmPasswordCredentialOptions Options(DdmEmulator emulator, string? password = null) => new()
    {
        IamEndpoint = emulator.BaseAddress,
        UserName = emulator.Options.IamUserName,
        Password = password ?? emulator.Options.IamPassword,
        DomainName = emulator.Options.IamDomainName,
        ProjectId = emulator.Options.ProjectId,
    };

    [Fact]
    public async Task Many_concurrent_callers_cause_one_iam_request()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await credential.GetTokenAsync())));

        Assert.Equal(1, emulator.Statistics.TokensIssued);
        Assert.Single(tokens.Distinct());
        Assert.StartsWith("MII", tokens[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_is_kept_until_shortly_before_it_expires_then_refreshed_once()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromHours(1) });
        using var credential = new DdmPasswordCredential(Options(emulator), timeProvider: clock);

        var first = await credential.GetTokenAsync();
        clock.Advance(TimeSpan.FromMinutes(50));
        var stillFirst = await credential.GetTokenAsync();
        clock.Advance(TimeSpan.FromMinutes(6));
        var refreshed = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await credential.GetTokenAsync())));

        Assert.Equal(first, stillFirst);
        Assert.Single(refreshed.Distinct());
        Assert.NotEqual(first, refreshed[0]);
        Assert.Equal(2, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task The_password_credential_authenticates_the_client()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator));
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = credential });

        var page = await client.ListBackupsAsync();

        Assert.Equal(10, page.Backups.Count);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_exception_that_names_what_to_check_and_no_secret()
    {
        const string Password = "not-the-password-4711";
        await using var emulator = await DdmEmulator.StartAsync();
        using var credential = new DdmPasswordCredential(Options(emulator, Password));

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        Assert.Equal(401, exception.Status);
        Assert.Contains("The username or password is wrong.", exception.Message, StringComparison.Ordinal);
        Assert.Contains(emulator.Options.IamUserName, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_iam_endpoint_is_an_authentication_exception()
    {
        // Nothing listens on port 1 of the loopback address: the connection is refused at once.
        var closed = new Uri("http://127.0.0.1:1/");
        using var credential = new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = closed, UserName = "u", Password = "p", DomainName = "d", ProjectName = "eu-de" });

        var exception = await Assert.ThrowsAsync<DdmAuthenticationException>(async () => await credential.GetTokenAsync());

        Assert.Null(exception.Status);
        Assert.Contains("could not be reached", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_options_are_rejected_up_front()
    {
        var noPassword = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", DomainName = "d", ProjectId = "p" }));
        var twoProjects = Assert.Throws<ArgumentException>(() => new DdmPasswordCredential(new DdmPasswordCredentialOptions { IamEndpoint = new Uri("https://iam.example"), UserName = "u", Password = "x", DomainName = "d", ProjectId = "p", ProjectName = "n" }));

        Assert.Equal("Password", noPassword.ParamName);
        Assert.Contains("exactly one", twoProjects.Message, StringComparison.Ordinal);
    }
}
