using System;
using System.Net.Http;
using Ddm.Client;
using Ddm.Client.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="DdmClient"/> with options from configuration, on top of the generated <c>AddDdmClient</c>.</summary>
public static class DdmServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client that the password credential sends its IAM requests with.</summary>
    public const string IamHttpClientName = "Ddm.Iam";

    /// <summary>
    /// Registers <see cref="DdmClient"/> with options from configuration: <c>Endpoint</c>, <c>ProjectId</c>, and either
    /// <c>Token</c> or an <c>Iam</c> section (<c>Endpoint</c>, <c>UserName</c>, <c>Password</c>, <c>DomainName</c>,
    /// <c>ProjectId</c> or <c>ProjectName</c>). The password credential is one singleton, disposed with the container.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section that holds the keys, for example <c>configuration.GetSection("Ddm")</c>.</param>
    /// <returns>The builder of the client's HttpClient.</returns>
    public static IHttpClientBuilder AddDdmClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var iam = configuration.GetSection("Iam");
        if (configuration["Token"] is { Length: > 0 } token)
        {
            services.AddSingleton(DdmCredential.FromToken(token));
        }
        else if (iam.Exists())
        {
            services.AddHttpClient(IamHttpClientName);

            // After every other configuration of it, the application's included: a redirect would carry the password, and
            // the factory's log would show the token IAM answers with unless redacted.
            services.PostConfigure<HttpClientFactoryOptions>(IamHttpClientName, static factory => DdmClientServiceCollectionExtensions.ProtectCredentials(factory));
            services.AddSingleton<DdmCredential>(provider => new DdmPasswordCredential(
                new DdmPasswordCredentialOptions
                {
                    IamEndpoint = iam["Endpoint"] is { Length: > 0 } iamEndpoint ? new Uri(iamEndpoint, UriKind.Absolute) : null,
                    UserName = iam["UserName"],
                    Password = iam["Password"],
                    DomainName = iam["DomainName"],
                    ProjectId = iam["ProjectId"],
                    ProjectName = iam["ProjectName"],
                },
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(IamHttpClientName)));
        }

        // Read by hand rather than with the reflection-based binder, so that trimming and NativeAOT keep working.
        return services.AddDdmClient(options =>
        {
            if (configuration["Endpoint"] is { Length: > 0 } endpoint)
            {
                options.Endpoint = new Uri(endpoint, UriKind.Absolute);
            }

            options.ProjectId = configuration["ProjectId"] ?? options.ProjectId;
        });
    }
}
