using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace DdmGen.Generator.Model;

/// <summary>A spec that would generate into a namespace another spec of the project already generates into.</summary>
/// <param name="Path">The spec that is not generated.</param>
/// <param name="Namespace">The namespace both would use.</param>
/// <param name="OwnerPath">The spec that keeps the namespace: the first by path.</param>
internal sealed record NamespaceConflict(string Path, string Namespace, string OwnerPath)
{
    /// <summary>How the message names the spec: its file name, or its path when both specs have the same file name.</summary>
    public string Name => SameFileName ? Path : System.IO.Path.GetFileName(Path);

    /// <summary>How the message names the spec that keeps the namespace, in the same way.</summary>
    public string OwnerName => SameFileName ? OwnerPath : System.IO.Path.GetFileName(OwnerPath);

    private bool SameFileName => string.Equals(System.IO.Path.GetFileName(Path), System.IO.Path.GetFileName(OwnerPath), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Keeps two specs of one project out of one namespace. Their files would share hint names (which the compiler
/// compares ignoring case, and rejects after the generator has returned, as CS8785) and their types would clash,
/// so the first spec by path keeps the namespace and each later one is reported and not generated.
/// </summary>
internal static class NamespaceClaims
{
    public static EquatableArray<NamespaceConflict> Conflicts(ImmutableArray<(string Path, string Namespace)> specs)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var conflicts = new List<NamespaceConflict>();
        foreach (var (path, ns) in specs.OrderBy(spec => spec.Path, StringComparer.Ordinal))
        {
            if (owners.TryGetValue(ns, out var owner))
            {
                conflicts.Add(new NamespaceConflict(path, ns, owner));
            }
            else
            {
                owners.Add(ns, path);
            }
        }

        return conflicts.ToEquatableArray();
    }

    public static bool IsConflicted(this EquatableArray<NamespaceConflict> conflicts, GenerationContext context) =>
        conflicts.Any(conflict => conflict.Path == context.SpecPath);
}
