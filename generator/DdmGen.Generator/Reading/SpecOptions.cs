using System;
using System.Collections.Immutable;
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

/// <summary>The project-wide options, taken once from the analyzer config: all the generator needs of it.</summary>
internal sealed record GlobalSpecOptions(string? RootNamespace, string? Namespace, string? ClientName);

/// <summary>The metadata of one AdditionalFiles item marked <c>DdmGenSpec="true"</c>, without its text.</summary>
internal sealed record SpecFileOptions(string Path, string? Namespace, string? ClientName);

/// <summary>
/// The text of a marked file, read in a step of its own; null (with the length) when over the size bound, and null
/// with the length <see cref="SpecOptions.Unreadable"/> when the compiler could not open the file.
/// </summary>
internal sealed record SpecText(string Path, string? Text, int Length);

/// <summary>
/// Picks the AdditionalFiles that are specs and the options for each: per-file metadata first
/// (<c>Namespace</c>, <c>ClientName</c>), then the project-wide <c>DdmGenNamespace</c> and <c>DdmGenClientName</c>,
/// then the project's root namespace and a name built from the file name. Global options, per-file metadata and
/// text are separate pipeline steps, so that a change to one does not redo the others.
/// </summary>
internal static class SpecOptions
{
    /// <summary>The length of a file the compiler could not open (missing, or not readable): it has no text at all.</summary>
    public const int Unreadable = -1;

    private const string Metadata = "build_metadata.AdditionalFiles.";
    private const string Property = "build_property.";

    public static GlobalSpecOptions Global(AnalyzerConfigOptionsProvider provider) => new(
        Value(provider.GlobalOptions, Property + "RootNamespace"),
        Value(provider.GlobalOptions, Property + "DdmGenNamespace"),
        Value(provider.GlobalOptions, Property + "DdmGenClientName"));

    /// <summary>The metadata of a file marked <c>DdmGenSpec="true"</c>, or null for any other file.</summary>
    public static SpecFileOptions? File(AdditionalText file, AnalyzerConfigOptionsProvider provider)
    {
        var options = provider.GetOptions(file);
        return options.TryGetValue(Metadata + "DdmGenSpec", out var marker) && string.Equals(marker?.Trim(), "true", StringComparison.OrdinalIgnoreCase)
            ? new SpecFileOptions(file.Path, Value(options, Metadata + "Namespace"), Value(options, Metadata + "ClientName"))
            : null;
    }

    /// <summary>
    /// DDMG007 for a file whose <c>DdmGenSpec</c> is neither true nor false (<c>yes</c>, <c>1</c>, a typo): such a file
    /// is not read, and without a word the project would simply lack its client. Null for every other file.
    /// </summary>
    public static DiagnosticInfo? InvalidMark(AdditionalText file, AnalyzerConfigOptionsProvider provider)
    {
        if (!provider.GetOptions(file).TryGetValue(Metadata + "DdmGenSpec", out var marker) || marker is null)
        {
            return null;
        }

        var value = marker.Trim();
        return value.Length == 0 || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)
            ? null
            : DiagnosticFactory.Create(DiagnosticCatalog.InvalidSpecMark, SourceLocation.FileStart(file.Path), Path.GetFileName(file.Path), value);
    }

    /// <summary>The text of a marked file; a file over the bound is not even turned into a string.</summary>
    public static SpecText Text(AdditionalText file, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            return new SpecText(file.Path, null, Unreadable);
        }

        return text.Length > SpecLimits.MaxFileChars ? new SpecText(file.Path, null, text.Length) : new SpecText(file.Path, text.ToString(), text.Length);
    }

    /// <summary>The spec input: the file's text and its options resolved against the project-wide ones.</summary>
    public static SpecInput Create(SpecFileOptions file, ImmutableArray<SpecText> texts, GlobalSpecOptions global)
    {
        var text = texts.FirstOrDefault(candidate => string.Equals(candidate.Path, file.Path, StringComparison.Ordinal)) ?? new SpecText(file.Path, string.Empty, 0);
        var fileName = Path.GetFileName(file.Path);
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();

        var fallbackNamespace = global.RootNamespace is { } root ? RootNamespaceAsNamespace(root) ?? "DdmGen.Generated" : "DdmGen.Generated";
        var ns = file.Namespace ?? global.Namespace ?? fallbackNamespace;
        if (!IsNamespace(ns))
        {
            diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.InvalidOption, SourceLocation.FileStart(file.Path), "Namespace", ns, fileName, "namespace", fallbackNamespace));
            ns = fallbackNamespace;
        }

        var fallbackClient = Naming.MakeIdentifier(Naming.ToPascal(Path.GetFileNameWithoutExtension(file.Path)), "Api") + "Client";
        var clientName = file.ClientName ?? global.ClientName ?? fallbackClient;
        if (!IsTypeName(clientName))
        {
            diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.InvalidOption, SourceLocation.FileStart(file.Path), "ClientName", clientName, fileName, "type name", fallbackClient));
            clientName = fallbackClient;
        }

        return new SpecInput(file.Path, text.Text, text.Length, ns, clientName, diagnostics.ToEquatableArray());
    }

    private static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>
    /// Identifiers that are not keywords, contextual ones included: a namespace <c>App.nameof</c> or <c>App.await</c>
    /// compiles, but the generated code that uses <c>nameof(...)</c> or <c>await</c> inside it does not.
    /// </summary>
    private static bool IsNamespace(string value) =>
        value.Split('.').All(part => Naming.IsPlainIdentifier(part) && SyntaxFacts.GetContextualKeywordKind(part) == SyntaxKind.None);

    /// <summary>
    /// The project's root namespace as a namespace. The SDK takes it from the project's name, so a project called
    /// <c>My-App</c> or <c>2024.Tools</c> has one that is none: each part is then made an identifier as
    /// <c>dotnet new</c> does for the project's own code (<c>My_App</c>, <c>_2024.Tools</c>); a keyword part gets a
    /// leading underscore, formatting characters (U+200B) and then empty parts are dropped. Null when nothing is left.
    /// </summary>
    private static string? RootNamespaceAsNamespace(string root)
    {
        if (IsNamespace(root))
        {
            return root;
        }

        var parts = root.Split('.')
            .Select(part => new string(part.Where(character => !Naming.IsFormat(character)).Select(character => SyntaxFacts.IsIdentifierPartCharacter(character) ? character : '_').ToArray()))
            .Where(part => part.Length > 0)
            .Select(part => SyntaxFacts.IsIdentifierStartCharacter(part[0]) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(part) == SyntaxKind.None ? part : "_" + part)
            .ToList();
        var ns = string.Join(".", parts);
        return parts.Count > 0 && IsNamespace(ns) ? ns : null;
    }

    /// <summary>A plain identifier that is not all lower-case ASCII letters, which C# reserves for keywords to come (CS8981).</summary>
    private static bool IsTypeName(string value) =>
        Naming.IsPlainIdentifier(value) && !value.All(character => character is >= 'a' and <= 'z');
}
