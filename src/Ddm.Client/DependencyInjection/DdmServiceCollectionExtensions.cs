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

    /// <summary>The keys outside the <c>Iam</c> section that hold a credential.</summary>
    private static readonly string[] CredentialKeys = { "Token", "AccessKey", "SecretKey" };

    /// <summary>
    /// Registers <see cref="DdmClient"/> with options from configuration: <c>Endpoint</c>, <c>ProjectId</c>, and a
    /// credential: <c>Token</c>; or <c>AccessKey</c>, <c>SecretKey</c> and, for a temporary key, <c>SecurityToken</c>; or an
    /// <c>Iam</c> section (<c>Endpoint</c>, <c>UserName</c>, <c>Password</c>, <c>DomainName</c>, <c>ProjectId</c> or
    /// <c>ProjectName</c>), in this order when several are set. Without one, a <see cref="DdmCredential"/> the application
    /// registers is used, and making a client without either names the keys to set. <c>Token</c>, the access key,
    /// <c>Endpoint</c> and <c>ProjectId</c> are read for each client, so a changed configuration applies to the clients
    /// made after the change. The access key signs, as <c>X-Project-Id</c>, the project the client's requests name: its
    /// options' final <c>ProjectId</c>, one the application sets in code after this call included. The password
    /// credential is one singleton, disposed with the container, that sends each login with a new client of the factory
    /// (<see cref="IamHttpClientName"/>); it and the access key take the container's <see cref="TimeProvider"/>, when one
    /// is registered, as their clock.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section that holds the keys, for example <c>configuration.GetSection("Ddm")</c>.</param>
    /// <returns>The builder of the client's HttpClient.</returns>
    /// <remarks>
    /// The keys are read when the options are made and validated (at the host's start, and for each client), the <c>Iam</c>
    /// section once, for the one password credential, so that a later change to it neither applies nor fails: a value that
    /// cannot be used (an endpoint that is not an absolute http(s) URL, or an <c>http://</c> one of another machine when the
    /// application does not set <c>AllowInsecureTransport</c> in code, a missing or blank <c>ProjectId</c> when the
    /// application sets none in code, one that is <c>.</c> or <c>..</c>, or one an access key cannot sign as a header, a
    /// missing or blank <c>Iam</c> key, an <c>http://</c> IAM endpoint of another machine, a token with a line break
    /// inside) then fails with a message that names the key and never shows the value: an
    /// <see cref="InvalidOperationException"/> for the endpoint, an <see cref="OptionsValidationException"/> for an
    /// <c>http://</c> endpoint, the project id and the credential. White space at the ends of <c>ProjectId</c>,
    /// <c>Token</c>, <c>AccessKey</c>, <c>SecretKey</c>, <c>SecurityToken</c> and the <c>Iam</c> names (the line break that
    /// ends a secret file) is dropped, and so is a line break at the end of <c>Iam:Password</c>.
    /// Validation never makes a <see cref="DdmCredential"/> the application registers, which may be scoped or need a
    /// request: it only asks the container whether it has one (<see cref="IServiceProviderIsService"/>); a container that
    /// cannot say has making a client without one fail with an <see cref="InvalidOperationException"/> that names the keys.
    /// </remarks>
    public static IHttpClientBuilder AddDdmClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        OneSectionOnly(services, configuration);
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
            // X-Project-Id is the project of the client's final options, which the path of its requests names: the
            // application may set another one in code than the configuration's, after this call.
            source = CredentialSource.AccessKey;
            services.AddTransient<DdmCredential>(provider => AccessKey(
                configuration,
                provider.GetService<TimeProvider>(),
                provider.GetRequiredService<IOptionsFactory<DdmClientOptions>>().Create(Microsoft.Extensions.Options.Options.DefaultName).ProjectId));
        }
        else if (iam.Exists())
        {
            source = CredentialSource.Iam;
            services.AddHttpClient(IamHttpClientName);

            // After every other configuration of it, the application's included: a redirect would carry the password, and
            // the factory's log would show the token IAM answers with unless redacted.
            services.PostConfigure<HttpClientFactoryOptions>(IamHttpClientName, static factory => DdmClientServiceCollectionExtensions.ProtectCredentials(factory));

            // The section is read once for the container, by the validation (at the host's start) or the credential,
            // whichever comes first: the one credential keeps what it read, so a reload that breaks a key later must not
            // fail the clients made after it.
            services.AddSingleton(_ => new IamSettings(iam));

            // A client of the factory for each login rather than one kept for the container's life, which would hold
            // its handlers past their lifetime; the container's clock, when it has one, decides when a token is due.
            services.AddSingleton<DdmCredential>(provider =>
            {
                var factory = provider.GetRequiredService<IHttpClientFactory>();
                return DdmPasswordCredential.WithHttpClients(provider.GetRequiredService<IamSettings>().Options, () => factory.CreateClient(IamHttpClientName), provider.GetService<TimeProvider>());
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
            provider => new CredentialValidator(configuration, source, provider.GetService<IServiceProviderIsService>(), provider.GetService<IamSettings>())));

        // Read by hand rather than with the reflection-based binder, so that trimming and NativeAOT keep working.
        var builder = services.AddDdmClient(options =>
        {
            options.Endpoint = Endpoint(configuration, "Endpoint") ?? options.Endpoint;

            options.ProjectId = Setting(configuration, "ProjectId") ?? options.ProjectId;
        });
        if (source == CredentialSource.None)
        {
            RequireCredential(services, configuration);
        }

        return builder;
    }

    /// <summary>
    /// Has the client that <c>AddDdmClient</c> registered fail, naming the keys to set, when it is made without a
    /// credential: options without one and a container without a <see cref="DdmCredential"/>. The validation cannot tell
    /// in a container that does not say what it has (one without <see cref="IServiceProviderIsService"/>), where the client
    /// would otherwise be made without a credential and every request refused with HTTP 401.
    /// </summary>
    private static void RequireCredential(IServiceCollection services, IConfiguration configuration)
    {
        for (var index = services.Count - 1; index >= 0; index--)
        {
            if (services[index] is { ServiceType: var type, IsKeyedService: false, ImplementationFactory: { } make, Lifetime: var lifetime } && type == typeof(DdmClient))
            {
                // The client's factory asks for a DdmCredential only when the options hold none; it is given the container's
                // own, made once as before, or the error when there is none.
                services[index] = ServiceDescriptor.Describe(type, provider => make(new CredentialRequired(provider, configuration)), lifetime);
                return;
            }
        }
    }

    /// <summary>The message for a configuration that names no credential, where the container has none either.</summary>
    private static string NoCredential(IConfiguration configuration)
    {
        var named = configuration is IConfigurationSection ? PathOf(configuration) : null;

        // A key set to white space reads as not set; naming it saves looking for a key that is there.
        var subject = Array.Find(CredentialKeys, key => IsBlank(configuration, key)) is { } blank
            ? $"{Key(configuration, blank)} is blank, so {named ?? "the configuration"}"
            : named ?? "The configuration";
        return $"{subject} has no credential: set {Key(configuration, "Token")}, {Key(configuration, "AccessKey")} and {Key(configuration, "SecretKey")}, or the {Key(configuration, "Iam")} section; or register a DdmCredential.";
    }

    /// <summary>
    /// Refuses a second section, or the same section of another configuration: a container has one <see cref="DdmClient"/>
    /// with one set of options, into which the keys of both would be mixed (one section's endpoint with the other's
    /// token). The same section again, in any case as configuration keys are, is taken as the first time, and so is the
    /// same root object.
    /// </summary>
    private static void OneSectionOnly(IServiceCollection services, IConfiguration configuration)
    {
        var path = PathOf(configuration);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType != typeof(ConfiguredSection) || descriptor.ImplementationInstance is not ConfiguredSection { Configuration: var earlierConfiguration })
            {
                continue;
            }

            var earlier = PathOf(earlierConfiguration);

            if (!string.Equals(earlier, path, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"AddDdmClient was given the configuration section '{earlier}' before '{path}': a container has one DdmClient, whose settings the keys of both would mix. Make a client with other settings with new DdmClient(options), and keep it.");
            }

            if (OfAnotherRoot(earlierConfiguration, configuration))
            {
                throw new InvalidOperationException(
                    "AddDdmClient was given two different configurations: a container has one DdmClient, whose settings the keys of both would mix. Pass one configuration (add the sources of both to one ConfigurationBuilder to combine them), or make a client with other settings with new DdmClient(options), and keep it.");
            }
        }

        services.AddSingleton(new ConfiguredSection(configuration));
    }

    /// <summary>The path of a section (<c>Ddm</c>); empty for a whole configuration.</summary>
    private static string PathOf(IConfiguration configuration) => (configuration as IConfigurationSection)?.Path ?? string.Empty;

    /// <summary>
    /// Whether two configurations of the same path come from different roots. Two roots are told apart by the object. A
    /// section is a new object each time it is asked for and does not say its root, but it answers
    /// <see cref="IConfiguration.GetReloadToken"/> with its root's token, one object until the root reloads: two sections
    /// that answer with different tokens, while the first one's stays the same, come from two roots. A configuration that
    /// makes a new token each time cannot be told apart and is taken as the same.
    /// </summary>
    private static bool OfAnotherRoot(IConfiguration earlier, IConfiguration configuration)
    {
        if (ReferenceEquals(earlier, configuration))
        {
            return false;
        }

        if (earlier is not IConfigurationSection && configuration is not IConfigurationSection)
        {
            return true;
        }

        var before = earlier.GetReloadToken();
        var token = configuration.GetReloadToken();
        return !ReferenceEquals(before, token) && ReferenceEquals(before, earlier.GetReloadToken());
    }

    /// <summary>
    /// The address under <paramref name="key"/>, or null when it is not set. One that is empty, blank, not an absolute http(s) URL, or
    /// holds a user name, a password, a query or a fragment, is an error naming the key, not the value, which may hold a
    /// user name and password. An <c>http://</c> address of another machine is left to the options, whose
    /// <c>AllowInsecureTransport</c> the application may set in code.
    /// </summary>
    private static Uri? Endpoint(IConfiguration configuration, string key)
    {
        // Only a missing key means the default endpoint: an empty value (a variable never filled in) is named as blank,
        // as white space is, rather than sending the credential to the default endpoint.
        var section = configuration.GetSection(key);
        if (section.Value is not { } value)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"{section.Path} {(string.IsNullOrWhiteSpace(value) ? "is blank" : "is not an absolute URL")}: set it to a base address such as https://host.example.com.");
        }

        return DdmClientSupport.EndpointProblem(uri, allowInsecureTransport: true, section.Path) is { } problem
            ? throw new InvalidOperationException(problem)
            : uri;
    }

    /// <summary>
    /// The value under <paramref name="key"/> without white space at its ends, or null when it is not set or blank. A
    /// project id, token or key never holds white space, and a value read from a file (a mounted secret) often ends
    /// with a line break, which would otherwise make every request fail.
    /// </summary>
    private static string? Setting(IConfiguration configuration, string key) =>
        configuration[key]?.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>The value under <paramref name="key"/> once a header can carry it; else an error naming the key, not the value.</summary>
    private static string? HeaderSetting(IConfiguration configuration, string key)
    {
        var value = Setting(configuration, key);
        return value is null || DdmClientSupport.IsHeaderText(value, asciiOnly: true)
            ? value
            : throw new InvalidOperationException($"{Key(configuration, key)} holds a line break, another control character or a character outside ASCII, which a header cannot carry: set it to the value alone.");
    }

    /// <summary>The token under <c>Token</c>; an error naming the key when it is gone or cannot be sent.</summary>
    private static string Token(IConfiguration configuration) =>
        HeaderSetting(configuration, "Token")
        ?? throw new InvalidOperationException($"{Key(configuration, "Token")} {(IsBlank(configuration, "Token") ? "is blank" : "is no longer set")}: set it again (which kind of credential the configuration holds is read when the application starts).");

    /// <summary>The access key under <c>AccessKey</c>, <c>SecretKey</c> and <c>SecurityToken</c>; an error naming the key that cannot be used.</summary>
    /// <param name="configuration">The configuration that holds the keys.</param>
    /// <param name="timeProvider">The clock of the signatures; null for the system's.</param>
    /// <param name="projectId">The project the client's requests name, signed as <c>X-Project-Id</c>.</param>
    private static DdmAccessKeyCredential AccessKey(IConfiguration configuration, TimeProvider? timeProvider, string? projectId) => new(
        Required(configuration, "AccessKey"),
        Required(configuration, "SecretKey", sent: false),
        HeaderSetting(configuration, "SecurityToken"),
        projectId is null || DdmClientSupport.IsHeaderText(projectId, asciiOnly: true)
            ? projectId
            : throw new InvalidOperationException($"{ProjectIdKey(configuration, projectId)} holds a line break, another control character or a character outside ASCII, which the X-Project-Id header an access key signs cannot carry: set it to the id of the project."),
        timeProvider);

    /// <summary>
    /// Where <paramref name="projectId"/> was set: the configuration's key (<c>Ddm:ProjectId</c>) when it holds that value,
    /// else the options' property, which the application set in code.
    /// </summary>
    private static string ProjectIdKey(IConfiguration configuration, string projectId) =>
        projectId == Setting(configuration, "ProjectId") ? Key(configuration, "ProjectId") : "DdmClientOptions.ProjectId";

    /// <summary>The value under <paramref name="key"/>; when it is missing, or one <paramref name="sent"/> in a header cannot be, an error that names the key.</summary>
    private static string Required(IConfiguration configuration, string key, bool sent = true) =>
        (sent ? HeaderSetting(configuration, key) : Setting(configuration, key)) ?? throw new InvalidOperationException($"{Key(configuration, key)} {(IsBlank(configuration, key) ? "is blank" : "is not set")}: an access key needs AccessKey and SecretKey (and SecurityToken for a temporary one).");

    /// <summary>
    /// Whether <paramref name="key"/> is set to nothing but white space (an empty variable, a placeholder), which reads as
    /// not set but is named as blank, so that the key is not looked for in vain.
    /// </summary>
    private static bool IsBlank(IConfiguration configuration, string key) => configuration[key] is not null && Setting(configuration, key) is null;

    /// <summary>The full name of <paramref name="key"/> as the configuration spells it (<c>Ddm:Token</c>).</summary>
    private static string Key(IConfiguration configuration, string key) => configuration.GetSection(key).Path;

    /// <summary>
    /// The password credential's options from the <c>Iam</c> section once it holds every key a password credential needs,
    /// with an IAM endpoint it can send the password to; else an error that names the key as the configuration spells
    /// it (a misspelt key reads as a missing one).
    /// </summary>
    private static DdmPasswordCredentialOptions PasswordOptions(IConfigurationSection iam)
    {
        foreach (var key in RequiredIamKeys)
        {
            if (IamSetting(iam, key) is null)
            {
                throw new InvalidOperationException($"{iam.Path}:{key} {(IsBlank(iam, key) ? "is blank" : "is not set")}: the {iam.Path} section needs Endpoint, UserName, Password, DomainName, and ProjectId or ProjectName.");
            }
        }

        var projectId = IamSetting(iam, "ProjectId")?.Trim();
        var projectName = IamSetting(iam, "ProjectName")?.Trim();
        if ((projectId is null) == (projectName is null))
        {
            throw new InvalidOperationException($"{iam.Path}:ProjectId and {iam.Path}:ProjectName are both set or both missing: set exactly one, the project the token is scoped to.");
        }

        // The configuration has no AllowInsecureTransport: an http:// IAM is taken on this machine only, as the
        // credential's own default does.
        var endpoint = Endpoint(iam, "Endpoint")!;
        if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            throw new InvalidOperationException($"{iam.Path}:Endpoint is an http:// address of another machine, to which the password would cross the network in clear text: set it to the https:// address of IAM.");
        }

        return new DdmPasswordCredentialOptions
        {
            IamEndpoint = endpoint,
            UserName = iam["UserName"]!.Trim(),
            Password = iam["Password"]!.TrimEnd('\r', '\n'),
            DomainName = iam["DomainName"]!.Trim(),
            ProjectId = projectId,
            ProjectName = projectName,
        };
    }

    /// <summary>
    /// The value under <paramref name="key"/> of the <c>Iam</c> section as it is, or null when it is not set or blank: white
    /// space alone (an empty variable, a placeholder) would pass for a value and fail only at the login, without naming the
    /// key. The caller drops what a value read from a file ends with: white space at the ends of a name, the line break
    /// at the end of a password, which may itself begin or end with a space. Sent with the value, it would fail every
    /// login, each counting towards locking the account.
    /// </summary>
    private static string? IamSetting(IConfigurationSection iam, string key) =>
        iam[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>
    /// Fails options without a project id, naming the configuration's key for it; and options without a credential of
    /// their own when the configuration's credential cannot be made (a missing
    /// key, an IAM endpoint that is not a URL), with the message that names the key; or, when the configuration holds
    /// none, when the container has no <see cref="DdmCredential"/> either. The configuration is read, and the container
    /// only asked whether it has one: a credential of the application's may be scoped, made only inside a request, or
    /// transient and disposable, and is made where a client is made, never here.
    /// </summary>
    private sealed class CredentialValidator(IConfiguration configuration, CredentialSource source, IServiceProviderIsService? services, IamSettings? iam) : IValidateOptions<DdmClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, DdmClientOptions options)
        {
            if (options is { Endpoint: { Scheme: "http", IsLoopback: false } endpoint, AllowInsecureTransport: false }
                && Uri.TryCreate(configuration["Endpoint"], UriKind.Absolute, out var configured) && configured == endpoint)
            {
                // The one endpoint problem left to the options, named as the configuration spells it too, with where the
                // opt-in is (the configuration has no key for it); the options' own message, after this one, names their property.
                return ValidateOptionsResult.Fail($"{Key(configuration, "Endpoint")} is an http:// address of another machine, to which the credential would cross the network in clear text: set it to an https:// address, or set DdmClientOptions.AllowInsecureTransport in code.");
            }

            if (options.ProjectId is null)
            {
                // Named as the configuration spells it, which the options' own message (DdmClientOptions.ProjectId),
                // after this one, does not say; a project id set in code needs no key.
                return ValidateOptionsResult.Fail($"{Key(configuration, "ProjectId")} {(IsBlank(configuration, "ProjectId") ? "is blank" : "is not set")}: set it to the id of the project, which the path of every request holds.");
            }

            if (options.ProjectId is "." or ".." && options.ProjectId == Setting(configuration, "ProjectId"))
            {
                // Named as the configuration spells it too; the options' own message, after this one, names their property.
                return ValidateOptionsResult.Fail($"{Key(configuration, "ProjectId")} is '.' or '..', which a server reads as a step in the path of every request: set it to the id of the project.");
            }

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
                        // The credential as a client would get it: a small object that holds the keys, nothing to release.
                        _ = AccessKey(configuration, timeProvider: null, options.ProjectId);
                        break;
                    case CredentialSource.Iam:
                        if (iam!.Options.ProjectId is { } scoped && !string.Equals(scoped, options.ProjectId, StringComparison.Ordinal))
                        {
                            // The service refuses a token for any project but its own: every request would be refused.
                            return ValidateOptionsResult.Fail($"The client's ProjectId ({Key(configuration, "ProjectId")}) is not {Key(iam.Section, "ProjectId")}, the project the IAM token is scoped to, and the service refuses a token of another project: set both to the same project.");
                        }

                        break;
                    default:
                        // A container that cannot say whether it has one is given the benefit of the doubt here, and
                        // checked where the client is made (RequireCredential).
                        if (services?.IsService(typeof(DdmCredential)) == false)
                        {
                            return ValidateOptionsResult.Fail(NoCredential(configuration));
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

    /// <summary>
    /// The password credential's options, read from the <c>Iam</c> section the first time they are asked for and kept
    /// once they can be used, as the one credential made from them keeps them; a section that cannot be used is read
    /// again the next time, so that fixing it is enough.
    /// </summary>
    private sealed class IamSettings(IConfigurationSection iam)
    {
        private readonly object _gate = new();
        private DdmPasswordCredentialOptions? _options;

        /// <summary>The <c>Iam</c> section, to name its keys.</summary>
        public IConfigurationSection Section => iam;

        /// <summary>The options; an error that names the key when the section cannot make them.</summary>
        public DdmPasswordCredentialOptions Options
        {
            get
            {
                lock (_gate)
                {
                    if (_options is null)
                    {
                        var options = PasswordOptions(iam);
                        options.Validate();
                        _options = options;
                    }

                    return _options;
                }
            }
        }
    }

    /// <summary>
    /// The container as the client's factory sees it, except that a <see cref="DdmCredential"/> it does not have is an
    /// error naming the keys to set rather than null.
    /// </summary>
    private sealed class CredentialRequired(IServiceProvider provider, IConfiguration configuration) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            provider.GetService(serviceType)
            ?? (serviceType == typeof(DdmCredential) ? throw new InvalidOperationException(NoCredential(configuration)) : null);
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

    /// <summary>The configuration (a section, or a whole one) the client's settings come from, remembered to refuse another.</summary>
    private sealed record ConfiguredSection(IConfiguration Configuration);
}
