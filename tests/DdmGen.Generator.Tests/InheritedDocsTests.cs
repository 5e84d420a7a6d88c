using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using System.Xml.XPath;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests;

/// <summary>
/// The client's methods take the docs they share from one member each with <c>inheritdoc cref="..." path="..."</c>:
/// every such reference resolves, and what it brings in gives each public method the docs of all its parameters.
/// </summary>
public sealed class InheritedDocsTests
{
    private static readonly string[] CrefProblems = { "CS1574", "CS1580", "CS1581", "CS1584", "CS1658" };

    /// <summary>The generated code compiled again with its doc comments checked, as <c>GenerateDocumentationFile</c> does.</summary>
    internal static Compilation Documented(params SpecFile[] specs)
    {
        var result = GeneratorHarness.Run(specs);
        Assert.Empty(result.Diagnostics);
        var options = GeneratorHarness.ParseOptions().WithDocumentationMode(DocumentationMode.Diagnose);
        var trees = result.Output.SyntaxTrees.Select(tree => CSharpSyntaxTree.ParseText(tree.GetText(), options, tree.FilePath));
        return result.Output.RemoveAllSyntaxTrees().AddSyntaxTrees(trees);
    }

    /// <summary>
    /// The docs of <paramref name="symbol"/> with each <c>inheritdoc</c> replaced by what its cref and path select, the way
    /// Roslyn expands them for Quick Info (a path that starts with '/' is taken from the member element).
    /// </summary>
    private static XElement Expanded(ISymbol symbol, Compilation compilation, int depth = 0)
    {
        Assert.True(depth < 8, $"inheritdoc cycle at {symbol}");
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: true);
        Assert.False(string.IsNullOrEmpty(xml), $"{symbol} has no docs");
        var docs = XElement.Parse(xml!);
        foreach (var inheritdoc in docs.Descendants("inheritdoc").ToList())
        {
            var cref = inheritdoc.Attribute("cref")?.Value;
            var target = cref is null ? Implemented(symbol) : DocumentationCommentId.GetFirstSymbolForDeclarationId(cref, compilation);
            Assert.True(target is not null, $"{symbol}: {cref} does not resolve");
            var source = new XDocument(Expanded(target!, compilation, depth + 1));
            var path = inheritdoc.Attribute("path")?.Value ?? "/*/node()[not(self::overloads)]";
            var selected = source.XPathSelectElements(path.StartsWith('/') && inheritdoc.Attribute("path") is not null ? "/*" + path : path).ToList();
            Assert.True(selected.Count > 0, $"{symbol}: {cref} {path} selects nothing");
            inheritdoc.ReplaceWith(selected.Select(element => new XElement(element)));
        }

        return docs;
    }

    /// <summary>The interface member <paramref name="symbol"/> implements, where an <c>inheritdoc</c> without cref takes its docs.</summary>
    private static ISymbol? Implemented(ISymbol symbol) =>
        symbol.ContainingType.AllInterfaces.SelectMany(type => type.GetMembers())
            .FirstOrDefault(member => SymbolEqualityComparer.Default.Equals(symbol.ContainingType.FindImplementationForInterfaceMember(member), symbol));

    private static IEnumerable<IMethodSymbol> PublicMethods(Compilation compilation, string typeName) =>
        compilation.GetTypeByMetadataName(typeName)!.GetMembers().OfType<IMethodSymbol>()
            .Where(method => method.DeclaredAccessibility == Accessibility.Public && method.MethodKind == MethodKind.Ordinary);

    private static string Text(XElement docs, string element, string? name = null) =>
        string.Join(" ", docs.Elements(element).Where(found => name is null || (string?)found.Attribute("name") == name).Select(found => found.Value.Trim()));

    [Fact]
    public void Every_cref_in_the_client_docs_resolves()
    {
        var compilation = Documented(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));

        Assert.DoesNotContain(compilation.GetDiagnostics(), diagnostic => CrefProblems.Contains(diagnostic.Id));
    }

    [Fact]
    public void Every_public_method_of_the_client_has_the_docs_of_all_its_parameters_once_inherited()
    {
        var compilation = Documented(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));
        var methods = PublicMethods(compilation, "Ddm.Client.DdmClient").ToList();

        Assert.NotEmpty(methods);
        foreach (var method in methods)
        {
            var docs = Expanded(method, compilation);
            Assert.False(string.IsNullOrWhiteSpace(Text(docs, "summary")), $"{method}: no summary");
            Assert.False(string.IsNullOrWhiteSpace(Text(docs, "returns")), $"{method}: no returns");
            foreach (var parameter in method.Parameters)
            {
                Assert.False(string.IsNullOrWhiteSpace(Text(docs, "param", parameter.Name)), $"{method}: no docs for {parameter.Name}");
            }
        }
    }

    [Fact]
    public void A_protocol_method_documents_its_content_by_the_type_of_the_body_and_not_the_typed_body()
    {
        var compilation = Documented(SpecFile.FromOutput("Specs/ddm-v3-extended.yaml", "Ddm.Client.Extended", "DdmExtendedClient"));
        var methods = PublicMethods(compilation, "Ddm.Client.Extended.DdmExtendedClient").ToList();

        Assert.DoesNotContain(compilation.GetDiagnostics(), diagnostic => CrefProblems.Contains(diagnostic.Id));
        foreach (var method in methods)
        {
            var docs = Expanded(method, compilation);
            Assert.Equal(method.Parameters.Select(parameter => parameter.Name).OrderBy(name => name, StringComparer.Ordinal), docs.Elements("param").Select(param => (string)param.Attribute("name")!).OrderBy(name => name, StringComparer.Ordinal));
            Assert.All(method.Parameters, parameter => Assert.False(string.IsNullOrWhiteSpace(Text(docs, "param", parameter.Name)), $"{method}: no docs for {parameter.Name}"));
        }

        foreach (var protocol in methods.Where(method => method.Name.StartsWith("RestoreToNewInstance", StringComparison.Ordinal) && method.Parameters.Last().Name == "options"))
        {
            var docs = Expanded(protocol, compilation);
            var content = docs.Elements("param").Single(param => (string?)param.Attribute("name") == "content");
            Assert.Equal("T:Ddm.Client.Extended.RecoveryRequest", (string?)content.Element("see")?.Attribute("cref"));
            Assert.Contains("application/json;charset=utf8", content.Value, StringComparison.Ordinal);
            Assert.Contains(docs.Elements("exception"), exception => (string?)exception.Attribute("cref") == "T:System.ArgumentNullException" && exception.Value.Contains("is null", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_convenience_method_and_a_resuming_overload_bring_in_the_shared_texts()
    {
        var compilation = Documented(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));
        var methods = PublicMethods(compilation, "Ddm.Client.DdmClient").ToList();
        var convenience = methods.Single(method => method.Name == "ListBackupsAsync" && method.Parameters.Last().Name == "cancellationToken" && method.Parameters.Length == 3);
        var protocol = methods.Single(method => method.Name == "ListBackupsAsync" && method.Parameters.Last().Name == "options");
        var paging = methods.Single(method => method.Name == "ListBackupsAutoPagingAsync" && method.Parameters[0].Name == "offset");
        var resuming = methods.Single(method => method.Name == "ListBackupsAutoPagingAsync" && method.Parameters[0].Name == "continuationToken");

        var convenienceDocs = Expanded(convenience, compilation);
        Assert.Equal("Cancels the request, including its retries.", Text(convenienceDocs, "param", "cancellationToken"));
        // Regression: only the argument and API exceptions were listed, though a service that cannot be reached, a
        // timeout and a cancellation each throw something else, which a caller catching the API exception missed.
        Assert.Equal(Sorted(Api, Arguments, "T:System.AggregateException", "T:System.ClientModel.ClientResultException", "T:System.OperationCanceledException"), Crefs(convenienceDocs));
        var protocolDocs = Expanded(protocol, compilation);
        Assert.StartsWith("Per-call options", Text(protocolDocs, "param", "options"), StringComparison.Ordinal);
        Assert.Equal("The raw answer; its body is buffered unless the options set BufferResponse to false.", Text(protocolDocs, "returns"));
        // Regression: the protocol method took the convenience method's text, "or with a body that cannot be read", though
        // it reads no body, and nothing about NoThrow.
        Assert.Equal(Crefs(convenienceDocs), Crefs(protocolDocs));
        var apiText = protocolDocs.Elements("exception").Single(exception => (string?)exception.Attribute("cref") == Api).Value;
        Assert.StartsWith("The service answered with an error and the options do not say NoThrow", apiText, StringComparison.Ordinal);
        Assert.DoesNotContain("body that cannot be read", apiText, StringComparison.Ordinal);
        var pagingDocs = Expanded(paging, compilation);
        // Regression: a listing that fails rather than loop did not say how.
        Assert.Equal(Sorted(Crefs(convenienceDocs).Append("T:System.InvalidOperationException").ToArray()), Crefs(pagingDocs));
        var resumingDocs = Expanded(resuming, compilation);
        Assert.Equal("Cancels the request, including its retries.", Text(resumingDocs, "param", "cancellationToken"));
        Assert.Equal("The items, in the order the service returns them.", Text(resumingDocs, "returns"));
        Assert.Equal(new[] { "continuationToken", "cancellationToken" }, resumingDocs.Elements("param").Select(param => (string?)param.Attribute("name")).ToArray());
        // Regression: a resumed listing listed only the token's argument exception, though it fails as the listing does.
        Assert.Equal(Crefs(pagingDocs), Crefs(resumingDocs));
        Assert.Single(resumingDocs.Elements("exception"), exception => (string?)exception.Attribute("cref") == Arguments);
    }

    private const string Api = "T:Ddm.Client.DdmApiException";

    private const string Arguments = "T:System.ArgumentException";

    private static string[] Sorted(params string[] crefs) => crefs.OrderBy(cref => cref, StringComparer.Ordinal).ToArray();

    private static string[] Crefs(XElement docs) => Sorted(docs.Elements("exception").Select(exception => (string)exception.Attribute("cref")!).ToArray());

    [Theory]
    [InlineData("parameters: [{name: X-Language, in: header, schema: {type: string}}]", "security: []", true)]
    [InlineData("parameters: []", "security: [{token: []}]", true)]
    [InlineData("parameters: []", "security: []", false)]
    public void An_operation_lists_the_argument_exception_when_a_header_value_or_the_token_can_throw_it(string parameters, string security, bool listed)
    {
        // Regression: an operation whose arguments have no bounds left the argument exception out, though a header value
        // with a line break, or a token a header cannot carry, throws it before sending.
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: t, version: "1"}
            servers: [{url: "https://api.example.com"}]
            components:
              securitySchemes:
                token: {type: apiKey, in: header, name: X-Auth-Token}
            paths:
              /quotas:
                get:
                  operationId: showQuotas
                  {{{parameters}}}
                  {{{security}}}
                  responses: {"204": {description: done}}
            """;
        var compilation = Documented(new SpecFile("/specs/test.yaml", yaml));
        var method = PublicMethods(compilation, "Test.Api.TestClient").First(candidate => candidate.Name == "ShowQuotasAsync" && candidate.Parameters.Last().Name == "cancellationToken");

        Assert.Equal(listed, Crefs(Expanded(method, compilation)).Contains(Arguments));
    }

    [Fact]
    public void The_constructor_that_takes_an_http_client_names_it_among_the_null_arguments()
    {
        // Regression: it took the other constructor's "options is null", though a null httpClient throws as well.
        var compilation = Documented(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));
        var constructor = compilation.GetTypeByMetadataName("Ddm.Client.DdmClient")!.Constructors.Single(method => method.Parameters.Length == 2 && method.DeclaredAccessibility == Accessibility.Public);

        var docs = Expanded(constructor, compilation);

        Assert.Equal(Sorted("T:System.ArgumentException", "T:System.ArgumentNullException"), Crefs(docs));
        Assert.Contains("httpClient", docs.Elements("exception").Single(exception => (string?)exception.Attribute("cref") == "T:System.ArgumentNullException").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_enum_takes_the_docs_of_its_constructor_from_the_interface_and_of_its_conversion_from_its_constructor()
    {
        var compilation = Documented(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));
        var type = compilation.GetTypeByMetadataName("Ddm.Client.BackupStatus")!;
        var value = type.GetMembers("Value").Single();
        var conversion = type.GetMembers("op_Implicit").Cast<IMethodSymbol>().Single();
        var constructor = type.InstanceConstructors.Single(method => method.Parameters.Length == 1);

        Assert.Equal("The text of the value as the service sends it, written back unchanged; empty for default.", Text(Expanded(value, compilation), "summary"));
        var conversionDocs = Expanded(conversion, compilation);
        Assert.Equal(Expanded(constructor, compilation).ToString().Replace(constructor.GetDocumentationCommentId()!, string.Empty, StringComparison.Ordinal), conversionDocs.ToString().Replace(conversion.GetDocumentationCommentId()!, string.Empty, StringComparison.Ordinal));
        Assert.Equal("Creates a value from its text on the wire; use the static members for the listed values.", Text(conversionDocs, "summary"));
        Assert.Equal("The text of the value.", Text(conversionDocs, "param", "value"));
        Assert.Equal("T:System.ArgumentNullException", (string?)Assert.Single(conversionDocs.Elements("exception")).Attribute("cref"));
    }
}
