using System;
using System.Collections.Generic;
using System.Globalization;

namespace DdmGen.Generator.Parsing;

/// <summary>
/// A set of C# names that must not repeat (the types of a namespace, the members of a type, the parameters
/// of a method). A taken name gets a numeric suffix, so the outcome depends only on the order of the spec.
/// Every claimed name is capped in length (<see cref="Naming.Cap"/>). The types of a namespace compare ignoring
/// case, because each gets a file whose hint name the compiler compares ignoring case.
/// </summary>
internal sealed class NameScope
{
    private readonly Dictionary<string, string> _owners;

    /// <summary>
    /// Per wanted name (with its suffix and companion), the counter that the last collision ended on. Names are
    /// never released, so every lower counter is still taken: the next collision starts there, and a thousand
    /// schemas wanting one name cost a thousand steps, not half a million.
    /// </summary>
    private readonly Dictionary<(string Wanted, Func<string, string>? Companion), int> _lastCounters = new();

    public NameScope(IEqualityComparer<string>? comparer = null) => _owners = new Dictionary<string, string>(comparer ?? StringComparer.Ordinal);

    /// <summary>Reserves a name that generated code uses, so a spec name cannot take it.</summary>
    public void Reserve(string name, string owner) => _owners[name] = owner;

    public bool IsTaken(string name) => _owners.ContainsKey(name);

    public string? OwnerOf(string name) => _owners.TryGetValue(name, out var owner) ? owner : null;

    /// <summary>Claims <paramref name="wanted"/>, or the first free variant of it.</summary>
    /// <returns>The name claimed, and who held the wanted name when it was taken.</returns>
    /// <param name="companion">A second name that comes with the first (a type's converter), which must be free too.</param>
    public (string Name, string? TakenBy) Claim(string wanted, string owner, string collisionSuffix = "", Func<string, string>? companion = null)
    {
        wanted = Naming.Cap(wanted);
        var holder = _owners.TryGetValue(wanted, out var direct) ? direct : companion is not null ? OwnerOf(companion(wanted)) : null;
        if (holder is not null)
        {
            var key = (wanted + collisionSuffix, companion);
            var counter = _lastCounters.TryGetValue(key, out var last) ? last : 1;
            var candidate = counter == 1 ? key.Item1 : key.Item1 + counter.ToString(CultureInfo.InvariantCulture);
            while (candidate.Length == 0 || candidate == wanted || _owners.ContainsKey(candidate) || (companion is not null && _owners.ContainsKey(companion(candidate))))
            {
                counter++;
                candidate = key.Item1 + counter.ToString(CultureInfo.InvariantCulture);
            }

            _lastCounters[key] = counter;
            _owners[candidate] = owner;
            return (candidate, holder);
        }

        _owners[wanted] = owner;
        return (wanted, null);
    }
}
