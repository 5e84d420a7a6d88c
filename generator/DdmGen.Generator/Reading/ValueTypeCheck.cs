using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Finds OpenAPI fields whose value has the wrong type (<c>minimum: one</c>, <c>readOnly: yes</c>,
/// <c>maxLength: 1.5</c>) before Microsoft.OpenApi reads the tree: it would ignore some of them silently and throw
/// a <see cref="FormatException"/> without a place for others, and a null schema makes it fail outright. Each
/// becomes a DDMG005 warning at its key and is removed, so the rest of the document is generated.
/// </summary>
/// <remarks>
/// Knows just enough of the OpenAPI structure to tell schemas apart from maps whose keys are names (a property
/// called <c>minimum</c> is a schema, not a bound): schemas are the values of <c>schema</c> and of
/// <c>components/schemas</c>, and the subschemas that JSON Schema defines. Examples, defaults, enums and
/// extensions are data and are never checked. A quoted value that parses as the expected type is accepted,
/// as Microsoft.OpenApi accepts it.
/// </remarks>
internal sealed class ValueTypeCheck
{
    private static readonly HashSet<string> Data = new(StringComparer.Ordinal) { "example", "examples", "default", "enum", "const", "links", "discriminator", "xml", "externalDocs" };
    private static readonly HashSet<string> NumberKeys = new(StringComparer.Ordinal) { "minimum", "maximum", "multipleOf" };
    private static readonly HashSet<string> ExclusiveBounds = new(StringComparer.Ordinal) { "exclusiveMinimum", "exclusiveMaximum" };
    private static readonly HashSet<string> CountKeys = new(StringComparer.Ordinal) { "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains" };
    private static readonly HashSet<string> SchemaFlags = new(StringComparer.Ordinal) { "nullable", "readOnly", "writeOnly", "uniqueItems", "deprecated" };
    private static readonly HashSet<string> OperationFlags = new(StringComparer.Ordinal) { "required", "deprecated", "explode", "allowReserved", "allowEmptyValue" };
    private static readonly HashSet<string> SubschemaKeys = new(StringComparer.Ordinal) { "items", "not", "contains", "if", "then", "else", "propertyNames", "contentSchema", "additionalItems" };
    private static readonly HashSet<string> SchemaOrFlagKeys = new(StringComparer.Ordinal) { "additionalProperties", "unevaluatedProperties", "unevaluatedItems" };
    private static readonly HashSet<string> SubschemaMaps = new(StringComparer.Ordinal) { "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" };
    private static readonly HashSet<string> SubschemaLists = new(StringComparer.Ordinal) { "allOf", "anyOf", "oneOf", "prefixItems" };

    /// <summary>
    /// Fields that hold text. The reader fails on a mapping or a list in one ("Expected scalar value", an error that
    /// stops the document, placed at the list that holds it for a tag); a scalar it reads as text.
    /// </summary>
    private static readonly HashSet<string> TextKeys = new(StringComparer.Ordinal) { "description", "summary", "title" };

    /// <summary>
    /// The keywords of an OpenAPI 3.1 schema: JSON Schema 2020-12's, those of earlier drafts that readers still take, and
    /// OpenAPI's own. The reader keeps any other key without a word, so a misspelling would go unnoticed.
    /// </summary>
    private static readonly HashSet<string> SchemaKeywords31 = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary", "$comment", "$defs",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items", "contains", "properties",
        "patternProperties", "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems",
        "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
        "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required", "dependentRequired",
        "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "format", "contentEncoding", "contentMediaType",
        "contentSchema", "definitions", "dependencies", "discriminator", "xml", "externalDocs", "example",
    };

    /// <summary>Maps whose keys are names (a header called <c>x-next</c>, a response called <c>default</c>), not fields or extensions.</summary>
    private static readonly HashSet<string> NameMaps = new(StringComparer.Ordinal)
    {
        "paths", "headers", "responses", "content", "callbacks", "encoding", "variables", "parameters", "requestBodies", "securitySchemes",
        "pathItems", "webhooks",
    };

    private readonly PositionMap _positions;
    private readonly string _fileName;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly bool? _exclusiveBoundsAreFlags;
    private readonly Stack<List<KeyValuePair<string, JsonNode?>>> _lists = new();
    private readonly ICollection<string>? _falseSchemas;

    private ValueTypeCheck(JsonObject root, PositionMap positions, string fileName, List<DiagnosticInfo> diagnostics, ICollection<string>? falseSchemas)
    {
        _falseSchemas = falseSchemas;
        _positions = positions;
        _fileName = fileName;
        _diagnostics = diagnostics;
        var version = root["openapi"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        _exclusiveBoundsAreFlags = version?.StartsWith("3.0", StringComparison.Ordinal) == true ? true : version?.StartsWith("3.1", StringComparison.Ordinal) == true ? false : null;
    }

    /// <summary>
    /// Checks the document, reports each value of the wrong type and removes it from the tree, and replaces each
    /// boolean schema with the object it stands for.
    /// </summary>
    /// <param name="falseSchemas">Receives the pointer of each <c>false</c> schema (now <c>{not: {}}</c>).</param>
    public static void Run(JsonObject root, PositionMap positions, string fileName, List<DiagnosticInfo> diagnostics, ICollection<string>? falseSchemas = null) =>
        new ValueTypeCheck(root, positions, fileName, diagnostics, falseSchemas).Other(root, SpecPath.Root);

    /// <summary>Any part of the document that is not a schema; <paramref name="isNameMap"/> when its keys are names.</summary>
    private void Other(JsonNode? node, SpecPath pointer, bool isNameMap = false)
    {
        switch (node)
        {
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                {
                    if (array[index] is JsonObject or JsonArray)
                    {
                        Other(array[index], pointer.Append(index));
                    }
                }

                break;
            case JsonObject obj:
                var entries = Snapshot(obj);
                foreach (var entry in entries)
                {
                    if (!isNameMap && (entry.Key.StartsWith("x-", StringComparison.Ordinal) || Data.Contains(entry.Key)))
                    {
                        continue;
                    }

                    // A member's pointer is made only for what is walked into or reported: most members are scalars that pass.
                    if (entry.Key == "schema")
                    {
                        Schema(obj, entry.Key, pointer.Append(entry.Key));
                    }
                    else if (entry.Key == "schemas" && pointer.Is("components") && entry.Value is JsonObject schemas)
                    {
                        var child = pointer.Append(entry.Key);
                        var members = Snapshot(schemas);
                        foreach (var schema in members)
                        {
                            Schema(schemas, schema.Key, child.Append(schema.Key));
                        }

                        Return(members);
                    }
                    else if (OperationFlags.Contains(entry.Key) && entry.Value is JsonValue)
                    {
                        // Only a scalar: an object here is a map entry named like a flag (a parameter called "required").
                        Expect(obj, entry.Key, pointer, IsFlag, "true or false");
                    }
                    else if (TextKeys.Contains(entry.Key) && entry.Value is JsonObject or JsonArray && !isNameMap && pointer.Parent?.Key != "security")
                    {
                        // Not in a security requirement, whose keys name schemes and hold lists of scopes.
                        Expect(obj, entry.Key, pointer, IsText, "text");
                    }
                    else if (entry.Value is JsonObject or JsonArray)
                    {
                        Other(entry.Value, pointer.Append(entry.Key), !isNameMap && NameMaps.Contains(entry.Key));
                    }
                }

                Return(entries);
                break;
        }
    }

    /// <summary>A schema that is a member: one that is not a schema (<c>id:</c> with nothing after it) is reported and removed.</summary>
    private void Schema(JsonObject owner, string key, SpecPath pointer)
    {
        if (!IsSchema(owner[key]))
        {
            ReportNotSchema(owner[key], pointer);
            owner.Remove(key);
            return;
        }

        if (owner[key] is JsonValue flag)
        {
            owner[key] = SchemaFor(flag, pointer);
            return;
        }

        Schema(owner[key], pointer);
    }

    /// <summary>A schema that is a list item: one that is not a schema is reported and read as the empty schema.</summary>
    private void Schema(JsonArray owner, int index, SpecPath pointer)
    {
        if (!IsSchema(owner[index]))
        {
            ReportNotSchema(owner[index], pointer);
            owner[index] = new JsonObject();
            return;
        }

        if (owner[index] is JsonValue flag)
        {
            owner[index] = SchemaFor(flag, pointer);
            return;
        }

        Schema(owner[index], pointer);
    }

    /// <summary>
    /// An OpenAPI 3.1 boolean schema as the schema it stands for: <c>true</c> allows any value, as <c>{}</c> does, and
    /// <c>false</c> none, as <c>{not: {}}</c> does. Microsoft.OpenApi fails with a NullReferenceException on either in
    /// a map such as <c>properties</c>. Where a <c>false</c> stood is noted, so that what it becomes is reported as
    /// written.
    /// </summary>
    private JsonObject SchemaFor(JsonValue flag, SpecPath pointer)
    {
        if (flag.GetValueKind() == JsonValueKind.True)
        {
            return new JsonObject();
        }

        _falseSchemas?.Add(pointer.ToString());
        return new JsonObject { ["not"] = new JsonObject() };
    }

    /// <summary>
    /// A mapping, or in OpenAPI 3.1 also true or false. Microsoft.OpenApi fails with a NullReferenceException on a
    /// null or text schema inside a map such as <c>properties</c>, so none may reach it.
    /// </summary>
    private bool IsSchema(JsonNode? node) =>
        node is JsonObject || (_exclusiveBoundsAreFlags != true && node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False);

    private void ReportNotSchema(JsonNode? node, SpecPath pointer) =>
        _diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.WrongValueType, _positions.Locate(pointer.ToString()), _fileName, SpecPointer.Display(pointer.ToString()), Shown(node), "a schema (a mapping)"));

    private void Schema(JsonNode? node, SpecPath pointer)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        var entries = Snapshot(obj);
        var isReference30 = _exclusiveBoundsAreFlags == true && obj["$ref"] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String;
        foreach (var entry in entries)
        {
            var key = entry.Key;
            if (isReference30 && key != "$ref" && !key.StartsWith("x-", StringComparison.Ordinal) && !IgnoredBesideReference.Contains(key))
            {
                BesideReference30(key, pointer);
            }

            if (_exclusiveBoundsAreFlags == false && !SchemaKeywords31.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal))
            {
                NotAKeyword31(obj, key, pointer);
            }
            else if (key == "const" && entry.Value is JsonObject or JsonArray)
            {
                // JSON Schema allows any value; the reader refuses all but scalars, which stopped the whole spec.
                var at = pointer.Append(key);
                _diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.NotKept, _positions.Locate(at.ToString()), SpecPointer.Display(at.ToString()), "a const that is an object or a list is not kept: the OpenAPI reader takes only a string, number, boolean or null there, so the value is not checked"));
                obj.Remove(key);
            }
            else if (NumberKeys.Contains(key))
            {
                Expect(obj, key, pointer, IsNumber, "a number");
            }
            else if (ExclusiveBounds.Contains(key))
            {
                switch (_exclusiveBoundsAreFlags)
                {
                    case true:
                        Expect(obj, key, pointer, IsFlag, "true or false in OpenAPI 3.0");
                        break;
                    case false:
                        Expect(obj, key, pointer, IsNumber, "a number in OpenAPI 3.1");
                        break;
                    default:
                        Expect(obj, key, pointer, value => IsFlag(value) || IsNumber(value), "a number or true or false");
                        break;
                }
            }
            else if (CountKeys.Contains(key))
            {
                Expect(obj, key, pointer, IsCount, "a whole number from 0 to 2147483647");
            }
            else if (SchemaFlags.Contains(key))
            {
                Expect(obj, key, pointer, IsFlag, "true or false");
            }
            else if (TextKeys.Contains(key) && entry.Value is JsonObject or JsonArray)
            {
                Expect(obj, key, pointer, IsText, "text");
            }
            else if (SchemaOrFlagKeys.Contains(key))
            {
                if (entry.Value is JsonObject)
                {
                    Schema(entry.Value, pointer.Append(key));
                }
                else
                {
                    Expect(obj, key, pointer, IsFlag, "true, false or a schema");
                }
            }
            else if (SubschemaKeys.Contains(key))
            {
                if (entry.Value is JsonArray tuple)
                {
                    var child = pointer.Append(key);
                    for (var index = 0; index < tuple.Count; index++)
                    {
                        Schema(tuple, index, child.Append(index));
                    }
                }
                else
                {
                    Schema(obj, key, pointer.Append(key));
                }
            }
            else if (SubschemaMaps.Contains(key) && entry.Value is JsonObject map)
            {
                var child = pointer.Append(key);
                var items = Snapshot(map);
                foreach (var item in items)
                {
                    Schema(map, item.Key, child.Append(item.Key));
                }

                Return(items);
            }
            else if (SubschemaLists.Contains(key) && entry.Value is JsonArray list)
            {
                var child = pointer.Append(key);
                for (var index = 0; index < list.Count; index++)
                {
                    Schema(list, index, child.Append(index));
                }
            }
        }

        Return(entries);
    }

    /// <summary>
    /// Keys beside an OpenAPI 3.0 <c>$ref</c> whose loss changes nothing the generator makes: examples and remarks it
    /// never reads anyway.
    /// </summary>
    private static readonly HashSet<string> IgnoredBesideReference = new(StringComparer.Ordinal) { "example", "examples", "$comment", "externalDocs" };

    /// <summary>
    /// Reports a key beside a <c>$ref</c> in an OpenAPI 3.0 schema (DDMG006): 3.0 ignores every key there, and so
    /// does the reader, so <c>nullable</c>, <c>description</c> or <c>readOnly</c> written there would be lost without
    /// a word. <c>allOf</c> with the reference as its one part keeps them.
    /// </summary>
    private void BesideReference30(string key, SpecPath pointer)
    {
        var at = pointer.Append(key);
        var reason = $"'{key}' beside a $ref is ignored, as OpenAPI 3.0 ignores every key beside a reference; to keep it, write allOf: [{{$ref: ...}}] and put '{key}' beside allOf";
        _diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.OpenApiWarning, _positions.Locate(at.ToString()), _fileName, SpecPointer.Display(at.ToString()), reason));
    }

    /// <summary>
    /// Reports a key that no OpenAPI 3.1 schema defines (DDMG006; the rest is generated). <c>nullable: true</c>, OpenAPI
    /// 3.0's way, is read as what 3.1 writes for it: <c>null</c> added to the schema's <c>type</c>, when it has one.
    /// </summary>
    private void NotAKeyword31(JsonObject schema, string key, SpecPath pointer)
    {
        var reason = $"'{key}' is not a keyword of an OpenAPI 3.1 schema (a misspelling?)";
        if (key == "nullable")
        {
            var type = schema["type"] is JsonValue single && single.TryGetValue<string>(out var name) ? name : null;
            reason = $"'nullable' is OpenAPI 3.0's; OpenAPI 3.1 writes type: [{type ?? "..."}, \"null\"]";
            if (schema["type"] is JsonValue or JsonArray)
            {
                if (schema[key] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True)
                {
                    schema["type"] = schema["type"] is JsonArray types
                        ? types.Any(member => member is JsonValue value && value.TryGetValue<string>(out var text) && text == "null") ? types : Append(types, "null")
                        : new JsonArray(type, "null");
                }

                schema.Remove(key);
                reason += ", and the schema is read so";
            }
        }

        var at = pointer.Append(key);
        _diagnostics.Add(DiagnosticFactory.Create(DiagnosticCatalog.OpenApiWarning, _positions.Locate(at.ToString()), _fileName, SpecPointer.Display(at.ToString()), reason));

        static JsonArray Append(JsonArray types, string member)
        {
            types.Add(member);
            return types;
        }
    }

    /// <summary>
    /// The members of <paramref name="obj"/>, copied because a check removes what it reports; the lists are reused
    /// (one per level of the walk), so the copy costs no allocation per object.
    /// </summary>
    private List<KeyValuePair<string, JsonNode?>> Snapshot(JsonObject obj)
    {
        var list = _lists.Count > 0 ? _lists.Pop() : new List<KeyValuePair<string, JsonNode?>>();
        list.AddRange(obj);
        return list;
    }

    private void Return(List<KeyValuePair<string, JsonNode?>> list)
    {
        list.Clear();
        _lists.Push(list);
    }

    /// <summary>Reports and removes the member <paramref name="key"/> of <paramref name="owner"/> (at <paramref name="ownerPointer"/>) unless its value is accepted.</summary>
    private void Expect(JsonObject owner, string key, SpecPath ownerPointer, Func<JsonNode, bool> accepts, string expected)
    {
        var value = owner[key];
        if (value is not null && accepts(value))
        {
            return;
        }

        var pointer = ownerPointer.Append(key);
        _diagnostics.Add(DiagnosticFactory.Create(
            DiagnosticCatalog.WrongValueType,
            _positions.Locate(pointer.ToString()),
            _fileName,
            SpecPointer.Display(pointer.ToString()),
            Shown(value),
            expected));
        owner.Remove(key);
    }

    private static string Shown(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => "'" + (text.Length > 40 ? text.Substring(0, 40) + "..." : text) + "'",
        _ => value.ToJsonString(),
    };

    private static bool IsNumber(JsonNode value) =>
        value is JsonValue scalar
        && (scalar.GetValueKind() == JsonValueKind.Number
            || (scalar.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));

    private static bool IsCount(JsonNode value) =>
        value is JsonValue scalar
        && int.TryParse(scalar.GetValueKind() == JsonValueKind.Number ? scalar.ToJsonString() : scalar.TryGetValue<string>(out var text) ? text : null, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>A scalar, which the reader reads as text (a number or true too).</summary>
    private static bool IsText(JsonNode value) => value is JsonValue;

    private static bool IsFlag(JsonNode value) =>
        value is JsonValue scalar
        && (scalar.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            || (scalar.TryGetValue<string>(out var text) && bool.TryParse(text, out _)));
}
