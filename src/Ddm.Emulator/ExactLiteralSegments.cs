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
/// <c>/V3/{project_id}/Backups</c> is a path no API has, 404 in the gateway's shape like any other, and so is a path with a
/// trailing slash (<c>/v3/{project_id}/backups/</c>), whatever its method.
/// </summary>
/// <remarks>
/// ASP.NET routing matches literal segments ignoring case, and has no setting to do otherwise, so this policy takes
/// away the candidates that matched only so. When another route matches the path exactly, it is chosen instead: with
/// <c>.../backups/Restorable-Instances</c> the literal route goes and <c>.../backups/{backup_id}</c> stays. Whether a
/// method the path does not take is 405 or 404, and the methods a 405 names in <c>Allow</c>, come from the routes that
/// match the path exactly, whatever routing made of the routes that matched it ignoring case: <c>POST
/// .../backups/Recovery</c> is no recovery, but <c>.../backups/{backup_id}</c> takes GET (and HEAD) there, so it is 405
/// with <c>Allow: GET, HEAD</c>. When no route matches the path exactly, it is unknown (404). Parameters (a project id, an
/// instance id) keep whatever case they come in.
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
        // A path that ends in '/' (the root aside) is none the reference spells: .../backups/ is no more
        // .../backups than .../Backups is, for every route and method alike, where routing matched it as the path
        // without the slash (GET .../backups/ listed the backups, DELETE .../backups/{backup_id}/ deleted one).
        if (httpContext.Request.Path.Value is { Length: > 1 } path && path[^1] == '/')
        {
            for (var index = 0; index < candidates.Count; index++)
            {
                candidates.SetValidity(index, false);
            }

            return Task.CompletedTask;
        }

        var segments = Segments(httpContext.Request.Path.Value);
        var kept = false;
        var dropped = -1;
        for (var index = 0; index < candidates.Count; index++)
        {
            if (!candidates.IsValidCandidate(index))
            {
                continue;
            }

            if (candidates[index].Endpoint is RouteEndpoint route && Matches(route.RoutePattern, segments) != false)
            {
                kept = true;
                continue;
            }

            // A route that matched only ignoring case; or the 405 routing makes up, which is no route of its own and
            // names the methods of every route that matched the path ignoring case: it is made again below, if at all.
            candidates.SetValidity(index, false);
            dropped = dropped < 0 ? index : dropped;
        }

        // Nothing left for the request's method: 405 when a route matches the path exactly, else 404.
        if (!kept && dropped >= 0 && MethodsOfExactRoutes(segments, httpContext.Request.Method) is { } allowed)
        {
            candidates.ReplaceEndpoint(dropped, MethodNotAllowed(allowed), candidates[dropped].Values);
            candidates.SetValidity(dropped, true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The methods of the routes that match the path exactly, as routing writes them in <c>Allow</c> (sorted, ", "
    /// between them); null when there are none, or when one of these routes takes <paramref name="method"/> or every
    /// method (routing answers no 405 then either).
    /// </summary>
    private string? MethodsOfExactRoutes(string[] segments, string method)
    {
        var methods = new List<string>();
        foreach (var route in _endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (Matches(route.RoutePattern, segments) != true)
            {
                continue;
            }

            var taken = route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (taken is null || taken.Count == 0 || taken.Any(other => HttpMethods.Equals(other, method)))
            {
                return null;
            }

            foreach (var other in taken)
            {
                if (!methods.Any(known => HttpMethods.Equals(known, other)))
                {
                    methods.Add(other);
                }
            }
        }

        methods.Sort(StringComparer.OrdinalIgnoreCase);
        return methods.Count == 0 ? null : string.Join(", ", methods);
    }

    /// <summary>The 405 of a path that takes other methods, as routing's own: no body, the methods in <c>Allow</c>.</summary>
    private static Endpoint MethodNotAllowed(string allowed) =>
        new(
            context =>
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = allowed;
                return Task.CompletedTask;
            },
            EndpointMetadataCollection.Empty,
            "405 HTTP Method Not Supported");

    /// <summary>The path's segments as routing sees them: without the leading '/' (a path with a trailing one never gets here).</summary>
    private static string[] Segments(string? path)
    {
        var trimmed = (path ?? string.Empty).AsSpan().TrimStart('/');
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
