using System;
using System.IO;
using System.Text;

namespace Ddm.Cli.Output;

/// <summary>
/// Writes text through to another writer a line at a time, each line whole as it ends and without the spaces and tabs
/// at its end. For help: System.CommandLine keeps the space after the last word of each line it wraps, and indents
/// its blank lines, which shows in help written to a file.
/// </summary>
internal sealed class LineTrimmingWriter : TextWriter
{
    private readonly TextWriter _output;
    private readonly StringBuilder _line = new();

    /// <param name="output">Where the lines go; not closed with this writer.</param>
    public LineTrimmingWriter(TextWriter output)
    {
        _output = output;
        NewLine = output.NewLine;
    }

    public override Encoding Encoding => _output.Encoding;

    public override IFormatProvider FormatProvider => _output.FormatProvider;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        for (var end = buffer.IndexOf('\n'); end >= 0; end = buffer.IndexOf('\n'))
        {
            // A line ends at LF, after a CR when there is one, which stays.
            _line.Append(buffer[..end]);
            var carriageReturn = _line.Length > 0 && _line[^1] == '\r';
            _line.Length -= carriageReturn ? 1 : 0;
            TrimEnd();
            _line.Append(carriageReturn ? "\r\n" : "\n");
            _output.Write(_line.ToString());
            _line.Clear();
            buffer = buffer[(end + 1)..];
        }

        _line.Append(buffer);
    }

    /// <summary>
    /// Writes what there is of the line under way, less its white space at the end, which is kept back in case more
    /// follows on the line (and left out when nothing does).
    /// </summary>
    public override void Flush()
    {
        var end = ContentEnd();
        if (end > 0)
        {
            _output.Write(_line.ToString(0, end));
            _line.Remove(0, end);
        }

        _output.Flush();
    }

    private void TrimEnd() => _line.Length = ContentEnd();

    /// <summary>The length of the line under way without the spaces and tabs at its end.</summary>
    private int ContentEnd()
    {
        var length = _line.Length;
        while (length > 0 && _line[length - 1] is ' ' or '\t')
        {
            length--;
        }

        return length;
    }
}
