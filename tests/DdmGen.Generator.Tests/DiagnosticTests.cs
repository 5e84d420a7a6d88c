using System;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests;

/// <summary>Every bad spec gets a DDMG diagnostic at the right file and line, and the generator never throws.</summary>
public sealed class DiagnosticTests
{
    private const string Header = """
        openapi: 3.0.3
        info:
          title: Test API
          version: "1"

        """;

    /// <summary>A spec that generates a model, so a test can see that nothing is generated.</summary>
    private const string Thing = """
        paths: {}
        components:
          schemas:
            Thing: {type: object, properties: {name: {type: string}}}
        """;

    private static GeneratorResult Run(string yaml, string path = "/specs/test.yaml", string? ns = "Test.Api", string? clientName = "TestClient") =>
        GeneratorHarness.Run(new SpecFile(path, yaml, ns, clientName));

    /// <summary>The one-based line of the first line of <paramref name="text"/> that contains <paramref name="marker"/>.</summary>
    private static int LineOf(string text, string marker)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var index = Array.FindIndex(lines, line => line.Contains(marker, StringComparison.Ordinal));
        Assert.True(index >= 0, $"marker '{marker}' is not in the spec");
        return index + 1;
    }

    private static Diagnostic Single(GeneratorResult result, string id)
    {
        Assert.DoesNotContain(result.GeneratorDiagnostics, diagnostic => diagnostic.Id == "CS8785");
        var matches = result.Diagnostics.Where(diagnostic => diagnostic.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected one {id}, got: {string.Join("; ", result.Diagnostics)}");
        return matches[0];
    }

    private static void AssertAt(Diagnostic diagnostic, string path, int line)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(line, span.StartLinePosition.Line + 1);
    }

    /// <summary>
    /// In a JSON spec a number or boolean in the enum of a string schema is no string, as JSON writes every string in
    /// quotes: no member is made for it, and it is reported at the value, where the open enum had a member '1' that the
    /// schema does not allow. (In YAML a plain 1.0 is text the author left unquoted, and stays a member.)
    /// </summary>
    [Fact]
    public void DDMG005_a_number_in_the_enum_of_a_string_schema_of_a_json_spec_makes_no_member()
    {
        const string json = """
            {
              "openapi": "3.1.0",
              "info": {"title": "Test API", "version": "1"},
              "paths": {},
              "components": {
                "schemas": {
                  "Kind": {
                    "type": "string",
                    "enum": ["small",
                      1,
                      true,
                      "large"]
                  }
                }
              }
            }
            """;

        var result = Run(json, "/specs/test.json");

        var wrong = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG005").OrderBy(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(2, wrong.Count);
        AssertAt(wrong[0], "/specs/test.json", LineOf(json, "1,"));
        AssertAt(wrong[1], "/specs/test.json", LineOf(json, "true,"));
        Assert.Contains("#/components/schemas/Kind/enum/1", wrong[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("a string in the enum of a string schema", wrong[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG301");
        var kind = result.Source("Test.Api.Kind.g.cs");
        Assert.Contains("Small", kind, StringComparison.Ordinal);
        Assert.Contains("Large", kind, StringComparison.Ordinal);
        Assert.DoesNotContain("\"1\"", kind, StringComparison.Ordinal);
        Assert.DoesNotContain("\"true\"", kind, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>
    /// The const of a string schema in a JSON spec is reported as its enum is: a number or boolean there is no string,
    /// DDMG005 at the value, where it passed without a word. (In YAML a plain 12 is text the author left unquoted.)
    /// </summary>
    [Theory]
    [InlineData("12")]
    [InlineData("true")]
    public void DDMG005_a_number_or_boolean_const_of_a_string_schema_of_a_json_spec_is_reported_at_the_value(string constant)
    {
        var json = $$"""
            {
              "openapi": "3.1.0",
              "info": {"title": "Test API", "version": "1"},
              "paths": {},
              "components": {
                "schemas": {
                  "Thing": {
                    "type": "object",
                    "properties": {
                      "kind": {
                        "type": "string",
                        "const": {{constant}}
                      }
                    }
                  }
                }
              }
            }
            """;

        var result = Run(json, "/specs/test.json");

        var diagnostic = Single(result, "DDMG005");
        AssertAt(diagnostic, "/specs/test.json", LineOf(json, "\"const\""));
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("#/components/schemas/Thing/properties/kind/const", message, StringComparison.Ordinal);
        Assert.Contains("a string as the const of a string schema", message, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG001_malformed_yaml_names_the_line()
    {
        const string yaml = Header + "paths:\n  /items:\n    get: [unclosed\n    put: {}\n";

        var diagnostic = Single(Run(yaml), "DDMG001");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.InRange(diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, LineOf(yaml, "get: [unclosed"), LineOf(yaml, "put: {}"));
        Assert.Contains("test.yaml", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG001_a_spec_the_compiler_cannot_open_is_said_to_be_unreadable_not_empty()
    {
        // A marked file that is missing (or cannot be opened) has no text: it was reported as a file with no YAML document.
        var spec = new SpecFile("/specs/missing.yaml", string.Empty);
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            new AdditionalText[] { new UnreadableText(spec.Path) },
            GeneratorHarness.ParseOptions(),
            GeneratorHarness.OptionsProvider(new[] { spec }));

        var run = driver.RunGenerators(GeneratorHarness.Compilation()).GetRunResult();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("DDMG001", diagnostic.Id);
        Assert.Equal(spec.Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("the compiler could not open it", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain("no YAML document", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.GeneratedTrees);
    }

    /// <summary>An additional file the compiler could not open: it has a path and no text.</summary>
    private sealed class UnreadableText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) => null;
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n\t\n")]
    [InlineData("\uFEFF\r\n")]
    public void DDMG001_an_empty_json_spec_is_said_to_be_empty(string text)
    {
        // It was System.Text.Json's own words: "The input does not contain any JSON tokens ... when isFinalBlock is true".
        var diagnostic = Single(Run(text, "/specs/test.json"), "DDMG001");

        Assert.Equal("/specs/test.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("cannot be read as JSON: the file is empty.", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG001_a_duplicate_yaml_key_names_its_line()
    {
        const string yaml = Header + "paths: {}\ncomponents:\n  schemas: {}\n  schemas: {}\n";

        var diagnostic = Single(Run(yaml), "DDMG001");

        Assert.Contains("Duplicate key", diagnostic.GetMessage(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(LineOf(yaml, "schemas: {}") + 1, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void DDMG001_malformed_json_names_the_line()
    {
        const string json = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": { \"title\": \"T\", \"version\": \"1\" },\n  \"paths\": { ,\n}\n";

        var diagnostic = Single(Run(json, "/specs/test.json"), "DDMG001");

        AssertAt(diagnostic, "/specs/test.json", 4);
        Assert.Contains("JSON", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG002_an_invalid_openapi_document_is_reported_at_the_offending_member()
    {
        const string yaml = Header + "paths: 5\n";

        var diagnostic = Single(Run(yaml), "DDMG002");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "paths: 5"));
    }

    [Fact]
    public void DDMG002_an_unsupported_openapi_version_is_reported_not_thrown()
    {
        const string yaml = "openapi: 9.0.0\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\n";

        var diagnostic = Single(Run(yaml), "DDMG002");

        AssertAt(diagnostic, "/specs/test.yaml", 1);
    }

    [Fact]
    public void DDMG002_an_unsupported_version_is_located_at_the_openapi_field()
    {
        const string yaml = "# a spec from the future\ninfo:\n  title: T\n  version: \"1\"\nopenapi: 9.0.0\npaths: {}\n";

        var diagnostic = Single(Run(yaml), "DDMG002");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "openapi: 9.0.0"));
        Assert.Contains("9.0.0", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG002_a_swagger_2_document_is_refused_at_its_swagger_field()
    {
        // The reader converts Swagger 2.0 without a word, but its #/definitions references then point nowhere the
        // generator reads (the bodies became JsonElement) and exclusiveMinimum: true was dropped from the checks.
        const string yaml = """
            swagger: "2.0"
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: getThing
                  produces: [application/json]
                  responses:
                    "200":
                      description: ok
                      schema: {$ref: '#/definitions/Thing'}
            definitions:
              Thing:
                type: object
                properties:
                  a: {type: string}
            """;

        var result = Run(yaml);

        var diagnostic = Single(result, "DDMG002");
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "swagger:"));
        Assert.Contains("Swagger 2.0", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("OpenAPI 3.0 or 3.1", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void DDMG006_unknown_keys_are_reported_at_their_own_lines_and_the_rest_is_generated()
    {
        const string yaml = Header + """
            paths:
              /things:
                get:
                  operationID: listThings
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Thing"}
            components:
              schemas:
                Thing:
                  typ: object
                  properties:
                    id: {type: string}
            """;

        var result = Run(yaml);
        var unknown = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG006").ToList();

        Assert.Equal(2, unknown.Count);
        Assert.All(unknown, diagnostic => Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity));
        Assert.Contains(unknown, diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf(yaml, "operationID:") && diagnostic.GetMessage().Contains("'operationID'", StringComparison.Ordinal));
        Assert.Contains(unknown, diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf(yaml, "typ: object") && diagnostic.GetMessage().Contains("#/components/schemas/Thing/typ", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.Thing.g.cs");
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG006_a_key_that_is_no_keyword_of_an_openapi_3_1_schema_is_reported_at_its_line()
    {
        // Regression: OpenAPI 3.1 schemas are JSON Schema, whose reader keeps a key it does not know without a word, so a
        // misspelling such as typ: went unreported in 3.1 documents, and the member became JsonElement.
        const string yaml = """
            openapi: 3.1.0
            info: {title: Test API, version: "1"}
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    id: {typ: string}
                    code: {type: string, $comment: checked, x-internal: true}
            """;

        var result = Run(yaml);

        var diagnostic = Single(result, "DDMG006");
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "typ: string"));
        Assert.Contains("#/components/schemas/Thing/properties/id/typ", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'typ' is not a keyword of an OpenAPI 3.1 schema (a misspelling?)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG006_nullable_in_an_openapi_3_1_schema_is_reported_and_read_as_the_null_type()
    {
        // Regression: nullable: true, OpenAPI 3.0's keyword, was dropped without a word in a 3.1 document: a required
        // member stayed non-nullable, and an answer with null in it failed to read.
        const string yaml = """
            openapi: 3.1.0
            info: {title: Test API, version: "1"}
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  required: [name, size]
                  properties:
                    name: {type: string, nullable: true}
                    size: {type: [integer, "null"]}
            """;

        var result = Run(yaml);

        var diagnostic = Single(result, "DDMG006");
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "nullable: true"));
        Assert.Contains("'nullable' is OpenAPI 3.0's; OpenAPI 3.1 writes type: [string, \"null\"], and the schema is read so", diagnostic.GetMessage(), StringComparison.Ordinal);
        using var output = result.Load("nullable in 3.1");
        var value = System.Text.Json.JsonSerializer.Deserialize("""{"name":null,"size":null}""", output.Type("Test.Api.Thing"))!;
        Assert.Equal("""{"name":null,"size":null}""", System.Text.Json.JsonSerializer.Serialize(value, output.Type("Test.Api.Thing")));
    }

    [Fact]
    public void DDMG006_a_component_key_that_breaks_the_naming_rule_is_a_warning_at_the_key_and_still_generates()
    {
        const string yaml = Header + """
            paths:
              things:
                get:
                  operationId: listThings
                  responses:
                    "204": {description: ok}
              /others:
                get:
                  operationId: listOthers
                  responses:
                    "204": {description: ok}
            components:
              schemas:
                Größe:
                  type: object
                  properties:
                    value: {type: integer}
            """;

        var result = Run(yaml);
        var warnings = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG006").ToList();

        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf(yaml, "Größe:") && diagnostic.GetMessage().Contains("MUST match", StringComparison.Ordinal));
        Assert.Contains(warnings, diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf(yaml, "things:") && diagnostic.GetMessage().Contains("does not start with '/'", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Contains(result.Sources, source => source.HintName.Contains("Gr", StringComparison.Ordinal) && !source.HintName.Contains("Converter", StringComparison.Ordinal));
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("ListOthersAsync", client, StringComparison.Ordinal);
        Assert.DoesNotContain("ListThings", client, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG006_an_unknown_key_in_a_list_item_is_reported_at_its_own_line_with_the_item_index()
    {
        const string yaml = Header + """
            servers:
              - url: https://one.example
              - url: https://two.example
                descripton: the second
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: offset
                      in: query
                      schema: {type: integer}
                    - name: limit
                      in: query
                      requried: true
                      schema:
                        type: integer
                        typ: x
                    - name: kind
                      in: query
                      schema:
                        allOf:
                          - {type: string}
                          - propertes: {}
                  responses:
                    "204": {description: ok}
            components:
              schemas:
                Thing:
                  allOf:
                    - {type: object}
                    - type: object
                      propertes: # Thing's
                        id: {type: string}
            """;

        var result = Run(yaml);

        AssertUnknownKeys(result, "/specs/test.yaml", new[]
        {
            ("#/servers/1/descripton", PlaceOf(yaml, "descripton:")),
            ("#/paths/~1things/get/parameters/1/requried", PlaceOf(yaml, "requried:")),
            ("#/paths/~1things/get/parameters/1/schema/typ", PlaceOf(yaml, "typ: x")),
            ("#/paths/~1things/get/parameters/2/schema/allOf/1/propertes", PlaceOf(yaml, "propertes: {}")),
            ("#/components/schemas/Thing/allOf/1/propertes", PlaceOf(yaml, "propertes: # Thing's")),
        });
    }

    [Fact]
    public void DDMG006_an_unknown_key_of_the_document_itself_is_reported_at_its_line()
    {
        // The reader names the document as '#/': such a key was reported at #//foo on the first line.
        const string yaml = Header + """
            paths: {}
            x_vendor: 1
            $defs:
              Name: {type: string}
            """;

        AssertUnknownKeys(Run(yaml), "/specs/test.yaml", new[]
        {
            ("#/x_vendor", PlaceOf(yaml, "x_vendor:")),
            ("#/$defs", PlaceOf(yaml, "$defs:")),
        });
    }

    [Fact]
    public void DDMG006_an_unknown_key_held_by_several_list_items_is_reported_at_each()
    {
        const string yaml = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: offset
                      in: query
                      requried: true
                      schema: {type: integer}
                    - name: size
                      in: query
                      schema: {type: integer}
                    - name: limit
                      in: query
                      requried: true
                      schema: {type: integer}
                  responses:
                    "204": {description: ok}
            """;

        var lines = yaml.Replace("\r\n", "\n").Split('\n');
        var marked = Enumerable.Range(0, lines.Length)
            .Where(index => lines[index].Contains("requried:", StringComparison.Ordinal))
            .Select(index => (index + 1, lines[index].IndexOf("requried:", StringComparison.Ordinal) + 1))
            .ToList();

        AssertUnknownKeys(Run(yaml), "/specs/test.yaml", new[]
        {
            ("#/paths/~1things/get/parameters/0/requried", marked[0]),
            ("#/paths/~1things/get/parameters/2/requried", marked[1]),
        });
    }

    [Fact]
    public void DDMG006_a_key_beside_a_reference_in_another_item_of_the_list_is_not_reported()
    {
        // Regression: "summary" is no parameter field, but beside the $ref of item 1 it is the reference's own (3.1); it was reported there too.
        const string yaml = """
            openapi: 3.1.0
            info: {title: Test API, version: "1"}
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: a
                      in: query
                      summary: not a parameter field
                      schema: {type: string}
                    - $ref: '#/components/parameters/B'
                      summary: the reference's own
                  responses:
                    "204": {description: ok}
            components:
              parameters:
                B: {name: b, in: query, schema: {type: string}}
            """;

        var lines = yaml.Replace("\r\n", "\n").Split('\n');
        var line = Array.FindIndex(lines, text => text.Contains("summary: not", StringComparison.Ordinal)) + 1;

        AssertUnknownKeys(Run(yaml), "/specs/test.yaml", new[]
        {
            ("#/paths/~1things/get/parameters/0/summary", (line, lines[line - 1].IndexOf("summary", StringComparison.Ordinal) + 1)),
        });
    }

    [Fact]
    public void DDMG006_an_unknown_key_in_a_list_item_of_a_json_spec_is_reported_at_its_own_line_with_the_item_index()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "servers": [
                { "url": "https://one.example" },
                {
                  "url": "https://two.example",
                  "descripton": "the second"
                }
              ],
              "paths": {
                "/things": {
                  "get": {
                    "operationId": "listThings",
                    "parameters": [
                      { "name": "offset", "in": "query", "schema": { "type": "integer" } },
                      {
                        "name": "limit",
                        "in": "query",
                        "requried": true,
                        "schema": {
                          "type": "integer",
                          "typ": "x"
                        }
                      },
                      {
                        "name": "kind",
                        "in": "query",
                        "schema": {
                          "allOf": [
                            { "type": "string" },
                            {
                              "propertes": {}
                            }
                          ]
                        }
                      }
                    ],
                    "responses": { "204": { "description": "ok" } }
                  }
                }
              }
            }
            """;

        AssertUnknownKeys(Run(json, "/specs/test.json"), "/specs/test.json", new[]
        {
            ("#/servers/1/descripton", PlaceOf(json, "\"descripton\"")),
            ("#/paths/~1things/get/parameters/1/requried", PlaceOf(json, "\"requried\"")),
            ("#/paths/~1things/get/parameters/1/schema/typ", PlaceOf(json, "\"typ\"")),
            ("#/paths/~1things/get/parameters/2/schema/allOf/1/propertes", PlaceOf(json, "\"propertes\"")),
        });
    }

    /// <summary>The one-based line and column where <paramref name="marker"/> first stands in <paramref name="text"/>.</summary>
    private static (int Line, int Column) PlaceOf(string text, string marker)
    {
        var line = LineOf(text, marker);
        return (line, text.Replace("\r\n", "\n").Split('\n')[line - 1].IndexOf(marker, StringComparison.Ordinal) + 1);
    }

    /// <summary>The DDMG006 warnings are exactly the expected ones: each names its pointer and stands at its key's line and column.</summary>
    private static void AssertUnknownKeys(GeneratorResult result, string path, (string Pointer, (int Line, int Column) Place)[] expected)
    {
        var unknown = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG006")
            .Select(diagnostic => (Message: diagnostic.GetMessage(), Span: diagnostic.Location.GetLineSpan()))
            .ToList();
        var shown = string.Join("; ", unknown.Select(item => $"({item.Span.StartLinePosition.Line + 1},{item.Span.StartLinePosition.Character + 1}) {item.Message}"));

        Assert.True(unknown.Count == expected.Length, $"expected {expected.Length} DDMG006, got: {shown}");
        foreach (var (pointer, (line, column)) in expected)
        {
            Assert.True(
                unknown.Any(item => item.Message.Contains($"at {pointer} in", StringComparison.Ordinal) && item.Span.Path == path
                    && item.Span.StartLinePosition.Line + 1 == line && item.Span.StartLinePosition.Character + 1 == column),
                $"expected {pointer} at ({line},{column}), got: {shown}");
        }
    }

    [Fact]
    public void DDMG002_a_wrong_value_in_a_list_item_is_reported_at_its_own_line_with_the_item_index()
    {
        // Regression: the reader names such a value without the item's index (#/.../get/parameters/in); it was reported at the list's line.
        const string yaml = Header + """
            paths:
              /v3/{project_id}/backups:
                parameters:
                  - name: project_id
                    in: path
                    required: true
                    schema: {type: string}
                  - name: trace
                    in: elsewhere
                    schema: {type: string}
                get:
                  operationId: listBackups
                  parameters:
                    - name: offset
                      in: query
                      schema: {type: integer}
                    - name: limit
                      in: nowhere
                      schema: {type: integer}
                    - name: kind
                      in: query
                      style: sideways
                      schema:
                        allOf:
                          - {type: string}
                          - type: text
                  responses:
                    "204": {description: ok}
            components:
              schemas:
                Backup:
                  allOf:
                    - {type: object}
                    - type: record
            """;

        AssertRejectedAt(Run(yaml), "/specs/test.yaml", new[]
        {
            ("#/paths/~1v3~1{project_id}~1backups/parameters/1/in", PlaceOf(yaml, "in: elsewhere")),
            ("#/paths/~1v3~1{project_id}~1backups/get/parameters/1/in", PlaceOf(yaml, "in: nowhere")),
            ("#/paths/~1v3~1{project_id}~1backups/get/parameters/2/style", PlaceOf(yaml, "style: sideways")),
            ("#/paths/~1v3~1{project_id}~1backups/get/parameters/2/schema/allOf/1/type", PlaceOf(yaml, "type: text")),
            ("#/components/schemas/Backup/allOf/1/type", PlaceOf(yaml, "type: record")),
        });
    }

    [Fact]
    public void DDMG002_a_path_parameter_missing_from_its_path_says_which_name_the_path_has_room_for()
    {
        const string yaml = Header + """
            paths:
              /pets/{pet_id}:
                get:
                  operationId: getPet
                  parameters:
                    - {name: petid, in: path, required: true, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var rejected = Assert.Single(Run(yaml).Diagnostics, diagnostic => diagnostic.Id == "DDMG002");
        var message = rejected.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("the path parameter 'petid' is not in the path '/pets/{pet_id}'", message, StringComparison.Ordinal);
        Assert.Contains("write {petid} in the path, or name the parameter as the path does", message, StringComparison.Ordinal);
        Assert.DoesNotContain("needs to be defined as a path parameter", message, StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG002_a_wrong_value_held_by_several_list_items_is_reported_at_each_and_not_beside_a_reference()
    {
        const string yaml = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: a
                      in: nowhere
                      schema: {type: string}
                    - $ref: '#/components/parameters/B'
                      in: nowhere
                    - name: c
                      in: query
                      schema: {type: string}
                    - name: d
                      in: nowhere
                      schema: {type: string}
                  responses:
                    "204": {description: ok}
            components:
              parameters:
                B: {name: b, in: query, schema: {type: string}}
            """;

        var lines = yaml.Replace("\r\n", "\n").Split('\n');
        var marked = Enumerable.Range(0, lines.Length)
            .Where(index => lines[index].Contains("in: nowhere", StringComparison.Ordinal))
            .Select(index => (index + 1, lines[index].IndexOf("in: nowhere", StringComparison.Ordinal) + 1))
            .ToList();

        AssertRejectedAt(Run(yaml), "/specs/test.yaml", new[]
        {
            ("#/paths/~1things/get/parameters/0/in", marked[0]),
            ("#/paths/~1things/get/parameters/3/in", marked[2]),
        });
    }

    [Fact]
    public void DDMG002_a_wrong_value_in_a_list_item_of_a_json_spec_is_reported_at_its_own_line_with_the_item_index()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {
                "/v3/{project_id}/backups": {
                  "get": {
                    "operationId": "listBackups",
                    "parameters": [
                      { "name": "project_id", "in": "path", "required": true, "schema": { "type": "string" } },
                      {
                        "name": "limit",
                        "in": "nowhere",
                        "schema": { "type": "integer" }
                      },
                      {
                        "name": "kind",
                        "in": "query",
                        "schema": {
                          "allOf": [
                            { "type": "string" },
                            {
                              "type": "text"
                            }
                          ]
                        }
                      }
                    ],
                    "responses": { "204": { "description": "ok" } }
                  }
                }
              }
            }
            """;

        AssertRejectedAt(Run(json, "/specs/test.json"), "/specs/test.json", new[]
        {
            ("#/paths/~1v3~1{project_id}~1backups/get/parameters/1/in", PlaceOf(json, "\"in\": \"nowhere\"")),
            ("#/paths/~1v3~1{project_id}~1backups/get/parameters/2/schema/allOf/1/type", PlaceOf(json, "\"type\": \"text\"")),
        });
    }

    [Fact]
    public void DDMG002_a_wrong_name_in_a_list_of_types_is_reported_at_that_name()
    {
        const string yaml = """
            openapi: 3.1.0
            info: {title: Test API, version: "1"}
            paths: {}
            components:
              schemas:
                Backup:
                  anyOf:
                    - {type: object}
                    - type:
                        - string
                        - text
            """;

        AssertRejectedAt(Run(yaml), "/specs/test.yaml", new[]
        {
            // At the item itself, after its dash.
            ("#/components/schemas/Backup/anyOf/1/type/1", PlaceOf(yaml, "text")),
        });
    }

    /// <summary>
    /// The DDMG002 errors name exactly the expected pointers, and each stands at its pointer's line and column; the reader
    /// may reject one place for more than one reason (a wrong <c>in</c> is also a missing one).
    /// </summary>
    private static void AssertRejectedAt(GeneratorResult result, string path, (string Pointer, (int Line, int Column) Place)[] expected)
    {
        var rejected = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG002")
            .Select(diagnostic => (Message: diagnostic.GetMessage(), Span: diagnostic.Location.GetLineSpan()))
            .ToList();
        var shown = string.Join("; ", rejected.Select(item => $"({item.Span.StartLinePosition.Line + 1},{item.Span.StartLinePosition.Character + 1}) {item.Message}"));

        foreach (var item in rejected)
        {
            Assert.True(
                expected.Any(place => item.Message.Contains($"at {place.Pointer}: ", StringComparison.Ordinal) && item.Span.Path == path
                    && item.Span.StartLinePosition.Line + 1 == place.Place.Line && item.Span.StartLinePosition.Character + 1 == place.Place.Column),
                $"unexpected DDMG002 ({item.Span.StartLinePosition.Line + 1},{item.Span.StartLinePosition.Character + 1}) {item.Message}; all: {shown}");
        }

        foreach (var (pointer, _) in expected)
        {
            Assert.True(rejected.Any(item => item.Message.Contains($"at {pointer}: ", StringComparison.Ordinal)), $"expected a DDMG002 at {pointer}, got: {shown}");
        }
    }

    [Theory]
    [InlineData("minimum: one", "'one'", "a number")]
    [InlineData("maxLength: one", "'one'", "a whole number")]
    [InlineData("maxLength: 1.5", "1.5", "a whole number")]
    [InlineData("maxLength: 99999999999", "99999999999", "a whole number")]
    [InlineData("readOnly: yes", "'yes'", "true or false")]
    [InlineData("exclusiveMinimum: 4", "4", "true or false in OpenAPI 3.0")]
    [InlineData("additionalProperties: 5", "5", "true, false or a schema")]
    [InlineData("maximum: [1]", "a list", "a number")]
    public void DDMG005_a_value_of_the_wrong_type_is_reported_at_its_key_and_ignored(string field, string shown, string expected)
    {
        var yaml = Header + $$"""
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    minimum: {type: integer, minimum: 1}
                    size:
                      type: integer
                      {{field}}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG005");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, field));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains(shown, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("#/components/schemas/Thing/properties/size/", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Severity == DiagnosticSeverity.Error);
        Assert.Contains("Size", result.Source("Test.Api.Thing.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("id: ty", "'ty'")]
    [InlineData("id: [string]", "a list")]
    public void DDMG005_a_property_that_is_not_a_schema_is_reported_and_left_out(string property, string shown)
    {
        // Found by truncating specs: Microsoft.OpenApi fails with a NullReferenceException on these.
        var yaml = Header + $$"""
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    name: {type: string}
                    {{property}}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG005");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, property));
        Assert.Contains(shown + ", but OpenAPI expects a schema", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG901");
        Assert.Contains("Name", result.Source("Test.Api.Thing.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>
    /// A description, summary or title that is a mapping or a list (a reference to another file's text, say) is
    /// reported at its key and left out. The reader refused it with an error that stopped the whole spec, placed at
    /// the list that holds it for a tag, rather than at the value.
    /// </summary>
    [Theory]
    [InlineData("tags: [{name: a, description: Plain}, {name: b, description: {$ref: 'other.yml#/intro'}}]", "", "", "{$ref", "#/tags/1/description")]
    [InlineData("tags: [{name: b, description: [a, b]}]", "", "", "[a, b]", "#/tags/0/description")]
    [InlineData("", "summary: {text: x}", "", "summary:", "#/paths/~1things/get/summary")]
    [InlineData("", "", "description: {text: y}", "description: {text", "#/paths/~1things/get/parameters/0/schema/description")]
    public void DDMG005_a_text_that_is_a_mapping_or_a_list_is_reported_at_its_key_and_left_out(string tags, string summary, string schemaDescription, string marker, string at)
    {
        var yaml = Header + $$"""
            {{tags}}
            paths:
              /things:
                get:
                  operationId: listThings
                  {{summary}}
                  parameters:
                    - name: q
                      in: query
                      schema:
                        type: string
                        {{schemaDescription}}
                  responses:
                    '204': {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Assert.Single(result.Diagnostics, other => other.Id == "DDMG005");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, marker));
        Assert.Contains(at + " ", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("but OpenAPI expects text", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG002");
        Assert.Contains("ListThingsAsync(string? q = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG102_a_null_property_schema_is_reported_at_its_line_and_typed_as_JsonElement()
    {
        const string yaml = Header + """
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    name: {type: string}
                    id:
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG102");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "id:"));
        Assert.Contains("null in place of a schema", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("JsonElement? Id", result.Source("Test.Api.Thing.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>
    /// An allOf chain longer than the nesting bound is reported as too deep, where it was said that the schema at the
    /// bound (which has properties) was "an object without properties".
    /// </summary>
    [Fact]
    public void DDMG105_an_allOf_chain_deeper_than_the_bound_is_reported_as_too_deep()
    {
        var yaml = new System.Text.StringBuilder(Header + "paths:\n  /things:\n    get:\n      operationId: getThing\n      responses:\n"
            + "        '200':\n          description: ok\n          content:\n            application/json:\n"
            + "              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n");
        for (var index = 0; index < 100; index++)
        {
            yaml.Append("    S").Append(index).Append(": {allOf: [{$ref: '#/components/schemas/S").Append(index + 1).Append("'}], properties: {p").Append(index).Append(": {type: string}}}\n");
        }

        yaml.Append("    S100: {type: object, properties: {last: {type: string}}}\n");
        var spec = yaml.ToString();

        var result = Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("without properties", StringComparison.Ordinal));
        AssertAt(Single(result, "DDMG105"), "/specs/test.yaml", LineOf(spec, "    S0:"));
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG102_a_null_allOf_item_is_reported_at_its_line()
    {
        const string yaml = Header + """
            paths: {}
            components:
              schemas:
                Thing:
                  allOf:
                    - type: object
                      properties:
                        name: {type: string}
                    -
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG102");

        AssertAt(diagnostic, "/specs/test.yaml", yaml.Split('\n').Length);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG901");
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG005_and_DDMG006_in_a_json_spec_are_at_their_own_lines()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": {
                "schemas": {
                  "Thing": {
                    "type": "object",
                    "properties": {
                      "size": {
                        "type": "integer",
                        "minimum": "one",
                        "typ": "x"
                      }
                    }
                  }
                }
              }
            }
            """;

        var result = Run(json, "/specs/test.json");

        AssertAt(Single(result, "DDMG005"), "/specs/test.json", LineOf(json, "\"minimum\""));
        AssertAt(Single(result, "DDMG006"), "/specs/test.json", LineOf(json, "\"typ\""));
        Assert.Contains("Size", result.Source("Test.Api.Thing.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG005_a_parameter_flag_of_the_wrong_type_is_reported_and_examples_are_left_alone()
    {
        const string yaml = Header + """
            paths:
              /things:
                get:
                  operationId: getThing
                  parameters:
                    - name: id
                      in: query
                      required: yes please
                      schema: {type: string}
                      example: {minimum: one}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG005");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "required: yes please"));
        Assert.True(result.Sources.Any(source => source.HintName == "Test.Api.TestClient.g.cs"), string.Join("\n", result.Diagnostics));
        Assert.Contains("GetThingAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG003_an_invalid_namespace_option_falls_back_and_says_so()
    {
        var result = Run(Header + "paths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        id: {type: string}\n", ns: "1Bad..Name");

        var diagnostic = Single(result, "DDMG003");

        Assert.Contains("1Bad..Name", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(result.Sources, source => source.HintName == "DdmGen.Generated.Thing.g.cs");
    }

    [Theory]
    [InlineData("App.nameof", "TestClient")]
    [InlineData("App.await", "TestClient")]
    [InlineData("Test.Api", "ddm")]
    [InlineData("Test.Api", "var")]
    // C# ignores formatting characters in a name (Api\u200B is the namespace Api, which the check of shared namespaces
    // took for another), and a bidirectional control shows the code in another order than it compiles.
    [InlineData("Test.Api\u200B", "TestClient")]
    [InlineData("Test.\u202EApi", "TestClient")]
    [InlineData("Test.Api", "Test\u2060Client")]
    public void DDMG003_a_name_that_compiles_alone_but_breaks_the_generated_code_falls_back(string ns, string clientName)
    {
        var result = Run(Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
            """, ns: ns, clientName: clientName);

        var diagnostic = Single(result, "DDMG003");

        // The message shows a formatting character as its code, so that the error list reads as the name is written.
        var written = string.Concat((ns == "Test.Api" ? clientName : ns).Select(character => char.GetUnicodeCategory(character) == System.Globalization.UnicodeCategory.Format ? $"\\u{(int)character:X4}" : character.ToString()));
        Assert.Contains($"'{written}'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG004_a_language_version_without_required_members_is_reported()
    {
        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/test.yaml", Header + Thing) }, LanguageVersion.CSharp10);

        Assert.Contains("set LangVersion to 11 or later", Single(result, "DDMG004").GetMessage(), StringComparison.Ordinal);

        // One clear error, not a page of CS errors from code that cannot compile here.
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void DDMG004_shows_a_formatting_character_of_the_file_name_as_its_code()
    {
        // The project-wide diagnostics quoted the file name as it is: a bidirectional control in it reordered the rest
        // of the error list's line, where every diagnostic of the spec shows it as \u202E.
        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/te\u202Est.yaml", Header + Thing) }, LanguageVersion.CSharp10);

        var message = Single(result, "DDMG004").GetMessage();
        Assert.Contains("te\\u202Est.yaml", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', message);
    }

    [Fact]
    public void DDMG004_a_target_framework_without_an_api_the_generated_code_uses_is_reported()
    {
        var spec = new SpecFile("/specs/test.yaml", Header + "paths: {}\n");
        var full = GeneratorHarness.Compilation();
        var withoutHttp = full.RemoveReferences(full.References.Where(reference => reference.Display?.EndsWith("System.Net.Http.dll", StringComparison.Ordinal) == true));
        Assert.True(withoutHttp.References.Count() < full.References.Count());

        var run = GeneratorHarness.Driver(new[] { spec }).RunGenerators(withoutHttp).GetRunResult();
        var complete = GeneratorHarness.Driver(new[] { spec }).RunGenerators(full).GetRunResult();

        var diagnostic = Assert.Single(run.Diagnostics, diagnostic => diagnostic.Id == "DDMG004");
        Assert.Contains("System.Net.Http.HttpClient", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, "/specs/test.yaml", 1);
        Assert.DoesNotContain(complete.Diagnostics, other => other.Id == "DDMG004");
    }

    [Fact]
    public void DDMG004_a_project_without_System_ClientModel_is_told_to_reference_it()
    {
        var spec = new SpecFile("/specs/test.yaml", Header + "paths: {}\n");
        var full = GeneratorHarness.Compilation();
        var withoutClientModel = full.RemoveReferences(full.References.Where(reference => reference.Display?.EndsWith("System.ClientModel.dll", StringComparison.Ordinal) == true));
        Assert.True(withoutClientModel.References.Count() < full.References.Count());

        var run = GeneratorHarness.Driver(new[] { spec }).RunGenerators(withoutClientModel).GetRunResult();

        var diagnostic = Assert.Single(run.Diagnostics, diagnostic => diagnostic.Id == "DDMG004");
        Assert.Contains("add a PackageReference to System.ClientModel 1.17.0 or later", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(".NET 8", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Results.SelectMany(result => result.GeneratedSources));
    }

    [Fact]
    public void DDMG004_a_System_ClientModel_older_than_the_code_needs_is_told_to_update()
    {
        // The two types an old System.ClientModel has, without what later versions added (ClientLoggingOptions, Clone).
        var old = CSharpSyntaxTree.ParseText("""
            namespace System.ClientModel.Primitives { public class ClientPipeline { } public class ClientPipelineOptions { } }
            namespace System.ClientModel { public abstract class AsyncCollectionResult<T> { } }
            """, GeneratorHarness.ParseOptions());
        var full = GeneratorHarness.Compilation();
        var oldClientModel = full.RemoveReferences(full.References.Where(reference => reference.Display?.EndsWith("System.ClientModel.dll", StringComparison.Ordinal) == true)).AddSyntaxTrees(old);

        var run = GeneratorHarness.Driver(new[] { new SpecFile("/specs/test.yaml", Header + Thing) }).RunGenerators(oldClientModel).GetRunResult();

        var diagnostic = Assert.Single(run.Diagnostics, diagnostic => diagnostic.Id == "DDMG004");
        Assert.Contains("older than 1.17.0 (it has no System.ClientModel.Primitives.ClientLoggingOptions); update its PackageReference", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Results.SelectMany(result => result.GeneratedSources));
    }

    [Fact]
    public void DDMG004_the_first_System_ClientModel_without_a_client_pipeline_is_told_to_update_not_to_add_a_reference()
    {
        // System.ClientModel 1.0.0 has no ClientPipeline yet: a project that referenced it was told to add the reference it had.
        var first = CSharpCompilation.Create(
                "System.ClientModel",
                new[] { CSharpSyntaxTree.ParseText("namespace System.ClientModel { public abstract class BinaryContent { } }", GeneratorHarness.ParseOptions()) },
                GeneratorHarness.Compilation().References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference();
        var full = GeneratorHarness.Compilation();
        var firstClientModel = full.RemoveReferences(full.References.Where(reference => reference.Display?.EndsWith("System.ClientModel.dll", StringComparison.Ordinal) == true)).AddReferences(first);

        var run = GeneratorHarness.Driver(new[] { new SpecFile("/specs/test.yaml", Header + Thing) }).RunGenerators(firstClientModel).GetRunResult();

        var diagnostic = Assert.Single(run.Diagnostics, diagnostic => diagnostic.Id == "DDMG004");
        Assert.Contains("references a System.ClientModel older than 1.17.0 (it has no System.ClientModel.Primitives.ClientPipeline); update its PackageReference", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Results.SelectMany(result => result.GeneratedSources));
    }

    [Fact]
    public void DDMG101_an_unresolved_ref_names_the_line_and_the_rest_still_generates()
    {
        const string yaml = Header + """
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    other:
                      $ref: "#/components/schemas/Missing"
                    name:
                      type: string
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG101");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "$ref: \"#/components/schemas/Missing\""));
        Assert.EndsWith("until then, the value is generated as JsonElement.", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("System.Text.Json.JsonElement? Other", result.Source("Test.Api.Thing.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG101_a_3_1_ref_to_a_parameter_is_not_taken_for_the_schema_of_the_same_name()
    {
        // OpenAPI 3.1 resolves a schema's $ref by its whole path: the last segment alone must not find the schema "Limit".
        const string yaml = """
            openapi: 3.1.0
            info:
              title: Test API
              version: "1"
            paths: {}
            components:
              parameters:
                Limit:
                  name: limit
                  in: query
                  schema:
                    type: integer
              schemas:
                Limit:
                  type: object
                  properties:
                    value:
                      type: integer
                Holder:
                  type: object
                  properties:
                    limit:
                      $ref: "#/components/parameters/Limit"
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG101");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "$ref: \"#/components/parameters/Limit\""));
        Assert.Contains("System.Text.Json.JsonElement? Limit", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parameters: [{$ref: '#/components/parameters/Missing'}]")]
    [InlineData("requestBody: {$ref: '#/components/requestBodies/Missing'}")]
    [InlineData("responses: {'200': {$ref: '#/components/responses/Missing'}}")]
    public void DDMG101_a_parameter_body_or_response_that_does_not_resolve_says_that_its_operation_is_not_generated(string part)
    {
        // The message said the value became JsonElement, while the whole operation was left out (DDMG203).
        var responses = part.StartsWith("responses", StringComparison.Ordinal) ? string.Empty : "responses: {'204': {description: ok}}";
        var yaml = Header + $$$"""
            paths:
              /things:
                post:
                  operationId: postThing
                  {{{part}}}
                  {{{responses}}}
              /others:
                get:
                  operationId: getOther
                  responses: {'204': {description: ok}}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG101");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "Missing"));
        Assert.EndsWith("until then, the operation that uses it is not generated.", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("'postThing'", Single(result, "DDMG203").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain("PostThingAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Contains("GetOtherAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG101_a_reference_to_another_document_in_place_of_a_parameter_says_that_its_operation_is_not_generated()
    {
        // The parameter was emptied, which the OpenAPI reader then rejected (DDMG002), and nothing was generated.
        const string yaml = Header + """
            paths:
              /things:
                get:
                  operationId: getThings
                  parameters: [{$ref: 'other.yaml#/components/parameters/Limit'}]
                  responses: {'204': {description: ok}}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG101");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "other.yaml"));
        Assert.StartsWith("The reference 'other.yaml#/components/parameters/Limit' at #/paths/~1things/get/parameters/0", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.EndsWith("until then, the operation that uses it is not generated.", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("'getThings'", Single(result, "DDMG203").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG002");
    }

    [Fact]
    public void DDMG102_oneOf_is_named_and_generated_as_json_element()
    {
        const string yaml = Header + """
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    choice:
                      oneOf:
                        - type: string
                        - type: integer
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG102");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "choice:"));
        Assert.True(diagnostic.GetMessage().Contains("uses oneOf", StringComparison.Ordinal), diagnostic.GetMessage());
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("{type: array, prefixItems: [{type: string}, {type: integer}]}", "any JSON (JsonElement)", "IReadOnlyList<global::System.Text.Json.JsonElement>?")]
    [InlineData("{type: array, prefixItems: [{type: string}], items: {type: integer}}", "reading fails where a first item is of another", "IReadOnlyList<int>?")]
    public void DDMG108_prefix_items_are_reported_as_not_kept(string schema, string says, string type)
    {
        // Regression: OpenAPI 3.1's tuples were dropped without a word.
        var yaml = "openapi: 3.1.0\ninfo: {title: Test API, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        pair: " + schema + "\n";

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "pair:"));
        Assert.Contains("#/components/schemas/Thing/properties/pair/prefixItems", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(says, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(type + " Pair { get; init; }", result.Sources.Single(source => source.HintName == "Test.Api.Thing.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG108_enum_values_that_differ_only_in_case_are_reported_at_the_enum()
    {
        // Each became a member of its own, and the open enum compares ignoring case: members that are equal to each other.
        const string yaml = Header + """
            paths: {}
            components:
              schemas:
                Mode:
                  type: string
                  enum: [abc, ABC, other, Abc]
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "enum:"));
        Assert.Contains("the values 'abc', 'ABC', 'Abc' differ only in case", diagnostic.GetMessage(), StringComparison.Ordinal);
        // Abc is its member's name as written and keeps it wherever it stands; abc (its camel case) comes next.
        Assert.Contains("members AbcValue, AbcValue2, Abc are equal", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG301_and_DDMG302_of_a_path_parameter_are_reported_once_for_all_the_operations_of_the_path()
    {
        const string yaml = Header + """
            servers: [{url: "https://example.com"}]
            paths:
              /a/{class}:
                parameters:
                  - {name: class, in: path, required: true, schema: {type: string}}
                  - {name: cancellationToken, in: query, schema: {type: string}}
                get:
                  operationId: getA
                  responses: {'204': {description: ok}}
                put:
                  operationId: putA
                  responses: {'204': {description: ok}}
                delete:
                  operationId: deleteA
                  responses: {'204': {description: ok}}
            """;

        var result = Run(yaml);

        AssertAt(Single(result, "DDMG301"), "/specs/test.yaml", LineOf(yaml, "name: class"));
        AssertAt(Single(result, "DDMG302"), "/specs/test.yaml", LineOf(yaml, "name: cancellationToken"));
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG201_a_duplicate_operation_id_points_at_the_second_one()
    {
        const string yaml = Header + """
            paths:
              /a:
                get:
                  operationId: getThing
                  responses:
                    "204": {description: ok}
              /b:
                get:
                  operationId: getThing
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG201");

        Assert.Equal(LineOf(yaml, "/b:") + 2, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("GetThingAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG202_an_operation_without_id_gets_a_name_from_method_and_path()
    {
        const string yaml = Header + """
            paths:
              /v3/{project_id}/things:
                get:
                  parameters:
                    - {name: project_id, in: path, required: true, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG202");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "get:"));
        Assert.Contains("GetV3ProjectIdThingsAsync(string projectId", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DDMG202_a_made_up_operation_id_gives_way_to_one_the_spec_writes_in_either_order(bool madeUpFirst)
    {
        // The name made up for "get /a" was taken as an operationId, so a later operation whose spec wrote that id
        // was dropped (DDMG201); the other way round, two operations shared one id, which page tokens tell apart by.
        const string MadeUp = """
              /a:
                get:
                  responses:
                    "204": {description: ok}

            """;
        const string Written = """
              /b:
                get:
                  operationId: getA
                  responses:
                    "204": {description: ok}

            """;
        var yaml = Header + "paths:\n" + (madeUpFirst ? MadeUp + Written : Written + MadeUp);

        var result = Run(yaml);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG202", diagnostic.Id);
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "/a:") + 1);
        Assert.Contains("'GetA2Async'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("GetAAsync(", client, StringComparison.Ordinal);
        Assert.Contains("GetA2Async(", client, StringComparison.Ordinal);
        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Matches("""Path\("b"\);\s*return [^;]*"getA"\);""", requests);
        Assert.Matches("""Path\("a"\);\s*return [^;]*"getA2"\);""", requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DDMG202_two_made_up_operation_ids_that_collide_are_given_in_either_order_alike(bool lowerFirst)
    {
        // "get /things" and "get /Things" both make getThings: the first in the spec kept it, so moving a path
        // swapped the two methods.
        const string Lower = "  /things:\n    get:\n      responses: {'204': {description: ok}}\n";
        const string Upper = "  /Things:\n    get:\n      responses: {'204': {description: ok}}\n";
        var yaml = Header + "paths:\n" + (lowerFirst ? Lower + Upper : Upper + Lower);

        var result = Run(yaml);

        Assert.Equal(new[] { "DDMG202", "DDMG202" }, result.Diagnostics.Select(diagnostic => diagnostic.Id));
        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Matches("""Path\("Things"\);\s*return [^;]*"getThings"\);""", requests);
        Assert.Matches("""Path\("things"\);\s*return [^;]*"getThings2"\);""", requests);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG306_a_non_json_body_gives_protocol_methods_alone_at_its_media_type()
    {
        // Such an operation was left out (DDMG203), with nothing to call for it.
        const string yaml = Header + """
            paths:
              /upload:
                post:
                  operationId: upload
                  requestBody:
                    content:
                      application/octet-stream:
                        schema: {type: string, format: binary}
                  responses:
                    "204": {description: ok}
              /ping:
                get:
                  operationId: ping
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG306");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "application/octet-stream:"));
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("application/octet-stream", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG203");
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("PingAsync", client, StringComparison.Ordinal);
        Assert.Contains("UploadAsync(global::System.ClientModel.BinaryContent? content, string? contentType, global::System.ClientModel.Primitives.RequestOptions? options)", client, StringComparison.Ordinal);
        Assert.DoesNotContain("UploadAsync(global::System.Threading.CancellationToken", client, StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>
    /// An operation whose success answer is text or bytes (text/plain, application/octet-stream) is generated: the
    /// convenience methods return the answer without a value, its Accept header names the declared types, and DDMG108 at
    /// the media type says that the body is the raw response's content, where the operation was left out (DDMG203).
    /// </summary>
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public void DDMG108_an_answer_that_is_not_json_keeps_the_operation_and_says_where_its_body_is(string mediaType)
    {
        var yaml = Header + $$"""
            paths:
              /version:
                get:
                  operationId: getVersion
                  responses:
                    "200":
                      description: The version.
                      content:
                        {{mediaType}}:
                          schema: {type: string}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, mediaType + ":"));
        Assert.Contains(mediaType, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("GetRawResponse().Content", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG203");
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("global::System.ClientModel.ClientResult> GetVersionAsync(global::System.Threading.CancellationToken cancellationToken = default)", client, StringComparison.Ordinal);
        Assert.Contains($"accept: \"{mediaType}\"", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>
    /// A success answer of any media type (*/*) whose schema is bytes (type string, format binary) is no JSON to read:
    /// it is kept as a text/plain answer is, and asked for with Accept */*, where the convenience methods returned
    /// ClientResult&lt;string&gt; and failed to read every file as a JSON string.
    /// </summary>
    [Fact]
    public void DDMG108_an_answer_of_any_media_type_that_is_bytes_is_not_read_as_json()
    {
        const string yaml = Header + """
            paths:
              /file:
                get:
                  operationId: getFile
                  responses:
                    "200":
                      description: The file.
                      content:
                        "*/*":
                          schema: {type: string, format: binary}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "\"*/*\":"));
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("global::System.ClientModel.ClientResult> GetFileAsync(global::System.Threading.CancellationToken cancellationToken = default)", client, StringComparison.Ordinal);
        Assert.Contains("accept: \"*/*\"", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("X Trace")]
    [InlineData("X-\u00dcber")]
    [InlineData("X-Trace:")]
    [InlineData("X-\"Trace\"")]
    public void DDMG203_a_required_header_parameter_whose_name_is_no_http_token_skips_the_operation(string name)
    {
        // HttpClient cannot send such a header: it threw at every call that gave a value ("X Trace"), or left the
        // header out without a word ("X-Über").
        var yaml = Header + $$$"""
            paths:
              /things:
                delete:
                  operationId: deleteThings
                  parameters:
                    - {name: '{{{name}}}', in: header, required: true, schema: {type: string}}
                  responses:
                    "204": {description: ok}
              /ping:
                get:
                  operationId: ping
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG203");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "delete:"));
        Assert.Contains($"the header parameter '{name}' has a name that is not an HTTP token", diagnostic.GetMessage(), StringComparison.Ordinal);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("PingAsync", client, StringComparison.Ordinal);
        Assert.DoesNotContain("DeleteThingsAsync", client, StringComparison.Ordinal);
    }

    /// <summary>
    /// An optional parameter that cannot be sent (a header whose name is no HTTP token, a query parameter without a
    /// name, which <c>?=value</c> gives no server to read) is left out with a warning at it: the operation is still
    /// generated, as a caller can make it without that parameter, where one such parameter used to take it away.
    /// </summary>
    [Theory]
    [InlineData("X Trace", "header")]
    [InlineData("X-\u00dcber", "header")]
    [InlineData("", "query")]
    public void DDMG108_an_optional_parameter_that_cannot_be_sent_is_left_out_of_its_operation(string name, string location)
    {
        var yaml = Header + $$$"""
            paths:
              /things:
                delete:
                  operationId: deleteThings
                  parameters:
                    - {name: '{{{name}}}', in: {{{location}}}, schema: {type: string}}
                    - {name: keep, in: {{{location}}}, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "'" + name + "'"));
        Assert.Contains("is left out of the operation's methods", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id is "DDMG203" or "DDMG301");
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("DeleteThingsAsync(string? keep = null,", client, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{name}\", ", result.Source("Test.Api.TestClient+Requests.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// An optional parameter that is no scalar and no list of scalars (an object, a union) is left out with a warning
    /// at it, as one that cannot be sent is: a caller can make the operation without it, where it took the operation away.
    /// </summary>
    [Theory]
    [InlineData("{type: object, properties: {a: {type: string}}}")]
    [InlineData("{oneOf: [{type: string}, {type: array, items: {type: string}}]}")]
    public void DDMG108_an_optional_parameter_that_is_no_scalar_is_left_out_of_its_operation(string schema)
    {
        var yaml = Header + $$$"""
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: filter, in: query, schema: {{{schema}}}}
                    - {name: keep, in: query, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);

        var diagnostic = Assert.Single(result.Diagnostics, other => other.Id == "DDMG108" && other.GetMessage().Contains("'filter'", StringComparison.Ordinal));
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "name: filter"));
        Assert.Contains("is not a scalar or an array of scalars, so this optional parameter is left out of the operation's methods", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG203");
        Assert.Contains("ListThingsAsync(string? keep = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG203_a_required_object_parameter_skips_the_operation()
    {
        var yaml = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: filter, in: query, required: true, schema: {type: object, properties: {a: {type: string}}}}
                  responses:
                    "204": {description: ok}
            """;

        var diagnostic = Single(Run(yaml), "DDMG203");

        Assert.Contains("the parameter 'filter' is not a scalar or an array of scalars", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The client checks a parameter's bounds and lengths before it sends it; the rules it does not check are named,
    /// once per parameter at the first of them, rather than left out without a word.
    /// </summary>
    [Theory]
    [InlineData("3.0.3", "type: string\n            pattern: '^[a-z]+$'", "pattern", "pattern")]
    [InlineData("3.0.3", "type: array\n            items: {type: string}\n            minItems: 1\n            maxItems: 3", "minItems", "minItems and maxItems")]
    [InlineData("3.1.0", "type: string\n            const: fixed", "const", "const")]
    [InlineData("3.0.3", "type: integer\n            minimum: 1\n            multipleOf: 5", "multipleOf", "multipleOf")]
    public void DDMG108_a_parameter_rule_the_client_does_not_check_is_named(string version, string schema, string first, string named)
    {
        var yaml = $$"""
            openapi: {{version}}
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: q
                      in: query
                      schema:
                        {{schema}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, first + ":"));
        Assert.Contains($"the client does not check {named} before it sends the parameter", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("ListThingsAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A rule of a shared parameter, or of a shared schema, is named once, where it is written: not once for each
    /// operation that uses it, at a <c>$ref</c> line and under a pointer that is in no file.
    /// </summary>
    [Theory]
    [InlineData("- $ref: '#/components/parameters/Name'", "Name:\n      name: name\n      in: query\n      schema: {type: string, pattern: '^[a-z]+$'}", "parameters", "/components/parameters/Name/schema/pattern")]
    [InlineData("- {name: name, in: query, schema: {$ref: '#/components/schemas/Name'}}", "Name: {type: string, pattern: '^[a-z]+$'}", "schemas", "/components/schemas/Name/pattern")]
    public void DDMG108_a_shared_rule_the_client_does_not_check_is_named_once_where_it_is_written(string use, string component, string kind, string written)
    {
        var yaml = Header + $$"""
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    {{use}}
                  responses:
                    "204": {description: ok}
              /others:
                get:
                  operationId: listOthers
                  parameters:
                    {{use}}
                  responses:
                    "204": {description: ok}
            components:
              {{kind}}:
                {{component}}
            """;

        var diagnostic = Single(Run(yaml), "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "pattern:"));
        Assert.Contains(written, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minItems: 0")]
    [InlineData("uniqueItems: false")]
    public void DDMG108_a_rule_every_value_meets_is_not_named(string rule)
    {
        var yaml = Header + $$$"""
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: ids, in: query, schema: {type: array, items: {type: string}, {{{rule}}}}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG108");
        Assert.Contains("ListThingsAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The client checks no item of a list parameter: every rule of its <c>items</c> is named, once, at the first of
    /// them and under a pointer into <c>items</c>, rather than left out without a word.
    /// </summary>
    [Theory]
    [InlineData("{type: string, pattern: '^[a-z]+$'}", "pattern", "pattern")]
    [InlineData("{type: string, minLength: 2, maxLength: 4}", "minLength", "minLength and maxLength")]
    [InlineData("{type: integer, minimum: 1, maximum: 9, multipleOf: 3}", "minimum", "minimum, maximum and multipleOf")]
    [InlineData("{type: number, exclusiveMaximum: 9}", "exclusiveMaximum", "exclusiveMaximum")]
    [InlineData("{type: string, const: fixed}", "const", "const")]
    public void DDMG108_a_rule_of_a_list_parameter_s_items_is_named(string items, string first, string named)
    {
        var yaml = $$"""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: q
                      in: query
                      schema:
                        type: array
                        items: {{items}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "items:"));
        Assert.Contains($"#/paths/~1things/get/parameters/0/schema/items/{first}", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains($"the client does not check {named} before it sends the items of the parameter", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("ListThingsAsync", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG108_a_rule_of_shared_items_is_named_once_where_it_is_written()
    {
        var yaml = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: q, in: query, schema: {type: array, items: {$ref: '#/components/schemas/Code'}}}
                  responses:
                    "204": {description: ok}
              /others:
                get:
                  operationId: listOthers
                  parameters:
                    - {name: q, in: query, schema: {type: array, items: {$ref: '#/components/schemas/Code'}}}
                  responses:
                    "204": {description: ok}
            components:
              schemas:
                Code:
                  type: string
                  pattern: '^[A-Z]{3}$'
            """;

        var diagnostic = Single(Run(yaml), "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "pattern:"));
        Assert.Contains("#/components/schemas/Code/pattern", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The client sends no cookies: an optional cookie parameter is left out with a warning at it, and the operation is
    /// still generated, as a caller can make it without that cookie, where one such parameter took it away; declared
    /// on the path, it is left out of each of its operations alike.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DDMG108_an_optional_cookie_parameter_is_left_out_of_its_operation(bool onPath)
    {
        const string cookie = "- {name: session, in: cookie, schema: {type: string}}";
        const string other = "- {name: other, in: query, schema: {type: string}}";
        var yaml = Header + $$$"""
            paths:
              /things:
                parameters:
                  {{{(onPath ? cookie : other)}}}
                get:
                  operationId: listThings
                  parameters:
                    {{{(onPath ? other : cookie)}}}
                    - {name: keep, in: query, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "in: cookie"));
        Assert.Contains("the cookie parameter 'session' is not sent", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("is left out of the operation's methods", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG203");
        Assert.Contains("ListThingsAsync(string? other = null, string? keep = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG203_a_required_cookie_parameter_skips_the_operation()
    {
        var yaml = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: session, in: cookie, required: true, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var diagnostic = Single(Run(yaml), "DDMG203");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "get:"));
        Assert.Contains("the cookie parameter 'session' is not sent", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>
    /// OpenAPI 3.2's querystring parameter (the whole query string as one value) is not written by the client: an
    /// optional one is left out with a warning at it and the operation is generated, where one took its operation
    /// away; a required one still does, as the operation cannot be made without it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DDMG108_an_optional_querystring_parameter_is_left_out_of_its_operation(bool required)
    {
        var yaml = $$$$"""
            openapi: 3.2.0
            info: {title: Test API, version: "1"}
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: filter
                      in: querystring
                      required: {{{{(required ? "true" : "false")}}}}
                      content:
                        application/x-www-form-urlencoded:
                          schema: {type: object, properties: {a: {type: string}}}
                    - {name: keep, in: query, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);

        if (required)
        {
            var skipped = Single(result, "DDMG203");
            AssertAt(skipped, "/specs/test.yaml", LineOf(yaml, "get:"));
            Assert.Contains("the querystring parameter 'filter' is not sent", skipped.GetMessage(), StringComparison.Ordinal);
            return;
        }

        var diagnostic = Single(result, "DDMG108");
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "- name: filter"));
        Assert.Contains("the querystring parameter 'filter' is not sent", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("is left out of the operation's methods", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, other => other.Id == "DDMG203");
        Assert.Contains("ListThingsAsync(string? keep = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>
    /// OpenAPI lets a list hold a parameter (a name in a location) once: a second one, on the path or on the operation,
    /// is left out with a warning at it, where the operation's later one silently replaced the first and the path's
    /// was sent twice.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DDMG108_a_parameter_listed_twice_is_kept_once(bool onPath)
    {
        const string list = "parameters: [{name: q, in: query, schema: {type: integer}},\n          {name: q, in: query, schema: {type: string}}]";
        var yaml = Header + $$$"""
            paths:
              /things:
                {{{(onPath ? list : string.Empty)}}}
                get:
                  operationId: listThings
                  {{{(onPath ? string.Empty : list)}}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "type: string"));
        Assert.Contains("is listed twice", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("ListThingsAsync(int? q = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// HTTP header names are case-insensitive: <c>X-Id</c> and <c>x-id</c> are one header, listed twice. Both were kept,
    /// and the request set the header twice, the second value in place of the first. Query and path names are
    /// case-sensitive, and <c>q</c> beside <c>Q</c> are two parameters.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DDMG108_a_header_parameter_listed_twice_in_another_case_is_kept_once(bool onPath)
    {
        const string list = "parameters: [{name: X-Id, in: header, schema: {type: integer}},\n          {name: q, in: query, schema: {type: integer}},\n          {name: Q, in: query, schema: {type: integer}},\n          {name: x-id, in: header, schema: {type: string}}]";
        var yaml = Header + $$$"""
            paths:
              /things:
                {{{(onPath ? list : string.Empty)}}}
                get:
                  operationId: listThings
                  {{{(onPath ? string.Empty : list)}}}
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG108");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "type: string"));
        Assert.Contains("the header parameter 'x-id' is listed twice", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("ListThingsAsync(int? xId = null, int? q = null, int? qValue = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_operation_s_header_parameter_replaces_the_path_s_of_the_same_name_in_another_case()
    {
        // The path's X-Id and the operation's x-id were both kept: the request set the one header twice.
        var yaml = Header + """
            paths:
              /things:
                parameters: [{name: X-Id, in: header, schema: {type: integer}}]
                get:
                  operationId: listThings
                  parameters: [{name: x-id, in: header, schema: {type: string}}]
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("ListThingsAsync(string? xId = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_name_outside_ASCII_is_not_taken_for_an_ASCII_name_in_another_case()
    {
        // HTTP compares header names by ASCII case. Upper-cased by Unicode's rules, X-\u017F (a long s) is X-S: the
        // valid X-S after it was left out as a second listing of it, and X-\u017F as no HTTP token, so neither was sent.
        var yaml = Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters: [{name: "X-\u017F", in: header, schema: {type: string}}, {name: X-S, in: header, schema: {type: integer}}]
                  responses:
                    "204": {description: ok}
            """;

        var result = Run(yaml);

        var diagnostic = Single(result, "DDMG108");
        Assert.DoesNotContain("listed twice", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("ListThingsAsync(int? xs = null,", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG203_a_required_query_parameter_without_a_name_skips_the_operation()
    {
        var yaml = Header + """
            paths:
              /things:
                delete:
                  operationId: deleteThings
                  parameters:
                    - {name: '', in: query, required: true, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """;

        var diagnostic = Single(Run(yaml), "DDMG203");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "delete:"));
        Assert.Contains("the query parameter '' has no name", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: offset", "name: start", "start")]
    [InlineData("results: $.items", "results: $.entries", "$.entries")]
    public void DDMG204_pagination_that_names_something_missing_is_reported_and_not_generated(string original, string replacement, string named)
    {
        var yaml = (Header + """
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - {name: offset, in: query, schema: {type: integer}}
                    - {name: limit, in: query, schema: {type: integer, maximum: 50}}
                  x-speakeasy-pagination:
                    type: offsetLimit
                    inputs:
                      - name: offset
                        in: parameters
                        type: offset
                      - name: limit
                        in: parameters
                        type: limit
                    outputs:
                      results: $.items
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: object
                            required: [items]
                            properties:
                              items: {type: array, items: {type: string}}
            """).Replace("- " + original, "- " + replacement).Replace("      " + original, "      " + replacement);
        Assert.Contains(replacement, yaml, StringComparison.Ordinal);

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG204");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, replacement));
        Assert.Contains(named, diagnostic.GetMessage(), StringComparison.Ordinal);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("ListItemsAsync", client, StringComparison.Ordinal);
        Assert.DoesNotContain("ListItemsAutoPagingAsync", client, StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG205_an_unsupported_security_scheme_is_reported_at_its_definition()
    {
        const string yaml = Header + """
            security:
              - oauth: []
            paths:
              /ping:
                get:
                  operationId: ping
                  responses:
                    "204": {description: ok}
            components:
              securitySchemes:
                oauth:
                  type: oauth2
                  flows:
                    clientCredentials:
                      tokenUrl: https://example.com/token
                      scopes: {}
            """;

        var diagnostic = Single(Run(yaml), "DDMG205");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "    oauth:"));
    }

    [Theory]
    [InlineData("{type: http, scheme: basic}", "(an http scheme 'basic')")]
    [InlineData("{type: http, scheme: Digest}", "(an http scheme 'Digest')")]
    [InlineData("{type: oauth2, flows: {implicit: {authorizationUrl: 'https://example.com/auth', scopes: {}}}}", "(an oauth2 scheme)")]
    [InlineData("{type: openIdConnect, openIdConnectUrl: 'https://example.com/.well-known/openid-configuration'}", "(an openIdConnect scheme)")]
    [InlineData("{type: apiKey, in: query, name: key}", "(an apiKey in query)")]
    [InlineData("{type: apiKey, in: cookie, name: key}", "(an apiKey in cookie)")]
    public void DDMG205_names_the_unsupported_scheme_as_the_spec_writes_it(string scheme, string named)
    {
        // Regression: an http scheme other than bearer was "(Http)", which did not say which one, and oauth2 "(OAuth2)".
        var yaml = Header + """
            security:
              - auth: []
            paths:
              /ping:
                get:
                  operationId: ping
                  responses:
                    "204": {description: ok}
            components:
              securitySchemes:
                auth:
            """ + " " + scheme + "\n";

        var diagnostic = Single(Run(yaml), "DDMG205");

        Assert.Contains(named, diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "    auth: {"));
    }

    [Fact]
    public void DDMG307_the_headers_of_a_success_answer_are_named_where_they_are_written()
    {
        // Regression: the headers of an answer were left out without a word; the result has no member for them.
        const string yaml = Header + """
            paths:
              /things:
                get:
                  operationId: getThing
                  responses:
                    "200":
                      description: ok
                      headers:
                        X-Rate-Limit: {schema: {type: integer}}
                        ETag: {schema: {type: string}}
                      content:
                        application/json:
                          schema: {type: object, properties: {a: {type: string}}}
                    "404":
                      description: missing
                      headers:
                        X-Reason: {schema: {type: string}}
            """;

        var result = Run(yaml);
        var diagnostic = Single(result, "DDMG307");

        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "          headers:"));
        Assert.Contains("'X-Rate-Limit', 'ETag'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("result.GetRawResponse().Headers", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG207_an_http_server_is_reported_at_its_url_and_a_loopback_one_is_not()
    {
        const string yaml = Header + """
            servers:
              - url: http://127.0.0.1:5080
              - url: http://ddm.example.com
            paths:
              /ping:
                get:
                  operationId: ping
                  responses:
                    "204": {description: ok}
            """;

        var diagnostic = Single(Run(yaml), "DDMG207");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "http://ddm.example.com"));
        Assert.Contains("http://ddm.example.com", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG206_an_unknown_parameter_location_value_is_reported()
    {
        const string yaml = Header + """
            paths:
              /ping:
                get:
                  operationId: ping
                  parameters:
                    - name: region
                      in: query
                      schema: {type: string}
                      x-ms-parameter-location: everywhere
                  responses:
                    "204": {description: ok}
            """;

        var diagnostic = Single(Run(yaml), "DDMG206");

        AssertAt(diagnostic, "/specs/test.yaml", LineOf(yaml, "x-ms-parameter-location"));
    }

    [Theory]
    [InlineData("3.0.3")]
    [InlineData("3.1.0")]
    public void DDMG206_an_error_mark_that_is_not_a_string_or_stands_beside_a_ref_to_an_enum_is_reported(string version)
    {
        // A list was read as no mark at all, and OpenAPI 3.0's reader drops what stands beside a $ref: neither was
        // reported. Beside a $ref to a string the mark is now kept in both versions.
        var yaml = Header.Replace("3.0.3", version, StringComparison.Ordinal) + """
            servers: [{url: "https://example.com"}]
            paths:
              /a:
                get:
                  operationId: getA
                  parameters:
                    - {name: region, in: query, schema: {type: string}, x-ms-parameter-location: [client]}
                  responses:
                    '200': {description: ok}
                    default: {description: failed, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}
            components:
              schemas:
                Kind: {type: string, enum: [x, y]}
                Id: {type: string}
                Failure:
                  type: object
                  properties:
                    code: {type: string, x-ddmgen-error: [code]}
                    kind: {$ref: '#/components/schemas/Kind', x-ddmgen-error: message}
                    id: {$ref: '#/components/schemas/Id', x-ddmgen-error: request-id}
            """;

        var result = Run(yaml);

        Assert.Equal(
            new[] { ("DDMG206", LineOf(yaml, "x-ms-parameter-location")), ("DDMG206", LineOf(yaml, "code: {")), ("DDMG206", LineOf(yaml, "kind: {")) },
            result.Diagnostics.Select(diagnostic => (diagnostic.Id, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1)).Order());
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.GetMessage().Contains("value '[\"code\"]' at #/components/schemas/Failure/properties/code/x-ddmgen-error", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.GetMessage().Contains("value '[\"client\"]'", StringComparison.Ordinal));
        Assert.Empty(result.CompilationProblems);
        var support = result.Source("Test.Api.TestClientSupport.g.cs");
        Assert.Contains("ErrorMembers(body.Span, \"/id\")", support, StringComparison.Ordinal);
        Assert.Contains("members[0] ?? RequestIdOf(response)", support, StringComparison.Ordinal);
    }

    [Fact]
    public void DDMG301_names_that_are_not_identifiers_or_are_keywords_are_rewritten_deterministically()
    {
        const string yaml = Header + """
            paths:
              /ping:
                get:
                  operationId: ping
                  parameters:
                    - {name: class, in: query, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            components:
              schemas:
                2fa-settings:
                  type: object
                  properties:
                    event:
                      type: string
                    9lives:
                      type: integer
                object:
                  type: object
                  properties:
                    id: {type: string}
            """;

        var result = Run(yaml);
        var rewritten = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG301").ToList();

        // A keyword that the casing every name gets turns into a plain name (event to Event, object to Object) is
        // not rewritten; one that stays a keyword (the parameter class, @class) is.
        Assert.Equal(
            new[] { LineOf(yaml, "name: class"), LineOf(yaml, "2fa-settings:"), LineOf(yaml, "9lives:") }.OrderBy(line => line),
            rewritten.Select(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1).OrderBy(line => line));
        Assert.Contains("public sealed partial record _2faSettings", result.Source("Test.Api._2faSettings.g.cs"), StringComparison.Ordinal);
        Assert.Contains("int? _9lives", result.Source("Test.Api._2faSettings.g.cs"), StringComparison.Ordinal);
        Assert.Contains("string? Event", result.Source("Test.Api._2faSettings.g.cs"), StringComparison.Ordinal);
        Assert.Contains("string? @class = null", result.Source("Test.Api.TestClient.g.cs"), StringComparison.Ordinal);
        Assert.Contains("public sealed partial record Object", result.Source("Test.Api.Object.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>
    /// A property and an enum value whose names hold a letter outside the BMP (U+1D400, a surrogate pair), which the
    /// compiler takes in no name, are generated without it, DDMG301 says so, and the code compiles.
    /// </summary>
    [Fact]
    public void DDMG301_a_letter_outside_the_bmp_is_dropped_and_the_code_compiles()
    {
        const string Letter = "\U0001D400";
        const string yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        size" + Letter + ": {type: string}\n"
            + "    Kind:\n      type: string\n      enum: [on" + Letter + "x]\n";

        var result = Run(yaml);

        Assert.Equal(new[] { "DDMG301", "DDMG301" }, result.Diagnostics.Select(diagnostic => diagnostic.Id));
        Assert.Contains("public string? Size { get; init; }", result.Source("Test.Api.Thing.g.cs"), StringComparison.Ordinal);
        Assert.Contains("public static Kind OnX { get; }", result.Source("Test.Api.Kind.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG302_two_names_that_map_to_one_csharp_name_are_told_apart()
    {
        const string yaml = Header + """
            paths: {}
            components:
              schemas:
                backup_info:
                  type: object
                  properties:
                    instance_id: {type: string}
                    instanceId: {type: string}
                BackupInfo:
                  type: object
                  properties:
                    id: {type: string}
            """;

        var result = Run(yaml);
        var collisions = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG302").ToList();

        Assert.Equal(2, collisions.Count);
        // instanceId is its member's name in camel case, so it keeps it although instance_id stands first.
        Assert.Contains(collisions, diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf(yaml, "instance_id:"));
        // BackupInfo is its own C# name, so it keeps it although backup_info stands first.
        Assert.Contains(collisions, diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf(yaml, "  backup_info:"));
        Assert.Contains("InstanceIdValue", result.Source("Test.Api.BackupInfo2.g.cs"), StringComparison.Ordinal);
        Assert.Contains("public string? Id { get; init; }", result.Source("Test.Api.BackupInfo.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void DDMG901_an_internal_failure_becomes_a_diagnostic_not_an_exception()
    {
        var model = Parsing.Parser.Parse(new Model.SpecInput(null!, "openapi: 3.0.3\n", 15, "Test.Api", "TestClient", Model.EquatableArray<Model.DiagnosticInfo>.Empty), default);

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("DDMG901", diagnostic.Id);
        Assert.Empty(model.Objects);
    }

    [Fact]
    public void Files_not_marked_as_specs_are_left_alone()
    {
        var result = GeneratorHarness.Run(new SpecFile("/specs/settings.json", "{\"not\": \"a spec\"}", Marked: false));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Sources);
    }

    /// <summary>
    /// The cycle search starts only from what can be on a cycle (a reference to a schema that links to nothing
    /// cannot): the cycles, and the reference each is reported and cut at, are the ones a search from every reference
    /// finds, also when a cycle is reached only through such references.
    /// </summary>
    [Fact]
    public void DDMG103_cycles_reached_through_references_to_plain_schemas_are_reported_where_they_close()
    {
        const string spec = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Holder'\n"
            + "components:\n  schemas:\n    Holder:\n      type: object\n      properties:\n        plain:\n          $ref: '#/components/schemas/Plain'\n        loop:\n          $ref: '#/components/schemas/A'\n        mixed:\n          $ref: '#/components/schemas/C'\n"
            + "    Plain:\n      type: object\n      properties:\n        id:\n          type: string\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"
            + "    C:\n      allOf:\n        - $ref: '#/components/schemas/Plain'\n        - $ref: '#/components/schemas/D'\n    D:\n      allOf:\n        - $ref: '#/components/schemas/C'\n        - $ref: '#/components/schemas/Plain'\n";
        var result = Run(spec);
        var cycles = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG103")
            .Select(diagnostic => (diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        const string Tail = ": nothing can be made of itself (only a property, item or map value may refer back to its own type). The reference is dropped (a schema becomes JsonElement); break the cycle.";
        Assert.Equal(
            new[]
            {
                (LineOf(spec, "    B:") + 1, "The reference '#/components/schemas/A' at #/components/schemas/B closes the cycle #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A" + Tail),
                (LineOf(spec, "    D:") + 2, "The reference '#/components/schemas/C' at #/components/schemas/D/allOf/0 closes the cycle #/components/schemas/C -> #/components/schemas/C/allOf/1 -> #/components/schemas/D -> #/components/schemas/D/allOf/0 -> #/components/schemas/C" + Tail),
            },
            cycles);
    }

    /// <summary>
    /// A $ref on the components object itself is reported and the object cleared: the schemas under it are gone, so a
    /// cycle among them is not reported (the guard must not keep targets found before the clearing).
    /// </summary>
    [Fact]
    public void A_cleared_components_object_leaves_no_cycle_among_the_schemas_it_held()
    {
        const string spec = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n"
            + "components:\n  $ref: '#/info'\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n";

        var result = Run(spec);

        Assert.DoesNotContain(result.GeneratorDiagnostics, diagnostic => diagnostic.Id == "CS8785");
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG104" && diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 == LineOf(spec, "$ref: '#/info'"));
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG103");
    }

    /// <summary>
    /// A diagnostic at a block mapping or list ends where its last value ends: the comments and blank lines after it
    /// belong to what follows, and are no part of the squiggle (nor a reason to report it again when they change).
    /// </summary>
    [Theory]
    [InlineData("      properties:\n        id: {}\n", "        id: {}")]
    [InlineData("      enum:\n        - a\n        - b\n", "        - b")]
    [InlineData("      properties:\n        id:\n          type: string\n", "          type: string")]
    public void A_diagnostic_at_a_block_node_ends_at_its_last_value_not_at_the_comments_after_it(string body, string lastLine)
    {
        var spec = Header + "components:\n  schemas:\n    Equals:\n" + body + "    # about the next schema\n\n    Next: {type: string}\n# the end\n";

        var span = Single(Run(spec), "DDMG302").Location.GetLineSpan();

        Assert.Equal(LineOf(spec, "    Equals:"), span.StartLinePosition.Line + 1);
        Assert.Equal(LineOf(spec, lastLine), span.EndLinePosition.Line + 1);
        Assert.Equal(lastLine.Length, span.EndLinePosition.Character);
    }
}
