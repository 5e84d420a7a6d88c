using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids: 0xx input, 1xx schemas, 2xx operations, 3xx naming, 9xx internal.
/// Each message names the spec file (through its location), the JSON pointer and what to change.
/// </summary>
internal static class DiagnosticCatalog
{
    private const string Category = "DdmGen";

    public static readonly DiagnosticDescriptor UnreadableSpec = new(
        "DDMG001",
        "The spec file cannot be read",
        "The spec file '{0}' cannot be read as {1}: {2}. Fix the file so that it reads; nothing is generated from it until then.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidOpenApi = new(
        "DDMG002",
        "The spec is not a valid OpenAPI document",
        "The OpenAPI reader rejected '{0}' at {1}: {2}. Correct the document; nothing is generated from it until then.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidOption = new(
        "DDMG003",
        "A generator option is invalid",
        "The {0} option '{1}' for '{2}' is not a valid C# {3}; '{4}' is used instead. Set the AdditionalFiles metadata {0} (or the DdmGen{0} property) to a valid value.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedProject = new(
        "DDMG004",
        "The project cannot compile the generated code",
        "The code generated from '{0}' cannot compile in this project: {1}. Nothing is generated from it until then.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WrongValueType = new(
        "DDMG005",
        "A spec value has the wrong type",
        "The value of {1} in '{0}' is {2}, but OpenAPI expects {3} there; the value is ignored. Correct it so that it takes effect.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OpenApiWarning = new(
        "DDMG006",
        "The OpenAPI reader reports a problem that does not stop generation",
        "The OpenAPI reader reports at {1} in '{0}': {2}. It is ignored and the rest is generated; correct the document so that it means what it says.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidSpecMark = new(
        "DDMG007",
        "A file's DdmGenSpec mark is neither true nor false",
        "The DdmGenSpec metadata of '{0}' is '{1}', which is neither true nor false; the file is not read as a spec. Set DdmGenSpec=\"true\" to generate a client from it, or remove the metadata.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        "DDMG101",
        "A $ref cannot be resolved",
        "The reference '{0}' at {1} does not resolve to anything in the document. Point it at an existing component; until then, {2}.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedSchema = new(
        "DDMG102",
        "A schema construct is not supported",
        "The schema at {0} uses {1}, which the generator does not support; the value is generated as System.Text.Json.JsonElement. Replace it with a plain object, array or scalar schema to get a typed member.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ReferenceCycle = new(
        "DDMG103",
        "A reference cycle cannot be a type",
        "The reference '{0}' at {1} closes the cycle {2}: nothing can be made of itself (only a property, item or map value may refer back to its own type). The reference is dropped (a schema becomes JsonElement); break the cycle.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedReference = new(
        "DDMG104",
        "A $ref does not name a component",
        "The reference '{0}' at {1} points inside the document rather than at a whole component such as #/components/schemas/Name; the value is generated as System.Text.Json.JsonElement. Move the target into components and refer to it there.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "DDMG105",
        "A schema nests too deeply",
        "The schema at {0} is nested more than {1} levels deep (through properties, items, allOf and references); it is generated as System.Text.Json.JsonElement. Flatten it or move parts into components.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BoundOutOfRange = new(
        "DDMG106",
        "A bound does not fit the C# type",
        "The {0} {1} at {2} is not a value of the C# type {3} (out of range, or not a whole number for an integer); it is not checked. Use a bound the type can hold, or a wider format such as int64 or double.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidValue = new(
        "DDMG107",
        "A value has the wrong type",
        "The value of '{0}' at {1} must be {2}; it is ignored. Correct the value.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotKept = new(
        "DDMG108",
        "Part of a schema or operation is not kept",
        "At {0}, {1}. Change the spec if callers need it.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ReferenceChainTooLong = new(
        "DDMG109",
        "A chain of references is too long",
        "The reference '{0}' at {1} starts a chain of more than {2} references, each naming a component that is itself only a reference; the reference is dropped ({3}). Refer to the component at the end of the chain instead.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateOperationId = new(
        "DDMG201",
        "An operationId is used twice",
        "The operationId '{0}' at {1} is already used at {2}; the second operation is not generated. Give every operation a unique operationId.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingOperationId = new(
        "DDMG202",
        "An operation has no operationId",
        "The operation at {0} has no operationId; its method is named '{1}' from the HTTP method and path. Add an operationId to choose a stable name.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedOperation = new(
        "DDMG203",
        "An operation is not supported",
        "The operation '{0}' at {1} is not generated: {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidPagination = new(
        "DDMG204",
        "The pagination extension is invalid",
        "The x-speakeasy-pagination of '{0}' at {1} is not usable: {2}. No auto-paging method is generated for it until this is fixed.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedSecurity = new(
        "DDMG205",
        "A security scheme is not supported",
        "The security scheme '{0}' at {1} is not supported ({2}); requests carry no credential for it. Use an apiKey scheme in a header or an http bearer scheme.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidExtension = new(
        "DDMG206",
        "A DdmGen extension value is invalid",
        "The {0} value '{1}' at {2} is not one of {3}; it is ignored",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InsecureServer = new(
        "DDMG207",
        "A server is not HTTPS",
        "The server '{0}' at {1} uses http://: credentials would cross the network in clear text. Use https://; the generated client refuses an http:// endpoint that is not loopback unless AllowInsecureTransport is set.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor IdentifierRewritten = new(
        "DDMG301",
        "A name is not a valid C# identifier",
        "The name '{0}' at {1} is not a valid C# identifier; it is generated as '{2}'. To choose the C# name, rename the schema or operationId, or add x-enum-varnames for enum values.",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NameCollision = new(
        "DDMG302",
        "Two names map to one C# name",
        "The name '{0}' at {1} maps to the C# name '{2}', which is already taken by {3}; it is generated as '{4}'. Rename one of them in the spec.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SharedNamespace = new(
        "DDMG303",
        "Two specs generate into one namespace",
        "The spec '{0}' would generate into the namespace '{1}', which the spec '{2}' already uses; nothing is generated from '{0}'. Give each spec its own Namespace metadata on its AdditionalFiles item.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ReferencedNamespace = new(
        "DDMG304",
        "A referenced assembly already holds a client in the spec's namespace",
        "The spec '{0}' would generate into the namespace '{1}', which the referenced assembly '{2}' already holds code generated by DdmGen in; nothing is generated from '{0}', and the project uses the types of '{2}'. Give the spec another Namespace metadata on its AdditionalFiles item, or leave the spec out and use the client of '{2}'.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NamespaceIsType = new(
        "DDMG305",
        "A spec's namespace is the name of a type another spec generates",
        "The spec '{0}' would generate into the namespace '{1}', but '{2}' is a type that the spec '{3}' generates, and C# cannot have a namespace and a type of one name; nothing is generated from '{0}'. Give the spec another Namespace metadata on its AdditionalFiles item.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor RawRequestBody = new(
        "DDMG306",
        "A request body is not JSON",
        "The request body of '{0}' at {1} is {2}, not JSON: the operation has protocol methods alone, which take the body as BinaryContent, as it is sent, and its content type ({3}); no convenience method is generated. Make the content as the type requires (text, bytes, a form, multipart parts with their boundary in the content type), or describe the body as application/json to have convenience methods.",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor AnswerHeaders = new(
        "DDMG307",
        "A success answer's headers are not typed",
        "The {0} answer of '{1}' at {2} has headers ({3}), which the result holds no value for: the convenience methods return the body alone, and the headers are read from result.GetRawResponse().Headers. Describe a value callers need in the body to have it typed.",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = new(
        "DDMG901",
        "The generator failed",
        "The generator failed on '{0}' at {1}: {2}. Nothing is generated from this file; please report this with the spec that causes it.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> ById = new[]
    {
        UnreadableSpec, InvalidOpenApi, InvalidOption, UnsupportedProject, WrongValueType, OpenApiWarning, InvalidSpecMark,
        UnresolvedReference, UnsupportedSchema, ReferenceCycle, UnsupportedReference, NestingTooDeep, BoundOutOfRange, InvalidValue, NotKept, ReferenceChainTooLong,
        DuplicateOperationId, MissingOperationId, UnsupportedOperation, InvalidPagination, UnsupportedSecurity, InvalidExtension, InsecureServer,
        IdentifierRewritten, NameCollision, SharedNamespace, ReferencedNamespace, NamespaceIsType, RawRequestBody, AnswerHeaders,
        InternalError,
    }.ToImmutableDictionary(descriptor => descriptor.Id);

    public static IEnumerable<DiagnosticDescriptor> All => ById.Values.OrderBy(descriptor => descriptor.Id, System.StringComparer.Ordinal);

    public static DiagnosticDescriptor Get(string id) => ById[id];
}
