using System.Collections.Generic;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests;

/// <summary>Per-file metadata wins; then the project-wide DdmGen properties; then the root namespace and the file name.</summary>
public sealed class OptionsTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: Options, version: "1"}
        paths:
          /ping:
            get:
              operationId: ping
              responses:
                "204": {description: ok}
        """;

    private static List<string> HintNames(SpecFile spec, Dictionary<string, string> global)
    {
        var driver = GeneratorHarness.Driver(new[] { spec }, LanguageVersion.Latest, global).RunGenerators(GeneratorHarness.Compilation());
        return driver.GetRunResult().GeneratedTrees.Select(tree => System.IO.Path.GetFileName(tree.FilePath)).ToList();
    }

    [Fact]
    public void Project_wide_properties_apply_when_the_file_has_no_metadata()
    {
        var global = new Dictionary<string, string>
        {
            ["build_property.DdmGenNamespace"] = "Company.Apis",
            ["build_property.DdmGenClientName"] = "PingClient",
            ["build_property.RootNamespace"] = "Company.App",
        };

        var names = HintNames(new SpecFile("/specs/ping-api.yaml", Spec, Namespace: null, ClientName: null), global);

        Assert.Contains("Company.Apis.PingClient.g.cs", names);
    }

    [Fact]
    public void Without_options_the_root_namespace_and_the_file_name_are_used()
    {
        var global = new Dictionary<string, string> { ["build_property.RootNamespace"] = "Company.App" };

        var names = HintNames(new SpecFile("/specs/ping-api.yaml", Spec, Namespace: null, ClientName: null), global);

        Assert.Contains("Company.App.PingApiClient.g.cs", names);
        Assert.Contains("Company.App.PingApiClientOptions.g.cs", names);
    }

    [Fact]
    public void Per_file_metadata_wins_over_project_wide_properties()
    {
        var global = new Dictionary<string, string> { ["build_property.DdmGenNamespace"] = "Company.Apis" };

        var names = HintNames(new SpecFile("/specs/ping-api.yaml", Spec, Namespace: "Team.Ping", ClientName: "TeamClient"), global);

        Assert.Contains("Team.Ping.TeamClient.g.cs", names);
    }

    [Theory]
    [InlineData("/specs/api.openapi", false)]
    [InlineData("/specs/spec.yaml.txt", false)]
    [InlineData("/specs/api.openapi", true)]
    [InlineData("/specs/API.YML", false)]
    public void A_marked_file_is_a_spec_whatever_its_name_ends_in(string path, bool json)
    {
        // Files were picked by extension before their metadata was read: a marked api.openapi was left out without a word.
        // A name that does not say is read as JSON when it starts with '{', as YAML otherwise.
        var text = json
            ? "\n  {\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"},\n\"paths\": {\"/ping\": {\"get\": {\"operationId\": \"ping\",\n\"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Missing\"}}}}}}}}}"
            : Spec.Replace("\"204\": {description: ok}", "\"200\": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}}", System.StringComparison.Ordinal);

        var result = GeneratorHarness.Run(new SpecFile(path, text));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG101", diagnostic.Id);
        Assert.Equal(path, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(Hardening.Healthy.LineOf(text, "$ref"), diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains(result.Sources, source => source.HintName == "Test.Api.TestClient.g.cs");
    }

    [Fact]
    public void Only_marked_files_are_read()
    {
        var marked = new SpecFile("/specs/ping.openapi", Spec);
        var others = new[] { new SpecFile("/specs/settings.yaml", "a: 1", Marked: false), new SpecFile("/specs/notes.txt", "text", Marked: false) };

        var result = GeneratorHarness.Driver(others.Append(marked)).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();

        var read = result.TrackedSteps[TrackingNames.SpecTexts].SelectMany(step => step.Outputs).Select(output => ((Reading.SpecText)output.Value).Path);
        Assert.Equal(new[] { marked.Path }, read);
        Assert.Contains(result.GeneratedSources, source => source.HintName == "Test.Api.TestClient.g.cs");
    }

    [Theory]
    [InlineData("My-App", "My_App")]
    [InlineData("Contoso.Web-Api", "Contoso.Web_Api")]
    [InlineData("2024.Tools", "_2024.Tools")]
    [InlineData("Company..App.", "Company.App")]
    [InlineData("App.class", "App._class")]
    [InlineData("App.await", "App._await")]
    [InlineData("My\u200BApp.\u202E", "MyApp")]
    public void A_root_namespace_that_is_no_namespace_is_made_one_as_the_project_templates_make_it(string root, string expected)
    {
        // The SDK's RootNamespace is the project's name: a project called My-App has "My-App", which is no namespace,
        // and its specs went to DdmGen.Generated without a word; `dotnet new` writes such a project's code in My_App.
        var global = new Dictionary<string, string> { ["build_property.RootNamespace"] = root };
        var spec = new SpecFile("/specs/ping-api.yaml", Spec, Namespace: null, ClientName: null);

        var driver = GeneratorHarness.Driver(new[] { spec }, LanguageVersion.Latest, global).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out var output, out _);

        Assert.Contains(expected + ".PingApiClient.g.cs", driver.GetRunResult().GeneratedTrees.Select(tree => System.IO.Path.GetFileName(tree.FilePath)));
        Assert.Empty(driver.GetRunResult().Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("ture")]
    public void A_mark_that_is_neither_true_nor_false_is_reported_at_the_file(string mark)
    {
        // A file whose DdmGenSpec was not "true" was passed over without a word: a typo left the project without its client.
        var result = GeneratorHarness.Run(new SpecFile("/specs/ping.yaml", Spec, Mark: mark), new SpecFile("/specs/other.yaml", "a: 1", Mark: " False "));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DDMG007", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("/specs/ping.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains($"'{mark}'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Empty(result.Sources);
    }
}
