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
    public void ExtendedSpec()
    {
        var result = GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v3-extended.yaml", "Ddm.Client.Extended", "DdmExtendedClient"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompilationProblems);
        Snapshot.Verify(nameof(ExtendedSpec), result.Sources.Select(source => (source.HintName, source.SourceText.ToString())));
    }
}
