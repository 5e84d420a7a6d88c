using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DdmGen.Fuzz;

/// <summary>
/// What the generated code is compiled against: the .NET 10 reference assemblies, System.ClientModel and the assemblies
/// of its <c>BinaryData</c> and its <c>ILoggerFactory</c>, which a project gets with the System.ClientModel package.
/// Without System.ClientModel the generator reports DDMG004 and writes nothing, so every campaign references it.
/// <c>DDMGEN_FUZZ_CLIENT=1</c> (inherited by the worker and probe processes) adds the client mutations and compiles
/// the output; without it a campaign checks generation only, which is faster.
/// </summary>
internal static class CompileReferences
{
    public static bool WithClient { get; } = Environment.GetEnvironmentVariable("DDMGEN_FUZZ_CLIENT") == "1";

    public static ImmutableArray<MetadataReference> All { get; } = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(System.ClientModel.ClientResult).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(BinaryData).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location))
        .ToImmutableArray();
}
