using System;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests;

/// <summary>
/// tests/Specs/ddm-v1-instances.yaml: more of the DDM API (instances, schemas, accounts, nodes, engines and flavors),
/// written as a maintainer adds it to a spec. The generator takes it as it is: no diagnostic, and code that compiles
/// without a warning.
/// </summary>
public sealed class InstanceApiSpecTests
{
    private static GeneratorResult Run() =>
        GeneratorHarness.Run(SpecFile.FromOutput("Specs/ddm-v1-instances.yaml", "Ddm.Client.Instances", "DdmInstancesClient"));

    [Fact]
    public void The_instance_api_generates_without_a_diagnostic_and_compiles_without_a_warning()
    {
        var result = Run();

        var problems = string.Join("\n", result.Diagnostics.Concat(result.CompilationProblems).Select(diagnostic => diagnostic.ToString()));
        Assert.True(problems.Length == 0, problems);
    }
}
