using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>Generated code whose shape does not depend on the size of the spec: nothing nests once per type.</summary>
public sealed class LargeSpecTests
{
    [Fact]
    public void The_type_info_resolver_is_the_same_code_however_many_types_there_are()
    {
        // The resolver once tested each type in a statement of its own: 3 000 lines for a spec of 1 000 operations,
        // and as many comparisons for the last type. Each type now names its converter in its attribute, so the
        // resolver does not list them: its text does not depend on the spec's types at all.
        var one = Resolver(Healthy.Run(SpecWithObjects(1, index => null)));
        var many = Resolver(Healthy.Run(SpecWithObjects(200, index => $"    Kind{index}: {{type: string, enum: [a, b]}}")));
        Assert.Equal(one, many);
        Assert.DoesNotContain("Thing0", many, System.StringComparison.Ordinal);

        static string Resolver(DdmGen.Generator.Tests.Infrastructure.GeneratorResult result)
        {
            Assert.Empty(result.CompilationProblems);
            return result.Output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("JsonTypeInfoResolver.g.cs", System.StringComparison.Ordinal)).ToString();
        }
    }

    [Fact]
    public void The_type_info_resolver_finds_every_type_of_the_spec_and_no_other()
    {
        var spec = SpecWithObjects(150, index => null) + "    Kind: {type: string, enum: [a, b]}\n";
        var result = Healthy.Run(spec);
        Assert.Empty(result.CompilationProblems);
        using var image = new MemoryStream();
        Assert.True(result.Output.Emit(image).Success);
        image.Position = 0;
        var context = new AssemblyLoadContext("large spec", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var resolver = assembly.GetType("Test.Api.TestJsonTypeInfoResolver", throwOnError: true)!;
            var options = (JsonSerializerOptions)resolver.GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

            // 151 types: objects from first to last, an enum, and types the spec does not have.
            foreach (var name in new[] { "Thing0", "Thing99", "Thing100", "Thing149" })
            {
                var type = assembly.GetType("Test.Api." + name, throwOnError: true)!;
                Assert.Equal("{\"a\":\"x\"}", JsonSerializer.Serialize(JsonSerializer.Deserialize("{\"a\":\"x\"}", type, options), type, options));
            }

            var kind = assembly.GetType("Test.Api.Kind", throwOnError: true)!;
            Assert.Equal("\"b\"", JsonSerializer.Serialize(JsonSerializer.Deserialize("\"b\"", kind, options), kind, options));
            var lookup = (System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver)resolver.GetProperty("Default")!.GetValue(null)!;
            Assert.Null(lookup.GetTypeInfo(typeof(System.Uri), options));
            Assert.Null(lookup.GetTypeInfo(typeof(System.Nullable<>).MakeGenericType(kind), options));
            Assert.Null(lookup.GetTypeInfo(typeof(System.Collections.Generic.List<>).MakeGenericType(assembly.GetType("Test.Api.Thing0", throwOnError: true)!), options));

            // A type whose attribute names a converter of System.Text.Json's own is not a generated type.
            Assert.Null(lookup.GetTypeInfo(typeof(WithOtherConverter), options));
            Assert.Equal(kind, lookup.GetTypeInfo(kind, options)!.Type);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>A spec of <paramref name="count"/> object schemas <c>Thing0</c>, ..., each followed by what <paramref name="more"/> adds for its index.</summary>
    private static string SpecWithObjects(int count, System.Func<int, string?> more)
    {
        var spec = new StringBuilder("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:

            """);
        for (var index = 0; index < count; index++)
        {
            spec.Append("    Thing").Append(index).AppendLine(": {type: object, properties: {a: {type: string}}}");
            if (more(index) is { } line)
            {
                spec.AppendLine(line);
            }
        }

        return spec.ToString();
    }

    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
    private enum WithOtherConverter
    {
        None,
    }
}
