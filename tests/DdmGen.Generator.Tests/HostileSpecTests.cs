using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>
/// Specs written to hurt: alias bombs, 100 000-deep nesting, allOf and $ref cycles, names that collide ignoring case,
/// two specs without Namespace metadata, line terminators followed by code in every text field, and every name the
/// emitter uses. Each is checked in a child process (tests/DdmGen.Fuzz) so that a stack overflow fails its row
/// instead of killing the test host: no crash, no DDMG901, a located error or compiling output, no member named
/// Injected (syntax and semantic model), bounded time (hang guard) and bounded allocation.
/// </summary>
public sealed class HostileSpecTests
{
    /// <summary>Generous: reading and generating the full DDM spec allocates a few tens of megabytes.</summary>
    private const long AllocationBound = 512L * 1024 * 1024;

    private const string Injection = "public static int Injected => 1; //";

    private static readonly Lazy<(string Folder, IReadOnlyDictionary<string, SpecVerdict> Verdicts)> Results = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "ddmgen-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in Specs())
        {
            var path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
        }

        return (folder, FuzzRunner.CheckDirectory(folder, hangLimit: TimeSpan.FromSeconds(60), limit: TimeSpan.FromMinutes(15)));
    });

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in Specs().Select(spec => spec.Name.Split('/')[0]).Distinct())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_spec_breaks_no_rule(string name)
    {
        var (folder, verdicts) = Results.Value;
        Assert.True(verdicts.TryGetValue(name, out var verdict), name + " was not checked; spec folder " + folder);
        Assert.True(verdict.Death is null && verdict.Failures.Count == 0, verdict.Describe() + "\nspec: " + Path.Combine(folder, name));
        Assert.True(verdict.AllocatedBytes < AllocationBound, name + " allocated " + verdict.AllocatedBytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
    }

    /// <summary>Every hostile spec: file name (a folder name for a project of several specs) and text.</summary>
    internal static IEnumerable<(string Name, string Text)> Specs()
    {
        yield return ("billion-laughs.yaml", Minimal() + "x-laughs:\n" + Laughs(10));
        yield return ("billion-laughs-in-schema.yaml", Minimal(extraSchemas: "    Bomb:\n      type: object\n      example:\n" + Laughs(9).Replace("  l", "        l", StringComparison.Ordinal)));
        yield return ("nesting-100000-maps.yaml", Minimal() + "x-deep: " + Nested(100_000, maps: true) + "\n");
        yield return ("nesting-100000-arrays.yaml", Minimal() + "x-deep: " + Nested(100_000, maps: false) + "\n");
        yield return ("nesting-100000-block.yaml", Minimal() + "x-deep:\n" + BlockNested(100_000));
        yield return ("nesting-100000.json", "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}, \"x-deep\": " + Nested(100_000, maps: false) + "}\n");
        yield return ("nesting-100000-schema.json", "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"Deep\": "
            + string.Concat(Enumerable.Repeat("{\"type\": \"object\", \"properties\": {\"a\": ", 100_000)) + "{\"type\": \"string\"}" + new string('}', 200_000) + "}}}\n");
        yield return ("allof-cycle.yaml", Minimal(extraSchemas: "    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n", use: "A"));
        yield return ("allof-cycle-of-three.yaml", Minimal(extraSchemas: "    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - type: object\n    B:\n      allOf:\n        - $ref: '#/components/schemas/C'\n    C:\n      allOf:\n        - $ref: '#/components/schemas/A'\n", use: "B"));
        yield return ("allof-diamond-40.yaml", Minimal(extraSchemas: Diamond(40), use: "A1"));
        yield return ("allof-self.yaml", Minimal(extraSchemas: "    A:\n      allOf:\n        - $ref: '#/components/schemas/A'\n", use: "A"));
        yield return ("ref-self.yaml", Minimal(extraSchemas: "    A:\n      $ref: '#/components/schemas/A'\n", use: "A"));
        yield return ("ref-cycle.yaml", Minimal(extraSchemas: "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n", use: "A"));
        yield return ("recursive-type.yaml", Minimal(extraSchemas: "    Node:\n      type: object\n      properties:\n        children:\n          type: array\n          items:\n            $ref: '#/components/schemas/Node'\n        parent:\n          $ref: '#/components/schemas/Node'\n", use: "Node"));
        yield return ("case-colliding-schemas.yaml", Minimal(extraSchemas: "    fooBar:\n      type: object\n      properties:\n        x:\n          type: string\n    foobar:\n      type: object\n      properties:\n        y:\n          type: integer\n    FooBar:\n      type: string\n      enum: [a, b]\n", use: "fooBar"));
        yield return ("case-colliding-properties.yaml", Minimal(extraSchemas: "    Holder:\n      type: object\n      properties:\n        ab:\n          type: object\n          properties:\n            x:\n              type: string\n        'a b':\n          type: object\n          properties:\n            y:\n              type: string\n        AB:\n          type: object\n          properties:\n            z:\n              type: string\n        a_b:\n          type: string\n          enum: [one, two]\n        A_B:\n          type: string\n          enum: [three]\n", use: "Holder"));
        yield return ("two-specs-without-namespace/first.yaml", Minimal(extraSchemas: "    Shared:\n      type: object\n      properties:\n        id:\n          type: string\n", use: "Shared"));
        yield return ("two-specs-without-namespace/First.yaml", Minimal(extraSchemas: "    Shared:\n      type: object\n      properties:\n        name:\n          type: string\n", use: "Shared"));
        yield return ("two-specs-without-namespace/second.json", "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"S\", \"version\": \"1\"}, \"paths\": {\"/s\": {\"get\": {\"operationId\": \"getShared\", \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Shared\"}}}}}}}}, \"components\": {\"schemas\": {\"Shared\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}}}}}}\n");
        foreach (var (label, terminator) in new[] { ("cr", "\r"), ("crlf", "\r\n"), ("nel", "\u0085"), ("ls", "\u2028"), ("ps", "\u2029") })
        {
            var text = "x" + terminator + Injection;
            yield return ("text-" + label + ".yaml", TextEverywhereYaml(YamlQuoted(text)));
            yield return ("text-" + label + ".json", TextEverywhereJson(JsonQuoted(text)));
        }

        yield return ("text-raw-terminators.json", TextEverywhereJson("\"x\u2028" + Injection + "\u2029" + Injection + "\u0085" + Injection + "\""));
        yield return ("text-comment-closers.yaml", TextEverywhereYaml(YamlQuoted("*/ " + Injection + " /* </summary> <summary> ]]> <!-- \" \\ {0} \t")));
        yield return ("text-xml-and-controls.yaml", TextEverywhereYaml(YamlQuoted("</para></summary>" + "\u0000\u0007\u001b\u007f\u200b\u202e\ufeff" + "<script>&amp;&")));
        yield return ("emitter-names.yaml", EmitterNames());
    }

    private static readonly string[] EmitterNameList =
    {
        "request", "uri", "response", "page", "items", "item", "total", "offset", "limit", "cancellationToken", "options", "content",
        "body", "buffer", "error", "escaped", "hasPrevious", "reader", "writer", "reason", "sign", "text", "token", "value", "client",
        "httpClient", "Clone", "EqualityContract", "Equals", "GetHashCode", "ToString", "Deconstruct", "PrintMembers", "GetType",
        "Finalize", "MemberwiseClone", "Request", "Response", "Options", "Value", "class", "namespace", "event", "1st", "",
    };

    /// <summary>A small valid spec; <paramref name="use"/> names the component schema the one operation returns.</summary>
    private static string Minimal(string extraSchemas = "", string use = "Item") =>
        "openapi: 3.0.3\ninfo:\n  title: Hostile\n  version: '1.0'\npaths:\n  /items:\n    get:\n      operationId: getItems\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/" + use + "'\n"
        + "components:\n  schemas:\n    Item:\n      type: object\n      properties:\n        id:\n          type: string\n" + extraSchemas;

    /// <summary>
    /// <c>A1: allOf: [A2, A2, {p1}]</c>, <c>A2: allOf: [A3, A3, {p2}]</c>, ... down to <c>A{levels}</c>, a plain object:
    /// 2^levels paths down the parts, each component on many of them.
    /// </summary>
    internal static string Diamond(int levels)
    {
        var builder = new StringBuilder();
        for (var level = 1; level < levels; level++)
        {
            var next = "{$ref: '#/components/schemas/A" + (level + 1).ToString(CultureInfo.InvariantCulture) + "'}";
            builder.Append(CultureInfo.InvariantCulture, $"    A{level}: {{allOf: [{next}, {next}, {{type: object, properties: {{p{level}: {{type: string}}}}}}]}}\n");
        }

        return builder.Append(CultureInfo.InvariantCulture, $"    A{levels}: {{type: object, properties: {{p{levels}: {{type: string}}}}}}\n").ToString();
    }

    /// <summary>Nested aliases: <paramref name="levels"/> levels of ten aliases each (ten to the power levels nodes).</summary>
    private static string Laughs(int levels)
    {
        var builder = new StringBuilder("  l0: &l0 [\"lol\"]\n");
        for (var level = 1; level <= levels; level++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"  l{level}: &l{level} [")
                .Append(string.Join(", ", Enumerable.Repeat("*l" + (level - 1).ToString(CultureInfo.InvariantCulture), 10)))
                .Append("]\n");
        }

        return builder.ToString();
    }

    private static string Nested(int depth, bool maps) =>
        maps ? string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth) : new string('[', depth) + new string(']', depth);

    /// <summary>Block sequences nested by "- " only (each level two more characters on one line).</summary>
    private static string BlockNested(int depth) => "  " + string.Concat(Enumerable.Repeat("- ", depth)) + "x\n";

    private static string YamlQuoted(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '\u0085' => "\\N",
                '\u2028' => "\\L",
                '\u2029' => "\\P",
                _ when c < 0x20 || c == 0x7F || c == '\ufeff' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>JSON string; U+0085, U+2028 and U+2029 stay raw, as JSON allows.</summary>
    private static string JsonQuoted(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < 0x20 => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A spec with <paramref name="t"/> (a quoted scalar) in every text field: titles, descriptions, summaries, enum values and their descriptions, examples, defaults.</summary>
    private static string TextEverywhereYaml(string t)
    {
        var second = t.Insert(t.Length - 1, "2");
        return $$"""
        openapi: 3.0.3
        info:
          title: {{t}}
          description: {{t}}
          version: {{t}}
        tags:
          - name: Things
            description: {{t}}
        paths:
          /things/{id}:
            get:
              operationId: getThing
              tags: [Things]
              summary: {{t}}
              description: {{t}}
              parameters:
                - name: id
                  in: path
                  required: true
                  description: {{t}}
                  example: {{t}}
                  schema:
                    type: string
                    description: {{t}}
                    example: {{t}}
                - name: kind
                  in: query
                  description: {{t}}
                  schema:
                    $ref: '#/components/schemas/Kind'
              responses:
                '200':
                  description: {{t}}
                  headers:
                    X-Trace:
                      description: {{t}}
                      schema:
                        type: string
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Thing'
                      example:
                        name: {{t}}
                '400':
                  description: {{t}}
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Problem'
          /things:
            post:
              operationId: createThing
              summary: {{t}}
              requestBody:
                description: {{t}}
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/Thing'
              responses:
                '204':
                  description: {{t}}
        components:
          schemas:
            Thing:
              type: object
              title: {{t}}
              description: {{t}}
              required: [name]
              properties:
                name:
                  type: string
                  title: {{t}}
                  description: {{t}}
                  example: {{t}}
                  default: {{t}}
                  pattern: {{t}}
                kind:
                  $ref: '#/components/schemas/Kind'
                size:
                  type: integer
                  description: {{t}}
                  example: 3
                tags:
                  type: array
                  description: {{t}}
                  items:
                    type: string
                    description: {{t}}
                    enum: [{{t}}, plain]
                inline:
                  type: object
                  description: {{t}}
                  properties:
                    note:
                      type: string
                      description: {{t}}
            Kind:
              type: string
              title: {{t}}
              description: {{t}}
              enum: [{{t}}, plain, {{second}}]
              x-enum-descriptions: [{{t}}, {{t}}, {{t}}]
              example: {{t}}
            Problem:
              type: object
              description: {{t}}
              properties:
                message:
                  type: string
                  description: {{t}}
        """ + "\n";
    }

    private static string TextEverywhereJson(string t)
    {
        var second = t.Insert(t.Length - 1, "2");
        return $$"""
            {
              "openapi": "3.0.3",
              "info": { "title": {{t}}, "description": {{t}}, "version": {{t}} },
              "tags": [ { "name": "Things", "description": {{t}} } ],
              "paths": {
                "/things/{id}": {
                  "get": {
                    "operationId": "getThing",
                    "tags": ["Things"],
                    "summary": {{t}},
                    "description": {{t}},
                    "parameters": [
                      { "name": "id", "in": "path", "required": true, "description": {{t}}, "example": {{t}}, "schema": { "type": "string", "description": {{t}}, "example": {{t}} } },
                      { "name": "kind", "in": "query", "description": {{t}}, "schema": { "$ref": "#/components/schemas/Kind" } }
                    ],
                    "responses": {
                      "200": {
                        "description": {{t}},
                        "headers": { "X-Trace": { "description": {{t}}, "schema": { "type": "string" } } },
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" }, "example": { "name": {{t}} } } }
                      }
                    }
                  }
                },
                "/things": {
                  "post": {
                    "operationId": "createThing",
                    "summary": {{t}},
                    "requestBody": { "description": {{t}}, "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                    "responses": { "204": { "description": {{t}} } }
                  }
                }
              },
              "components": {
                "schemas": {
                  "Thing": {
                    "type": "object",
                    "title": {{t}},
                    "description": {{t}},
                    "required": ["name"],
                    "properties": {
                      "name": { "type": "string", "title": {{t}}, "description": {{t}}, "example": {{t}}, "default": {{t}}, "pattern": {{t}} },
                      "kind": { "$ref": "#/components/schemas/Kind" },
                      "tags": { "type": "array", "description": {{t}}, "items": { "type": "string", "description": {{t}}, "enum": [{{t}}, "plain"] } },
                      "inline": { "type": "object", "description": {{t}}, "properties": { "note": { "type": "string", "description": {{t}} } } }
                    }
                  },
                  "Kind": {
                    "type": "string",
                    "title": {{t}},
                    "description": {{t}},
                    "enum": [{{t}}, "plain", {{second}}],
                    "x-enum-descriptions": [{{t}}, {{t}}, {{t}}],
                    "example": {{t}}
                  }
                }
              }
            }
            """ + "\n";
    }

    /// <summary>Parameters, properties, a body schema and a paged operation named with every name the emitter writes itself.</summary>
    private static string EmitterNames()
    {
        var builder = new StringBuilder();
        builder.Append("openapi: 3.0.3\ninfo:\n  title: Names\n  version: '1.0'\npaths:\n");
        builder.Append("  /things/{request}/{uri}:\n    post:\n      operationId: request\n      parameters:\n");
        builder.Append("        - name: request\n          in: path\n          required: true\n          schema:\n            type: string\n");
        builder.Append("        - name: uri\n          in: path\n          required: true\n          schema:\n            type: string\n");
        foreach (var name in EmitterNameList.Where(name => name is not "request" and not "uri" and not ""))
        {
            builder.Append("        - name: '").Append(name).Append("'\n          in: query\n          schema:\n            type: string\n");
            builder.Append("        - name: '").Append(name).Append("'\n          in: header\n          schema:\n            type: integer\n");
        }

        builder.Append("      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Request'\n");
        builder.Append("      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Response'\n");
        builder.Append("  /pages:\n    get:\n      operationId: response\n      parameters:\n");
        foreach (var name in new[] { "offset", "limit", "page", "items", "total", "request", "response", "uri", "cancellationToken", "options" })
        {
            builder.Append("        - name: ").Append(name).Append("\n          in: query\n          schema:\n            type: integer\n");
        }

        builder.Append("      x-speakeasy-pagination:\n        type: offsetLimit\n        inputs:\n          - name: offset\n            in: parameters\n            type: offset\n          - name: limit\n            in: parameters\n            type: limit\n        outputs:\n          results: $.items\n          total: $.total\n");
        builder.Append("      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Page'\n");
        builder.Append("components:\n  schemas:\n");
        foreach (var schema in new[] { "Request", "Response", "Options", "Client", "Page" })
        {
            builder.Append("    ").Append(schema).Append(":\n      type: object\n      properties:\n");
            foreach (var name in EmitterNameList.Where(name => schema != "Page" || name is not "items" and not "total"))
            {
                builder.Append("        '").Append(name).Append("':\n          type: ").Append(name.Length % 2 == 0 ? "string" : "integer").Append('\n');
            }

            if (schema == "Page")
            {
                builder.Append("        'items':\n          type: array\n          items:\n            $ref: '#/components/schemas/Request'\n        'total':\n          type: integer\n");
            }
        }

        return builder.ToString();
    }
}
