using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Ddm.Client.Tests.DependencyInjection;

/// <summary>AddDdmClient wires options, credential, logging and the typed client; the client then talks to the emulator.</summary>
public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task A_client_configured_with_iam_settings_lists_backups_and_logs_without_the_token()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var configuration = Configuration(EmulatorIamSettings(emulator));
        var log = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var builder = services.AddDdmClient(configuration.GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<DdmClient>();
        var page = await client.ListBackupsAsync(limit: 3);
        var token = await ((Ddm.Client.Authentication.DdmPasswordCredential)provider.GetRequiredService<DdmCredential>()).GetTokenAsync();

        Assert.Equal(typeof(DdmClient).FullName, builder.Name);
        Assert.Equal(3, page.Value.Backups.Count);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
        Assert.Contains(log.Lines, line => line.Contains($"/v3/{emulator.Options.ProjectId}/backups", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("200", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(emulator.Options.IamPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_factorys_log_shows_no_credential_header_when_the_application_names_the_headers_it_redacts()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var configuration = Configuration(EmulatorIamSettings(emulator));
        var log = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));

        // As the documentation of IHttpClientFactory shows it: only the headers named are redacted, the others logged at Trace.
        services.ConfigureHttpClientDefaults(defaults => defaults.RedactLoggedHeaders(new[] { "Authorization" }));
        services.AddDdmClient(configuration.GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);
        var token = await ((Ddm.Client.Authentication.DdmPasswordCredential)provider.GetRequiredService<DdmCredential>()).GetTokenAsync();

        Assert.Contains(log.Lines, line => line.Contains("X-Subject-Token: *", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("X-Auth-Token: *", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("Content-Type: application/json", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_factorys_log_shows_no_signature_or_security_token_of_an_access_key_credential()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var log = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        services.ConfigureHttpClientDefaults(defaults => defaults.RedactLoggedHeaders(static header => header == "X-Api-Key"));
        var key = emulator.Options.AccessKeys[0];
        services.AddSingleton<DdmCredential>(new Ddm.Client.Authentication.DdmAccessKeyCredential(key.AccessKey, key.SecretKey, securityToken: "secret-security-token", projectId: emulator.Options.ProjectId));
        services.AddDdmClient(options =>
        {
            options.Endpoint = emulator.BaseAddress;
            options.ProjectId = emulator.Options.ProjectId;
        });
        await using var provider = services.BuildServiceProvider();

        try
        {
            await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);
        }
        catch (DdmApiException)
        {
            // The emulator may not know the security token; what was logged on the way is what counts.
        }

        Assert.Contains(log.Lines, line => line.Contains("Authorization: *", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains("SDK-HMAC-SHA256", StringComparison.Ordinal) || line.Contains("secret-security-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Options_that_cannot_make_a_client_fail_to_resolve_with_the_reason_and_the_option_to_set()
    {
        var services = new ServiceCollection();
        services.AddDdmClient(options =>
        {
            options.Endpoint = new Uri("http://ddm.example.com");
            options.ProjectId = "p1";
        });
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<DdmClient>());

        Assert.Equal(new DdmClientOptions { Endpoint = new Uri("http://ddm.example.com"), ProjectId = "p1" }.FindProblem(), exception.Message);
        Assert.Contains("DdmClientOptions.Endpoint", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ddm:Endpoint", "ddm.example.com/path:user:secret-in-the-value", "Ddm:Endpoint", typeof(InvalidOperationException))]
    [InlineData("Ddm:Iam:Endpoint", "iam.example.com?secret-in-the-value", "Ddm:Iam:Endpoint", typeof(Microsoft.Extensions.Options.OptionsValidationException))]
    [InlineData("Ddm:Iam:Pasword", "secret-in-the-value", "Ddm:Iam:Password", typeof(Microsoft.Extensions.Options.OptionsValidationException))]
    [InlineData("Ddm:Iam:ProjectName", "secret-in-the-value", "Ddm:Iam:ProjectId", typeof(Microsoft.Extensions.Options.OptionsValidationException))]
    public async Task A_configuration_value_that_cannot_be_used_is_named_by_its_key_without_being_shown(string key, string value, string named, Type thrown)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Iam:Endpoint"] = "https://iam.example.com",
            ["Ddm:Iam:UserName"] = "u",
            ["Ddm:Iam:Password"] = "secret-in-the-value",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectId"] = "p1",
        };
        if (key.EndsWith("Pasword", StringComparison.Ordinal))
        {
            settings.Remove("Ddm:Iam:Password");
        }

        settings[key] = value;
        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws(thrown, () => provider.GetRequiredService<DdmClient>());

        Assert.StartsWith(named + " ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-the-value", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_iam_login_takes_a_new_http_client_from_the_factory_so_that_its_handlers_rotate()
    {
        var clock = new Authentication.ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromHours(1) });
        var configuration = Configuration(EmulatorIamSettings(emulator));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddDdmClient(configuration.GetSection("Ddm"));
        var iamClients = 0;
        services.AddHttpClient(DdmServiceCollectionExtensions.IamHttpClientName).ConfigureHttpClient(_ => Interlocked.Increment(ref iamClients));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);
        clock.Advance(TimeSpan.FromMinutes(61));
        await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);

        Assert.Equal(2, emulator.Statistics.TokensIssued);
        Assert.Equal(2, Volatile.Read(ref iamClients));
    }

    [Fact]
    public async Task A_token_changed_in_the_configuration_is_sent_by_the_clients_made_after_the_change_as_a_changed_endpoint_is()
    {
        await using var service = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"backups":[],"offset":0,"limit":1,"total":0}""");
        });
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Token"] = "first-token",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<DdmClient>();

        // As a reloaded appsettings.json or a rotated secret would change them.
        configuration["Ddm:Endpoint"] = service.BaseAddress.ToString();
        configuration["Ddm:Token"] = "second-token";
        await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);

        Assert.Equal(new[] { "second-token" }, service.Headers.Where(header => header.Name == "X-Auth-Token").Select(header => header.Value));
    }

    [Fact]
    public void A_second_section_is_refused_at_registration_rather_than_mixed_into_the_first_clients_settings()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Token"] = "first-token",
            ["Other:Endpoint"] = "https://other.example.com",
            ["Other:Token"] = "second-token",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        services.AddDdmClient(configuration.GetSection("Ddm"));

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddDdmClient(configuration.GetSection("Other")));

        Assert.Contains("'Ddm'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Other'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-token", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_configured_with_an_access_key_signs_its_requests()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var key = emulator.Options.AccessKeys[0];
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = emulator.BaseAddress.ToString(),
            ["Ddm:ProjectId"] = emulator.Options.ProjectId,
            ["Ddm:AccessKey"] = key.AccessKey,
            ["Ddm:SecretKey"] = key.SecretKey,
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var page = await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 2);

        Assert.Equal(2, page.Value.Backups.Count);
        Assert.Equal("AK/SK credential " + key.AccessKey, provider.GetRequiredService<DdmCredential>().ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_access_key_from_the_configuration_signs_the_project_the_application_sets_in_code_as_the_path_names_it(bool postConfigure)
    {
        await using var service = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"backups":[],"offset":0,"limit":1,"total":0}""");
        });
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = service.BaseAddress.ToString(),
            ["Ddm:ProjectId"] = "configured-project",
            ["Ddm:AccessKey"] = "AK0000000001",
            ["Ddm:SecretKey"] = "secret-key",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        if (postConfigure)
        {
            services.PostConfigure<DdmClientOptions>(options => options.ProjectId = "code-project");
        }
        else
        {
            services.Configure<DdmClientOptions>(options => options.ProjectId = "code-project");
        }

        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);

        Assert.StartsWith("/v3/code-project/backups?", Assert.Single(service.RawTargets), StringComparison.Ordinal);
        Assert.Equal(new[] { "code-project" }, service.Headers.Where(header => header.Name == "X-Project-Id").Select(header => header.Value));
    }

    [Fact]
    public async Task A_section_without_a_credential_names_the_keys_to_set_when_no_credential_is_registered()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Tokn"] = "secret-in-the-value",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        var registered = new ServiceCollection();
        registered.AddDdmClient(configuration.GetSection("Ddm"));
        registered.AddSingleton(DdmCredential.FromToken("registered-token"));
        await using var provider = services.BuildServiceProvider();
        await using var withCredential = registered.BuildServiceProvider();

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<DdmClient>());

        Assert.StartsWith("Ddm has no credential: set Ddm:Token, ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-the-value", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(withCredential.GetRequiredService<DdmClient>());
    }

    [Theory]
    [InlineData(" \t", "Ddm:Endpoint is blank")]
    [InlineData("ddm.example.com", "Ddm:Endpoint is not an absolute URL")]
    public void An_endpoint_the_configuration_garbles_is_named_with_what_is_wrong_with_it(string value, string message)
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = value,
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Token"] = "secret-token",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<DdmClient>());

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ddm:Iam:Pasword", "Ddm:Iam:Password is not set")]
    [InlineData("Ddm:Iam:Endpoint", "Ddm:Iam:Endpoint is not an absolute URL")]
    [InlineData("Ddm:Iam", "Ddm has no credential")]
    public async Task A_credential_the_configuration_cannot_make_stops_the_host_from_starting(string key, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Iam:Endpoint"] = "https://iam.example.com",
            ["Ddm:Iam:UserName"] = "u",
            ["Ddm:Iam:Password"] = "secret-in-the-value",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectId"] = "p1",
        };
        foreach (var setting in settings.Keys.Where(setting => setting.StartsWith(key, StringComparison.Ordinal) || (key.EndsWith("Pasword", StringComparison.Ordinal) && setting == "Ddm:Iam:Password")).ToList())
        {
            settings.Remove(setting);
        }

        if (key == "Ddm:Iam:Endpoint")
        {
            settings[key] = "iam.example.com";
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(settings);

        builder.Services.AddDdmClient(builder.Configuration.GetSection("Ddm"));
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-the-value", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("p2")]
    public async Task A_project_other_than_the_one_the_iam_token_is_scoped_to_stops_the_host_from_starting(string? inCode)
    {
        // Before, the host started and every request was refused: the service takes a token for its own project only.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = inCode is null ? "p2" : "p1",
            ["Ddm:Iam:Endpoint"] = "https://iam.example.com",
            ["Ddm:Iam:UserName"] = "u",
            ["Ddm:Iam:Password"] = "secret-in-the-value",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectId"] = "p1",
        });
        builder.Services.AddDdmClient(builder.Configuration.GetSection("Ddm"));
        if (inCode is not null)
        {
            builder.Services.Configure<DdmClientOptions>(options => options.ProjectId = inCode);
        }

        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("The client's ProjectId (Ddm:ProjectId) is not Ddm:Iam:ProjectId", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("p2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_iam_project_by_name_or_the_same_id_starts_the_host()
    {
        foreach (var scope in new[] { "Ddm:Iam:ProjectId", "Ddm:Iam:ProjectName" })
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ddm:Endpoint"] = "https://ddm.example.com",
                ["Ddm:ProjectId"] = "p1",
                ["Ddm:Iam:Endpoint"] = "https://iam.example.com",
                ["Ddm:Iam:UserName"] = "u",
                ["Ddm:Iam:Password"] = "secret-in-the-value",
                ["Ddm:Iam:DomainName"] = "d",
                [scope] = "p1",
            });
            builder.Services.AddDdmClient(builder.Configuration.GetSection("Ddm"));
            using var host = builder.Build();

            await host.StartAsync();
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_scoped_credential_the_application_registers_is_taken_by_the_clients_of_its_scope_when_scopes_are_validated()
    {
        var services = new ServiceCollection();
        services.AddDdmClient(SectionWithoutCredential());
        services.AddScoped(_ => DdmCredential.FromToken("scoped-token"));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<DdmClient>());
    }

    [Fact]
    public async Task A_host_starts_when_the_credential_the_application_registers_can_be_made_only_where_a_client_is_made()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Ddm:Endpoint"] = "https://ddm.example.com", ["Ddm:ProjectId"] = "p1" });
        builder.Services.AddDdmClient(builder.Configuration.GetSection("Ddm"));
        var request = new AsyncLocal<string?>();
        builder.Services.AddTransient(_ => DdmCredential.FromToken(request.Value ?? throw new InvalidOperationException("No request: the token is the caller's.")));
        using var host = builder.Build();

        await host.StartAsync();
        request.Value = "callers-token";
        var client = host.Services.GetRequiredService<DdmClient>();
        await host.StopAsync();

        Assert.NotNull(client);
    }

    [Fact]
    public async Task A_credential_the_application_tries_to_add_after_the_call_is_added_and_used()
    {
        var services = new ServiceCollection();
        services.AddDdmClient(SectionWithoutCredential());
        var credential = DdmCredential.FromToken("application-token");

        services.TryAddSingleton(credential);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(credential, provider.GetRequiredService<DdmCredential>());
        Assert.NotNull(provider.GetRequiredService<DdmClient>());
    }

    [Fact]
    public async Task Each_client_makes_one_transient_credential_of_the_application_disposed_with_its_scope()
    {
        var made = 0;
        var disposed = 0;
        var services = new ServiceCollection();
        services.AddDdmClient(SectionWithoutCredential());
        services.AddTransient<DdmCredential>(_ =>
        {
            made++;
            return new DisposableCredential(() => disposed++);
        });
        await using var provider = services.BuildServiceProvider();

        for (var i = 0; i < 3; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<DdmClient>();
        }

        Assert.Equal(3, made);
        Assert.Equal(3, disposed);
    }

    [Fact]
    public void The_same_section_spelt_in_another_case_is_taken_as_the_same_section()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Token"] = "token",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));

        services.AddDdmClient(configuration.GetSection("ddm"));
    }

    [Fact]
    public void A_second_configuration_root_is_refused_at_registration_and_the_same_root_again_is_taken()
    {
        var first = Configuration(new Dictionary<string, string?>
        {
            ["Endpoint"] = "https://ddm.example.com",
            ["ProjectId"] = "p1",
            ["Token"] = "first-token",
        });
        var second = Configuration(new Dictionary<string, string?>
        {
            ["Endpoint"] = "https://other.example.com",
            ["Token"] = "second-token",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(first);
        services.AddDdmClient(first);

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddDdmClient(second));

        Assert.Contains("new DdmClient(options)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-token", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_section_of_a_second_configuration_is_refused_at_registration_and_of_the_same_one_again_is_taken()
    {
        var first = new ConfigurationManager();
        first.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Token"] = "first-token",
        });
        var second = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://other.example.com",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(first.GetSection("Ddm"));
        services.AddDdmClient(first.GetSection("ddm"));

        // Taken, the first section's token would be sent to the second one's endpoint.
        var exception = Assert.Throws<InvalidOperationException>(() => services.AddDdmClient(second.GetSection("Ddm")));

        Assert.Contains("new DdmClient(options)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-token", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ddm:Iam:Endpoint", "http://iam.example.com", "Ddm:Iam:Endpoint", typeof(Microsoft.Extensions.Options.OptionsValidationException))]
    [InlineData("Ddm:Endpoint", "ftp://ddm.example.com", "Ddm:Endpoint", typeof(InvalidOperationException))]
    [InlineData("Ddm:Token", "secret-in-the-value\u0001", "Ddm:Token", typeof(Microsoft.Extensions.Options.OptionsValidationException))]
    [InlineData("Ddm:AccessKey", "secret-in-the-value\u0001", "Ddm:AccessKey", typeof(Microsoft.Extensions.Options.OptionsValidationException))]
    public async Task A_configuration_value_that_cannot_be_used_is_named_by_its_key_with_what_the_configuration_can_do(string key, string value, string named, Type thrown)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
        };
        if (key.StartsWith("Ddm:Iam:", StringComparison.Ordinal))
        {
            settings["Ddm:Iam:UserName"] = "u";
            settings["Ddm:Iam:Password"] = "pw";
            settings["Ddm:Iam:DomainName"] = "d";
            settings["Ddm:Iam:ProjectId"] = "p1";
        }
        else if (key == "Ddm:AccessKey")
        {
            settings["Ddm:SecretKey"] = "sk";
        }
        else
        {
            settings["Ddm:Token"] = "token";
        }

        settings[key] = value;
        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws(thrown, () => provider.GetRequiredService<DdmClient>());

        Assert.StartsWith(named + " ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DdmPasswordCredentialOptions", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AllowInsecureTransport", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-the-value", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_endpoint_is_named_as_blank_rather_than_replaced_by_the_default_endpoint()
    {
        // An empty value (a variable Ddm__Endpoint= whose value was never filled in, "Endpoint": "" in a template)
        // read as not set, so the token went to DefaultEndpoint, the service of another region, where white space
        // alone was named as blank.
        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = string.Empty,
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Token"] = "token",
        }).GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<DdmClient>());

        Assert.StartsWith("Ddm:Endpoint is blank", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_and_project_id_read_from_files_with_a_line_break_at_their_end_are_sent_without_it()
    {
        await using var service = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"backups":[],"offset":0,"limit":1,"total":0}""");
        });
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = service.BaseAddress.ToString(),
            ["Ddm:ProjectId"] = "p1\n",
            ["Ddm:Token"] = "file-token\r\n",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);

        Assert.Equal(new[] { "file-token" }, service.Headers.Where(header => header.Name == "X-Auth-Token").Select(header => header.Value));
        Assert.StartsWith("/v3/p1/backups?", Assert.Single(service.RawTargets), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_configured_in_code_with_a_static_token_works()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddDdmClient(options =>
        {
            options.Endpoint = emulator.BaseAddress;
            options.ProjectId = emulator.Options.ProjectId;
            options.Credential = DdmCredential.FromToken(emulator.Options.Token);
        });
        await using var provider = services.BuildServiceProvider();

        var intervals = await provider.GetRequiredService<DdmClient>().ListRestorableTimeIntervalsAsync(emulator.InstanceIds[0]);

        Assert.Equal(3, intervals.Value.Total);
    }

    [Fact]
    public async Task Logging_options_the_application_shares_are_left_as_it_set_them_and_each_container_logs_its_own_clients()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var shared = new System.ClientModel.Primitives.ClientLoggingOptions();
        var firstLog = new CapturingLoggerProvider();
        var secondLog = new CapturingLoggerProvider();
        await using var first = Container(firstLog);
        await using var second = Container(secondLog);

        await first.GetRequiredService<DdmClient>().ListBackupsAsync();
        await second.GetRequiredService<DdmClient>().ListRestorableTimeIntervalsAsync(emulator.InstanceIds[0]);

        // "Request [id] GET ..." is the pipeline's own log of a request, which goes through its options' logger factory.
        static bool PipelineLogged(string line, string path) => line.StartsWith("Request [", StringComparison.Ordinal) && line.Contains(path, StringComparison.Ordinal);
        Assert.Null(shared.LoggerFactory);
        Assert.Contains(firstLog.Lines, line => PipelineLogged(line, "/backups"));
        Assert.Contains(secondLog.Lines, line => PipelineLogged(line, "/restorable-time-interval"));
        Assert.DoesNotContain(firstLog.Lines, line => line.Contains("/restorable-time-interval", StringComparison.Ordinal));

        ServiceProvider Container(CapturingLoggerProvider log)
        {
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
            services.AddDdmClient(options =>
            {
                options.Endpoint = emulator.BaseAddress;
                options.ProjectId = emulator.Options.ProjectId;
                options.Credential = DdmCredential.FromToken(emulator.Options.Token);
                options.ClientLoggingOptions = shared;
            });
            return services.BuildServiceProvider();
        }
    }

    [Fact]
    public async Task The_client_follows_no_redirect_and_its_http_client_has_no_timeout_of_its_own()
    {
        await using var elsewhere = await Http.ScriptedServer.StartAsync(_ => Task.CompletedTask);
        await using var service = await Http.ScriptedServer.StartRedirectingAsync(302, elsewhere);
        var services = new ServiceCollection();
        var builder = services.AddDdmClient(options =>
        {
            options.Endpoint = service.BaseAddress;
            options.ProjectId = "p1";
            options.Credential = DdmCredential.FromToken("secret-iam-token");
        });
        await using var provider = services.BuildServiceProvider();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => provider.GetRequiredService<DdmClient>().ListBackupsAsync());

        Assert.Equal(302, exception.Status);
        Assert.Contains("the service answered with a redirect to " + elsewhere.BaseAddress.GetLeftPart(UriPartial.Authority) + ",", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("collect", exception.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.RawTargets);
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<IHttpClientFactory>().CreateClient(builder.Name).Timeout);
    }

    [Fact]
    public async Task A_cookie_one_answer_sets_goes_with_no_later_request_of_any_scope()
    {
        await using var service = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.Headers.SetCookie = "session=of-the-first-scope; Path=/";
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"backups":[],"offset":0,"limit":10,"total":0}""");
        });
        var services = new ServiceCollection();
        var tokens = 0;
        services.AddScoped(_ => DdmCredential.FromToken("token-of-scope-" + Interlocked.Increment(ref tokens)));
        services.AddDdmClient(options =>
        {
            options.Endpoint = service.BaseAddress;
            options.ProjectId = "p1";
        });
        await using var provider = services.BuildServiceProvider();

        foreach (var _ in new[] { 1, 2 })
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DdmClient>().ListBackupsAsync();
        }

        Assert.Contains(service.Headers, header => header == ("X-Auth-Token", "token-of-scope-2"));
        Assert.DoesNotContain(service.Headers, header => string.Equals(header.Name, "Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_primary_handler_the_application_sets_is_kept_without_its_redirects_whenever_it_is_set()
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(defaults => defaults.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 7 }));
        var builder = services.AddDdmClient(options =>
        {
            options.Endpoint = new Uri("https://ddm.example.com");
            options.ProjectId = "p1";
        });
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Iam:Endpoint"] = "https://iam.example.com",
            ["Ddm:Iam:UserName"] = "u",
            ["Ddm:Iam:Password"] = "p",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectId"] = "p1",
        });
        var other = new ServiceCollection();
        var otherBuilder = other.AddDdmClient(configuration.GetSection("Ddm"));
        other.ConfigureHttpClientDefaults(defaults => defaults.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 9 }));

        // Set after the registration, on the builder it returned, and for the IAM client after its registration too.
        builder.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { MaxConnectionsPerServer = 5 });
        other.AddHttpClient(DdmServiceCollectionExtensions.IamHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 3 });
        await using var provider = services.BuildServiceProvider();
        await using var otherProvider = other.BuildServiceProvider();

        var primary = Assert.IsType<HttpClientHandler>(Primary(provider, builder.Name));
        var iam = Assert.IsType<SocketsHttpHandler>(Primary(otherProvider, DdmServiceCollectionExtensions.IamHttpClientName));
        var fromDefaults = Assert.IsType<SocketsHttpHandler>(Primary(otherProvider, otherBuilder.Name));
        Assert.Equal(5, primary.MaxConnectionsPerServer);
        Assert.False(primary.AllowAutoRedirect);
        Assert.Equal(3, iam.MaxConnectionsPerServer);
        Assert.False(iam.AllowAutoRedirect);
        Assert.Equal(9, fromDefaults.MaxConnectionsPerServer);
        Assert.False(fromDefaults.AllowAutoRedirect);
    }

    [Fact]
    public async Task A_redirect_to_another_path_names_no_host_and_nothing_of_its_target()
    {
        await using var service = await Http.ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "/v3/p1/backups?token=secret-in-the-query";
            return Task.CompletedTask;
        });
        var client = new DdmClient(new DdmClientOptions { Endpoint = service.BaseAddress, ProjectId = "p1" });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Contains("the service answered with a redirect to another path,", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-the-query", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("file:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_that_breaks_an_iam_key_after_the_credential_was_made_leaves_later_clients_working()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Iam:Endpoint"] = "https://iam.example.com",
            ["Ddm:Iam:UserName"] = "u",
            ["Ddm:Iam:Password"] = "pw",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectName"] = "pn",
        });
        var services = new ServiceCollection();
        services.AddDdmClient(configuration.GetSection("Ddm"));
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<DdmClient>());
        var credential = provider.GetRequiredService<DdmCredential>();

        // A reload in the middle of a secret's rotation: the one password credential has read the section already.
        configuration["Ddm:Iam:Password"] = null;

        Assert.NotNull(provider.GetRequiredService<DdmClient>());
        Assert.Same(credential, provider.GetRequiredService<DdmCredential>());
    }

    [Fact]
    public void A_section_without_a_credential_names_the_keys_to_set_in_a_container_that_cannot_say_what_it_has()
    {
        var services = new ServiceCollection();
        services.AddDdmClient(SectionWithoutCredential());
        var container = new Grace.DependencyInjection.DependencyInjectionContainer();
        var provider = Grace.DependencyInjection.Extensions.GraceRegistration.Populate(container, services);
        Assert.Null(provider.GetService<IServiceProviderIsService>());

        var exception = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<DdmClient>());

        Assert.StartsWith("Ddm has no credential: set Ddm:Token, ", Innermost(exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_the_application_registers_is_taken_in_a_container_that_cannot_say_what_it_has()
    {
        var services = new ServiceCollection();
        services.AddDdmClient(SectionWithoutCredential());
        var made = 0;
        services.AddTransient(_ =>
        {
            made++;
            return DdmCredential.FromToken("registered-token");
        });
        var container = new Grace.DependencyInjection.DependencyInjectionContainer();
        var provider = Grace.DependencyInjection.Extensions.GraceRegistration.Populate(container, services);

        var inCode = new ServiceCollection();
        inCode.AddDdmClient(SectionWithoutCredential());
        inCode.Configure<DdmClientOptions>(options => options.Credential = DdmCredential.FromToken("token-in-code"));
        var withCredentialInCode = Grace.DependencyInjection.Extensions.GraceRegistration.Populate(new Grace.DependencyInjection.DependencyInjectionContainer(), inCode);

        Assert.NotNull(provider.GetRequiredService<DdmClient>());
        Assert.Equal(1, made);
        Assert.NotNull(withCredentialInCode.GetRequiredService<DdmClient>());
    }

    [Theory]
    [InlineData("Ddm:Token", " \n ", "Ddm:Token is blank")]
    [InlineData("Ddm:Token", "", "Ddm:Token is blank")]
    [InlineData("Ddm:AccessKey", " ", "Ddm:AccessKey is blank")]
    [InlineData("Ddm:SecretKey", "\t", "Ddm:SecretKey is blank")]
    public void A_credential_key_set_to_white_space_only_is_named_as_blank_rather_than_as_missing(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            [key] = value,
        };
        if (key == "Ddm:AccessKey")
        {
            settings["Ddm:SecretKey"] = "secret";
        }

        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<DdmClient>());

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Ddm:ProjectId is not set")]
    [InlineData("", "Ddm:ProjectId is blank")]
    [InlineData(" \n", "Ddm:ProjectId is blank")]
    public void A_project_id_missing_from_the_configuration_is_named_by_its_key(string? value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:Token"] = "token",
        };
        if (value is not null)
        {
            settings["Ddm:ProjectId"] = value;
        }

        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<DdmClient>());

        // The key to set, as the configuration spells it, rather than the property of the options it fills.
        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);

        // Set in code, the project id needs no key.
        services.Configure<DdmClientOptions>(options => options.ProjectId = "p1");
        using var configuredInCode = services.BuildServiceProvider();
        Assert.NotNull(configuredInCode.GetRequiredService<DdmClient>());
    }

    [Theory]
    [InlineData("..", false)]
    [InlineData(" . ", true)]
    [InlineData("pr\u00f8ject", true)]
    [InlineData("p\u0001x", true)]
    public async Task A_project_id_from_the_configuration_that_cannot_be_used_stops_the_host_naming_its_key(string value, bool accessKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = value,
        };
        if (accessKey)
        {
            settings["Ddm:AccessKey"] = "AK0000000001";
            settings["Ddm:SecretKey"] = "secret-in-the-value";
        }
        else
        {
            settings["Ddm:Token"] = "secret-in-the-value";
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddDdmClient(builder.Configuration.GetSection("Ddm"));
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Ddm:ProjectId ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-the-value", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_endpoint_of_another_machine_in_the_configuration_stops_the_host_naming_its_key()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "http://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Token"] = "secret-in-the-value",
        };
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddDdmClient(builder.Configuration.GetSection("Ddm"));
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        // The key to change, as the configuration spells it, and where the opt-in is set.
        Assert.StartsWith("Ddm:Endpoint ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("DdmClientOptions.AllowInsecureTransport", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-the-value", exception.ToString(), StringComparison.Ordinal);

        // The opt-in, set in code, is taken.
        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        services.Configure<DdmClientOptions>(options => options.AllowInsecureTransport = true);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<DdmClient>());
    }

    [Theory]
    [InlineData("Ddm:Iam:UserName", " ", "Ddm:Iam:UserName is blank")]
    [InlineData("Ddm:Iam:UserName", "", "Ddm:Iam:UserName is blank")]
    [InlineData("Ddm:Iam:Password", "\t", "Ddm:Iam:Password is blank")]
    [InlineData("Ddm:Iam:DomainName", " \n ", "Ddm:Iam:DomainName is blank")]
    [InlineData("Ddm:Iam:Endpoint", " ", "Ddm:Iam:Endpoint is blank")]
    [InlineData("Ddm:Iam:ProjectId", " ", "Ddm:Iam:ProjectId and Ddm:Iam:ProjectName are both set or both missing")]
    public void An_iam_key_set_to_white_space_only_is_named_as_blank_when_the_options_are_validated(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Iam:Endpoint"] = "https://iam.example.com",
            ["Ddm:Iam:UserName"] = "u",
            ["Ddm:Iam:Password"] = "pw",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectId"] = "p1",
            [key] = value,
        };
        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<DdmClient>());

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_project_id_set_to_white_space_only_beside_a_project_name_reads_as_not_set()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        var settings = EmulatorIamSettings(emulator);
        settings["Ddm:Iam:ProjectId"] = " \n";
        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var page = await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);

        Assert.Single(page.Value.Backups);
    }

    [Fact]
    public async Task Iam_settings_read_from_secret_files_that_end_in_a_line_break_log_in_with_the_values_alone()
    {
        // A mounted secret (a file per key) ends with a line break; sent as part of the user name or password, it would
        // fail every login and count towards locking the account.
        await using var emulator = await DdmEmulator.StartAsync();
        var settings = EmulatorIamSettings(emulator);
        foreach (var key in new[] { "Ddm:Iam:UserName", "Ddm:Iam:Password", "Ddm:Iam:DomainName", "Ddm:Iam:ProjectName" })
        {
            settings[key] += key.EndsWith("Password", StringComparison.Ordinal) ? "\r\n" : "\n";
        }

        var services = new ServiceCollection();
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var page = await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 1);

        Assert.Single(page.Value.Backups);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task An_iam_login_that_a_resilience_handler_of_the_application_times_out_is_the_authentication_exception()
    {
        // IAM that never answers; the handler every client of the factory gets gives up before the credential's own
        // timeout. Its TimeoutRejectedException left the call as it was, where every login failure is documented as
        // a DdmAuthenticationException.
        await using var iam = await Http.ScriptedServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var settings = new Dictionary<string, string?>
        {
            ["Ddm:Endpoint"] = "https://ddm.example.com",
            ["Ddm:ProjectId"] = "p1",
            ["Ddm:Iam:Endpoint"] = iam.BaseAddress.ToString(),
            ["Ddm:Iam:UserName"] = "u",
            ["Ddm:Iam:Password"] = "secret-password",
            ["Ddm:Iam:DomainName"] = "d",
            ["Ddm:Iam:ProjectId"] = "p1",
        };
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(defaults => defaults.AddStandardResilienceHandler(resilience =>
        {
            resilience.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200);
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(1);
            resilience.Retry.MaxRetryAttempts = 1;
            resilience.Retry.Delay = TimeSpan.Zero;
        }));
        services.AddDdmClient(Configuration(settings).GetSection("Ddm"));
        await using var provider = services.BuildServiceProvider();

        var exception = await Assert.ThrowsAsync<Ddm.Client.Authentication.DdmAuthenticationException>(() => provider.GetRequiredService<DdmClient>().ListBackupsAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains(iam.BaseAddress.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", exception.ToString(), StringComparison.Ordinal);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(exception.InnerException);
    }

    private static IConfigurationRoot Configuration(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    /// <summary>The <c>Ddm</c> section with an endpoint and a project, and no credential.</summary>
    /// <summary>A section <c>Ddm</c> that points at the emulator and logs in at its IAM route.</summary>
    private static Dictionary<string, string?> EmulatorIamSettings(DdmEmulator emulator) => new()
    {
        ["Ddm:Endpoint"] = emulator.BaseAddress.ToString(),
        ["Ddm:ProjectId"] = emulator.Options.ProjectId,
        ["Ddm:Iam:Endpoint"] = emulator.BaseAddress.ToString(),
        ["Ddm:Iam:UserName"] = emulator.Options.IamUserName,
        ["Ddm:Iam:Password"] = emulator.Options.IamPassword,
        ["Ddm:Iam:DomainName"] = emulator.Options.IamDomainName,
        ["Ddm:Iam:ProjectName"] = emulator.Options.ProjectName,
    };

    private static IConfigurationSection SectionWithoutCredential() => Configuration(new Dictionary<string, string?>
    {
        ["Ddm:Endpoint"] = "https://ddm.example.com",
        ["Ddm:ProjectId"] = "p1",
    }).GetSection("Ddm");

    private static HttpMessageHandler? Primary(IServiceProvider provider, string name)
    {
        HttpMessageHandler? handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(name);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }

        return handler;
    }

    /// <summary>A credential that counts its disposal, as one holding a connection or a lease would release it.</summary>
    private sealed class DisposableCredential(Action disposed) : DdmCredential, IDisposable
    {
        public void Dispose() => disposed();

        protected override ValueTask AuthenticateAsync(System.ClientModel.Primitives.PipelineMessage message, bool async) => default;
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    lines.Enqueue(string.Join(" ", values.Select(value => $"{value.Key}={value.Value}")));
                }
            }
        }
    }
}
