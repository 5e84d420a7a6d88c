using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Infrastructure;

/// <summary>Checks on the values the generator's steps cache between runs.</summary>
internal static class StepValues
{
    private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(AdditionalText), typeof(Location), typeof(Diagnostic) };

    /// <summary>
    /// Walks every value the named steps output and fails on a compiler object (or an OpenAPI object model) held in
    /// one: the cache would keep it, and with it a whole compilation, alive from one run to the next.
    /// </summary>
    /// <returns>How many objects the walk saw.</returns>
    public static int AssertHoldNoCompilerObjects(GeneratorRunResult result, IEnumerable<string> steps)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var step in steps)
        {
            if (!result.TrackedSteps.TryGetValue(step, out var runs))
            {
                continue;
            }

            foreach (var output in runs.SelectMany(run => run.Outputs))
            {
                Walk(output.Value, visited, step);
            }
        }

        return visited.Count;
    }

    private static void Walk(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        if (!value.GetType().IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value.GetType().IsValueType)
        {
            visited.Add(value);
        }

        var type = value.GetType();
        Assert.False(Forbidden.Any(bad => bad.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
        Assert.False(type.Namespace?.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) == true, $"{path} holds a {type.FullName}");
        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                Walk(item, visited, $"{path}[{index++}]");
            }

            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), visited, $"{path}.{field.Name}");
        }
    }
}
