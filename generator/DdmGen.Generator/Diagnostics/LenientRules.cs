using System.Collections.Generic;
using System.Text.RegularExpressions;
using DdmGen.Generator.Model;
using DdmGen.Generator.Reading;

namespace DdmGen.Generator.Diagnostics;

/// <summary>
/// Rules of the OpenAPI specification whose breach does not stop generation. Microsoft.OpenApi reports them as
/// errors; they become warnings at the place that breaks them, as other generators treat them, and the document
/// is generated.
/// </summary>
internal static class LenientRules
{
    // A component key outside ^[a-zA-Z0-9.\-_]+$ (such as "Größe") still names a component and a C# type.
    private static readonly Regex ComponentKey = new(
        "^The key '(?<key>.*)' in '(?<kind>[A-Za-z]+)' of components MUST match the regular expression",
        RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>Reports a reader error that breaks only such a rule as a warning; false for any other error.</summary>
    public static bool TryReport(string? message, PositionMap positions, string fileName, List<DiagnosticInfo> diagnostics)
    {
        var match = ComponentKey.Match(message ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        var key = match.Groups["key"].Value;
        var pointer = SpecPointer.Append(SpecPointer.Append("/components", match.Groups["kind"].Value), key);
        diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.ComponentKeyPattern, positions.Locate(pointer), key, SpecPointer.Display(pointer), fileName));
        return true;
    }
}
