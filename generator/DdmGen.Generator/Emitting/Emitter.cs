using System.Collections.Generic;
using System.Threading;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

/// <summary>Turns an emit unit into C# files. A pure function of the unit: no compilation, no state.</summary>
internal static partial class Emitter
{
    /// <summary>
    /// The files of <paramref name="unit"/>. Stops with <see cref="System.OperationCanceledException"/> once
    /// <paramref name="cancellationToken"/> is cancelled: before it starts, and between the operations of a client,
    /// whose files are the long part of a large spec's output.
    /// </summary>
    public static IEnumerable<GeneratedFile> Emit(EmitUnit unit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return unit switch
        {
            ObjectUnit objectUnit => new[] { EmitObject(objectUnit) },
            EnumUnit enumUnit => new[] { EmitEnum(enumUnit) },
            ResolverUnit resolver => new[] { EmitResolver(resolver) },
            SupportUnit support => new[] { EmitSupport(support) },
            OptionsUnit options => new[] { EmitOptions(options) },
            CredentialUnit credential => new[] { EmitCredential(credential), EmitTokenCredential(credential) },
            ClientSupportUnit support => new[] { EmitClientSupport(support) },
            ServiceExtensionsUnit extensions => new[] { EmitServiceExtensions(extensions) },
            ClientUnit client => EmitClient(client, cancellationToken),
            _ => System.Array.Empty<GeneratedFile>(),
        };
    }

    private static GeneratedFile EmitSupport(SupportUnit unit) => unit.Kind switch
    {
        SupportKind.DateTimeConverter => EmitDateTimeConverter(unit.Context),
        SupportKind.ListConverter => EmitListConverter(unit.Context),
        SupportKind.MapConverter => EmitMapConverter(unit.Context),
        SupportKind.StringConverter => EmitStringConverter(unit.Context),
        SupportKind.JsonHelpers => EmitJsonHelpers(unit.Context),
        SupportKind.ModelBase => EmitModelBase(unit.Context),
        SupportKind.ModelContext => EmitModelContext(unit.Context),
        SupportKind.Page => EmitPage(unit.Context),
        _ => EmitApiException(unit.Context),
    };
}

/// <summary>One generated source file: its hint name (<c>{Namespace}.{Type}.g.cs</c>, <c>{Namespace}.{Client}+{Nested}.g.cs</c> for a type nested in the client, shortened with a hash beyond 200 bytes) and its text, UTF-8 encoded.</summary>
internal readonly record struct GeneratedFile(string HintName, Microsoft.CodeAnalysis.Text.SourceText Text);
