using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Where a key that Microsoft.OpenApi calls unknown stands in the tree. The reader names the key's parent with a
/// pointer that leaves out list indices (<c>#/servers</c> for a key of the second server,
/// <c>#/paths/~1a/get/parameters/schema</c> for one in a parameter's schema), so the parent is followed through
/// the tree stepping into every item of each list on the way, and each object found there that holds the key is
/// one place of it: several items with the same misspelling are each reported at their own line.
/// </summary>
internal sealed class UnknownKeyPlaces
{
    private readonly JsonObject _root;

    /// <summary>Per parent pointer as the reader writes it: each key held there, with the pointers of its places.</summary>
    private readonly Dictionary<string, Dictionary<string, List<string>>> _keysByParent = new(StringComparer.Ordinal);

    public UnknownKeyPlaces(JsonObject root) => _root = root;

    /// <summary>
    /// The pointers of <paramref name="key"/> under <paramref name="parent"/>, in document order; when the walk
    /// finds it nowhere, the pointer the reader's words make, which the position map places at its nearest ancestor.
    /// </summary>
    public IReadOnlyList<string> Find(string parent, string key)
    {
        if (!_keysByParent.TryGetValue(parent, out var keys))
        {
            // Indexed once per parent: a list of many items with many different misspellings is walked once, not once per key.
            keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (node, pointer) in Follow(parent))
            {
                CollectKeys(node, pointer, keys);
            }

            _keysByParent.Add(parent, keys);
        }

        return keys.TryGetValue(key, out var places) ? places : new[] { SpecPointer.Append(parent, key) };
    }

    /// <summary>The nodes the parent pointer names, each with its full pointer, list indices included.</summary>
    private List<(JsonNode? Node, string Pointer)> Follow(string parent)
    {
        var places = new List<(JsonNode? Node, string Pointer)> { (_root, SpecPointer.Root) };
        foreach (var token in SpecPointer.Tokens(parent))
        {
            var next = new List<(JsonNode? Node, string Pointer)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (node, pointer) in places)
            {
                Step(node, pointer, token, next, seen);
            }

            places = next;
        }

        return places;
    }

    /// <summary>
    /// The children that <paramref name="token"/> names below a node: a member of an object; in a list, the item
    /// it numbers, and whatever it names in each item, since the reader may have left the index out.
    /// </summary>
    private static void Step(JsonNode? node, string pointer, string token, List<(JsonNode? Node, string Pointer)> next, HashSet<string> seen)
    {
        switch (node)
        {
            case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                Add(child, SpecPointer.Append(pointer, token), next, seen);
                break;
            case JsonArray array:
                if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count)
                {
                    Add(array[index], SpecPointer.Append(pointer, index), next, seen);
                }

                for (var item = 0; item < array.Count; item++)
                {
                    Step(array[item], SpecPointer.Append(pointer, item), token, next, seen);
                }

                break;
        }
    }

    private static void Add(JsonNode? node, string pointer, List<(JsonNode? Node, string Pointer)> next, HashSet<string> seen)
    {
        if (seen.Add(pointer))
        {
            next.Add((node, pointer));
        }
    }

    /// <summary>
    /// The keys of an object, or of every object in a list (at any depth of lists), with the pointer of each. A reference
    /// object is left out: the reader does not read the keys beside its <c>$ref</c> as fields of the list's items.
    /// </summary>
    private static void CollectKeys(JsonNode? node, string pointer, Dictionary<string, List<string>> keys)
    {
        switch (node)
        {
            case JsonObject obj when !obj.ContainsKey("$ref"):
                foreach (var member in obj)
                {
                    if (!keys.TryGetValue(member.Key, out var places))
                    {
                        keys.Add(member.Key, places = new List<string>());
                    }

                    places.Add(SpecPointer.Append(pointer, member.Key));
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
}
