using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// What a valid spec says reaches the generated code as it says it: nothing silently changed, nothing that valid JSON
/// or a valid call then trips over. Each case was found by a review that wrote unusual but valid specs.
/// </summary>
public sealed class SpecSemanticsTests
{
    private const string Header = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        """;

    [Theory]
    [InlineData("enum: [x, null]")]
    [InlineData("enum: [x, ~]")]
    public void A_null_in_an_enum_is_no_member(string values)
    {
        // The OpenAPI reader keeps a null entry as a string with a private marker, which became a member named after it.
        var result = Healthy.Run(Header + $$"""

            paths: {}
            components:
              schemas:
                E: {type: string, nullable: true, {{values}}}
            """);

        var source = result.Source("Test.Api.E.g.cs");
        Assert.Contains("public static E X { get; }", source, StringComparison.Ordinal);
        Assert.Single(source.Split('\n'), line => line.Contains("public static E ", StringComparison.Ordinal));
        Assert.DoesNotContain("sentinel", source, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG301");
    }

    [Theory]
    [InlineData("{type: integer, minimum: 1}")]
    [InlineData("{type: integer, minimum: 0, exclusiveMinimum: true}")]
    public void A_listing_whose_offset_starts_at_one_starts_there(string offset)
    {
        // The pager started at offset 0 whatever the spec said, so with minimum: 1 every listing failed its own check.
        var spec = Listing(offset: offset, item: "{type: string}");

        var (items, targets) = Call(spec, "ListAutoPaging", """{"items":["a","b"]}""", """{"items":[]}""");

        Assert.Equal(new object[] { "a", "b" }, items);
        Assert.Equal(new[] { "/a?offset=1&limit=2", "/a?offset=3&limit=2" }, targets);
    }

    [Theory]
    [InlineData("maximum: 0", "0")]
    [InlineData("maximum: 0, exclusiveMaximum: true", "-1")]
    [InlineData("maximum: -5", "-5")]
    public void A_listing_whose_limit_allows_no_page_of_one_item_leaves_the_page_size_to_the_service(string maximum, string most)
    {
        // The limit's maximum is the page size the pager asks for: it asked for pages of 0 or -1 items.
        var spec = Listing(offset: "{type: integer}", item: "{type: string}").Replace("maximum: 2", maximum, StringComparison.Ordinal);

        var diagnostic = Assert.Single(Healthy.Run(spec).Diagnostics);
        var (items, targets) = Call(spec, "ListAutoPaging", """{"items":["a","b"]}""", """{"items":[]}""");

        Assert.Equal("DDMG108", diagnostic.Id);
        Assert.Equal(Healthy.LineOf(spec, "type: limit"), diagnostic.Line());
        Assert.Contains($"the limit 'limit' has the maximum {most}, which allows no page", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(new object[] { "a", "b" }, items);
        Assert.Equal(new[] { "/a?offset=0", "/a?offset=2" }, targets);
    }

    [Theory]
    [InlineData("3.0.3", "{type: string, nullable: true}", "{type: integer, nullable: true}", "{$ref: '#/components/schemas/Z'}", "Z: {type: object, nullable: true, properties: {a: {type: string}}}")]
    [InlineData("3.1.0", "{type: [string, 'null']}", "{type: [integer, 'null']}", "{$ref: '#/components/schemas/Z'}", "Z: {type: [object, 'null'], properties: {a: {type: string}}}")]
    public void List_items_and_map_values_that_may_be_null_are_read_and_written_as_null(string version, string text, string number, string model, string component)
    {
        // They were read as items that are never null, so valid JSON with a null item failed to read.
        var result = Healthy.Run(Header.Replace("3.0.3", version, StringComparison.Ordinal) + $$"""

            paths: {}
            components:
              schemas:
                {{component}}
                Y:
                  type: object
                  properties:
                    texts: {type: array, items: {{text}}}
                    numbers: {type: array, items: {{number}}}
                    models: {type: array, items: {{model}}}
                    counts: {type: object, additionalProperties: {{number}}}
            """);
        using var output = result.Load("nullable items");
        const string Json = """{"texts":["x",null],"numbers":[1,null],"models":[{"a":"b"},null],"counts":{"a":1,"b":null}}""";

        var value = System.Text.Json.JsonSerializer.Deserialize(Json, output.Type("Test.Api.Y"))!;

        Assert.Equal(Json, System.Text.Json.JsonSerializer.Serialize(value, output.Type("Test.Api.Y")));
        var source = result.Source("Test.Api.Y.g.cs");
        Assert.Contains("IReadOnlyList<string?>? Texts", source, StringComparison.Ordinal);
        Assert.Contains("IReadOnlyList<int?>? Numbers", source, StringComparison.Ordinal);
        Assert.Contains("IReadOnlyList<global::Test.Api.Z?>? Models", source, StringComparison.Ordinal);
        Assert.Contains("IReadOnlyDictionary<string, int?>? Counts", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_of_items_that_may_be_null_pages_through_them_and_a_body_and_result_of_such_lists_compile()
    {
        var spec = Listing(offset: "{type: integer}", item: "{type: string, nullable: true}", more: """
            - {name: tags, in: query, schema: {type: array, items: {type: string, nullable: true}}}
            """, operations: """
            post:
              operationId: send
              requestBody: {content: {application/json: {schema: {type: array, items: {type: integer, nullable: true}}}}}
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {type: object, additionalProperties: {type: boolean, nullable: true}}}}
            """);

        var (items, targets) = Call(spec, "ListAutoPaging", """{"items":["a",null]}""", """{"items":[]}""");

        Assert.Equal(new object?[] { "a", null }, items);
        Assert.Equal(2, targets.Count);
        var client = Healthy.Run(spec).Source("Test.Api.TestClient.g.cs");
        Assert.Contains("IReadOnlyDictionary<string, bool?>>> SendAsync(global::System.Collections.Generic.IReadOnlyList<int?>? body = null", client, StringComparison.Ordinal);
        Assert.Contains("IReadOnlyList<string>? tags = null", client, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_made_nullable_with_all_of_is_nullable_as_a_member_and_as_an_item()
    {
        // The OpenAPI reader drops 3.0's "nullable: true" beside allOf without a type: null failed to read in both places.
        var result = Healthy.Run(Header + """

            paths: {}
            components:
              schemas:
                E: {type: string, enum: [a]}
                Y:
                  type: object
                  required: [p]
                  properties:
                    p: {allOf: [{$ref: '#/components/schemas/E'}], nullable: true}
                    q: {type: array, items: {allOf: [{$ref: '#/components/schemas/E'}], nullable: true}}
            """);
        using var output = result.Load("nullable reference");

        var value = System.Text.Json.JsonSerializer.Deserialize("""{"p":null,"q":["a",null]}""", output.Type("Test.Api.Y"))!;

        Assert.Equal("""{"p":null,"q":["a",null]}""", System.Text.Json.JsonSerializer.Serialize(value, output.Type("Test.Api.Y")));
    }

    [Fact]
    public void A_list_of_items_that_are_never_null_still_refuses_a_null_item()
    {
        var result = Healthy.Run(Header + """

            paths: {}
            components:
              schemas:
                Y: {type: object, properties: {texts: {type: array, items: {type: string}}}}
            """);
        using var output = result.Load("items never null");

        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize("""{"texts":["x",null]}""", output.Type("Test.Api.Y")));
    }

    [Theory]
    [InlineData("3.0.3", "{type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}", "{type: integer, minimum: 0, exclusiveMinimum: true}")]
    [InlineData("3.1.0", "{type: number, minimum: 0, exclusiveMaximum: 1}", "{type: integer, exclusiveMinimum: 0}")]
    public void Exclusive_bounds_are_checked_and_documented(string version, string ratio, string count)
    {
        // Both forms were dropped without a word: the 3.0 one lost its bound, the 3.1 one was not read at all.
        var result = Healthy.Run(Header.Replace("3.0.3", version, StringComparison.Ordinal) + $$"""

            paths:
              /r:
                get:
                  operationId: rate
                  parameters:
                    - {name: ratio, in: query, required: true, schema: {{ratio}}}
                    - {name: count, in: query, required: true, schema: {{count}}}
                  responses:
                    '204': {description: done}
            """);
        using var output = result.Load("exclusive bounds");
        using var http = new HttpClient(new Answers(Array.Empty<string>()));
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var rate = client.GetType().GetMethod("Rate", new[] { typeof(double), typeof(int), typeof(CancellationToken) })!;

        var atMaximum = Assert.IsType<ArgumentOutOfRangeException>(Assert.Throws<TargetInvocationException>(() => rate.Invoke(client, new object[] { 1.0, 1, CancellationToken.None })).InnerException);
        var atMinimum = Assert.IsType<ArgumentOutOfRangeException>(Assert.Throws<TargetInvocationException>(() => rate.Invoke(client, new object[] { 0.5, 0, CancellationToken.None })).InnerException);

        Assert.StartsWith("ratio must be at least 0 and less than 1.", atMaximum.Message, StringComparison.Ordinal);
        Assert.StartsWith("count must be at least 1.", atMinimum.Message, StringComparison.Ordinal);
        var source = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("Allowed: at least 0, less than 1.", source, StringComparison.Ordinal);
        Assert.Contains("Allowed: at least 1.", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_formats_get_a_type_that_holds_them_and_uint64_says_what_it_cannot()
    {
        // Both were an int: 4294967295 failed to read without a word.
        var spec = Header + """

            paths: {}
            components:
              schemas:
                D:
                  type: object
                  properties:
                    small: {type: integer, format: uint32}
                    large: {type: integer, format: uint64}
            """;
        var result = Healthy.Run(spec);
        using var output = result.Load("unsigned");

        var value = System.Text.Json.JsonSerializer.Deserialize("""{"small":4294967295,"large":9223372036854775807}""", output.Type("Test.Api.D"))!;

        Assert.Equal(4294967295L, value.GetType().GetProperty("Small")!.GetValue(value));
        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Equal(Healthy.LineOf(spec, "format: uint64"), warning.Line());
        Assert.Contains("uint64", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_with_additional_properties_too_says_it_skips_them()
    {
        var spec = Header + """

            paths: {}
            components:
              schemas:
                Ab:
                  type: object
                  properties: {q: {type: string}}
                  additionalProperties: {type: string}
                Closed:
                  type: object
                  properties: {q: {type: string}}
                  additionalProperties: false
            """;

        var warning = Assert.Single(Healthy.Run(spec).Diagnostics, diagnostic => diagnostic.Id == "DDMG108");

        Assert.Equal(Healthy.LineOf(spec, "additionalProperties: {type: string}"), warning.Line());
    }

    [Fact]
    public void The_result_is_the_body_of_the_success_answer_that_has_one_and_another_success_answer_is_reported()
    {
        // postB returned a plain ClientResult (201's body lost); getA's 204 failed to read without a word.
        var spec = Header + """

            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                    '204': {description: none}
                post:
                  operationId: postB
                  responses:
                    '200': {description: none}
                    '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                put:
                  operationId: putC
                  responses:
                    '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                    '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
            components:
              schemas:
                Item: {type: object, properties: {a: {type: string}}}
            """;
        var result = Healthy.Run(spec);

        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("ClientResult<global::Test.Api.Item>> PostBAsync(", client, StringComparison.Ordinal);
        Assert.Contains("ClientResult<global::Test.Api.Item>> PutCAsync(", client, StringComparison.Ordinal);
        // putC's two answers have the same body; getA's 204 and postB's 200 have none, which the result cannot read.
        Assert.Equal(
            new[] { Healthy.LineOf(spec, "'204': {description: none}"), Healthy.LineOf(spec, "'200': {description: none}") },
            result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").Select(diagnostic => diagnostic.Line()));
    }

    [Fact]
    public async Task A_success_answer_with_another_body_throws_the_api_exception_naming_its_status_where_the_protocol_method_gives_it()
    {
        // Regression: a 202 answer {"job_id":"JOB-1"} was read as the 200 answer's Backup, every member null and the job
        // id lost, while DDMG108 said it failed to read.
        var spec = Header + """

            paths:
              /backups/{id}:
                put:
                  operationId: updateBackup
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses:
                    '200': {description: updated, content: {application/json: {schema: {$ref: '#/components/schemas/Backup'}}}}
                    '202': {description: a job, content: {application/json: {schema: {$ref: '#/components/schemas/JobResponse'}}}}
            components:
              schemas:
                Backup: {type: object, properties: {id: {type: string}, name: {type: string}}}
                JobResponse: {type: object, required: [job_id], properties: {job_id: {type: string}}}
            """;
        var result = Healthy.Run(spec);
        using var output = result.Load("another body");

        var job = await Assert.ThrowsAnyAsync<System.ClientModel.ClientResultException>(() => Answer(output, "UpdateBackupAsync", HttpStatusCode.Accepted, """{"job_id":"JOB-1"}""", "b1"));
        var syncJob = await Assert.ThrowsAnyAsync<System.ClientModel.ClientResultException>(() => Answer(output, "UpdateBackup", HttpStatusCode.Accepted, """{"job_id":"JOB-1"}""", "b1"));
        var backup = await Answer(output, "UpdateBackupAsync", HttpStatusCode.OK, """{"id":"b1"}""", "b1");
        var raw = await Answer(output, "UpdateBackupAsync", HttpStatusCode.Accepted, """{"job_id":"JOB-1"}""", "b1", null);

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Equal(Healthy.LineOf(spec, "'202'"), warning.Line());
        Assert.Contains(
            "the result is the body of the 200 answer, so on a 202 answer, which has another body, the convenience methods throw TestApiException naming the status; the protocol methods give the answer as it came",
            warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
        foreach (var error in new[] { job, syncJob })
        {
            Assert.Equal("Test.Api.TestApiException", error.GetType().FullName);
            Assert.Contains("answered HTTP 202", error.Message, StringComparison.Ordinal);
            Assert.Contains("protocol method", error.Message, StringComparison.Ordinal);
            Assert.Contains("JOB-1", (string)error.GetType().GetProperty("ResponseBody")!.GetValue(error)!, StringComparison.Ordinal);
        }

        Assert.Equal("b1", Value(backup)!.GetType().GetProperty("Id")!.GetValue(Value(backup)));
        Assert.Equal(202, ((System.ClientModel.ClientResult)raw!).GetRawResponse().Status);
    }

    [Fact]
    public async Task Success_answers_with_identical_inline_bodies_are_one_body_and_both_are_read()
    {
        // Regression: only component references were compared, so 201 beside 200 with the same inline schema was reported
        // as an answer that fails to read, although the result read it.
        var spec = Header + """

            paths:
              /x:
                put:
                  operationId: putX
                  responses:
                    '200': {description: updated, content: {application/json: {schema: {type: object, properties: {job_id: {type: string}}}}}}
                    '201':
                      description: created
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              job_id: {type: string}
            """;
        var result = Healthy.Run(spec);
        using var output = result.Load("same inline body");

        var created = await Answer(output, "PutXAsync", HttpStatusCode.Created, """{"job_id":"JOB-2"}""");

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Equal("JOB-2", Value(created)!.GetType().GetProperty("JobId")!.GetValue(Value(created)));
        Assert.Contains("\"putX\", global::Test.Api.TestJsonHelpers.ObjectConverter<global::Test.Api.PutXResponse>.Instance);", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_serialization_the_client_does_not_write_is_reported_at_the_parameter()
    {
        var spec = Header + """

            paths:
              /a/{ids}:
                get:
                  operationId: get
                  parameters:
                    - {name: ids, in: path, required: true, style: matrix, schema: {type: array, items: {type: integer}}}
                    - {name: q, in: query, explode: false, schema: {type: array, items: {type: string}}}
                    - {name: r, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
                    - {name: s, in: query, style: form, explode: true, schema: {type: array, items: {type: string}}}
                    - {name: t, in: query, explode: false, schema: {type: string}}
                    - {name: h, in: header, style: simple, schema: {type: array, items: {type: string}}}
                  responses:
                    '204': {description: done}
            """;

        var warnings = Healthy.Run(spec).Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").ToList();

        // A query list with explode: false (q=a,b) is written as asked.
        Assert.Equal(new[] { "name: ids", "name: r," }.Select(marker => Healthy.LineOf(spec, marker)), warnings.Select(warning => warning.Line()));
        Assert.Contains("style matrix", warnings[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("style pipeDelimited", warnings[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_is_sent_as_the_json_media_type_the_spec_declares()
    {
        // It went out as application/json whatever the spec said; a server may refuse that for a merge patch.
        var spec = Header + """

            paths:
              /a:
                patch:
                  operationId: change
                  requestBody: {required: true, content: {application/merge-patch+json: {schema: {type: object, properties: {a: {type: string}}}}}}
                  responses:
                    '204': {description: done}
            """;

        Assert.Contains("""message.Request.Headers.Set("Content-Type", "application/merge-patch+json");""", Healthy.Run(spec).Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_accept_header_names_the_json_media_types_the_success_answers_declare()
    {
        // Regression: Accept was application/json whatever the spec declared, so a server that answers only
        // application/hal+json could refuse the request with 406.
        var spec = Header + """

            paths:
              /hal:
                get:
                  operationId: getHal
                  responses:
                    '200': {description: ok, content: {application/hal+json: {schema: {type: object, properties: {a: {type: string}}}}}}
              /two:
                get:
                  operationId: getTwo
                  responses:
                    '200': {description: ok, content: {application/hal+json: {schema: {type: object, properties: {a: {type: string}}}}}}
                    '201': {description: made, content: {application/vnd.made+json; charset=utf-8: {schema: {type: object, properties: {a: {type: string}}}}}}
                    '202': {description: also, content: {application/HAL+json: {schema: {type: object, properties: {a: {type: string}}}}}}
              /json:
                get:
                  operationId: getJson
                  responses:
                    '200': {description: ok, content: {application/json; charset=utf-8: {schema: {type: object, properties: {a: {type: string}}}}}}
              /any:
                get:
                  operationId: getAny
                  responses:
                    '200': {description: ok, content: {'*/*': {schema: {type: object, properties: {a: {type: string}}}}}}
              /none:
                get:
                  operationId: getNone
                  responses:
                    '204': {description: done}
            """;
        var result = Healthy.Run(spec);
        using var output = result.Load("accept");
        var handler = new Reply(HttpStatusCode.NoContent, string.Empty);
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;

        foreach (var method in new[] { "GetHal", "GetTwo", "GetJson", "GetAny", "GetNone" })
        {
            client.GetType().GetMethod(method, new[] { typeof(System.ClientModel.Primitives.RequestOptions) })!.Invoke(client, new object?[] { null });
        }

        Assert.Equal(
            new[] { "application/hal+json", "application/hal+json, application/vnd.made+json; charset=utf-8", "application/json", "application/json", "application/json" },
            handler.Requests.Select(request => string.Join(", ", request.Headers.GetValues("Accept"))));
        // Only an operation whose answers are not application/json says so: the others' requests are built as before.
        Assert.Equal(2, result.Source("Test.Api.TestClient+Requests.g.cs").Split("accept: ").Length - 1);
    }

    [Fact]
    public void An_optional_client_parameter_is_an_option_that_need_not_be_set_and_is_sent_when_it_is()
    {
        // It was required: a client without it could not be made ("TestClientOptions.Tenant is not set").
        var spec = Header + """

            paths:
              /a:
                get:
                  operationId: get
                  parameters:
                    - {name: tenant, in: query, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: X-Zone, in: header, x-ms-parameter-location: client, schema: {type: integer}}
                  responses:
                    '204': {description: done}
            """;
        using var output = Healthy.Run(spec).Load("optional client parameter");
        var handler = new Answers(new[] { string.Empty, string.Empty });
        using var http = new HttpClient(handler);
        var optionsType = output.Type("Test.Api.TestClientOptions");
        var unset = Activator.CreateInstance(optionsType)!;
        var set = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("Tenant")!.SetValue(set, "t1");
        optionsType.GetProperty("XZone")!.SetValue(set, 7);

        foreach (var options in new[] { unset, set })
        {
            var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
            client.GetType().GetMethod("Get", new[] { typeof(CancellationToken) })!.Invoke(client, new object[] { CancellationToken.None });
        }

        Assert.Equal(new[] { "/a", "/a?tenant=t1" }, handler.Targets);
        Assert.Equal(new[] { "(none)", "7" }, handler.Zones);
    }

    [Fact]
    public void A_whole_number_bound_in_exponent_or_decimal_form_is_checked_on_an_integer()
    {
        // "1e3" is 1000 in JSON; it was reported with DDMG106 as no whole number, and not checked.
        var result = Healthy.Run(Header + """

            paths:
              /a:
                get:
                  operationId: get
                  parameters:
                    - {name: n, in: query, schema: {type: integer, minimum: 1e3, maximum: 2000.0}}
                  responses:
                    '204': {description: done}
            """);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG106");
        Assert.Contains("n is < 1000 or > 2000", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Contradictions_a_spec_makes_are_reported_where_it_makes_them_instead_of_being_kept_or_dropped_quietly()
    {
        // Each was silent: bounds no value meets became checks every call failed, a required name without a property
        // vanished, one parameter became offset and page size at once, and names that do not pair with values were ignored.
        var spec = Header + """

            paths:
              /a:
                get:
                  operationId: list
                  x-speakeasy-pagination:
                    type: offsetLimit
                    inputs:
                      - {name: at, in: parameters, type: offset}
                      - {name: at, in: parameters, type: limit}
                    outputs: {results: $.items}
                  parameters:
                    - {name: at, in: query, schema: {type: integer}}
                    - {name: n, in: query, schema: {type: integer, minimum: 5, maximum: 1}}
                    - {name: s, in: query, schema: {type: string, minLength: 2, maxLength: 1}}
                    - {name: x, in: query, schema: {type: number, minimum: 1, maximum: 1, exclusiveMaximum: true}}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}
            components:
              schemas:
                Page:
                  type: object
                  required: [items, ghost]
                  properties: {items: {type: array, items: {type: string}}}
                Color:
                  type: string
                  enum: [red, green]
                  x-enum-varnames: [Red]
                Shade:
                  type: string
                  enum: [dark, light]
                  x-enum-varnames: Dark
            """;
        var result = Healthy.Run(spec);

        var found = result.Diagnostics.Where(diagnostic => diagnostic.Id is "DDMG108" or "DDMG204" or "DDMG206")
            .Select(diagnostic => (diagnostic.Id, diagnostic.Line())).OrderBy(pair => pair.Item2).ToList();
        Assert.Equal(
            new[]
            {
                ("DDMG204", Healthy.LineOf(spec, "inputs:")),
                ("DDMG108", Healthy.LineOf(spec, "name: n,")),
                ("DDMG108", Healthy.LineOf(spec, "name: s,")),
                ("DDMG108", Healthy.LineOf(spec, "name: x,")),
                ("DDMG108", Healthy.LineOf(spec, "required: [items, ghost]")),
                ("DDMG206", Healthy.LineOf(spec, "x-enum-varnames: [Red]")),
                ("DDMG206", Healthy.LineOf(spec, "x-enum-varnames: Dark")),
            },
            found);
        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.DoesNotContain("ThrowIfOutOfRange(n", requests, StringComparison.Ordinal);
        Assert.DoesNotContain("ThrowIfInvalid(s", requests, StringComparison.Ordinal);
        Assert.Contains("public static Color Red { get; }", result.Source("Test.Api.Color.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_query_or_header_list_option_with_nothing_to_send_is_a_problem_of_the_options()
    {
        // A method argument of such a list is refused when it is empty or holds only null items or an open enum's
        // default, which the list leaves out; an option of it was taken, and every request went without the parameter.
        var result = Healthy.Run(Header + """

            paths:
              /a:
                get:
                  operationId: first
                  parameters:
                    - {name: tags, in: query, required: true, x-ms-parameter-location: client, schema: {type: array, items: {type: string}}}
                    - {name: X-States, in: header, required: true, x-ms-parameter-location: client, schema: {type: array, items: {$ref: '#/components/schemas/State'}}}
                  responses:
                    '204': {description: done}
            components:
              schemas:
                State: {type: string, enum: [done, open]}
            """);
        using var output = result.Load("required list options");
        var state = output.Type("Test.Api.State");
        string? Problem(string?[] tags, params object[] states)
        {
            var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
            var list = Array.CreateInstance(state, states.Length);
            Array.Copy(states, list, states.Length);
            options.GetType().GetProperty("Tags")!.SetValue(options, tags);
            options.GetType().GetProperty("XStates")!.SetValue(options, list);
            return (string?)options.GetType().GetMethod("FindProblem")!.Invoke(options, null);
        }

        var done = Activator.CreateInstance(state, "done")!;
        var none = Activator.CreateInstance(state)!;
        Assert.Null(Problem(["a"], done));
        Assert.Null(Problem([null, "a"], none, done));
        Assert.StartsWith("TestClientOptions.Tags ", Problem([], done), StringComparison.Ordinal);
        Assert.StartsWith("TestClientOptions.Tags ", Problem([null], done), StringComparison.Ordinal);
        Assert.StartsWith("TestClientOptions.XStates ", Problem(["a"], none), StringComparison.Ordinal);
        Assert.StartsWith("TestClientOptions.XStates ", Problem(["a"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_query_or_header_enum_option_of_the_default_value_is_a_problem_of_the_options()
    {
        // An open enum's default has no text, and a query or header leaves it out: a method argument of it is refused,
        // an option of it was taken (only a path's was refused), and every request went without the parameter.
        var result = Healthy.Run(Header + """

            paths:
              /a:
                get:
                  operationId: first
                  parameters:
                    - {name: state, in: query, required: true, x-ms-parameter-location: client, schema: {$ref: '#/components/schemas/State'}}
                  responses:
                    '204': {description: done}
            components:
              schemas:
                State: {type: string, enum: [done, open]}
            """);
        using var output = result.Load("required enum option");
        var state = output.Type("Test.Api.State");
        string? Problem(object value)
        {
            var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
            options.GetType().GetProperty("State")!.SetValue(options, value);
            return (string?)options.GetType().GetMethod("FindProblem")!.Invoke(options, null);
        }

        Assert.Null(Problem(Activator.CreateInstance(state, "done")!));
        Assert.StartsWith("TestClientOptions.State ", Problem(Activator.CreateInstance(state)!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_parameter_that_one_operation_requires_is_a_required_option_for_all()
    {
        // The first operation made it optional; the second has it in its path, which then took a null: CS1501 and CS8604.
        var result = Healthy.Run(Header + """

            paths:
              /a:
                get:
                  operationId: first
                  parameters:
                    - {name: region, in: query, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: zone, in: query, x-ms-parameter-location: client, schema: {type: integer}}
                  responses:
                    '204': {description: done}
              /b/{region}/{zone}:
                get:
                  operationId: second
                  parameters:
                    - {name: region, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                    - {name: zone, in: path, required: true, x-ms-parameter-location: client, schema: {type: integer}}
                  responses:
                    '204': {description: done}
            """);
        using var output = result.Load("required client parameter");

        var problem = output.Type("Test.Api.TestClientOptions").GetMethod("FindProblem")!.Invoke(Activator.CreateInstance(output.Type("Test.Api.TestClientOptions")), null);
        Assert.StartsWith("TestClientOptions.Region is not set", (string)problem!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_client_parameter_name_used_with_another_type_is_an_argument_of_its_method_and_says_so(bool otherOperation)
    {
        // Both uses shared one string option: the header, an integer in the spec, was sent the query's text.
        var header = ", {name: region, in: header, x-ms-parameter-location: client, schema: {type: integer}}";
        var spec = Header + $$$"""

            paths:
              /a:
                get:
                  operationId: first
                  parameters: [{name: region, in: query, required: true, x-ms-parameter-location: client, schema: {type: string}}{{{(otherOperation ? string.Empty : header)}}}]
                  responses:
                    '204': {description: done}
              /b:
                get:
                  operationId: second
                  parameters: [{name: other, in: query, schema: {type: string}}{{{(otherOperation ? header : string.Empty)}}}]
                  responses:
                    '204': {description: done}
            """;
        var result = Healthy.Run(spec);
        using var output = result.Load("client parameter of two types");

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Equal(Healthy.LineOf(spec, "name: region, in: header"), warning.Line());
        var method = otherOperation ? "Second(string? other = null, int? region = null, " : "First(int? region = null, ";
        Assert.Contains(method + "global::System.Threading.CancellationToken cancellationToken = default)", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_parameter_named_like_a_member_of_the_options_is_renamed_and_says_so()
    {
        // It became TransportValue without a word, unlike every other rename.
        var spec = Header + """

            paths:
              /a:
                get:
                  operationId: get
                  parameters:
                    - {name: transport, in: query, required: true, x-ms-parameter-location: client, schema: {type: string}}
                  responses:
                    '204': {description: done}
            """;
        var result = Healthy.Run(spec);

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.Equal(Healthy.LineOf(spec, "name: transport"), warning.Line());
        Assert.Contains("public string? TransportValue\n", result.Source("Test.Api.TestClientOptions.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_client_parameters_that_map_to_one_option_name_say_so_in_plain_words()
    {
        // The warning named the first as "the the client parameter project_id".
        var spec = Header + """

            paths:
              /{project_id}/a:
                get:
                  operationId: getA
                  parameters:
                    - {name: project_id, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                  responses:
                    '204': {description: done}
              /{projectId}/b:
                get:
                  operationId: getB
                  parameters:
                    - {name: projectId, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}
                  responses:
                    '204': {description: done}
            """;
        var result = Healthy.Run(spec);

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.Equal(Healthy.LineOf(spec, "name: projectId"), warning.Line());
        Assert.Contains(
            "already taken by the client parameter 'project_id' at #/paths/~1{project_id}~1a/get/parameters/0; it is generated as 'ProjectIdValue'",
            warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Header_parameters_named_accept_content_type_or_authorization_are_ignored_as_openapi_says()
    {
        // Content-Type became a required argument whose value the body's media type then overwrote.
        var result = Healthy.Run(Header + """

            paths:
              /a:
                post:
                  operationId: send
                  parameters:
                    - {name: Content-Type, in: header, required: true, schema: {type: string}}
                    - {name: accept, in: header, schema: {type: string}}
                    - {name: Authorization, in: header, schema: {type: string}}
                    - {name: X-Trace, in: header, schema: {type: string}}
                  requestBody: {required: true, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
                  responses:
                    '204': {description: done}
            """);

        Assert.Contains("SendAsync(global::Test.Api.SendRequest sendRequest, string? xTrace = null, global::System.Threading.CancellationToken cancellationToken = default)", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_parameter_with_an_inline_enum_shared_by_operations_stays_one_option()
    {
        // Its inline enum is a type of its own at each use (FirstApiVersion, SecondApiVersion): they were taken for two types.
        var result = Healthy.Run(Header + """

            paths:
              /a:
                get:
                  operationId: first
                  parameters: [{$ref: '#/components/parameters/ApiVersion'}]
                  responses:
                    '204': {description: done}
              /b:
                get:
                  operationId: second
                  parameters: [{$ref: '#/components/parameters/ApiVersion'}]
                  responses:
                    '204': {description: done}
            components:
              parameters:
                ApiVersion: {name: api-version, in: query, required: true, x-ms-parameter-location: client, schema: {type: string, enum: ["2024-01-01"]}}
            """);
        using var output = result.Load("shared option");

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Contains("SecondAsync(global::System.Threading.CancellationToken cancellationToken = default)", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_nullable_alias_is_nullable_wherever_it_is_used_and_behind_a_referenced_response()
    {
        // The alias was nullable only where it was first resolved; behind a referenced response, the spec as written was
        // looked up at the place of the reference and never found.
        var result = Healthy.Run(Header + """

            paths:
              /a:
                get:
                  operationId: get
                  responses:
                    '200': {$ref: '#/components/responses/R'}
            components:
              responses:
                R:
                  description: ok
                  content: {application/json: {schema: {type: array, items: {allOf: [{$ref: '#/components/schemas/N'}], nullable: true}}}}
              schemas:
                N: {type: integer}
                NE: {allOf: [{$ref: '#/components/schemas/N'}], nullable: true}
                W:
                  type: object
                  required: [n1, n2]
                  properties: {n1: {$ref: '#/components/schemas/NE'}, n2: {$ref: '#/components/schemas/NE'}}
            """);
        using var output = result.Load("nullable alias");

        var value = System.Text.Json.JsonSerializer.Deserialize("""{"n1":null,"n2":null}""", output.Type("Test.Api.W"))!;

        Assert.Null(value.GetType().GetProperty("N2")!.GetValue(value));
        Assert.Contains("ClientResult<global::System.Collections.Generic.IReadOnlyList<int?>>> GetAsync(", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_operation_whose_only_body_is_not_json_keeps_its_protocol_result()
    {
        var result = Healthy.Run(Header + """

            paths:
              /f:
                get:
                  operationId: download
                  responses:
                    '200': {description: done}
                    '206': {description: part, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
            """);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203");
        Assert.Contains("ClientResult> DownloadAsync(", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_whose_offsets_start_at_one_reads_up_to_the_total()
    {
        // It stopped when the next offset reached the total, one item early: offset 3 of 3 is the last item, not past it.
        var spec = Listing(offset: "{type: integer, minimum: 1}", item: "{type: string}")
            .Replace("outputs: {results: $.items}", "outputs: {results: $.items, total: $.total}", StringComparison.Ordinal)
            .Replace("items: {type: array, items: {type: string}}", "items: {type: array, items: {type: string}}\n                  total: {type: integer}", StringComparison.Ordinal);

        var (items, targets) = Call(spec, "ListAutoPaging", """{"items":["a","b"],"total":3}""", """{"items":["c"],"total":3}""");

        Assert.Equal(new object[] { "a", "b", "c" }, items);
        Assert.Equal(new[] { "/a?offset=1&limit=2", "/a?offset=3&limit=2" }, targets);
    }

    [Fact]
    public void Pages_that_start_alike_are_not_taken_for_the_same_page_again()
    {
        // The guard against a service that ignores the offset compared first items only: a null (or a repeated value)
        // at the start of two pages stopped the listing with an error.
        var spec = Listing(offset: "{type: integer}", item: "{type: string, nullable: true}");

        var (items, _) = Call(spec, "ListAutoPaging", """{"items":[null,"a"]}""", """{"items":[null]}""");

        Assert.Equal(new object?[] { null, "a", null }, items);
    }

    [Fact]
    public void Pages_that_start_and_end_alike_are_not_taken_for_the_same_page_again()
    {
        // The guard compared the first and last items only: two pages of repeated values that differ in between
        // stopped the listing with an error, and the rest of the items were lost.
        var spec = Listing(offset: "{type: integer}", item: "{type: string}").Replace("maximum: 2", "maximum: 3", StringComparison.Ordinal);

        var (items, targets) = Call(spec, "ListAutoPaging", """{"items":["a","b","a"]}""", """{"items":["a","c","a"]}""", """{"items":["d"]}""");

        Assert.Equal(new object[] { "a", "b", "a", "a", "c", "a", "d" }, items);
        Assert.Equal(new[] { "/a?offset=0&limit=3", "/a?offset=3&limit=3", "/a?offset=6&limit=3" }, targets);
    }

    [Fact]
    public void A_service_that_answers_the_same_page_again_is_caught_also_when_its_items_hold_lists()
    {
        // Items are records, whose equality compares a list by reference: two readings of the same page never compared
        // equal, so a service that ignores the offset was listed again and again (for ever without a total).
        var spec = Listing(offset: "{type: integer}", item: "{type: object, properties: {tags: {type: array, items: {type: string}}}}");
        const string Page = """{"items":[{"tags":["a"]},{"tags":["b"]}]}""";

        var exception = Assert.Throws<InvalidOperationException>(() => Call(spec, "ListAutoPaging", Page, Page, Page));

        Assert.Contains("answered offset 2 with the page it answered before", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_page_at_the_total_ends_the_listing()
    {
        var spec = Listing(offset: "{type: integer}", item: "{type: string}")
            .Replace("outputs: {results: $.items}", "outputs: {results: $.items, total: $.total}", StringComparison.Ordinal)
            .Replace("items: {type: array, items: {type: string}}", "items: {type: array, items: {type: string}}\n                  total: {type: integer}", StringComparison.Ordinal);

        // The total shrank between the pages (an item was deleted): the page is asked again one back, in case the deleted
        // item came before and "b" moved up, and there "b" is the last item read, so the listing ends after it.
        var (items, targets) = Call(spec, "ListAutoPaging", """{"items":["a","b"],"total":3}""", """{"items":[],"total":2}""", """{"items":["b"],"total":2}""");

        Assert.Equal(new object[] { "a", "b" }, items);
        Assert.Equal(new[] { "/a?offset=0&limit=2", "/a?offset=2&limit=2", "/a?offset=1&limit=2" }, targets);
    }

    [Fact]
    public void A_required_name_without_a_property_is_reported_once_where_it_is_written()
    {
        var spec = Header + """

            paths: {}
            components:
              schemas:
                Base:
                  type: object
                  required: [a, baseGhost]
                  properties: {a: {type: string}}
                Derived:
                  allOf:
                    - {$ref: '#/components/schemas/Base'}
                    - type: object
                      required: [b, partGhost]
                      properties: {b: {type: string}}
                Other:
                  allOf:
                    - {$ref: '#/components/schemas/Base'}
                    - {type: object, properties: {c: {type: string}}}
            """;

        var lines = Healthy.Run(spec).Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").Select(diagnostic => diagnostic.Line()).OrderBy(line => line);

        Assert.Equal(new[] { Healthy.LineOf(spec, "required: [a, baseGhost]"), Healthy.LineOf(spec, "required: [b, partGhost]") }, lines);
    }

    [Theory]
    [InlineData("application/json-patch+json, application/json, text/json, application/*+json", "application/json")]
    [InlineData("application/*+json", "application/json")]
    [InlineData("application/merge-patch+json", "application/merge-patch+json")]
    public void A_body_goes_out_as_application_json_where_the_spec_lists_it_and_never_as_a_media_range(string listed, string sent)
    {
        var content = string.Concat(listed.Split(", ").Select(type => "\n            " + type + ": {schema: {type: object, properties: {a: {type: string}}}}"));
        var result = Healthy.Run(Header + """

            paths:
              /a:
                post:
                  operationId: send
                  requestBody:
                    required: true
                    content:
            """ + content + """

                  responses:
                    '204': {description: done}
            """);

        Assert.Contains($"message.Request.Headers.Set(\"Content-Type\", \"{sent}\");", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_write_only_property_is_not_demanded_of_an_answer()
    {
        // Both were "required": an answer, which leaves the password out as the spec says, could not be read.
        var result = Healthy.Run(Header + """

            paths: {}
            components:
              schemas:
                User:
                  type: object
                  required: [id, password]
                  properties:
                    id: {type: string, readOnly: true}
                    password: {type: string, writeOnly: true, description: The password.}
            """);
        using var output = result.Load("write only");

        var user = System.Text.Json.JsonSerializer.Deserialize("""{"id":"1"}""", output.Type("Test.Api.User"))!;

        Assert.Equal("1", user.GetType().GetProperty("Id")!.GetValue(user));
        Assert.Null(user.GetType().GetProperty("Password")!.GetValue(user));
        Assert.Contains("/// The password. Requests must carry it", result.Source("Test.Api.User.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_read_only_property_is_demanded_of_an_answer_but_not_of_a_model_made_for_a_request()
    {
        // "id" was a required member: a request body had to set it, and it was sent, although the spec says requests leave it out.
        var result = Healthy.Run(Header + """

            paths: {}
            components:
              schemas:
                User:
                  type: object
                  required: [id, name]
                  properties:
                    id: {type: string, readOnly: true, description: The ID.}
                    name: {type: string}
            """);
        using var output = result.Load("read only");
        var type = output.Type("Test.Api.User");

        var forRequest = Activator.CreateInstance(type)!;
        type.GetProperty("Name")!.SetValue(forRequest, "n");
        var written = System.Text.Json.JsonSerializer.Serialize(forRequest, type);
        var answer = System.Text.Json.JsonSerializer.Deserialize("""{"id":"1","name":"n"}""", type)!;
        var withoutId = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize("""{"name":"n"}""", type));

        Assert.Equal("""{"name":"n"}""", written);
        Assert.Equal("1", type.GetProperty("Id")!.GetValue(answer));
        Assert.Contains("'id'", withoutId.Message, StringComparison.Ordinal);
        Assert.Contains("/// The ID. Answers always carry it (the spec requires it there); requests leave it out", result.Source("Test.Api.User.g.cs"), StringComparison.Ordinal);
        Assert.Contains("public string? Id { get; init; }", result.Source("Test.Api.User.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A spec with the auto-paged <c>list</c> at <c>/a</c> (pages of at most 2 items, no total) whose offset and items
    /// have the schemas given, <paramref name="more"/> parameters and <paramref name="operations"/> beside it.
    /// </summary>
    private static string Listing(string offset, string item, string more = "", string operations = "") => Header + $$$"""

        paths:
          /a:
            get:
              operationId: list
              x-speakeasy-pagination:
                type: offsetLimit
                inputs:
                  - {name: offset, in: parameters, type: offset}
                  - {name: limit, in: parameters, type: limit}
                outputs: {results: $.items}
              parameters:
                - {name: offset, in: query, schema: {{{offset}}}}
                - {name: limit, in: query, schema: {type: integer, maximum: 2}}
        {{{Indent(more, 8)}}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: {type: array, items: {{{item}}}}
        {{{Indent(operations, 4)}}}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));

    /// <summary>
    /// Calls the client method <paramref name="method"/> (all defaults) of the spec's generated client, answering each
    /// request with the next of <paramref name="answers"/> (HTTP 200, JSON); returns the items it gives and the targets asked for.
    /// </summary>
    private static (List<object?> Items, List<string> Targets) Call(string spec, string method, params string[] answers)
    {
        using var output = Healthy.Run(spec).Load(method);
        var handler = new Answers(answers);
        using var http = new HttpClient(handler);
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var target = client.GetType().GetMethods().Single(candidate => candidate.Name == method && candidate.GetParameters().All(parameter => parameter.HasDefaultValue));
        var result = target.Invoke(client, target.GetParameters().Select(parameter => parameter.DefaultValue).ToArray());
        var items = result is IEnumerable sequence ? sequence.Cast<object?>().ToList() : new List<object?> { result };
        return (items, handler.Targets);
    }

    /// <summary>
    /// Calls the client method <paramref name="method"/> of the loaded client with <paramref name="arguments"/> (the
    /// cancellation token added; a trailing null for the protocol method's options is passed as it is), answering with
    /// <paramref name="status"/> and the JSON <paramref name="body"/>; returns what it returns, awaited, and throws what it throws.
    /// </summary>
    private static async Task<object?> Answer(LoadedOutput output, string method, HttpStatusCode status, string body, params object?[] arguments)
    {
        using var http = new HttpClient(new Reply(status, body));
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!)!;
        var protocol = arguments.Length > 0 && arguments[^1] is null;
        var target = client.GetType().GetMethods().Single(candidate => candidate.Name == method
            && candidate.GetParameters().Length == arguments.Length + (protocol ? 0 : 1)
            && (protocol ? candidate.GetParameters()[^1].ParameterType == typeof(System.ClientModel.Primitives.RequestOptions) : candidate.GetParameters()[^1].ParameterType == typeof(CancellationToken)));
        object? result;
        try
        {
            result = target.Invoke(client, protocol ? arguments : arguments.Append(CancellationToken.None).ToArray());
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }

        if (result is Task task)
        {
            await task;
            return task.GetType().GetProperty("Result")!.GetValue(task);
        }

        return result;
    }

    /// <summary>The value of a <c>ClientResult&lt;T&gt;</c>.</summary>
    private static object? Value(object? result) => result!.GetType().GetProperty("Value")!.GetValue(result);

    /// <summary>Answers every request with one status and JSON body; keeps the requests.</summary>
    private sealed class Reply(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private sealed class Answers(string[] bodies) : HttpMessageHandler
    {
        public List<string> Targets { get; } = new();

        /// <summary>The X-Zone header of each request, "(none)" when it had none.</summary>
        public List<string> Zones { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Targets.Add(request.RequestUri!.PathAndQuery);
            Zones.Add(request.Headers.TryGetValues("X-Zone", out var zone) ? string.Join(",", zone) : "(none)");
            Assert.True(Targets.Count <= bodies.Length, "more requests than answers: " + string.Join(", ", Targets));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(bodies[Targets.Count - 1], Encoding.UTF8, "application/json"),
            };
        }
    }

    [Theory]
    [InlineData("3.0.3", true)]
    [InlineData("3.1.0", false)]
    public void What_a_schema_writes_beside_a_reference_in_openapi_3_0_is_reported_as_ignored(string version, bool ignored)
    {
        // Regression: OpenAPI 3.0 ignores every key beside a $ref, and so did the reader, without a word: a member
        // written nullable there refused the null the spec meant to allow, and its description was lost.
        var spec = Header.Replace("3.0.3", version, StringComparison.Ordinal) + """

            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  required: [source]
                  properties:
                    source:
                      $ref: '#/components/schemas/Source'
                      nullable: true
                      description: The source; null before the first restore.
                    wrapped:
                      allOf: [{$ref: '#/components/schemas/Source'}]
                      description: Fine, as allOf.
                    code:
                      $ref: '#/components/schemas/Code'
                      x-ddmgen-error: code
                      example: DBS.280001
                Source: {type: object, properties: {a: {type: string}}}
                Code: {type: string}
            """;

        var result = Healthy.Run(spec);

        var found = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG006").ToList();
        if (!ignored)
        {
            // 3.1 keeps the keys beside a $ref; 'nullable' is reported only as no keyword of 3.1.
            Assert.DoesNotContain(found, diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("beside a $ref", StringComparison.Ordinal));
            Assert.DoesNotContain(found, diagnostic => diagnostic.Line() == Healthy.LineOf(spec, "description: The source"));
            return;
        }

        Assert.Equal(new[] { Healthy.LineOf(spec, "nullable: true"), Healthy.LineOf(spec, "description: The source") }, found.Select(diagnostic => diagnostic.Line()).Order().ToArray());
        var message = found.Single(diagnostic => diagnostic.Line() == Healthy.LineOf(spec, "nullable: true")).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'nullable' beside a $ref", message, StringComparison.Ordinal);
        Assert.Contains("allOf", message, StringComparison.Ordinal);
    }
}
