using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    private const string Tasks = "global::System.Threading.Tasks";
    private const string CancellationToken = "global::System.Threading.CancellationToken";

    private static readonly string[] SecretHeaderNames = { "Authorization", "X-Auth-Token", "X-Security-Token", "X-Subject-Token" };

    /// <summary>
    /// The one internal helper type of a client. Everything the operations share lives here once, so each operation
    /// adds only its own request shape to the generated code.
    /// </summary>
    private static GeneratedFile EmitClientSupport(ClientSupportUnit unit)
    {
        var context = unit.Context;
        var name = context.SupportName;
        var exception = context.Qualify(context.ExceptionName);
        var jsonOptions = context.Qualify(context.ResolverName) + ".Options";
        return File(context, name, writer =>
        {
            SummaryXml(writer, $"What the operations of <see cref=\"{context.ClientName}\"/> share: requests, sending, reading, errors, paging and the body-size limit.");
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"internal static partial class {name}"))
            {
                WriteSupportCore(writer, context, unit, exception, jsonOptions);
                writer.Line();
                WriteErrorReading(writer, context, unit.Error, exception);
                writer.Line();
                WritePageText(writer);
                if (unit.ChecksLengths)
                {
                    writer.Line();
                    WriteLengthCheck(writer);
                }

                if (unit.ChecksOtherPaths)
                {
                    writer.Line();
                    WriteOtherPathCheck(writer);
                }

                if (unit.HasBody)
                {
                    writer.Line();
                    writer.Lines($$"""
                        /// <summary>
                        /// The content of a typed body, for the protocol method: its JSON, written now (so a body that cannot be
                        /// written fails at the call, before the pipeline) by the converter the generated metadata has for its
                        /// type, without reflection.
                        /// </summary>
                        /// <param name="value">The body.</param>
                        /// <param name="converter">The converter of the body's type.</param>
                        /// <returns>The UTF-8 JSON.</returns>
                        public static {{Scm}}.BinaryContent JsonContent<T>(T value, {{Json}}.Serialization.JsonConverter<T> converter)
                        {
                            var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();
                            using (var writer = new {{Json}}.Utf8JsonWriter(buffer))
                            {
                                converter.Write(writer, value, {{context.Qualify(context.JsonHelpersName)}}.WireOptions);
                            }

                            return {{Scm}}.BinaryContent.Create(new global::System.BinaryData(buffer.WrittenMemory));
                        }
                        """);
                }

                writer.Line();
                WriteRequestUri(writer, context, unit.KeepsSecretValues);
                writer.Line();
                WriteResponseLimitTransport(writer, context, exception);
                if (unit.HasPaging)
                {
                    writer.Line();
                    WritePagingSupport(writer, context, jsonOptions);
                }
            }
        });
    }

    private static void WriteSupportCore(SourceWriter writer, GenerationContext context, ClientSupportUnit unit, string exception, string jsonOptions)
    {
        var otherPath = unit.ChecksOtherPaths ? ", or a path value would make another operation's path" : string.Empty;
        // A header parameter whose value is a password is kept out of logs and answers as a credential's header is.
        var secretHeaders = SecretHeaderNames
            .Concat(unit.Auth is { } auth ? new[] { auth.HeaderName } : System.Array.Empty<string>())
            .Concat(unit.SecretHeaders)
            .Distinct(System.StringComparer.OrdinalIgnoreCase)
            .Select(Literal);
        // A number or boolean password header is not masked by value: its digits or "true" would be replaced anywhere.
        var unmaskedHeaders = unit.UnmaskedHeaders
            .Where(name => !SecretHeaderNames.Contains(name, System.StringComparer.OrdinalIgnoreCase) && !string.Equals(unit.Auth?.HeaderName, name, System.StringComparison.OrdinalIgnoreCase))
            .ToList();
        var unmaskedTable = unmaskedHeaders.Count == 0 ? string.Empty : $$"""


            /// <summary>Password headers whose values are numbers or booleans: not logged, but not masked where text repeats them.</summary>
            private static readonly string[] UnmaskedHeaders = { {{string.Join(", ", unmaskedHeaders.Select(Literal))}} };
            """;
        var skipUnmasked = unmaskedHeaders.Count == 0 ? string.Empty : """

                    if (global::System.Array.Exists(UnmaskedHeaders, unmasked => string.Equals(unmasked, header, global::System.StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

            """;
        var secretQueries = unit.SecretQueries.IsEmpty ? string.Empty : $$"""


            /// <summary>Query parameters whose values are passwords: never logged, whatever the logging options allow.</summary>
            private static readonly string[] SecretQueries = { {{string.Join(", ", unit.SecretQueries.Select(Literal))}} };
            """;
        var dropSecretQueries = unit.SecretQueries.IsEmpty ? string.Empty : """

                // As are the query parameters that carry passwords, which the spec names, and '*', which has
                // System.ClientModel log every query value: the parameters named are logged.
                for (var index = logging.AllowedQueryParameters.Count - 1; index >= 0; index--)
                {
                    var name = logging.AllowedQueryParameters[index];
                    if (name == "*" || global::System.Array.Exists(SecretQueries, secret => string.Equals(secret, name, global::System.StringComparison.OrdinalIgnoreCase)))
                    {
                        logging.AllowedQueryParameters.RemoveAt(index);
                    }
                }

            """;
        var keepSecretValues = !unit.KeepsSecretValues ? string.Empty : """

                if (uri.Secrets is { } secrets)
                {
                    SecretValues.AddOrUpdate(message.Request, secrets);
                }

            """;
        var addSecretValues = !unit.KeepsSecretValues ? string.Empty : """

                if (SecretValues.TryGetValue(request, out var values))
                {
                    foreach (var value in values)
                    {
                        if (value.Length >= 4)
                        {
                            (secrets ??= new global::System.Collections.Generic.List<string>()).Add(value);
                        }
                    }
                }

            """;
        var secretValuesTable = !unit.KeepsSecretValues ? string.Empty : $$"""


            /// <summary>The values of the password parameters each request carries in its URI (<see cref="RequestUri.Secrets"/>).</summary>
            private static readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<{{Primitives}}.PipelineRequest, string[]> SecretValues = new();
            """;
        writer.Lines($$"""
            /// <summary>Headers that carry credentials or passwords: never logged, whatever the logging options allow.</summary>
            private static readonly string[] SecretHeaders = { {{string.Join(", ", secretHeaders)}} };{{unmaskedTable}}{{secretQueries}}

            /// <summary>Whether <paramref name="header"/> carries credentials, by its name in any case.</summary>
            /// <param name="header">The header's name.</param>
            public static bool IsSecretHeader(string header) =>
                global::System.Array.Exists(SecretHeaders, secret => string.Equals(secret, header, global::System.StringComparison.OrdinalIgnoreCase));

            /// <summary>
            /// The request options of a convenience method, which carry only its <paramref name="cancellationToken"/>. This
            /// member throws nothing: the exceptions listed are those of the convenience methods, which take this member's
            /// parameter and exception docs with <c>inheritdoc</c> so that each text is written once.
            /// </summary>
            /// <param name="cancellationToken">Cancels the request, including its retries.</param>
            /// <returns>The options; null when the token cannot cancel.</returns>
            /// <exception cref="global::System.ArgumentException">An argument is missing or outside the range the spec allows{{otherPath}}, or text in the path, the query, a header or the body holds a lone surrogate, or a number in the body is NaN or an infinity, or a header value or the credential's token holds a character a header cannot carry; nothing is sent.</exception>
            /// <exception cref="{{exception}}">The service answered with an error, or with a body that cannot be read; or an <c>HttpClient</c> of the caller's followed a redirect.</exception>
            /// <exception cref="global::System.AggregateException">No try got an answer (the service could not be reached, or did not answer within the network timeout) and the retry policy gave up: the failure of each try.</exception>
            /// <exception cref="global::System.ClientModel.ClientResultException">No answer came, and the retry policy made no retry.</exception>
            /// <exception cref="global::System.OperationCanceledException">The cancellation token was cancelled.</exception>
            public static {{Primitives}}.RequestOptions? Options({{CancellationToken}} cancellationToken) =>
                cancellationToken.CanBeCanceled ? new {{Primitives}}.RequestOptions { CancellationToken = cancellationToken } : null;

            /// <summary>
            /// The options of a call whose answer the client reads itself (a convenience method that returns a value, a
            /// page of a listing): those of <see cref="Options"/>, marked while the client's calls are traced, so that
            /// the call's activity lasts until the answer is read and a body that cannot be read marks it failed.
            /// </summary>
            /// <param name="cancellationToken">Cancels the request, including its retries.</param>
            /// <returns>The options; null when the token cannot cancel and no one traces the client.</returns>
            public static {{Primitives}}.RequestOptions? ReadOptions({{CancellationToken}} cancellationToken) =>
                ActivitySource.HasListeners() ? new ReadByClientOptions { CancellationToken = cancellationToken } : Options(cancellationToken);

            /// <summary>
            /// Why <paramref name="endpoint"/> must not be used: not an absolute http(s) address; a user name or password in
            /// it, which no request uses and the pipeline's logs would show; a query or fragment, which would come before
            /// every path; or <c>http://</c> to another machine without the explicit opt-in. The address is not repeated.
            /// </summary>
            public static string? EndpointProblem(global::System.Uri endpoint, bool allowInsecureTransport, string setting)
            {
                if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != "https" && endpoint.Scheme != "http"))
                {
                    return setting + " must be an absolute http:// or https:// address.";
                }

                if (endpoint.UserInfo.Length > 0)
                {
                    return setting + " holds a user name or password, which no request uses and logs would show: remove it, and sign in with the credential.";
                }

                if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
                {
                    return setting + " has a query or fragment ('?' or '#'), which would come before the path of every request: give the base address alone.";
                }

                if (endpoint.Scheme != "http" || endpoint.IsLoopback || allowInsecureTransport)
                {
                    return null;
                }

                // "localhost." is no loopback name to the runtime, and many resolvers ask DNS for it (the hosts file names
                // localhost without the dot), which may answer with another machine.
                return string.Equals(endpoint.Host, "localhost.", global::System.StringComparison.OrdinalIgnoreCase)
                    ? setting + " is http://" + endpoint.Host + ", which many resolvers ask DNS for, so credentials could cross the network in clear text. Write localhost, use https://, or set AllowInsecureTransport."
                    : setting + " is http://" + endpoint.Host + ": credentials would cross the network in clear text. Use https://, or set AllowInsecureTransport.";
            }

            /// <summary>The endpoint with a trailing slash, so that appending a path keeps its last segment.</summary>
            public static global::System.Uri BaseAddress(global::System.Uri endpoint) =>
                endpoint.AbsoluteUri.EndsWith("/", global::System.StringComparison.Ordinal) ? endpoint : new global::System.Uri(endpoint.AbsoluteUri + "/");

            /// <summary>
            /// The source of the client's activities, one per call (<c>{{context.ClientName}}.operationId</c>); name it to
            /// a tracer (OpenTelemetry's <c>AddSource("{{context.Namespace}}.{{context.ClientName}}")</c>) to record them.
            /// </summary>
            public static readonly global::System.Diagnostics.ActivitySource ActivitySource = new global::System.Diagnostics.ActivitySource("{{context.Namespace}}.{{context.ClientName}}");

            #pragma warning disable CA5399 // It checks no certificate revocation list, as System.ClientModel's shared one does not; pass an HttpClient that does for the check.
            /// <summary>
            /// Sends the requests of every client given neither an <c>HttpClient</c> nor a transport: it follows no redirect
            /// and keeps no cookie, where System.ClientModel's shared one keeps those an answer sets and sends them with
            /// every later request to that host, of any client and credential. The pipeline bounds each try, so it has no
            /// timeout of its own.
            /// </summary>
            private static readonly global::System.Net.Http.HttpClient SharedHttpClient = new global::System.Net.Http.HttpClient(new global::System.Net.Http.HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = global::System.Threading.Timeout.InfiniteTimeSpan };
            #pragma warning restore CA5399

            /// <summary>Builds the pipeline of one client from a copy of the options, which stay the caller's and unfrozen.</summary>
            /// <param name="options">The client's options.</param>
            /// <param name="maxResponseSize">The largest body read.</param>
            /// <param name="applicationId">Starts every request's <c>User-Agent</c>; null for none.</param>
            /// <param name="httpClient">Sends the requests, whatever transport the options name; null for the options' transport, else a shared one.</param>
            /// <param name="credential">Authenticates each try; null when the API needs none.</param>
            public static {{Primitives}}.ClientPipeline CreatePipeline({{Primitives}}.ClientPipelineOptions options, long maxResponseSize, string? applicationId, global::System.Net.Http.HttpClient? httpClient, {{Primitives}}.PipelinePolicy? credential)
            {
                var copy = options.Clone();
                var logging = options.ClientLoggingOptions?.Clone() ?? new {{Primitives}}.ClientLoggingOptions();
                var enableLogging = logging.EnableLogging ?? true;

                // System.ClientModel logs an answer's headers and, when asked, its body as they came, which may repeat a
                // credential: every log of the pipeline goes through loggers that mask those of the call under way.
                var masking = logging.LoggerFactory is { } loggerFactory ? new CredentialMaskingLog(loggerFactory) : null;
                logging.LoggerFactory = masking ?? logging.LoggerFactory;

                // ClientRetryPolicy.Default of System.ClientModel 1.17 waits nothing between tries (its delay field is set
                // before the default it reads); a new instance has the documented exponential delays, and this one begins no
                // wait longer than the network timeout. Both it and the transport log through the options' logger factory,
                // as System.ClientModel's own defaults do.
                copy.RetryPolicy ??= new BoundedWaitRetryPolicy(3, enableLogging, logging.LoggerFactory);
                // The HttpClient's transport, whose failures name a proxy by its address as configured, password and all,
                // logs through the one around it, which logs them without it; a transport of the options' logs itself.
                var ours = httpClient is not null || copy.Transport is null;
                var transport = ours ? new RedirectNotingTransport(httpClient ?? SharedHttpClient, false, null) : copy.Transport!;
                copy.Transport = new ResponseLimitTransport(transport, maxResponseSize, ours && enableLogging, logging.LoggerFactory);

                // '*' has System.ClientModel log every header, which would take in the credential headers that a retried
                // request still carries from its try before; it is dropped with them, and the headers named are logged.
                for (var index = logging.AllowedHeaderNames.Count - 1; index >= 0; index--)
                {
                    if (logging.AllowedHeaderNames[index] == "*" || IsSecretHeader(logging.AllowedHeaderNames[index]))
                    {
                        logging.AllowedHeaderNames.RemoveAt(index);
                    }
                }
            {{dropSecretQueries}}
                logging.AllowedHeaderNames.Add("X-Request-Id");
                copy.ClientLoggingOptions = logging;
                var beforeTransport = credential is null ? global::System.Array.Empty<{{Primitives}}.PipelinePolicy>() : new[] { credential };
                // The HttpClient's own User-Agent would be dropped for the request's: it goes first, this library's after it.
                var userAgent = httpClient is { DefaultRequestHeaders.UserAgent.Count: > 0 } ? httpClient.DefaultRequestHeaders.UserAgent + " " + UserAgent : UserAgent;
                userAgent = string.IsNullOrEmpty(applicationId) ? userAgent : applicationId + " " + userAgent;
                var perCall = new {{Primitives}}.PipelinePolicy[] { new TracingPolicy(copy), new UserAgentPolicy(userAgent) };
                return {{Primitives}}.ClientPipeline.Create(copy, masking is null ? perCall : new {{Primitives}}.PipelinePolicy[] { masking, perCall[0], perCall[1] }, default, beforeTransport);
            }

            /// <summary>Why <paramref name="applicationId"/> cannot start the <c>User-Agent</c>, or null (also for none).</summary>
            public static string? ApplicationIdProblem(string? applicationId)
            {
                if (applicationId is null)
                {
                    return null;
                }

                if (applicationId.Length is 0 or > 24)
                {
                    return "must be 1 to 24 characters long.";
                }

                foreach (var character in applicationId)
                {
                    if (character <= ' ' || character >= '\u007f')
                    {
                        return "must be printable ASCII without white space (a product token such as my-app/1.2).";
                    }
                }

                return null;
            }

            /// <summary>
            /// This library's part of the <c>User-Agent</c>: its assembly and version, the runtime and the operating system,
            /// as System.ClientModel's clients send it (only the characters a product token and a comment may hold).
            /// </summary>
            private static readonly string UserAgent = CreateUserAgent();

            private static string CreateUserAgent()
            {
                var assembly = typeof({{context.SupportName}}).Assembly;
                var version = (global::System.Reflection.CustomAttributeExtensions.GetCustomAttribute<global::System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion
                    ?? assembly.GetName().Version?.ToString() ?? "0").Split('+')[0];
                var text = new global::System.Text.StringBuilder();
                Token(text, assembly.GetName().Name);
                Token(text.Append('/'), version);
                text.Append(" (");
                foreach (var character in global::System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + "; " + global::System.Runtime.InteropServices.RuntimeInformation.OSDescription)
                {
                    if (character is >= ' ' and <= '~' and not '(' and not ')' and not '\\')
                    {
                        text.Append(character);
                    }
                }

                return text.Append(')').ToString();

                // A product token holds no separator (RFC 9110); anything else becomes '_'.
                static void Token(global::System.Text.StringBuilder builder, string? value)
                {
                    foreach (var character in value ?? string.Empty)
                    {
                        builder.Append(character is >= '!' and <= '~' and not '(' and not ')' and not '<' and not '>' and not '@' and not ',' and not ';' and not ':' and not '\\' and not '"' and not '/' and not '[' and not ']' and not '?' and not '=' and not '{' and not '}' ? character : '_');
                    }
                }
            }

            /// <summary>
            /// A message for one request: method, URI, the media types accepted. The per-call options are applied when
            /// it is sent, after the operation's own headers and body, so that a header they set wins.
            /// </summary>
            /// <param name="pipeline">The client's pipeline.</param>
            /// <param name="method">The HTTP method.</param>
            /// <param name="uri">The request URI.</param>
            /// <param name="operationId">The operation, for errors and page tokens.</param>
            /// <param name="anonymous">Whether the request goes without a credential.</param>
            /// <param name="accept">The media types the operation's success answers declare: the Accept header.</param>
            /// <returns>The message.</returns>
            public static {{Primitives}}.PipelineMessage CreateMessage({{Primitives}}.ClientPipeline pipeline, string method, RequestUri uri, string operationId, bool anonymous = false, string accept = "application/json")
            {
                var message = pipeline.CreateMessage();
                message.Request.Method = method;
                message.Request.Uri = uri.ToUri();
                message.Request.Headers.Set("Accept", accept);
                message.SetProperty(typeof(OperationKey), operationId);{{keepSecretValues}}
                if (anonymous)
                {
                    message.SetProperty(typeof(AnonymousKey), true);
                }

                return message;
            }

            /// <summary>Whether the operation of <paramref name="message"/> is sent without a credential.</summary>
            public static bool IsAnonymous({{Primitives}}.PipelineMessage message) => message.TryGetProperty(typeof(AnonymousKey), out var value) && value is true;

            /// <summary>Sets a header of the request, or leaves it out when <paramref name="value"/> is null.</summary>
            /// <exception cref="global::System.ArgumentException">The value holds a line break, another control character or a lone surrogate.</exception>
            public static void SetHeader({{Primitives}}.PipelineMessage message, string name, string? value)
            {
                if (value is not null)
                {
                    message.Request.Headers.Set(name, HeaderValue(name, value));
                }
            }

            /// <summary>
            /// The text of an open enum's value as the query or a header takes it: null, which leaves the parameter or the
            /// list item out as a null value is, for a value without text (<c>default</c>), which would go out as
            /// <c>state=</c> or an empty header.
            /// </summary>
            /// <param name="value">The text of the value; null for an optional value not given.</param>
            /// <returns>The text, or null.</returns>
            public static string? EnumText(string? value) => string.IsNullOrEmpty(value) ? null : value;

            /// <summary>
            /// The values of a header list joined by commas, a null value left out as a query list leaves it out; null,
            /// which leaves the header out, for a list that is null or has no value.
            /// </summary>
            /// <param name="values">The text of each value.</param>
            /// <returns>The header's value, or null.</returns>
            public static string? JoinedHeader(global::System.Collections.Generic.IEnumerable<string?>? values)
            {
                if (values is null)
                {
                    return null;
                }

                var text = new global::System.Text.StringBuilder();
                var any = false;
                foreach (var value in values)
                {
                    if (value is not null)
                    {
                        (any ? text.Append(',') : text).Append(value);
                        any = true;
                    }
                }

                return any ? text.ToString() : null;
            }

            /// <summary>
            /// The value, checked before it goes into the header <paramref name="name"/>: a line break would end the
            /// header there and send the rest as headers of its own, so it and every other control character but tab
            /// are refused, without repeating the value (it may be a secret). So is a lone surrogate (text that is not
            /// valid UTF-16): a handler that encodes headers as UTF-8 would send U+FFFD in its place, another value than
            /// the caller's. Other characters are left to the <c>HttpClient</c>, which can be set up to encode them.
            /// </summary>
            /// <exception cref="global::System.ArgumentException">The value holds a line break, another control character or a lone surrogate.</exception>
            public static string HeaderValue(string name, string value) =>
                IsHeaderText(value, asciiOnly: false) ? value : throw new global::System.ArgumentException("The value for the " + name + " header holds a line break, another control character or a lone surrogate, which a header cannot carry.");

            /// <summary>
            /// A credential's value, checked as <see cref="HeaderValue"/> checks a value and refused outside ASCII too:
            /// credentials are ASCII, and <c>HttpClient</c> refuses other characters only as it sends, on every try.
            /// </summary>
            /// <param name="what">What the value is, for the message: <c>The token</c>.</param>
            /// <param name="value">The value.</param>
            /// <returns>The value.</returns>
            /// <exception cref="global::System.ArgumentException">The value holds a control character or a character outside ASCII.</exception>
            public static string CredentialValue(string what, string value) =>
                IsHeaderText(value, asciiOnly: true) ? value : throw new global::System.ArgumentException(what + " holds a line break, another control character or a character outside ASCII, which a header cannot carry.");

            /// <summary>
            /// Whether a header can carry <paramref name="value"/>: no control character but tab, no lone surrogate, and with
            /// <paramref name="asciiOnly"/>, nothing outside ASCII.
            /// </summary>
            internal static bool IsHeaderText(string value, bool asciiOnly)
            {
                for (var index = 0; index < value.Length; index++)
                {
                    var character = value[index];
                    if ((character < ' ' && character != '\t') || character == '\u007f' || (asciiOnly && character > '\u007f'))
                    {
                        return false;
                    }

                    if (char.IsSurrogate(character))
                    {
                        if (!char.IsSurrogatePair(value, index))
                        {
                            return false;
                        }

                        index++;
                    }
                }

                return true;
            }

            /// <summary>Sends the message and disposes it; an error answer throws unless the options say <c>NoThrow</c>.</summary>
            /// <param name="pipeline">The client's pipeline.</param>
            /// <param name="message">The request; disposed once answered.</param>
            /// <param name="options">Per-call options: headers, error behaviour (<c>NoThrow</c>), cancellation; null for none.</param>
            /// <returns>The raw answer; its body is buffered unless the options set <c>BufferResponse</c> to false.</returns>
            /// <exception cref="{{exception}}">The service answered with an error and the options do not say <c>NoThrow</c>; or, whatever they say, an <c>HttpClient</c> of the caller's followed a redirect.</exception>
            public static async {{Tasks}}.ValueTask<{{Scm}}.ClientResult> SendAsync({{Primitives}}.ClientPipeline pipeline, {{Primitives}}.PipelineMessage message, {{Primitives}}.RequestOptions? options)
            {
                using (message)
                {
                    Apply(message, options);
                    try
                    {
                        await pipeline.SendAsync(message).ConfigureAwait(false);
                    }
                    catch (global::System.AggregateException tries) when (CancellationOf(message, tries) is { } cancellation)
                    {
                        global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancellation);
                    }
                    if (Throws(message, options) && !message.BufferResponse)
                    {
                        await BufferErrorAsync(message, async: true).ConfigureAwait(false);
                    }

                    return Complete(message, options);
                }
            }

            /// <inheritdoc cref="SendAsync"/>
            public static {{Scm}}.ClientResult Send({{Primitives}}.ClientPipeline pipeline, {{Primitives}}.PipelineMessage message, {{Primitives}}.RequestOptions? options)
            {
                using (message)
                {
                    Apply(message, options);
                    try
                    {
                        pipeline.Send(message);
                    }
                    catch (global::System.AggregateException tries) when (CancellationOf(message, tries) is { } cancellation)
                    {
                        global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancellation);
                    }
                    if (Throws(message, options) && !message.BufferResponse)
                    {
                        BufferErrorAsync(message, async: false).AsTask().GetAwaiter().GetResult();
                    }

                    return Complete(message, options);
                }
            }

            /// <summary>
            /// The cancellation that ended the last try of a caller who cancelled: the retry policy gathers it with the
            /// failures of the tries before it into an <c>AggregateException</c>, which would hide that the caller gave up.
            /// Null when the caller did not cancel, or the last try ended otherwise.
            /// </summary>
            private static global::System.OperationCanceledException? CancellationOf({{Primitives}}.PipelineMessage message, global::System.AggregateException tries) =>
                message.CancellationToken.IsCancellationRequested && tries.InnerExceptions.Count > 0 && tries.InnerExceptions[tries.InnerExceptions.Count - 1] is global::System.OperationCanceledException cancellation
                    ? cancellation
                    : null;

            /// <summary>
            /// Applies the per-call options last, so that a header they set replaces the operation's own, and checks the
            /// headers as <see cref="HeaderValue"/> checks the operation's: the transport sends a value as given, and a line
            /// break in it would send the rest as headers of their own. A call that returns error answers (<c>NoThrow</c>)
            /// is marked, so that the body of one asked for unbuffered reaches the caller whole. A name that is no HTTP token
            /// (a space, a colon, a line break, a letter outside ASCII) is refused too: the <c>HttpClient</c> would leave
            /// the header out without a word, and a signature made over it would not match what is sent.
            /// </summary>
            /// <exception cref="global::System.ArgumentException">A header the options set has a name that is no HTTP token, or a value that holds a line break, another control character or a lone surrogate; nothing is sent.</exception>
            private static void Apply({{Primitives}}.PipelineMessage message, {{Primitives}}.RequestOptions? options)
            {
                if (options is null)
                {
                    return;
                }

                if (options is ReadByClientOptions)
                {
                    // The client's own options, which set no header.
                    message.SetProperty(typeof(ReadByClientOptions), true);
                    message.Apply(options);
                    return;
                }

                if ((options.ErrorOptions & {{Primitives}}.ClientErrorBehaviors.NoThrow) != 0)
                {
                    message.SetProperty(typeof(ReturnsErrorsKey), true);
                }

                message.Apply(options);
                foreach (var header in message.Request.Headers)
                {
                    if (!IsToken(header.Key))
                    {
                        // The name is not repeated: it may hold the line break that makes it no token.
                        throw new global::System.ArgumentException("The request options set a header whose name is not an HTTP token (letters and digits of ASCII and !#$%&'*+-.^_`|~), which HttpClient would leave out of the request.");
                    }

                    HeaderValue(header.Key, header.Value);
                }
            }

            /// <summary>Whether <paramref name="name"/> is an HTTP token (RFC 9110), as a header's name must be.</summary>
            private static bool IsToken(string name)
            {
                foreach (var character in name)
                {
                    if (character is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~'))
                    {
                        return false;
                    }
                }

                return name.Length > 0;
            }

            /// <summary>
            /// Reads the body of an error answer that the options asked for unbuffered, which the exception is made with:
            /// within the network timeout (the size limit holds too), and a body that cannot be read is the API exception
            /// as well, since the service did answer with an error.
            /// </summary>
            private static async {{Tasks}}.ValueTask BufferErrorAsync({{Primitives}}.PipelineMessage message, bool async)
            {
                var response = message.Response!;
                var networkTimeout = message.NetworkTimeout ?? global::System.TimeSpan.FromSeconds(100);
                using var timeout = global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(message.CancellationToken);
                timeout.CancelAfter(networkTimeout);
                try
                {
                    using (timeout.Token.Register(static stream => ((global::System.IO.Stream?)stream)?.Dispose(), response.ContentStream))
                    {
                        if (async)
                        {
                            await response.BufferContentAsync(timeout.Token).ConfigureAwait(false);
                        }
                        else
                        {
                            response.BufferContent(timeout.Token);
                        }
                    }
                }
                catch (global::System.Exception error) when (error is global::System.IO.IOException or global::System.OperationCanceledException or global::System.ObjectDisposedException)
                {
                    // The caller's cancellation stays a cancellation, however the disposed stream reported it. Any other
                    // is the network timeout, of the whole body or of one read, which no one cancelled.
                    message.CancellationToken.ThrowIfCancellationRequested();
                    var problem = timeout.IsCancellationRequested || error is global::System.OperationCanceledException
                        ? "the body of the error answer did not come within the network timeout (NetworkTimeout, " + networkTimeout.ToString("c", global::System.Globalization.CultureInfo.InvariantCulture) + ")"
                        : "the body of the error answer could not be read (" + error.Message.TrimEnd('.') + ")";
                    var secrets = Secrets(message.Request);
                    throw new {{exception}}(secrets, OperationOf(message), response, requestId: WithoutCredentials(RequestIdOf(response), secrets), problem: problem, innerException: error);
                }
            }

            /// <summary>Whether the answer is an error to throw: its body is read first, also when the options asked for it unbuffered.</summary>
            private static bool Throws({{Primitives}}.PipelineMessage message, {{Primitives}}.RequestOptions? options) =>
                message.Response!.IsError && (options is null || (options.ErrorOptions & {{Primitives}}.ClientErrorBehaviors.NoThrow) == 0);

            private static {{Scm}}.ClientResult Complete({{Primitives}}.PipelineMessage message, {{Primitives}}.RequestOptions? options)
            {
                if (Redirected(message) is { } target)
                {
                    // Whatever the options say about errors: the answer is another address's, and the HttpClient must change.
                    var sent = Secrets(message.Request);
                    throw new {{exception}}(sent, OperationOf(message), message.Response!, requestId: WithoutCredentials(RequestIdOf(message.Response!), sent), problem: "the HttpClient followed a redirect to " + Origin(target) + ", sending the credential's headers along, and its answer is not used; give the client an HttpClient whose handler does not follow redirects (AllowAutoRedirect = false)");
                }

                if (Throws(message, options))
                {
                    throw CreateException(message.Response!, OperationOf(message), message.Request);
                }

                var response = message.ExtractResponse()!;
                if (Secrets(message.Request) is { } secrets)
                {
                    // Reading the answer may fail later, and its exception must not hold them either.
                    SentSecrets.AddOrUpdate(response, secrets);
                }

                return {{Scm}}.ClientResult.FromResponse(response);
            }

            /// <summary>Throws the exception for an argument outside the range the spec allows, before anything is sent.</summary>
            /// <param name="outOfRange">Whether <paramref name="value"/> is outside the range.</param>
            /// <param name="value">The argument.</param>
            /// <param name="name">The name of the parameter.</param>
            /// <param name="message">The rule the argument breaks.</param>
            public static void ThrowIfOutOfRange<T>(bool outOfRange, T value, string name, string message)
            {
                if (outOfRange)
                {
                    throw new global::System.ArgumentOutOfRangeException(name, value, message);
                }
            }

            /// <summary>
            /// Throws for a path parameter that makes a segment on its own and is "." or "..", which a server reads as a
            /// step in the path, escaped or not, before anything is sent (<see cref="RequestUri"/> checks each segment as
            /// a whole again as it is built).
            /// </summary>
            /// <param name="segment">The parameter's text.</param>
            /// <param name="name">The name of the parameter.</param>
            /// <param name="wireName">The parameter's name in the spec.</param>
            public static void ThrowIfStep(string? segment, string name, string wireName)
            {
                if (segment is "." or "..")
                {
                    throw new global::System.ArgumentException("The path parameter " + wireName + " is '" + segment + "', which a server reads as a step in the path, escaped or not, and would answer for another resource; pass the resource's own identifier.", name);
                }
            }

            /// <summary>Throws the exception for an argument the spec does not allow, before anything is sent.</summary>
            /// <param name="invalid">Whether the argument breaks the rule.</param>
            /// <param name="name">The name of the parameter.</param>
            /// <param name="message">The rule the argument breaks.</param>
            public static void ThrowIfInvalid(bool invalid, string name, string message)
            {
                if (invalid)
                {
                    throw new global::System.ArgumentException(message, name);
                }
            }

            private static string OperationOf({{Primitives}}.PipelineMessage message) =>
                message.TryGetProperty(typeof(OperationKey), out var value) && value is string operationId ? operationId : "request";

            /// <summary>Reads the value of a protocol method's answer.</summary>
            /// <param name="result">The answer.</param>
            /// <param name="operationId">The operation, for an error's message.</param>
            /// <param name="converter">Reads the value.</param>
            /// <param name="reads">
            /// The success statuses whose body is the value, when the spec gives another success answer another body or
            /// none; null when every success answer has it.
            /// </param>
            /// <returns>The value and the answer.</returns>
            public static {{Scm}}.ClientResult<T> Read<T>({{Scm}}.ClientResult result, string operationId, {{Json}}.Serialization.JsonConverter<T> converter, global::System.Func<int, bool>? reads = null)
            {
                var response = result.GetRawResponse();
                var activity = TracingPolicy.Take(response);
                try
                {
                    // FromValue refuses null, which ReadBody gives only for a result the spec allows to be null.
                    return {{Scm}}.ClientResult.FromOptionalValue(ReadBody(response, operationId, converter, reads), response)!;
                }
                catch (global::System.Exception exception) when (activity is not null && TracingPolicy.MarkFailed(activity, exception))
                {
                    throw;
                }
                finally
                {
                    TracingPolicy.End(activity);
                }
            }

            /// <summary>Reads the value of a protocol method's answer when it comes: what every async convenience method returns.</summary>
            /// <param name="result">The answer, when it comes.</param>
            /// <param name="operationId">The operation, for an error's message.</param>
            /// <param name="converter">Reads the value.</param>
            /// <param name="reads">The success statuses whose body is the value; null when every success answer has it.</param>
            /// <returns>The value and the answer.</returns>
            public static async {{Tasks}}.Task<{{Scm}}.ClientResult<T>> ReadAsync<T>({{Tasks}}.Task<{{Scm}}.ClientResult> result, string operationId, {{Json}}.Serialization.JsonConverter<T> converter, global::System.Func<int, bool>? reads = null) =>
                Read(await result.ConfigureAwait(false), operationId, converter, reads);

            /// <summary>
            /// Reads a JSON body; a body that cannot be read names the operation and the JSON path where it broke. A
            /// success status that <paramref name="reads"/> leaves out has another body (or none), which is not read:
            /// the exception names the status, and the protocol method gives that answer as it came.
            /// </summary>
            /// <param name="response">The answer.</param>
            /// <param name="operationId">The operation, for an error's message.</param>
            /// <param name="converter">Reads the value.</param>
            /// <param name="reads">The success statuses whose body is the value; null when every success answer has it.</param>
            /// <returns>The value.</returns>
            public static T ReadBody<T>({{Primitives}}.PipelineResponse response, string operationId, {{Json}}.Serialization.JsonConverter<T> converter, global::System.Func<int, bool>? reads = null)
            {
                if (response.Status is >= 300 and < 400)
                {
                    // System.ClientModel counts a redirect as an answer; the client does not follow one (it would carry the
                    // credential). Only the scheme and host of the target are named: its path and query may hold a token.
                    var target = !response.Headers.TryGetValue("Location", out var location) ? string.Empty
                        : global::System.Uri.TryCreate(location, global::System.UriKind.Absolute, out var uri) ? " to " + Origin(uri) : " to another path";
                    var sent = SecretsSentFor(response);
                    throw new {{exception}}(sent, operationId, response, requestId: WithoutCredentials(RequestIdOf(response), sent), problem: "the service answered with a redirect" + target + ", which the client does not follow; check the endpoint");
                }

                var body = Body(response);
                if (reads is not null && !reads(response.Status))
                {
                    var secrets = SecretsSentFor(response);
                    throw new {{exception}}(secrets, operationId, response, requestId: WithoutCredentials(RequestIdOf(response), secrets), responseBody: Text(ErrorBody(response).Span, secrets), problem: "the service answered HTTP " + response.Status.ToString({{Invariant}}) + ", whose body is not the one this method returns; the protocol method (the overload that takes RequestOptions) gives the answer as it came");
                }

                var reader = new {{Json}}.Utf8JsonReader(body.Span);
                try
                {
                    // Checked first: the reader refuses a body of white space or nothing with a message of its own.
                    if (global::System.MemoryExtensions.IndexOfAnyExcept(body.Span, " \t\r\n"u8) < 0 || !reader.Read())
                    {
                        // A result the spec gives no schema may be any body or none (a 202 that only says it accepted):
                        // none is a JsonElement of kind Undefined.
                        if (typeof(T) == typeof({{Json}}.JsonElement))
                        {
                            return default!;
                        }

                        throw new {{Json}}.JsonException("the body is empty");
                    }

                    // Only a converter that handles null, that of a result the spec allows to be null, may give null: T is
                    // then nullable itself (double?, Thing?), so the value is returned as it is.
                    var value = converter.Read(ref reader, typeof(T), {{jsonOptions}});
                    if (value is null && !converter.HandleNull)
                    {
                        throw new {{Json}}.JsonException("the body is null");
                    }

                    // The reader refuses anything but white space after the value, as JsonSerializer does.
                    return reader.Read() ? throw new {{Json}}.JsonException("the body goes on after its JSON value") : value!;
                }
                catch (global::System.Exception exception) when (exception is {{Json}}.JsonException or global::System.InvalidOperationException or global::System.FormatException)
                {
                    // The path may hold a member's name, and the reason a value: either may be a credential repeated.
                    var secrets = SecretsSentFor(response);
                    if (UnreadCoding(response) is { } coding)
                    {
                        // Named only when it is short header text: the header is the server's, and the bytes are no text.
                        var named = coding.Length <= 40 && IsHeaderText(coding, asciiOnly: true) ? " (Content-Encoding: " + coding + ")" : string.Empty;
                        throw new {{exception}}(secrets, operationId, response, requestId: WithoutCredentials(RequestIdOf(response), secrets), problem: "the response body is in a content coding the client does not decode" + named + "; it decodes gzip, deflate and br, and an HttpClient whose handler decodes others can be given to the client");
                    }

                    var reason = WithoutCredentials(exception.Message, secrets)!;
                    var cause = reason == exception.Message ? exception : new {{Json}}.JsonException(reason);
                    if (Charset(response) is { } charset)
                    {
                        // Its bytes read as UTF-8 are no text to quote, and the reader's complaint about one would not say why.
                        throw new {{exception}}(secrets, operationId, response, requestId: WithoutCredentials(RequestIdOf(response), secrets), problem: "the response body is in " + charset + ", the charset its Content-Type names, and the client reads JSON in UTF-8 only, as JSON between systems must be (RFC 8259, 8.1): check the gateway or proxy in front of the service that re-encodes the answer", innerException: cause);
                    }

                    var text = Text(body.Span, secrets);
                    if ((reader.TokenType == {{Json}}.JsonTokenType.None || TextAfterFirstValue(body.Span, reader)) && !string.IsNullOrWhiteSpace(text))
                    {
                        // No JSON from its first character, or none after a first word that JSON has too ("503 Service
                        // Unavailable", "true story"): a page or text that a gateway, a proxy or a sign-in portal answers
                        // with in the service's place, which the reader's complaint about a character would not say.
                        throw new {{exception}}(secrets, operationId, response, requestId: WithoutCredentials(RequestIdOf(response), secrets), responseBody: text, problem: "the service answered HTTP " + response.Status.ToString({{Invariant}}) + " with " + {{exception}}.Described(text!) + ", not JSON: it likely comes from a gateway or proxy in front of the service rather than the service itself; check the endpoint and any proxy between (ResponseBody holds the start of the answer)", innerException: cause);
                    }

                    // Looked for before the cut, so that no part of a credential is left; what leaving out a NUL joins
                    // once cut, the exception looks for in its message as made.
                    var path = {{exception}}.Shown(WithoutCredentials(JsonPath(body.Span, reader.BytesConsumed), secrets)!);
                    var complaint = {{exception}}.Shown(reason).TrimEnd('.');
                    throw new {{exception}}(secrets, operationId, response, requestId: WithoutCredentials(RequestIdOf(response), secrets), responseBody: text, problem: "the response body cannot be read at " + path + " (" + complaint + ")", innerException: cause);
                }
            }

            /// <summary>
            /// Whether the reader stopped at the top of <paramref name="body"/> after a first value that is a number, a
            /// literal or a string, with more than white space after it: text such as "503 Service Unavailable", not JSON
            /// that fails deeper or a lone value of another type than the result's.
            /// </summary>
            private static bool TextAfterFirstValue(global::System.ReadOnlySpan<byte> body, {{Json}}.Utf8JsonReader reader) =>
                reader.CurrentDepth == 0
                && reader.TokenType is {{Json}}.JsonTokenType.Number or {{Json}}.JsonTokenType.String
                    or {{Json}}.JsonTokenType.True or {{Json}}.JsonTokenType.False or {{Json}}.JsonTokenType.Null
                && global::System.MemoryExtensions.IndexOfAnyExcept(body.Slice((int)reader.BytesConsumed), " \t\r\n"u8) >= 0;

            /// <summary>
            /// The charset the <c>Content-Type</c> of <paramref name="response"/> names, lowercase, when it writes even ASCII
            /// otherwise than UTF-8 (UTF-16, UTF-32, UCS-2 or UCS-4), so that no JSON can be read in it; null for any other, whose
            /// JSON reads as UTF-8 but for its letters outside ASCII and fails for reasons of its own, and for none.
            /// </summary>
            private static string? Charset({{Primitives}}.PipelineResponse response)
            {
                if (!response.Headers.TryGetValue("Content-Type", out var type) || type is null)
                {
                    return null;
                }

                var parameters = type.Split(';');
                for (var index = 1; index < parameters.Length; index++)
                {
                    var equals = parameters[index].IndexOf('=');
                    if (equals > 0 && string.Equals(parameters[index].Substring(0, equals).Trim(), "charset", global::System.StringComparison.OrdinalIgnoreCase))
                    {
                        var charset = parameters[index].Substring(equals + 1).Trim().Trim('"').ToLowerInvariant();
                        return charset.Length <= 40 && IsHeaderText(charset, asciiOnly: true)
                            && (charset.StartsWith("utf-16", global::System.StringComparison.Ordinal) || charset.StartsWith("utf-32", global::System.StringComparison.Ordinal)
                                || charset.StartsWith("ucs-", global::System.StringComparison.Ordinal) || charset == "unicode") ? charset : null;
                    }
                }

                return null;
            }

            /// <summary>
            /// The buffered body of <paramref name="response"/>, after the UTF-8 byte order mark that some servers put
            /// first, which JSON read from a stream may start with too.
            /// </summary>
            private static global::System.ReadOnlyMemory<byte> Body({{Primitives}}.PipelineResponse response)
            {
                var body = response.Content.ToMemory();
                return global::System.MemoryExtensions.StartsWith(body.Span, "\uFEFF"u8) ? body.Slice(3) : body;
            }

            /// <summary>The body of an error answer, as <see cref="Body"/>; none when it is in a content coding the client does not decode, whose bytes are no text to quote.</summary>
            private static global::System.ReadOnlyMemory<byte> ErrorBody({{Primitives}}.PipelineResponse response) =>
                UnreadCoding(response) is null ? Body(response) : default;

            /// <summary>
            /// The content codings (<c>Content-Encoding</c>) that the client decodes as it buffers a body, in the order
            /// they were applied (RFC 9110, 8.4): each gzip, deflate or br, in any case, lowercase; identity, which changes
            /// nothing, left out. None when any is another, which <paramref name="unread"/> then holds the header of.
            /// </summary>
            private static string[] DecodedCodings({{Primitives}}.PipelineResponse response, out string? unread)
            {
                unread = null;
                if (!response.Headers.TryGetValue("Content-Encoding", out var value) || value is null)
                {
                    return global::System.Array.Empty<string>();
                }

                var codings = new global::System.Collections.Generic.List<string>();
                foreach (var part in value.Split(','))
                {
                    var coding = part.Trim().ToLowerInvariant();
                    switch (coding)
                    {
                        case "x-gzip":
                            codings.Add("gzip");
                            break;
                        case "gzip" or "deflate" or "br":
                            codings.Add(coding);
                            break;
                        case "identity" or "":
                            break;
                        default:
                            unread = value.Trim();
                            return global::System.Array.Empty<string>();
                    }
                }

                return codings.ToArray();
            }

            /// <summary>The <c>Content-Encoding</c> of a body that the client does not decode; null for none, identity, or codings it decodes.</summary>
            private static string? UnreadCoding({{Primitives}}.PipelineResponse response)
            {
                DecodedCodings(response, out var unread);
                return unread;
            }

            /// <summary>The JSON path (<c>$.items[3].name</c>) of the token that ends at <paramref name="position"/>.</summary>
            private static string JsonPath(global::System.ReadOnlySpan<byte> body, long position)
            {
                var names = new global::System.Collections.Generic.List<string?>();
                var indexes = new global::System.Collections.Generic.List<int>();
                var reader = new {{Json}}.Utf8JsonReader(body);
                try
                {
                    while (reader.BytesConsumed < position && reader.Read())
                    {
                        var token = reader.TokenType;
                        if (token == {{Json}}.JsonTokenType.PropertyName)
                        {
                            try
                            {
                                names[names.Count - 1] = reader.GetString();
                            }
                            catch (global::System.InvalidOperationException)
                            {
                                // A name that is not UTF-8: shown as written, with U+FFFD for the bytes that are no text.
                                names[names.Count - 1] = global::System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                            }

                            continue;
                        }

                        if (token is {{Json}}.JsonTokenType.EndObject or {{Json}}.JsonTokenType.EndArray)
                        {
                            names.RemoveAt(names.Count - 1);
                            indexes.RemoveAt(indexes.Count - 1);
                            continue;
                        }

                        if (indexes.Count > 0 && indexes[indexes.Count - 1] >= -1 && names[names.Count - 1] is null)
                        {
                            indexes[indexes.Count - 1]++;
                        }

                        if (token is {{Json}}.JsonTokenType.StartObject or {{Json}}.JsonTokenType.StartArray)
                        {
                            names.Add(null);
                            indexes.Add(token == {{Json}}.JsonTokenType.StartArray ? -1 : -2);
                        }
                    }
                }
                catch ({{Json}}.JsonException)
                {
                    // A truncated or malformed body: the path so far is where it broke.
                }

                var path = new global::System.Text.StringBuilder("$");
                for (var level = 0; level < names.Count; level++)
                {
                    if (indexes[level] >= 0)
                    {
                        path.Append('[').Append(indexes[level].ToString({{Invariant}})).Append(']');
                    }
                    else if (names[level] is { } member)
                    {
                        path.Append('.').Append(member);
                    }
                }

                return path.ToString();
            }

            /// <summary>
            /// The start of a body as text, without the <paramref name="secrets"/> the request carried. They are masked in the
            /// whole body before it is cut, so that no copy cut in two is left, or pulled into the part kept.
            /// </summary>
            private static string? Text(global::System.ReadOnlySpan<byte> body, string[]? secrets)
            {
                if (body.IsEmpty)
                {
                    return null;
                }

                // Only the start of the body is kept, so a huge error page never lives on in an exception.
                var kept = {{exception}}.MaxBodyKept * 4;
                if (secrets is null)
                {
                    return global::System.Text.Encoding.UTF8.GetString(body.Length > kept ? body.Slice(0, kept) : body);
                }

                // A copy cut off at the end of what is read is not masked: at most six characters (and bytes) per character
                // of the secret, each one escaped. So that much more is read, and dropped again after masking, since the
                // masks before it may have pulled it into the part kept; and more is read while the masks leave less than
                // the part kept, up to a bound, so that a body of many copies costs no more than that.
                var cutCopy = 0;
                foreach (var secret in secrets)
                {
                    cutCopy = global::System.Math.Max(cutCopy, secret.Length * 6);
                }

                var bound = global::System.Math.Max(kept * 4 + cutCopy, 1 << 20);
                for (var read = kept * 4 + cutCopy; ; read = (int)global::System.Math.Min((long)read * 2, bound))
                {
                    var whole = read >= body.Length;
                    var text = Masked(global::System.Text.Encoding.UTF8.GetString(whole ? body : body.Slice(0, read)), secrets);
                    text = whole ? text : text.Substring(0, global::System.Math.Max(0, text.Length - cutCopy));
                    if (whole || text.Length >= kept || read >= bound)
                    {
                        return text.Length > kept ? text.Substring(0, kept) : text;
                    }
                }
            }

            /// <summary>
            /// <paramref name="text"/> with each of the <paramref name="secrets"/> replaced by <c>***</c>, also where JSON
            /// escapes write it (see <see cref="MaskedAsRead"/>), and without its NULs where leaving them out spells one
            /// (see <see cref="JoinsNone"/>).
            /// </summary>
            private static string Masked(string text, string[] secrets)
            {
                foreach (var secret in secrets)
                {
                    text = MaskedAsRead(text, secret).Replace(secret, "***", global::System.StringComparison.Ordinal);
                }

                return JoinsNone(text, secrets) ? text : Masked(text.Replace("\0", string.Empty, global::System.StringComparison.Ordinal), secrets);
            }

            /// <summary>
            /// The credentials whose copies an answer must not pass on: the request's credential headers (and those of
            /// password parameters), the part after a scheme ("Bearer x"), the value of a <c>Signature=</c> parameter
            /// (AK/SK signing), which a gateway may repeat without the rest, and the passwords its path and query carry, as
            /// given and as escaped. As for a header, a value of fewer than four characters is not masked: it would mask
            /// the same characters wherever the text holds them; a password so short is logged by no name either.
            /// </summary>
            private static string[]? Secrets({{Primitives}}.PipelineRequest? request)
            {
                if (request is null)
                {
                    return null;
                }

                global::System.Collections.Generic.List<string>? secrets = null;{{addSecretValues}}
                foreach (var header in SecretHeaders)
                {{{skipUnmasked}}
                    if (request.Headers.TryGetValue(header, out var value) && value is { Length: >= 4 })
                    {
                        (secrets ??= new global::System.Collections.Generic.List<string>()).Add(value);
                        var space = value.IndexOf(' ');
                        if (space > 0 && value.Length - space > 4)
                        {
                            secrets.Add(value.Substring(space + 1));
                        }

                        for (var at = value.IndexOf("Signature=", global::System.StringComparison.OrdinalIgnoreCase); at > 0; at = value.IndexOf("Signature=", at + 1, global::System.StringComparison.OrdinalIgnoreCase))
                        {
                            // A parameter of its own (after a space or comma), up to the next comma, quoted or not.
                            var start = at + "Signature=".Length;
                            var end = value.IndexOf(',', start);
                            var signature = value.Substring(start, (end < 0 ? value.Length : end) - start).Trim().Trim('"');
                            if (value[at - 1] is ' ' or ',' && signature.Length >= 4)
                            {
                                secrets.Add(signature);
                            }
                        }
                    }
                }

                return secrets?.ToArray();
            }

            /// <summary>The credentials the request of a returned answer carried, for an exception made when its body is read.</summary>
            private static string[]? SecretsSentFor({{Primitives}}.PipelineResponse response) =>
                SentSecrets.TryGetValue(response, out var secrets) ? secrets : null;

            private static readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<{{Primitives}}.PipelineResponse, string[]> SentSecrets = new();{{secretValuesTable}}

            /// <summary>
            /// <paramref name="text"/> without the user name and password of the URLs in it: the runtime names a proxy that
            /// refused the tunnel, or could not be reached, by its address as configured
            /// (<c>HTTPS_PROXY=http://user:password@proxy:3128</c>), and the credentials' own messages repeat such text.
            /// </summary>
            internal static string WithoutUserInfo(string text)
            {
                for (var start = text.IndexOf("://", global::System.StringComparison.Ordinal); start >= 0; start = text.IndexOf("://", start, global::System.StringComparison.Ordinal))
                {
                    start += 3;

                    // The authority ends where the path, query or fragment begins, or where the text around the URL goes on.
                    var end = start;
                    while (end < text.Length && text[end] is not ('/' or '?' or '#' or '\'' or '"' or '(' or ')') && !char.IsWhiteSpace(text[end]))
                    {
                        end++;
                    }

                    // The last '@' of it: a password may hold one unescaped.
                    var at = end > start ? text.LastIndexOf('@', end - 1, end - start) : -1;
                    if (at >= 0)
                    {
                        text = string.Concat(text.Substring(0, start), text.Substring(at + 1));
                    }
                }

                return text;
            }

            /// <summary>
            /// <paramref name="exception"/>, or a copy of it without user names and passwords when it is an
            /// <c>HttpRequestException</c> that has them in its text or its causes: the same type, <c>HttpRequestError</c>,
            /// status code and stack trace, so that whatever decides on it decides as on the original.
            /// </summary>
            internal static global::System.Exception FailureWithoutUserInfo(global::System.Exception exception)
            {
                if (exception.GetType() != typeof(global::System.Net.Http.HttpRequestException))
                {
                    return exception;
                }

                var failure = (global::System.Net.Http.HttpRequestException)exception;
                var message = WithoutUserInfo(failure.Message);
                var inner = failure.InnerException is { } cause ? FailureWithoutUserInfo(cause) : null;
                return ReferenceEquals(inner, failure.InnerException) && message == failure.Message
                    ? failure
                    : WithStackTrace(new global::System.Net.Http.HttpRequestException(failure.HttpRequestError, message, inner, failure.StatusCode), failure);
            }

            /// <summary>The copy of an exception, given the original's stack trace.</summary>
            private static T WithStackTrace<T>(T copy, global::System.Exception original)
                where T : global::System.Exception =>
                original.StackTrace is { } trace ? (T)global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.SetRemoteStackTrace(copy, trace) : copy;

            /// <summary>
            /// Text of an answer with every credential the request carried replaced by <c>***</c>: a service or gateway may
            /// repeat one in an error message, which must reach neither an exception nor, from there, a log.
            /// </summary>
            /// <remarks>
            /// For text as it is (a code, a message or a request id read from JSON, a header, the exception's message once
            /// made); a body as JSON text goes through <see cref="Text"/>. A text that spells a credential once its NULs are
            /// left out is given without them (see <see cref="JoinsNone"/>).
            /// </remarks>
            internal static string? WithoutCredentials(string? text, string[]? secrets)
            {
                if (text is null || secrets is null)
                {
                    return text;
                }

                foreach (var secret in secrets)
                {
                    text = text.Replace(secret, "***", global::System.StringComparison.Ordinal);
                }

                return JoinsNone(text, secrets) ? text : WithoutCredentials(text.Replace("\0", string.Empty, global::System.StringComparison.Ordinal), secrets);
            }

            /// <summary>
            /// Whether <paramref name="text"/> spells none of the <paramref name="secrets"/> once its NULs are left out, as
            /// the exception's message leaves them out, and as a terminal or a log may show it: text in UTF-16 read as
            /// UTF-8 has a NUL beside each letter, which keeps a copy from being found until it goes. Where the text does,
            /// it is given without its NULs, so that the copy is masked.
            /// </summary>
            private static bool JoinsNone(string text, string[] secrets)
            {
                if (!text.Contains('\0'))
                {
                    return true;
                }

                var joined = text.Replace("\0", string.Empty, global::System.StringComparison.Ordinal);
                return !global::System.Array.Exists(secrets, secret => joined.Contains(secret, global::System.StringComparison.Ordinal));
            }

            /// <summary>
            /// JSON text with each copy of <paramref name="secret"/> replaced by <c>***</c>, also where escapes write its
            /// characters: <c>\/</c> for a slash, as many services write it, or <c>\u002B</c> for a plus sign, as
            /// System.Text.Json does by default. Copies are found in the text as JSON reads it, each character of which
            /// knows where it was written; a copy as it is (a secret that holds a backslash) is replaced after.
            /// </summary>
            private static string MaskedAsRead(string text, string secret)
            {
                if (!text.Contains('\\'))
                {
                    return text;
                }

                var read = new global::System.Text.StringBuilder(text.Length);
                var written = new int[text.Length + 1];
                for (var index = 0; index < text.Length;)
                {
                    written[read.Length] = index;
                    read.Append({{context.Qualify(context.JsonHelpersName)}}.Unescaped(text, ref index));
                }

                written[read.Length] = text.Length;
                var view = read.ToString();
                var masked = new global::System.Text.StringBuilder(text.Length);
                var copied = 0;
                for (var found = view.IndexOf(secret, global::System.StringComparison.Ordinal); found >= 0; found = view.IndexOf(secret, found + secret.Length, global::System.StringComparison.Ordinal))
                {
                    masked.Append(text, copied, written[found] - copied).Append("***");
                    copied = written[found + secret.Length];
                }

                return copied == 0 ? text : masked.Append(text, copied, text.Length - copied).ToString();
            }

            private static string? RequestIdOf({{Primitives}}.PipelineResponse response) =>
                response.Headers.TryGetValue("X-Request-Id", out var value) ? value : null;

            /// <summary>The options of a call whose answer the client reads itself, while its calls are traced (<see cref="ReadOptions"/>).</summary>
            private sealed class ReadByClientOptions : {{Primitives}}.RequestOptions
            {
            }

            private sealed class OperationKey
            {
            }

            private sealed class AnonymousKey
            {
            }

            private sealed class RedirectedKey
            {
            }

            /// <summary>Marks a call whose options say <c>NoThrow</c>, which returns an error answer rather than reading it.</summary>
            private sealed class ReturnsErrorsKey
            {
            }

            /// <summary>Whether the call of <paramref name="message"/> returns an error answer as it came (<c>NoThrow</c>).</summary>
            private static bool ReturnsErrors({{Primitives}}.PipelineMessage message) =>
                message.TryGetProperty(typeof(ReturnsErrorsKey), out var returns) && returns is true;

            /// <summary>Where the <c>HttpClient</c> followed a redirect to for the last try, whose answer the call refuses; null when it did not.</summary>
            private static global::System.Uri? Redirected({{Primitives}}.PipelineMessage message) =>
                message.TryGetProperty(typeof(RedirectedKey), out var redirected) ? redirected as global::System.Uri : null;

            /// <summary>The scheme and host of an address other than the request's: its path and query may hold a token.</summary>
            private static string Origin(global::System.Uri address) =>
                address.Scheme == "http" || address.Scheme == "https" ? address.GetComponents(global::System.UriComponents.SchemeAndServer, global::System.UriFormat.UriEscaped) : "another path";

            /// <summary>
            /// Sends through an <c>HttpClient</c> and notes an answer from another address than the request's: the
            /// <c>HttpClient</c> followed a redirect, with the credential's headers (it drops only <c>Authorization</c>).
            /// The client's own <c>HttpClient</c> does not follow redirects; one the caller passes may.
            /// </summary>
            private sealed class RedirectNotingTransport : {{Primitives}}.HttpClientPipelineTransport
            {
                public RedirectNotingTransport(global::System.Net.Http.HttpClient? client, bool enableLogging, global::Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
                    : base(client, enableLogging, loggerFactory)
                {
                }

                protected override void OnReceivedResponse({{Primitives}}.PipelineMessage message, global::System.Net.Http.HttpResponseMessage httpResponse)
                {
                    base.OnReceivedResponse(message, httpResponse);

                    // Noted for each try: a retry that the service answers itself leaves no mark of an earlier one.
                    var answered = httpResponse.RequestMessage?.RequestUri;
                    message.SetProperty(typeof(RedirectedKey), answered is not null && answered != message.Request.Uri ? answered : null);
                }
            }
            """);
    }

    private static void WriteErrorReading(SourceWriter writer, GenerationContext context, ErrorModel? error, string exception)
    {
        var helpers = context.Qualify(context.JsonHelpersName);
        // Every role's members of every shape in one list, so the answer is read once: a role takes the first of its
        // members, in the order of the shapes, that holds text; a message then falls back on a problem details body's (RFC 9457).
        var codes = error?.CodeMembers ?? EquatableArray<string>.Empty;
        var messages = error?.MessageMembers ?? EquatableArray<string>.Empty;
        var requestIds = error?.RequestIdMembers ?? EquatableArray<string>.Empty;
        var pointers = codes.Concat(messages).Concat(requestIds).ToList();
        var offset = 0;
        string Pick(EquatableArray<string> members, string? otherwise = null)
        {
            var picked = members.Select((_, index) => $"members[{offset + index}]").ToList();
            offset += members.Count;
            return string.Join(" ?? ", otherwise is null ? picked.DefaultIfEmpty("null") : picked.Append(otherwise));
        }

        var code = Pick(codes);
        var message = Pick(messages, "ProblemMessage(response, body.Span)");
        var requestId = Pick(requestIds, "RequestIdOf(response)");

        // A spec without an error shape has no members to read but a problem details body's.
        var membersLine = pointers.Count == 0 ? string.Empty : $"var members = ErrorMembers(body.Span, {string.Join(", ", pointers.Select(Literal))});\n    ";
        writer.Lines($$"""
            /// <summary>
            /// The exception for an error answer, with the code, message and request id from whichever error shape it has,
            /// and without the credentials of <paramref name="request"/> where the answer repeats them.
            /// </summary>
            public static {{exception}} CreateException({{Primitives}}.PipelineResponse response, string operationId, {{Primitives}}.PipelineRequest? request = null)
            {
                var body = ErrorBody(response);
                {{membersLine}}var secrets = Secrets(request);
                return new {{exception}}(secrets, operationId, response, WithoutCredentials({{code}}, secrets), WithoutCredentials({{message}}, secrets), WithoutCredentials({{requestId}}, secrets), Text(body.Span, secrets));
            }

            /// <summary>
            /// The message of a problem details body (RFC 9457, <c>application/problem+json</c>): its title and its detail,
            /// either alone when the other is missing; null for an answer of another media type, whose members of those
            /// names may mean anything. Both are strings, and the RFC has a member of another type ignored: a number or an
            /// object there is no part of the message.
            /// </summary>
            private static string? ProblemMessage({{Primitives}}.PipelineResponse response, global::System.ReadOnlySpan<byte> body)
            {
                if (!response.Headers.TryGetValue("Content-Type", out var type) || type is null
                    || !string.Equals(type.Split(';')[0].Trim(), "application/problem+json", global::System.StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                string? title = null;
                string? detail = null;
                var reader = new {{Json}}.Utf8JsonReader(body, new {{Json}}.JsonReaderOptions { MaxDepth = int.MaxValue });
                try
                {
                    if (reader.Read() && reader.TokenType == {{Json}}.JsonTokenType.StartObject)
                    {
                        // Of a repeated member, the last string with text counts, as of the members ErrorMembers reads.
                        while (reader.Read() && reader.TokenType == {{Json}}.JsonTokenType.PropertyName)
                        {
                            var name = MemberName(ref reader);
                            reader.Read();
                            var text = reader.TokenType == {{Json}}.JsonTokenType.String ? MemberText(ref reader) : null;
                            if (string.IsNullOrWhiteSpace(text))
                            {
                                reader.Skip();
                            }
                            else if (name == "title")
                            {
                                title = text;
                            }
                            else if (name == "detail")
                            {
                                detail = text;
                            }
                        }
                    }
                }
                catch (global::System.Exception exception) when (exception is {{Json}}.JsonException or global::System.InvalidOperationException)
                {
                    // Not JSON, or cut short, from here on: what was read before stands.
                }

                return title is null ? detail
                    : detail is null ? title
                    : title.TrimEnd('.') + ": " + detail;
            }

            /// <summary>
            /// The text of the members of an error answer that <paramref name="pointers"/> point at, in their order: a string
            /// as it is, a number as written; null for a member that is missing, empty, of another kind or not readable.
            /// </summary>
            /// <param name="body">The body of the answer.</param>
            /// <param name="pointers">JSON Pointers to the members, such as <c>/error_code</c>, <c>/error/code</c> or <c>/errors/0/code</c>.</param>
            /// <returns>The text of each member, by the index of its pointer.</returns>
            /// <remarks>
            /// Read one by one rather than as the error models: a member of another type than the spec gives, or a body cut
            /// short after the members that matter, loses only what it holds. Of a repeated member, the last that holds text
            /// counts.
            /// </remarks>
            private static string?[] ErrorMembers(global::System.ReadOnlySpan<byte> body, params string[] pointers)
            {
                var paths = new string[pointers.Length][];
                for (var index = 0; index < pointers.Length; index++)
                {
                    // "/" before each name; in a name "~1" stands for "/" and "~0" for "~".
                    paths[index] = global::System.Array.ConvertAll(pointers[index].Substring(1).Split('/'), step => step.Replace("~1", "/").Replace("~0", "~"));
                }

                var found = new string?[pointers.Length];

                // No depth limit: members are gone into only along a path, and one nested deeper than the usual 64 levels
                // beside them (skipped without recursion) must not end the reading before the members after it.
                var reader = new {{Json}}.Utf8JsonReader(body, new {{Json}}.JsonReaderOptions { MaxDepth = int.MaxValue });
                try
                {
                    if (reader.Read() && reader.TokenType == {{Json}}.JsonTokenType.StartObject)
                    {
                        ReadMembers(ref reader, paths, new global::System.Collections.Generic.List<string?>(), found);
                    }
                }
                catch (global::System.Exception exception) when (exception is {{Json}}.JsonException or global::System.InvalidOperationException)
                {
                    // Not JSON, or cut short, from here on: what was read before stands.
                }

                return found;
            }

            /// <summary>Reads the object the reader stands on to its end, each member's value as <see cref="ReadValue"/> does.</summary>
            /// <param name="reader">The reader, on the start of the object.</param>
            /// <param name="paths">The steps of each path: member names, and the indexes of list items.</param>
            /// <param name="trail">The steps to the value the reader is in; null for a member name that is not valid UTF-8.</param>
            /// <param name="found">The text found, by path.</param>
            private static void ReadMembers(ref {{Json}}.Utf8JsonReader reader, string[][] paths, global::System.Collections.Generic.List<string?> trail, string?[] found)
            {
                while (reader.Read() && reader.TokenType == {{Json}}.JsonTokenType.PropertyName)
                {
                    trail.Add(MemberName(ref reader));
                    reader.Read();
                    ReadValue(ref reader, paths, trail, found);
                    trail.RemoveAt(trail.Count - 1);
                }
            }

            /// <summary>Reads the list the reader stands on to its end, each item's value, by its index, as <see cref="ReadValue"/> does.</summary>
            /// <inheritdoc cref="ReadMembers" path="/param"/>
            private static void ReadItems(ref {{Json}}.Utf8JsonReader reader, string[][] paths, global::System.Collections.Generic.List<string?> trail, string?[] found)
            {
                for (var item = 0; reader.Read() && reader.TokenType != {{Json}}.JsonTokenType.EndArray; item++)
                {
                    trail.Add(item.ToString({{Invariant}}));
                    ReadValue(ref reader, paths, trail, found);
                    trail.RemoveAt(trail.Count - 1);
                }
            }

            /// <summary>
            /// Reads the value the reader stands on, at the end of <paramref name="trail"/>: notes its text where a path ends
            /// there, goes into it where a path goes through it (an object by member names, a list by item indexes:
            /// <c>/errors/0/code</c>), and skips it otherwise.
            /// </summary>
            /// <inheritdoc cref="ReadMembers" path="/param"/>
            private static void ReadValue(ref {{Json}}.Utf8JsonReader reader, string[][] paths, global::System.Collections.Generic.List<string?> trail, string?[] found)
            {
                var inward = false;
                for (var index = 0; index < paths.Length; index++)
                {
                    if (!Leads(paths[index], trail))
                    {
                        continue;
                    }

                    if (paths[index].Length > trail.Count)
                    {
                        inward = true;
                    }
                    else if (MemberText(ref reader) is { } text && !string.IsNullOrWhiteSpace(text))
                    {
                        found[index] = text;
                    }
                }

                if (inward && reader.TokenType == {{Json}}.JsonTokenType.StartObject)
                {
                    ReadMembers(ref reader, paths, trail, found);
                }
                else if (inward && reader.TokenType == {{Json}}.JsonTokenType.StartArray)
                {
                    ReadItems(ref reader, paths, trail, found);
                }
                else
                {
                    reader.Skip();
                }
            }

            /// <summary>Whether <paramref name="path"/> begins with the names of <paramref name="trail"/>.</summary>
            private static bool Leads(string[] path, global::System.Collections.Generic.List<string?> trail)
            {
                if (path.Length < trail.Count)
                {
                    return false;
                }

                for (var index = 0; index < trail.Count; index++)
                {
                    if (!string.Equals(path[index], trail[index], global::System.StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>
            /// The name of the member the reader stands on, an escaped lone surrogate read as U+FFFD as a model reads it;
            /// null for one that is not valid UTF-8, which no path leads through, so that the members after it are still read.
            /// </summary>
            private static string? MemberName(ref {{Json}}.Utf8JsonReader reader)
            {
                try
                {
                    return {{helpers}}.GetText(ref reader);
                }
                catch (global::System.InvalidOperationException)
                {
                    return null;
                }
            }

            /// <summary>
            /// The text of a string or number the reader stands on, an escaped lone surrogate read as U+FFFD as a model reads
            /// it; null for any other token, or a string that is not valid UTF-8.
            /// </summary>
            private static string? MemberText(ref {{Json}}.Utf8JsonReader reader)
            {
                if (reader.TokenType == {{Json}}.JsonTokenType.Number)
                {
                    return global::System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                }

                try
                {
                    return reader.TokenType == {{Json}}.JsonTokenType.String ? {{helpers}}.GetText(ref reader) : null;
                }
                catch (global::System.InvalidOperationException)
                {
                    return null;
                }
            }
            """);
    }

    /// <summary>
    /// How an error message shows an HTML page in place of an answer (a gateway's or a proxy's): used by the service's
    /// error, by the reading of a success answer that is no JSON, and by the IAM sign-in.
    /// </summary>
    private static void WritePageText(SourceWriter writer) => writer.Lines("""
        /// <summary>Whether the body is an HTML page, such as a gateway or proxy answers with, rather than the service's (or IAM's) error.</summary>
        internal static bool IsHtmlPage(string body)
        {
            var start = body.TrimStart();
            return start.StartsWith("<", global::System.StringComparison.Ordinal)
                && (start.IndexOf("<html", global::System.StringComparison.OrdinalIgnoreCase) >= 0
                    || start.IndexOf("<body", global::System.StringComparison.OrdinalIgnoreCase) >= 0
                    || start.StartsWith("<!doctype html", global::System.StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// An HTML page as an error message shows it: its title, or else its text without markup, comments, scripts and
        /// styles, with its character references decoded and its white space made single spaces; either cut after
        /// <paramref name="maxLength"/> characters. The service's error and IAM's describe a gateway's page so.
        /// </summary>
        /// <param name="page">The body, which <see cref="IsHtmlPage"/> takes for a page.</param>
        /// <param name="maxLength">The most characters of the page's title or text shown.</param>
        internal static string PageText(string page, int maxLength)
        {
            var text = new global::System.Text.StringBuilder();
            var titleStart = -1;
            for (var index = 0; index < page.Length;)
            {
                var end = MarkupEnd(page, index);
                if (end < 0)
                {
                    text.Append(page[index++]);
                    continue;
                }

                // The first title is the page's name; the text gathered before it is no part of it. An empty one
                // names nothing, and no title after it (an icon's, in the body) names the page.
                if (titleStart == -1 && IsTag(page, index, "<title"))
                {
                    titleStart = text.Length;
                }
                else if (titleStart >= 0 && IsTag(page, index, "</title"))
                {
                    if (Words(text.ToString(titleStart, text.Length - titleStart)) is { Length: > 0 } named)
                    {
                        return "an HTML page titled '" + Cut(named, maxLength) + "'";
                    }

                    titleStart = -2;
                }

                // A script's or a style's content is no text of the page: skipped to the tag that ends it.
                var skipped = IsTag(page, index, "<script") ? "</script" : IsTag(page, index, "<style") ? "</style" : null;
                if (skipped is not null)
                {
                    var close = page.IndexOf(skipped, end, global::System.StringComparison.OrdinalIgnoreCase);
                    end = close < 0 ? page.Length : MarkupEnd(page, close);
                }

                index = end;
                text.Append(' ');
            }

            return Words(text.ToString()) is { Length: > 0 } words ? "an HTML page: " + Cut(words, maxLength) : "an HTML page";
        }

        /// <summary>Whether the markup at <paramref name="index"/> is the tag <paramref name="name"/> (<c>&lt;title</c>), not one whose name only starts so.</summary>
        private static bool IsTag(string page, int index, string name) =>
            string.Compare(page, index, name, 0, name.Length, global::System.StringComparison.OrdinalIgnoreCase) == 0
            && (index + name.Length == page.Length || page[index + name.Length] is '>' or '/' or ' ' or '\t' or '\r' or '\n' or '\f');

        /// <summary>
        /// Where the markup that starts at <paramref name="index"/> ends (the index after it, the page's length for
        /// markup left open); -1 for a '&lt;' that starts none, which is text (<c>1 &lt; 2</c>). A comment ends at
        /// <c>--&gt;</c> and a tag at the first '&gt;' outside its quoted attribute values, so that a '&gt;' in
        /// either (<c>&lt;!-- a &gt; b --&gt;</c>) does not end it and leave the rest of it to be taken for text.
        /// </summary>
        private static int MarkupEnd(string page, int index)
        {
            if (page[index] != '<' || index + 1 == page.Length || !(char.IsAsciiLetter(page[index + 1]) || page[index + 1] is '/' or '!' or '?'))
            {
                return -1;
            }

            if (string.CompareOrdinal(page, index, "<!--", 0, 4) == 0)
            {
                var close = page.IndexOf("-->", index + 4, global::System.StringComparison.Ordinal);
                return close < 0 ? page.Length : close + 3;
            }

            // A quote opens a value only after '=' (white space between): in a name or an unquoted value it is text.
            var quote = '\0';
            var afterEquals = false;
            for (var at = index + 1; at < page.Length; at++)
            {
                var character = page[at];
                if (quote != '\0')
                {
                    quote = character == quote ? '\0' : quote;
                }
                else if (character == '>')
                {
                    return at + 1;
                }
                else if (character is '"' or '\'' && afterEquals)
                {
                    quote = character;
                }

                afterEquals = character == '=' || (afterEquals && char.IsWhiteSpace(character));
            }

            return page.Length;
        }

        /// <summary>Text of a page with its character references decoded and each run of white space made one space.</summary>
        private static string Words(string text) =>
            string.Join(" ", global::System.Net.WebUtility.HtmlDecode(text).Split((char[]?)null, global::System.StringSplitOptions.RemoveEmptyEntries));

        /// <summary>Text cut after <paramref name="maxLength"/> characters (never inside a character beyond U+FFFF), with "..." for what is left out.</summary>
        internal static string Cut(string text, int maxLength) =>
            text.Length <= maxLength ? text : text.Substring(0, char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength) + "...";
        """);

    /// <summary>
    /// The length check of text arguments, one call per bounded parameter; written only when a parameter has
    /// <c>minLength</c> or <c>maxLength</c>, so other clients carry none of it.
    /// </summary>
    private static void WriteLengthCheck(SourceWriter writer) => writer.Lines("""
        /// <summary>Throws the exception for text whose length the spec does not allow, before anything is sent.</summary>
        /// <param name="value">The argument; null, an optional argument not given, has no length to check.</param>
        /// <param name="min">The fewest characters allowed.</param>
        /// <param name="max">The most characters allowed.</param>
        /// <param name="name">The name of the parameter.</param>
        /// <param name="message">The rule the argument breaks.</param>
        public static void ThrowIfLengthOutside(string? value, int min, int max, string name, string message)
        {
            if (value is not null && !HasLength(value, min, max))
            {
                throw new global::System.ArgumentException(message, name);
            }
        }

        /// <summary>
        /// Whether the text has <paramref name="min"/> to <paramref name="max"/> characters as JSON Schema counts them,
        /// by code point: a surrogate pair (an emoji) is one character, an unpaired surrogate one of its own.
        /// </summary>
        private static bool HasLength(string value, int min, int max)
        {
            // A character is one or two UTF-16 units, so a text has at most Length characters and at least half
            // as many. Those bounds decide most texts without counting: fewer units than min or more than twice max
            // is outside; at most max units and at least twice min is inside.
            var units = value.Length;
            if (units < min || units > 2L * max)
            {
                return false;
            }

            if (units <= max && units >= 2L * min)
            {
                return true;
            }

            var count = 0;
            for (var index = 0; index < units; index++)
            {
                if (char.IsSurrogatePair(value, index))
                {
                    index++;
                }

                count++;
            }

            return count >= min && count <= max;
        }
        """);

    /// <param name="keepsSecrets">
    /// Whether a path or query parameter is a password, whose value the URI keeps for masking (<c>RequestUri.Secrets</c>);
    /// without one, the class has none of it.
    /// </param>
    private static void WriteRequestUri(SourceWriter writer, GenerationContext context, bool keepsSecrets)
    {
        var secretParameter = keepsSecrets ? ", bool secret = false" : string.Empty;
        var secretArgument = keepsSecrets ? ", secret" : string.Empty;
        var keep = keepsSecrets ? "Kept(value, " : string.Empty;
        var kept = keepsSecrets ? ", secret)" : string.Empty;
        var secrets = !keepsSecrets ? string.Empty : """


                /// <summary>The values of password parameters, as given and as written; null while there are none.</summary>
                private global::System.Collections.Generic.List<string>? _secrets;

                /// <summary>The values of password parameters the URI holds, as given and as written (escaped); null for none.</summary>
                public string[]? Secrets => _secrets?.ToArray();

                /// <summary>Keeps a password's value and its escaped text, which logs and answers must not show.</summary>
                private string Kept(string value, string escaped, bool secret)
                {
                    if (secret)
                    {
                        _secrets ??= new global::System.Collections.Generic.List<string>();
                        _secrets.Add(value);
                        _secrets.Add(escaped);
                    }

                    return escaped;
                }
            """;
        writer.Lines($$"""
        /// <summary>
        /// Builds a request URI: literal path parts, escaped segments, then escaped query parameters, each left out when
        /// its value is null and formatted the same in every culture.
        /// </summary>
        public sealed class RequestUri
        {
            private readonly global::System.Text.StringBuilder _text;
            private bool _hasQuery;

            /// <summary>Where the segment being built starts in the text.</summary>
            private int _segmentStart;

            /// <summary>The path parameters in the segment being built, in order; none for literal text alone.</summary>
            private readonly global::System.Collections.Generic.List<string> _segmentNames = new();

            /// <summary>Whether literal text is in the segment being built beside its parameters.</summary>
            private bool _segmentHasLiteral;{{secrets}}

            public RequestUri(global::System.Uri endpoint)
            {
                _text = new global::System.Text.StringBuilder(endpoint.AbsoluteUri);
                _segmentStart = _text.Length;
            }

            public RequestUri Path(string literal)
            {
                var slash = literal.IndexOf('/');
                if (slash < 0)
                {
                    _text.Append(literal);
                    _segmentHasLiteral |= literal.Length > 0;
                    return this;
                }

                _text.Append(literal, 0, slash);
                _segmentHasLiteral |= slash > 0;
                EndSegment();
                _text.Append(literal, slash, literal.Length - slash);
                _segmentStart = _text.Length - (literal.Length - literal.LastIndexOf('/') - 1);
                _segmentHasLiteral = _segmentStart < _text.Length;
                return this;
            }

            public RequestUri Segment(string value, string name{{secretParameter}})
            {
                _segmentNames.Add(name);
                _text.Append({{keep}}Escape(value, "path", name){{kept}});
                return this;
            }

            public RequestUri Segments(global::System.Collections.Generic.IEnumerable<string> values, string name{{secretParameter}})
            {
                // OpenAPI's simple style for a list: each value escaped, joined by literal commas; one value is the whole segment.
                _segmentNames.Add(name);
                var count = 0;
                foreach (var value in values)
                {
                    if (count++ > 0)
                    {
                        _text.Append(',');
                    }

                    _text.Append({{keep}}Escape(value, "path", name){{kept}});
                }

                return this;
            }

            /// <summary>
            /// Ends the segment being built: throws when parameters are in it and it is "." or "..", which a server reads
            /// as a step in the path, escaped or not (it decodes "%2E" first), and would answer for another resource than
            /// the one the call names. The segment as a whole counts: a value ".." in <c>{name}.json</c> makes
            /// "...json", a name like any other, where "." and "." in <c>{a}{b}</c> make "..".
            /// </summary>
            private void EndSegment()
            {
                // A step is at most six characters as written ("%2E%2E"): a longer segment is no step, and is not copied out.
                if (_segmentNames.Count > 0 && _text.Length - _segmentStart <= 6)
                {
                    var segment = global::System.Uri.UnescapeDataString(_text.ToString(_segmentStart, _text.Length - _segmentStart));
                    if (segment is "." or "..")
                    {
                        var who = _segmentNames.Count == 1 && !_segmentHasLiteral
                            ? "The path parameter " + _segmentNames[0] + " is '" + segment + "'"
                            : "The path parameter" + (_segmentNames.Count == 1 ? " " : "s ") + string.Join(", ", _segmentNames) + " make" + (_segmentNames.Count == 1 ? "s" : string.Empty) + " the segment '" + segment + "'";
                        throw new global::System.ArgumentException(who + ", which a server reads as a step in the path, escaped or not, and would answer for another resource; pass the resource's own identifier.");
                    }
                }

                _segmentNames.Clear();
                _segmentHasLiteral = false;
            }

            /// <summary>
            /// A value escaped as UTF-8 for the request target. Text that is not valid UTF-16 (a lone surrogate) is refused:
            /// UTF-8 cannot write it, escaping would put U+FFFD in its place, and the request would name another value than
            /// the caller's (another resource to delete, say), the same for every such value.
            /// </summary>
            private static string Escape(string value, string kind, string name)
            {
                if ({{context.Qualify(context.JsonHelpersName)}}.LoneSurrogateAt(value) is var index and >= 0)
                {
                    throw new global::System.ArgumentException("The " + kind + " parameter " + name + " holds a lone surrogate at index " + index + ", which is no text a request can carry; pass the value as it is meant, with its surrogate pairs whole.");
                }

                return global::System.Uri.EscapeDataString(value);
            }

            public RequestUri Query(string name, string? value{{secretParameter}})
            {
                if (!_hasQuery)
                {
                    EndSegment();
                }

                if (value is not null)
                {
                    _text.Append(_hasQuery ? '&' : '?')
                        .Append(global::System.Uri.EscapeDataString(name))
                        .Append('=')
                        .Append({{keep}}Escape(value, "query", name){{kept}});
                    _hasQuery = true;
                }

                return this;
            }

            public RequestUri Query(string name, long? value{{secretParameter}}) => Query(name, value?.ToString({{Invariant}}){{secretArgument}});

            public RequestUri Query(string name, float? value{{secretParameter}}) => Query(name, value?.ToString("R", {{Invariant}}){{secretArgument}});

            public RequestUri Query(string name, double? value{{secretParameter}}) => Query(name, value?.ToString("R", {{Invariant}}){{secretArgument}});

            public RequestUri Query(string name, bool? value{{secretParameter}}) => Query(name, value switch { true => "true", false => "false", null => null }{{secretArgument}});

            /// <summary>A list: the parameter once per value (OpenAPI's form style, exploded); nothing when the list is null.</summary>
            public RequestUri Query(string name, global::System.Collections.Generic.IEnumerable<string?>? values{{secretParameter}})
            {
                if (values is not null)
                {
                    foreach (var value in values)
                    {
                        Query(name, value{{secretArgument}});
                    }
                }

                return this;
            }

            /// <summary>
            /// A list as one parameter, each value escaped and the values joined by literal commas (OpenAPI's form style
            /// with explode: false, q=a,b); nothing when the list is null or empty, which RFC 6570 takes for no value. A null
            /// in the list is left out, as the exploded list leaves it out.
            /// </summary>
            public RequestUri QueryJoined(string name, global::System.Collections.Generic.IEnumerable<string?>? values{{secretParameter}})
            {
                if (values is null)
                {
                    return this;
                }

                var first = true;
                foreach (var value in values)
                {
                    if (value is null)
                    {
                        // Query writes nothing for it, and the values after it would be joined on to what stands before.
                        continue;
                    }

                    if (first)
                    {
                        Query(name, value{{secretArgument}});
                        first = false;
                    }
                    else
                    {
                        _text.Append(',').Append({{keep}}Escape(value, "query", name){{kept}});
                    }
                }

                return this;
            }

            /// <summary>The absolute URI, exactly as built: no unescaping, no dot-segment removal.</summary>
            public global::System.Uri ToUri()
            {
                if (!_hasQuery)
                {
                    EndSegment();
                }

                return new global::System.Uri(_text.ToString(), new global::System.UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            }

            public override string ToString() => _text.ToString();
        }
        """);
    }

    private static void WriteResponseLimitTransport(SourceWriter writer, GenerationContext context, string exception) => writer.Lines($$"""
        /// <summary>
        /// The longest wait an answer asks for with <c>Retry-After</c> (RFC 9110, 10.2.3), of the values that are seconds
        /// or an HTTP date; any other value is left out. A gateway in front of the service may add a value of its own to
        /// the service's, on a second header line or joined to it with a comma: the longest keeps to both.
        /// </summary>
        /// <param name="response">The answer.</param>
        /// <param name="now">The time a date counts from.</param>
        /// <param name="shown">The longest as a message shows it: <c>after 30 s</c>, or <c>after</c> a date in UTC.</param>
        /// <returns>The wait in seconds (0 for a date gone by), or null when no value is seconds or an HTTP date.</returns>
        internal static double? RetryAfter({{Primitives}}.PipelineResponse response, global::System.DateTimeOffset now, out string? shown)
        {
            shown = null;
            return response.Headers.TryGetValues("Retry-After", out var values) && values is not null ? RetryAfter(values, now, out shown) : null;
        }

        /// <summary>The longest wait of <c>Retry-After</c> values, as <see cref="RetryAfter({{Primitives}}.PipelineResponse, global::System.DateTimeOffset, out string?)"/> reads them.</summary>
        /// <param name="values">The header's values, one a header line.</param>
        /// <param name="now">The time a date counts from.</param>
        /// <param name="shown">The longest as a message shows it: <c>after 30 s</c>, or <c>after</c> a date in UTC.</param>
        /// <returns>The wait in seconds (0 for a date gone by), or null when no value is seconds or an HTTP date.</returns>
        internal static double? RetryAfter(global::System.Collections.Generic.IEnumerable<string> values, global::System.DateTimeOffset now, out string? shown)
        {
            shown = null;
            double? longest = null;
            foreach (var value in values)
            {
                // An HTTP date has a comma of its own, after the day's name: a part that is no number is read with the next.
                var parts = value.Split(',');
                for (var i = 0; i < parts.Length; i++)
                {
                    var part = parts[i].Trim();
                    double wait;
                    string text;
                    if (part.Length > 0 && global::System.MemoryExtensions.IndexOfAnyExceptInRange(global::System.MemoryExtensions.AsSpan(part), '0', '9') < 0)
                    {
                        // A count of any length, as ddm reads it: 10^20 s is a wait past any timeout, not a value left out.
                        wait = double.Parse(part, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture);
                        text = "after " + Cut(part.TrimStart('0').PadLeft(1, '0'), 30) + " s";
                    }
                    else if (i + 1 < parts.Length && global::System.DateTimeOffset.TryParseExact(part + ", " + parts[i + 1].Trim(), "r", global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.AssumeUniversal, out var date))
                    {
                        i++;
                        wait = global::System.Math.Max(0, (date - now).TotalSeconds);
                        text = "after " + date.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", global::System.Globalization.CultureInfo.InvariantCulture) + " UTC";
                    }
                    else
                    {
                        continue;
                    }

                    if (longest is null || wait > longest)
                    {
                        longest = wait;
                        shown = text;
                    }
                }
            }

            return longest;
        }

        /// <summary>
        /// The retry policy of a client whose options name none: System.ClientModel's, except that of several
        /// <c>Retry-After</c> values (a gateway's beside the service's) the longest is waited for, and that a wait the
        /// service asks for that is longer than the network timeout is not begun, and the answer that asked for it is the
        /// result. A service may ask for hours, or name a date further off than a wait can last, and the
        /// network timeout is the longest the caller meant to wait for an answer. An answer the <c>HttpClient</c> refuses
        /// for a limit of its own (headers larger than it takes) is no network failure and is not retried either, nor is a
        /// request it refuses to send for a header value outside ASCII that its handler does not encode, nor a TLS
        /// handshake refused for the service's certificate (not trusted, or for another name) or for a server on the port
        /// that speaks no TLS: every try would be refused the same way. A request whose method is not idempotent (POST,
        /// PATCH: a restoration, say) is sent again only when its try was not carried out: the service refused it (408,
        /// 429, 503) or it never reached the service (no name, no connection); after a 500, 502 or 504, or a network
        /// failure or timeout once it was sent, the service may have carried it out, and a second try would do it twice.
        /// </summary>
        private sealed class BoundedWaitRetryPolicy : {{Primitives}}.ClientRetryPolicy
        {
            public BoundedWaitRetryPolicy(int maxRetries, bool enableLogging, global::Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
                : base(maxRetries, enableLogging, loggerFactory)
            {
            }

            protected override bool ShouldRetry({{Primitives}}.PipelineMessage message, global::System.Exception? exception) =>
                base.ShouldRetry(message, exception) && !WaitsTooLong(message) && !IsOverLimit(exception) && !IsUnsendable(message, exception) && !IsRefusedHandshake(exception)
                && (IsIdempotent(message.Request.Method) || WasNotCarriedOut(message, exception));

            protected override {{Tasks}}.ValueTask<bool> ShouldRetryAsync({{Primitives}}.PipelineMessage message, global::System.Exception? exception) =>
                new {{Tasks}}.ValueTask<bool>(ShouldRetry(message, exception));

            /// <summary>
            /// System.ClientModel's delay, or the longest <c>Retry-After</c> when it is longer: the base policy reads the
            /// header's values joined as one, which several values (<c>5, 7</c>) are not.
            /// </summary>
            protected override global::System.TimeSpan GetNextDelay({{Primitives}}.PipelineMessage message, int tryCount)
            {
                var delay = base.GetNextDelay(message, tryCount);
                return message.Response is { } response && RetryAfter(response, global::System.DateTimeOffset.UtcNow, out _) is { } asked && asked > delay.TotalSeconds
                    ? global::System.TimeSpan.FromSeconds(asked)
                    : delay;
            }

            /// <summary>Whether sending the request twice does what sending it once does (RFC 9110, 9.2.2).</summary>
            private static bool IsIdempotent(string method) =>
                method.ToUpperInvariant() is "GET" or "HEAD" or "OPTIONS" or "TRACE" or "PUT" or "DELETE";

            /// <summary>
            /// Whether the service did not carry out the try: it answered that it refused it (408, 429, 503), or the request
            /// did not reach it (the name did not resolve, no connection or no TLS session could be made, the proxy refused
            /// the tunnel).
            /// </summary>
            private static bool WasNotCarriedOut({{Primitives}}.PipelineMessage message, global::System.Exception? exception)
            {
                if (exception is null)
                {
                    return message.Response?.Status is 408 or 429 or 503;
                }

                for (var cause = exception; cause is not null; cause = cause.InnerException)
                {
                    if (cause is global::System.Net.Http.HttpRequestException
                        {
                            HttpRequestError: global::System.Net.Http.HttpRequestError.NameResolutionError
                                or global::System.Net.Http.HttpRequestError.ConnectionError
                                or global::System.Net.Http.HttpRequestError.SecureConnectionError
                                or global::System.Net.Http.HttpRequestError.ProxyTunnelError,
                        })
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// Whether the TLS handshake was refused for what the next try would meet as well: the runtime's check of the
            /// certificate, or a server that answered it with no TLS. A handshake the network cut (a reset, a connection
            /// closed) has no <see cref="global::System.Security.Authentication.AuthenticationException"/> in it and is retried.
            /// </summary>
            private static bool IsRefusedHandshake(global::System.Exception? exception)
            {
                var handshake = false;
                for (var cause = exception; cause is not null; cause = cause.InnerException)
                {
                    handshake |= cause is global::System.Net.Http.HttpRequestException { HttpRequestError: global::System.Net.Http.HttpRequestError.SecureConnectionError };
                    if (handshake && cause is global::System.Security.Authentication.AuthenticationException)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Whether the try failed on a limit of the <c>HttpClient</c>, which the next try would reach as well.</summary>
            private static bool IsOverLimit(global::System.Exception? exception)
            {
                for (var cause = exception; cause is not null; cause = cause.InnerException)
                {
                    if (cause is global::System.Net.Http.HttpRequestException { HttpRequestError: global::System.Net.Http.HttpRequestError.ConfigurationLimitExceeded })
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// Whether the <c>HttpClient</c> refused to send the request, which holds a header value outside ASCII: it says
            /// so with an exception that has no cause, where a network failure has the socket's or the stream's.
            /// </summary>
            private static bool IsUnsendable({{Primitives}}.PipelineMessage message, global::System.Exception? exception)
            {
                for (var cause = exception; cause is not null; cause = cause.InnerException)
                {
                    if (cause is global::System.Net.Http.HttpRequestException { HttpRequestError: global::System.Net.Http.HttpRequestError.Unknown, InnerException: null })
                    {
                        foreach (var header in message.Request.Headers)
                        {
                            if (!IsHeaderText(header.Value, asciiOnly: true))
                            {
                                return true;
                            }
                        }

                        return false;
                    }
                }

                return false;
            }

            /// <summary>
            /// Whether the answer asks for a wait (seconds, or an HTTP date) longer than the network timeout, or than a
            /// timer holds when there is none, as read here (the longest of several values) or as the base policy reads
            /// it for its delay.
            /// </summary>
            private static bool WaitsTooLong({{Primitives}}.PipelineMessage message)
            {
                if (message.Response is not { } response || !response.Headers.TryGetValue("Retry-After", out var value) || value is null)
                {
                    return false;
                }

                // Without a network timeout, the longest wait a timer holds (about 24 days) is the bound.
                var timeout = message.NetworkTimeout ?? global::System.TimeSpan.FromSeconds(100);
                var bound = timeout == global::System.Threading.Timeout.InfiniteTimeSpan ? int.MaxValue / 1000.0 : timeout.TotalSeconds;
                var trimmed = value.Trim();
                var asRead = double.TryParse(trimmed, global::System.Globalization.NumberStyles.AllowDecimalPoint, global::System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds
                    : global::System.DateTimeOffset.TryParse(trimmed, global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.AssumeUniversal, out var date) ? (date - global::System.DateTimeOffset.UtcNow).TotalSeconds
                    : 0;
                var longest = RetryAfter(response, global::System.DateTimeOffset.UtcNow, out _) ?? 0;
                // System.ClientModel's delay reads the value in the current culture, as an int with its sign or else as
                // a date in that culture's form, and waits that long: a form not read above would be waited for unbounded.
                var asWaited = int.TryParse(value, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.CurrentCulture, out var whole) ? whole
                    : global::System.DateTimeOffset.TryParse(value, global::System.Globalization.CultureInfo.CurrentCulture, global::System.Globalization.DateTimeStyles.None, out var local) ? (local - global::System.DateTimeOffset.Now).TotalSeconds
                    : 0;
                return asRead > bound || asWaited > bound || longest > bound;
            }
        }

        /// <summary>
        /// Traces each call as an activity of <see cref="ActivitySource"/> named after the client and the spec's
        /// operation (<c>{{context.ClientName}}.operationId</c>), around its tries, the waits between them and its
        /// credential; the <c>HttpClient</c> traces each try beneath it. An answer the client takes for an error, or an
        /// exception, marks the activity failed, with the status code or the exception's type as <c>error.type</c>.
        /// A call whose answer the client reads itself (a convenience method that returns a value, a page of a listing)
        /// ends when the answer is read, so a body that cannot be read marks it failed too; any other ends with the
        /// answer. Nothing is made when no one listens or the options set <c>EnableDistributedTracing</c> to false.
        /// </summary>
        private sealed class TracingPolicy : {{Primitives}}.PipelinePolicy
        {
            /// <summary>The activities of answers that the client reads itself, each until its answer is read.</summary>
            private static readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<{{Primitives}}.PipelineResponse, global::System.Diagnostics.Activity> Reading = new();

            /// <summary>How many activities <see cref="Reading"/> holds: while none, an untraced answer is not looked up.</summary>
            private static int s_held;

            private readonly {{Primitives}}.ClientPipelineOptions _options;

            public TracingPolicy({{Primitives}}.ClientPipelineOptions options) => _options = options;

            public override void Process({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
            {
                if (!Traced)
                {
                    ProcessNext(message, pipeline, currentIndex);
                    return;
                }

                var caller = global::System.Diagnostics.Activity.Current;
                var activity = Start(message);
                var answered = false;
                try
                {
                    ProcessNext(message, pipeline, currentIndex);
                    answered = true;
                }
                catch (global::System.Exception exception) when (activity is not null && MarkFailed(activity, exception))
                {
                    throw;
                }
                finally
                {
                    Finish(activity, message, answered, caller);
                }
            }

            // Untraced, the call goes on without a state machine of its own; traced, the activity starts inside one, so
            // the caller's current activity is the caller's again once the call is under way.
            public override {{Tasks}}.ValueTask ProcessAsync({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex) =>
                Traced ? TracedAsync(message, pipeline, currentIndex) : ProcessNextAsync(message, pipeline, currentIndex);

            private bool Traced => _options.EnableDistributedTracing != false && ActivitySource.HasListeners();

            private async {{Tasks}}.ValueTask TracedAsync({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
            {
                var caller = global::System.Diagnostics.Activity.Current;
                var activity = Start(message);
                var answered = false;
                try
                {
                    await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
                    answered = true;
                }
                catch (global::System.Exception exception) when (activity is not null && MarkFailed(activity, exception))
                {
                    throw;
                }
                finally
                {
                    Finish(activity, message, answered, caller);
                }
            }

            private global::System.Diagnostics.Activity? Start({{Primitives}}.PipelineMessage message) =>
                {{Primitives}}.ActivityExtensions.StartClientActivity(ActivitySource, _options, "{{context.ClientName}}." + OperationOf(message));

            /// <summary>Marks the activity failed; false, so the exception goes on unhandled.</summary>
            internal static bool MarkFailed(global::System.Diagnostics.Activity activity, global::System.Exception exception)
            {
                // The retry policy gathers the failures of its tries, the last of which ended the call; a failure without
                // an answer (status 0) is named by what the transport met, not by a status no answer had.
                var last = exception is global::System.AggregateException { InnerExceptions.Count: > 0 } tries ? tries.InnerExceptions[tries.InnerExceptions.Count - 1] : exception;
                var cause = last is {{Scm}}.ClientResultException { Status: 0, InnerException: { } inner } ? inner : last;
                {{Primitives}}.ActivityExtensions.MarkClientActivityFailed(activity, cause);
                if (cause is {{Scm}}.ClientResultException { Status: >= 200 and < 400 })
                {
                    // The answer was no error (a body that cannot be read, a redirect refused): its status names nothing.
                    activity.SetTag("error.type", cause.GetType().FullName);
                }

                return false;
            }

            /// <summary>
            /// Marks the activity of a call the pipeline is done with failed if the answer is an error, and ends it, unless
            /// the client reads the answer itself: then the reader ends it (<see cref="Take"/>), and the caller's activity is
            /// current again meanwhile.
            /// </summary>
            private static void Finish(global::System.Diagnostics.Activity? activity, {{Primitives}}.PipelineMessage message, bool answered, global::System.Diagnostics.Activity? caller)
            {
                if (activity is null)
                {
                    return;
                }

                if (answered)
                {
                    // The answer of a followed redirect is refused once the pipeline is done, whatever its status and
                    // the options say: the call fails with the exception it throws then.
                    var failure = Redirected(message) is not null ? typeof({{exception}}).FullName
                        : message.Response is { IsError: true } error ? error.Status.ToString({{Invariant}})
                        : null;
                    if (failure is not null)
                    {
                        activity.SetStatus(global::System.Diagnostics.ActivityStatusCode.Error);
                        activity.SetTag("error.type", failure);
                    }
                    else if (message.Response is { } response && message.TryGetProperty(typeof(ReadByClientOptions), out var read) && read is true)
                    {
                        global::System.Threading.Interlocked.Increment(ref s_held);
                        Reading.AddOrUpdate(response, activity);
                        global::System.Diagnostics.Activity.Current = caller;
                        return;
                    }
                }

                activity.Dispose();
            }

            /// <summary>
            /// The activity of an answer the client reads itself, held since the pipeline was done, for the reader to end;
            /// null when there is none.
            /// </summary>
            internal static global::System.Diagnostics.Activity? Take({{Primitives}}.PipelineResponse response)
            {
                // Whether any is held, not whether anyone listens now: a listener removed since the call started would
                // leave its activity never ended.
                if (global::System.Threading.Volatile.Read(ref s_held) > 0 && Reading.TryGetValue(response, out var activity) && Reading.Remove(response))
                {
                    global::System.Threading.Interlocked.Decrement(ref s_held);
                    return activity;
                }

                return null;
            }

            /// <summary>
            /// Ends an activity taken by the reader of its answer, whose current activity stays: stopping makes current
            /// again the activity that was current when the call started, which the reader may have left since, as after
            /// an override of the protocol method that made the call within an activity of its own, ended by now.
            /// </summary>
            internal static void End(global::System.Diagnostics.Activity? activity)
            {
                if (activity is null)
                {
                    return;
                }

                var current = global::System.Diagnostics.Activity.Current;
                activity.Dispose();
                if (global::System.Diagnostics.Activity.Current != current)
                {
                    global::System.Diagnostics.Activity.Current = current;
                }
            }
        }

        /// <summary>Sets the <c>User-Agent</c> of each request, unless the per-call options set one.</summary>
        private sealed class UserAgentPolicy : {{Primitives}}.PipelinePolicy
        {
            private readonly string _value;

            public UserAgentPolicy(string value) => _value = value;

            public override void Process({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
            {
                Set(message);
                ProcessNext(message, pipeline, currentIndex);
            }

            public override {{Tasks}}.ValueTask ProcessAsync({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
            {
                Set(message);
                return ProcessNextAsync(message, pipeline, currentIndex);
            }

            private void Set({{Primitives}}.PipelineMessage message)
            {
                if (!message.Request.Headers.TryGetValue("User-Agent", out _))
                {
                    message.Request.Headers.Set("User-Agent", _value);
                }
            }
        }

        /// <summary>
        /// The logger factory of a client's pipeline and the policy that notes the call under way, first of the call's:
        /// its loggers write what those of the options' factory would, with the credentials of that call's request (set on
        /// it by the time an answer is logged) replaced by <c>***</c>, in the text and in each value a structured log keeps.
        /// </summary>
        private sealed class CredentialMaskingLog : {{Primitives}}.PipelinePolicy, global::Microsoft.Extensions.Logging.ILoggerFactory
        {
            private static readonly global::System.Threading.AsyncLocal<{{Primitives}}.PipelineMessage?> Sending = new global::System.Threading.AsyncLocal<{{Primitives}}.PipelineMessage?>();

            private readonly global::Microsoft.Extensions.Logging.ILoggerFactory _inner;

            public CredentialMaskingLog(global::Microsoft.Extensions.Logging.ILoggerFactory inner) => _inner = inner;

            public override void Process({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
            {
                var caller = Sending.Value;
                Sending.Value = message;
                try
                {
                    ProcessNext(message, pipeline, currentIndex);
                }
                finally
                {
                    Sending.Value = caller;
                }
            }

            // Set inside this method, the value is the caller's again once it returns.
            public override async {{Tasks}}.ValueTask ProcessAsync({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
            {
                Sending.Value = message;
                await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            }

            public global::Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(_inner.CreateLogger(categoryName));

            public void AddProvider(global::Microsoft.Extensions.Logging.ILoggerProvider provider) => _inner.AddProvider(provider);

            /// <summary>Leaves the options' factory, which is the application's, as it is.</summary>
            public void Dispose()
            {
            }

            private sealed class Logger : global::Microsoft.Extensions.Logging.ILogger
            {
                private readonly global::Microsoft.Extensions.Logging.ILogger _inner;

                public Logger(global::Microsoft.Extensions.Logging.ILogger inner) => _inner = inner;

                public global::System.IDisposable? BeginScope<TState>(TState state)
                    where TState : notnull => _inner.BeginScope(state);

                public bool IsEnabled(global::Microsoft.Extensions.Logging.LogLevel logLevel) => _inner.IsEnabled(logLevel);

                public void Log<TState>(global::Microsoft.Extensions.Logging.LogLevel logLevel, global::Microsoft.Extensions.Logging.EventId eventId, TState state, global::System.Exception? exception, global::System.Func<TState, global::System.Exception?, string> formatter)
                {
                    if (Secrets(Sending.Value?.Request) is not { } secrets)
                    {
                        _inner.Log(logLevel, eventId, state, exception, formatter);
                        return;
                    }

                    // A logged body is cut at the content size limit, which may cut a copy of a credential in two: a value
                    // that ends with the start of one has that start masked too. The text takes the masked value in place
                    // of the one it was written with, a body's bytes too.
                    var message = formatter(state, exception);
                    var values = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, object?>>();
                    foreach (var pair in state as global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, object?>> ?? values)
                    {
                        var value = pair.Value;
                        if (value is string text && MaskedCut(text, secrets) is var masked && masked != text)
                        {
                            message = message.Replace(text, masked);
                            value = masked;
                        }
                        else if (value is byte[] bytes && MaskedBytes(bytes, secrets) is var maskedBytes && maskedBytes != bytes)
                        {
                            // The text writes bytes as their numbers, which no masking of text finds a credential in.
                            message = message.Replace(string.Join(", ", bytes), string.Join(", ", maskedBytes));
                            value = maskedBytes;
                        }

                        values.Add(new global::System.Collections.Generic.KeyValuePair<string, object?>(pair.Key, value));
                    }

                    message = Masked(message, secrets);
                    _inner.Log(logLevel, eventId, values, exception, (_, _) => message);
                }

                /// <summary>A body logged as its bytes rather than as text, encoded anew only when it holds a credential.</summary>
                private static byte[] MaskedBytes(byte[] bytes, string[] secrets)
                {
                    var text = global::System.Text.Encoding.UTF8.GetString(bytes);
                    var masked = MaskedCut(text, secrets);
                    return masked == text ? bytes : global::System.Text.Encoding.UTF8.GetBytes(masked);
                }

                /// <summary>
                /// <paramref name="text"/> with each of the <paramref name="secrets"/> masked, and a start of one that it ends
                /// with, as where a size limit cut it, as JSON reads it: of six characters at least, fewer being as likely
                /// ordinary text. An escape the cut left unfinished (<c>\</c>, <c>\u00</c>) stands for a character of the
                /// copy: the start before it is masked, and the escape with it.
                /// </summary>
                private static string MaskedCut(string text, string[] secrets)
                {
                    text = Masked(text, secrets);
                    foreach (var secret in secrets)
                    {
                        var read = new global::System.Text.StringBuilder(text.Length);
                        var written = new int[text.Length + 1];
                        for (var index = 0; index < text.Length;)
                        {
                            written[read.Length] = index;
                            if (text[index] == '\\' && (index + 1 == text.Length || (text[index + 1] == 'u' && text.Length - index < 6)))
                            {
                                break;
                            }

                            read.Append({{context.Qualify(context.JsonHelpersName)}}.Unescaped(text, ref index));
                        }

                        // A header value that holds another of the secrets (a token after its scheme, the parameters of
                        // AK/SK signing) starts with a word that ordinary text may end with ("Bearer", "Access"): its start
                        // counts only past that word.
                        var least = 6;
                        if (global::System.Array.Exists(secrets, other => other.Length < secret.Length && secret.Contains(other, global::System.StringComparison.Ordinal)))
                        {
                            var word = 0;
                            while (word < secret.Length && (char.IsAsciiLetterOrDigit(secret[word]) || secret[word] == '-'))
                            {
                                word++;
                            }

                            least = global::System.Math.Max(least, word + 1);
                        }

                        var view = read.ToString();
                        for (var length = global::System.Math.Min(view.Length, secret.Length - 1); length >= least; length--)
                        {
                            if (global::System.MemoryExtensions.EndsWith(global::System.MemoryExtensions.AsSpan(view), global::System.MemoryExtensions.AsSpan(secret, 0, length), global::System.StringComparison.Ordinal))
                            {
                                text = text.Substring(0, written[view.Length - length]) + "***";
                                break;
                            }
                        }
                    }

                    return text;
                }
            }
        }

        /// <summary>
        /// The transport of every client: the options' transport, whose answers it lets be read only up to the allowed
        /// size, so a huge body ends with an error instead of exhausting memory. It sits last in the pipeline and leaves
        /// reading the body to System.ClientModel, so every policy sees the answer buffered or not as the message asked,
        /// and a stalled body ends with the network timeout as in any System.ClientModel client. A failure to send
        /// leaves it without the user name and password of the URLs its text names (a proxy's address as configured),
        /// and it logs the tries of the <c>HttpClient</c>'s transport, so the log has them without these too.
        /// </summary>
        private sealed class ResponseLimitTransport : {{Primitives}}.PipelineTransport
        {
            private readonly {{Primitives}}.PipelineTransport _inner;
            private readonly long _maxSize;

            public ResponseLimitTransport({{Primitives}}.PipelineTransport inner, long maxSize, bool enableLogging, global::Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
                : base(enableLogging, loggerFactory)
            {
                _inner = inner;
                _maxSize = maxSize;
            }

            protected override {{Primitives}}.PipelineMessage CreateMessageCore() => _inner.CreateMessage();

            protected override void ProcessCore({{Primitives}}.PipelineMessage message) =>
                RunAsync(message, async: false).AsTask().GetAwaiter().GetResult();

            protected override {{Tasks}}.ValueTask ProcessCoreAsync({{Primitives}}.PipelineMessage message) =>
                RunAsync(message, async: true);

            private async {{Tasks}}.ValueTask RunAsync({{Primitives}}.PipelineMessage message, bool async)
            {
                // The inner transport leaves the body unread; System.ClientModel buffers it after this returns, if asked.
                var buffer = message.BufferResponse;
                message.BufferResponse = false;
                try
                {
                    if (async)
                    {
                        await _inner.ProcessAsync(message).ConfigureAwait(false);
                    }
                    else
                    {
                        _inner.Process(message);
                    }
                }
                catch ({{Scm}}.ClientResultException exception) when (Unreached(WithoutProxyUserInfo(exception) ?? exception, message.Request.Uri) is var described && !ReferenceEquals(described, exception))
                {
                    throw described;
                }
                finally
                {
                    message.BufferResponse = buffer;
                }

                Limit(message);
            }

            /// <summary>
            /// Counts the bytes of any body that is read into memory. A buffered answer's fails past the limit (at once
            /// when its declared length is over it). An error's, which only its code and message are read from, is cut
            /// at the limit instead, so the error stays what it is: retried when it may be, returned under
            /// <c>ErrorOptions.NoThrow</c>. A body the caller asked to stream is the caller's to read, as far as it likes,
            /// an error's too when the call returns it (<c>NoThrow</c>); one the call throws for is read into the exception.
            /// </summary>
            private void Limit({{Primitives}}.PipelineMessage message)
            {
                var response = message.Response!;
                if ((!message.BufferResponse && (!response.IsError || ReturnsErrors(message))) || response.ContentStream is not { } body || body is global::System.IO.MemoryStream)
                {
                    return;
                }

                var declared = response.Headers.TryGetValue("Content-Length", out var header)
                    && long.TryParse(header, global::System.Globalization.NumberStyles.None, {{Invariant}}, out var length) ? length : -1;
                if (declared > _maxSize && !response.IsError)
                {
                    throw TooLarge(message, response);
                }

                // A request without Accept-Encoding takes any content coding (RFC 9110, 12.5.3): the ones the runtime
                // can decode are decoded here, and the limit counts the bytes decoded, so a small body cannot expand unbounded.
                // A list of codings is undone from the last applied; each decoder takes the one below it along as it is disposed.
                var codings = DecodedCodings(response, out _);
                var decoded = body;
                for (var index = codings.Length - 1; index >= 0; index--)
                {
                    decoded = new CodedBody(codings[index], decoded);
                }

                var coding = string.Join(", ", codings);
                response.ContentStream = new LimitedBody(decoded, codings.Length == 0 ? declared : -1, _maxSize, response.IsError ? null : () => TooLarge(message, response), codings.Length == 0 ? null : error => Undecodable(message, response, coding, error), message.Request.Uri is { IsAbsoluteUri: true } address ? Where(address) : "the service", message.CancellationToken);
            }

            /// <summary>
            /// A copy of a failure to send whose text names a URL with a user name or password, without them; null for
            /// any other exception, which goes on as it is. The runtime names a proxy that refused the tunnel, or could
            /// not be reached, by its address as configured (<c>HTTPS_PROXY=http://user:password@proxy:3128</c>), and
            /// the exception is logged and shown. The copy has the same types, <c>HttpRequestError</c>, status code,
            /// causes and stack trace, so the retry policy decides on it as on the original.
            /// </summary>
            private static {{Scm}}.ClientResultException? WithoutProxyUserInfo({{Scm}}.ClientResultException exception)
            {
                if (exception.GetType() != typeof({{Scm}}.ClientResultException) || exception.GetRawResponse() is not null
                    || exception.InnerException is not global::System.Net.Http.HttpRequestException cause)
                {
                    return null;
                }

                var message = WithoutUserInfo(exception.Message);
                var inner = FailureWithoutUserInfo(cause);
                if (ReferenceEquals(inner, cause) && message == exception.Message)
                {
                    return null;
                }

                return WithStackTrace(new {{Scm}}.ClientResultException(message, null, inner), exception);
            }

            /// <summary>
            /// A failure to send, or to get the answer's headers, given a message that says what went wrong, where (the
            /// endpoint's scheme, host and port, never its path, user name or query) and what to check: the runtime's
            /// words alone ("An error occurred while sending the request.", "see inner exception") name neither. The
            /// runtime's own words follow in parentheses, and the copy keeps its cause (the same
            /// <c>HttpRequestException</c>) and the stack trace, so the retry policy decides on it as on the original.
            /// Any other exception is given as it is.
            /// </summary>
            private static {{Scm}}.ClientResultException Unreached({{Scm}}.ClientResultException exception, global::System.Uri? address)
            {
                if (exception.GetType() != typeof({{Scm}}.ClientResultException) || exception.GetRawResponse() is not null || address is null || !address.IsAbsoluteUri
                    || exception.InnerException is not global::System.Net.Http.HttpRequestException failure || WhatFailed(failure, address) is not { } problem)
                {
                    return exception;
                }

                return WithStackTrace(new {{Scm}}.ClientResultException(WithoutUserInfo(problem) + ".", null, failure), exception);
            }

            /// <summary>The endpoint as a failure names it: its scheme, host and port, without a user name, path or query.</summary>
            internal static string Where(global::System.Uri address) =>
                address.Scheme + "://" + address.Host + ":" + address.Port.ToString({{Invariant}});

            /// <summary>
            /// The runtime's words for a failure: the exception's own, or, where they only point at the cause ("see
            /// inner exception", "An error occurred while sending the request."), the innermost cause's, without a final
            /// full stop.
            /// </summary>
            internal static string RuntimeWords(global::System.Exception failure)
            {
                var innermost = failure;
                while (innermost.InnerException is { } inner)
                {
                    innermost = inner;
                }

                var words = failure.Message.Contains("see inner exception", global::System.StringComparison.Ordinal) || failure.Message.StartsWith("An error occurred while sending the request", global::System.StringComparison.Ordinal)
                    ? innermost.Message
                    : failure.Message;

                // The runtime's words for a proxy that refused the tunnel end in a quote that opens nothing (... status
                // code '407'.").
                if (words.EndsWith(".\"", global::System.StringComparison.Ordinal) && words.Split('"').Length % 2 == 0)
                {
                    words = words.Substring(0, words.Length - 1);
                }

                return words.TrimEnd('.', ' ');
            }

            /// <summary>What went wrong in a failure to reach the service, and what to check; null where the runtime's words are all there is to say.</summary>
            private static string? WhatFailed(global::System.Net.Http.HttpRequestException failure, global::System.Uri address)
            {
                var where = Where(address);
                var said = RuntimeWords(failure);
                switch (failure.HttpRequestError)
                {
                    // The socket's error (a name unknown or a resolver that gave no answer; a connection refused, reset or timed
                    // out) is in the runtime's words: its code differs between platforms.
                    // A proxy (HTTPS_PROXY, ALL_PROXY or the handler's own) is named by the runtime in place of the endpoint.
                    case global::System.Net.Http.HttpRequestError.NameResolutionError when ProxyOf(failure, address) is { } proxy:
                        return "the name of the proxy " + proxy + ", through which " + where + " is reached, could not be resolved (" + said + "): check the proxy settings (this machine's proxy environment variables, or the HttpClient's proxy), and this machine's network and DNS settings";
                    case global::System.Net.Http.HttpRequestError.NameResolutionError:
                        return "the name " + address.Host + " of " + where + " could not be resolved (" + said + "): check the host name of the endpoint, and this machine's network and DNS settings";
                    case global::System.Net.Http.HttpRequestError.ConnectionError when ProxyOf(failure, address) is { } proxy:
                        return "no connection could be made to the proxy " + proxy + ", through which " + where + " is reached (" + said + "): check the proxy settings (this machine's proxy environment variables, or the HttpClient's proxy), and that the proxy runs there";
                    case global::System.Net.Http.HttpRequestError.ConnectionError:
                        return "no connection could be made to " + where + " (" + said + "): check the endpoint's host and port, that the service runs there, and the network and any proxy between";

                    case global::System.Net.Http.HttpRequestError.ResponseEnded:
                        return "the connection to " + where + " was closed before the answer's headers were complete (" + said + "): the service, or a proxy or load balancer between, dropped it; if it keeps failing, check that the service runs at the endpoint"
                            + (address.Scheme == "http" ? ", and that the port does not want https:// (a server that speaks TLS closes a plain http:// connection so)" : string.Empty);

                    case global::System.Net.Http.HttpRequestError.SecureConnectionError:
                        return Handshake(failure, address, where, said);

                    case global::System.Net.Http.HttpRequestError.InvalidResponse:
                        return "the answer of " + where + " was not HTTP (" + said + "): check the endpoint's scheme and port, that the service runs there rather than another kind of server, and any proxy between";

                    case global::System.Net.Http.HttpRequestError.ProxyTunnelError:
                        return "the proxy between this machine and " + where + " refused the tunnel to it (" + said + "): check the proxy settings (this machine's proxy environment variables, or the HttpClient's proxy), that the proxy lets this machine reach the endpoint's host and port, and any credentials it asks for";

                    // The runtime gives a connection reset while it waits for the answer no category of its own.
                    case global::System.Net.Http.HttpRequestError.Unknown when Reset(failure):
                        return "the connection to " + where + " was reset or broken before the answer came (" + said + "): the service, or a proxy, firewall or load balancer between, dropped it; if it keeps failing, check that the service runs at the endpoint, and the network between";

                    default:
                        return null;
                }
            }

            /// <summary>
            /// The host and port the runtime's words for a failure to connect end with ("Connection refused
            /// (proxy:3128)"), where they are not the endpoint's: the proxy the request went through; null otherwise.
            /// </summary>
            private static string? ProxyOf(global::System.Net.Http.HttpRequestException failure, global::System.Uri address)
            {
                for (global::System.Exception? cause = failure; cause is not null; cause = cause.InnerException)
                {
                    var words = cause.Message.TrimEnd('.', ' ');
                    var open = words.LastIndexOf('(');
                    if (!words.EndsWith(")", global::System.StringComparison.Ordinal) || open < 0)
                    {
                        continue;
                    }

                    var named = words.Substring(open + 1, words.Length - open - 2);
                    var colon = named.LastIndexOf(':');
                    if (colon <= 0 || !int.TryParse(named.Substring(colon + 1), global::System.Globalization.NumberStyles.None, {{Invariant}}, out var port))
                    {
                        continue;
                    }

                    var host = named.Substring(0, colon).Trim('[', ']');
                    var same = port == address.Port
                        && (string.Equals(host, address.Host.Trim('[', ']'), global::System.StringComparison.OrdinalIgnoreCase) || string.Equals(host, address.IdnHost.Trim('[', ']'), global::System.StringComparison.OrdinalIgnoreCase));
                    return same ? null : named;
                }

                return null;
            }

            /// <summary>
            /// Whether a failure's cause is the socket's error on a connection already made (a reset, or one aborted): by
            /// the type's name, which a compilation without a reference to its base type's assembly can still read.
            /// </summary>
            private static bool Reset(global::System.Exception failure)
            {
                for (global::System.Exception? cause = failure; cause is not null; cause = cause.InnerException)
                {
                    if (cause is global::System.IO.IOException && cause.InnerException?.GetType().FullName == "System.Net.Sockets.SocketException")
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>What went wrong in a TLS handshake that failed, and what to check.</summary>
            private static string Handshake(global::System.Net.Http.HttpRequestException failure, global::System.Uri address, string where, string said)
            {
                global::System.Security.Authentication.AuthenticationException? refused = null;
                var words = string.Empty;
                for (global::System.Exception? cause = failure; cause is not null; cause = cause.InnerException)
                {
                    refused ??= cause as global::System.Security.Authentication.AuthenticationException;
                    words += " " + cause.Message;
                }

                if (refused is null)
                {
                    // The network cut the handshake (a connection closed or reset), which is tried again.
                    return "the TLS handshake with " + where + " broke off (" + said + "): the server closed the connection; check that the service runs at the endpoint, and its scheme and port (a server that speaks no TLS may close so)";
                }

                // The runtime's own check of the frame, or OpenSSL's: what came back is no TLS record.
                if (words.Contains("frame size", global::System.StringComparison.OrdinalIgnoreCase) || words.Contains("wrong version number", global::System.StringComparison.OrdinalIgnoreCase))
                {
                    return "the server at " + where + " answered the TLS handshake with no TLS, as a plain HTTP server does (" + said + "): check the scheme of the endpoint: the port likely wants http://";
                }

                // The runtime names the certificate's problem by its policy flags ("RemoteCertificateNameMismatch"), or,
                // where only the chain failed, by the chain's status ("errors in the certificate chain: UntrustedRoot");
                // a caller's own check that refused it, by its callback.
                var chain = words.Contains("RemoteCertificateChainErrors", global::System.StringComparison.Ordinal) || words.Contains("certificate chain", global::System.StringComparison.OrdinalIgnoreCase)
                    || words.Contains("UntrustedRoot", global::System.StringComparison.Ordinal) || words.Contains("PartialChain", global::System.StringComparison.Ordinal)
                    || words.Contains("NotTimeValid", global::System.StringComparison.Ordinal) || words.Contains("NotSignatureValid", global::System.StringComparison.Ordinal)
                    || words.Contains("Revoked", global::System.StringComparison.Ordinal) || words.Contains("RevocationStatusUnknown", global::System.StringComparison.Ordinal);
                var callback = words.Contains("RemoteCertificateValidationCallback", global::System.StringComparison.Ordinal);
                if (!chain && !callback && !words.Contains("RemoteCertificate", global::System.StringComparison.Ordinal))
                {
                    return "the TLS handshake with " + where + " was refused (" + said + "): the server and this machine agree on no TLS version or cipher, or the server asks for a client certificate; check the endpoint's scheme and port";
                }

                var problem = "the certificate of " + where + " was refused (" + said + "):";
                var advice = string.Empty;
                if (words.Contains("RemoteCertificateNameMismatch", global::System.StringComparison.Ordinal))
                {
                    problem += " it was issued for another name than " + address.Host + ";";
                    advice = " write the endpoint with the host name the certificate was issued for;";
                }

                if (chain)
                {
                    problem += " it does not chain to an authority this machine trusts (a self-signed certificate, or one of a private authority), or it has expired;";
                    advice += " to trust a certificate of your own, add it or its issuer to this machine's trusted certificates (on Linux, the file SSL_CERT_FILE or a directory SSL_CERT_DIR names), or give the client an HttpClient whose handler checks the server's certificate against it;";
                }

                if (words.Contains("RemoteCertificateNotAvailable", global::System.StringComparison.Ordinal))
                {
                    problem += " the server sent none;";
                    advice += " check the endpoint's scheme and port;";
                }

                if (callback)
                {
                    problem += " the HttpClient's certificate check refused it (the handler's ServerCertificateCustomValidationCallback, or the RemoteCertificateValidationCallback of its SslOptions, returned false);";
                    advice += " check what that check accepts, and that the certificate the server sends is the one it expects;";
                }

                if (advice.Length == 0 && problem.EndsWith(":", global::System.StringComparison.Ordinal))
                {
                    problem += " check the endpoint's host, scheme and port, and the certificate the server sends;";
                }

                return (problem + advice).TrimEnd(';');
            }

            private {{exception}} TooLarge({{Primitives}}.PipelineMessage message, {{Primitives}}.PipelineResponse response)
            {
                var secrets = Secrets(message.Request);
                return new {{exception}}(secrets, OperationOf(message), response, requestId: WithoutCredentials(RequestIdOf(response), secrets), problem: "the response body is larger than MaxResponseSize (" + _maxSize.ToString({{Invariant}}) + " bytes); it was not read");
            }

            private static {{exception}} Undecodable({{Primitives}}.PipelineMessage message, {{Primitives}}.PipelineResponse response, string coding, global::System.Exception error)
            {
                var secrets = Secrets(message.Request);
                return new {{exception}}(secrets, OperationOf(message), response, requestId: WithoutCredentials(RequestIdOf(response), secrets), problem: (response.IsError ? "the service answered HTTP " + response.Status.ToString({{Invariant}}) + " with a body that" : "the response body") + " cannot be decompressed as the " + coding + " its Content-Encoding names (" + error.Message.TrimEnd('.') + ")", innerException: error);
            }
        }

        /// <summary>
        /// A body read forward only from the stream beneath it, which it disposes: what every such body of the client's
        /// shares. Each body reads spans; the array forms come to those.
        /// </summary>
        private abstract class ReadOnlyBody : global::System.IO.Stream
        {
            protected ReadOnlyBody(global::System.IO.Stream inner)
            {
                Inner = inner;
            }

            /// <summary>The stream read from.</summary>
            protected global::System.IO.Stream Inner { get; }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new global::System.NotSupportedException();

            public override long Position
            {
                get => throw new global::System.NotSupportedException();
                set => throw new global::System.NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count) => Read(new global::System.Span<byte>(buffer, offset, count));

            public abstract override int Read(global::System.Span<byte> buffer);

            public override {{Tasks}}.Task<int> ReadAsync(byte[] buffer, int offset, int count, {{CancellationToken}} cancellationToken) =>
                ReadAsync(new global::System.Memory<byte>(buffer, offset, count), cancellationToken).AsTask();

            public abstract override {{Tasks}}.ValueTask<int> ReadAsync(global::System.Memory<byte> buffer, {{CancellationToken}} cancellationToken = default);

            public override void Flush()
            {
            }

            public override long Seek(long offset, global::System.IO.SeekOrigin origin) => throw new global::System.NotSupportedException();

            public override void SetLength(long value) => throw new global::System.NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new global::System.NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    Inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }

        /// <summary>
        /// A body that throws once more than the allowed number of bytes has been read from it, or ends there when it has
        /// no exception to throw; and, when it is decoded, throws the client's exception for bytes that do not decode.
        /// One without an exception to throw, an error's, also ends where the connection broke off: the error is what its
        /// status says, with what of its body came, rather than a network failure that would be retried, and whose
        /// exception would not name the status.
        /// </summary>
        private sealed class LimitedBody : ReadOnlyBody
        {
            private readonly long _declared;
            private readonly long _maxSize;
            private readonly global::System.Func<global::System.Exception>? _tooLarge;
            private readonly global::System.Func<global::System.Exception, global::System.Exception>? _undecodable;
            private readonly {{CancellationToken}} _cancellation;
            private readonly string _where;
            private long _count;

            // Set before the stream beneath is disposed: a read that then fails was cut by the client (a cancellation, a
            // timeout), whatever the token, which the transport may have linked for the send and let go of since.
            private volatile bool _disposed;

            public LimitedBody(global::System.IO.Stream inner, long declared, long maxSize, global::System.Func<global::System.Exception>? tooLarge, global::System.Func<global::System.Exception, global::System.Exception>? undecodable, string where, {{CancellationToken}} cancellation)
                : base(inner)
            {
                _where = where;
                _cancellation = cancellation;
                _declared = declared;
                _maxSize = maxSize;
                _tooLarge = tooLarge;
                _undecodable = undecodable;
            }

            public override int Read(global::System.Span<byte> buffer)
            {
                try
                {
                    return Counted(Inner.Read(buffer));
                }
                catch (global::System.Net.Http.HttpRequestException error)
                {
                    // The runtime throws this, not an IOException, for a line after the last chunk that is no header:
                    // the answer broke off midway, and fails as such, retried as any network failure.
                    throw new global::System.Net.Http.HttpIOException(global::System.Net.Http.HttpRequestError.InvalidResponse, error.Message, error);
                }
                catch (global::System.IO.InvalidDataException error) when (_undecodable is not null)
                {
                    throw _undecodable(error);
                }
                catch (global::System.IO.IOException error) when (_tooLarge is null && !_disposed && !_cancellation.IsCancellationRequested && IsCutShort(error))
                {
                    return 0;
                }
                catch (global::System.IO.IOException error) when (_tooLarge is not null && !_disposed && !_cancellation.IsCancellationRequested && IsCutShort(error))
                {
                    throw BrokenOff(error);
                }
            }

            public override async {{Tasks}}.ValueTask<int> ReadAsync(global::System.Memory<byte> buffer, {{CancellationToken}} cancellationToken = default)
            {
                try
                {
                    return Counted(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
                }
                catch (global::System.Net.Http.HttpRequestException error)
                {
                    // The runtime throws this, not an IOException, for a line after the last chunk that is no header:
                    // the answer broke off midway, and fails as such, retried as any network failure.
                    throw new global::System.Net.Http.HttpIOException(global::System.Net.Http.HttpRequestError.InvalidResponse, error.Message, error);
                }
                catch (global::System.IO.InvalidDataException error) when (_undecodable is not null)
                {
                    throw _undecodable(error);
                }
                catch (global::System.IO.IOException error) when (_tooLarge is null && !_disposed && !cancellationToken.IsCancellationRequested && !_cancellation.IsCancellationRequested && IsCutShort(error))
                {
                    return 0;
                }
                catch (global::System.IO.IOException error) when (_tooLarge is not null && !_disposed && !cancellationToken.IsCancellationRequested && !_cancellation.IsCancellationRequested && IsCutShort(error))
                {
                    throw BrokenOff(error);
                }
            }

            protected override void Dispose(bool disposing)
            {
                _disposed = true;
                base.Dispose(disposing);
            }

            /// <summary>
            /// A success answer's body that the connection cut short, as an exception that says so, where, and what to
            /// do: of the same type as the runtime's (an <c>HttpIOException</c> keeps its <c>HttpRequestError</c>), which
            /// it holds as its cause, so that it is retried as before.
            /// </summary>
            private global::System.IO.IOException BrokenOff(global::System.IO.IOException error)
            {
                var said = ResponseLimitTransport.RuntimeWords(error);
                var message = "the answer of " + _where + " broke off in the middle of its body, after " + _count.ToString({{Invariant}})
                    + (_declared >= 0 ? " of the " + _declared.ToString({{Invariant}}) + " bytes its Content-Length declares" : " bytes")
                    + " (" + said + "): the service, or a proxy or load balancer between, closed or reset the connection; send the request again, and if it keeps failing, check the network and any proxy between.";
                return error is global::System.Net.Http.HttpIOException http
                    ? new global::System.Net.Http.HttpIOException(http.HttpRequestError, message, error)
                    : new global::System.IO.IOException(message, error);
            }

            /// <summary>
            /// Whether a read failed because the server ended or reset the connection before the body's end, not because
            /// the body was disposed under it (a cancellation or a timeout, which must stay what it is).
            /// </summary>
            private static bool IsCutShort(global::System.IO.IOException error) =>
                error is global::System.Net.Http.HttpIOException { HttpRequestError: global::System.Net.Http.HttpRequestError.ResponseEnded }
                // A socket's ConnectionReset (10054 on every platform), by its base type: SocketException's would need
                // a reference to Microsoft.Win32.Primitives in the compilation.
                || error.InnerException is global::System.Runtime.InteropServices.ExternalException { ErrorCode: 10054 };

            public override {{Tasks}}.Task CopyToAsync(global::System.IO.Stream destination, int bufferSize, {{CancellationToken}} cancellationToken)
            {
                // System.ClientModel buffers a body by copying it into an empty MemoryStream: sized to the declared
                // length first, that stream takes one array instead of doubling its way up.
                // An error's body is cut at the limit, however long it says it is.
                var expected = global::System.Math.Min(_declared, _maxSize);
                if (expected > 0 && destination is global::System.IO.MemoryStream { Length: 0 } memory && memory.Capacity < expected)
                {
                    memory.Capacity = (int)global::System.Math.Min(expected, global::System.Array.MaxLength);
                }

                return base.CopyToAsync(destination, bufferSize, cancellationToken);
            }

            private int Counted(int read)
            {
                if (_count + read <= _maxSize)
                {
                    _count += read;
                    return read;
                }

                read = _tooLarge is null ? (int)(_maxSize - _count) : throw _tooLarge();
                _count = _maxSize;
                return read;
            }
        }

        /// <summary>
        /// A body in a content coding, decoded, that fails as cut short when its bytes end before the end its coding marks.
        /// The runtime's decoders end quietly where their input ends, and a body without <c>Content-Length</c> ends where
        /// the connection closes, so a body cut short would read as a shorter one, a valid JSON document at times. The zlib,
        /// raw DEFLATE and br decoders stop at the end their format marks without reading past it: one that reads to the end
        /// of the bytes was cut short. The gzip decoder reads on to look for another member, and checks the CRC-32 and length
        /// of each member it ends (RFC 1952), but ends quietly inside one whose bytes stop: the body is whole when its last
        /// four bytes are the length of its last member, which started where a read started (the decoder returns at the end
        /// of each member). No bytes at all is an empty body, as some servers compress nothing.
        /// </summary>
        private sealed class CodedBody : ReadOnlyBody
        {
            private readonly string _coding;
            private readonly CodedBytes _bytes;

            /// <summary>For gzip: the decoded length, modulo 2^32 as a member's trailer writes it, where each read started.</summary>
            private readonly global::System.Collections.Generic.HashSet<uint>? _starts;
            private long _length;

            public CodedBody(string coding, global::System.IO.Stream body)
                : this(coding, new CodedBytes(body))
            {
            }

            private CodedBody(string coding, CodedBytes bytes)
                : base(coding switch
                {
                    "br" => new global::System.IO.Compression.BrotliStream(bytes, global::System.IO.Compression.CompressionMode.Decompress),
                    "deflate" => new DeflateBody(bytes),
                    _ => new global::System.IO.Compression.GZipStream(bytes, global::System.IO.Compression.CompressionMode.Decompress),
                })
            {
                _coding = coding;
                _bytes = bytes;
                _starts = coding == "gzip" ? new global::System.Collections.Generic.HashSet<uint> { 0 } : null;
            }

            public override int Read(global::System.Span<byte> buffer) => Checked(buffer, Inner.Read(buffer));

            public override async {{Tasks}}.ValueTask<int> ReadAsync(global::System.Memory<byte> buffer, {{CancellationToken}} cancellationToken = default)
            {
                var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                return Checked(buffer.Span, read);
            }

            private int Checked(global::System.ReadOnlySpan<byte> buffer, int read)
            {
                if (read > 0)
                {
                    _starts?.Add(unchecked((uint)_length));
                    _length += read;
                    return read;
                }

                if (buffer.IsEmpty || !_bytes.Ended || _bytes.Count == 0 || (_starts is not null && EndsWithTrailer()))
                {
                    return 0;
                }

                // An IOException, as the connection's own end before a declared length is: retried where a network failure is.
                throw new global::System.Net.Http.HttpIOException(global::System.Net.Http.HttpRequestError.ResponseEnded, "The response body was cut short: its bytes end before the end its " + _coding + " coding (Content-Encoding) marks, as when the connection closes before the whole answer came.");
            }

            /// <summary>
            /// Whether the body's last four bytes are the length of a last member that started where a read started: a
            /// member's trailer (CRC-32 and ISIZE, little-endian), which the decoder has checked, rather than four bytes of
            /// a member cut short, which match by chance only once in 2^32 for each read start.
            /// </summary>
            private bool EndsWithTrailer()
            {
                // A last member of no text starts where the decoded text ends.
                var start = unchecked((uint)_length - global::System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_bytes.Last.Slice(4)));
                return _bytes.Count >= 20 && (start == unchecked((uint)_length) || _starts!.Contains(start));
            }

            /// <summary>The coded bytes as they come to the decoder, of which it keeps the count, the last eight, and whether their end was read.</summary>
            private sealed class CodedBytes : ReadOnlyBody
            {
                private readonly byte[] _last = new byte[8];

                public CodedBytes(global::System.IO.Stream inner)
                    : base(inner)
                {
                }

                /// <summary>How many bytes were read.</summary>
                public long Count { get; private set; }

                /// <summary>Whether a read found no more.</summary>
                public bool Ended { get; private set; }

                /// <summary>The last eight bytes read, zeros before them when there were fewer.</summary>
                public global::System.ReadOnlySpan<byte> Last => _last;

                public override int Read(global::System.Span<byte> buffer) => Seen(buffer, Inner.Read(buffer));

                public override async {{Tasks}}.ValueTask<int> ReadAsync(global::System.Memory<byte> buffer, {{CancellationToken}} cancellationToken = default)
                {
                    var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    return Seen(buffer.Span, read);
                }

                private int Seen(global::System.ReadOnlySpan<byte> buffer, int read)
                {
                    Ended |= read == 0 && !buffer.IsEmpty;
                    var bytes = buffer.Slice(0, read);
                    if (bytes.Length < _last.Length)
                    {
                        global::System.Array.Copy(_last, bytes.Length, _last, 0, _last.Length - bytes.Length);
                    }

                    bytes.Slice(global::System.Math.Max(0, bytes.Length - _last.Length)).CopyTo(global::System.MemoryExtensions.AsSpan(_last, global::System.Math.Max(0, _last.Length - bytes.Length)));
                    Count += read;
                    return read;
                }
            }
        }

        /// <summary>
        /// A body in the deflate coding: the zlib format (RFC 9110, 8.4.1.2), or raw DEFLATE, which some servers send
        /// under that name and HttpClient's own decompression reads too. The first byte tells which (a zlib header names
        /// the method 8 in its low bits); it is read at the first read, so that nothing blocks before the body is read.
        /// </summary>
        private sealed class DeflateBody : ReadOnlyBody
        {
            private readonly byte[] _first = new byte[1];
            private int _firstCount = -1;
            private global::System.IO.Stream? _decoder;

            public DeflateBody(global::System.IO.Stream inner)
                : base(inner)
            {
            }

            public override int Read(global::System.Span<byte> buffer) =>
                (_decoder ??= Decoder(Inner.Read(_first, 0, 1))).Read(buffer);

            public override async {{Tasks}}.ValueTask<int> ReadAsync(global::System.Memory<byte> buffer, {{CancellationToken}} cancellationToken = default)
            {
                _decoder ??= Decoder(await Inner.ReadAsync(_first, cancellationToken).ConfigureAwait(false));
                return await _decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _decoder?.Dispose();
                }

                base.Dispose(disposing);
            }

            /// <summary>The decoder for the format the first byte names, which reads that byte (none for an empty body) before the rest.</summary>
            private global::System.IO.Stream Decoder(int firstCount)
            {
                _firstCount = firstCount;
                var rest = new FirstByteFirst(this);
                return firstCount > 0 && (_first[0] & 0x0F) == 8
                    ? new global::System.IO.Compression.ZLibStream(rest, global::System.IO.Compression.CompressionMode.Decompress)
                    : new global::System.IO.Compression.DeflateStream(rest, global::System.IO.Compression.CompressionMode.Decompress);
            }

            /// <summary>The body as it came: the byte read to choose the format, then the rest of it.</summary>
            private sealed class FirstByteFirst : ReadOnlyBody
            {
                private readonly DeflateBody _body;

                public FirstByteFirst(DeflateBody body)
                    : base(body.Inner)
                {
                    _body = body;
                }

                public override int Read(global::System.Span<byte> buffer) =>
                    TakeFirst(buffer) is var taken && taken != 0 ? taken : Inner.Read(buffer);

                public override {{Tasks}}.ValueTask<int> ReadAsync(global::System.Memory<byte> buffer, {{CancellationToken}} cancellationToken = default) =>
                    TakeFirst(buffer.Span) is var taken && taken != 0 ? new {{Tasks}}.ValueTask<int>(taken) : Inner.ReadAsync(buffer, cancellationToken);

                /// <summary>Copies the first byte into <paramref name="buffer"/> once; 0 when it is taken, or there was none.</summary>
                private int TakeFirst(global::System.Span<byte> buffer)
                {
                    if (_body._firstCount <= 0 || buffer.IsEmpty)
                    {
                        return 0;
                    }

                    buffer[0] = _body._first[0];
                    _body._firstCount = 0;
                    return 1;
                }
            }
        }
        """);

    /// <summary>
    /// The checks that a path value is not the literal segment another operation's path has in its place (see
    /// <see cref="PathOverlap"/>), emitted only for a spec where one can be.
    /// </summary>
    private static void WriteOtherPathCheck(SourceWriter writer) =>
        writer.Lines("""
            /// <summary>
            /// Whether a path value is a literal segment of another operation's path as a server may compare it: ignoring
            /// case, as some route. Escaping does not matter: the value is escaped as it is sent and the server decodes it back.
            /// </summary>
            /// <param name="text">The value's text; null for none (a list of other than one value).</param>
            /// <param name="segment">The other path's segment, decoded.</param>
            /// <returns>Whether the value would make that segment.</returns>
            public static bool Names(string? text, string segment) =>
                text is not null && string.Equals(text, segment, global::System.StringComparison.OrdinalIgnoreCase);

            /// <summary>
            /// Throws for a path parameter whose value makes another operation's path, before anything is sent: the
            /// service would answer that operation (or act on its resource) instead of the one called.
            /// </summary>
            /// <param name="text">The parameter's text.</param>
            /// <param name="segment">The other path's segment in its place.</param>
            /// <param name="name">The name of the parameter.</param>
            /// <param name="wireName">The parameter's name in the spec.</param>
            /// <param name="reached">The other operation and its request.</param>
            public static void ThrowIfOtherPath(string? text, string segment, string name, string wireName, string reached)
            {
                if (Names(text, segment))
                {
                    throw new global::System.ArgumentException("The path parameter " + wireName + " is '" + text + "', which makes the path of " + reached + " (a server may compare it ignoring case): the service would answer that operation instead; pass the resource's own identifier.", name);
                }
            }
            """);
}
