using System.Linq;
using System.Text;
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
        var spec = new StringBuilder("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:

            """);
        for (var index = 0; index < 200; index++)
        {
            spec.Append("    Thing").Append(index).AppendLine(": {type: object, properties: {a: {type: string}}}");
            spec.Append("    Kind").Append(index).AppendLine(": {type: string, enum: [a, b]}");
        }

        var result = Healthy.Run(spec.ToString());
        var resolver = result.Output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("JsonTypeInfoResolver.g.cs", System.StringComparison.Ordinal));
        var method = resolver.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(node => node.Identifier.Text == "GetTypeInfo");

        Assert.Empty(method.DescendantNodes().OfType<ConditionalExpressionSyntax>());
        Assert.Equal(400, method.Body!.Statements.OfType<IfStatementSyntax>().Count());
        Assert.True(method.DescendantNodes().Max(node => node.Ancestors().TakeWhile(ancestor => ancestor != method).Count()) < 20);
    }
}
