using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Ddm.Cli.Service;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>Sign-in and endpoint settings as OTC users keep them; never the emulator once anything points at the cloud.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private DdmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 30 });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("OS_AUTH_TOKEN", "DDM_ENDPOINT")]
    [InlineData("OS_USERNAME", "OS_PASSWORD")]
    [InlineData("OS_PASSWORD", "OS_USERNAME")]
    [InlineData("OS_ACCESS_KEY", "OS_SECRET_KEY")]
    [InlineData("OS_SECRET_KEY", "OS_ACCESS_KEY")]
    [InlineData("OS_PROJECT_ID", "a credential")]
    [InlineData("OS_REGION_NAME", "OS_PROJECT_ID")]
    [InlineData("DDM_ENDPOINT", "OS_AUTH_TOKEN")]
    [InlineData("OS_DOMAIN_NAME", "OS_USERNAME")]
    [InlineData("OS_PROJECT_NAME", "a credential")]
    [InlineData("OS_CLOUD", "does not read clouds.yaml")]
    public async Task Any_cloud_variable_rules_out_the_emulator_and_the_error_says_what_is_missing(string variable, string missing)
    {
        var value = variable == "DDM_ENDPOINT" ? "https://ddm.eu-de.otc.t-systems.com" : variable == "OS_REGION_NAME" ? "eu-de" : "some-value-0815";

        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?> { [variable] = value }, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator answers with sample data", error, StringComparison.Ordinal);
        Assert.DoesNotContain("some-value-0815", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OS_USER_DOMAIN_ID")]
    [InlineData("OS_DOMAIN_ID")]
    public async Task A_domain_id_without_its_name_is_said_to_be_not_read(string variable)
    {
        // Regression: an openrc file that names the user's domain by its id only was asked for OS_USER_DOMAIN_NAME
        // without a word on the id, as if the id had been read and found wanting.
        var (exitCode, output, error) = await Harness.Run(
            new Dictionary<string, string?>
            {
                ["OS_AUTH_URL"] = "https://iam.eu-de.otc.t-systems.com/v3", ["OS_USERNAME"] = "u", ["OS_PASSWORD"] = "pw-0816",
                [variable] = "domain-id-0817", ["OS_PROJECT_ID"] = "p1", ["OS_REGION_NAME"] = "eu-de",
            },
            new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("set OS_USER_DOMAIN_NAME.", line, StringComparison.Ordinal);
        Assert.Contains($"{variable} is set, but ddm does not read it: IAM is given the domain by its name.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("domain-id-0817", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-0816", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_name_without_its_id_is_said_to_be_not_read()
    {
        // Regression: OTC openrc files often set OS_PROJECT_NAME only; the error asked for OS_PROJECT_ID without a word
        // on the name, as if the name had been read and found wanting.
        var (exitCode, output, error) = await Harness.Run(
            new Dictionary<string, string?> { ["OS_PROJECT_NAME"] = "eu-de_project", ["OS_AUTH_TOKEN"] = "t", ["OS_REGION_NAME"] = "eu-de" },
            new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("set OS_PROJECT_ID (or --project-id).", line, StringComparison.Ordinal);
        Assert.Contains("OS_PROJECT_NAME is set, but ddm does not read it", line, StringComparison.Ordinal);
        Assert.DoesNotContain("eu-de_project", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT", "")]
    [InlineData("OS_AUTH_TOKEN", "")]
    [InlineData("OS_PROJECT_ID", " ")]
    [InlineData("OS_PASSWORD", "  ")]
    [InlineData("OS_CLOUD", "\n")]
    public async Task A_cloud_variable_set_but_empty_rules_out_the_emulator_and_the_error_names_it(string variable, string value)
    {
        // Regression: a variable set to nothing (export OS_AUTH_TOKEN="$TOKEN" where TOKEN is missing, as in a CI job
        // whose secrets are not there) counted as not set, and the run listed the emulator's made-up backups, exit 0.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?> { [variable] = value, ["OS_INTERFACE"] = string.Empty }, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ddm: cloud settings are incomplete: set ", line, StringComparison.Ordinal);
        Assert.Contains($"Set but empty: {variable}.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("OS_INTERFACE", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_names_the_variables_that_rule_out_the_emulator_and_only_they_do()
    {
        // Regression: the error said "without any OS_* or DDM_ENDPOINT variable the built-in emulator answers", but
        // another OS_ variable (OS_INTERFACE) leaves the emulator on, and OS_DOMAIN_NAME, which rules it out, was not listed.
        var asked = new List<string>();
        Settings.Read(null, null, null, name =>
        {
            asked.Add(name);
            return null;
        });
        var (exitCode, _, error) = await Harness.Run(new Dictionary<string, string?> { ["OS_PROJECT_ID"] = "p" }, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("OS_*", error, StringComparison.Ordinal);
        Assert.Equal(asked.Distinct().Except(Settings.ProxyVariables).Order(StringComparer.Ordinal), Settings.CloudVariables.Order(StringComparer.Ordinal));
        foreach (var variable in Settings.CloudVariables)
        {
            Assert.True(Settings.Read(null, null, null, name => name == variable ? "x" : null).IsCloudConfigured, variable);
            Assert.Contains(variable, error[error.IndexOf("emulator", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }

        var (otherExitCode, _, otherError) = await Harness.Run(new Dictionary<string, string?> { ["OS_INTERFACE"] = "public" }, new[] { "backups", "list", "--output", "jsonl" });

        Assert.Equal(0, otherExitCode);
        Assert.StartsWith("ddm: no cloud settings; the built-in emulator answers", otherError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eu-nl", null, "https://ddm.eu-nl.otc.t-systems.com/")]
    [InlineData(null, "https://iam.eu-de.otc.t-systems.com/v3", "https://ddm.eu-de.otc.t-systems.com/")]
    [InlineData(null, "https://iam-pub.eu-nl.otc.t-systems.com/v3/", "https://ddm.eu-nl.otc.t-systems.com/")]
    [InlineData("eu-de", "https://iam.eu-nl.otc.t-systems.com/v3", "https://ddm.eu-de.otc.t-systems.com/")]
    [InlineData("EU-DE", null, "https://ddm.eu-de.otc.t-systems.com/")]
    [InlineData(null, "https://IAM.EU-NL.otc.t-systems.com/v3", "https://ddm.eu-nl.otc.t-systems.com/")]
    public void Without_ddm_endpoint_the_endpoint_follows_the_region(string? region, string? authUrl, string expected)
    {
        var environment = new Dictionary<string, string?> { ["OS_REGION_NAME"] = region, ["OS_AUTH_URL"] = authUrl, ["OS_PROJECT_ID"] = "p", ["OS_AUTH_TOKEN"] = "t" };

        var target = Settings.Read(null, null, null, name => environment.GetValueOrDefault(name)).ResolveCloud();

        Assert.Equal(new Uri(expected), target.Endpoint);
        Assert.Equal(SignIn.Token, target.SignIn);
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("v3/")]
    [InlineData("V3")]
    public async Task An_endpoint_given_with_the_apis_v3_keeps_it_once_in_the_requests_path(string suffix)
    {
        // Regression: the API reference writes the URLs as https://{endpoint}/v3/{project_id}/..., and an endpoint copied
        // with its /v3 (as OS_AUTH_URL is written) had every request sent to /v3/v3/..., which the gateway answered 404
        // (APIG.0101), exit 1.
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress + suffix,
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_TOKEN"] = _emulator.Options.Token,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list", "--output", "json" });

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        using var page = JsonDocument.Parse(output);
        Assert.Equal(10, page.RootElement.GetProperty("backups").GetArrayLength());
    }

    [Fact]
    public void A_password_keeps_the_spaces_at_its_ends_where_the_other_settings_lose_theirs()
    {
        // Regression: OS_PASSWORD was trimmed as every variable is, so a password ending in a space was sent without it.
        var environment = new Dictionary<string, string?> { ["OS_USERNAME"] = " user \n", ["OS_PASSWORD"] = " pass word \t", ["OS_PROJECT_ID"] = "p" };

        var settings = Settings.Read(null, null, null, name => environment.GetValueOrDefault(name));

        Assert.Equal(" pass word \t", settings.Password);
        Assert.Equal("user", settings.UserName);
        Assert.Null(Settings.Read(null, null, null, name => name == "OS_PASSWORD" ? "  " : null).Password);
    }

    [Fact]
    public void Ddm_endpoint_wins_over_the_region_and_an_option_over_its_variable()
    {
        var environment = new Dictionary<string, string?> { ["DDM_ENDPOINT"] = "https://ddm.example.test", ["OS_REGION_NAME"] = "eu-nl", ["OS_PROJECT_ID"] = "p", ["OS_AUTH_TOKEN"] = "t" };

        var fromVariable = Settings.Read(null, null, null, name => environment.GetValueOrDefault(name)).ResolveCloud();
        var fromOption = Settings.Read("https://ddm.option.test", "q", null, name => environment.GetValueOrDefault(name)).ResolveCloud();

        Assert.Equal(new Uri("https://ddm.example.test"), fromVariable.Endpoint);
        Assert.Equal(new Uri("https://ddm.option.test"), fromOption.Endpoint);
        Assert.Equal("q", fromOption.ProjectId);
    }

    [Fact]
    public void The_printed_settings_hold_no_secret()
    {
        var environment = new Dictionary<string, string?> { ["OS_PASSWORD"] = "pw-0815", ["OS_SECRET_KEY"] = "sk-0815", ["OS_AUTH_TOKEN"] = "tk-0815", ["OS_PROJECT_ID"] = "p" };

        var text = Settings.Read(null, null, null, name => environment.GetValueOrDefault(name)).ToString();

        Assert.DoesNotContain("0815", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_from_standard_input_signs_in_and_an_empty_one_is_a_usage_error()
    {
        var environment = new Dictionary<string, string?> { ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(), ["OS_PROJECT_ID"] = _emulator.Options.ProjectId };

        var (okCode, okOutput, _) = await Harness.Run(environment, new[] { "backups", "list", "--token-stdin", "--output", "json" }, input: _emulator.Options.Token + "\n");
        var (emptyCode, _, emptyError) = await Harness.Run(environment, new[] { "backups", "list", "--token-stdin" }, input: "\n");

        Assert.Equal(0, okCode);
        using var page = JsonDocument.Parse(okOutput);
        Assert.Equal(10, page.RootElement.GetProperty("backups").GetArrayLength());
        Assert.Equal(2, emptyCode);
        Assert.Contains("--token-stdin", emptyError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_without_a_line_break_is_read_only_as_far_as_a_token_can_go()
    {
        // Regression: the first line was read however long it was, so input without a line break (ddm ... < /dev/zero,
        // a binary file) filled memory until the run was killed; a finite one went out as a header megabytes long.
        using var server = LoopbackServer.Answering("{}");
        var environment = new Dictionary<string, string?> { ["DDM_ENDPOINT"] = server.Address.ToString(), ["OS_PROJECT_ID"] = "p1" };
        var input = new CountingReader(10_000_000);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, input: input);

        var exitCode = await CliApplication.RunAsync(new[] { "backups", "list", "--token-stdin" }, console, name => environment.GetValueOrDefault(name)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, exitCode);
        Assert.Empty(output.ToString());
        Assert.Equal("ddm: --token-stdin: the first line of standard input is longer than 65536 characters, far more than a token; check what is piped in.\n", error.ToString());
        Assert.InRange(input.Taken, 1, 2 * 65536);
        Assert.Equal(0, server.Requests);
    }

    /// <summary>Standard input of <c>length</c> characters without a line break, counting how many were taken.</summary>
    private sealed class CountingReader(int length) : TextReader
    {
        public int Taken { get; private set; }

        public override int Peek() => Taken < length ? 'x' : -1;

        public override int Read()
        {
            if (Taken >= length)
            {
                return -1;
            }

            Taken++;
            return 'x';
        }
    }

    [Fact]
    public async Task An_unreachable_iam_endpoint_exits_4_not_3()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = "http://127.0.0.1:1/v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, _, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(4, exitCode);
        Assert.Contains("could not be reached", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_that_fails_the_tls_handshake_is_named_with_the_cause_not_a_pointer_to_an_inner_exception()
    {
        // Regression: https:// to a port that speaks no TLS (or shows a certificate this machine does not trust) ended
        // "could not be reached (The SSL connection could not be established, see inner exception.)", naming neither
        // what failed nor anything a user of ddm could look at.
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = $"https://127.0.0.1:{_emulator.BaseAddress.Port}/v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(4, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ddm: IAM at https://127.0.0.1:{_emulator.BaseAddress.Port}/ could not be reached (The SSL connection could not be established: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", line, StringComparison.Ordinal);
        Assert.EndsWith("). Check the IAM endpoint and the network.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_that_closes_the_connection_is_named_with_the_cause_not_the_runtimes_general_words()
    {
        // Regression: the line said "could not be reached (An error occurred while sending the request.)", which holds
        // nothing to go on, where the service's own such failure names the cause.
        using var iam = LoopbackServer.Closing();
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = iam.Address + "v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(4, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ddm: IAM at {iam.Address} could not be reached (The response ended prematurely", line, StringComparison.Ordinal);
        Assert.EndsWith("). Check the IAM endpoint and the network.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_answer_cut_off_midway_is_one_line_and_exit_code_4_as_the_service_s_own()
    {
        // Regression: the line said IAM could not be reached, but the exit code was 3 (authentication), as for a refused
        // login: the cut came as an HttpIOException, not the HttpRequestException the case for an unreachable IAM knew.
        using var iam = LoopbackServer.CuttingOff();
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = iam.Address + "v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(4, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ddm: IAM at {iam.Address} could not be reached (The response ended prematurely", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_message_that_ends_a_sentence_is_not_given_a_second_full_stop()
    {
        // Regression: Keystone's messages end with a full stop, and the line ended "...your request..".
        using var iam = LoopbackServer.Answering("""{"error":{"code":400,"message":"Invalid input for field 'identity'.","title":"Bad Request"}}""", 400);
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = iam.Address + "v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        Assert.Equal($"ddm: IAM at {iam.Address} answered HTTP 400: Invalid input for field 'identity'.\n", error);
    }

    [Theory]
    [InlineData(500, 1)]
    [InlineData(503, 1)]
    [InlineData(429, 1)]
    [InlineData(408, 1)]
    [InlineData(404, 2)]
    [InlineData(405, 2)]
    [InlineData(301, 2)]
    [InlineData(401, 3)]
    [InlineData(400, 3)]
    public async Task Iam_that_fails_exits_1_and_only_a_refused_login_exits_3(int status, int expected)
    {
        // Regression: IAM's own failure (a 5xx, throttling, a request it timed out) exited 3, "authentication failure",
        // sending the user to check a password that IAM never judged; so did an OS_AUTH_URL where no IAM answers (404).
        using var iam = LoopbackServer.Answering("{\"error\":{\"code\":" + status + ",\"message\":\"answered by the test\"}}", status);
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = iam.Address + "v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(expected, exitCode);
        Assert.Empty(output);
        Assert.Contains("HTTP " + status, error, StringComparison.Ordinal);
        Assert.Equal(expected == 2, error.Contains("Check OS_AUTH_URL", StringComparison.Ordinal));
        Assert.DoesNotContain("pw-never-shown", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v3/auth/tokens")]
    [InlineData("iam/v3")]
    public async Task An_iam_url_where_iam_has_no_token_api_is_a_configuration_error_naming_os_auth_url(string path)
    {
        // Regression: OS_AUTH_URL copied with the token path (.../v3/auth/tokens), or with a wrong one, had IAM answer
        // 404, which exited 3, "authentication failure", as if the password had been refused.
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = _emulator.BaseAddress + path,
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("HTTP 404", error, StringComparison.Ordinal);
        Assert.Contains("Check OS_AUTH_URL", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_iam_url_to_another_machine_is_a_configuration_error_naming_it()
    {
        // Regression: the client library's refusal went unhandled, a stack trace and exit 134.
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = "https://ddm.example.com",
            ["OS_PROJECT_ID"] = "p1",
            ["OS_AUTH_URL"] = "http://iam.example.com/v3",
            ["OS_USERNAME"] = "u",
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = "d",
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ddm: OS_AUTH_URL 'http://iam.example.com/v3'", line, StringComparison.Ordinal);
        Assert.Contains("use https://", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT")]
    [InlineData("--endpoint")]
    public async Task An_http_endpoint_to_another_machine_names_the_option_and_the_variable(string setting)
    {
        // Regression: the message named DdmClientOptions and its AllowInsecureTransport, which a user of ddm cannot set.
        var environment = new Dictionary<string, string?> { ["OS_PROJECT_ID"] = "p1", ["OS_AUTH_TOKEN"] = "t" };
        var args = new List<string> { "backups", "list" };
        if (setting == "--endpoint")
        {
            args.AddRange(new[] { "--endpoint", "http://ddm.example.com" });
        }
        else
        {
            environment[setting] = "http://ddm.example.com";
        }

        var (exitCode, output, error) = await Harness.Run(environment, args.ToArray());

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ddm: --endpoint/DDM_ENDPOINT 'http://ddm.example.com'", line, StringComparison.Ordinal);
        Assert.Contains("use https://", line, StringComparison.Ordinal);
        Assert.DoesNotContain("DdmClientOptions", line, StringComparison.Ordinal);
        Assert.DoesNotContain("AllowInsecureTransport", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OS_AUTH_TOKEN", "tökén-0815", "OS_AUTH_TOKEN")]
    [InlineData("OS_AUTH_TOKEN", "token\nX-Evil: 0815", "OS_AUTH_TOKEN")]
    [InlineData("OS_ACCESS_KEY", "AKÜ0815", "OS_ACCESS_KEY")]
    [InlineData("OS_PROJECT_ID", "project 0815", "OS_PROJECT_ID")]
    public async Task A_credential_that_cannot_go_into_a_header_is_a_configuration_error_naming_it(string variable, string value, string named)
    {
        // Regression: a non-ASCII token was reported as an unreachable service (exit 4), and a line break went on the wire.
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            [variable == "OS_ACCESS_KEY" ? "OS_SECRET_KEY" : "OS_AUTH_TOKEN"] = variable == "OS_ACCESS_KEY" ? "secret" : _emulator.Options.Token,
            [variable] = value,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: " + named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("0815", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT", "{0}\nx", "--endpoint/DDM_ENDPOINT")]
    [InlineData("DDM_ENDPOINT", "{0}a b/", "--endpoint/DDM_ENDPOINT")]
    [InlineData("DDM_ENDPOINT", "{0}a\tb/", "--endpoint/DDM_ENDPOINT")]
    [InlineData("OS_AUTH_URL", "{0}v3\n{0}v3", "OS_AUTH_URL")]
    public async Task A_url_with_white_space_or_a_line_break_inside_is_a_configuration_error_naming_it(string variable, string value, string named)
    {
        // Regression: the runtime escapes such characters into the path (/%0Ax/v3/...), so a value pasted with a second
        // line was sent to another resource, which answered 404 (exit 1) or, as here, a page of another listing.
        using var server = LoopbackServer.Answering("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = server.Address.ToString(),
            ["OS_PROJECT_ID"] = "p1",
            ["OS_USERNAME"] = "u",
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = "d",
        };
        environment[variable] = string.Format(System.Globalization.CultureInfo.InvariantCulture, value, server.Address);

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ddm: {named} holds white space or a control character", line, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT", "http://127.0.0.1:65536/", "--endpoint/DDM_ENDPOINT", "65536")]
    [InlineData("DDM_ENDPOINT", "https://ddm.eu-de.otc.t-systems.com:99999999999", "--endpoint/DDM_ENDPOINT", "99999999999")]
    [InlineData("OS_AUTH_URL", "https://iam.eu-de.otc.t-systems.com:70000/v3", "OS_AUTH_URL", "70000")]
    public async Task A_url_with_a_port_past_65535_is_refused_for_its_port(string variable, string value, string named, string port)
    {
        // Regression: the line said "'http://127.0.0.1:65536/' is not an http(s) URL", of a URL that plainly is one.
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = _emulator.BaseAddress + "v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = _emulator.Options.IamPassword,
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
            [variable] = value,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"ddm: {named} '{value}' has port {port}; ports go from 1 to 65535 (none at all for the scheme's own, 443 for https://).", line);
    }

    [Fact]
    public async Task An_iam_url_with_a_port_past_65535_that_the_region_is_read_from_is_refused_for_its_port()
    {
        // Regression: with the region only in OS_AUTH_URL, as OTC's own examples set it, the URL that no parser takes gave
        // no region, and the line asked for DDM_ENDPOINT or OS_REGION_NAME as if neither were meant.
        var environment = new Dictionary<string, string?>
        {
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = "https://iam.eu-de.otc.t-systems.com:70000/v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = _emulator.Options.IamPassword,
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("ddm: OS_AUTH_URL 'https://iam.eu-de.otc.t-systems.com:70000/v3' has port 70000; ports go from 1 to 65535 (none at all for the scheme's own, 443 for https://).", line);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT", "http://127.0.0.1:0/", "--endpoint/DDM_ENDPOINT")]
    [InlineData("DDM_ENDPOINT", "https://ddm.eu-de.otc.t-systems.com:0", "--endpoint/DDM_ENDPOINT")]
    [InlineData("OS_AUTH_URL", "http://127.0.0.1:0/v3", "OS_AUTH_URL")]
    public async Task A_url_with_port_0_is_a_configuration_error_naming_it(string variable, string value, string named)
    {
        // Regression: port 0, which nothing can be reached at, was tried and retried until the run ended "could not be
        // reached: Connection refused (127.0.0.1:0)", exit 4, as if the service were down.
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = _emulator.BaseAddress + "v3",
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = _emulator.Options.IamPassword,
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
            [variable] = value,
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ddm: {named} '{value}' has port 0, ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT", "ftp://user:s3cretpw@ddm.example.com/")]
    [InlineData("OS_AUTH_URL", "ftp://user:s3cretpw@iam.example.com/v3")]
    [InlineData("DDM_ENDPOINT", "http://user:s3cretpw@127.0.0.1:1/")]
    [InlineData("OS_AUTH_URL", "http://user:s3cretpw@127.0.0.1:1/v3")]
    public async Task A_url_with_a_password_is_refused_without_showing_the_password(string variable, string url)
    {
        var environment = new Dictionary<string, string?> { [variable] = url, ["OS_PROJECT_ID"] = "p1", ["OS_USERNAME"] = "u", ["OS_PASSWORD"] = "p", ["OS_USER_DOMAIN_NAME"] = "d", ["OS_REGION_NAME"] = "eu-de" };

        var (exitCode, _, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Contains(variable, error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretpw", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT", "https://ddm.example.com/?token=s3cretpw")]
    [InlineData("DDM_ENDPOINT", "https://ddm.example.com/#s3cretpw")]
    [InlineData("OS_AUTH_URL", "https://iam.example.com/v3?token=s3cretpw")]
    public async Task A_url_with_a_query_or_fragment_is_refused_without_showing_it(string variable, string url)
    {
        // Regression: the endpoint's query came before the path of every request, which went to another resource.
        var environment = new Dictionary<string, string?> { [variable] = url, ["OS_PROJECT_ID"] = "p1", ["OS_USERNAME"] = "u", ["OS_PASSWORD"] = "p", ["OS_USER_DOMAIN_NAME"] = "d", ["OS_REGION_NAME"] = "eu-de" };

        var (exitCode, _, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"ddm: {(variable == "DDM_ENDPOINT" ? "--endpoint/DDM_ENDPOINT" : variable)} has a query or fragment", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretpw", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DDM_ENDPOINT", "ddm.eu-de.otc.t-systems.com/?token=s3cretpw", "'ddm.eu-de.otc.t-systems.com/?...' is not an http(s) URL")]
    [InlineData("DDM_ENDPOINT", "ftp://ddm.example.com/x?token=s3cretpw#s3cretpw", "'ftp://ddm.example.com/x?...' is not an http(s) URL")]
    [InlineData("DDM_ENDPOINT", "ftp://ddm.example.com/x#s3cretpw", "'ftp://ddm.example.com/x#...' is not an http(s) URL")]
    [InlineData("DDM_ENDPOINT", "ftp://user:s3cretpw@ddm.example.com/?token=s3cretpw", "'ftp://ddm.example.com/?...' is not an http(s) URL")]
    [InlineData("DDM_ENDPOINT", "https://user:s3cretpw@ddm.example.com/?token=s3cretpw", "'https://ddm.example.com/?...' carries a user name or password")]
    [InlineData("OS_AUTH_URL", "iam.eu-de.otc.t-systems.com/v3?token=s3cretpw", "'iam.eu-de.otc.t-systems.com/v3?...' is not an http(s) URL")]
    public async Task A_url_refused_for_another_reason_is_shown_without_its_query_fragment_or_password(string variable, string url, string shown)
    {
        // Regression: a value that was no http(s) URL was repeated in full, a token in its query included.
        var environment = new Dictionary<string, string?> { [variable] = url, ["OS_PROJECT_ID"] = "p1", ["OS_USERNAME"] = "u", ["OS_PASSWORD"] = "p", ["OS_USER_DOMAIN_NAME"] = "d", ["OS_REGION_NAME"] = "eu-de" };

        var (exitCode, _, error) = await Harness.Run(environment, new[] { "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.Contains(shown, error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretpw", error, StringComparison.Ordinal);
    }
}
