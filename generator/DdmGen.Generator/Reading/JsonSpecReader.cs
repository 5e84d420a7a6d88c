using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Reads a JSON spec into a JSON tree and, in a first pass over the tokens, records the place of every node.
/// Both passes stop at <see cref="SpecLimits.MaxDepth"/>: <see cref="Utf8JsonReader"/> checks the depth before
/// the recursion of the position pass can go deeper, so no nesting exhausts the stack.
/// </summary>
internal static class JsonSpecReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = SpecLimits.MaxDepth };

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = SpecLimits.MaxDepth };

    public static SpecReadResult Read(string filePath, string text, CancellationToken cancellationToken = default)
    {
        // A byte order mark is no JSON token (the reader fails at its first byte): it is read as the one character of
        // white space it stands in for, so that every place still counts it.
        var bytes = Encoding.UTF8.GetBytes(text.Length > 0 && text[0] == '\uFEFF' ? " " + text.Substring(1) : text);
        var lines = new LineIndex(bytes);
        var tree = new PositionTree(filePath, lines, bytes);
        var positions = new PositionMap(filePath, tree.Locate);
        try
        {
            // Without a token the reader throws (its words: "does not contain any JSON tokens ... isFinalBlock"), not false.
            var reader = new Utf8JsonReader(bytes, ReaderOptions);
            if (IsBlank(text) || !reader.Read())
            {
                return Fail(positions, SourceLocation.FileStart(filePath), "the file is empty");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(positions, lines.Locate(filePath, reader.TokenStartIndex, reader.TokenStartIndex + 1), "the document is not an object");
            }

            tree.RecordRoot(ref reader);
            cancellationToken.ThrowIfCancellationRequested();

            // The tree is read in place from the bytes (JsonNode.Parse would copy them) and its index is rented from the
            // shared pool: both are large-object-heap arrays, handed back when the parser is done (SpecReadResult.Document).
            var document = JsonDocument.Parse(bytes.AsMemory(), DocumentOptions);
            return SpecReadResult.Success(JsonObject.Create(document.RootElement)!, positions, document);
        }
        catch (JsonException exception)
        {
            var offset = lines.ByteOffset(exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            var location = lines.Locate(filePath, offset, offset);
            var message = exception.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return Fail(positions, location, (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.'));
        }
        catch (PlacedFaultException exception)
        {
            return Fail(positions, exception.Location, exception.Message);
        }
    }

    /// <summary>Only white space and byte order marks: nothing the reader could take for a token.</summary>
    private static bool IsBlank(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return false;
            }
        }

        return true;
    }

    private static SpecReadResult Fail(PositionMap positions, SourceLocation location, string reason) =>
        SpecReadResult.Failure(positions, DiagnosticFactory.Create(DiagnosticCatalog.UnreadableSpec, location, Path.GetFileName(positions.FilePath), "JSON", reason));

    /// <summary>
    /// The byte offsets of every node (from its key, for an object member), in one array of plain values in document
    /// order, each linked to its first child and next sibling. Keys stay in the file's bytes (a key written with
    /// escapes is kept decoded): no string, dictionary or object per node, which the garbage collector would have to
    /// copy while the rest of the spec is read. A pointer and a location are built only when a diagnostic asks.
    /// </summary>
    private sealed class PositionTree
    {
        /// <summary>Objects and lists with more members than this are looked up through an index, built on the first lookup.</summary>
        private const int IndexAbove = 8;

        private readonly string _filePath;
        private readonly LineIndex _lines;
        private readonly byte[] _bytes;
        private Node[] _nodes;
        private int _count;

        /// <summary>The decoded key of each member whose key the file writes with escapes, by node.</summary>
        private readonly Dictionary<int, string> _escapedKeys = new();

        /// <summary>By node: the members of a large object by key (<c>Dictionary&lt;string, int&gt;</c>), or the items of a large list (<c>int[]</c>).</summary>
        private readonly Dictionary<int, object> _indexes = new();

        public PositionTree(string filePath, LineIndex lines, byte[] bytes)
        {
            _filePath = filePath;
            _lines = lines;
            _bytes = bytes;
            // About one node per 20 to 40 bytes of a spec; the array doubles when that is too few.
            _nodes = new Node[Math.Max(16, bytes.Length / 32)];
        }

        private enum Kind : byte
        {
            Scalar,
            Object,
            Array,
        }

        /// <summary>
        /// Records the document the reader stands on (and everything inside it), leaving the reader on its last token.
        /// Throws <see cref="PlacedFaultException"/> at the first key that repeats one of its object, and at the first
        /// string or key whose escapes leave half of a surrogate pair.
        /// </summary>
        public void RecordRoot(ref Utf8JsonReader reader) => Record(ref reader, reader.TokenStartIndex, -1, 0);

        private int Record(ref Utf8JsonReader reader, long entryStart, int keyStart, int keyLength)
        {
            if (_count == _nodes.Length)
            {
                Array.Resize(ref _nodes, _nodes.Length * 2);
            }

            var index = _count++;
            _nodes[index] = new Node
            {
                Start = (int)Math.Min(entryStart, reader.TokenStartIndex),
                KeyStart = keyStart,
                KeyLength = keyLength,
                FirstChild = -1,
                Next = -1,
            };
            var last = -1;
            var count = 0;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    _nodes[index].Kind = Kind.Object;
                    HashSet<string>? keys = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var memberStart = reader.TokenStartIndex;
                        var rawStart = (int)memberStart + 1;
                        var rawLength = reader.ValueSpan.Length;
                        var escaped = reader.ValueIsEscaped ? Unescaped(ref reader) : null;
                        if (IsDuplicate(index, count, ref keys, rawStart, rawLength, escaped))
                        {
                            var key = escaped ?? Encoding.UTF8.GetString(_bytes, rawStart, rawLength);
                            throw new PlacedFaultException(_lines.Locate(_filePath, memberStart, reader.BytesConsumed), $"duplicate key '{key}'");
                        }

                        reader.Read();
                        var child = Record(ref reader, memberStart, rawStart, rawLength);
                        if (escaped is not null)
                        {
                            _escapedKeys[child] = escaped;
                        }

                        Link(index, ref last, child);
                        count++;
                    }

                    break;
                case JsonTokenType.StartArray:
                    _nodes[index].Kind = Kind.Array;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        Link(index, ref last, Record(ref reader, reader.TokenStartIndex, -1, 0));
                        count++;
                    }

                    break;
                case JsonTokenType.String when reader.ValueIsEscaped:
                    CheckSurrogates(ref reader);
                    break;
            }

            _nodes[index].Count = count;
            _nodes[index].End = (int)reader.BytesConsumed;
            return index;
        }

        /// <summary>The text of a key or string written with escapes, which <see cref="CheckSurrogates"/> found to be text.</summary>
        private string Unescaped(ref Utf8JsonReader reader)
        {
            CheckSurrogates(ref reader);
            return reader.GetString()!;
        }

        /// <summary>
        /// Throws at the first escape of the key or string the reader stands on that is half of a surrogate pair without
        /// its other half (<c>\ud800</c> alone): no character, and System.Text.Json refuses to read such text. The
        /// reader has checked that every escape is well formed.
        /// </summary>
        private void CheckSurrogates(ref Utf8JsonReader reader)
        {
            var raw = reader.ValueSpan;
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != (byte)'\\')
                {
                    continue;
                }

                if (raw[i + 1] != (byte)'u')
                {
                    i++;
                    continue;
                }

                var unit = Hex(raw, i + 2);
                if (unit is >= 0xD800 and <= 0xDBFF && i + 11 < raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' && Hex(raw, i + 8) is >= 0xDC00 and <= 0xDFFF)
                {
                    i += 11;
                    continue;
                }

                if (unit is >= 0xD800 and <= 0xDFFF)
                {
                    var escape = Encoding.UTF8.GetString(raw.Slice(i, 6).ToArray());
                    var start = reader.TokenStartIndex + 1 + i;
                    var half = unit <= 0xDBFF ? "the first half of a surrogate pair without its second" : "the second half of a surrogate pair without its first";
                    throw new PlacedFaultException(
                        _lines.Locate(_filePath, start, start + 6),
                        $"the escape {escape} is {half}, which is no character; write the character itself, or both halves of its pair (\\ud83d\\ude00 for U+1F600)");
                }

                i += 5;
            }
        }

        /// <summary>The four hex digits at <paramref name="start"/>, as a number.</summary>
        private static int Hex(ReadOnlySpan<byte> raw, int start)
        {
            var value = 0;
            for (var i = start; i < start + 4; i++)
            {
                var digit = raw[i];
                value = (value << 4) | (digit <= (byte)'9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
            }

            return value;
        }

        private void Link(int parent, ref int last, int child)
        {
            if (last < 0)
            {
                _nodes[parent].FirstChild = child;
            }
            else
            {
                _nodes[last].Next = child;
            }

            last = child;
        }

        /// <summary>
        /// Whether the key already names a member of the object: compared with each member while there are few, then
        /// through a set of the keys (built when the object grows past <see cref="IndexAbove"/> members).
        /// </summary>
        private bool IsDuplicate(int obj, int count, ref HashSet<string>? keys, int rawStart, int rawLength, string? escaped)
        {
            if (keys is null && count >= IndexAbove)
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                for (var member = _nodes[obj].FirstChild; member >= 0; member = _nodes[member].Next)
                {
                    keys.Add(Key(member));
                }
            }

            if (keys is not null)
            {
                return !keys.Add(escaped ?? Encoding.UTF8.GetString(_bytes, rawStart, rawLength));
            }

            for (var member = _nodes[obj].FirstChild; member >= 0; member = _nodes[member].Next)
            {
                var same = escaped is null && !_escapedKeys.ContainsKey(member)
                    ? BytesEqual(_nodes[member].KeyStart, _nodes[member].KeyLength, _bytes, rawStart, rawLength)
                    : string.Equals(Key(member), escaped ?? Encoding.UTF8.GetString(_bytes, rawStart, rawLength), StringComparison.Ordinal);
                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        private string Key(int member) =>
            _escapedKeys.TryGetValue(member, out var key) ? key : Encoding.UTF8.GetString(_bytes, _nodes[member].KeyStart, _nodes[member].KeyLength);

        private bool BytesEqual(int start, int length, byte[] other, int otherStart, int otherLength)
        {
            if (length != otherLength)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (_bytes[start + i] != other[otherStart + i])
                {
                    return false;
                }
            }

            return true;
        }

        public SourceLocation? Locate(string pointer)
        {
            if (_count == 0 || (pointer.Length > 0 && pointer[0] != '/'))
            {
                return null;
            }

            // Tokens as SpecPointer writes them: "/" then the token with '~' as "~0" and '/' as "~1"; an index in decimal.
            var node = 0;
            var start = 1;
            while (pointer.Length > 0 && start <= pointer.Length)
            {
                var end = pointer.IndexOf('/', start);
                if (end < 0)
                {
                    end = pointer.Length;
                }

                var token = pointer.Substring(start, end - start);
                var child = _nodes[node].Kind switch
                {
                    Kind.Object => Member(node, token.IndexOf('~') < 0 ? token : token.Replace("~1", "/").Replace("~0", "~")),
                    Kind.Array when IsIndex(token, _nodes[node].Count, out var index) => Item(node, index),
                    _ => -1,
                };
                if (child < 0)
                {
                    break;
                }

                node = child;
                start = end + 1;
            }

            return _lines.Locate(_filePath, _nodes[node].Start, _nodes[node].End);
        }

        private int Member(int obj, string key)
        {
            if (_nodes[obj].Count > IndexAbove)
            {
                if (!_indexes.TryGetValue(obj, out var index))
                {
                    var members = new Dictionary<string, int>(_nodes[obj].Count, StringComparer.Ordinal);
                    for (var member = _nodes[obj].FirstChild; member >= 0; member = _nodes[member].Next)
                    {
                        members[Key(member)] = member;
                    }

                    _indexes.Add(obj, index = members);
                }

                return ((Dictionary<string, int>)index).TryGetValue(key, out var found) ? found : -1;
            }

            byte[]? utf8 = null;
            for (var member = _nodes[obj].FirstChild; member >= 0; member = _nodes[member].Next)
            {
                if (_escapedKeys.TryGetValue(member, out var escaped))
                {
                    if (string.Equals(escaped, key, StringComparison.Ordinal))
                    {
                        return member;
                    }
                }
                else
                {
                    utf8 ??= Encoding.UTF8.GetBytes(key);
                    if (BytesEqual(_nodes[member].KeyStart, _nodes[member].KeyLength, utf8, 0, utf8.Length))
                    {
                        return member;
                    }
                }
            }

            return -1;
        }

        private int Item(int array, int position)
        {
            if (_nodes[array].Count > IndexAbove)
            {
                if (!_indexes.TryGetValue(array, out var index))
                {
                    var items = new int[_nodes[array].Count];
                    var i = 0;
                    for (var item = _nodes[array].FirstChild; item >= 0; item = _nodes[item].Next)
                    {
                        items[i++] = item;
                    }

                    _indexes.Add(array, index = items);
                }

                return ((int[])index)[position];
            }

            var current = _nodes[array].FirstChild;
            for (var i = 0; i < position; i++)
            {
                current = _nodes[current].Next;
            }

            return current;
        }

        /// <summary>An index as <see cref="SpecPointer.Append(string, int)"/> writes it: decimal digits, no leading zero.</summary>
        private static bool IsIndex(string token, int count, out int index)
        {
            index = 0;
            if (token.Length == 0 || token.Length > 9 || (token.Length > 1 && token[0] == '0'))
            {
                return false;
            }

            foreach (var c in token)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }

                index = (index * 10) + (c - '0');
            }

            return index < count;
        }

        /// <summary>One node: its bytes (from its key, for a member), its key's raw bytes, its first child and next sibling.</summary>
        private struct Node
        {
            public int Start;
            public int End;
            public int KeyStart;
            public int KeyLength;
            public int FirstChild;
            public int Next;
            public int Count;
            public Kind Kind;
        }
    }

    /// <summary>A fault the position pass finds in text the reader accepts (a repeated key, a lone surrogate), with its place.</summary>
    private sealed class PlacedFaultException : Exception
    {
        public PlacedFaultException(SourceLocation location, string message)
            : base(message) => Location = location;

        public SourceLocation Location { get; }
    }

    /// <summary>Turns UTF-8 byte offsets into the line, column and character offset that diagnostics use.</summary>
    /// <remarks>
    /// A byte offset becomes a character offset through checkpoints every <see cref="CheckpointBytes"/> bytes, so
    /// each lookup counts at most that many bytes: the cost does not grow with the length of a line, and a spec
    /// written on one line (minified JSON) is read in linear time. The bytes come from <see cref="Encoding.UTF8"/>,
    /// so they are well formed: every byte that does not continue a sequence starts one UTF-16 unit, and a
    /// four-byte sequence makes two (a surrogate pair).
    /// Lines end where Roslyn's <c>SourceText</c> ends them, so that a diagnostic names the line the editor shows: at
    /// CR, LF, CR LF (one break), U+0085, U+2028 and U+2029, even inside a string.
    /// </remarks>
    private sealed class LineIndex
    {
        private const int CheckpointShift = 6;
        private const int CheckpointBytes = 1 << CheckpointShift;

        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = new() { 0 };

        /// <summary>The number of UTF-16 units before byte <c>i * CheckpointBytes</c>.</summary>
        private readonly int[] _checkpoints;

        public LineIndex(byte[] bytes)
        {
            _bytes = bytes;
            _checkpoints = new int[(bytes.Length >> CheckpointShift) + 1];
            var chars = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if ((i & (CheckpointBytes - 1)) == 0)
                {
                    _checkpoints[i >> CheckpointShift] = chars;
                }

                chars += Units(bytes[i]);
                if (LineBreakLength(bytes, i) is var length and > 0)
                {
                    _lineStarts.Add(i + length);
                }
            }

            if ((bytes.Length & (CheckpointBytes - 1)) == 0)
            {
                _checkpoints[bytes.Length >> CheckpointShift] = chars;
            }
        }

        public SourceLocation Locate(string filePath, long startByte, long endByte)
        {
            var (startLine, startColumn, startChar) = Position((int)startByte);
            var (endLine, endColumn, endChar) = Position((int)endByte);
            return new SourceLocation(filePath, startChar, Math.Max(0, endChar - startChar), startLine, startColumn, endLine, endColumn);
        }

        /// <summary>
        /// The byte offset of a place as <see cref="JsonException"/> gives it: a line counted by LF alone (System.Text.Json
        /// counts no other break) and the bytes into that line. Found by a scan, as only a failed read asks.
        /// </summary>
        public long ByteOffset(long line, long byteInLine)
        {
            var start = 0;
            for (var passed = 0L; passed < line; passed++)
            {
                var next = Array.IndexOf(_bytes, (byte)'\n', start);
                if (next < 0)
                {
                    break;
                }

                start = next + 1;
            }

            return Math.Min(_bytes.Length, start + Math.Max(0, byteInLine));
        }

        /// <summary>
        /// The length of the line break that ends at or after <paramref name="i"/> and starts there: LF, CR not followed
        /// by LF (a CR LF ends at its LF), and the UTF-8 bytes of U+0085, U+2028 and U+2029; 0 for any other byte.
        /// </summary>
        private static int LineBreakLength(byte[] bytes, int i) => bytes[i] switch
        {
            (byte)'\n' => 1,
            (byte)'\r' => i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n' ? 0 : 1,
            0xC2 => i + 1 < bytes.Length && bytes[i + 1] == 0x85 ? 2 : 0,
            0xE2 => i + 2 < bytes.Length && bytes[i + 1] == 0x80 && bytes[i + 2] is 0xA8 or 0xA9 ? 3 : 0,
            _ => 0,
        };

        private (int Line, int Column, int Char) Position(int byteOffset)
        {
            byteOffset = Math.Min(Math.Max(byteOffset, 0), _bytes.Length);
            var line = _lineStarts.BinarySearch(byteOffset);
            if (line < 0)
            {
                line = ~line - 1;
            }

            var lineStartChar = CharsBefore(_lineStarts[line]);
            var offset = CharsBefore(byteOffset);
            return (line, offset - lineStartChar, offset);
        }

        /// <summary>The number of UTF-16 units before <paramref name="byteOffset"/>, which starts a sequence.</summary>
        private int CharsBefore(int byteOffset)
        {
            var checkpoint = byteOffset >> CheckpointShift;
            var chars = _checkpoints[checkpoint];
            for (var i = checkpoint << CheckpointShift; i < byteOffset; i++)
            {
                chars += Units(_bytes[i]);
            }

            return chars;
        }

        /// <summary>The UTF-16 units a byte starts: none for a continuation byte, two for a four-byte sequence.</summary>
        private static int Units(byte value) => (value & 0xC0) == 0x80 ? 0 : value >= 0xF0 ? 2 : 1;
    }
}
