using System.Linq;
using DdmGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Diagnostics;

internal static class DiagnosticFactory
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceLocation location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    public static Diagnostic ToDiagnostic(this DiagnosticInfo info) =>
        Diagnostic.Create(DiagnosticCatalog.Get(info.Id), info.Location.ToLocation(), info.Arguments.ToArray<object>());
}
