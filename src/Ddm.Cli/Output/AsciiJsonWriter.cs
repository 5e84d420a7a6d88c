using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Ddm.Cli.Output;

/// <summary>
/// JSON for a locale that is not UTF-8: every character outside printable ASCII is written as its <c>\uXXXX</c> escape
/// (surrogate pairs as two), which JSON reads back as the same text. Outside its strings JSON is ASCII, so the escape is
/// right wherever such a character stands; such a terminal would take UTF-8's bytes for characters of its own, and the
/// second byte of <c>Û</c> for the 8-bit CSI.
/// </summary>
internal sealed class AsciiJsonWriter : TextWriter
{
    private readonly TextWriter _inner;

    public AsciiJsonWriter(TextWriter inner) => _inner = inner;

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var plain = buffer.IndexOfAnyExceptInRange(' ', '~');
            if (plain < 0)
            {
                _inner.Write(buffer);
                return;
            }

            _inner.Write(buffer[..plain]);
            if (buffer[plain] == '\n')
            {
                _inner.Write('\n');
            }
            else
            {
                _inner.Write(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)buffer[plain]:X4}"));
            }

            buffer = buffer[(plain + 1)..];
        }
    }

    public override void Flush() => _inner.Flush();
}
