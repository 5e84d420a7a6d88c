using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Model;
using DdmGen.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace DdmGen.Generator.Parsing;

/// <summary>
/// Turns one spec file into a <see cref="SpecModel"/>: all naming, escaping, collision handling and type
/// mapping happens here, so the emitter is a pure function of the model. Never throws: every problem is
/// a diagnostic at the spec location.
/// </summary>
internal sealed partial class Parser
{
    private readonly SpecInput _input;
    private readonly CancellationToken _cancellationToken;
    private readonly GenerationContext _context;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly NameScope _types = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ObjectModel> _objects = new();

    /// <summary>The models of <see cref="_objects"/> by name (the first of a name), so each paged operation finds its page in one step.</summary>
    private readonly Dictionary<string, ObjectModel> _objectsByName = new(StringComparer.Ordinal);
    private readonly List<EnumModel> _enums = new();
    private PositionMap _positions;
    private System.Text.Json.Nodes.JsonNode? _root;

    /// <summary>Whether the spec was read as JSON, where a value's type is as written (YAML leaves plain scalars' to the reader).</summary>
    private bool _isJson;
    private IDisposable? _document;

    /// <summary>The JSON pointer the parser is working on, so that even an internal error names its place.</summary>
    private string _at = SpecPointer.Root;

    private Parser(SpecInput input, CancellationToken cancellationToken)
    {
        _input = input;
        _cancellationToken = cancellationToken;
        _context = new GenerationContext(Path.GetFileName(input.Path), input.Namespace, input.ClientName, input.Path);
        _positions = new PositionMap(input.Path);
        _diagnostics.AddRange(input.OptionDiagnostics);
    }

    public static SpecModel Parse(SpecInput input, CancellationToken cancellationToken)
    {
        var parser = new Parser(input, cancellationToken);
        try
        {
            return parser.Run();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The compiler must never see an exception from a generator (CS8785 tells the user nothing).
            parser._diagnostics.Add(DiagnosticFactory.Create(
                DiagnosticCatalog.InternalError,
                parser._positions.Locate(parser._at),
                parser._context.SpecFileName,
                Display(parser._at),
                exception.GetType().Name + ": " + exception.Message.TrimEnd('.')));
            return parser.Result(includeCode: false);
        }
        finally
        {
            // The model holds no part of the JSON tree: what it was read from can go.
            parser._document?.Dispose();
        }
    }

    private SpecModel Run()
    {
        var read = SpecReader.Read(_input.Path, _input.Text, _input.Length, _cancellationToken);
        _positions = read.Positions;
        _document = read.Document;

        // Cancelled, the parse gives nothing: not even the diagnostic of a spec that does not read.
        _cancellationToken.ThrowIfCancellationRequested();
        if (read.Error is { } error || read.Root is not System.Text.Json.Nodes.JsonObject root)
        {
            _diagnostics.Add(read.Error ?? DiagnosticFactory.Create(DiagnosticCatalog.UnreadableSpec, SourceLocation.FileStart(_input.Path), _context.SpecFileName, "YAML or JSON", "the document is not an object"));
            return Result(includeCode: false);
        }

        _root = root;
        _isJson = SpecReader.IsJson(_input.Path, _input.Text);
        if (OpenApiDocumentReader.RefusesSwagger(root, _positions, _context.SpecFileName, _diagnostics))
        {
            return Result(includeCode: false);
        }

        if (ScalarText(root["jsonSchemaDialect"]) is { } dialect && root["jsonSchemaDialect"] is System.Text.Json.Nodes.JsonValue)
        {
            ReportDialect("/jsonSchemaDialect", dialect, root);
        }

        GuardReferences(root);
        if (OpenApiDocumentReader.Read(root, _positions, _context.SpecFileName, _diagnostics, _falseSchemas, _cancellationToken) is not { } document)
        {
            return Result(includeCode: false);
        }

        ReserveSupportNames(document);
        ParseComponentSchemas(document);
        var componentTypes = new HashSet<string>(_objects.Select(model => model.Name).Concat(_enums.Select(model => model.Name)), StringComparer.Ordinal);
        var client = ParseClient(document);
        ReportWebhooks(document, client);
        NameRepeatedRules();
        DropUnusedTypes(componentTypes, client);
        return Result(includeCode: true, client);
    }

    /// <summary>
    /// Leaves out the types that no generated code uses: those made for what the client then left out (the inline
    /// object of an optional parameter that cannot be sent, the parameters and body of an operation that is not
    /// generated). The types of the component schemas stay, used or not, as do the error bodies the client reads,
    /// and every type those, the operations and the client's options use.
    /// </summary>
    /// <param name="componentTypes">The types made from the component schemas, before any operation was read.</param>
    private void DropUnusedTypes(HashSet<string> componentTypes, ClientModel? client)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<TypeRef>();
        void Use(TypeRef? type)
        {
            for (; type is not null; type = type.Element)
            {
                if (type.Name is { } name && used.Add(name))
                {
                    pending.Push(type);
                }
            }
        }

        foreach (var name in componentTypes.Concat(_errorBodies).Concat(_errorTypes.Select(type => type.TypeName)))
        {
            used.Add(name);
            pending.Push(TypeRef.Object(name));
        }

        foreach (var operation in client?.Operations ?? EquatableArray<OperationModel>.Empty)
        {
            foreach (var parameter in operation.Parameters)
            {
                Use(parameter.Type);
            }

            Use(operation.Body?.Type);
            Use(operation.Result);
            Use(operation.Paging?.ItemType);
        }

        foreach (var parameter in client?.Parameters ?? EquatableArray<ClientParameterModel>.Empty)
        {
            Use(parameter.Type);
        }

        while (pending.Count > 0)
        {
            if (_objectsByName.TryGetValue(pending.Pop().Name!, out var model))
            {
                foreach (var property in model.Properties)
                {
                    Use(property.Type);
                }
            }
        }

        _objects.RemoveAll(model => !used.Contains(model.Name));
        _enums.RemoveAll(model => !used.Contains(model.Name));
    }

    /// <summary>
    /// Reports OpenAPI 3.1's webhooks, which the client cannot send: they are requests the API sends to its callers.
    /// A document of webhooks only has no client at all, which is said too, as nothing else would say it.
    /// </summary>
    private void ReportWebhooks(OpenApiDocument document, ClientModel? client)
    {
        if (document.Webhooks is not { Count: > 0 })
        {
            return;
        }

        var noClient = client is null
            ? "; the document has no paths, so no client is generated, only the models of its components"
            : string.Empty;
        Report(DiagnosticCatalog.NotKept, "/webhooks", Display("/webhooks"), "the webhooks are not generated: " + RequestsTheApiSends + noClient);
    }

    private SpecModel Result(bool includeCode, ClientModel? client = null) => new(
        _context,
        includeCode ? _objects.ToEquatableArray() : EquatableArray<ObjectModel>.Empty,
        includeCode ? _enums.ToEquatableArray() : EquatableArray<EnumModel>.Empty,
        includeCode ? client : null,
        // Once each: a path's parameters are read anew for each of its operations, with the same findings. In the
        // order of the file, whatever order the parts were read in (components go by name).
        _diagnostics.Distinct().OrderBy(diagnostic => diagnostic.Location.FilePath, StringComparer.Ordinal).ThenBy(diagnostic => diagnostic.Location.Start).ToEquatableArray());

    private void ReserveSupportNames(OpenApiDocument document)
    {
        var owner = "a type that DdmGen generates";
        foreach (var name in new[]
        {
            _context.ResolverName, _context.DateTimeConverterName, _context.ListConverterName, _context.MapConverterName, _context.StringConverterName, _context.JsonHelpersName, _context.ModelContextName, _context.ModelBaseName,
        })
        {
            _types.Reserve(name, owner);
        }

        // A type cannot declare a member of its own name (CS0542), and every record and open enum declares these.
        foreach (var name in Emitting.GeneratedNames.RecordMembers.Concat(Emitting.GeneratedNames.EnumMembers).Where(name => char.IsUpper(name[0])).Distinct())
        {
            _types.Reserve(name, "a member every generated model has");
        }

        if (document.Paths is { Count: > 0 })
        {
            foreach (var name in new[] { _context.ClientName, _context.OptionsName, _context.ExceptionName, _context.CredentialName, _context.TokenCredentialName, _context.SupportName, _context.ServiceExtensionsName, _context.PageName })
            {
                _types.Reserve(name, owner);
            }
        }
    }

    /// <summary>Records a diagnostic located at a JSON pointer of the spec.</summary>
    private void Report(DiagnosticDescriptor descriptor, string pointer, params string[] arguments) =>
        _diagnostics.Add(DiagnosticFactory.Create(descriptor, _positions.Locate(Strip(pointer)), arguments));

    private static string Strip(string? pointer) =>
        pointer is null ? SpecPointer.Root : pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;

    private static string Display(string pointer) => SpecPointer.Display(pointer);

    private static System.Text.Json.Nodes.JsonNode? ExtensionNode(IDictionary<string, IOpenApiExtension>? extensions, string name) =>
        extensions is not null && extensions.TryGetValue(name, out var extension) && extension is JsonNodeExtension node
            ? node.Node
            : null;

    /// <summary>The text of a JSON scalar as the spec wrote it: strings unquoted, numbers as written.</summary>
    private static string? ScalarText(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        null => null,
        // The OpenAPI reader keeps a JSON null inside a list (enum: [a, null]) as a string with a private marker.
        _ when JsonNullSentinel.IsJsonNullSentinel(node) => null,
        System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text) => text,
        System.Text.Json.Nodes.JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>
    /// The node of the spec as written at a pointer, for what the OpenAPI reader folds away. The pointer follows the
    /// model (through a response, parameter or request body that is a <c>$ref</c>), so the walk follows local
    /// references where the written node is one; a bounded number of times, as references may form cycles.
    /// </summary>
    private System.Text.Json.Nodes.JsonNode? RawNode(string pointer)
    {
        var hops = 0;
        return RawNode(pointer, ref hops);
    }

    /// <param name="pointer">The pointer to walk.</param>
    /// <param name="hops">The references followed so far, shared by the nested walks of one lookup.</param>
    private System.Text.Json.Nodes.JsonNode? RawNode(string pointer, ref int hops)
    {
        var node = _root;
        // The tokens after each '/', read in place: no array of them, and a pointer's leading '#' is skipped, not cut off.
        var start = pointer.StartsWith("#", StringComparison.Ordinal) ? 1 : 0;
        var slash = pointer.IndexOf('/', start);
        while (slash >= 0)
        {
            var next = pointer.IndexOf('/', slash + 1);
            var token = pointer.Substring(slash + 1, (next < 0 ? pointer.Length : next) - slash - 1);
            slash = next;
            var name = token.IndexOf('~') < 0 ? token : token.Replace("~1", "/").Replace("~0", "~");
            while (node is System.Text.Json.Nodes.JsonObject reference && !reference.ContainsKey(name) && hops++ < MaxReferenceHops
                && reference["$ref"] is System.Text.Json.Nodes.JsonValue target && target.TryGetValue<string>(out var text) && text.StartsWith("#/", StringComparison.Ordinal))
            {
                node = RawNode(text.Substring(1), ref hops);
            }

            node = node switch
            {
                System.Text.Json.Nodes.JsonObject obj => obj[name],
                System.Text.Json.Nodes.JsonArray array when int.TryParse(name, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>How many references one walk of <see cref="RawNode"/> follows at most.</summary>
    private const int MaxReferenceHops = 16;

    private SpecOrigin Origin(string pointer) => new(pointer, _positions.Locate(pointer));

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
