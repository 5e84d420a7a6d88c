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
    public void Line(string text = "")
    {
        // One vectorized search over the line rather than a test per character: every generated character passes here.
        var lineBreak = text.IndexOfAny(LineBreaks);
        if (lineBreak >= 0)
        {
            throw new InvalidOperationException($"A generated line holds the line break U+{(int)text[lineBreak]:X4}; spec text must pass through SpecText.");
        }

        // A closed block is followed by a blank line unless the next line closes or continues it.
        if (_afterBlock && text.Length > 0 && !ContinuesBlock(text))
        {
            _builder.Append('\n');
        }

        _afterBlock = false;
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes a block of lines (a raw string literal) at the current indentation, keeping its own indentation.</summary>
    public void Lines(string block)
    {
        foreach (var line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line.TrimEnd());
        }
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

    private static bool ContinuesBlock(string text) =>
        text.StartsWith("}", StringComparison.Ordinal)
        || text.StartsWith("else", StringComparison.Ordinal)
        || text.StartsWith("catch", StringComparison.Ordinal)
        || text.StartsWith("finally", StringComparison.Ordinal)
        || text.StartsWith("#", StringComparison.Ordinal);

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
