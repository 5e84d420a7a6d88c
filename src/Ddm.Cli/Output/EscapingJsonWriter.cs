using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;

namespace Ddm.Cli.Output;

/// <summary>
/// JSON as a terminal may show it, written with <c>\uXXXX</c> escapes (surrogate pairs as two) for what would do harm
/// there raw, which JSON reads back as the same text. Outside its strings JSON is ASCII, so the escape is right wherever
/// such a character stands. Always escaped: the marks that reorder text (U+202E and the others
/// <see cref="TerminalText.Clean"/> leaves out of tables), with which a value would lay out the rest of its line right
/// to left on a terminal that lays out bidi text. For a locale that is not UTF-8, also every other character outside
/// printable ASCII: such a terminal would take UTF-8's bytes for characters of its own, and the second byte of <c>Û</c>
/// for the 8-bit CSI.
/// </summary>
internal sealed class EscapingJsonWriter : TextWriter
{
    private static readonly SearchValues<char> ReorderingMarks = SearchValues.Create(TerminalText.ReorderingMarks);

    private readonly TextWriter _inner;
    private readonly bool _asciiOnly;

    /// <param name="inner">Where the JSON goes.</param>
    /// <param name="asciiOnly">Escape every character outside printable ASCII, not only the marks that reorder text.</param>
    public EscapingJsonWriter(TextWriter inner, bool asciiOnly)
    {
        _inner = inner;
        _asciiOnly = asciiOnly;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var plain = Next(buffer);
        if (plain < 0)
        {
            _inner.Write(buffer);
            return;
        }

        // One write for the whole text, as without escapes: a line of JSON Lines enters a pipe whole.
        var escaped = new StringBuilder(buffer.Length + 16);
        while (plain >= 0)
        {
            escaped.Append(buffer[..plain]);
            if (buffer[plain] == '\n')
            {
                escaped.Append('\n');
            }
            else
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)buffer[plain]:X4}");
            }

            buffer = buffer[(plain + 1)..];
            plain = Next(buffer);
        }

        _inner.Write(escaped.Append(buffer).ToString());
    }

    public override void Flush() => _inner.Flush();

    /// <summary>Where the first character to escape is, or -1.</summary>
    private int Next(ReadOnlySpan<char> buffer) => _asciiOnly ? buffer.IndexOfAnyExceptInRange(' ', '~') : buffer.IndexOfAny(ReorderingMarks);
}
