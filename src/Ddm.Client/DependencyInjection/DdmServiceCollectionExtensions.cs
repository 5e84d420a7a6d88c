using System;
using System.Net.Http;
using Ddm.Client;
using Ddm.Client.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="DdmClient"/> with options from configuration, on top of the generated <c>AddDdmClient</c>.</summary>
public static class DdmServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client that the password credential sends its IAM requests with.</summary>
    public const string IamHttpClientName = "Ddm.Iam";

    /// <summary>The keys of the <c>Iam</c> section a password credential cannot do without.</summary>
    private static readonly string[] RequiredIamKeys = { "Endpoint", "UserName", "Password", "DomainName" };

    /// <summary>
    /// Registers <see cref="DdmClient"/> with options from configuration: <c>Endpoint</c>, <c>ProjectId</c>, and a
    /// credential: <c>Token</c>; or <c>AccessKey</c>, <c>SecretKey</c> and, for a temporary key, <c>SecurityToken</c>; or an
    /// <c>Iam</c> section (<c>Endpoint</c>, <c>UserName</c>, <c>Password</c>, <c>DomainName</c>, <c>ProjectId</c> or
    /// <c>ProjectName</c>), in this order when several are set. Without one, a <see cref="DdmCredential"/> the application
    /// registers is used, and making a client without either names the keys to set. <c>Token</c>, the access key,
    /// <c>Endpoint</c> and <c>ProjectId</c> are read for each client, so a changed configuration applies to the clients
    /// made after the change. The password credential is one singleton, disposed with the container, that sends each
    /// login with a new client of the factory (<see cref="IamHttpClientName"/>); it and the access key take the
    /// container's <see cref="TimeProvider"/>, when one is registered, as their clock.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section that holds the keys, for example <c>configuration.GetSection("Ddm")</c>.</param>
    /// <returns>The builder of the client's HttpClient.</returns>
    /// <remarks>
    /// The keys are read when the options are made and validated (at the host's start, and for each client): a value that
    /// cannot be used (an endpoint that is not an absolute URL, a missing <c>Iam</c> key) then fails with a message that
    /// names the key: an <see cref="InvalidOperationException"/> for the endpoint, an
    /// <see cref="OptionsValidationException"/> for the credential.
    /// Validation never makes a <see cref="DdmCredential"/> the application registers, which may be scoped or need a
    /// request: it only asks the container whether it has one (<see cref="IServiceProviderIsService"/>).
    /// </remarks>
    public static IHttpClientBuilder AddDdmClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var sectionPath = configuration is IConfigurationSection section ? section.Path : string.Empty;
        OneSectionOnly(services, sectionPath);
        var iam = configuration.GetSection("Iam");
        CredentialSource source;
        if (Setting(configuration, "Token") is not null)
        {
            // Read when each client is made, as the endpoint and project are: a token changed in the configuration (a
            // reloaded file, a rotated secret) is sent by the clients made after the change, never to a changed endpoint
            // along with the old one.
            source = CredentialSource.Token;
            services.AddTransient(_ => DdmCredential.FromToken(Token(configuration)));
        }
        else if (Setting(configuration, "AccessKey") is not null || Setting(configuration, "SecretKey") is not null)
        {
            // Read when each client is made, as the token is; signed with the container's clock when it has one.
            source = CredentialSource.AccessKey;
            services.AddTransient<DdmCredential>(provider => AccessKey(configuration, provider.GetService<TimeProvider>()));
        }
        else if (iam.Exists())
        {
            source = CredentialSource.Iam;
            services.AddHttpClient(IamHttpClientName);

            // After every other configuration of it, the application's included: a redirect would carry the password, and
            // the factory's log would show the token IAM answers with unless redacted.
            services.PostConfigure<HttpClientFactoryOptions>(IamHttpClientName, static factory => DdmClientServiceCollectionExtensions.ProtectCredentials(factory));

            // A client of the factory for each login rather than one kept for the container's life, which would hold
            // its handlers past their lifetime; the container's clock, when it has one, decides when a token is due.
            services.AddSingleton<DdmCredential>(provider =>
            {
                var factory = provider.GetRequiredService<IHttpClientFactory>();
                return DdmPasswordCredential.WithHttpClients(PasswordOptions(iam), () => factory.CreateClient(IamHttpClientName), provider.GetService<TimeProvider>());
            });
        }
        else
        {
            // A credential the application registers, before this call or after it, is used; nothing is registered here,
            // so that the application's TryAdd of one still adds it.
            source = CredentialSource.None;
        }

        // Checks the configuration's own credential when the options are validated, so at the host's start
        // (ValidateOnStart) rather than at the first request: one it cannot make fails there, with the error that names
        // the key. A credential of the application's is never made for this, only looked up.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DdmClientOptions>, CredentialValidator>(
            provider => new CredentialValidator(configuration, source, provider.GetService<IServiceProviderIsService>())));

        // Read by hand rather than with the reflection-based binder, so that trimming and NativeAOT keep working.
        return services.AddDdmClient(options =>
        {
            options.Endpoint = Endpoint(configuration, "Endpoint") ?? options.Endpoint;

            options.ProjectId = configuration["ProjectId"] ?? options.ProjectId;
        });
    }

    /// <summary>
    /// Refuses a second section: a container has one <see cref="DdmClient"/> with one set of options, into which the keys
    /// of both would be mixed (one section's endpoint with the other's token). The same section again, in any case as
    /// configuration keys are, is taken as the first time.
    /// </summary>
    private static void OneSectionOnly(IServiceCollection services, string path)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ConfiguredSection) && descriptor.ImplementationInstance is ConfiguredSection { Path: var earlier } && !string.Equals(earlier, path, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"AddDdmClient was given the configuration section '{earlier}' before '{path}': a container has one DdmClient, whose settings the keys of both would mix. Make a client with other settings with new DdmClient(options), and keep it.");
            }
        }

        services.AddSingleton(new ConfiguredSection(path));
    }

    /// <summary>
    /// The URL under <paramref name="key"/>, or null when it is not set. One that is not an absolute URL is an error
    /// naming the key, not the value, which may hold a user name and password.
    /// </summary>
    private static Uri? Endpoint(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        if (section.Value is not { Length: > 0 } value)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{section.Path} is not an absolute URL: set it to a base address such as https://host.example.com.");
    }

    /// <summary>The value under <paramref name="key"/>, or null when it is not set.</summary>
    private static string? Setting(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : null;

    /// <summary>The token under <c>Token</c>; an error naming the key when it is gone.</summary>
    private static string Token(IConfiguration configuration) =>
        Setting(configuration, "Token")
        ?? throw new InvalidOperationException($"{Key(configuration, "Token")} is no longer set: set it again (which kind of credential the configuration holds is read when the application starts).");

    /// <summary>The access key under <c>AccessKey</c>, <c>SecretKey</c> and <c>SecurityToken</c>; an error naming the key that cannot be used.</summary>
    private static DdmAccessKeyCredential AccessKey(IConfiguration configuration, TimeProvider? timeProvider) => new(
        Required(configuration, "AccessKey"),
        Required(configuration, "SecretKey"),
        Setting(configuration, "SecurityToken"),
        configuration["ProjectId"],
        timeProvider);

    /// <summary>The value under <paramref name="key"/>; when it is missing, an error that names the key.</summary>
    private static string Required(IConfiguration configuration, string key) =>
        Setting(configuration, key) ?? throw new InvalidOperationException($"{Key(configuration, key)} is not set: an access key needs AccessKey and SecretKey (and SecurityToken for a temporary one).");

    /// <summary>The full name of <paramref name="key"/> as the configuration spells it (<c>Ddm:Token</c>).</summary>
    private static string Key(IConfiguration configuration, string key) => configuration.GetSection(key).Path;

    /// <summary>
    /// The password credential's options from the <c>Iam</c> section once it holds every key a password credential needs;
    /// else an error that names the key as the configuration spells it (a misspelt key reads as a missing one).
    /// </summary>
    private static DdmPasswordCredentialOptions PasswordOptions(IConfigurationSection iam)
    {
        foreach (var key in RequiredIamKeys)
        {
            if (string.IsNullOrEmpty(iam[key]))
            {
                throw new InvalidOperationException($"{iam.Path}:{key} is not set: the {iam.Path} section needs Endpoint, UserName, Password, DomainName, and ProjectId or ProjectName.");
            }
        }

        if (string.IsNullOrEmpty(iam["ProjectId"]) == string.IsNullOrEmpty(iam["ProjectName"]))
        {
            throw new InvalidOperationException($"{iam.Path}:ProjectId and {iam.Path}:ProjectName are both set or both missing: set exactly one, the project the token is scoped to.");
        }

        return new DdmPasswordCredentialOptions
        {
            IamEndpoint = Endpoint(iam, "Endpoint"),
            UserName = iam["UserName"],
            Password = iam["Password"],
            DomainName = iam["DomainName"],
            ProjectId = iam["ProjectId"],
            ProjectName = iam["ProjectName"],
        };
    }

    /// <summary>
    /// Fails options without a credential of their own when the configuration's credential cannot be made (a missing
    /// key, an IAM endpoint that is not a URL), with the message that names the key; or, when the configuration holds
    /// none, when the container has no <see cref="DdmCredential"/> either. The configuration is read, and the container
    /// only asked whether it has one: a credential of the application's may be scoped, made only inside a request, or
    /// transient and disposable, and is made where a client is made, never here.
    /// </summary>
    private sealed class CredentialValidator(IConfiguration configuration, CredentialSource source, IServiceProviderIsService? services) : IValidateOptions<DdmClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, DdmClientOptions options)
        {
            if (options.Credential is not null)
            {
                return ValidateOptionsResult.Skip;
            }

            try
            {
                switch (source)
                {
                    case CredentialSource.Token:
                        _ = Token(configuration);
                        break;
                    case CredentialSource.AccessKey:
                        _ = Required(configuration, "AccessKey");
                        _ = Required(configuration, "SecretKey");
                        break;
                    case CredentialSource.Iam:
                        PasswordOptions(configuration.GetSection("Iam")).Validate();
                        break;
                    default:
                        // A container that cannot say whether it has one is given the benefit of the doubt.
                        if (services?.IsService(typeof(DdmCredential)) == false)
                        {
                            var named = configuration is IConfigurationSection section ? section.Path : "The configuration";
                            return ValidateOptionsResult.Fail(
                                $"{named} has no credential: set {Key(configuration, "Token")}, {Key(configuration, "AccessKey")} and {Key(configuration, "SecretKey")}, or the {Key(configuration, "Iam")} section; or register a DdmCredential.");
                        }

                        break;
                }

                return ValidateOptionsResult.Success;
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
            {
                return ValidateOptionsResult.Fail(exception.Message);
            }
        }
    }

    /// <summary>Where the credential comes from, as the configuration said when <c>AddDdmClient</c> was called.</summary>
    private enum CredentialSource
    {
        /// <summary>A credential the application registers.</summary>
        None,

        /// <summary>The <c>Token</c> key.</summary>
        Token,

        /// <summary>The <c>AccessKey</c>, <c>SecretKey</c> and <c>SecurityToken</c> keys.</summary>
        AccessKey,

        /// <summary>The <c>Iam</c> section.</summary>
        Iam,
    }

    /// <summary>The path of the configuration section the client's settings come from, remembered to refuse another.</summary>
    private sealed record ConfiguredSection(string Path);
}
