using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ddm.Emulator;

/// <summary>IAM's POST /v3/auth/tokens with the password method: 201, the token in X-Subject-Token, expiry in the body.</summary>
internal sealed class IamRoutes
{
    private readonly EmulatorOptions _options;
    private readonly TokenStore _tokens;
    private readonly EmulatorStatistics _statistics;

    public IamRoutes(EmulatorOptions options, TokenStore tokens, EmulatorStatistics statistics)
    {
        _options = options;
        _tokens = tokens;
        _statistics = statistics;
    }

    public void Map(IEndpointRouteBuilder routes) => routes.MapPost("/v3/auth/tokens", IssueToken);

    private async Task IssueToken(HttpContext context)
    {
        // The reference documents the request as "Content-Type: application/json;charset=utf8": a body declared
        // otherwise (text/plain, another charset) or not at all is refused as the DDM routes refuse one, 415, in IAM's
        // shape. The body is read by hand: "utf8" is a charset name that content negotiation would refuse.
        if (await JsonMediaType.IsRefused(context))
        {
            await Answers.IamError(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", "The request body is to be JSON, sent as application/json in UTF-8.");
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await Answers.IamError(context, StatusCodes.Status400BadRequest, "Bad Request", "The request body is not valid JSON.");
            return;
        }

        using (document)
        {
            if (!TryReadPasswordRequest(document.RootElement, out var user, out var password, out var domain, out var projectId, out var projectName))
            {
                await Answers.IamError(context, StatusCodes.Status400BadRequest, "Bad Request", "The request you have made requires a password identity (methods naming \"password\") and a project scope.");
                return;
            }

            if (user != _options.IamUserName || password != _options.IamPassword || domain != _options.IamDomainName)
            {
                await Answers.IamError(context, StatusCodes.Status401Unauthorized, "Unauthorized", "The username or password is wrong.");
                return;
            }

            if ((projectId ?? _options.ProjectId) != _options.ProjectId || (projectName ?? _options.ProjectName) != _options.ProjectName)
            {
                await Answers.IamError(context, StatusCodes.Status401Unauthorized, "Unauthorized", "The project is not one the user can access.");
                return;
            }

            var (token, issuedAt, expiresAt) = _tokens.Issue(_options.ProjectId);
            _statistics.CountTokenIssued();
            context.Response.Headers["X-Subject-Token"] = token;
            await Answers.Json(context, StatusCodes.Status201Created, writer =>
            {
                writer.WriteStartObject("token");
                writer.WriteString("expires_at", Answers.IamDate(expiresAt));
                writer.WriteString("issued_at", Answers.IamDate(issuedAt));
                writer.WriteStartArray("methods");
                writer.WriteStringValue("password");
                writer.WriteEndArray();
                writer.WriteStartObject("project");
                writer.WriteString("id", _options.ProjectId);
                writer.WriteString("name", _options.ProjectName);
                writer.WriteEndObject();
                writer.WriteStartObject("user");
                writer.WriteString("name", user);
                writer.WriteStartObject("domain");
                writer.WriteString("name", domain);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
        }
    }

    private static bool TryReadPasswordRequest(JsonElement root, out string? user, out string? password, out string? domain, out string? projectId, out string? projectName)
    {
        user = password = domain = projectId = projectName = null;
        // IAM authenticates by the methods the identity names: a password beside methods that do not name
        // "password" (or no methods at all) is no password request, as IAM refuses it.
        if (!TryGet(root, out var identity, "auth", "identity")
            || !identity.TryGetProperty("methods", out var methods) || methods.ValueKind != JsonValueKind.Array
            || !methods.EnumerateArray().Any(method => method.ValueKind == JsonValueKind.String && method.GetString() == "password")
            || !TryGet(identity, out var userElement, "password", "user")
            || !TryGet(root, out var project, "auth", "scope", "project"))
        {
            return false;
        }

        user = Text(userElement, "name");
        password = Text(userElement, "password");
        domain = TryGet(userElement, out var domainElement, "domain") ? Text(domainElement, "name") : null;
        projectId = Text(project, "id");
        projectName = Text(project, "name");
        return user is not null && password is not null && domain is not null && (projectId is not null || projectName is not null);
    }

    private static bool TryGet(JsonElement element, out JsonElement found, params string[] path)
    {
        found = element;
        foreach (var name in path)
        {
            if (found.ValueKind != JsonValueKind.Object || !found.TryGetProperty(name, out found))
            {
                return false;
            }
        }

        return found.ValueKind == JsonValueKind.Object;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
