using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator;

/// <summary>Pipeline combinators that stay right whatever the compiler's driver is asked to track.</summary>
internal static class Pipeline
{
    /// <summary>
    /// Each value of <paramref name="values"/> paired with <paramref name="value"/>, in the order
    /// <paramref name="order"/> gives (ordinal), so that a reordering of the inputs is no change.
    /// </summary>
    /// <remarks>
    /// Not <c>values.Combine(value)</c>: a value that goes from a combine step (a file removed, a spec that generates
    /// one file fewer) leaves an empty slot in its table, and a driver that tracks its steps, the next time both
    /// inputs are cached, pairs each remaining value with the slot of the one before it: the files after the removed
    /// one are dropped or swapped. The values are collected into one, combined, and spread again, so every removal
    /// downstream is a removal at the end of a list, which each step handles. Seen with Roslyn 4.8, 4.14 and 5.9; the
    /// command-line compiler does not track steps, but tests and tools that do would otherwise get files missing,
    /// and an added file after such a run makes the driver throw.
    /// <para>
    /// The cost: the steps after the spread compare their values by position, so a value added, removed or renamed
    /// before another moves that other one place, and it is processed again as new (a value equal to the one before
    /// it at its place is cached). Spreading only the values that go on (the overload with a selector) keeps the
    /// others out of the positions: the spec files and their texts are spread alone, so an additional file that is no
    /// spec, added, removed or renamed wherever it sorts, leaves every step cached or unchanged. A spec added, removed
    /// or renamed before another still has the other's text read and parsed again.
    /// </para>
    /// </remarks>
    public static IncrementalValuesProvider<(TLeft Left, TRight Right)> CombineEach<TLeft, TRight>(this IncrementalValuesProvider<TLeft> values, IncrementalValueProvider<TRight> value, Func<TLeft, string> order) =>
        values.Collect()
            .Combine(value)
            .SelectMany((pair, _) => Spread(pair.Left, pair.Right, order));

    /// <summary>
    /// As <see cref="CombineEach{TLeft, TRight}(IncrementalValuesProvider{TLeft}, IncrementalValueProvider{TRight}, Func{TLeft, string})"/>,
    /// each pair made into what <paramref name="select"/> gives, and only the values it gives (not null) spread, so
    /// that the others take no position downstream.
    /// </summary>
    public static IncrementalValuesProvider<TResult> CombineEach<TLeft, TRight, TResult>(this IncrementalValuesProvider<TLeft> values, IncrementalValueProvider<TRight> value, Func<TLeft, string> order, Func<TLeft, TRight, TResult?> select)
        where TResult : class =>
        values.Collect()
            .Combine(value)
            .SelectMany((pair, _) => Spread(pair.Left, pair.Right, order).Select(item => select(item.Left, item.Right)).Where(item => item is not null).Select(item => item!).ToImmutableArray());

    /// <summary>As <see cref="CombineEach{TLeft, TRight}(IncrementalValuesProvider{TLeft}, IncrementalValueProvider{TRight}, Func{TLeft, string})"/>, in the order the values come.</summary>
    public static IncrementalValuesProvider<(TLeft Left, TRight Right)> CombineEach<TLeft, TRight>(this IncrementalValuesProvider<TLeft> values, IncrementalValueProvider<TRight> value) =>
        values.Collect()
            .Combine(value)
            .SelectMany(static (pair, _) => Spread(pair.Left, pair.Right, order: null));

    private static ImmutableArray<(TLeft Left, TRight Right)> Spread<TLeft, TRight>(ImmutableArray<TLeft> left, TRight right, Func<TLeft, string>? order)
    {
        IEnumerable<TLeft> items = left;
        if (order is not null)
        {
            items = items.OrderBy(order, StringComparer.Ordinal);
        }

        return items.Select(item => (item, right)).ToImmutableArray();
    }
}
