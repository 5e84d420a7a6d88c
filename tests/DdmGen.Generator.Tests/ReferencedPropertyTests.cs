using System;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DdmGen.Generator.Tests;

/// <summary>
/// A property whose schema is a reference takes its description, default, deprecation and error role from the
/// schema it names, unless the reference sets them itself (OpenAPI 3.1 allows a description beside <c>$ref</c>).
/// </summary>
public sealed class ReferencedPropertyTests
{
    [Fact]
    public void A_referenced_schema_describes_the_property_unless_the_reference_says_otherwise()
    {
        const string yaml = """
            openapi: 3.1.0
            info: {title: Refs, version: "1"}
            paths: {}
            components:
              schemas:
                Status:
                  type: string
                  description: The status the target schema describes.
                  deprecated: true
                  enum: [on, off]
                Limit:
                  type: integer
                  description: The limit the target schema describes.
                  default: 10
                Count:
                  type: integer
                  x-ddmgen-error: code
                Item:
                  type: object
                  properties:
                    status: {$ref: '#/components/schemas/Status'}
                    own: {$ref: '#/components/schemas/Status', description: Words of the reference itself.}
                    limit: {$ref: '#/components/schemas/Limit'}
                    count: {$ref: '#/components/schemas/Count'}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/refs.yaml", yaml, "Refs.Api", "RefsClient"));
        var item = result.Source("Refs.Api.Item.g.cs");

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Contains("/// <summary>The status the target schema describes. Null when", item, StringComparison.Ordinal);
        Assert.Contains("/// <summary>Words of the reference itself. Null when", item, StringComparison.Ordinal);
        Assert.Contains("The limit the target schema describes. Null when the JSON leaves it out or sends null. Left out, it means 10 (the spec's default).", item.Replace("\n    /// ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("[global::System.Obsolete(\"Deprecated in the API specification.\")]\n    public global::Refs.Api.Status? Status { get; init; }", item, StringComparison.Ordinal);
        Assert.Contains("[global::System.Obsolete(\"Deprecated in the API specification.\")]\n    public global::Refs.Api.Status? Own { get; init; }", item, StringComparison.Ordinal);

        // The error role is read through the reference too: "code" on a number is reported at the property.
        var role = Assert.Single(result.Diagnostics, diagnostic => diagnostic.GetMessage().Contains("x-ddmgen-error", StringComparison.Ordinal));
        Assert.Contains("/components/schemas/Item/properties/count", role.GetMessage(), StringComparison.Ordinal);
    }
}
