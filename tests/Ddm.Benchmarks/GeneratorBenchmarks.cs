using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using DdmGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Ddm.Benchmarks;

/// <summary>
/// What the generator costs the compiler: a first run over ddm-v3.yaml (the baseline) against a run after an
/// unrelated C# edit, which the incremental cache should make nearly free.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _fresh = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var spec = new SpecText(Path.Combine(AppContext.BaseDirectory, "Specs", "ddm-v3.yaml"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path));
        _compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class App { }") }, references);
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Edited { }"));
        _fresh = CSharpGeneratorDriver.Create(new[] { new OpenApiClientGenerator().AsSourceGenerator() }, new AdditionalText[] { spec }, optionsProvider: new SpecOptions());
        _warm = _fresh.RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver FirstRun() => _fresh.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RunAfterUnrelatedEdit() => _warm.RunGenerators(_edited);

    private sealed class SpecText : AdditionalText
    {
        private readonly SourceText _text;

        public SpecText(string path)
        {
            Path = path;
            _text = SourceText.From(File.ReadAllText(path));
        }

        public override string Path { get; }

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
    }

    private sealed class SpecOptions : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(false);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(true);

        private sealed class Options(bool spec) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = spec && key == "build_metadata.AdditionalFiles.DdmGenSpec" ? "true" : null;
                return value is not null;
            }
        }
    }
}
