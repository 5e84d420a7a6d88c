using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CsCheck;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests;

/// <summary>
/// One driver kept across a sequence of edits, as an IDE keeps it, ends where a fresh driver starts: after every edit
/// the generated files (hint names and text, in order) and the diagnostics (id, severity, message, file and lines)
/// equal those of a new driver run on the same state; no run throws into the compiler; an edit that touches none of
/// the generator's inputs (an unrelated C# file, an unrelated additional file, an option it does not read, the
/// preprocessor symbols, the documentation mode, the compilation options) leaves every step of the generator
/// cached or unchanged and adds no source again; and no cached value holds a compilation, a symbol or a syntax node.
/// </summary>
/// <remarks>
/// The edits: a spec's text mutated (a schema renamed, an operation dropped, a description rewritten), made invalid
/// and valid again; a second spec added, removed and renamed; the metadata the generator reads (<c>DdmGenSpec</c>,
/// <c>Namespace</c>, <c>ClientName</c>) and the properties (<c>RootNamespace</c>, <c>DdmGenNamespace</c>,
/// <c>DdmGenClientName</c>) set to valid and invalid values; C# files added, edited and removed; the language version,
/// symbols and documentation mode; the compilation's options and references (Microsoft.Extensions.Http,
/// System.ClientModel, a library already generated into the spec's namespace).
/// <para>
/// 200 sequences of 3 to 8 edits (about 1 300 runs of the kept driver), each drawn from a seed of its own
/// (<see cref="Seed"/> plus its number), so every run checks the same ones. The fresh driver runs once for each
/// distinct set of the generator's inputs (<see cref="World.InputKey"/>), since equal inputs must give equal output.
/// A failure is shrunk to the fewest edits that still fail, which is reported with the case's seed; that sequence
/// then joins <see cref="Regressions"/>.
/// </para>
/// </remarks>
public sealed class IncrementalPropertyTests
{
    private const ulong Seed = 20_261_129;

    private const uint Stream = 23;

    private const ulong Count = 200;

    private const string SpecPath = "/specs/ddm.yaml";

    private const string Small =
        "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      description: Lists the pets.\n" +
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n" +
        "                $ref: '#/components/schemas/Pet'\n    post:\n      operationId: addPet\n      requestBody:\n        content:\n" +
        "          application/json:\n            schema:\n              $ref: '#/components/schemas/Pet'\n      responses:\n        '204':\n" +
        "          description: added\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      description: A pet.\n      properties:\n" +
        "        id: {type: string, description: The id.}\n        tag:\n          $ref: '#/components/schemas/Tag'\n    Tag:\n      type: string\n      enum: [a, b]\n";

    private static readonly Lazy<string[]> Bases = new(() => new[]
    {
        File.ReadAllText(RepositoryPaths.Output("Specs/ddm-v3.yaml")),
        File.ReadAllText(RepositoryPaths.Output("Specs/ddm-v3-extended.yaml")),
        Small,
    });

    private static readonly string[] SpecPaths = { SpecPath, "/specs/renamed/ddm.yaml", "/specs/zz.yaml" };

    private static readonly string[] SecondPaths = { "/specs/second.yaml", "/specs/more/Second.YAML", "/specs/a.yml" };

    private static readonly string[] OtherPaths = { "/specs/notes.txt", "/specs/draft.yaml" };

    private static readonly string?[] Marks = { "true", "false", null, "yes", " TRUE " };

    private static readonly string?[] Namespaces = { null, "Ddm.Client", "Other.Api", "Small.Api", "1bad", "App.await", "Ddm.Client.BackupInfo" };

    private static readonly string?[] ClientNames = { null, "DdmClient", "OtherClient", "SmallClient", "lower", "Bad-Name" };

    private static readonly string?[] RootNamespaces = { null, "App", "My-App", "2024.Tools" };

    private static readonly string?[] GlobalNamespaces = { null, "Ddm.Client", "Global.Api", "bad ns" };

    private static readonly string?[] GlobalClientNames = { null, "GlobalClient", "DdmClient", "x" };

    private static readonly string[] Descriptions = { "Edited.", "\"Quoted: with # and ', and a tab\\t.\"", "'Ünïcødé ✓ <b>&amp;</b>'", "\"\"", "A <see cref=\"X\"/> and */ and ]]>" };

    private static readonly string[] Trees =
    {
        "namespace App { internal static class Edited { } }",
        "namespace Ddm.Client { internal sealed class BackupInfo { } }",
        "#if DEBUG\nnamespace App { internal static class Debug { } }\n#endif\n",
        "namespace App { internal static class Broken { void M( }",
        "/// <summary>Doc</summary>\npublic class Documented { }",
    };

    private static readonly LanguageVersion[] Versions = { LanguageVersion.Latest, LanguageVersion.CSharp10, LanguageVersion.CSharp11, LanguageVersion.CSharp12, LanguageVersion.Preview };

    private static readonly string[][] SymbolSets = { Array.Empty<string>(), new[] { "DEBUG" }, new[] { "TRACE", "DEBUG", "NET8_0_OR_GREATER" } };

    /// <summary>The steps the generator names, the ones an unrelated edit must leave cached or unchanged.</summary>
    private static readonly string[] GeneratorSteps = typeof(TrackingNames).GetFields().Select(field => (string)field.GetValue(null)!).ToArray();

    private static readonly Lazy<ImmutableArray<MetadataReference>> HttpFactoryReferences = new(() => new[]
    {
        typeof(Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions),
        typeof(Microsoft.Extensions.Options.Options),
        typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection),
    }.Select(type => (MetadataReference)MetadataReference.CreateFromFile(type.Assembly.Location)).ToImmutableArray());

    /// <summary>A library of the solution that already holds DdmGen's code in the namespace <c>Ddm.Client</c>.</summary>
    private static readonly Lazy<MetadataReference> Library = new(() =>
    {
        var library = CSharpCompilation.Create(
            "Ddm.Shared",
            new[] { CSharpSyntaxTree.ParseText("namespace Ddm.Client { [System.CodeDom.Compiler.GeneratedCode(\"DdmGen\", \"1.0\")] public sealed class Shared { } }") },
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);
        return MetadataReference.CreateFromImage(image.ToArray());
    });

    [Fact]
    public void Any_edit_sequence_ends_where_a_fresh_run_starts_and_unrelated_edits_redo_nothing()
    {
        var cases = Cases();
        var failures = new List<(string Seed, Case Case, string Problem)>();
        for (var number = 0UL; number < Count; number++)
        {
            // Each case from a seed of its own, so that a failure is found again from that seed alone.
            var pcg = new PCG(Stream, Seed + number);
            var seed = pcg.ToString();
            var test = cases.Generate(pcg, null, out _);
            if (Check(test) is { } problem)
            {
                failures.Add((seed, test, $"case {number} (seed {seed}; {test}): {problem}"));
            }
        }

        if (failures.Count > 0)
        {
            // The first failing sequence shrunk: edits are dropped one at a time while the rest still fails.
            var shrunk = Shrink(failures[0].Case);
            Assert.Fail($"smallest failing sequence: {shrunk}: {Check(shrunk)}{Environment.NewLine}every failure:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Select(failure => failure.Problem))}");
        }

        Assert.Empty(failures);
    }

    /// <summary>The smallest sequences the property failed on, by what they did; each is checked on its own.</summary>
    private static readonly Dictionary<string, Case> Regressions = new()
    {
        // The first spec generated one file fewer (an operation and its inline answer dropped); the next run, with only
        // the preprocessor symbols changed, lost the last files of the second spec.
        ["a spec that loses a file, then new symbols"] = new Case(1, new Edit[] { new AddSecond(0, 0), new MutateSpec(0, 1, 785), new SetParseOptions(1, 75) }),

        // The first spec emptied (all its files gone); the next run, in which nothing changed, lost the second spec's.
        ["a spec emptied, then a run with nothing changed"] = new Case(2, new Edit[] { new AddSecond(1, 1), new ToggleBroken(0, 3), new AddSecond(1, 1) }),
    };

    public static TheoryData<string> RegressionNames => new(Regressions.Keys);

    [Theory]
    [MemberData(nameof(RegressionNames))]
    public void A_sequence_that_once_failed_ends_where_a_fresh_run_starts(string name) => Assert.Null(Check(Regressions[name]));

    /// <summary>The sequences: a first spec (the DDM spec, the extended one or a small one), then 3 to 8 edits.</summary>
    private static Gen<Case> Cases()
    {
        var any = Gen.Int[0, 1000];
        var edits = Gen.Frequency(
            (6, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], any, (target, kind, choice) => (Edit)new MutateSpec(target, kind, choice))),
            (2, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 3], (target, kind) => (Edit)new ToggleBroken(target, kind))),
            (2, Gen.Select(Gen.Int[0, 2], Gen.Int[0, SecondPaths.Length - 1], (spec, path) => (Edit)new AddSecond(spec, path))),
            (1, Gen.Const((Edit)new RemoveSecond())),
            (2, Gen.Select(Gen.Int[0, 1], Gen.Int[0, SecondPaths.Length - 1], (target, path) => (Edit)new Rename(target, path))),
            (3, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], any, (target, key, value) => (Edit)new SetMetadata(target, key, value))),
            (2, Gen.Select(Gen.Int[0, 5], any, (key, value) => (Edit)new SetGlobal(key, value))),
            (2, Gen.Select(Gen.Int[0, 1], Gen.Int[0, OtherPaths.Length - 1], any, (action, path, text) => (Edit)new OtherFile(action, path, text))),
            (3, Gen.Select(Gen.Int[0, 2], any, Gen.Int[0, Trees.Length - 1], (action, index, text) => (Edit)new CSharpTree(action, index, text))),
            (2, Gen.Select(Gen.Int[0, 2], any, (kind, value) => (Edit)new SetParseOptions(kind, value))),
            (2, Gen.Select(Gen.Int[0, 5], Gen.Bool, (kind, on) => (Edit)new SetCompilation(kind, on))));
        return Gen.Select(Gen.Int[0, 2], edits.Array[3, 8], (spec, list) => new Case(spec, list));
    }

    /// <summary>The sequence with as many edits dropped as can be while it still fails, and then the first spec made the small one if it still fails so.</summary>
    private static Case Shrink(Case test)
    {
        for (var dropped = true; dropped;)
        {
            dropped = false;
            for (var index = 0; index < test.Edits.Length; index++)
            {
                var shorter = test with { Edits = test.Edits.Where((_, at) => at != index).ToArray() };
                if (Check(shorter) is not null)
                {
                    test = shorter;
                    dropped = true;
                    index--;
                }
            }
        }

        return test.Spec != 2 && Check(test with { Spec = 2 }) is not null ? test with { Spec = 2 } : test;
    }

    /// <summary>What is wrong after some edit of <paramref name="test"/>; null when nothing is.</summary>
    private static string? Check(Case test)
    {
        var step = "the first run";
        try
        {
            var runner = new Runner(World.Initial(test.Spec));
            foreach (var (edit, index) in test.Edits.Select((edit, index) => (edit, index)))
            {
                step = $"edit {index + 1} ({edit})";
                runner.Step(edit.Apply(runner.World));
            }

            step = "the last run's step values";
            runner.AssertHoldsNoCompilerObjects();
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"after {step}: {exception.Message}";
        }
    }

    /// <summary>A first spec and the edits made after the first run.</summary>
    internal sealed record Case(int Spec, Edit[] Edits)
    {
        public override string ToString() => $"spec {Spec}, then " + string.Join("; ", Edits.Select(edit => edit.ToString()));
    }

    /// <summary>Keeps one driver and one compilation across edits, and checks each run against a fresh driver's.</summary>
    private sealed class Runner
    {
        /// <summary>A fresh run's files and diagnostics by <see cref="World.InputKey"/>: equal inputs, equal output.</summary>
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (List<(string HintName, string Text)> Sources, List<string> Diagnostics)> Fresh = new();

        private readonly List<AdditionalText> _texts = new();
        private GeneratorDriver _driver;
        private Compilation _compilation;

        public Runner(World world)
        {
            World = world;
            _texts.AddRange(world.Files.Select(file => (AdditionalText)new TestAdditionalText(file.Path, file.Text)));
            _compilation = world.Compilation();
            _driver = CSharpGeneratorDriver.Create(
                new[] { new OpenApiClientGenerator().AsSourceGenerator() },
                _texts,
                world.ParseOptions(),
                world.OptionsProvider(),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            _driver = _driver.RunGenerators(_compilation);
            AssertAsFresh();
        }

        public World World { get; private set; }

        public void Step(World next)
        {
            var previous = World;
            World = next;

            // The additional files: removed, replaced in place or added at the end, as the world keeps them.
            var removed = _texts.Where(text => next.Files.All(file => file.Path != text.Path)).ToImmutableArray();
            if (removed.Length > 0)
            {
                _driver = _driver.RemoveAdditionalTexts(removed);
                _texts.RemoveAll(removed.Contains);
            }

            var added = new List<AdditionalText>();
            foreach (var file in next.Files)
            {
                var index = _texts.FindIndex(text => text.Path == file.Path);
                if (index < 0)
                {
                    added.Add(new TestAdditionalText(file.Path, file.Text));
                }
                else if (_texts[index].GetText()!.ToString() != file.Text)
                {
                    var replacement = new TestAdditionalText(file.Path, file.Text);
                    _driver = _driver.ReplaceAdditionalText(_texts[index], replacement);
                    _texts[index] = replacement;
                }
            }

            if (added.Count > 0)
            {
                _driver = _driver.AddAdditionalTexts(added.ToImmutableArray());
                _texts.AddRange(added);
            }

            Assert.Equal(next.Files.Select(file => file.Path), _texts.Select(text => text.Path));

            if (previous.OptionsKey() != next.OptionsKey())
            {
                _driver = _driver.WithUpdatedAnalyzerConfigOptions(next.OptionsProvider());
            }

            if (previous.ParseKey() != next.ParseKey())
            {
                _driver = _driver.WithUpdatedParseOptions(next.ParseOptions());
            }

            if (previous.CompilationKey() != next.CompilationKey())
            {
                // Derived from the one before, as an IDE does, so that unchanged references are not bound again.
                _compilation = _compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(next.SyntaxTrees()).WithOptions(next.CompilationOptions());
                if (previous.ReferencesKey() != next.ReferencesKey())
                {
                    _compilation = _compilation.WithReferences(next.References());
                }
            }

            _driver = _driver.RunGenerators(_compilation);
            AssertAsFresh();

            if (previous.InputKey() == next.InputKey())
            {
                AssertNothingRedone();
            }
        }

        public void AssertHoldsNoCompilerObjects() => StepValues.AssertHoldNoCompilerObjects(_driver.GetRunResult().Results.Single(), GeneratorSteps);

        private void AssertAsFresh()
        {
            var kept = _driver.GetRunResult();
            AssertNoFailure("kept", kept);

            // What a fresh driver makes of the generator's inputs, made once for each distinct set of them.
            var (freshSources, freshDiagnostics) = Fresh.GetOrAdd(World.InputKey(), _ =>
            {
                var fresh = CSharpGeneratorDriver.Create(
                        new[] { new OpenApiClientGenerator().AsSourceGenerator() },
                        World.Files.Select(file => (AdditionalText)new TestAdditionalText(file.Path, file.Text)),
                        World.ParseOptions(),
                        World.OptionsProvider())
                    .RunGenerators(_compilation)
                    .GetRunResult();
                AssertNoFailure("fresh", fresh);
                return (Sources(fresh), Diagnostics(fresh));
            });

            var keptSources = Sources(kept);
            if (!keptSources.SequenceEqual(freshSources))
            {
                var keptNames = keptSources.Select(source => source.HintName).ToList();
                var freshNames = freshSources.Select(source => source.HintName).ToList();
                var differing = keptSources.Zip(freshSources).FirstOrDefault(pair => pair.First != pair.Second);
                throw new InvalidOperationException(
                    "the generated sources differ from a fresh run's: only kept [" + string.Join(", ", keptNames.Except(freshNames)) + "], only fresh [" + string.Join(", ", freshNames.Except(keptNames)) + "]"
                    + (keptNames.SequenceEqual(freshNames) ? ", first differing text " + differing.First.HintName : keptNames.OrderBy(name => name, StringComparer.Ordinal).SequenceEqual(freshNames.OrderBy(name => name, StringComparer.Ordinal)) ? ", the same names in another order" : string.Empty));
            }

            var keptDiagnostics = Diagnostics(kept);
            if (!keptDiagnostics.SequenceEqual(freshDiagnostics))
            {
                throw new InvalidOperationException(
                    "the diagnostics differ from a fresh run's: only kept [" + string.Join(" | ", keptDiagnostics.Except(freshDiagnostics)) + "], only fresh [" + string.Join(" | ", freshDiagnostics.Except(keptDiagnostics)) + "]");
            }
        }

        private static void AssertNoFailure(string name, GeneratorDriverRunResult run)
        {
            Assert.True(run.Results.All(result => result.Exception is null), $"the {name} driver threw: {run.Results.Select(result => result.Exception).FirstOrDefault(exception => exception is not null)}");
            Assert.True(!run.Diagnostics.Any(diagnostic => diagnostic.Id is "CS8784" or "CS8785"), $"the {name} driver reported a generator failure");
        }

        private void AssertNothingRedone()
        {
            var result = _driver.GetRunResult().Results.Single();
            foreach (var step in GeneratorSteps)
            {
                if (result.TrackedSteps.TryGetValue(step, out var runs))
                {
                    foreach (var output in runs.SelectMany(run => run.Outputs))
                    {
                        Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an edit of no input left step {step} {output.Reason}");
                    }
                }
            }

            foreach (var (step, runs) in result.TrackedOutputSteps)
            {
                foreach (var output in runs.SelectMany(run => run.Outputs))
                {
                    Assert.True(output.Reason == IncrementalStepRunReason.Cached, $"an edit of no input left output {step} {output.Reason}: {output.Value}");
                }
            }
        }

        private static List<(string HintName, string Text)> Sources(GeneratorDriverRunResult run) =>
            run.Results.SelectMany(result => result.GeneratedSources).Select(source => (source.HintName, source.SourceText.ToString())).ToList();

        private static List<string> Diagnostics(GeneratorDriverRunResult run) =>
            run.Diagnostics
                .Select(diagnostic =>
                {
                    var span = diagnostic.Location.GetLineSpan();
                    return string.Create(CultureInfo.InvariantCulture, $"{diagnostic.Id} {diagnostic.Severity} {span.Path}:{span.StartLinePosition.Line}-{span.EndLinePosition.Line} {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                })
                .OrderBy(text => text, StringComparer.Ordinal)
                .ToList();
    }

    /// <summary>An additional file: its role (<c>spec</c>, <c>second</c> or <c>other</c>), its text and its metadata.</summary>
    /// <param name="Break">How the text is made invalid, or null when it is as written.</param>
    internal sealed record FileState(string Role, string Path, string Body, int? Break, string? Mark, string? Namespace, string? ClientName, string? Link)
    {
        public string Text => Break switch
        {
            null => Body,
            0 => "openapi: [\n" + Body,
            1 => Body[..(Body.Length / 2)],
            2 => ReplaceFirst(Body, "\n  ", "\n\t "),
            _ => string.Empty,
        };

        public bool Marked => string.Equals(Mark?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        private static string ReplaceFirst(string text, string find, string replacement)
        {
            var at = text.IndexOf(find, StringComparison.Ordinal);
            return at < 0 ? "\t" + text : text[..at] + replacement + text[(at + find.Length)..];
        }
    }

    /// <summary>Everything the compiler gives a generator: the additional files in the driver's order, options, C# files, parse and compilation options.</summary>
    internal sealed record World(
        ImmutableList<FileState> Files,
        ImmutableSortedDictionary<string, string> Global,
        ImmutableList<string> Trees,
        LanguageVersion Version,
        int Symbols,
        DocumentationMode Documentation,
        bool CheckOverflow,
        bool AllWarnings,
        bool NullableEnabled,
        bool HttpFactory,
        bool ClientModel,
        bool SharedLibrary)
    {
        public static World Initial(int spec) => new(
            ImmutableList.Create(new FileState("spec", SpecPath, Bases.Value[spec], null, "true", "Ddm.Client", "DdmClient", null)),
            ImmutableSortedDictionary<string, string>.Empty.Add("build_property.RootNamespace", "App"),
            ImmutableList<string>.Empty,
            LanguageVersion.Latest,
            0,
            DocumentationMode.Diagnose,
            CheckOverflow: true,
            AllWarnings: true,
            NullableEnabled: true,
            HttpFactory: false,
            ClientModel: true,
            SharedLibrary: false);

        public FileState? File(string role) => Files.FirstOrDefault(file => file.Role == role);

        public World With(FileState file) => this with { Files = Files.Select(each => each.Role == file.Role ? file : each).ToImmutableList() };

        public World Without(string role) => this with { Files = Files.RemoveAll(file => file.Role == role) };

        public World Adding(FileState file) => this with { Files = Files.Add(file) };

        public CSharpParseOptions ParseOptions() => new(Version, Documentation, preprocessorSymbols: SymbolSets[Symbols]);

        public TestOptionsProvider OptionsProvider() => new(
            Global,
            Files.ToDictionary(file => file.Path, file => new TestOptionsProvider.Options(Metadata(file))));

        public Compilation Compilation() => CSharpCompilation.Create("App", SyntaxTrees(), References(), CompilationOptions());

        public IEnumerable<SyntaxTree> SyntaxTrees()
        {
            var options = ParseOptions();
            return new[] { "namespace App { internal static class Program { } }" }.Concat(Trees).Select((text, index) => CSharpSyntaxTree.ParseText(text, options, $"/src/File{index}.cs")).ToList();
        }

        public IEnumerable<MetadataReference> References() =>
            GeneratorHarness.References.Where(reference => ClientModel || Path.GetFileName(reference.Display) != "System.ClientModel.dll")
                .Concat(HttpFactory ? HttpFactoryReferences.Value : ImmutableArray<MetadataReference>.Empty)
                .Concat(SharedLibrary ? new[] { Library.Value } : Array.Empty<MetadataReference>())
                .ToList();

        public CSharpCompilationOptions CompilationOptions() =>
            new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableEnabled ? NullableContextOptions.Enable : NullableContextOptions.Disable, checkOverflow: CheckOverflow, warningLevel: AllWarnings ? 9999 : 4);

        public string ReferencesKey() => string.Join("|", HttpFactory, ClientModel, SharedLibrary);

        public string OptionsKey() => string.Join("\n", Global.Select(pair => pair.Key + "=" + pair.Value)) + "\n" + string.Join("\n", Files.Select(file => string.Join("|", file.Path, file.Mark, file.Namespace, file.ClientName, file.Link)));

        public string ParseKey() => string.Join("|", Version, Symbols, Documentation);

        public string CompilationKey() => string.Join("|", ParseKey(), string.Join("\u0001", Trees), CheckOverflow, AllWarnings, NullableEnabled, HttpFactory, ClientModel, SharedLibrary);

        /// <summary>
        /// What the generator reads: each additional file's path and the metadata it looks at, the text of the files
        /// marked as specs, the three properties, the effective language version and the references. Equal before and
        /// after an edit, the edit touched no input.
        /// </summary>
        public string InputKey() =>
            string.Join("\n", Files.Select(file => string.Join("|", file.Path, file.Mark, file.Namespace, file.ClientName, file.Marked ? file.Text : string.Empty)))
            + "\n" + string.Join("|", Value("RootNamespace"), Value("DdmGenNamespace"), Value("DdmGenClientName"))
            + "\n" + string.Join("|", Version.MapSpecifiedToEffectiveVersion(), HttpFactory, ClientModel, SharedLibrary);

        private string? Value(string property) => Global.GetValueOrDefault("build_property." + property);

        private static Dictionary<string, string> Metadata(FileState file)
        {
            var metadata = new Dictionary<string, string>();
            foreach (var (key, value) in new[] { ("DdmGenSpec", file.Mark), ("Namespace", file.Namespace), ("ClientName", file.ClientName), ("Link", file.Link) })
            {
                if (value is not null)
                {
                    metadata["build_metadata.AdditionalFiles." + key] = value;
                }
            }

            return metadata;
        }
    }

    /// <summary>One edit of the world; every edit applies to any world (one that finds nothing to edit changes nothing).</summary>
    internal abstract record Edit
    {
        public abstract World Apply(World world);

        protected static string Role(int target) => target switch { 0 => "spec", 1 => "second", _ => "other" };
    }

    /// <summary>A schema renamed (with every reference to it), an operation dropped, or a description rewritten.</summary>
    internal sealed record MutateSpec(int Target, int Kind, int Choice) : Edit
    {
        public override World Apply(World world) =>
            world.File(Role(Target)) is { } file
                ? world.With(file with { Body = Kind switch { 0 => SpecMutations.RenameSchema(file.Body, Choice), 1 => SpecMutations.DropOperation(file.Body, Choice), _ => SpecMutations.EditDescription(file.Body, Choice) } })
                : world;
    }

    /// <summary>The spec made invalid (in one of four ways), or made valid again.</summary>
    internal sealed record ToggleBroken(int Target, int Kind) : Edit
    {
        public override World Apply(World world) =>
            world.File(Role(Target)) is { } file ? world.With(file with { Break = file.Break is null ? Kind : null }) : world;
    }

    internal sealed record AddSecond(int Spec, int PathChoice) : Edit
    {
        public override World Apply(World world) =>
            world.File("second") is not null ? world : world.Adding(new FileState("second", SecondPaths[PathChoice], Bases.Value[Spec], null, "true", "Small.Api", "SmallClient", null));
    }

    internal sealed record RemoveSecond : Edit
    {
        public override World Apply(World world) => world.Without("second");
    }

    /// <summary>A spec renamed: the compiler sees one file go and another come, at the end.</summary>
    internal sealed record Rename(int Target, int PathChoice) : Edit
    {
        public override World Apply(World world)
        {
            var path = (Target == 0 ? SpecPaths : SecondPaths)[PathChoice];
            return world.File(Role(Target)) is { } file && file.Path != path ? world.Without(file.Role).Adding(file with { Path = path }) : world;
        }
    }

    /// <summary>The DdmGenSpec mark, Namespace, ClientName (read by the generator) or Link (not read) of a file.</summary>
    internal sealed record SetMetadata(int Target, int Key, int Value) : Edit
    {
        public override World Apply(World world) =>
            world.File(Role(Target)) is { } file
                ? world.With(Key switch
                {
                    0 => file with { Mark = Marks[Value % Marks.Length] },
                    1 => file with { Namespace = Namespaces[Value % Namespaces.Length] },
                    2 => file with { ClientName = ClientNames[Value % ClientNames.Length] },
                    _ => file with { Link = Value % 2 == 0 ? null : "linked/" + Value.ToString(CultureInfo.InvariantCulture) + ".yaml" },
                })
                : world;
    }

    /// <summary>A project property: three the generator reads, three it does not.</summary>
    internal sealed record SetGlobal(int Key, int Value) : Edit
    {
        public override World Apply(World world)
        {
            var (key, values) = Key switch
            {
                0 => ("build_property.RootNamespace", RootNamespaces),
                1 => ("build_property.DdmGenNamespace", GlobalNamespaces),
                2 => ("build_property.DdmGenClientName", GlobalClientNames),
                3 => ("build_property.Nullable", new string?[] { null, "enable", "disable" }),
                4 => ("build_property.SomeOtherTool", new string?[] { null, "on", "off" }),
                _ => ("end_of_line", new string?[] { null, "crlf", "lf" }),
            };
            var value = values[Value % values.Length];
            return world with { Global = value is null ? world.Global.Remove(key) : world.Global.SetItem(key, value) };
        }
    }

    /// <summary>An additional file that is no spec added, rewritten or removed (a YAML file among them, unmarked).</summary>
    internal sealed record OtherFile(int Action, int PathChoice, int Text) : Edit
    {
        public override World Apply(World world)
        {
            if (Action == 1)
            {
                return world.Without("other");
            }

            var body = OtherPaths[PathChoice].EndsWith(".yaml", StringComparison.Ordinal) ? Small.Replace("Pets", "Draft " + Text.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : "notes " + Text.ToString(CultureInfo.InvariantCulture);
            return world.File("other") is { } file
                ? (file.Path == OtherPaths[PathChoice] ? world.With(file with { Body = body }) : world.Without("other").Adding(file with { Path = OtherPaths[PathChoice], Body = body }))
                : world.Adding(new FileState("other", OtherPaths[PathChoice], body, null, null, null, null, null));
        }
    }

    /// <summary>A C# file added, edited or removed.</summary>
    internal sealed record CSharpTree(int Action, int Index, int Text) : Edit
    {
        public override World Apply(World world) => Action switch
        {
            0 => world with { Trees = world.Trees.Add(Trees[Text]) },
            1 when world.Trees.Count > 0 => world with { Trees = world.Trees.SetItem(Index % world.Trees.Count, world.Trees[Index % world.Trees.Count] + "\n// edited " + Text.ToString(CultureInfo.InvariantCulture) + "\n") },
            2 when world.Trees.Count > 0 => world with { Trees = world.Trees.RemoveAt(Index % world.Trees.Count) },
            _ => world,
        };
    }

    /// <summary>The language version (C# 10 is too old for the generated code), the preprocessor symbols or the documentation mode.</summary>
    internal sealed record SetParseOptions(int Kind, int Value) : Edit
    {
        public override World Apply(World world) => Kind switch
        {
            0 => world with { Version = Versions[Value % Versions.Length] },
            1 => world with { Symbols = Value % SymbolSets.Length },
            _ => world with { Documentation = (DocumentationMode)(Value % 3) },
        };
    }

    /// <summary>A compilation option (overflow checks, warning level, nullable) or reference (Microsoft.Extensions.Http, System.ClientModel, a library with DdmGen's code).</summary>
    internal sealed record SetCompilation(int Kind, bool On) : Edit
    {
        public override World Apply(World world) => Kind switch
        {
            0 => world with { CheckOverflow = On },
            1 => world with { AllWarnings = On },
            2 => world with { NullableEnabled = On },
            3 => world with { HttpFactory = On },
            4 => world with { ClientModel = On },
            _ => world with { SharedLibrary = On },
        };
    }

    /// <summary>Small edits of YAML written in block style, as the specs of this repository are.</summary>
    internal static class SpecMutations
    {
        public static string RenameSchema(string text, int choice)
        {
            var names = SchemaNames(text);
            if (names.Count == 0)
            {
                return text;
            }

            var name = names[choice % names.Count];
            var renamed = name + "Renamed";
            text = Regex.Replace(text, "(?m)^    " + Regex.Escape(name) + ":", "    " + renamed + ":");
            return Regex.Replace(text, "#/components/schemas/" + Regex.Escape(name) + "(?![A-Za-z0-9_.-])", "#/components/schemas/" + renamed);
        }

        public static string DropOperation(string text, int choice)
        {
            var lines = text.Split('\n').ToList();
            var operations = lines.Select((line, index) => (line, index)).Where(pair => Regex.IsMatch(pair.line, "^    (get|put|post|delete|patch):\\s*$")).Select(pair => pair.index).ToList();
            if (operations.Count == 0)
            {
                return text;
            }

            var start = operations[choice % operations.Count];
            var end = start + 1;
            while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > 4))
            {
                end++;
            }

            lines.RemoveRange(start, end - start);
            return string.Join("\n", lines);
        }

        public static string EditDescription(string text, int choice)
        {
            var matches = Regex.Matches(text, "(?m)^( *description:) (?![|>])[^\\n]*$");
            if (matches.Count == 0)
            {
                return text;
            }

            var match = matches[choice % matches.Count];
            return text[..match.Index] + match.Groups[1].Value + " " + Descriptions[choice % Descriptions.Length] + text[(match.Index + match.Length)..];
        }

        private static List<string> SchemaNames(string text)
        {
            var names = new List<string>();
            var inSchemas = false;
            foreach (var line in text.Split('\n'))
            {
                if (line.TrimEnd() == "  schemas:")
                {
                    inSchemas = true;
                }
                else if (inSchemas && line.Trim().Length > 0 && Indent(line) <= 2)
                {
                    inSchemas = false;
                }
                else if (inSchemas && Regex.Match(line, "^    ([A-Za-z0-9_]+):\\s*$") is { Success: true } match)
                {
                    names.Add(match.Groups[1].Value);
                }
            }

            return names;
        }

        private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
    }
}
