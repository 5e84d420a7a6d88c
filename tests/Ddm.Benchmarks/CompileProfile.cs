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
            return Constructs(args.Length > 2 ? args[2] : null);
        }

        if (args.Length > 3 && args[1] == "--emit" && args[2] == "--concurrent")
        {
            return EmitFoldersConcurrently(args.Skip(3).ToList());
        }

        if (args.Length > 2 && args[1] == "--emit")
        {
            return EmitFolders(args.Skip(2).ToList());
        }

        if (args.Length > 2 && args[1] == "--bind")
        {
            return BindFolders(args.Skip(2).ToList());
        }

        if (args.Length > 1 && args[1] == "--members")
        {
            return Members(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000);
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
    /// <c>--compile-profile --emit FOLDER FOLDER ...</c>: a full emit (with the documentation file) of the C# files of each
    /// folder (from <c>--lines N --dump FOLDER</c>), the folders in turn, seven rounds after a warm-up, so that generated
    /// code before and after a change compiles under the same load. The compilation runs in one thread and its time is
    /// that thread's CPU time: on a shared machine the process's time over all threads (the garbage collector's, the
    /// parallel compile's) varies by ±10 % between rounds.
    /// </summary>
    private static int EmitFolders(List<string> folders)
    {
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release, concurrentBuild: false);
        var references = References().ToList();
        var samples = folders.ToDictionary(folder => folder, _ => new List<double>());
        for (var round = 0; round < 8; round++)
        {
            foreach (var folder in folders)
            {
                var start = ThreadCpu();
                var trees = Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal)
                    .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path)).ToList();
                var compilation = CSharpCompilation.Create("Scale", trees, references, options);
                if (!EmitClean(compilation, folder))
                {
                    return 1;
                }

                var seconds = ThreadCpu() - start;

                if (round > 0)
                {
                    samples[folder].Add(seconds);
                }
            }
        }

        Console.WriteLine("| folder | thread CPU seconds per round (parse and emit) | median |");
        Console.WriteLine("| --- | --- | ---: |");
        foreach (var (folder, values) in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {folder} | {string.Join(" / ", values.Select(value => value.ToString("F2", CultureInfo.InvariantCulture)))} | {values.Order().ElementAt(values.Count / 2):F2} |"));
        }

        return 0;
    }

    /// <summary>
    /// <c>--compile-profile --emit --concurrent FOLDER FOLDER ...</c>: the same full emit as <c>csc</c> runs it, types
    /// compiled in parallel, the folders in turn for nine rounds after two warm-ups; the medians of the elapsed time and
    /// of the process's CPU time. The compiler compiles each type on one thread, so how the generated code is split
    /// into types changes the elapsed time on a few cores even when the CPU time stays the same.
    /// </summary>
    private static int EmitFoldersConcurrently(List<string> folders)
    {
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release, concurrentBuild: true);
        var references = References().ToList();
        var trees = folders.ToDictionary(folder => folder, folder => Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path)).ToList());
        var samples = folders.ToDictionary(folder => folder, _ => new List<(double Wall, double Cpu)>());
        for (var round = 0; round < 11; round++)
        {
            foreach (var folder in folders)
            {
                var compilation = CSharpCompilation.Create("Scale", trees[folder], references, options);
                GC.Collect();
                using var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                if (!EmitClean(compilation, folder))
                {
                    return 1;
                }

                var wall = watch.Elapsed.TotalSeconds;
                process.Refresh();

                if (round > 1)
                {
                    samples[folder].Add((wall, (process.TotalProcessorTime - cpu).TotalSeconds));
                }
            }
        }

        Console.WriteLine("| folder | elapsed seconds per round | median elapsed | median CPU |");
        Console.WriteLine("| --- | --- | ---: | ---: |");
        foreach (var (folder, values) in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {folder} | {string.Join(" / ", values.Select(value => value.Wall.ToString("F2", CultureInfo.InvariantCulture)))} | {values.Select(value => value.Wall).Order().ElementAt(values.Count / 2):F2} | {values.Select(value => value.Cpu).Order().ElementAt(values.Count / 2):F2} |"));
        }

        return 0;
    }

    /// <summary>
    /// A full emit as <c>csc</c> runs it (the documentation file included); false, with the first problem on stderr,
    /// when the folder's code has an error or a warning, so that no figure is printed for code that does not build.
    /// </summary>
    private static bool EmitClean(CSharpCompilation compilation, string folder)
    {
        using var peStream = new MemoryStream();
        using var xmlStream = new MemoryStream();
        var problems = compilation.Emit(peStream, xmlDocumentationStream: xmlStream).Diagnostics
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).ToList();
        if (problems.Count > 0)
        {
            Console.Error.WriteLine(folder + ": " + problems.Count + " warnings or errors, first: " + problems[0]);
        }

        return problems.Count == 0;
    }

    /// <summary>
    /// <c>--compile-profile --bind FOLDER FOLDER ...</c>: binding and flow analysis of each file of each folder (from
    /// <c>--lines N --dump FOLDER</c>) in one thread, grouped by the kind of file, the folders in turn for three rounds;
    /// the medians of the thread's CPU time side by side. Finer than <c>--emit</c> for a change to one kind of file.
    /// </summary>
    private static int BindFolders(List<string> folders)
    {
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release, concurrentBuild: false);
        var references = References().ToList();
        var samples = new Dictionary<(string Folder, string Kind), List<double>>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var folder in folders)
            {
                var trees = Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal)
                    .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path)).ToList();
                var compilation = CSharpCompilation.Create("Scale", trees, references, options);
                compilation.GetDeclarationDiagnostics();
                var byKind = new Dictionary<string, double>();
                foreach (var tree in trees)
                {
                    var start = ThreadCpu();
                    compilation.GetSemanticModel(tree).GetMethodBodyDiagnostics();
                    var kind = Numbered.Replace(Path.GetFileName(tree.FilePath), "N");
                    byKind[kind] = byKind.GetValueOrDefault(kind) + (ThreadCpu() - start);
                }

                byKind["(all files)"] = byKind.Values.Sum();
                foreach (var (kind, seconds) in byKind)
                {
                    samples.TryAdd((folder, kind), new List<double>());
                    samples[(folder, kind)].Add(seconds);
                }
            }
        }

        Console.WriteLine("| kind of file | " + string.Join(" | ", folders) + " |");
        Console.WriteLine("| --- |" + string.Concat(folders.Select(_ => " ---: |")));
        foreach (var kind in samples.Keys.Select(key => key.Kind).Distinct().OrderByDescending(kind => samples[(folders[0], kind)].Max()).Take(12))
        {
            Console.WriteLine("| " + kind + " | " + string.Join(" | ", folders.Select(folder => samples.TryGetValue((folder, kind), out var values)
                ? values.Order().ElementAt(values.Count / 2).ToString("F2", CultureInfo.InvariantCulture) : "-")) + " |");
        }

        return 0;
    }

    /// <summary>
    /// <c>--compile-profile --members [N]</c>: binding and flow analysis of every member of the generated code, one at a
    /// time in one thread (the thread's CPU time), grouped by the kind of file and the member's name with its digits
    /// replaced, so that each kind of generated member shows what it costs per operation.
    /// </summary>
    private static int Members(int operations)
    {
        var sources = GeneratorScaleBenchmarks.Sources(operations);
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.SourceText, parseOptions, source.HintName)).ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release, concurrentBuild: false);
        var compilation = CSharpCompilation.Create("Scale", trees, References(), options);
        compilation.GetDeclarationDiagnostics();
        var byMember = new Dictionary<string, (int Count, double Seconds)>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var kind = Numbered.Replace(Path.GetFileName(tree.FilePath), "N");
            foreach (var member in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>()
                .Where(member => member is not Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax and not Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax))
            {
                var start = ThreadCpu();
                model.GetMethodBodyDiagnostics(member.Span);
                var seconds = ThreadCpu() - start;
                var key = kind + " " + Numbered.Replace(MemberKey(member), "N");
                var (count, total) = byMember.GetValueOrDefault(key);
                byMember[key] = (count + 1, total + seconds);
            }
        }

        var all = byMember.Values.Sum(value => value.Seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## {operations:N0} operations: binding member by member, {all:F2} CPU s"));
        Console.WriteLine();
        Console.WriteLine("| file | member | count | CPU s | share | CPU µs each |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var (key, (count, seconds)) in byMember.OrderByDescending(pair => pair.Value.Seconds).Take(40))
        {
            var split = key.IndexOf(' ', StringComparison.Ordinal);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {key[..split]} | `{key[(split + 1)..]}` | {count:N0} | {seconds:F2} | {seconds / all:P0} | {seconds * 1e6 / count:F0} |"));
        }

        return 0;
    }

    private static string MemberKey(Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax member) => member switch
    {
        Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax method =>
            method.Identifier.Text + "(" + string.Join(", ", method.ParameterList.Parameters.Select(parameter => parameter.Type?.ToString().Split('.').Last())) + ")",
        Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => "property " + property.Identifier.Text,
        Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax field => "field " + field.Declaration.Variables[0].Identifier.Text,
        Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax constructor => "constructor(" + constructor.ParameterList.Parameters.Count + ")",
        Microsoft.CodeAnalysis.CSharp.Syntax.OperatorDeclarationSyntax => "operator",
        Microsoft.CodeAnalysis.CSharp.Syntax.ConversionOperatorDeclarationSyntax => "conversion",
        _ => member.Kind().ToString(),
    };

    // The CPU time of the calling thread, to the nanosecond (Process.TotalProcessorTime counts in clock ticks).
    private static double ThreadCpu()
    {
        if (ClockGetTime(3, out var now) != 0) // CLOCK_THREAD_CPUTIME_ID
        {
            throw new InvalidOperationException("clock_gettime failed.");
        }

        return now.Seconds + (now.Nanoseconds * 1e-9);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>
    /// <c>--compile-profile --constructs</c>: the compiler's CPU time for 20 000 uses of one construct of the generated
    /// code against a cheaper way to write the same thing, each in 200 methods of 100 statements, so that the cost of
    /// a construct per use can be compared.
    /// </summary>
    private static int Constructs(string? filter)
    {
        // The helpers mirror the generated JsonHelpers: WriteOptional is overloaded as generated (six primitive
        // types and two generic forms), the *String/*Number forms are one non-overloaded method per kind of member.
        const string Prelude = """
            #nullable enable
            using System;
            using System.Collections.Generic;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            sealed record Item(string Id);
            sealed class Conv<T> : JsonConverter<T> where T : class
            {
                public static readonly Conv<T> Instance = new();
                public override T Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) => null!;
                public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) { }
                public static T? ReadNullable(ref Utf8JsonReader reader, JsonSerializerOptions options) => null;
            }
            sealed class ListConv<T> : JsonConverter<IReadOnlyList<T>>
            {
                public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) => null!;
                public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) { }
                public static class Shared<TItemConverter> where TItemConverter : JsonConverter<T> { public static readonly ListConv<T> Instance = new(); }
            }
            sealed class Pager<TPage, T>
            {
                public Pager(string id, long offset, Func<TPage, IReadOnlyList<T>?> items, Func<TPage, long?>? total, Func<long, long?, object?, object> fetch) { }
            }
            static class Helpers
            {
                public static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) => name.SequenceEqual(expected);
                public static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string value) => writer.WriteString(name, value);
                public static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int value) => writer.WriteNumber(name, value);
                public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value) { }
                public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value) { }
                public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value) { }
                public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, float? value) { }
                public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value) { }
                public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool? value) { }
                public static void WriteOptional<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T? value, JsonConverter<T> converter, JsonSerializerOptions options) where T : class { }
                public static void WriteOptional<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T? value, JsonConverter<T> converter, JsonSerializerOptions options) where T : struct { }
                public static void WriteOptionalString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value) { }
                public static void Write<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T value, JsonConverter<T> converter, JsonSerializerOptions options) { }
                public static T? Read<T>(ref Utf8JsonReader reader, JsonConverter<T> converter, JsonSerializerOptions options) where T : class => null;
                public static string? ReadString(ref Utf8JsonReader reader) => null;
                public static JsonException Missing(string property, string type, bool mayBeNull = false) => new();
                public static string Required(string? value, string property, string type) => value ?? throw Missing(property, type);
                public static void Validate(int? offset, int? limit) { }
                public static int Info<T>(JsonSerializerOptions options, JsonConverter<T> converter) => 0;
                public static T Resume<T>(Token token, string operationId, System.Threading.CancellationToken cancellationToken, Func<Token, System.Threading.CancellationToken, T> resume) => resume(token, cancellationToken);
                public static Token FromToken(Token token, string operationId) => token;
                public static (Token Token, System.Threading.CancellationToken Cancellation) ResumeAt(Token token, string operationId, System.Threading.CancellationToken cancellationToken) => (token, cancellationToken);
                public static object Listing(int? offset, int? limit, System.Threading.CancellationToken cancellationToken) => token0;
                public static object Fetch(int? offset, int? limit, object? options) => token0;
                public static object Fetch(int? offset, int? limit, System.Threading.CancellationToken cancellationToken) => token0;
                private static readonly Token token0 = new();
            }
            sealed class Token { public long Offset; public long? Limit; }
            sealed class Fetcher
            {
                public Fetcher(Func<long, long?, object?, object> fetch) { }
                public Fetcher(Func<int?, int?, object?, object> fetch, bool exact) { }
            }
            """;
        const string Parameters = "ReadOnlySpan<byte> name, Utf8JsonWriter writer, string? text, Item item, ref Utf8JsonReader reader, JsonSerializerOptions options, int? number, IReadOnlyList<Item> items, Type type, Token token";
        var constructs = new (string Name, string Statement)[]
        {
            ("MemoryExtensions.SequenceEqual(name, \"id\"u8)", "if (global::System.MemoryExtensions.SequenceEqual(name, \"id{0}\"u8)) count++;"),
            ("Helpers.Is(name, \"id\"u8) (as generated: one non-generic helper)", "if (Helpers.Is(name, \"id{0}\"u8)) count++;"),
            ("writer.WriteString(\"id\"u8, text) (generated before the typed helpers, required string)", "writer.WriteString(\"id{0}\"u8, text!);"),
            ("Helpers.WriteString(writer, \"id\"u8, text) (as generated: non-overloaded helper)", "Helpers.WriteString(writer, \"id{0}\"u8, text!);"),
            ("writer.WriteNumber(\"id\"u8, 1) (generated before the typed helpers, required int)", "writer.WriteNumber(\"id{0}\"u8, count);"),
            ("Helpers.WriteNumber(writer, \"id\"u8, 1) (non-overloaded helper)", "Helpers.WriteNumber(writer, \"id{0}\"u8, count);"),
            ("Helpers.WriteOptional(writer, \"id\"u8, text) (generated before the typed helpers: 8 overloads)", "Helpers.WriteOptional(writer, \"id{0}\"u8, text);"),
            ("Helpers.WriteOptionalString(writer, \"id\"u8, text) (as generated: one name per kind)", "Helpers.WriteOptionalString(writer, \"id{0}\"u8, text);"),
            ("Helpers.Write(writer, \"id\"u8, item, Conv<Item>.Instance, options) (as generated: T inferred)", "Helpers.Write(writer, \"id{0}\"u8, item, Conv<Item>.Instance, options);"),
            ("Helpers.Write<Item>(...) (T given)", "Helpers.Write<Item>(writer, \"id{0}\"u8, item, Conv<Item>.Instance, options);"),
            ("item = Helpers.Read(ref reader, Conv<Item>.Instance, options)! (T inferred)", "item = Helpers.Read(ref reader, Conv<Item>.Instance, options)!;"),
            ("item = Helpers.Read<Item>(...)! (T given)", "item = Helpers.Read<Item>(ref reader, Conv<Item>.Instance, options)!;"),
            ("item = Conv<Item>.ReadNullable(ref reader, options)! (as generated for objects)", "item = Conv<Item>.ReadNullable(ref reader, options)!;"),
            ("ListConv<Item>.Shared<Conv<Item>>.Instance (as generated for lists)", "Helpers.Write(writer, \"id{0}\"u8, items, ListConv<Item>.Shared<Conv<Item>>.Instance, options);"),
            ("the same with Write<IReadOnlyList<Item>> given", "Helpers.Write<IReadOnlyList<Item>>(writer, \"id{0}\"u8, items, ListConv<Item>.Shared<Conv<Item>>.Instance, options);"),
            ("text = text ?? throw Helpers.Missing(...) (as generated)", "text = text ?? throw Helpers.Missing(\"id{0}\", \"Resource\");"),
            ("text = Helpers.Required(text, ...) (one helper per kind)", "text = Helpers.Required(text, \"id{0}\", \"Resource\");"),
            ("number = reader.TokenType == Null ? null : reader.GetInt32() (generated before the typed helpers)", "number = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();"),
            ("text = Helpers.ReadString(ref reader) (as generated)", "text = Helpers.ReadString(ref reader);"),
            ("new Pager<IReadOnlyList<Item>, Item>(..., 3 lambdas) (as generated per paged operation)", "_ = new Pager<IReadOnlyList<Item>, Item>(\"id{0}\", 0, page => page, page => page.Count, (offset, size, o) => o!);"),
            ("Helpers.Validate(number, number) (a shared check instead of a Validate method)", "Helpers.Validate(number, number);"),
            ("if (type == typeof(Item)) count += Info(options, Conv<Item>.Instance) (as generated in the resolver)", "if (type == typeof(Item)) count += Helpers.Info(options, Conv<Item>.Instance);"),
            ("the same with Info<Item> given", "if (type == typeof(Item)) count += Helpers.Info<Item>(options, Conv<Item>.Instance);"),
            ("Resume(token, \"op\", default, (token, cancellation) => Listing(...)) (generated before: a lambda)", "_ = Helpers.Resume(token, \"op{0}\", default, (resumed, cancellation) => Helpers.Listing((int)resumed.Offset, (int?)resumed.Limit, cancellation));"),
            ("FromToken(token, \"op\") switch { var resumed => Listing(...) } (as generated: no lambda)", "_ = Helpers.FromToken(token, \"op{0}\") switch {{ var resumed => Helpers.Listing((int)resumed.Offset, (int?)resumed.Limit, default) }};"),
            ("ResumeAt(token, \"op\", default) switch { var (resumed, cancellation) => Listing(...) } (a tuple, no lambda)", "_ = Helpers.ResumeAt(token, \"op{0}\", default) switch {{ var (resumed, cancellation) => Helpers.Listing((int)resumed.Offset, (int?)resumed.Limit, cancellation) }};"),
            ("new Fetcher((pageOffset, pageSize, pageOptions) => Fetch(...)) (as generated, one fetch lambda)", "_ = new Fetcher((pageOffset, pageSize, pageOptions) => Helpers.Fetch((int)pageOffset, (int?)pageSize, pageOptions));"),
            ("new Fetcher(Fetch, true) (a method group instead)", "_ = new Fetcher(Helpers.Fetch, true);"),
        };
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release, concurrentBuild: false);
        Console.WriteLine("| construct | uses | CPU seconds (median of 3 emits) | CPU µs per use |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, statement) in constructs.Where(construct => filter is null || construct.Name.Contains(filter, StringComparison.Ordinal)).Prepend(("(warm-up)", constructs[0].Statement)))
        {
            var source = new System.Text.StringBuilder(Prelude).AppendLine("static class Uses {");
            for (var method = 0; method < 200; method++)
            {
                source.AppendLine(CultureInfo.InvariantCulture, $"public static int M{method}({Parameters}) {{ var count = 0;");
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
