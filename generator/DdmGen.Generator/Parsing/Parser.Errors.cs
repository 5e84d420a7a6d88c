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
    private const string ErrorRoleExtension = "x-ddmgen-error";

    private readonly Dictionary<string, ErrorRoles> _errorRoles = new(System.StringComparer.Ordinal);
    /// <summary>The schemas that mark error properties, each with where its first mark is written in the spec.</summary>
    private readonly List<(string TypeName, int Start)> _errorTypes = new();

    /// <summary>The models error answers have as their body, in spec order (<see cref="NoteErrorBodies"/>).</summary>
    private readonly List<string> _errorBodies = new();

    /// <summary>The type made of each inline error body by its pointer, null where none was made, so a shared response makes one.</summary>
    private readonly Dictionary<string, string?> _inlineErrorBodies = new(System.StringComparer.Ordinal);

    /// <summary>Records that a property holds an error's code, message or request id (<c>x-ddmgen-error</c>).</summary>
    /// <param name="schema">The property's schema: a <c>$ref</c>'s own extension is read as written, as OpenAPI 3.0's reader drops it.</param>
    private void NoteErrorRole(string typeName, PropertyModel property, IOpenApiSchema? schema, IDictionary<string, IOpenApiExtension>? extensions, string pointer)
    {
        var mark = ExtensionNode(extensions, ErrorRoleExtension);
        if (mark is null && schema is OpenApiSchemaReference && RawNode(pointer) is JsonObject written)
        {
            mark = written[ErrorRoleExtension];
        }

        if (mark is null)
        {
            return;
        }

        if (!_errorRoles.TryGetValue(typeName, out var roles))
        {
            roles = new ErrorRoles();
            _errorRoles.Add(typeName, roles);
            _errorTypes.Add((typeName, _positions.Locate(pointer).Start));
        }

        var list = (mark is JsonValue value && value.TryGetValue<string>(out var role) ? role : null) switch
        {
            "code" => roles.Code,
            "message" => roles.Message,
            "request-id" => roles.RequestId,
            _ => null,
        };
        if (list is null || property.Type.Kind != TypeKind.String)
        {
            ReportInvalidExtension(pointer, ErrorRoleExtension, mark, "code, message or request-id on a string property");
            return;
        }

        list.Add(PointerStep(property.JsonName));
    }

    /// <summary>
    /// The error shapes of the API: every schema that marks error properties, in the order the spec marks them, read
    /// from the body of the error answers that hold it. A schema that an error answer's body holds as a member object
    /// (<c>{"error": {"code": ...}}</c>) is read through that member, and one it holds in a list
    /// (<c>{"errors": [{"code": ...}]}</c>) from the list's first item; one that no error answer holds is read as the
    /// whole body. Every marked schema counts, as an API added to the spec may answer errors of a shape of its own.
    /// </summary>
    private ErrorModel? ErrorModel()
    {
        if (_errorTypes.Count == 0)
        {
            return null;
        }

        var shapes = new Dictionary<string, ErrorRoles>(System.StringComparer.Ordinal);
        var order = new List<string>();
        // In the order of the spec's text, whatever order its schemas are read in (components go by name).
        foreach (var marked in _errorTypes.OrderBy(type => type.Start).Select(type => type.TypeName))
        {
            var roles = _errorRoles[marked];
            foreach (var (root, path) in ErrorRoots(marked, _errorBodies))
            {
                if (!shapes.TryGetValue(root, out var shape))
                {
                    shape = new ErrorRoles();
                    shapes.Add(root, shape);
                    order.Add(root);
                }

                shape.Code.AddRange(roles.Code.Select(member => path + member));
                shape.Message.AddRange(roles.Message.Select(member => path + member));
                shape.RequestId.AddRange(roles.RequestId.Select(member => path + member));
            }
        }

        return new ErrorModel(
            order.SelectMany(root => shapes[root].Code).Distinct().ToEquatableArray(),
            order.SelectMany(root => shapes[root].Message).Distinct().ToEquatableArray(),
            order.SelectMany(root => shapes[root].RequestId).Distinct().ToEquatableArray());
    }

    /// <summary>
    /// Notes the models that an operation's error answers (any status but 2xx, and <c>default</c>) have as their JSON
    /// body, each once, in spec order, and reports an error answer whose reference does not resolve. A body written inline is made a type when it holds an error mark, itself or
    /// through a schema it names (it has no type otherwise, and its marks were never read); one in a shared response
    /// is made once, named after that response.
    /// </summary>
    private void NoteErrorBodies(OpenApiOperation operation, string pointer, string baseName)
    {
        foreach (var response in operation.Responses ?? new OpenApiResponses())
        {
            if (response.Key.StartsWith("2", System.StringComparison.Ordinal))
            {
                continue;
            }

            if (response.Value is IOpenApiReferenceHolder { UnresolvedReference: true })
            {
                // The reader leaves a missing shared response to its user; an error answer does not stop the
                // operation, but a misspelt one must not pass without a word.
                var at = SpecPointer.Append(SpecPointer.Append(pointer, "responses"), response.Key);
                if (!NamesUnresolvedComponent(at))
                {
                    Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(at, "$ref"), WrittenReference(at, (response.Value as OpenApiResponseReference)?.Reference?.ReferenceV3, "(response)"), Display(at), "the operation is generated without that answer, and an error of its status is read without the shape it would give");
                }

                continue;
            }

            if (JsonContent(response.Value?.Content) is not { } content)
            {
                continue;
            }

            string? name = null;
            if (content.Value?.Schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                name = _componentTypes.TryGetValue(id, out var type) && type.Kind == TypeKind.Object ? type.Name : null;
            }
            else if (content.Value?.Schema is { } schema)
            {
                var shared = (response.Value as OpenApiResponseReference)?.Reference?.Id;
                var responsePointer = shared is null ? SpecPointer.Append(SpecPointer.Append(pointer, "responses"), response.Key) : SpecPointer.Append("/components/responses", shared);
                var schemaPointer = SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(responsePointer, "content"), content.Key), "schema");
                if (!_inlineErrorBodies.TryGetValue(schemaPointer, out name))
                {
                    name = HoldsErrorMark(RawNode(schemaPointer), 0)
                        && Resolve(schema, schemaPointer, shared is null ? baseName + Naming.ToPascal(response.Key) + "Error" : Naming.MakeIdentifier(Naming.ToPascal(shared), "Error"), out _) is { Kind: TypeKind.Object } type
                        ? type.Name
                        : null;
                    _inlineErrorBodies.Add(schemaPointer, name);
                }
            }

            if (name is not null && !_errorBodies.Contains(name))
            {
                _errorBodies.Add(name);
            }
        }
    }

    /// <summary>Whether a schema as written marks an error property, or names a component schema that does.</summary>
    private bool HoldsErrorMark(JsonNode? node, int depth)
    {
        switch (node)
        {
            case JsonObject obj when depth <= MaxSchemaDepth:
                if (obj.ContainsKey(ErrorRoleExtension)
                    || (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target)
                        && target.StartsWith("#/components/schemas/", System.StringComparison.Ordinal)
                        && _componentTypes.TryGetValue(target.Substring("#/components/schemas/".Length).Replace("~1", "/").Replace("~0", "~"), out var type)
                        && type.Name is { } name && _errorRoles.ContainsKey(name)))
                {
                    return true;
                }

                return obj.Any(member => HoldsErrorMark(member.Value, depth + 1));
            case JsonArray array when depth <= MaxSchemaDepth:
                return array.Any(item => HoldsErrorMark(item, depth + 1));
            default:
                return false;
        }
    }

    /// <summary>
    /// Where a marked schema is read from: as the body where an error answer has it as its body, and through the
    /// member objects that lead to it from the other error bodies (the JSON Pointer of that member object); as the body
    /// when no error answer holds it.
    /// </summary>
    private IEnumerable<(string Root, string Path)> ErrorRoots(string marked, List<string> bodies)
    {
        var found = false;
        foreach (var body in bodies)
        {
            foreach (var path in PathsTo(body, marked))
            {
                found = true;
                yield return (body, path);
            }
        }

        if (!found)
        {
            yield return (marked, string.Empty);
        }
    }

    /// <summary>
    /// The paths of member objects and first items of lists of objects (not maps) from the model <paramref name="from"/>
    /// to the model <paramref name="to"/>, shortest first, empty when they are one: a body may hold the marked schema
    /// under several members, and an answer fills one of them. None when there is none within a few levels; at most a
    /// few dozen, and none through a model twice, so that a recursive model ends; the ways followed at each level are
    /// bounded too, so that models that each hold the next many times cost no more than that.
    /// </summary>
    private List<string> PathsTo(string from, string to)
    {
        const int MaxDepth = 8;
        const int MaxPaths = 32;
        const int MaxWays = 1024;
        var found = new List<string>();
        var level = new List<(string Name, string Path, string[] Through)> { (from, string.Empty, new[] { from }) };
        for (var depth = 0; level.Count > 0 && depth <= MaxDepth && found.Count < MaxPaths; depth++)
        {
            var next = new List<(string Name, string Path, string[] Through)>();
            foreach (var (name, path, through) in level)
            {
                if (name == to)
                {
                    found.Add(path);
                    if (found.Count == MaxPaths)
                    {
                        break;
                    }

                    continue;
                }

                if (!_objectsByName.TryGetValue(name, out var model))
                {
                    continue;
                }

                foreach (var property in model.Properties)
                {
                    // A list of objects is read through its first item ("/errors/0"): an API that answers several
                    // errors puts the one that says most first, and the exception has room for one code.
                    var (member, step) = property.Type switch
                    {
                        { Kind: TypeKind.Object, Name: { } named } => (named, PointerStep(property.JsonName)),
                        { Kind: TypeKind.Array, Element: { Kind: TypeKind.Object, Name: { } item } } => (item, PointerStep(property.JsonName) + "/0"),
                        _ => (null, null),
                    };
                    if (member is not null && System.Array.IndexOf(through, member) < 0 && next.Count < MaxWays)
                    {
                        next.Add((member, path + step, through.Concat(new[] { member }).ToArray()));
                    }
                }
            }

            level = next;
        }

        return found;
    }

    /// <summary>A member's step in a JSON Pointer (RFC 6901): "/" and its name, with "~" written "~0" and "/" written "~1".</summary>
    private static string PointerStep(string jsonName) => "/" + jsonName.Replace("~", "~0").Replace("/", "~1");

    private sealed class ErrorRoles
    {
        public List<string> Code { get; } = new();

        public List<string> Message { get; } = new();

        public List<string> RequestId { get; } = new();
    }
}
