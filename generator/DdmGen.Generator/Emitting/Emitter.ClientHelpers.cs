using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    private static void WriteClientHelpers(SourceWriter writer, GenerationContext context, ClientModel client)
    {
        var exception = context.Qualify(context.ExceptionName);
        var options = context.Qualify(context.ResolverName) + ".Options";
        WriteCreateRequest(writer, client);
        writer.Line();
        writer.Lines($$"""
            private async {{Tasks}}.Task<{{Http}}.HttpResponseMessage> SendAsync({{Http}}.HttpRequestMessage request, string operationId, {{CancellationToken}} cancellationToken)
            {
                // Headers first: the body is read only once the status says how to read it.
                var response = await _httpClient.SendAsync(request, {{Http}}.HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                using (response)
                {
                    throw await CreateApiExceptionAsync(response, operationId, cancellationToken).ConfigureAwait(false);
                }
            }

            private static async {{Tasks}}.Task<T> ReadResultAsync<T>({{Http}}.HttpResponseMessage response, string operationId, {{Json}}.Serialization.JsonConverter<T> converter, {{CancellationToken}} cancellationToken)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return ReadJson(body, converter);
                }
                catch (global::System.Exception exception) when (exception is {{Json}}.JsonException or global::System.InvalidOperationException or global::System.FormatException)
                {
                    throw new {{exception}}(operationId, (int)response.StatusCode, null, null, RequestIdOf(response), global::System.Text.Encoding.UTF8.GetString(body), exception);
                }
            }

            private static T ReadJson<T>(byte[] body, {{Json}}.Serialization.JsonConverter<T> converter)
            {
                var reader = new {{Json}}.Utf8JsonReader(body);
                if (!reader.Read())
                {
                    throw new {{Json}}.JsonException("The response body is empty.");
                }

                return converter.Read(ref reader, typeof(T), {{options}}) ?? throw new {{Json}}.JsonException("The response body is null.");
            }
            """);
        if (client.Operations.Any(operation => operation.Body is not null))
        {
            writer.Line();
            writer.Lines($$"""
                private static {{Http}}.HttpContent CreateJsonContent<T>(T value, {{Json}}.Serialization.JsonConverter<T> converter)
                {
                    var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();
                    using (var writer = new {{Json}}.Utf8JsonWriter(buffer))
                    {
                        converter.Write(writer, value, {{options}});
                    }

                    var content = new {{Http}}.ReadOnlyMemoryContent(buffer.WrittenMemory);
                    content.Headers.ContentType = new {{Http}}.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    return content;
                }
                """);
        }

        writer.Line();
        WriteCreateApiException(writer, context, client);
        writer.Line();
        writer.Lines($$"""
            private static string? RequestIdOf({{Http}}.HttpResponseMessage response)
            {
                if (response.Headers.TryGetValues("X-Request-Id", out var values))
                {
                    foreach (var value in values)
                    {
                        return value;
                    }
                }

                return null;
            }

            /// <summary>Builds a relative request URI: literal path parts, escaped segments, then escaped query parameters.</summary>
            private sealed class RequestUri
            {
                private readonly global::System.Text.StringBuilder _text = new global::System.Text.StringBuilder();
                private bool _hasQuery;

                public RequestUri Path(string literal)
                {
                    _text.Append(literal);
                    return this;
                }

                public RequestUri Segment(string value)
                {
                    // "." and ".." must not become dot-segments; every other character EscapeDataString already escapes.
                    var escaped = global::System.Uri.EscapeDataString(value);
                    _text.Append(escaped == "." ? "%2E" : escaped == ".." ? "%2E%2E" : escaped);
                    return this;
                }

                public void Query(string name, string value)
                {
                    _text.Append(_hasQuery ? '&' : '?')
                        .Append(global::System.Uri.EscapeDataString(name))
                        .Append('=')
                        .Append(global::System.Uri.EscapeDataString(value));
                    _hasQuery = true;
                }

                /// <summary>The absolute URI, exactly as built: no unescaping, no dot-segment removal.</summary>
                public global::System.Uri ToUri(global::System.Uri endpoint) =>
                    new global::System.Uri(endpoint.AbsoluteUri + _text, new global::System.UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

                public override string ToString() => _text.ToString();
            }
            """);
    }

    private static void WriteCreateRequest(SourceWriter writer, ClientModel client)
    {
        if (client.Auth is not { } auth)
        {
            writer.Lines($$"""
                private {{Tasks}}.Task<{{Http}}.HttpRequestMessage> CreateRequestAsync({{Http}}.HttpMethod method, RequestUri uri, {{CancellationToken}} cancellationToken)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var request = new {{Http}}.HttpRequestMessage(method, uri.ToUri(_endpoint));
                    request.Headers.Accept.Add(new {{Http}}.Headers.MediaTypeWithQualityHeaderValue("application/json"));
                    return {{Tasks}}.Task.FromResult(request);
                }
                """);
            return;
        }

        var value = auth.Prefix.Length == 0 ? "token" : $"{Literal(auth.Prefix)} + token";
        writer.Lines($$"""
            private async {{Tasks}}.Task<{{Http}}.HttpRequestMessage> CreateRequestAsync({{Http}}.HttpMethod method, RequestUri uri, bool authenticate, {{CancellationToken}} cancellationToken)
            {
                var request = new {{Http}}.HttpRequestMessage(method, uri.ToUri(_endpoint));
                request.Headers.Accept.Add(new {{Http}}.Headers.MediaTypeWithQualityHeaderValue("application/json"));
                if (authenticate && _credential is not null)
                {
                    try
                    {
                        var token = await _credential.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                        request.Headers.TryAddWithoutValidation({{Literal(auth.HeaderName)}}, {{value}});
                    }
                    catch
                    {
                        request.Dispose();
                        throw;
                    }
                }

                return request;
            }
            """);
    }

    private static void WriteCreateApiException(SourceWriter writer, GenerationContext context, ClientModel client)
    {
        var exception = context.Qualify(context.ExceptionName);
        writer.Line($"private static async {Tasks}.Task<{exception}> CreateApiExceptionAsync({Http}.HttpResponseMessage response, string operationId, {CancellationToken} cancellationToken)");
        writer.Line("{");
        writer.Line("    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);");
        writer.Line("    var text = body.Length == 0 ? null : global::System.Text.Encoding.UTF8.GetString(body);");
        if (client.Error is { } error)
        {
            string Pick(EquatableArray<string> properties) =>
                properties.Count == 0 ? "null" : string.Join(" ?? ", properties.Select(property => "error?." + property));
            var requestId = error.RequestIdProperties.Count == 0 ? "RequestIdOf(response)" : Pick(error.RequestIdProperties) + " ?? RequestIdOf(response)";
            writer.Line("    var error = TryReadError(body);");
            writer.Line($"    return new {exception}(operationId, (int)response.StatusCode, {Pick(error.CodeProperties)}, {Pick(error.MessageProperties)}, {requestId}, text);");
            writer.Line("}");
            writer.Line();
            var errorType = context.Qualify(error.TypeName);
            writer.Lines($$"""
                /// <summary>Reads an error body in the shape the spec gives errors, or null when the body is not such JSON.</summary>
                private static {{errorType}}? TryReadError(byte[] body)
                {
                    if (body.Length == 0)
                    {
                        return null;
                    }

                    try
                    {
                        return ReadJson(body, {{context.Qualify(GenerationContext.ConverterName(error.TypeName))}}.Instance);
                    }
                    catch (global::System.Exception exception) when (exception is {{Json}}.JsonException or global::System.InvalidOperationException or global::System.FormatException)
                    {
                        return null;
                    }
                }
                """);
        }
        else
        {
            writer.Line($"    return new {exception}(operationId, (int)response.StatusCode, null, null, RequestIdOf(response), text);");
            writer.Line("}");
        }
    }
}
