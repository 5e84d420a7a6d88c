using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Ddm.Emulator;

/// <summary>Counters of what the emulator answered, safe to read while it runs.</summary>
public sealed class EmulatorStatistics
{
    private readonly ConcurrentDictionary<string, int> _byRoute = new();
    private int _requests;
    private int _tokensIssued;

    /// <summary>All requests answered, including refused ones.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Tokens the IAM route issued.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Requests per route template, for example <c>GET /v3/{project_id}/backups</c>.</summary>
    public IReadOnlyDictionary<string, int> ByRoute => _byRoute;

    /// <summary>Requests of one route template.</summary>
    /// <param name="route">The route, for example <c>GET /v3/{project_id}/backups</c>.</param>
    public int RequestsTo(string route) => _byRoute.TryGetValue(route, out var count) ? count : 0;

    internal void CountRequest(string? route)
    {
        Interlocked.Increment(ref _requests);
        if (route is not null)
        {
            _byRoute.AddOrUpdate(route, 1, (_, count) => count + 1);
        }
    }

    internal void CountTokenIssued() => Interlocked.Increment(ref _tokensIssued);
}
