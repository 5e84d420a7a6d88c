using System;
using System.Net.Http;
using Ddm.Client;
using Ddm.Client.Authentication;
using Ddm.Client.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="DdmClient"/> as a typed HTTP client.</summary>
public static class DdmServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client that password credentials send their IAM requests with.</summary>
    public const string IamHttpClientName = "Ddm.Iam";

    /// <summary>Registers <see cref="DdmClient"/> with options set in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the endpoint, project id and credential.</param>
    /// <returns>The builder of the client's HttpClient, to add <c>AddStandardResilienceHandler()</c> or handlers of your own.</returns>
    public static IHttpClientBuilder AddDdmClient(this IServiceCollection services, Action<DdmClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DdmClientOptions>().Configure(configure);
        return AddClient(services);
    }

    /// <summary>
    /// Registers <see cref="DdmClient"/> with options from configuration: <c>Endpoint</c>, <c>ProjectId</c>, and either
    /// <c>Token</c> or an <c>Iam</c> section (<c>Endpoint</c>, <c>UserName</c>, <c>Password</c>, <c>DomainName</c>,
    /// <c>ProjectId</c> or <c>ProjectName</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section that holds the keys, for example <c>configuration.GetSection("Ddm")</c>.</param>
    /// <returns>The builder of the client's HttpClient.</returns>
    public static IHttpClientBuilder AddDdmClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddHttpClient(IamHttpClientName);
        services.AddOptions<DdmClientOptions>().Configure<IHttpClientFactory>((options, factory) =>
        {
            // Read by hand rather than with the reflection-based binder, so that trimming and NativeAOT keep working.
            if (configuration["Endpoint"] is { Length: > 0 } endpoint)
            {
                options.Endpoint = new Uri(endpoint, UriKind.Absolute);
            }

            options.ProjectId = configuration["ProjectId"] ?? options.ProjectId;
            var iam = configuration.GetSection("Iam");
            if (configuration["Token"] is { Length: > 0 } token)
            {
                options.Credential = DdmCredential.FromToken(token);
            }
            else if (iam.Exists())
            {
                options.Credential = new DdmPasswordCredential(
                    new DdmPasswordCredentialOptions
                    {
                        IamEndpoint = iam["Endpoint"] is { Length: > 0 } iamEndpoint ? new Uri(iamEndpoint, UriKind.Absolute) : null,
                        UserName = iam["UserName"],
                        Password = iam["Password"],
                        DomainName = iam["DomainName"],
                        ProjectId = iam["ProjectId"],
                        ProjectName = iam["ProjectName"],
                    },
                    factory.CreateClient(IamHttpClientName));
            }
        });
        return AddClient(services);
    }

    private static IHttpClientBuilder AddClient(IServiceCollection services)
    {
        services.AddTransient<DdmLoggingHandler>();
        return services
            .AddHttpClient(nameof(DdmClient))
            .AddTypedClient((httpClient, provider) => new DdmClient(httpClient, provider.GetRequiredService<IOptions<DdmClientOptions>>().Value))
            .AddHttpMessageHandler<DdmLoggingHandler>();
    }
}
