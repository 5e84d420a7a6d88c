using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DdmGen.Generator.Reading;
using DdmGen.Generator.Tests.Hardening;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>
/// Reviewers read a spec change as the diff of the generated files: a small edit of the spec changes only the files
/// that depend on it (the model edited, the client for an operation, the resolver where a type comes or goes), and
/// the same spec gives the same files, byte for byte, however its text is held.
/// </summary>
public sealed class SpecEditDiffTests
{
    private const string Path = "/specs/full.yaml";
    private const string Client = "Ddm.Client.Full.DdmFullClient.g.cs";
    private const string Requests = "Ddm.Client.Full.DdmFullClient+Requests.g.cs";
    private const string Resolver = "Ddm.Client.Full.DdmFullJsonTypeInfoResolver.g.cs";

    /// <summary>An operation whose answer is a component the spec already has.</summary>
    private const string Operation =
        "  /v3/{project_id}/flavors:\n    parameters:\n      - $ref: \"#/components/parameters/ProjectId\"\n    get:\n      operationId: listFlavors\n" +
        "      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n" +
        "                $ref: \"#/components/schemas/JobIdResponse\"\n";

    /// <summary>An operation whose answer is a schema of its own, written inline.</summary>
    private const string OperationWithInlineAnswer =
        "  /v3/{project_id}/flavors:\n    parameters:\n      - $ref: \"#/components/parameters/ProjectId\"\n    get:\n      operationId: listFlavors\n" +
        "      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n" +
        "                type: object\n                properties:\n                  name: {type: string}\n";

    private static readonly Lazy<string> FullSpec = new(() => System.IO.File.ReadAllText(RepositoryPaths.Output("Specs/ddm-v3-full.yaml")));

    private static readonly Lazy<Dictionary<string, string>> Baseline = new(() => Generate(FullSpec.Value));

    private static Dictionary<string, string> Generate(string text, string path = Path)
    {
        var result = GeneratorHarness.Run(new SpecFile(path, text, "Ddm.Client.Full", "DdmFullClient"));
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id != "DDMG302");
        Assert.Empty(result.CompilationProblems);
        return result.Sources.ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);
    }

    /// <summary>The spec with <paramref name="text"/> put in before <paramref name="anchor"/>, which it must hold once.</summary>
    private static string Insert(string spec, string anchor, string text)
    {
        var at = spec.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0 && spec.IndexOf(anchor, at + 1, StringComparison.Ordinal) < 0, "the anchor must stand once: " + anchor);
        return spec.Insert(at, text);
    }

    /// <summary>The spec with the block from <paramref name="from"/> up to <paramref name="to"/> moved before <paramref name="before"/>.</summary>
    private static string Move(string spec, string from, string to, string before)
    {
        var start = spec.IndexOf(from, StringComparison.Ordinal);
        var end = spec.IndexOf(to, start, StringComparison.Ordinal);
        var block = spec[start..end];
        return Insert(spec.Remove(start, end - start), before, block);
    }

    /// <summary>The hint names of the files added, removed or changed, in ordinal order.</summary>
    private static string[] Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(name => !before.TryGetValue(name, out var old) || !after.TryGetValue(name, out var now) || old != now)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

    private static string[] Sorted(params string[] names) => names.OrderBy(name => name, StringComparer.Ordinal).ToArray();

    private static void AssertChanged(string edited, params string[] expected) => Assert.Equal(Sorted(expected), Changed(Baseline.Value, Generate(edited)));

    [Fact]
    public void An_operation_added_at_the_end_of_the_paths_changes_only_the_client()
    {
        AssertChanged(Insert(FullSpec.Value, "components:\n", Operation), Client, Requests);
    }

    [Fact]
    public void An_operation_added_in_the_middle_of_the_paths_changes_only_the_client()
    {
        AssertChanged(Insert(FullSpec.Value, "  /v3/{project_id}/backups/{backup_id}:\n", Operation), Client, Requests);
    }

    [Fact]
    public void An_operation_with_an_answer_of_its_own_adds_its_model_and_one_resolver_line()
    {
        var edited = Generate(Insert(FullSpec.Value, "  /v3/{project_id}/backups:\n", OperationWithInlineAnswer));

        Assert.Equal(Sorted(Client, Requests, Resolver, "Ddm.Client.Full.ListFlavorsResponse.g.cs"), Changed(Baseline.Value, edited));
        Assert.Single(DiffPlex.DiffBuilder.InlineDiffBuilder.Diff(Baseline.Value[Resolver], edited[Resolver]).Lines, line => line.Type != DiffPlex.DiffBuilder.Model.ChangeType.Unchanged);
    }

    [Fact]
    public void A_property_added_to_one_schema_changes_only_that_model()
    {
        AssertChanged(
            Insert(FullSpec.Value, "        instance_id:\n          type: string\n          description: ID of the data node.\n", "        weight: {type: integer}\n"),
            "Ddm.Client.Full.RelatedDataNode.g.cs");
    }

    [Fact]
    public void An_enum_value_added_changes_only_that_enum()
    {
        var edited = FullSpec.Value
            .Replace("enum: [auto_metadata, metadata]\n", "enum: [auto_metadata, metadata, manual]\n", StringComparison.Ordinal)
            .Replace("x-enum-varnames: [AutoMetadata, Metadata]\n", "x-enum-varnames: [AutoMetadata, Metadata, Manual]\n", StringComparison.Ordinal)
            .Replace("        - Metadata backup is not triggered by a scheduled task. For example, metadata is backed up before instance deletion.\n", "        - Metadata backup is not triggered by a scheduled task. For example, metadata is backed up before instance deletion.\n        - Backed up by hand.\n", StringComparison.Ordinal);

        AssertChanged(edited, "Ddm.Client.Full.BackupType.g.cs");
    }

    [Theory]
    [InlineData("  schemas:\n    ListBackupsResponse:\n")]
    [InlineData("    ErrorResponse:\n")]
    public void A_component_schema_added_adds_its_file_and_one_resolver_line(string anchor)
    {
        var schema = "    Flavor:\n      type: object\n      properties:\n        name: {type: string}\n";
        var edited = Generate(anchor.StartsWith("  schemas:", StringComparison.Ordinal)
            ? FullSpec.Value.Replace(anchor, "  schemas:\n" + schema + anchor["  schemas:\n".Length..], StringComparison.Ordinal)
            : Insert(FullSpec.Value, anchor, schema));

        Assert.Equal(Sorted("Ddm.Client.Full.Flavor.g.cs", Resolver), Changed(Baseline.Value, edited));
        Assert.Single(DiffPlex.DiffBuilder.InlineDiffBuilder.Diff(Baseline.Value[Resolver], edited[Resolver]).Lines, line => line.Type != DiffPlex.DiffBuilder.Model.ChangeType.Unchanged);
    }

    [Fact]
    public void Reordering_the_component_schemas_changes_nothing()
    {
        AssertChanged(Move(FullSpec.Value, "    RestoreTimeInterval:\n", "    JobIdResponse:\n", "    ListBackupsResponse:\n"));
    }

    /// <summary>
    /// A schema added whose name maps to a C# name another already has gets the suffix, wherever it stands: the type
    /// that had the name keeps it, and no file that uses it changes.
    /// </summary>
    [Theory]
    [InlineData("  schemas:\n    ListBackupsResponse:\n")]
    [InlineData("    ErrorResponse:\n")]
    public void A_component_schema_added_whose_name_is_taken_renames_no_other_type(string anchor)
    {
        var schema = "    backup_info:\n      type: object\n      properties:\n        name: {type: string}\n";
        var edited = anchor.StartsWith("  schemas:", StringComparison.Ordinal)
            ? FullSpec.Value.Replace(anchor, "  schemas:\n" + schema + anchor["  schemas:\n".Length..], StringComparison.Ordinal)
            : Insert(FullSpec.Value, anchor, schema);

        AssertChanged(edited, "Ddm.Client.Full.BackupInfo2.g.cs", Resolver);
    }

    /// <summary>Which of two colliding schemas keeps the name does not depend on their order in the spec.</summary>
    [Theory]
    [InlineData("fooBar", "foobar")]
    [InlineData("foo_bar", "foo-bar")]
    [InlineData("Foo", "foo")]
    public void Two_schemas_that_want_one_name_get_the_same_names_in_either_order(string first, string second)
    {
        static string Spec(string a, string b) =>
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" +
            $"    {a}:\n      type: object\n      description: The schema {a}.\n      properties:\n        id: {{type: string}}\n" +
            $"    {b}:\n      type: object\n      description: The schema {b}.\n      properties:\n        id: {{type: string}}\n";

        var one = GeneratorHarness.Run(new SpecFile("/specs/pets.yaml", Spec(first, second))).Sources.ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);
        var other = GeneratorHarness.Run(new SpecFile("/specs/pets.yaml", Spec(second, first))).Sources.ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);

        Assert.Contains(one.Keys, name => name.EndsWith("2.g.cs", StringComparison.Ordinal));
        Assert.Empty(Changed(one, other));
    }

    /// <summary>
    /// Two components whose inline schemas want one name (<c>Recovery.request_source</c>, <c>RecoveryRequest.source</c>)
    /// get the same names whichever of them stands first.
    /// </summary>
    [Fact]
    public void Two_inline_schemas_that_want_one_name_get_the_same_names_in_either_order()
    {
        const string Recovery = "    Recovery:\n      type: object\n      properties:\n        request_source:\n          type: object\n          properties:\n            a: {type: string}\n";
        const string RecoveryRequest = "    RecoveryRequest:\n      type: object\n      properties:\n        source:\n          type: object\n          properties:\n            b: {type: string}\n";
        static Dictionary<string, string> Run(string schemas) =>
            GeneratorHarness.Run(new SpecFile("/specs/pets.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + schemas))
                .Sources.ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);

        var one = Run(Recovery + RecoveryRequest);

        Assert.Contains("Test.Api.RecoveryRequestSource2.g.cs", one.Keys);
        Assert.Empty(Changed(one, Run(RecoveryRequest + Recovery)));
    }

    /// <summary>
    /// An operation added whose operationId maps to the method name of another (<c>list_backups</c> beside
    /// <c>listBackups</c>) and comes after it in ordinal order gets the suffix wherever it stands, and the method
    /// that had the name keeps it.
    /// </summary>
    [Theory]
    [InlineData("list_backups")]
    [InlineData("list__backups")]
    public void An_operation_added_whose_method_name_is_taken_renames_no_other_method(string operationId)
    {
        var added = Generate(Insert(FullSpec.Value, "  /v3/{project_id}/backups:\n", Operation.Replace("operationId: listFlavors", "operationId: " + operationId, StringComparison.Ordinal)));

        Assert.Equal(Sorted(Client, Requests), Changed(Baseline.Value, added));
        Assert.Contains("ListBackups2Async(", added[Client], StringComparison.Ordinal);
        var removed = DiffPlex.DiffBuilder.InlineDiffBuilder.Diff(Baseline.Value[Client], added[Client]).Lines.Where(line => line.Type == DiffPlex.DiffBuilder.Model.ChangeType.Deleted);
        Assert.Empty(removed);
    }

    /// <summary>A model turns off the deprecation warnings only where it names something deprecated: a deprecation elsewhere leaves it alone.</summary>
    [Fact]
    public void A_property_or_operation_deprecated_changes_no_model_that_does_not_name_it()
    {
        var property = Generate(Insert(FullSpec.Value, "          description: Name of the data node.\n", "          deprecated: true\n"));
        var operation = Generate(Insert(FullSpec.Value, "      description: This API is used to query the status of an asynchronous job.\n", "      deprecated: true\n"));

        Assert.DoesNotContain(Changed(Baseline.Value, property), name => name != "Ddm.Client.Full.RelatedDataNode.g.cs" && !name.StartsWith("Ddm.Client.Full.DdmFullClient", StringComparison.Ordinal));
        Assert.DoesNotContain(Changed(Baseline.Value, operation), name => !name.StartsWith("Ddm.Client.Full.DdmFullClient", StringComparison.Ordinal));
    }

    /// <summary>
    /// The client's files turn off the deprecation warnings only where their code names something deprecated: a
    /// property that no client code reads changes its model's file alone.
    /// </summary>
    [Fact]
    public void A_property_deprecated_changes_only_its_model()
    {
        AssertChanged(Insert(FullSpec.Value, "          description: Name of the data node.\n", "          deprecated: true\n"), "Ddm.Client.Full.RelatedDataNode.g.cs");
    }

    /// <summary>The client's methods stand in the spec's order of paths: moving a path moves its methods, and nothing else changes.</summary>
    [Fact]
    public void Reordering_the_paths_changes_only_the_client()
    {
        AssertChanged(Move(FullSpec.Value, "  /v3/{project_id}/jobs/{job_id}:\n", "components:\n", "  /v3/{project_id}/backups:\n"), Client, Requests);
    }

    [Fact]
    public void A_description_changed_changes_only_its_model()
    {
        AssertChanged(
            FullSpec.Value.Replace("description: Data nodes associated with the backup.", "description: Data nodes that the backup covers.", StringComparison.Ordinal),
            "Ddm.Client.Full.BackupDetails.g.cs");
    }

    [Fact]
    public void An_operationId_renamed_changes_only_the_client()
    {
        AssertChanged(FullSpec.Value.Replace("operationId: showJob", "operationId: getJob", StringComparison.Ordinal), Client, Requests);
    }

    [Fact]
    public void The_same_spec_as_CRLF_with_a_byte_order_mark_or_in_another_folder_generates_the_same_files()
    {
        Assert.Empty(Changed(Baseline.Value, Generate(FullSpec.Value.Replace("\n", "\r\n", StringComparison.Ordinal))));
        Assert.Empty(Changed(Baseline.Value, Generate("\uFEFF" + FullSpec.Value)));
        Assert.Empty(Changed(Baseline.Value, Generate(FullSpec.Value, "/elsewhere/deeper/full.yaml")));
    }

    [Fact]
    public void The_same_spec_as_JSON_generates_the_same_files_but_for_the_file_name()
    {
        var tree = YamlSpecReader.Read(Path, FullSpec.Value).Root!;
        var json = tree.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var fromJson = Generate(json, "/specs/full.json");

        Assert.Equal(Baseline.Value.Keys.OrderBy(name => name, StringComparer.Ordinal), fromJson.Keys.OrderBy(name => name, StringComparer.Ordinal));
        Assert.All(fromJson, file => Assert.Equal(Baseline.Value[file.Key], file.Value.Replace("full.json", "full.yaml", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    public void The_current_culture_changes_nothing(string culture)
    {
        var baseline = Baseline.Value;
        var (current, currentUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.Empty(Changed(baseline, Generate(FullSpec.Value)));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, currentUi);
        }
    }

    /// <summary>Every spec of the tests, and one whose texts end in spaces, tabs and blank lines and hold CR, CRLF, NEL and U+2028.</summary>
    public static TheoryData<string> FormattedSpecs => new() { "Specs/ddm-v3-full.yaml", "Specs/ddm-v3-extended.yaml", "Corpus/petstore.yaml", "Corpus/petstore-expanded.yaml", "Corpus/uspto.yaml", "Corpus/api-with-examples.yaml", "texts" };

    /// <summary>Each generated file uses LF only, ends in one line break, and no line of it ends in white space.</summary>
    [Theory]
    [MemberData(nameof(FormattedSpecs))]
    public void Every_generated_file_uses_LF_ends_in_one_line_break_and_has_no_trailing_white_space(string spec)
    {
        var result = spec == "texts"
            ? GeneratorHarness.Run(new SpecFile("/specs/texts.json", TextsSpec()))
            : GeneratorHarness.Run(SpecFile.FromOutput(spec, "Test.Api", "TestClient"));

        Assert.NotEmpty(result.Sources);
        foreach (var source in result.Sources)
        {
            var text = source.SourceText.ToString();
            Assert.False(text.Contains('\r', StringComparison.Ordinal), source.HintName + " holds a CR");
            Assert.True(text.EndsWith('\n') && !text.EndsWith("\n\n", StringComparison.Ordinal), source.HintName + " does not end in one line break");
            var lines = text.Split('\n');
            var trailing = Array.FindIndex(lines, line => line.Length > 0 && char.IsWhiteSpace(line[^1]));
            Assert.True(trailing < 0, $"{source.HintName}, line {trailing + 1}, ends in white space");
        }
    }

    /// <summary>A JSON spec whose every text (title, descriptions, summaries, defaults, examples, enum descriptions) is <see cref="UntidyText"/>, in place of TEXT.</summary>
    private static string TextsSpec()
    {
        var text = System.Text.Json.JsonSerializer.Serialize(UntidyText);
        return """
            {"openapi": "3.0.3", "info": {"title": TEXT, "version": "1", "description": TEXT},
             "servers": [{"url": "https://api.example.com"}],
             "paths": {"/things/{id}": {"description": TEXT, "get": {"operationId": "getThing", "summary": TEXT, "description": TEXT,
               "parameters": [
                 {"name": "id", "in": "path", "required": true, "description": TEXT, "schema": {"type": "string"}},
                 {"name": "q", "in": "query", "description": TEXT, "schema": {"type": "string", "default": TEXT}}],
               "responses": {"200": {"description": TEXT, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
             "components": {"schemas": {
               "Thing": {"type": "object", "title": TEXT, "description": TEXT, "properties": {
                 "a": {"type": "string", "description": TEXT, "example": TEXT, "default": TEXT},
                 "kind": {"$ref": "#/components/schemas/Kind"}}},
               "Kind": {"type": "string", "description": TEXT, "enum": ["a", "b"], "x-enum-descriptions": [TEXT, TEXT]}}}}
            """.Replace("TEXT", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_codes_marked_in_two_schemas_are_read_in_the_order_the_spec_writes_them()
    {
        // Regression: once components were built by name, AError's code was read before ZError's, written first, so a
        // body holding both reported the other code.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /things:
                get:
                  responses: {'204': {description: ok}}
            components:
              schemas:
                ZError:
                  properties:
                    errCode: {type: string, x-ddmgen-error: code}
                AError:
                  properties:
                    error_code: {type: string, x-ddmgen-error: code}
            """;

        var support = Healthy.Run(yaml).Source("Test.Api.TestClientSupport.g.cs");

        Assert.Contains("ErrorMembers(body.Span, \"/errCode\", \"/error_code\")", support, StringComparison.Ordinal);
    }

    /// <summary>
    /// The C# name of every member of every model and enum of <paramref name="yaml"/>, keyed by its type's name and its
    /// JSON name or value (<c>Thing.id_value</c>), and the JSON names of each type's members, keyed by the type's name.
    /// </summary>
    private static (Dictionary<string, string> Members, Dictionary<string, string> Types) Names(string yaml)
    {
        var model = Parsing.Parser.Parse(new Model.SpecInput("/specs/names.yaml", yaml, yaml.Length, "Test.Api", "TestClient", Model.EquatableArray<Model.DiagnosticInfo>.Empty), default);
        Assert.DoesNotContain(model.Diagnostics, diagnostic => diagnostic.Id != "DDMG302" && diagnostic.Id != "DDMG301");
        var members = model.Objects.SelectMany(type => type.Properties.Select(property => (Key: type.Name + "." + property.JsonName, property.Name)))
            .Concat(model.Enums.SelectMany(type => type.Members.Select(member => (Key: type.Name + "." + member.Value, member.Name))))
            .ToDictionary(entry => entry.Key, entry => entry.Name, StringComparer.Ordinal);
        var types = model.Objects.Select(type => (type.Name, Members: string.Join(",", type.Properties.Select(property => property.JsonName).OrderBy(name => name, StringComparer.Ordinal))))
            .Concat(model.Enums.Select(type => (type.Name, Members: string.Join(",", type.Members.Select(member => member.Value).OrderBy(name => name, StringComparer.Ordinal)))))
            .ToDictionary(entry => entry.Name, entry => entry.Members, StringComparer.Ordinal);
        return (members, types);
    }

    private static string Schemas(string schemas) => "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + schemas;

    /// <summary>
    /// A property added that wants the C# name of two others (<c>ID</c> beside <c>id</c> and <c>id_value</c>) renames
    /// neither, wherever it stands: its suffixed name (<c>IdValue</c>) took the name <c>id_value</c> had as its own,
    /// which moved on to <c>IdValueValue</c>. The same holds for enum values.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_member_added_whose_name_is_taken_renames_no_member_that_wants_another_name(bool first)
    {
        static string Spec(string property, string value, bool first)
        {
            var properties = "        id: {type: string}\n        id_value: {type: string}\n";
            var values = value.Length == 0 ? "a, a_value" : first ? value + ", a, a_value" : "a, a_value, " + value;
            return Schemas(
                "    Thing:\n      type: object\n      properties:\n" + (first ? property + properties : properties + property) +
                "    Kind:\n      type: string\n      enum: [" + values + "]\n");
        }

        var before = Names(Spec(string.Empty, string.Empty, first)).Members;
        var after = Names(Spec("        ID: {type: string}\n", "A-", first)).Members;

        Assert.Equal(new[] { "Kind.a", "Kind.a_value", "Thing.id", "Thing.id_value" }, before.Keys.OrderBy(key => key, StringComparer.Ordinal));
        Assert.All(before, member => Assert.Equal(member.Value, after[member.Key]));
        Assert.Equal("IdValue2", after["Thing.ID"]);
        Assert.Equal("AValue2", after["Kind.A-"]);
    }

    /// <summary>
    /// Enum values whose names give no member name (<c>+</c>, <c>-</c>, the empty text) are named by the ordinal order of
    /// their text, not by where they stand: they were <c>Value{index}</c>, so a value added before them renamed them.
    /// </summary>
    [Fact]
    public void Enum_values_without_a_letter_or_digit_keep_their_names_when_a_value_is_added_before_them_or_they_move()
    {
        static string Spec(string values) => Schemas("    Sign:\n      type: string\n      enum: [" + values + "]\n");

        var before = Names(Spec("'-', '+', ''")).Members;
        var after = Names(Spec("up, '', '+', down, '-'")).Members;

        Assert.Equal("Value0", before["Sign."]);
        Assert.Equal("Value1", before["Sign.+"]);
        Assert.Equal("Value2", before["Sign.-"]);
        Assert.All(before, member => Assert.Equal(member.Value, after[member.Key]));
    }

    /// <summary>
    /// Two enum values that want one member name (<c>a-b</c>, <c>a_b</c>) get the same names in either order: the first
    /// in the spec kept the name, so reordering the values renamed both members. So do two values that x-enum-varnames
    /// gives one name, told apart by their text.
    /// </summary>
    [Fact]
    public void Two_enum_values_that_want_one_name_get_the_same_names_in_either_order()
    {
        static string Spec(string values, string modes) =>
            Schemas("    Kind:\n      type: string\n      enum: [" + values + "]\n    Mode:\n      type: string\n      enum: [" + modes + "]\n      x-enum-varnames: [Same, Same]\n");

        var one = Names(Spec("a-b, a_b", "up, down")).Members;
        var other = Names(Spec("a_b, a-b", "down, up")).Members;

        Assert.Equal("AB", one["Kind.a-b"]);
        Assert.Equal("ABValue", one["Kind.a_b"]);
        Assert.Equal("Same", one["Mode.down"]);
        Assert.Equal(one.OrderBy(entry => entry.Key, StringComparer.Ordinal), other.OrderBy(entry => entry.Key, StringComparer.Ordinal));
    }

    /// <summary>
    /// Two inline schemas of one component that want one type name (the items of <c>a</c> and the object <c>a_item</c>,
    /// both <c>ThingAItem</c>; <c>b.c_d</c> and <c>b_c.d</c>, both <c>ThingBCD</c>) get the same names in either order of
    /// the properties: the one built first kept the name.
    /// </summary>
    [Fact]
    public void Two_inline_schemas_of_one_component_that_want_one_name_get_the_same_names_in_either_order()
    {
        const string A = "        a:\n          type: array\n          items: {type: object, properties: {x: {type: string}}}\n";
        const string AItem = "        a_item: {type: object, properties: {y: {type: string}}}\n";
        const string B = "        b: {type: object, properties: {c_d: {type: object, properties: {u: {type: string}}}}}\n";
        const string BC = "        b_c: {type: object, properties: {d: {type: object, properties: {v: {type: string}}}}}\n";
        static string Spec(string properties) => Schemas("    Thing:\n      type: object\n      properties:\n" + properties);

        var one = Names(Spec(A + AItem + B + BC)).Types;
        var other = Names(Spec(BC + AItem + B + A)).Types;

        Assert.Equal("x", one["ThingAItem"]);
        Assert.Equal("y", one["ThingAItem2"]);
        Assert.Equal("u", one["ThingBCD"]);
        Assert.Equal("v", one["ThingBCD2"]);
        Assert.Equal(one.OrderBy(entry => entry.Key, StringComparer.Ordinal), other.OrderBy(entry => entry.Key, StringComparer.Ordinal));
    }

    private const string UntidyText = "line one   \n\n  line two\t\nthree\r\nfour\rfive\u2028six\u0085seven \n\n";
}
