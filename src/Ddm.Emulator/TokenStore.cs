using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Ddm.Emulator;

internal enum TokenCheck
{
    Valid,
    Missing,
    Unknown,
    Expired,
    OtherProject,
}

/// <summary>The tokens the emulator accepts: the configured one and those its IAM route issued, each for one project.</summary>
internal sealed class TokenStore
{
    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<string, (string ProjectId, DateTimeOffset ExpiresAt)> _issued = new(StringComparer.Ordinal);

    private readonly object _sweepGate = new();
    private DateTimeOffset? _lastSweep;

    public TokenStore(EmulatorOptions options) => _options = options;

    public (string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt) Issue(string projectId)
    {
        var token = "MII" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');
        DateTimeOffset now;
        // Tokens that have expired are of no more use than unknown ones; they go as others come: a sweep at most every
        // tenth of a lifetime, which keeps sign-ins cheap, so an expired token is held until one is issued, and then up
        // to a tenth of a lifetime longer. A clock set back
        // (a test's, a corrected system clock) sweeps at once and counts from there: the time of the next sweep was kept
        // instead, so after a clock set back by days no sweep came for days, and tokens that expired meanwhile stayed.
        // The time is read under the lock, so that sign-ins take it in the order they hold the lock: one read before
        // it could come after a later reading, which then looked like a clock set back and swept again at once.
        lock (_sweepGate)
        {
            now = _options.TimeProvider.GetUtcNow();
            if (_lastSweep is not { } last || now < last || now - last >= _options.IssuedTokenLifetime / 10)
            {
                _lastSweep = now;
                foreach (var (held, issued) in _issued)
                {
                    if (now >= issued.ExpiresAt)
                    {
                        _issued.TryRemove(held, out _);
                    }
                }
            }
        }

        var expiresAt = now + _options.IssuedTokenLifetime;
        _issued[token] = (projectId, expiresAt);
        return (token, now, expiresAt);
    }

    /// <summary>How many issued tokens are held, expired ones not yet dropped included.</summary>
    public int Held => _issued.Count;

    public TokenCheck Check(string? token, string projectId)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenCheck.Missing;
        }

        string tokenProject;
        if (token == _options.Token)
        {
            tokenProject = _options.ProjectId;
        }
        else if (_issued.TryGetValue(token, out var issued))
        {
            if (_options.TimeProvider.GetUtcNow() >= issued.ExpiresAt)
            {
                return TokenCheck.Expired;
            }

            tokenProject = issued.ProjectId;
        }
        else
        {
            return TokenCheck.Unknown;
        }

        return tokenProject == projectId && projectId == _options.ProjectId ? TokenCheck.Valid : TokenCheck.OtherProject;
    }
}
