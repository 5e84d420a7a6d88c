using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Tests.Infrastructure;

/// <summary>A spec file for a generator run, with the AdditionalFiles metadata it carries.</summary>
/// <remarks><paramref name="Mark"/>, when set, is the DdmGenSpec metadata as written, in place of <paramref name="Marked"/>'s "true" or none.</remarks>
internal sealed record SpecFile(string Path, string Text, string? Namespace = "Test.Api", string? ClientName = "TestClient", bool Marked = true, string? Mark = null)
{
    public static SpecFile FromOutput(string relativePath, string? ns, string? clientName) =>
        new("/specs/" + System.IO.Path.GetFileName(relativePath), File.ReadAllText(RepositoryPaths.Output(relativePath)), ns, clientName);
}

/// <summary>Runs the generator in-process the way the compiler does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => IsReference(System.IO.Path.GetFileName(path)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    /// <summary>The references of <see cref="Compilation"/>, for tests that build a compilation of their own.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>
    /// The framework, System.ClientModel (the generated client's dependency) and the abstractions its public API names;
    /// not Microsoft.Extensions.Http, so the dependency-injection file appears only where a test adds it.
    /// </summary>
    private static bool IsReference(string fileName) =>
        fileName.StartsWith("System", StringComparison.Ordinal)
        || fileName is "mscorlib.dll" or "netstandard.dll"
        || (fileName.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && (fileName.EndsWith(".Abstractions.dll", StringComparison.Ordinal) || fileName == "Microsoft.Extensions.Primitives.dll"));

    /// <summary>
    /// Parse options that report documentation comments as a project with GenerateDocumentationFile does, so a
    /// malformed or dangling doc comment in the generated code is a warning every test sees.
    /// </summary>
    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) => new(version, DocumentationMode.Diagnose);

    /// <summary>
    /// A compilation set as strictly as a consumer may set a project (<c>WarningLevel</c> 9999, so every warning wave
    /// counts, and <c>CheckForOverflowUnderflow</c>, so the generated code that tests load runs with checked arithmetic).
    /// </summary>
    public static CSharpCompilation Compilation(LanguageVersion version = LanguageVersion.Latest) =>
        CSharpCompilation.Create(
            "App",
            new[] { CSharpSyntaxTree.ParseText("namespace App { internal static class Program { } }", ParseOptions(version)) },
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, checkOverflow: true, warningLevel: 9999));

    public static GeneratorDriver Driver(IEnumerable<SpecFile> specs, LanguageVersion version = LanguageVersion.Latest, IReadOnlyDictionary<string, string>? global = null) =>
        Driver(specs, out _, version, global);

    /// <summary>A driver over the specs; <paramref name="texts"/> are the additional files it holds, for later edits.</summary>
    public static GeneratorDriver Driver(IEnumerable<SpecFile> specs, out IReadOnlyList<AdditionalText> texts, LanguageVersion version = LanguageVersion.Latest, IReadOnlyDictionary<string, string>? global = null)
    {
        var list = specs.ToList();
        texts = list.Select(spec => (AdditionalText)new TestAdditionalText(spec.Path, spec.Text)).ToList();
        return CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            texts,
            ParseOptions(version),
            OptionsProvider(list, global),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>The analyzer config options MSBuild would pass for the specs and the global properties.</summary>
    public static TestOptionsProvider OptionsProvider(IEnumerable<SpecFile> specs, IReadOnlyDictionary<string, string>? global = null) =>
        new(global ?? new Dictionary<string, string>(), specs.ToDictionary(spec => spec.Path, spec => new TestOptionsProvider.Options(Metadata(spec))));

    /// <summary>Runs the generator once over a fresh compilation.</summary>
    public static GeneratorResult Run(params SpecFile[] specs) => Run(specs, LanguageVersion.Latest);

    /// <summary>Runs the generator once; <paramref name="extraReferences"/> join the compilation (Microsoft.Extensions.Http, say).</summary>
    public static GeneratorResult Run(IEnumerable<SpecFile> specs, LanguageVersion version, IEnumerable<MetadataReference>? extraReferences = null)
    {
        var compilation = Compilation(version: version).AddReferences(extraReferences ?? Enumerable.Empty<MetadataReference>());
        var driver = Driver(specs, version).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorResult(driver.GetRunResult(), WithNullableWarnings(output, compilation), generatorDiagnostics);
    }

    /// <summary>The two directives after the header of every generated file: annotations on, nullable warnings off.</summary>
    public static readonly string[] NullableDirectives = ["#nullable enable annotations", "#nullable disable warnings"];

    /// <summary>
    /// The output with nullable warnings on in the generated files: they turn them off, so that a consumer's compiler
    /// skips their nullable analysis, and the tests must still see every nullable warning the generated code would
    /// give. The second directive becomes <c>#nullable enable warnings</c> on the same line, so positions hold.
    /// </summary>
    private static Compilation WithNullableWarnings(Compilation output, Compilation input)
    {
        foreach (var tree in output.SyntaxTrees.Except(input.SyntaxTrees).ToList())
        {
            var text = tree.GetText();
            Assert.Equal(NullableDirectives, text.Lines.Skip(1).Take(2).Select(line => line.ToString()));
            output = output.ReplaceSyntaxTree(tree, tree.WithChangedText(text.Replace(text.Lines[2].Span, "#nullable enable warnings")));
        }

        return output;
    }

    private static Dictionary<string, string> Metadata(SpecFile spec)
    {
        var metadata = new Dictionary<string, string>();
        if (spec.Mark is not null)
        {
            metadata["build_metadata.AdditionalFiles.DdmGenSpec"] = spec.Mark;
        }
        else if (spec.Marked)
        {
            metadata["build_metadata.AdditionalFiles.DdmGenSpec"] = "true";
        }

        if (spec.Namespace is not null)
        {
            metadata["build_metadata.AdditionalFiles.Namespace"] = spec.Namespace;
        }

        if (spec.ClientName is not null)
        {
            metadata["build_metadata.AdditionalFiles.ClientName"] = spec.ClientName;
        }

        return metadata;
    }
}

/// <summary>What one generator run produced: the files, the generator's diagnostics and the compilation with the output.</summary>
internal sealed record GeneratorResult(GeneratorDriverRunResult RunResult, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => RunResult.Results.SelectMany(result => result.GeneratedSources).ToList();

    public IReadOnlyList<Diagnostic> Diagnostics => RunResult.Diagnostics;

    /// <summary>Errors and warnings of compiling the generated code (generator diagnostics excluded).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).ToList();

    public string Source(string hintName) => Sources.Single(source => source.HintName == hintName).SourceText.ToString();

    /// <summary>Emits the compilation (which must have no errors or warnings) and loads it into a collectible context.</summary>
    public LoadedOutput Load(string name)
    {
        Assert.Empty(CompilationProblems);
        using var image = new MemoryStream();
        var emitted = Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var context = new System.Runtime.Loader.AssemblyLoadContext(name, isCollectible: true);
        return new LoadedOutput(context, context.LoadFromStream(image));
    }
}

/// <summary>The generated code, loaded; disposing unloads it.</summary>
internal sealed class LoadedOutput(System.Runtime.Loader.AssemblyLoadContext context, System.Reflection.Assembly assembly) : System.IDisposable
{
    public System.Reflection.Assembly Assembly { get; } = assembly;

    /// <summary>A type of the output, which must exist.</summary>
    public System.Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    public void Dispose() => context.Unload();
}
