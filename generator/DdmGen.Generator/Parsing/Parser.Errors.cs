using System.Collections.Generic;
using System.Text.Json.Nodes;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using Microsoft.OpenApi;

namespace DdmGen.Generator.Parsing;

internal sealed partial class Parser
{
    private const string ErrorRoleExtension = "x-ddmgen-error";

    private readonly Dictionary<string, ErrorRoles> _errorRoles = new(System.StringComparer.Ordinal);
    private readonly List<string> _errorTypes = new();

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
            _errorTypes.Add(typeName);
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

        list.Add(property.JsonName);
    }

    /// <summary>The first schema that marks error properties describes the error answers of the whole API.</summary>
    private ErrorModel? ErrorModel()
    {
        if (_errorTypes.Count == 0)
        {
            return null;
        }

        var roles = _errorRoles[_errorTypes[0]];
        return new ErrorModel(roles.Code.ToEquatableArray(), roles.Message.ToEquatableArray(), roles.RequestId.ToEquatableArray());
    }

    private sealed class ErrorRoles
    {
        public List<string> Code { get; } = new();

        public List<string> Message { get; } = new();

        public List<string> RequestId { get; } = new();
    }
}
