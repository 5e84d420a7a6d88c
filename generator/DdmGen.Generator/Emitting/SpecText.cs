using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DdmGen.Generator.Emitting;

/// <summary>
/// The one door for text from the spec into generated code. Spec text reaches C# only as a string literal
/// (<see cref="Literal"/>), as XML documentation (<see cref="Xml"/>, then split by <see cref="Lines"/>), or on a
/// line comment (<see cref="CommentLine"/>). C# ends a line at CR, LF, NEL (U+0085), LS (U+2028) and PS (U+2029);
/// a line break that slipped into a <c>///</c> line would turn the rest of the text into code, so
/// <see cref="SourceWriter"/> refuses any line that still holds one.
/// </summary>
internal static class SpecText
{
    /// <summary>Whether C# ends a line at <paramref name="c"/>.</summary>
    public static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>A C# string literal for <paramref name="value"/>: quotes, backslashes, line breaks, control and format characters escaped.</summary>
    public static string Literal(string value)
    {
        if (IsPlain(value, xml: false))
        {
            return "\"" + value + "\"";
        }

        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                default:
                    if (IsPairedSurrogate(value, i))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (NeedsEscape(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Spec text as XML documentation text: <c>&amp; &lt; &gt;</c> escaped, invisible format characters (such as
    /// bidirectional overrides) as character references, other control characters and lone surrogates as spaces,
    /// and <c>*/</c> broken up. Line breaks are kept; <see cref="Lines"/> turns them into separate comment lines.
    /// </summary>
    public static string Xml(string text)
    {
        if (IsPlain(text, xml: true))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '/' when builder.Length > 0 && builder[builder.Length - 1] == '*':
                    builder.Append("&#47;");
                    break;
                default:
                    if (IsLineBreak(c))
                    {
                        builder.Append(c);
                    }
                    else if (IsPairedSurrogate(text, i))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                    {
                        builder.Append("&#x").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append(';');
                    }
                    else if (NeedsEscape(c))
                    {
                        builder.Append(' ');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Spec text as XML on a single comment line: <see cref="Xml"/>, with every line break a space.</summary>
    public static string XmlLine(string text) => JoinLines(Xml(text));

    /// <summary>Spec text for the end of a <c>//</c> comment (such as a file name): no line breaks, no control or format characters.</summary>
    public static string CommentLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsPairedSurrogate(text, i))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(IsLineBreak(c) || NeedsEscape(c) ? ' ' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Splits text at every line break C# knows (CR LF counts as one).</summary>
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsLineBreak(text[i]))
            {
                continue;
            }

            lines.Add(text.Substring(start, i - start));
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            start = i + 1;
        }

        lines.Add(text.Substring(start));
        return lines;
    }

    private static string JoinLines(string text) => string.Join(" ", Lines(text));

    /// <summary>
    /// Whether every character is printable ASCII that the escaping leaves as it is (most spec text): then the
    /// escaped text is the text itself, and no builder is needed. Not plain: <c>&amp; &lt; &gt;</c> and a <c>/</c>
    /// after <c>*</c> for XML, <c>" \</c> for a literal.
    /// </summary>
    private static bool IsPlain(string text, bool xml)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' || c > '~')
            {
                return false;
            }

            if (xml ? c is '&' or '<' or '>' || (c == '/' && i > 0 && text[i - 1] == '*') : c is '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPairedSurrogate(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);

    /// <summary>Characters that must not stand as they are in generated source: controls, line breaks, format characters, lone surrogates, non-characters.</summary>
    private static bool NeedsEscape(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.Surrogate:
                return true;
            default:
                return c is '\uFFFE' or '\uFFFF';
        }
    }
}
