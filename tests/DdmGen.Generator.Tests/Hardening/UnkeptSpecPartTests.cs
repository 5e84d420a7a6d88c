using System;
using System.Globalization;
using System.Linq;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// What an OpenAPI 3.1 or 3.2 document says that the generated code does not keep is said where the document says
/// it, in words that name what it is, rather than left out without a word or reported as something else.
/// </summary>
public sealed class UnkeptSpecPartTests
{
    [Fact]
    public void Webhooks_are_reported_where_they_are_written_and_a_spec_of_webhooks_only_says_it_has_no_client()
    {
        // A spec with webhooks and no paths gave the models of its components and no client, without a word.
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            webhooks:
              newThing:
                post:
                  operationId: newThing
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: "#/components/schemas/Thing"}
                  responses:
                    "200": {description: ok}
            components:
              schemas:
                Thing: {type: object, properties: {name: {type: string}}}
            """;

        var result = Healthy.Run(Spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG108", diagnostic.Id);
        Assert.Equal(Healthy.LineOf(Spec, "webhooks:"), diagnostic.Line());
        Assert.Equal(
            "At #/webhooks, the webhooks are not generated: they are requests the API sends to its callers, and the client only sends requests to the API; the document has no paths, so no client is generated, only the models of its components. Change the spec if callers need it.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.Thing.g.cs");
        Assert.Empty(result.CompilationProblems);

        var withPaths = Healthy.Run(Spec.Replace("webhooks:", "paths:\n  /things:\n    get:\n      operationId: getThings\n      responses:\n        \"204\": {description: ok}\nwebhooks:", StringComparison.Ordinal));
        Assert.Equal(
            "At #/webhooks, the webhooks are not generated: they are requests the API sends to its callers, and the client only sends requests to the API. Change the spec if callers need it.",
            Assert.Single(withPaths.Diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_empty_webhooks_map_is_no_finding()
    {
        var result = Healthy.Run("""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            webhooks: {}
            """);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_reference_by_anchor_is_said_to_be_one_and_names_the_component_that_declares_the_anchor()
    {
        // '$ref: "#node"' was "does not resolve to anything in the document", an error, while the document declares it.
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Node:
                  $anchor: node
                  type: object
                  properties: {name: {type: string}}
                Dyn:
                  $dynamicAnchor: dyn
                  type: object
                  properties: {name: {type: string}}
                Holder:
                  type: object
                  properties:
                    a: {$ref: "#node"}
                    b: {$ref: "#dyn"}
                    c: {$ref: "#nothing"}
            """;

        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        var anchors = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG102").ToList();
        Assert.Equal(new[] { Healthy.LineOf(Spec, "a: {$ref"), Healthy.LineOf(Spec, "b: {$ref"), Healthy.LineOf(Spec, "c: {$ref") }, anchors.Select(diagnostic => diagnostic.Line()));
        Assert.Equal(
            "The schema at #/components/schemas/Holder/properties/a uses a reference by anchor ('#node'; references by $anchor or $dynamicAnchor name are not resolved: refer to #/components/schemas/Node, which declares it), which the generator does not support; the value is generated as System.Text.Json.JsonElement. Replace it with a plain object, array or scalar schema to get a typed member.",
            anchors[0].GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("('#dyn'; references by $anchor or $dynamicAnchor name are not resolved: refer to #/components/schemas/Dyn, which declares it)", anchors[1].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("('#nothing'; references by $anchor or $dynamicAnchor name are not resolved, and no schema of the document declares this one)", anchors[2].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("public global::System.Text.Json.JsonElement? A { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("jsonSchemaDialect: \"http://json-schema.org/draft-07/schema#\"", "jsonSchemaDialect:", "#/jsonSchemaDialect")]
    [InlineData("components:\n  schemas:\n    Holder:\n      $schema: \"http://json-schema.org/draft-04/schema#\"\n      type: object", "$schema:", "#/components/schemas/Holder/$schema")]
    public void A_schema_dialect_other_than_openapi_s_own_is_reported_where_it_is_named(string part, string marker, string place)
    {
        // The dialect decides what a schema's keywords mean (draft 4's exclusiveMinimum is a boolean, draft 2020-12's a
        // number); another one than OpenAPI 3.1's was read as if it were that one, without a word.
        var spec = "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths: {}\n" + part + "\n";

        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG108", diagnostic.Id);
        Assert.Equal(Healthy.LineOf(spec, marker), diagnostic.Line());
        Assert.StartsWith($"At {place}, the schema dialect '", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("is not followed: schemas are read as OpenAPI 3.1's dialect (https://spec.openapis.org/oas/3.1/dialect/base, JSON Schema 2020-12) reads them", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://spec.openapis.org/oas/3.1/dialect/base")]
    [InlineData("https://spec.openapis.org/oas/3.1/dialect/2024-11-10")]
    [InlineData("https://json-schema.org/draft/2020-12/schema")]
    public void OpenApi_s_own_dialect_and_json_schema_2020_12_are_no_finding(string dialect)
    {
        var result = Healthy.Run($$$"""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            jsonSchemaDialect: "{{{dialect}}}"
            paths: {}
            components:
              schemas:
                Holder:
                  $schema: "{{{dialect}}}"
                  type: object
                  properties: {name: {type: string}}
            """);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_const_without_a_type_is_a_member_of_the_type_of_its_value()
    {
        // {const: backup} allows the string "backup" only, and was a JsonElement without a word, while
        // {type: string, const: backup} was a string.
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  required: [kind]
                  properties:
                    kind: {const: backup}
                    count: {const: 3}
                    big: {const: 5000000000}
                    ratio: {const: 0.5}
                    flag: {const: true}
            """;

        var result = Healthy.Run(Spec);

        var source = result.Source("Test.Api.Holder.g.cs");
        Assert.Contains("public required string Kind { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public int? Count { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public long? Big { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public double? Ratio { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public bool? Flag { get; init; }", source, StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_const_without_a_type_takes_the_type_its_format_names_as_a_type_beside_it_would()
    {
        // Regression: the format beside an untyped const was ignored, so {const: 3, format: int64} was an int and
        // {const: 0.5, format: float} a double, where {type: integer, format: int64} is a long and {type: number, format: float} a float.
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    id: {const: 3, format: int64}
                    size: {const: 7, format: uint32}
                    ratio: {const: 0.5, format: float}
                    scale: {const: 2, format: double}
                    count: {const: 3, format: int32}
                    big: {const: 5000000000, format: int32}
            """;

        var result = Healthy.Run(Spec);

        var source = result.Source("Test.Api.Holder.g.cs");
        Assert.Contains("public long? Id { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public long? Size { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public float? Ratio { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public double? Scale { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public int? Count { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public long? Big { get; init; }", source, StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void The_callbacks_of_an_operation_are_reported_where_they_are_written()
    {
        // An operation's callbacks were left out without a word, as webhooks were.
        const string Spec = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /subscriptions:
                post:
                  operationId: subscribe
                  responses:
                    "204": {description: ok}
                  callbacks:
                    onEvent:
                      "{$request.body#/url}":
                        post:
                          responses:
                            "200": {description: ok}
            """;

        var result = Healthy.Run(Spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG108", diagnostic.Id);
        Assert.Equal(Healthy.LineOf(Spec, "callbacks:"), diagnostic.Line());
        Assert.Equal(
            "At #/paths/~1subscriptions/post/callbacks, the callbacks are not generated: they are requests the API sends to its callers, and the client only sends requests to the API. Change the spec if callers need it.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("SubscribeAsync(", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_reference_through_the_document_s_own_self_uri_names_a_component_of_the_document()
    {
        // OpenAPI 3.2's $self is the document's own URI, so a reference that starts with it and a '#' is local; it was
        // DDMG101 "does not resolve", an error, as if it named another document.
        const string Spec = """
            openapi: 3.2.0
            $self: "https://example.com/api/openapi.yaml"
            info: {title: T, version: "1"}
            paths:
              /events:
                get:
                  operationId: getEvents
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "https://example.com/api/openapi.yaml#/components/schemas/Event"}
            components:
              schemas:
                Event: {type: object, properties: {id: {type: string}}}
            """;

        var result = Healthy.Run(Spec);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("ClientResult<global::Test.Api.Event>> GetEventsAsync(", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("/specs/ddm.yaml", "/specs/ddm.yaml#/components/schemas/Event")]
    [InlineData("/specs/ddm.yaml", "ddm.yaml#/components/schemas/Event")]
    [InlineData("/specs/ddm.yaml", "./ddm.yaml#/components/schemas/Event")]
    [InlineData("ddm.yaml", "ddm.yaml#/components/schemas/Event")]
    [InlineData("specs/ddm.yaml", "../specs/ddm.yaml#/components/schemas/Event")]
    [InlineData("https://example.com/api/ddm.yaml", "ddm.yaml#/components/schemas/Event")]
    [InlineData("https://example.com/api/ddm.yaml", "/api/ddm.yaml#/components/schemas/Event")]
    [InlineData("https://example.com/api/ddm.yaml?v=2", "ddm.yaml?v=2#/components/schemas/Event")]
    [InlineData("https://example.com/api/ddm.yaml?v=2", "?v=2#/components/schemas/Event")]
    [InlineData("https://example.com/api/ddm.yaml#top", "ddm.yaml#/components/schemas/Event")]
    [InlineData("https://example.com/api/ddm.yaml#top", "https://example.com/api/ddm.yaml#/components/schemas/Event")]
    [InlineData("/specs/ddm.yaml#top", "/specs/ddm.yaml#/components/schemas/Event")]
    public void A_reference_through_a_relative_self_or_relative_to_it_names_a_component_of_the_document(string self, string reference)
    {
        // A reference is resolved against $self, so a relative one that comes to the document's own URI is local, as is
        // a relative $self: 'ddm.yaml#/components/schemas/Event' beside '$self: /specs/ddm.yaml' was DDMG101.
        var spec = $$$$"""
            openapi: 3.2.0
            $self: "{{{{self}}}}"
            info: {title: T, version: "1"}
            paths:
              /events:
                get:
                  operationId: getEvents
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "{{{{reference}}}}"}
            components:
              schemas:
                Event: {type: object, properties: {id: {type: string}}}
            """;

        var result = Healthy.Run(spec);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("ClientResult<global::Test.Api.Event>> GetEventsAsync(", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("/specs/ddm-v3.yaml", "ddm-v3.yaml#/components/schemas/Event")]
    [InlineData("/specs/ddm-v3.yaml", "./ddm-v3.yaml#/components/schemas/Event")]
    [InlineData("/specs/ddm-v3.yaml", "../specs/ddm-v3.yaml#/components/schemas/Event")]
    [InlineData(@"C:\repo\spec\ddm-v3.yaml", "ddm-v3.yaml#/components/schemas/Event")]
    [InlineData("/specs/my spec.yaml", "my%20spec.yaml#/components/schemas/Event")]
    public void A_reference_through_the_spec_file_s_own_name_without_self_names_a_component_of_the_document(string path, string reference)
    {
        // Without $self a document's URI is where it is read from, so a reference relative to it that comes back to
        // the file itself (ddm-v3.yaml#/components/schemas/Event, as many editors write one) is local; it was DDMG101,
        // an error, as if it named another document.
        var spec = $$$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /events:
                get:
                  operationId: getEvents
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "{{{{reference}}}}"}
            components:
              schemas:
                Event: {type: object, properties: {id: {type: string}}}
            """;

        var result = Healthy.Run(spec, path);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("ClientResult<global::Test.Api.Event>> GetEventsAsync(", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_reference_to_another_file_beside_the_spec_without_self_still_does_not_resolve()
    {
        const string Spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Event: {type: object, properties: {other: {$ref: "ddm-v2.yaml#/components/schemas/Event"}}}
            """;

        var result = Healthy.Run(Spec, "/specs/ddm-v3.yaml");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG101", diagnostic.Id);
    }

    [Fact]
    public void A_reference_relative_to_self_that_names_another_document_still_does_not_resolve()
    {
        const string Spec = """
            openapi: 3.2.0
            $self: /specs/ddm.yaml
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Event: {type: object, properties: {other: {$ref: "other.yaml#/components/schemas/Event"}}}
            """;

        var result = Healthy.Run(Spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG101", diagnostic.Id);
        Assert.Contains("'other.yaml#/components/schemas/Event'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("$self: \"https://example.com/api/ddm.yaml\"\n")]
    public void A_ref_key_inside_example_data_is_data_and_no_reference(string self)
    {
        // A schema's examples (OpenAPI 3.1) and an example's dataValue (3.2) are values, which may hold a "$ref" key
        // of their own (an example of a JSON Schema document); they were read as references, DDMG101 errors, and
        // with $self rewritten before that.
        var spec = $$$$"""
            openapi: 3.2.0
            {{{{self}}}}info: {title: T, version: "1"}
            paths:
              /schemas:
                get:
                  operationId: getSchema
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Document"}
                          examples:
                            plain:
                              dataValue: {$ref: "https://example.com/api/ddm.yaml#/nowhere"}
            components:
              schemas:
                Document:
                  type: object
                  properties:
                    example: {$ref: "#/components/schemas/Part"}
                  examples:
                    - {$ref: "https://example.com/api/ddm.yaml"}
                    - {$ref: "#/nowhere"}
                Part: {type: object, properties: {id: {type: string}}}
            """;

        var result = Healthy.Run(spec);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("public global::Test.Api.Part? Example { get; init; }", result.Source("Test.Api.Document.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("{const: {a: 1}}")]
    [InlineData("{const: [1, 2]}")]
    public void A_const_that_is_an_object_or_a_list_is_reported_at_its_key_and_the_rest_is_generated(string schema)
    {
        // JSON Schema allows any value as const; the OpenAPI reader refuses all but scalars ("Expected scalar value"),
        // a DDMG002 that stopped the whole spec.
        var spec = $$"""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    name: {type: string}
                    shape: {{schema}}
            """;

        var result = Healthy.Run(spec);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG108", diagnostic.Id);
        Assert.Equal(Healthy.LineOf(spec, "shape:"), diagnostic.Line());
        Assert.Equal(
            "At #/components/schemas/Holder/properties/shape/const, a const that is an object or a list is not kept: the OpenAPI reader takes only a string, number, boolean or null there, so the value is not checked. Change the spec if callers need it.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("public global::System.Text.Json.JsonElement? Shape { get; init; }", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void An_item_schema_of_a_json_body_is_reported_where_it_is_written()
    {
        // OpenAPI 3.2's itemSchema describes the items of a sequential media type; beside application/json, without a
        // schema, the body was any JSON without a word.
        const string Spec = """
            openapi: 3.2.0
            info: {title: T, version: "1"}
            paths:
              /events:
                get:
                  operationId: getEvents
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          itemSchema: {$ref: "#/components/schemas/Event"}
                post:
                  operationId: postEvents
                  requestBody:
                    content:
                      application/json:
                        itemSchema: {$ref: "#/components/schemas/Event"}
                  responses:
                    "204": {description: ok}
            components:
              schemas:
                Event: {type: object, properties: {id: {type: string}}}
            """;

        var result = Healthy.Run(Spec);

        var notKept = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").ToList();
        Assert.Equal(2, notKept.Count);
        Assert.Equal(
            "At #/paths/~1events/get/responses/200/content/application~1json/itemSchema, itemSchema is not read: it describes the items of a sequential media type (application/jsonl, application/x-ndjson, text/event-stream), and a JSON body is described by schema, so this one is any JSON (JsonElement). Change the spec if callers need it.",
            notKept[0].GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(Healthy.LineOf(Spec, "itemSchema:"), notKept[0].Line());
        Assert.StartsWith("At #/paths/~1events/post/requestBody/content/application~1json/itemSchema, itemSchema is not read", notKept[1].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}
