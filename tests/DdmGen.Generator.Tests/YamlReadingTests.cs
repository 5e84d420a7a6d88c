using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using DdmGen.Generator.Reading;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests;

/// <summary>
/// YAML scalars keep their meaning: quoted text stays text, and a plain number read as text keeps its form.
/// Hostile input (aliases that expand exponentially, nesting 100 000 deep, a huge file) is a located DDMG001,
/// never a crash; reading faults name their own line.
/// </summary>
public sealed class YamlReadingTests
{
    private const string Spec = """
        openapi: 3.0.3
        info:
          title: Versions
          version: 1.0
        paths: {}
        components:
          schemas:
            Release:
              type: string
              enum: ["1.0", 2.10, "yes", no, "null"]
            Item:
              type: object
              description: "Quoted: with a colon and # no comment"
              properties:
                count:
                  type: integer
                  default: 010
        """;

    [Fact]
    public void Plain_numbers_keep_their_text_and_quoted_scalars_stay_strings()
    {
        var result = GeneratorHarness.Run(new SpecFile("/specs/versions.yaml", Spec));

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
        var release = result.Source("Test.Api.Release.g.cs");
        Assert.Contains("new Release(\"1.0\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"2.10\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"yes\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"no\")", release, StringComparison.Ordinal);
        Assert.Contains("new Release(\"null\")", release, StringComparison.Ordinal);
        Assert.Contains("Quoted: with a colon and # no comment", result.Source("Test.Api.Item.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void The_same_spec_as_json_generates_the_same_code()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "Versions", "version": "1.0" },
              "paths": {},
              "components": { "schemas": { "Release": { "type": "string", "enum": ["1.0", "2.10", "yes", "no", "null"] } } }
            }
            """;
        var yaml = GeneratorHarness.Run(new SpecFile("/specs/versions.yaml", Spec)).Source("Test.Api.Release.g.cs");

        var fromJson = GeneratorHarness.Run(new SpecFile("/specs/versions.json", json)).Source("Test.Api.Release.g.cs");

        Assert.Equal(yaml.Replace("versions.yaml", "versions.json", StringComparison.Ordinal), fromJson);
    }

    [Fact]
    public void The_reader_keeps_the_exact_text_of_numbers_and_reads_nulls_and_tags_as_yaml_means_them()
    {
        const string yaml = """
            openapi: 3.0.3
            info:
              title: 1e3
              version: 1.0
            paths: {}
            x-values:
              exponent: 1e3
              decimals: 2.50
              big: 123456789012345678901234567890
              tilde: ~
              word: null
              empty:
              tagged: !!str 5
              quoted: "7"
              flag: true
            """;

        var read = YamlSpecReader.Read("/specs/values.yaml", yaml);

        Assert.Null(read.Error);
        var values = read.Root!["x-values"]!.AsObject();
        Assert.Equal("1e3", values["exponent"]!.ToJsonString());
        Assert.Equal("2.50", values["decimals"]!.ToJsonString());
        Assert.Equal("123456789012345678901234567890", values["big"]!.ToJsonString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, values["big"]!.GetValueKind());
        Assert.True(values.ContainsKey("tilde") && values["tilde"] is null);
        Assert.True(values.ContainsKey("word") && values["word"] is null);
        Assert.True(values.ContainsKey("empty") && values["empty"] is null);
        Assert.Equal("\"5\"", values["tagged"]!.ToJsonString());
        Assert.Equal("\"7\"", values["quoted"]!.ToJsonString());
        Assert.Equal("true", values["flag"]!.ToJsonString());

        var diagnostics = new System.Collections.Generic.List<Model.DiagnosticInfo>();
        var document = OpenApiDocumentReader.Read(read.Root!.AsObject(), read.Positions, "values.yaml", diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal("1.0", document!.Info.Version);
        Assert.Equal("1e3", document.Info.Title);
    }

    [Fact]
    public void Every_node_is_placed_at_its_own_line()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Base: &base
                  type: object
                Copy: *base
                List:
                  - first
                  - second
            """;

        var read = YamlSpecReader.Read("/specs/lines.yaml", yaml);

        Assert.Null(read.Error);
        // One-based lines: the alias is placed at the alias, what it copies where the anchored node writes it.
        Assert.Equal(5, read.Positions.Locate("/components/schemas").StartLine + 1);
        Assert.Equal(7, read.Positions.Locate("/components/schemas/Base/type").StartLine + 1);
        Assert.Equal(8, read.Positions.Locate("/components/schemas/Copy").StartLine + 1);
        Assert.Equal(7, read.Positions.Locate("/components/schemas/Copy/type").StartLine + 1);
        Assert.Equal(11, read.Positions.Locate("/components/schemas/List/1").StartLine + 1);
        Assert.Equal("object", read.Root!["components"]!["schemas"]!["Copy"]!["type"]!.GetValue<string>());
    }

    /// <summary>
    /// A diagnostic about a member of what an alias copies points at the line that writes that member, as one about a
    /// member a merge key brings does: it pointed at the alias, a line that does not hold the offending text.
    /// </summary>
    [Theory]
    [InlineData("schema: &bounded {type: integer, format: int32,\n            maximum: 99999999999}", "schema: *bounded")]
    [InlineData("schema: &bounded\n            type: integer\n            format: int32\n            maximum: 99999999999", "schema: *bounded")]
    public void A_diagnostic_inside_an_alias_s_copy_points_at_the_anchored_text(string anchored, string alias)
    {
        var yaml = $$$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: first
                      in: query
                      {{{anchored}}}
                  responses: {"204": {description: ok}}
              /others:
                get:
                  operationId: listOthers
                  parameters:
                    - name: second
                      in: query
                      {{{alias}}}
                  responses: {"204": {description: ok}}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/alias.yaml", yaml));

        var bounds = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG106").ToList();
        Assert.Equal(2, bounds.Count);
        var line = Array.FindIndex(yaml.Split('\n'), text => text.Contains("maximum: 99999999999", StringComparison.Ordinal));
        Assert.All(bounds, diagnostic => Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Contains(bounds, diagnostic => diagnostic.GetMessage().Contains("#/paths/~1others/get/parameters/0/schema/maximum", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alias_of_a_list_places_its_items_where_the_anchored_list_writes_them()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            x-list: &list
              - first
              - {name: second}
            x-copy: *list
            """;

        var read = YamlSpecReader.Read("/specs/lines.yaml", yaml);

        Assert.Null(read.Error);
        Assert.Equal(7, read.Positions.Locate("/x-copy").StartLine + 1);
        Assert.Equal(5, read.Positions.Locate("/x-copy/0").StartLine + 1);
        Assert.Equal(6, read.Positions.Locate("/x-copy/1/name").StartLine + 1);
    }

    [Fact]
    public void A_quoted_merge_key_of_a_mapping_a_merge_names_is_merged_as_a_key_like_any_other()
    {
        // Regression: the merge key itself counted among the keys the mapping writes, so a quoted '<<' of the mapping it
        // names was taken for one of them and left out.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            x-a: &a {'<<': 1, k: 2}
            x-c: {<<: *a, j: 3}
            """;

        var read = YamlSpecReader.Read("/specs/quoted-merge.yaml", yaml);

        Assert.Null(read.Error);
        Assert.Equal("""{"<<":1,"k":2,"j":3}""", read.Root!["x-c"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void Merge_keys_merge_the_mappings_they_name_and_keys_written_beside_them_win()
    {
        // Regression: '<<' was read as a key, reported as a field OpenAPI does not define (DDMG006), and the schema
        // became JsonElement; under responses, "'400' is not a field" and DDMG002 followed.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            x-common-responses: &errors
              "400": {description: bad}
              "404": {description: missing}
            x-templates:
              named: &named
                type: object
                description: a named thing
                properties:
                  name: {type: string}
                  missing: {$ref: "#/components/schemas/Missing"}
            paths:
              /x:
                get:
                  operationId: getX
                  responses:
                    <<: *errors
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Derived"}
            components:
              schemas:
                Base: &base
                  type: object
                  description: the base
                  required: [id]
                  properties:
                    id: {type: string}
                Timed: &timed
                  type: object
                  description: timed
                  properties:
                    at: {type: string, format: date-time}
                    id: {type: integer}
                Derived:
                  description: derived
                  <<: [*base, *timed]
                Named:
                  <<: *named
                Quoted:
                  type: object
                  properties:
                    "<<": {type: string}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/merge.yaml", yaml));

        // The one warning or error is the merged reference that does not resolve, at its line in the anchored text;
        // a quoted '<<' is a key like any other (a property named "<<", so DDMG301 says how it is named).
        var diagnostic = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal("DDMG101", diagnostic.Id);
        Assert.Contains("#/components/schemas/Named/properties/missing", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Hardening.Healthy.LineOf(yaml, "missing: {$ref"), diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        var derived = result.Source("Test.Api.Derived.g.cs");
        Assert.Contains("/// <summary>derived</summary>", derived, StringComparison.Ordinal);
        Assert.Contains("public required string Id { get; init; }", derived, StringComparison.Ordinal);
        // A merge is shallow: the properties of Base, named first, win over those of Timed.
        Assert.DoesNotContain(" At {", derived, StringComparison.Ordinal);
        Assert.Contains("public string? Name { get; init; }", result.Source("Test.Api.Named.g.cs"), StringComparison.Ordinal);
        Assert.Contains("\"<<\"", result.Source("Test.Api.Quoted.g.cs"), StringComparison.Ordinal);

        var read = YamlSpecReader.Read("/specs/merge.yaml", yaml);
        Assert.Equal(Hardening.Healthy.LineOf(yaml, "\"404\": {description"), read.Positions.Locate("/paths/~1x/get/responses/404").StartLine + 1);
        Assert.Equal(Hardening.Healthy.LineOf(yaml, "description: derived"), read.Positions.Locate("/components/schemas/Derived/description").StartLine + 1);
        Assert.Equal(Hardening.Healthy.LineOf(yaml, "required: [id]"), read.Positions.Locate("/components/schemas/Derived/required").StartLine + 1);
        Assert.Equal(Hardening.Healthy.LineOf(yaml, "id: {type: string}"), read.Positions.Locate("/components/schemas/Derived/properties/id").StartLine + 1);
        Assert.Equal(new[] { "400", "404", "200" }, read.Root!["paths"]!["/x"]!["get"]!["responses"]!.AsObject().Select(member => member.Key));
        Assert.Equal("the base", read.Root!["components"]!["schemas"]!["Base"]!["description"]!.GetValue<string>());
        Assert.Equal(new[] { "description", "type", "required", "properties" }, read.Root!["components"]!["schemas"]!["Derived"]!.AsObject().Select(member => member.Key));
    }

    [Theory]
    [InlineData("<<: 5", "5")]
    [InlineData("<<: *list", "*list")]
    [InlineData("<<: [*base, [*base]]", "[*base]")]
    public void A_merge_key_that_names_no_mapping_is_a_DDMG001_at_the_value(string merge, string marker)
    {
        var yaml = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\nx-list: &list [a]\nx-base: &base {a: 1}\nx-merged:\n  " + merge + "\n";

        var diagnostic = Assert.Single(GeneratorHarness.Run(new SpecFile("/specs/merge.yaml", yaml)).Diagnostics);

        Assert.Equal("DDMG001", diagnostic.Id);
        Assert.Equal(7, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Equal(yaml.IndexOf(marker, 60, StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.Contains("merge key '<<'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("paths:\n  /items:\n    get: [unclosed\n    put: {}\n", 4, "did not find expected ',' or ']'")]
    [InlineData("paths: {}\ncomponents:\n  schemas: {}\n  schemas: {}\n", 4, "duplicate key 'schemas'")]
    [InlineData("paths: {}\nx-list: *missing\n", 2, "the alias '*missing' refers to no anchor")]
    [InlineData("paths: {}\n? [a, b]\n: value\n", 2, "a mapping key is not a plain value")]
    [InlineData("paths: {}\n---\nmore: 1\n", 2, "more than one YAML document")]
    [InlineData("paths: {}\nx-text: 'unterminated\n", 2, "quoted scalar")]
    [InlineData("paths: {}\n\tx-tab: 1\n", 2, "cannot start any token")]
    [InlineData("paths: {}\nx-list: [a, b", 2, "did not find expected ',' or ']'")]
    public void Invalid_yaml_is_a_DDMG001_with_the_parser_message_at_its_line(string body, int bodyLine, string message)
    {
        const string header = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\n";

        var result = GeneratorHarness.Run(new SpecFile("/specs/broken.yaml", header + body));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG001", diagnostic.Id);
        Assert.Equal(2 + bodyLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("current state of the object", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void An_anchor_defined_twice_is_a_DDMG001_at_the_second_definition()
    {
        // SharpYaml refuses it too, but without a place.
        const string yaml = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\nx-a: &x 1\nx-b: &x 2\nx-c: *x\n";

        var diagnostic = Assert.Single(GeneratorHarness.Run(new SpecFile("/specs/anchors.yaml", yaml)).Diagnostics);

        Assert.Equal("DDMG001", diagnostic.Id);
        Assert.Equal(5, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("the anchor '&x' is defined twice", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_a_DDMG001()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(new SpecFile("/specs/list.yaml", "# a list\n- openapi\n- 3.0.3\n")).Diagnostics);

        Assert.Equal("DDMG001", diagnostic.Id);
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("not a mapping", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Billion_laughs_stops_at_the_alias_bound_with_a_DDMG001_at_the_alias()
    {
        var yaml = new StringBuilder("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\nx-laughs:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 30; level++)
        {
            var previous = "*a" + (level - 1);
            yaml.Append("  a").Append(level).Append(": &a").Append(level).Append(" [").Append(string.Join(", ", Enumerable.Repeat(previous, 9))).Append("]\n");
        }

        var diagnostic = Hostile(new SpecFile("/specs/laughs.yaml", yaml.ToString()));

        // a0 holds 10 nodes and each level 1 + 9 times the one before; the aliases of a1 to a3 expand to
        // 90 + 819 + 7 380 nodes, and the first alias on the line of a4 crosses the bound of 10 000.
        Assert.Contains("aliases", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(10_000, SpecLimits.MaxAliasExpansionNodeCount);
        Assert.Equal(9, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Equal(new string(' ', 2) + "a4: &a4 [", yaml.ToString().Split('\n')[8][..11]);
    }

    [Theory]
    [InlineData("/specs/deep.yaml", "yaml-flow")]
    [InlineData("/specs/deep.yaml", "yaml-block")]
    [InlineData("/specs/deep.yaml", "json-in-yaml")]
    [InlineData("/specs/deep.json", "json")]
    public void Nesting_100000_deep_is_a_DDMG001_not_a_stack_overflow(string path, string shape)
    {
        const int depth = 100_000;
        var text = shape switch
        {
            "yaml-flow" => "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\nx-deep: " + new string('[', depth) + new string(']', depth) + "\n",
            "yaml-block" => "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\nx-deep:\n" + string.Concat(Enumerable.Range(1, 2_000).Select(level => new string(' ', level) + "- \n")),
            _ => "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {},\n\"x-deep\": " + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}",
        };

        var diagnostic = Hostile(new SpecFile(path, text));

        Assert.Contains(shape == "json" ? "depth" : "nesting depth", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(shape == "yaml-flow" ? 4 : shape == "yaml-block" ? 4 + 64 : 2, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void More_nodes_than_the_bound_is_a_DDMG001_at_the_node_that_crosses_it()
    {
        // One flow list per line, 1 000 numbers each: the root, paths, x-many and 1 000 lists with their items.
        var lines = Enumerable.Range(0, 1_000).Select(_ => "  - [" + string.Join(",", Enumerable.Repeat("1", 1_000)) + "]");
        var yaml = "openapi: 3.0.3\npaths: {}\nx-many:\n" + string.Join("\n", lines) + "\n";

        var diagnostic = Hostile(new SpecFile("/specs/many.yaml", yaml));

        Assert.Contains("more than 1000000 nodes", diagnostic.GetMessage(), StringComparison.Ordinal);

        // The values of openapi and paths are 2 nodes; each line of the list adds 1 001 once it closes, so the
        // count passes 1 000 000 on the 999th line of the list, which starts on line 4.
        Assert.Equal(3 + 999, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Theory]
    [InlineData("/specs/huge.yaml")]
    [InlineData("/specs/huge.json")]
    public void A_file_over_the_size_bound_is_a_DDMG001_and_is_not_parsed(string path)
    {
        var text = "openapi: 3.0.3\n# " + new string('x', SpecLimits.MaxFileChars) + "\n";

        var diagnostic = Hostile(new SpecFile(path, text));

        Assert.Contains("more than the 8 Mi (8388608) characters a spec may have", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>
    /// Runs the generator on a thread with a small stack (so recursion that grows with the input fails here, not
    /// only on a smaller stack elsewhere) and a generous guard against hangs; expects exactly one DDMG001.
    /// </summary>
    private static Diagnostic Hostile(SpecFile spec)
    {
        GeneratorResult? result = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = GeneratorHarness.Run(spec);
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            },
            maxStackSize: 512 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromMinutes(2)), "the generator did not finish within two minutes");
        Assert.Null(failure);
        Assert.DoesNotContain(result!.GeneratorDiagnostics, diagnostic => diagnostic.Id == "CS8785");
        Assert.Empty(result.Sources);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG001", diagnostic.Id);
        Assert.Equal(spec.Path, diagnostic.Location.GetLineSpan().Path);
        return diagnostic;
    }
}
