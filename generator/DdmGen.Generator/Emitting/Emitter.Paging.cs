using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    /// <summary>
    /// Writes XAutoPagingAsync: validates at the call, then a lazy iterator that requests the next page only when
    /// the caller has consumed the previous one, so one page at a time is in memory.
    /// </summary>
    private static void WriteAutoPaging(SourceWriter writer, GenerationContext context, OperationModel operation, PagingModel paging)
    {
        var arguments = Arguments(context, operation);
        var itemType = TypeName(context, paging.ItemType);
        var offset = operation.Parameters.First(parameter => parameter.Name == paging.OffsetParameter);
        var limit = paging.LimitParameter is { } limitName ? operation.Parameters.First(parameter => parameter.Name == limitName) : null;
        var sized = limit is not null && paging.PageSize is not null;

        Summary(writer, (operation.Summary is null ? string.Empty : operation.Summary + " ") + "Every item of every page, requested one page at a time as the caller enumerates.");
        var remarks = (sized ? $"Asks for pages of {paging.PageSize} items (the most the spec allows) unless <paramref name=\"{limit!.Name.TrimStart('@')}\"/> is set. " : string.Empty)
            + "The next page is requested only when the caller has consumed the previous one. "
            + (paging.TotalProperty is not null ? "Stops when the total the service reports is reached or a page is empty; " : "Stops at an empty page or one shorter than the page size; ")
            + "fails rather than loop when the service answers the same page again.";
        Doc(writer, "remarks", remarks, xml: true);
        WriteParameterDocs(writer, operation);
        writer.Line("/// <returns>The items, in the order the service returns them.</returns>");
        WriteExceptionDocs(writer, context, operation);
        if (operation.IsDeprecated)
        {
            writer.Line(ObsoleteAttribute);
        }

        using (writer.Block($"public global::System.Collections.Generic.IAsyncEnumerable<{itemType}> {operation.MethodName}AutoPagingAsync({Signature(arguments)})"))
        {
            if (HasValidation(operation))
            {
                writer.Line(ValidationCall(context, operation));
            }

            // A required offset or limit is not nullable: forward it as it is.
            var forwarded = arguments.Select(argument =>
                argument.Name == offset.Name && !offset.IsRequired ? $"{offset.Name} ?? 0"
                : sized && argument.Name == limit!.Name && !limit.IsRequired ? $"{limit.Name} ?? {paging.PageSize}"
                : argument.Name);
            writer.Line($"return {operation.MethodName}AutoPagingCoreAsync({string.Join(", ", forwarded.Append("cancellationToken"))});");
        }

        writer.Line();
        var coreArguments = arguments.Select(argument =>
            argument.Name == offset.Name ? ($"{TypeName(context, offset.Type)} {offset.Name}", offset.Name)
            : sized && argument.Name == limit!.Name ? ($"{TypeName(context, limit.Type)} {limit.Name}", limit.Name)
            : (argument.Declaration.Replace(" = null", string.Empty), argument.Name)).ToList();
        using (writer.Block($"private async global::System.Collections.Generic.IAsyncEnumerable<{itemType}> {operation.MethodName}AutoPagingCoreAsync({Signature(coreArguments, enumeratorCancellation: true)})"))
        {
            var items = paging.ResultsNullable ? $"page.{paging.ResultsProperty} ?? global::System.Array.Empty<{itemType}>()" : $"page.{paging.ResultsProperty}";
            // Not T?: for a struct item that is Nullable<T>, and the comparer below must see two T.
            writer.Line($"{itemType} previousFirst = default!;");
            writer.Line("var hasPrevious = false;");
            using (writer.Block("while (true)"))
            {
                var call = string.Join(", ", arguments.Select(argument => argument.Name).Append("cancellationToken"));
                writer.Line($"var page = await {operation.MethodName}Async({call}).ConfigureAwait(false);");
                writer.Line($"var items = {items};");
                using (writer.Block("if (items.Count == 0)"))
                {
                    writer.Line("yield break;");
                }

                writer.Line();
                using (writer.Block($"if (hasPrevious && global::System.Collections.Generic.EqualityComparer<{itemType}>.Default.Equals(items[0], previousFirst))"))
                {
                    writer.Line($"throw new global::System.InvalidOperationException({Literal($"{operation.OperationId} answered offset ")} + {offset.Name} + {Literal(" with the page it answered before; stopping instead of requesting the same page forever.")});");
                }

                writer.Line();
                using (writer.Block("foreach (var item in items)"))
                {
                    // A caller that cancels mid-page stops here, not only at the next request.
                    writer.Line("cancellationToken.ThrowIfCancellationRequested();");
                    writer.Line("yield return item;");
                }

                writer.Line();
                writer.Line($"{offset.Name} += items.Count;");
                if (paging.TotalProperty is { } total)
                {
                    var condition = paging.TotalNullable ? $"page.{total} is {{ }} total && {offset.Name} >= total" : $"{offset.Name} >= page.{total}";
                    using (writer.Block($"if ({condition})"))
                    {
                        writer.Line("yield break;");
                    }
                }
                else if (limit is not null)
                {
                    var condition = sized ? $"items.Count < {limit.Name}" : $"{limit.Name} is {{ }} size && items.Count < size";
                    using (writer.Block($"if ({condition})"))
                    {
                        writer.Line("yield break;");
                    }
                }

                writer.Line();
                writer.Line("previousFirst = items[0];");
                writer.Line("hasPrevious = true;");
            }
        }
    }
}
