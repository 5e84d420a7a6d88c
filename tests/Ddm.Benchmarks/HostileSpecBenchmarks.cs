using System;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using DdmGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Ddm.Benchmarks;

/// <summary>
/// What hostile specs cost the compiler before they stop at a bound: a generator run over ddm-v3.yaml (the
/// baseline) against runs over aliases that would expand to billions of nodes, YAML nested 100 000 deep and
/// JSON nested 100 000 deep, each ending in one DDMG001; and a list of 3 000 parameters that share one misspelt key, each
/// reported at its own line (DDMG006), once directly in each parameter and once in a property of each parameter's own
/// (3 000 parents), and 3 000 parameters whose <c>in</c> the reader rejects, the same value in all and a value of each
/// one's own, each reported at its own line (DDMG002): all of which must cost time in proportion to the items.
/// </summary>
[MemoryDiagnoser]
public class HostileSpecBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _spec = null!;
    private GeneratorDriver _laughs = null!;
    private GeneratorDriver _deepYaml = null!;
    private GeneratorDriver _deepJson = null!;
    private GeneratorDriver _misspelt = null!;
    private GeneratorDriver _misspeltApart = null!;
    private GeneratorDriver _wrongValue = null!;
    private GeneratorDriver _wrongValues = null!;

    [GlobalSetup]
    public void Setup()
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path));
        _compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class App { }") }, references);

        const string header = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n";
        var laughs = new StringBuilder(header).Append("x-laughs:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 30; level++)
        {
            laughs.Append("  a").Append(level).Append(": &a").Append(level).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*a" + (level - 1), 9))).Append("]\n");
        }

        _spec = Driver("ddm-v3.yaml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "ddm-v3.yaml")));
        _laughs = Driver("laughs.yaml", laughs.ToString());
        _deepYaml = Driver("deep.yaml", header + "x-deep: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        _misspelt = Driver("misspelt.yaml", Parameters(item => "{name: p" + item + ", in: query, requried: true, schema: {type: string}}"));
        _wrongValue = Driver("wrong-value.yaml", Parameters(item => "{name: p" + item + ", in: nowhere, schema: {type: string}}"));
        _wrongValues = Driver("wrong-values.yaml", Parameters(item => "{name: p" + item + ", in: nowhere" + item + ", schema: {type: string}}"));
        _misspeltApart = Driver("misspelt-apart.yaml", Parameters(item => "{name: p" + item + ", in: query, schema: {type: object, properties: {f" + item + ": {type: string, typ: x}}}}"));
        _deepJson = Driver("deep.json", "{\"openapi\": \"3.0.3\", \"x-deep\": " + string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000) + "}");
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver DdmSpec() => _spec.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver BillionLaughs() => _laughs.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver YamlNested100000Deep() => _deepYaml.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver JsonNested100000Deep() => _deepJson.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver MisspeltKeyIn3000ListItems() => _misspelt.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver MisspeltKeyUnder3000ParentsInListItems() => _misspeltApart.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver WrongValueIn3000ListItems() => _wrongValue.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver WrongValuesIn3000ListItems() => _wrongValues.RunGenerators(_compilation);

    /// <summary>A spec of one operation whose 3 000 parameters are written by <paramref name="item"/>.</summary>
    private static string Parameters(Func<int, string> item)
    {
        var spec = new StringBuilder("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n      parameters:\n");
        for (var index = 0; index < 3000; index++)
        {
            spec.Append("        - ").Append(item(index)).Append('\n');
        }

        return spec.ToString();
    }

    private static CSharpGeneratorDriver Driver(string name, string text) =>
        CSharpGeneratorDriver.Create(new[] { new OpenApiClientGenerator().AsSourceGenerator() }, new AdditionalText[] { new InMemoryText("/specs/" + name, text) }, optionsProvider: new SpecMarker());

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
    }

    private sealed class SpecMarker : AnalyzerConfigOptionsProvider
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
