using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Ddm.Emulator;

/// <summary>
/// Makes routing match the literal segments of the routes exactly (ordinal), as the reference spells its URIs:
/// <c>/V3/{project_id}/Backups</c> is a path no API has, 404 in the gateway's shape like any other.
/// </summary>
/// <remarks>
/// ASP.NET routing matches literal segments ignoring case, and has no setting to do otherwise, so this policy takes
/// away the candidates that matched only so. When another route matches the path exactly, it is chosen instead: with
/// <c>.../backups/Restorable-Instances</c> the literal route goes and <c>.../backups/{backup_id}</c> stays. The 405 that
/// routing makes up for a path whose routes take other methods is kept only when a route matches the path exactly;
/// otherwise the path is unknown (404). Parameters (a project id, an instance id) keep whatever case they come in.
/// </remarks>
internal sealed class ExactLiteralSegments : MatcherPolicy, IEndpointSelectorPolicy
{
    private readonly EndpointDataSource _endpoints;

    public ExactLiteralSegments(EndpointDataSource endpoints) => _endpoints = endpoints;

    // After the built-in policies (the HTTP method policy orders itself at -1000), so that it also sees their 405s.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => true;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var segments = Segments(httpContext.Request.Path.Value);
        for (var index = 0; index < candidates.Count; index++)
        {
            if (!candidates.IsValidCandidate(index))
            {
                continue;
            }

            var exact = candidates[index].Endpoint is RouteEndpoint route
                ? Matches(route.RoutePattern, segments) != false
                // The 405 routing makes up is no route of its own: it stands for the routes of the path.
                : _endpoints.Endpoints.OfType<RouteEndpoint>().Any(endpoint => Matches(endpoint.RoutePattern, segments) == true);
            if (!exact)
            {
                candidates.SetValidity(index, false);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The path's segments as routing sees them: without the leading '/' and one trailing '/'.</summary>
    private static string[] Segments(string? path)
    {
        var trimmed = (path ?? string.Empty).AsSpan().TrimStart('/');
        if (trimmed.EndsWith("/", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^1];
        }

        return trimmed.IsEmpty ? Array.Empty<string>() : trimmed.ToString().Split('/');
    }

    /// <summary>
    /// Whether every literal of <paramref name="pattern"/> is at its place in <paramref name="segments"/> in the same
    /// case; null when the pattern is not one of plain literal and parameter segments of the path's count, which
    /// routing alone then judges.
    /// </summary>
    private static bool? Matches(RoutePattern pattern, string[] segments)
    {
        if (pattern.PathSegments.Count != segments.Length)
        {
            return null;
        }

        for (var index = 0; index < segments.Length; index++)
        {
            var parts = pattern.PathSegments[index].Parts;
            if (parts.Count != 1)
            {
                return null;
            }

            switch (parts[0])
            {
                case RoutePatternLiteralPart literal when !string.Equals(literal.Content, segments[index], StringComparison.Ordinal):
                    return false;
                case RoutePatternLiteralPart or RoutePatternParameterPart { IsCatchAll: false }:
                    break;
                default:
                    return null;
            }
        }

        return true;
    }
}
