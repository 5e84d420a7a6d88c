using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    private static GeneratedFile EmitApiException(GenerationContext context)
    {
        var name = context.ExceptionName;
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>
                /// The service answered a request of <see cref="{{context.ClientName}}"/> with an error status, or with a body
                /// that cannot be read.
                /// </summary>
                /// <remarks>
                /// The error code and message come from whichever error shape the answer has; the request id from the
                /// body or the <c>X-Request-Id</c> header. The message never contains the credential.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial class {name} : global::System.Exception"))
            {
                writer.Lines($$"""
                    private const int MaxBodyInMessage = 300;

                    /// <summary>Creates the exception for a failed request.</summary>
                    /// <param name="operationId">The operationId of the request that failed.</param>
                    /// <param name="status">The HTTP status code of the answer.</param>
                    /// <param name="errorCode">The error code the service sent, if any.</param>
                    /// <param name="errorMessage">The error message the service sent, if any.</param>
                    /// <param name="requestId">The id the service gave the request, if any.</param>
                    /// <param name="responseBody">The body of the answer as text, if any.</param>
                    /// <param name="innerException">The exception that made the body unreadable, if any.</param>
                    public {{name}}(
                        string operationId,
                        int status,
                        string? errorCode,
                        string? errorMessage,
                        string? requestId,
                        string? responseBody,
                        global::System.Exception? innerException = null)
                        : base(FormatMessage(operationId, status, errorCode, errorMessage, requestId, responseBody, innerException), innerException)
                    {
                        OperationId = operationId;
                        Status = status;
                        ErrorCode = errorCode;
                        ErrorMessage = errorMessage;
                        RequestId = requestId;
                        ResponseBody = responseBody;
                    }

                    /// <summary>The operationId of the request that failed, for example <c>listBackups</c>.</summary>
                    public string OperationId { get; }

                    /// <summary>The HTTP status code of the answer.</summary>
                    public int Status { get; }

                    /// <summary>The error code the service sent, for example <c>DBS.280001</c> or <c>APIG.0301</c>.</summary>
                    public string? ErrorCode { get; }

                    /// <summary>The error message the service sent.</summary>
                    public string? ErrorMessage { get; }

                    /// <summary>The id the service gave the request; quote it when asking the operator for help.</summary>
                    public string? RequestId { get; }

                    /// <summary>The body of the answer as text; the only detail there is when the body is not JSON.</summary>
                    public string? ResponseBody { get; }

                    private static string FormatMessage(string operationId, int status, string? errorCode, string? errorMessage, string? requestId, string? responseBody, global::System.Exception? innerException)
                    {
                        var text = new global::System.Text.StringBuilder();
                        text.Append(operationId).Append(" failed with HTTP ").Append(status.ToString({{Invariant}}));
                        var reason = ((global::System.Net.HttpStatusCode)status).ToString();
                        if (reason != status.ToString({{Invariant}}))
                        {
                            text.Append(" (").Append(reason).Append(')');
                        }

                        if (errorCode is not null || errorMessage is not null)
                        {
                            text.Append(": ").Append(errorCode ?? "no code");
                            if (errorMessage is not null)
                            {
                                text.Append(' ').Append(errorMessage);
                            }
                        }
                        else if (innerException is not null)
                        {
                            text.Append(": the response body could not be read (").Append(innerException.Message).Append(')');
                        }
                        else if (!string.IsNullOrWhiteSpace(responseBody))
                        {
                            var body = responseBody!.Replace('\r', ' ').Replace('\n', ' ').Trim();
                            text.Append(": ").Append(body.Length > MaxBodyInMessage ? body.Substring(0, MaxBodyInMessage) + "..." : body);
                        }

                        if (requestId is not null)
                        {
                            text.Append(" (request id ").Append(requestId).Append(')');
                        }

                        return text.Append('.').ToString();
                    }
                    """);
            }
        });
    }

    private static GeneratedFile EmitOptions(OptionsUnit unit)
    {
        var context = unit.Context;
        var name = context.OptionsName;
        return File(context, name, writer =>
        {
            SummaryXml(writer, $"Options of <see cref=\"{context.ClientName}\"/>: where requests go, the parameters every request shares, and the credential.");
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial class {name}"))
            {
                if (unit.DefaultEndpoint is { } endpoint)
                {
                    writer.Line("/// <summary>The endpoint of the first server the spec lists.</summary>");
                    writer.Line($"public const string DefaultEndpoint = {Literal(endpoint)};");
                    writer.Line();
                    writer.Line("/// <summary>The base address requests are sent to; <see cref=\"DefaultEndpoint\"/> unless set.</summary>");
                    writer.Line("public global::System.Uri? Endpoint { get; set; } = new global::System.Uri(DefaultEndpoint);");
                }
                else
                {
                    writer.Line("/// <summary>The base address requests are sent to; the spec names none, so it must be set.</summary>");
                    writer.Line("public global::System.Uri? Endpoint { get; set; }");
                }

                foreach (var parameter in unit.Parameters)
                {
                    writer.Line();
                    SummaryXml(writer, parameter.Description is { } description ? Escape(description) : $"The <c>{Escape(parameter.WireName)}</c> parameter.");
                    Doc(writer, "remarks", $"Required: sent as the <c>{Escape(parameter.WireName)}</c> parameter of every request that has it.", xml: true);
                    writer.Line($"public {TypeName(context, parameter.Type, nullable: true)} {parameter.PropertyName} {{ get; set; }}");
                }

                if (unit.Auth is { } auth)
                {
                    writer.Line();
                    SummaryXml(writer, $"Supplies the <c>{Escape(auth.HeaderName)}</c> header of every request; none is sent when null.");
                    writer.Line($"public {context.Qualify(context.CredentialName)}? Credential {{ get; set; }}");
                }
            }
        });
    }

    private static GeneratedFile EmitCredential(CredentialUnit unit)
    {
        var context = unit.Context;
        var auth = unit.Auth;
        var name = context.CredentialName;
        return File(context, name, writer =>
        {
            SummaryXml(writer, $"Supplies the value of the <c>{Escape(auth.HeaderName)}</c> header that the {Escape(auth.SchemeName)} security scheme requires.");
            Remarks(writer, auth.Description);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public abstract partial class {name}"))
            {
                writer.Lines($$"""
                    /// <summary>Returns a valid token, fetching or refreshing it when needed.</summary>
                    /// <param name="cancellationToken">Cancels the wait for a token.</param>
                    /// <returns>The token, without any scheme prefix.</returns>
                    public abstract global::System.Threading.Tasks.ValueTask<string> GetTokenAsync(global::System.Threading.CancellationToken cancellationToken = default);

                    /// <summary>A credential that always supplies the same token.</summary>
                    /// <param name="token">The token.</param>
                    /// <returns>The credential.</returns>
                    /// <exception cref="global::System.ArgumentException"><paramref name="token"/> is null or empty.</exception>
                    public static {{name}} FromToken(string token) => new StaticToken(token);

                    private sealed class StaticToken : {{name}}
                    {
                        private readonly string _token;

                        public StaticToken(string token)
                        {
                            global::System.ArgumentException.ThrowIfNullOrEmpty(token);
                            _token = token;
                        }

                        public override global::System.Threading.Tasks.ValueTask<string> GetTokenAsync(global::System.Threading.CancellationToken cancellationToken = default) =>
                            new global::System.Threading.Tasks.ValueTask<string>(_token);

                        public override string ToString() => "static token";
                    }
                    """);
            }
        });
    }
}
