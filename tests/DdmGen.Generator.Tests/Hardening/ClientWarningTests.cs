using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// The client's files compile without a single warning (consumers build with warnings as errors) for what a spec may
/// hold beyond the DDM one: deprecated operations, models and properties, optional text arguments of a listing, checked
/// parameters named like C# keywords and request bodies that are a whole string.
/// </summary>
public sealed class ClientWarningTests
{
    /// <summary>
    /// A listing with an optional text query argument (<paramref name="queryName"/>) and an operation sending a model;
    /// each mark is put where it says.
    /// </summary>
    internal static string Listing(string operationMark = "", string schemaMark = "", string propertyMark = "", string queryName = "name") => $$$"""
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /items:
            get:
              operationId: listItems
              {{{operationMark}}}
              x-speakeasy-pagination:
                type: offsetLimit
                inputs:
                  - {name: offset, in: parameters, type: offset}
                  - {name: limit, in: parameters, type: limit}
                outputs: {results: $.items, total: $.total}
              parameters:
                - {name: {{{queryName}}}, in: query, schema: {type: string}}
                - {name: offset, in: query, schema: {type: integer}}
                - {name: limit, in: query, schema: {type: integer}}
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {$ref: '#/components/schemas/Page'} } }
            post:
              operationId: createItem
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/Old'} } }
              responses: {'204': {description: ok}}
        components:
          schemas:
            Old:
              type: object
              {{{schemaMark}}}
              properties: {a: {type: string}}
            Page:
              type: object
              properties:
                items: {{{{propertyMark}}}type: array, items: {$ref: '#/components/schemas/Old'} }
                total: {{{{propertyMark}}}type: integer}
        """;

    [Fact]
    public void A_listing_with_an_optional_text_argument_writes_it_into_its_token_without_a_nullable_warning()
    {
        // The optional "name" goes into every continuation token as a string? through a JsonConverter<string>.
        var result = Healthy.Run(Listing());

        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_listing_with_a_required_limit_compiles_without_a_nullable_warning()
    {
        // Found by the fuzz campaign: the page size and the token's limit are long?, the required limit an int.
        var result = Healthy.Run(Listing()
            .Replace("- {name: limit, in: query, schema: {type: integer}}", "- {name: limit, in: query, required: true, schema: {type: integer}}", System.StringComparison.Ordinal));

        Assert.Contains("int limit, int? offset", result.Source("Test.Api.TestClient.g.cs").Replace("string? name = null, ", string.Empty, System.StringComparison.Ordinal), System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_model_naming_a_deprecated_model_and_a_required_deprecated_property_compile_without_warnings()
    {
        // Both found by the fuzz campaign: CS0618 in the model whose property is of a deprecated model, and CS9042
        // (a required member may be obsolete only in an obsolete type), so such a property says it in its docs.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Old:
                  type: object
                  deprecated: true
                  properties: {a: {type: string}}
                Holder:
                  type: object
                  required: [old, code]
                  properties:
                    old: {$ref: '#/components/schemas/Old'}
                    code: {type: string, deprecated: true}
            """;

        var result = Healthy.Run(yaml);

        Assert.Empty(result.CompilationProblems);
        Assert.Contains("/// <remarks>Deprecated in the API specification.</remarks>", result.Source("Test.Api.Holder.g.cs"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_deprecated_member_of_the_error_model_compiles_without_warnings()
    {
        // Found by fuzzing with the client compiled, when the support type read the error code from the error model's
        // property; it now reads the member by its JSON name, and the model still compiles without warnings.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  responses: {'204': {description: ok}}
            components:
              schemas:
                ErrorResponse:
                  properties:
                    error_code: {type: string, x-ddmgen-error: code, deprecated: true}
            """;

        var result = Healthy.Run(yaml);

        Assert.Contains("ErrorMembers(body.Span, \"/error_code\")", result.Source("Test.Api.TestClientSupport.g.cs"), System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_deprecated_operation_is_generated_and_compiles_without_warnings()
    {
        // The client's files then carry two directive lines; written as one, they stopped the generator with DDMG901.
        var result = Healthy.Run(Listing(operationMark: "deprecated: true"));

        Assert.Contains("[global::System.Obsolete(", result.Source("Test.Api.TestClient.g.cs"), System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_current_operation_over_deprecated_models_and_properties_compiles_without_warnings()
    {
        var result = Healthy.Run(Listing(schemaMark: "deprecated: true", propertyMark: "deprecated: true, "));

        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_checked_parameter_named_like_a_keyword_compiles()
    {
        // Found by fuzzing with the client compiled (smallest case): the range check wrote nameof(in) for the
        // parameter @in.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /pets:
                get:
                  parameters:
                    - {name: in, in: query, schema: {type: integer, maximum: 100}}
                    - {name: class, in: query, required: true, schema: {type: string, maxLength: 3}}
                    - {name: nameof, in: query, schema: {type: integer, minimum: 1}}
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(yaml);

        // Every check names the parameter as a caller writes it in a named argument; nameof(nameof) would not compile.
        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Contains("ThrowIfOutOfRange(@in is > 100, @in, \"in\",", requests, System.StringComparison.Ordinal);
        Assert.Contains("ThrowIfNull(@class, \"class\");", requests, System.StringComparison.Ordinal);
        Assert.Contains("ThrowIfLengthOutside(@class, 0, 3, \"class\",", requests, System.StringComparison.Ordinal);
        Assert.Contains("ThrowIfOutOfRange(nameof is < 1, nameof, \"nameof\",", requests, System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("type: string")]
    [InlineData("type: file")]
    public void A_request_body_that_is_a_whole_string_has_its_converter(string schema)
    {
        // Found by fuzzing with the client compiled (a body schema retyped to the Swagger 2 "file"): the body is
        // written through the spec's string converter, which was emitted only for strings inside lists, maps and results.
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /notes:
                post:
                  requestBody:
                    required: true
                    content: {application/json: {schema: {$ref: '#/components/schemas/Note'} } }
                  responses: {'204': {description: ok}}
            components:
              schemas:
                Note: { {{{schema}}} }
            """;

        var result = Healthy.Run(yaml);

        // The convenience methods make the body's content, which the protocol methods take.
        Assert.Contains("TestStringJsonConverter.Instance", result.Source("Test.Api.TestClient.g.cs"), System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("{name: state, in: query, schema: {type: string, enum: [a, b]}}", "OptionalValue")]
    [InlineData("{name: state, in: query, required: true, schema: {type: string, enum: [a, b]}}", "RequiredArgument")]
    [InlineData("{name: since, in: query, schema: {type: string, format: date-time}}", "OptionalValue")]
    [InlineData("{name: since, in: query, required: true, schema: {type: string, format: date-time}}", "RequiredArgument")]
    [InlineData("{name: count, in: query, schema: {type: integer, format: int64}}", "OptionalValue")]
    [InlineData("{name: tags, in: query, schema: {type: array, items: {type: string}}}", "Argument")]
    [InlineData("{name: tags, in: query, required: true, schema: {type: array, items: {type: integer}}}", "RequiredArgument")]
    [InlineData("{name: in, in: query, required: true, schema: {type: number}}", "RequiredArgument")]
    public void A_listing_with_long_offset_and_required_long_limit_keeps_any_argument_in_its_token(string parameter, string reader)
    {
        // Every argument goes into the continuation token and is read back from it with the reader for its kind.
        var result = Healthy.Run(Listing()
            .Replace("- {name: name, in: query, schema: {type: string}}", "- " + parameter, System.StringComparison.Ordinal)
            .Replace("- {name: offset, in: query, schema: {type: integer}}", "- {name: offset, in: query, schema: {type: integer, format: int64}}", System.StringComparison.Ordinal)
            .Replace("- {name: limit, in: query, schema: {type: integer}}", "- {name: limit, in: query, required: true, schema: {type: integer, format: int64}}", System.StringComparison.Ordinal));

        var client = result.Source("Test.Api.TestClient.g.cs");
        // The token keeps both as long, so a long offset and limit take them as they are.
        Assert.Contains("token.RequiredLimit(), ", client, System.StringComparison.Ordinal);
        Assert.Contains("token.Offset, ", client, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Int32Offset", client, System.StringComparison.Ordinal);
        Assert.Contains("token." + reader + "(", client, System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_listing_with_required_long_offset_and_optional_long_limit_takes_them_from_its_token_as_they_are()
    {
        var result = Healthy.Run(Listing()
            .Replace("- {name: offset, in: query, schema: {type: integer}}", "- {name: offset, in: query, required: true, schema: {type: integer, format: int64}}", System.StringComparison.Ordinal)
            .Replace("- {name: limit, in: query, schema: {type: integer}}", "- {name: limit, in: query, schema: {type: integer, format: int64}}", System.StringComparison.Ordinal));

        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("(token.Offset, ", client, System.StringComparison.Ordinal);
        Assert.Contains(", token.Limit, ", client, System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("Page: {type: object, deprecated: true, properties: {items: {type: array, items: {type: string}}}}")]
    [InlineData("Page: {type: object, properties: {items: {type: array, deprecated: true, items: {type: string}}}}")]
    public void A_deprecated_page_or_page_member_a_listing_reads_compiles_without_warnings(string page)
    {
        var yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: offset, in: query, schema: {type: integer}}
                    - {name: limit, in: query, schema: {type: integer}}
                  x-speakeasy-pagination: {type: offsetLimit, inputs: [{name: offset, in: parameters, type: offset}, {name: limit, in: parameters, type: limit}], outputs: {results: $.items}}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}
            components:
              schemas:

            """ + "    " + page + "\n";

        var result = Healthy.Run(yaml);

        Assert.Contains("CS0612", result.Source("Test.Api.TestClient+Pagers.g.cs"), System.StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}
