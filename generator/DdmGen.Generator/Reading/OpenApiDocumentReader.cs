using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Reads the JSON tree of a spec with Microsoft.OpenApi and reports what the reader finds, each at the node that
/// caused it: values of the wrong type (DDMG005, checked first); keys OpenAPI does not define, component keys
/// that break OpenAPI's naming rule and the reader's warnings (DDMG006, generation goes on); the reader's other
/// errors and an unsupported version (DDMG002).
/// </summary>
internal static class OpenApiDocumentReader
{
    // Microsoft.OpenApi reports an unknown key without a pointer, naming it and its parent in the message.
    private static readonly Regex UnknownKey = new(@"^(?<key>.+) is not a valid property at (?<pointer>#.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    // A value of an enumeration (in: nowhere) or a type name (type: text) the reader rejects, named in its message.
    private static readonly Regex NamedValue = new(@"^(?:Enum value (?<value>.*) is not recognized\.|Invalid schema type identifier: (?<value>.*))$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    // The naming rule for component keys, reported at #/components; the generator names such types itself.
    private static readonly Regex ComponentKeyRule = new(@"^The key '(?<key>.*)' in '(?<map>[^']+)' of components MUST match", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    // The rule that a path parameter stands in its path's template, in words that read as if the parameter were missing.
    private static readonly Regex PathParameterNotInPath = new(@"^Declared path parameter ""(?<name>.*)"" needs to be defined as a path parameter at either the path or operation level$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>
    /// Microsoft.OpenApi's default rules but two. The check that every schema reference resolves walks the whole
    /// document again and looks each reference up anew, the largest part of reading a large spec. Every local
    /// reference has already been resolved in the JSON tree by then (the parser's reference guard reports and cuts
    /// what does not resolve, and the cycles), and external ones are never loaded, so it has nothing left to find.
    /// The check that a discriminator's property is required, an error that would stop the whole document, judges
    /// what the generator does not honour: a schema with a discriminator is JsonElement (DDMG102) whatever it names.
    /// Built once: the reader only reads it.
    /// </summary>
    private static readonly ValidationRuleSet Rules = CreateRules();

    private static ValidationRuleSet CreateRules()
    {
        var rules = new ValidationRuleSet(ValidationRuleSet.GetDefaultRuleSet());
        rules.Remove(nameof(OpenApiDocumentRules.OpenApiDocumentReferencesAreValid));
        rules.Remove(nameof(OpenApiSchemaRules.ValidateSchemaDiscriminator));
        return rules;
    }

    /// <summary>
    /// Whether the document is Swagger 2.0 (<c>swagger: "2.0"</c> and no <c>openapi</c>), which is reported (DDMG002)
    /// at its <c>swagger</c> field. The reader would convert it without a word, but the generator reads the document
    /// as written, OpenAPI 3.0 or 3.1: its <c>#/definitions</c> references, <c>in: body</c> parameters and
    /// <c>exclusiveMinimum: true</c> would not be what the code is made from.
    /// </summary>
    public static bool RefusesSwagger(JsonObject root, PositionMap positions, string fileName, List<DiagnosticInfo> diagnostics)
    {
        if (!root.ContainsKey("swagger") || root.ContainsKey("openapi"))
        {
            return false;
        }

        Report(DiagnosticCatalog.InvalidOpenApi, "/swagger", "Swagger 2.0 (OpenAPI 2.0) is not supported: the generator reads OpenAPI 3.0 or 3.1; convert the document to one of them (its definitions become components/schemas)", positions, fileName, diagnostics);
        return true;
    }

    /// <summary>The document, or null when an error stops generation (then at least one DDMG002 was reported).</summary>
    /// <param name="falseSchemas">Receives the pointer of each <c>false</c> schema, which is read as <c>{not: {}}</c>.</param>
    /// <param name="cancellationToken">Stops the reading between its passes: Microsoft.OpenApi's reader takes no token.</param>
    public static OpenApiDocument? Read(JsonObject root, PositionMap positions, string fileName, List<DiagnosticInfo> diagnostics, ICollection<string>? falseSchemas = null, System.Threading.CancellationToken cancellationToken = default)
    {
        ValueTypeCheck.Run(root, positions, fileName, diagnostics, falseSchemas);
        cancellationToken.ThrowIfCancellationRequested();

        ReadResult result;
        try
        {
            result = new OpenApiJsonReader().Read(root, new Uri("file:///" + Uri.EscapeDataString(fileName)), new OpenApiReaderSettings { LoadExternalRefs = false, RuleSet = Rules });
        }
        catch (OpenApiUnsupportedSpecVersionException exception)
        {
            Report(DiagnosticCatalog.InvalidOpenApi, "/openapi", exception.Message, positions, fileName, diagnostics);
            return null;
        }
        catch (Exception exception) when (exception is OpenApiException or FormatException or OverflowException or InvalidOperationException)
        {
            // Thrown rather than reported, without a place: the document as a whole is named.
            Report(DiagnosticCatalog.InvalidOpenApi, SpecPointer.Root, exception.Message, positions, fileName, diagnostics);
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stops = false;
        var places = new ReaderPlaces(root);
        var unknownKeysReported = new HashSet<(string Parent, string Key)>();
        var errorsReported = new HashSet<(string Pointer, string Message)>();
        var warningsReported = new HashSet<(string Pointer, string Message)>();
        foreach (var error in result.Diagnostic?.Errors ?? new List<OpenApiError>())
        {
            if (string.IsNullOrEmpty(error.Pointer) && UnknownKey.Match(error.Message ?? string.Empty) is { Success: true } unknown)
            {
                var parent = Strip(unknown.Groups["pointer"].Value);
                var key = unknown.Groups["key"].Value;
                if (!unknownKeysReported.Add((parent, key)))
                {
                    // The reader names the same parent once per list item that holds the key; every place is reported the first time.
                    continue;
                }

                var reason = parent == "/paths"
                    ? $"the path '{key}' does not start with '/'"
                    : $"'{key}' is not a field OpenAPI defines there (a misspelling?)";
                foreach (var pointer in places.Find(parent, key))
                {
                    Report(DiagnosticCatalog.OpenApiWarning, pointer, reason, positions, fileName, diagnostics);
                }

                continue;
            }

            if (Strip(error.Pointer) == "/components" && ComponentKeyRule.Match(error.Message ?? string.Empty) is { Success: true } rule)
            {
                var pointer = SpecPointer.Append(SpecPointer.Append("/components", rule.Groups["map"].Value), rule.Groups["key"].Value);
                Report(DiagnosticCatalog.OpenApiWarning, pointer, error.Message!, positions, fileName, diagnostics);
                continue;
            }

            ReportAtPlaces(DiagnosticCatalog.InvalidOpenApi, Strip(error.Pointer), Explain(Strip(error.Pointer), error.Message ?? "an unknown error"), places, errorsReported, positions, fileName, diagnostics);
            stops = true;
        }

        foreach (var warning in result.Diagnostic?.Warnings ?? new List<OpenApiError>())
        {
            ReportAtPlaces(DiagnosticCatalog.OpenApiWarning, Strip(warning.Pointer), warning.Message ?? "an unknown warning", places, warningsReported, positions, fileName, diagnostics);
        }

        if (!stops && result.Document is null)
        {
            Report(DiagnosticCatalog.InvalidOpenApi, SpecPointer.Root, "the reader produced no document", positions, fileName, diagnostics);
        }

        return stops ? null : result.Document;
    }

    /// <summary>
    /// Reports a problem the reader found at a member, at each place of it that holds the value its message names (the
    /// reader leaves list indices out of its pointer), or at its one place; once however many items the reader names it for.
    /// </summary>
    private static void ReportAtPlaces(DiagnosticDescriptor descriptor, string member, string message, ReaderPlaces places, HashSet<(string Pointer, string Message)> reported, PositionMap positions, string fileName, List<DiagnosticInfo> diagnostics)
    {
        if (!reported.Add((member, message)))
        {
            // Each item that holds the same wrong value gives the reader the same pointer and words; every place is reported the first time.
            return;
        }

        var value = NamedValue.Match(message) is { Success: true } named ? named.Groups["value"].Value : null;
        foreach (var pointer in places.FindValue(member, value))
        {
            Report(descriptor, pointer, message, positions, fileName, diagnostics);
        }
    }

    /// <summary>
    /// The reader's message, or one that says what to change where its words mislead: a path parameter whose name is not in
    /// its path's template is said to need defining as a path parameter, which it already is.
    /// </summary>
    private static string Explain(string pointer, string message)
    {
        var segments = pointer.Split('/');
        if (PathParameterNotInPath.Match(message) is not { Success: true } missing || segments.Length < 3 || segments[1] != "paths")
        {
            return message;
        }

        var name = missing.Groups["name"].Value;
        return $"the path parameter '{name}' is not in the path '{SpecPointer.Unescape(segments[2])}': write {{{name}}} in the path, or name the parameter as the path does";
    }

    private static void Report(DiagnosticDescriptor descriptor, string pointer, string message, PositionMap positions, string fileName, List<DiagnosticInfo> diagnostics) =>
        diagnostics.Add(DiagnosticFactory.Create(descriptor, positions.Locate(pointer), fileName, SpecPointer.Display(pointer), message.Trim().TrimEnd('.')));

    /// <summary>
    /// A pointer as Microsoft.OpenApi writes it (<c>#/paths</c>) without the fragment mark; its <c>#/</c>, the document
    /// itself, is the root (not the member named with the empty text).
    /// </summary>
    private static string Strip(string? pointer) =>
        pointer is null or "#/" or "/" ? SpecPointer.Root : pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
}
