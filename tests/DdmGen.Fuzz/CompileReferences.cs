using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DdmGen.Fuzz;

/// <summary>The .NET 10 reference assemblies the generated code is compiled against.</summary>
internal static class CompileReferences
{
    public static ImmutableArray<MetadataReference> All { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();
}
