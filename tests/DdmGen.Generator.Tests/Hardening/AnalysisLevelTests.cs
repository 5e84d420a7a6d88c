using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// The generated code gives no warning of the .NET code analysis a consumer turns on in full
/// (<c>AnalysisLevel latest-all</c>, with warnings as errors): the rules that look into generated code, the security
/// ones among them, find nothing in it.
/// </summary>
public sealed class AnalysisLevelTests
{
    [Fact]
    public async Task Every_dotnet_analyzer_rule_at_warning_finds_nothing_in_the_generated_code()
    {
        var analyzers = SdkAnalyzers();
        var references = new[]
        {
            typeof(Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions),
            typeof(Microsoft.Extensions.Options.Options),
            typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection),
        }.Select(type => (MetadataReference)MetadataReference.CreateFromFile(type.Assembly.Location));
        var result = GeneratorHarness.Run(
            new[] { SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"), SpecFile.FromOutput("Specs/ddm-v3-extended.yaml", "Ddm.Client.Extended", "DdmExtendedClient") },
            LanguageVersion.Latest,
            references);
        Assert.Empty(result.CompilationProblems);

        // latest-all: every rule of the analyzers at warning at least.
        var everyRule = analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(rule => rule.Id).Distinct().ToDictionary(id => id, _ => ReportDiagnostic.Warn);
        var compilation = result.Output.WithOptions(result.Output.Options.WithSpecificDiagnosticOptions(everyRule));
        var found = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        Assert.NotEmpty(found); // The assembly-wide rules (CA1014, CA1016) show that the rules ran.
        Assert.Empty(found.Where(diagnostic => diagnostic.Location.SourceTree is { } tree && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).Select(diagnostic => diagnostic.ToString()));
    }

    public static TheoryData<string> Specs() => new(
        new[] { "Specs/ddm-v3-extended.yaml", "Specs/ddm-v3-full.yaml", "Specs/ddm-v1-instances.yaml" }
            .Concat(Directory.GetFiles(RepositoryPaths.Output("Corpus"), "*.yaml").Select(path => "Corpus/" + Path.GetFileName(path)).Order(StringComparer.Ordinal)));

    /// <summary>
    /// A consumer may have the analyzers look into the generated files too (<c>generated_code = false</c> for
    /// <c>*.g.cs</c> in its .editorconfig): then every rule of <c>latest-all</c> sees them, those that skip generated
    /// code as well, and each must still find nothing there.
    /// </summary>
    [Theory]
    [MemberData(nameof(Specs))]
    public async Task Every_dotnet_analyzer_rule_at_warning_finds_nothing_in_the_generated_code_taken_as_the_project_s_own(string spec)
    {
        var analyzers = SdkAnalyzers();
        var references = new[]
        {
            typeof(Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions),
            typeof(Microsoft.Extensions.Options.Options),
            typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection),
        }.Select(type => (MetadataReference)MetadataReference.CreateFromFile(type.Assembly.Location));
        var result = GeneratorHarness.Run(new[] { SpecFile.FromOutput(spec, "Consumer.Api", "ApiClient") }, LanguageVersion.Latest, references);
        Assert.Empty(result.CompilationProblems);

        var everyRule = analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(rule => rule.Id).Distinct().ToDictionary(id => id, _ => ReportDiagnostic.Warn);
        var compilation = result.Output.WithOptions(result.Output.Options.WithSpecificDiagnosticOptions(everyRule));
        var found = await compilation.WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new NothingGenerated())).GetAnalyzerDiagnosticsAsync();

        Assert.Equal(string.Empty, string.Join("\n", found.Where(diagnostic => diagnostic.Location.SourceTree is { } tree && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))));
    }

    /// <summary>
    /// A string parameter whose name has the word url, uri or urn as CA1054 splits names into words (at a change of
    /// case, and between digits and letters: <c>x2url</c> is x, 2, url) has the client say why it is a string; one
    /// whose name only holds those letters (<c>curl</c>, <c>urls</c>) has no pragma for a rule that does not fire.
    /// </summary>
    [Theory]
    [InlineData("x2url", true)]
    [InlineData("a1url", true)]
    [InlineData("2url", true)]
    [InlineData("url2x", true)]
    [InlineData("URLPath", true)]
    [InlineData("uriTemplate", true)]
    [InlineData("urnLike", true)]
    [InlineData("curl", false)]
    [InlineData("urls", false)]
    [InlineData("ur_l", false)]
    public async Task A_parameter_CA1054_takes_for_a_URL_has_the_pragma_and_no_other_has_it(string name, bool pragma)
    {
        var analyzers = SdkAnalyzers().Where(analyzer => analyzer.SupportedDiagnostics.Any(rule => rule.Id == "CA1054")).ToImmutableArray();
        var spec = $$"""
            openapi: 3.0.3
            info: { title: Things, version: '1' }
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - { name: '{{name}}', in: query, schema: { type: string } }
                  responses:
                    '200': { description: Done. }
            """;
        var result = GeneratorHarness.Run(new SpecFile("/specs/things.yaml", spec));
        Assert.Empty(result.CompilationProblems);

        var compilation = result.Output.WithOptions(result.Output.Options.WithSpecificDiagnosticOptions(new[] { KeyValuePair.Create("CA1054", ReportDiagnostic.Warn) }));
        var found = await compilation.WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new NothingGenerated())).GetAnalyzerDiagnosticsAsync();

        Assert.Equal(string.Empty, string.Join("\n", found.Where(diagnostic => diagnostic.Id == "CA1054")));
        Assert.Equal(pragma, result.Sources.Any(source => source.SourceText.ToString().Contains("#pragma warning disable CA1054", StringComparison.Ordinal)));
    }

    /// <summary>What an .editorconfig with <c>generated_code = false</c> for every file tells the analyzers.</summary>
    private sealed class NothingGenerated : AnalyzerConfigOptionsProvider
    {
        private static readonly TestOptionsProvider.Options NotGenerated = new(new System.Collections.Generic.Dictionary<string, string> { ["generated_code"] = "false" });

        public override AnalyzerConfigOptions GlobalOptions => TestOptionsProvider.Options.Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NotGenerated;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptionsProvider.Options.Empty;
    }

    /// <summary>The .NET analyzers of the SDK these tests are built and run with, as a project gets them.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> SdkAnalyzers()
    {
        // The runtime is <dotnet>/shared/Microsoft.NETCore.App/<version>; the SDKs are <dotnet>/sdk/<version>.
        var dotnet = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var folder = Directory.GetDirectories(Path.Combine(dotnet, "sdk"))
            .Where(sdk => Directory.Exists(Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers")))
            .OrderBy(sdk => Version.Parse(Path.GetFileName(sdk).Split('-')[0]))
            .Select(sdk => Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers"))
            .Last();
        var loader = new Loader();
        return new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" }
            .SelectMany(file => new AnalyzerFileReference(Path.Combine(folder, file), loader).GetAnalyzers(LanguageNames.CSharp))
            .ToImmutableArray();
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }
}
