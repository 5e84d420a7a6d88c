using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace DdmGen.Generator.Emitting;

/// <summary>Writes C# text line by line with four-space indentation; the one place output layout is decided.</summary>
/// <remarks>
/// The text goes into chunks of <see cref="ChunkChars"/> characters. A file that fits in one chunk (nearly all)
/// becomes a string and hands its chunk back to the shared array pool (which trims what it holds when
/// memory is short), so the next file reuses it; a larger one (the client or the resolver of
/// a large spec) becomes a <see cref="SourceText"/> over its chunks, with no copy. The chunks are large enough for
/// the garbage collector's large object heap, where they are never moved: a fresh builder per file, or a buffer
/// that doubles and is copied into a string at the end, made the collector copy the text of thousands of files
/// and allocate the largest ones three times over.
/// </remarks>
internal sealed class SourceWriter
{
    /// <summary>The characters <see cref="SpecText.IsLineBreak"/> accepts.</summary>
    private static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    /// <summary>2^16 characters (128 KiB): one chunk holds a model file many times over and lies on the large object heap.</summary>
    private const int ChunkShift = 16;
    private const int ChunkChars = 1 << ChunkShift;

    /// <summary>The chunks before <see cref="_chunk"/>, each full.</summary>
    private List<char[]>? _full;
    private char[] _chunk;
    private int _used;
    private int _indent;
    private bool _afterBlock;

    public SourceWriter()
    {
        // Returned to the pool when the file fits in it; a larger file's text keeps it.
        _chunk = ArrayPool<char>.Shared.Rent(ChunkChars);
    }

    /// <summary>The number of characters written.</summary>
    public int Length => ((_full?.Count ?? 0) << ChunkShift) + _used;

    /// <exception cref="System.InvalidOperationException">
    /// <paramref name="text"/> holds a line break: spec text took a way around <see cref="SpecText"/>. Refusing it
    /// turns what would be injected code into a generator error.
    /// </exception>
    public void Line(string text = "") => Line((text ?? throw new ArgumentNullException(nameof(text))).AsSpan());

    /// <summary>
    /// Writes an interpolated line as <see cref="Line(string)"/> does, from a pooled buffer instead of a string of its own:
    /// nearly every generated line is interpolated, and each made a string only to be copied here.
    /// </summary>
    public void Line(ref LineText text)
    {
        try
        {
            Line(text.Written);
        }
        finally
        {
            text.Release();
        }
    }

    /// <summary>Writes an interpolated header as <see cref="Block(string)"/> does, from a pooled buffer.</summary>
    public Scope Block(ref LineText header)
    {
        Line(ref header);
        return Block();
    }

    /// <summary>Writes an interpolated block of lines as <see cref="Lines(string)"/> does, from a pooled buffer.</summary>
    public void Lines(ref LineText block)
    {
        try
        {
            Lines(block.Written);
        }
        finally
        {
            block.Release();
        }
    }

    /// <summary>Writes a block of lines (a raw string literal) at the current indentation, keeping its own indentation.</summary>
    /// <remarks>Each line is written from the block in place, without trailing white space; a "\r\n" ends a line as "\n" does.</remarks>
    public void Lines(string block) => Lines(block.AsSpan());

    private void Lines(ReadOnlySpan<char> block)
    {
        while (true)
        {
            var end = block.IndexOf('\n');
            var line = end < 0 ? block : block.Slice(0, end);
            var length = line.Length;
            while (length > 0 && char.IsWhiteSpace(line[length - 1]))
            {
                length--;
            }

            Line(line.Slice(0, length));
            if (end < 0)
            {
                return;
            }

            block = block.Slice(end + 1);
        }
    }

    /// <summary>Writes one line, given without its line break.</summary>
    private void Line(ReadOnlySpan<char> text)
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
            Append('\n');
        }

        _afterBlock = false;
        if (text.Length > 0)
        {
            for (var i = _indent * 4; i > 0; i--)
            {
                Append(' ');
            }

            Append(text);
        }

        Append('\n');
    }

    private void Append(char c)
    {
        if (_used == ChunkChars)
        {
            NextChunk();
        }

        _chunk[_used++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            if (_used == ChunkChars)
            {
                NextChunk();
            }

            var count = Math.Min(text.Length, ChunkChars - _used);
            text.Slice(0, count).CopyTo(_chunk.AsSpan(_used));
            _used += count;
            text = text.Slice(count);
        }
    }

    private void NextChunk()
    {
        (_full ??= new List<char[]>()).Add(_chunk);
        _chunk = new char[ChunkChars];
        _used = 0;
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

    public override string ToString()
    {
        var builder = new StringBuilder(Length);
        foreach (var chunk in _full ?? new List<char[]>())
        {
            builder.Append(chunk);
        }

        return builder.Append(_chunk, 0, _used).ToString();
    }

    /// <summary>
    /// The text written, after which the writer is done: a one-chunk text as a string (its chunk goes back to the
    /// shared pool for the next file), a larger one over its chunks.
    /// </summary>
    public SourceText Complete()
    {
        SourceText text;
        if (_full is null)
        {
            text = SourceText.From(new string(_chunk, 0, _used), Encoding.UTF8);
            ArrayPool<char>.Shared.Return(_chunk);
        }
        else
        {
            var length = Length;
            _full.Add(_chunk);
            text = new ChunkedText(_full.ToArray(), length);
        }

        _full = null;
        _chunk = Array.Empty<char>();
        _used = ChunkChars;
        return text;
    }

    private static bool ContinuesBlock(ReadOnlySpan<char> text) =>
        text.StartsWith("}".AsSpan(), StringComparison.Ordinal)
        || text.StartsWith("else".AsSpan(), StringComparison.Ordinal)
        || text.StartsWith("catch".AsSpan(), StringComparison.Ordinal)
        || text.StartsWith("finally".AsSpan(), StringComparison.Ordinal)
        || text.StartsWith("#".AsSpan(), StringComparison.Ordinal);

    /// <summary>
    /// An interpolated line, built in a buffer rented from the shared pool and given back once written. Each part is
    /// formatted as string interpolation formats it (<see cref="IFormattable"/> with the format, else
    /// <see cref="object.ToString"/>, null as nothing), except that numbers are always formatted in the invariant
    /// culture: generated code must not depend on the culture of the machine that builds it.
    /// </summary>
    [InterpolatedStringHandler]
    internal ref struct LineText
    {
        private char[] _buffer;
        private int _length;

        public LineText(int literalLength, int formattedCount)
        {
            _buffer = ArrayPool<char>.Shared.Rent(Math.Max(256, literalLength + (formattedCount * 32)));
            _length = 0;
        }

        internal ReadOnlySpan<char> Written => new(_buffer, 0, _length);

        public void AppendLiteral(string value) => Append(value.AsSpan());

        public void AppendFormatted(string? value) => Append(value.AsSpan());

        /// <summary>An integer, in digits as the invariant culture writes it, straight into the buffer: counts and indexes are the most common part.</summary>
        public void AppendFormatted(int value)
        {
            Grow(11);
            if (value < 0)
            {
                _buffer[_length++] = '-';
            }

            var magnitude = value < 0 ? (uint)-(long)value : (uint)value;
            var digits = 1;
            for (var rest = magnitude / 10; rest > 0; rest /= 10)
            {
                digits++;
            }

            for (var at = _length + digits - 1; at >= _length; at--)
            {
                _buffer[at] = (char)('0' + (magnitude % 10));
                magnitude /= 10;
            }

            _length += digits;
        }

        public void AppendFormatted<T>(T value) => AppendFormatted(value, format: null);

        public void AppendFormatted<T>(T value, string? format) =>
            Append((value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString()).AsSpan());

        public void AppendFormatted<T>(T value, int alignment, string? format = null)
        {
            var text = value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString() ?? string.Empty;
            var padding = Math.Abs(alignment) - text.Length;
            if (padding > 0 && alignment > 0)
            {
                Pad(padding);
            }

            Append(text.AsSpan());
            if (padding > 0 && alignment < 0)
            {
                Pad(padding);
            }
        }

        internal void Release()
        {
            var buffer = _buffer;
            _buffer = Array.Empty<char>();
            _length = 0;
            if (buffer.Length > 0)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
        }

        private void Pad(int count)
        {
            Grow(count);
            _buffer.AsSpan(_length, count).Fill(' ');
            _length += count;
        }

        private void Append(ReadOnlySpan<char> text)
        {
            Grow(text.Length);
            text.CopyTo(_buffer.AsSpan(_length));
            _length += text.Length;
        }

        private void Grow(int count)
        {
            if (_length + count <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

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

    /// <summary>
    /// Text in chunks of <see cref="ChunkChars"/> characters (the last one partly used), read in place: the character
    /// at an index is found with a shift, and copies go chunk by chunk. Its checksum and lines come from
    /// <see cref="SourceText"/>, which reads them through these members.
    /// </summary>
    private sealed class ChunkedText : SourceText
    {
        private readonly char[][] _chunks;

        public ChunkedText(char[][] chunks, int length)
            : base(checksumAlgorithm: SourceHashAlgorithm.Sha1)
        {
            _chunks = chunks;
            Length = length;
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override int Length { get; }

        public override char this[int position]
        {
            get
            {
                if ((uint)position >= (uint)Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(position));
                }

                return _chunks[position >> ChunkShift][position & (ChunkChars - 1)];
            }
        }

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (sourceIndex < 0 || count < 0 || sourceIndex > Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(sourceIndex));
            }

            while (count > 0)
            {
                var offset = sourceIndex & (ChunkChars - 1);
                var take = Math.Min(count, ChunkChars - offset);
                Array.Copy(_chunks[sourceIndex >> ChunkShift], offset, destination, destinationIndex, take);
                sourceIndex += take;
                destinationIndex += take;
                count -= take;
            }
        }
    }
}
