using System.Collections.Generic;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using DdmGen.Generator.Reading;
using Microsoft.OpenApi;

namespace DdmGen.Generator.Parsing;

internal sealed partial class Parser
{
    private const string ErrorRoleExtension = "x-ddmgen-error";

    private readonly Dictionary<string, ErrorRoles> _errorRoles = new(System.StringComparer.Ordinal);
    private readonly List<string> _errorTypes = new();

    /// <summary>Records that a property holds an error's code, message or request id (<c>x-ddmgen-error</c>).</summary>
    private void NoteErrorRole(string typeName, PropertyModel property, IDictionary<string, IOpenApiExtension>? extensions, string pointer)
    {
        if (StringExtension(extensions, ErrorRoleExtension) is not { } role)
        {
            return;
        }

        if (!_errorRoles.TryGetValue(typeName, out var roles))
        {
            roles = new ErrorRoles();
            _errorRoles.Add(typeName, roles);
            _errorTypes.Add(typeName);
        }

        var list = role switch
        {
            "code" => roles.Code,
            "message" => roles.Message,
            "request-id" => roles.RequestId,
            _ => null,
        };
        if (list is null || property.Type.Kind != TypeKind.String)
        {
            Report(DiagnosticCatalog.InvalidExtension, SpecPointer.Append(pointer, ErrorRoleExtension), ErrorRoleExtension, role, Display(pointer), "code, message or request-id on a string property");
            return;
        }

        list.Add(property.Name);
    }

    /// <summary>The first schema that marks error properties describes the error answers of the whole API.</summary>
    private ErrorModel? ErrorModel()
    {
        if (_errorTypes.Count == 0)
        {
            return null;
        }

        var roles = _errorRoles[_errorTypes[0]];
        return new ErrorModel(_errorTypes[0], roles.Code.ToEquatableArray(), roles.Message.ToEquatableArray(), roles.RequestId.ToEquatableArray());
    }

    private sealed class ErrorRoles
    {
        public List<string> Code { get; } = new();

        public List<string> Message { get; } = new();

        public List<string> RequestId { get; } = new();
    }
}
