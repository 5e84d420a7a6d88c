using System;
using System.Collections.Generic;
using System.Linq;

namespace DdmGen.Generator.Model;

/// <summary>A path parameter's value that, with the others of an overlap, makes another operation's path.</summary>
/// <param name="WireName">The parameter's name in the spec.</param>
/// <param name="Segment">The other operation's literal segment at its place, as a server reads it (decoded).</param>
internal sealed record PathOverlapValue(string WireName, string Segment);

/// <summary>
/// Values of an operation's path parameters that make the path of another operation of the spec: <c>GET
/// /backups/{backup_id}</c> with backup_id "recovery" is the path of <c>POST /backups/recovery</c>, which the service
/// answers instead (or, for another method, refuses), so the client refuses them before anything is sent.
/// </summary>
/// <param name="OperationId">The operation whose values these are.</param>
/// <param name="Reached">The operation whose path they make.</param>
/// <param name="ReachedRequest">Its method and path template, as the error message names it.</param>
/// <param name="Values">Each parameter that makes a segment of its own where the other path has a literal one; all of them together.</param>
internal sealed record PathOverlap(string OperationId, string Reached, string ReachedRequest, EquatableArray<PathOverlapValue> Values);

/// <summary>Finds the <see cref="PathOverlap"/>s of a client's operations when the spec is read, once.</summary>
internal static class PathOverlaps
{
    /// <summary>
    /// The most other paths one operation's values may make for the client to check them: a check each, and a spec's
    /// templates can make every path of each other, so that the checks grow with the square of the operations. A real
    /// API has a few.
    /// </summary>
    public const int MaxPerOperation = 64;

    /// <summary>The operations, each with its <see cref="OperationModel.Overlaps"/>.</summary>
    /// <remarks>
    /// For every operation, each other operation (any method) whose template has the same number of segments, the same
    /// literal segments where both have one, and a literal segment at least once where this one has a parameter that
    /// makes the segment on its own: the values that would make that path. Only templates of the same length are
    /// compared, and of those only the ones that can match a literal segment of the operation's, so a spec without
    /// such pairs (most, and the large generated ones) costs about a pass over its templates.
    /// </remarks>
    /// <param name="operations">The client's operations.</param>
    /// <param name="tooMany">
    /// Told the index of each operation whose values make more than <see cref="MaxPerOperation"/> other paths, and how
    /// many: it gets no check at all, as a part of them would refuse some values that make another path and not others.
    /// </param>
    public static EquatableArray<OperationModel> Attach(IReadOnlyList<OperationModel> operations, Action<int, int> tooMany)
    {
        var result = operations.ToArray();
        var templates = operations.Select(operation => Segments(operation.PathTemplate)).ToArray();
        foreach (var group in Enumerable.Range(0, operations.Count).GroupBy(index => templates[index].Length))
        {
            var members = group.ToArray();
            if (members.Length < 2)
            {
                continue;
            }

            // Where each literal segment stands (ignoring case, as they are compared) and which templates have none at a
            // place: an operation is compared only with the templates that can match its most telling literal segment.
            var length = templates[members[0]].Length;
            var byLiteral = new Dictionary<string, List<int>>[length];
            var open = new List<int>[length];
            for (var place = 0; place < length; place++)
            {
                byLiteral[place] = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
                open[place] = new List<int>();
            }

            foreach (var member in members)
            {
                for (var place = 0; place < length; place++)
                {
                    if (templates[member][place].Literal is not { } literal)
                    {
                        open[place].Add(member);
                    }
                    else if (byLiteral[place].TryGetValue(literal, out var list))
                    {
                        list.Add(member);
                    }
                    else
                    {
                        byLiteral[place].Add(literal, new List<int> { member });
                    }
                }
            }

            foreach (var index in members)
            {
                // Only a parameter that is a segment of its own makes another template's literal segment.
                if (!templates[index].Any(segment => segment.Parameter is not null))
                {
                    continue;
                }

                var found = Candidates(templates[index], members, byLiteral, open)
                    .Where(other => other != index)
                    .Select(other => Overlap(operations[index], templates[index], operations[other], templates[other]))
                    .OfType<PathOverlap>()
                    .ToList();
                if (found.Count > MaxPerOperation)
                {
                    tooMany(index, found.Count);
                }
                else if (found.Count > 0)
                {
                    result[index] = operations[index] with { Overlaps = new EquatableArray<PathOverlap>(found) };
                }
            }
        }

        return new EquatableArray<OperationModel>(result);
    }

    /// <summary>
    /// The templates that may match <paramref name="segments"/>, in order: at the literal segment that the fewest
    /// others can match, those with the same literal there and those with none; every member when it has no literal.
    /// </summary>
    private static IEnumerable<int> Candidates(Segment[] segments, int[] members, Dictionary<string, List<int>>[] byLiteral, List<int>[] open)
    {
        var (same, others, fewest) = ((IReadOnlyList<int>?)null, (IReadOnlyList<int>?)null, int.MaxValue);
        for (var place = 0; place < segments.Length; place++)
        {
            if (segments[place].Literal is { } literal)
            {
                IReadOnlyList<int> matching = byLiteral[place].TryGetValue(literal, out var list) ? list : Array.Empty<int>();
                if (matching.Count + open[place].Count < fewest)
                {
                    (same, others, fewest) = (matching, open[place], matching.Count + open[place].Count);
                }
            }
        }

        if (same is null || others is null)
        {
            return members;
        }

        return Merge(same, others);

        // Both lists are in the members' order, the spec's: merged, so the overlaps keep it.
        static IEnumerable<int> Merge(IReadOnlyList<int> first, IReadOnlyList<int> second)
        {
            var (i, j) = (0, 0);
            while (i < first.Count || j < second.Count)
            {
                yield return j >= second.Count || (i < first.Count && first[i] < second[j]) ? first[i++] : second[j++];
            }
        }
    }

    private static PathOverlap? Overlap(OperationModel operation, Segment[] segments, OperationModel other, Segment[] otherSegments)
    {
        List<PathOverlapValue>? values = null;
        for (var index = 0; index < segments.Length; index++)
        {
            var (mine, theirs) = (segments[index], otherSegments[index]);
            if (mine.Literal is { } literal)
            {
                // A server may compare literals ignoring case (ASP.NET Core does): then they still reach the same place.
                if (theirs.Literal is { } otherLiteral && !string.Equals(literal, otherLiteral, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                // A literal the other's text around a parameter cannot make ("summary" for "{date}.csv") parts them too.
                if (theirs.Parts is { } parts && !Matches(literal, parts))
                {
                    return null;
                }
            }
            else if (mine.Parts is { } parts && theirs.Parts is { } otherParts && !MayMeet(parts, otherParts))
            {
                // Two segments of text around parameters whose texts differ at their start or end never meet.
                return null;
            }
            else if (theirs.Literal is { } otherLiteral)
            {
                // Part of a segment ({name}.json) would have to match a literal in part: not followed, so no overlap is claimed.
                if (mine.Parameter is not { } wireName || !HasText(operation, wireName))
                {
                    return null;
                }

                (values ??= new List<PathOverlapValue>()).Add(new PathOverlapValue(wireName, otherLiteral));
            }
        }

        return values is null
            ? null
            : new PathOverlap(operation.OperationId, other.OperationId, other.HttpMethod.ToUpperInvariant() + " " + other.PathTemplate, new EquatableArray<PathOverlapValue>(values));
    }

    /// <summary>Whether the parameter's value is text the client can compare (a string, an enum, a list of one of them); a number is not followed.</summary>
    private static bool HasText(OperationModel operation, string wireName) =>
        operation.Parameters.FirstOrDefault(parameter => parameter.Location == ParameterLocation.Path && parameter.WireName == wireName) is { } parameter
        && (parameter.Type.Kind is TypeKind.String or TypeKind.Enum
            || (parameter.Type.Kind == TypeKind.Array && parameter.Type.Element!.Kind is TypeKind.String or TypeKind.Enum));

    /// <summary>
    /// One segment of a template: a literal (decoded, as a server compares it), a parameter on its own, or text and
    /// parameters, whose <see cref="Parts"/> are the texts (decoded) before, between and after the parameters.
    /// </summary>
    private readonly record struct Segment(string? Literal, string? Parameter, string[]? Parts = null);

    private static Segment[] Segments(string template) =>
        template.Trim('/').Split('/').Select(text =>
        {
            var open = text.IndexOf('{');
            if (open < 0)
            {
                return new Segment(Decode(text), null);
            }

            return open == 0 && text.IndexOf('}') == text.Length - 1 && text.IndexOf('{', 1) < 0
                ? new Segment(null, text.Substring(1, text.Length - 2))
                : new Segment(null, null, Parts(text));
        }).ToArray();

    /// <summary>The texts of a segment around its parameters: "{date}.csv" is "" and ".csv", one more than the parameters.</summary>
    private static string[] Parts(string text)
    {
        var parts = new List<string>();
        var start = 0;
        for (var open = text.IndexOf('{'); open >= 0; open = text.IndexOf('{', start))
        {
            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                break;
            }

            parts.Add(Decode(text.Substring(start, open - start)));
            start = close + 1;
        }

        parts.Add(Decode(text.Substring(start)));
        return parts.ToArray();
    }

    /// <summary>
    /// Whether a literal segment is one that text around parameters makes, each parameter standing for at least one
    /// character (as a server routes); ignoring case, as literals are compared. The earliest place of each inner text
    /// leaves the most room for the rest, so one pass decides.
    /// </summary>
    private static bool Matches(string literal, string[] parts)
    {
        var (first, last) = (parts[0], parts[parts.Length - 1]);
        if (!literal.StartsWith(first, StringComparison.OrdinalIgnoreCase) || !literal.EndsWith(last, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var end = literal.Length - last.Length;
        var position = first.Length;
        for (var index = 1; index < parts.Length - 1; index++)
        {
            var found = position + 1 > end ? -1 : literal.IndexOf(parts[index], position + 1, end - position - 1, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[index].Length;
        }

        return end - position >= 1;
    }

    /// <summary>Whether two segments of text around parameters may be the same text: one's start begins the other's, and one's end ends the other's.</summary>
    private static bool MayMeet(string[] parts, string[] otherParts)
    {
        static bool Prefix(string a, string b) => a.StartsWith(b, StringComparison.OrdinalIgnoreCase) || b.StartsWith(a, StringComparison.OrdinalIgnoreCase);
        static bool Suffix(string a, string b) => a.EndsWith(b, StringComparison.OrdinalIgnoreCase) || b.EndsWith(a, StringComparison.OrdinalIgnoreCase);
        return Prefix(parts[0], otherParts[0]) && Suffix(parts[parts.Length - 1], otherParts[otherParts.Length - 1]);
    }

    /// <summary>The literal as a server reads it: %XX triplets decoded (the client sends the rest escaped, which decodes to itself).</summary>
    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
