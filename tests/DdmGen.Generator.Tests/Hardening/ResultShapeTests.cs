using System;
using System.ClientModel;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// What a convenience method returns for the success answers the spec describes, over real HTTP: a body the spec
/// allows to be null is a result whose value is null, and its type says so.
/// </summary>
public sealed class ResultShapeTests
{
    private const string Nullable30 = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /number:
            get:
              operationId: getNumber
              responses: {'200': {description: ok, content: {application/json: {schema: {type: number, nullable: true}}}}}
          /text:
            get:
              operationId: getText
              responses: {'200': {description: ok, content: {application/json: {schema: {type: string, nullable: true}}}}}
          /thing:
            get:
              operationId: getThing
              responses: {'200': {description: ok, content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/Thing'}], nullable: true}}}}}
          /shared:
            get:
              operationId: getShared
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/MaybeThing'}}}}}
          /names:
            get:
              operationId: getNames
              responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}, nullable: true}}}}}
          /plain:
            get:
              operationId: getPlain
              responses: {'200': {description: ok, content: {application/json: {schema: {type: number}}}}}
        components:
          schemas:
            Thing: {type: object, properties: {name: {type: string}}}
            MaybeThing: {type: object, nullable: true, properties: {name: {type: string}}}
        """;

    private const string Nullable31 = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /number:
            get:
              operationId: getNumber
              responses: {'200': {description: ok, content: {application/json: {schema: {type: [number, 'null']}}}}}
          /text:
            get:
              operationId: getText
              responses: {'200': {description: ok, content: {application/json: {schema: {type: [string, 'null']}}}}}
          /thing:
            get:
              operationId: getThing
              responses: {'200': {description: ok, content: {application/json: {schema: {type: [object, 'null'], properties: {name: {type: string}}}}}}}
          /shared:
            get:
              operationId: getShared
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/MaybeThing'}}}}}
          /names:
            get:
              operationId: getNames
              responses: {'200': {description: ok, content: {application/json: {schema: {type: [array, 'null'], items: {type: string}}}}}}
          /plain:
            get:
              operationId: getPlain
              responses: {'200': {description: ok, content: {application/json: {schema: {type: number}}}}}
        components:
          schemas:
            MaybeThing: {type: [object, 'null'], properties: {name: {type: string}}}
        """;

    [Theory]
    [InlineData("3.0")]
    [InlineData("3.1")]
    public async Task A_success_body_the_spec_allows_to_be_null_is_a_null_value_of_a_nullable_result(string version)
    {
        // The JSON null was refused as "the response body cannot be read at $", and the result type said it was never null.
        using var output = Healthy.Run(version == "3.0" ? Nullable30 : Nullable31).Load("nullable results " + version);
        var nullability = new NullabilityInfoContext();

        foreach (var method in new[] { "GetNumberAsync", "GetTextAsync", "GetThingAsync", "GetSharedAsync", "GetNamesAsync" })
        {
            var (value, exception) = await AnswerAsync(output, method, 200, "null");
            Assert.Null(exception);
            Assert.Null(value);

            // Task<ClientResult<T?>>: a value type is Nullable<T>, a reference type is annotated.
            var returned = Convenience(output, method);
            var result = nullability.Create(returned.ReturnParameter).GenericTypeArguments[0].GenericTypeArguments[0];
            Assert.True(result.ReadState == NullabilityState.Nullable || Nullable.GetUnderlyingType(result.Type) is not null, $"{method} returns {returned.ReturnType}");
        }

        Assert.Equal(12.5, (await AnswerAsync(output, "GetNumberAsync", 200, "12.5")).Value);
        Assert.Equal("a", (await AnswerAsync(output, "GetTextAsync", 200, "\"a\"")).Value);

        // A body the spec does not allow to be null is still refused, and its type is not nullable.
        var plain = await AnswerAsync(output, "GetPlainAsync", 200, "null");
        Assert.Contains("cannot be read at $", plain.Exception?.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(double), Convenience(output, "GetPlainAsync").ReturnType.GetGenericArguments()[0].GetGenericArguments()[0]);
    }

    private const string DefaultOnly = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /things:
            get:
              operationId: getThing
              responses:
                default: {description: any answer, content: {application/hal+json: {schema: {$ref: '#/components/schemas/Thing'}}}}
          /jobs:
            delete:
              operationId: deleteJob
              responses:
                '404': {description: nf, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorResponse'}}}}
                default: {description: any answer, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
          /errors:
            delete:
              operationId: deleteError
              responses:
                default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorResponse'}}}}
        components:
          schemas:
            Thing: {type: object, properties: {name: {type: string}}}
            ErrorResponse:
              type: object
              properties:
                errCode: {type: string, x-ddmgen-error: code}
                errMessage: {type: string, x-ddmgen-error: message}
        """;

    [Fact]
    public async Task A_default_answer_with_a_body_is_the_result_of_the_success_statuses_when_no_success_answer_is_listed()
    {
        // OpenAPI's default describes every status the spec does not list, so with no 2xx listed it is the success
        // answer too: its body was not read, and the methods returned a ClientResult without a value, without a word.
        var result = Healthy.Run(DefaultOnly);
        using var output = result.Load("default answers");

        var thing = (await AnswerAsync(output, "GetThingAsync", 200, """{"name":"a"}""")).Value;
        Assert.Equal("a", thing?.GetType().GetProperty("Name")!.GetValue(thing));
        var job = (await AnswerAsync(output, "DeleteJobAsync", 202, """{"name":"b"}""")).Value;
        Assert.Equal("b", job?.GetType().GetProperty("Name")!.GetValue(job));

        // Errors are still errors, read by their shape.
        var error = (await AnswerAsync(output, "GetThingAsync", 400, """{"errCode":"E.1","errMessage":"broken"}""")).Exception;
        Assert.Equal("E.1", error?.GetType().GetProperty("ErrorCode")!.GetValue(error));

        // The Accept header names the media type the default answer declares.
        Assert.Contains("application/hal+json", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108" && diagnostic.Line() != Healthy.LineOf(DefaultOnly, "default: {description: error"));
    }

    [Fact]
    public async Task A_default_answer_whose_body_is_a_marked_error_shape_is_not_the_result_and_says_so()
    {
        // The spec marks that body as its errors' (x-ddmgen-error): a success answer is not read as an error, the
        // method returns the answer without a value, and a DDMG108 at the default answer says its body is read for errors only.
        var result = Healthy.Run(DefaultOnly);
        using var output = result.Load("default error answers");

        var warning = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Equal(Healthy.LineOf(DefaultOnly, "default: {description: error"), warning.Line());
        Assert.Contains("x-ddmgen-error", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(typeof(Task<ClientResult>), Convenience(output, "DeleteErrorAsync").ReturnType);

        var (value, exception) = await AnswerAsync(output, "DeleteErrorAsync", 204, string.Empty);
        Assert.Null(exception);
        Assert.Null(value);
        var error = (await AnswerAsync(output, "DeleteErrorAsync", 409, """{"errCode":"E.2","errMessage":"busy"}""")).Exception;
        Assert.Equal("E.2", error?.GetType().GetProperty("ErrorCode")!.GetValue(error));
    }

    private const string Bodiless = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /jobs:
            delete:
              operationId: deleteJobs
              responses:
                '204': {description: deleted, content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
          /job:
            head:
              operationId: checkJob
              responses:
                '200': {description: there, content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
        components:
          schemas:
            Job: {type: object, properties: {job_id: {type: string}}}
        """;

    [Fact]
    public async Task A_204_answer_or_an_answer_to_head_has_no_body_to_read_whatever_content_the_spec_lists()
    {
        // HTTP gives neither a body: the convenience methods read the body the spec lists, and threw at every answer
        // that the response body cannot be read.
        var result = Healthy.Run(Bodiless);
        using var output = result.Load("bodiless answers");

        Assert.Equal(
            new[] { Healthy.LineOf(Bodiless, "'204':"), Healthy.LineOf(Bodiless, "'200':") },
            result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG108").Select(diagnostic => diagnostic.Line()).ToArray());
        Assert.All(new[] { "DeleteJobsAsync", "CheckJobAsync" }, method => Assert.Equal(typeof(Task<ClientResult>), Convenience(output, method).ReturnType));
        Assert.Equal((null, null), await AnswerAsync(output, "DeleteJobsAsync", 204, string.Empty));
        Assert.Equal((null, null), await AnswerAsync(output, "CheckJobAsync", 200, string.Empty));
    }

    [Fact]
    public async Task A_text_json_body_is_read_as_json()
    {
        // text/json, a JSON media type many servers declare, was not taken for JSON: the operation was left out of the
        // client (DDMG error, "the response media type 'text/json' is not supported"), and a text/json request body too.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /job:
                get:
                  operationId: getJob
                  responses: {'200': {description: ok, content: {text/json: {schema: {$ref: '#/components/schemas/Job'}}}}}
              /jobs:
                post:
                  operationId: createJob
                  requestBody: {required: true, content: {'text/json; charset=utf-8': {schema: {$ref: '#/components/schemas/Job'}}}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                Job: {type: object, properties: {job_id: {type: string}}}
            """;
        var result = Healthy.Run(spec);
        using var output = result.Load("text json");

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Contains(output.Type("Test.Api.TestClient").GetMethods(), method => method.Name == "CreateJobAsync");
        Assert.Contains("\"Content-Type\", \"text/json; charset=utf-8\"", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
        Assert.Contains("\"text/json\"", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
        var (value, exception) = await AnswerAsync(output, "GetJobAsync", 200, """{"job_id":"j1"}""");
        Assert.Null(exception);
        Assert.Equal("j1", value!.GetType().GetProperty("JobId")!.GetValue(value));
    }

    [Fact]
    public async Task An_answer_whose_content_has_no_schema_may_come_without_a_body()
    {
        // The spec says nothing of the body, yet an empty one failed the call as "the body is empty", after the
        // service had accepted the request.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /jobs:
                post:
                  operationId: startJob
                  responses: {'202': {description: accepted, content: {application/json: {}}}}
            """;
        using var output = Healthy.Run(spec).Load("schemaless 202");

        var (empty, emptyFailure) = await AnswerAsync(output, "StartJobAsync", 202, string.Empty);
        var (some, someFailure) = await AnswerAsync(output, "StartJobAsync", 202, """{"job_id":"j1"}""");
        var (_, broken) = await AnswerAsync(output, "StartJobAsync", 202, "{");

        Assert.Equal((System.Text.Json.JsonValueKind.Undefined, null), (((System.Text.Json.JsonElement)empty!).ValueKind, emptyFailure));
        Assert.Equal(("j1", null), (((System.Text.Json.JsonElement)some!).GetProperty("job_id").GetString(), someFailure));
        Assert.NotNull(broken);
    }

    private static MethodInfo Convenience(LoadedOutput output, string method) =>
        output.Type("Test.Api.TestClient").GetMethods().Single(candidate => candidate.Name == method && candidate.GetParameters().Last().ParameterType == typeof(CancellationToken));

    /// <summary>
    /// Calls a convenience method (without arguments) of a client whose endpoint is a loopback socket that answers
    /// <paramref name="status"/> with the JSON <paramref name="body"/>; returns the result's value, or the
    /// <see cref="ClientResultException"/> it throws.
    /// </summary>
    internal static async Task<(object? Value, ClientResultException? Exception)> AnswerAsync(LoadedOutput output, string method, int status, string body)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
            options.GetType().GetProperty("Endpoint")!.SetValue(options, new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"));
            using var http = new HttpClient();
            var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
            var call = (Task)Convenience(output, method).Invoke(client, new object?[] { CancellationToken.None })!;
            using (var connection = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromMinutes(1)))
            {
                var stream = connection.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    Assert.NotEqual(0, read);
                    head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }

                var bytes = Encoding.UTF8.GetBytes(body);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"));
                await stream.WriteAsync(bytes);
            }

            try
            {
                await call.WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (ClientResultException exception)
            {
                return (null, exception);
            }

            var result = call.GetType().GetProperty("Result")!.GetValue(call)!;
            return (result.GetType().GetProperty("Value")?.GetValue(result), null);
        }
        finally
        {
            listener.Stop();
        }
    }
}
