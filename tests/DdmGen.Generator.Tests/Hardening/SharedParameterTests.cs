using System;
using System.Globalization;
using System.Linq;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A parameter written once and used by many operations (a component parameter, or one of a path's parameters) is one
/// parameter: its enum is one type, and what is said of its schema is said once, where the schema is written.
/// </summary>
public sealed class SharedParameterTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /v3/{project_id}/instances/{instance_id}/backups:
            parameters:
              - {name: project_id, in: path, required: true, schema: {type: string}}
              - {name: instance_id, in: path, required: true, schema: {type: string}}
              - name: scope
                in: query
                description: Which backups.
                schema: {type: string, enum: [all, own]}
            post:
              operationId: createBackup
              parameters:
                - $ref: "#/components/parameters/XLanguage"
              responses:
                "202": {description: Accepted.}
            delete:
              operationId: deleteBackups
              parameters:
                - $ref: "#/components/parameters/XLanguage"
              responses:
                "204": {description: No content.}
        components:
          parameters:
            XLanguage:
              name: X-Language
              in: header
              description: Request language type.
              schema:
                type: string
                enum: [en-us, zh-cn]
        """;

    [Fact]
    public void A_component_parameter_s_enum_is_one_type_for_every_operation_that_uses_it()
    {
        // Each operation made its own copy (CreateBackupXLanguage, DeleteBackupsXLanguage; of the path's parameter,
        // CreateBackupScope and DeleteBackupsScope), and the renamed values were reported once per operation, at the
        // operation's $ref rather than at the values.
        var result = Healthy.Run(Spec);

        var enums = result.Sources.Select(source => source.HintName).Where(hint => hint.Contains("XLanguage", StringComparison.Ordinal) || hint.Contains("Scope", StringComparison.Ordinal)).OrderBy(hint => hint, StringComparer.Ordinal).ToList();
        Assert.Equal(2, enums.Count);
        Assert.Contains("Test.Api.XLanguage.g.cs", enums);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("CreateBackupAsync(string projectId, string instanceId, global::Test.Api.", client, StringComparison.Ordinal);
        // The asynchronous and synchronous method of each of the two operations.
        Assert.Equal(4, CountOf(client, "global::Test.Api.XLanguage? xLanguage = null"));
        var scope = enums.Single(hint => hint != "Test.Api.XLanguage.g.cs");
        var scopeType = scope.Replace("Test.Api.", "global::Test.Api.", StringComparison.Ordinal).Replace(".g.cs", "? scope = null", StringComparison.Ordinal);
        Assert.Equal(4, CountOf(client, scopeType));

        var renamed = result.Diagnostics.Where(diagnostic => diagnostic.Id == "DDMG301").ToList();
        Assert.Equal(2, renamed.Count);
        Assert.All(renamed, diagnostic => Assert.Equal(Healthy.LineOf(Spec, "enum: [en-us, zh-cn]"), diagnostic.Line()));
        Assert.Contains("#/components/parameters/XLanguage/schema/enum/0", renamed[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_component_parameter_named_as_a_schema_keeps_the_schema_s_name_free_without_a_collision()
    {
        var spec = Spec + "\n" + """
              schemas:
                XLanguage: {type: object, properties: {code: {type: string}}}
            """;

        var result = Healthy.Run(spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.Contains("public sealed partial record XLanguage", result.Source("Test.Api.XLanguage.g.cs"), StringComparison.Ordinal);
        Assert.Equal(4, CountOf(result.Source("Test.Api.TestClient.g.cs"), "global::Test.Api.CreateBackupXLanguage? xLanguage = null"));
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_component_parameter_that_refers_to_another_has_the_schema_where_the_other_writes_it()
    {
        // Regression: the schema of Language, a $ref to XLanguage, was looked up at Language, where none is written: the
        // enum of XLanguage was a second type (Language beside XLanguage), and the checks that read the spec as written
        // (a number in the enum of a string schema of a JSON spec) found nothing there.
        const string json = """
            {
              "openapi": "3.0.3",
              "info": {"title": "T", "version": "1"},
              "paths": {
                "/v3/backups": {
                  "post": {
                    "operationId": "createBackup",
                    "parameters": [{"$ref": "#/components/parameters/Language"}],
                    "responses": {"202": {"description": "Accepted."}}
                  },
                  "delete": {
                    "operationId": "deleteBackups",
                    "parameters": [{"$ref": "#/components/parameters/XLanguage"}],
                    "responses": {"204": {"description": "No content."}}
                  }
                }
              },
              "components": {
                "parameters": {
                  "Language": {"$ref": "#/components/parameters/XLanguage"},
                  "XLanguage": {
                    "name": "X-Language",
                    "in": "header",
                    "description": "Request language type.",
                    "schema": {
                      "type": "string",
                      "enum": ["en-us",
                        1,
                        "zh-cn"]
                    }
                  }
                }
              }
            }
            """;

        var result = Healthy.Run(json, "/specs/test.json");

        var enums = result.Sources.Select(source => source.HintName).Where(hint => hint.Contains("Language", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "Test.Api.XLanguage.g.cs" }, enums);
        Assert.Equal(4, CountOf(result.Source("Test.Api.TestClient.g.cs"), "global::Test.Api.XLanguage? xLanguage = null"));
        var wrong = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG005");
        Assert.Equal(Healthy.LineOf(json, "1,"), wrong.Line());
        Assert.Contains("#/components/parameters/XLanguage/schema/enum/1", wrong.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain("\"1\"", result.Source("Test.Api.XLanguage.g.cs"), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var index = text.IndexOf(part, StringComparison.Ordinal); index >= 0; index = text.IndexOf(part, index + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
