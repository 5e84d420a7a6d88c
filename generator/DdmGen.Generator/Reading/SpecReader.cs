using System;
using System.IO;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>Reads a spec file, YAML or JSON by its extension, into a JSON tree with the place of every node.</summary>
internal static class SpecReader
{
    /// <summary>
    /// Reads <paramref name="text"/>, or reports the file too large when it is null (the pipeline does not even
    /// turn a file over <see cref="SpecLimits.MaxFileChars"/> into a string) or longer than the bound.
    /// </summary>
    public static SpecReadResult Read(string filePath, string? text, int length)
    {
        var json = IsJson(filePath);
        if (text is null || length > SpecLimits.MaxFileChars || text.Length > SpecLimits.MaxFileChars)
        {
            var positions = new PositionMap(filePath);
            var reason = $"the file has {Math.Max(length, text?.Length ?? 0)} characters, more than the {SpecLimits.Describe(SpecLimits.MaxFileChars)} a spec may have";
            return SpecReadResult.Failure(positions, DiagnosticFactory.Create(DiagnosticCatalog.UnreadableSpec, SourceLocation.FileStart(filePath), Path.GetFileName(filePath), json ? "JSON" : "YAML", reason));
        }

        return json ? JsonSpecReader.Read(filePath, text) : YamlSpecReader.Read(filePath, text);
    }

    public static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
