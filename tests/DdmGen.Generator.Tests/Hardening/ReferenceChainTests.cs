using System;
using System.Linq;
using System.Text;
using System.Threading;
using DdmGen.Generator.Reading;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A reference to a component that is itself only a reference, and so on: the OpenAPI reader follows such a chain by
/// recursion, so a long one must end in a located error, never in an internal error or a stack overflow.
/// </summary>
public sealed class ReferenceChainTests
{
    private const string Header = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\n";

    private const string ParameterUse = "paths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{$ref: \"#/components/parameters/C0\"}]\n      responses: {\"200\": {description: ok}}\n";

    private const string ParameterEnd = "{name: q, in: query, schema: {type: string}}";

    /// <summary>
    /// Each kind of component a chain can run through: the kind, the operation (or top level) that names the first
    /// link, and the component at the end of the chain.
    /// </summary>
    public static TheoryData<string, string, string> Kinds() => new()
    {
        { "parameters", ParameterUse, ParameterEnd },
        { "responses", "paths:\n  /a:\n    get:\n      operationId: a\n      responses: {\"200\": {$ref: \"#/components/responses/C0\"}}\n", "{description: ok, content: {application/json: {schema: {type: string}}}}" },
        { "requestBodies", "paths:\n  /a:\n    post:\n      operationId: a\n      requestBody: {$ref: \"#/components/requestBodies/C0\"}\n      responses: {\"200\": {description: ok}}\n", "{content: {application/json: {schema: {type: string}}}}" },
        { "schemas", "paths:\n  /a:\n    get:\n      operationId: a\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/C0\"}}}}}\n", "{type: object, properties: {a: {type: string}}}" },
        { "securitySchemes", "security: [{C0: []}]\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {\"200\": {description: ok}}\n", "{type: apiKey, in: header, name: X-Key}" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_chain_of_thousands_of_references_is_cut_with_an_error_at_a_reference_of_it(string kind, string use, string end)
    {
        // The OpenAPI reader gave up on such a chain with an InvalidOperationException: the compiler saw DDMG901
        // ("please report this") at the operation, or at the top of the file, and nothing was generated.
        var spec = Chain(kind, use, end, links: 3000);

        var result = OnSmallStack(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG901");
        var cut = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG109").ToList();
        Assert.NotEmpty(cut);
        Assert.All(cut, diagnostic => Assert.Contains("$ref", Line(spec, diagnostic.Line()), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_chain_of_as_many_references_as_the_bound_allows_is_followed(string kind, string use, string end)
    {
        // The operation's reference is the first link: then the components, each naming the next, then the end.
        var spec = Chain(kind, use, end, links: SpecLimits.MaxReferenceChain - 1);

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.NotEmpty(result.Sources);
    }

    [Fact]
    public void One_reference_more_than_the_bound_is_cut_where_the_chain_crosses_it()
    {
        var spec = Chain("parameters", ParameterUse, ParameterEnd, links: SpecLimits.MaxReferenceChain);

        var result = Healthy.Run(spec);

        // Counted from the end, the operation's own reference is the one too many.
        var diagnostic = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG109");
        Assert.Equal(Healthy.LineOf(spec, "parameters: [{$ref"), diagnostic.Line());
        Assert.Contains("#/paths/~1a/get/parameters/0", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>A spec whose <paramref name="use"/> names C0, C0 names C1 and so on, and C<paramref name="links"/> is <paramref name="end"/>.</summary>
    private static string Chain(string kind, string use, string end, int links)
    {
        var spec = new StringBuilder(Header).Append(use).Append("components:\n  ").Append(kind).Append(":\n");
        for (var index = 0; index < links; index++)
        {
            spec.Append("    C").Append(index).Append(": {$ref: \"#/components/").Append(kind).Append("/C").Append(index + 1).Append("\"}\n");
        }

        return spec.Append("    C").Append(links).Append(": ").Append(end).Append('\n').ToString();
    }

    private static string Line(string text, int line) => text.Split('\n')[line - 1];

    /// <summary>Runs the generator on a thread with a small stack, so that recursion growing with the chain fails here.</summary>
    private static GeneratorResult OnSmallStack(string spec)
    {
        GeneratorResult? result = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = GeneratorHarness.Run(new SpecFile("/specs/test.yaml", spec));
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            },
            maxStackSize: 512 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromMinutes(2)), "the generator did not finish within two minutes");
        Assert.Null(failure);
        return Healthy.Check(result!, spec);
    }
}
