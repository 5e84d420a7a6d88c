using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Where a place that Microsoft.OpenApi names stands in the tree. The reader names many places with a pointer that
/// leaves out list indices: the parent of a key it calls unknown (<c>#/servers</c> for a key of the second server,
/// <c>#/paths/~1a/get/parameters/schema</c> for one in a parameter's schema), and a member whose value it rejects
/// (<c>#/paths/~1a/get/parameters/in</c> for <c>in: nowhere</c> in the second parameter). So the pointer is followed
/// through the tree stepping into every item of each list on the way, and each object found there that holds the key
/// is one place of it: several items with the same misspelling, or the same wrong value, are each reported at their
/// own line.
/// </summary>
internal sealed class ReaderPlaces
{
    /// <summary>
    /// Per pointer as the reader writes it, and per each of its ancestors: the nodes it names. Pointers that share
    /// an ancestor (the keys of 3 000 items, each in a property of its own) follow it once, not once each.
    /// </summary>
    private readonly Dictionary<string, Places> _places = new(StringComparer.Ordinal);

    /// <summary>Per parent pointer as the reader writes it: each key held there, with the value and pointer of each of its places.</summary>
    private readonly Dictionary<string, Dictionary<string, List<(JsonNode? Node, string Pointer)>>> _keysByParent = new(StringComparer.Ordinal);

    /// <summary>Per member pointer as the reader writes it: the pointers of its places (or of the items of their lists) by the value held there.</summary>
    private readonly Dictionary<string, Dictionary<string, List<string>>> _valuesByMember = new(StringComparer.Ordinal);

    public ReaderPlaces(JsonObject root) => _places.Add(SpecPointer.Root, new Places(new List<(JsonNode? Node, string Pointer)> { (root, SpecPointer.Root) }));

    /// <summary>
    /// The pointers of <paramref name="key"/> under <paramref name="parent"/>, in document order; when the walk
    /// finds it nowhere, the pointer the reader's words make, which the position map places at its nearest ancestor.
    /// </summary>
    public IReadOnlyList<string> Find(string parent, string key) =>
        KeysAt(parent).TryGetValue(key, out var places) ? places.Select(place => place.Pointer).ToList() : new[] { SpecPointer.Append(parent, key) };

    /// <summary>
    /// The pointers of what <paramref name="member"/> names whose value is <paramref name="value"/>, in document order:
    /// each place of the member that holds it, or the item that holds it of a list held there (<c>type: [string, text]</c>).
    /// When no value is given or none holds it: the one place the member has, if it has one; otherwise the reader's own
    /// pointer, which the position map places at its nearest ancestor (the list, when several items hold the member).
    /// </summary>
    public IReadOnlyList<string> FindValue(string member, string? value)
    {
        var slash = member.LastIndexOf('/');
        if (slash < 0 || !KeysAt(member.Substring(0, slash)).TryGetValue(SpecPointer.Unescape(member.Substring(slash + 1)), out var places))
        {
            return new[] { member };
        }

        if (value is not null)
        {
            if (!_valuesByMember.TryGetValue(member, out var values))
            {
                // Indexed once per member: many items with as many different wrong values are walked once, not once per value.
                values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var (node, pointer) in places)
                {
                    if (node is JsonArray array)
                    {
                        for (var item = 0; item < array.Count; item++)
                        {
                            AddValue(values, array[item], SpecPointer.Append(pointer, item));
                        }
                    }
                    else
                    {
                        AddValue(values, node, pointer);
                    }
                }

                _valuesByMember.Add(member, values);
            }

            if (values.TryGetValue(value, out var holders))
            {
                return holders;
            }
        }

        return new[] { places.Count == 1 ? places[0].Pointer : member };
    }

    /// <summary>Indexed once per parent: a list of many items with many different misspellings is walked once, not once per key.</summary>
    private Dictionary<string, List<(JsonNode? Node, string Pointer)>> KeysAt(string parent)
    {
        if (!_keysByParent.TryGetValue(parent, out var keys))
        {
            keys = new Dictionary<string, List<(JsonNode? Node, string Pointer)>>(StringComparer.Ordinal);
            foreach (var (node, pointer) in Follow(parent).Nodes)
            {
                CollectKeys(node, pointer, keys);
            }

            _keysByParent.Add(parent, keys);
        }

        return keys;
    }

    /// <summary>
    /// A scalar as the reader writes it in a message: null as nothing, a flag as True or False, a number as in the file.
    /// A list or an object is no value it names.
    /// </summary>
    private static void AddValue(Dictionary<string, List<string>> values, JsonNode? node, string pointer)
    {
        var text = node switch
        {
            null => string.Empty,
            JsonValue scalar when scalar.TryGetValue<string>(out var written) => written,
            JsonValue scalar when scalar.TryGetValue<bool>(out var flag) => flag ? "True" : "False",
            JsonValue scalar => scalar.ToJsonString(),
            _ => null,
        };

        if (text is not null)
        {
            if (!values.TryGetValue(text, out var pointers))
            {
                values.Add(text, pointers = new List<string>());
            }

            pointers.Add(pointer);
        }
    }

    /// <summary>
    /// The nodes a pointer names, each with its full pointer, list indices included: found from the nodes of its
    /// nearest ancestor followed before, one token at a time, and kept for the pointers that follow.
    /// </summary>
    private Places Follow(string pointer)
    {
        if (_places.TryGetValue(pointer, out var places))
        {
            return places;
        }

        // The ends of the ancestors not yet followed, nearest last; the root is always known.
        var ends = new Stack<int>();
        var end = pointer.Length;
        do
        {
            ends.Push(end);
            end = end == 0 ? -1 : pointer.LastIndexOf('/', end - 1);
        }
        while (end >= 0 && !_places.TryGetValue(pointer.Substring(0, end), out places));

        if (end < 0)
        {
            // Not a pointer (it does not start with '/'): it names nothing.
            return new Places(new List<(JsonNode? Node, string Pointer)>());
        }

        while (ends.Count > 0)
        {
            var next = ends.Pop();
            places = places!.Step(SpecPointer.Unescape(pointer.Substring(end + 1, next - end - 1)));
            end = next;
            _places.Add(pointer.Substring(0, end), places);
        }

        return places!;
    }

    /// <summary>
    /// The keys of an object, or of every object in a list (at any depth of lists), with the value and pointer of each. A
    /// reference object is left out: the reader does not read the keys beside its <c>$ref</c> as fields of the list's items.
    /// </summary>
    private static void CollectKeys(JsonNode? node, string pointer, Dictionary<string, List<(JsonNode? Node, string Pointer)>> keys)
    {
        switch (node)
        {
            case JsonObject obj when !obj.ContainsKey("$ref"):
                foreach (var member in obj)
                {
                    if (!keys.TryGetValue(member.Key, out var places))
                    {
                        keys.Add(member.Key, places = new List<(JsonNode? Node, string Pointer)>());
                    }

                    places.Add((member.Value, SpecPointer.Append(pointer, member.Key)));
                }

                break;
            case JsonArray array:
                for (var item = 0; item < array.Count; item++)
                {
                    CollectKeys(array[item], SpecPointer.Append(pointer, item), keys);
                }

                break;
        }
    }

    /// <summary>The nodes one pointer names, and their children by the token that names them, indexed when first stepped through.</summary>
    private sealed class Places
    {
        private Dictionary<string, List<(JsonNode? Node, string Pointer)>>? _children;

        public Places(List<(JsonNode? Node, string Pointer)> nodes) => Nodes = nodes;

        public List<(JsonNode? Node, string Pointer)> Nodes { get; }

        /// <summary>
        /// The nodes that <paramref name="token"/> names below these: a member of an object; in a list, the item it
        /// numbers, and whatever it names in each item (at any depth of lists), since the reader may have left the index out.
        /// </summary>
        public Places Step(string token)
        {
            if (_children is null)
            {
                _children = new Dictionary<string, List<(JsonNode? Node, string Pointer)>>(StringComparer.Ordinal);
                foreach (var (node, pointer) in Nodes)
                {
                    AddChildren(node, pointer, _children);
                }
            }

            if (!_children.TryGetValue(token, out var found))
            {
                return new Places(new List<(JsonNode? Node, string Pointer)>());
            }

            if (Nodes.Count < 2)
            {
                return new Places(found);
            }

            // A list of lists among the nodes names an item of an inner list twice: once through it, once through its own node.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return new Places(found.Where(child => seen.Add(child.Pointer)).ToList());
        }

        private static void AddChildren(JsonNode? node, string pointer, Dictionary<string, List<(JsonNode? Node, string Pointer)>> children)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var member in obj)
                    {
                        Add(children, member.Key, member.Value, SpecPointer.Append(pointer, member.Key));
                    }

                    break;
                case JsonArray array:
                    for (var item = 0; item < array.Count; item++)
                    {
                        var itemPointer = SpecPointer.Append(pointer, item);
                        Add(children, item.ToString(CultureInfo.InvariantCulture), array[item], itemPointer);
                        AddChildren(array[item], itemPointer, children);
                    }

                    break;
            }
        }

        private static void Add(Dictionary<string, List<(JsonNode? Node, string Pointer)>> children, string token, JsonNode? node, string pointer)
        {
            if (!children.TryGetValue(token, out var nodes))
            {
                children.Add(token, nodes = new List<(JsonNode? Node, string Pointer)>());
            }

            nodes.Add((node, pointer));
        }
    }
}
