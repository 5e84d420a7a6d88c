using System.Collections.Generic;
using System.Linq;
using DdmGen.Generator.Model;
using DdmGen.Generator.Parsing;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    /// <summary>
    /// Writes XAutoPagingAsync and XAutoPaging: validation at the call, then a collection that requests the next page
    /// only when the caller has consumed the previous one; and the overloads that resume from a continuation token.
    /// </summary>
    private static void WriteAutoPaging(SourceWriter writer, GenerationContext context, ClientModel client, OperationModel operation, PagingModel paging)
    {
        var support = context.Qualify(context.SupportName);
        var arguments = Arguments(context, operation);
        var itemType = TypeName(context, paging.ItemType, paging.ItemNullable);
        var offset = operation.Parameters.First(parameter => parameter.Name == paging.OffsetParameter);
        var limit = paging.LimitParameter is { } limitName ? operation.Parameters.First(parameter => parameter.Name == limitName) : null;
        var sized = limit is not null && paging.PageSize is not null;
        var cref = Cref(context, operation);
        var obsolete = operation.IsDeprecated ? ObsoleteAttribute : null;
        var names = string.Join(", ", arguments.Select(argument => argument.Name).Append("cancellationToken"));

        // The spec's text stays on the convenience method and how paging works on the client's remarks; here only what is this listing's own.
        // The page size is said once, in the limit's docs.
        writer.Line($"/// <summary>Every item of every page of <see cref=\"{cref}\"/>, requested one page at a time as the caller enumerates (how a listing stops and resumes: see <see cref=\"{context.ClientName}\"/>).</summary>");
        WriteListingParameterDocs(writer, cref, offset, limit, paging);
        // What every listing returns and how it fails while enumerating: written once, on the member that makes the result.
        writer.Line($"/// <inheritdoc cref=\"{support}.AutoPagingAsync\" path=\"/*[self::returns or self::exception]\"/>");
        WriteAttribute(writer, obsolete);
        writer.Line($"public virtual {Scm}.AsyncCollectionResult<{itemType}> {operation.MethodName}AutoPagingAsync({Signature(arguments)}) =>");
        writer.Line($"    {support}.AutoPagingAsync({GeneratedNames.PagersType(context.ClientName)}.Create{operation.MethodName}Pager(this, {names}));");
        writer.Line();
        writer.Line($"/// <inheritdoc cref=\"{Cref(context, operation, "AutoPagingAsync")}\"/>");
        WriteAttribute(writer, obsolete);
        writer.Line($"public virtual {Scm}.CollectionResult<{itemType}> {operation.MethodName}AutoPaging({Signature(arguments)}) =>");
        writer.Line($"    {support}.AutoPaging({GeneratedNames.PagersType(context.ClientName)}.Create{operation.MethodName}Pager(this, {names}));");

        // Resuming: the token holds the next offset, the page size and every other argument but a password, which the
        // resuming overload takes again, as the listing did.
        var secrets = arguments.Where(argument => IsSecretArgument(operation, argument.Name)).ToList();
        var resumed = arguments.Select(argument =>
            IsSecretArgument(operation, argument.Name) ? argument.Name
            : argument.Name == offset.Name ? (offset.Type.Kind == TypeKind.Int32 ? "token.Int32Offset()" : "token.Offset")
            : limit is not null && argument.Name == limit.Name ? (limit.IsRequired, limit.Type.Kind == TypeKind.Int32) switch
            {
                (true, true) => "token.RequiredInt32Limit()",
                (true, false) => "token.RequiredLimit()",
                (false, true) => "token.Int32Limit()",
                (false, false) => "token.Limit",
            }
            : $"token.{TokenReader(operation, argument)}({Literal(Naming.Bare(argument.Name))}, {Converter(context, ArgumentType(operation, argument.Name))})").Append("cancellationToken");
        // The client's options the operation sends (the project) name the list the token's offset counts in.
        var clientChecks = string.Concat(ClientOptionParameters(operation).Where(parameter => !parameter.IsSecret).Select(parameter =>
            $".OfClient({Literal(parameter.ClientProperty!)}, {FieldName(parameter.ClientProperty!)}, {Converter(context, ClientOptionType(client, parameter))})"));
        foreach (var async in BothModes)
        {
            var suffix = async ? "AutoPagingAsync" : "AutoPaging";
            var result = async ? $"{Scm}.AsyncCollectionResult<{itemType}>" : $"{Scm}.CollectionResult<{itemType}>";
            writer.Line();
            if (async || secrets.Count > 0)
            {
                writer.Line($"/// <summary>Continues a listing of <see cref=\"{Cref(context, operation, suffix)}\"/> after the page a token was taken from, or from the page at which it stopped.</summary>");
                writer.Line($"/// <inheritdoc cref=\"{support}.PageToken.FromToken\" path=\"{ResumeDocsPath}\"/>");
                foreach (var secret in secrets)
                {
                    var given = secret.Declaration.EndsWith(" = null", System.StringComparison.Ordinal) ? " (null where it was given none)" : string.Empty;
                    Doc(writer, "param", $"The value the listing was given{given}, which its tokens do not hold: a password.", $" name=\"{Naming.Bare(secret.Name)}\"", xml: true);
                }

                writer.Line($"/// <inheritdoc cref=\"{Cref(context, operation, suffix)}\" path=\"{ResumedDocsPath}\"/>");
            }
            else
            {
                writer.Line($"/// <inheritdoc cref=\"{operation.MethodName}AutoPagingAsync({Scm}.ContinuationToken, {CancellationToken})\"/>");
            }

            WriteAttribute(writer, obsolete);
            // Taken with no default, optional or not: a resumed listing that left one out would go on without it.
            var secretDeclarations = string.Concat(secrets.Select(secret => ", " + secret.Declaration.Replace(" = null", string.Empty)));
            writer.Line($"public virtual {result} {operation.MethodName}{suffix}({Scm}.ContinuationToken continuationToken{secretDeclarations}, {CancellationToken} cancellationToken = default) =>");
            writer.Line($"    {support}.PageToken.FromToken(continuationToken, {Literal(operation.OperationId)}){clientChecks} switch {{ var token => {operation.MethodName}{suffix}({string.Join(", ", resumed)}) }};");
        }
    }

    /// <summary>
    /// The parameter docs of a listing: the offset and the page size say what the pager does with them (the one-page
    /// method's "null leaves it out" is not true here); every other parameter and the exceptions come from the one-page method.
    /// </summary>
    private static void WriteListingParameterDocs(SourceWriter writer, string cref, ParameterModel offset, ParameterModel? limit, PagingModel paging)
    {
        var first = FirstOffset(offset);
        var startsAt = offset.IsRequired ? string.Empty : $" Null starts at {first}.";
        Doc(writer, "param", $"The offset of the first item to list. {RangeText(offset)}{startsAt}".Replace("  ", " ").TrimEnd(), $" name=\"{Naming.Bare(offset.Name)}\"", xml: true);
        var excluded = $"@name!='{Naming.Bare(offset.Name)}'";
        if (limit is not null)
        {
            var asks = limit.IsRequired ? string.Empty : paging.PageSize is { } size ? $" Null asks for {size}, the most the spec allows." : " Null leaves the page size to the service.";
            Doc(writer, "param", $"The page size to ask for. {RangeText(limit)}{asks}".Replace("  ", " ").TrimEnd(), $" name=\"{Naming.Bare(limit.Name)}\"", xml: true);
            excluded += $" and @name!='{Naming.Bare(limit.Name)}'";
        }

        writer.Line($"/// <inheritdoc cref=\"{cref}\" path=\"/*[self::param[{excluded}] or self::exception]\"/>");
    }

    /// <summary>
    /// Whether an argument of a listing is a password parameter, which no continuation token holds: a token is bytes the
    /// caller saves, logs or hands on, as it would not hand on the password.
    /// </summary>
    private static bool IsSecretArgument(OperationModel operation, string name) =>
        operation.Parameters.Any(parameter => parameter.Name == name && parameter.IsSecret && parameter.ClientProperty is null);

    /// <summary>The parameters of an operation the client's options give, which every token of its listings holds.</summary>
    private static System.Collections.Generic.IEnumerable<ParameterModel> ClientOptionParameters(OperationModel operation) =>
        operation.Parameters.Where(parameter => parameter.ClientProperty is not null);

    /// <summary>
    /// The type of the client's option that gives an operation's parameter, which its field has: where the option is an
    /// inline enum, each operation's parameter has an enum type of its own, and the field the first one's.
    /// </summary>
    private static TypeRef ClientOptionType(ClientModel client, ParameterModel parameter) =>
        client.Parameters.First(option => option.PropertyName == parameter.ClientProperty).Type;

    /// <summary>What a resuming overload takes from the docs of <c>PageToken.FromToken</c>: its token parameter and the exception.</summary>
    private const string ResumeDocsPath = "/*[self::param[@name='continuationToken'] or self::exception]";

    /// <summary>
    /// What a resuming overload takes from the listing it continues: the cancellation token, the result, and the exceptions
    /// but the argument one (the token's own takes its place).
    /// </summary>
    private const string ResumedDocsPath = "/*[self::param[@name='cancellationToken'] or self::returns or self::exception[@cref!='T:System.ArgumentException']]";

    /// <summary>The <c>PageToken</c> method that reads an argument back: required, optional value type, or other optional.</summary>
    private static string TokenReader(OperationModel operation, (string Declaration, string Name) argument) =>
        !argument.Declaration.EndsWith(" = null", System.StringComparison.Ordinal) ? "RequiredArgument"
        : ArgumentType(operation, argument.Name).IsValueType ? "OptionalValue"
        : "Argument";

    /// <summary>
    /// The pager's page size is <c>long?</c>: empty only for a listing without a limit. A required limit always
    /// gives one, so its conversion to the parameter's type says so to nullable analysis.
    /// </summary>
    private static string RequiredLimit(ParameterModel limit) => limit.IsRequired ? "!" : string.Empty;

    /// <summary>Where a listing without an offset starts: 0, or the least offset the spec allows when that is higher (1-based offsets).</summary>
    private static string FirstOffset(ParameterModel offset) =>
        long.TryParse(offset.Constraints.Minimum, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minimum) && minimum > 0
            ? offset.Constraints.Minimum!
            : "0";

    private static TypeRef ArgumentType(OperationModel operation, string name) =>
        operation.Parameters.FirstOrDefault(parameter => parameter.Name == name)?.Type ?? operation.Body!.Type;

    private static void WritePagerFactory(SourceWriter writer, GenerationContext context, ClientModel client, OperationModel operation, PagingModel paging)
    {
        var support = context.Qualify(context.SupportName);
        var arguments = Arguments(context, operation);
        var offset = operation.Parameters.First(parameter => parameter.Name == paging.OffsetParameter);
        var limit = paging.LimitParameter is { } limitName ? operation.Parameters.First(parameter => parameter.Name == limitName) : null;
        var sized = limit is not null && paging.PageSize is not null;
        var pageType = TypeName(context, operation.Result!);
        var itemType = TypeName(context, paging.ItemType, paging.ItemNullable);
        var declarations = string.Join(", ", arguments.Select(argument => argument.Declaration.Replace(" = null", string.Empty))
            .Prepend($"{context.Qualify(context.ClientName)} {ClientParameter}").Append($"{CancellationToken} cancellationToken"));
        using (writer.Block($"public static {support}.Pager<{pageType}, {itemType}> Create{operation.MethodName}Pager({declarations})"))
        {
            foreach (var check in ArgumentChecks(context, operation))
            {
                writer.Line(check);
            }

            // The fetch calls the virtual protocol methods, so a subclass that overrides them pages too. It makes the body's
            // content for each page: a request disposes its content once sent.
            var call = string.Join(", ", arguments.Zip(ProtocolCallArguments(context, operation), (argument, value) =>
                argument.Name == offset.Name ? (offset.Type.Kind == TypeKind.Int32 ? $"{support}.Int32PageOffset(pageOffset)" : $"({TypeName(context, offset.Type)})pageOffset")
                : limit is not null && argument.Name == limit.Name ? $"({TypeName(context, limit.Type, nullable: !limit.IsRequired)})pageSize{RequiredLimit(limit)}"
                : value).Append("pageOptions"));
            var others = arguments.Where(argument => argument.Name != offset.Name && (limit is null || argument.Name != limit.Name)).ToList();
            // The pager stops where the offset reaches the total; offsets that start at 1 reach it one later.
            var first = FirstOffset(offset);
            var total = paging.TotalProperty is not { } totalProperty ? "null"
                : first == "0" ? $"page => page.{totalProperty}"
                : $"page => page.{totalProperty} + {first}L";
            var limitValue = limit is null ? "null" : sized && !limit.IsRequired ? $"{limit.Name} ?? {paging.PageSize}" : limit.Name;
            var reads = ReadsLambda(operation);
            // The other arguments, and the client's options the operation sends, go into every continuation token, so that a resumed listing asks for the same pages.
            var writes = others.Where(argument => !IsSecretArgument(operation, argument.Name)).Select(argument => $"{support}.PageToken.Write(writer, {Literal(Naming.Bare(argument.Name))}, {argument.Name}, {Converter(context, ArgumentType(operation, argument.Name))})")
                .Concat(ClientOptionParameters(operation).Where(parameter => !parameter.IsSecret).Select(parameter => $"{support}.PageToken.Write(writer, {Literal(parameter.ClientProperty!)}, {ClientParameter}.{FieldName(parameter.ClientProperty!)}, {Converter(context, ClientOptionType(client, parameter))})"))
                .ToList();
            var last = writes.Count == 0 && reads is null ? ");" : ",";
            // Items whose equality compares any JSON by reference are compared by their JSON to tell a repeated page. The
            // converter is one of the pager's item type, which is nullable when the items may be null.
            var itemConverter = paging.ItemNullable ? NullableConverter(context, paging.ItemType) : Converter(context, paging.ItemType);
            var itemJson = paging.ItemsCompareByReference ? $" itemJson: {itemConverter}," : string.Empty;
            writer.Line($"return new({Literal(operation.OperationId)}, {offset.Name}{(offset.IsRequired ? string.Empty : " ?? " + FirstOffset(offset))}, {limitValue}, {Converter(context, operation.Result!)}, page => page.{paging.ResultsProperty}, {total}, cancellationToken,{itemJson}");
            writer.Line($"    fetchAsync: (pageOffset, pageSize, pageOptions) => {ClientParameter}.{operation.MethodName}Async({call}),");
            writer.Line($"    fetch: (pageOffset, pageSize, pageOptions) => {ClientParameter}.{operation.MethodName}({call}){last}");
            var end = reads is null ? ");" : ",";
            if (writes.Count == 1)
            {
                writer.Line($"    writeArguments: writer => {writes[0]}{end}");
            }
            else if (writes.Count > 1)
            {
                writer.Line("    writeArguments: writer =>");
                writer.Line("    {");
                foreach (var write in writes)
                {
                    writer.Line($"        {write};");
                }

                writer.Line("    }" + end);
            }

            if (reads is not null)
            {
                writer.Line($"    reads: {reads});");
            }
        }
    }

    /// <summary>
    /// The public type of a listing's raw pages: the answer as read (a <c>ClientResult</c> of the page model), the offset
    /// it was asked for, the items the listing takes from it, and whether it ends the listing short of the total.
    /// </summary>
    private static GeneratedFile EmitPage(GenerationContext context)
    {
        var name = context.PageName;
        return File(context, name, writer => writer.Lines($$"""
            /// <summary>
            /// One page of a listing of <see cref="{{context.ClientName}}"/>, as the raw pages of its <c>XAutoPagingAsync</c> and
            /// <c>XAutoPaging</c> collections give it (<c>GetRawPagesAsync</c>, <c>GetRawPages</c>): the answer as read, the
            /// offset it was asked for and the items the listing takes from it.
            /// </summary>
            /// <typeparam name="TPage">The answer's model, as the operation's one-page method returns it.</typeparam>
            /// <typeparam name="T">The type of the items.</typeparam>
            {{GeneratedCodeAttribute}}
            public sealed class {{name}}<TPage, T> : {{Scm}}.ClientResult<TPage>
            {
                internal {{name}}(TPage value, {{Primitives}}.PipelineResponse response, long offset, global::System.Collections.Generic.IReadOnlyList<T> items, bool endsShortOfTotal)
                    : base(value, response)
                {
                    Offset = offset;
                    Items = items;
                    EndsShortOfTotal = endsShortOfTotal;
                }

                /// <summary>The offset the page was asked for (the answer's own may say otherwise).</summary>
                public long Offset { get; }

                /// <summary>
                /// The items the listing gives from this page: the page's own, less those the listing gave already where the
                /// list changed since the page before (<c>Value</c> keeps them all).
                /// </summary>
                public global::System.Collections.Generic.IReadOnlyList<T> Items { get; }

                /// <summary>
                /// Whether the service answered this page empty although its total counts items from <see cref="Offset"/> on.
                /// The listing ends here all the same, and may lack items: the total may count items deleted meanwhile, or the
                /// service may read the offset otherwise. False where the pages carry no total.
                /// </summary>
                public bool EndsShortOfTotal { get; }
            }
            """));
    }

    /// <summary>The offset/limit pager every paged operation shares, its two collection results and its continuation token.</summary>
    private static void WritePagingSupport(SourceWriter writer, GenerationContext context, string jsonOptions) => writer.Lines($$"""
        /// <summary>The offset of the next page, for a listing whose offset parameter is an <c>int</c>.</summary>
        /// <exception cref="global::System.InvalidOperationException">The listing goes on past the largest offset an <c>int</c> can ask for.</exception>
        public static int Int32PageOffset(long offset) =>
            offset <= int.MaxValue
                ? (int)offset
                : throw Refusal("The listing goes on past offset 2147483647, the largest its int offset parameter can ask for; the next page would start at " + offset.ToString({{Invariant}}) + ".");

        /// <summary>
        /// The exceptions by which a listing refuses to go on (a page answered twice, an offset past the parameter's
        /// range), told from any other <see cref="global::System.InvalidOperationException"/> (one a handler or a
        /// policy throws for a page) by what they are, not by their type.
        /// </summary>
        private static readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<global::System.Exception, object> Refusals = new();

        /// <summary>A listing's refusal to go on, as <see cref="Refusals"/> holds it.</summary>
        private static global::System.InvalidOperationException Refusal(string message)
        {
            var refusal = new global::System.InvalidOperationException(message);
            Refusals.Add(refusal, refusal);
            return refusal;
        }

        /// <summary>Requests page after page of an offset/limit operation, one page only when the caller asks for it.</summary>
        public sealed class Pager<TPage, T>
        {
            private readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<{{Scm}}.ClientResult, PageState> _pages = new();
            private readonly string _operationId;
            private readonly long _offset;
            private readonly long? _limit;
            private readonly global::System.Func<long, long?, {{Primitives}}.RequestOptions?, {{Tasks}}.Task<{{Scm}}.ClientResult>> _fetchAsync;
            private readonly global::System.Func<long, long?, {{Primitives}}.RequestOptions?, {{Scm}}.ClientResult> _fetch;
            private readonly {{Json}}.Serialization.JsonConverter<TPage> _converter;
            private readonly global::System.Func<TPage, global::System.Collections.Generic.IReadOnlyList<T>?> _items;
            private readonly global::System.Func<TPage, long?>? _total;
            private readonly byte[] _arguments;
            private readonly global::System.Func<int, bool>? _reads;
            private readonly {{Json}}.Serialization.JsonConverter<T>? _itemJson;

            /// <summary>A pager of the operation <paramref name="operationId"/> that starts at <paramref name="offset"/>.</summary>
            /// <param name="operationId">The operation, which every continuation token names.</param>
            /// <param name="offset">The offset of the first page.</param>
            /// <param name="limit">The page size to ask for; null leaves it to the service.</param>
            /// <param name="converter">Reads a page.</param>
            /// <param name="items">The items of a page.</param>
            /// <param name="total">The total the service reports on a page, if its pages carry one.</param>
            /// <param name="cancellationToken">The token of the call that started the listing.</param>
            /// <param name="fetchAsync">Requests a page through the operation's virtual asynchronous protocol method.</param>
            /// <param name="fetch">Requests a page through the operation's virtual synchronous protocol method.</param>
            /// <param name="writeArguments">Writes the operation's other arguments into the continuation tokens; null when it has none.</param>
            /// <param name="reads">The success statuses whose body is a page; null when every success answer has it.</param>
            /// <param name="itemJson">
            /// Writes an item, for items whose equality compares any JSON by reference (a member of no type): a repeated page
            /// is then told by the items' JSON. Null for items that compare by value.
            /// </param>
            public Pager(
                string operationId,
                long offset,
                long? limit,
                {{Json}}.Serialization.JsonConverter<TPage> converter,
                global::System.Func<TPage, global::System.Collections.Generic.IReadOnlyList<T>?> items,
                global::System.Func<TPage, long?>? total,
                {{CancellationToken}} cancellationToken,
                global::System.Func<long, long?, {{Primitives}}.RequestOptions?, {{Tasks}}.Task<{{Scm}}.ClientResult>> fetchAsync,
                global::System.Func<long, long?, {{Primitives}}.RequestOptions?, {{Scm}}.ClientResult> fetch,
                global::System.Action<{{Json}}.Utf8JsonWriter>? writeArguments = null,
                global::System.Func<int, bool>? reads = null,
                {{Json}}.Serialization.JsonConverter<T>? itemJson = null)
            {
                _operationId = operationId;
                _offset = offset;
                _limit = limit;
                _fetchAsync = fetchAsync;
                _fetch = fetch;
                _converter = converter;
                _items = items;
                _total = total;
                _arguments = PageToken.WriteArguments(writeArguments);
                _reads = reads;
                _itemJson = itemJson;
                CancellationToken = cancellationToken;
            }

            public {{CancellationToken}} CancellationToken { get; }

            /// <summary>The pages; <paramref name="enumeratorCancellation"/> (from <c>WithCancellation</c>) cancels too.</summary>
            public async global::System.Collections.Generic.IAsyncEnumerable<{{Scm}}.ClientResult> PagesAsync([global::System.Runtime.CompilerServices.EnumeratorCancellation] {{CancellationToken}} enumeratorCancellation = default)
            {
                using var linked = enumeratorCancellation.CanBeCanceled && CancellationToken.CanBeCanceled
                    ? global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, enumeratorCancellation)
                    : null;
                // Made for each enumeration, so that one that starts once the client is traced keeps each page's activity until the page is read.
                var options = ReadOptions(linked?.Token ?? (enumeratorCancellation.CanBeCanceled ? enumeratorCancellation : CancellationToken));
                var state = new PageState(global::System.Array.Empty<T>(), global::System.Array.Empty<T>(), _offset, default, null, false);
                while (NextOffset(state) is { } offset)
                {
                    try
                    {
                        state = Record(await FetchAsync(offset, options, linked, enumeratorCancellation).ConfigureAwait(false), state, offset);
                    }
                    catch (global::System.Exception exception) when (state.Page is not null && Stopped(exception, offset))
                    {
                        throw;
                    }

                    if (!state.AskAgain)
                    {
                        yield return state.Page!;
                    }
                }
            }

            /// <summary>
            /// Requests a page. One cancelled through <paramref name="linked"/>, which links the two tokens the caller
            /// gave, ends with the caller's token that was cancelled, as with one token: the linked one is no caller's.
            /// </summary>
            private async {{Tasks}}.Task<{{Scm}}.ClientResult> FetchAsync(long offset, {{Primitives}}.RequestOptions? options, global::System.Threading.CancellationTokenSource? linked, {{CancellationToken}} enumeratorCancellation)
            {
                try
                {
                    return await _fetchAsync(offset, _limit, options).ConfigureAwait(false);
                }
                catch (global::System.OperationCanceledException exception) when (linked is { IsCancellationRequested: true })
                {
                    var cancelled = CancellationToken.IsCancellationRequested ? CancellationToken : enumeratorCancellation;
                    throw exception is {{Tasks}}.TaskCanceledException
                        ? new {{Tasks}}.TaskCanceledException(exception.Message, exception, cancelled)
                        : new global::System.OperationCanceledException(exception.Message, exception, cancelled);
                }
            }

            public global::System.Collections.Generic.IEnumerable<{{Scm}}.ClientResult> Pages()
            {
                var options = ReadOptions(CancellationToken);
                var state = new PageState(global::System.Array.Empty<T>(), global::System.Array.Empty<T>(), _offset, default, null, false);
                while (NextOffset(state) is { } offset)
                {
                    try
                    {
                        state = Record(_fetch(offset, _limit, options), state, offset);
                    }
                    catch (global::System.Exception exception) when (state.Page is not null && Stopped(exception, offset))
                    {
                        throw;
                    }

                    if (!state.AskAgain)
                    {
                        yield return state.Page!;
                    }
                }
            }

            /// <summary>
            /// Records on <paramref name="exception"/>, which ended the listing at the page at <paramref name="offset"/>
            /// after a page was given, where it stopped and the token that goes on from there; false, so that the
            /// exception filter that calls it lets the exception go on as it was thrown. The pager's own refusals (a
            /// page answered twice, an offset past the parameter's range) are left as they are: going on from there
            /// meets them again. What an exception carried already is written over: one thrown again (kept by a policy,
            /// or cached) ends this listing now, and what it said of another would resume that one in this one's place.
            /// </summary>
            private bool Stopped(global::System.Exception exception, long offset)
            {
                if (!Refusals.TryGetValue(exception, out _))
                {
                    exception.Data[{{context.Qualify(context.ExceptionName)}}.PageOffsetKey] = offset;
                    exception.Data[{{context.Qualify(context.ExceptionName)}}.ContinuationTokenKey] = new PageToken(_operationId, offset, _limit, _arguments);
                    (exception as {{context.Qualify(context.ExceptionName)}})?.FailedPage(offset);
                }

                return false;
            }

            /// <summary>The items of a page, checking for cancellation before each one.</summary>
            public global::System.Collections.Generic.IEnumerable<T> Items({{Scm}}.ClientResult page)
            {
                var items = ItemsOf(page);
                for (var index = 0; index < items.Count; index++)
                {
                    CancellationToken.ThrowIfCancellationRequested();
                    yield return items[index];
                }
            }

            /// <summary>The items of a page as read.</summary>
            public global::System.Collections.Generic.IReadOnlyList<T> ItemsOf({{Scm}}.ClientResult page) => State(page).Items;

            /// <summary>The token that resumes after <paramref name="page"/>; null after the last page.</summary>
            /// <exception cref="global::System.InvalidOperationException">The next page would start past the largest offset a long holds.</exception>
            public {{Scm}}.ContinuationToken? TokenAfter({{Scm}}.ClientResult page) =>
                NextOffset(State(page)) is { } next ? new PageToken(_operationId, next, _limit, _arguments) : null;

            private PageState State({{Scm}}.ClientResult page)
            {
                // Named here: the table would refuse a null page as its own "key".
                global::System.ArgumentNullException.ThrowIfNull(page);
                return _pages.TryGetValue(page, out var state) ? state : throw new global::System.ArgumentException("The page does not belong to this collection.", nameof(page));
            }

            private PageState Record({{Scm}}.ClientResult result, PageState previous, long offset)
            {
                // A traced page's activity lasts until the page is read and checked.
                var response = result.GetRawResponse();
                var activity = TracingPolicy.Take(response);
                try
                {
                    return Record(response, previous, offset);
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

            private PageState Record({{Primitives}}.PipelineResponse response, PageState previous, long offset)
            {
                var value = ReadBody(response, _operationId, _converter, _reads);
                var raw = _items(value) ?? global::System.Array.Empty<T>();
                var items = raw;
                var body = Body(response);
                var total = _total?.Invoke(value);
                if (previous.AskAgain)
                {
                    // Asked again from before the offset reached: the items read already are left out.
                    items = WithoutOverlap(items, previous.Raw);
                }
                else if (IsSamePage(items, body, previous))
                {
                    throw Refusal(_operationId + " answered offset " + offset.ToString({{Invariant}}) + " with the page it answered before; stopping instead of requesting the same page forever.");
                }
                else if (previous.Total is { } before && total is { } now && now != before)
                {
                    if (now < before && previous.Raw.Count > 1)
                    {
                        // Items went since the page before: if they were before this offset, the ones after them moved
                        // up and as many would be skipped. This page is dropped and asked again from as many items back,
                        // less than a page so that the listing goes on.
                        // As a decimal: a total the service sends may be anything a long holds, and the difference of two
                        // would wrap around.
                        var back = (long)global::System.Math.Min((decimal)before - now, previous.Raw.Count - 1L);
                        return previous with { Next = offset - back, Total = now, AskAgain = true };
                    }

                    // Items came before this offset: the ones read last moved down into this page.
                    items = WithoutOverlap(items, previous.Raw);
                }

                // A page that goes past the total proves it short (a count the service keeps apart from the list): the
                // listing then goes on to an empty page, as the pages after such a one go past it too.
                // Past the largest offset a long holds (a token may start a listing anywhere), there is no next one: it
                // would wrap around to a negative offset, and the listing would go on from there. The page's items are
                // still the caller's; asking for the next page throws.
                long? next = offset < 0 || raw.Count <= long.MaxValue - offset ? offset + raw.Count : null;
                var last = raw.Count == 0
                    || (total is { } count ? next == count : _limit is { } size && raw.Count < size);
                // An empty page where the total counts items from this offset on ends the listing all the same (the total may
                // count items deleted meanwhile): the page says so, for the caller to judge.
                var page = new {{context.Qualify(context.PageName)}}<TPage, T>(value, response, offset, items, raw.Count == 0 && total is { } all && offset < all);
                var state = new PageState(items, raw, last ? null : next, body, total, false, last || next is not null ? null : (decimal)offset + raw.Count, page);
                _pages.AddOrUpdate(page, state);
                return state;
            }

            /// <summary>
            /// Whether a page repeats the one before item for item, as from a service that ignores the offset. Some items
            /// alike are no proof: lists of text or numbers repeat values, and items may be null.
            /// </summary>
            private bool IsSamePage(global::System.Collections.Generic.IReadOnlyList<T> items, global::System.ReadOnlyMemory<byte> body, PageState previous)
            {
                if (items.Count == 0 || items.Count != previous.Raw.Count)
                {
                    return false;
                }

                // The same answer byte for byte is the same page. Items that hold any JSON never compare equal to a
                // second reading of themselves, as their equality compares it by reference, so they are compared by
                // their JSON: the answer may differ elsewhere, as when it echoes the offset asked for.
                if (global::System.MemoryExtensions.SequenceEqual(body.Span, previous.Body.Span))
                {
                    return true;
                }

                for (var index = 0; index < items.Count; index++)
                {
                    if (!Same(items[index], previous.Raw[index]))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>
            /// A page without its first items where they repeat the last ones of the page before (the longest such run),
            /// after the list changed between the two.
            /// </summary>
            /// <remarks>
            /// Found in time linear in the two pages, rather than by trying every length from the longest: for each start of
            /// the page, the longest shorter start that also ends it is worked out first; a walk over the end of the page
            /// before then goes on from that shorter start where an item differs, so no item is compared again and again.
            /// </remarks>
            private global::System.Collections.Generic.IReadOnlyList<T> WithoutOverlap(global::System.Collections.Generic.IReadOnlyList<T> items, global::System.Collections.Generic.IReadOnlyList<T> before)
            {
                // A run is at most as long as the shorter page, so only that many items of either are looked at.
                var length = global::System.Math.Min(items.Count, before.Count);
                if (length == 0)
                {
                    return items;
                }

                // ends[i]: of the page's first i + 1 items, how many first items end them too, fewer than i + 1.
                var ends = new int[length];
                var matched = 0;
                for (var index = 1; index < length; index++)
                {
                    matched = Extend(items[index], items, ends, matched);
                    ends[index] = matched;
                }

                // How many first items of the page the page before ends with, read up to each of its last items in turn.
                var count = 0;
                for (var index = before.Count - length; index < before.Count; index++)
                {
                    count = Extend(before[index], items, ends, count);
                }

                if (count == 0)
                {
                    return items;
                }

                var rest = new T[items.Count - count];
                for (var at = 0; at < rest.Length; at++)
                {
                    rest[at] = items[count + at];
                }

                return rest;
            }

            /// <summary>
            /// How many first items of <paramref name="items"/> end a sequence that ended with the first
            /// <paramref name="matched"/> of them before <paramref name="next"/> came: that run one longer where the item
            /// after it is <paramref name="next"/>, else the longest shorter one (from <paramref name="ends"/>) that is.
            /// </summary>
            private int Extend(T next, global::System.Collections.Generic.IReadOnlyList<T> items, int[] ends, int matched)
            {
                while (true)
                {
                    if (Same(items[matched], next))
                    {
                        return matched + 1;
                    }

                    if (matched == 0)
                    {
                        return 0;
                    }

                    matched = ends[matched - 1];
                }
            }

            /// <summary>Whether two items are alike: equal, or writing the same JSON.</summary>
            private bool Same(T item, T previous) =>
                global::System.Collections.Generic.EqualityComparer<T>.Default.Equals(item, previous) || SameJson(item, previous);

            /// <summary>
            /// Whether two items that hold something compared by reference write the same JSON: the members the spec
            /// lists, as the items' equality compares, and not those a model keeps that it does not list, which may
            /// differ from answer to answer (a link that echoes the offset) in items that are the same.
            /// </summary>
            private bool SameJson(T item, T previous)
            {
                if (_itemJson is null || item is null || previous is null)
                {
                    return false;
                }

                return global::System.MemoryExtensions.SequenceEqual(Written(item).Span, Written(previous).Span);

                global::System.ReadOnlyMemory<byte> Written(T value)
                {
                    var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();
                    using (var writer = new {{Json}}.Utf8JsonWriter(buffer))
                    {
                        _itemJson.Write(writer, value, {{context.Qualify(context.JsonHelpersName)}}.WireOptions);
                    }

                    return buffer.WrittenMemory;
                }
            }

            /// <summary>
            /// A page as read: the items it gives the caller, its items as the service answered them, the offset of the next
            /// page (null after the last), its body (to tell a repeated answer), the service's total, and whether the next
            /// request asks again from before the offset reached, because the total fell; for a listing that goes on
            /// past the largest offset a long holds, where the next page would start (else null); and the page the caller is given.
            /// </summary>
            private sealed record PageState(global::System.Collections.Generic.IReadOnlyList<T> Items, global::System.Collections.Generic.IReadOnlyList<T> Raw, long? Next, global::System.ReadOnlyMemory<byte> Body, long? Total, bool AskAgain, decimal? Beyond = null, {{context.Qualify(context.PageName)}}<TPage, T>? Page = null);

            /// <summary>The offset of the page after the one <paramref name="state"/> was read from; null after the last page.</summary>
            /// <exception cref="global::System.InvalidOperationException">The next page would start past the largest offset a long holds.</exception>
            private static long? NextOffset(PageState state) =>
                state.Beyond is { } beyond
                    ? throw new global::System.InvalidOperationException("The listing goes on past offset 9223372036854775807, the largest its offset parameter can ask for; the next page would start at " + beyond.ToString({{Invariant}}) + ".")
                    : state.Next;
        }

        /// <summary>
        /// The items of the listing <paramref name="pager"/> requests, page by page as the caller enumerates. The client's
        /// auto-paging methods take this member's result and exception docs with <c>inheritdoc</c>, so that each text is
        /// written once.
        /// </summary>
        /// <param name="pager">The pager of the listing.</param>
        /// <returns>The items, in the order the service returns them.</returns>
        /// <exception cref="global::System.InvalidOperationException">While enumerating: the service answered a page it had answered before, which would repeat items for ever, or the listing went past the largest offset the offset's type holds.</exception>
        public static AsyncPages<TPage, T> AutoPagingAsync<TPage, T>(Pager<TPage, T> pager) => new(pager);

        /// <summary>The items of the listing <paramref name="pager"/> requests, page by page as the caller enumerates.</summary>
        /// <inheritdoc cref="AutoPagingAsync" path="/*[self::param or self::returns or self::exception]"/>
        public static Pages<TPage, T> AutoPaging<TPage, T>(Pager<TPage, T> pager) => new(pager);

        /// <summary>The items of an offset/limit operation, page by page as the caller enumerates.</summary>
        public sealed class AsyncPages<TPage, T> : {{Scm}}.AsyncCollectionResult<T>
        {
            private readonly Pager<TPage, T> _pager;

            public AsyncPages(Pager<TPage, T> pager) => _pager = pager;

            public override global::System.Collections.Generic.IAsyncEnumerable<{{Scm}}.ClientResult> GetRawPagesAsync() => _pager.PagesAsync();

            public override {{Scm}}.ContinuationToken? GetContinuationToken({{Scm}}.ClientResult page) => _pager.TokenAfter(page);

            protected override global::System.Collections.Generic.IAsyncEnumerable<T> GetValuesFromPageAsync({{Scm}}.ClientResult page) => ValuesAsync(page);

            private async global::System.Collections.Generic.IAsyncEnumerable<T> ValuesAsync({{Scm}}.ClientResult page, [global::System.Runtime.CompilerServices.EnumeratorCancellation] {{CancellationToken}} cancellationToken = default)
            {
                var items = _pager.ItemsOf(page);
                for (var index = 0; index < items.Count; index++)
                {
                    // A caller that cancels mid-page (the method's token or WithCancellation) stops here, not only at the next request.
                    _pager.CancellationToken.ThrowIfCancellationRequested();
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return items[index];
                }

                await {{Tasks}}.Task.CompletedTask.ConfigureAwait(false);
            }
        }

        /// <summary>The items of an offset/limit operation, page by page as the caller enumerates.</summary>
        public sealed class Pages<TPage, T> : {{Scm}}.CollectionResult<T>
        {
            private readonly Pager<TPage, T> _pager;

            public Pages(Pager<TPage, T> pager) => _pager = pager;

            public override global::System.Collections.Generic.IEnumerable<{{Scm}}.ClientResult> GetRawPages() => _pager.Pages();

            public override {{Scm}}.ContinuationToken? GetContinuationToken({{Scm}}.ClientResult page) => _pager.TokenAfter(page);

            protected override global::System.Collections.Generic.IEnumerable<T> GetValuesFromPage({{Scm}}.ClientResult page) => _pager.Items(page);
        }

        /// <summary>
        /// Where a listing continues: the operation, the next offset, the page size and the other arguments, as JSON bytes
        /// that can be stored and read by another process.
        /// </summary>
        public sealed class PageToken : {{Scm}}.ContinuationToken
        {
            private readonly byte[] _arguments;

            public PageToken(string operationId, long offset, long? limit, byte[] arguments)
            {
                OperationId = operationId;
                Offset = offset;
                Limit = limit;
                _arguments = arguments;
            }

            public string OperationId { get; }

            public long Offset { get; }

            public long? Limit { get; }

            /// <summary>The next offset, for an operation whose offset parameter is an <c>int</c>.</summary>
            /// <exception cref="global::System.ArgumentException">The offset does not fit an <c>int</c>.</exception>
            public int Int32Offset() => ToInt32(Offset, "offset");

            /// <summary>The page size, for an operation whose limit parameter is an <c>int</c>; null when the listing was started without one.</summary>
            /// <exception cref="global::System.ArgumentException">The page size does not fit an <c>int</c>.</exception>
            public int? Int32Limit() => Limit is { } limit ? ToInt32(limit, "limit") : null;

            /// <summary>The page size, for an operation whose limit parameter is required.</summary>
            /// <exception cref="global::System.ArgumentException">The token has no page size.</exception>
            public long RequiredLimit() =>
                Limit ?? throw new global::System.ArgumentException("The continuation token cannot be read: it has no limit, which " + OperationId + " requires.", "continuationToken");

            /// <summary>The page size, for an operation whose limit parameter is a required <c>int</c>.</summary>
            /// <exception cref="global::System.ArgumentException">The token has no page size, or one that does not fit an <c>int</c>.</exception>
            public int RequiredInt32Limit() => ToInt32(RequiredLimit(), "limit");

            // Plain comparisons rather than generic math: every resuming overload calls one of these.
            private static int ToInt32(long value, string name) =>
                value is >= int.MinValue and <= int.MaxValue
                    ? (int)value
                    : throw new global::System.ArgumentException("The continuation token cannot be read: its " + name + " " + value.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " does not fit an int.", "continuationToken");

            public override global::System.BinaryData ToBytes()
            {
                var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new {{Json}}.Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("operation", OperationId);
                    writer.WriteNumber("offset", Offset);
                    if (Limit is { } limit)
                    {
                        writer.WriteNumber("limit", limit);
                    }

                    writer.WritePropertyName("arguments");
                    writer.WriteRawValue(_arguments, skipInputValidation: true);
                    writer.WriteEndObject();
                }

                return new global::System.BinaryData(buffer.WrittenMemory);
            }

            /// <summary>
            /// Reads a token of <paramref name="operationId"/>, whichever type it came as: the overloads of the paged operations
            /// that take a <c>ContinuationToken</c> take its docs of the token and the exception with <c>inheritdoc</c>.
            /// </summary>
            /// <param name="continuationToken">From <c>GetContinuationToken(page)</c>, or <c>ContinuationToken.FromBytes</c> of its saved bytes.</param>
            /// <param name="operationId">The operation the token must belong to.</param>
            /// <returns>Where the listing goes on: the next offset, the page size and the other arguments it was started with.</returns>
            /// <exception cref="global::System.ArgumentException">The token cannot be read, belongs to another operation, or lacks or garbles a value the operation needs. A value the operation's checks refuse throws as the same argument would.</exception>
            public static PageToken FromToken({{Scm}}.ContinuationToken continuationToken, string operationId)
            {
                global::System.ArgumentNullException.ThrowIfNull(continuationToken);
                if (continuationToken is PageToken own && own.OperationId == operationId)
                {
                    return own;
                }

                try
                {
                    using var document = {{Json}}.JsonDocument.Parse(continuationToken.ToBytes());
                    // Each member is read by its name, so that what is wrong with a token names the member.
                    var root = document.RootElement;
                    if (root.ValueKind != {{Json}}.JsonValueKind.Object)
                    {
                        throw Unreadable("it is not a JSON object.");
                    }

                    RefuseKeyTwice(root, "it holds ");
                    var operation = Member(root, "operation");
                    if (operation.ValueKind != {{Json}}.JsonValueKind.String)
                    {
                        throw Unreadable("its operation is not a string.");
                    }

                    if (!operation.ValueEquals(operationId))
                    {
                        throw new global::System.ArgumentException("The continuation token belongs to another operation than " + operationId + ".", nameof(continuationToken));
                    }

                    long? limit = root.TryGetProperty("limit", out var limitValue) ? WholeNumber(limitValue, "limit") : null;
                    // The arguments are read by name; anything but an object would pass for one without any.
                    var argumentsValue = Member(root, "arguments");
                    if (argumentsValue.ValueKind != {{Json}}.JsonValueKind.Object)
                    {
                        throw Unreadable("its arguments are not a JSON object.");
                    }

                    RefuseKeyTwice(argumentsValue, "its arguments hold ");
                    var arguments = global::System.Text.Encoding.UTF8.GetBytes(argumentsValue.GetRawText());
                    return new PageToken(operationId, WholeNumber(Member(root, "offset"), "offset"), limit, arguments);
                }
                catch (global::System.Exception exception) when (exception is {{Json}}.JsonException or global::System.InvalidOperationException)
                {
                    // Not JSON, or a name or text that is not valid UTF-16 (an escaped lone surrogate).
                    throw new global::System.ArgumentException("The continuation token cannot be read: " + exception.Message, nameof(continuationToken), exception);
                }
            }

            /// <summary>The member <paramref name="name"/> of a token; refused, naming it, when the token has none.</summary>
            private static {{Json}}.JsonElement Member({{Json}}.JsonElement root, string name) =>
                root.TryGetProperty(name, out var value) ? value : throw Unreadable("it has no " + name + ".");

            /// <summary>The whole number a member of a token holds; refused, naming the member, when it holds anything else.</summary>
            private static long WholeNumber({{Json}}.JsonElement value, string name) =>
                value.ValueKind == {{Json}}.JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw Unreadable("its " + name + " is not a whole number.");

            /// <summary>The exception for a token that cannot be read, for <paramref name="why"/>.</summary>
            private static global::System.ArgumentException Unreadable(string why) =>
                new global::System.ArgumentException("The continuation token cannot be read: " + why, "continuationToken");

            /// <summary>
            /// Refuses a token whose object holds a key twice: one value would be read and the other ignored (the last of the
            /// token's own keys, the first of its arguments), and either could be the one meant.
            /// </summary>
            private static void RefuseKeyTwice({{Json}}.JsonElement value, string holds)
            {
                if (value.ValueKind != {{Json}}.JsonValueKind.Object)
                {
                    return;
                }

                var names = new global::System.Collections.Generic.HashSet<string>(global::System.StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        throw new global::System.ArgumentException("The continuation token cannot be read: " + holds + property.Name + " twice.", "continuationToken");
                    }
                }
            }

            /// <summary>An optional argument the listing was started with; null when it was started without it.</summary>
            /// <exception cref="global::System.ArgumentException">The token's value cannot be read.</exception>
            public T? Argument<T>(string name, {{Json}}.Serialization.JsonConverter<T> converter)
                where T : class => TryRead(name, converter, out var value) ? value : null;

            /// <summary>An optional value-type argument the listing was started with; null when it was started without it.</summary>
            /// <exception cref="global::System.ArgumentException">The token's value cannot be read.</exception>
            public T? OptionalValue<T>(string name, {{Json}}.Serialization.JsonConverter<T> converter)
                where T : struct => TryRead(name, converter, out var value) ? value : null;

            /// <summary>An argument the operation requires.</summary>
            /// <exception cref="global::System.ArgumentException">The token has no value for it, or one that cannot be read.</exception>
            public T RequiredArgument<T>(string name, {{Json}}.Serialization.JsonConverter<T> converter) =>
                TryRead(name, converter, out var value) ? value : throw new global::System.ArgumentException("The continuation token cannot be read: it has no " + name + ", which " + OperationId + " requires.", "continuationToken");

            /// <summary>
            /// Refuses a token of a listing by a client with another value of the option <paramref name="name"/>, one that
            /// goes into every request (the project): the token's offset counts the items of another list. A token
            /// without it, saved before tokens held it, is taken as it is.
            /// </summary>
            /// <exception cref="global::System.ArgumentException">The token holds another value, or one that cannot be read.</exception>
            public PageToken OfClient<T>(string name, T value, {{Json}}.Serialization.JsonConverter<T> converter) =>
                !TryRead(name, converter, out var held) || global::System.Collections.Generic.EqualityComparer<T>.Default.Equals(held, value)
                    ? this
                    : throw new global::System.ArgumentException("The continuation token belongs to a listing of another " + name + " than this client's; its offset counts the items of that one.", "continuationToken");

            /// <summary>Reads the argument <paramref name="name"/>; false when the token has none or has null.</summary>
            private bool TryRead<T>(string name, {{Json}}.Serialization.JsonConverter<T> converter, out T value)
            {
                try
                {
                    var reader = new {{Json}}.Utf8JsonReader(_arguments);
                    reader.Read();
                    while (reader.Read() && reader.TokenType == {{Json}}.JsonTokenType.PropertyName)
                    {
                        var found = reader.ValueTextEquals(name);
                        reader.Read();
                        if (!found)
                        {
                            reader.Skip();
                            continue;
                        }

                        // JSON null is no value, except for an argument of any JSON, which can be null itself.
                        if (reader.TokenType == {{Json}}.JsonTokenType.Null && typeof(T) != typeof({{Json}}.JsonElement))
                        {
                            break;
                        }

                        value = converter.Read(ref reader, typeof(T), {{jsonOptions}})!;
                        return true;
                    }
                }
                catch (global::System.Exception exception) when (exception is {{Json}}.JsonException or global::System.InvalidOperationException or global::System.FormatException)
                {
                    throw new global::System.ArgumentException("The continuation token cannot be read: its " + name + " is not valid. " + exception.Message, "continuationToken", exception);
                }

                value = default!;
                return false;
            }

            /// <summary>Writes an argument of the listing into the token.</summary>
            public static void Write<T>({{Json}}.Utf8JsonWriter writer, string name, T? value, {{Json}}.Serialization.JsonConverter<T> converter)
                where T : struct
            {
                writer.WritePropertyName(name);
                if (value is { } present)
                {
                    converter.Write(writer, present, {{jsonOptions}});
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            /// <inheritdoc cref="Write{T}(global::System.Text.Json.Utf8JsonWriter, string, T?, global::System.Text.Json.Serialization.JsonConverter{T})"/>
            public static void Write<T>({{Json}}.Utf8JsonWriter writer, string name, T? value, {{Json}}.Serialization.JsonConverter<T> converter)
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    converter.Write(writer, value, {{jsonOptions}});
                }
            }

            internal static byte[] WriteArguments(global::System.Action<{{Json}}.Utf8JsonWriter>? write)
            {
                var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new {{Json}}.Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    write?.Invoke(writer);
                    writer.WriteEndObject();
                }

                return buffer.WrittenSpan.ToArray();
            }
        }
        """);
}
