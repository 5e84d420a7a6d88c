using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DdmGen.Fuzz;

/// <summary>
/// A spec as a small mutable tree (maps keep their key order), written back as YAML or JSON. Mutations work on
/// this tree; text-level damage (truncation, stray characters) is applied to the written text afterwards.
/// </summary>
public abstract class SpecNode
{
    /// <summary>YAML anchor written on this node (<c>&amp;name</c>), used to build aliases.</summary>
    public string? Anchor { get; set; }

    public abstract SpecNode Clone();

    /// <summary>Reads a YAML (or JSON) document; aliases become copies of their anchored node.</summary>
    public static SpecNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return From(stream.Documents[0].RootNode, 0);
    }

    private static SpecNode From(YamlNode node, int depth)
    {
        if (depth > 200)
        {
            throw new InvalidDataException("seed spec nested too deep");
        }

        return node switch
        {
            YamlMappingNode map => new MapNode(map.Children.Select(pair => new KeyValuePair<string, SpecNode>(((YamlScalarNode)pair.Key).Value ?? string.Empty, From(pair.Value, depth + 1)))),
            YamlSequenceNode sequence => new SeqNode(sequence.Children.Select(child => From(child, depth + 1))),
            YamlScalarNode scalar => new ScalarNode(scalar.Value ?? string.Empty, scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any),
            _ => new ScalarNode(string.Empty, true),
        };
    }

    /// <summary>Every node with its parent, depth first, the root first (parent null).</summary>
    public IEnumerable<(SpecNode Node, SpecNode? Parent)> Walk()
    {
        var stack = new Stack<(SpecNode, SpecNode?)>();
        stack.Push((this, null));
        while (stack.Count > 0)
        {
            var (node, parent) = stack.Pop();
            yield return (node, parent);
            foreach (var child in node.Children().Reverse())
            {
                stack.Push((child, node));
            }
        }
    }

    public virtual IEnumerable<SpecNode> Children() => Array.Empty<SpecNode>();

    public string ToYaml()
    {
        var builder = new StringBuilder();
        WriteYaml(builder, 0, inline: false);
        builder.Append('\n');
        return builder.ToString().TrimStart('\n');
    }

    public string ToJson()
    {
        var builder = new StringBuilder();
        WriteJson(builder, 0);
        builder.Append('\n');
        return builder.ToString();
    }

    internal abstract void WriteYaml(StringBuilder builder, int indent, bool inline);

    internal abstract void WriteJson(StringBuilder builder, int indent);

    protected string AnchorPrefix() => Anchor is null ? string.Empty : "&" + Anchor + " ";

    /// <summary>A double-quoted string valid in JSON and YAML; only what must be escaped is, the rest stays raw.</summary>
    internal static string Quote(string value, bool yaml)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                // YAML reads U+0085, U+2028 and U+2029 inside quotes as line breaks (folded); escape them so they
                // reach the reader as the characters themselves. JSON keeps them raw.
                case '\u0085' when yaml: builder.Append("\\N"); break;
                case '\u2028' when yaml: builder.Append("\\L"); break;
                case '\u2029' when yaml: builder.Append("\\P"); break;
                default:
                    if (c < 0x20 || c == 0x7F || (yaml && (c is >= '\u0080' and < '\u00A0' || c is '\uFEFF' || char.IsSurrogate(c) && false)))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}

public sealed class MapNode : SpecNode
{
    public MapNode(IEnumerable<KeyValuePair<string, SpecNode>> entries) => Entries = entries.ToList();

    public MapNode(params (string Key, SpecNode Value)[] entries) => Entries = entries.Select(entry => new KeyValuePair<string, SpecNode>(entry.Key, entry.Value)).ToList();

    public List<KeyValuePair<string, SpecNode>> Entries { get; }

    public SpecNode? this[string key] => Entries.FirstOrDefault(entry => entry.Key == key).Value;

    public void Set(string key, SpecNode value)
    {
        var index = Entries.FindIndex(entry => entry.Key == key);
        if (index >= 0)
        {
            Entries[index] = new KeyValuePair<string, SpecNode>(key, value);
        }
        else
        {
            Entries.Add(new KeyValuePair<string, SpecNode>(key, value));
        }
    }

    public override SpecNode Clone() => new MapNode(Entries.Select(entry => new KeyValuePair<string, SpecNode>(entry.Key, entry.Value.Clone())));

    public override IEnumerable<SpecNode> Children() => Entries.Select(entry => entry.Value);

    internal override void WriteYaml(StringBuilder builder, int indent, bool inline)
    {
        if (Entries.Count == 0)
        {
            builder.Append(AnchorPrefix()).Append("{}");
            return;
        }

        var first = true;
        if (Anchor is not null)
        {
            builder.Append(AnchorPrefix());
            inline = false;
        }

        foreach (var (key, value) in Entries)
        {
            if (!first || !inline)
            {
                builder.Append('\n').Append(' ', indent);
            }

            first = false;
            builder.Append(ScalarNode.YamlText(key, plain: true)).Append(':');
            value.WriteYamlValue(builder, indent + 2);
        }
    }

    internal override void WriteJson(StringBuilder builder, int indent)
    {
        if (Entries.Count == 0)
        {
            builder.Append("{}");
            return;
        }

        builder.Append('{');
        for (var i = 0; i < Entries.Count; i++)
        {
            builder.Append(i == 0 ? "\n" : ",\n").Append(' ', indent + 2).Append(Quote(Entries[i].Key, yaml: false)).Append(": ");
            Entries[i].Value.WriteJson(builder, indent + 2);
        }

        builder.Append('\n').Append(' ', indent).Append('}');
    }
}

public sealed class SeqNode : SpecNode
{
    public SeqNode(IEnumerable<SpecNode> items) => Items = items.ToList();

    public List<SpecNode> Items { get; }

    public override SpecNode Clone() => new SeqNode(Items.Select(item => item.Clone()));

    public override IEnumerable<SpecNode> Children() => Items;

    internal override void WriteYaml(StringBuilder builder, int indent, bool inline)
    {
        if (Items.Count == 0)
        {
            builder.Append(AnchorPrefix()).Append("[]");
            return;
        }

        builder.Append(AnchorPrefix());
        foreach (var item in Items)
        {
            builder.Append('\n').Append(' ', indent).Append("- ");
            if (item is MapNode { Entries.Count: > 0, Anchor: null } map)
            {
                map.WriteYaml(builder, indent + 2, inline: true);
            }
            else if (item is SeqNode { Items.Count: > 0 } or MapNode { Entries.Count: > 0 })
            {
                item.WriteYaml(builder, indent + 2, inline: false);
            }
            else
            {
                item.WriteYaml(builder, indent + 2, inline: true);
            }
        }
    }

    internal override void WriteJson(StringBuilder builder, int indent)
    {
        if (Items.Count == 0)
        {
            builder.Append("[]");
            return;
        }

        builder.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            builder.Append(i == 0 ? "\n" : ",\n").Append(' ', indent + 2);
            Items[i].WriteJson(builder, indent + 2);
        }

        builder.Append('\n').Append(' ', indent).Append(']');
    }
}

public sealed class ScalarNode : SpecNode
{
    private static readonly Regex PlainSafe = new("^[A-Za-z0-9_/.$#{}()-][A-Za-z0-9 _/.$#{}(),+-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex JsonLiteral = new(@"^(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)$", RegexOptions.CultureInvariant);

    public ScalarNode(string value, bool plain)
    {
        Value = value;
        Plain = plain;
    }

    public string Value { get; }

    /// <summary>Written without quotes where that keeps the text (so numbers, booleans and null keep their type).</summary>
    public bool Plain { get; }

    public static ScalarNode Text(string value) => new(value, plain: false);

    public static ScalarNode Literal(string value) => new(value, plain: true);

    public override SpecNode Clone() => new ScalarNode(Value, Plain);

    internal static string YamlText(string value, bool plain) =>
        plain && PlainSafe.IsMatch(value) && !value.EndsWith(' ') && !value.StartsWith('#') && !value.Contains(" #", StringComparison.Ordinal) && (value[0] is not ('{' or '[' or '-') || value.Length > 1 && value[0] == '-' && char.IsDigit(value[1]))
            ? value
            : Quote(value, yaml: true);

    internal override void WriteYaml(StringBuilder builder, int indent, bool inline) =>
        builder.Append(AnchorPrefix()).Append(YamlText(Value, Plain));

    internal override void WriteJson(StringBuilder builder, int indent) =>
        builder.Append(Plain && (JsonLiteral.IsMatch(Value) || Value == "~" || Value.Length == 0) ? (Value is "~" or "" ? "null" : Value) : Quote(Value, yaml: false));
}

/// <summary>Text written as is in both forms (flow collections valid in YAML and JSON, e.g. deep nesting).</summary>
public sealed class RawNode : SpecNode
{
    public RawNode(string text) => Text = text;

    public string Text { get; }

    public override SpecNode Clone() => new RawNode(Text);

    internal override void WriteYaml(StringBuilder builder, int indent, bool inline) => builder.Append(AnchorPrefix()).Append(Text);

    internal override void WriteJson(StringBuilder builder, int indent) => builder.Append(Text);
}

/// <summary>A YAML alias (<c>*name</c>); in JSON it is written as a copy of its target.</summary>
public sealed class AliasNode : SpecNode
{
    public AliasNode(string name, SpecNode target)
    {
        Name = name;
        Target = target;
    }

    public string Name { get; }

    public SpecNode Target { get; }

    public override SpecNode Clone() => new AliasNode(Name, Target);

    internal override void WriteYaml(StringBuilder builder, int indent, bool inline) => builder.Append('*').Append(Name);

    /// <summary>The most characters a JSON form may reach by copying alias targets (nested aliases grow it exponentially).</summary>
    private const int MaxJsonLength = 32 * 1024 * 1024;

    /// <summary>The alias targets being copied on this thread, to find an alias inside its own target.</summary>
    [ThreadStatic]
    private static HashSet<SpecNode>? s_expanding;

    /// <remarks>
    /// A tree whose aliases copy too much, or an alias inside its own target (a later mutation can move one there),
    /// has no JSON form: this throws <see cref="InvalidOperationException"/>, which callers count as a fault of the
    /// mutator, instead of running out of memory or stack.
    /// </remarks>
    internal override void WriteJson(StringBuilder builder, int indent)
    {
        if (builder.Length > MaxJsonLength)
        {
            throw new InvalidOperationException("the aliases of this tree copy more than " + MaxJsonLength + " characters into its JSON form");
        }

        var expanding = s_expanding ??= new HashSet<SpecNode>(ReferenceEqualityComparer.Instance);
        if (!expanding.Add(Target))
        {
            throw new InvalidOperationException("alias *" + Name + " is inside its own target: the tree has no JSON form");
        }

        var anchor = Target.Anchor;
        Target.Anchor = null;
        try
        {
            Target.WriteJson(builder, indent);
        }
        finally
        {
            Target.Anchor = anchor;
            expanding.Remove(Target);
        }
    }
}

internal static class NodeWriting
{
    /// <summary>Writes the value after <c>key:</c> in block style.</summary>
    public static void WriteYamlValue(this SpecNode value, StringBuilder builder, int indent)
    {
        switch (value)
        {
            case MapNode { Entries.Count: > 0 } or SeqNode { Items.Count: > 0 }:
                if (value.Anchor is not null)
                {
                    builder.Append(' ');
                }

                value.WriteYaml(builder, indent, inline: false);
                break;
            default:
                builder.Append(' ');
                value.WriteYaml(builder, indent, inline: true);
                break;
        }
    }
}
