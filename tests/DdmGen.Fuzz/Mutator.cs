using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DdmGen.Fuzz;

/// <summary>One generated case: the spec text, its file name and what was done to the seed spec.</summary>
public sealed record FuzzCase(int Index, string Seed, string FileName, string Text, IReadOnlyList<string> Mutations, SpecNode? Tree, bool Json, string Suffix = "")
{
    /// <summary>The text of a (shrunk) tree in this case's form, with the same appended text.</summary>
    public string Render(SpecNode root) => (Json ? root.ToJson() : root.ToYaml()) + Suffix;
}

/// <summary>
/// Deterministic mutations of a seed spec. The same (seed, index) always gives the same case, on every machine:
/// only <see cref="Random"/> with a fixed seed and ordinal operations are used.
/// </summary>
public static class Mutator
{
    /// <summary>Names the emitter writes itself: locals, parameters, members, record members.</summary>
    public static readonly string[] EmitterNames =
    {
        "request", "uri", "response", "page", "items", "item", "total", "offset", "limit", "cancellationToken", "options",
        "content", "body", "buffer", "error", "escaped", "hasPrevious", "reader", "writer", "reason", "sign", "text", "token",
        "value", "client", "httpClient", "Clone", "EqualityContract", "Equals", "GetHashCode", "ToString", "Deconstruct",
        "PrintMembers", "GetType", "Finalize", "MemberwiseClone", "Request", "Response", "Options", "Value", "Items",
        "Total", "Read", "Write", "Default", "Instance", "Dispose", "HttpClient", "System", "Task", "Uri", "String",
        "JsonSerializer", "CancellationToken", "Ddm", "Client", "TestClient", "ApiException", "Credential", "@class",
    };

    public static readonly string[] Keywords =
    {
        "class", "int", "namespace", "event", "string", "object", "operator", "this", "base", "void", "return", "new",
        "public", "static", "async", "await", "var", "record", "required", "init", "value", "default", "null", "true",
        "in", "out", "ref", "params", "fixed", "checked", "lock", "global", "nameof", "dynamic", "_", "__arglist",
    };

    /// <summary>Text that must stay text: line terminators of every kind followed by code, comment closers, XML.</summary>
    public static readonly string[] HostileTexts =
    {
        "x\u2028public static int Injected => 1; //",
        "x\u2029public static int Injected => 1; //",
        "x\u0085public static int Injected => 1; //",
        "x\rpublic static int Injected => 1; //",
        "x\r\n}} public static int Injected => 1; //",
        "*/ public static int Injected => 1; /*",
        "</summary><summary>",
        "a & b < c > d \" ' ",
        "\\u0022 \\\" \"\"\" {0} {{ }} $\"",
        "\t\v\f\0\u001b[31m",
        "#region x\n#endregion\n#error boom\n#pragma warning restore",
        "\ud83d\ude00 \u202e\u0645\u0631\u062d\u0628\u0627 \u00e9\u0301",
        "\ud800 lone surrogate",
        "",
        " ",
        "<![CDATA[ ]]> <!-- -->",
        "/// <see cref=\"X\"/>",
    };

    private static readonly string[] UnicodeNames = { "Größe", "名前", "naïve", "ÅngströmΩ", "x\u200by", "a\u0301", "é", "Ünïcödé_ナ", "\ud83d\ude00", "İstanbul", "ß", "ǅ" };

    private static readonly string[] NumberTexts = { "-1", "0", "1.5", "4294967295", "-2147483649", "9223372036854775808", "1e400", "-1e400", "0.0000001", "NaN", ".inf", "0x10", "1_000", "007", "true", "null", "~" };

    private static readonly string[] TypeNames = { "string", "integer", "number", "boolean", "array", "object", "null", "file", "strin", "", "Integer" };

    private static readonly string[] Formats = { "int32", "int64", "float", "double", "date-time", "date", "uuid", "byte", "binary", "uri", "decimal", "int8", "uint64", "unknown" };

    private static readonly string[] RefTargets =
    {
        "#/components/schemas/", "#/components/schemas", "#", "", "#/", "#/components/schemas/Missing", "other.yaml#/components/schemas/X",
        "#/paths", "#/components/schemas/%7B", "#/components/schemas/a~1b", "#/components/schemas/a~0b", "#/info",
        "http://example.com/schema.json", "#/components/parameters/missing", "#/components/schemas/ \u2028",
    };

    private delegate string? TreeMutation(Random random, SpecNode root);

    private static readonly (string Name, int Weight, TreeMutation Apply)[] TreeMutations =
    {
        ("delete", 6, Delete),
        ("duplicate", 3, Duplicate),
        ("retype", 6, Retype),
        ("rename-key", 8, RenameKey),
        ("rename-value", 5, RenameNameValue),
        ("emitter-name", 6, InjectEmitterName),
        ("case-collision", 4, CaseCollision),
        ("ref", 7, BreakRef),
        ("ref-loop", 5, LoopRefs),
        ("hostile-text", 7, HostileText),
        ("huge-text", 2, HugeText),
        ("deep-nesting", 2, DeepNesting),
        ("deep-schema", 2, DeepSchema),
        ("alias", 3, Alias),
        ("bounds", 4, Bounds),
        ("type-format", 4, TypeFormat),
        ("paging", 3, Paging),
    };

    // Mutations that matter to the client, and later ones. They join the table when the client is compiled, so the
    // cases of a seed without it stay what they were (tests and earlier reports name cases by seed and index).
    private static readonly (string Name, int Weight, TreeMutation Apply)[] ClientMutations =
    {
        ("deprecate", 3, Deprecate),
        ("add-query", 3, AddQuery),
        ("union", 4, Union),
        ("openapi-version", 4, Version),
    };

    private static readonly (string Name, int Weight, TreeMutation Apply)[] Mutations =
        CompileReferences.WithClient ? TreeMutations.Concat(ClientMutations).ToArray() : TreeMutations;

    /// <summary>Builds case <paramref name="index"/> of the campaign with <paramref name="seed"/>.</summary>
    public static FuzzCase Create(string seed, int index, IReadOnlyList<(string Name, string Text)> seeds)
    {
        var random = new Random(StableHash(seed + "/" + index.ToString(CultureInfo.InvariantCulture)));
        var (seedName, seedText) = seeds[random.Next(seeds.Count)];
        var root = SpecNode.Load(seedText);
        var mutations = new List<string> { "seed " + seedName };
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var (name, apply) = Pick(random);
            var described = apply(random, root);
            if (described is not null)
            {
                mutations.Add(name + ": " + described);
            }
        }

        var json = random.Next(10) < 3;
        var text = json ? root.ToJson() : root.ToYaml();
        var tree = root;
        var suffix = string.Empty;
        var textDamage = random.Next(100);
        if (textDamage < 4)
        {
            var cut = random.Next(text.Length);
            text = text.Substring(0, cut);
            mutations.Add("truncate at " + cut.ToString(CultureInfo.InvariantCulture));
            tree = null;
        }
        else if (textDamage < 8)
        {
            var at = random.Next(text.Length);
            var junk = Pick(random, new[] { "\t", "[", "{", "}", ": :", "\"", "'", "\0", "&a", "*a", "!!binary", "%YAML 1.1\n", "---\n", "\u2028", "\r", "- ", "? ", "@", "`", "\ufeff", "\ud800" });
            text = text.Insert(at, junk);
            mutations.Add("insert " + Escape(junk) + " at " + at.ToString(CultureInfo.InvariantCulture));
            tree = null;
        }
        else if (textDamage < 10 && !json)
        {
            suffix = "x-laughs:\n" + BillionLaughs(random.Next(5, 10));
            text += suffix;
            mutations.Add("billion laughs");
        }

        var fileName = "case" + index.ToString(CultureInfo.InvariantCulture) + (json ? ".json" : ".yaml");
        return new FuzzCase(index, seed, fileName, text, mutations, tree, json, suffix);
    }

    /// <summary>Nested aliases: <paramref name="levels"/> levels of ten aliases each.</summary>
    public static string BillionLaughs(int levels)
    {
        var builder = new StringBuilder();
        builder.Append("  l0: &l0 [\"lol\"]\n");
        for (var level = 1; level <= levels; level++)
        {
            builder.Append("  l").Append(level).Append(": &l").Append(level).Append(" [");
            builder.Append(string.Join(",", Enumerable.Repeat("*l" + (level - 1).ToString(CultureInfo.InvariantCulture), 10)));
            builder.Append("]\n");
        }

        return builder.ToString();
    }

    /// <summary>A flow collection nested <paramref name="depth"/> deep, valid YAML and JSON.</summary>
    public static string Nested(int depth, bool maps) =>
        maps
            ? string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth)
            : new string('[', depth) + new string(']', depth);

    public static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash & 0x7FFFFFFF;
        }
    }

    private static (string, TreeMutation) Pick(Random random)
    {
        var total = Mutations.Sum(mutation => mutation.Weight);
        var roll = random.Next(total);
        foreach (var (name, weight, apply) in Mutations)
        {
            if (roll < weight)
            {
                return (name, apply);
            }

            roll -= weight;
        }

        throw new InvalidOperationException();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static string Escape(string text, int max = 60) => FuzzText.Escape(text, max);

    // ---- helpers over the tree ----

    private static List<(MapNode Map, int Index)> MapEntries(SpecNode root, Func<string, bool>? keyFilter = null) =>
        root.Walk().Where(pair => pair.Node is MapNode).SelectMany(pair => ((MapNode)pair.Node).Entries.Select((entry, index) => ((MapNode)pair.Node, index)))
            .Where(pair => keyFilter is null || keyFilter(pair.Item1.Entries[pair.index].Key))
            .Select(pair => (pair.Item1, pair.index)).ToList();

    private static List<(SpecNode Node, SpecNode? Parent)> Nodes(SpecNode root) => root.Walk().ToList();

    private static void Replace(SpecNode parent, SpecNode old, SpecNode replacement)
    {
        switch (parent)
        {
            case MapNode map:
                var index = map.Entries.FindIndex(entry => ReferenceEquals(entry.Value, old));
                map.Entries[index] = new KeyValuePair<string, SpecNode>(map.Entries[index].Key, replacement);
                break;
            case SeqNode seq:
                seq.Items[seq.Items.FindIndex(item => ReferenceEquals(item, old))] = replacement;
                break;
        }
    }

    private static string KeyOf(SpecNode parent, SpecNode node) =>
        parent is MapNode map ? map.Entries.First(entry => ReferenceEquals(entry.Value, node)).Key : "[" + ((SeqNode)parent).Items.IndexOf(node).ToString(CultureInfo.InvariantCulture) + "]";

    private static MapNode? Schemas(SpecNode root) => (root as MapNode)?["components"] is MapNode components ? components["schemas"] as MapNode : null;

    /// <summary>Maps that look like schemas: under components/schemas, properties, items, allOf, or holding type/$ref.</summary>
    private static List<MapNode> SchemaMaps(SpecNode root) =>
        root.Walk().Select(pair => pair.Node).OfType<MapNode>().Where(map => map["type"] is not null || map["$ref"] is not null || map["properties"] is not null || map["allOf"] is not null).ToList();

    private static List<MapNode> Operations(SpecNode root)
    {
        var result = new List<MapNode>();
        if ((root as MapNode)?["paths"] is MapNode paths)
        {
            foreach (var (_, item) in paths.Entries)
            {
                if (item is MapNode pathItem)
                {
                    result.AddRange(pathItem.Entries.Where(entry => entry.Key is "get" or "put" or "post" or "delete" or "patch" or "head" or "options").Select(entry => entry.Value).OfType<MapNode>());
                }
            }
        }

        return result;
    }

    private static string NewName(Random random, IReadOnlyList<string> siblings)
    {
        switch (random.Next(9))
        {
            case 0: return Pick(random, Keywords);
            case 1: return random.Next(10).ToString(CultureInfo.InvariantCulture) + Pick(random, new[] { "abc", "", "_x", "Foo", "-1" });
            case 2: return Pick(random, new[] { string.Empty, " ", "-", "_", "__", "$", ".", "a.b", "a b", "a/b", "{id}", "a-b", "A_B", "_1" });
            case 3: return Pick(random, UnicodeNames);
            case 4 when siblings.Count > 0:
                var other = Pick(random, siblings);
                return random.Next(3) switch { 0 => other.ToUpperInvariant(), 1 => other.ToLowerInvariant(), _ => other.Replace("_", " ", StringComparison.Ordinal) + " " };
            case 5: return Pick(random, EmitterNames);
            case 6: return new string('a', Pick(random, new[] { 300, 1000, 1100, 5000 })) + random.Next(10).ToString(CultureInfo.InvariantCulture);
            case 7: return Pick(random, HostileTexts);
            default: return Pick(random, EmitterNames) + Pick(random, new[] { "", "_", "2", "s" });
        }
    }

    // ---- tree mutations: each returns a short description, or null when nothing applied ----

    private static string? Delete(Random random, SpecNode root)
    {
        var nodes = Nodes(root).Where(pair => pair.Parent is not null).ToList();
        if (nodes.Count == 0)
        {
            return null;
        }

        var (node, parent) = Pick(random, nodes);
        var key = KeyOf(parent!, node);
        if (parent is MapNode map)
        {
            map.Entries.RemoveAll(entry => ReferenceEquals(entry.Value, node));
        }
        else
        {
            ((SeqNode)parent!).Items.Remove(node);
        }

        return key;
    }

    private static string? Duplicate(Random random, SpecNode root)
    {
        var nodes = Nodes(root).Where(pair => pair.Parent is not null).ToList();
        var (node, parent) = Pick(random, nodes);
        var key = KeyOf(parent!, node);
        if (parent is SeqNode seq)
        {
            seq.Items.Insert(seq.Items.IndexOf(node), node.Clone());
            return "item " + key;
        }

        var map = (MapNode)parent!;
        var targets = Nodes(root).Select(pair => pair.Node).OfType<MapNode>().ToList();
        var target = random.Next(2) == 0 ? map : Pick(random, targets);
        var newKey = random.Next(3) switch { 0 => key, 1 => key.ToUpperInvariant(), _ => key + "2" };
        target.Entries.Add(new KeyValuePair<string, SpecNode>(newKey, node.Clone()));
        return key + " as " + Escape(newKey);
    }

    private static string? Retype(Random random, SpecNode root)
    {
        var nodes = Nodes(root).Where(pair => pair.Parent is not null).ToList();
        var (node, parent) = Pick(random, nodes);
        SpecNode replacement = random.Next(7) switch
        {
            0 => ScalarNode.Literal("null"),
            1 => ScalarNode.Literal(Pick(random, NumberTexts)),
            2 => ScalarNode.Text(Pick(random, new[] { "one", "", "x", "[]", "{}" })),
            3 => new MapNode(),
            4 => new SeqNode(new[] { node.Clone() }),
            5 => node is MapNode map ? new SeqNode(map.Entries.Select(entry => entry.Value.Clone())) : new MapNode(("x", node.Clone())),
            _ => ScalarNode.Literal(Pick(random, new[] { "true", "false", "-1" })),
        };
        Replace(parent!, node, replacement);
        return KeyOf(parent!, replacement) + " -> " + Escape(Describe(replacement));
    }

    private static string Describe(SpecNode node) => node switch
    {
        ScalarNode scalar => scalar.Value,
        MapNode map => "{" + map.Entries.Count.ToString(CultureInfo.InvariantCulture) + "}",
        SeqNode seq => "[" + seq.Items.Count.ToString(CultureInfo.InvariantCulture) + "]",
        _ => node.GetType().Name,
    };

    private static string? RenameKey(Random random, SpecNode root)
    {
        // Prefer keys that become C# names: schemas, properties, path names.
        var entries = MapEntries(root);
        var named = root.Walk().Select(pair => pair.Node).OfType<MapNode>()
            .SelectMany(map => new[] { map["properties"], (map["components"] as MapNode)?["schemas"], map["schemas"], map["parameters"], map["responses"] })
            .OfType<MapNode>().SelectMany(map => map.Entries.Select((_, index) => (map, index))).ToList();
        var (target, at) = named.Count > 0 && random.Next(4) > 0 ? Pick(random, named) : Pick(random, entries);
        var old = target.Entries[at].Key;
        var name = NewName(random, target.Entries.Select(entry => entry.Key).ToList());
        target.Entries[at] = new KeyValuePair<string, SpecNode>(name, target.Entries[at].Value);
        var consistent = random.Next(2) == 0;
        if (consistent)
        {
            // Keep $refs pointing at a renamed component.
            foreach (var map in root.Walk().Select(pair => pair.Node).OfType<MapNode>())
            {
                var index = map.Entries.FindIndex(entry => entry.Key == "$ref" && entry.Value is ScalarNode scalar && scalar.Value.EndsWith("/" + old, StringComparison.Ordinal));
                if (index >= 0)
                {
                    var value = ((ScalarNode)map.Entries[index].Value).Value;
                    map.Entries[index] = new KeyValuePair<string, SpecNode>("$ref", ScalarNode.Text(value.Substring(0, value.Length - old.Length) + name));
                }
            }
        }

        return Escape(old) + " -> " + Escape(name) + (consistent ? " (refs kept)" : string.Empty);
    }

    private static string? RenameNameValue(Random random, SpecNode root)
    {
        var entries = MapEntries(root, key => key is "name" or "operationId" or "title" or "in" or "x-enum-varnames" or "enum" or "required" or "discriminator" or "propertyName");
        if (entries.Count == 0)
        {
            return null;
        }

        var (map, index) = Pick(random, entries);
        var key = map.Entries[index].Key;
        SpecNode value = map.Entries[index].Value is SeqNode seq
            ? new SeqNode(seq.Items.Select(item => (SpecNode)ScalarNode.Text(NewName(random, Array.Empty<string>()))))
            : ScalarNode.Text(NewName(random, Array.Empty<string>()));
        map.Entries[index] = new KeyValuePair<string, SpecNode>(key, value);
        return key + " = " + Escape(Describe(value is SeqNode s ? s.Items.FirstOrDefault() ?? value : value));
    }

    private static string? InjectEmitterName(Random random, SpecNode root)
    {
        var name = random.Next(4) == 0 ? NewName(random, Array.Empty<string>()) : Pick(random, EmitterNames);
        var operations = Operations(root);
        if (operations.Count > 0 && random.Next(2) == 0)
        {
            var operation = Pick(random, operations);
            if (operation["parameters"] is not SeqNode parameters)
            {
                parameters = new SeqNode(Array.Empty<SpecNode>());
                operation.Set("parameters", parameters);
            }

            var location = Pick(random, new[] { "query", "query", "header", "path", "cookie" });
            var schema = Pick(random, new[] { "string", "integer", "boolean", "array" });
            var parameter = new MapNode(("name", ScalarNode.Text(name)), ("in", ScalarNode.Text(location)), ("required", ScalarNode.Literal(random.Next(2) == 0 ? "true" : "false")),
                ("schema", schema == "array" ? new MapNode(("type", ScalarNode.Text("array")), ("items", new MapNode(("type", ScalarNode.Text("integer"))))) : new MapNode(("type", ScalarNode.Text(schema)))));
            parameters.Items.Add(parameter);
            return "parameter " + Escape(name) + " in " + location;
        }

        var schemas = SchemaMaps(root).Where(map => map["properties"] is MapNode).ToList();
        if (schemas.Count > 0 && random.Next(3) > 0)
        {
            var properties = (MapNode)Pick(random, schemas)["properties"]!;
            properties.Entries.Add(new KeyValuePair<string, SpecNode>(name, new MapNode(("type", ScalarNode.Text(Pick(random, new[] { "string", "integer", "object" }))))));
            return "property " + Escape(name);
        }

        if (Schemas(root) is { } components)
        {
            var pascal = name.Length > 0 ? char.ToUpperInvariant(name[0]) + name.Substring(1) : name;
            var idProperty = new MapNode(("id", new MapNode(("type", ScalarNode.Text("string")))));
            components.Entries.Add(new KeyValuePair<string, SpecNode>(pascal, new MapNode(("type", ScalarNode.Text("object")), ("properties", idProperty))));
            return "schema " + Escape(pascal);
        }

        return null;
    }

    private static string? CaseCollision(Random random, SpecNode root)
    {
        var candidates = root.Walk().Select(pair => pair.Node).OfType<MapNode>()
            .SelectMany(map => new[] { map["properties"], (map["components"] as MapNode)?["schemas"], map["paths"] }).OfType<MapNode>().Where(map => map.Entries.Count > 0).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var map = Pick(random, candidates);
        var (key, value) = Pick(random, map.Entries);
        var variant = random.Next(5) switch
        {
            0 => key.ToLowerInvariant(),
            1 => key.ToUpperInvariant(),
            2 => key.Length > 1 ? key.Substring(0, 1) + " " + key.Substring(1) : key + " ",
            3 => key.Replace("_", string.Empty, StringComparison.Ordinal) + "_",
            _ => char.IsUpper(key.FirstOrDefault()) ? char.ToLowerInvariant(key[0]) + key.Substring(1) : key.Length > 0 ? char.ToUpperInvariant(key[0]) + key.Substring(1) : "A",
        };
        if (variant == key)
        {
            variant = key + "_";
        }

        map.Entries.Add(new KeyValuePair<string, SpecNode>(variant, value.Clone()));
        return Escape(key) + " and " + Escape(variant);
    }

    private static string? BreakRef(Random random, SpecNode root)
    {
        var schemas = SchemaMaps(root);
        var refs = MapEntries(root, key => key == "$ref");
        var componentNames = Schemas(root)?.Entries.Select(entry => entry.Key).ToList() ?? new List<string>();
        string target;
        switch (random.Next(5))
        {
            case 0:
                target = Pick(random, RefTargets);
                break;
            case 1 when componentNames.Count > 0:
                var name = Pick(random, componentNames);
                var properties = (Schemas(root)![name] as MapNode)?["properties"] as MapNode;
                target = "#/components/schemas/" + name + "/properties" + (properties is { Entries.Count: > 0 } ? "/" + Pick(random, properties.Entries).Key : string.Empty);
                break;
            case 2 when componentNames.Count > 0:
                target = "#/components/schemas/" + Pick(random, componentNames).ToLowerInvariant();
                break;
            case 3 when componentNames.Count > 0:
                target = "#/components/schemas/" + Pick(random, componentNames) + Pick(random, new[] { "/type", "/allOf/0", "/items", "/", "/properties/" });
                break;
            default:
                target = "#/paths/" + Pick(random, new[] { "~1", "", "x" });
                break;
        }

        if (refs.Count > 0 && random.Next(2) == 0)
        {
            var (map, index) = Pick(random, refs);
            map.Entries[index] = new KeyValuePair<string, SpecNode>("$ref", ScalarNode.Text(target));
            return "ref -> " + Escape(target);
        }

        if (schemas.Count == 0)
        {
            return null;
        }

        var schema = Pick(random, schemas);
        if (random.Next(2) == 0)
        {
            schema.Entries.Clear();
        }

        schema.Set("$ref", ScalarNode.Text(target));
        return "schema ref -> " + Escape(target);
    }

    private static string? LoopRefs(Random random, SpecNode root)
    {
        var components = Schemas(root);
        if (components is null || components.Entries.Count == 0)
        {
            return null;
        }

        var a = Pick(random, components.Entries).Key;
        var b = Pick(random, components.Entries).Key;
        var kind = random.Next(5);
        SpecNode Link(string to) => kind switch
        {
            0 => new MapNode(("$ref", ScalarNode.Text("#/components/schemas/" + to))),
            1 => new MapNode(("allOf", new SeqNode(new SpecNode[] { new MapNode(("$ref", ScalarNode.Text("#/components/schemas/" + to))) }))),
            2 => new MapNode(("type", ScalarNode.Text("object")), ("properties", new MapNode(("next", new MapNode(("$ref", ScalarNode.Text("#/components/schemas/" + to))))))),
            3 => new MapNode(("type", ScalarNode.Text("array")), ("items", new MapNode(("$ref", ScalarNode.Text("#/components/schemas/" + to))))),
            _ => new MapNode(("allOf", new SeqNode(new SpecNode[] { new MapNode(("$ref", ScalarNode.Text("#/components/schemas/" + to))), new MapNode(("type", ScalarNode.Text("object"))) }))),
        };
        var kindName = new[] { "ref", "allOf", "property", "items", "allOf+object" }[kind];
        components.Set(a, Link(b));
        if (a != b)
        {
            components.Set(b, Link(a));
        }

        return kindName + " " + Escape(a) + " <-> " + Escape(b);
    }

    private static string? HostileText(Random random, SpecNode root)
    {
        var text = Pick(random, HostileTexts);
        var keys = new[] { "description", "title", "summary", "example", "default", "enum", "x-enum-descriptions", "x-enum-varnames", "pattern", "format", "version", "operationId", "name" };
        var entries = MapEntries(root, key => keys.Contains(key));
        if (entries.Count > 0 && random.Next(4) > 0)
        {
            var (map, index) = Pick(random, entries);
            var key = map.Entries[index].Key;
            SpecNode value = map.Entries[index].Value is SeqNode seq && seq.Items.Count > 0
                ? new SeqNode(seq.Items.Select((item, i) => (SpecNode)ScalarNode.Text(i == 0 ? text : ((item as ScalarNode)?.Value ?? "v") + "2")))
                : ScalarNode.Text(text);
            map.Entries[index] = new KeyValuePair<string, SpecNode>(key, value);
            return key + " = " + Escape(text);
        }

        var schemas = SchemaMaps(root);
        if (schemas.Count == 0)
        {
            return null;
        }

        var schema = Pick(random, schemas);
        var field = Pick(random, new[] { "description", "title", "enum", "x-enum-descriptions", "example", "default" });
        schema.Set(field, field is "enum" or "x-enum-descriptions" ? new SeqNode(new SpecNode[] { ScalarNode.Text(text), ScalarNode.Text("b") }) : ScalarNode.Text(text));
        if (field == "enum")
        {
            schema.Set("type", ScalarNode.Text("string"));
        }

        return "added " + field + " = " + Escape(text);
    }

    private static string? HugeText(Random random, SpecNode root)
    {
        var entries = MapEntries(root, key => key is "description" or "title" or "summary" or "operationId" or "name" or "enum");
        var length = Pick(random, new[] { 10_000, 100_000, 1_000_000 });
        var unit = Pick(random, new[] { "a", "ab cd ", "\u2028", "*/", "\r\n", "é", "<>" });
        var text = new StringBuilder().Insert(0, unit, length / unit.Length).ToString();
        if (entries.Count == 0)
        {
            return null;
        }

        var (map, index) = Pick(random, entries);
        map.Entries[index] = new KeyValuePair<string, SpecNode>(map.Entries[index].Key, ScalarNode.Text(text));
        return map.Entries[index].Key + " = " + length.ToString(CultureInfo.InvariantCulture) + " x " + Escape(unit);
    }

    private static string? DeepNesting(Random random, SpecNode root)
    {
        var nodes = Nodes(root).Where(pair => pair.Parent is not null).ToList();
        var (node, parent) = Pick(random, nodes);
        var depth = Pick(random, new[] { 60, 200, 1000, 5000, 100_000 });
        var maps = random.Next(2) == 0;
        var key = KeyOf(parent!, node);
        Replace(parent!, node, new RawNode(Nested(depth, maps)));
        return key + " nested " + depth.ToString(CultureInfo.InvariantCulture) + (maps ? " maps" : " arrays");
    }

    private static string? DeepSchema(Random random, SpecNode root)
    {
        var components = Schemas(root);
        if (components is null)
        {
            return null;
        }

        var depth = Pick(random, new[] { 20, 64, 150, 400 });
        var viaItems = random.Next(2) == 0;
        SpecNode schema = new MapNode(("type", ScalarNode.Text("string")));
        for (var i = 0; i < depth; i++)
        {
            schema = viaItems
                ? new MapNode(("type", ScalarNode.Text("array")), ("items", schema))
                : new MapNode(("type", ScalarNode.Text("object")), ("properties", new MapNode(("p" + i.ToString(CultureInfo.InvariantCulture), schema))));
        }

        components.Set("Deep", schema);
        return depth.ToString(CultureInfo.InvariantCulture) + (viaItems ? " arrays" : " objects");
    }

    private static string? Alias(Random random, SpecNode root)
    {
        var nodes = Nodes(root).Where(pair => pair.Parent is not null && pair.Node is not AliasNode && pair.Node is not RawNode).ToList();
        if (nodes.Count < 2)
        {
            return null;
        }

        var targetIndex = random.Next(nodes.Count - 1);
        var target = nodes[targetIndex].Node;
        var inside = new HashSet<SpecNode>(target.Walk().Select(pair => pair.Node), ReferenceEqualityComparer.Instance);
        var later = nodes.Skip(targetIndex + 1).Where(pair => !inside.Contains(pair.Node) && !inside.Contains(pair.Parent!)).ToList();
        if (later.Count == 0)
        {
            return null;
        }

        var (node, parent) = Pick(random, later);
        var key = KeyOf(parent!, node);
        target.Anchor ??= "a" + targetIndex.ToString(CultureInfo.InvariantCulture);
        Replace(parent!, node, new AliasNode(target.Anchor, target));
        return key + " = *" + target.Anchor;
    }

    /// <summary>
    /// Wraps a schema in a oneOf or anyOf: with a part that only allows null (in either order, or as 3.0's
    /// <c>nullable</c> beside one alternative), which is the alternative's type, or with a second alternative, which is not.
    /// </summary>
    private static string? Union(Random random, SpecNode root)
    {
        var schemas = Nodes(root).Where(pair => pair.Parent is not null && pair.Node is MapNode map && (map["type"] is not null || map["$ref"] is not null || map["properties"] is not null || map["allOf"] is not null)).ToList();
        if (schemas.Count == 0)
        {
            return null;
        }

        var objects = schemas.Where(pair => pair.Node is MapNode map && map["properties"] is MapNode { Entries.Count: > 0 }).ToList();
        var rule = objects.Count > 0 && random.Next(4) == 0;
        var (node, parent) = Pick(random, rule ? objects : schemas);
        var keyword = random.Next(2) == 0 ? "oneOf" : "anyOf";
        if (rule && node is MapNode { } withProperties && withProperties["properties"] is MapNode properties)
        {
            // A rule between members: "give one or the other".
            var names = properties.Entries.Select(entry => entry.Key).ToList();
            withProperties.Set(keyword, new SeqNode(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => (SpecNode)new MapNode(("required", new SeqNode(new SpecNode[] { ScalarNode.Text(random.Next(5) == 0 ? "missing" : Pick(random, names)) }))))));
            return KeyOf(parent!, node) + " + " + keyword + " of required";
        }

        var nullPart = new MapNode(("type", ScalarNode.Text("null")));
        var kind = random.Next(5);
        var parts = kind switch
        {
            0 => new SpecNode[] { node, nullPart },
            1 => new SpecNode[] { nullPart, node },
            2 or 3 => new SpecNode[] { node },
            _ => new SpecNode[] { node, node.Clone(), nullPart },
        };
        var union = new MapNode((keyword, new SeqNode(parts)));
        if (kind == 2)
        {
            union.Set("nullable", ScalarNode.Literal("true"));
        }

        if (random.Next(3) == 0)
        {
            union.Set("description", ScalarNode.Text(Pick(random, HostileTexts)));
        }

        Replace(parent!, node, union);
        return KeyOf(parent!, union) + " -> " + keyword + " " + new[] { "[it, null]", "[null, it]", "[it] nullable", "[it]", "[it, it, null]" }[kind];
    }

    /// <summary>
    /// Gives the spec another OpenAPI version (the seeds are all 3.0), and for 3.1 and later writes some
    /// <c>nullable: true</c> as 3.1 does, <c>type: [T, 'null']</c>, so the readers of both versions meet every spec.
    /// </summary>
    private static string? Version(Random random, SpecNode root)
    {
        if (root is not MapNode map)
        {
            return null;
        }

        var version = Pick(random, new[] { "3.1.0", "3.1.1", "3.2.0", "3.0.4", "3.1", "3.9.9", "4.0.0" });
        map.Set("openapi", ScalarNode.Text(version));
        var rewritten = 0;
        if (version.StartsWith("3.1", StringComparison.Ordinal) || version == "3.2.0")
        {
            foreach (var schema in root.Walk().Select(pair => pair.Node).OfType<MapNode>().Where(node => node["nullable"] is ScalarNode { Value: "true" } && node["type"] is ScalarNode).ToList())
            {
                if (random.Next(3) > 0)
                {
                    var index = schema.Entries.FindIndex(entry => entry.Key == "nullable");
                    schema.Entries.RemoveAt(index);
                    schema.Set("type", new SeqNode(new SpecNode[] { schema["type"]!.Clone(), ScalarNode.Text("null") }));
                    rewritten++;
                }
            }
        }

        return version + (rewritten > 0 ? ", " + rewritten.ToString(CultureInfo.InvariantCulture) + " nullable as type lists" : string.Empty);
    }

    private static string? Bounds(Random random, SpecNode root)
    {
        var schemas = SchemaMaps(root).Where(map => map["type"] is ScalarNode { Value: "integer" or "number" or "string" or "array" }).ToList();
        if (schemas.Count == 0)
        {
            return null;
        }

        var schema = Pick(random, schemas);
        var key = Pick(random, new[] { "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "maxLength", "minLength", "maxItems", "minItems", "multipleOf" });
        var value = Pick(random, NumberTexts.Concat(new[] { "one", "2147483648", "-9223372036854775809", "3.4e39", "1.5" }).ToArray());
        schema.Set(key, value == "one" ? ScalarNode.Text(value) : ScalarNode.Literal(value));
        if (random.Next(2) == 0)
        {
            schema.Set("format", ScalarNode.Text(Pick(random, Formats)));
        }

        return key + " = " + value;
    }

    private static string? TypeFormat(Random random, SpecNode root)
    {
        var schemas = SchemaMaps(root);
        if (schemas.Count == 0)
        {
            return null;
        }

        var schema = Pick(random, schemas);
        var type = Pick(random, TypeNames);
        SpecNode typeNode = random.Next(5) == 0 ? new SeqNode(new SpecNode[] { ScalarNode.Text(type), ScalarNode.Text("null") }) : ScalarNode.Text(type);
        schema.Set("type", typeNode);
        var described = "type " + type;
        if (random.Next(2) == 0)
        {
            var format = Pick(random, Formats);
            schema.Set("format", ScalarNode.Text(format));
            described += " format " + format;
        }

        if (random.Next(3) == 0)
        {
            schema.Set("nullable", ScalarNode.Literal("true"));
            described += " nullable";
        }

        return described;
    }

    private static string? Deprecate(Random random, SpecNode root)
    {
        // Deprecation reaches the output as [Obsolete], which every other generated file that names the member must bear.
        var targets = random.Next(2) == 0 ? Operations(root) : SchemaMaps(root);
        if (targets.Count == 0)
        {
            return null;
        }

        var target = Pick(random, targets);
        target.Set("deprecated", ScalarNode.Literal("true"));
        return target["operationId"] is ScalarNode { Value: var id } ? "operation " + Escape(id) : "schema";
    }

    private static string? AddQuery(Random random, SpecNode root)
    {
        // An optional argument of any type beside the spec's own: it goes into the URI and, in a listing, into every
        // continuation token.
        var operations = Operations(root);
        var paged = operations.Where(operation => operation.Entries.Any(entry => entry.Key.EndsWith("pagination", StringComparison.Ordinal))).ToList();
        if (operations.Count == 0)
        {
            return null;
        }

        var operation = Pick(random, paged.Count > 0 && random.Next(2) == 0 ? paged : operations);
        if (operation["parameters"] is not SeqNode parameters)
        {
            parameters = new SeqNode(Array.Empty<SpecNode>());
            operation.Set("parameters", parameters);
        }

        var name = random.Next(3) == 0 ? Pick(random, EmitterNames) : "filter";
        var schema = Pick(random, new SpecNode[]
        {
            new MapNode(("type", ScalarNode.Text("string"))),
            new MapNode(("type", ScalarNode.Text("string")), ("format", ScalarNode.Text("date-time"))),
            new MapNode(("type", ScalarNode.Text("integer")), ("format", ScalarNode.Text("int64"))),
            new MapNode(("type", ScalarNode.Text("boolean"))),
            new MapNode(("type", ScalarNode.Text("number"))),
            new MapNode(("type", ScalarNode.Text("array")), ("items", new MapNode(("type", ScalarNode.Text("string"))))),
            new MapNode(("type", ScalarNode.Text("string")), ("enum", new SeqNode(new SpecNode[] { ScalarNode.Text("a"), ScalarNode.Text("b") }))),
        });
        var parameter = new MapNode(("name", ScalarNode.Text(name)), ("in", ScalarNode.Text("query")), ("schema", schema));
        if (random.Next(4) == 0)
        {
            parameter.Set("required", ScalarNode.Literal("true"));
        }

        parameters.Items.Add(parameter);
        return "query " + Escape(name) + " " + Describe(schema);
    }

    private static string? Paging(Random random, SpecNode root)
    {
        // Tamper with what makes an operation paged: offset/limit parameters and the item list.
        var operations = Operations(root).Where(operation => operation["parameters"] is SeqNode).ToList();
        if (operations.Count == 0)
        {
            return null;
        }

        var operation = Pick(random, operations);
        var parameters = (SeqNode)operation["parameters"]!;
        switch (random.Next(3))
        {
            case 0:
                foreach (var parameter in parameters.Items.OfType<MapNode>().Where(p => p["name"] is ScalarNode { Value: "offset" or "limit" }))
                {
                    parameter.Set("required", ScalarNode.Literal("true"));
                }

                return "offset and limit required";
            case 1:
                parameters.Items.Add(new MapNode(("name", ScalarNode.Text("offset")), ("in", ScalarNode.Text("query")), ("required", ScalarNode.Literal("true")), ("schema", new MapNode(("type", ScalarNode.Text("integer"))))));
                parameters.Items.Add(new MapNode(("name", ScalarNode.Text("limit")), ("in", ScalarNode.Text("query")), ("schema", new MapNode(("type", ScalarNode.Text(Pick(random, new[] { "integer", "string", "number" })))))));
                return "offset and limit added";
            default:
                var responses = SchemaMaps(operation).Where(map => map["type"] is ScalarNode { Value: "array" }).ToList();
                if (responses.Count == 0)
                {
                    return null;
                }

                var items = Pick(random, new SpecNode[]
                {
                    new MapNode(("type", ScalarNode.Text("integer"))),
                    new MapNode(("type", ScalarNode.Text("string")), ("enum", new SeqNode(new SpecNode[] { ScalarNode.Text("a"), ScalarNode.Text("b") }))),
                    new MapNode(),
                    new MapNode(("type", ScalarNode.Text("boolean"))),
                    new MapNode(("type", ScalarNode.Text("array")), ("items", new MapNode(("type", ScalarNode.Text("string"))))),
                });
                Pick(random, responses).Set("items", items);
                return "paged items " + Describe(items);
        }
    }
}
