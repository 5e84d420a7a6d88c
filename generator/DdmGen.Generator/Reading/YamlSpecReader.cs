using System;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Turns YAML into the JSON tree that Microsoft.OpenApi reads, recording the place of every node.
/// Plain scalars follow the YAML 1.2 core schema; a number keeps its exact text, so <c>version: 1.0</c>
/// is still read as the text 1.0 where the OpenAPI field is a string.
/// </summary>
internal static class YamlSpecReader
{
    private const int MaxDepth = 200;

    private static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex YamlInteger = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex YamlFloat = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static SpecReadResult Read(string filePath, string text)
    {
        var positions = new PositionMap(filePath);
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0)
            {
                return Fail(positions, SourceLocation.FileStart(filePath), "the file holds no YAML document");
            }

            var root = Convert(stream.Documents[0].RootNode, SpecPointer.Root, positions, depth: 0);
            if (root is not JsonObject)
            {
                return Fail(positions, Locate(filePath, stream.Documents[0].RootNode), "the document is not a mapping");
            }

            return SpecReadResult.Success(root, positions);
        }
        catch (YamlException exception)
        {
            return Fail(positions, At(filePath, exception.Start, exception.End), Describe(exception));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these for some malformed input; the last event read is close to the fault.
            return Fail(positions, At(filePath, parser.LastStart, parser.LastEnd), exception.Message.TrimEnd('.'));
        }
    }

    private static SpecReadResult Fail(PositionMap positions, SourceLocation location, string reason) =>
        SpecReadResult.Failure(positions, DiagnosticFactory.Create(DiagnosticCatalog.UnreadableSpec, location, Path.GetFileName(positions.FilePath), "YAML", reason));

    private static string Describe(YamlException exception)
    {
        var message = exception.InnerException?.Message ?? exception.Message;
        var bracket = message.IndexOf("): ", StringComparison.Ordinal);
        return (bracket >= 0 ? message.Substring(bracket + 3) : message).TrimEnd('.');
    }

    private static JsonNode? Convert(YamlNode node, string pointer, PositionMap positions, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(node.Start, node.End, $"the document nests deeper than {MaxDepth} levels");
        }

        positions.Add(pointer, Locate(positions.FilePath, node));
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var entry in mapping.Children)
                {
                    if (entry.Key is not YamlScalarNode { Value: { } key })
                    {
                        throw new YamlException(entry.Key.Start, entry.Key.End, "a mapping key is not a plain value");
                    }

                    var childPointer = SpecPointer.Append(pointer, key);
                    positions.Add(childPointer, Span(positions.FilePath, entry.Key.Start, entry.Value.End));
                    obj[key] = Convert(entry.Value, childPointer, positions, depth + 1);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var index = 0; index < sequence.Children.Count; index++)
                {
                    array.Add(Convert(sequence.Children[index], SpecPointer.Append(pointer, index), positions, depth + 1));
                }

                return array;
            case YamlScalarNode scalar:
                return ConvertScalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "an alias or node of an unknown kind cannot be read");
        }
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (scalar.Style != ScalarStyle.Plain || tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (JsonNumber.IsMatch(value))
        {
            // Parsing the text keeps it exactly, so "1.0" stays "1.0" when read back as a string.
            return JsonNode.Parse(value);
        }

        if (YamlInteger.IsMatch(value) || YamlFloat.IsMatch(value))
        {
            return JsonNode.Parse(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(value);
    }

    private static SourceLocation Locate(string filePath, YamlNode node) => Span(filePath, node.Start, node.End);

    private static SourceLocation Span(string filePath, Mark start, Mark end) =>
        new(filePath, (int)start.Index, (int)Math.Max(0, end.Index - start.Index), (int)start.Line - 1, (int)start.Column - 1, (int)end.Line - 1, (int)end.Column - 1);

    private static SourceLocation At(string filePath, Mark start, Mark end) =>
        start.Line <= 0 ? SourceLocation.FileStart(filePath) : Span(filePath, start, end.Index >= start.Index ? end : start);

    /// <summary>Remembers where the last event stood, to place errors that YamlDotNet throws without a mark.</summary>
    private sealed class TrackingParser : IParser
    {
        private readonly IParser _inner;

        public TrackingParser(IParser inner) => _inner = inner;

        public ParsingEvent? Current => _inner.Current;

        public Mark LastStart { get; private set; } = Mark.Empty;

        public Mark LastEnd { get; private set; } = Mark.Empty;

        public bool MoveNext()
        {
            var moved = _inner.MoveNext();
            if (_inner.Current is { } current)
            {
                LastStart = current.Start;
                LastEnd = current.End;
            }

            return moved;
        }
    }
}
