using System;

namespace DdmGen.Generator.Emitting;

/// <summary>Writes C# text line by line with four-space indentation; the one place output layout is decided.</summary>
/// <remarks>
/// The text is written into one character buffer that grows by doubling, and one buffer per thread is kept for the
/// next file (up to <see cref="MaxKeptChars"/>): a large spec generates thousands of files, and a fresh builder
/// for each, its pieces living until the file is done, made the garbage collector copy every file's text twice.
/// </remarks>
internal sealed class SourceWriter
{
    /// <summary>The characters <see cref="SpecText.IsLineBreak"/> accepts.</summary>
    private static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    /// <summary>The largest buffer kept for the next file; a larger one (a client of thousands of operations) is left to the collector.</summary>
    private const int MaxKeptChars = 1 << 20;

    [ThreadStatic]
    private static char[]? s_kept;

    private char[] _buffer;
    private int _length;
    private int _indent;
    private bool _afterBlock;

    public SourceWriter()
    {
        _buffer = s_kept ?? new char[16 * 1024];
        s_kept = null;
    }

    /// <exception cref="System.InvalidOperationException">
    /// <paramref name="text"/> holds a line break: spec text took a way around <see cref="SpecText"/>. Refusing it
    /// turns what would be injected code into a generator error.
    /// </exception>
    public void Line(string text = "") => Line(text, 0, text.Length);

    /// <summary>Writes a block of lines (a raw string literal) at the current indentation, keeping its own indentation.</summary>
    /// <remarks>Each line is written from the block in place, without trailing white space; a "\r\n" ends a line as "\n" does.</remarks>
    public void Lines(string block)
    {
        var start = 0;
        while (true)
        {
            var end = block.IndexOf('\n', start);
            var length = (end < 0 ? block.Length : end) - start;
            while (length > 0 && char.IsWhiteSpace(block[start + length - 1]))
            {
                length--;
            }

            Line(block, start, length);
            if (end < 0)
            {
                return;
            }

            start = end + 1;
        }
    }

    /// <summary>Writes the line <c>text.Substring(start, length)</c> without making it a string of its own.</summary>
    private void Line(string text, int start, int length)
    {
        // One vectorized search over the line rather than a test per character: every generated character passes here.
        var lineBreak = text.IndexOfAny(LineBreaks, start, length);
        if (lineBreak >= 0)
        {
            throw new InvalidOperationException($"A generated line holds the line break U+{(int)text[lineBreak]:X4}; spec text must pass through SpecText.");
        }

        // A closed block is followed by a blank line unless the next line closes or continues it.
        var blank = _afterBlock && length > 0 && !ContinuesBlock(text, start, length);
        var spaces = length > 0 ? _indent * 4 : 0;
        var needed = _length + (blank ? 1 : 0) + spaces + length + 1;
        if (needed > _buffer.Length)
        {
            Grow(needed);
        }

        var buffer = _buffer;
        if (blank)
        {
            buffer[_length++] = '\n';
        }

        _afterBlock = false;
        for (var i = 0; i < spaces; i++)
        {
            buffer[_length++] = ' ';
        }

        text.CopyTo(start, buffer, _length, length);
        _length += length;
        buffer[_length++] = '\n';
    }

    private void Grow(int needed)
    {
        var larger = new char[Math.Max(needed, _buffer.Length * 2)];
        Array.Copy(_buffer, larger, _length);
        _buffer = larger;
    }

    /// <summary>Writes <paramref name="header"/>, then "{", and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        return Block();
    }

    public Scope Block()
    {
        Line("{");
        _indent++;
        return new Scope(this);
    }

    public override string ToString() => new(_buffer, 0, _length);

    /// <summary>The text written, after which the writer is done: its buffer serves the next file on this thread.</summary>
    public string Complete()
    {
        var text = ToString();
        if (_buffer.Length <= MaxKeptChars && (s_kept is null || s_kept.Length < _buffer.Length))
        {
            s_kept = _buffer;
        }

        _buffer = Array.Empty<char>();
        _length = 0;
        return text;
    }

    private static bool ContinuesBlock(string text, int start, int length) =>
        StartsWith(text, start, length, "}")
        || StartsWith(text, start, length, "else")
        || StartsWith(text, start, length, "catch")
        || StartsWith(text, start, length, "finally")
        || StartsWith(text, start, length, "#");

    private static bool StartsWith(string text, int start, int length, string prefix) =>
        length >= prefix.Length && string.CompareOrdinal(text, start, prefix, 0, prefix.Length) == 0;

    internal readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;

        public Scope(SourceWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}");
            _writer._afterBlock = true;
        }
    }
}
