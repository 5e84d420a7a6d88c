using System;
using System.Linq;
using DdmGen.Generator.Emitting;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>Spec names never collide with the names the emitter writes: locals, helpers and record members.</summary>
public sealed class GeneratedNameTests
{
    public static TheoryData<string> OperationLocals() => new(GeneratedNames.OperationLocals.Concat(GeneratedNames.PagingLocals).Distinct());

    [Theory]
    [MemberData(nameof(OperationLocals))]
    public void A_parameter_named_like_a_local_of_the_paged_method_compiles(string name)
    {
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /items/{{{{name}}}}:
                get:
                  operationId: listItems
                  x-speakeasy-pagination:
                    type: offsetLimit
                    inputs:
                      - {name: offset, in: parameters, type: offset}
                      - {name: limit, in: parameters, type: limit}
                    outputs: {results: $.items, total: $.total}
                  parameters:
                    - {name: {{{name}}}, in: path, required: true, schema: {type: string}}
                    - {name: {{{name}}}, in: query, schema: {type: array, items: {type: integer} } }
                    - {name: {{{name}}}, in: header, schema: {type: integer}}
                    - {name: offset, in: query, schema: {type: integer}}
                    - {name: limit, in: query, schema: {type: integer, maximum: 100}}
                  requestBody:
                    content: {application/json: {schema: {$ref: '#/components/schemas/Request'} } }
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Page'} } }
            components:
              schemas:
                Request:
                  type: object
                  properties: {a: {type: string}}
                Page:
                  type: object
                  properties:
                    items: {type: array, items: {type: string}}
                    total: {type: integer}
            """;

        var result = Healthy.Run(yaml);

        Assert.False(result.Diagnostics.Any(diagnostic => diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error), string.Join("\n", result.Diagnostics));
        Assert.Contains("ListItemsAutoPagingAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    public static TheoryData<string> PagingLocals() => new(GeneratedNames.PagingLocals);

    [Theory]
    [MemberData(nameof(PagingLocals))]
    public void An_operation_that_does_not_page_keeps_a_parameter_named_like_a_local_of_the_paged_methods(string name)
    {
        // Only a paged operation's methods use these names: a spec whose pageSize parameter is on an operation that
        // does not page keeps it as pageSize, rather than renamed with DDMG302 on every operation.
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /items/{{{{name}}}}:
                post:
                  operationId: findItems
                  parameters:
                    - {name: {{{name}}}, in: path, required: true, schema: {type: string}}
                  requestBody:
                    content: {application/json: {schema: {$ref: '#/components/schemas/Request'} } }
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Request'} } }
            components:
              schemas:
                Request:
                  type: object
                  properties: {a: {type: string}}
            """;

        var result = Healthy.Run(yaml);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.Contains($"string {name}, ", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Request")]
    [InlineData("Uri")]
    [InlineData("Response")]
    [InlineData("CancellationToken")]
    [InlineData("Content")]
    public void A_body_schema_named_like_a_local_compiles(string schema)
    {
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /items:
                post:
                  operationId: create
                  requestBody:
                    required: true
                    content: {application/json: {schema: {$ref: '#/components/schemas/{{{schema}}}' } } }
                  responses: {'204': {description: ok}}
            components:
              schemas:
                {{{schema}}}:
                  type: object
                  properties: {a: {type: string}}
            """;

        var result = Healthy.Run(yaml);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("unlisted")]
    [InlineData("_unlisted")]
    [InlineData("__unlisted")]
    public void A_property_named_like_the_field_of_the_models_base_compiles_without_a_warning_and_keeps_its_name(string name)
    {
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    {{{name}}}: {type: boolean}
            """;

        var result = Healthy.Run(yaml);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        Assert.Contains("public bool? Unlisted { get; init; }", result.Source("Test.Api.Thing.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_named_like_the_models_base_is_renamed_and_said_so()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                TestModel:
                  type: object
                  properties:
                    a: {type: string}
            """;

        var result = Healthy.Run(yaml);

        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302" && diagnostic.GetMessage().Contains("TestModel", StringComparison.Ordinal));
        Assert.Contains("public abstract partial record TestModel", result.Source("Test.Api.TestModel.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
    }

    public static TheoryData<string> RecordMembers() => new(GeneratedNames.RecordMembers.Where(name => !name.StartsWith('<')));

    [Theory]
    [MemberData(nameof(RecordMembers))]
    public void A_property_named_like_a_record_member_compiles(string name)
    {
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  required: [{{{name}}}]
                  properties:
                    {{{name}}}: {type: string}
                    thingJson: {type: array, items: {type: string}}
            """;

        var result = Healthy.Run(yaml);

        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("KnownValues")]
    [InlineData("Value")]
    [InlineData("IsKnown")]
    [InlineData("PrintMembers")]
    [InlineData("Listed")]
    [InlineData("EqualityContract")]
    public void An_enum_value_named_like_an_enum_member_compiles(string name)
    {
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Color:
                  type: string
                  enum: [{{{name}}}, red]
            """;

        Healthy.Run(yaml);
    }

    [Theory]
    [InlineData("send")]
    [InlineData("readResult")]
    [InlineData("createApiException")]
    [InlineData("createRequest")]
    [InlineData("fooAsync")]
    public void An_operation_named_like_a_client_helper_compiles(string operationId)
    {
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /a/{id}:
                get:
                  operationId: {{{operationId}}}
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: ok}}
              /b/{id}:
                get:
                  operationId: validateFoo
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: ok}}
            """;

        Healthy.Run(yaml);
    }

    [Theory]
    [InlineData("GetHashCode")]
    [InlineData("ToString")]
    [InlineData("Equals")]
    [InlineData("Value")]
    [InlineData("IsKnown")]
    public void A_schema_named_like_a_member_every_model_declares_compiles(string name)
    {
        // Found by the fuzz campaign: a record named GetHashCode declares a member of its own name (CS0542).
        var yaml = $$$"""
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                {{{name}}}:
                  properties: {id: {}}
                Color{{{name}}}:
                  type: string
                  enum: [red]
            """.Replace("Color" + name + ":", name + "Holder:\n      properties: {c: {$ref: '#/components/schemas/Color" + name + "'}}\n    Color" + name + ":", StringComparison.Ordinal);

        var result = Healthy.Run(yaml);

        Assert.Empty(result.CompilationProblems);
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
    }

    [Theory]
    [InlineData("ModelBuilder")]
    [InlineData("ModelListBuilder")]
    [InlineData("ModelDictionaryBuilder")]
    [InlineData("IModelConverter")]
    [InlineData("FindModel")]
    [InlineData("List")]
    [InlineData("Dictionary")]
    [InlineData("Constructors")]
    [InlineData("ModelReaderWriter")]
    [InlineData("BinaryData")]
    public void A_schema_named_like_a_type_of_the_model_reader_writer_support_compiles_and_round_trips(string name)
    {
        // Every model is an IJsonModel<T> through the shared helpers; these names are used inside them, and a model's
        // own members may be called like the interface's.
        var yaml = $$$"""
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                {{{name}}}:
                  required: [write]
                  properties: {write: {type: string}, create: {type: string}, builder: {type: string}, checkFormat: {type: string}, getFormatFromOptions: {type: string}, default: {type: string}}
            """;

        var result = Healthy.Run(yaml);

        Assert.Empty(result.CompilationProblems);
        using var output = result.Load("model-reader-writer-" + name);
        var type = output.Assembly.GetTypes().Single(type => type.Name == name && !type.IsNested);
        var contextType = output.Assembly.GetTypes().Single(type => type.Name.EndsWith("ModelReaderWriterContext", StringComparison.Ordinal));
        var context = (System.ClientModel.Primitives.ModelReaderWriterContext)contextType.GetProperty("Default")!.GetValue(null)!;
        var model = System.ClientModel.Primitives.ModelReaderWriter.Read(BinaryData.FromString("{\"write\":\"w\",\"builder\":\"b\"}"), type, System.ClientModel.Primitives.ModelReaderWriterOptions.Json, context)!;
        Assert.Equal("{\"write\":\"w\",\"builder\":\"b\"}", System.ClientModel.Primitives.ModelReaderWriter.Write(model, System.ClientModel.Primitives.ModelReaderWriterOptions.Json, context).ToString());

        // And lists, arrays and maps of it, through the same context.
        foreach (var (collection, json) in new[]
        {
            (typeof(System.Collections.Generic.List<>).MakeGenericType(type), "[{\"write\":\"w\"},null]"),
            (type.MakeArrayType(), "[{\"write\":\"w\"}]"),
            (typeof(System.Collections.Generic.IReadOnlyDictionary<,>).MakeGenericType(typeof(string), type), "{\"a\":{\"write\":\"w\"}}"),
        })
        {
            var read = System.ClientModel.Primitives.ModelReaderWriter.Read(BinaryData.FromString(json), collection, System.ClientModel.Primitives.ModelReaderWriterOptions.Json, context)!;
            Assert.IsAssignableFrom(collection, read);
            Assert.Equal(json, System.ClientModel.Primitives.ModelReaderWriter.Write(read, System.ClientModel.Primitives.ModelReaderWriterOptions.Json, context).ToString());
        }
    }

    [Fact]
    public void A_schema_named_like_the_model_reader_writer_context_is_renamed()
    {
        var yaml = """
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                TestModelReaderWriterContext:
                  properties: {id: {type: string}}
            """;

        var result = Healthy.Run(yaml);

        Assert.Empty(result.CompilationProblems);
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
    }

    [Theory]
    [InlineData("query")]
    [InlineData("path")]
    [InlineData("header")]
    public void A_parameter_named_await_compiles(string location)
    {
        // A keyword only inside async methods, where the protocol method passes it on; found by the fuzz campaign.
        var yaml = $$$"""
            openapi: 3.0.1
            info: {title: T, version: "1"}
            paths:
              /things/{await}:
                get:
                  parameters:
                    - {name: await, in: {{{location}}}, required: true, schema: {type: integer}}
                    - {name: other, in: path, required: true, schema: {type: integer}}
                  responses: {'200': {description: ok}}
            """.Replace("/things/{await}", location == "path" ? "/things/{await}/{other}" : "/things/{other}", StringComparison.Ordinal);

        var result = Healthy.Run(yaml);

        Assert.Empty(result.CompilationProblems);
        Assert.Contains("int @await", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_parameter_named_http_client_compiles()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /a/{httpClient}:
                get:
                  operationId: get
                  parameters: [{name: httpClient, in: path, required: true, x-ms-parameter-location: client, schema: {type: string}}]
                  responses: {'204': {description: ok}}
            """;

        Healthy.Run(yaml);
    }
}
