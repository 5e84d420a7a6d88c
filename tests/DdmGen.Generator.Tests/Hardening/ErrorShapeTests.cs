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
/// A spec extended with another API whose errors have a shape of their own marks that shape with
/// <c>x-ddmgen-error</c> too: the client reads the code and message of every marked shape, each from where it
/// stands in the body (a mark inside a member object is read through that member), over real HTTP.
/// </summary>
public sealed class ErrorShapeTests
{
    private const string Paths = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /backups:
            get:
              operationId: listBackups
              responses:
                '204': {description: ok}
                '404': {description: nf, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorResponse'}}}}
          /jobs:
            get:
              operationId: showJob
              responses:
                '204': {description: ok}
                '404': {$ref: '#/components/responses/JobNotFound'}
        components:
          responses:
            JobNotFound: {description: nf, content: {application/json: {schema: {$ref: '#/components/schemas/JobError'}}}}
          schemas:

        """;

    private const string ErrorResponse = """
            ErrorResponse:
              type: object
              properties:
                errCode: {type: string, x-ddmgen-error: code}
                externalMessage: {type: string, x-ddmgen-error: message}

        """;

    private const string JobError = """
            JobError:
              type: object
              properties:
                error:
                  type: object
                  properties:
                    code: {type: string, x-ddmgen-error: code}
                    message: {type: string, x-ddmgen-error: message}

        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Each_marked_error_shape_gives_the_code_and_message_whichever_schema_comes_first(bool existingFirst)
    {
        // Only the first marked schema was read, and read as the whole body: the other API's errors had no code, and
        // with the nested shape first, neither had.
        var spec = Paths + (existingFirst ? ErrorResponse + JobError : JobError + ErrorResponse);
        using var output = Healthy.Run(spec).Load("error-shapes");

        var backups = await ErrorOfAsync(output, "ListBackupsAsync", """{"errCode":"DBS.280001","externalMessage":"Parameter error."}""");
        var job = await ErrorOfAsync(output, "ShowJobAsync", """{"error":{"code":"DBS.200022","message":"Job not found."}}""");

        Assert.Equal(("DBS.280001", "Parameter error."), (backups.Code, backups.Message));
        Assert.Equal(("DBS.200022", "Job not found."), (job.Code, job.Message));
    }

    [Fact]
    public async Task A_nested_member_is_read_on_its_own_whatever_its_name_and_its_type()
    {
        // Each member is found by its JSON Pointer ("/err~1or~0/code"): a name with "/" or "~" in it, a number where the
        // spec says text, and the same name elsewhere in the body neither hide it nor take its place.
        const string Odd = """
                JobError:
                  type: object
                  properties:
                    "err/or~":
                      type: object
                      properties:
                        code: {type: string, x-ddmgen-error: code}
                        message: {type: string, x-ddmgen-error: message}

            """;
        using var output = Healthy.Run(Paths + ErrorResponse + Odd).Load("error-pointers");

        var job = await ErrorOfAsync(output, "ShowJobAsync", """{"code":"top","err/or~":{"extra":[{"code":"x"}],"code":200022,"message":"Job not found."},"message":"top"}""");

        Assert.Equal(("200022", "Job not found."), (job.Code, job.Message));
    }

    [Fact]
    public async Task A_marked_error_shape_that_the_body_holds_in_a_list_is_read_from_its_first_item()
    {
        // The marked schema was reached through no member object, so it was read as the whole body: the code and message
        // were null, without a word. The first item counts; a later one, or a member of the same name outside the
        // list, does not take its place, and an empty list gives no code.
        const string Listed = """
                JobError:
                  type: object
                  properties:
                    errors:
                      type: array
                      items:
                        type: object
                        properties:
                          code: {type: string, x-ddmgen-error: code}
                          message: {type: string, x-ddmgen-error: message}

            """;
        using var output = Healthy.Run(Paths + ErrorResponse + Listed).Load("listed errors");

        var job = await ErrorOfAsync(output, "ShowJobAsync", """{"code":"top","errors":[{"code":"DBS.200022","message":"Job not found.","more":[{"code":"x"}]},{"code":"second","message":"second"}]}""");
        var none = await ErrorOfAsync(output, "ShowJobAsync", """{"errors":[]}""");
        var backups = await ErrorOfAsync(output, "ListBackupsAsync", """{"errCode":"DBS.280001","externalMessage":"Parameter error."}""");

        Assert.Equal(("DBS.200022", "Job not found."), (job.Code, job.Message));
        Assert.Equal((null, null), (none.Code, none.Message));
        Assert.Equal(("DBS.280001", "Parameter error."), (backups.Code, backups.Message));
    }

    [Fact]
    public async Task A_marked_error_shape_written_inline_in_an_answer_or_a_shared_response_is_read()
    {
        // The marks of an inline schema were never seen: no type was made of it, so its errors had no code.
        const string Spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /backups:
                get:
                  operationId: listBackups
                  responses:
                    '204': {description: ok}
                    '404':
                      description: nf
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              errCode: {type: string, x-ddmgen-error: code}
                              externalMessage: {type: string, x-ddmgen-error: message}
              /jobs:
                get:
                  operationId: showJob
                  responses:
                    '204': {description: ok}
                    '404': {$ref: '#/components/responses/JobNotFound'}
              /jobs/{id}:
                delete:
                  operationId: deleteJob
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses:
                    '204': {description: ok}
                    '404': {$ref: '#/components/responses/JobNotFound'}
            components:
              responses:
                JobNotFound:
                  description: nf
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          error: {$ref: '#/components/schemas/JobErrorDetail'}
              schemas:
                JobErrorDetail:
                  type: object
                  properties:
                    code: {type: string, x-ddmgen-error: code}
                    message: {type: string, x-ddmgen-error: message}
            """;
        var result = Healthy.Run(Spec);
        using var output = result.Load("inline-error-shapes");

        var backups = await ErrorOfAsync(output, "ListBackupsAsync", """{"errCode":"DBS.280001","externalMessage":"Parameter error."}""");
        var job = await ErrorOfAsync(output, "ShowJobAsync", """{"error":{"code":"DBS.200022","message":"Job not found."}}""");

        Assert.Equal(("DBS.280001", "Parameter error."), (backups.Code, backups.Message));
        Assert.Equal(("DBS.200022", "Job not found."), (job.Code, job.Message));
        // The shared response is one type, whichever operation names it first.
        Assert.Single(result.Sources, source => source.HintName.Contains("JobNotFound", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"error":{"code":"DBS.200022","message":"Job not found."}}""")]
    [InlineData("""{"fault":{"code":"DBS.200022","message":"Job not found."}}""")]
    [InlineData("""{"detail":{"error":{"code":"DBS.200022","message":"Job not found."}}}""")]
    public async Task A_marked_schema_that_a_body_holds_through_several_members_is_read_through_each(string body)
    {
        // Only the shortest way to it was read: an answer that had it under another member had no code.
        const string Several = """
                JobError:
                  type: object
                  properties:
                    error: {$ref: '#/components/schemas/JobErrorDetail'}
                    fault: {$ref: '#/components/schemas/JobErrorDetail'}
                    detail:
                      type: object
                      properties:
                        error: {$ref: '#/components/schemas/JobErrorDetail'}
                JobErrorDetail:
                  type: object
                  properties:
                    code: {type: string, x-ddmgen-error: code}
                    message: {type: string, x-ddmgen-error: message}

            """;
        using var output = Healthy.Run(Paths + ErrorResponse + Several).Load("error-several-paths");

        var job = await ErrorOfAsync(output, "ShowJobAsync", body);

        Assert.Equal(("DBS.200022", "Job not found."), (job.Code, job.Message));
    }

    [Fact]
    public void An_error_answer_whose_reference_does_not_resolve_is_reported_at_it_and_the_operation_is_generated()
    {
        // A misspelt shared response of an error status was read as no answer at all, without a word.
        const string Spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /jobs:
                get:
                  operationId: showJob
                  responses:
                    '204': {description: ok}
                    '404': {$ref: '#/components/responses/NotFund'}
            components:
              responses:
                NotFound: {description: nf, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorResponse'}}}}
              schemas:
                ErrorResponse:
                  type: object
                  properties:
                    errCode: {type: string, x-ddmgen-error: code}
            """;

        var result = Healthy.Run(Spec);

        var unresolved = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG101");
        Assert.Equal(Healthy.LineOf(Spec, "NotFund"), unresolved.Line());
        Assert.Contains("'#/components/responses/NotFund'", unresolved.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("ShowJobAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Calls a convenience method of a client whose endpoint is a loopback socket that answers 404 with
    /// <paramref name="body"/>, and returns the code and message of the exception it throws.
    /// </summary>
    private static async Task<(string? Code, string? Message)> ErrorOfAsync(LoadedOutput output, string method, string body)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
            options.GetType().GetProperty("Endpoint")!.SetValue(options, new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"));
            using var http = new HttpClient();
            var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
            var convenience = client.GetType().GetMethods().Single(candidate => candidate.Name == method && candidate.GetParameters().Last().ParameterType == typeof(CancellationToken));
            var call = (Task)convenience.Invoke(client, new object?[] { CancellationToken.None })!;
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
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"));
                await stream.WriteAsync(bytes);
            }

            var exception = await Assert.ThrowsAsync(output.Type("Test.Api.TestApiException"), () => call.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.IsAssignableFrom<ClientResultException>(exception);
            var type = exception.GetType();
            return ((string?)type.GetProperty("ErrorCode")!.GetValue(exception), (string?)type.GetProperty("ErrorMessage")!.GetValue(exception));
        }
        finally
        {
            listener.Stop();
        }
    }
}
