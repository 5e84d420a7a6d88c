using System;
using System.Globalization;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>Operations of a method the client does not send are named, not left out without a word.</summary>
public sealed class OperationMethodTests
{
    [Fact]
    public void An_operation_of_openapi_3_2_s_query_method_or_of_additional_operations_is_reported_where_it_is_written()
    {
        // OpenAPI 3.2's query method and additionalOperations (COPY, ...) were read and then neither generated nor
        // reported: the operations were missing from the client without a word.
        const string Spec = """
            openapi: 3.2.0
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: getThings
                  responses:
                    "204": {description: ok}
                query:
                  operationId: queryThings
                  responses:
                    "204": {description: ok}
                additionalOperations:
                  COPY:
                    operationId: copyThings
                    responses:
                      "204": {description: ok}
            """;

        var result = Healthy.Run(Spec);

        var skipped = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG203").OrderBy(diagnostic => diagnostic.Line()).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.Equal(Healthy.LineOf(Spec, "query:"), skipped[0].Line());
        Assert.Equal(
            "The operation 'queryThings' at #/paths/~1things/query is not generated: the client does not send the HTTP method QUERY (it sends GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE)",
            skipped[0].GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(Healthy.LineOf(Spec, "COPY:"), skipped[1].Line());
        Assert.Contains("'copyThings' at #/paths/~1things/additionalOperations/COPY", skipped[1].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("GetThingsAsync(", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}
