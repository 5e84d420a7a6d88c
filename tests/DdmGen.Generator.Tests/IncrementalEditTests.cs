using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests;

/// <summary>Edits an IDE makes between two runs: each regenerates nothing, or only what it changed.</summary>
public sealed class IncrementalEditTests
{
    private const string Small = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id: {type: string}\n";

    private static SpecFile DdmSpec => SpecFile.FromOutput("Specs/ddm-v3.yaml", "Ddm.Client", "DdmClient");

    private static SpecFile Second => new("/specs/small.yaml", Small, "Small.Api", "SmallClient");

    private static GeneratorRunResult Single(GeneratorDriver driver) => driver.GetRunResult().Results.Single();

    private static void AssertNothingEmitted(GeneratorRunResult result)
    {
        Assert.Null(result.Exception);
        var outputs = result.TrackedOutputSteps.SelectMany(step => step.Value.Select(run => (step.Key, run))).SelectMany(pair => pair.run.Outputs.Select(output => (pair.Key, output))).ToList();
        Assert.NotEmpty(outputs);
        foreach (var (step, output) in outputs)
        {
            Assert.True(output.Reason == IncrementalStepRunReason.Cached, $"output {step} was {output.Reason}: {output.Value}");
        }

        // Every step the generator names, each left cached or unchanged.
        foreach (var step in typeof(TrackingNames).GetFields().Select(field => (string)field.GetValue(null)!).Where(result.TrackedSteps.ContainsKey))
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} was {output.Reason}");
            }
        }
    }

    [Theory]
    [InlineData("/specs/notes.txt", "/specs/notes.md")]
    [InlineData("/specs/a-notes.txt", "/specs/0-notes.txt")]
    public void An_unrelated_additional_file_added_edited_renamed_and_removed_reads_and_emits_nothing_again(string path, string renamed)
    {
        // Regression: a file that is no spec sorting before the spec (added, renamed or removed) moved the spec one
        // place in the spreads of the files and the texts, and the spec's options and text were read again (its parse
        // stayed cached).
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec }).RunGenerators(compilation);

        var other = new TestAdditionalText(path, "hello");
        driver = driver.AddAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(other)).RunGenerators(compilation);
        AssertNothingEmitted(Single(driver));

        var edited = new TestAdditionalText(path, "hello again");
        driver = driver.ReplaceAdditionalText(other, edited).RunGenerators(compilation);
        AssertNothingEmitted(Single(driver));

        var moved = new TestAdditionalText(renamed, "hello again");
        driver = driver.ReplaceAdditionalText(edited, moved).RunGenerators(compilation);
        AssertNothingEmitted(Single(driver));

        driver = driver.RemoveAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(moved)).RunGenerators(compilation);
        AssertNothingEmitted(Single(driver));
    }

    [Fact]
    public void An_unrelated_additional_file_added_before_a_file_with_an_invalid_mark_reports_nothing_again()
    {
        // Regression: the marks were checked over a spread of every additional file, so a file that is no spec sorting
        // before one with a mark neither true nor false moved it one place, and its mark was checked again.
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec, new SpecFile("/specs/marked.yaml", "a: 1", Mark: "maybe") }).RunGenerators(compilation);
        Assert.Contains(Single(driver).Diagnostics, diagnostic => diagnostic.GetMessage().Contains("maybe", StringComparison.Ordinal));

        var other = new TestAdditionalText("/specs/a-notes.txt", "hello");
        driver = driver.AddAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(other)).RunGenerators(compilation);

        var result = Single(driver);
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.GetMessage().Contains("maybe", StringComparison.Ordinal));
        Assert.NotEmpty(result.TrackedSteps[TrackingNames.InvalidMarks].SelectMany(run => run.Outputs));
        AssertNothingEmitted(result);
    }

    [Theory]
    [InlineData("/specs/small.yaml", 0)]
    [InlineData("/specs/a-small.yaml", 1)]
    public void A_spec_added_before_another_has_the_other_read_and_parsed_again_and_one_after_does_not(string path, int readAgain)
    {
        // The cost Pipeline.CombineEach's remarks state: the steps after its spread compare by position, so a spec added
        // before another moves the other one place, and the other is read and parsed again; one added after it is not.
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec }).RunGenerators(compilation);
        var second = Second with { Path = path };

        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsProvider(new[] { DdmSpec, second }))
            .AddAdditionalTexts(ImmutableArray.Create<AdditionalText>(new TestAdditionalText(second.Path, second.Text))).RunGenerators(compilation);
        var result = Single(driver);

        foreach (var step in new[] { TrackingNames.SpecTexts, TrackingNames.Models })
        {
            var outputs = result.TrackedSteps[step].SelectMany(run => run.Outputs).ToList();
            Assert.Equal(2, outputs.Count);
            Assert.Equal(1 + readAgain, outputs.Count(output => output.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified));
        }
    }

    [Fact]
    public void Reordering_the_additional_files_emits_nothing_again()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec, Second }, out var texts).RunGenerators(compilation);

        driver = driver.RemoveAdditionalTexts(texts.ToImmutableArray()).AddAdditionalTexts(texts.Reverse().ToImmutableArray()).RunGenerators(compilation);
        AssertNothingEmitted(Single(driver));
    }

    [Fact]
    public void A_second_spec_added_then_removed_leaves_the_first_specs_output_alone()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec }, out var texts).RunGenerators(compilation);
        var before = Single(driver).GeneratedSources.Select(source => source.HintName).ToList();

        var second = new TestAdditionalText(Second.Path, Second.Text);
        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsProvider(new[] { DdmSpec, Second }))
            .AddAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(second)).RunGenerators(compilation);
        var result = Single(driver);
        Assert.Contains(result.GeneratedSources, source => source.HintName == "Small.Api.Pet.g.cs");
        var emitted = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Where(output => output.Reason != IncrementalStepRunReason.Cached).Select(output => output.Value.ToString()).ToList();
        Assert.All(emitted, value => Assert.DoesNotContain("Ddm.Client", value, StringComparison.Ordinal));

        driver = driver.RemoveAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(second))
            .WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsProvider(new[] { DdmSpec })).RunGenerators(compilation);
        result = Single(driver);
        Assert.Equal(before, result.GeneratedSources.Select(source => source.HintName).ToList());
        emitted = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Where(output => output.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified).Select(output => output.Value.ToString()).ToList();
        Assert.Empty(emitted);
    }

    [Fact]
    public void Editing_one_of_two_specs_leaves_the_others_output_cached()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec, Second }, out var texts).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(texts[1], new TestAdditionalText(Second.Path, Small.Replace("id: {type: string}", "id: {type: string, description: The id.}"))).RunGenerators(compilation);
        var result = Single(driver);
        var emitted = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Where(output => output.Reason != IncrementalStepRunReason.Cached).Select(output => output.Value.ToString()).ToList();
        Assert.NotEmpty(emitted);
        Assert.All(emitted, value => Assert.DoesNotContain("Ddm.Client", value, StringComparison.Ordinal));
        var models = result.TrackedSteps[TrackingNames.Models].SelectMany(run => run.Outputs).ToList();
        Assert.Equal(1, models.Count(output => output.Reason == IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void Parse_options_that_do_not_matter_emit_nothing_again()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec }).RunGenerators(compilation);

        driver = driver.WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse, preprocessorSymbols: new[] { "TRACE", "DEBUG" })).RunGenerators(compilation);
        AssertNothingEmitted(Single(driver));
    }

    [Fact]
    public void An_unrelated_key_on_the_spec_file_emits_nothing_again()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec }).RunGenerators(compilation);
        var files = new Dictionary<string, TestOptionsProvider.Options>
        {
            [DdmSpec.Path] = new(new Dictionary<string, string>
            {
                ["build_metadata.AdditionalFiles.DdmGenSpec"] = "true",
                ["build_metadata.AdditionalFiles.Namespace"] = "Ddm.Client",
                ["build_metadata.AdditionalFiles.ClientName"] = "DdmClient",
                ["build_metadata.AdditionalFiles.Link"] = "x.yaml",
                ["indent_style"] = "tab",
            }),
        };
        driver = driver.WithUpdatedAnalyzerConfigOptions(new TestOptionsProvider(new Dictionary<string, string> { ["end_of_line"] = "crlf" }, files)).RunGenerators(compilation);
        AssertNothingEmitted(Single(driver));
    }

    [Fact]
    public void A_client_name_change_regenerates_the_spec()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { DdmSpec, Second }).RunGenerators(compilation);
        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsProvider(new[] { DdmSpec, Second with { ClientName = "OtherClient" } })).RunGenerators(compilation);
        var result = Single(driver);
        Assert.Contains(result.GeneratedSources, source => source.HintName.Contains("OtherJsonTypeInfoResolver", StringComparison.Ordinal));
        Assert.DoesNotContain(result.GeneratedSources, source => source.HintName.Contains("SmallJsonTypeInfoResolver", StringComparison.Ordinal));
        var emitted = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Where(output => output.Reason != IncrementalStepRunReason.Cached).Select(output => output.Value.ToString()).ToList();
        Assert.All(emitted, value => Assert.DoesNotContain("Ddm.Client", value, StringComparison.Ordinal));
    }

    [Fact]
    public void A_spec_turned_invalid_and_back_emits_the_same_files()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { Second }, out var texts).RunGenerators(compilation);
        var first = Single(driver).GeneratedSources.Select(source => (source.HintName, source.SourceText.ToString())).ToList();
        var broken = new TestAdditionalText(Second.Path, Small.Replace("properties:", "properties: [").Replace("string}", "string"));
        driver = driver.ReplaceAdditionalText(texts[0], broken).RunGenerators(compilation);
        Assert.Empty(Single(driver).GeneratedSources);
        Assert.NotEmpty(driver.GetRunResult().Diagnostics);
        driver = driver.ReplaceAdditionalText(broken, new TestAdditionalText(Second.Path, Small)).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        Assert.Equal(first, Single(driver).GeneratedSources.Select(source => (source.HintName, source.SourceText.ToString())).ToList());
    }

    /// <summary>The generated files and the diagnostics of a driver's last run, as text to compare.</summary>
    private static List<string> Output(GeneratorDriver driver)
    {
        var run = driver.GetRunResult();
        return run.GeneratedTrees.Select(tree => tree.FilePath + "\n" + tree.GetText())
            .Concat(run.Diagnostics.Select(diagnostic => diagnostic.ToString()).OrderBy(text => text, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>
    /// The first of two specs removed, then a run in which no input of the generator changed: the second spec's files
    /// stay. With step tracking on, the compiler's cached combine steps paired each value with the slot a removed value
    /// had held, and the run after the removal emitted nothing at all. The removed spec sorts after the one that stays,
    /// or before it.
    /// </summary>
    [Theory]
    [InlineData("/specs/small.yaml")]
    [InlineData("/specs/a-small.yaml")]
    public void The_run_after_the_first_of_two_specs_is_removed_keeps_the_others_files(string removedPath)
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { Second with { Path = removedPath }, DdmSpec }, out var texts).RunGenerators(compilation);

        driver = driver.RemoveAdditionalTexts(ImmutableArray.Create(texts[0])).RunGenerators(compilation);
        var expected = Output(GeneratorHarness.Driver(new[] { DdmSpec }).RunGenerators(compilation));
        Assert.Equal(expected, Output(driver));

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { internal static class Edited { } }", GeneratorHarness.ParseOptions())));
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);
        Assert.Equal(expected, Output(driver));
    }

    /// <summary>
    /// A spec edited so that it generates one file fewer (a schema dropped), with a second spec after it, then a run in
    /// which no input changed: the second spec's files stay. The cached combine step lost the last of them. The edited
    /// spec sorts after the other, or before it.
    /// </summary>
    [Theory]
    [InlineData("/specs/small.yaml")]
    [InlineData("/specs/a-small.yaml")]
    public void The_run_after_a_spec_loses_a_generated_file_keeps_the_next_specs_files(string shrunkPath)
    {
        const string Owner = "    Owner:\n      type: object\n      properties:\n        name: {type: string}\n";
        var first = Second with { Path = shrunkPath, Text = Small + Owner };
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { first, DdmSpec }, out var texts).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(texts[0], new TestAdditionalText(first.Path, Small)).RunGenerators(compilation);
        var expected = Output(GeneratorHarness.Driver(new[] { first with { Text = Small }, DdmSpec }).RunGenerators(compilation));
        Assert.Equal(expected, Output(driver));

        driver = driver.WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose, preprocessorSymbols: new[] { "DEBUG" })).RunGenerators(compilation);
        Assert.Equal(expected, Output(driver));
    }

    /// <summary>
    /// An additional file that is no spec removed from before the spec, then a run in which no input changed: the
    /// spec's files stay. The removed file sorts after the spec, or before it.
    /// </summary>
    [Theory]
    [InlineData("/specs/notes.txt")]
    [InlineData("/specs/a-notes.txt")]
    public void The_run_after_an_unrelated_file_before_the_spec_is_removed_keeps_the_specs_files(string removedPath)
    {
        var compilation = GeneratorHarness.Compilation();
        var notes = new TestAdditionalText(removedPath, "hello");
        var driver = GeneratorHarness.Driver(new[] { DdmSpec }, out var texts);
        driver = driver.RemoveAdditionalTexts(texts.ToImmutableArray()).AddAdditionalTexts(ImmutableArray.Create<AdditionalText>(notes, texts[0])).RunGenerators(compilation);
        var expected = Output(driver);

        driver = driver.RemoveAdditionalTexts(ImmutableArray.Create<AdditionalText>(notes)).RunGenerators(compilation);
        Assert.Equal(expected, Output(driver));

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { internal static class Edited { } }", GeneratorHarness.ParseOptions())));
        Assert.Equal(expected, Output(driver));
    }

    /// <summary>Every spec of the tests, whose step values must compare by value, so that an equal input is a cache hit.</summary>
    public static TheoryData<string> AllSpecs => new() { "Specs/ddm-v3.yaml", "Specs/ddm-v3-extended.yaml", "Corpus/petstore.yaml", "Corpus/petstore-expanded.yaml", "Corpus/uspto.yaml", "Corpus/link-example.yaml", "Corpus/api-with-examples.yaml", "Corpus/callback-example.yaml" };

    /// <summary>Two runs over the same input, each from scratch: every value of each step is equal, and so is its hash.</summary>
    [Theory]
    [MemberData(nameof(AllSpecs))]
    public void Every_step_value_of_two_runs_over_the_same_input_is_equal(string relativePath)
    {
        var spec = SpecFile.FromOutput(relativePath, "Test.Api", "TestClient");
        var first = GeneratorHarness.Driver(new[] { spec }).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();
        var second = GeneratorHarness.Driver(new[] { spec }).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();
        var ours = typeof(TrackingNames).GetFields().Select(field => (string)field.GetValue(null)!).ToHashSet();
        foreach (var (step, runs) in first.TrackedSteps.Where(pair => ours.Contains(pair.Key)))
        {
            var a = runs.SelectMany(run => run.Outputs).Select(output => output.Value).ToList();
            var b = second.TrackedSteps[step].SelectMany(run => run.Outputs).Select(output => output.Value).ToList();
            Assert.Equal(a.Count, b.Count);
            for (var i = 0; i < a.Count; i++)
            {
                Assert.True(Equals(a[i], b[i]), $"{step}[{i}] differs: {a[i]}");
                Assert.True(a[i]?.GetHashCode() == b[i]?.GetHashCode(), $"{step}[{i}] hash differs: {a[i]}");
            }
        }
    }
}
