using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Reads a JSON spec into a JSON tree and, in a first pass over the tokens, records the place of every node.
/// Both passes stop at <see cref="SpecLimits.MaxDepth"/>: <see cref="Utf8JsonReader"/> checks the depth before
/// the recursion of <see cref="RecordValue"/> can go deeper, so no nesting exhausts the stack.
/// </summary>
internal static class JsonSpecReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = SpecLimits.MaxDepth };

    public static SpecReadResult Read(string filePath, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineIndex(bytes);
        var tree = new PositionTree(filePath, lines);
        var positions = new PositionMap(filePath, tree.Locate);
        try
        {
            var reader = new Utf8JsonReader(bytes, ReaderOptions);
            if (!reader.Read())
            {
                return Fail(positions, SourceLocation.FileStart(filePath), "the file is empty");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(positions, lines.Locate(filePath, reader.TokenStartIndex, reader.TokenStartIndex + 1), "the document is not an object");
            }

            tree.Root = RecordValue(ref reader, lines, filePath, reader.TokenStartIndex);
            var root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = SpecLimits.MaxDepth });
            return SpecReadResult.Success(root!, positions);
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0);
            var column = (int)(exception.BytePositionInLine ?? 0);
            var offset = lines.CharOffset(line, column);
            var location = new SourceLocation(filePath, offset, 0, line, column, line, column);
            var message = exception.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return Fail(positions, location, (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.'));
        }
        catch (DuplicateKeyException exception)
        {
            return Fail(positions, exception.Location, exception.Message);
        }
    }

    private static SpecReadResult Fail(PositionMap positions, SourceLocation location, string reason) =>
        SpecReadResult.Failure(positions, DiagnosticFactory.Create(DiagnosticCatalog.UnreadableSpec, location, Path.GetFileName(positions.FilePath), "JSON", reason));

    /// <summary>
    /// Records the value the reader stands on (and everything inside it), leaving the reader on its last token.
    /// Only byte offsets are kept: a pointer and a location are built when a diagnostic asks for one.
    /// </summary>
    private static PositionNode RecordValue(ref Utf8JsonReader reader, LineIndex lines, string filePath, long entryStart)
    {
        var node = new PositionNode { Start = (int)Math.Min(entryStart, reader.TokenStartIndex) };
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new Dictionary<string, PositionNode>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var keyStart = reader.TokenStartIndex;
                    var key = reader.GetString()!;
                    if (members.ContainsKey(key))
                    {
                        throw new DuplicateKeyException(lines.Locate(filePath, keyStart, reader.BytesConsumed), $"duplicate key '{key}'");
                    }

                    reader.Read();
                    members.Add(key, RecordValue(ref reader, lines, filePath, keyStart));
                }

                node.Members = members;
                break;
            case JsonTokenType.StartArray:
                var items = new List<PositionNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(RecordValue(ref reader, lines, filePath, reader.TokenStartIndex));
                }

                node.Items = items;
                break;
        }

        node.End = (int)reader.BytesConsumed;
        return node;
    }

    /// <summary>The byte offsets of one node (from its key, for an object member) and of the nodes inside it.</summary>
    private sealed class PositionNode
    {
        public int Start;
        public int End;
        public Dictionary<string, PositionNode>? Members;
        public List<PositionNode>? Items;
    }

    /// <summary>Finds the node a JSON pointer names, or its nearest ancestor, and places it by line and character.</summary>
    private sealed class PositionTree
    {
        private readonly string _filePath;
        private readonly LineIndex _lines;

        public PositionTree(string filePath, LineIndex lines)
        {
            _filePath = filePath;
            _lines = lines;
        }

        public PositionNode? Root { get; set; }

        public SourceLocation? Locate(string pointer)
        {
            if (Root is not { } node || (pointer.Length > 0 && pointer[0] != '/'))
            {
                return null;
            }

            // Tokens as SpecPointer writes them: "/" then the token with '~' as "~0" and '/' as "~1"; an index in decimal.
            var start = 1;
            while (pointer.Length > 0 && start <= pointer.Length)
            {
                var end = pointer.IndexOf('/', start);
                if (end < 0)
                {
                    end = pointer.Length;
                }

                var token = pointer.Substring(start, end - start);
                PositionNode? child = null;
                if (node.Members is { } members)
                {
                    members.TryGetValue(token.IndexOf('~') < 0 ? token : token.Replace("~1", "/").Replace("~0", "~"), out child);
                }
                else if (node.Items is { } items && IsIndex(token, items.Count, out var index))
                {
                    child = items[index];
                }

                if (child is null)
                {
                    break;
                }

                node = child;
                start = end + 1;
            }

            return _lines.Locate(_filePath, node.Start, node.End);
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
    }

    private sealed class DuplicateKeyException : Exception
    {
        public DuplicateKeyException(SourceLocation location, string message)
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
                if (bytes[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
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

        public int CharOffset(int line, int byteColumn)
        {
            var lineIndex = Math.Min(Math.Max(line, 0), _lineStarts.Count - 1);
            var start = _lineStarts[lineIndex];
            return CharsBefore(start) + Encoding.UTF8.GetCharCount(_bytes, start, Math.Min(_bytes.Length - start, byteColumn));
        }

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
