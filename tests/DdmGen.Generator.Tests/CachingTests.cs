using System;
using System.Collections.Generic;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests;

/// <summary>The generator does no work it can avoid: nothing on an unrelated edit, only what changed on a spec edit.</summary>
public sealed class CachingTests
{
    private static readonly string[] TrackedSteps =
    {
        TrackingNames.GlobalOptions, TrackingNames.SpecFiles, TrackingNames.SpecTexts, TrackingNames.SpecInputs, TrackingNames.Models,
        TrackingNames.Diagnostics, TrackingNames.EmitUnits, TrackingNames.LanguageVersion, TrackingNames.TargetApis,
    };

    /// <summary>The steps that read, resolve or parse a spec.</summary>
    private static readonly string[] SpecSteps =
    {
        TrackingNames.SpecFiles, TrackingNames.SpecTexts, TrackingNames.SpecInputs, TrackingNames.Models, TrackingNames.Diagnostics, TrackingNames.EmitUnits,
    };

    private static SpecFile DdmSpec => SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient");

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec }).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { internal static class Edited { } }", GeneratorHarness.ParseOptions()));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var output in result.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} was {output.Reason}");
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void An_unrelated_analyzer_option_change_reads_and_parses_no_spec_again()
    {
        var specs = new[] { DdmSpec, SpecFile.FromOutput("Specs/ddm-v3-extended.yaml", "Ddm.Extended", "DdmClient") };
        var global = new Dictionary<string, string> { ["build_property.RootNamespace"] = "App", ["build_property.Nullable"] = "enable" };
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(specs, global: global).RunGenerators(compilation);

        var changed = new Dictionary<string, string>(global) { ["build_property.Nullable"] = "disable", ["build_property.SomeOtherTool"] = "on" };
        var result = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsProvider(specs, changed)).RunGenerators(compilation).GetRunResult().Results.Single();

        var globalOptions = result.TrackedSteps[TrackingNames.GlobalOptions].SelectMany(run => run.Outputs).ToList();
        Assert.Contains(globalOptions, output => output.Reason == IncrementalStepRunReason.Unchanged);
        foreach (var step in SpecSteps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(run => run.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} was {output.Reason}"));
        }

        // The text is read once per file change, never again for an option change.
        Assert.All(result.TrackedSteps[TrackingNames.SpecTexts].SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.All(result.TrackedSteps[TrackingNames.Models].SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void An_option_the_generator_uses_reparses_the_specs_it_applies_to_without_reading_them_again()
    {
        var spec = DdmSpec with { Namespace = null };
        var global = new Dictionary<string, string> { ["build_property.DdmGenNamespace"] = "First.Ddm" };
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { spec }, global: global).RunGenerators(compilation);

        var changed = new Dictionary<string, string> { ["build_property.DdmGenNamespace"] = "Second.Ddm" };
        var run = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsProvider(new[] { spec }, changed)).RunGenerators(compilation).GetRunResult();
        var result = run.Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.SpecTexts].SelectMany(step => step.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.All(result.TrackedSteps[TrackingNames.Models].SelectMany(step => step.Outputs), output => Assert.Equal(IncrementalStepRunReason.Modified, output.Reason));
        Assert.Contains(result.GeneratedSources, source => source.HintName == "Second.Ddm.BackupInfo.g.cs");
    }

    [Fact]
    public void A_spec_edit_regenerates_only_the_files_it_touches()
    {
        var compilation = GeneratorHarness.Compilation();
        var original = DdmSpec;
        var driver = GeneratorHarness.Driver(new[] { original }, out var texts).RunGenerators(compilation);
        var edited = original with { Text = original.Text.Replace("description: Backup ID.", "description: The ID of the backup.") };
        Assert.NotEqual(original.Text, edited.Text);

        driver = driver.ReplaceAdditionalText(texts.Single(), new TestAdditionalText(edited.Path, edited.Text));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var units = result.TrackedSteps[TrackingNames.EmitUnits].SelectMany(run => run.Outputs).ToList();
        var modified = units.Where(output => output.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).ToList();
        var unchanged = units.Where(output => output.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached).ToList();
        Assert.Single(modified);
        Assert.Contains("BackupInfo", modified[0].Value.ToString(), StringComparison.Ordinal);
        Assert.True(unchanged.Count > 10, $"only {unchanged.Count} units were left alone");
        Assert.Contains("The ID of the backup.", result.GeneratedSources.Single(source => source.HintName == "Ddm.Client.BackupInfo.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A comment added after a node the spec reports changes neither the model nor a diagnostic's place: nothing is
    /// emitted or reported again.
    /// </summary>
    [Fact]
    public void A_comment_after_a_reported_node_changes_nothing()
    {
        const string Spec = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Equals:\n      properties:\n        id: {type: string}\n";
        var compilation = GeneratorHarness.Compilation();
        var spec = new SpecFile("/specs/commented.yaml", Spec);
        var driver = GeneratorHarness.Driver(new[] { spec }, out var texts).RunGenerators(compilation);
        Assert.Contains(driver.GetRunResult().Diagnostics, diagnostic => diagnostic.Id == "DDMG302");

        driver = driver.ReplaceAdditionalText(texts.Single(), new TestAdditionalText(spec.Path, Spec + "\n    # more schemas to come\n"));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.Models].SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Step_outputs_hold_no_compiler_objects()
    {
        var result = GeneratorHarness.Driver(new[] { DdmSpec }).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
        }

        var seen = StepValues.AssertHoldNoCompilerObjects(result, TrackedSteps);
        Assert.True(seen > 50, $"the walk saw only {seen} objects");
    }
}
