using System;
using System.Globalization;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Shapes that public specs bring and the generator must take without stopping: each test is the smallest spec
/// of one such shape.
/// </summary>
public sealed class PublicSpecShapeTests
{
    private const string Header = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "https://api.example.com"}]

        """;

    [Fact]
    public void An_operation_written_as_a_reference_to_another_file_is_skipped_and_the_others_are_generated()
    {
        // Multi-file specs write an operation as `get: {$ref: 'resources/x.yml'}`, which OpenAPI does not allow and
        // no other file is loaded: the reader's error stopped the whole spec, and nothing was generated.
        const string spec = Header + """
            paths:
              /droplets:
                get:
                  $ref: 'resources/droplets/list.yml'
                post:
                  operationId: createDroplet
                  responses: {'204': {description: ok}}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG002");
        var skipped = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id is "DDMG101" or "DDMG203");
        Assert.Equal("DDMG203", skipped.Id);
        Assert.Equal(Healthy.LineOf(spec, "resources/droplets/list.yml"), skipped.Line());
        var message = skipped.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("resources/droplets/list.yml", message, StringComparison.Ordinal);
        Assert.Contains("#/paths/~1droplets/get", message, StringComparison.Ordinal);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("CreateDropletAsync", client, StringComparison.Ordinal);
        Assert.Contains("ListSizesAsync", client, StringComparison.Ordinal);
        Assert.DoesNotContain("GetDroplets", client, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("'#/paths/~1sizes/get'", "Write the operation here")]
    [InlineData("'https://example.com/specs/list.yml#/get'", "reads no other file")]
    public void An_operation_written_as_a_local_or_remote_reference_is_skipped_with_what_to_do(string reference, string says)
    {
        var spec = Header + $$$"""
            paths:
              /droplets:
                get: {$ref: {{{reference}}}}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        var skipped = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203");
        Assert.Equal(Healthy.LineOf(spec, "get: {$ref"), skipped.Line());
        Assert.Contains(says, skipped.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(new[] { "DDMG203" }, result.Diagnostics.Select(diagnostic => diagnostic.Id));
        Assert.Contains("ListSizesAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("webhooks:\n  newPet:\n    post: {$ref: 'hooks/new-pet.yml'}\n")]
    [InlineData("components:\n  pathItems:\n    Pets:\n      post: {$ref: 'pets/create.yml'}\n")]
    [InlineData("components:\n  callbacks:\n    Done:\n      '{$request.body#/url}':\n        post: {$ref: 'callbacks/done.yml'}\n")]
    // Regression: only the callbacks of the paths' operations were searched, so one deeper stopped the spec (DDMG002).
    [InlineData("webhooks:\n  hook:\n    post:\n      responses: {'200': {description: ok}}\n      callbacks:\n        cb:\n          '{$request.body#/u}':\n            post: {$ref: 'x.yml'}\n")]
    [InlineData("components:\n  pathItems:\n    hook:\n      post:\n        responses: {'200': {description: ok}}\n        callbacks:\n          cb:\n            '{$request.body#/u}':\n              post: {$ref: 'x.yml'}\n")]
    [InlineData("components:\n  callbacks:\n    outer:\n      '{$url}':\n        post:\n          responses: {'200': {description: ok}}\n          callbacks:\n            cb:\n              '{$request.body#/u}':\n                post: {$ref: 'x.yml'}\n")]
    public void An_operation_reference_outside_the_paths_does_not_stop_the_spec(string part)
    {
        var spec = "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /sizes:\n    get:\n      operationId: listSizes\n      responses: {'204': {description: ok}}\n" + part;

        var result = Healthy.Run(spec);

        var skipped = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203");
        Assert.Equal(Healthy.LineOf(spec, "{$ref"), skipped.Line());
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG002");
        Assert.Contains("ListSizesAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_item_written_as_a_reference_to_another_file_still_leaves_out_only_its_operations()
    {
        // A path item may be a $ref, to a file that is not read: DDMG101, as documented, and the other paths are generated.
        const string spec = Header + """
            paths:
              /droplets: {$ref: 'resources/droplets.yml'}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        var unresolved = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG101", unresolved.Id);
        Assert.Equal(Healthy.LineOf(spec, "resources/droplets.yml"), unresolved.Line());
        Assert.Contains("ListSizesAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_optional_parameter_left_out_of_the_methods_leaves_no_type_behind()
    {
        // The parameter was left out (DDMG108) but its inline object still became a model nobody uses; a component
        // schema the spec names stays, used or not.
        const string spec = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: filter
                      in: query
                      schema: {type: object, properties: {status: {type: string, enum: [on, off]}, owner: {type: object, properties: {id: {type: string}}}}}
                    - {name: limit, in: query, schema: {type: integer}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                Unused: {type: object, properties: {id: {type: string}}}
            """;

        var result = Healthy.Run(spec);

        Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108" && diagnostic.GetMessage(CultureInfo.InvariantCulture).Contains("'filter'", StringComparison.Ordinal));
        Assert.Equal(
            new[] { "Test.Api.Unused.g.cs" },
            result.Sources.Select(source => source.HintName).Where(name => name.Contains("Filter", StringComparison.Ordinal) || name.Contains("Unused", StringComparison.Ordinal)));
        Assert.Contains("int? limit", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void An_operation_that_is_not_generated_leaves_no_type_behind()
    {
        // A required object parameter drops its operation (DDMG203); the body it would have sent made a model anyway.
        const string spec = Header + """
            paths:
              /things:
                post:
                  operationId: createThing
                  parameters:
                    - {name: where, in: query, required: true, schema: {type: object, properties: {at: {type: string}}}}
                  requestBody:
                    content:
                      application/json:
                        schema: {type: object, properties: {name: {type: string}}}
                  responses: {'204': {description: ok}}
              /others:
                get:
                  operationId: listOthers
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203");
        Assert.DoesNotContain(result.Sources, source => source.HintName.Contains("CreateThing", StringComparison.Ordinal));
        Assert.Contains("ListOthersAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_parameter_rule_written_alike_at_many_parameters_is_named_once_with_how_many_write_it()
    {
        // Specs that write each operation's parameters in place repeat one rule at every use (a public spec has 371
        // such patterns, most of them one account id's): each was a DDMG108 of its own. A rule written otherwise (another
        // pattern, other keywords) is still named, where it is first written.
        const string spec = Header + """
            paths:
              /accounts/{AccountSid}/calls:
                get:
                  operationId: listCalls
                  parameters:
                    - {name: AccountSid, in: path, required: true, schema: {type: string, pattern: '^AC[0-9a-f]{32}$'}}
                  responses: {'204': {description: ok}}
              /accounts/{AccountSid}/messages:
                get:
                  operationId: listMessages
                  parameters:
                    - {name: AccountSid, in: path, required: true, schema: {type: string, pattern: '^AC[0-9a-f]{32}$'}}
                    - {name: Sid, in: query, schema: {type: string, pattern: '^SM[0-9a-f]{32}$'}}
                  responses: {'204': {description: ok}}
              /accounts/{AccountSid}/queues:
                parameters:
                  - {name: AccountSid, in: path, required: true, schema: {type: string, pattern: '^AC[0-9a-f]{32}$'}}
                get:
                  operationId: listQueues
                  responses: {'204': {description: ok}}
                post:
                  operationId: createQueue
                  responses: {'204': {description: ok}}
              /accounts/{AccountSid}/keys:
                get:
                  operationId: listKeys
                  parameters:
                    - {name: AccountSid, in: path, required: true, schema: {type: string, pattern: '^AC[0-9a-f]{32}$', maxLength: 34}}
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        var rules = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").ToList();
        Assert.Equal(
            new[] { Healthy.LineOf(spec, "^AC"), Healthy.LineOf(spec, "^SM") },
            rules.Select(diagnostic => diagnostic.Line()).OrderBy(line => line));
        var repeated = rules.Single(diagnostic => diagnostic.Line() == Healthy.LineOf(spec, "^AC")).GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("the client does not check pattern before it sends the parameter", repeated, StringComparison.Ordinal);
        Assert.Contains("#/paths/~1accounts~1{AccountSid}~1calls/get/parameters/0/schema/pattern", repeated, StringComparison.Ordinal);
        Assert.Contains("3 other parameters write the same rule", repeated, StringComparison.Ordinal);
        Assert.DoesNotContain("other parameters", rules.Single(diagnostic => diagnostic.Line() == Healthy.LineOf(spec, "^SM")).GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_written_alike_is_named_where_the_spec_writes_it_first_whatever_order_operations_are_read_in()
    {
        // Regression: operations are read GET before POST, so a rule a POST wrote above its path's GET was named at the GET.
        const string spec = Header + """
            paths:
              /things:
                post:
                  operationId: createThing
                  parameters:
                    - {name: code, in: query, schema: {type: string, pattern: '^[a-z]+$'}}
                  responses: {'204': {description: ok}}
                get:
                  operationId: listThings
                  parameters:
                    - {name: code, in: query, schema: {type: string, pattern: '^[a-z]+$'}}
                  responses: {'204': {description: ok}}
            """;

        var rule = Healthy.Run(spec).Diagnostics.Single(diagnostic => diagnostic.Id == "DDMG108");

        Assert.Equal(Healthy.LineOf(spec, "- {name: code"), rule.Line());
        Assert.Contains("#/paths/~1things/post/parameters/0/schema/pattern", rule.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("1 other parameter writes the same rule", rule.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void An_optional_parameter_described_by_content_is_left_out_and_its_operation_generated()
    {
        // A query parameter sent as JSON (`content: {application/json: ...}` in place of `schema`) took its whole
        // operation away (DDMG203), though an optional parameter the client cannot send is left out with DDMG108.
        const string spec = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: filter
                      in: query
                      content:
                        application/json:
                          schema: {type: object, properties: {a: {type: string}}}
                    - {name: limit, in: query, schema: {type: integer}}
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        var leftOut = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG108", leftOut.Id);
        Assert.Equal(Healthy.LineOf(spec, "- name: filter"), leftOut.Line());
        Assert.Contains("parameters described by content are not supported", leftOut.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("ListThingsAsync(int? limit", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void An_operation_that_is_no_object_beside_operations_written_as_references_fails_nothing_internally()
    {
        // The search for operations written as a $ref looked into the callbacks of `get: false` and failed (DDMG901).
        const string spec = Header + """
            paths:
              /things:
                get: false
                post: {$ref: 'resources/things/create.yml'}
            """;

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG901");
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203");
    }

    [Theory]
    [InlineData("parameters: [{$ref: 'parameters.yml#/limit'}]", "parameters.yml#/limit")]
    [InlineData("requestBody: {$ref: 'bodies.yml#/thing'}", "bodies.yml#/thing")]
    [InlineData("responses: {'200': {$ref: 'responses.yml#/thing'}}", "responses.yml#/thing")]
    [InlineData("responses: {'200': {$ref: 'https://example.com/responses.yml'}}", "https://example.com/responses.yml")]
    public void A_parameter_body_or_response_written_as_a_reference_to_another_file_leaves_out_only_its_operation(string part, string reference)
    {
        // Multi-file specs write these as references to other files, which are not read: the emptied object was a
        // DDMG002 of the OpenAPI reader that stopped the whole spec.
        var responses = part.StartsWith("responses", StringComparison.Ordinal) ? string.Empty : "responses: {'204': {description: ok}}";
        var spec = Header + $$$"""
            paths:
              /things:
                post:
                  operationId: postThing
                  {{{part}}}
                  {{{responses}}}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        Assert.Equal(new[] { "DDMG101", "DDMG203" }, result.Diagnostics.Select(diagnostic => diagnostic.Id).OrderBy(id => id, StringComparer.Ordinal));
        var unresolved = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Equal(Healthy.LineOf(spec, reference), unresolved.Line());
        var message = unresolved.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("'" + reference + "'", message, StringComparison.Ordinal);
        Assert.EndsWith("the operation that uses it is not generated.", message, StringComparison.Ordinal);
        Assert.Contains("'postThing'", Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203").GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.DoesNotContain("PostThing", client, StringComparison.Ordinal);
        Assert.Contains("ListSizesAsync", client, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_path_parameter_written_as_a_reference_to_another_file_leaves_out_the_operations_of_its_path()
    {
        const string spec = Header + """
            paths:
              /things/{id}:
                parameters: [{$ref: 'parameters.yml#/id'}]
                get:
                  operationId: getThing
                  responses: {'204': {description: ok}}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            """;

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG002");
        Assert.Equal(Healthy.LineOf(spec, "parameters.yml#/id"), Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101").Line());
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203");
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.DoesNotContain("GetThing", client, StringComparison.Ordinal);
        Assert.Contains("ListSizesAsync", client, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_response_written_as_a_reference_to_another_file_leaves_out_only_that_answer()
    {
        const string spec = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {type: array, items: {type: string}}}}
                    '404': {$ref: 'responses.yml#/NotFound'}
            """;

        var result = Healthy.Run(spec);

        var unresolved = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG101", unresolved.Id);
        Assert.Equal(Healthy.LineOf(spec, "responses.yml#/NotFound"), unresolved.Line());
        Assert.Contains("the operation is generated without that answer", unresolved.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("ListThingsAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("parameters", "parameters: [{$ref: '#/components/parameters/Thing'}]")]
    [InlineData("requestBodies", "requestBody: {$ref: '#/components/requestBodies/Thing'}")]
    [InlineData("responses", "responses: {'200': {$ref: '#/components/responses/Thing'}}")]
    public void A_component_written_as_a_reference_to_another_file_leaves_out_only_the_operations_that_use_it(string kind, string part)
    {
        // Multi-file specs keep their shared parameters in another file and name it from the components.
        var responses = kind == "responses" ? string.Empty : "responses: {'204': {description: ok}}";
        var spec = Header + $$$"""
            paths:
              /things:
                post:
                  operationId: postThing
                  {{{part}}}
                  {{{responses}}}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            components:
              {{{kind}}}:
                Thing: {$ref: 'shared/{{{kind}}}.yml#/Thing'}
            """;

        var result = Healthy.Run(spec);

        Assert.Equal(new[] { "DDMG101", "DDMG203" }, result.Diagnostics.Select(diagnostic => diagnostic.Id).OrderBy(id => id, StringComparer.Ordinal));
        var unresolved = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Equal(Healthy.LineOf(spec, "shared/"), unresolved.Line());
        Assert.StartsWith($"The reference 'shared/{kind}.yml#/Thing' at #/components/{kind}/Thing", unresolved.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("'postThing'", Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203").GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.DoesNotContain("PostThing", client, StringComparison.Ordinal);
        Assert.Contains("ListSizesAsync", client, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void An_error_response_component_written_as_a_reference_to_another_file_leaves_out_only_that_answer()
    {
        const string spec = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  responses:
                    '204': {description: ok}
                    '404': {$ref: '#/components/responses/NotFound'}
            components:
              responses:
                NotFound: {$ref: 'shared/responses.yml#/NotFound'}
            """;

        var result = Healthy.Run(spec);

        var unresolved = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG101", unresolved.Id);
        Assert.Equal(Healthy.LineOf(spec, "shared/responses.yml"), unresolved.Line());
        Assert.Contains("ListThingsAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("parameters: [{$ref: ''}]", "")]
    [InlineData("parameters: [{$ref: '#'}]", "#")]
    [InlineData("parameters: [{$ref: '#/components/parameters/'}]", "#/components/parameters/")]
    [InlineData("parameters: [{$ref: '#/components/schemas/Thing'}]", "#/components/schemas/Thing")]
    [InlineData("requestBody: {$ref: ''}", "")]
    [InlineData("requestBody: {$ref: '#/components/requestBodies/'}", "#/components/requestBodies/")]
    [InlineData("responses: {'200': {$ref: '#'}}", "#")]
    [InlineData("responses: {'200': {$ref: '#/components/responses/'}}", "#/components/responses/")]
    public void A_parameter_body_or_response_written_as_a_reference_to_no_component_leaves_out_only_its_operation(string part, string reference)
    {
        // Such a reference names no component of its kind: the object was emptied, and the OpenAPI reader's DDMG002
        // stopped the whole spec.
        var responses = part.StartsWith("responses", StringComparison.Ordinal) ? string.Empty : "responses: {'204': {description: ok}}";
        var spec = Header + $$$"""
            paths:
              /things:
                post:
                  operationId: postThing
                  {{{part}}}
                  {{{responses}}}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            components:
              schemas:
                Thing: {type: string}
            """;

        var result = Healthy.Run(spec);

        Assert.Equal(new[] { "DDMG101", "DDMG203" }, result.Diagnostics.Select(diagnostic => diagnostic.Id).OrderBy(id => id, StringComparer.Ordinal));
        var unresolved = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Equal(Healthy.LineOf(spec, "{$ref: "), unresolved.Line());
        var message = unresolved.GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("The reference '" + reference + "' at #/paths/~1things/post/", message, StringComparison.Ordinal);
        Assert.EndsWith("the operation that uses it is not generated.", message, StringComparison.Ordinal);
        Assert.Contains("'postThing'", Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203").GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.DoesNotContain("PostThing", client, StringComparison.Ordinal);
        Assert.Contains("ListSizesAsync", client, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("parameters", "''")]
    [InlineData("requestBodies", "'#'")]
    [InlineData("responses", "'#/components/responses/'")]
    public void A_component_written_as_a_reference_to_no_component_leaves_out_only_the_operations_that_use_it(string kind, string reference)
    {
        var part = kind switch
        {
            "parameters" => "parameters: [{$ref: '#/components/parameters/Thing'}]",
            "requestBodies" => "requestBody: {$ref: '#/components/requestBodies/Thing'}",
            _ => "responses: {'200': {$ref: '#/components/responses/Thing'}}",
        };
        var responses = kind == "responses" ? string.Empty : "responses: {'204': {description: ok}}";
        var spec = Header + $$$"""
            paths:
              /things:
                post:
                  operationId: postThing
                  {{{part}}}
                  {{{responses}}}
              /sizes:
                get:
                  operationId: listSizes
                  responses: {'204': {description: ok}}
            components:
              {{{kind}}}:
                Thing: {$ref: {{{reference}}}}
            """;

        var result = Healthy.Run(spec);

        Assert.Equal(new[] { "DDMG101", "DDMG203" }, result.Diagnostics.Select(diagnostic => diagnostic.Id).OrderBy(id => id, StringComparer.Ordinal));
        var unresolved = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Equal(Healthy.LineOf(spec, "Thing: {$ref: "), unresolved.Line());
        Assert.StartsWith($"The reference {reference} at #/components/{kind}/Thing", unresolved.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.DoesNotContain("PostThing", client, StringComparison.Ordinal);
        Assert.Contains("ListSizesAsync", client, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}
