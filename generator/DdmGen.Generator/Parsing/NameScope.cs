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
    /// Per wanted name (with its suffix), the counter that the last collision ended on. Names are
    /// never released, so every lower counter is still taken: the next collision starts there, and a thousand
    /// schemas wanting one name cost a thousand steps, not half a million.
    /// </summary>
    private readonly Dictionary<string, int> _lastCounters = new();

    public NameScope(IEqualityComparer<string>? comparer = null) => _owners = new Dictionary<string, string>(comparer ?? StringComparer.Ordinal);

    /// <summary>Reserves a name that generated code uses, so a spec name cannot take it.</summary>
    public void Reserve(string name, string owner) => _owners[name] = owner;

    public bool IsTaken(string name) => _owners.ContainsKey(name);

    public string? OwnerOf(string name) => _owners.TryGetValue(name, out var owner) ? owner : null;

    /// <summary>Claims <paramref name="wanted"/>, or the first free variant of it.</summary>
    /// <returns>The name claimed, and who held the wanted name when it was taken.</returns>
    public (string Name, string? TakenBy) Claim(string wanted, string owner, string collisionSuffix = "")
    {
        wanted = Naming.Cap(wanted);
        if (_owners.TryGetValue(wanted, out var holder))
        {
            var key = wanted + collisionSuffix;
            var counter = _lastCounters.TryGetValue(key, out var last) ? last : 1;
            var candidate = counter == 1 ? key : key + counter.ToString(CultureInfo.InvariantCulture);
            while (candidate.Length == 0 || candidate == wanted || _owners.ContainsKey(candidate))
            {
                counter++;
                candidate = key + counter.ToString(CultureInfo.InvariantCulture);
            }

            _lastCounters[key] = counter;
            _owners[candidate] = owner;
            return (candidate, holder);
        }

        _owners[wanted] = owner;
        return (wanted, null);
    }
}
