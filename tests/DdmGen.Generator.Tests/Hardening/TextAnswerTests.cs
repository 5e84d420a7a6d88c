using System;
using System.ClientModel;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Operations whose success answers are text or bytes, generated and called over real HTTP: the Accept header they
/// send, and the body as it came in <c>GetRawResponse().Content</c>, which is where the client leaves it.
/// </summary>
public sealed class TextAnswerTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /version:
            get:
              operationId: getVersion
              responses: {'200': {description: ok, content: {text/plain: {schema: {type: string}}}}}
          /archive:
            get:
              operationId: getArchive
              responses: {'200': {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}}
          /file:
            get:
              operationId: getFile
              responses: {'200': {description: ok, content: {'*/*': {schema: {type: string, format: binary}}}}}
          /jobs:
            post:
              operationId: startJob
              responses:
                '200': {description: done, content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
                '202': {description: accepted, content: {text/plain: {schema: {type: string}}}}
        components:
          schemas:
            Job: {type: object, properties: {job_id: {type: string}}}
        """;

    [Theory]
    [InlineData("GetVersionAsync", "text/plain", "text/plain; charset=utf-8", new byte[] { 0x31, 0x2E, 0x34, 0x2E, 0x32, 0x0A })]
    [InlineData("GetArchiveAsync", "application/octet-stream", "application/octet-stream", new byte[] { 0x00, 0xFF, 0x80, 0x0D, 0x0A, 0x7B })]
    [InlineData("GetFileAsync", "*/*", "image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })]
    public async Task A_text_or_bytes_answer_is_asked_for_by_its_type_and_its_body_is_the_raw_responses_content(string method, string accept, string contentType, byte[] body)
    {
        // The generator tests only read the generated text: no call showed that the request asks for what the spec
        // declares, nor that the body, which the convenience method does not read, comes whole and unchanged.
        using var output = Healthy.Run(Spec).Load("text and bytes answers");

        var (head, result, failure) = await ExchangeAsync(output, method, 200, contentType, body);

        Assert.Null(failure);
        Assert.Equal(accept, Header(head, "Accept"));
        var answer = Assert.IsAssignableFrom<ClientResult>(result);
        Assert.Equal(body, answer.GetRawResponse().Content.ToArray());
        Assert.Null(answer.GetType().GetProperty("Value"));
    }

    [Fact]
    public async Task An_operation_with_a_json_answer_and_a_text_answer_asks_for_both_json_first()
    {
        // Regression: a JSON 200 beside a text/plain 202 sent "Accept: application/json" alone, so a server that chooses
        // by Accept could refuse the 202 the spec describes (406) or not give it as text.
        var result = Healthy.Run(Spec);
        using var output = result.Load("json and text answers");

        var (head, value, failure) = await ExchangeAsync(output, "StartJobAsync", 200, "application/json", Encoding.UTF8.GetBytes("""{"job_id":"j1"}"""));

        Assert.Null(failure);
        Assert.Equal("application/json, text/plain", Header(head, "Accept"));
        var job = value!.GetType().GetProperty("Value")!.GetValue(value)!;
        Assert.Equal("j1", job.GetType().GetProperty("JobId")!.GetValue(job));
    }

    /// <summary>The value of the header <paramref name="name"/> in a request's head; it must be there once.</summary>
    private static string Header(string head, string name) =>
        Assert.Single(head.Split("\r\n").Skip(1), line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();

    /// <summary>
    /// Calls a convenience method (without arguments) of a client whose endpoint is a loopback socket, which answers
    /// <paramref name="status"/> with <paramref name="body"/> as <paramref name="contentType"/>; returns the head of the
    /// request as it came, and the method's result or the <see cref="ClientResultException"/> it throws.
    /// </summary>
    private static async Task<(string Head, object? Result, ClientResultException? Failure)> ExchangeAsync(LoadedOutput output, string method, int status, string contentType, byte[] body)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
            options.GetType().GetProperty("Endpoint")!.SetValue(options, new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"));
            using var http = new HttpClient();
            var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
            var convenience = output.Type("Test.Api.TestClient").GetMethods()
                .Single(candidate => candidate.Name == method && candidate.GetParameters().Last().ParameterType == typeof(CancellationToken));
            var call = (Task)convenience.Invoke(client, new object?[] { CancellationToken.None })!;
            var head = new StringBuilder();
            using (var connection = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromMinutes(1)))
            {
                var stream = connection.GetStream();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    Assert.NotEqual(0, read);
                    head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Status\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
                await stream.WriteAsync(body);
            }

            try
            {
                await call.WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (ClientResultException exception)
            {
                return (head.ToString(), null, exception);
            }

            return (head.ToString(), call.GetType().GetProperty("Result")!.GetValue(call), null);
        }
        finally
        {
            listener.Stop();
        }
    }
}
