using System;
using System.Buffers;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Client.Authentication;

/// <summary>
/// Obtains IAM tokens with a user's password (<c>POST {iam}/v3/auth/tokens</c>) and keeps one until shortly
/// before it expires. Concurrent callers share one request: a hundred calls at once cause one IAM request.
/// </summary>
public sealed class DdmPasswordCredential : DdmCredential, IDisposable
{
    private readonly DdmPasswordCredentialOptions _options;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Uri _tokensUri;
    private volatile CachedToken? _cached;

    /// <summary>Creates the credential; no request is sent until a token is needed.</summary>
    /// <param name="options">The IAM endpoint, user, password, domain and project.</param>
    /// <param name="httpClient">Sends the IAM requests; a new one (owned and disposed by the credential) when null.</param>
    /// <param name="timeProvider">The clock that decides when a token is due for refresh.</param>
    /// <exception cref="ArgumentException">A required option is missing.</exception>
    public DdmPasswordCredential(DdmPasswordCredentialOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient();
        _time = timeProvider ?? TimeProvider.System;
        var endpoint = options.IamEndpoint!.AbsoluteUri.TrimEnd('/');
        _tokensUri = new Uri(endpoint + "/v3/auth/tokens");
    }

    /// <inheritdoc/>
    /// <exception cref="DdmAuthenticationException">IAM refused the credentials or could not be reached.</exception>
    public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = _cached;
        if (cached is not null && _time.GetUtcNow() < cached.RefreshAt)
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            cached = _cached;
            if (cached is not null && _time.GetUtcNow() < cached.RefreshAt)
            {
                return cached.Token;
            }

            try
            {
                var fresh = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _cached = fresh;
                return fresh.Token;
            }
            catch (DdmAuthenticationException) when (cached is not null && _time.GetUtcNow() < cached.ExpiresAt)
            {
                // IAM cannot give a new token right now, but the current one is still valid: use it until it expires.
                return cached.Token;
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Names the user and the IAM endpoint; never the password or a token.</summary>
    public override string ToString() => $"IAM password credential of {_options.UserName} ({_options.DomainName}) at {_options.IamEndpoint}";

    /// <inheritdoc/>
    public void Dispose()
    {
        _refresh.Dispose();
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokensUri) { Content = RequestBody() };
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new DdmAuthenticationException($"IAM at {_options.IamEndpoint} could not be reached ({exception.Message}). Check the IAM endpoint and the network.", null, exception);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new DdmAuthenticationException(
                    $"IAM at {_options.IamEndpoint} refused user '{_options.UserName}' in domain '{_options.DomainName}' (HTTP 401: {KeystoneMessage(body) ?? "no message"}). Check the user name, password, domain name and project.",
                    status);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new DdmAuthenticationException($"IAM at {_options.IamEndpoint} answered HTTP {status}: {KeystoneMessage(body) ?? Excerpt(body)}.", status);
            }

            var token = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.FirstOrDefault() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new DdmAuthenticationException($"IAM at {_options.IamEndpoint} answered HTTP {status} without an X-Subject-Token header.", status);
            }

            if (ExpiresAt(body) is not { } expiresAt)
            {
                throw new DdmAuthenticationException($"IAM at {_options.IamEndpoint} answered HTTP {status} without a readable token.expires_at.", status);
            }

            var now = _time.GetUtcNow();
            var margin = TimeSpan.FromTicks(Math.Min(_options.RefreshMargin.Ticks, Math.Max(0, (expiresAt - now).Ticks / 2)));
            return new CachedToken(token, expiresAt, expiresAt - margin);
        }
    }

    private ByteArrayContent RequestBody()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("auth");
            writer.WriteStartObject("identity");
            writer.WriteStartArray("methods");
            writer.WriteStringValue("password");
            writer.WriteEndArray();
            writer.WriteStartObject("password");
            writer.WriteStartObject("user");
            writer.WriteString("name", _options.UserName);
            writer.WriteString("password", _options.Password);
            writer.WriteStartObject("domain");
            writer.WriteString("name", _options.DomainName);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("scope");
            writer.WriteStartObject("project");
            if (!string.IsNullOrEmpty(_options.ProjectId))
            {
                writer.WriteString("id", _options.ProjectId);
            }
            else
            {
                writer.WriteString("name", _options.ProjectName);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        // The content type as IAM documents it, charset spelling included.
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=utf8");
        return content;
    }

    private static DateTimeOffset? ExpiresAt(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("token", out var token)
                && token.TryGetProperty("expires_at", out var expires)
                && expires.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(expires.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The message of Keystone's error shape <c>{"error":{"code":401,"message":"...","title":"..."}}</c>.</summary>
    private static string? KeystoneMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body)
    {
        var text = body.Replace('\r', ' ').Replace('\n', ' ').Trim();
        return text.Length == 0 ? "an empty body" : text.Length > 200 ? text[..200] + "..." : text;
    }

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt)
    {
        public override string ToString() => $"token expiring at {ExpiresAt:O}";
    }
}
