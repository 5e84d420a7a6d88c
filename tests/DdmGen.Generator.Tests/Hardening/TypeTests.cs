using System;
using System.IO;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>What the generated code does with types the spec stretches: array path parameters and bounds.</summary>
public sealed class TypeTests
{
    private static string Regression(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.TestProjectDirectory, "Regressions", name));

    [Fact]
    public void Array_path_parameters_are_comma_joined_with_each_value_escaped()
    {
        var result = Healthy.Run(Regression("array-path-parameter.yaml"));

        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Contains(".Segments(global::System.Linq.Enumerable.Select(ids, item => item.ToString(", requests, StringComparison.Ordinal);
        Assert.Contains(".Segments(global::System.Linq.Enumerable.Select(codes, item => item))", requests, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_get_the_type_they_are_checked_as()
    {
        var result = Healthy.Run(Regression("bounds-out-of-range.yaml"));

        var requests = result.Source("Test.Api.TestClient+Requests.g.cs");
        Assert.Contains("ratio is < 0.25F or > 1.5F", requests, StringComparison.Ordinal);
        Assert.Contains("precise is < -1.5 or > 1E+300", requests, StringComparison.Ordinal);
        Assert.DoesNotContain("is > 4294967295", requests, StringComparison.Ordinal);
        Assert.DoesNotContain("wide is <", requests, StringComparison.Ordinal);
        Assert.DoesNotContain("wide is >", requests, StringComparison.Ordinal);
        Assert.Equal(4, result.Diagnostics.Count(diagnostic => diagnostic.Id == "DDMG106"));
    }
}
