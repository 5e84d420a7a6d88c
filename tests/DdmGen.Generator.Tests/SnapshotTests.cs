using System;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>Every generated file is locked down, so a spec or generator change shows up in review as a code diff.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void DdmSpec()
    {
        var result = GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
        Snapshot.Verify(nameof(DdmSpec), result.Sources.Select(source => (source.HintName, source.SourceText.ToString())));
    }

    [Fact]
    public void DependencyInjection_is_generated_only_when_the_compilation_references_Microsoft_Extensions_Http()
    {
        var spec = SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient");
        var references = new[]
        {
            typeof(Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions),
            typeof(Microsoft.Extensions.Options.Options),
            typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection),
        }.Select(type => (Microsoft.CodeAnalysis.MetadataReference)Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(type.Assembly.Location));

        var without = GeneratorHarness.Run(new[] { spec }, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
        var with = GeneratorHarness.Run(new[] { spec }, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, references);

        Assert.DoesNotContain(without.Sources, source => source.HintName.EndsWith("ServiceCollectionExtensions.g.cs", StringComparison.Ordinal));
        Assert.Empty(with.Diagnostics);
        Assert.Empty(with.CompilationProblems);
        Snapshot.Verify("DependencyInjection", with.Sources.Where(source => source.HintName.EndsWith("ServiceCollectionExtensions.g.cs", StringComparison.Ordinal)).Select(source => (source.HintName, source.SourceText.ToString())));
    }

    [Fact]
    public void ExtendedSpec()
    {
        var result = GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v3-extended.yaml", "Ddm.Client.Extended", "DdmExtendedClient"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
        Snapshot.Verify(nameof(ExtendedSpec), result.Sources.Select(source => (source.HintName, source.SourceText.ToString())));
    }

    [Fact]
    public void FullSpec_needs_no_generator_change()
    {
        // The shipped spec with every other backup operation of the DDM reference, as a maintainer extends it: no
        // diagnostic, and code that compiles without a warning (documentation and nullable warnings included). The
        // client tests compile it too and drive it over HTTP; its files are not locked down a second time here.
        var result = GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v3-full.yaml", "Ddm.Client.Full", "DdmFullClient"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("DeleteBackupAsync(string backupId,", result.Source("Ddm.Client.Full.DdmFullClient.g.cs"), StringComparison.Ordinal);
    }
}
