using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DdmGen.Fuzz;

/// <summary>
/// What the generated code is compiled against: the .NET 10 reference assemblies, and with
/// <c>DDMGEN_FUZZ_CLIENT=1</c> (inherited by the worker and probe processes) also System.ClientModel and the assemblies
/// of its <c>BinaryData</c> and its <c>ILoggerFactory</c>, which a project gets with the System.ClientModel package. Without them the generator writes the models only, as for a project that does not
/// reference System.ClientModel; with them it writes the client too, and the campaign checks that code as well.
/// </summary>
internal static class CompileReferences
{
    public static bool WithClient { get; } = Environment.GetEnvironmentVariable("DDMGEN_FUZZ_CLIENT") == "1";

    public static ImmutableArray<MetadataReference> All { get; } = WithClient
        ? Framework().Append(MetadataReference.CreateFromFile(typeof(System.ClientModel.ClientResult).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(BinaryData).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location)).ToImmutableArray()
        : Framework().ToImmutableArray();

    private static System.Collections.Generic.IEnumerable<MetadataReference> Framework() =>
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>();
}
