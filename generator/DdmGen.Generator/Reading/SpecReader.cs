using System;
using System.IO;
using System.Threading;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>Reads a spec file, YAML or JSON by its extension (or its first character), into a JSON tree with the place of every node.</summary>
internal static class SpecReader
{
    /// <summary>
    /// Reads <paramref name="text"/>, or reports the file too large when it is null (the pipeline does not even
    /// turn a file over <see cref="SpecLimits.MaxFileChars"/> into a string) or longer than the bound, and unreadable
    /// when it is null with the length <see cref="SpecOptions.Unreadable"/>. A cancelled token stops the reading
    /// with <see cref="OperationCanceledException"/>, between its passes and within them.
    /// </summary>
    public static SpecReadResult Read(string filePath, string? text, int length, CancellationToken cancellationToken = default)
    {
        var json = IsJson(filePath, text);
        if (text is null || length > SpecLimits.MaxFileChars || text.Length > SpecLimits.MaxFileChars)
        {
            var positions = new PositionMap(filePath);
            var reason = text is null && length == SpecOptions.Unreadable
                ? "the compiler could not open it (the file is missing or cannot be read)"
                : $"the file has {Math.Max(length, text?.Length ?? 0)} characters, more than the {SpecLimits.Describe(SpecLimits.MaxFileChars)} a spec may have";
            return SpecReadResult.Failure(positions, DiagnosticFactory.Create(DiagnosticCatalog.UnreadableSpec, SourceLocation.FileStart(filePath), Path.GetFileName(filePath), json ? "JSON" : "YAML", reason));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return json ? JsonSpecReader.Read(filePath, text, cancellationToken) : YamlSpecReader.Read(filePath, text, cancellationToken);
    }

    /// <summary>
    /// JSON by the extension .json, YAML by .yaml or .yml; a file marked as a spec under another name is JSON when
    /// its first character that is not white space (or a byte order mark) is '{', and YAML otherwise.
    /// </summary>
    public static bool IsJson(string path, string? text)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c == '{';
            }
        }

        return false;
    }
}
