using System.Collections.Generic;
using System.Linq;
using System.Text;
using DdmGen.Generator.Model;
using DdmGen.Generator.Parsing;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    /// <summary>
    /// The client in up to three files: its public methods, and two private nested types that build and check each
    /// operation's request (<c>Requests</c>) and set up each listing's pager (<c>Pagers</c>). The compiler compiles
    /// each type on one thread, so for a large spec one client type holding all of that would be the longest single
    /// task of the consumer's build; split, the three compile side by side, and reviewers read each concern apart.
    /// Each operation first checks <paramref name="cancellationToken"/>: a spec of thousands of operations stops
    /// when the build or the editor no longer wants its output.
    /// </summary>
    private static GeneratedFile[] EmitClient(ClientUnit unit, System.Threading.CancellationToken cancellationToken)
    {
        var context = unit.Context;
        var client = unit.Client;
        var pragma = "#pragma warning disable CS1573 // Protocol methods and overloads inherit their parameter docs with <inheritdoc cref=\"...\" path=\"...\"/>.";
        var deprecated = unit.UsesDeprecated
            ? "#pragma warning disable CS0612, CS0618 // The client still names what the spec deprecates: operations, models, properties."
            : null;
        var surface = File(context, context.ClientName, writer =>
        {
            Summary(writer, client.Title is null ? $"The client of {context.SpecFileName}." : $"The client of the {client.Title}.");
            WriteClientRemarks(writer, context, client);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public partial class {context.ClientName}"))
            {
                WriteFieldsAndConstructor(writer, context, client);
                foreach (var operation in client.Operations)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer.Line();
                    WriteOperation(writer, context, operation);
                    if (operation.Paging is { } paging)
                    {
                        writer.Line();
                        WriteAutoPaging(writer, context, client, operation, paging);
                    }
                }
            }
        }, string.Join("\n", new[] { pragma, deprecated, NamesUrlParameter(client) ? UrlParameterPragma : null }.Where(line => line is not null)));
        if (client.Operations.Count == 0)
        {
            return new[] { surface };
        }

        var requests = NestedClientFile(context, GeneratedNames.RequestsType(context.ClientName), "Builds and checks the request of each operation; the client's protocol methods send it.", deprecated, writer =>
        {
            var first = true;
            var refused = new RefusedOverlaps(client);
            foreach (var operation in client.Operations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                first = WriteSeparator(writer, first);
                WriteCreateMessage(writer, context, client, operation, refused);

                // A listing checks its arguments when it starts and again with every request, an operation with a body
                // before it makes the body's content and again in the request: one method serves both.
                if (HasValidationMethod(operation))
                {
                    writer.Line();
                    WriteValidation(writer, context, operation);
                }
            }
        });
        if (!client.Operations.Any(operation => operation.Paging is not null))
        {
            return new[] { surface, requests };
        }

        var pagers = NestedClientFile(context, GeneratedNames.PagersType(context.ClientName), "Sets up the pager of each listing; the client's auto-paging methods enumerate it.", deprecated, writer =>
        {
            var first = true;
            foreach (var operation in client.Operations.Where(operation => operation.Paging is not null))
            {
                cancellationToken.ThrowIfCancellationRequested();
                first = WriteSeparator(writer, first);
                WritePagerFactory(writer, context, client, operation, operation.Paging!);
            }
        });
        return new[] { surface, requests, pagers };
    }

    private const string ClientParameter = GeneratedNames.ClientParameter;

    /// <summary>
    /// A file holding one private static type nested in the client. Its hint name, <c>{Namespace}.{Client}+{Type}.g.cs</c>,
    /// has the runtime's separator of a nested type, which no type's own file name has, so it cannot meet one.
    /// </summary>
    private static GeneratedFile NestedClientFile(GenerationContext context, string typeName, string summary, string? pragma, System.Action<SourceWriter> body) =>
        File(context, context.ClientName + "+" + typeName, writer =>
        {
            using (writer.Block($"public partial class {context.ClientName}"))
            {
                Summary(writer, summary);
                writer.Line(GeneratedCodeAttribute);
                using (writer.Block($"private static class {typeName}"))
                {
                    body(writer);
                }
            }
        }, pragma);

    /// <summary>Writes the blank line between two members, not before the first; returns false, the next call's <paramref name="first"/>.</summary>
    private static bool WriteSeparator(SourceWriter writer, bool first)
    {
        if (!first)
        {
            writer.Line();
        }

        return false;
    }

    /// <summary>
    /// The spec's description, then what the methods of every operation share, written here once so that each
    /// operation's docs carry only what is its own.
    /// </summary>
    private static void WriteClientRemarks(SourceWriter writer, GenerationContext context, ClientModel client)
    {
        var parts = new List<string>();
        if (client.Description is { } description)
        {
            parts.Add(Escape(description));
        }

        if (client.Operations.Count > 0)
        {
            // Only a body with an object of the spec can hold members its model does not know.
            var unknown = client.Operations.Any(operation => operation.Body is { } body && HasModel(body.Type)) ? ", which may hold members the models do not know" : string.Empty;
            var content = client.Operations.Any(operation => operation.Body is { IsRaw: false })
                ? $"A protocol method takes the request body as <c>BinaryContent</c>, the JSON as it is sent{unknown}. "
                : string.Empty;
            if (client.Operations.Any(operation => operation.Body is { IsRaw: true }))
            {
                content += "An operation whose request body is not JSON has protocol methods alone, which take the body as it is sent and its content type. ";
            }

            parts.Add("<para>Each operation has convenience methods (<c>XAsync</c>, <c>X</c>) that return the typed answer, and protocol "
                + "methods that take per-call <c>RequestOptions</c> (headers, error behaviour, cancellation, buffering) and return the answer as it came. "
                + content
                + "Arguments are checked against the spec before anything is sent.</para>");
        }

        if (client.Operations.Any(operation => operation.Paging is not null))
        {
            parts.Add("<para>The <c>XAutoPagingAsync</c> and <c>XAutoPaging</c> methods of a paged operation give every item of every page. "
                + "The next page is requested only when the caller has consumed the previous one. A listing stops at an empty page, at the "
                + "total the service reports where its pages carry one (unless a page goes past it, which proves it short), or else at a "
                + "page shorter than the page size; it fails rather than "
                + "loop when the service answers the same page again. <c>GetRawPagesAsync()</c> gives the pages, and "
                + "<c>GetContinuationToken(page)</c> a token that resumes after a page, in this process or another, through the overloads "
                + "that take a <c>ContinuationToken</c>. Whatever exception ends a listing after its first page (an error answer, a "
                + "timeout, a connection lost, a cancellation while a page is asked for) holds in its <c>Data</c> the offset of the page "
                + $"it stopped at and a token that goes on from there, under <see cref=\"{context.Qualify(context.ExceptionName)}.PageOffsetKey\"/> "
                + $"and <see cref=\"{context.Qualify(context.ExceptionName)}.ContinuationTokenKey\"/>.</para>");
        }

        if (client.Operations.Count > 0)
        {
            // Only the calls whose answer the client reads itself (ReadOptions) keep their activity until it is read.
            var values = client.Operations.Any(operation => operation.Result is not null);
            var listings = client.Operations.Any(operation => operation.Paging is not null);
            var readers = (values, listings) switch
            {
                (true, true) => "a convenience method that returns a value, and a listing, end it",
                (true, false) => "a convenience method that returns a value ends it",
                (false, true) => "a listing ends it",
                _ => null,
            };
            var ends = readers is null ? "each ends when its answer has come." : readers + " when the answer is read, a protocol method when the answer has come.";
            parts.Add($"<para>Each call is traced as an activity of the source <c>{context.Namespace}.{context.ClientName}</c> named "
                + $"<c>{context.ClientName}.operationId</c>, around its tries, with the <c>HttpClient</c>'s activity for each try beneath it; "
                + "an error answer or an exception marks it failed, with the status code or the exception's type as <c>error.type</c>; "
                + ends + " Setting <c>EnableDistributedTracing</c> to false in the options turns it off.</para>");
        }

        Doc(writer, "remarks", string.Join("\n", parts), xml: true);
    }

    private static string FieldName(string propertyName) => "_" + char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1);

    private static void WriteFieldsAndConstructor(SourceWriter writer, GenerationContext context, ClientModel client)
    {
        var support = context.Qualify(context.SupportName);
        var options = context.Qualify(context.OptionsName);
        writer.Line("private readonly global::System.Uri _endpoint;");
        foreach (var parameter in client.Parameters)
        {
            writer.Line($"private readonly {TypeName(context, parameter.Type, nullable: !parameter.IsRequired)} {FieldName(parameter.PropertyName)};");
        }

        writer.Lines($$"""

            /// <summary>For mocking: a client without a pipeline, whose methods a test overrides.</summary>
            protected {{context.ClientName}}()
            {
                _endpoint = null!;
                Pipeline = null!;
            {{string.Concat(client.Parameters.Select(parameter => $"    {FieldName(parameter.PropertyName)} = default!;\n"))}}}

            /// <summary>Creates a client that sends its requests through the options' transport (by default a shared <c>HttpClient</c>).</summary>
            /// <param name="options">The endpoint, the parameters every request shares, the credential and the pipeline options; copied.</param>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="options"/> is null.</exception>
            /// <exception cref="global::System.ArgumentException">The options are not valid (<see cref="{{options}}.FindProblem"/> says why).</exception>
            public {{context.ClientName}}({{options}} options)
                : this(options, null)
            {
            }

            /// <summary>Creates a client that sends its requests through <paramref name="httpClient"/>.</summary>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is null.</exception>
            /// <param name="httpClient">
            /// Sends the requests; the caller owns it (and its handlers). Its handler should not follow redirects
            /// (<c>AllowAutoRedirect = false</c>; <c>new HttpClient()</c> follows them): a redirect it follows takes the
            /// credential's headers along, and the answer is then refused with the client's exception.
            /// </param>
            /// <inheritdoc cref="{{context.ClientName}}({{options}})" path="/*[self::param or self::exception[@cref!='T:System.ArgumentNullException']]"/>
            public {{context.ClientName}}(global::System.Net.Http.HttpClient httpClient, {{options}} options)
                : this(options, httpClient ?? throw new global::System.ArgumentNullException(nameof(httpClient)))
            {
            }

            private {{context.ClientName}}({{options}} options, global::System.Net.Http.HttpClient? httpClient)
            {
                global::System.ArgumentNullException.ThrowIfNull(options);
                if (options.FindProblem() is { } problem)
                {
                    throw new global::System.ArgumentException(problem, nameof(options));
                }

                _endpoint = {{support}}.BaseAddress(options.Endpoint!);
            """);
        foreach (var parameter in client.Parameters)
        {
            var value = !parameter.IsRequired ? $"options.{parameter.PropertyName}"
                : parameter.Type.IsValueType ? $"options.{parameter.PropertyName}!.Value"
                : $"options.{parameter.PropertyName}!";
            writer.Line($"    {FieldName(parameter.PropertyName)} = {value};");
        }

        var credential = client.Auth is null ? "null" : "options.Credential";
        writer.Lines($$"""
                Pipeline = {{support}}.CreatePipeline(options, options.MaxResponseSize, options.UserAgentApplicationId, httpClient, {{credential}});
            }

            /// <summary>The pipeline every request goes through: tracing, <c>User-Agent</c>, retry, logging, credential, and the transport within the body-size limit.</summary>
            public {{Primitives}}.ClientPipeline Pipeline { get; }
            """);
    }

    private const string UrlParameterPragma = "#pragma warning disable CA1054 // A parameter the spec names a URL is the string the spec gives, sent as it is.";

    /// <summary>
    /// Whether a method of the client takes a string parameter whose name has the word <c>url</c>, <c>uri</c> or
    /// <c>urn</c> (<c>callbackUrl</c>), which CA1054 would have be a <c>System.Uri</c>: the spec chose the name and
    /// the value is text sent as it is, which a <c>Uri</c> would escape and normalize.
    /// </summary>
    private static bool NamesUrlParameter(ClientModel client) =>
        client.Operations.Any(operation => operation.Parameters.Any(parameter =>
            parameter.ClientProperty is null && parameter.Type.Kind == TypeKind.String && HasUrlWord(Naming.Bare(parameter.Name))));

    /// <summary>
    /// Whether a camel-case or snake-case name has <c>url</c>, <c>uri</c> or <c>urn</c> as one of its words, split as
    /// CA1054 splits it: at an underscore, where a lower-case letter meets an upper-case one, before the last capital of
    /// a run of them that a lower-case letter follows (<c>URLPath</c> is URL, Path), and where digits meet letters
    /// (<c>x2url</c> is x, 2, url).
    /// </summary>
    private static bool HasUrlWord(string name)
    {
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || StartsWord(name[i - 1], name[i], i + 1 < name.Length ? name[i + 1] : '_'))
            {
                var word = name.Substring(start, i - start).Trim('_');
                if (word.Equals("url", System.StringComparison.OrdinalIgnoreCase) || word.Equals("uri", System.StringComparison.OrdinalIgnoreCase) || word.Equals("urn", System.StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                start = i;
            }
        }

        return false;

        static bool StartsWord(char previous, char current, char next) =>
            current == '_' || previous == '_'
            || char.IsDigit(previous) != char.IsDigit(current)
            || (char.IsUpper(current) && char.IsLower(previous))
            || (char.IsUpper(current) && char.IsUpper(previous) && char.IsLower(next));
    }

    /// <summary>The method arguments in signature order: required first, then optional, the body where its requiredness puts it.</summary>
    /// <remarks>Asked for many times per operation (signatures, crefs, validation, paging): the last operation's list is kept per thread and not changed by callers.</remarks>
    private static List<(string Declaration, string Name)> Arguments(GenerationContext context, OperationModel operation)
    {
        if (ReferenceEquals(s_argumentsOf, operation) && ReferenceEquals(s_argumentsContext, context))
        {
            return s_arguments!;
        }

        var arguments = new List<(string, string)>();
        var methodParameters = operation.Parameters.Where(parameter => parameter.ClientProperty is null).ToList();
        foreach (var parameter in methodParameters.Where(parameter => parameter.IsRequired))
        {
            arguments.Add(($"{TypeName(context, parameter.Type)} {parameter.Name}", parameter.Name));
        }

        if (operation.Body is { IsRequired: true } requiredBody)
        {
            arguments.Add(($"{TypeName(context, requiredBody.Type)} {requiredBody.Name}", requiredBody.Name));
        }

        foreach (var parameter in methodParameters.Where(parameter => !parameter.IsRequired))
        {
            arguments.Add(($"{TypeName(context, parameter.Type, nullable: true)} {parameter.Name} = null", parameter.Name));
        }

        if (operation.Body is { IsRequired: false } optionalBody)
        {
            arguments.Add(($"{TypeName(context, optionalBody.Type, nullable: true)} {optionalBody.Name} = null", optionalBody.Name));
        }

        (s_argumentsOf, s_argumentsContext, s_arguments) = (operation, context, arguments);
        return arguments;
    }

    [System.ThreadStatic]
    private static OperationModel? s_argumentsOf;

    [System.ThreadStatic]
    private static GenerationContext? s_argumentsContext;

    [System.ThreadStatic]
    private static List<(string Declaration, string Name)>? s_arguments;

    /// <summary>The protocol method's parameter that takes the request body as it is sent: JSON, as <c>BinaryContent</c>.</summary>
    private const string ContentParameter = "content";

    /// <summary>
    /// The arguments of the protocol methods and the request builder: those of <see cref="Arguments"/>, with the body
    /// (where there is one) taken as the <c>BinaryContent</c> <see cref="ContentParameter"/> in its place.
    /// </summary>
    private static List<(string Declaration, string Name)> ProtocolArguments(GenerationContext context, OperationModel operation)
    {
        if (operation.Body is not { } body)
        {
            return Arguments(context, operation);
        }

        return Arguments(context, operation).SelectMany(argument => argument.Name != body.Name ? new[] { argument } : BodyArguments(body)).ToList();

        static IEnumerable<(string Declaration, string Name)> BodyArguments(BodyModel body)
        {
            var nullable = body.IsRequired ? string.Empty : "?";
            var optional = body.IsRequired ? string.Empty : " = null";
            yield return ($"{Scm}.BinaryContent{nullable} {ContentParameter}{optional}", ContentParameter);
            if (body.ContentTypeParameter is { } contentType)
            {
                yield return ($"string{nullable} {contentType}{optional}", contentType);
            }
        }
    }

    /// <summary>
    /// An expression for the content of the typed body the convenience methods and pagers take: its JSON, written by the
    /// shared <c>JsonContent</c> with the converter the generated metadata has for its type; null for an optional body not
    /// given. A required body of a reference type has been checked for null by then.
    /// </summary>
    /// <remarks>
    /// A model too is written here, at the call, and not by <c>BinaryContent.Create(model, options)</c>, which writes it
    /// only as the transport sends it: a model that cannot be written (a required member set to null) would then fail
    /// inside the pipeline, after the credential and logging policies have run; and it writes text outside ASCII unescaped,
    /// other bytes than the client has always sent.
    /// </remarks>
    private static string ContentExpression(GenerationContext context, BodyModel body)
    {
        // An optional body of a value type (a number, JsonElement) is a Nullable<T>: pass its value.
        var value = !body.IsRequired && body.Type.IsValueType ? body.Name + ".Value" : body.Name;
        var content = $"{context.Qualify(context.SupportName)}.JsonContent({value}, {Converter(context, body.Type)})";
        return body.IsRequired ? content : $"{body.Name} is null ? null : {content}";
    }

    /// <summary>
    /// The arguments by which a convenience method or pager calls the protocol method: its own, the body as content, made
    /// in the call or, given <paramref name="content"/>, taken from the local of that name.
    /// </summary>
    private static IEnumerable<string> ProtocolCallArguments(GenerationContext context, OperationModel operation, string? content = null) =>
        Arguments(context, operation).Select(argument => operation.Body is { } body && argument.Name == body.Name ? content ?? ContentExpression(context, body) : argument.Name);

    private static string Signature(List<(string Declaration, string Name)> arguments, bool enumeratorCancellation = false)
    {
        var attribute = enumeratorCancellation ? "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " : string.Empty;
        var defaultValue = enumeratorCancellation ? string.Empty : " = default";
        return string.Join(", ", arguments.Select(argument => argument.Declaration).Append($"{attribute}{CancellationToken} cancellationToken{defaultValue}"));
    }

    private static void WriteParameterDocs(SourceWriter writer, OperationModel operation, bool includeBody = true)
    {
        foreach (var parameter in operation.Parameters.Where(parameter => parameter.ClientProperty is null))
        {
            var text = parameter.Description is { } description ? Escape(description) : $"The <c>{Escape(parameter.WireName)}</c> {parameter.Location.ToString().ToLowerInvariant()} parameter.";
            var deprecated = parameter.IsDeprecated ? "Deprecated in the API specification." : null;
            var range = RangeText(parameter);
            var optional = parameter.IsRequired ? null
                : parameter.DefaultValue is { } defaultValue ? $"Null leaves it out (default {Escape(defaultValue)})."
                : "Null leaves it out.";
            Doc(writer, "param", string.Join(" ", new[] { deprecated, text, range, optional }.Where(part => part is not null)), $" name=\"{Naming.Bare(parameter.Name)}\"", xml: true);
        }

        if (includeBody && operation.Body is { } body)
        {
            Doc(writer, "param", body.Description ?? "The request body.", $" name=\"{Naming.Bare(body.Name)}\"");
        }
    }

    private static string? RangeText(ParameterModel parameter)
    {
        var constraints = parameter.Constraints;
        return (constraints.Minimum, constraints.Maximum) switch
        {
            ({ } minimum, { } maximum) when !constraints.MinimumExclusive && !constraints.MaximumExclusive => $"Allowed: {minimum} to {maximum}.",
            (null, null) => null,
            _ => $"Allowed: {string.Join(", ", Bounds(constraints))}.",
        };
    }

    private static string RangeRule(ParameterConstraints constraints) => (constraints.Minimum, constraints.Maximum) switch
    {
        ({ } minimum, { } maximum) when !constraints.MinimumExclusive && !constraints.MaximumExclusive => $"between {minimum} and {maximum}",
        _ => string.Join(" and ", Bounds(constraints)),
    };

    /// <summary>Each bound in words: "at least 0", "more than 0", "at most 1", "less than 1".</summary>
    private static IEnumerable<string> Bounds(ParameterConstraints constraints)
    {
        if (constraints.Minimum is { } minimum)
        {
            yield return (constraints.MinimumExclusive ? "more than " : "at least ") + minimum;
        }

        if (constraints.Maximum is { } maximum)
        {
            yield return (constraints.MaximumExclusive ? "less than " : "at most ") + maximum;
        }
    }

    /// <summary>
    /// Writes the one line by which a convenience method takes the <c>cancellationToken</c> and exception docs every
    /// operation shares from the support type's <c>Options</c>; an operation without checks leaves out the
    /// <c>ArgumentException</c>.
    /// </summary>
    private static void WriteSharedDocs(SourceWriter writer, GenerationContext context, OperationModel operation)
    {
        var path = MayRefuseArguments(operation)
            ? "/*[self::param or self::exception]"
            : "/*[self::param or self::exception[@cref!='T:System.ArgumentException']]";
        writer.Line($"/// <inheritdoc cref=\"{context.Qualify(context.SupportName)}.Options\" path=\"{path}\"/>");
    }

    /// <summary>The cref of an operation's convenience method, for the docs the other methods inherit.</summary>
    private static string Cref(GenerationContext context, OperationModel operation, string suffix = "Async") =>
        $"{operation.MethodName}{suffix}({string.Join(", ", Arguments(context, operation).Select(argument => CrefType(argument.Declaration)).Append(CancellationToken))})";

    private static string CrefType(string declaration)
    {
        var type = declaration.Substring(0, declaration.LastIndexOf(' ', declaration.EndsWith(" = null", System.StringComparison.Ordinal) ? declaration.Length - " = null".Length - 1 : declaration.Length - 1));
        return type.Replace('<', '{').Replace('>', '}');
    }

    private static void WriteOperation(SourceWriter writer, GenerationContext context, OperationModel operation)
    {
        if (operation.Body is { IsRaw: true } raw)
        {
            WriteRawBodyOperation(writer, context, operation, raw);
            return;
        }

        var support = context.Qualify(context.SupportName);
        var arguments = Arguments(context, operation);
        var protocol = ProtocolArguments(context, operation);
        var calls = string.Join(", ", ProtocolCallArguments(context, operation, ContentParameter));
        var prefix = calls.Length == 0 ? string.Empty : calls + ", ";
        var cref = Cref(context, operation);
        var id = Literal(operation.OperationId);
        var resultType = operation.Result is { } result ? $"{Scm}.ClientResult<{TypeName(context, result, operation.ResultNullable)}>" : $"{Scm}.ClientResult";
        Summary(writer, operation.Summary ?? $"Calls {operation.HttpMethod} {operation.PathTemplate}.");
        Remarks(writer, operation.Description);
        WriteParameterDocs(writer, operation);
        Doc(writer, "returns", operation.ResultDescription ?? "The answer of the service.");
        WriteSharedDocs(writer, context, operation);
        var obsolete = operation.IsDeprecated ? ObsoleteAttribute : null;
        WriteAttribute(writer, obsolete);
        // The async convenience method is no state machine of its own: the protocol method it calls is one, so an
        // argument error still arrives in the returned task, and the shared ReadAsync awaits and reads the answer.
        // Only a body, whose content it makes before the call, makes it one (WriteConvenience).
        // The reader's arguments, the parameters and the request's message are the same in both modes: made once.
        var readArguments = operation.Result is { } type
            ? $"{id}, {(operation.ResultNullable ? NullableConverter(context, type) : Converter(context, type))}{ReadsArgument(operation)}"
            : null;
        System.Func<string, string, string> read = readArguments is not null
            ? (method, call) => $"{support}.{method}({call}, {readArguments})"
            : (_, call) => call;
        // A call whose answer the client reads is marked so (ReadOptions), so that its activity lasts until it is read.
        var options = operation.Result is null ? "Options" : "ReadOptions";
        var signature = Signature(arguments);
        WriteConvenience(writer, context, operation, $"{Tasks}.Task<{resultType}>", $"{operation.MethodName}Async({signature})", read("ReadAsync", $"{operation.MethodName}Async({prefix}{support}.{options}(cancellationToken))"), async: true);
        writer.Line();
        writer.Line($"/// <inheritdoc cref=\"{cref}\"/>");
        WriteAttribute(writer, obsolete);
        WriteConvenience(writer, context, operation, resultType, $"{operation.MethodName}({signature})", read("Read", $"{operation.MethodName}({prefix}{support}.{options}(cancellationToken))"), async: false);
        var protocolArguments = string.Join(", ", protocol.Select(argument => argument.Declaration.Replace(" = null", string.Empty)).Append($"{Primitives}.RequestOptions? options"));
        var names = string.Join(", ", protocol.Select(argument => argument.Name));
        var message = $"{GeneratedNames.RequestsType(context.ClientName)}.Create{operation.MethodName}Message(this{(names.Length == 0 ? string.Empty : ", " + names)})";
        foreach (var async in BothModes)
        {
            writer.Line();
            if (async)
            {
                writer.Line($"/// <summary>The protocol method of <see cref=\"{cref}\"/>: per-call options, and the answer as it came.</summary>");
                var apiException = "T:" + context.Qualify(context.ExceptionName).Replace("global::", string.Empty);
                // The typed body's docs are not this method's: it takes the body as content, documented here.
                var excluded = string.Empty;
                if (operation.Body is { } body)
                {
                    excluded = $" and @name!='{Naming.Bare(body.Name)}'";
                    Doc(writer, "param", ContentDocs(context, body), $" name=\"{ContentParameter}\"", xml: true);
                }

                writer.Line($"/// <inheritdoc cref=\"{cref}\" path=\"/*[self::param[@name!='cancellationToken'{excluded}] or self::exception[@cref!='{apiException}']]\"/>");
                writer.Line($"/// <inheritdoc cref=\"{support}.SendAsync\" path=\"/*[self::param[@name='options'] or self::returns or self::exception]\"/>");
                if (operation.Body is { IsRequired: true })
                {
                    writer.Line($"/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"{ContentParameter}\"/> is null; nothing is sent.</exception>");
                }
            }
            else
            {
                writer.Line($"/// <inheritdoc cref=\"{operation.MethodName}Async({string.Join(", ", protocol.Select(argument => CrefType(argument.Declaration)).Append($"{Primitives}.RequestOptions"))})\"/>");
            }

            WriteAttribute(writer, obsolete);
            writer.Line($"public virtual {(async ? $"async {Tasks}.Task<{Scm}.ClientResult>" : $"{Scm}.ClientResult")} {operation.MethodName}{(async ? "Async" : string.Empty)}({protocolArguments}) =>");
            writer.Line(async ? $"    await {support}.SendAsync(Pipeline, {message}, options).ConfigureAwait(false);" : $"    {support}.Send(Pipeline, {message}, options);");
        }
    }

    private static readonly bool[] BothModes = { true, false };

    /// <summary>
    /// Writes the protocol methods of an operation whose request body is not JSON, which are all it has: the client
    /// cannot make such a body from a value, so the caller gives it as it is sent, with its content type. Documented
    /// here in full, as there is no convenience method to inherit from.
    /// </summary>
    private static void WriteRawBodyOperation(SourceWriter writer, GenerationContext context, OperationModel operation, BodyModel body)
    {
        var support = context.Qualify(context.SupportName);
        var protocol = ProtocolArguments(context, operation);
        var protocolArguments = string.Join(", ", protocol.Select(argument => argument.Declaration.Replace(" = null", string.Empty)).Append($"{Primitives}.RequestOptions? options"));
        var names = string.Join(", ", protocol.Select(argument => argument.Name));
        var obsolete = operation.IsDeprecated ? ObsoleteAttribute : null;
        foreach (var async in BothModes)
        {
            writer.Line();
            if (async)
            {
                Summary(writer, operation.Summary ?? $"Calls {operation.HttpMethod} {operation.PathTemplate}.");
                Remarks(writer, operation.Description);
                WriteParameterDocs(writer, operation, includeBody: false);
                Doc(writer, "param", RawContentDocs(body), $" name=\"{ContentParameter}\"", xml: true);
                var listed = body.IsRequired ? string.Empty : " Ignored when <paramref name=\"" + ContentParameter + "\"/> is null.";
                Doc(writer, "param", $"The content type <paramref name=\"{ContentParameter}\"/> is sent with, such as <c>{Escape(body.ContentType)}</c> (with its parameters: a multipart boundary, a charset).{listed}", $" name=\"{Naming.Bare(body.ContentTypeParameter!)}\"", xml: true);
                writer.Line($"/// <inheritdoc cref=\"{support}.SendAsync\" path=\"/*[self::param[@name='options'] or self::returns or self::exception]\"/>");
                writer.Line($"/// <inheritdoc cref=\"{support}.Options\" path=\"/*[self::exception[@cref='T:System.ArgumentException']]\"/>");
                if (body.IsRequired)
                {
                    writer.Line($"/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"{ContentParameter}\"/> is null; nothing is sent.</exception>");
                }
            }
            else
            {
                writer.Line($"/// <inheritdoc cref=\"{operation.MethodName}Async({string.Join(", ", protocol.Select(argument => CrefType(argument.Declaration)).Append($"{Primitives}.RequestOptions"))})\"/>");
            }

            WriteAttribute(writer, obsolete);
            var message = $"{GeneratedNames.RequestsType(context.ClientName)}.Create{operation.MethodName}Message(this{(names.Length == 0 ? string.Empty : ", " + names)})";
            writer.Line($"public virtual {(async ? $"async {Tasks}.Task<{Scm}.ClientResult>" : $"{Scm}.ClientResult")} {operation.MethodName}{(async ? "Async" : string.Empty)}({protocolArguments}) =>");
            writer.Line(async ? $"    await {support}.SendAsync(Pipeline, {message}, options).ConfigureAwait(false);" : $"    {support}.Send(Pipeline, {message}, options);");
        }
    }

    /// <summary>The docs of the content of a body that is not JSON: what the spec calls it, and how it is sent.</summary>
    private static string RawContentDocs(BodyModel body)
    {
        var description = body.Description is { } text ? " " + Escape(text.TrimEnd()) : string.Empty;
        if (description.Length > 0 && !description.EndsWith(".", System.StringComparison.Ordinal))
        {
            description += ".";
        }

        var optional = body.IsRequired ? string.Empty : " Null sends no body.";
        return $"The request body, sent as it is: bytes of the content type the spec declares (<c>{Escape(body.ContentType)}</c>), which the caller makes.{description}{optional}";
    }

    /// <summary>
    /// Writes a convenience method that calls the protocol method with <paramref name="call"/>: one expression; or, where it
    /// makes a body's content before the call, first the checks of the spec's parameters and of a required body, in the
    /// order the request builder and the pager check them, then the content, disposed when the call is done (as the
    /// request that sends it does, so that the method owns what it makes), and then the call. The async one with a body is
    /// declared async, so that a null body, or one that cannot be written, is reported through the returned task, as every
    /// other argument error is.
    /// </summary>
    private static void WriteConvenience(SourceWriter writer, GenerationContext context, OperationModel operation, string resultType, string nameAndParameters, string call, bool async)
    {
        // The content is written before the protocol method checks the parameters: check them first, so that a wrong
        // parameter is reported as it is without a body, and not a null or unwritable body in its place.
        var checks = operation.Body is null ? new List<string>() : ArgumentChecks(context, operation).ToList();

        if (operation.Body is not { } body)
        {
            writer.Line($"public virtual {resultType} {nameAndParameters} =>");
            writer.Line($"    {call};");
            return;
        }

        using (writer.Block($"public virtual {(async ? "async " : string.Empty)}{resultType} {nameAndParameters}"))
        {
            foreach (var check in checks)
            {
                writer.Line(check);
            }

            // Typed, not var: the call does not show the type, and a project may prefer that spelled out there (IDE0008).
            writer.Line($"using {Scm}.BinaryContent{(body.IsRequired ? string.Empty : "?")} {ContentParameter} = {ContentExpression(context, body)};");

            writer.Line(async ? $"return await {call}.ConfigureAwait(false);" : $"return {call};");
        }
    }

    /// <summary>
    /// The checks a method that starts from the typed arguments makes before it writes a body's content or starts a
    /// listing: the spec's parameters (the shared <c>ValidateX</c>), then a required body for null.
    /// </summary>
    private static IEnumerable<string> ArgumentChecks(GenerationContext context, OperationModel operation)
    {
        if (HasValidation(operation))
        {
            yield return GeneratedNames.RequestsType(context.ClientName) + "." + ValidationCall(context, operation);
        }

        if (IsValidated(operation.Body))
        {
            yield return $"global::System.ArgumentNullException.ThrowIfNull({operation.Body!.Name}{ExplicitParamName(operation.Body.Name)});";
        }
    }

    /// <summary>The docs of a protocol method's content: what JSON it holds, naming the body's type, and how it is sent.</summary>
    private static string ContentDocs(GenerationContext context, BodyModel body)
    {
        var description = body.Description is { } text ? " " + Escape(text.TrimEnd()) : string.Empty;
        if (description.Length > 0 && !description.EndsWith(".", System.StringComparison.Ordinal))
        {
            description += ".";
        }

        var optional = body.IsRequired ? string.Empty : " Null sends no body.";
        // Only an object whose members the spec lists can hold others; a string, number or enum value holds none.
        var unknown = HasModel(body.Type) ? ", which may hold members the spec does not know" : string.Empty;
        return $"The request body, sent as it is with the content type <c>{Escape(body.ContentType)}</c>: the JSON of {JsonOf(context, body.Type)}"
            + $"{unknown}.{description}{optional}";
    }

    /// <summary>Whether a shape is, or holds, a generated object type.</summary>
    private static bool HasModel(TypeRef type) => type.Kind == TypeKind.Object || (type.Element is { } element && HasModel(element));

    /// <summary>What JSON a value of a shape is, in words, naming a generated type with a cref.</summary>
    private static string JsonOf(GenerationContext context, TypeRef type) => type.Kind switch
    {
        TypeKind.Object => $"a <see cref=\"{context.Qualify(type.Name!)}\"/>",
        TypeKind.Enum => $"a <see cref=\"{context.Qualify(type.Name!)}\"/> (a string)",
        TypeKind.String => "a string",
        TypeKind.Int32 or TypeKind.Int64 => "an integer",
        TypeKind.Single or TypeKind.Double => "a number",
        TypeKind.Boolean => "a boolean",
        TypeKind.DateTimeOffset => "a date and time (a string)",
        TypeKind.Array => $"an array, each item {JsonOf(context, type.Element!)}{(type.ElementNullable ? " or null" : string.Empty)}",
        TypeKind.Map => $"an object, each member {JsonOf(context, type.Element!)}{(type.ElementNullable ? " or null" : string.Empty)}",
        _ => "any value",
    };

    /// <summary>The argument after the converter by which the shared reading helpers take only the success answers whose body the result is; empty when every success answer has it.</summary>
    private static string ReadsArgument(OperationModel operation) => ReadsLambda(operation) is { } reads ? ", " + reads : string.Empty;

    /// <summary>
    /// The success statuses whose body the result is, as a lambda (<c>static status =&gt; status is 200</c>); null when
    /// every success answer has it.
    /// </summary>
    private static string? ReadsLambda(OperationModel operation)
    {
        if (operation.ReadStatuses is not { } reads)
        {
            return null;
        }

        var statuses = string.Join(" or ", reads.Statuses.Select(status => status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "static status => status is " + (!reads.Except ? statuses : reads.Statuses.Count == 1 ? "not " + statuses : "not (" + statuses + ")");
    }

    private static void WriteAttribute(SourceWriter writer, string? attribute)
    {
        if (attribute is not null)
        {
            writer.Line(attribute);
        }
    }

    private static void WriteCreateMessage(SourceWriter writer, GenerationContext context, ClientModel client, OperationModel operation, RefusedOverlaps refused)
    {
        var support = context.Qualify(context.SupportName);
        var declarations = string.Join(", ", ProtocolArguments(context, operation).Select(argument => argument.Declaration.Replace(" = null", string.Empty))
            .Prepend($"{context.Qualify(context.ClientName)} {ClientParameter}"));
        using (writer.Block($"public static {Primitives}.PipelineMessage Create{operation.MethodName}Message({declarations})"))
        {
            if (HasValidationMethod(operation))
            {
                writer.Line(ValidationCall(context, operation));
            }
            else
            {
                foreach (var check in ValidationChecks(context, operation))
                {
                    writer.Line(check);
                }
            }

            // An overlap that takes an option's value with the arguments': only here are both at hand. One whose option
            // values alone make another path already kept the client from being created.
            foreach (var overlap in operation.Overlaps.Where(overlap => overlap.Values.Any(value => PathParameter(operation, value.WireName).ClientProperty is null)
                && overlap.Values.Any(value => PathParameter(operation, value.WireName).ClientProperty is not null)
                && !refused.Contains(overlap)))
            {
                writer.Line(OverlapCheck(context, operation, overlap));
            }

            // Whatever its type, a required body comes as content, which the caller of a protocol method may leave null.
            if (operation.Body is { IsRequired: true })
            {
                writer.Line($"global::System.ArgumentNullException.ThrowIfNull({ContentParameter});");
            }

            // A body that is not JSON goes with the content type the caller gives, which must be there with it. An
            // optional one is held with its checked type in a local named as the body (no parameter here has its name:
            // the body comes as content), so setting them later needs no promise that the type is there.
            if (operation.Body is { ContentTypeParameter: { } contentTypeName } rawBody)
            {
                var check = $"global::System.ArgumentException.ThrowIfNullOrEmpty({contentTypeName});";
                if (rawBody.IsRequired)
                {
                    writer.Line(check);
                }
                else
                {
                    writer.Line($"({Scm}.BinaryContent Content, string Type)? {rawBody.Name} = null;");
                    using (writer.Block($"if ({ContentParameter} is not null)"))
                    {
                        writer.Line(check);
                        writer.Line($"{rawBody.Name} = ({ContentParameter}, {contentTypeName});");
                    }
                }
            }

            WriteRequestUri(writer, context, operation);
            var anonymous = client.Auth is not null && !operation.UsesAuth ? ", anonymous: true" : string.Empty;
            var accept = operation.Accept is { } types ? $", accept: {Literal(types)}" : string.Empty;
            var create = $"{support}.CreateMessage({ClientParameter}.Pipeline, {Literal(operation.HttpMethod.ToUpperInvariant())}, uri, {Literal(operation.OperationId)}{anonymous}{accept});";
            var headers = operation.Parameters.Where(parameter => parameter.Location == ParameterLocation.Header).ToList();
            if (headers.Count == 0 && operation.Body is null)
            {
                writer.Line("return " + create);
                return;
            }

            writer.Line("var message = " + create);
            foreach (var header in headers)
            {
                writer.Line($"{support}.SetHeader(message, {Literal(header.WireName)}, {HeaderText(context, header)});");
            }

            if (operation.Body is { } body)
            {
                // A caller's content type was checked with the content it goes with, before the message was made.
                var optionalRaw = body.IsRaw && !body.IsRequired;
                var content = $"message.Request.Content = {(optionalRaw ? body.Name + ".Value.Content" : ContentParameter)};";
                var typeValue = body.ContentTypeParameter is not { } given ? Literal(body.ContentType) : optionalRaw ? body.Name + ".Value.Type" : given;
                var contentType = $"message.Request.Headers.Set(\"Content-Type\", {typeValue});";
                if (body.IsRequired)
                {
                    writer.Line(content);
                    writer.Line(contentType);
                }
                else
                {
                    // Content left null (an optional body not given) leaves the request without a body, and so without
                    // the type of one, which the policies (logging, a caller's own) would otherwise see.
                    using (writer.Block(optionalRaw ? $"if ({body.Name}.HasValue)" : $"if ({ContentParameter} is not null)"))
                    {
                        writer.Line(content);
                        writer.Line(contentType);
                    }
                }
            }

            writer.Line("return message;");
        }
    }

    /// <summary>
    /// Writes the request URI as one expression (the <c>RequestUri.Query</c> overloads leave out a null value): on one
    /// line with up to <see cref="QueriesOnOneLine"/> query parameters, else the path on the first line and then one
    /// line per query parameter.
    /// </summary>
    private static void WriteRequestUri(SourceWriter writer, GenerationContext context, OperationModel operation)
    {
        var path = new StringBuilder();
        var template = operation.PathTemplate.TrimStart('/');
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                path.Append($".Path({Literal(PathText(template.Substring(position)))})");
                break;
            }

            if (open > position)
            {
                path.Append($".Path({Literal(PathText(template.Substring(position, open - position)))})");
            }

            var close = template.IndexOf('}', open);
            var wireName = template.Substring(open + 1, close - open - 1);
            var parameter = operation.Parameters.First(candidate => candidate.Location == ParameterLocation.Path && candidate.WireName == wireName);
            var value = ValueSource(parameter);
            path.Append(parameter.Type.Kind == TypeKind.Array
                ? $".Segments(global::System.Linq.Enumerable.Select({value}, item => {FormatValue(context, parameter.Type.Element!, "item")}), {Literal(wireName)}{SecretArgument(parameter)})"
                : $".Segment({FormatValue(context, parameter.Type, value)}, {Literal(wireName)}{SecretArgument(parameter)})");
            position = close + 1;
        }

        var queries = operation.Parameters.Where(parameter => parameter.Location == ParameterLocation.Query)
            .Select(query => $".{(query.Joined ? "QueryJoined" : "Query")}({Literal(query.WireName)}, {QueryValue(context, query)}{SecretArgument(query)})")
            .ToList();
        var start = $"var uri = new {context.Qualify(context.SupportName)}.RequestUri({ClientParameter}._endpoint){path}";
        if (queries.Count <= QueriesOnOneLine)
        {
            writer.Line(start + string.Concat(queries) + ";");
            return;
        }

        writer.Line(start);
        for (var index = 0; index < queries.Count; index++)
        {
            writer.Line("    " + queries[index] + (index == queries.Count - 1 ? ";" : string.Empty));
        }
    }

    /// <summary>
    /// Literal text of a path template as a request target carries it: what RFC 3986 allows in a path (unreserved
    /// characters, sub-delims, ':', '@', '/' and %XX triplets) stays, and every other character is written as its UTF-8
    /// bytes in %XX (a space is %20, ö is %C3%B6). The client sends the text as it is, so it must be valid already.
    /// </summary>
    private static string PathText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            if (IsPathCharacter(character) || (character == '%' && index + 2 < text.Length && IsHexDigit(text[index + 1]) && IsHexDigit(text[index + 2])))
            {
                escaped.Append(character);
                continue;
            }

            // A surrogate pair is one character of two UTF-16 units; a lone surrogate becomes U+FFFD, as UTF-8 writes it.
            var length = char.IsHighSurrogate(character) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
            foreach (var value in Encoding.UTF8.GetBytes(text.Substring(index, length)))
            {
                escaped.Append('%').Append(value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            index += length - 1;
        }

        return escaped.ToString();
    }

    /// <summary>Whether RFC 3986 allows the character as it is in a path: unreserved, a sub-delim, ':', '@' or '/'.</summary>
    private static bool IsPathCharacter(char character) =>
        character is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/';

    private static bool IsHexDigit(char character) => character is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    /// <summary>
    /// The argument that has <c>RequestUri</c> keep a password parameter's value, which the client then masks in logs
    /// and in answers that repeat it; nothing for any other parameter, nor for a password that is a number or a boolean.
    /// </summary>
    private static string SecretArgument(ParameterModel parameter) => parameter.MasksValue ? ", secret: true" : string.Empty;

    /// <summary>The most query parameters a request URI takes on its first line; a longer list goes one per line.</summary>
    private const int QueriesOnOneLine = 3;

    private static string ValueSource(ParameterModel parameter) => parameter.ClientProperty is { } property ? ClientParameter + "." + FieldName(property) : parameter.Name;

    private static bool IsOptional(ParameterModel parameter) => !parameter.IsRequired;

    /// <summary>The value of a query parameter as <c>RequestUri.Query</c> takes it: numbers, booleans, text and lists of text.</summary>
    private static string QueryValue(GenerationContext context, ParameterModel parameter)
    {
        var source = ValueSource(parameter);
        var type = parameter.Type;
        if (type.Kind == TypeKind.Array)
        {
            if (type.Element!.Kind == TypeKind.String)
            {
                return source;
            }

            var texts = $"global::System.Linq.Enumerable.Select({source}, item => {ItemText(context, type.Element, "item")})";
            return IsOptional(parameter) ? $"{source} is null ? null : {texts}" : texts;
        }

        return type.Kind is TypeKind.String or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Boolean
            ? source
            : ScalarText(context, type, source, IsOptional(parameter));
    }

    /// <summary>
    /// The text of a header parameter, null when an optional one is not given; a list is joined by commas, its null
    /// values left out, and is left out itself when it has no value, as a query list is.
    /// </summary>
    private static string HeaderText(GenerationContext context, ParameterModel parameter)
    {
        var source = ValueSource(parameter);
        if (parameter.Type.Kind != TypeKind.Array)
        {
            return ScalarText(context, parameter.Type, source, IsOptional(parameter));
        }

        var element = parameter.Type.Element!;
        var select = $"global::System.Linq.Enumerable.Select({source}, item => {ItemText(context, element, "item")})";
        var items = element.Kind == TypeKind.String ? source : IsOptional(parameter) ? $"{source} is null ? null : {select}" : select;
        return $"{context.Qualify(context.SupportName)}.JoinedHeader({items})";
    }

    /// <summary>
    /// The text of a query or header scalar: an open enum's <c>default</c>, which has no text, gives null, so that it is
    /// left out as a null value is (a required one is refused before), where it went out as <c>state=</c>.
    /// </summary>
    private static string ScalarText(GenerationContext context, TypeRef type, string source, bool optional) =>
        type.Kind == TypeKind.Enum ? $"{context.Qualify(context.SupportName)}.EnumText({Text(context, type, source, optional)})" : Text(context, type, source, optional);

    /// <summary>The text of an item of a query or header list: an open enum's <c>default</c> gives null, which leaves it out as a null item is.</summary>
    private static string ItemText(GenerationContext context, TypeRef element, string item) =>
        element.Kind == TypeKind.Enum ? $"{context.Qualify(context.SupportName)}.EnumText({FormatValue(context, element, item)})" : FormatValue(context, element, item);

    /// <summary>An expression for the text of a scalar, null when an optional value is null.</summary>
    private static string Text(GenerationContext context, TypeRef type, string source, bool optional)
    {
        var text = FormatValue(context, type, source);
        if (!optional || type.Kind == TypeKind.String)
        {
            return text;
        }

        // A method called on the value (x.ToString(...)) becomes x?.ToString(...); anything else tests for a value first.
        return text.StartsWith(source + ".", System.StringComparison.Ordinal)
            ? source + "?" + text.Substring(source.Length)
            : $"{source}.HasValue ? {FormatValue(context, type, source + ".Value")} : null";
    }

    private static bool IsValidated(ParameterModel parameter) =>
        parameter.ClientProperty is null
        && (parameter.Constraints.HasRange || parameter.Constraints.HasLength || (parameter.IsRequired && !parameter.Type.IsValueType) || MayMakeEmptySegment(parameter) || IsRequiredEnumValue(parameter));

    /// <summary>
    /// Whether a path parameter's value can make an empty segment (an open enum's <c>default</c>, an empty list),
    /// which addresses another resource: <c>/items//</c>. A string is checked as every required string is; a number,
    /// a boolean or a date always has text.
    /// </summary>
    private static bool MayMakeEmptySegment(ParameterModel parameter) =>
        parameter.Location == ParameterLocation.Path && parameter.Type.Kind is TypeKind.Enum or TypeKind.Array;

    /// <summary>
    /// Whether a required query or header parameter is an open enum, whose <c>default</c> has no text: it would go out
    /// as <c>state=</c> or an empty header, without the value the spec requires. A path's is checked as a segment.
    /// </summary>
    private static bool IsRequiredEnumValue(ParameterModel parameter) =>
        parameter.Location != ParameterLocation.Path && parameter.IsRequired && parameter.Type.Kind == TypeKind.Enum;

    /// <summary>Whether a parameter is a required query or header list, which an empty list would leave out of the request.</summary>
    private static bool IsRequiredList(ParameterModel parameter) =>
        parameter.Location is ParameterLocation.Query or ParameterLocation.Header && parameter.IsRequired && parameter.Type.Kind == TypeKind.Array;

    private static bool IsValidated(BodyModel? body) => body is { IsRequired: true, IsRaw: false } && !body.Type.IsValueType;

    /// <summary>
    /// Whether the spec's parameters have checks (<see cref="ValidationChecks"/>). The body is checked apart: the convenience
    /// methods and pagers check the typed body, the request builder the content.
    /// </summary>
    private static bool HasValidation(OperationModel operation) => operation.Parameters.Any(IsValidated);

    /// <summary>
    /// Whether a call can throw <c>ArgumentException</c> before sending: the checks of <see cref="HasValidation"/>, a null
    /// body, a header value with a line break, or the credential's token.
    /// </summary>
    private static bool MayRefuseArguments(OperationModel operation) =>
        HasValidation(operation) || IsValidated(operation.Body) || operation.UsesAuth || operation.Parameters.Any(parameter => parameter.Location == ParameterLocation.Header);

    /// <summary>The arguments the validation method checks, in signature order.</summary>
    private static List<(string Declaration, string Name)> ValidatedArguments(GenerationContext context, OperationModel operation)
    {
        var checkedNames = new HashSet<string>(operation.Parameters.Where(IsValidated).Select(parameter => parameter.Name));
        return Arguments(context, operation).Where(argument => checkedNames.Contains(argument.Name)).ToList();
    }

    /// <summary>
    /// Whether the checks of <see cref="HasValidation"/> are a method of their own, called from more than one place: by a
    /// listing as it starts, and by a convenience method before it writes the body; otherwise the request builder makes them.
    /// </summary>
    private static bool HasValidationMethod(OperationModel operation) =>
        (operation.Paging is not null || operation.Body is { IsRaw: false }) && HasValidation(operation);

    private static string ValidationCall(GenerationContext context, OperationModel operation) =>
        $"Validate{operation.MethodName}({string.Join(", ", ValidatedArguments(context, operation).Select(argument => argument.Name))});";

    /// <summary>The validation method of <see cref="HasValidationMethod"/>, expression-bodied when it makes one check.</summary>
    private static void WriteValidation(SourceWriter writer, GenerationContext context, OperationModel operation)
    {
        var declarations = string.Join(", ", ValidatedArguments(context, operation).Select(argument => argument.Declaration.Replace(" = null", string.Empty)));
        var checks = ValidationChecks(context, operation);
        var header = $"public static void Validate{operation.MethodName}({declarations})";
        if (checks.Count == 1)
        {
            writer.Line(header + " =>");
            writer.Line("    " + checks[0]);
            return;
        }

        using (writer.Block(header))
        {
            foreach (var check in checks)
            {
                writer.Line(check);
            }
        }
    }

    /// <summary>
    /// One statement per check of the spec's rules on its parameters: required arguments, path segments with text, ranges
    /// and lengths, in the spec's order.
    /// </summary>
    private static List<string> ValidationChecks(GenerationContext context, OperationModel operation)
    {
        var support = context.Qualify(context.SupportName);
        var checks = new List<string>();
        foreach (var parameter in operation.Parameters.Where(IsValidated))
        {
            var name = parameter.Name;
            // The exception names the parameter as callers write it in a named argument (in for @in): a literal, since
            // nameof(nameof) binds to a method named nameof, and the caller-expression default would give "@in".
            var paramName = Literal(Naming.Bare(name));
            if (parameter.IsRequired && !parameter.Type.IsValueType)
            {
                checks.Add(parameter.Location == ParameterLocation.Path && parameter.Type.Kind == TypeKind.String
                    ? $"global::System.ArgumentException.ThrowIfNullOrEmpty({name}{ExplicitParamName(name)});"
                    : $"global::System.ArgumentNullException.ThrowIfNull({name}{ExplicitParamName(name)});");
            }

            if (MayMakeEmptySegment(parameter))
            {
                checks.Add(EmptySegmentCheck(context, parameter, paramName));
            }

            if (IsRequiredEnumValue(parameter))
            {
                checks.Add($"{support}.ThrowIfInvalid(string.IsNullOrEmpty({name}.Value), {paramName}, {Literal($"{parameter.WireName} must have a value: the spec requires the parameter, and an enum's default has no text to send.")});");
            }

            if (IsRequiredList(parameter))
            {
                // An empty list sends no parameter, as a null one would: the request would go without what the spec requires.
                checks.Add(RequiredListCheck(context, parameter, paramName));
            }

            if (StepSegmentText(operation, parameter) is { } segment)
            {
                checks.Add($"{support}.ThrowIfStep({segment}, {paramName}, {Literal(parameter.WireName)});");
            }

            var constraints = parameter.Constraints;
            if (constraints.HasRange)
            {
                // A float bound needs its suffix: 1.5 alone is a double, which a float pattern cannot hold.
                var suffix = parameter.Type.Kind == TypeKind.Single ? "F" : string.Empty;
                var pattern = string.Join(" or ", new[]
                {
                    constraints.Minimum is { } minimum ? (constraints.MinimumExclusive ? "<= " : "< ") + minimum + suffix : null,
                    constraints.Maximum is { } maximum ? (constraints.MaximumExclusive ? ">= " : "> ") + maximum + suffix : null,
                }.Where(part => part is not null));
                // A password is not handed to the exception, whose message would end with it ("Actual value was ...").
                var actual = parameter.IsSecret ? "(object?)null" : name;
                checks.Add($"{support}.ThrowIfOutOfRange({name} is {pattern}, {actual}, {paramName}, {Literal($"{parameter.WireName} must be {RangeRule(constraints)}.")});");
            }

            if (constraints.HasLength)
            {
                // Counted by code point, as JSON Schema counts characters, in the shared helper.
                var shortest = (constraints.MinLength ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var longest = constraints.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "int.MaxValue";
                var rule = (constraints.MinLength, constraints.MaxLength) switch
                {
                    ({ } low, { } high) => $"{low} to {high} characters",
                    ({ } low, null) => $"at least {low} characters",
                    (_, var high) => $"at most {high} characters",
                };
                checks.Add($"{support}.ThrowIfLengthOutside({name}, {shortest}, {longest}, {paramName}, {Literal($"{parameter.WireName} must have {rule}.")});");
            }
        }

        // After every argument's own checks, so that a missing one is reported as such first.
        foreach (var overlap in operation.Overlaps.Where(overlap => !overlap.Values.Any(value => PathParameter(operation, value.WireName).ClientProperty is not null)))
        {
            checks.Add(OverlapCheck(context, operation, overlap));
        }

        return checks;
    }

    /// <summary>
    /// The overlaps whose values are all options' (in the operation that has them), which the options refuse when the
    /// client is created, found once per client: asking every operation for each overlap cost the square of the overlaps.
    /// </summary>
    private sealed class RefusedOverlaps
    {
        /// <summary>Subsets of more values than this are not looked up (a template would need that many parameters).</summary>
        private const int MaxValues = 8;

        private readonly HashSet<string> _keys = new(System.StringComparer.Ordinal);

        public RefusedOverlaps(ClientModel client)
        {
            foreach (var operation in client.Operations)
            {
                foreach (var overlap in operation.Overlaps.Where(overlap => overlap.Values.All(value => PathParameter(operation, value.WireName).ClientProperty is not null)))
                {
                    _keys.Add(Key(overlap.Values));
                }
            }
        }

        /// <summary>
        /// Whether the options' values an overlap needs make another path on their own: some option overlap's values
        /// are all among its values. An overlap of more than <see cref="MaxValues"/> values counts as not refused, so it
        /// keeps a check that is at worst never met.
        /// </summary>
        public bool Contains(PathOverlap overlap)
        {
            var values = overlap.Values.Distinct().ToList();
            if (_keys.Count == 0 || values.Count > MaxValues)
            {
                return false;
            }

            for (var subset = 1; subset < 1 << values.Count; subset++)
            {
                if (_keys.Contains(Key(values.Where((_, index) => (subset & (1 << index)) != 0))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The distinct values in order, each part written with its length, so that no two sets share a key.</summary>
        private static string Key(IEnumerable<PathOverlapValue> values) =>
            string.Concat(values.Distinct()
                .OrderBy(value => value.WireName, System.StringComparer.Ordinal)
                .ThenBy(value => value.Segment, System.StringComparer.Ordinal)
                .Select(value => value.WireName.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + value.WireName + value.Segment.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + value.Segment));
    }

    private static ParameterModel PathParameter(OperationModel operation, string wireName) =>
        operation.Parameters.First(parameter => parameter.Location == ParameterLocation.Path && parameter.WireName == wireName);

    /// <summary>
    /// The check that the values of an overlap (<see cref="PathOverlap"/>) do not make the other operation's path: one
    /// argument on its own is checked by the shared <c>ThrowIfOtherPath</c>, which names its value; several, or an
    /// option with arguments (checked as the request is built, where the option's value is at hand), together.
    /// </summary>
    private static string OverlapCheck(GenerationContext context, OperationModel operation, PathOverlap overlap)
    {
        var support = context.Qualify(context.SupportName);
        var reached = $"{overlap.Reached} ({overlap.ReachedRequest})";
        var values = overlap.Values.Select(value => (Parameter: PathParameter(operation, value.WireName), value.Segment)).ToList();
        if (values.Count == 1)
        {
            var only = values[0].Parameter;
            return $"{support}.ThrowIfOtherPath({SegmentText(only.Type, only.Name)}, {Literal(values[0].Segment)}, {Literal(Naming.Bare(only.Name))}, {Literal(only.WireName)}, {Literal(reached)});";
        }

        var condition = string.Join(" && ", values.Select(value => $"{support}.Names({SegmentText(value.Parameter.Type, ValueSource(value.Parameter))}, {Literal(value.Segment)})"));
        var named = values.First(value => value.Parameter.ClientProperty is null).Parameter;
        var message = $"The path parameters {string.Join(", ", values.Select(value => $"{value.Parameter.WireName} '{value.Segment}'"))} (in any case) make the path of {reached}: the service would answer that operation instead; pass the resources' own identifiers.";
        return $"{support}.ThrowIfInvalid({condition}, {Literal(Naming.Bare(named.Name))}, {Literal(message)});";
    }

    /// <summary>
    /// The text of a path value that makes a segment on its own, from <paramref name="source"/>: the string, an enum's
    /// value, a list's only value (else null). Indexed, not a pattern variable: each check's would share one scope, and
    /// a parameter's name.
    /// </summary>
    private static string SegmentText(TypeRef type, string source) => type.Kind switch
    {
        TypeKind.Enum => $"{source}.Value",
        TypeKind.Array when type.Element!.Kind == TypeKind.Enum => $"({source} is [_] ? {source}[0].Value : null)",
        TypeKind.Array => $"({source} is [_] ? {source}[0] : null)",
        _ => source,
    };

    /// <summary>
    /// The check that a required query or header list has a value to send: the list leaves out a null item and an open
    /// enum's <c>default</c> (<see cref="ItemText"/>), so one of only those sends no parameter, as an empty one does.
    /// Items of other types always have text.
    /// </summary>
    private static string RequiredListCheck(GenerationContext context, ParameterModel parameter, string paramName) =>
        $"{context.Qualify(context.SupportName)}.ThrowIfInvalid({ListWithoutValue(context, parameter.Type.Element!, parameter.Name)}, {paramName}, {Literal($"{parameter.WireName} must have a value: the spec requires the parameter, and {ListWithoutValueWords(parameter.Type.Element!)} sends none.")});";

    /// <summary>
    /// The condition under which a query or header list sends no parameter: it is empty, or, for text and open enums,
    /// every item is one the list leaves out (null, an open enum's <c>default</c>: <see cref="ItemText"/>).
    /// </summary>
    private static string ListWithoutValue(GenerationContext context, TypeRef element, string list) =>
        element.Kind is TypeKind.String or TypeKind.Enum
            ? $"global::System.Linq.Enumerable.All({list}, item => {ItemText(context, element, "item")} is null)"
            : $"{list} is []";

    /// <summary>The words for <see cref="ListWithoutValue"/> in a message: "a list that is empty or holds only null items".</summary>
    private static string ListWithoutValueWords(TypeRef element) => element.Kind switch
    {
        TypeKind.Enum => "a list that is empty or holds only default values",
        TypeKind.String => "a list that is empty or holds only null items",
        _ => "an empty list",
    };

    /// <summary>The check that an enum or list path parameter makes a segment with text: an enum's value is checked as a string is.</summary>
    private static string EmptySegmentCheck(GenerationContext context, ParameterModel parameter, string paramName)
    {
        var name = parameter.Name;
        if (parameter.Type.Kind == TypeKind.Enum)
        {
            return $"global::System.ArgumentException.ThrowIfNullOrEmpty({name}.Value, {paramName});";
        }

        return $"{context.Qualify(context.SupportName)}.ThrowIfInvalid({name} is {EmptySegmentList(parameter.Type.Element!)}, {paramName}, {Literal($"{parameter.WireName} must have a value: it makes a segment of the path, which cannot be empty.")});";
    }

    /// <summary>
    /// The text of a path parameter that makes a segment on its own (<c>/{id}/</c>) and may be "." or "..": the
    /// string, an enum's value, or a list's only value; null for any other parameter. Checked with the other arguments,
    /// so a listing refuses it when called, as it refuses an empty one, rather than as it asks for the first page. A
    /// parameter that is only part of a segment is checked as the request is built, when the segment is whole.
    /// </summary>
    private static string? StepSegmentText(OperationModel operation, ParameterModel parameter)
    {
        if (parameter.Location != ParameterLocation.Path
            || !("/" + operation.PathTemplate.TrimStart('/') + "/").Contains("/{" + parameter.WireName + "}/"))
        {
            return null;
        }

        var type = parameter.Type;
        return type.Kind is TypeKind.String or TypeKind.Enum || (type.Kind == TypeKind.Array && type.Element!.Kind is TypeKind.String or TypeKind.Enum)
            ? SegmentText(type, parameter.Name)
            : null;
    }

    /// <summary>
    /// The pattern of a list whose path segment is empty: its values are joined by commas, so it has none or a single
    /// one without text (an empty string, an open enum's <c>default</c>); a number or a date always has text.
    /// </summary>
    private static string EmptySegmentList(TypeRef element) => element.Kind switch
    {
        TypeKind.String => "[] or [\"\"]",
        TypeKind.Enum => "[] or [{ Value: \"\" }]",
        _ => "[]",
    };

    /// <summary>
    /// The parameter name for a <c>ThrowIf</c> call whose default (the caller's expression) would be the escaped
    /// identifier: <c>, "class"</c> for <c>@class</c>; nothing for any other name.
    /// </summary>
    private static string ExplicitParamName(string name) =>
        name.StartsWith("@", System.StringComparison.Ordinal) ? ", " + Literal(Naming.Bare(name)) : string.Empty;
}
