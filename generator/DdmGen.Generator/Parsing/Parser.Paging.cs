using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using DdmGen.Generator.Reading;
using Microsoft.OpenApi;

namespace DdmGen.Generator.Parsing;

internal sealed partial class Parser
{
    private const string PaginationExtension = "x-speakeasy-pagination";

    /// <summary>
    /// Reads Speakeasy's <c>x-speakeasy-pagination</c> (type offsetLimit, inputs offset and limit, outputs results),
    /// plus <c>outputs.total</c>, a DdmGen addition naming the total item count.
    /// </summary>
    private PagingModel? ParsePaging(OpenApiOperation operation, string pointer, string operationId, List<ParameterModel> parameters, TypeRef? result)
    {
        if (ExtensionNode(operation.Extensions, PaginationExtension) is not { } node)
        {
            return null;
        }

        var extensionPointer = SpecPointer.Append(pointer, PaginationExtension);
        PagingModel? Fail(string at, string reason)
        {
            Report(DiagnosticCatalog.InvalidPagination, at, operationId, Display(at), reason);
            return null;
        }

        if (node is not JsonObject pagination)
        {
            return Fail(extensionPointer, "it is not an object");
        }

        var type = ScalarText(pagination["type"]);
        if (type != "offsetLimit")
        {
            return Fail(SpecPointer.Append(extensionPointer, "type"), $"the type '{type ?? "(missing)"}' is not supported (only offsetLimit is)");
        }

        var inputsPointer = SpecPointer.Append(extensionPointer, "inputs");
        if (pagination["inputs"] is not JsonArray inputs)
        {
            return Fail(extensionPointer, "it has no inputs list");
        }

        ParameterModel? offset = null;
        ParameterModel? limit = null;
        var limitPointer = inputsPointer;
        for (var index = 0; index < inputs.Count; index++)
        {
            var inputPointer = SpecPointer.Append(inputsPointer, index);
            var input = inputs[index] as JsonObject;
            var name = ScalarText(input?["name"]);
            var kind = ScalarText(input?["type"]);
            if (ScalarText(input?["in"]) != "parameters")
            {
                return Fail(inputPointer, $"the input '{name}' is not in parameters (only parameter inputs are supported)");
            }

            var parameter = parameters.FirstOrDefault(candidate => candidate.WireName == name && candidate.ClientProperty is null);
            if (parameter is null)
            {
                return Fail(SpecPointer.Append(inputPointer, "name"), $"it names the parameter '{name}', which the operation does not have");
            }

            if (!parameter.Type.IsInteger)
            {
                return Fail(SpecPointer.Append(inputPointer, "name"), $"the parameter '{name}' is not an integer");
            }

            switch (kind)
            {
                case "offset":
                    offset = parameter;
                    break;
                case "limit":
                    limit = parameter;
                    limitPointer = inputPointer;
                    break;
                default:
                    return Fail(SpecPointer.Append(inputPointer, "type"), $"the input type '{kind}' is not supported (use offset and limit)");
            }
        }

        if (offset is null)
        {
            return Fail(inputsPointer, "it has no offset input");
        }

        if (limit is not null && limit.WireName == offset.WireName)
        {
            return Fail(inputsPointer, $"it names the parameter '{offset.WireName}' as both offset and limit");
        }

        var outputsPointer = SpecPointer.Append(extensionPointer, "outputs");
        var outputs = pagination["outputs"] as JsonObject;
        if (result is not { Kind: TypeKind.Object, Name: { } pageName } || !_objectsByName.TryGetValue(pageName, out var page))
        {
            return Fail(extensionPointer, "the operation's success response is not an object");
        }

        var resultsPath = ScalarText(outputs?["results"]);
        var results = OutputProperty(page, resultsPath);
        if (results is null)
        {
            return Fail(SpecPointer.Append(outputsPointer, "results"), $"it names the result '{resultsPath ?? "(missing)"}', which the response {page.Name} does not have (write $.name of an array property)");
        }

        if (results.Type.Kind != TypeKind.Array)
        {
            return Fail(SpecPointer.Append(outputsPointer, "results"), $"the result '{resultsPath}' is not an array");
        }

        PropertyModel? total = null;
        if (ScalarText(outputs?["total"]) is { } totalPath)
        {
            total = OutputProperty(page, totalPath);
            if (total is null || !total.Type.IsInteger)
            {
                return Fail(SpecPointer.Append(outputsPointer, "total"), $"it names the total '{totalPath}', which the response {page.Name} does not have as an integer property");
            }
        }

        // The limit's maximum is the page size the pager asks for; one below 1 would ask for no items (or -1) forever.
        var pageSize = limit?.Constraints.Maximum;
        if (pageSize is not null && (!long.TryParse(pageSize, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var most) || most < 1))
        {
            Report(DiagnosticCatalog.NotKept, limitPointer, Display(limitPointer), $"the limit '{limit!.WireName}' has the maximum {pageSize}, which allows no page of one item or more: the pager does not ask for pages of that size and leaves the size to the service");
            pageSize = null;
        }

        return new PagingModel(
            offset.Name,
            limit?.Name,
            results.Name,
            results.IsOptional,
            results.Type.Element!,
            results.Type.ElementNullable,
            total?.Name,
            total?.IsOptional ?? false,
            pageSize,
            ComparesByReference(results.Type.Element!, new HashSet<string>(System.StringComparer.Ordinal)));
    }

    /// <summary>
    /// Whether values of the type compare something by reference: any JSON, directly or in a list, a map or a model
    /// they hold (a model not found counts as one that does, so the pager errs on the side of comparing JSON). Lists
    /// and maps read from JSON compare item by item.
    /// </summary>
    private bool ComparesByReference(TypeRef type, HashSet<string> seen) => type.Kind switch
    {
        TypeKind.Any => true,
        TypeKind.Array or TypeKind.Map => type.Element is not { } element || ComparesByReference(element, seen),
        TypeKind.Object when type.Name is { } name => seen.Add(name)
            && (!_objectsByName.TryGetValue(name, out var model) || model.Properties.Any(property => ComparesByReference(property.Type, seen))),
        _ => false,
    };

    /// <summary>Finds the property named by a one-level JSON path such as <c>$.backups</c>.</summary>
    private static PropertyModel? OutputProperty(ObjectModel page, string? path) =>
        path is not null && path.StartsWith("$.", System.StringComparison.Ordinal) && path.IndexOf('.', 2) < 0
            ? page.Properties.FirstOrDefault(property => property.JsonName == path.Substring(2))
            : null;
}
