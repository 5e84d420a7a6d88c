using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Emitting;
using DdmGen.Generator.Model;
using DdmGen.Generator.Reading;
using Microsoft.OpenApi;

namespace DdmGen.Generator.Parsing;

internal sealed partial class Parser
{
    /// <summary>How deep schemas may nest, counting properties, items, allOf parts and references to aliases.</summary>
    private const int MaxSchemaDepth = 64;

    private readonly Dictionary<string, TypeRef> _componentTypes = new(StringComparer.Ordinal);
    private int _schemaDepth;

    /// <summary>What each alias resolved to at its first use, for every use after it.</summary>
    private readonly Dictionary<string, AliasResolution> _aliases = new(StringComparer.Ordinal);

    /// <summary>
    /// What an alias resolves to: the type of the shape it names, whether that may be null through what it wraps, and
    /// the format of the single value it names (null when it has none), kept together so that no use after the first
    /// can see one without the others.
    /// </summary>
    private readonly record struct AliasResolution(TypeRef Type, bool Nullable, string? Format);

    private readonly HashSet<string> _aliasesInProgress = new(StringComparer.Ordinal);
    private IDictionary<string, IOpenApiSchema> _componentSchemas = new Dictionary<string, IOpenApiSchema>();

    /// <summary>Where the spec writes OpenAPI 3.1's <c>false</c> as a schema: it is read as <c>{not: {}}</c>, and reported as written.</summary>
    private readonly HashSet<string> _falseSchemas = new(StringComparer.Ordinal);

    /// <summary>
    /// The target of each schema reference by its whole reference text, as <see cref="OpenApiSchemaReference.Target"/>
    /// gives it (null when it does not resolve). Microsoft.OpenApi looks the target up anew on each reading, splitting
    /// the reference text into new strings each time; a spec names the same few components from many places.
    /// </summary>
    private readonly Dictionary<string, IOpenApiSchema?> _schemaTargets = new(StringComparer.Ordinal);

    private IOpenApiSchema? Target(OpenApiSchemaReference reference)
    {
        // Only a local reference's target depends on its text alone. OpenAPI 3.1 resolves by the whole path (the id is
        // only its last segment, "#/components/parameters/Limit" is not the schema "Limit") and by dynamic anchors:
        // anything but a plain path to a component schema is looked up as Microsoft.OpenApi does. The reference's own
        // $dynamicRef is read from its Reference: the reference's DynamicRef property looks the target up to give the
        // target's when the reference has none, which made this cache look up every target anyway.
        if (reference.Reference is not { Id: { } id, IsExternal: false, ReferenceV3: { } path, DynamicRef: var dynamicRef } || !string.IsNullOrEmpty(dynamicRef))
        {
            return reference.Target;
        }

        if (!_schemaTargets.TryGetValue(path, out var target))
        {
            // A plain id names the component schema of that key, which Microsoft.OpenApi registered under it as it is;
            // an id that a URI could write otherwise (escapes, spaces, '~'), and a component that is itself a reference,
            // go through its lookup.
            target = IsPlainId(id) && IsComponentSchemaPath(path, id) && _componentSchemas.TryGetValue(id, out var component) && component is OpenApiSchema
                ? component
                : reference.Target;
            _schemaTargets.Add(path, target);
        }

        return target;
    }

    private static bool IsComponentSchemaPath(string path, string id)
    {
        const string Prefix = "#/components/schemas/";
        return path.Length == Prefix.Length + id.Length
            && path.StartsWith(Prefix, StringComparison.Ordinal)
            && string.CompareOrdinal(path, Prefix.Length, id, 0, id.Length) == 0;
    }

    private static bool IsPlainId(string id)
    {
        foreach (var c in id)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.'))
            {
                return false;
            }
        }

        return id.Length > 0;
    }

    private void ParseComponentSchemas(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { Count: > 0 } schemas)
        {
            return;
        }

        _componentSchemas = schemas;

        // Names first, so that schemas can refer to each other in any order. Where two want one C# name, the one whose
        // spec name is that C# name keeps it, then the spec names in ordinal order: not the order of the spec, so that
        // moving a schema renames nothing, and a schema added takes no name from one that had it. The schemas are
        // built in that order too, so the names of the inline schemas inside them do not depend on the spec's order.
        var ordered = schemas.OrderBy(entry => IsOwnTypeName(entry.Key) ? 0 : 1).ThenBy(entry => entry.Key, StringComparer.Ordinal).ToList();
        foreach (var entry in ordered)
        {
            var pointer = ComponentPointer(entry.Key);
            if (IsObjectSchema(entry.Value, pointer))
            {
                _componentTypes[entry.Key] = TypeRef.Object(ClaimTypeName(entry.Key, pointer));
            }
            else if (IsStringEnum(entry.Value))
            {
                _componentTypes[entry.Key] = TypeRef.Enum(ClaimTypeName(entry.Key, pointer));
            }
        }

        foreach (var entry in ordered)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!_componentTypes.TryGetValue(entry.Key, out var type))
            {
                continue;
            }

            var pointer = ComponentPointer(entry.Key);
            _at = pointer;
            if (type.Kind == TypeKind.Object)
            {
                BuildObject(type.Name!, entry.Value, pointer);
            }
            else
            {
                BuildEnum(type.Name!, entry.Value, pointer);
            }
        }
    }

    /// <summary>Whether a component's spec name is the C# type name it wants, as it is written.</summary>
    private static bool IsOwnTypeName(string rawName) => string.Equals(Naming.MakeIdentifier(Naming.ToPascal(rawName), "Schema"), rawName, StringComparison.Ordinal);

    private static string ComponentPointer(string name) => SpecPointer.Append("/components/schemas", name);

    /// <summary>Maps a schema to its C# shape, generating inline object and enum types on the way.</summary>
    /// <param name="contextName">The name an inline type gets, built from where it stands.</param>
    private TypeRef Resolve(IOpenApiSchema? schema, string pointer, string contextName, out bool nullable) =>
        Resolve(schema, pointer, contextName, out nullable, out _);

    /// <summary>
    /// Maps a schema to its C# shape, and gives the format of the schema that shape comes from: through references,
    /// a one-part allOf and a union of one type with null, a single value's own (a string's, an integer's, an enum's;
    /// none for an object, a list or a map).
    /// </summary>
    private TypeRef Resolve(IOpenApiSchema? schema, string pointer, string contextName, out bool nullable, out string? format)
    {
        nullable = false;
        format = null;
        if (schema is null)
        {
            return TypeRef.Any;
        }

        // Every walk through schemas passes here: bound it, so no spec can exhaust the compiler's stack.
        if (_schemaDepth >= MaxSchemaDepth)
        {
            Report(DiagnosticCatalog.NestingTooDeep, pointer, Display(pointer), MaxSchemaDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return TypeRef.Any;
        }

        var outer = _at;
        _at = pointer;
        _schemaDepth++;
        try
        {
            return ResolveCore(schema, pointer, contextName, out nullable, out format);
        }
        finally
        {
            _schemaDepth--;
            _at = outer;
        }
    }

    private TypeRef ResolveCore(IOpenApiSchema schema, string pointer, string contextName, out bool nullable, out string? format)
    {
        nullable = false;
        format = null;

        if (schema is OpenApiSchemaReference reference)
        {
            return ResolveReference(reference, pointer, out nullable, out format);
        }

        nullable = (schema.Type is { } flags && (flags & JsonSchemaType.Null) != 0) || WrittenNullable(schema, pointer);

        if (SoleAlternative(schema, pointer) is { } alternative)
        {
            var inner = Resolve(alternative.Schema, AlternativePointer(pointer, alternative), contextName, out var innerNullable, out format);
            nullable |= innerNullable || alternative.AllowsNull;
            return inner;
        }

        if (Unsupported(schema, pointer) is { } construct)
        {
            construct = construct == "not" && _falseSchemas.Contains(pointer) ? "false (a schema no value matches)" : construct;
            Report(DiagnosticCatalog.UnsupportedSchema, pointer, Display(pointer), construct);
            return TypeRef.Any;
        }

        // Parts that only annotate (required, description, nullable, ...) add no type: with one part that does, and
        // nothing that asks for a type of its own, the schema is that part's type; with none, it is what it says itself.
        if (schema.AllOf is { Count: > 0 } parts && TypedParts(schema, pointer) is { Count: > 0 } typed)
        {
            if (typed.Count == 1 && schema.Properties is not { Count: > 0 } && !RequiresMembers(schema, pointer))
            {
                var inner = Resolve(parts[typed[0]], AllOfPointer(pointer, typed[0]), contextName, out var innerNullable, out format);
                nullable |= innerNullable;
                return inner;
            }

            if (!IsObjectSchema(schema, pointer))
            {
                // Parts judged beyond the bound count as no object: say that the chain is too deep, not what it is.
                if (NotAnObject(schema, pointer) is { } reason)
                {
                    Report(DiagnosticCatalog.UnsupportedSchema, pointer, Display(pointer), "allOf with a part that is not an object: " + reason + " (allOf makes an object of objects and of parts that only add required, description, nullable or other annotations)");
                }
                else
                {
                    Report(DiagnosticCatalog.NestingTooDeep, pointer, Display(pointer), MaxSchemaDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return TypeRef.Any;
            }
        }

        var own = ResolveOwn(schema, pointer, contextName);
        format = own.Kind is TypeKind.Object or TypeKind.Array or TypeKind.Map ? null : schema.Format;
        return own;
    }

    /// <summary>The C# shape of a schema by its own type, once references, unions and allOf parts have led to it.</summary>
    private TypeRef ResolveOwn(IOpenApiSchema schema, string pointer, string contextName)
    {
        switch (schema.Type & ~JsonSchemaType.Null)
        {
            case JsonSchemaType.String:
                ReportUnquotedConst(pointer);
                if (IsStringEnum(schema))
                {
                    var enumName = ClaimInlineName(contextName, pointer);
                    BuildEnum(enumName, schema, pointer);
                    return TypeRef.Enum(enumName);
                }

                return schema.Format == "date-time" ? TypeRef.DateTimeOffset : TypeRef.String;
            case JsonSchemaType.Integer:
                if (schema.Format == "uint64")
                {
                    Report(DiagnosticCatalog.NotKept, pointer, Display(pointer), "format uint64 is read as a long: a value above 9223372036854775807 fails to read");
                }

                // uint32 needs a long to hold its upper half; every other format but int64 is an int.
                var integer = schema.Format is "int64" or "uint32" or "uint64" ? TypeRef.Int64 : TypeRef.Int32;
                ReportScalarEnum(schema, pointer, "integer", integer == TypeRef.Int64 ? "a long" : "an int");
                return integer;
            case JsonSchemaType.Number:
                var number = schema.Format == "float" ? TypeRef.Single : TypeRef.Double;
                ReportScalarEnum(schema, pointer, "number", number == TypeRef.Single ? "a float" : "a double");
                return number;
            case JsonSchemaType.Boolean:
                ReportScalarEnum(schema, pointer, "boolean", "a bool");
                return TypeRef.Boolean;
            case JsonSchemaType.Array:
                var itemsPointer = SpecPointer.Append(pointer, "items");
                if (RawNode(pointer) is JsonObject { } arrayNode && arrayNode.ContainsKey("prefixItems"))
                {
                    // JSON Schema's tuples (OpenAPI 3.1): each place of the list a type of its own, which a list of one item type cannot say.
                    var at = SpecPointer.Append(pointer, "prefixItems");
                    Report(DiagnosticCatalog.NotKept, at, Display(at), "prefixItems gives the first items of the list types of their own, which a list of one item type cannot keep: the list's items are " + (schema.Items is null ? "any JSON (JsonElement)" : "of the type items gives, so reading fails where a first item is of another"));
                }

                if (schema.Items is null)
                {
                    return TypeRef.ArrayOf(TypeRef.Any);
                }

                var item = ResolveElement(schema.Items, itemsPointer, contextName + "Item", out var itemNullable);
                return TypeRef.ArrayOf(item, itemNullable);
            case JsonSchemaType.Object or null:
                if (IsObjectSchema(schema, pointer))
                {
                    var objectName = ClaimInlineName(contextName, pointer);
                    BuildObject(objectName, schema, pointer);
                    return TypeRef.Object(objectName);
                }

                if (schema.Type is null && IsStringEnum(schema))
                {
                    goto case JsonSchemaType.String;
                }

                if (schema.Type is null && schema.Items is not null)
                {
                    goto case JsonSchemaType.Array;
                }

                if (schema.Type is null && RawNode(pointer) is JsonObject constHolder && constHolder["const"] is JsonValue constant)
                {
                    // {const: backup} allows that one value, so its kind is the type, as a type beside it would say.
                    var kind = constant.GetValueKind();
                    if (kind == System.Text.Json.JsonValueKind.String)
                    {
                        goto case JsonSchemaType.String;
                    }

                    if (kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
                    {
                        return TypeRef.Boolean;
                    }

                    if (kind == System.Text.Json.JsonValueKind.Number)
                    {
                        // A whole number is an integer and any other a number; a format beside it chooses among the types
                        // of that kind as it does beside a type ({const: 3, format: int64} is a long), but never one too
                        // small for the value.
                        var text = constant.ToJsonString();
                        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
                            || schema.Format is "float" or "double")
                        {
                            goto case JsonSchemaType.Number;
                        }

                        if (schema.Format is "int64" or "uint32" or "uint64"
                            || int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                        {
                            goto case JsonSchemaType.Integer;
                        }

                        return TypeRef.Int64;
                    }
                }

                if (schema.AdditionalProperties is { } values)
                {
                    var value = ResolveElement(values, SpecPointer.Append(pointer, "additionalProperties"), contextName + "Value", out var valueNullable);
                    return TypeRef.MapOf(value, valueNullable);
                }

                // A free-form object or a schema without a type: any JSON value.
                return TypeRef.Any;
            case (JsonSchemaType)0:
                return TypeRef.Any;
            default:
                // The reader folds "oneOf: [{type: string}, {type: integer}]" into one schema of two types.
                var raw = RawNode(pointer) as JsonObject;
                var folded = raw?.ContainsKey("oneOf") == true ? "oneOf" : raw?.ContainsKey("anyOf") == true ? "anyOf" : "more than one type";
                Report(DiagnosticCatalog.UnsupportedSchema, pointer, Display(pointer), folded);
                return TypeRef.Any;
        }
    }

    /// <summary>
    /// The reader drops 3.0's <c>nullable: true</c> from a schema without a type, the usual way to make a reference
    /// nullable (<c>{allOf: [{$ref: ...}], nullable: true}</c>, or <c>{allOf: [{$ref: ...}, {nullable: true}]}</c>):
    /// it is read from the spec as written, beside allOf or in a part that only annotates.
    /// </summary>
    /// <remarks>
    /// The same for a union that <see cref="SoleAlternative"/> reads as one type: <c>{oneOf: [{$ref: ...}], nullable: true}</c>;
    /// and for an enum without a type that lists null (<c>{enum: [a, b, null]}</c>), which allows null as a nullable
    /// type does, and whose null the reader does not keep.
    /// </remarks>
    private bool WrittenNullable(IOpenApiSchema schema, string pointer) =>
        schema.Type is null
        && ((schema.Enum is { Count: > 0 } && RawNode(pointer) is JsonObject written && written["enum"] is JsonArray listed && listed.Any(value => value is null))
            || (schema.AllOf is { Count: > 0 } parts
                && (IsTrue(RawNode(pointer), "nullable")
                    || Enumerable.Range(0, parts.Count).Any(index => IsAnnotationPart(parts[index], AllOfPointer(pointer, index)) && IsTrue(RawNode(AllOfPointer(pointer, index)), "nullable"))))
            || (SoleAlternative(schema, pointer) is not null && IsTrue(RawNode(pointer), "nullable")));

    /// <summary>
    /// The one alternative of a <c>oneOf</c> or <c>anyOf</c> whose other parts only allow null, and nothing beside
    /// it but annotations: the usual way to write a nullable reference (<c>anyOf: [{$ref: ...}, {type: 'null'}]</c>
    /// in OpenAPI 3.1, <c>{oneOf: [{$ref: ...}], nullable: true}</c> in 3.0). Such a union is its alternative's
    /// type, nullable when a part allows null; a type written beside it must be the alternative's. Null for every other
    /// schema, whose union stays unsupported.
    /// </summary>
    private (IOpenApiSchema Schema, string Keyword, int Index, bool AllowsNull)? SoleAlternative(IOpenApiSchema schema, string pointer)
    {
        var oneOf = schema.OneOf is { Count: > 0 };
        var anyOf = schema.AnyOf is { Count: > 0 };
        if (oneOf == anyOf || schema is OpenApiSchemaReference || schema.Not is not null || schema.Discriminator is not null
            || schema.AllOf is { Count: > 0 } || schema.Properties is { Count: > 0 } || schema.Items is not null || schema.AdditionalProperties is not null
            || schema.Enum is { Count: > 0 })
        {
            return null;
        }

        var keyword = oneOf ? "oneOf" : "anyOf";
        var parts = oneOf ? schema.OneOf! : schema.AnyOf!;
        int? sole = null;
        var allowsNull = false;
        for (var index = 0; index < parts.Count; index++)
        {
            if (IsNullOnly(parts[index], SpecPointer.Append(SpecPointer.Append(pointer, keyword), index)))
            {
                allowsNull = true;
            }
            else if (sole is null)
            {
                sole = index;
            }
            else
            {
                return null;
            }
        }

        // A type beside the union (OpenAPI 3.0.3 has nullable take effect only beside one) must be the alternative's.
        return sole is { } at && parts[at] is { } part && (schema.Type & ~JsonSchemaType.Null ?? 0) is var beside && (beside == 0 || IsOfType(part, beside))
            ? (part, keyword, at, allowsNull)
            : null;
    }

    /// <summary>
    /// Whether a union's alternative, through references, is of <paramref name="type"/>: its own type, or for an
    /// object, properties or allOf parts without a type.
    /// </summary>
    private bool IsOfType(IOpenApiSchema alternative, JsonSchemaType type)
    {
        var target = alternative is OpenApiSchemaReference reference ? Followed(reference, out _) : alternative;
        var own = target?.Type & ~JsonSchemaType.Null ?? 0;
        return target is not null
            && (own == type || (own == 0 && type == JsonSchemaType.Object && (target.Properties is { Count: > 0 } || target.AllOf is { Count: > 0 })));
    }

    /// <summary>
    /// Whether a union's part allows only null: <c>{type: 'null'}</c> (or <c>['null']</c>), <c>{const: null}</c> or
    /// <c>{enum: [null]}</c>, with nothing that adds a type. The reader keeps no JSON null of <c>const</c> and
    /// <c>enum</c>, so those are read from the spec as written.
    /// </summary>
    private bool IsNullOnly(IOpenApiSchema? part, string pointer)
    {
        if (part is null or OpenApiSchemaReference
            || part.Properties is { Count: > 0 } || part.Items is not null || part.AdditionalProperties is not null
            || part.AllOf is { Count: > 0 } || part.OneOf is { Count: > 0 } || part.AnyOf is { Count: > 0 } || part.Not is not null)
        {
            return false;
        }

        if (RawNode(pointer) is not JsonObject written)
        {
            return part.Type == JsonSchemaType.Null && part.Enum is not { Count: > 0 };
        }

        // A const or an enum may list null alone; one that lists anything else allows that too.
        var constNull = written.TryGetPropertyValue("const", out var constant) && constant is null;
        var enumNull = written.TryGetPropertyValue("enum", out var listed) && listed is JsonArray values && values.Count > 0 && values.All(value => value is null);
        if ((written.ContainsKey("const") && !constNull) || (written.ContainsKey("enum") && !enumNull))
        {
            return false;
        }

        return part.Type == JsonSchemaType.Null
            || (part.Type is null && (constNull || enumNull)
                && written.All(member => member.Key is "const" or "enum" || AnnotationKeywords.Contains(member.Key) || member.Key.StartsWith("x-", StringComparison.Ordinal)));
    }

    private static bool IsTrue(JsonNode? written, string keyword) =>
        written is JsonObject obj && obj[keyword] is JsonValue flag && flag.TryGetValue<bool>(out var value) && value;

    private static string AllOfPointer(string pointer, int index) => SpecPointer.Append(SpecPointer.Append(pointer, "allOf"), index);

    /// <summary>
    /// The keywords an allOf part may hold and still add no type: it says what the object requires, documents it or
    /// makes it nullable. Extensions (<c>x-</c>) too.
    /// </summary>
    private static readonly HashSet<string> AnnotationKeywords = new(StringComparer.Ordinal)
    {
        "required", "description", "nullable", "title", "example", "examples", "deprecated", "readOnly", "writeOnly", "externalDocs", "$comment",
    };

    /// <summary>
    /// Whether an allOf part only annotates: written in place (no reference), with annotation keywords alone, at
    /// most <c>type: object</c>, which the object it is part of says already, and a oneOf or anyOf that only says
    /// which members are required (<see cref="IsRequiredRule"/>).
    /// </summary>
    private bool IsAnnotationPart(IOpenApiSchema? part, string pointer) =>
        part is not null and not OpenApiSchemaReference
        && RawNode(pointer) is JsonObject written
        && written.All(member => AnnotationKeywords.Contains(member.Key) || member.Key.StartsWith("x-", StringComparison.Ordinal)
            || (member.Key == "type" && member.Value is JsonValue type && type.TryGetValue<string>(out var name) && name == "object")
            || (member.Key is "oneOf" or "anyOf" && IsRequiredRule(part, pointer, member.Key)));

    /// <summary>The indexes of the allOf parts that do not only annotate, in order.</summary>
    private List<int> TypedParts(IOpenApiSchema schema, string pointer)
    {
        var typed = new List<int>();
        for (var index = 0; index < (schema.AllOf?.Count ?? 0); index++)
        {
            if (!IsAnnotationPart(schema.AllOf![index], AllOfPointer(pointer, index)))
            {
                typed.Add(index);
            }
        }

        return typed;
    }

    /// <summary>
    /// Whether the schema or one of its annotating parts requires members, or says by a oneOf or anyOf which ones are,
    /// which makes a type of its own.
    /// </summary>
    private bool RequiresMembers(IOpenApiSchema schema, string pointer) =>
        schema.Required is { Count: > 0 }
        || Enumerable.Range(0, schema.AllOf?.Count ?? 0).Any(index => schema.AllOf![index] is { } part && IsAnnotationPart(part, AllOfPointer(pointer, index))
            && (part.Required is { Count: > 0 } || UnionKeywords.Any(keyword => IsRequiredRule(part, AllOfPointer(pointer, index), keyword))));

    /// <summary>
    /// What the parts of an allOf that only annotate say of the value (the first description, and whether any says
    /// deprecated, readOnly or writeOnly), for what the schema does not say itself.
    /// </summary>
    private (string? Description, bool Deprecated, bool ReadOnly, bool WriteOnly) PartAnnotations(IOpenApiSchema? schema, string pointer)
    {
        (string? Description, bool Deprecated, bool ReadOnly, bool WriteOnly) said = default;
        if (schema is OpenApiSchemaReference || schema?.AllOf is not { Count: > 0 } parts)
        {
            return said;
        }

        for (var index = 0; index < parts.Count; index++)
        {
            if (parts[index] is { } part && IsAnnotationPart(part, AllOfPointer(pointer, index)))
            {
                said = (said.Description ?? Text(part.Description), said.Deprecated || part.Deprecated, said.ReadOnly || part.ReadOnly, said.WriteOnly || part.WriteOnly);
            }
        }

        return said;
    }

    /// <summary>
    /// Resolves an array item or map value, and whether it may be JSON null. A value of any JSON holds null itself
    /// (a <c>JsonElement</c> of that kind), so it is never made nullable.
    /// </summary>
    private TypeRef ResolveElement(IOpenApiSchema? schema, string pointer, string contextName, out bool nullable)
    {
        var type = Resolve(schema, pointer, contextName, out nullable);
        nullable &= type.Kind != TypeKind.Any;
        return type;
    }

    private TypeRef ResolveReference(OpenApiSchemaReference reference, string pointer, out bool nullable, out string? format)
    {
        nullable = false;
        format = null;
        var id = reference.Reference?.Id;
        // UnresolvedReference is "Reference is null || Target is null": each reading of Target looks it up anew.
        if (reference.Reference is null || Target(reference) is null || id is null || !_componentSchemas.TryGetValue(id, out var target))
        {
            if (RawNode(pointer) is JsonObject holder && holder["$ref"] is null && holder["$dynamicRef"] is JsonValue && ScalarText(holder["$dynamicRef"]) is { } dynamic)
            {
                // JSON Schema 2020-12's $dynamicRef, which the reader keeps as a reference it cannot resolve: what is
                // true is that it is not followed, not that its target is missing.
                Report(DiagnosticCatalog.NotKept, SpecPointer.Append(pointer, "$dynamicRef"), Display(pointer), $"the dynamic reference '{dynamic}' ($dynamicRef) is not followed: dynamic references are not supported, and the value is generated as System.Text.Json.JsonElement; {DynamicReferenceAdvice(dynamic)}");
                return TypeRef.Any;
            }

            var text = WrittenReference(pointer, reference.Reference?.ReferenceV3, "#/components/schemas/" + id);
            Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(pointer, "$ref"), text, Display(pointer), ValueIsAny);
            return TypeRef.Any;
        }

        nullable = (target.Type is { } flags && (flags & JsonSchemaType.Null) != 0) || WrittenNullable(target, ComponentPointer(id));
        if (_componentTypes.TryGetValue(id, out var type))
        {
            // An enum is the component's own string schema.
            format = type.Kind == TypeKind.Enum ? target.Format : null;
            return type;
        }

        if (_aliases.TryGetValue(id, out var resolved))
        {
            nullable |= resolved.Nullable;
            format = resolved.Format;
            return resolved.Type;
        }

        // A component that is neither an object nor an enum is an alias: it maps to the shape it names.
        if (!_aliasesInProgress.Add(id))
        {
            Report(DiagnosticCatalog.UnsupportedSchema, ComponentPointer(id), Display(ComponentPointer(id)), "a reference cycle without an object in it");
            return TypeRef.Any;
        }

        var alias = Resolve(target, ComponentPointer(id), Naming.MakeIdentifier(Naming.ToPascal(id), "Schema"), out var aliasNullable, out format);
        nullable |= aliasNullable;
        _aliasesInProgress.Remove(id);
        _aliases[id] = new AliasResolution(alias, aliasNullable, format);
        return alias;
    }

    private static readonly string[] UnionKeywords = { "oneOf", "anyOf" };

    private string? Unsupported(IOpenApiSchema schema, string pointer) =>
        schema.OneOf is { Count: > 0 } && !IsRuleOfRequired(schema, pointer, "oneOf") ? "oneOf"
        : schema.AnyOf is { Count: > 0 } && !IsRuleOfRequired(schema, pointer, "anyOf") ? "anyOf"
        : schema.Not is not null ? "not"
        : schema.Discriminator is not null ? "a discriminator"
        : null;

    /// <summary>
    /// Whether the <paramref name="keyword"/> (oneOf or anyOf) of an object only says which of its members are required,
    /// its parts holding nothing else but annotations (<c>oneOf: [{required: [backup_id]}, {required: [restore_time]}]</c>,
    /// "give one or the other"): a rule between the members, which the record does not check, not a type of its own.
    /// </summary>
    /// <remarks>An allOf part that holds only such a rule is an annotation of the object it is part of (<see cref="IsAnnotationPart"/>).</remarks>
    private bool IsRuleOfRequired(IOpenApiSchema schema, string pointer, string keyword) =>
        (schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 0 }) && IsRequiredRule(schema, pointer, keyword);

    /// <summary>Whether every part of the schema's <paramref name="keyword"/> (oneOf or anyOf) only names required members, beside annotations.</summary>
    private bool IsRequiredRule(IOpenApiSchema schema, string pointer, string keyword)
    {
        var parts = keyword == "oneOf" ? schema.OneOf : schema.AnyOf;
        return parts is { Count: > 0 }
            && Enumerable.Range(0, parts.Count).All(index => parts[index] is { Required: { Count: > 0 } } && IsAnnotationPart(parts[index], SpecPointer.Append(SpecPointer.Append(pointer, keyword), index)));
    }

    /// <summary>
    /// Reports the enum of a number or boolean schema, which only string enums make a type of: the value is the
    /// plain C# type, its listed values become no members and are not checked, and names that
    /// <c>x-enum-varnames</c> or <c>x-enum-descriptions</c> give them are dropped; without this the spec's values
    /// and names went without a word.
    /// </summary>
    private void ReportScalarEnum(IOpenApiSchema schema, string pointer, string kind, string type)
    {
        if (schema.Enum is not { Count: > 0 })
        {
            return;
        }

        var named = ExtensionNode(schema.Extensions, "x-enum-varnames") is not null || ExtensionNode(schema.Extensions, "x-enum-descriptions") is not null;
        var at = SpecPointer.Append(pointer, "enum");
        Report(
            DiagnosticCatalog.NotKept,
            at,
            Display(at),
            $"the enum of {(kind == "integer" ? "an" : "a")} {kind} schema is not a type of its own (only string enums are): the value is {type}, and the listed values are neither members nor checked"
                + (named ? "; the names of x-enum-varnames and x-enum-descriptions are not used" : string.Empty));
    }

    /// <summary>
    /// Reports the const of a string schema in a JSON spec that is a number or boolean, as a value of its enum is: JSON
    /// writes every string in quotes, so 12 there is no string. (A plain YAML 12 is text its author left unquoted.)
    /// </summary>
    private void ReportUnquotedConst(string pointer)
    {
        if (_isJson && RawNode(pointer) is JsonObject written && written["const"] is JsonValue constant
            && constant.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
        {
            var at = SpecPointer.Append(pointer, "const");
            Report(DiagnosticCatalog.WrongValueType, at, _context.SpecFileName, Display(at), constant.ToJsonString(), "a string as the const of a string schema (in JSON, a value in quotes)");
        }
    }

    private static bool IsStringEnum(IOpenApiSchema schema) =>
        schema is not OpenApiSchemaReference
        && schema.Enum is { Count: > 0 } values
        && (schema.Type & ~JsonSchemaType.Null) is JsonSchemaType.String or null
        && values.All(value => value is null || (value is JsonValue scalar && scalar.TryGetValue<string>(out _)) || schema.Type is not null);

    /// <summary>
    /// An object with properties, or an allOf that makes a type of its own: its parts are objects (through references,
    /// also to aliases) or only annotate, and there are two objects, or properties or required names beside one.
    /// </summary>
    private bool IsObjectSchema(IOpenApiSchema? schema, string pointer) => IsObjectSchema(schema, pointer, 0);

    private bool IsObjectSchema(IOpenApiSchema? schema, string pointer, int depth)
    {
        if (schema is null || depth > MaxSchemaDepth || schema is OpenApiSchemaReference || Unsupported(schema, pointer) is not null)
        {
            return false;
        }

        var type = schema.Type & ~JsonSchemaType.Null;
        if (type is not (JsonSchemaType.Object or null))
        {
            return false;
        }

        if (schema.AllOf is { Count: > 0 } parts)
        {
            var objects = 0;
            for (var index = 0; index < parts.Count; index++)
            {
                var partPointer = AllOfPointer(pointer, index);
                if (IsAnnotationPart(parts[index], partPointer))
                {
                    continue;
                }

                if (!IsObjectPart(parts[index], partPointer, depth + 1))
                {
                    return false;
                }

                objects++;
            }

            return objects > 1 || schema.Properties is { Count: > 0 } || (objects == 1 && RequiresMembers(schema, pointer));
        }

        return schema.Properties is { Count: > 0 };
    }

    /// <summary>
    /// Whether an allOf part is an object. A referenced component is judged once for each depth it is reached at
    /// (the answer depends on nothing else): parts that name the same component again and again, level after level
    /// (<c>A1: allOf: [A2, A2]</c>, <c>A2: allOf: [A3, A3]</c>, ...), would otherwise be walked once per path, 2^n times.
    /// </summary>
    /// <remarks>
    /// A union that <see cref="SoleAlternative"/> reads as one type (<c>anyOf: [{$ref: ...}, {type: 'null'}]</c>) is
    /// judged by its alternative, as it is read everywhere else.
    /// </remarks>
    private bool IsObjectPart(IOpenApiSchema? part, string pointer, int depth)
    {
        if (depth > MaxSchemaDepth)
        {
            return false;
        }

        if (part is not OpenApiSchemaReference reference)
        {
            return part is not null && SoleAlternative(part, pointer) is { } alternative
                ? IsObjectPart(alternative.Schema, AlternativePointer(pointer, alternative), depth + 1)
                : IsObjectSchema(part, pointer, depth);
        }

        if (Followed(reference, out var targetPointer) is not { } target)
        {
            return false;
        }

        if (!_objectComponents.TryGetValue((target, depth), out var isObject))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            isObject = SoleAlternative(target, targetPointer) is { } alternative
                ? IsObjectPart(alternative.Schema, AlternativePointer(targetPointer, alternative), depth + 1)
                : IsObjectSchema(target, targetPointer, depth);
            _objectComponents[(target, depth)] = isObject;
        }

        return isObject;
    }

    /// <summary>The pointer of the alternative that <see cref="SoleAlternative"/> found in the schema at <paramref name="pointer"/>.</summary>
    private static string AlternativePointer(string pointer, (IOpenApiSchema Schema, string Keyword, int Index, bool AllowsNull) alternative) =>
        SpecPointer.Append(SpecPointer.Append(pointer, alternative.Keyword), alternative.Index);

    /// <summary>
    /// The schema a reference leads to, through components that are references themselves (aliases), and the pointer of
    /// the component it is; null when a reference does not resolve or they go round.
    /// </summary>
    private IOpenApiSchema? Followed(OpenApiSchemaReference reference, out string pointer)
    {
        pointer = string.Empty;
        IOpenApiSchema current = reference;
        for (var hops = 0; current is OpenApiSchemaReference next; hops++)
        {
            if (hops > MaxSchemaDepth || next.Reference?.Id is not { } id || Target(next) is not { } target)
            {
                return null;
            }

            pointer = ComponentPointer(id);
            current = _componentSchemas.TryGetValue(id, out var component) && component is OpenApiSchemaReference ? component : target;
        }

        return current;
    }

    /// <summary>Why a schema that <see cref="IsObjectSchema(IOpenApiSchema?, string)"/> refuses is no object: the first part that is not, and what it is.</summary>
    /// <remarks>Null when the parts nest deeper than <see cref="MaxSchemaDepth"/>, where the check stops and counts them as no object.</remarks>
    private string? NotAnObject(IOpenApiSchema schema, string pointer, int depth = 0)
    {
        if (depth > MaxSchemaDepth)
        {
            return null;
        }

        // A union read as its one alternative is that alternative, here as everywhere else.
        if (SoleAlternative(schema, pointer) is { } alternative)
        {
            var alternativePointer = AlternativePointer(pointer, alternative);
            return alternative.Schema is not OpenApiSchemaReference reference
                ? NotAnObject(alternative.Schema, alternativePointer, depth + 1)
                : Followed(reference, out var targetPointer) is { } target
                    ? NotAnObject(target, targetPointer, depth + 1)
                    : $"{Display(alternativePointer)} refers to a schema that does not resolve";
        }

        if (Unsupported(schema, pointer) is { } construct)
        {
            return $"{Display(pointer)} uses {construct}";
        }

        if ((schema.Type & ~JsonSchemaType.Null) is { } type and not (JsonSchemaType.Object or 0))
        {
            return $"{Display(pointer)} is of type {type.ToString().ToLowerInvariant()}, not an object";
        }

        if (schema.AllOf is { Count: > 0 } parts && depth <= MaxSchemaDepth)
        {
            for (var index = 0; index < parts.Count; index++)
            {
                var partPointer = AllOfPointer(pointer, index);
                if (IsAnnotationPart(parts[index], partPointer) || IsObjectPart(parts[index], partPointer, depth + 1))
                {
                    continue;
                }

                if (parts[index] is not OpenApiSchemaReference reference)
                {
                    return parts[index] is { } part ? NotAnObject(part, partPointer, depth + 1) : $"{Display(partPointer)} is empty";
                }

                return Followed(reference, out var targetPointer) is { } target
                    ? NotAnObject(target, targetPointer, depth + 1)
                    : $"{Display(partPointer)} refers to a schema that does not resolve";
            }
        }

        if (RawNode(pointer) is JsonObject written && schema.Type is null && schema.Properties is not { Count: > 0 } && schema.AllOf is not { Count: > 0 })
        {
            var keywords = written.Select(member => member.Key).Where(key => !AnnotationKeywords.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal)).ToList();
            if (keywords.Count > 0)
            {
                return $"{Display(pointer)} has no type and no properties, but holds {string.Join(", ", keywords)}, which is more than an annotation";
            }
        }

        return $"{Display(pointer)} is an object without properties";
    }

    /// <summary>What <see cref="IsObjectPart"/> found for a referenced schema at a depth.</summary>
    private readonly Dictionary<(IOpenApiSchema Schema, int Depth), bool> _objectComponents = new(SchemaAtDepthComparer.Instance);

    /// <summary>Compares schemas by identity (they are the reader's objects) and depths by value.</summary>
    private sealed class SchemaAtDepthComparer : IEqualityComparer<(IOpenApiSchema Schema, int Depth)>
    {
        public static readonly SchemaAtDepthComparer Instance = new();

        public bool Equals((IOpenApiSchema Schema, int Depth) x, (IOpenApiSchema Schema, int Depth) y) => ReferenceEquals(x.Schema, y.Schema) && x.Depth == y.Depth;

        public int GetHashCode((IOpenApiSchema Schema, int Depth) obj) => unchecked(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Schema) * 397) ^ obj.Depth;
    }

    private string ClaimTypeName(string rawName, string pointer)
    {
        var wanted = Naming.MakeIdentifier(Naming.ToPascal(rawName), "Schema");
        if (Naming.IsRewritten(rawName, wanted))
        {
            Report(DiagnosticCatalog.IdentifierRewritten, pointer, rawName, Display(pointer), wanted);
        }

        return ClaimInlineName(wanted, pointer, rawName);
    }

    private string ClaimInlineName(string wanted, string pointer, string? rawName = null)
    {
        var (name, takenBy) = _types.Claim(wanted, new Place("schema", pointer));
        if (takenBy is not null)
        {
            Report(DiagnosticCatalog.NameCollision, pointer, rawName ?? wanted, Display(pointer), wanted, takenBy, name);
        }

        return name;
    }

    /// <summary>The members every record has, held once for the member scopes of all the records.</summary>
    private static readonly IReadOnlyDictionary<string, object> RecordMembers = NameScope.Shared(GeneratedNames.RecordMembers, "a member every record has");

    /// <summary>The members every open enum has, held once for the member scopes of all the enums.</summary>
    private static readonly IReadOnlyDictionary<string, object> EnumMembers = NameScope.Shared(GeneratedNames.EnumMembers, "a member every open enum has");

    private static NameScope MemberScope(string typeName, IReadOnlyDictionary<string, object> reserved)
    {
        var members = new NameScope(reserved);
        members.Reserve(typeName, "the type itself");
        return members;
    }

    /// <summary>
    /// Claims a member or parameter name in <paramref name="scope"/>: reports a spec name that is no C# identifier
    /// (DDMG301, unless <paramref name="reportRewrite"/> is false) and a name already taken (DDMG302).
    /// </summary>
    private string ClaimMember(NameScope scope, string rawName, string wanted, string pointer, string what, bool reportRewrite = true)
    {
        if (reportRewrite && Naming.IsRewritten(rawName, wanted))
        {
            Report(DiagnosticCatalog.IdentifierRewritten, pointer, rawName, Display(pointer), wanted);
        }

        var (name, takenBy) = scope.Claim(wanted, new Place(what, pointer), "Value");
        if (takenBy is not null)
        {
            Report(DiagnosticCatalog.NameCollision, pointer, rawName, Display(pointer), wanted, takenBy, name);
        }

        return name;
    }

    /// <summary>Whether a schema as written says anything of a value: not <c>true</c> (read as <c>{}</c>) nor <c>false</c>.</summary>
    private bool TypesSomething(JsonNode? schema, string pointer) => schema is JsonObject { Count: > 0 } && !_falseSchemas.Contains(pointer);

    /// <summary>The keywords besides additionalProperties that type the members an object does not name.</summary>
    private static readonly string[] UnnamedMemberKeywords = { "patternProperties", "unevaluatedProperties" };

    private void BuildObject(string name, IOpenApiSchema schema, string pointer)
    {
        var members = MemberScope(name, RecordMembers);
        if (schema.AdditionalProperties is not null)
        {
            var at = SpecPointer.Append(pointer, "additionalProperties");
            Report(DiagnosticCatalog.NotKept, at, Display(at), "the object has named properties, so it is a record of those: members besides them are not typed, only kept as sent");
        }

        // OpenAPI 3.1 (JSON Schema) types those members with these too; false (no other member) and true (any) type nothing.
        if (RawNode(pointer) is JsonObject written)
        {
            foreach (var keyword in UnnamedMemberKeywords)
            {
                var at = SpecPointer.Append(pointer, keyword);
                var types = written[keyword] is JsonObject value
                    && (keyword == "patternProperties" ? value.Any(pattern => TypesSomething(pattern.Value, SpecPointer.Append(at, pattern.Key))) : TypesSomething(value, at));
                if (types)
                {
                    Report(DiagnosticCatalog.NotKept, at, Display(at), "the object has named properties, so it is a record of those: members besides them are not typed, only kept as sent");
                }
            }
        }

        var properties = new List<PropertyModel>();
        var seen = new Dictionary<string, (IOpenApiSchema Schema, string Pointer)>(StringComparer.Ordinal);
        var parts = ObjectParts(schema, pointer);
        var required = new HashSet<string>(parts.SelectMany(part => part.Schema.Required ?? Enumerable.Empty<string>()), StringComparer.Ordinal);
        var declared = new HashSet<string>(parts.SelectMany(part => part.Schema.Properties?.Keys ?? Enumerable.Empty<string>()), StringComparer.Ordinal);
        // Each part written here says what it requires; a part taken through a $ref is its component's to report.
        foreach (var (part, partPointer) in parts.Where(part => part.Pointer == pointer || part.Pointer.StartsWith(pointer + "/allOf/", StringComparison.Ordinal)))
        {
            foreach (var ghost in (part.Required ?? Enumerable.Empty<string>()).Where(name => !declared.Contains(name)).Distinct(StringComparer.Ordinal))
            {
                var at = SpecPointer.Append(partPointer, "required");
                Report(DiagnosticCatalog.NotKept, at, Display(at), $"'{ghost}' is required but is not a property of the schema, so the record has no member for it and reading does not demand it");
            }
        }

        foreach (var (part, partPointer) in parts.Where(part => part.Pointer == pointer || part.Pointer.StartsWith(pointer + "/allOf/", StringComparison.Ordinal)))
        {
            foreach (var keyword in UnionKeywords.Where(keyword => IsRequiredRule(part, partPointer, keyword)))
            {
                var at = SpecPointer.Append(partPointer, keyword);
                Report(DiagnosticCatalog.NotKept, at, Display(at), $"the {keyword} only says which members are required, a rule the record does not check: reading demands none of the members it names");
            }
        }

        var memberNames = ClaimPropertyNames(members, parts);
        var firsts = new List<string>();
        foreach (var (owner, ownerPointer) in parts)
        {
            if (owner.Properties is null)
            {
                continue;
            }

            foreach (var property in owner.Properties)
            {
                var propertyPointer = SpecPointer.Append(SpecPointer.Append(ownerPointer, "properties"), property.Key);
                if (seen.TryGetValue(property.Key, out var first))
                {
                    // One member per name, made from the first declaration: a later part that declares the name
                    // otherwise (another type, format or description) would be lost without a word.
                    if (!SameSchema(first.Schema, first.Pointer, property.Value, propertyPointer))
                    {
                        Report(DiagnosticCatalog.NotKept, propertyPointer, Display(propertyPointer), $"the property '{property.Key}' is declared again, otherwise than at {Display(first.Pointer)}: the record has one member for it, made from that first declaration, so this one is not kept (declare the property in one part only)");
                    }

                    continue;
                }

                seen.Add(property.Key, (property.Value, propertyPointer));
                firsts.Add(property.Key);
            }
        }

        // The members are built in the ordinal order of their JSON names, so that the inline schemas in them claim
        // their type names (FooAB for a.b and for a_b alike) in an order the spec's does not change, and are then
        // kept in the spec's order.
        var order = new int[firsts.Count];
        for (var index = 0; index < order.Length; index++)
        {
            order[index] = index;
        }

        Array.Sort(order, (x, y) => string.CompareOrdinal(firsts[x], firsts[y]));
        var models = new PropertyModel[firsts.Count];
        var extensionsOf = new IDictionary<string, IOpenApiExtension>?[firsts.Count];
        foreach (var index in order)
        {
            var key = firsts[index];
            var (propertySchema, propertyPointer) = seen[key];
            _at = propertyPointer;
            models[index] = BuildProperty(name, memberNames[key], key, propertySchema, required.Contains(key), propertyPointer, out extensionsOf[index]);
        }

        for (var index = 0; index < firsts.Count; index++)
        {
            var (propertySchema, propertyPointer) = seen[firsts[index]];
            _at = propertyPointer;
            properties.Add(models[index]);
            NoteErrorRole(name, models[index], propertySchema, extensionsOf[index], propertyPointer);
        }

        var annotations = PartAnnotations(schema, pointer);
        var objectModel = new ObjectModel(name, Text(schema.Description) ?? annotations.Description, properties.ToEquatableArray(), schema.Deprecated || annotations.Deprecated, Origin(pointer));
        _objects.Add(objectModel);
        if (!_objectsByName.ContainsKey(name))
        {
            _objectsByName.Add(name, objectModel);
        }
    }

    /// <summary>
    /// Whether two schemas are one: references to the same component, or schemas written the same way (member for
    /// member, in any order).
    /// </summary>
    private bool SameSchema(IOpenApiSchema first, string firstPointer, IOpenApiSchema second, string secondPointer)
    {
        if (first is OpenApiSchemaReference { Reference.Id: { } firstId } && second is OpenApiSchemaReference { Reference.Id: { } secondId })
        {
            return firstId == secondId;
        }

        return RawNode(firstPointer) is { } firstWritten
            && RawNode(secondPointer) is { } secondWritten
            && System.Text.Json.Nodes.JsonNode.DeepEquals(firstWritten, secondWritten);
    }

    /// <summary>
    /// The schema and, for allOf, each part it is made of, with their pointers, in the order they are written. A
    /// component that two parts name (directly or deeper down) is walked once, where it is first reached: a second
    /// walk would yield again only what the first did, and parts that name the same component level after level
    /// (<c>A1: allOf: [A2, A2]</c>, <c>A2: allOf: [A3, A3]</c>, ...) would be walked 2^n times.
    /// </summary>
    private List<(IOpenApiSchema Schema, string Pointer)> ObjectParts(IOpenApiSchema schema, string pointer)
    {
        var parts = new List<(IOpenApiSchema Schema, string Pointer)>();
        if (schema.AllOf is not { Count: > 0 })
        {
            parts.Add((schema, pointer));
            return parts;
        }

        // The depth each component was walked at: one reached again less deep is walked again, as the depth bound cuts less of it.
        var shallowest = new Dictionary<IOpenApiSchema, int>(SchemaIdentityComparer.Instance);
        CollectObjectParts(schema, pointer, 0, parts, shallowest);
        return parts;
    }

    private void CollectObjectParts(IOpenApiSchema schema, string pointer, int depth, List<(IOpenApiSchema Schema, string Pointer)> parts, Dictionary<IOpenApiSchema, int> shallowest)
    {
        // A part written as a union read as its one alternative (a nullable reference in 3.1) adds that alternative's members.
        if (depth > 0 && depth <= MaxSchemaDepth && SoleAlternative(schema, pointer) is { } alternative)
        {
            CollectObjectPart(alternative.Schema, AlternativePointer(pointer, alternative), depth, parts, shallowest);
            return;
        }

        if (schema.AllOf is { Count: > 0 } allOf && depth <= MaxSchemaDepth)
        {
            for (var index = 0; index < allOf.Count; index++)
            {
                if (allOf[index] is { } part)
                {
                    CollectObjectPart(part, AllOfPointer(pointer, index), depth, parts, shallowest);
                }
            }
        }

        parts.Add((schema, pointer));
    }

    /// <summary>Walks one part of the schema at <paramref name="depth"/>, through a reference once per depth.</summary>
    private void CollectObjectPart(IOpenApiSchema part, string pointer, int depth, List<(IOpenApiSchema Schema, string Pointer)> parts, Dictionary<IOpenApiSchema, int> shallowest)
    {
        if (part is OpenApiSchemaReference reference && Followed(reference, out var targetPointer) is { } target)
        {
            if (shallowest.TryGetValue(target, out var walkedAt) && walkedAt <= depth + 1)
            {
                return;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            shallowest[target] = depth + 1;
            CollectObjectParts(target, targetPointer, depth + 1, parts, shallowest);
        }
        else
        {
            CollectObjectParts(part, pointer, depth + 1, parts, shallowest);
        }
    }

    /// <summary>Compares schemas by identity: they are the reader's objects.</summary>
    private sealed class SchemaIdentityComparer : IEqualityComparer<IOpenApiSchema>
    {
        public static readonly SchemaIdentityComparer Instance = new();

        public bool Equals(IOpenApiSchema? x, IOpenApiSchema? y) => ReferenceEquals(x, y);

        public int GetHashCode(IOpenApiSchema obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>
    /// Claims the member name of each property an object's parts declare (at its first declaration), as
    /// <see cref="ClaimMembers"/> orders them: not in the order of the spec, so that moving a property renames no member.
    /// </summary>
    private Dictionary<string, string> ClaimPropertyNames(NameScope members, IEnumerable<(IOpenApiSchema Schema, string Pointer)> parts)
    {
        var declarations = new List<MemberClaim>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (owner, ownerPointer) in parts)
        {
            foreach (var key in owner.Properties?.Keys ?? Enumerable.Empty<string>())
            {
                if (declared.Add(key))
                {
                    declarations.Add(new MemberClaim(key, PropertyName(key), SpecPointer.Append(SpecPointer.Append(ownerPointer, "properties"), key), key));
                }
            }
        }

        var claimed = ClaimMembers(members, declarations, "property");
        var names = new Dictionary<string, string>(declarations.Count, StringComparer.Ordinal);
        for (var index = 0; index < declarations.Count; index++)
        {
            names.Add(declarations[index].Raw, claimed[index]);
        }

        return names;
    }

    /// <summary>A member name to claim: the spec's name, the C# name made from it, where it stands, and its JSON text.</summary>
    /// <param name="Text">
    /// What tells two claims of one spec name apart: the property's JSON name, or the enum value (two values may be
    /// given one name by x-enum-varnames).
    /// </param>
    private readonly record struct MemberClaim(string Raw, string Wanted, string Pointer, string Text);

    /// <summary>
    /// Claims a member name for each of <paramref name="claims"/> (the properties of a record, the values of an enum),
    /// giving back the names at the claims' indices. Where several want one C# name, the one whose spec name is that
    /// name as written, or with a lower-case first letter (<c>instanceId</c> for <c>InstanceId</c>), keeps it, otherwise
    /// the spec name first in ordinal order (then the JSON text): the order of the spec plays no part. Every C# name
    /// wanted is given out before any suffix is, so a name with a suffix (<c>IdValue</c> for a second <c>Id</c>) never
    /// takes the name a member wants as its own (<c>id_value</c>): a member added renames only those that want the
    /// same C# name and rank after it, and one already suffixed whose name it wants as its own.
    /// </summary>
    private string[] ClaimMembers(NameScope scope, List<MemberClaim> claims, string what)
    {
        var count = claims.Count;
        if (_claimOrder.Length < count)
        {
            _claimOrder = new int[Math.Max(count, _claimOrder.Length * 2)];
        }

        var order = _claimOrder;
        for (var index = 0; index < count; index++)
        {
            order[index] = index;
        }

        _claimRank.Claims = claims;
        Array.Sort(order, 0, count, _claimRank);
        _claimRank.Claims = null;

        var names = new string[count];
        for (var at = 0; at < count; at++)
        {
            var index = order[at];
            var claim = claims[index];
            // Cap gives the name itself back when nothing is cut, as it is for all but names of hundreds of characters.
            if (!scope.IsTaken(Naming.Cap(claim.Wanted)))
            {
                names[index] = ClaimMember(scope, claim.Raw, claim.Wanted, claim.Pointer, what);
            }
        }

        for (var at = 0; at < count; at++)
        {
            var index = order[at];
            if (names[index] is null)
            {
                var claim = claims[index];
                names[index] = ClaimMember(scope, claim.Raw, claim.Wanted, claim.Pointer, what);
            }
        }

        return names;
    }

    /// <summary>The indices of the claims <see cref="ClaimMembers"/> orders, kept from call to call: the parser claims the members of every type.</summary>
    private int[] _claimOrder = new int[16];

    /// <summary>The order of <see cref="ClaimMembers"/>, one for the parser, given each call's claims in turn.</summary>
    private readonly ClaimRank _claimRank = new();

    /// <summary>
    /// Orders claim indices: a spec name that is its C# name as written (or with a lower-case first letter) first, then
    /// by spec name in ordinal order, then by JSON text, then by index, so that no two compare equal and the order does
    /// not depend on the sort.
    /// </summary>
    private sealed class ClaimRank : IComparer<int>
    {
        public List<MemberClaim>? Claims { get; set; }

        public int Compare(int x, int y)
        {
            var a = Claims![x];
            var b = Claims[y];
            var rank = (IsOwnName(a.Raw, a.Wanted) ? 0 : 1) - (IsOwnName(b.Raw, b.Wanted) ? 0 : 1);
            rank = rank != 0 ? rank : string.CompareOrdinal(a.Raw, b.Raw);
            rank = rank != 0 ? rank : string.CompareOrdinal(a.Text, b.Text);
            return rank != 0 ? rank : x - y;
        }
    }

    /// <summary>Whether a spec name is the C# name made from it as written, or that name with a lower-case first letter (<c>instanceId</c>).</summary>
    private static bool IsOwnName(string raw, string name) =>
        name.Length == raw.Length && raw.Length > 0 && char.ToUpperInvariant(raw[0]) == name[0] && string.CompareOrdinal(raw, 1, name, 1, name.Length) == 0;

    private static string PropertyName(string jsonName) => Naming.MakeIdentifier(Naming.ToPascal(jsonName), "Property");

    private PropertyModel BuildProperty(string typeName, string name, string jsonName, IOpenApiSchema? schema, bool required, string pointer, out IDictionary<string, IOpenApiExtension>? extensions)
    {

        // A property without a schema (null) allows any JSON value.
        var type = Resolve(schema, pointer, typeName + Naming.Bare(name), out var nullable, out var format);
        var read = PropertyMembers(schema);
        var annotations = PartAnnotations(schema, pointer);
        read = (Text(read.Description) ?? annotations.Description, read.Default, read.Deprecated || annotations.Deprecated, read.ReadOnly || annotations.ReadOnly, read.WriteOnly || annotations.WriteOnly, read.Extensions);
        extensions = read.Extensions;
        var description = Text(read.Description);
        // A required writeOnly property is required in requests only: answers leave it out, so reading must not demand it.
        if (required && read.WriteOnly)
        {
            required = false;
            description = (description is null ? string.Empty : description + " ") + "Requests must carry it (the spec requires it there); answers leave it out.";
        }

        // And a required readOnly property in answers only: requests leave it out, so a model made for one need not set it.
        var requiredInAnswers = required && read.ReadOnly;
        if (requiredInAnswers)
        {
            required = false;
            description = (description is null ? string.Empty : description + " ") + "Answers always carry it (the spec requires it there); requests leave it out, so it is null in a model made for one.";
        }

        // A password prints masked (the record's ToString), wherever the model is logged; its JSON keeps it. The format
        // is the one of the schema the type comes from, behind a reference, a one-part allOf or a union with null; a
        // list or map of passwords, or a value any part of whose schema says password, is masked as one.
        var secret = string.Equals(format, "password", System.StringComparison.Ordinal) || DeclaresPassword(schema);
        return new PropertyModel(name, jsonName, type, required, nullable || schema is null, description, ScalarText(read.Default), read.Deprecated, requiredInAnswers, secret);
    }

    /// <summary>
    /// Whether a value of the schema is a password or holds passwords (<c>format: password</c>): the schema itself, behind
    /// references (an alias of an alias), any part of an allOf, oneOf or anyOf, or the items of a list or the values of a
    /// map, at any depth (a list of lists, a list of maps). An object's own properties are not looked into: they are
    /// members of its model, which masks them itself, and a model that holds one is not a secret as a whole.
    /// </summary>
    private bool DeclaresPassword(IOpenApiSchema? schema)
    {
        _passwordWalk.Clear();
        return DeclaresPassword(schema, 0);
    }

    /// <summary>The schemas one walk of <see cref="DeclaresPassword(IOpenApiSchema?)"/> has looked at, so that each is looked at once.</summary>
    private readonly HashSet<IOpenApiSchema> _passwordWalk = new();

    private bool DeclaresPassword(IOpenApiSchema? schema, int depth)
    {
        while (schema is OpenApiSchemaReference reference && depth < MaxSchemaDepth)
        {
            schema = Target(reference);
            depth++;
        }

        if (schema is null or OpenApiSchemaReference || depth >= MaxSchemaDepth || !_passwordWalk.Add(schema))
        {
            return false;
        }

        if (string.Equals(schema.Format, "password", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var parts in new[] { schema.AllOf, schema.OneOf, schema.AnyOf })
        {
            if (parts is not null && parts.Any(part => DeclaresPassword(part, depth + 1)))
            {
                return true;
            }
        }

        return DeclaresPassword(schema.Items, depth + 1)
            || (schema.Properties is not { Count: > 0 } && DeclaresPassword(schema.AdditionalProperties, depth + 1));
    }

    /// <summary>
    /// What a property takes from its schema besides the type. Through a reference, each member read makes
    /// Microsoft.OpenApi look the target up anew (parsing the reference text each time): here it is looked up once,
    /// and what the reference itself sets comes first, as Microsoft.OpenApi's own members do it.
    /// </summary>
    private (string? Description, JsonNode? Default, bool Deprecated, bool ReadOnly, bool WriteOnly, IDictionary<string, IOpenApiExtension>? Extensions) PropertyMembers(IOpenApiSchema? schema)
    {
        if (schema is OpenApiSchemaReference { Reference: { } own } reference)
        {
            var target = Target(reference);
            return (
                string.IsNullOrEmpty(own.Description) ? target?.Description : own.Description,
                own.Default ?? target?.Default,
                own.Deprecated ?? target?.Deprecated ?? false,
                own.ReadOnly ?? target?.ReadOnly ?? false,
                own.WriteOnly ?? target?.WriteOnly ?? false,
                own.Extensions ?? target?.Extensions);
        }

        return (schema?.Description, schema?.Default, schema?.Deprecated ?? false, schema?.ReadOnly ?? false, schema?.WriteOnly ?? false, schema?.Extensions);
    }

    private void BuildEnum(string name, IOpenApiSchema schema, string pointer)
    {
        var values = schema.Enum!;
        var names = StringList(schema, "x-enum-varnames");
        var descriptions = StringList(schema, "x-enum-descriptions");
        // Names must pair with the values one to one; descriptions may stop early (the rest have none).
        if (ExtensionNode(schema.Extensions, "x-enum-varnames") is { } namesNode && names?.Count != values.Count)
        {
            ReportInvalidExtension(pointer, "x-enum-varnames", namesNode, $"a list of {values.Count} names, one per enum value");
            names = null;
        }

        if (ExtensionNode(schema.Extensions, "x-enum-descriptions") is { } descriptionsNode && descriptions is null)
        {
            ReportInvalidExtension(pointer, "x-enum-descriptions", descriptionsNode, "a list of descriptions, one per enum value");
        }

        var members = MemberScope(name, EnumMembers);

        var claims = new List<MemberClaim>();
        var described = new List<string?>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < values.Count; index++)
        {
            if (ScalarText(values[index]) is not { } value || !known.Add(value))
            {
                continue;
            }

            var valuePointer = SpecPointer.Append(SpecPointer.Append(pointer, "enum"), index);
            _at = valuePointer;
            if (_isJson && RawNode(valuePointer) is JsonValue written && written.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                // JSON writes every string in quotes, so 1 or true there is no string, and a member for its text would
                // take a value the schema does not allow. (A plain YAML 1.0 is text its author left unquoted.)
                Report(DiagnosticCatalog.WrongValueType, valuePointer, _context.SpecFileName, Display(valuePointer), value, "a string in the enum of a string schema (in JSON, a value in quotes)");
                continue;
            }

            var raw = names is not null && names.Count == values.Count ? names[index] : value;
            // A name with no letter or digit ("+", "-", "") is named below, once every value is known.
            var wanted = Naming.MakeIdentifier(Naming.ToPascal(raw), string.Empty);
            claims.Add(new MemberClaim(raw, wanted, valuePointer, value));
            described.Add(descriptions is not null && index < descriptions.Count ? Text(descriptions[index]) : null);
        }

        // Values whose names give none are Value0, Value1, ... by the ordinal order of their text, not by where they stand:
        // a value added before one of them, or the values reordered, renames none (only another such value whose text
        // ranks before its own moves it on by one).
        var unnamed = Enumerable.Range(0, claims.Count).Where(at => claims[at].Wanted.Length == 0).OrderBy(at => claims[at].Text, StringComparer.Ordinal).ToList();
        for (var rank = 0; rank < unnamed.Count; rank++)
        {
            claims[unnamed[rank]] = claims[unnamed[rank]] with { Wanted = "Value" + rank.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        // The members keep the order of the values; their names do not depend on it.
        var memberNames = ClaimMembers(members, claims, "value");
        var result = new List<EnumMemberModel>(claims.Count);
        for (var index = 0; index < claims.Count; index++)
        {
            result.Add(new EnumMemberModel(memberNames[index], claims[index].Text, described[index]));
        }

        ReportValuesAlikeButForCase(result, pointer);
        _enums.Add(new EnumModel(name, Text(schema.Description), result.ToEquatableArray(), Origin(pointer)));
    }

    /// <summary>
    /// Values that differ only in case (<c>abc</c>, <c>ABC</c>) become members that are equal to each other, as an open
    /// enum compares values ignoring case: each such group is reported at the enum.
    /// </summary>
    private void ReportValuesAlikeButForCase(List<EnumMemberModel> members, string pointer)
    {
        var folded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (members.TrueForAll(member => folded.Add(member.Value)))
        {
            return;
        }

        var at = SpecPointer.Append(pointer, "enum");
        foreach (var alike in members.GroupBy(member => member.Value, StringComparer.OrdinalIgnoreCase).Where(group => group.Skip(1).Any()))
        {
            var listed = string.Join(", ", alike.Select(member => "'" + member.Value + "'"));
            Report(DiagnosticCatalog.NotKept, at, Display(at), $"the values {listed} differ only in case, and the enum compares values ignoring case: its members {string.Join(", ", alike.Select(member => member.Name))} are equal to each other");
        }
    }

    /// <summary>Reports a DdmGen extension whose value is not one it takes (DDMG206), at the extension.</summary>
    private void ReportInvalidExtension(string pointer, string extension, JsonNode node, string expected)
    {
        var at = SpecPointer.Append(pointer, extension);
        var text = node is JsonValue value && value.TryGetValue<string>(out var written) ? written : node.ToJsonString();
        Report(DiagnosticCatalog.InvalidExtension, at, extension, text.Length > 100 ? text.Substring(0, 100) + "..." : text, Display(at), expected);
    }

    private static List<string>? StringList(IOpenApiSchema schema, string extension) =>
        ExtensionNode(schema.Extensions, extension) is JsonArray array
            ? array.Select(item => ScalarText(item) ?? string.Empty).ToList()
            : null;
}
