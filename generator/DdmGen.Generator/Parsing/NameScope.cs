using System;
using System.Collections.Generic;
using System.Globalization;

namespace DdmGen.Generator.Parsing;

/// <summary>
/// A set of C# names that must not repeat (the types of a namespace, the members of a type, the parameters
/// of a method). A taken name gets a numeric suffix, so the outcome depends only on the order of the claims, which
/// the parser makes for types, members and methods in an order of their names, not of the spec.
/// Every claimed name is capped in length (<see cref="Naming.Cap"/>). The types of a namespace compare ignoring
/// case, because each gets a file whose hint name the compiler compares ignoring case.
/// </summary>
internal sealed class NameScope
{
    /// <summary>Who holds each name: a string, or a <see cref="Place"/> written out only when a collision names it.</summary>
    private readonly Dictionary<string, object> _owners;

    /// <summary>
    /// Per wanted name (with its suffix), the counter that the last collision ended on. Names are
    /// never released, so every lower counter is still taken: the next collision starts there, and a thousand
    /// schemas wanting one name cost a thousand steps, not half a million. Made at the first collision: most scopes have none.
    /// </summary>
    private Dictionary<string, int>? _lastCounters;

    /// <summary>Names held in many scopes alike (the members every record has), given once for all of them; they come before the scope's own.</summary>
    private readonly IReadOnlyDictionary<string, object>? _shared;

    public NameScope(IEqualityComparer<string>? comparer = null) => _owners = new Dictionary<string, object>(comparer ?? StringComparer.Ordinal);

    /// <summary>A scope of ordinal names that holds <paramref name="shared"/> from the start, as <see cref="Reserve"/> would, without a copy of its own.</summary>
    public NameScope(IReadOnlyDictionary<string, object> shared)
        : this()
    {
        _shared = shared;
    }

    /// <summary>
    /// <paramref name="names"/>, each held by <paramref name="owner"/>, for scopes made with <see cref="NameScope(IReadOnlyDictionary{string, object})"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Shared(IEnumerable<string> names, string owner)
    {
        var shared = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            shared[name] = owner;
        }

        return shared;
    }

    /// <summary>Reserves a name that generated code uses, so a spec name cannot take it.</summary>
    /// <param name="owner">Who holds it, as a diagnostic names it: a string, or an object whose text is made only when needed.</param>
    public void Reserve(string name, object owner) => _owners[name] = owner;

    public bool IsTaken(string name) => _shared?.ContainsKey(name) == true || _owners.ContainsKey(name);

    public string? OwnerOf(string name) => Holder(name)?.ToString();

    private object? Holder(string name) =>
        _shared is not null && _shared.TryGetValue(name, out var shared) ? shared : _owners.TryGetValue(name, out var own) ? own : null;

    /// <summary>Claims <paramref name="wanted"/>, or the first free variant of it.</summary>
    /// <param name="owner">Who claims it, as in <see cref="Reserve"/>.</param>
    /// <returns>The name claimed, and who held the wanted name when it was taken.</returns>
    public (string Name, string? TakenBy) Claim(string wanted, object owner, string collisionSuffix = "")
    {
        wanted = Naming.Cap(wanted);
        if (Holder(wanted) is { } holder)
        {
            var key = wanted + collisionSuffix;
            _lastCounters ??= new Dictionary<string, int>();
            var counter = _lastCounters.TryGetValue(key, out var last) ? last : 1;
            var candidate = counter == 1 ? key : key + counter.ToString(CultureInfo.InvariantCulture);
            while (candidate.Length == 0 || candidate == wanted || IsTaken(candidate))
            {
                counter++;
                candidate = key + counter.ToString(CultureInfo.InvariantCulture);
            }

            _lastCounters[key] = counter;
            _owners[candidate] = owner;
            return (candidate, holder.ToString());
        }

        _owners[wanted] = owner;
        return (wanted, null);
    }
}

/// <summary>
/// An owner named by where it stands in the spec, "the {what} at #/pointer": a spec claims a name for every schema,
/// property, value and operation, and only a collision writes one of them out.
/// </summary>
internal sealed class Place
{
    private readonly string _what;
    private readonly string _pointer;

    public Place(string what, string pointer)
    {
        _what = what;
        _pointer = pointer;
    }

    public override string ToString() => "the " + _what + " at " + Reading.SpecPointer.Display(_pointer);
}
