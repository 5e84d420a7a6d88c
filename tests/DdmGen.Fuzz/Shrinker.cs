using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace DdmGen.Fuzz;

/// <summary>Shrinks a failing spec by deleting nodes (or lines, for damaged text) while the failure persists.</summary>
public static class Shrinker
{
    public static string Shrink(FuzzCase fuzzCase, Func<string, bool> stillFails, TimeSpan budget)
    {
        var watch = Stopwatch.StartNew();
        if (fuzzCase.Tree is null)
        {
            return ShrinkLines(fuzzCase.Text, stillFails, watch, budget);
        }

        var root = fuzzCase.Tree.Clone();
        var suffix = fuzzCase.Suffix;
        string Render() => (fuzzCase.Json ? root.ToJson() : root.ToYaml()) + suffix;
        if (!stillFails(Render()))
        {
            // Cloning lost something the failure needs (an alias target): keep the case as it was.
            return fuzzCase.Text;
        }

        if (suffix.Length > 0)
        {
            var kept = suffix;
            suffix = string.Empty;
            if (!stillFails(Render()))
            {
                suffix = kept;
            }
        }

        var progress = true;
        while (progress && watch.Elapsed < budget)
        {
            progress = false;
            var gone = new HashSet<SpecNode>(ReferenceEqualityComparer.Instance);
            foreach (var (node, parent) in root.Walk().Where(pair => pair.Parent is not null).ToList())
            {
                if (watch.Elapsed >= budget)
                {
                    break;
                }

                if (gone.Contains(node) || gone.Contains(parent!))
                {
                    continue;
                }

                if (TryRemove(parent!, node, Render, stillFails) || TryShorten(parent!, node, Render, stillFails))
                {
                    progress = true;
                    foreach (var (inner, _) in node.Walk())
                    {
                        gone.Add(inner);
                    }
                }
            }
        }

        return Render();
    }

    private static bool TryRemove(SpecNode parent, SpecNode node, Func<string> render, Func<string, bool> stillFails)
    {
        switch (parent)
        {
            case MapNode map:
                var index = map.Entries.FindIndex(entry => ReferenceEquals(entry.Value, node));
                var entry = map.Entries[index];
                map.Entries.RemoveAt(index);
                if (stillFails(render()))
                {
                    return true;
                }

                map.Entries.Insert(index, entry);
                return false;
            case SeqNode seq:
                var at = seq.Items.IndexOf(node);
                seq.Items.RemoveAt(at);
                if (stillFails(render()))
                {
                    return true;
                }

                seq.Items.Insert(at, node);
                return false;
            default:
                return false;
        }
    }

    /// <summary>Halves a long text while the failure persists.</summary>
    private static bool TryShorten(SpecNode parent, SpecNode node, Func<string> render, Func<string, bool> stillFails)
    {
        if (node is not ScalarNode { Value.Length: > 200 } scalar || parent is not MapNode map)
        {
            return false;
        }

        var index = map.Entries.FindIndex(entry => ReferenceEquals(entry.Value, node));
        var key = map.Entries[index].Key;
        var value = scalar.Value;
        var changed = false;
        while (value.Length > 200)
        {
            var shorter = value.Substring(0, value.Length / 2);
            map.Entries[index] = new KeyValuePair<string, SpecNode>(key, new ScalarNode(shorter, scalar.Plain));
            if (!stillFails(render()))
            {
                map.Entries[index] = new KeyValuePair<string, SpecNode>(key, new ScalarNode(value, scalar.Plain));
                break;
            }

            value = shorter;
            changed = true;
        }

        return false && changed;
    }

    private static string ShrinkLines(string text, Func<string, bool> stillFails, Stopwatch watch, TimeSpan budget)
    {
        var lines = text.Split('\n').ToList();
        var chunk = Math.Max(1, lines.Count / 2);
        while (chunk >= 1 && watch.Elapsed < budget)
        {
            var removed = false;
            for (var start = 0; start < lines.Count && watch.Elapsed < budget;)
            {
                var count = Math.Min(chunk, lines.Count - start);
                var candidate = lines.Take(start).Concat(lines.Skip(start + count)).ToList();
                if (candidate.Count > 0 && stillFails(string.Join("\n", candidate)))
                {
                    lines = candidate;
                    removed = true;
                }
                else
                {
                    start += count;
                }
            }

            if (!removed)
            {
                chunk /= 2;
            }
        }

        return string.Join("\n", lines);
    }
}
