using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ddm.Benchmarks;

/// <summary>
/// Where the compiler spends its time on the generated code, in this process and with this project's compiler
/// version: parsing, declarations, binding each file (grouped by the kind of file, per generated line), and a full
/// emit with the documentation file, for the synthetic spec of N operations. Times are the CPU time of this process
/// (all its threads), which other work on a shared machine disturbs far less than elapsed time.
/// <c>dotnet run -c Release --project tests/Ddm.Benchmarks -- --compile-profile [N ...]</c>
/// </summary>
public static class CompileProfile
{
    public const string Switch = "--compile-profile";

    private static readonly Regex Numbered = new(@"\d+", RegexOptions.CultureInvariant);

    public static int Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "--constructs")
        {
            return Constructs();
        }

        var counts = args.Skip(1).Select(arg => int.Parse(arg, CultureInfo.InvariantCulture)).ToList();
        if (counts.Count == 0)
        {
            counts.AddRange([10, 100, 1000]);
        }

        // Warm the compiler up once on the smallest spec, so the first size does not pay for the JIT.
        Profile(counts.Min(), print: false);
        foreach (var operations in counts)
        {
            Profile(operations, print: true);
        }

        return 0;
    }

    private static void Profile(int operations, bool print)
    {
        var sources = GeneratorScaleBenchmarks.Sources(operations);
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);
        var watch = CpuWatch.StartNew();
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.SourceText, parseOptions, source.HintName)).ToList();
        var parse = watch.Elapsed.TotalSeconds;

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release, concurrentBuild: false);
        var compilation = CSharpCompilation.Create("Scale", trees, References(), options);

        watch.Restart();
        var declarationErrors = compilation.GetDeclarationDiagnostics().Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        var declarations = watch.Elapsed.TotalSeconds;

        // Binding and flow analysis per file, in one thread so the times add up.
        var byKind = new Dictionary<string, (int Files, int Lines, double Seconds)>();
        var slowest = new List<(string File, int Lines, double Seconds)>();
        var errors = declarationErrors;
        foreach (var tree in trees)
        {
            watch.Restart();
            var diagnostics = compilation.GetSemanticModel(tree).GetMethodBodyDiagnostics();
            var seconds = watch.Elapsed.TotalSeconds;
            errors += diagnostics.Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
            var lines = tree.GetText().Lines.Count;
            var kind = Numbered.Replace(Path.GetFileName(tree.FilePath), "N");
            var (files, kindLines, kindSeconds) = byKind.GetValueOrDefault(kind);
            byKind[kind] = (files + 1, kindLines + lines, kindSeconds + seconds);
            slowest.Add((Path.GetFileName(tree.FilePath), lines, seconds));
        }

        var binding = byKind.Values.Sum(kind => kind.Seconds);

        // A fresh compilation for the emit, so nothing bound above is reused: what csc does after the generators.
        var fresh = CSharpCompilation.Create("Scale", trees, References(), options.WithConcurrentBuild(true));
        watch.Restart();
        using var peStream = new MemoryStream();
        using var xmlStream = new MemoryStream();
        var emit = fresh.Emit(peStream, xmlDocumentationStream: xmlStream);
        var emitAll = watch.Elapsed.TotalSeconds;

        var noDocs = CSharpCompilation.Create("Scale", trees.Select(tree => tree.WithRootAndOptions(tree.GetRoot(), parseOptions.WithDocumentationMode(DocumentationMode.None))), References(), options.WithConcurrentBuild(true));
        watch.Restart();
        using var plainStream = new MemoryStream();
        noDocs.Emit(plainStream);
        var emitNoDocs = watch.Elapsed.TotalSeconds;

        if (!print)
        {
            return;
        }

        var totalLines = byKind.Values.Sum(kind => kind.Lines);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"## {operations:N0} operations: {trees.Count:N0} files, {totalLines:N0} lines, {errors} errors, emit {(emit.Success ? "succeeded" : "FAILED")}"));
        foreach (var error in emit.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Take(3))
        {
            Console.WriteLine("error: " + error);
        }

        Console.WriteLine();
        Console.WriteLine("| phase | CPU seconds |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| parse (documentation comments parsed) | {parse:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| declarations | {declarations:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| binding and flow analysis of every file, one thread | {binding:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| full emit with documentation file, fresh compilation, concurrent | {emitAll:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| full emit without documentation comments, fresh compilation, concurrent | {emitNoDocs:F2} |"));
        Console.WriteLine();
        Console.WriteLine("| kind of file | files | lines | binding (CPU s) | share | CPU µs per line |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (kind, (files, lines, seconds)) in byKind.OrderByDescending(pair => pair.Value.Seconds))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {files:N0} | {lines:N0} | {seconds:F2} | {seconds / binding:P0} | {seconds * 1e6 / lines:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Slowest files: " + string.Join(", ", slowest.OrderByDescending(file => file.Seconds).Take(5)
            .Select(file => string.Create(CultureInfo.InvariantCulture, $"{file.File} ({file.Lines} lines) {file.Seconds:F2} s"))));
        Console.WriteLine();
    }

    /// <summary>
    /// <c>--compile-profile --constructs</c>: the compiler's CPU time for 20 000 uses of one construct of the generated
    /// code against a cheaper way to write the same thing, each in 200 methods of 100 statements, so that the cost of
    /// a construct per use can be compared.
    /// </summary>
    private static int Constructs()
    {
        const string Prelude = """
            #nullable enable
            using System;
            using System.Text.Json;
            static class Helpers
            {
                public static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) => name.SequenceEqual(expected);
            }
            """;
        var constructs = new (string Name, string Statement)[]
        {
            ("MemoryExtensions.SequenceEqual(name, \"id\"u8) (as generated)", "if (global::System.MemoryExtensions.SequenceEqual(name, \"id{0}\"u8)) count++;"),
            ("name.SequenceEqual(\"id\"u8) (extension form)", "if (name.SequenceEqual(\"id{0}\"u8)) count++;"),
            ("Helpers.Is(name, \"id\"u8) (one non-generic helper)", "if (Helpers.Is(name, \"id{0}\"u8)) count++;"),
            ("writer.WriteString(\"id\"u8, text) (as generated)", "writer.WriteString(\"id{0}\"u8, text);"),
            ("writer.WriteString(\"id\", text) (string name)", "writer.WriteString(\"id{0}\", text);"),
            ("x ?? throw Missing(...) (as generated)", "text = text ?? throw new InvalidOperationException(\"id{0}\");"),
        };
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release, concurrentBuild: false);
        Console.WriteLine("| construct | uses | CPU seconds (median of 3 emits) | CPU µs per use |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, statement) in constructs.Prepend(("(warm-up)", constructs[0].Statement)))
        {
            var source = new System.Text.StringBuilder(Prelude).AppendLine("static class Uses {");
            for (var method = 0; method < 200; method++)
            {
                source.AppendLine(CultureInfo.InvariantCulture, $"public static int M{method}(ReadOnlySpan<byte> name, Utf8JsonWriter writer, string? text) {{ var count = 0;");
                for (var use = 0; use < 100; use++)
                {
                    source.AppendLine(string.Format(CultureInfo.InvariantCulture, statement, use));
                }

                source.AppendLine("return count; }");
            }

            source.AppendLine("}");
            var tree = CSharpSyntaxTree.ParseText(source.ToString(), parseOptions);
            var samples = new List<double>();
            for (var run = 0; run < 3; run++)
            {
                var compilation = CSharpCompilation.Create("Constructs", [tree], References(), options);
                var watch = CpuWatch.StartNew();
                using var stream = new MemoryStream();
                var result = compilation.Emit(stream);
                samples.Add(watch.Elapsed.TotalSeconds);
                if (!result.Success)
                {
                    Console.Error.WriteLine(name + ": " + result.Diagnostics.First(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
                    return 1;
                }
            }

            if (name != "(warm-up)")
            {
                var median = samples.Order().ElementAt(1);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | 20 000 | {median:F2} | {median * 1e6 / 20_000:F1} |"));
            }
        }

        return 0;
    }

    /// <summary>The CPU time this process has used since <see cref="Restart"/>.</summary>
    private sealed class CpuWatch
    {
        private TimeSpan _start = Now();

        public TimeSpan Elapsed => Now() - _start;

        public static CpuWatch StartNew() => new();

        public void Restart() => _start = Now();

        private static TimeSpan Now()
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }
    }

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(path => MetadataReference.CreateFromFile(path));
}
