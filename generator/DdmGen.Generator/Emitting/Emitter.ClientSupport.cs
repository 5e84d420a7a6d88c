using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    private const string Scm = "global::System.ClientModel";
    private const string Primitives = "global::System.ClientModel.Primitives";

    private static GeneratedFile EmitApiException(GenerationContext context)
    {
        var name = context.ExceptionName;
        var support = context.Qualify(context.SupportName);
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>
                /// A request of <see cref="{{context.ClientName}}"/> failed: the service answered with an error status, or with a
                /// body that cannot be read or is larger than the client allows.
                /// </summary>
                /// <remarks>
                /// <see cref="{{Scm}}.ClientResultException.Status"/> and <see cref="{{Scm}}.ClientResultException.GetRawResponse"/>
                /// give the answer; the error code and message come from whichever error shape it has, the request id from the
                /// body or the <c>X-Request-Id</c> header. The message never contains a credential (one the answer repeats is
                /// shown as <c>***</c>), and at most <see cref="MaxBodyKept"/> characters of the body are kept.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public partial class {name} : {Scm}.ClientResultException"))
            {
                writer.Lines($$"""
                    /// <summary>The most characters of the response body <see cref="ResponseBody"/> keeps.</summary>
                    public const int MaxBodyKept = 4096;

                    private const int MaxBodyInMessage = 300;

                    /// <summary>Creates the exception for an answer.</summary>
                    /// <param name="operationId">The operationId of the request that failed.</param>
                    /// <param name="response">The answer, if there is one.</param>
                    /// <param name="errorCode">The error code the service sent, if any.</param>
                    /// <param name="errorMessage">The error message the service sent, if any.</param>
                    /// <param name="requestId">The id the service gave the request, if any.</param>
                    /// <param name="responseBody">The body of the answer as text, if any; longer text is cut.</param>
                    /// <param name="problem">What went wrong when the answer is not an error status, for example an unreadable body.</param>
                    /// <param name="innerException">The cause, if any.</param>
                    public {{name}}(
                        string operationId,
                        {{Primitives}}.PipelineResponse? response,
                        string? errorCode = null,
                        string? errorMessage = null,
                        string? requestId = null,
                        string? responseBody = null,
                        string? problem = null,
                        global::System.Exception? innerException = null)
                        : this((string[]?)null, operationId, response, errorCode, errorMessage, requestId, responseBody, problem, innerException)
                    {
                    }

                    /// <summary>
                    /// Creates the exception for an answer to a request that carried <paramref name="secrets"/>: its message is
                    /// looked for them once made, as a copy may appear only then (the NULs between its letters left out), and
                    /// shows each as <c>***</c>.
                    /// </summary>
                    /// <param name="secrets">The credentials the request carried, if any.</param>
                    /// <param name="operationId">The operationId of the request that failed.</param>
                    /// <param name="response">The answer, if there is one.</param>
                    /// <param name="errorCode">The error code the service sent, if any, without the credentials.</param>
                    /// <param name="errorMessage">The error message the service sent, if any, without the credentials.</param>
                    /// <param name="requestId">The id the service gave the request, if any, without the credentials.</param>
                    /// <param name="responseBody">The body of the answer as text, if any, without the credentials; longer text is cut.</param>
                    /// <param name="problem">What went wrong when the answer is not an error status, for example an unreadable body.</param>
                    /// <param name="innerException">The cause, if any.</param>
                    internal {{name}}(
                        string[]? secrets,
                        string operationId,
                        {{Primitives}}.PipelineResponse? response,
                        string? errorCode = null,
                        string? errorMessage = null,
                        string? requestId = null,
                        string? responseBody = null,
                        string? problem = null,
                        global::System.Exception? innerException = null)
                        : base({{support}}.WithoutCredentials(FormatMessage(operationId, response?.Status ?? 0, errorCode, errorMessage, requestId, responseBody, problem, RetryAfter(response)), secrets)!, response, innerException)
                    {
                        OperationId = operationId;
                        ErrorCode = errorCode;
                        ErrorMessage = errorMessage;
                        RequestId = requestId;
                        // Never between the halves of a character beyond U+FFFF: a lone surrogate is text no UTF-8 writer can carry.
                        ResponseBody = responseBody is { Length: > MaxBodyKept } ? responseBody.Substring(0, char.IsHighSurrogate(responseBody[MaxBodyKept - 1]) ? MaxBodyKept - 1 : MaxBodyKept) : responseBody;
                    }

                    /// <summary>The operationId of the request that failed, for example <c>listBackups</c>.</summary>
                    public string OperationId { get; }

                    /// <summary>The error code the service sent, for example <c>DBS.280001</c> or <c>APIG.0301</c>.</summary>
                    public string? ErrorCode { get; }

                    /// <summary>The error message the service sent.</summary>
                    public string? ErrorMessage { get; }

                    /// <summary>The id the service gave the request; quote it when asking the operator for help.</summary>
                    public string? RequestId { get; }

                    /// <summary>The start of the body of the answer as text; the only detail there is when the body is not JSON.</summary>
                    public string? ResponseBody { get; }

                    /// <summary>
                    /// For a page after the first of an auto-paging listing that failed, the offset it was asked for, which
                    /// the message names too: the items before it were given, and a listing started again from it (the
                    /// operation's offset argument, with the same other arguments) goes on where this one stopped. Null for
                    /// any other request, the listing's first page included: it gave no items, and the same call starts over.
                    /// <see cref="global::System.Exception.Data"/> holds it too, with the token that goes on from it, as it
                    /// does on any other exception that ends a listing (<see cref="PageOffsetKey"/>, <see cref="ContinuationTokenKey"/>).
                    /// </summary>
                    public long? PageOffset { get; private set; }

                    /// <summary>
                    /// The key in <see cref="global::System.Exception.Data"/> of the offset (a <c>long</c>) of the page at
                    /// which an auto-paging listing stopped, on whatever exception ended it after its first page: this
                    /// one, or a timeout, a connection lost, retries run out, a cancellation while the page was asked for.
                    /// The items before it were given; a listing that failed at its first page has none.
                    /// </summary>
                    public const string PageOffsetKey = "{{context.Namespace}}.PageOffset";

                    /// <summary>
                    /// The key in <see cref="global::System.Exception.Data"/> of the <see cref="{{Scm}}.ContinuationToken"/>
                    /// that goes on from the page at which an auto-paging listing stopped (<see cref="PageOffsetKey"/>), as
                    /// one of <c>GetContinuationToken</c> goes on after a page: pass it to the listing's overload that takes one.
                    /// </summary>
                    public const string ContinuationTokenKey = "{{context.Namespace}}.ContinuationToken";

                    /// <inheritdoc/>
                    public override string Message => PageOffset is { } offset
                        ? base.Message + " The listing stopped at the page at offset " + offset.ToString({{Invariant}}) + "."
                        : base.Message;

                    /// <summary>
                    /// Records that the request was the page at <paramref name="offset"/> of a listing, which the message
                    /// then names.
                    /// </summary>
                    internal void FailedPage(long offset) => PageOffset = offset;

                    private static string FormatMessage(string operationId, int status, string? errorCode, string? errorMessage, string? requestId, string? responseBody, string? problem, string? retryAfter)
                    {
                        var text = new global::System.Text.StringBuilder(operationId);
                        if (problem is not null)
                        {
                            text.Append(": ").Append(problem);
                        }
                        else
                        {
                            text.Append(" failed with HTTP ").Append(status.ToString({{Invariant}}));
                            var reason = ((global::System.Net.HttpStatusCode)status).ToString();
                            if (reason != status.ToString({{Invariant}}))
                            {
                                text.Append(" (").Append(reason).Append(')');
                            }

                            if (errorCode is not null || errorMessage is not null)
                            {
                                text.Append(": ").Append(errorCode is null ? "no code" : Shown(errorCode));
                                if (errorMessage is not null)
                                {
                                    text.Append(' ').Append(Shown(errorMessage));
                                }
                            }
                            else if (!string.IsNullOrWhiteSpace(responseBody))
                            {
                                // A page is named by its title, or given as its text: its markup would fill the message.
                                text.Append(": ").Append({{support}}.IsHtmlPage(responseBody!) ? WithoutControls({{support}}.PageText(responseBody!, MaxBodyInMessage)) : Shown(responseBody!));
                            }
                        }

                        if (requestId is not null)
                        {
                            text.Append(" (request id ").Append(Shown(requestId)).Append(')');
                        }

                        // A message that already ends a sentence ("Parameter error.", a cut "...") is not given a second stop.
                        if (text[text.Length - 1] is not ('.' or '!' or '?'))
                        {
                            text.Append('.');
                        }

                        // A problem says what to check itself; a 429 or 503 with one (a body that does not decode) still
                        // says when the service asked for the request again.
                        if (problem is null)
                        {
                            text.Append(Advice(status, errorCode is null && errorMessage is null && responseBody is not null && {{support}}.IsHtmlPage(responseBody)));
                        }

                        return retryAfter is null ? text.ToString() : text.Append(" The service asked for the request to be sent again ").Append(retryAfter).Append(" (Retry-After).").ToString();
                    }

                    /// <summary>
                    /// When the answer asks for the request to be sent again (<c>Retry-After</c>, RFC 9110, 10.2.3) as the message
                    /// shows it: <c>after 30 s</c>, or <c>after</c> a date in UTC; of several values (a gateway's beside the
                    /// service's), the longest, which the client's retries keep to. Null for none, and for values that are
                    /// neither seconds nor an HTTP date (a sign, a fraction), which say nothing certain. Named only for a 429
                    /// (RFC 6585, 4) or a 503: RFC 9110 gives the field a meaning with those and with a redirect, which asks
                    /// for a wait before the redirected request, not this one again, and on another error status it asks for
                    /// nothing; IAM's failures name it so too.
                    /// </summary>
                    private static string? RetryAfter({{Primitives}}.PipelineResponse? response) =>
                        response is { Status: 429 or 503 } && {{support}}.RetryAfter(response, global::System.DateTimeOffset.UtcNow, out var shown) is not null ? shown : null;

                    /// <summary>What to do about an error answer that says more than its status: none for any other.</summary>
                    private static string Advice(int status, bool page) => status switch
                    {
                        401 => " The service did not accept the credential: check that it is the right one and has not expired.",
                        403 => " The service accepted the credential but refused this request: check that it is for the project the request names and that its user has the permissions the operation needs.",
                        _ when page => " The answer is an HTML page, likely from a gateway or proxy in front of the service rather than the service itself: if it goes on, check the endpoint and any proxy between; ResponseBody holds the start of the page.",
                        _ => string.Empty,
                    };

                    /// <summary>
                    /// A body that is no JSON as a message shows it: an HTML page by its title or its text, other text quoted,
                    /// on one line and cut as <see cref="Shown"/> cuts it.
                    /// </summary>
                    /// <param name="body">The body as text.</param>
                    /// <returns>The description, such as <c>an HTML page titled '502 Bad Gateway'</c>.</returns>
                    internal static string Described(string body) => {{support}}.IsHtmlPage(body) ? WithoutControls({{support}}.PageText(body, MaxBodyInMessage)) : "'" + Shown(body) + "'";

                    /// <summary>
                    /// Text of the answer as the message shows it: on one line, without control characters, and cut after
                    /// <see cref="MaxBodyInMessage"/> characters (never inside a character beyond U+FFFF), so that a service
                    /// that sends pages of text still gives a message that can be read; the properties keep the text whole,
                    /// <see cref="ResponseBody"/> up to <see cref="MaxBodyKept"/> characters.
                    /// </summary>
                    internal static string Shown(string text) => {{support}}.Cut(WithoutControls(text).Trim(), MaxBodyInMessage);

                    /// <summary>
                    /// Text of the answer without control characters, which a message that is written to a terminal or a log
                    /// must not carry: a NUL, as text in UTF-16 read as UTF-8 has beside each letter, is left out, and any
                    /// other (a line break, a tab, an escape) is a space. The IAM sign-in's messages are made so too.
                    /// </summary>
                    /// <param name="text">The text.</param>
                    /// <returns>The text without control characters.</returns>
                    internal static string WithoutControls(string text)
                    {
                        var kept = new global::System.Text.StringBuilder(text.Length);
                        foreach (var character in text)
                        {
                            if (character != '\0')
                            {
                                kept.Append(char.IsControl(character) ? ' ' : character);
                            }
                        }

                        return kept.ToString();
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
            SummaryXml(writer, $"Options of <see cref=\"{context.ClientName}\"/>: where requests go, the parameters every request shares, the credential, and the pipeline.");
            writer.Lines("""
                /// <remarks>
                /// The inherited pipeline options apply as System.ClientModel defines them: <c>RetryPolicy</c> (by default three
                /// retries of 408, 429, 500, 502, 503, 504 and network failures, with exponential delays that honour
                /// <c>Retry-After</c>; an answer that asks for a longer wait than <c>NetworkTimeout</c> is not retried but is the
                /// call's error; a POST or PATCH only after 408, 429, 503 or a failure to reach the service, never once the
                /// service may have carried it out), <c>NetworkTimeout</c> (default 100 seconds; it bounds each try and, separately, reading the
                /// body; at most 24 days, or <c>Timeout.InfiniteTimeSpan</c> for none: System.ClientModel's setter takes any value and
                /// its transport fails every try on one longer than a timer holds (about 24.8 days), so <see cref="FindProblem"/>
                /// names one over 24 days and the client's constructor refuses it), <c>ClientLoggingOptions</c> (credential headers are never logged) and <c>Transport</c>, which is used as
                /// it is: the client cannot see whether its <c>HttpClient</c> followed a redirect, taking the credential's headers
                /// along, so give it one that does not, or pass the <c>HttpClient</c> to the client's constructor instead, which
                /// refuses such an answer. A client copies the options it is created with; changing them later has no effect on it.
                /// Once the options are frozen (<c>Freeze</c>), each of their settings refuses a change, the inherited ones and
                /// these alike.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public partial class {name} : {Primitives}.ClientPipelineOptions"))
            {
                // Each setting of its own is read-only once the options are, as the inherited ones are (Freeze, IsReadOnly).
                var settings = new System.Collections.Generic.List<(string Type, string Name, string? Initial)>
                {
                    ("global::System.Uri?", "Endpoint", unit.DefaultEndpoint is null ? null : "new global::System.Uri(DefaultEndpoint)"),
                };
                settings.AddRange(unit.Parameters.Select(parameter => (TypeName(context, parameter.Type, nullable: true), parameter.PropertyName, (string?)null)));
                if (unit.Auth is not null)
                {
                    settings.Add(($"{context.Qualify(context.CredentialName)}?", "Credential", null));
                }

                settings.Add(("long", "MaxResponseSize", "16 * 1024 * 1024"));
                settings.Add(("bool", "AllowInsecureTransport", null));
                settings.Add(("string?", "UserAgentApplicationId", null));
                foreach (var setting in settings)
                {
                    writer.Line($"private {setting.Type} {SettingField(setting.Name)}{(setting.Initial is null ? string.Empty : " = " + setting.Initial)};");
                }

                writer.Line();
                if (unit.DefaultEndpoint is { } endpoint)
                {
                    writer.Line("/// <summary>The endpoint of the first server the spec lists.</summary>");
                    writer.Line($"public const string DefaultEndpoint = {Literal(endpoint)};");
                    writer.Line();
                    writer.Line("/// <summary>The base address requests are sent to; <see cref=\"DefaultEndpoint\"/> unless set.</summary>");
                }
                else if (unit.ServerPath is { } path)
                {
                    writer.Line($"/// <summary>The base address requests are sent to; the spec's server, <c>{SpecText.XmlLine(path)}</c>, is relative, so it must be set: the path of every request goes after it and starts with <c>{SpecText.XmlLine(path)}</c>.</summary>");
                }
                else
                {
                    writer.Line("/// <summary>The base address requests are sent to; the spec names none, so it must be set.</summary>");
                }

                SettingProperty(writer, settings[0]);
                var index = 1;
                foreach (var parameter in unit.Parameters)
                {
                    writer.Line();
                    SummaryXml(writer, parameter.Description is { } description ? Escape(description) : $"The <c>{Escape(parameter.WireName)}</c> parameter.");
                    Doc(writer, "remarks", parameter.IsRequired
                        ? $"Required: sent as the <c>{Escape(parameter.WireName)}</c> parameter of every request that has it."
                        : $"Optional: when set, sent as the <c>{Escape(parameter.WireName)}</c> parameter of every request that has it.", xml: true);
                    SettingProperty(writer, settings[index++]);
                }

                if (unit.Auth is { } auth)
                {
                    writer.Line();
                    var which = unit.SomeWithoutAuth ? "the requests of the operations whose security asks for it" : "every request";
                    SummaryXml(writer, $"Authenticates {which} (the <c>{Escape(auth.HeaderName)}</c> header, or a credential of your own); none when null.");
                    SettingProperty(writer, settings[index++]);
                }

                writer.Lines("""

                    /// <summary>
                    /// The largest response body the client reads, in bytes (default 16 MiB). A larger answer fails the call
                    /// with the client's exception; an error answer's body is cut to this size instead, and the error stays what
                    /// it is. A body asked for unbuffered (<c>RequestOptions.BufferResponse</c> false) is the caller's to read.
                    /// A body compressed with gzip, deflate or br (<c>Content-Encoding</c>) is decoded as it is buffered, and
                    /// counts by its decoded bytes; the answer's <c>Content</c> is then the decoded body.
                    /// </summary>
                    """);
                SettingProperty(writer, settings[index++]);
                writer.Lines("""

                    /// <summary>Allows an <c>http://</c> endpoint that is not on this machine. Credentials then cross the network in clear text.</summary>
                    """);
                SettingProperty(writer, settings[index++]);
                writer.Lines("""

                    /// <summary>
                    /// Names the application at the start of every request's <c>User-Agent</c>, before this library's part
                    /// (<c>my-app/1.2 Ddm.Client/1.0 (...)</c>); at most 24 characters, without white space. Null for none.
                    /// </summary>
                    """);
                SettingProperty(writer, settings[index]);
                writer.Lines("""

                    /// <summary>Why these options cannot make a client, or null when they can.</summary>
                    /// <returns>The problem, naming the option to set.</returns>
                    """);
                using (writer.Block("public string? FindProblem()"))
                {
                    using (writer.Block("if (Endpoint is null)"))
                    {
                        writer.Line($"return {Literal($"{name}.Endpoint is not set: set it to the base address of the service.")};");
                    }

                    using (writer.Block("if (MaxResponseSize <= 0)"))
                    {
                        writer.Line($"return {Literal($"{name}.MaxResponseSize must be positive.")};");
                    }

                    // Each try starts a timer of the network timeout; a longer one than a timer takes (int.MaxValue
                    // milliseconds, 24.8 days) would fail every call, and 24 days is the bound the message can state.
                    using (writer.Block("if (NetworkTimeout is { } networkTimeout && networkTimeout != global::System.Threading.Timeout.InfiniteTimeSpan && (networkTimeout <= global::System.TimeSpan.Zero || networkTimeout > global::System.TimeSpan.FromDays(24)))"))
                    {
                        writer.Line($"return {Literal($"{name}.NetworkTimeout must be positive and at most 24 days, or Timeout.InfiniteTimeSpan for none.")};");
                    }

                    using (writer.Block($"if ({context.Qualify(context.SupportName)}.ApplicationIdProblem(UserAgentApplicationId) is {{ }} applicationId)"))
                    {
                        writer.Line($"return {Literal(name + ".UserAgentApplicationId ")} + applicationId;");
                    }

                    foreach (var parameter in unit.Parameters.Where(parameter => parameter.IsRequired))
                    {
                        var what = parameter.Description is null ? string.Empty : $" ({parameter.Description.TrimEnd('.')})";
                        using (writer.Block($"if ({NotSet(parameter)})"))
                        {
                            writer.Line($"return {Literal($"{name}.{parameter.PropertyName} is not set: every request sends it as the '{parameter.WireName}' parameter{what}.")};");
                        }

                        // A query or header list leaves out null items and an open enum's default, as a method argument's
                        // does (RequiredListCheck): one of only those, or an empty one, would send no parameter.
                        if (parameter.Type.Kind == TypeKind.Array && !parameter.InPath)
                        {
                            var element = parameter.Type.Element!;
                            using (writer.Block($"if ({ListWithoutValue(context, element, parameter.PropertyName)})"))
                            {
                                writer.Line($"return {Literal($"{name}.{parameter.PropertyName} has no value to send: every request sends it as the '{parameter.WireName}' parameter{what}, and {ListWithoutValueWords(element)} sends none.")};");
                            }
                        }
                    }

                    foreach (var parameter in unit.Parameters)
                    {
                        if (StepPattern(parameter) is { } step)
                        {
                            using (writer.Block($"if ({parameter.PropertyName} is {step})"))
                            {
                                writer.Line($"return {Literal($"{name}.{parameter.PropertyName} is '.' or '..': every request sends it as a segment of its path, which a server reads as a step in the path, escaped or not, and would answer for another resource.")};");
                            }
                        }
                    }

                    foreach (var overlap in unit.Overlaps)
                    {
                        var options = overlap.Values.Select(value => (Option: unit.Parameters.First(parameter => parameter.WireName == value.WireName), value.Segment)).ToList();
                        var condition = string.Join(" && ", options.Select(option => $"{context.Qualify(context.SupportName)}.Names({OptionText(option.Option)}, {Literal(option.Segment)})"));
                        var values = string.Join(", ", options.Select(option => $"{name}.{option.Option.PropertyName} is '{option.Segment}'"));
                        using (writer.Block($"if ({condition})"))
                        {
                            writer.Line($"return {Literal($"{values} (in any case): a request of {overlap.OperationId} would have the path of {overlap.Reached} ({overlap.ReachedRequest}), which the service would answer instead.")};");
                        }
                    }

                    writer.Line($"return {context.Qualify(context.SupportName)}.EndpointProblem(Endpoint, AllowInsecureTransport, {Literal(name + ".Endpoint")});");
                }
            }
        });
    }

    /// <summary>The field behind the option <paramref name="property"/>.</summary>
    private static string SettingField(string property) => "_" + char.ToLowerInvariant(property[0]) + property.Substring(1);

    /// <summary>An option whose setter refuses a change once the options are frozen, as the inherited ones do.</summary>
    private static void SettingProperty(SourceWriter writer, (string Type, string Name, string? Initial) setting)
    {
        var field = SettingField(setting.Name);
        writer.Line("/// <exception cref=\"global::System.InvalidOperationException\">Set after the options were frozen (<c>Freeze</c>, <c>IsReadOnly</c>).</exception>");
        using (writer.Block($"public {setting.Type} {setting.Name}"))
        {
            writer.Line($"get => {field};");
            using (writer.Block("set"))
            {
                writer.Line("AssertNotFrozen();");
                writer.Line($"{field} = value;");
            }
        }
    }

    /// <summary>
    /// The condition under which a required option counts as not set: null, or for text an empty string; for an open
    /// enum, also its <c>default</c>, which has no text to send in any location; for a list sent in a path, also one that
    /// leaves its segment empty (a list sent in a query or header is checked apart, in <c>FindProblem</c>).
    /// </summary>
    private static string NotSet(ClientParameterModel parameter)
    {
        var property = parameter.PropertyName;
        return (parameter.Type.Kind, parameter.InPath) switch
        {
            (TypeKind.String, _) => $"string.IsNullOrEmpty({property})",
            (TypeKind.Enum, _) => $"{property} is null or {{ Value: \"\" }}",
            (TypeKind.Array, true) => $"{property} is null or {EmptySegmentList(parameter.Type.Element!)}",
            _ => $"{property} is null",
        };
    }

    /// <summary>
    /// The pattern of an option's value that is "." or ".." where it makes a segment of its own in every path it is sent
    /// in (a string, an enum's value, a list's only value); null for an option that never can.
    /// </summary>
    private static string? StepPattern(ClientParameterModel parameter) => !parameter.OwnSegment ? null : parameter.Type.Kind switch
    {
        TypeKind.String => "\".\" or \"..\"",
        TypeKind.Enum => "{ Value: \".\" or \"..\" }",
        TypeKind.Array when parameter.Type.Element!.Kind == TypeKind.String => "[\".\" or \"..\"]",
        TypeKind.Array when parameter.Type.Element!.Kind == TypeKind.Enum => "[{ Value: \".\" or \"..\" }]",
        _ => null,
    };

    /// <summary>The text of an option that makes a segment of its own, null when it has none (<see cref="SegmentText"/>, for a property that may be null).</summary>
    private static string OptionText(ClientParameterModel parameter) =>
        parameter.Type.Kind == TypeKind.Enum ? parameter.PropertyName + "?.Value" : SegmentText(parameter.Type, parameter.PropertyName);

    private static GeneratedFile EmitCredential(CredentialUnit unit)
    {
        var context = unit.Context;
        var name = context.CredentialName;
        var support = context.Qualify(context.SupportName);
        return File(context, name, writer =>
        {
            SummaryXml(writer, $"Authenticates the requests of <see cref=\"{context.ClientName}\"/>: a pipeline policy that runs before every try of a request.");
            writer.Lines($$"""
                /// <remarks>
                /// <see cref="FromToken"/> sends a fixed token; derive from <see cref="{{context.TokenCredentialName}}"/> for tokens that
                /// are fetched and refreshed, or from this type to sign requests or to see the answers
                /// (<see cref="ShouldSendAgainAsync"/>, which can have a request sent once more with a new credential).
                /// Operations the spec marks as needing no credential are sent without one.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public abstract partial class {name} : {Primitives}.PipelinePolicy"))
            {
                writer.Lines($$"""
                    /// <summary>A credential that always sends the same token.</summary>
                    /// <param name="token">The token.</param>
                    /// <returns>The credential.</returns>
                    /// <exception cref="global::System.ArgumentException"><paramref name="token"/> is null or empty, or holds a control character or a character outside ASCII, which a header cannot carry.</exception>
                    public static {{name}} FromToken(string token) => new StaticToken(token);

                    /// <inheritdoc/>
                    public sealed override void Process({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
                    {
                        if ({{support}}.IsAnonymous(message))
                        {
                            ProcessNext(message, pipeline, currentIndex);
                            return;
                        }

                        for (var sends = 1; ; sends++)
                        {
                            StartWithoutContext(static (credential, request) => credential.AuthenticateAsync(request, async: false), this, message).AsTask().GetAwaiter().GetResult();
                            ProcessNext(message, pipeline, currentIndex);
                            if (!StartWithoutContext(static (credential, request) => credential.ShouldSendAgainAsync(request, async: false), this, message).AsTask().GetAwaiter().GetResult() || sends == 2)
                            {
                                return;
                            }

                            // A caller who has given up gets the cancellation, not a new login and a second request.
                            message.CancellationToken.ThrowIfCancellationRequested();
                            message.Response?.Dispose();
                        }
                    }

                    /// <inheritdoc/>
                    public sealed override async global::System.Threading.Tasks.ValueTask ProcessAsync({{Primitives}}.PipelineMessage message, global::System.Collections.Generic.IReadOnlyList<{{Primitives}}.PipelinePolicy> pipeline, int currentIndex)
                    {
                        if ({{support}}.IsAnonymous(message))
                        {
                            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
                            return;
                        }

                        for (var sends = 1; ; sends++)
                        {
                            await AuthenticateAsync(message, async: true).ConfigureAwait(false);
                            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
                            if (!await ShouldSendAgainAsync(message, async: true).ConfigureAwait(false) || sends == 2)
                            {
                                return;
                            }

                            // A caller who has given up gets the cancellation, not a new login and a second request.
                            message.CancellationToken.ThrowIfCancellationRequested();
                            message.Response?.Dispose();
                        }
                    }

                    /// <summary>
                    /// Starts a step of a synchronous call with no synchronization context, so that what the step awaits goes on
                    /// on the thread pool: under a UI thread's context it would wait for that thread, which the call blocks.
                    /// The step is a static function of the credential and the message, so that starting it allocates nothing.
                    /// </summary>
                    private static TTask StartWithoutContext<TTask>(
                        global::System.Func<{{name}}, {{Primitives}}.PipelineMessage, TTask> start,
                        {{name}} credential,
                        {{Primitives}}.PipelineMessage message)
                    {
                        var context = global::System.Threading.SynchronizationContext.Current;
                        global::System.Threading.SynchronizationContext.SetSynchronizationContext(null);
                        try
                        {
                            return start(credential, message);
                        }
                        finally
                        {
                            global::System.Threading.SynchronizationContext.SetSynchronizationContext(context);
                        }
                    }

                    /// <summary>Adds the credential to a request; called before every try, so a signature or token is always fresh.</summary>
                    /// <param name="message">The request about to be sent; <c>message.CancellationToken</c> cancels the work.</param>
                    /// <param name="async">Whether the caller is asynchronous; a synchronous call waits for the returned task.</param>
                    /// <returns>A task that completes when the request carries the credential.</returns>
                    protected abstract global::System.Threading.Tasks.ValueTask AuthenticateAsync({{Primitives}}.PipelineMessage message, bool async);

                    /// <summary>
                    /// Called after the answer to an authenticated request came back (not after an exception), for example
                    /// to drop a token the service refused. Return true to have the request authenticated again and sent
                    /// once more within the same try, whatever the client's retry policy allows: at most once per try, so
                    /// that true for the answer to that second send is not followed. The first answer is disposed.
                    /// </summary>
                    /// <param name="message">The request and its answer (<c>message.Response</c>); <c>message.CancellationToken</c> cancels the work.</param>
                    /// <param name="async">Whether the caller is asynchronous; a synchronous call waits for the returned task.</param>
                    /// <returns>Whether to authenticate and send the request once more; false by default. Only a request whose body can be sent twice should be.</returns>
                    protected virtual global::System.Threading.Tasks.ValueTask<bool> ShouldSendAgainAsync({{Primitives}}.PipelineMessage message, bool async) =>
                        new global::System.Threading.Tasks.ValueTask<bool>(false);

                    /// <summary>
                    /// Calls <paramref name="fetch"/> for a token and waits for it no longer than the request's network timeout
                    /// (<c>NetworkTimeout</c>, which bounds the rest of its try too), counted from the call and measured on
                    /// <paramref name="timeProvider"/>. The token <paramref name="fetch"/> is given is cancelled when that time runs
                    /// out, also while the call blocks before it returns (a lock, a synchronous fetch), and the wait ends then
                    /// also where the fetch does not heed it. The caller's cancellation cancels that token too, from the call on,
                    /// and ends the wait with a cancellation of the caller's own token. A network timeout of zero or less leaves
                    /// no time: the token is cancelled before the call. When the time runs out before a token came, the token
                    /// that came just then serves, else <paramref name="timedOut"/> gives one (a valid token kept from before)
                    /// or throws the exception that says what timed out.
                    /// </summary>
                    /// <typeparam name="TState">What <paramref name="fetch"/> and <paramref name="timedOut"/> are given, so that neither need capture anything.</typeparam>
                    /// <param name="message">The request; its <c>NetworkTimeout</c> and <c>CancellationToken</c> bound the wait.</param>
                    /// <param name="state">Given to <paramref name="fetch"/> and <paramref name="timedOut"/>.</param>
                    /// <param name="fetch">Starts the fetch of a token, with the token that cancels it.</param>
                    /// <param name="timedOut">Called with the network timeout and the cancellation when the time ran out: returns the token to use, or throws.</param>
                    /// <param name="timeProvider">The clock of the network timeout; <see cref="global::System.TimeProvider.System"/> when null.</param>
                    /// <returns>The token.</returns>
                    protected static global::System.Threading.Tasks.ValueTask<string> WaitForTokenAsync<TState>(
                        {{Primitives}}.PipelineMessage message,
                        TState state,
                        global::System.Func<TState, global::System.Threading.CancellationToken, global::System.Threading.Tasks.ValueTask<string>> fetch,
                        global::System.Func<TState, global::System.TimeSpan, global::System.OperationCanceledException, string> timedOut,
                        global::System.TimeProvider? timeProvider = null)
                    {
                        global::System.ArgumentNullException.ThrowIfNull(message);
                        global::System.ArgumentNullException.ThrowIfNull(fetch);
                        global::System.ArgumentNullException.ThrowIfNull(timedOut);
                        var networkTimeout = message.NetworkTimeout ?? global::System.TimeSpan.FromSeconds(100);
                        // A negative one other than infinite, and one longer than a timer holds (only a policy that sets it on
                        // the message can give either), bound the wait as zero and as the longest timer do.
                        var wait = networkTimeout == global::System.Threading.Timeout.InfiniteTimeSpan ? networkTimeout
                            : networkTimeout <= global::System.TimeSpan.Zero ? global::System.TimeSpan.Zero
                            : networkTimeout.TotalMilliseconds > int.MaxValue ? global::System.TimeSpan.FromMilliseconds(int.MaxValue)
                            : networkTimeout;
                        var cancellationToken = message.CancellationToken;
                        // The fetch gets the caller's token where nothing else can cancel the wait (no network timeout, or the
                        // caller has cancelled already), else one of this wait's own, whose timer runs from before the call, so
                        // that it also ends a call that blocks before it returns. The caller's cancellation reaches it from the
                        // start: a registration, none where the caller's token cannot be cancelled, and one whose slot the
                        // caller's source reuses where it can.
                        var bound = wait == global::System.Threading.Timeout.InfiniteTimeSpan || cancellationToken.IsCancellationRequested ? null
                            : wait == global::System.TimeSpan.Zero ? new global::System.Threading.CancellationTokenSource()
                            : new global::System.Threading.CancellationTokenSource(wait, timeProvider ?? global::System.TimeProvider.System);
                        var link = bound is null || !cancellationToken.CanBeCanceled
                            ? default
                            : cancellationToken.UnsafeRegister(static source => ((global::System.Threading.CancellationTokenSource)source!).Cancel(), bound);
                        try
                        {
                            if (wait == global::System.TimeSpan.Zero)
                            {
                                // No time to wait: the call gets a token cancelled already.
                                bound?.Cancel();
                            }

                            global::System.Threading.Tasks.ValueTask<string> pending;
                            try
                            {
                                pending = fetch(state, bound?.Token ?? cancellationToken);
                            }
                            catch (global::System.OperationCanceledException exception) when (bound?.IsCancellationRequested ?? cancellationToken.IsCancellationRequested)
                            {
                                // The call blocked and gave up when the token it was given was cancelled, before it returned:
                                // this wait's own, or the caller's where it was given that one. Whatever token its cancellation
                                // names (a blocking call may name none), the caller's is the one it gets.
                                return new global::System.Threading.Tasks.ValueTask<string>(Ended(state, exception, cancellationToken, networkTimeout, timedOut));
                            }

                            if (pending.IsCompletedSuccessfully)
                            {
                                return pending;
                            }

                            // The wait disposes the link and the source.
                            var waiting = WaitForFetchAsync(pending.AsTask(), bound, link, cancellationToken, state, networkTimeout, timedOut);
                            bound = null;
                            link = default;
                            return waiting;
                        }
                        finally
                        {
                            // The link first: once it is disposed, the caller's cancellation no longer cancels the source.
                            link.Dispose();
                            bound?.Dispose();
                        }
                    }

                    /// <summary>
                    /// Waits for a fetch that did not end at once, until <paramref name="bound"/> (the source of the token the call
                    /// was given, whose timer runs; null where it was given the caller's own) is cancelled, and disposes it and
                    /// <paramref name="link"/>, through which the caller's cancellation cancels it.
                    /// </summary>
                    private static async global::System.Threading.Tasks.ValueTask<string> WaitForFetchAsync<TState>(
                        global::System.Threading.Tasks.Task<string> fetch,
                        global::System.Threading.CancellationTokenSource? bound,
                        global::System.Threading.CancellationTokenRegistration link,
                        global::System.Threading.CancellationToken cancellationToken,
                        TState state,
                        global::System.TimeSpan networkTimeout,
                        global::System.Func<TState, global::System.TimeSpan, global::System.OperationCanceledException, string> timedOut)
                    {
                        using var owned = bound;
                        using var linked = link;
                        var limit = bound?.Token ?? cancellationToken;
                        try
                        {
                            return await fetch.WaitAsync(limit).ConfigureAwait(false);
                        }
                        catch (global::System.OperationCanceledException exception) when (limit.IsCancellationRequested)
                        {
                            // A fetch that goes on, unheeding, must not leave its failure unobserved, whoever stopped the wait.
                            ObserveFailure(fetch);

                            // The network timeout ran out just as the token came: it serves the request.
                            if (!cancellationToken.IsCancellationRequested && fetch.IsCompletedSuccessfully)
                            {
                                return fetch.Result;
                            }

                            return Ended(state, exception, cancellationToken, networkTimeout, timedOut);
                        }
                    }

                    /// <summary>
                    /// A wait for a token that ended without one: the caller cancelled, a cancellation that names the caller's
                    /// token rather than the one of the wait; or else the network timeout ran out, for <paramref name="timedOut"/>.
                    /// </summary>
                    private static string Ended<TState>(
                        TState state,
                        global::System.OperationCanceledException exception,
                        global::System.Threading.CancellationToken cancellationToken,
                        global::System.TimeSpan networkTimeout,
                        global::System.Func<TState, global::System.TimeSpan, global::System.OperationCanceledException, string> timedOut)
                    {
                        if (cancellationToken.IsCancellationRequested)
                        {
                            throw new global::System.OperationCanceledException(cancellationToken);
                        }

                        return timedOut(state, networkTimeout, exception);
                    }

                    /// <summary>Observes the failure of a fetch no longer waited for, when it comes, so that it is never reported as unobserved.</summary>
                    private static void ObserveFailure(global::System.Threading.Tasks.Task fetch)
                    {
                        if (!fetch.IsCompletedSuccessfully)
                        {
                            _ = fetch.ContinueWith(
                                static task => _ = task.Exception,
                                global::System.Threading.CancellationToken.None,
                                global::System.Threading.Tasks.TaskContinuationOptions.OnlyOnFaulted | global::System.Threading.Tasks.TaskContinuationOptions.ExecuteSynchronously,
                                global::System.Threading.Tasks.TaskScheduler.Default);
                        }
                    }

                    private sealed class StaticToken : {{context.TokenCredentialName}}
                    {
                        private readonly string _token;

                        public StaticToken(string token)
                        {
                            global::System.ArgumentException.ThrowIfNullOrEmpty(token);
                            _token = {{support}}.CredentialValue("The token", token);
                        }

                        public override global::System.Threading.Tasks.ValueTask<string> GetTokenAsync(global::System.Threading.CancellationToken cancellationToken = default) =>
                            new global::System.Threading.Tasks.ValueTask<string>(_token);

                        private protected override string? FixedToken => _token;

                        public override string ToString() => "static token";
                    }
                    """);
            }
        });
    }

    private static GeneratedFile EmitTokenCredential(CredentialUnit unit)
    {
        var context = unit.Context;
        var auth = unit.Auth;
        var name = context.TokenCredentialName;
        var value = auth.Prefix.Length == 0 ? "token" : $"{Literal(auth.Prefix)} + token";
        return File(context, name, writer =>
        {
            SummaryXml(writer, $"A credential that sends a token in the <c>{Escape(auth.HeaderName)}</c> header, as the {Escape(auth.SchemeName)} security scheme requires.");
            Remarks(writer, auth.Description);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public abstract partial class {name} : {context.Qualify(context.CredentialName)}"))
            {
                writer.Lines($$"""
                    /// <summary>Returns a valid token, fetching or refreshing it when needed.</summary>
                    /// <param name="cancellationToken">
                    /// Cancels the wait for a token: when the caller cancels, or when the request's network timeout runs out
                    /// (see the remarks for when).
                    /// </param>
                    /// <returns>The token, without any scheme prefix.</returns>
                    /// <remarks>
                    /// A request waits for a token no longer than its network timeout, counted from the call. That timeout and
                    /// the caller's cancellation both reach <paramref name="cancellationToken"/> from the call on (it is
                    /// cancelled at the call already when the caller has cancelled before, or when the network timeout is
                    /// zero), also while this method blocks before it returns, on a lock or a synchronous fetch, in a
                    /// synchronous call of the client as in an asynchronous one; a cancellation this method throws for it
                    /// reaches the caller as one of the caller's own token, or as the request's timeout. A block that does not
                    /// heed <paramref name="cancellationToken"/> cannot be cut short, so pass it to whatever the fetch waits
                    /// on; the task this method returns is left once the time runs out, whether it heeds it or not.
                    /// </remarks>
                    public abstract global::System.Threading.Tasks.ValueTask<string> GetTokenAsync(global::System.Threading.CancellationToken cancellationToken = default);

                    /// <summary>
                    /// Sets the header to the token of <see cref="GetTokenAsync"/>, waited for no longer than the request's network
                    /// timeout (<c>NetworkTimeout</c>, which bounds the rest of its try too), counted from the call. When that runs
                    /// out before <see cref="GetTokenAsync"/> gave a token, the token it was given is cancelled, also while it blocks
                    /// before it returns, and the request fails unsent with a <see cref="global::System.TimeoutException"/>, which
                    /// is not retried, also where the task it returned does not heed its token. A token that has come by then
                    /// still serves the request. The caller's cancellation cancels the token it was given from the call on,
                    /// blocking or not.
                    /// </summary>
                    /// <inheritdoc/>
                    protected sealed override global::System.Threading.Tasks.ValueTask AuthenticateAsync({{Primitives}}.PipelineMessage message, bool async)
                    {
                        global::System.ArgumentNullException.ThrowIfNull(message);
                        if (FixedToken is { } fixedToken)
                        {
                            // Nothing to wait for: no bound, no timer.
                            SetToken(message, fixedToken);
                            return default;
                        }

                        // A bound of its own, with its timer, for every other: a token at hand costs that, and a call that
                        // blocks before it returns is cut short by it.
                        var token = WaitForTokenAsync(
                            message,
                            this,
                            static (credential, cancellationToken) => credential.GetTokenAsync(cancellationToken),
                            static (credential, networkTimeout, exception) => throw credential.NoTokenInTime(networkTimeout, exception));
                        if (token.IsCompletedSuccessfully)
                        {
                            // A token at hand, the common case, costs no task: this method is not async, its wait is.
                            SetToken(message, token.Result);
                            return default;
                        }

                        return SetTokenAsync(message, token);
                    }

                    /// <summary>The token of <see cref="{{context.CredentialName}}.FromToken"/>, which is always at hand and needs no bound; null for any other credential.</summary>
                    private protected virtual string? FixedToken => null;

                    /// <summary>Sets the header to the token of a wait that did not end at once.</summary>
                    private static async global::System.Threading.Tasks.ValueTask SetTokenAsync({{Primitives}}.PipelineMessage message, global::System.Threading.Tasks.ValueTask<string> token) =>
                        SetToken(message, await token.ConfigureAwait(false));

                    /// <summary>Sets the header to <paramref name="token"/>.</summary>
                    private static void SetToken({{Primitives}}.PipelineMessage message, string token) =>
                        message.Request.Headers.Set({{Literal(auth.HeaderName)}}, {{context.Qualify(context.SupportName)}}.CredentialValue({{Literal("The value for the " + auth.HeaderName + " header")}}, {{value}}));

                    /// <summary>The failure of a request whose network timeout ran out before <see cref="GetTokenAsync"/> gave a token.</summary>
                    private global::System.TimeoutException NoTokenInTime(global::System.TimeSpan networkTimeout, global::System.OperationCanceledException exception)
                    {
                        var seconds = networkTimeout.TotalSeconds.ToString("0.###", global::System.Globalization.CultureInfo.InvariantCulture);
                        return new global::System.TimeoutException(GetType().Name + ".GetTokenAsync gave no token within the request's network timeout (NetworkTimeout, " + seconds + " s), so the request was not sent.", exception);
                    }
                    """);
            }
        });
    }

    private static GeneratedFile EmitServiceExtensions(ServiceExtensionsUnit unit)
    {
        var context = unit.Context;
        var name = context.ServiceExtensionsName;
        var client = context.Qualify(context.ClientName);
        var options = context.Qualify(context.OptionsName);
        const string DI = "global::Microsoft.Extensions.DependencyInjection";
        const string Options = "global::Microsoft.Extensions.Options";
        var credential = unit.HasCredential
            ? $"\n        options.Credential ??= {DI}.ServiceProviderServiceExtensions.GetService<{context.Qualify(context.CredentialName)}>(provider);"
            : string.Empty;
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>Registers <see cref="{{client}}"/> with dependency injection.</summary>
                /// <remarks>
                /// Each client gets a fresh copy of the options and an <c>HttpClient</c> from <c>IHttpClientFactory</c> (so handlers
                /// rotate); the options are validated when the host starts, and options that cannot make a client fail
                /// with what <c>FindProblem()</c> says. Retries: the client retries with System.ClientModel's policy
                /// unless the <c>HttpClient</c> has a resilience handler (<c>AddStandardResilienceHandler()</c> or a Polly
                /// handler); then that handler retries and the client's default retry is off, so requests are never retried by
                /// both. A handler without a retry strategy (only a timeout, say) cannot be told apart and turns it off too:
                /// set <c>RetryPolicy</c> then. Setting <c>RetryPolicy</c> in the options yourself always wins. As with System.ClientModel's own
                /// <c>HttpClient</c>, the client's has no timeout of its own (<c>NetworkTimeout</c> bounds each try) and follows no
                /// redirect, which would carry the credential's headers along: whatever primary handler the application
                /// configures (for every client, or on the builder this returns) is kept, and its redirects are turned off
                /// after that configuration (a <c>SocketsHttpHandler</c> or <c>HttpClientHandler</c>, also inside handlers that wrap it).
                /// The factory's log never shows the credential headers, whatever headers the application has it redact.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public static partial class {name}"))
            {
                writer.Lines($$"""
                    /// <summary>Registers <see cref="{{client}}"/> as a typed HTTP client with options set in code.</summary>
                    /// <param name="services">The services.</param>
                    /// <param name="configure">Sets the endpoint, the shared parameters and the credential.</param>
                    /// <returns>The builder of the client's <c>HttpClient</c> (named after the client's full type name), to add <c>AddStandardResilienceHandler()</c> or handlers of your own.</returns>
                    public static {{DI}}.IHttpClientBuilder Add{{context.ClientName}}(this {{DI}}.IServiceCollection services, global::System.Action<{{options}}> configure)
                    {
                        global::System.ArgumentNullException.ThrowIfNull(services);
                        global::System.ArgumentNullException.ThrowIfNull(configure);
                        {{DI}}.OptionsBuilderExtensions.ValidateOnStart({{DI}}.OptionsServiceCollectionExtensions.AddOptions<{{options}}>(services).Configure(configure));
                        {{DI}}.Extensions.ServiceCollectionDescriptorExtensions.TryAddEnumerable(services, {{DI}}.ServiceDescriptor.Singleton<{{Options}}.IValidateOptions<{{options}}>, OptionsValidator>());
                        // As System.ClientModel's own HttpClient: no timeout of its own (NetworkTimeout bounds each try) and no
                        // redirects, which would carry the credential's headers to wherever the answer points.
                        var builder = {{DI}}.HttpClientFactoryServiceCollectionExtensions.AddHttpClient(services, "{{context.Namespace}}.{{context.ClientName}}", httpClient => httpClient.Timeout = global::System.Threading.Timeout.InfiniteTimeSpan);
                        {{DI}}.OptionsServiceCollectionExtensions.PostConfigure<global::Microsoft.Extensions.Http.HttpClientFactoryOptions>(services, builder.Name, static factory => ProtectCredentials(factory));
                        return {{DI}}.HttpClientBuilderExtensions.AddTypedClient<{{client}}>(builder, (httpClient, provider) =>
                        {
                            // A fresh options object per client: nothing from one client's HttpClient lives on in shared options.
                            var options = {{DI}}.ServiceProviderServiceExtensions.GetRequiredService<{{Options}}.IOptionsFactory<{{options}}>>(provider).Create({{Options}}.Options.DefaultName);{{credential}}
                            if (options.ClientLoggingOptions?.LoggerFactory is null && {{DI}}.ServiceProviderServiceExtensions.GetService<global::Microsoft.Extensions.Logging.ILoggerFactory>(provider) is { } loggerFactory)
                            {
                                // Log through the container's logging unless the options name a logger factory of their own: set
                                // on a copy, since the application's logging options may be one object it shares or keeps.
                                var logging = options.ClientLoggingOptions?.Clone() ?? new {{Primitives}}.ClientLoggingOptions();
                                logging.LoggerFactory = loggerFactory;
                                options.ClientLoggingOptions = logging;
                            }

                            if (options.RetryPolicy is null && HasResilienceHandler({{DI}}.ServiceProviderServiceExtensions.GetRequiredService<global::System.Net.Http.IHttpMessageHandlerFactory>(provider), "{{context.Namespace}}.{{context.ClientName}}"))
                            {
                                options.RetryPolicy = new {{Primitives}}.ClientRetryPolicy(maxRetries: 0);
                            }

                            return new {{client}}(httpClient, options);
                        });
                    }
                    """);

                writer.Lines($$"""

                    /// <summary>
                    /// Keeps the credentials of a factory's HTTP client where they belong, after every other configuration
                    /// of it (for every client, or on its builder): its primary handler follows no redirect and keeps no
                    /// cookie, and the factory's log redacts the credential headers (<c>Authorization</c>, <c>X-Auth-Token</c>,
                    /// <c>X-Security-Token</c>, <c>X-Subject-Token</c>) as well as those the application has it redact.
                    /// Internal, for other clients of the assembly that carry credentials (an IAM login, say).
                    /// </summary>
                    /// <param name="factory">The factory's options for the client's name.</param>
                    internal static void ProtectCredentials(global::Microsoft.Extensions.Http.HttpClientFactoryOptions factory)
                    {
                        factory.HttpMessageHandlerBuilderActions.Add(static handlers => RefuseRedirectsAndCookies(handlers.PrimaryHandler));

                        // The factory logs headers at Trace level, in clear unless redacted: an application that names the
                        // headers to redact (RedactLoggedHeaders) would otherwise have the credential's logged.
                        var redacted = factory.ShouldRedactHeaderValue;
                        factory.ShouldRedactHeaderValue = header => {{context.Qualify(context.SupportName)}}.IsSecretHeader(header) || redacted is null || redacted(header);
                    }

                    /// <summary>
                    /// Turns redirects and cookies off in a primary handler, inside any handlers that wrap it, keeping
                    /// everything else the application set on it; another kind of handler is left as it is. The factory
                    /// shares a handler among the clients of a name, whatever their scope and credential, and a cookie
                    /// that one answer set would go with the requests of all of them.
                    /// </summary>
                    /// <param name="handler">The primary handler.</param>
                    private static void RefuseRedirectsAndCookies(global::System.Net.Http.HttpMessageHandler? handler)
                    {
                        while (handler is global::System.Net.Http.DelegatingHandler wrapper)
                        {
                            handler = wrapper.InnerHandler;
                        }

                        // Written only when on: a handler that has sent requests refuses any change, even to the value it has.
                        if (handler is global::System.Net.Http.SocketsHttpHandler sockets)
                        {
                            if (sockets.AllowAutoRedirect)
                            {
                                sockets.AllowAutoRedirect = false;
                            }

                            if (sockets.UseCookies)
                            {
                                sockets.UseCookies = false;
                            }
                        }
                        else if (handler is global::System.Net.Http.HttpClientHandler client)
                        {
                            if (client.AllowAutoRedirect)
                            {
                                client.AllowAutoRedirect = false;
                            }

                            if (client.UseCookies)
                            {
                                client.UseCookies = false;
                            }
                        }
                    }

                    /// <summary>Refuses options that cannot make a client, saying why as <see cref="{{options}}.FindProblem"/> does.</summary>
                    private sealed class OptionsValidator : {{Options}}.IValidateOptions<{{options}}>
                    {
                        public {{Options}}.ValidateOptionsResult Validate(string? name, {{options}} options) =>
                            options.FindProblem() is { } problem ? {{Options}}.ValidateOptionsResult.Fail(problem) : {{Options}}.ValidateOptionsResult.Success;
                    }

                    private static bool HasResilienceHandler(global::System.Net.Http.IHttpMessageHandlerFactory factory, string name)
                    {
                        // Walks the handler chain the factory builds for the client's name, looking for a handler that retries.
                        for (var handler = factory.CreateHandler(name) as global::System.Net.Http.DelegatingHandler; handler is not null; handler = handler.InnerHandler as global::System.Net.Http.DelegatingHandler)
                        {
                            var type = handler.GetType();
                            if (type.Namespace == "Microsoft.Extensions.Http.Resilience" || type.Name == "PolicyHttpMessageHandler")
                            {
                                return true;
                            }
                        }

                        return false;
                    }
                    """);
            }
        });
    }
}
