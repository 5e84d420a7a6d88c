using System;
using System.IO;
using System.Linq;
using System.Threading;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using DdmGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Picks the AdditionalFiles that are specs and the options for each: per-file metadata first
/// (<c>Namespace</c>, <c>ClientName</c>), then the project-wide <c>DdmGenNamespace</c> and <c>DdmGenClientName</c>,
/// then the project's root namespace and a name built from the file name.
/// </summary>
internal static class SpecOptions
{
    private const string Metadata = "build_metadata.AdditionalFiles.";
    private const string Property = "build_property.";

    public static bool IsSpecCandidate(AdditionalText file) =>
        file.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || file.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The spec input for a file marked <c>DdmGenSpec="true"</c>, or null for any other file.</summary>
    public static SpecInput? Create(AdditionalText file, AnalyzerConfigOptionsProvider provider, CancellationToken cancellationToken)
    {
        var fileOptions = provider.GetOptions(file);
        if (!fileOptions.TryGetValue(Metadata + "DdmGenSpec", out var marker) || !string.Equals(marker, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
        var global = provider.GlobalOptions;
        var fileName = Path.GetFileName(file.Path);
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();

        var fallbackNamespace = Value(global, Property + "RootNamespace") is { } root && IsNamespace(root) ? root : "DdmGen.Generated";
        var ns = Value(fileOptions, Metadata + "Namespace") ?? Value(global, Property + "DdmGenNamespace") ?? fallbackNamespace;
        if (!IsNamespace(ns))
        {
            diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.InvalidOption, SourceLocation.FileStart(file.Path), "Namespace", ns, fileName, "namespace", fallbackNamespace));
            ns = fallbackNamespace;
        }

        var fallbackClient = Naming.MakeIdentifier(Naming.ToPascal(Path.GetFileNameWithoutExtension(file.Path)), "Api") + "Client";
        var clientName = Value(fileOptions, Metadata + "ClientName") ?? Value(global, Property + "DdmGenClientName") ?? fallbackClient;
        if (!Naming.IsPlainIdentifier(clientName))
        {
            diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.InvalidOption, SourceLocation.FileStart(file.Path), "ClientName", clientName, fileName, "type name", fallbackClient));
            clientName = fallbackClient;
        }

        return new SpecInput(file.Path, text, ns, clientName, diagnostics.ToEquatableArray());
    }

    private static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsNamespace(string value) =>
        value.Split('.').All(part => SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None);
}
