using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Reading;

/// <summary>Whether the project can compile what the generator writes: its C# version and its framework's APIs.</summary>
internal static class TargetApis
{
    /// <summary>
    /// The APIs the generated code uses that older frameworks lack, as metadata names with an optional member.
    /// When the emitter starts to use another such API, add it here.
    /// </summary>
    private static readonly (string Type, string? Member)[] Required =
    {
        ("System.ClientModel.Primitives.ClientPipeline", null),
        ("System.ClientModel.AsyncCollectionResult`1", null),
        // Newer than the two above: their absence means a System.ClientModel older than the one the code is built for.
        ("System.ClientModel.Primitives.ClientLoggingOptions", null),
        ("System.ClientModel.Primitives.ClientPipelineOptions", "Clone"),
        ("System.Runtime.CompilerServices.RequiredMemberAttribute", null),
        ("System.ArgumentException", "ThrowIfNullOrEmpty"),
        ("System.Collections.Generic.IAsyncEnumerable`1", null),
        ("System.UriCreationOptions", null),
        ("System.Net.Http.HttpClient", null),
        ("System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver", null),
        ("System.Text.Json.Serialization.Metadata.JsonMetadataServices", null),
        // .NET 8: the ASCII check of the JSON string reader (and DateTimeOffset.TryFormat into UTF-8 bytes).
        ("System.Text.Ascii", null),
    };

    /// <summary>What the compilation lacks, as words for DDMG004, or null when it has every required API.</summary>
    public static string? Missing(Compilation compilation)
    {
        foreach (var (type, member) in Required)
        {
            var symbols = compilation.GetTypesByMetadataName(type);
            var missing = symbols.IsEmpty ? type
                : member is not null && !symbols.Any(symbol => symbol.GetMembers(member).Any()) ? type + "." + member
                : null;
            if (missing is null)
            {
                continue;
            }

            if (!type.StartsWith("System.ClientModel.", System.StringComparison.Ordinal))
            {
                return $"the target framework has no {missing}; target .NET 8 or later";
            }

            // The package's first version (1.0.0) has no ClientPipeline yet: the assembly's name tells it is there, only too old.
            var referencesClientModel = compilation.GetTypeByMetadataName("System.ClientModel.Primitives.ClientPipeline") is not null
                || compilation.ReferencedAssemblyNames.Any(assembly => assembly.Name == "System.ClientModel");
            return !referencesClientModel
                ? $"the project does not reference System.ClientModel (it has no {missing}); add a PackageReference to System.ClientModel 1.17.0 or later"
                : $"the project references a System.ClientModel older than 1.17.0 (it has no {missing}); update its PackageReference to 1.17.0 or later";
        }

        return null;
    }

    /// <summary>
    /// Whether the dependency-injection file compiles: Microsoft.Extensions.Http, and <c>ValidateOnStart</c> where the
    /// file calls it (Microsoft.Extensions.Options 8 or later; before, it was a part of Microsoft.Extensions.Hosting).
    /// </summary>
    public static bool HasHttpClientFactory(Compilation compilation) =>
        compilation.GetTypesByMetadataName("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions").Any()
        && compilation.GetTypesByMetadataName("Microsoft.Extensions.DependencyInjection.OptionsBuilderExtensions").Any(type => type.ContainingAssembly.Name == "Microsoft.Extensions.Options" && type.GetMembers("ValidateOnStart").Any());

    /// <summary>What the parse options lack, as words for DDMG004, or null when the language version suffices.</summary>
    public static string? Missing(ParseOptions options) =>
        options is CSharpParseOptions csharp && csharp.LanguageVersion < LanguageVersion.CSharp11
            ? $"C# {csharp.LanguageVersion.ToDisplayString()} is older than C# 11, which the generated required members need; set LangVersion to 11 or later"
            : null;
}
