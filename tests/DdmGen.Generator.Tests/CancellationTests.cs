using System;
using System.Linq;
using System.Text;
using System.Threading;
using DdmGen.Generator.Model;
using DdmGen.Generator.Parsing;

namespace DdmGen.Generator.Tests;

/// <summary>
/// A cancelled run stops with <see cref="OperationCanceledException"/>: whatever the spec holds, the parser gives no
/// model and no diagnostic for the compiler to cache or show once the token is cancelled.
/// </summary>
public sealed class CancellationTests
{
    /// <summary>A spec of many operations, followed by what makes it unreadable or invalid (empty for none).</summary>
    private static string Large(int operations, string tail)
    {
        var text = new StringBuilder("openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n");
        for (var i = 0; i < operations; i++)
        {
            text.Append("  /items").Append(i).Append("/{id}:\n    get:\n      operationId: getItem").Append(i)
                .Append("\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n");
        }

        return text.Append(tail).ToString();
    }

    public static TheoryData<string, string> Specs => new()
    {
        { "/specs/valid.yaml", Large(2000, string.Empty) },
        { "/specs/unreadable.yaml", Large(2000, "components: [\n") },
        { "/specs/rejected.yaml", Large(2000, "components:\n  schemas:\n    Item: {type: 12}\n") },
        { "/specs/unreadable.json", "{\"openapi\": \"3.0.3\", \"paths\": {,\n" },
        { "/specs/rejected.json", "{\"openapi\": \"2.5\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}}" },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void A_cancelled_parse_throws_and_reports_nothing(string path, string text)
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var input = new SpecInput(path, text, text.Length, "Test.Api", "TestClient", EquatableArray<DiagnosticInfo>.Empty);

        Assert.ThrowsAny<OperationCanceledException>(() => Parser.Parse(input, cancellation.Token));
    }

    /// <summary>The reading itself, the largest part of a large spec's work, stops at a cancelled token.</summary>
    [Theory]
    [MemberData(nameof(Specs))]
    public void A_cancelled_read_throws(string path, string text)
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Reading.SpecReader.Read(path, text, text.Length, cancellation.Token));
    }

    /// <summary>
    /// Emitting stops too: the client of a large spec, its longest output, is not written once the token is cancelled.
    /// </summary>
    [Fact]
    public void A_cancelled_emit_throws()
    {
        var text = Large(2000, string.Empty);
        var input = new SpecInput("/specs/valid.yaml", text, text.Length, "Test.Api", "TestClient", EquatableArray<DiagnosticInfo>.Empty);
        var client = Assert.Single(Parser.Parse(input, CancellationToken.None).ToEmitUnits().OfType<ClientUnit>());
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Emitting.Emitter.Emit(client, cancellation.Token));
        Assert.Equal(2, Emitting.Emitter.Emit(client, CancellationToken.None).Count());
    }
}
