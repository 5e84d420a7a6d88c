using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Operations whose request body is not JSON (text, bytes, a form, multipart parts): generated as protocol methods
/// alone, which take the body as <c>BinaryContent</c> and its content type, and called over real HTTP.
/// </summary>
public sealed class RawRequestBodyTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /notes:
            post:
              operationId: addNote
              requestBody: {required: true, content: {text/plain: {schema: {type: string}}}}
              responses: {'204': {description: ok}}
          /files/{name}:
            put:
              operationId: putFile
              parameters: [{name: name, in: path, required: true, schema: {type: string}}]
              requestBody: {required: true, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
              responses: {'204': {description: ok}}
          /forms:
            post:
              operationId: sendForm
              requestBody:
                required: true
                content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: string}}}}}
              responses: {'204': {description: ok}}
          /parts:
            post:
              operationId: sendParts
              requestBody:
                content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}
              responses: {'204': {description: ok}}
        """;

    [Fact]
    public void An_operation_whose_body_is_not_json_has_protocol_methods_alone_and_an_info_says_so()
    {
        // Such an operation was left out (DDMG203), so a spec with one upload had no method to call for it at all.
        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG203");
        var notes = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG306").ToList();
        Assert.Equal(4, notes.Count);
        Assert.All(notes, note => Assert.Equal(DiagnosticSeverity.Info, note.Severity));
        var form = Assert.Single(notes, note => note.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'sendForm'", StringComparison.Ordinal));
        Assert.Equal(Healthy.LineOf(Spec, "application/x-www-form-urlencoded"), form.Line());
        Assert.Contains("BinaryContent", form.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("AddNoteAsync", "text/plain; charset=utf-8", new object[] { }, "POST /notes ", "Grüße\n")]
    [InlineData("PutFileAsync", "application/octet-stream", new object[] { "a b" }, "PUT /files/a%20b ", "\0\u00ff\r\n")]
    [InlineData("SendFormAsync", "application/x-www-form-urlencoded", new object[] { }, "POST /forms ", "a=1&b=%C3%A9")]
    [InlineData("SendPartsAsync", "multipart/form-data; boundary=XyZ", new object[] { }, "POST /parts ", "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhi\r\n--XyZ--\r\n")]
    public async Task The_protocol_method_sends_the_content_as_it_is_with_the_content_type_given(string method, string contentType, object[] arguments, string requestLine, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        using var output = Healthy.Run(Spec).Load("bodies that are not JSON");
        var type = output.Type("Test.Api.TestClient");
        Assert.DoesNotContain(type.GetMethods(), candidate => candidate.Name == method && candidate.GetParameters().Last().ParameterType == typeof(CancellationToken));

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
            options.GetType().GetProperty("Endpoint")!.SetValue(options, new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"));
            using var http = new HttpClient();
            var client = Activator.CreateInstance(type, http, options)!;
            var protocol = type.GetMethods().Single(candidate => candidate.Name == method && candidate.GetParameters().Last().ParameterType == typeof(RequestOptions));
            using var content = BinaryContent.Create(BinaryData.FromBytes(body));
            var call = (Task)protocol.Invoke(client, arguments.Concat(new object?[] { content, contentType, null }).ToArray())!;
            var received = new System.IO.MemoryStream();
            string head;
            int end;
            using (var connection = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromMinutes(1)))
            {
                var stream = connection.GetStream();
                var buffer = new byte[4096];
                while ((end = IndexOf(received.ToArray(), "\r\n\r\n"u8.ToArray())) < 0)
                {
                    var read = await stream.ReadAsync(buffer);
                    Assert.NotEqual(0, read);
                    received.Write(buffer, 0, read);
                }

                head = Encoding.Latin1.GetString(received.ToArray(), 0, end);
                var length = int.Parse(Header(head, "Content-Length"), System.Globalization.CultureInfo.InvariantCulture);
                while (received.Length < end + 4 + length)
                {
                    var read = await stream.ReadAsync(buffer);
                    Assert.NotEqual(0, read);
                    received.Write(buffer, 0, read);
                }

                await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());
            }

            var result = await ((Task<ClientResult>)call).WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(204, result.GetRawResponse().Status);
            Assert.StartsWith(requestLine, head, StringComparison.Ordinal);
            Assert.Equal(contentType, Header(head, "Content-Type"));
            Assert.Equal(body, received.ToArray()[(end + 4)..]);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void The_protocol_method_refuses_a_missing_content_type_before_sending()
    {
        using var output = Healthy.Run(Spec).Load("a body without its type");
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        using var http = new HttpClient();
        var type = output.Type("Test.Api.TestClient");
        var client = Activator.CreateInstance(type, http, options)!;
        var protocol = type.GetMethods().Single(candidate => candidate.Name == "AddNote" && candidate.GetParameters().Last().ParameterType == typeof(RequestOptions));
        using var content = BinaryContent.Create(BinaryData.FromString("x"));

        var failure = Assert.Throws<System.Reflection.TargetInvocationException>(() => protocol.Invoke(client, new object?[] { content, "", null }));

        Assert.Equal("contentType", Assert.IsAssignableFrom<ArgumentException>(failure.InnerException).ParamName);
    }

    /// <summary>
    /// The request builder of an optional body sets the content type it checked without telling the compiler that the
    /// type is there (<c>contentType!</c>): the check and the use were two blocks apart, which the compiler's flow
    /// analysis does not join. It now holds the content with its checked type.
    /// </summary>
    [Fact]
    public void The_request_builder_of_an_optional_body_needs_no_null_forgiving_operator()
    {
        var requests = Healthy.Run(Spec).Source("Test.Api.TestClient+Requests.g.cs");
        var builder = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(requests).GetRoot().DescendantNodes()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
            .Single(method => method.Identifier.Text == "CreateSendPartsMessage");

        Assert.Contains(builder.ParameterList.Parameters, parameter => parameter.ToString() == "string? contentType");
        Assert.DoesNotContain(builder.DescendantNodes(), node => node.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_optional_body_given_without_its_content_type_is_refused_before_sending(string? contentType)
    {
        using var output = Healthy.Run(Spec).Load("an optional body without its type");
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        using var http = new HttpClient();
        var type = output.Type("Test.Api.TestClient");
        var client = Activator.CreateInstance(type, http, options)!;
        var protocol = type.GetMethods().Single(candidate => candidate.Name == "SendParts" && candidate.GetParameters().Last().ParameterType == typeof(RequestOptions));
        using var content = BinaryContent.Create(BinaryData.FromString("x"));

        var failure = Assert.Throws<System.Reflection.TargetInvocationException>(() => protocol.Invoke(client, new object?[] { content, contentType, null }));

        Assert.Equal("contentType", Assert.IsAssignableFrom<ArgumentException>(failure.InnerException).ParamName);
    }

    private static int IndexOf(byte[] bytes, byte[] part)
    {
        for (var i = 0; i + part.Length <= bytes.Length; i++)
        {
            if (bytes.AsSpan(i, part.Length).SequenceEqual(part))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value of the header <paramref name="name"/> in a request's head; it must be there once.</summary>
    private static string Header(string head, string name) =>
        Assert.Single(head.Split("\r\n").Skip(1), line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();
}
