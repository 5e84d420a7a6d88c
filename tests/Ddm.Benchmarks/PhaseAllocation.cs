using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Threading;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Emitting;
using DdmGen.Generator.Model;
using DdmGen.Generator.Parsing;
using DdmGen.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ddm.Benchmarks;

/// <summary>
/// What one first run over the synthetic spec allocates, phase by phase, measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around calls into the generator's own parts: reading the text
/// into the JSON tree with node places, the value-type check (the first walk, which builds the tree's nodes),
/// Microsoft.OpenApi's reading of the tree, the whole parse into the model, emitting every file, and a whole
/// generator run through the driver. Allocation does not depend on the machine's load, so two builds compare at
/// any time. With <c>--types</c> it also samples (the runtime's allocation events, about one per 100 KB) what
/// each phase allocates by type.
/// </summary>
internal static class PhaseAllocation
{
    private const string FileName = "scale.json";
    private const string SpecPath = "/specs/" + FileName;

    /// <summary>Prints the table; <paramref name="runs"/> measured runs after one warm-up, the median of each phase.</summary>
    public static void Print(int operations, int runs, bool minified, bool types)
    {
        var text = GeneratorScaleBenchmarks.SpecJson(operations, minified);
        var compilation = CSharpCompilation.Create("Scale", new[] { CSharpSyntaxTree.ParseText("class App { }") }, GeneratorScaleBenchmarks.References());
        var samples = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var order = new List<string>();
        using var sampler = types ? new TypeSampler() : null;
        for (var run = 0; run <= runs; run++)
        {
            var measured = run > 0;
            void Add(string phase, long bytes)
            {
                if (!measured)
                {
                    return;
                }

                if (!samples.TryGetValue(phase, out var list))
                {
                    samples[phase] = list = new List<long>();
                    order.Add(phase);
                }

                list.Add(bytes);
            }

            long Measure(string phase, Action action)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                sampler?.Enter(measured && run == 1 ? phase : null);
                var before = GC.GetAllocatedBytesForCurrentThread();
                action();
                var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                sampler?.Enter(null);
                Add(phase, bytes);
                return bytes;
            }

            // The parts one at a time, each on what the one before it left, as the parser calls them.
            SpecReadResult read = null!;
            var reading = Measure("reading the text into the JSON tree with node places", () => read = SpecReader.Read(SpecPath, text, text.Length));
            var diagnostics = new List<DiagnosticInfo>();
            var root = (System.Text.Json.Nodes.JsonObject)read.Root!;
            var check = Measure("value check (the first walk, which builds the tree's nodes)", () => ValueTypeCheck.Run(root, read.Positions, FileName, diagnostics));
            var again = Measure("value check again (on the built tree)", () => ValueTypeCheck.Run(root, read.Positions, FileName, diagnostics));
            var openApi = Measure("Microsoft.OpenApi reading the tree (with the check again)", () => OpenApiDocumentReader.Read(root, read.Positions, FileName, diagnostics));
            Add("Microsoft.OpenApi reading the tree", openApi - again);
            read.Document?.Dispose();

            // The whole parse, and the rest of it: the reference guard and our own parsing into the model.
            var input = new SpecInput(SpecPath, text, text.Length, "Scale", "ScaleClient", EquatableArray<DiagnosticInfo>.Empty);
            SpecModel model = null!;
            var parse = Measure("the whole parse (the four above, reference guard, our model)", () => model = Parser.Parse(input, CancellationToken.None));
            Add("reference guard and our model (the parse less the parts above)", parse - reading - check - (openApi - again));
            if (model.Client is null || model.Diagnostics.Count > 0)
            {
                throw new InvalidOperationException("The synthetic spec does not parse cleanly: " + string.Join(", ", model.Diagnostics.Select(diagnostic => diagnostic.Id)));
            }

            // Emitting, by kind of unit; the files are kept, as the compiler keeps them.
            var units = model.ToEmitUnits().ToList();
            var files = new List<GeneratedFile>();
            var emitting = 0L;
            foreach (var kind in units.GroupBy(unit => unit.GetType().Name))
            {
                emitting += Measure("emitting: " + kind.Key + " (" + kind.Count().ToString(CultureInfo.InvariantCulture) + ")", () =>
                {
                    foreach (var unit in kind)
                    {
                        files.AddRange(Emitter.Emit(unit, CancellationToken.None));
                    }
                });
            }

            Add("emitting every file", emitting);
            var characters = files.Sum(file => (long)file.Text.Length);
            Add("(the generated text as strings: 2 bytes a character)", characters * 2);
            files.Clear();

            // A whole first run as the compiler makes it, and what the driver adds to the parts above.
            GeneratorDriver driver = GeneratorScaleBenchmarks.Driver(text);
            var whole = Measure("a first generator run (RunGenerators)", () => driver = driver.RunGenerators(compilation));
            Add("the driver's own (the run less the parse and emitting)", whole - parse - emitting);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| phase ({operations} operations, {(minified ? "minified" : "indented")}, median of {runs}) | MB allocated |"));
        Console.WriteLine("| --- | ---: |");
        foreach (var phase in order)
        {
            var list = samples[phase];
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {phase} | {list[list.Count / 2] / 1e6:F1} |"));
        }

        if (sampler is not null)
        {
            sampler.Print();
        }
    }

    /// <summary>
    /// The runtime's allocation-tick events (one about every 100 KB allocated, with the type of the object that crossed
    /// the mark and the amount since the last), summed by phase and type. Events arrive on another thread and late,
    /// so each is given to the phase its timestamp falls in.
    /// </summary>
    private sealed class TypeSampler : EventListener
    {
        private readonly ConcurrentQueue<(DateTime Time, string Type, long Bytes)> _events = new();
        private readonly List<(DateTime Start, string? Phase)> _phases = new();

        public void Enter(string? phase)
        {
            lock (_phases)
            {
                _phases.Add((DateTime.UtcNow, phase));
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // The GC keyword at the verbose level turns the allocation ticks on.
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
            {
                return;
            }

            var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
            var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], CultureInfo.InvariantCulture) : 0;
            _events.Enqueue((eventData.TimeStamp.ToUniversalTime(), type, amount));
        }

        public void Print()
        {
            // Let the last events arrive.
            Thread.Sleep(2000);
            var byPhase = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
            var phases = _phases.ToArray();
            foreach (var (time, type, bytes) in _events)
            {
                string? phase = null;
                foreach (var (start, name) in phases)
                {
                    if (start <= time)
                    {
                        phase = name;
                    }
                }

                if (phase is null)
                {
                    continue;
                }

                if (!byPhase.TryGetValue(phase, out var types))
                {
                    byPhase[phase] = types = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                types[type] = types.GetValueOrDefault(type) + bytes;
            }

            foreach (var (phase, types) in byPhase)
            {
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase}: sampled {types.Values.Sum() / 1e6:F1} MB"));
                foreach (var (type, bytes) in types.OrderByDescending(pair => pair.Value).Take(12))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1e6,7:F1} MB  {type}"));
                }
            }
        }
    }
}
