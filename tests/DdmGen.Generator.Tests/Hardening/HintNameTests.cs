using System;
using System.Linq;
using System.Text;
using DdmGen.Generator.Parsing;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>Hint names are unique ignoring case, names are capped in length, and two specs never share a namespace.</summary>
public sealed class HintNameTests
{
    [Fact]
    public void Schemas_differing_only_in_case_get_distinct_files()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                fooBar: {type: object, properties: {a: {type: string}}}
                foobar: {type: object, properties: {b: {type: string}}}
            """;

        var result = Healthy.Run(yaml);

        var hints = result.Sources.Select(source => source.HintName).ToList();
        Assert.Equal(hints.Count, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Test.Api.FooBar.g.cs", hints);
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
    }

    [Fact]
    public void Inline_types_from_properties_differing_only_in_case_get_distinct_files()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    ab: {type: object, properties: {x: {type: string}}}
                    a b: {type: object, properties: {y: {type: string}}}
                    c: {type: string, enum: [one]}
                    C: {type: string, enum: [two]}
            """;

        var result = Healthy.Run(yaml);

        var hints = result.Sources.Select(source => source.HintName).ToList();
        Assert.Equal(hints.Count, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void A_huge_schema_name_is_capped_with_a_stable_suffix()
    {
        // JSON: YAML limits implicit keys to 1024 characters.
        var name = new string('a', 3000);
        var json = $$"""
            {
              "openapi": "3.0.3",
              "info": {"title": "T", "version": "1"},
              "paths": {
                "/{{name}}": {
                  "get": {
                    "operationId": "{{name}}",
                    "parameters": [{"name": "{{name}}", "in": "query", "schema": {"type": "string"} }],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/{{name}}"} } } } }
                  }
                }
              },
              "components": {"schemas": {
                "{{name}}": {"type": "object", "properties": {
                  "{{name}}": {"type": "object", "properties": {"{{name}}": {"type": "string", "enum": ["{{name}}"]} } },
                  "{{name}}b": {"type": "string"}
                } }
              } }
            }
            """;

        var result = Healthy.Run(json, "/specs/test.json");

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(result.Sources);
        Assert.All(result.Sources, source => Assert.True(source.HintName.Length < 700, source.HintName));
        var again = Healthy.Run(json, "/specs/test.json");
        Assert.Equal(result.Sources.Select(source => source.HintName), again.Sources.Select(source => source.HintName));
    }

    /// <summary>
    /// With <c>EmitCompilerGeneratedFiles</c> the compiler writes each file under its hint name, which no file system
    /// takes beyond 255 bytes: a long namespace and long schema names still give names that can be written, apart.
    /// </summary>
    [Fact]
    public void Every_hint_name_of_long_names_can_be_written_as_a_file()
    {
        var ns = string.Join(".", Enumerable.Repeat(new string('N', 120), 4));
        var yaml = $$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                {{new string('ä', 250)}}x: {type: object, properties: {a: {type: string} } }
                {{new string('ä', 250)}}y: {type: object, properties: {a: {type: string} } }
            """;

        var result = Healthy.Check(GeneratorHarness.Run(new SpecFile("/specs/test.yaml", yaml, ns, "LongClient")), yaml);

        var directory = System.IO.Directory.CreateTempSubdirectory("hints").FullName;
        try
        {
            Assert.Equal(2 + 4, result.Sources.Count);
            foreach (var source in result.Sources)
            {
                System.IO.File.WriteAllText(System.IO.Path.Combine(directory, source.HintName), source.SourceText.ToString());
            }

            Assert.Equal(result.Sources.Count, System.IO.Directory.GetFiles(directory).Length);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_cap_counts_utf8_bytes_and_keeps_long_names_apart()
    {
        var first = new string('ä', 1000) + "x";
        var second = new string('ä', 1000) + "y";

        Assert.True(Encoding.UTF8.GetByteCount(Naming.Cap(first)) <= Naming.MaxIdentifierBytes);
        Assert.NotEqual(Naming.Cap(first), Naming.Cap(second));
        Assert.Equal(Naming.Cap(first), Naming.Cap(first));
        Assert.Equal("short", Naming.Cap("short"));
    }

    [Fact]
    public void Two_specs_in_one_namespace_get_a_located_error_and_no_crash()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Thing: {type: object, properties: {a: {type: string}}}
            """;
        var first = new SpecFile("/specs/a.yaml", yaml, Namespace: null, ClientName: null);
        var second = new SpecFile("/specs/b.yaml", yaml, Namespace: null, ClientName: null);
        var third = new SpecFile("/specs/c.yaml", yaml, Namespace: "Other", ClientName: null);

        var result = Healthy.Check(GeneratorHarness.Run(first, second, third), yaml);

        var conflict = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG303");
        Assert.Equal("/specs/b.yaml", conflict.Location.GetLineSpan().Path);
        Assert.Contains(result.Sources, source => source.HintName == "DdmGen.Generated.Thing.g.cs");
        Assert.Contains(result.Sources, source => source.HintName == "Other.Thing.g.cs");
    }

    /// <summary>
    /// A spec whose namespace (or a namespace it lies in) is the full name of a type another spec generates: C# cannot
    /// have both, and the output would not compile (CS0101 and a page of errors after it).
    /// </summary>
    [Theory]
    [InlineData("Contoso", "ContosoClient", "Contoso.Billing", "Billing")]
    [InlineData("Contoso", "ContosoClient", "Contoso.Billing.V2", "Billing")]
    [InlineData("App", "PetsClient", "App.PetsClient", "PetsClient")]
    [InlineData("App", "PetsClient", "App.PetsClientOptions", "PetsClientOptions")]
    public void A_spec_in_a_namespace_named_by_a_type_of_another_gets_a_located_error_and_the_other_compiles(string ownerNamespace, string ownerClient, string ns, string type)
    {
        const string owner = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /bills:
                get:
                  operationId: listBills
                  responses:
                    "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Billing"}}}}
            components:
              schemas:
                Billing: {type: object, properties: {a: {type: string}}}
            """;
        const string other = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Invoice: {type: object, properties: {b: {type: string}}}
            """;

        var result = Healthy.Check(GeneratorHarness.Run(new SpecFile("/specs/a.yaml", owner, ownerNamespace, ownerClient), new SpecFile("/specs/b.yaml", other, ns, "BillingClient")), owner, other);

        var conflict = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG305");
        Assert.Equal("/specs/b.yaml", conflict.Location.GetLineSpan().Path);
        Assert.Equal(DiagnosticSeverity.Error, conflict.Severity);
        Assert.Contains($"'{ownerNamespace}.{type}'", conflict.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(result.Sources, source => source.HintName == ownerNamespace + ".Billing.g.cs");
        Assert.DoesNotContain(result.Sources, source => source.HintName.StartsWith(ns + ".", StringComparison.Ordinal) && source.HintName.Contains("Invoice", StringComparison.Ordinal));
        Assert.Empty(result.Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>Namespaces are compared as C# compares them, with case: <c>Contoso.billing</c> is no type <c>Contoso.Billing</c>.</summary>
    [Fact]
    public void A_namespace_differing_in_case_from_a_type_of_another_spec_is_generated()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Billing: {type: object, properties: {a: {type: string}}}
            """;

        var result = Healthy.Check(GeneratorHarness.Run(new SpecFile("/specs/a.yaml", yaml, "Contoso"), new SpecFile("/specs/b.yaml", yaml, "Contoso.billing")), yaml);

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.Sources, source => source.HintName == "Contoso.billing.Billing.g.cs");
    }

    [Fact]
    public void Two_specs_of_the_same_file_name_are_told_apart_by_their_paths()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            """;

        var result = GeneratorHarness.Run(new SpecFile("/specs/v1/openapi.yaml", yaml, "Api"), new SpecFile("/specs/v2/openapi.yaml", yaml, "Api"));

        var message = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG303").GetMessage();
        Assert.StartsWith("The spec '/specs/v2/openapi.yaml' would generate into the namespace 'Api', which the spec '/specs/v1/openapi.yaml' already uses", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Namespaces_differing_only_in_case_count_as_one()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Thing: {type: object, properties: {a: {type: string}}}
            """;

        var result = Healthy.Check(GeneratorHarness.Run(new SpecFile("/specs/a.yaml", yaml, "Api.One"), new SpecFile("/specs/b.yaml", yaml, "api.one")), yaml);

        Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG303");
    }

    [Theory]
    [InlineData("Foo", "FooJsonConverter")]
    [InlineData("FooJsonConverter", "Foo")]
    [InlineData("Foo", "foojsonconverter")]
    [InlineData("Foo", "FooJson")]
    public void A_schema_named_like_a_converter_of_another_keeps_its_name(string first, string second)
    {
        // Models read and write their own JSON: no per-type converter class exists whose name a schema could take,
        // so neither schema is renamed, nor a member XJson of X (there used to be a DDMG302 and a name with a number).
        var yaml = $$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                {{first}}: {type: object, properties: {a: {type: string}, {{first}}Json: {type: string} } }
                {{second}}: {type: object, properties: {b: {type: string} } }
            """;

        var result = Healthy.Run(yaml);

        var hints = result.Sources.Select(source => source.HintName).ToList();
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.Contains(hints, hint => hint.EndsWith("." + first + ".g.cs", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(hints, hint => hint.EndsWith("." + second + ".g.cs", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(hints.Count, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // Two models (each reads and writes its own JSON), the resolver, the shared JSON helpers, the models' base and
        // the models' context.
        Assert.Equal(2 + 1 + 1 + 1 + 1, hints.Count);
    }
}
