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

/// <summary>A spec whose namespace, or a namespace it lies in, is the full name of a type another spec generates.</summary>
/// <param name="Path">The spec that is not generated.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="TypeName">The full name of the other spec's type (<c>Contoso.Billing</c>).</param>
/// <param name="OwnerPath">The spec that generates the type.</param>
internal sealed record TypeNamespaceConflict(string Path, string Namespace, string TypeName, string OwnerPath)
{
    /// <summary>How the message names the spec: its file name, or its path when both specs have the same file name.</summary>
    public string Name => SameFileName ? Path : System.IO.Path.GetFileName(Path);

    /// <summary>How the message names the spec that generates the type, in the same way.</summary>
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

    /// <summary>
    /// The specs whose namespace is, or lies in, the full name of a type another spec generates: <c>Contoso.Billing</c>
    /// beside a model <c>Billing</c> in <c>Contoso</c> would not compile (CS0101, then an error at each use). Compared as
    /// C# compares names, with case. The spec in the namespace is not generated; the one with the type keeps it.
    /// </summary>
    /// <param name="specs">Each spec's path, namespace and the names of the top-level types it generates.</param>
    public static EquatableArray<TypeNamespaceConflict> TypeConflicts(ImmutableArray<(string Path, string Namespace, EquatableArray<string> Types)> specs)
    {
        var conflicts = new List<TypeNamespaceConflict>();
        var ordered = specs.OrderBy(spec => spec.Path, StringComparer.Ordinal).ToList();
        foreach (var (path, ns, _) in ordered)
        {
            // Each namespace the spec's types lie in, from the outermost: Contoso.Billing.V2 lies in Contoso.Billing too.
            for (var dot = ns.IndexOf('.'); dot >= 0; dot = ns.IndexOf('.', dot + 1))
            {
                var end = ns.IndexOf('.', dot + 1);
                var outer = ns.Substring(0, dot);
                var name = end < 0 ? ns.Substring(dot + 1) : ns.Substring(dot + 1, end - dot - 1);
                var owner = ordered.FirstOrDefault(other => other.Path != path && other.Namespace == outer && other.Types.Contains(name));
                if (owner.Path is not null)
                {
                    conflicts.Add(new TypeNamespaceConflict(path, ns, outer + "." + name, owner.Path));
                    break;
                }
            }
        }

        return conflicts.ToEquatableArray();
    }

    public static bool IsConflicted(this EquatableArray<TypeNamespaceConflict> conflicts, GenerationContext context) =>
        conflicts.Any(conflict => conflict.Path == context.SpecPath);
}

/// <summary>A spec that would generate into a namespace a referenced assembly already holds DdmGen's code in.</summary>
/// <param name="Path">The spec that is not generated.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Assembly">The name of the referenced assembly (a library of the solution that generates the same client).</param>
internal sealed record ReferencedNamespace(string Path, string Namespace, string Assembly);

/// <summary>
/// Keeps a spec out of a namespace that a referenced assembly already generated into (a library that lists the same
/// spec with the same namespace). Every public type would come twice, and the compiler would report each use of one,
/// in the generated code and the project's own, as CS0436: hundreds of warnings, errors with TreatWarningsAsErrors.
/// </summary>
internal static class ReferencedNamespaces
{
    /// <summary>The specs whose namespace a referenced assembly holds public types generated by DdmGen in.</summary>
    /// <remarks>Runs on every compilation change: only the specs' namespaces are looked up, each in each referenced assembly.</remarks>
    public static EquatableArray<ReferencedNamespace> Find(Microsoft.CodeAnalysis.Compilation compilation, EquatableArray<(string Path, string Namespace)> specs, System.Threading.CancellationToken cancellationToken)
    {
        if (specs.Count == 0)
        {
            return EquatableArray<ReferencedNamespace>.Empty;
        }

        var found = new List<ReferencedNamespace>();
        foreach (var (path, ns) in specs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parts = ns.Split('.').Select(part => part.TrimStart('@')).ToArray();
            var owner = compilation.SourceModule.ReferencedAssemblySymbols.FirstOrDefault(assembly => HoldsGeneratedCode(assembly, parts));
            if (owner is not null)
            {
                found.Add(new ReferencedNamespace(path, ns, owner.Name));
            }
        }

        return found.ToEquatableArray();
    }

    public static bool IsReferenced(this EquatableArray<ReferencedNamespace> referenced, GenerationContext context) =>
        referenced.Any(item => item.Path == context.SpecPath);

    private static bool HoldsGeneratedCode(Microsoft.CodeAnalysis.IAssemblySymbol assembly, string[] parts)
    {
        Microsoft.CodeAnalysis.INamespaceSymbol? current = assembly.GlobalNamespace;
        foreach (var part in parts)
        {
            current = current.GetMembers(part).OfType<Microsoft.CodeAnalysis.INamespaceSymbol>().FirstOrDefault();
            if (current is null)
            {
                return false;
            }
        }

        return current.GetTypeMembers().Any(type => type.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && type.GetAttributes().Any(IsDdmGenMark));
    }

    // [GeneratedCode("DdmGen", version)], which every public type the emitter writes carries.
    private static bool IsDdmGenMark(Microsoft.CodeAnalysis.AttributeData attribute) =>
        attribute.AttributeClass is { Name: "GeneratedCodeAttribute", ContainingNamespace: { } containing }
        && containing.ToDisplayString() == "System.CodeDom.Compiler"
        && attribute.ConstructorArguments.Length > 0
        && attribute.ConstructorArguments[0].Value is "DdmGen";
}
