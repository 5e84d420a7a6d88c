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
}
