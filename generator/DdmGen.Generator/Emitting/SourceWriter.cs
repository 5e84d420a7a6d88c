using System;
using System.Text;

namespace DdmGen.Generator.Emitting;

/// <summary>Writes C# text line by line with four-space indentation; the one place output layout is decided.</summary>
internal sealed class SourceWriter
{
    /// <summary>The characters <see cref="SpecText.IsLineBreak"/> accepts.</summary>
    private static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    private readonly StringBuilder _builder = new();
    private int _indent;
    private bool _afterBlock;

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
        if (_afterBlock && length > 0 && !ContinuesBlock(text, start, length))
        {
            _builder.Append('\n');
        }

        _afterBlock = false;
        if (length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text, start, length);
        }

        _builder.Append('\n');
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

    public override string ToString() => _builder.ToString();

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
