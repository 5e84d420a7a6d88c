using System;
using System.Linq;
using System.Text.RegularExpressions;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>
/// The client's docs say each thing once: the spec's text of an operation on its convenience method, the other
/// methods of the operation by reference, and what all operations share on the client type.
/// </summary>
public sealed class ClientDocsTests
{
    private static string DdmClient()
    {
        var result = GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));
        Assert.Empty(result.Diagnostics);
        return result.Source("Ddm.Client.DdmClient.g.cs");
    }

    /// <summary>How often <paramref name="part"/> occurs, doc comments read as running text (their lines are wrapped).</summary>
    private static int Count(string text, string part) => Regex.Count(Regex.Replace(text, @"\s*\n\s*///\s?", " "), Regex.Escape(part));

    [Theory]
    [InlineData("Querying Backups.")]
    [InlineData("This API is used to query backups.")]
    [InlineData("Querying the Restoration Time Range.")]
    [InlineData("This API is used to query the restoration time range of an instance.")]
    [InlineData("Normal response.")]
    public void The_spec_text_of_an_operation_is_written_once(string text)
    {
        var client = DdmClient();

        // "Normal response." is the answer of both operations: once each.
        Assert.Equal(text == "Normal response." ? 2 : 1, Count(client, text));
    }

    [Fact]
    public void A_parameter_description_is_written_once_per_operation_that_has_it()
    {
        var client = DdmClient();

        // Once with the spec's text on each one-page method, once on each listing with what the pager does with it.
        Assert.Equal(4, Count(client, "<param name=\"offset\">"));
        Assert.Equal(2, Count(client, "<param name=\"offset\">The offset of the first item to list. Allowed: at least 0. Null starts at 0.</param>"));
        Assert.Equal(4, Count(client, "<param name=\"limit\">"));
        Assert.Equal(2, Count(client, "<param name=\"limit\">The page size to ask for. Allowed: 1 to 128. Null asks for 128, the most the spec allows.</param>"));
        Assert.Equal(1, Count(client, "<param name=\"instanceId\">"));
    }

    [Fact]
    public void How_paging_and_protocol_methods_work_is_written_once_on_the_client()
    {
        var client = DdmClient();
        var remarks = client.Substring(0, client.IndexOf("public partial class DdmClient", StringComparison.Ordinal));

        Assert.Equal(1, Count(client, "requested only when the caller has consumed the previous one"));
        Assert.Equal(1, Count(remarks, "requested only when the caller has consumed the previous one"));
        Assert.Equal(1, Count(client, "fails rather than"));
        Assert.Equal(1, Count(client, "and return the answer as it came"));
        Assert.Equal(2, Count(client, "(how a listing stops and resumes: see <see cref=\"DdmClient\"/>).</summary>"));
    }

    [Fact]
    public void What_a_listing_returns_and_how_it_fails_while_enumerating_is_written_once_in_the_support()
    {
        var result = GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));
        var client = result.Source("Ddm.Client.DdmClient.g.cs");
        var support = result.Source("Ddm.Client.DdmClientSupport.g.cs");

        // Each listing takes both from the shared member its auto-paging method calls, rather than repeating them.
        Assert.Equal(0, Count(client, "While enumerating:"));
        Assert.Equal(0, Count(client, "in the order the service returns them"));
        Assert.Equal(1, Count(support, "While enumerating:"));
        Assert.Equal(1, Count(support, "<returns>The items, in the order the service returns them.</returns>"));
        Assert.Equal(2, Count(client, "<inheritdoc cref=\"global::Ddm.Client.DdmClientSupport.AutoPagingAsync\" path=\"/*[self::returns or self::exception]\"/>"));
    }

    [Theory]
    [InlineData("delete", "'204': {description: ok}", "each ends when its answer has come.")]
    [InlineData("get", "'200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}", "a convenience method that returns a value ends it when the answer is read, a protocol method when the answer has come.")]
    public void The_client_remarks_say_when_an_activity_ends_only_for_the_methods_the_client_has(string method, string response, string ends)
    {
        // A client without listings, or without a value to read, has no call whose activity lasts until it is read.
        var spec = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /items/{id}:
                {{{method}}}:
                  operationId: itemCall
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses: { {{{response}}} }
            """;
        var result = GeneratorHarness.Run(new SpecFile("/specs/items.yaml", spec));
        Assert.Empty(result.CompilationProblems);
        var client = result.Source("Test.Api.TestClient.g.cs");
        var remarks = client.Substring(0, client.IndexOf("public partial class TestClient", StringComparison.Ordinal));

        Assert.Equal(0, Count(remarks, "a listing"));
        Assert.Equal(1, Count(remarks, ends));
    }

    [Fact]
    public void Protocol_and_auto_paging_methods_take_parameter_and_exception_docs_from_the_convenience_method()
    {
        var client = DdmClient();
        var inherited = client.Split('\n')
            .Where(line => line.Contains("self::exception", StringComparison.Ordinal) && line.Contains("inheritdoc cref=\"List", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .ToList();

        Assert.Equal(
            new[]
            {
                // The protocol method, which has request options instead of a cancellation token and says for itself when it
                // throws the API exception (for an error answer, never for a body it does not read); then auto-paging, which
                // writes its own offset and page size docs; then resuming, which takes the listing's exceptions but the
                // argument one (the token's own takes its place).
                "/// <inheritdoc cref=\"ListBackupsAsync(int?, int?, global::System.Threading.CancellationToken)\" path=\"/*[self::param[@name!='cancellationToken'] or self::exception[@cref!='T:Ddm.Client.DdmApiException']]\"/>",
                "/// <inheritdoc cref=\"ListBackupsAsync(int?, int?, global::System.Threading.CancellationToken)\" path=\"/*[self::param[@name!='offset' and @name!='limit'] or self::exception]\"/>",
                "/// <inheritdoc cref=\"ListBackupsAutoPagingAsync(int?, int?, global::System.Threading.CancellationToken)\" path=\"/*[self::param[@name='cancellationToken'] or self::returns or self::exception[@cref!='T:System.ArgumentException']]\"/>",
                "/// <inheritdoc cref=\"ListRestorableTimeIntervalsAsync(string, int?, int?, global::System.Threading.CancellationToken)\" path=\"/*[self::param[@name!='cancellationToken'] or self::exception[@cref!='T:Ddm.Client.DdmApiException']]\"/>",
                "/// <inheritdoc cref=\"ListRestorableTimeIntervalsAsync(string, int?, int?, global::System.Threading.CancellationToken)\" path=\"/*[self::param[@name!='offset' and @name!='limit'] or self::exception]\"/>",
                "/// <inheritdoc cref=\"ListRestorableTimeIntervalsAutoPagingAsync(string, int?, int?, global::System.Threading.CancellationToken)\" path=\"/*[self::param[@name='cancellationToken'] or self::returns or self::exception[@cref!='T:System.ArgumentException']]\"/>",
            },
            inherited);
    }

    [Theory]
    [InlineData("DeleteBackupAsync", "<returns>The request was accepted and runs as an asynchronous job; the answer carries its job_id, which Querying a Job (showJob) reports on.</returns>")]
    [InlineData("RestoreToNewInstanceAsync", "<param name=\"recoveryRequest\">The source: the instance and the point in time to restore (restore_time, in epoch milliseconds); the target instance; and which data node of the source goes to which data node of the target (data_node_relations).</param>")]
    [InlineData("RestoreMetadataAsync", "<param name=\"metadataRecoveryRequest\">What to restore from, either a backup (backup_id) or a point in time (restore_time, in epoch milliseconds), and the target instance with its data nodes.</param>")]
    [InlineData("ShowBackupAsync", "<returns>The backup, with the data nodes associated with it (related_data_nodes).</returns>")]
    [InlineData("ListRelatedDataNodesAsync", "<returns>A page of the data nodes, with the latest point in time they can be restored to (latest_restorable_time).</returns>")]
    [InlineData("ShowJobAsync", "<returns>The job, with its id, name, status, creation and end times, progress and the instance it works on.</returns>")]
    public void The_full_clients_methods_say_what_the_reference_says_of_their_operation(string method, string doc)
    {
        // The request bodies and the answers of the operations beyond the shipped spec were documented as "The request
        // body." and "Normal response.": nothing told a caller what to send, that a job id comes back, or where it goes.
        var result = GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v3-full.yaml", "Ddm.Client.Full", "DdmFullClient"));
        var client = Regex.Replace(result.Source("Ddm.Client.Full.DdmFullClient.g.cs"), @"\s*\n\s*///\s?", " ");
        // The docs of the convenience method: from the last summary before its declaration, the first one in the file;
        // a long text is wrapped onto lines of its own between its tags.
        var docs = client.Substring(0, client.IndexOf(" " + method + "(", StringComparison.Ordinal));
        docs = Regex.Replace(docs.Substring(docs.LastIndexOf("<summary>", StringComparison.Ordinal)), @"(?<=>) | (?=</)", string.Empty);

        Assert.Contains(doc, docs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient")]
    [InlineData("Specs/ddm-v3-extended.yaml", "Ddm.Client.Extended", "DdmExtendedClient")]
    [InlineData("Specs/ddm-v3-full.yaml", "Ddm.Client.Full", "DdmFullClient")]
    public void A_wrapped_doc_line_never_parts_a_tag_from_its_attributes(string spec, string ns, string client)
    {
        var result = GeneratorHarness.Run(SpecFile.FromOutput(spec, ns, client));

        // Spec text is escaped, so every '<' in a doc line opens a tag of the generator's own, which closes on that line.
        var parted = result.Sources
            .SelectMany(source => source.SourceText.ToString().Split('\n').Select(line => (source.HintName, Line: line.Trim())))
            .Where(entry => entry.Line.StartsWith("///", StringComparison.Ordinal) && entry.Line.Count(c => c == '<') != entry.Line.Count(c => c == '>'))
            .Select(entry => entry.HintName + ": " + entry.Line)
            .ToList();

        Assert.Empty(parted);
    }
}
