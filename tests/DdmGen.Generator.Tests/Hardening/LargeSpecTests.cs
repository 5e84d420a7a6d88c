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
    public void The_type_info_resolver_tests_one_type_per_statement_however_many_types_there_are()
    {
        // The resolver once was one conditional expression nesting a level deeper per type. At about two thousand
        // types (a spec of 1 000 operations) an in-process compile on a thread-pool thread gave up on it with CS8078
        // ("an expression is too long or complex to compile"). Statements stay flat at any size.
        var spec = SpecWithObjects(200, index => $"    Kind{index}: {{type: string, enum: [a, b]}}");
        var result = Healthy.Run(spec);
        var resolver = result.Output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("JsonTypeInfoResolver.g.cs", System.StringComparison.Ordinal));
        var methods = resolver.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(node => node.Identifier.Text.StartsWith("GetTypeInfo", System.StringComparison.Ordinal)).ToList();

        // One flat method per hundred types, each handing the rest to the next (the compiler's flow analysis of one
        // method with thousands of statements costs it more than the same statements in methods of a hundred).
        Assert.Equal(4, methods.Count);
        foreach (var method in methods)
        {
            Assert.Empty(method.DescendantNodes().OfType<ConditionalExpressionSyntax>());
            Assert.Equal(100, method.Body!.Statements.OfType<IfStatementSyntax>().Count());
            Assert.True(method.DescendantNodes().Max(node => node.Ancestors().TakeWhile(ancestor => ancestor != method).Count()) < 20);
        }

        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void The_type_info_resolver_finds_types_in_every_group_of_its_lookups()
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

            // 151 types in two methods: objects from both, the enum listed last, and a type the spec does not have.
            foreach (var name in new[] { "Thing0", "Thing99", "Thing100", "Thing149" })
            {
                var type = assembly.GetType("Test.Api." + name, throwOnError: true)!;
                Assert.Equal("{\"a\":\"x\"}", JsonSerializer.Serialize(JsonSerializer.Deserialize("{\"a\":\"x\"}", type, options), type, options));
            }

            var kind = assembly.GetType("Test.Api.Kind", throwOnError: true)!;
            Assert.Equal("\"b\"", JsonSerializer.Serialize(JsonSerializer.Deserialize("\"b\"", kind, options), kind, options));
            Assert.Null(((System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver)resolver.GetProperty("Default")!.GetValue(null)!).GetTypeInfo(typeof(System.Uri), options));
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
}
