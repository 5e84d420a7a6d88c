using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using Microsoft.OpenApi;
using Microsoft.OpenApi.YamlReader;
using SharpYaml;
using SharpYaml.Events;
using SharpYaml.Serialization;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Reads a YAML spec the way Microsoft.OpenApi.YamlReader does (SharpYaml's parser, then
/// <see cref="YamlConverter.ToJsonNode(YamlNode)"/>) with the bounds of <see cref="SpecLimits"/>, and records the
/// place of every node so that diagnostics name a line.
/// </summary>
/// <remarks>
/// Three passes, each bounded. <see cref="EventScan"/> walks SharpYaml's parser events without recursion: it
/// records positions, stops a document of more than <see cref="SpecLimits.MaxNodeCount"/> nodes early, and places
/// what would otherwise be reported without a location (duplicate keys, keys that are not scalars, unknown or
/// twice-defined anchors, where aliases exceed the expansion bound). SharpYaml then builds its node tree and the
/// official conversion turns it into JSON, stopping at its depth, node and alias bounds. Last,
/// <see cref="Correct"/> adjusts the few scalars where the conversion differs from what spec authors mean, and
/// merges the mappings that YAML 1.1 merge keys (<c>&lt;&lt;: *name</c>) name, which neither SharpYaml's node tree nor
/// the conversion does.
/// </remarks>
internal static class YamlSpecReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private const string MergeTag = "tag:yaml.org,2002:merge";

    private const string MergeKey = "<<";

    private static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static SpecReadResult Read(string filePath, string text, CancellationToken cancellationToken = default)
    {
        // YAML lets a byte order mark start the stream, but SharpYaml takes one for text: the first key would hold it.
        // The text is read past it, and every place is counted in the text as held, mark included.
        var mark = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var content = mark == 0 ? text : text.Substring(mark);
        var positions = new PositionMap(filePath);
        var scan = new EventScan(filePath, positions, mark);
        try
        {
            if (scan.Run(content, cancellationToken) is { } problem)
            {
                return Fail(positions, problem.Location, problem.Reason);
            }
        }
        catch (YamlException exception)
        {
            return Fail(positions, At(filePath, text, exception.Start, exception.End, mark), Describe(exception));
        }

        if (scan.RootLocation is not { } rootLocation)
        {
            return Fail(positions, SourceLocation.FileStart(filePath), "the file holds no YAML document");
        }

        if (!scan.RootIsMapping)
        {
            return Fail(positions, rootLocation, "the document is not a mapping of OpenAPI fields");
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            cancellationToken.ThrowIfCancellationRequested();
            var yamlRoot = stream.Documents[0].RootNode;

            // The bounds are static properties of the converter; they are set before every use, always to the same
            // values, so concurrent runs need no lock (a lock here was once left held after an alias bomb, which
            // blocked every later run in the compiler process).
            YamlConverter.MaxDepth = SpecLimits.MaxDepth;
            YamlConverter.MaxNodeCount = SpecLimits.MaxNodeCount;
            YamlConverter.MaxAliasExpansionNodeCount = SpecLimits.MaxAliasExpansionNodeCount;
            var root = YamlConverter.ToJsonNode(yamlRoot);
            cancellationToken.ThrowIfCancellationRequested();

            return SpecReadResult.Success(Correct(yamlRoot, root)!, positions);
        }
        catch (YamlException exception)
        {
            return Fail(positions, At(filePath, text, exception.Start, exception.End, mark), Describe(exception));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // SharpYaml's node tree throws these for a few malformed inputs that its parser lets through.
            return Fail(positions, rootLocation, exception.Message.Trim().TrimEnd('.'));
        }
        catch (OpenApiException exception)
        {
            // A bound of the conversion: it names no place, so point at the node where the scan, which counts as
            // the conversion does, saw that bound crossed, else at the whole document.
            return Fail(positions, scan.AliasBoundLocation ?? scan.NodeBoundLocation ?? rootLocation, exception.Message.TrimEnd('.'));
        }
    }

    private static SpecReadResult Fail(PositionMap positions, SourceLocation location, string reason) =>
        SpecReadResult.Failure(positions, DiagnosticFactory.Create(DiagnosticCatalog.UnreadableSpec, location, Path.GetFileName(positions.FilePath), "YAML", reason));

    /// <summary>SharpYaml's message without the marks it prefixes ("(Lin: 1, Col: 0, Chr: 5) - (...): ").</summary>
    private static string Describe(YamlException exception)
    {
        var message = exception.Message;
        var marks = message.IndexOf("): ", StringComparison.Ordinal);
        message = marks >= 0 && message.StartsWith("(Lin", StringComparison.Ordinal) ? message.Substring(marks + 3) : message;
        return message.Trim().TrimEnd('.');
    }

    /// <summary>
    /// The one step where DdmGen departs from Microsoft.OpenApi's YAML conversion, so that YAML and JSON specs
    /// read alike and text fields keep what the author wrote:
    /// a plain number that is also a JSON number is a number with its exact text (the conversion goes through
    /// decimal, so <c>1e3</c> would become <c>1000</c> and a number beyond decimal's range a string;
    /// <c>version: 1.0</c> stays the text <c>1.0</c> either way);
    /// <c>null</c>, <c>~</c> and an empty plain value are JSON null (the conversion writes a sentinel string for
    /// the first two and an empty string for the last); a scalar tagged <c>!!str</c> stays a string; a merge key
    /// (<c>&lt;&lt;</c>, plain) is replaced by the keys of the mappings it names (<see cref="Merged"/>).
    /// Returns the node to use in place of <paramref name="json"/>.
    /// </summary>
    private static JsonNode? Correct(YamlNode yaml, JsonNode? json)
    {
        switch (yaml)
        {
            case YamlMappingNode mapping when json is JsonObject obj:
                var merges = false;
                foreach (var entry in mapping.Children)
                {
                    if (entry.Key is YamlScalarNode { Value: { } key } scalar && obj.TryGetPropertyValue(key, out var value))
                    {
                        merges |= IsMergeKey(key, scalar.Style, scalar.Tag);
                        var corrected = Correct(entry.Value, value);
                        if (!ReferenceEquals(corrected, value))
                        {
                            obj[key] = corrected;
                        }
                    }
                }

                return merges ? Merged(obj) : obj;
            case YamlSequenceNode sequence when json is JsonArray array:
                for (var index = 0; index < sequence.Children.Count && index < array.Count; index++)
                {
                    var corrected = Correct(sequence.Children[index], array[index]);
                    if (!ReferenceEquals(corrected, array[index]))
                    {
                        array[index] = corrected;
                    }
                }

                return array;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                if (scalar.Tag == StringTag)
                {
                    return json is JsonValue existing && existing.TryGetValue<string>(out var already) && already == text ? json : JsonValue.Create(text);
                }

                if (scalar.Style != ScalarStyle.Plain || !string.IsNullOrEmpty(scalar.Tag))
                {
                    return json;
                }

                if (text.Length == 0 || (json is not null && JsonNullSentinel.IsJsonNullSentinel(json)))
                {
                    return null;
                }

                return JsonNumber.IsMatch(text) && json?.ToJsonString() != text ? JsonNode.Parse(text) : json;
            default:
                return json;
        }
    }

    /// <summary>A YAML 1.1 merge key: <c>&lt;&lt;</c> written plain (a quoted one is a key like any other), untagged or tagged <c>!!merge</c>.</summary>
    private static bool IsMergeKey(string? value, ScalarStyle style, string? tag) =>
        value == MergeKey && style is ScalarStyle.Plain or ScalarStyle.Any && (string.IsNullOrEmpty(tag) || tag == MergeTag || tag == "!!merge");

    /// <summary>
    /// The mapping with its merge key replaced, in its place, by the members of the mapping or mappings it names (their
    /// own merge keys merged already): a key the mapping writes itself wins, and of a list the earlier mapping wins, as
    /// YAML 1.1 merges keys. The reader's event scan has checked that the merge key names mappings only.
    /// </summary>
    private static JsonObject Merged(JsonObject obj)
    {
        var members = obj.ToList();
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            // Not the merge key itself: a quoted '<<' of a mapping it names is a key like any other, and is merged.
            if (member.Key != MergeKey)
            {
                own.Add(member.Key);
            }
        }

        obj.Clear();
        foreach (var member in members)
        {
            if (member.Key != MergeKey)
            {
                obj[member.Key] = member.Value;
                continue;
            }

            var sources = member.Value is JsonArray list ? list.OfType<JsonObject>().ToList() : member.Value is JsonObject single ? new List<JsonObject> { single } : new List<JsonObject>();
            foreach (var source in sources)
            {
                foreach (var merged in source.ToList())
                {
                    if (!own.Contains(merged.Key) && !obj.ContainsKey(merged.Key))
                    {
                        source.Remove(merged.Key);
                        obj[merged.Key] = merged.Value;
                    }
                }
            }
        }

        return obj;
    }

    /// <param name="filePath">The spec's path.</param>
    /// <param name="start">Where the span starts in the text read.</param>
    /// <param name="end">Where the span ends in the text read.</param>
    /// <param name="mark">The characters before the text read (a byte order mark), which every place counts.</param>
    private static SourceLocation Span(string filePath, Mark start, Mark end, int mark) =>
        new(filePath, start.Index + mark, Math.Max(0, end.Index - start.Index), start.Line, start.Column + (start.Line == 0 ? mark : 0), end.Line, end.Column + (end.Line == 0 ? mark : 0));

    /// <summary>
    /// The place of a parser error. At the end of the input SharpYaml may mark a line after the last one; such a
    /// mark is moved to the end of the text, so that the location stays inside the file.
    /// </summary>
    private static SourceLocation At(string filePath, string text, Mark start, Mark end, int mark)
    {
        if (start.Index <= 0 && start.Line <= 0 && end.Index <= 0)
        {
            return SourceLocation.FileStart(filePath);
        }

        var location = Span(filePath, start, end.Index >= start.Index ? end : start, mark);
        var lines = Microsoft.CodeAnalysis.Text.SourceText.From(text).Lines;
        if (location.Start <= text.Length && location.StartLine < lines.Count && location.EndLine < lines.Count)
        {
            return location;
        }

        var last = lines.GetLinePosition(text.Length);
        var offset = Math.Min(location.Start, text.Length);
        var position = lines.GetLinePosition(offset);
        return new SourceLocation(filePath, offset, 0, Math.Min(position.Line, last.Line), position.Character, last.Line, last.Character);
    }

    /// <summary>
    /// One pass over SharpYaml's parser events, without recursion: records the place of every JSON pointer and
    /// finds, with their location, the faults that the node tree and the conversion report without one.
    /// SharpYaml's parser stops at <see cref="SpecLimits.MaxDepth"/> itself, with the place it stopped.
    /// The members a merge key brings into a mapping are placed where the mapping they come from writes them.
    /// </summary>
    private sealed class EventScan
    {
        private readonly string _filePath;
        private readonly PositionMap _positions;
        private readonly int _mark;
        private readonly Stack<Frame> _open = new();
        private readonly Dictionary<string, Placed> _anchored = new(StringComparer.Ordinal);
        private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);

        /// <summary>
        /// The places recorded while a mapping that a merge key may name is open (one with an anchor, or a mapping
        /// written as a merge key's value), in order: each such mapping's places are one run of it.
        /// </summary>
        private readonly List<(string Pointer, SourceLocation Location)> _recorded = new();
        private int _recording;
        private long _aliasNodes;
        private long _nodes;

        /// <summary>
        /// Where the text read last ends: a scalar, an alias, a flow collection's closing bracket. A block collection's
        /// end event stands at the next token, past the comments and blank lines between (and a flow collection's at its
        /// closing bracket): a block collection ends here instead, so that its place covers its text and nothing after it.
        /// </summary>
        private Mark? _contentEnd;

        /// <param name="filePath">The spec's path.</param>
        /// <param name="positions">Receives the place of every node.</param>
        /// <param name="mark">The characters before the text scanned (a byte order mark), which every place counts.</param>
        public EventScan(string filePath, PositionMap positions, int mark)
        {
            _filePath = filePath;
            _positions = positions;
            _mark = mark;
        }

        public SourceLocation? RootLocation { get; private set; }

        public bool RootIsMapping { get; private set; }

        /// <summary>The alias at which the expanded node count first exceeds the bound, if any does.</summary>
        public SourceLocation? AliasBoundLocation { get; private set; }

        public SourceLocation? LastAliasLocation { get; private set; }

        /// <summary>The node at which the count of nodes (aliases expanded) first exceeds the bound, if any does.</summary>
        public SourceLocation? NodeBoundLocation { get; private set; }

        /// <summary>Reads every event; returns the first fault found, or null. Stops at a cancelled token.</summary>
        public (SourceLocation Location, string Reason)? Run(string text, CancellationToken cancellationToken)
        {
            var parser = SharpYaml.Parser.CreateParser(new StringReader(text), SpecLimits.MaxDepth);
            var documents = 0;
            while (parser.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var current = parser.Current;
                switch (current)
                {
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            return (Span(_filePath, current.Start, current.End, _mark), "the file holds more than one YAML document; a spec is one document");
                        }

                        break;
                    case Scalar or MappingStart or SequenceStart or AnchorAlias:
                        if (Node(current) is { } problem)
                        {
                            return problem;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        Close(current.End);
                        break;
                }

                if (current is { } read && read.End.Index > read.Start.Index)
                {
                    _contentEnd = read.End;
                }

                if (NodeBoundLocation is { } crossed && AliasBoundLocation is null)
                {
                    // Without aliases, nodes come from the text itself: stop here rather than read millions more.
                    return (crossed, $"the document has more than {SpecLimits.MaxNodeCount} nodes");
                }
            }

            return null;
        }

        private (SourceLocation Location, string Reason)? Node(ParsingEvent node)
        {
            var parent = _open.Count > 0 ? _open.Peek() : null;
            if (parent is { IsMapping: true, Key: null })
            {
                if (node is not Scalar { Value: var key })
                {
                    return (Span(_filePath, node.Start, node.End, _mark), "a mapping key is not a plain value; OpenAPI keys are strings");
                }

                if (!parent.Keys.Add(key))
                {
                    return (Span(_filePath, node.Start, node.End, _mark), $"duplicate key '{key}'");
                }

                parent.Key = key;
                parent.KeyStart = node.Start;
                parent.MergeNext = node is Scalar scalar && IsMergeKey(key, scalar.Style, scalar.Tag);
                return null;
            }

            // The mapping this node brings its members into: it is a merge key's value, or an item of the list that is.
            var mergeInto = parent switch
            {
                { IsMapping: true, MergeNext: true } => parent,
                { IsMapping: false, MergeInto: { } target } => target,
                _ => null,
            };
            if (parent is not null)
            {
                parent.MergeNext = false;
            }

            if (mergeInto is not null && !IsMergeSource(node, listed: parent is { IsMapping: false }))
            {
                return (Span(_filePath, node.Start, node.End, _mark), "the merge key '<<' takes a mapping, an alias of one (<<: *name) or a list of them (<<: [*a, *b]), whose keys it brings into the mapping it stands in; write the keys themselves, or name a mapping");
            }

            string pointer;
            Mark entryStart;
            if (parent is null)
            {
                pointer = SpecPointer.Root;
                entryStart = node.Start;
            }
            else if (parent.IsMapping)
            {
                pointer = SpecPointer.Append(parent.Pointer, parent.Key!);
                entryStart = parent.KeyStart;
                parent.Key = null;
            }
            else
            {
                pointer = SpecPointer.Append(parent.Pointer, parent.Index++);
                entryStart = node.Start;
            }

            var anchor = (node as NodeEvent)?.Anchor;
            if (!string.IsNullOrEmpty(anchor) && !_anchors.Add(anchor!))
            {
                return (Span(_filePath, node.Start, node.End, _mark), $"the anchor '&{anchor}' is defined twice; give each anchor its own name");
            }

            switch (node)
            {
                case MappingStart or SequenceStart:
                    var frame = new Frame(pointer, entryStart, node is MappingStart, anchor)
                    {
                        MergeInto = mergeInto,
                        IsFlow = node is MappingStart { Style: YamlStyle.Flow } or SequenceStart { Style: YamlStyle.Flow },
                    };
                    // Places are recorded for what an alias or a merge key may copy: an anchored collection, and a
                    // mapping a merge key names.
                    if (!string.IsNullOrEmpty(anchor) || (frame.IsMapping && mergeInto is not null))
                    {
                        frame.Records = true;
                        frame.RecordStart = _recorded.Count;
                        _recording++;
                    }

                    _open.Push(frame);
                    if (parent is null)
                    {
                        RootIsMapping = node is MappingStart;
                    }

                    return null;
                case AnchorAlias alias:
                    var location = Span(_filePath, entryStart, node.End, _mark);
                    _positions.Add(pointer, location);
                    LastAliasLocation = location;
                    if (!_anchored.TryGetValue(alias.Value, out var named))
                    {
                        return (Span(_filePath, node.Start, node.End, _mark), $"the alias '*{alias.Value}' refers to no anchor defined before it");
                    }

                    mergeInto?.MergeSources.Add(named);
                    var size = named.Size;
                    _aliasNodes = Math.Min(_aliasNodes + size, int.MaxValue);
                    if (_aliasNodes > SpecLimits.MaxAliasExpansionNodeCount && AliasBoundLocation is null)
                    {
                        AliasBoundLocation = location;
                    }

                    Completed(pointer, location, size, added: size, anchor: null, isRoot: parent is null, frame: null);
                    PlaceCopy(named, pointer);
                    return null;
                default:
                    Completed(pointer, Span(_filePath, entryStart, node.End, _mark), 1, added: 1, anchor, isRoot: parent is null, frame: null);
                    return null;
            }
        }

        /// <summary>
        /// Whether a merge key's value (or an item of the list that is its value) names mappings: a mapping, an alias
        /// of one (an unknown alias is reported as such), or, as the value itself, a list of those.
        /// </summary>
        private bool IsMergeSource(ParsingEvent node, bool listed) => node switch
        {
            MappingStart => true,
            SequenceStart => !listed,
            AnchorAlias alias => !_anchored.TryGetValue(alias.Value, out var named) || named.IsMapping,
            _ => false,
        };

        /// <summary>The end of the last text read, or <paramref name="fallback"/> before any.</summary>
        private Mark ContentEnd(Mark fallback) => _contentEnd ?? fallback;

        private void Close(Mark end)
        {
            var frame = _open.Pop();
            if (frame.IsFlow)
            {
                // The event is empty, at the '}' or ']' that closes the collection: take the bracket in.
                end = new Mark(end.Index + 1, end.Line, end.Column + 1);
                _contentEnd = end;
            }
            else
            {
                end = ContentEnd(end);
            }

            if (end.Index < frame.EntryStart.Index)
            {
                end = frame.EntryStart;
            }

            if (frame.HasMergeSources)
            {
                PlaceMerged(frame);
            }

            var size = frame.Size + 1;
            Completed(frame.Pointer, Span(_filePath, frame.EntryStart, end, _mark), size, added: 1, frame.Anchor, isRoot: _open.Count == 0, frame);
            if (frame.Records)
            {
                _recording--;
            }

            if (frame.IsMapping && frame.MergeInto is { } target)
            {
                target.MergeSources.Add(new Placed(size, frame.Pointer, true, frame.RecordStart, _recorded.Count));
            }
        }

        /// <summary>
        /// Places the members that merge keys bring into a mapping where the mappings they come from write them: the
        /// keys the mapping writes itself win, and so do those of a mapping named earlier.
        /// </summary>
        private void PlaceMerged(Frame frame)
        {
            // Past the alias bound the conversion refuses the document; copying places would only take time.
            if (AliasBoundLocation is not null)
            {
                return;
            }

            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in frame.Keys)
            {
                if (key != MergeKey)
                {
                    taken.Add(SpecPointer.Append(SpecPointer.Root, key).Substring(1));
                }
            }

            foreach (var source in frame.MergeSources)
            {
                var prefix = source.Pointer + "/";
                var brought = new List<string>();
                for (var index = source.Start; index < source.End; index++)
                {
                    var (pointer, location) = _recorded[index];
                    if (!pointer.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var slash = pointer.IndexOf('/', prefix.Length);
                    var token = pointer.Substring(prefix.Length, (slash < 0 ? pointer.Length : slash) - prefix.Length);
                    if (!taken.Contains(token))
                    {
                        brought.Add(token);
                        Place(frame.Pointer + pointer.Substring(source.Pointer.Length), location);
                    }
                }

                taken.UnionWith(brought);
            }
        }

        /// <summary>
        /// Places what an alias copies where the anchored node writes it: a diagnostic about a member of the copy
        /// points at the text that holds it, as one about a member a merge key brings does, while the alias itself
        /// stays placed at the alias.
        /// </summary>
        private void PlaceCopy(Placed named, string pointer)
        {
            // Past the alias bound the conversion refuses the document; copying places would only take time.
            if (AliasBoundLocation is not null)
            {
                return;
            }

            var prefix = named.Pointer + "/";
            for (var index = named.Start; index < named.End; index++)
            {
                var (inside, location) = _recorded[index];
                if (inside.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Place(pointer + inside.Substring(named.Pointer.Length), location);
                }
            }
        }

        private void Place(string pointer, SourceLocation location)
        {
            _positions.Add(pointer, location);
            if (_recording > 0)
            {
                _recorded.Add((pointer, location));
            }
        }

        /// <summary>
        /// A node is complete: record its place, its size (with everything inside) for aliases to it, and add it to
        /// its parent; <paramref name="added"/> is what it adds to the document's count of nodes.
        /// </summary>
        private void Completed(string pointer, SourceLocation location, long size, long added, string? anchor, bool isRoot, Frame? frame)
        {
            Place(pointer, location);
            _nodes = Math.Min(_nodes + added, int.MaxValue);
            if (_nodes > SpecLimits.MaxNodeCount && NodeBoundLocation is null)
            {
                NodeBoundLocation = location;
            }

            if (!string.IsNullOrEmpty(anchor))
            {
                _anchored[anchor!] = frame is { Records: true }
                    ? new Placed(size, pointer, frame.IsMapping, frame.RecordStart, _recorded.Count)
                    : new Placed(size, pointer, false, 0, 0);
            }

            if (_open.Count > 0)
            {
                var parent = _open.Peek();
                parent.Size = Math.Min(parent.Size + size, int.MaxValue);
            }
            else if (isRoot)
            {
                RootLocation ??= location;
            }
        }

        private sealed class Frame
        {
            public Frame(string pointer, Mark entryStart, bool isMapping, string? anchor)
            {
                Pointer = pointer;
                EntryStart = entryStart;
                IsMapping = isMapping;
                Anchor = anchor;
            }

            public string Pointer { get; }

            public Mark EntryStart { get; }

            public bool IsMapping { get; }

            /// <summary>Whether the collection is written in brackets (<c>{...}</c>, <c>[...]</c>) rather than by indentation.</summary>
            public bool IsFlow { get; init; }

            public string? Anchor { get; }

            public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

            /// <summary>The key whose value comes next, or null when a key comes next.</summary>
            public string? Key { get; set; }

            public Mark KeyStart { get; set; }

            public int Index { get; set; }

            /// <summary>The nodes inside, aliases counted as the nodes they expand to.</summary>
            public long Size { get; set; }

            /// <summary>Whether the key that came last is a merge key, whose value comes next.</summary>
            public bool MergeNext { get; set; }

            /// <summary>For a merge key's value (or a list that is one): the mapping it brings its members into.</summary>
            public Frame? MergeInto { get; set; }

            /// <summary>The mappings that merge keys bring into this one, in order.</summary>
            public List<Placed> MergeSources => _mergeSources ??= new List<Placed>();

            private List<Placed>? _mergeSources;

            public bool HasMergeSources => _mergeSources is { Count: > 0 };

            /// <summary>Whether its places are recorded, for merge keys that name it; from <see cref="RecordStart"/> on.</summary>
            public bool Records { get; set; }

            public int RecordStart { get; set; }
        }

        /// <summary>
        /// A node merge keys and aliases can name: its size (aliases expanded), pointer, whether it is a mapping, and
        /// for a collection the run of places recorded inside it (<see cref="_recorded"/>, from start to end).
        /// </summary>
        private sealed record Placed(long Size, string Pointer, bool IsMapping, int Start, int End);
    }
}
