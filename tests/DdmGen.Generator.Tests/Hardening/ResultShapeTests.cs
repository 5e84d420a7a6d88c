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
