using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Emitting;
using DdmGen.Generator.Model;
using DdmGen.Generator.Reading;
using Microsoft.OpenApi;

namespace DdmGen.Generator.Parsing;

internal sealed partial class Parser
{
    private const string ParameterLocationExtension = "x-ms-parameter-location";

    /// <summary>What an unresolved parameter, request body or response reference costs (DDMG101): DDMG203 drops its operation.</summary>
    private const string OperationDropped = "the operation that uses it is not generated";

    /// <summary>Why webhooks and callbacks are not generated, as their diagnostics say it.</summary>
    private const string RequestsTheApiSends = "they are requests the API sends to its callers, and the client only sends requests to the API";

    private static readonly string[] MethodOrder = { "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE" };

    /// <summary>The keys of a path item that hold an operation: <see cref="MethodOrder"/> as the spec writes them.</summary>
    private static readonly string[] OperationKeys = MethodOrder.Select(method => method.ToLowerInvariant()).ToArray();

    private readonly NameScope _methods = new();

    /// <summary>
    /// Per base name and paging, the counter the last collision of method names ended on. Names are never
    /// released, so every lower counter is still taken and the next collision starts there.
    /// </summary>
    private readonly Dictionary<(string BaseName, bool Paging), int> _methodCounters = new();
    private readonly NameScope _optionMembers = new();
    private readonly Dictionary<string, string> _operationIds = new(StringComparer.Ordinal);

    /// <summary>The type of each parameter schema by where it is written, so a parameter many operations use is one type.</summary>
    private readonly Dictionary<string, TypeRef> _parameterTypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _explicitOperationIds = new(StringComparer.Ordinal);
    private readonly List<ClientParameterModel> _clientParameters = new();
    private readonly Dictionary<string, string> _clientPropertyNames = new(StringComparer.Ordinal);
    private AuthModel? _auth;

    /// <summary>The path of a relative first server ("/v3"), which every operation's path starts with; empty when there is none.</summary>
    private string _serverPath = string.Empty;

    private ClientModel? ParseClient(OpenApiDocument document)
    {
        if (document.Paths is not { Count: > 0 } paths)
        {
            return null;
        }

        _methods.Reserve(_context.ClientName, "the client type");
        foreach (var reserved in GeneratedNames.ClientMembers)
        {
            _methods.Reserve(reserved, "a member of the generated client");
        }

        _methods.Reserve(GeneratedNames.RequestsType(_context.ClientName), "a type nested in the generated client");
        _methods.Reserve(GeneratedNames.PagersType(_context.ClientName), "a type nested in the generated client");

        _optionMembers.Reserve(_context.OptionsName, "the options type");
        foreach (var reserved in GeneratedNames.OptionsMembers)
        {
            _optionMembers.Reserve(reserved, "a member of the generated options");
        }

        var (endpoint, serverPath) = ParseServer(document);
        _serverPath = serverPath ?? string.Empty;
        _auth = ParseAuth(document, paths);
        NoteExplicitOperationIds(paths);
        var clientServer = document.Servers?.FirstOrDefault()?.Url?.Trim();
        foreach (var path in paths)
        {
            var pathPointer = SpecPointer.Append("/paths", path.Key);
            if (path.Value is IOpenApiReferenceHolder { UnresolvedReference: true })
            {
                // The OpenAPI reader leaves such a path item without operations, and says nothing.
                Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(pathPointer, "$ref"), WrittenReference(pathPointer, (path.Value as OpenApiPathItemReference)?.Reference?.ReferenceV3, "(path item)"), Display(pathPointer), "the operations of the path are not generated");
                continue;
            }

            ReportOwnServers(path.Value?.Servers, SpecPointer.Append(pathPointer, "servers"), clientServer, "this path's operations");
            ReportOtherMethods(path.Key, path.Value, pathPointer);
        }

        var operations = new List<OperationModel>();
        var pointers = new List<string>();
        foreach (var (path, pathPointer, pathItem, method, entry, pointer) in OperationsOf(paths))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _at = pointer;
            ReportOwnServers(entry.Servers, SpecPointer.Append(pointer, "servers"), clientServer, "this operation");
            if (entry.Callbacks is { Count: > 0 })
            {
                var callbacks = SpecPointer.Append(pointer, "callbacks");
                Report(DiagnosticCatalog.NotKept, callbacks, Display(callbacks), "the callbacks are not generated: " + RequestsTheApiSends);
            }
            if (ParseOperation(path, pathPointer, pathItem, method, entry, pointer) is { } operation)
            {
                operations.Add(operation);
                pointers.Add(pointer);
            }
        }

        // The method names once every operation is read, not in the spec's order: of two operations whose ids map to
        // one name, the id that is a C# name as written keeps it, then the first in ordinal order, so that moving an
        // operation renames no method, and one added takes no name from a method that had it.
        var byName = Enumerable.Range(0, operations.Count)
            .OrderBy(index => Naming.IsRewritten(operations[index].OperationId, operations[index].MethodName) ? 1 : 0)
            .ThenBy(index => operations[index].OperationId, StringComparer.Ordinal)
            .ToList();
        foreach (var index in byName)
        {
            var operation = operations[index];
            operations[index] = operation with { MethodName = ClaimMethodName(operation.OperationId, operation.MethodName, operation.Paging is not null, pointers[index]) };
        }

        var checkedOperations = PathOverlaps.Attach(
            operations.Select(WithClientRequiredness).ToList(),
            (index, count) => Report(
                DiagnosticCatalog.NotKept,
                pointers[index],
                Display(pointers[index]),
                $"values of the path parameters that would make another operation's path are not refused: they make the paths of {count.ToString(System.Globalization.CultureInfo.InvariantCulture)} other operations, more than the {PathOverlaps.MaxPerOperation.ToString(System.Globalization.CultureInfo.InvariantCulture)} the client checks for one operation"));

        return new ClientModel(
            Text(document.Info?.Title),
            Text(document.Info?.Description),
            endpoint,
            serverPath,
            _clientParameters.ToEquatableArray(),
            _auth,
            ErrorModel(),
            checkedOperations,
            Origin("/paths"));
    }

    /// <summary>The operations of the spec in the order they are read: paths as the spec lists them, the methods of each in <see cref="MethodOrder"/>.</summary>
    /// <remarks>Read three times (security, made-up ids, the operations): listed once, with each pointer made once.</remarks>
    private List<(string Path, string PathPointer, IOpenApiPathItem PathItem, string Method, OpenApiOperation Operation, string Pointer)> OperationsOf(OpenApiPaths paths)
    {
        if (_operationsOf is { } listed && ReferenceEquals(_operationsOfPaths, paths))
        {
            return listed;
        }

        var operations = new List<(string, string, IOpenApiPathItem, string, OpenApiOperation, string)>();
        var byOrder = new OpenApiOperation?[MethodOrder.Length];
        var found = new bool[MethodOrder.Length];
        foreach (var path in paths)
        {
            if (path.Value?.Operations is not { } byMethod)
            {
                continue;
            }

            // Each method in the order of MethodOrder: the first of the path item's entries that matches it ignoring case.
            Array.Clear(byOrder, 0, byOrder.Length);
            Array.Clear(found, 0, found.Length);
            foreach (var candidate in byMethod)
            {
                for (var index = 0; index < MethodOrder.Length; index++)
                {
                    if (!found[index] && string.Equals(candidate.Key.Method, MethodOrder[index], StringComparison.OrdinalIgnoreCase))
                    {
                        found[index] = true;
                        byOrder[index] = candidate.Value;
                    }
                }
            }

            string? pathPointer = null;
            for (var index = 0; index < MethodOrder.Length; index++)
            {
                if (byOrder[index] is { } operation)
                {
                    pathPointer ??= SpecPointer.Append("/paths", path.Key);
                    operations.Add((path.Key, pathPointer, path.Value, MethodOrder[index], operation, SpecPointer.Append(pathPointer, OperationKeys[index])));
                }
            }
        }

        (_operationsOf, _operationsOfPaths) = (operations, paths);
        return operations;
    }

    private List<(string Path, string PathPointer, IOpenApiPathItem PathItem, string Method, OpenApiOperation Operation, string Pointer)>? _operationsOf;
    private OpenApiPaths? _operationsOfPaths;

    /// <summary>
    /// Reports the operations of a path whose method is none the client sends: OpenAPI 3.2's <c>query</c> and the
    /// methods of its <c>additionalOperations</c> (<c>COPY</c>, ...), which the reader keeps beside the others.
    /// </summary>
    private void ReportOtherMethods(string path, IOpenApiPathItem? pathItem, string pathPointer)
    {
        foreach (var entry in pathItem?.Operations ?? Enumerable.Empty<KeyValuePair<System.Net.Http.HttpMethod, OpenApiOperation>>())
        {
            var method = entry.Key.Method;
            if (entry.Value is null || MethodOrder.Contains(method, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var written = RawNode(pathPointer) as System.Text.Json.Nodes.JsonObject;
            var pointer = written?.ContainsKey(method.ToLowerInvariant()) == true
                ? SpecPointer.Append(pathPointer, method.ToLowerInvariant())
                : written?["additionalOperations"] is System.Text.Json.Nodes.JsonObject additional && additional.Select(member => member.Key).FirstOrDefault(key => string.Equals(key, method, StringComparison.OrdinalIgnoreCase)) is { } key
                    ? SpecPointer.Append(SpecPointer.Append(pathPointer, "additionalOperations"), key)
                    : pathPointer;
            var name = string.IsNullOrWhiteSpace(entry.Value.OperationId) ? method + " " + path : entry.Value.OperationId!;
            Report(
                DiagnosticCatalog.UnsupportedOperation,
                pointer,
                name,
                Display(pointer),
                $"the client does not send the HTTP method {method.ToUpperInvariant()} (it sends {string.Join(", ", MethodOrder)})");
        }
    }

    /// <summary>
    /// Reports the servers a path or an operation lists: a client sends every request to its one endpoint, so they
    /// are not kept (supporting an endpoint per operation would take an endpoint option per server). Not when the
    /// first of them is the client's own first server, where the requests go anyway.
    /// </summary>
    private void ReportOwnServers(IList<OpenApiServer>? servers, string pointer, string? clientServer, string whose)
    {
        if (servers is not { Count: > 0 } || string.Equals(servers[0]?.Url?.Trim(), clientServer, StringComparison.Ordinal))
        {
            return;
        }

        Report(
            DiagnosticCatalog.NotKept,
            pointer,
            Display(pointer),
            $"the servers listed here are not kept: the client sends {whose} to its one endpoint (the options' Endpoint, by default the spec's first top-level server); generate operations of another server from a spec of their own, as a client of their own");
    }

    /// <summary>
    /// Whether two uses of one client parameter can share its option: the same kind of value (an inline enum is a
    /// type of its own at each use, named after it, but holds the same text).
    /// </summary>
    private static bool SameShape(TypeRef first, TypeRef second) =>
        first.Kind == second.Kind && (first.Element is null || (second.Element is not null && SameShape(first.Element, second.Element)));

    /// <summary>
    /// The operation with its client parameters required as their option is: an option one operation requires must be
    /// set, so every operation may count on it; one no operation requires is sent only when set.
    /// </summary>
    private OperationModel WithClientRequiredness(OperationModel operation)
    {
        if (!operation.Parameters.Any(parameter => parameter.ClientProperty is not null && _clientParameters.Any(shared => shared.WireName == parameter.WireName && shared.IsRequired != parameter.IsRequired)))
        {
            return operation;
        }

        return operation with
        {
            Parameters = operation.Parameters
                .Select(parameter => parameter.ClientProperty is null ? parameter : parameter with { IsRequired = _clientParameters.First(shared => shared.WireName == parameter.WireName).IsRequired })
                .ToEquatableArray(),
        };
    }

    private OperationModel? ParseOperation(string path, string pathPointer, IOpenApiPathItem pathItem, string method, OpenApiOperation operation, string pointer)
    {
        var operationId = operation.OperationId;
        if (string.IsNullOrWhiteSpace(operationId))
        {
            operationId = _madeUpOperationIds[pointer];
            Report(DiagnosticCatalog.MissingOperationId, pointer, Display(pointer), Naming.ToPascal(operationId) + "Async");
        }
        else if (_operationIds.TryGetValue(operationId!, out var firstPointer))
        {
            Report(DiagnosticCatalog.DuplicateOperationId, SpecPointer.Append(pointer, "operationId"), operationId!, Display(pointer), Display(firstPointer));
            return null;
        }

        _operationIds[operationId!] = pointer;
        var baseName = Naming.MakeIdentifier(Naming.ToPascal(operationId!), "Operation");
        if (Naming.IsRewritten(operationId!, baseName))
        {
            Report(DiagnosticCatalog.IdentifierRewritten, SpecPointer.Append(pointer, "operationId"), operationId!, Display(pointer), baseName + "Async");
        }

        var failure = (string?)null;
        var names = MethodScope(operation);
        var parameters = ParseParameters(path, pathPointer, pathItem, operation, pointer, baseName, names, UsesCredential(operation, pointer, operationId!, report: false), ref failure);
        var body = failure is null ? ParseBody(operation, pointer, baseName, names, ref failure) : null;
        var (result, resultNullable, resultDescription, readStatuses) = failure is null ? ParseResult(operation, pointer, baseName, IsHead(method), ref failure) : (null, false, null, null);
        if (failure is not null)
        {
            Report(DiagnosticCatalog.UnsupportedOperation, pointer, operationId!, Display(pointer), failure);
            return null;
        }

        NoteErrorBodies(operation, pointer, baseName);
        // A listing is read through the convenience methods, which an operation whose body is not JSON has none of.
        var paging = body is { IsRaw: true } ? null : ParsePaging(operation, pointer, operationId!, parameters!, result);

        foreach (var parameter in parameters!.Where(parameter => parameter.ClientProperty is not null))
        {
            AddClientParameter(parameter, path);
        }

        var usesAuth = UsesCredential(operation, pointer, operationId!);
        // The method's name is claimed once every operation is read (ParseClient): until then, the name it wants.
        return new OperationModel(
            operationId!,
            baseName,
            method,
            _serverPath + path,
            Text(operation.Summary),
            Text(operation.Description ?? pathItem.Description),
            parameters!.ToEquatableArray(),
            body,
            result,
            resultDescription,
            paging,
            usesAuth,
            operation.Deprecated,
            readStatuses,
            AcceptOf(operation, pointer, IsHead(method)),
            resultNullable);
    }

    /// <summary>
    /// Every operationId the spec writes, before any operation is read: an id made up for an operation without one
    /// gives way to them. Then the ids made up for the operations without one (<see cref="_madeUpOperationIds"/>).
    /// </summary>
    private void NoteExplicitOperationIds(OpenApiPaths paths)
    {
        foreach (var path in paths)
        {
            foreach (var operation in path.Value?.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                if (!string.IsNullOrWhiteSpace(operation?.OperationId))
                {
                    _explicitOperationIds.Add(operation!.OperationId!);
                }
            }
        }

        // Of two operations whose made-up ids are one ("get /things", "get /Things"), the one whose path comes first
        // in ordinal order keeps it, whatever the spec's order: moving a path swaps no method names.
        var madeUp = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, _, _, method, operation, pointer) in OperationsOf(paths).Where(entry => string.IsNullOrWhiteSpace(entry.Operation.OperationId)).OrderBy(entry => entry.Path, StringComparer.Ordinal))
        {
            var wanted = Naming.ToCamel(method.ToLowerInvariant() + " " + path);
            var operationId = wanted;
            for (var counter = 2; _explicitOperationIds.Contains(operationId) || madeUp.Contains(operationId); counter++)
            {
                operationId = wanted + counter.ToString(CultureInfo.InvariantCulture);
            }

            madeUp.Add(operationId);
            _madeUpOperationIds[pointer] = operationId;
        }
    }

    /// <summary>
    /// The operationId of each operation without one, by its pointer, from its method and path (<c>getV3Things</c>),
    /// with a numeric suffix when the spec gives that id to another operation or another made-up id is that id: the
    /// page tokens of the generated client tell operations apart by their ids.
    /// </summary>
    private readonly Dictionary<string, string> _madeUpOperationIds = new(StringComparer.Ordinal);

    /// <summary>Claims the method names of an operation: "XAsync", and "XAutoPagingAsync" when it pages.</summary>
    /// <returns>The base name X; a numeric suffix is added to X when a name is taken.</returns>
    private string ClaimMethodName(string operationId, string baseName, bool paging, string pointer)
    {
        var key = (baseName, paging);
        var counter = _methodCounters.TryGetValue(key, out var last) ? last : 1;
        var candidate = counter == 1 ? baseName : baseName + counter.ToString(CultureInfo.InvariantCulture);
        while (GeneratedNames.OperationMembers(candidate, paging).Any(_methods.IsTaken))
        {
            counter++;
            candidate = baseName + counter.ToString(CultureInfo.InvariantCulture);
        }

        _methodCounters[key] = counter;

        if (candidate != baseName)
        {
            var taken = GeneratedNames.OperationMembers(baseName, paging).First(_methods.IsTaken);
            Report(DiagnosticCatalog.NameCollision, SpecPointer.Append(pointer, "operationId"), operationId, Display(pointer), taken, _methods.OwnerOf(taken)!, candidate + "Async");
        }

        var owner = new Place("operation", pointer);
        foreach (var member in GeneratedNames.OperationMembers(candidate, paging))
        {
            _methods.Reserve(member, owner);
        }

        return candidate;
    }

    /// <summary>The names a method's parameters must not take: the locals and parameters the emitter writes into it.</summary>
    private static NameScope MethodScope(OpenApiOperation operation)
    {
        var names = new NameScope();
        foreach (var local in GeneratedNames.OperationLocals)
        {
            names.Reserve(local, "a name the generated method uses");
        }

        if (ExtensionNode(operation.Extensions, PaginationExtension) is not null)
        {
            foreach (var local in GeneratedNames.PagingLocals)
            {
                names.Reserve(local, "a name the generated paging method uses");
            }
        }

        return names;
    }

    /// <param name="sendsCredential">
    /// Whether the operation's requests carry the client's credential, which then sends a header parameter of the
    /// credential's name; an operation without it sends such a parameter as any other.
    /// </param>
    private List<ParameterModel>? ParseParameters(string path, string pathPointer, IOpenApiPathItem pathItem, OpenApiOperation operation, string pointer, string baseName, NameScope names, bool sendsCredential, ref string? failure)
    {
        // Operation parameters override path-item parameters with the same name and location.
        var declared = new List<(IOpenApiParameter Parameter, IOpenApiParameter? Resolved, string Pointer)>();
        AddDeclared(declared, pathItem.Parameters, SpecPointer.Append(pathPointer, "parameters"), replace: false);
        AddDeclared(declared, operation.Parameters, SpecPointer.Append(pointer, "parameters"), replace: true);

        var result = new List<ParameterModel>();
        foreach (var (parameter, resolved, parameterPointer) in declared)
        {
            _at = parameterPointer;
            var reference = parameter as OpenApiParameterReference;
            if (resolved?.Name is null)
            {
                if (!NamesUnresolvedComponent(parameterPointer))
                {
                    Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(parameterPointer, "$ref"), WrittenReference(parameterPointer, reference?.Reference?.ReferenceV3, "(parameter)"), Display(parameterPointer), OperationDropped);
                }

                failure = "a parameter reference does not resolve";
                return null;
            }

            if (sendsCredential && _auth is not null && resolved.In == Microsoft.OpenApi.ParameterLocation.Header && string.Equals(resolved.Name, _auth.HeaderName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // OpenAPI: a header parameter named Accept, Content-Type or Authorization "SHALL be ignored"; the client
            // sets the first two from the responses and the body, and the credential the third.
            if (resolved.In == Microsoft.OpenApi.ParameterLocation.Header && resolved.Name is { } headerName
                && (headerName.Equals("Accept", StringComparison.OrdinalIgnoreCase) || headerName.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || headerName.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            // A parameter that cannot be sent: an optional one is left out, as a caller can make the operation without
            // it; without a required one, the operation cannot be made at all.
            if (Unsendable(resolved) is { } unsendable)
            {
                if (resolved.Required)
                {
                    failure = unsendable;
                    return null;
                }

                Report(DiagnosticCatalog.NotKept, parameterPointer, Display(parameterPointer), unsendable + ", so this optional parameter is left out of the operation's methods");
                continue;
            }

            var location = resolved.In switch
            {
                Microsoft.OpenApi.ParameterLocation.Path => Model.ParameterLocation.Path,
                Microsoft.OpenApi.ParameterLocation.Query => Model.ParameterLocation.Query,
                Microsoft.OpenApi.ParameterLocation.Header => Model.ParameterLocation.Header,
                _ => (Model.ParameterLocation?)null,
            };
            if (location is null)
            {
                // OpenAPI 3.2's querystring (the whole query string as one value): as for one that cannot be sent, an
                // optional one is left out, a required one takes its operation away.
                var unplaced = $"the {resolved.In?.ToString().ToLowerInvariant() ?? "unplaced"} parameter '{resolved.Name}' is not sent: the client writes path, query and header parameters only";
                if (resolved.Required)
                {
                    failure = unplaced;
                    return null;
                }

                Report(DiagnosticCatalog.NotKept, parameterPointer, Display(parameterPointer), unplaced + ", so this optional parameter is left out of the operation's methods");
                continue;
            }

            if (resolved.Schema is null)
            {
                // As for one that cannot be sent: an optional one is left out, a required one takes its operation away.
                var noSchema = $"the parameter '{resolved.Name}' has no schema (parameters described by content are not supported)";
                if (resolved.Required)
                {
                    failure = noSchema;
                    return null;
                }

                Report(DiagnosticCatalog.NotKept, parameterPointer, Display(parameterPointer), noSchema + ", so this optional parameter is left out of the operation's methods");
                continue;
            }

            // A URL or header has no way to say "null" for one item of a list: its items are never null. A parameter
            // written once (a component, or one of a path's) is resolved once, where it is written: an enum of it is
            // one type for every operation that uses it, named after the component, and what its schema says is said once.
            // A component that is itself a $ref to another is written at the end of that chain.
            var component = WrittenParameter(LocalPointer(reference?.Reference?.ReferenceV3));
            var schemaPointer = SpecPointer.Append(component ?? parameterPointer, "schema");
            if (!_parameterTypes.TryGetValue(schemaPointer, out var type))
            {
                // A component's own name unless a schema or another type has it already, so that naming the
                // parameter's type after it costs no collision; else the operation's name and the parameter's, as inline.
                var contextName = component is not null && ComponentName(component) is { Length: > 0 } id
                    && Naming.MakeIdentifier(Naming.ToPascal(id), "Parameter") is var componentName && !_types.IsTaken(componentName)
                    ? componentName
                    : baseName + Naming.ToPascal(resolved.Name);
                type = Resolve(resolved.Schema, schemaPointer, contextName, out _) with { ElementNullable = false };
                _parameterTypes[schemaPointer] = type;
            }

            if (!IsSimple(type) && !(type.Kind == TypeKind.Array && IsSimple(type.Element!)))
            {
                // No way to write it into a URL or header: as for one that cannot be sent, an optional one is left out.
                var notScalar = $"the parameter '{resolved.Name}' is not a scalar or an array of scalars";
                if (resolved.Required)
                {
                    failure = notScalar;
                    return null;
                }

                Report(DiagnosticCatalog.NotKept, parameterPointer, Display(parameterPointer), notScalar + ", so this optional parameter is left out of the operation's methods");
                continue;
            }

            if (UnsentStyle(resolved, location.Value, type) is { } style)
            {
                Report(DiagnosticCatalog.NotKept, parameterPointer, Display(parameterPointer), style);
            }

            var clientProperty = ClientPropertyOf(resolved, parameterPointer);
            // The option's type: from an earlier operation, or from an earlier parameter of this one.
            var optionType = clientProperty is null ? null
                : _clientParameters.FirstOrDefault(shared => shared.WireName == resolved.Name)?.Type
                ?? result.FirstOrDefault(earlier => earlier.ClientProperty is not null && earlier.WireName == resolved.Name)?.Type;
            if (optionType is not null && !SameShape(optionType, type))
            {
                // One option holds one value: a use of another type cannot share it, so it stays an argument of its method.
                Report(DiagnosticCatalog.NotKept, parameterPointer, Display(parameterPointer), $"the client parameter '{resolved.Name}' is already the option {clientProperty} of another type, so here it is an argument of the method");
                clientProperty = null;
            }

            var name = string.Empty;
            if (clientProperty is null)
            {
                // Header names are hyphenated by convention: turning "X-Language" into xLanguage is expected, not news.
                var wanted = Naming.MakeIdentifier(Naming.ToCamel(resolved.Name), "parameter");
                name = ClaimMember(names, resolved.Name, wanted, parameterPointer, "parameter", reportRewrite: location != Model.ParameterLocation.Header);
            }

            result.Add(new ParameterModel(
                resolved.Name,
                name,
                location.Value,
                type,
                resolved.Required || location == Model.ParameterLocation.Path,
                Text(reference?.Reference?.Description is { Length: > 0 } own ? own : resolved.Description),
                Constraints(resolved.Schema, type, SchemaPointer(component, reference, resolved, parameterPointer)),
                clientProperty,
                // A text in quotes, so that "10" and 10 read differently, and an empty text shows.
                resolved.Schema?.Default is System.Text.Json.Nodes.JsonValue text && text.TryGetValue<string>(out var word) && !JsonNullSentinel.IsJsonNullSentinel(text) ? "\"" + word + "\"" : ScalarText(resolved.Schema?.Default),
                resolved.Deprecated,
                JoinedQuery(resolved, location.Value, type),
                DeclaresPassword(resolved.Schema)));
        }

        // The placeholders as the client fills them in: from each '{' to the next '}'.
        for (var position = 0; path.IndexOf('{', position) is var open && open >= 0;)
        {
            var close = path.IndexOf('}', open);
            if (close < 0)
            {
                failure = "the path has a '{' without a closing '}'";
                return null;
            }

            var placeholder = path.Substring(open + 1, close - open - 1);
            if (!result.Any(parameter => parameter.Location == Model.ParameterLocation.Path && parameter.WireName == placeholder))
            {
                failure = $"the path placeholder '{{{placeholder}}}' has no path parameter";
                return null;
            }

            position = close + 1;
        }

        return result;
    }

    private void AddDeclared(List<(IOpenApiParameter Parameter, IOpenApiParameter? Resolved, string Pointer)> declared, IList<IOpenApiParameter>? parameters, string listPointer, bool replace)
    {
        if (parameters is null)
        {
            return;
        }

        // The parameters of this list, by name (a header's in any case) and location.
        var listed = new HashSet<(string, Microsoft.OpenApi.ParameterLocation?)>();
        for (var index = 0; index < parameters.Count; index++)
        {
            var parameter = parameters[index];
            if (parameter is null)
            {
                continue;
            }

            var resolved = Resolved(parameter);
            var pointer = SpecPointer.Append(listPointer, index);
            var entry = (parameter, resolved, pointer);
            bool Same((IOpenApiParameter Parameter, IOpenApiParameter? Resolved, string Pointer) item) =>
                resolved?.Name is not null && item.Resolved?.Name is not null && item.Resolved.In == resolved.In
                && ParameterKey(item.Resolved.Name, item.Resolved.In) == ParameterKey(resolved.Name, resolved.In);

            // OpenAPI lets a list name a parameter (a name in a location) once; the first is the one kept.
            if (resolved?.Name is { } name && !listed.Add((ParameterKey(name, resolved.In), resolved.In)))
            {
                Report(DiagnosticCatalog.NotKept, pointer, Display(pointer), $"the {resolved!.In?.ToString().ToLowerInvariant()} parameter '{resolved.Name}' is listed twice, which OpenAPI does not allow, so this one is left out and the first is kept");
                continue;
            }

            var existing = replace ? declared.FindIndex(Same) : -1;
            if (existing >= 0)
            {
                declared[existing] = entry;
            }
            else
            {
                declared.Add(entry);
            }
        }
    }

    /// <summary>
    /// The name by which parameters of one location are the same parameter: a header's with its ASCII letters in upper
    /// case, as HTTP compares header names by ASCII case (<c>X-Id</c> and <c>x-id</c> are one header, while Unicode's
    /// rules would also make <c>X-\u017F</c> one with <c>X-S</c>); any other as it is written.
    /// </summary>
    private static string ParameterKey(string name, Microsoft.OpenApi.ParameterLocation? location)
    {
        if (location != Microsoft.OpenApi.ParameterLocation.Header)
        {
            return name;
        }

        var key = name.ToCharArray();
        for (var index = 0; index < key.Length; index++)
        {
            if (key[index] is >= 'a' and <= 'z')
            {
                key[index] = (char)(key[index] - ('a' - 'A'));
            }
        }

        return new string(key);
    }

    /// <summary>
    /// The parameter a reference names, or null when it does not resolve (what UnresolvedReference says); any other
    /// parameter itself. Each property read of a reference, UnresolvedReference too, looks the target up anew, so
    /// it is looked up once here. Only the description may be the reference's own.
    /// </summary>
    /// <remarks>A local reference's target depends on its id alone: it is looked up once per id, as most operations share their parameters.</remarks>
    private IOpenApiParameter? Resolved(IOpenApiParameter parameter)
    {
        if (parameter is not OpenApiParameterReference reference)
        {
            return parameter;
        }

        if (reference.Reference is not { } own)
        {
            return null;
        }

        if (own is not { Id: { } id, IsExternal: false })
        {
            return reference.Target;
        }

        if (!_parameterTargets.TryGetValue(id, out var target))
        {
            target = reference.Target;
            _parameterTargets.Add(id, target);
        }

        return target;
    }

    private readonly Dictionary<string, IOpenApiParameter?> _parameterTargets = new(StringComparer.Ordinal);

    private static bool IsSimple(TypeRef type) => type.Kind is not (TypeKind.Object or TypeKind.Array or TypeKind.Map or TypeKind.Any);

    private string? ClientPropertyOf(IOpenApiParameter parameter, string pointer)
    {
        var mark = ExtensionNode(parameter.Extensions, ParameterLocationExtension);
        var value = mark is System.Text.Json.Nodes.JsonValue text && text.TryGetValue<string>(out var written) ? written : mark?.ToJsonString();
        switch (value)
        {
            case null or "method":
                return null;
            case "client":
                // One option per wire name, claimed once, so the client field and every use of it agree.
                if (!_clientPropertyNames.TryGetValue(parameter.Name!, out var property))
                {
                    // A name the options already have (Transport, Endpoint, RetryPolicy) is renamed with DDMG302, as elsewhere.
                    property = ClaimMember(_optionMembers, parameter.Name!, Naming.MakeIdentifier(Naming.ToPascal(parameter.Name!), "Parameter"), pointer, "client parameter '" + parameter.Name + "'", reportRewrite: parameter.In != Microsoft.OpenApi.ParameterLocation.Header);
                    _clientPropertyNames.Add(parameter.Name!, property);
                }

                return property;
            default:
                ReportInvalidExtension(pointer, ParameterLocationExtension, mark!, "client or method");
                return null;
        }
    }

    private void AddClientParameter(ParameterModel parameter, string path)
    {
        var index = _clientParameters.FindIndex(existing => existing.WireName == parameter.WireName);
        var inPath = parameter.Location == Model.ParameterLocation.Path;
        var ownSegment = inPath && ("/" + path.TrimStart('/') + "/").Contains("/{" + parameter.WireName + "}/");
        if (index >= 0)
        {
            // One option for every operation: it must be set when any operation requires the parameter, and make a
            // segment with text when any operation sends it in its path; it is refused as a step only when it is a
            // segment of its own wherever it is sent in a path ("..json" in /{name}.json is no step).
            var existing = _clientParameters[index];
            _clientParameters[index] = existing with
            {
                IsRequired = existing.IsRequired || parameter.IsRequired,
                InPath = existing.InPath || inPath,
                OwnSegment = (existing.InPath || inPath) && (!existing.InPath || existing.OwnSegment) && (!inPath || ownSegment),
            };
            return;
        }

        _clientParameters.Add(new ClientParameterModel(parameter.WireName, parameter.ClientProperty!, parameter.Type, parameter.Description, parameter.IsRequired, inPath, ownSegment));
    }

    /// <summary>
    /// Where a parameter's schema is written: in the component a local reference names (the component parameter where
    /// it is written, or the schema itself), so that what is said of it is said once at its line, not at each operation
    /// that uses it under a pointer that is in no file.
    /// </summary>
    /// <param name="component">The component parameter the parameter is written as (<see cref="WrittenParameter"/>), if any.</param>
    /// <param name="reference">The reference the parameter is written as, if any.</param>
    /// <param name="resolved">The parameter it resolves to.</param>
    /// <param name="parameterPointer">Where the parameter stands.</param>
    private static string SchemaPointer(string? component, OpenApiParameterReference? reference, IOpenApiParameter resolved, string parameterPointer) =>
        LocalPointer((resolved.Schema as OpenApiSchemaReference)?.Reference?.ReferenceV3)
        ?? SpecPointer.Append(component ?? LocalPointer(reference?.Reference?.ReferenceV3) ?? parameterPointer, "schema");

    /// <summary>
    /// The component parameter that <paramref name="pointer"/> names as it is written: one that is itself a <c>$ref</c>
    /// to another (<c>components/parameters/A: {$ref: '#/components/parameters/B'}</c>) is written at the end of the
    /// chain, B, where its schema is. Null for a pointer that names no component parameter.
    /// </summary>
    private string? WrittenParameter(string? pointer)
    {
        if (pointer is null || !pointer.StartsWith(ComponentParameters, StringComparison.Ordinal))
        {
            return null;
        }

        for (var hops = 0; hops < MaxReferenceHops && RawNode(pointer) is System.Text.Json.Nodes.JsonObject written && !written.ContainsKey("schema")
            && written["$ref"] is System.Text.Json.Nodes.JsonValue target && target.TryGetValue<string>(out var text)
            && LocalPointer(text) is { } next && next.StartsWith(ComponentParameters, StringComparison.Ordinal); hops++)
        {
            pointer = next;
        }

        return pointer;
    }

    /// <summary>Where the spec writes its component parameters.</summary>
    private const string ComponentParameters = "/components/parameters/";

    /// <summary>The name of the component a pointer such as <c>/components/parameters/XLanguage</c> names.</summary>
    private static string ComponentName(string pointer) =>
        pointer.Substring(ComponentParameters.Length).Replace("~1", "/").Replace("~0", "~");

    /// <summary>The pointer a reference within the spec names (<c>#/components/...</c>); null for one into another file.</summary>
    private static string? LocalPointer(string? reference) =>
        reference is not null && reference.StartsWith("#/", StringComparison.Ordinal) ? reference.Substring(1) : null;

    /// <summary>
    /// The bounds the generated code checks, written as numbers of the parameter's C# type. A bound the type cannot
    /// hold (4294967295 for an int, 1.5 for an integer, 1e999) is dropped with DDMG106; one at the edge of the
    /// type's range checks nothing and is dropped silently (a pattern that never matches does not compile).
    /// </summary>
    private ParameterConstraints Constraints(IOpenApiSchema schema, TypeRef type, string pointer)
    {
        // step: what an exclusive bound on an integer becomes inclusive by (exclusiveMinimum: 0 is minimum: 1).
        string? Bound(string? value, string keyword, int step = 0)
        {
            if (value is null || !(type.IsInteger || type.Kind is TypeKind.Double or TypeKind.Single))
            {
                return null;
            }

            var (text, fits, vacuous) = type.Kind switch
            {
                TypeKind.Int32 => WholeNumber(value) + step is { } whole && whole >= int.MinValue && whole <= int.MaxValue
                    ? (((int)whole).ToString(CultureInfo.InvariantCulture), true, whole is int.MinValue or int.MaxValue)
                    : (null, false, false),
                TypeKind.Int64 => WholeNumber(value) + step is { } large && large >= long.MinValue && large <= long.MaxValue
                    ? (((long)large).ToString(CultureInfo.InvariantCulture), true, large is long.MinValue or long.MaxValue)
                    : (null, false, false),
                TypeKind.Single => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var single) && Math.Abs(single) <= float.MaxValue
                    ? (((float)single).ToString("R", CultureInfo.InvariantCulture), true, false)
                    : (null, false, false),
                _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsInfinity(number) && !double.IsNaN(number)
                    ? (number.ToString("R", CultureInfo.InvariantCulture), true, false)
                    : (null, false, false),
            };
            if (!fits)
            {
                var at = SpecPointer.Append(pointer, keyword);
                Report(DiagnosticCatalog.BoundOutOfRange, at, keyword, value, Display(at), CSharpTypeName(type));
            }

            return vacuous ? null : text;
        }

        // The reader gives the exclusive bounds of 3.1 (exclusiveMinimum: 0) and of 3.0 (minimum: 0 and
        // exclusiveMinimum: true) alike, as the number. Where a schema has both kinds, the stricter one holds. On an
        // integer it is the inclusive bound next to it, so only a float or double keeps an exclusive one.
        // The 3.1 reader also drops minimum (maximum) where exclusiveMinimum (exclusiveMaximum) is a number beside it:
        // that one is read from the spec as written.
        var inclusiveMinimum = schema.Minimum ?? WrittenInclusiveBound(pointer, "minimum", "exclusiveMinimum");
        var inclusiveMaximum = schema.Maximum ?? WrittenInclusiveBound(pointer, "maximum", "exclusiveMaximum");
        var minimumExclusive = Stricter(schema.ExclusiveMinimum, inclusiveMinimum, lower: true);
        var maximumExclusive = Stricter(schema.ExclusiveMaximum, inclusiveMaximum, lower: false);
        var minimum = minimumExclusive ? Bound(schema.ExclusiveMinimum, "exclusiveMinimum", step: 1) : Bound(inclusiveMinimum, "minimum");
        var maximum = maximumExclusive ? Bound(schema.ExclusiveMaximum, "exclusiveMaximum", step: -1) : Bound(inclusiveMaximum, "maximum");
        minimumExclusive &= !type.IsInteger;
        maximumExclusive &= !type.IsInteger;
        var isString = type.Kind == TypeKind.String;
        var (shortest, longest) = isString ? (schema.MinLength, schema.MaxLength) : (null, null);
        // Bounds no value meets would make every call fail its own check: the spec contradicts itself, so neither is checked.
        if (minimum is not null && maximum is not null
            && double.TryParse(minimum, NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            && double.TryParse(maximum, NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
            && (low > high || (low == high && (minimumExclusive || maximumExclusive))))
        {
            Report(DiagnosticCatalog.NotKept, pointer, Display(pointer), $"no value is within the bounds {minimum} and {maximum}, so neither is checked");
            (minimum, maximum) = (null, null);
        }

        if (shortest is { } least && longest is { } most && least > most)
        {
            Report(DiagnosticCatalog.NotKept, pointer, Display(pointer), $"minLength {least} is more than maxLength {most}, so neither is checked");
            (shortest, longest) = (null, null);
        }

        ReportUnchecked(schema, type, pointer);

        return new ParameterConstraints(minimum, maximum, shortest, longest, minimumExclusive && minimum is not null, maximumExclusive && maximum is not null);
    }

    /// <summary>
    /// Says which rules of a parameter's schema the client does not check before it sends a value, as it checks the
    /// bounds and lengths: <c>pattern</c> (a JSON Schema pattern is no .NET pattern), <c>const</c>, <c>multipleOf</c>,
    /// <c>minItems</c>, <c>maxItems</c> and <c>uniqueItems</c>; and of a list, every rule of its <c>items</c>, as the
    /// client checks no item. Once for each schema, at the first of them; the server still checks them.
    /// </summary>
    private void ReportUnchecked(IOpenApiSchema schema, TypeRef type, string pointer)
    {
        var keywords = new List<(string Keyword, object? Value)>();
        void Add(bool present, string keyword, object? value)
        {
            if (present)
            {
                keywords.Add((keyword, value));
            }
        }

        Add(schema.Pattern is not null, "pattern", schema.Pattern);
        Add(schema.Const is not null, "const", schema.Const);
        Add(schema.MultipleOf is not null, "multipleOf", schema.MultipleOf);
        // minItems: 0 and uniqueItems: false are what every list meets: nothing is left unchecked.
        Add(schema.MinItems is > 0, "minItems", schema.MinItems);
        Add(schema.MaxItems is not null, "maxItems", schema.MaxItems);
        Add(schema.UniqueItems == true, "uniqueItems", true);
        ReportUnchecked(keywords, pointer, "the parameter", "it checks minimum, maximum, minLength and maxLength");

        if (type.Kind != TypeKind.Array || schema.Items is not { } items)
        {
            return;
        }

        // The items' own schema: said once where it is written, in a component a local reference names.
        var itemsPointer = LocalPointer((items as OpenApiSchemaReference)?.Reference?.ReferenceV3) ?? SpecPointer.Append(pointer, "items");
        keywords.Clear();
        Add(items.Minimum is not null, "minimum", items.Minimum);
        Add(items.ExclusiveMinimum is not null, "exclusiveMinimum", items.ExclusiveMinimum);
        Add(items.Maximum is not null, "maximum", items.Maximum);
        Add(items.ExclusiveMaximum is not null, "exclusiveMaximum", items.ExclusiveMaximum);
        // minLength: 0 is what every text meets.
        Add(items.MinLength is > 0, "minLength", items.MinLength);
        Add(items.MaxLength is not null, "maxLength", items.MaxLength);
        Add(items.Pattern is not null, "pattern", items.Pattern);
        Add(items.Const is not null, "const", items.Const);
        Add(items.MultipleOf is not null, "multipleOf", items.MultipleOf);
        ReportUnchecked(keywords, itemsPointer, "the items of the parameter", "it checks no item of a list");
    }

    /// <summary>
    /// Names the unchecked rules of one schema, at the first of them. A rule written alike (the same keywords with the
    /// same values) at another parameter is named once, at the first place it is written, and that diagnostic says
    /// how many other places write it (<see cref="NameRepeatedRules"/>): a spec that writes each operation's parameters
    /// in place repeats one account id's pattern at hundreds of them, and one warning of it says all there is.
    /// </summary>
    private void ReportUnchecked(List<(string Keyword, object? Value)> keywords, string pointer, string what, string checks)
    {
        if (keywords.Count == 0)
        {
            return;
        }

        var rule = what + "\n" + string.Join("\n", keywords.Select(keyword => keyword.Keyword + "=" + Convert.ToString(keyword.Value, CultureInfo.InvariantCulture)));
        var at = SpecPointer.Append(pointer, keywords[0].Keyword);
        if (_uncheckedRules.TryGetValue(rule, out var first))
        {
            if (first.At != at)
            {
                first.Others.Add(at);
            }

            return;
        }

        var names = keywords.Count == 1 ? keywords[0].Keyword : string.Join(", ", keywords.Take(keywords.Count - 1).Select(keyword => keyword.Keyword)) + " and " + keywords[keywords.Count - 1].Keyword;
        var message = $"the client does not check {names} before it sends {what} ({checks}): a value that breaks {(keywords.Count == 1 ? "it" : "them")} is sent, for the server to refuse";
        _uncheckedRules.Add(rule, (at, message, _diagnostics.Count, new HashSet<string>(StringComparer.Ordinal)));
        Report(DiagnosticCatalog.NotKept, at, Display(at), message);
    }

    /// <summary>
    /// Per unchecked rule (<see cref="ReportUnchecked(IOpenApiSchema, TypeRef, string)"/>), where it was first read, the
    /// diagnostic that names it there, and the other places that write it alike.
    /// </summary>
    private readonly Dictionary<string, (string At, string Message, int Diagnostic, HashSet<string> Others)> _uncheckedRules = new(StringComparer.Ordinal);

    /// <summary>
    /// Moves the diagnostic of each unchecked rule written alike at other parameters to the place that writes it first
    /// in the spec's text (operations are read in an order of their own), and adds how many the others are.
    /// </summary>
    private void NameRepeatedRules()
    {
        foreach (var (read, message, index, others) in _uncheckedRules.Values)
        {
            if (others.Count > 0)
            {
                var at = others.Append(read).OrderBy(place => _positions.Locate(place).Start).ThenBy(place => place, StringComparer.Ordinal).First();
                var count = others.Count.ToString(CultureInfo.InvariantCulture);
                var whose = others.Count == 1 ? "other parameter writes" : "other parameters write";
                _diagnostics[index] = DiagnosticFactory.Create(DiagnosticCatalog.NotKept, _positions.Locate(at), Display(at), $"{message}; {count} {whose} the same rule, which is named here only");
            }
        }
    }

    /// <summary>The whole number a bound is written as, in any JSON form (1000, 1e3, 1000.0); null for anything else.</summary>
    private static decimal? WholeNumber(string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number) ? number : null;

    /// <summary>
    /// The inclusive bound <paramref name="keyword"/> as the schema at <paramref name="pointer"/> writes it, where the
    /// exclusive one beside it is a number (OpenAPI 3.1); null otherwise, and for 3.0's <c>exclusiveMinimum: true</c>,
    /// which makes the inclusive bound the exclusive one.
    /// </summary>
    private string? WrittenInclusiveBound(string pointer, string keyword, string exclusiveKeyword) =>
        RawNode(pointer) is System.Text.Json.Nodes.JsonObject written
        && written[exclusiveKeyword] is System.Text.Json.Nodes.JsonValue exclusive && exclusive.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && written[keyword] is System.Text.Json.Nodes.JsonValue inclusive && inclusive.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? inclusive.ToJsonString()
            : null;

    /// <summary>Whether the exclusive bound is the one to check: there is one, and it is at least as strict as the inclusive one.</summary>
    private static bool Stricter(string? exclusive, string? inclusive, bool lower)
    {
        if (exclusive is null)
        {
            return false;
        }

        if (inclusive is null
            || !double.TryParse(exclusive, NumberStyles.Float, CultureInfo.InvariantCulture, out var open)
            || !double.TryParse(inclusive, NumberStyles.Float, CultureInfo.InvariantCulture, out var closed))
        {
            return true;
        }

        return lower ? open >= closed : open <= closed;
    }

    private static string CSharpTypeName(TypeRef type) => type.Kind switch
    {
        TypeKind.Int32 => "int",
        TypeKind.Int64 => "long",
        TypeKind.Single => "float",
        _ => "double",
    };

    private BodyModel? ParseBody(OpenApiOperation operation, string pointer, string baseName, NameScope names, ref string? failure)
    {
        if (operation.RequestBody is not { } body)
        {
            return null;
        }

        var bodyPointer = SpecPointer.Append(pointer, "requestBody");
        var unresolved = NamesUnresolvedComponent(bodyPointer);
        if (unresolved || body is IOpenApiReferenceHolder { UnresolvedReference: true })
        {
            if (!unresolved)
            {
                Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(bodyPointer, "$ref"), WrittenReference(bodyPointer, (body as OpenApiRequestBodyReference)?.Reference?.ReferenceV3, "(request body)"), Display(bodyPointer), OperationDropped);
            }

            failure = "the request body reference does not resolve";
            return null;
        }

        if (JsonContent(body.Content) is not { } content)
        {
            if (body.Content?.Keys.FirstOrDefault() is not { } mediaType)
            {
                failure = "the request body declares no media type";
                return null;
            }

            return ParseRawBody(operation, pointer, body, mediaType, names);
        }

        var mediaPointer = SpecPointer.Append(SpecPointer.Append(bodyPointer, "content"), content.Key);
        ReportItemSchema(mediaPointer);
        var type = Resolve(content.Value?.Schema, SpecPointer.Append(mediaPointer, "schema"), baseName + "Request", out _);
        var wanted = type.Kind == TypeKind.Object ? Naming.MakeIdentifier(Naming.ToCamel(type.Name!), "body") : "body";
        var name = names.IsTaken(wanted) ? "body" : wanted;
        name = names.Claim(name, "the request body", "Value").Name;

        // Sent as declared: a server that asks for application/merge-patch+json may refuse application/json.
        // A media range (*/*, application/*+json) names no type to send.
        var contentType = content.Key.Trim() is var declared && declared.IndexOf('*') < 0 && declared.All(c => c >= ' ' && c < 0x7F) ? declared : "application/json";
        return new BodyModel(name, type, body.Required, Text(body.Description), contentType);
    }

    /// <summary>
    /// A request body that is not JSON (text/plain, application/octet-stream, a form, multipart/form-data): the
    /// client cannot make it from a value, so the protocol methods take it as it is sent, with its content type, which
    /// the caller gives (a multipart boundary is the caller's, and a spec may list several types); a DDMG306 says so.
    /// </summary>
    private BodyModel ParseRawBody(OpenApiOperation operation, string pointer, IOpenApiRequestBody body, string declared, NameScope names)
    {
        var name = names.Claim("body", "the request body", "Value").Name;
        var contentTypeName = names.Claim("contentType", "the request body's content type", "Value").Name;
        var at = SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(pointer, "requestBody"), "content"), declared);
        var listed = string.Join(", ", body.Content!.Keys);
        Report(DiagnosticCatalog.RawRequestBody, at, operation.OperationId ?? _madeUpOperationIds[pointer], Display(at), listed, contentTypeName);
        var contentType = declared.Trim() is var written && written.IndexOf('*') < 0 && written.All(c => c >= ' ' && c < 0x7F) ? written : "application/octet-stream";
        return new BodyModel(name, TypeRef.Any, body.Required, Text(body.Description), contentType, contentTypeName);
    }

    private (TypeRef? Result, bool Nullable, string? Description, ResultStatuses? ReadStatuses) ParseResult(OpenApiOperation operation, string pointer, string baseName, bool head, ref string? failure)
    {
        if (operation.Responses is not { Count: > 0 } responses)
        {
            return (null, false, null, null);
        }

        // The result is the JSON body of the first success response that has one (200 without a body and 201 with one: 201).
        var successes = SuccessAnswers(responses, pointer, head, report: true);
        ReportAnswerHeaders(operation, pointer, successes);
        var success = successes.FirstOrDefault(entry => JsonContent(entry.Value?.Content) is not null);
        if (success.Value is null)
        {
            success = successes.FirstOrDefault();
        }

        if (success.Value is not { } response)
        {
            return (null, false, null, null);
        }

        var responsePointer = SpecPointer.Append(SpecPointer.Append(pointer, "responses"), success.Key);
        var unresolved = NamesUnresolvedComponent(responsePointer);
        if (unresolved || response is IOpenApiReferenceHolder { UnresolvedReference: true })
        {
            if (!unresolved)
            {
                Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(responsePointer, "$ref"), WrittenReference(responsePointer, (response as OpenApiResponseReference)?.Reference?.ReferenceV3, "(response)"), Display(responsePointer), OperationDropped);
            }

            failure = "the success response reference does not resolve";
            return (null, false, null, null);
        }

        if (response.Content is not { Count: > 0 })
        {
            return (null, false, Text(response.Description), null);
        }

        var json = JsonContent(response.Content);
        if (json is not { } content || IsBinaryRange(content))
        {
            // Text or bytes (text/plain, application/octet-stream, */* of format binary): the request is as any
            // other, and the answer is given as it came, with no value read from it.
            var declared = json?.Key ?? response.Content.Keys.First();
            var at = SpecPointer.Append(SpecPointer.Append(responsePointer, "content"), declared);
            Report(DiagnosticCatalog.NotKept, at, Display(at), $"the {success.Key} answer's body is {declared}, which the client does not read into a value (it reads JSON): the convenience methods return the answer without one, and its body is result.GetRawResponse().Content");
            return (null, false, Text(response.Description), null);
        }

        var mediaPointer = SpecPointer.Append(SpecPointer.Append(responsePointer, "content"), content.Key);
        ReportItemSchema(mediaPointer);
        var schemaPointer = SpecPointer.Append(mediaPointer, "schema");
        var read = new List<string> { success.Key };
        var others = new List<string>();
        foreach (var other in successes.Where(entry => entry.Key != success.Key))
        {
            var at = SpecPointer.Append(SpecPointer.Append(pointer, "responses"), other.Key);
            if (SameBody(other.Value, at, content.Value, schemaPointer))
            {
                read.Add(other.Key);
                continue;
            }

            others.Add(other.Key);
            var what = other.Value?.Content is { Count: > 0 } ? "has another body" : "has no body";
            Report(DiagnosticCatalog.NotKept, at, Display(at), $"the result is the body of the {success.Key} answer, so on a {other.Key} answer, which {what}, the convenience methods throw {_context.ExceptionName} naming the status; the protocol methods give the answer as it came");
        }

        // A body the spec allows to be JSON null is a result whose value may be null; a JsonElement holds null itself.
        var type = ResolveElement(content.Value?.Schema, schemaPointer, baseName + "Response", out var nullable);
        return (type, nullable, Text(response.Description), ReadStatuses(read, others));
    }

    /// <summary>
    /// The headers a success answer lists, which the result has no member for: a DDMG307 names them, where the
    /// operation writes them (or at the answer's <c>$ref</c>), as the convenience methods give the body alone.
    /// </summary>
    private void ReportAnswerHeaders(OpenApiOperation operation, string pointer, List<KeyValuePair<string, IOpenApiResponse>> successes)
    {
        foreach (var success in successes)
        {
            if (success.Value is IOpenApiReferenceHolder { UnresolvedReference: true } || success.Value?.Headers is not { Count: > 0 } headers)
            {
                continue;
            }

            var at = SpecPointer.Append(SpecPointer.Append(pointer, "responses"), success.Key);
            var written = success.Value is OpenApiResponseReference ? at : SpecPointer.Append(at, "headers");
            var names = string.Join(", ", headers.Keys.Select(name => "'" + name + "'"));
            Report(DiagnosticCatalog.AnswerHeaders, written, success.Key, operation.OperationId ?? _madeUpOperationIds[pointer], Display(written), names);
        }
    }

    /// <summary>
    /// The success answers of an operation, in the order of their statuses: the 2xx ones (and <c>2XX</c>). With none
    /// listed, a <c>default</c> answer with a JSON body, as OpenAPI's <c>default</c> stands for every status the spec
    /// does not list, the successes too; its body is then the result of every 2xx status (and still an error's body
    /// on the others). Not when that body holds an <c>x-ddmgen-error</c> mark: the spec says it is its errors' shape,
    /// so a success answer is not read as one, and with <paramref name="report"/> a DDMG108 at it says so. Each as
    /// HTTP gives it (<see cref="AsSent"/>): an answer to <paramref name="head"/> (a HEAD request), a 204 or a 205 has no body.
    /// </summary>
    private List<KeyValuePair<string, IOpenApiResponse>> SuccessAnswers(OpenApiResponses responses, string pointer, bool head, bool report)
    {
        var successes = responses
            .Where(entry => entry.Key.StartsWith("2", StringComparison.Ordinal))
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => AsSent(entry, pointer, head, report))
            .ToList();
        // An unresolved default is reported with the error answers (NoteErrorBodies) and read as none; an answer to
        // HEAD has no body for the default to describe.
        if (head || successes.Count > 0 || !responses.TryGetValue("default", out var fallback)
            || fallback is IOpenApiReferenceHolder { UnresolvedReference: true } || JsonContent(fallback?.Content) is not { } content)
        {
            return successes;
        }

        var shared = (fallback as OpenApiResponseReference)?.Reference?.Id;
        var at = SpecPointer.Append(SpecPointer.Append(pointer, "responses"), "default");
        var schemaPointer = SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(shared is null ? at : SpecPointer.Append("/components/responses", shared), "content"), content.Key), "schema");
        if (HoldsErrorMark(RawNode(schemaPointer), 0))
        {
            if (report)
            {
                Report(DiagnosticCatalog.NotKept, at, Display(at), $"the body of the default answer holds an {ErrorRoleExtension} mark, so it is read as an error's body only: with no 2xx answer listed, the convenience methods return a success answer without reading its body; the protocol methods give the answer as it came");
            }

            return successes;
        }

        successes.Add(new KeyValuePair<string, IOpenApiResponse>("default", fallback!));
        return successes;
    }

    /// <summary>Whether the HTTP method is HEAD, whose answers carry no body.</summary>
    private static bool IsHead(string method) => method.Equals("head", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A success answer as HTTP gives it: a 204 or 205 answer, and every answer to a HEAD request, has no body
    /// (RFC 9110), whatever content the spec lists for it. Reading that content would fail at every answer, so it is left
    /// out, and with <paramref name="report"/> a DDMG108 at the answer says so.
    /// </summary>
    private KeyValuePair<string, IOpenApiResponse> AsSent(KeyValuePair<string, IOpenApiResponse> entry, string pointer, bool head, bool report)
    {
        if (!(head || entry.Key is "204" or "205") || entry.Value?.Content is not { Count: > 0 } || entry.Value is IOpenApiReferenceHolder { UnresolvedReference: true })
        {
            return entry;
        }

        if (report)
        {
            var at = SpecPointer.Append(SpecPointer.Append(pointer, "responses"), entry.Key);
            Report(DiagnosticCatalog.NotKept, at, Display(at), $"{(head ? "an answer to HEAD" : "a " + entry.Key + " answer")} has no body in HTTP, so the content the spec lists for it is not read");
        }

        return new KeyValuePair<string, IOpenApiResponse>(entry.Key, new OpenApiResponse { Description = entry.Value.Description, Headers = entry.Value.Headers });
    }

    /// <summary>
    /// The Accept header of an operation's requests when it is not application/json: every media type its success
    /// answers declare, each once, the JSON ones first (application/hal+json), then the others (text/plain) in the order
    /// of their statuses, so that a server that chooses by Accept may give each answer the spec describes, the 202 in
    /// text/plain of an operation whose 200 is JSON too. An answer with a JSON type is asked for in that type only: its
    /// other types are not read. Null when that makes application/json alone, or none is declared. A media range names
    /// no type and is left out, as is a type a header cannot carry, except <c>*/*</c> where an answer is bytes of any
    /// type (named last).
    /// </summary>
    private string? AcceptOf(OpenApiOperation operation, string pointer, bool head)
    {
        var answers = SuccessAnswers(operation.Responses ?? new OpenApiResponses(), pointer, head, report: false);
        var json = new List<string>();
        var others = new List<string>();
        foreach (var answer in answers)
        {
            if (JsonContent(answer.Value?.Content) is { } content && !IsBinaryRange(content))
            {
                json.Add(content.Key);
            }
            else
            {
                others.AddRange(answer.Value?.Content?.Keys ?? Enumerable.Empty<string>());
            }
        }

        var types = new List<string>();
        var anyType = false;
        foreach (var (written, read) in json.Select(key => (key.Trim(), true)).Concat(others.Select(key => (key.Trim(), false))))
        {
            var type = written.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) ? "application/json" : written;
            if (type == "*/*" && !read)
            {
                // Bytes of any type: asking for the others alone would be refused by a server that chooses by Accept.
                // (A */* read as JSON is asked for as the JSON it is read as: application/json.)
                anyType = true;
            }
            else if (type.IndexOf('*') < 0 && type.IndexOf(',') < 0 && type.All(character => character >= ' ' && character < 0x7F)
                && !types.Contains(type, StringComparer.OrdinalIgnoreCase))
            {
                types.Add(type);
            }
        }

        if (anyType)
        {
            types.Add("*/*");
        }

        return types.Count == 0 || (types.Count == 1 && types[0] == "application/json") ? null : string.Join(", ", types);
    }

    /// <summary>
    /// Which success answers the result reads when <paramref name="others"/> have another body: the statuses of
    /// <paramref name="read"/>, or, when one of them is a range (<c>2XX</c>, which stands for every status the spec does
    /// not list), every status but those of <paramref name="others"/>. Null when every success answer has the result's body.
    /// </summary>
    private static ResultStatuses? ReadStatuses(List<string> read, List<string> others)
    {
        if (others.Count == 0)
        {
            return null;
        }

        static int? Status(string key) => key.Length == 3 && key.All(character => character is >= '0' and <= '9') ? int.Parse(key, CultureInfo.InvariantCulture) : null;
        var range = read.Any(key => Status(key) is null);
        var statuses = (range ? others : read).Select(Status).OfType<int>().OrderBy(status => status).ToEquatableArray();
        return statuses.IsEmpty ? null : new ResultStatuses(statuses, range);
    }

    /// <summary>
    /// Why <paramref name="parameter"/> cannot be sent, or null. HttpClient cannot send a header whose name is no HTTP
    /// token: it throws at a call that gives a value ("X Trace") or leaves the header out without a word
    /// ("X-\u00dcber"). A query parameter without a name would be sent as <c>?=value</c>, which names nothing a
    /// server reads. A cookie is not sent: the <c>Cookie</c> header belongs to the <c>HttpClient</c>'s own cookies, and
    /// OpenAPI leaves open how a value is written into it (escaped as in a form, or as it is).
    /// </summary>
    private static string? Unsendable(IOpenApiParameter parameter) => parameter switch
    {
        { In: Microsoft.OpenApi.ParameterLocation.Header, Name: { } name } when !IsHttpToken(name) =>
            $"the header parameter '{name}' has a name that is not an HTTP token (letters and digits of ASCII and !#$%&'*+-.^_`|~), which HttpClient cannot send",
        { In: Microsoft.OpenApi.ParameterLocation.Query, Name.Length: 0 } => "the query parameter '' has no name, which no server could read",
        { In: Microsoft.OpenApi.ParameterLocation.Cookie, Name: { } cookie } =>
            $"the cookie parameter '{cookie}' is not sent: the client sends no cookies",
        _ => null,
    };

    /// <summary>Whether <paramref name="name"/> is an HTTP token (RFC 9110), as a header's name must be.</summary>
    private static bool IsHttpToken(string name) =>
        name.Length > 0 && name.All(character => character is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~');

    /// <summary>Whether a query list asks for form style without explode, one parameter of its values joined by commas ("q=a,b").</summary>
    private static bool JoinedQuery(IOpenApiParameter parameter, Model.ParameterLocation location, TypeRef type) =>
        location == Model.ParameterLocation.Query && type.Kind == TypeKind.Array && (parameter.Style is null or ParameterStyle.Form) && !parameter.Explode;

    /// <summary>
    /// What is sent instead when a parameter asks for a serialization the client does not write: it writes the
    /// defaults (path and header: simple, "a,b"; query: form, exploded "q=a&amp;q=b" or with <c>explode: false</c>
    /// "q=a,b") only. Null when it writes what is asked.
    /// </summary>
    private static string? UnsentStyle(IOpenApiParameter parameter, Model.ParameterLocation location, TypeRef type)
    {
        var style = parameter.Style;
        var array = type.Kind == TypeKind.Array;
        var sent = location switch
        {
            Model.ParameterLocation.Query when style is null or ParameterStyle.Form => true,
            Model.ParameterLocation.Query => !array && style is ParameterStyle.SpaceDelimited or ParameterStyle.PipeDelimited,
            _ => style is null or ParameterStyle.Simple,
        };
        if (sent)
        {
            return null;
        }

        var written = "style " + Naming.ToCamel(style!.Value.ToString()) + (parameter.Explode ? " with explode: true" : string.Empty);
        var instead = location == Model.ParameterLocation.Query ? (array ? "as q=a&q=b" : "as q=a") : (array ? "as a,b" : "as the plain value");
        return $"the parameter '{parameter.Name}' asks for {written}, which the client does not write: it is sent {instead}";
    }

    /// <summary>
    /// Whether a response's JSON body is the result's body <paramref name="body"/> (whose schema is at
    /// <paramref name="schemaPointer"/>), so the same result reads both: the same component, or a schema written the
    /// same way (an inline schema repeated, member for member in any order).
    /// </summary>
    private bool SameBody(IOpenApiResponse? response, string responsePointer, IOpenApiMediaType? body, string schemaPointer)
    {
        if (JsonContent(response?.Content) is not { } content)
        {
            return false;
        }

        if (content.Value?.Schema is OpenApiSchemaReference { Reference.Id: { } id } && body?.Schema is OpenApiSchemaReference { Reference.Id: { } chosen })
        {
            return id == chosen;
        }

        if (content.Value?.Schema is null || body?.Schema is null)
        {
            return content.Value?.Schema is null && body?.Schema is null;
        }

        return RawNode(SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(responsePointer, "content"), content.Key), "schema")) is { } written
            && RawNode(schemaPointer) is { } chosenWritten
            && System.Text.Json.Nodes.JsonNode.DeepEquals(written, chosenWritten);
    }

    /// <summary>
    /// Reports OpenAPI 3.2's <c>itemSchema</c> in a JSON media type without a <c>schema</c>: it describes the items of a
    /// sequential media type, so the JSON body is any JSON, which was left so without a word.
    /// </summary>
    private void ReportItemSchema(string mediaPointer)
    {
        if (RawNode(mediaPointer) is System.Text.Json.Nodes.JsonObject media && media.ContainsKey("itemSchema") && !media.ContainsKey("schema"))
        {
            var at = SpecPointer.Append(mediaPointer, "itemSchema");
            Report(DiagnosticCatalog.NotKept, at, Display(at), "itemSchema is not read: it describes the items of a sequential media type (application/jsonl, application/x-ndjson, text/event-stream), and a JSON body is described by schema, so this one is any JSON (JsonElement)");
        }
    }

    /// <summary>
    /// Whether <paramref name="content"/> is a media range of any type (<c>*/*</c>) whose schema is bytes
    /// (<c>type: string, format: binary</c>): a file, no JSON, though the range would also take JSON.
    /// </summary>
    private static bool IsBinaryRange(KeyValuePair<string, IOpenApiMediaType> content) =>
        content.Key.Trim() == "*/*"
        && content.Value?.Schema is { } schema and not OpenApiSchemaReference
        && (schema.Type & ~JsonSchemaType.Null) == JsonSchemaType.String
        && schema.Format == "binary";

    private static KeyValuePair<string, IOpenApiMediaType>? JsonContent(IDictionary<string, IOpenApiMediaType>? content)
    {
        if (content is null)
        {
            return null;
        }

        // application/json where the spec lists it (Swashbuckle lists json-patch+json first), else the first other JSON
        // type: a +json one, or text/json, the older name many servers still declare.
        KeyValuePair<string, IOpenApiMediaType>? other = null;
        foreach (var entry in content)
        {
            var mediaType = entry.Key.Split(';')[0].Trim();
            if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }

            if (other is null && (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase) || mediaType == "*/*"))
            {
                other = entry;
            }
        }

        return other;
    }

    /// <summary>
    /// The security scheme the client's credential is for. The credential is one pipeline policy for every request of
    /// the client, so it serves one scheme: the first that a security requirement names (the top-level one, then each
    /// operation's in the order they are read) and that the client can send. A name that is no scheme is reported
    /// where it stands; an operation the credential cannot serve is reported as it is read.
    /// </summary>
    private AuthModel? ParseAuth(OpenApiDocument document, OpenApiPaths paths)
    {
        _topSecurity = document.Security;
        // The pointer of the operation, or null for the top level; the one of its security is made only to report in it.
        var lists = new[] { (Requirements: document.Security, Operation: (string?)null) }
            .Concat(OperationsOf(paths).Select(entry => (Requirements: entry.Operation.Security, Operation: (string?)entry.Pointer)));
        AuthModel? chosen = null;
        foreach (var (requirements, operation) in lists)
        {
            for (var index = 0; index < (requirements?.Count ?? 0); index++)
            {
                foreach (var reference in requirements![index]?.Keys ?? Enumerable.Empty<OpenApiSecuritySchemeReference>())
                {
                    if (reference.Target is not { } scheme)
                    {
                        var at = SpecPointer.Append(operation is null ? "/security" : SpecPointer.Append(operation, "security"), index);
                        Report(DiagnosticCatalog.UnresolvedReference, at, "#/components/securitySchemes/" + SchemeName(reference), Display(at), "requests carry no credential for it");
                        continue;
                    }

                    chosen ??= AuthOf(SchemeName(reference), scheme);
                }
            }
        }

        return chosen;
    }

    /// <summary>The security requirements of the document, which hold for every operation that has none of its own.</summary>
    private IList<OpenApiSecurityRequirement>? _topSecurity;

    private static string SchemeName(OpenApiSecuritySchemeReference reference) => reference.Reference?.Id ?? "(unnamed)";

    /// <summary>How requests carry a credential of the scheme, or null when the client cannot send it.</summary>
    private static AuthModel? AuthOf(string name, IOpenApiSecurityScheme scheme)
    {
        if (scheme.Type == SecuritySchemeType.ApiKey && scheme.In == Microsoft.OpenApi.ParameterLocation.Header && !string.IsNullOrEmpty(scheme.Name))
        {
            return new AuthModel(name, scheme.Name!, string.Empty, Text(scheme.Description));
        }

        if (scheme.Type == SecuritySchemeType.Http && string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase))
        {
            return new AuthModel(name, "Authorization", "Bearer ", Text(scheme.Description));
        }

        return null;
    }

    /// <summary>
    /// The kind of a scheme the client cannot send, as the spec writes it: <c>an http scheme 'basic'</c>,
    /// <c>an oauth2 scheme</c>, <c>an apiKey in query</c> (the type's name alone would not say which http scheme).
    /// </summary>
    private static string SchemeKind(IOpenApiSecurityScheme scheme) => scheme.Type switch
    {
        SecuritySchemeType.ApiKey when scheme.In is null => "an apiKey without a location",
        SecuritySchemeType.ApiKey when string.IsNullOrEmpty(scheme.Name) => $"an apiKey in {scheme.In.ToString()!.ToLowerInvariant()} without a name",
        SecuritySchemeType.ApiKey => $"an apiKey in {scheme.In.ToString()!.ToLowerInvariant()}",
        SecuritySchemeType.Http when string.IsNullOrEmpty(scheme.Scheme) => "an http scheme without its scheme name",
        SecuritySchemeType.Http => $"an http scheme '{scheme.Scheme}'",
        SecuritySchemeType.OAuth2 => "an oauth2 scheme",
        SecuritySchemeType.OpenIdConnect => "an openIdConnect scheme",
        SecuritySchemeType.MutualTLS => "a mutualTLS scheme",
        _ => "no type",
    };

    /// <summary>
    /// Whether the requests of an operation carry the client's credential. OpenAPI: the operation's own security
    /// replaces the top-level one; an empty list, or only the empty requirement <c>{}</c>, asks for none, and <c>{}</c>
    /// among others makes the rest optional. When no requirement is met by the credential alone, the requests carry it
    /// all the same (a credential of the user's own can do what the operation needs), and this is reported: where the
    /// requirement is written, and at each scheme in it that the client cannot send, unless <paramref name="report"/> is false.
    /// </summary>
    private bool UsesCredential(OpenApiOperation operation, string pointer, string operationId, bool report = true)
    {
        var requirements = operation.Security ?? _topSecurity;
        if (requirements is null || !requirements.Any(requirement => requirement is { Count: > 0 }))
        {
            return false;
        }

        if (_auth is not null && requirements.Any(requirement => requirement is { Count: 1 } && SchemeName(requirement.Keys.First()) == _auth.SchemeName))
        {
            return true;
        }

        if (requirements.Any(requirement => requirement is null or { Count: 0 }))
        {
            return false;
        }

        if (!report)
        {
            return _auth is not null;
        }

        foreach (var reference in requirements.SelectMany(requirement => requirement.Keys))
        {
            if (reference.Target is { } scheme && AuthOf(SchemeName(reference), scheme) is null)
            {
                var definition = SpecPointer.Append("/components/securitySchemes", SchemeName(reference));
                Report(DiagnosticCatalog.UnsupportedSecurity, definition, SchemeName(reference), Display(definition), SchemeKind(scheme));
            }
        }

        if (_auth is null)
        {
            return false;
        }

        // Written on the operation, or inherited from the top level: reported there once for all the operations that inherit it.
        var (at, who) = operation.Security is null ? ("/security", "the operations without security of their own ask") : (SpecPointer.Append(pointer, "security"), $"the operation '{operationId}' asks");
        Report(
            DiagnosticCatalog.NotKept,
            at,
            Display(at),
            $"{who} for {Described(requirements)}, but the client has one credential for all its requests, for the security scheme '{_auth.SchemeName}' alone, and sends only that; generate operations that need another scheme from a spec of their own, as a client of their own");
        return true;
    }

    /// <summary>Security requirements as a reader says them: the schemes of each, and "or" between them.</summary>
    private static string Described(IList<OpenApiSecurityRequirement> requirements) =>
        string.Join(", or ", requirements.Select(requirement => requirement.Count == 1
            ? $"the security scheme '{SchemeName(requirement.Keys.First())}'"
            : "the security schemes " + string.Join(" and ", requirement.Keys.Select(reference => $"'{SchemeName(reference)}'")) + " together"));

    /// <summary>
    /// Where requests go, from the first server: an absolute http or https url is the default endpoint, its base path
    /// included. A relative one (OpenAPI: relative to where the document is served) gives no endpoint; its path goes
    /// before every operation's path, after the endpoint that is set, as an absolute url's base path goes after its host.
    /// </summary>
    private (string? Endpoint, string? ServerPath) ParseServer(OpenApiDocument document)
    {
        for (var index = 0; index < (document.Servers?.Count ?? 0); index++)
        {
            // Only the scheme matters here; a server on this machine (a local test endpoint) is fine.
            if (document.Servers![index].Url is { } text && Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback)
            {
                var pointer = "/servers/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/url";
                Report(DiagnosticCatalog.InsecureServer, pointer, text, Display(pointer));
            }
        }

        if (document.Servers?.FirstOrDefault() is not { Url: { } written } server)
        {
            return (null, null);
        }

        var url = written.Trim();
        if (server.Variables is { } variables)
        {
            foreach (var variable in variables)
            {
                url = url.Replace("{" + variable.Key + "}", variable.Value?.Default ?? string.Empty);
            }
        }

        if (HasScheme(url))
        {
            return (AbsoluteEndpoint(url, written), null);
        }

        return (null, RelativeServerPath(url, written));
    }

    /// <summary>
    /// The default endpoint an absolute server url gives: the url itself when it is http or https with every variable
    /// filled. Any other is reported and left out, so the client has no default and its options must set one.
    /// </summary>
    private string? AbsoluteEndpoint(string url, string written)
    {
        string problem;
        var open = url.IndexOf('{');
        if (open >= 0)
        {
            var close = url.IndexOf('}', open);
            var variable = close > open ? url.Substring(open, close - open + 1) : url.Substring(open);
            problem = $"the url '{written}' holds the variable {variable}, which no variable of the server gives a default (declare it under variables: with a default)";
        }
        else if (url.IndexOf('}') >= 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"the url '{written}' is not an http or https url the client can send requests to";
        }
        else if (uri.UserInfo.Length > 0)
        {
            // Not repeated: the password would be in the build log, as it would be in the generated code.
            problem = "the url holds a user name or password, which no request uses and which the generated code would keep";
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = $"the url '{written}' has a query or fragment, which would come before the path of every request (the client refuses such an endpoint)";
        }
        else
        {
            return url;
        }

        const string Pointer = "/servers/0/url";
        Report(DiagnosticCatalog.NotKept, Pointer, Display(Pointer), problem + ", so it is left out and the client has no default endpoint: Endpoint must be set in the client's options, or creating the client fails with \"Endpoint is not set\"");
        return null;
    }

    /// <summary>
    /// Whether a url starts with a scheme (RFC 3986: a letter, then letters, digits, '+', '-' or '.', then ':'), so is
    /// absolute. Uri.TryCreate cannot tell: on Unix it takes "/v3" for the file path file:///v3.
    /// </summary>
    private static bool HasScheme(string url)
    {
        var colon = url.IndexOf(':');
        return colon > 0 && IsAsciiLetter(url[0]) && url.Take(colon).All(c => IsAsciiLetter(c) || c is (>= '0' and <= '9') or '+' or '-' or '.');

        static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
    }

    /// <summary>What a relative server url that is a plain path does not hold: a query, a fragment, a variable left unfilled.</summary>
    private static readonly char[] NotInServerPath = { '?', '#', '{', '}' };

    /// <summary>
    /// The path a relative server url puts before each operation's path: "/v3" for /v3, /v3/, v3 and ./v3; null for
    /// "/" or "". A url that is no plain path (one that names a host, climbs with "..", or holds a query, a fragment, a
    /// variable without a value, white space or a control character) is reported and left out.
    /// </summary>
    private string? RelativeServerPath(string url, string written)
    {
        var segments = url.Split('/').Where(segment => segment.Length > 0 && segment != ".").ToList();
        if (url.StartsWith("//", StringComparison.Ordinal) || url.IndexOfAny(NotInServerPath) >= 0 || segments.Contains("..")
            || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || Emitting.SpecText.IsLineBreak(c)))
        {
            const string Pointer = "/servers/0/url";
            Report(
                DiagnosticCatalog.NotKept,
                Pointer,
                Display(Pointer),
                $"the relative url '{written}' is not a path the client can put before each operation's path (it names a host, climbs with '..', or holds a query, a fragment, a variable without a value, white space or a control character), so it is left out: requests go to the endpoint set in the options with the operation's path alone; write a path such as /v3, or an absolute https:// url");
            return null;
        }

        return segments.Count == 0 ? null : "/" + string.Join("/", segments);
    }
}
