using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Reading;

namespace DdmGen.Generator.Parsing;

internal sealed partial class Parser
{
    /// <summary>
    /// Checks every local <c>$ref</c> of the document before the OpenAPI reader sees it, and cuts those the reader
    /// cannot follow: a malformed reference (<c>#/components/schemas/</c>), one into the middle of a component, and
    /// a cycle that cannot be a type (a schema that is only a reference to itself, A -> B -> A, an allOf that
    /// contains itself). A cut reference becomes an empty schema, any JSON value, and is reported where it stands.
    /// A schema whose property refers to its own type is not a cycle here: properties, items and maps are not followed.
    /// </summary>
    private void GuardReferences(JsonNode root)
    {
        LocalizeSelfReferences(root, _input.Path, _input.Text);
        DropBlankComponentKeys(root);
        DropReferencedOperations(root);
        var holders = new List<(JsonObject Holder, string Pointer, string Text, bool IsSchema)>();
        var nodes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        CollectReferences(root, holders, nodes, kinds, parts);

        var cut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (holder, pointer, text, isSchema) in holders)
        {
            // A cut schema is any JSON value; anything else that was a reference is left an empty object, which
            // the OpenAPI reader may then refuse (a parameter without a name).
            var kind = kinds.TryGetValue(pointer, out var expected) ? expected : null;
            var consequence = isSchema ? ValueIsAny : kind == "securitySchemes" ? "requests carry no credential for it" : "the object that holds it is read as an empty object";
            if (parts.TryGetValue(pointer, out var part) && !NamesComponentOf(text, part))
            {
                // A parameter, request body or response that names no component of its kind in this document (one in
                // another file, as multi-file specs write them; an empty reference, '#', a kind without a name, another
                // kind) is read as one whose component is missing: the operation that needs it is left out, or an
                // error answer, where the emptied object stopped the whole document. The spec's text is what is reported:
                // by the operation, or here for a component, once for all the operations that name it.
                if (pointer.StartsWith("/components/", StringComparison.Ordinal))
                {
                    Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(pointer, "$ref"), text, Display(pointer), part == "responses"
                        ? "an operation whose success answer it is is not generated, and one whose error answer it is is generated without that answer"
                        : OperationsDropped);
                }

                holder["$ref"] = MissingComponent(root, part);
                _unresolvedParts[holder] = text;
                continue;
            }

            if (!text.StartsWith("#", StringComparison.Ordinal))
            {
                // An empty reference names nothing, and external documents are never loaded: neither resolves in
                // this document, and Microsoft.OpenApi throws on some of them (a URL without a fragment).
                Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(pointer, "$ref"), text, Display(pointer), consequence);
                cut.Add(pointer);
                continue;
            }

            var parsed = Reference(text);
            var tokens = parsed.Tokens;
            var target = Target(root, text, parsed);
            var isComponent = tokens is { Count: 3 } && tokens[0] == "components" && tokens[2].Trim().Length > 0;
            if (target is null && isSchema && text.Length > 1 && text[1] != '/')
            {
                // '#node' names a schema by its $anchor (or $dynamicAnchor), as JSON Schema 2020-12 allows; the OpenAPI
                // reader resolves only pointers, so it is said to be an anchor, with the component that declares it.
                Report(DiagnosticCatalog.UnsupportedSchema, SpecPointer.Append(pointer, "$ref"), Display(pointer), $"a reference by anchor ('{text}'; references by $anchor or $dynamicAnchor name are not resolved{AnchorHint(root, text.Substring(1))})");
                cut.Add(pointer);
            }
            else if (target is null)
            {
                // A well-formed reference to a missing parameter, response or request body is left to the reader, which
                // reports it; to a missing header or security scheme the reader says nothing.
                if (!isComponent || tokens![1] is "schemas" or "headers" or "securitySchemes")
                {
                    Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(pointer, "$ref"), text, Display(pointer), consequence);
                    cut.Add(pointer);
                }
            }
            else if (!isComponent)
            {
                Report(DiagnosticCatalog.UnsupportedReference, SpecPointer.Append(pointer, "$ref"), text, Display(pointer));
                cut.Add(pointer);
            }
            else if (kind is not null && tokens![1] != kind)
            {
                // The reader takes such a reference as one to a component of the kind it expects there, by the same
                // name: a header then has no diagnostic at all, and a scheme that so names itself loops in the reader.
                Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(pointer, "$ref"), text, Display(pointer), consequence);
                cut.Add(pointer);
            }
        }

        foreach (var pointer in cut)
        {
            nodes[pointer].Clear();
        }

        if (cut.Count > 0)
        {
            // A cleared holder can be one a found target lies under (the components object itself holding a $ref).
            _referenceTargets.Clear();
        }

        CutCycles(root, holders.Where(holder => !cut.Contains(holder.Pointer)).Select(holder => (holder.Holder, holder.Pointer, holder.Text)).ToList());
        CutLongChains(root, holders.Where(holder => !cut.Contains(holder.Pointer)).ToList());
    }

    /// <summary>
    /// Reports a schema dialect (<c>jsonSchemaDialect</c>, a schema's <c>$schema</c>) other than OpenAPI's own and the
    /// JSON Schema 2020-12 it extends: its keywords may mean otherwise (draft 4's <c>exclusiveMinimum</c> is a boolean),
    /// and schemas are read as OpenAPI's dialect reads them. In OpenAPI 3.0, where <c>$schema</c> is no keyword, the
    /// reader reports it as an unknown key instead.
    /// </summary>
    private void ReportDialect(string pointer, string dialect, JsonNode root)
    {
        var uri = dialect.Trim().TrimEnd('#');
        if (ScalarText(root["openapi"])?.StartsWith("3.0", StringComparison.Ordinal) == true
            || uri.StartsWith("https://spec.openapis.org/oas/3.1/dialect/", StringComparison.Ordinal)
            || uri.StartsWith("https://spec.openapis.org/oas/3.2/dialect/", StringComparison.Ordinal)
            || uri == "https://json-schema.org/draft/2020-12/schema")
        {
            return;
        }

        Report(
            DiagnosticCatalog.NotKept,
            pointer,
            Display(pointer),
            $"the schema dialect '{dialect}' is not followed: schemas are read as OpenAPI 3.1's dialect (https://spec.openapis.org/oas/3.1/dialect/base, JSON Schema 2020-12) reads them, and a keyword of another dialect may mean otherwise there (draft 4's exclusiveMinimum is a boolean, 2020-12's a number)");
    }

    /// <summary>
    /// Makes each reference that names the document's own URI, OpenAPI 3.2's <c>$self</c>, the local reference it is
    /// (<c>https://example.com/api.yaml#/components/schemas/A</c> in a document whose <c>$self</c> is
    /// <c>https://example.com/api.yaml</c> is <c>#/components/schemas/A</c>), where it was taken for another document.
    /// A reference is resolved against <c>$self</c> first, so <c>api.yaml#/components/schemas/A</c> is local there too,
    /// and a relative <c>$self</c> (<c>/specs/api.yaml</c>) is resolved against the same base as the references. Example
    /// and default data is not walked: a <c>$ref</c> key in it is data, which stays as written. Without <c>$self</c>
    /// the document's URI is the file it is read from (<paramref name="path"/>), so a reference that comes back to that
    /// file (<c>ddm-v3.yaml#/components/schemas/A</c> in <c>spec/ddm-v3.yaml</c>) is local too; a document whose
    /// <paramref name="specText"/> does not hold the file's name, as written or escaped, has no such reference and is not walked.
    /// </summary>
    private static void LocalizeSelfReferences(JsonNode root, string path, string? specText)
    {
        string self;
        Uri? selfUri;
        if (ScalarText(root["$self"])?.Trim() is { Length: > 0 } declared && root["$self"] is JsonValue)
        {
            // The document's URI is unknown; a relative $self and the references are resolved against one stand-in for it.
            self = declared;
            selfUri = Uri.TryCreate(SelfBase, self, out var resolvedSelf) ? resolvedSelf : null;
        }
        else if (FileUri(path) is { } file && MayNameFile(specText, file))
        {
            self = file.AbsoluteUri;
            selfUri = file;
        }
        else
        {
            return;
        }

        var stack = new Stack<(JsonNode Node, string Key, bool Named)>();
        stack.Push((root, string.Empty, false));
        while (stack.Count > 0)
        {
            var (node, key, named) = stack.Pop();
            if (node is JsonObject obj)
            {
                if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var text) && SelfLocal(text, self, selfUri) is { } local)
                {
                    obj["$ref"] = local;
                }

                var keyword = named ? string.Empty : key;
                var isNameMap = SchemaMapKeys.Contains(keyword) || NameMapKeys.Contains(keyword);
                foreach (var member in obj)
                {
                    if (member.Value is JsonObject or JsonArray && !IsDataMember(member.Key, member.Value, isNameMap))
                    {
                        stack.Push((member.Value, member.Key, isNameMap));
                    }
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    if (item is JsonObject or JsonArray)
                    {
                        stack.Push((item, named ? string.Empty : key, false));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The URI of the spec file at <paramref name="path"/> (<c>/specs/ddm-v3.yaml</c>, <c>C:\specs\ddm-v3.yaml</c>), with
    /// a relative path taken below the stand-in base; null when it makes none.
    /// </summary>
    private static Uri? FileUri(string path)
    {
        var slashed = path.Replace('\\', '/');
        if (slashed.Length == 0 || slashed.IndexOf('#') >= 0 || slashed.IndexOf('?') >= 0)
        {
            return null;
        }

        return Uri.TryCreate(slashed.StartsWith("/", StringComparison.Ordinal) ? "file://" + slashed : "file:///" + slashed, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>
    /// Whether the text of the spec may hold a reference to its own file <paramref name="file"/>: it has the file's name,
    /// as written or escaped, in any case. Most specs have none, and walking a large document for it costs as much as
    /// reading it.
    /// </summary>
    private static bool MayNameFile(string? text, Uri file)
    {
        if (text is null)
        {
            return true;
        }

        var escaped = file.Segments[file.Segments.Length - 1];
        var name = Uri.UnescapeDataString(escaped);
        return name.Length == 0
            || text.IndexOf(name, StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf(escaped, StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>The stand-in base URI of the document, against which a relative <c>$self</c> and references are resolved.</summary>
    private static readonly Uri SelfBase = new("https://document.invalid/base/");

    /// <summary>
    /// The local reference <paramref name="text"/> is when it names the document whose <c>$self</c> is <paramref name="self"/>
    /// (<paramref name="selfUri"/> resolved), or null when it is local already or names another document.
    /// </summary>
    private static string? SelfLocal(string text, string self, Uri? selfUri)
    {
        if (text.StartsWith("#", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = text.IndexOf('#');
        var fragment = hash < 0 ? "#" : text.Substring(hash);
        if (text.Length >= self.Length && string.CompareOrdinal(text, 0, self, 0, self.Length) == 0 && (text.Length == self.Length || text[self.Length] == '#'))
        {
            return fragment;
        }

        var document = hash < 0 ? text : text.Substring(0, hash);
        return selfUri is not null && document.Length > 0 && Uri.TryCreate(selfUri, document, out var target)
            && Uri.Compare(target, selfUri, UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.SafeUnescaped, StringComparison.Ordinal) == 0
            ? fragment
            : null;
    }

    /// <summary>The keywords by which a schema names itself for a reference by anchor (<c>#name</c>).</summary>
    private static readonly string[] AnchorKeys = { "$anchor", "$dynamicAnchor" };

    /// <summary>
    /// Where the reference by anchor <paramref name="anchor"/> should point instead: the component schema that declares
    /// it as its <c>$anchor</c> or <c>$dynamicAnchor</c>, or that none does.
    /// </summary>
    private static string AnchorHint(JsonNode root, string anchor) =>
        AnchorDeclarer(root, anchor) is { } pointer ? ": refer to #" + pointer + ", which declares it" : ", and no schema of the document declares this one";

    /// <summary>The pointer of the component schema that declares <paramref name="anchor"/>, or null when none does.</summary>
    private static string? AnchorDeclarer(JsonNode root, string anchor)
    {
        foreach (var (schema, pointer, _) in Members(root["components"]?["schemas"], "/components/schemas"))
        {
            if (AnchorKeys.Any(key => schema[key] is JsonValue value && value.TryGetValue<string>(out var name) && name == anchor))
            {
                return pointer;
            }
        }

        return null;
    }

    /// <summary>What to write instead of the <c>$dynamicRef</c> <paramref name="target"/>: the <c>$ref</c> that names what it means.</summary>
    private string DynamicReferenceAdvice(string target) =>
        target.StartsWith("#/", StringComparison.Ordinal) ? "write it as $ref"
        : target.StartsWith("#", StringComparison.Ordinal) && _root is not null && AnchorDeclarer(_root, target.Substring(1)) is { } pointer ? "refer to #" + pointer + ", which declares it, with $ref"
        : target.StartsWith("#", StringComparison.Ordinal) ? "no schema of the document declares this one; refer to a component with $ref"
        : "refer to a component of this document with $ref";

    /// <summary>
    /// Cuts chains of references to references longer than <see cref="SpecLimits.MaxReferenceChain"/>: the OpenAPI
    /// reader follows a chain by recursion and throws (or exhausts the stack) on a long one. Counted from the end of
    /// each chain, every reference that would make it one link too long is reported and cut, so no chain left is
    /// longer than the bound. Runs after <see cref="CutCycles"/>: every chain ends.
    /// </summary>
    private void CutLongChains(JsonNode root, List<(JsonObject Holder, string Pointer, string Text, bool IsSchema)> holders)
    {
        // The links from each holder to the end of its chain (a cut holder is no link: it is an empty object now).
        // JsonObject compares by reference.
        var links = new Dictionary<JsonObject, int>();
        var chain = new List<JsonObject>();
        var onChain = new HashSet<JsonObject>();
        var places = new Dictionary<JsonObject, (string Pointer, string Text, bool IsSchema)>();
        foreach (var (holder, pointer, text, isSchema) in holders)
        {
            places[holder] = (pointer, text, isSchema);
        }

        foreach (var (start, _, _, _) in holders)
        {
            // Walk to the first node whose count is known or that is no reference, then count back along the walk.
            var node = start;
            int end;
            while (!links.TryGetValue(node, out end))
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (!onChain.Add(node) || ReferenceTarget(root, node) is not { } next)
                {
                    // No reference (or, which the cycle cut leaves none of, a node already on this walk): the end.
                    end = 0;
                    break;
                }

                chain.Add(node);
                node = next;
            }

            for (var index = chain.Count - 1; index >= 0; index--)
            {
                var holder = chain[index];
                end++;
                if (end > SpecLimits.MaxReferenceChain && places.TryGetValue(holder, out var place))
                {
                    var consequence = place.IsSchema ? ValueIsAny : "the object that holds it is read as an empty object";
                    Report(DiagnosticCatalog.ReferenceChainTooLong, SpecPointer.Append(place.Pointer, "$ref"), place.Text, Display(place.Pointer), SpecLimits.MaxReferenceChain.ToString(System.Globalization.CultureInfo.InvariantCulture), consequence);
                    holder.Clear();
                    end = 0;
                }

                links[holder] = end;
            }

            chain.Clear();
            onChain.Clear();
        }
    }

    /// <summary>The object a node's local <c>$ref</c> names, or null when the node holds none or it names no object.</summary>
    private JsonObject? ReferenceTarget(JsonNode root, JsonObject node) =>
        node["$ref"] is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith("#", StringComparison.Ordinal)
            && Reference(text) is { Tokens: { } } parsed && Target(root, text, parsed) is JsonObject target
            ? target
            : null;

    /// <summary>
    /// An operation written as a <c>$ref</c> (<c>get: {$ref: 'resources/x.yml'}</c>, as multi-file specs do) is one
    /// OpenAPI does not allow, whose target the generator cannot read: the reader would see an operation without
    /// answers and stop the whole document. Each is reported where it stands and left out, so the other operations
    /// are generated; in the paths, in OpenAPI 3.1's webhooks and the components' path items and callbacks, and in
    /// the callbacks of every operation of these, at any depth.
    /// </summary>
    private void DropReferencedOperations(JsonNode root)
    {
        if (root is not JsonObject document)
        {
            return;
        }

        // Every path item, and those of the callbacks of every operation at any depth, without recursion: a hostile
        // spec may nest callbacks as deep as its text allows.
        var pending = new Stack<(JsonObject PathItem, string Pointer, string Name)>();
        foreach (var map in new[] { "paths", "webhooks" })
        {
            Push(pending, Members(document[map], SpecPointer.Append(SpecPointer.Root, map)));
        }

        var components = document["components"] as JsonObject;
        Push(pending, Members(components?["pathItems"], "/components/pathItems"));
        foreach (var (callback, pointer, _) in Members(components?["callbacks"], "/components/callbacks"))
        {
            Push(pending, Members(callback, pointer));
        }

        while (pending.Count > 0)
        {
            var (pathItem, pointer, name) = pending.Pop();
            DropReferencedOperations(pathItem, pointer, name);
            foreach (var key in OperationKeys)
            {
                foreach (var (callback, callbackPointer, _) in Members((pathItem[key] as JsonObject)?["callbacks"], SpecPointer.Append(SpecPointer.Append(pointer, key), "callbacks")))
                {
                    Push(pending, Members(callback, callbackPointer));
                }
            }
        }
    }

    private static void Push(Stack<(JsonObject PathItem, string Pointer, string Name)> pending, IEnumerable<(JsonObject Value, string Pointer, string Key)> items)
    {
        foreach (var item in items)
        {
            pending.Push(item);
        }
    }

    /// <summary>The members of a map that are objects, each with its pointer and key.</summary>
    private static IEnumerable<(JsonObject Value, string Pointer, string Key)> Members(JsonNode? map, string pointer) =>
        map is JsonObject entries
            ? entries.Where(entry => entry.Value is JsonObject).Select(entry => ((JsonObject)entry.Value!, SpecPointer.Append(pointer, entry.Key), entry.Key)).ToList()
            : Enumerable.Empty<(JsonObject, string, string)>();

    private void DropReferencedOperations(JsonObject pathItem, string pointer, string name)
    {
        foreach (var key in OperationKeys)
        {
            if (pathItem[key] is not JsonObject operation || ScalarText(operation["$ref"]) is not { } reference)
            {
                continue;
            }

            var at = SpecPointer.Append(SpecPointer.Append(pointer, key), "$ref");
            var reason = reference.StartsWith("#", StringComparison.Ordinal)
                ? $"it is a $ref ('{reference}'), which OpenAPI does not allow in place of an operation (a path item may be one, an operation may not). Write the operation here"
                : $"it is a $ref to another file ('{reference}'), which OpenAPI does not allow in place of an operation, and the generator reads no other file. Write the operation in this file (a multi-file spec can be bundled into one file first)";
            Report(DiagnosticCatalog.UnsupportedOperation, at, key.ToUpperInvariant() + " " + name, Display(SpecPointer.Append(pointer, key)), reason);
            pathItem.Remove(key);
        }
    }

    /// <summary>
    /// A component key that is empty or only white space breaks OpenAPI's naming rule and names nothing a reference
    /// can reach, and Microsoft.OpenApi throws on it: it is reported at the key and left out, so references to it
    /// are reported as unresolved.
    /// </summary>
    private void DropBlankComponentKeys(JsonNode root)
    {
        if (root is not JsonObject document || document["components"] is not JsonObject components)
        {
            return;
        }

        foreach (var map in components)
        {
            if (map.Value is not JsonObject entries)
            {
                continue;
            }

            foreach (var key in entries.Select(entry => entry.Key).Where(key => key.Trim().Length == 0).ToList())
            {
                var pointer = SpecPointer.Append(SpecPointer.Append("/components", map.Key), key);
                Report(DiagnosticCatalog.OpenApiWarning, pointer, _context.SpecFileName, Display(pointer), "a component key that is empty or only white space breaks OpenAPI's naming rule; the component is left out");
                entries.Remove(key);
            }
        }
    }

    /// <summary>
    /// The reference that the object at <paramref name="pointer"/> holds, as the spec writes it; else what the OpenAPI
    /// reader read (<paramref name="read"/>), else <paramref name="fallback"/>. The reader names a reference to another
    /// kind of component by the kind it expects there ("#/components/parameters/S" for "#/components/schemas/S").
    /// </summary>
    private string WrittenReference(string pointer, string? read, string fallback) =>
        RawNode(pointer) is not JsonObject holder ? read ?? fallback
        : _unresolvedParts.TryGetValue(holder, out var written) ? written
        : ScalarText(holder["$ref"]) ?? read ?? fallback;

    /// <summary>
    /// Whether the object at <paramref name="pointer"/> names, through local references, a component written as a
    /// reference that names no component of this document (one in another file, or none): that component's DDMG101
    /// stands where it is written, for every operation that uses it, and the object is read as one that does not
    /// resolve (the reader resolves it to the emptied component).
    /// </summary>
    private bool NamesUnresolvedComponent(string pointer)
    {
        if (_unresolvedParts.Count == 0)
        {
            return false;
        }

        var node = RawNode(pointer) as JsonObject;
        for (var hops = 0; node is not null && hops <= SpecLimits.MaxReferenceChain; hops++)
        {
            if (hops > 0 && _unresolvedParts.ContainsKey(node))
            {
                return true;
            }

            node = ReferenceTarget(_root!, node);
        }

        return false;
    }

    /// <summary>
    /// The references that named no component of this document (one in another file, or none at all) in place of an
    /// operation's parameter, request body or response, or of such a component, by the object that holds them (compared
    /// by reference), as the spec writes them: each now names a component that does not exist.
    /// </summary>
    private readonly Dictionary<JsonObject, string> _unresolvedParts = new();

    /// <summary>
    /// Whether a reference is written as one to a component of <paramref name="kind"/> of this document
    /// (<c>#/components/parameters/Name</c>), whether the document has it or not: the OpenAPI reader reads it as one.
    /// </summary>
    private bool NamesComponentOf(string text, string kind) =>
        text.StartsWith("#", StringComparison.Ordinal)
        && Reference(text).Tokens is { Count: 3 } tokens
        && tokens[0] == "components" && tokens[1] == kind && tokens[2].Trim().Length > 0;

    /// <summary>
    /// A local reference to a component of <paramref name="kind"/> that the document does not have, so the OpenAPI
    /// reader reads the object that holds it as a reference that does not resolve.
    /// </summary>
    private static string MissingComponent(JsonNode root, string kind)
    {
        var components = (root["components"] as JsonObject)?[kind] as JsonObject;
        var name = "ExternalReference";
        for (var number = 2; components?.ContainsKey(name) == true; number++)
        {
            name = "ExternalReference" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "#/components/" + kind + "/" + name;
    }

    /// <summary>What an unresolved parameter or request body component costs (DDMG101).</summary>
    private const string OperationsDropped = "the operations that use it are not generated";

    /// <summary>What an unresolved schema reference costs (DDMG101): the value is any JSON value.</summary>
    private const string ValueIsAny = "the value is generated as JsonElement";

    /// <summary>Keys whose values are example or default data, not part of the document's structure.</summary>
    private static readonly HashSet<string> DataKeys = new(StringComparer.Ordinal) { "example", "default", "enum", "const", "value", "dataValue" };

    /// <summary>
    /// Whether a member holds data rather than the document's structure: a <see cref="DataKeys"/> value, or a schema's
    /// <c>examples</c> list (OpenAPI 3.1; the examples of a media type or parameter are a map of Example Objects). In a
    /// map of names (<paramref name="inNameMap"/>) a key is a name, a property called "example" say, and never data.
    /// </summary>
    private static bool IsDataMember(string key, JsonNode? value, bool inNameMap) =>
        !inNameMap && (DataKeys.Contains(key) || (key == "examples" && value is JsonArray));

    /// <summary>Keys whose value maps names to objects the OpenAPI reader expects (it fails on anything else in some of them).</summary>
    private static readonly HashSet<string> ObjectMapKeys = new(StringComparer.Ordinal)
    {
        "variables", "headers", "responses", "content", "encoding", "callbacks", "securitySchemes", "requestBodies", "links",
    };

    /// <summary>Keys whose value is one schema.</summary>
    private static readonly HashSet<string> SchemaKeys = new(StringComparer.Ordinal)
    {
        "schema", "items", "not", "additionalProperties", "additionalItems", "contains", "if", "then", "else", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties",
    };

    /// <summary>Keys whose value maps names to schemas, or lists schemas.</summary>
    private static readonly HashSet<string> SchemaMapKeys = new(StringComparer.Ordinal) { "properties", "patternProperties", "$defs", "definitions" };

    private static readonly HashSet<string> SchemaListKeys = new(StringComparer.Ordinal) { "allOf", "oneOf", "anyOf", "prefixItems" };

    /// <summary>Keys whose value maps arbitrary names (which may start with "x-") to objects, so no key of it is an extension.</summary>
    private static readonly HashSet<string> NameMapKeys = new(StringComparer.Ordinal)
    {
        "paths", "headers", "responses", "content", "callbacks", "links", "examples", "encoding", "variables", "schemas", "parameters",
        "requestBodies", "securitySchemes", "pathItems", "mapping", "webhooks",
    };


    /// <summary>
    /// Every object that holds a string <c>$ref</c>, in document order, without recursion (the tree may be deep).
    /// On the way (after <see cref="ValueTypeCheck"/> has removed values of the wrong type), shapes the OpenAPI
    /// reader still cannot take are replaced, each with a diagnostic where it stands: a null, number, string or
    /// list where a schema belongs becomes an empty schema (any JSON value); a server variable, response, header,
    /// media type or the like that is not an object, and an empty callback expression, are removed.
    /// </summary>
    /// <param name="parts">
    /// The holders that stand in place of an operation's parameter, request body or response, or a path item's
    /// parameter, with the kind of component each could name.
    /// </param>
    private void CollectReferences(JsonNode root, List<(JsonObject Holder, string Pointer, string Text, bool IsSchema)> holders, Dictionary<string, JsonObject> nodes, Dictionary<string, string> kinds, Dictionary<string, string> parts)
    {
        // IsSchema: whether the node stands where a schema belongs, so what a cut reference in it becomes can be told.
        // Named: whether its key is a name the spec chose (of a property, component, header, example), so that a
        // node named "content" or "properties" is not taken for the map that keyword holds elsewhere.
        var stack = new Stack<(JsonNode Node, SpecPath Pointer, string Key, bool IsSchema, bool Named)>();
        var entries = new List<KeyValuePair<string, JsonNode?>>();
        stack.Push((root, SpecPath.Root, string.Empty, false, false));
        while (stack.Count > 0)
        {
            var (node, pointer, key, isSchema, named) = stack.Pop();
            if (node is JsonObject obj)
            {
                // A schema's or a named object's key says nothing of what the node holds.
                var keyword = isSchema || named ? string.Empty : key;
                var isSchemaMap = SchemaMapKeys.Contains(keyword) || pointer.Is("components", "schemas");
                if (!isSchemaMap && obj.TryGetPropertyValue("$ref", out var reference) && reference is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    holders.Add((obj, pointer.ToString(), text, isSchema));
                    nodes[pointer.ToString()] = obj;
                    if (!isSchema && KindExpectedAt(pointer) is { } kind)
                    {
                        kinds[pointer.ToString()] = kind;
                    }

                    if (!isSchema && OperationPartAt(pointer) is { } part)
                    {
                        parts[pointer.ToString()] = part;
                    }
                }

                if (isSchema && ScalarText(obj["$schema"]) is { } dialect && obj["$schema"] is JsonValue)
                {
                    ReportDialect(pointer.Append("$schema").ToString(), dialect, root);
                }

                // Members in reverse, so that they come off the stack in document order; copied, as some are replaced.
                entries.Clear();
                entries.AddRange(obj);
                // In a map of names, "x-next" is a header and "default" a response: neither extension nor data.
                var isNameMap = isSchemaMap || NameMapKeys.Contains(keyword);
                for (var member = entries.Count - 1; member >= 0; member--)
                {
                    var entry = entries[member];
                    var isExtension = entry.Key.StartsWith("x-", StringComparison.Ordinal) && !isNameMap;
                    if (IsDataMember(entry.Key, entry.Value, isNameMap) || isExtension)
                    {
                        continue;
                    }

                    // The member's pointer is made only for what goes on the stack or into a diagnostic: scalars are not walked.
                    if (isSchemaMap || (!isNameMap && SchemaKeys.Contains(entry.Key)))
                    {
                        if (entry.Value is JsonObject)
                        {
                            stack.Push((entry.Value, pointer.Append(entry.Key), entry.Key, true, isSchemaMap));
                        }
                        else if (entry.Value is null)
                        {
                            // Other values of the wrong type are the value check's (DDMG005); a null the reader cannot take at all.
                            ReplaceNonSchema(pointer.Append(entry.Key).ToString(), entry.Value);
                            obj[entry.Key] = new JsonObject();
                        }
                    }
                    else if ((ObjectMapKeys.Contains(keyword) || pointer.Is("components", "parameters")) && entry.Value is not JsonObject && !isExtension)
                    {
                        var childPointer = pointer.Append(entry.Key).ToString();
                        Report(DiagnosticCatalog.InvalidValue, childPointer, entry.Key, Display(childPointer), "an object");
                        obj.Remove(entry.Key);
                    }
                    else if (string.IsNullOrWhiteSpace(entry.Key) && key.Length > 0 && pointer.Parent?.Key == "callbacks")
                    {
                        // A callback is keyed by a runtime expression, which must not be empty or blank.
                        var childPointer = pointer.Append(entry.Key).ToString();
                        Report(DiagnosticCatalog.InvalidValue, childPointer, "(empty key)", Display(childPointer), "a runtime expression");
                        obj.Remove(entry.Key);
                    }
                    else if (entry.Value is JsonObject or JsonArray)
                    {
                        stack.Push((entry.Value, pointer.Append(entry.Key), entry.Key, false, isNameMap));
                    }
                }
            }
            else if (node is JsonArray array)
            {
                var keyword = named ? string.Empty : key;
                for (var index = array.Count - 1; index >= 0; index--)
                {
                    if (SchemaListKeys.Contains(keyword) && array[index] is null)
                    {
                        ReplaceNonSchema(pointer.Append(index).ToString(), array[index]);
                        array[index] = new JsonObject();
                    }
                    else if (array[index] is JsonObject or JsonArray)
                    {
                        var item = array[index]!;
                        var itemPointer = pointer.Append(index);
                        if (keyword == "security" && item is JsonObject requirement && requirement.ContainsKey(string.Empty))
                        {
                            // A requirement must name a security scheme; the reader cannot take an empty name.
                            Report(DiagnosticCatalog.UnresolvedReference, SpecPointer.Append(itemPointer.ToString(), string.Empty), "#/components/securitySchemes/", Display(itemPointer.ToString()), "requests carry no credential for it");
                            requirement.Remove(string.Empty);
                        }

                        stack.Push((item, itemPointer, string.Empty, SchemaListKeys.Contains(keyword), false));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The kind of component a reference must name where it stands, for the places no later step checks: a header
    /// (of a response, an encoding or the components) and a security scheme of the components; null elsewhere.
    /// </summary>
    private static string? KindExpectedAt(SpecPath pointer) =>
        pointer.Parent is not { } map ? null
        : map.Is("components", "securitySchemes") ? "securitySchemes"
        : map.Key == "headers" && (map.Is("components", "headers") || map.Parent?.Parent?.Key is "responses" or "encoding") ? "headers"
        : null;

    /// <summary>
    /// The kind of component that an operation's parameter (<c>parameters</c>), request body (<c>requestBodies</c>)
    /// or response (<c>responses</c>) names, or a path item's parameter, or such a component; null for any other place.
    /// </summary>
    private static string? OperationPartAt(SpecPath pointer)
    {
        if (pointer.Parent is not { } parent || parent.Parent is not { Key: { } owner } holder)
        {
            return null;
        }

        if (holder.Is("components"))
        {
            return pointer.Key is not null && parent.Key is "parameters" or "requestBodies" or "responses" ? parent.Key : null;
        }

        var isOperation = Array.IndexOf(OperationKeys, owner) >= 0;
        return pointer.Key is null && parent.Key == "parameters" && (isOperation || IsPathItem(holder)) ? "parameters"
            : pointer.Key == "requestBody" && Array.IndexOf(OperationKeys, parent.Key) >= 0 ? "requestBodies"
            : pointer.Key is not null && parent.Key == "responses" && isOperation ? "responses"
            : null;
    }

    /// <summary>Whether a node is a path item: of the paths, the webhooks, the components' path items or a callback.</summary>
    private static bool IsPathItem(SpecPath pointer) =>
        pointer.Parent is { } map && (map.Is("paths") || map.Is("webhooks") || map.Is("components", "pathItems") || map.Parent?.Key == "callbacks");

    private static bool IsBoolean(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out _);

    private void ReplaceNonSchema(string pointer, JsonNode? value) =>
        Report(DiagnosticCatalog.UnsupportedSchema, pointer, Display(pointer), value switch
        {
            null => "null in place of a schema",
            JsonArray => "a list in place of a schema",
            _ when IsBoolean(value) => "true or false in place of a schema",
            _ => "a " + (value is JsonValue scalar && scalar.TryGetValue<string>(out _) ? "string" : "number") + " in place of a schema",
        });

    /// <summary>
    /// Finds the cycles among "is made of" links (a <c>$ref</c> and the parts of an <c>allOf</c>) with an iterative
    /// depth-first search, reports each at the reference that closes it and cuts that reference.
    /// </summary>
    private void CutCycles(JsonNode root, List<(JsonObject Holder, string Pointer, string Text)> holders)
    {
        const int White = 0, Gray = 1, Black = 2;
        var color = new Dictionary<string, int>(StringComparer.Ordinal);
        var objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (holder, pointer, _) in holders)
        {
            objects[pointer] = holder;
        }

        IEnumerable<(string Pointer, JsonObject Node, string? ViaReference)> Links(string pointer, JsonObject node)
        {
            if (node["$ref"] is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith("#", StringComparison.Ordinal)
                && Reference(text) is { Tokens: { } } parsed && Target(root, text, parsed) is JsonObject target)
            {
                yield return (parsed.Pointer!, target, pointer);
            }

            if (node["allOf"] is JsonArray parts)
            {
                for (var index = 0; index < parts.Count; index++)
                {
                    if (parts[index] is JsonObject part)
                    {
                        yield return (SpecPointer.Append(SpecPointer.Append(pointer, "allOf"), index), part, null);
                    }
                }
            }
        }

        // A node whose only link is a reference to a node that links to nothing is on no cycle: no search from it.
        // Its pointer is made only when it is searched from.
        bool OnNoCycle(JsonObject node) =>
            !node.ContainsKey("allOf")
            && (!node.ContainsKey("$ref")
                || (node["$ref"] is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith("#", StringComparison.Ordinal)
                    && Reference(text) is { Tokens: { } } parsed && Target(root, text, parsed) is JsonObject target
                    && !target.ContainsKey("$ref") && !target.ContainsKey("allOf")));

        var starts = new List<(Func<string> Pointer, JsonObject Node)>();
        foreach (var kind in (root["components"] as JsonObject)?.Select(entry => entry) ?? Enumerable.Empty<KeyValuePair<string, JsonNode?>>())
        {
            foreach (var component in (kind.Value as JsonObject)?.Select(entry => entry) ?? Enumerable.Empty<KeyValuePair<string, JsonNode?>>())
            {
                if (component.Value is JsonObject node && !OnNoCycle(node))
                {
                    var (kindKey, componentKey) = (kind.Key, component.Key);
                    starts.Add((() => SpecPointer.Append(SpecPointer.Append("/components", kindKey), componentKey), node));
                }
            }
        }

        foreach (var (holder, pointer, _) in holders)
        {
            if (!OnNoCycle(holder))
            {
                starts.Add((() => pointer, holder));
            }
        }

        var cuts = new List<string>();
        var cutSet = new HashSet<string>(StringComparer.Ordinal);

        // Empty after each start's search, so one list serves them all.
        var path = new List<(string Pointer, string? ViaReference, IEnumerator<(string Pointer, JsonObject Node, string? ViaReference)> Next)>();
        foreach (var (startPointerOf, startNode) in starts)
        {
            var startPointer = startPointerOf();
            if (color.TryGetValue(startPointer, out var startColor) && startColor != White)
            {
                continue;
            }

            color[startPointer] = Gray;
            path.Add((startPointer, null, Links(startPointer, startNode).GetEnumerator()));
            while (path.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var top = path[path.Count - 1];
                if (!top.Next.MoveNext())
                {
                    color[top.Pointer] = Black;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                var (next, nextNode, via) = top.Next.Current;
                color.TryGetValue(next, out var nextColor);
                if (nextColor == White)
                {
                    color[next] = Gray;
                    path.Add((next, via, Links(next, nextNode).GetEnumerator()));
                    continue;
                }

                if (nextColor == Black)
                {
                    continue;
                }

                // A cycle: from the gray node on the path back to here. Cut its last reference.
                var first = path.FindIndex(frame => frame.Pointer == next);
                var closing = via ?? path.Skip(first + 1).Select(frame => frame.ViaReference).LastOrDefault(reference => reference is not null);
                if (closing is null || !cutSet.Add(closing))
                {
                    continue;
                }

                cuts.Add(closing);
                var cycle = string.Join(" -> ", path.Skip(first).Select(frame => Display(frame.Pointer)).Append(Display(next)));
                var text = (objects.TryGetValue(closing, out var holder) ? ScalarText(holder["$ref"]) : null) ?? string.Empty;
                Report(DiagnosticCatalog.ReferenceCycle, SpecPointer.Append(closing, "$ref"), text, Display(closing), cycle.Length > 400 ? cycle.Substring(0, 400) + "..." : cycle);
            }
        }

        foreach (var pointer in cuts)
        {
            if (objects.TryGetValue(pointer, out var holder))
            {
                holder.Clear();
            }
        }
    }

    /// <summary>
    /// A local reference parsed once per distinct text (a spec refers to the same parameter or schema from many
    /// places): its tokens, or null when it is not a JSON pointer, and the pointer they make.
    /// </summary>
    private (List<string>? Tokens, string? Pointer) Reference(string text)
    {
        if (!_references.TryGetValue(text, out var parsed))
        {
            var tokens = ReferenceTokens(text);
            parsed = (tokens, tokens is null ? null : Normalize(tokens));
            _references.Add(text, parsed);
        }

        return parsed;
    }

    private readonly Dictionary<string, (List<string>? Tokens, string? Pointer)> _references = new(StringComparer.Ordinal);

    /// <summary>
    /// The node a local reference names, found once per distinct text: the guard looks each up, and the cycle search
    /// again for every link. Forgotten when the guard clears a holder, which can detach what a target lies under.
    /// </summary>
    private JsonNode? Target(JsonNode root, string text, (List<string>? Tokens, string? Pointer) parsed)
    {
        if (parsed.Tokens is null)
        {
            return null;
        }

        if (!_referenceTargets.TryGetValue(text, out var target))
        {
            target = Find(root, parsed.Tokens);
            _referenceTargets.Add(text, target);
        }

        return target;
    }

    private readonly Dictionary<string, JsonNode?> _referenceTargets = new(StringComparer.Ordinal);

    /// <summary>The tokens of a local reference such as <c>#/components/schemas/A%20B</c>, or null when it is not a JSON pointer.</summary>
    private static List<string>? ReferenceTokens(string text)
    {
        string fragment;
        try
        {
            fragment = Uri.UnescapeDataString(text.Substring(1));
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (fragment.Length == 0)
        {
            return new List<string>();
        }

        if (!fragment.StartsWith("/", StringComparison.Ordinal))
        {
            return null;
        }

        return fragment.Substring(1).Split('/').Select(token => token.Replace("~1", "/").Replace("~0", "~")).ToList();
    }

    private static string Normalize(List<string> tokens) => tokens.Aggregate(SpecPointer.Root, SpecPointer.Append);

    private static JsonNode? Find(JsonNode root, List<string> tokens)
    {
        var node = root;
        foreach (var token in tokens)
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
                JsonArray array when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
