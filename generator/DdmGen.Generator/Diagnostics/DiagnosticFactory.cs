using System.Globalization;
using System.Linq;
using System.Text;
using DdmGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Diagnostics;

internal static class DiagnosticFactory
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceLocation location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.Select(Visible).ToEquatableArray());

    public static Diagnostic ToDiagnostic(this DiagnosticInfo info) =>
        Diagnostic.Create(DiagnosticCatalog.Get(info.Id), info.Location.ToLocation(), info.Arguments.ToArray<object>());

    /// <summary>
    /// <paramref name="text"/> with every character that does not show as itself written as <c>\uXXXX</c>: format
    /// characters (bidirectional controls such as U+202E, which reorder the rest of an error list's line, and
    /// zero-width ones), control characters, line and paragraph separators and unpaired surrogates. A diagnostic
    /// quotes names, keys and values of the spec, and its message must read as what the spec holds.
    /// </summary>
    internal static string Visible(string text)
    {
        if (text is null || !text.Any(character => char.IsSurrogate(character) || Hidden(character)))
        {
            return text!;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            var escaped = char.IsHighSurrogate(character) ? !(index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
                : char.IsLowSurrogate(character) ? !(index > 0 && char.IsHighSurrogate(text[index - 1]))
                : Hidden(character);
            if (escaped)
            {
                builder.Append("\\u").Append(((int)character).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }

    private static bool Hidden(char character) =>
        char.GetUnicodeCategory(character) is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
