using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DdmGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Ddm.Benchmarks;

/// <summary>
/// How the generator scales: a synthetic spec of 10, 100 and 1 000 operations, each a paged list with two object
/// schemas (the page and its item) and one string enum, shaped like <c>listBackups</c>. Reports the generator's
/// time for a first run, the time per operation (flat when the growth is linear), and the generated lines per
/// operation, split into the models part (models, converters, enums, JSON support) and the client part.
/// </summary>
[Config(typeof(ScaleConfig))]
[MemoryDiagnoser]
public class GeneratorScaleBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _driver = null!;

    [Params(10, 100, 1000)]
    public int Operations { get; set; }

    /// <summary>
    /// The spec written indented (one member a line) or minified (the whole document on one line, where the
    /// reader's line map once grew with the square of the size).
    /// </summary>
    [Params(false, true)]
    public bool Minified { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create("Scale", new[] { CSharpSyntaxTree.ParseText("class App { }") }, SystemReferences());
        _driver = Driver(Operations, Minified);
    }

    /// <summary>A first run: read, parse and emit the whole spec.</summary>
    [Benchmark]
    public GeneratorDriver Generate() => _driver.RunGenerators(_compilation);

    /// <summary>Builds the synthetic spec of <paramref name="operations"/> operations as OpenAPI 3.0 JSON.</summary>
    public static string Spec(int operations)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["ErrorResponse"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "An error answer.",
                ["properties"] = new JsonObject
                {
                    ["errCode"] = new JsonObject { ["type"] = "string", ["description"] = "Error code.", ["x-ddmgen-error"] = "code" },
                    ["externalMessage"] = new JsonObject { ["type"] = "string", ["description"] = "Error message.", ["x-ddmgen-error"] = "message" },
                },
            },
        };
        for (var index = 0; index < operations; index++)
        {
            var item = $"Resource{index}";
            paths[$"/v3/{{project_id}}/resources{index}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/parameters/ProjectId" }),
                ["get"] = new JsonObject
                {
                    ["operationId"] = $"listResources{index}",
                    ["summary"] = $"Querying resources of kind {index}.",
                    ["description"] = $"This API is used to query the resources of kind {index}.",
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["$ref"] = "#/components/parameters/Offset" },
                        new JsonObject { ["$ref"] = "#/components/parameters/Limit" }),
                    ["x-speakeasy-pagination"] = new JsonObject
                    {
                        ["type"] = "offsetLimit",
                        ["inputs"] = new JsonArray(
                            new JsonObject { ["name"] = "offset", ["in"] = "parameters", ["type"] = "offset" },
                            new JsonObject { ["name"] = "limit", ["in"] = "parameters", ["type"] = "limit" }),
                        ["outputs"] = new JsonObject { ["results"] = "$.items", ["total"] = "$.total" },
                    },
                    ["responses"] = new JsonObject
                    {
                        ["200"] = Json("Normal response.", $"List{item}sResponse"),
                        ["400"] = Json("Bad request.", "ErrorResponse"),
                        ["500"] = Json("Server error.", "ErrorResponse"),
                    },
                },
            };
            schemas[$"List{item}sResponse"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"A page of resources of kind {index}.",
                ["required"] = new JsonArray("items", "total"),
                ["properties"] = new JsonObject
                {
                    ["items"] = new JsonObject { ["type"] = "array", ["description"] = "The resources.", ["items"] = Ref(item) },
                    ["total"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["description"] = "Total number of resources." },
                },
            };
            schemas[item] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"A resource of kind {index}.",
                ["required"] = new JsonArray("id", "status", "created"),
                ["properties"] = new JsonObject
                {
                    ["id"] = new JsonObject { ["type"] = "string", ["description"] = "Resource ID." },
                    ["name"] = new JsonObject { ["type"] = "string", ["description"] = "Resource name." },
                    ["status"] = Ref($"{item}Status"),
                    ["created"] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "Creation time." },
                    ["size"] = new JsonObject { ["type"] = "number", ["format"] = "double", ["description"] = "Size in MB." },
                },
            };
            schemas[$"{item}Status"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "Resource status.",
                ["enum"] = new JsonArray("creating", "normal", "deleted", "createfail"),
                ["x-enum-descriptions"] = new JsonArray("Being created.", "Available.", "Deleted.", "Failed to be created."),
            };
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "Scale test API", ["version"] = "1.0" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://scale.example.com" }),
            ["security"] = new JsonArray(new JsonObject { ["IamToken"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["IamToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Auth-Token", ["description"] = "User token." },
                },
                ["parameters"] = new JsonObject
                {
                    ["ProjectId"] = new JsonObject
                    {
                        ["name"] = "project_id", ["in"] = "path", ["required"] = true, ["description"] = "Project ID.",
                        ["x-ms-parameter-location"] = "client", ["schema"] = new JsonObject { ["type"] = "string" },
                    },
                    ["Offset"] = new JsonObject
                    {
                        ["name"] = "offset", ["in"] = "query", ["description"] = "Index offset.",
                        ["schema"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 0, ["default"] = 0 },
                    },
                    ["Limit"] = new JsonObject
                    {
                        ["name"] = "limit", ["in"] = "query", ["description"] = "Maximum records to be queried.",
                        ["schema"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 1, ["maximum"] = 128, ["default"] = 10 },
                    },
                },
                ["schemas"] = schemas,
            },
        };
        // Indented, one member a line, as a spec file is written.
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        static JsonObject Ref(string schema) => new() { ["$ref"] = "#/components/schemas/" + schema };

        static JsonObject Json(string description, string schema) => new()
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(schema) } },
        };
    }

    /// <summary>What one first run generates: lines per part, counted over every generated file.</summary>
    public static (int Files, int ModelLines, int ClientLines) Count(int operations)
    {
        int files = 0, model = 0, client = 0;
        foreach (var source in Sources(operations))
        {
            files++;
            var lines = source.SourceText.Lines.Count;
            if (IsModelPart(source.HintName))
            {
                model += lines;
            }
            else
            {
                client += lines;
            }
        }

        return (files, model, client);
    }

    /// <summary>The files one first run generates from the synthetic spec of <paramref name="operations"/> operations.</summary>
    public static IReadOnlyList<GeneratedSourceResult> Sources(int operations)
    {
        var compilation = CSharpCompilation.Create("Scale", new[] { CSharpSyntaxTree.ParseText("class App { }") }, SystemReferences());
        var result = Driver(operations).RunGenerators(compilation).GetRunResult();
        var errors = result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The synthetic spec does not generate: " + errors[0]);
        }

        return result.Results.SelectMany(run => run.GeneratedSources).ToList();
    }

    /// <summary>
    /// <c>--lines [N ...] [--dump DIR] [--spec FILE]</c>: prints the generated files and lines per operation for
    /// synthetic specs of N operations (10, 100 and 1 000 by default) without running a benchmark; <c>--dump</c>
    /// writes the files generated for the last N into DIR, <c>--spec</c> writes that spec itself.
    /// </summary>
    public static int PrintLines(string[] args)
    {
        var counts = new List<int>();
        string? dump = null, spec = null;
        for (var index = 1; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--dump": dump = args[++index]; break;
                case "--spec": spec = args[++index]; break;
                default: counts.Add(int.Parse(args[index], CultureInfo.InvariantCulture)); break;
            }
        }

        if (counts.Count == 0)
        {
            counts.Add(10);
            counts.Add(100);
            counts.Add(1000);
        }

        Console.WriteLine("| operations | files | model lines/op | client lines/op | lines/op |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var operations in counts)
        {
            var (files, model, client) = Count(operations);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {operations} | {files} | {(double)model / operations:F1} | {(double)client / operations:F1} | {(double)(model + client) / operations:F1} |"));
        }

        var last = counts[^1];
        if (dump is not null)
        {
            Directory.CreateDirectory(dump);
            foreach (var source in Sources(last))
            {
                File.WriteAllText(Path.Combine(dump, source.HintName), source.SourceText.ToString());
            }
        }

        if (spec is not null)
        {
            File.WriteAllText(spec, Spec(last));
        }

        return 0;
    }

    /// <summary>
    /// <c>--phases [N] [--runs R] [--allocation [--minified] [--types]]</c>: where a first run over the synthetic spec of N operations (1 000 by default)
    /// spends its time, as the median of R runs (9 by default) after one warm-up: the generator's tracked steps
    /// (reading and parsing the spec, planning the files), its whole time as the driver reports it (the steps and
    /// the writing of every file), and the compiler's parsing of the generated files, which the driver does after
    /// the generator returns. Each run is timed alone, so a figure is comparable between two builds of the
    /// generator run in the same quarter hour. With <c>--allocation</c>, what each phase allocates instead
    /// (<see cref="PhaseAllocation"/>), which does not depend on the machine's load.
    /// </summary>
    public static int PrintPhases(string[] args)
    {
        int operations = 1000, runs = 9;
        bool allocation = false, minified = false, types = false;
        for (var index = 1; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--runs": runs = int.Parse(args[++index], CultureInfo.InvariantCulture); break;
                case "--allocation": allocation = true; break;
                case "--minified": minified = true; break;
                case "--types": types = true; break;
                default: operations = int.Parse(args[index], CultureInfo.InvariantCulture); break;
            }
        }

        if (allocation)
        {
            PhaseAllocation.Print(operations, runs, minified, types);
            return 0;
        }

        var compilation = CSharpCompilation.Create("Scale", new[] { CSharpSyntaxTree.ParseText("class App { }") }, SystemReferences());
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string phase, TimeSpan time)
        {
            if (!samples.TryGetValue(phase, out var list))
            {
                samples[phase] = list = new List<double>();
            }

            list.Add(time.TotalMilliseconds);
        }

        for (var run = 0; run <= runs; run++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new OpenApiClientGenerator().AsSourceGenerator() },
                new AdditionalText[] { new SpecText("/specs/scale.json", Spec(operations)) },
                optionsProvider: new ScaleOptions(),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            var whole = clock.Elapsed;
            if (run == 0)
            {
                continue;
            }

            var result = driver.GetRunResult().Results[0];
            foreach (var (name, steps) in result.TrackedSteps)
            {
                Add("step " + name, TimeSpan.FromTicks(steps.Sum(step => step.ElapsedTime.Ticks)));
            }

            Add("generator (driver's timing)", driver.GetTimingInfo().ElapsedTime);
            Add("RunGenerators (stopwatch)", whole);
            var texts = result.GeneratedSources.Select(source => source.SourceText).ToList();
            clock.Restart();
            foreach (var text in texts)
            {
                CSharpSyntaxTree.ParseText(text);
            }

            Add("parsing the generated files again", clock.Elapsed);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| phase ({operations} operations, median of {runs}) | ms |"));
        Console.WriteLine("| --- | ---: |");
        foreach (var (phase, list) in samples.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {phase} | {list[list.Count / 2]:F1} |"));
        }

        return 0;
    }

    /// <summary>
    /// The models part: the schemas' records, enums and converters and the JSON support types. Everything else
    /// (client, options, credential, paging, exception) is the client part.
    /// </summary>
    private static bool IsModelPart(string hintName)
    {
        var type = hintName.Substring("Scale.".Length, hintName.Length - "Scale.".Length - ".g.cs".Length);
        return type.StartsWith("Resource", StringComparison.Ordinal)
            || type.StartsWith("ListResource", StringComparison.Ordinal)
            || type.StartsWith("ErrorResponse", StringComparison.Ordinal)
            || type.Contains("Json", StringComparison.Ordinal);
    }

    private static CSharpGeneratorDriver Driver(int operations, bool minified = false) => Driver(SpecJson(operations, minified));

    /// <summary>A driver of the generator alone over the spec <paramref name="text"/>, as <c>/specs/scale.json</c>.</summary>
    internal static CSharpGeneratorDriver Driver(string text) => CSharpGeneratorDriver.Create(
        new[] { new OpenApiClientGenerator().AsSourceGenerator() },
        new AdditionalText[] { new SpecText("/specs/scale.json", text) },
        optionsProvider: new ScaleOptions());

    /// <summary>The synthetic spec of <paramref name="operations"/> operations, indented or on one line.</summary>
    internal static string SpecJson(int operations, bool minified) =>
        minified ? JsonNode.Parse(Spec(operations))!.ToJsonString() : Spec(operations);

    internal static IEnumerable<MetadataReference> References() => SystemReferences();

    private static IEnumerable<MetadataReference> SystemReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path));

    private sealed class SpecText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
    }

    private sealed class ScaleOptions : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(false);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(true);

        private sealed class Options(bool spec) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = !spec ? null : key switch
                {
                    "build_metadata.AdditionalFiles.DdmGenSpec" => "true",
                    "build_metadata.AdditionalFiles.Namespace" => "Scale",
                    "build_metadata.AdditionalFiles.ClientName" => "ScaleClient",
                    _ => null,
                };
                return value is not null;
            }
        }
    }

    /// <summary>
    /// One run per iteration (a 1 000-operation run takes seconds on a busy machine), after enough warm-up runs for
    /// the tiered JIT to finish with the generator and Microsoft.OpenApi.
    /// </summary>
    private sealed class ScaleConfig : ManualConfig
    {
        public ScaleConfig()
        {
            // Two collectors: the runtime's default (workstation), and the server collector that csc and the compiler
            // server (VBCSCompiler) ask for in their runtimeconfig.json, which is how the generator runs in a build.
            var job = Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(6).WithIterationCount(10);
            AddJob(job.WithGcServer(false).WithId("Workstation"), job.WithGcServer(true).WithId("CompilerGC"));
            AddColumn(new TimePerOperationColumn(), new LinesColumn("Files", count => count.Files), new LinesColumn("Model lines/op", (count, ops) => count.ModelLines / (double)ops),
                new LinesColumn("Client lines/op", (count, ops) => count.ClientLines / (double)ops), new LinesColumn("Lines/op", (count, ops) => (count.ModelLines + count.ClientLines) / (double)ops));
        }
    }

    /// <summary>The mean time divided by the number of operations: flat when the generator grows linearly.</summary>
    private sealed class TimePerOperationColumn : IColumn
    {
        public string Id => nameof(TimePerOperationColumn);

        public string ColumnName => "Time/op";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Mean time of a first run divided by the number of operations";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            return benchmarkCase.Parameters["Operations"] is int operations && summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (statistics.Mean / 1000.0 / operations).ToString("F1", CultureInfo.InvariantCulture) + " us"
                : "-";
        }
    }

    /// <summary>A count of the generated output, computed once per size in the host process.</summary>
    private sealed class LinesColumn : IColumn
    {
        private static readonly ConcurrentDictionary<int, (int Files, int ModelLines, int ClientLines)> Counts = new();
        private readonly Func<(int Files, int ModelLines, int ClientLines), int, double> _value;

        public LinesColumn(string name, Func<(int Files, int ModelLines, int ClientLines), double> value)
            : this(name, (count, _) => value(count))
        {
        }

        public LinesColumn(string name, Func<(int Files, int ModelLines, int ClientLines), int, double> value)
        {
            ColumnName = name;
            _value = value;
        }

        public string Id => nameof(LinesColumn) + ColumnName;

        public string ColumnName { get; }

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 1;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => ColumnName + " of the generated C#";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            return benchmarkCase.Parameters["Operations"] is int operations
                ? _value(Counts.GetOrAdd(operations, Count), operations).ToString("0.#", CultureInfo.InvariantCulture)
                : "-";
        }
    }
}
