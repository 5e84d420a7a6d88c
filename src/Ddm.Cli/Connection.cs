using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Client;
using Ddm.Client.Authentication;
using Ddm.Emulator;

namespace Ddm.Cli;

/// <summary>A DDM client for one command: to the configured cloud endpoint, or to the built-in emulator when none is set.</summary>
internal sealed class Connection : IAsyncDisposable
{
    /// <summary>How many backups the built-in emulator serves.</summary>
    public const int SampleBackups = 300;

    private readonly HttpClient _http;
    private readonly DdmEmulator? _emulator;
    private readonly IDisposable? _credential;

    private Connection(HttpClient http, DdmClient client, DdmEmulator? emulator, IDisposable? credential)
    {
        _http = http;
        Client = client;
        _emulator = emulator;
        _credential = credential;
    }

    public DdmClient Client { get; }

    /// <summary>The id of an instance with restore windows in the built-in emulator; null against the cloud.</summary>
    public string? SampleInstanceId => _emulator?.InstanceIds[0];

    public static async Task<Connection> OpenAsync(Settings settings, CliConsole console, CancellationToken cancellationToken)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        try
        {
            if (settings.Endpoint is null)
            {
                var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = SampleBackups }, cancellationToken).ConfigureAwait(false);
                await console.Error.WriteLineAsync(
                    $"ddm: no DDM endpoint is configured, so the built-in emulator with sample data answers (instance {emulator.InstanceIds[0]} has restore windows). "
                    + "For the real cloud set DDM_ENDPOINT=https://ddm.eu-de.otc.t-systems.com, OS_PROJECT_ID and OS_AUTH_TOKEN (or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME).").ConfigureAwait(false);
                var options = new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken(emulator.Options.Token) };
                return new Connection(http, new DdmClient(http, options), emulator, null);
            }

            if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                throw new UsageException($"The endpoint '{settings.Endpoint}' is not an http(s) URL; set --endpoint or DDM_ENDPOINT to, for example, https://ddm.eu-de.otc.t-systems.com.");
            }

            if (settings.ProjectId is null)
            {
                throw new UsageException("No project id: set --project-id or OS_PROJECT_ID (the project of the tenant in the region).");
            }

            var (credential, disposable) = Credential(settings, http);
            var clientOptions = new DdmClientOptions { Endpoint = endpoint, ProjectId = settings.ProjectId, Credential = credential };
            return new Connection(http, new DdmClient(http, clientOptions), null, disposable);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _credential?.Dispose();
        _http.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (DdmCredential Credential, IDisposable? Owned) Credential(Settings settings, HttpClient http)
    {
        if (settings.Token is not null)
        {
            return (DdmCredential.FromToken(settings.Token), null);
        }

        if (!settings.HasPasswordSettings)
        {
            throw new UsageException("No credential: set --token or OS_AUTH_TOKEN, or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_USER_DOMAIN_NAME.");
        }

        if (settings.AuthUrl is null || settings.UserName is null || settings.Password is null || settings.DomainName is null)
        {
            throw new UsageException("An IAM password login needs all of OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_USER_DOMAIN_NAME.");
        }

        if (!Uri.TryCreate(IamBase(settings.AuthUrl), UriKind.Absolute, out var iam))
        {
            throw new UsageException($"OS_AUTH_URL '{settings.AuthUrl}' is not a URL, for example https://iam.eu-de.otc.t-systems.com/v3.");
        }

        var credential = new DdmPasswordCredential(
            new DdmPasswordCredentialOptions
            {
                IamEndpoint = iam,
                UserName = settings.UserName,
                Password = settings.Password,
                DomainName = settings.DomainName,
                ProjectId = settings.ProjectId,
                ProjectName = settings.ProjectId is null ? settings.ProjectName : null,
            },
            http);
        return (credential, credential);
    }

    /// <summary>OS_AUTH_URL usually ends in /v3; the credential adds /v3/auth/tokens itself.</summary>
    private static string IamBase(string authUrl)
    {
        var trimmed = authUrl.TrimEnd('/');
        return trimmed.EndsWith("/v3", StringComparison.OrdinalIgnoreCase) ? trimmed[..^3] : trimmed;
    }
}
