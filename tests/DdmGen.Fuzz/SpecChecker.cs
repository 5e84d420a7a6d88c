using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DdmGen.Fuzz;

/// <summary>The kinds of failure a case can show; a case with none passes.</summary>
public enum FailureKind
{
    /// <summary>An exception left the generator (CS8785), or the process died (stack overflow, out of memory).</summary>
    Crash,

    /// <summary>The generator did not return within the time limit.</summary>
    Hang,

    /// <summary>DDMG901: the generator caught its own bug.</summary>
    InternalError,

    /// <summary>An error diagnostic without a location inside the spec file.</summary>
    BadLocation,

    /// <summary>No DDMG error, yet the generated code does not compile, or compiles with a warning.</summary>
    Uncompilable,

    /// <summary>Spec text became code: the output declares a member named <c>Injected</c>.</summary>
    Injection,
}

/// <summary>One failure of a case: the kind and a signature that groups failures of the same cause.</summary>
public sealed record Failure(FailureKind Kind, string Signature, string Detail);

/// <summary>What the generator did with one spec.</summary>
public sealed class GenerationOutcome
{
    /// <summary>The (first) spec's path.</summary>
    public required string Path { get; init; }

    /// <summary>The (first) spec's text.</summary>
    public required string Text { get; init; }

    /// <summary>Every spec of the run, by path.</summary>
    public IReadOnlyDictionary<string, string> Specs { get; init; } = new Dictionary<string, string>();

    public required string Namespace { get; init; }

    public string? ClientName { get; init; }

    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = ImmutableArray<Diagnostic>.Empty;

    public IReadOnlyList<(string HintName, string Text)> Sources { get; init; } = Array.Empty<(string, string)>();

    public List<Failure> Failures { get; } = new();

    public long AllocatedBytes { get; init; }

    /// <summary>True when the generator reported no DDMG error, so the output must compile (checked in client campaigns).</summary>
    public bool MustCompile => CompileReferences.WithClient && Failures.Count == 0 && !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("DDMG", StringComparison.Ordinal));
}

/// <summary>
/// Runs the generator on a spec the way the compiler does and checks the rules every spec must meet:
/// no exception escapes, no DDMG901, every error is located inside the file, and error-free output compiles without
/// a warning (consumers build with warnings as errors).
/// </summary>
public static class SpecChecker
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Nullable analysis only adds warnings; a campaign may turn it off for a faster check without them.</summary>
    public static bool NullableAnalysis { get; set; } = true;

    private static CSharpCompilationOptions CompilationOptions => new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableAnalysis ? NullableContextOptions.Enable : NullableContextOptions.Disable, concurrentBuild: Concurrent);

    public static bool Concurrent { get; set; } = true;

    /// <summary>Time the generator may take on one spec before the case counts as a hang.</summary>
    public static TimeSpan HangLimit { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Runs the generator on one spec on a thread of its own, with the hang guard.</summary>
    /// <param name="path">The file path the spec is given (its extension picks YAML or JSON).</param>
    /// <param name="namespaceName">Namespace metadata, unique per case so many cases compile together; null for none.</param>
    public static GenerationOutcome Generate(string path, string text, string? namespaceName, string? clientName) =>
        Generate(new[] { (path, text) }, namespaceName, clientName);

    /// <summary>
    /// Runs the generator once over several specs (one project with many spec files), then runs a small valid spec
    /// on another thread: a run must leave nothing behind (a held lock, a broken static) that stops later runs, as
    /// the compiler server and IDEs run the generator again and again in one process.
    /// </summary>
    public static GenerationOutcome Generate(IReadOnlyList<(string Path, string Text)> specs, string? namespaceName, string? clientName)
    {
        var outcome = GenerateGuarded(specs, namespaceName, clientName);
        if (outcome.Failures.Any(failure => failure.Kind is FailureKind.Hang or FailureKind.Crash))
        {
            return outcome;
        }

        var canary = GenerateGuarded(new[] { ("/canary/canary.yaml", Canary) }, "Fuzz.Canary", "CanaryClient", TimeSpan.FromSeconds(5));
        if (canary.Failures.Any(failure => failure.Kind == FailureKind.Hang))
        {
            outcome.Failures.Add(new Failure(FailureKind.Hang, "hang:next-run-blocked", "after this spec, the generator never returns on a small valid spec (state left behind, such as a lock)"));
        }

        return outcome;
    }

    /// <summary>A small valid spec, run after each case.</summary>
    private const string Canary = "openapi: 3.0.3\ninfo:\n  title: Canary\n  version: '1.0'\npaths:\n  /items:\n    get:\n      operationId: getItems\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id:\n                    type: string\n";

    private static GenerationOutcome GenerateGuarded(IReadOnlyList<(string Path, string Text)> specs, string? namespaceName, string? clientName, TimeSpan? limit = null)
    {
        var hangLimit = limit ?? HangLimit;
        GenerationOutcome? outcome = null;
        Exception? escaped = null;
        using var cancellation = new CancellationTokenSource();
        var thread = new Thread(
            () =>
            {
                try
                {
                    outcome = GenerateCore(specs, namespaceName, clientName, cancellation.Token);
                }
                catch (Exception exception)
                {
                    escaped = exception;
                }
            },
            maxStackSize: 1024 * 1024)
        { IsBackground = true, Name = "generator" };
        thread.Start();
        if (!JoinWithinLimit(thread, hangLimit))
        {
            cancellation.Cancel();
            var returned = thread.Join(TimeSpan.FromSeconds(5));
            var hang = Empty(specs, namespaceName, clientName);
            hang.Failures.Add(new Failure(FailureKind.Hang, "hang", "no result after " + hangLimit.TotalSeconds + " s of processor time" + (returned ? " (returned after cancellation)" : " (still running)")));
            return hang;
        }

        if (escaped is not null)
        {
            var crash = Empty(specs, namespaceName, clientName);
            crash.Failures.Add(new Failure(FailureKind.Crash, "crash:" + escaped.GetType().Name + Frame(escaped), escaped.GetType().Name + ": " + FirstLine(escaped.Message) + " " + Frames(escaped)));
            return crash;
        }

        return outcome!;
    }

    /// <summary>
    /// Waits for the generator thread. The limit is processor time, so a machine busy with other work does not
    /// turn a slow case into a hang; wall-clock time is bounded too, at ten times the limit.
    /// </summary>
    private static bool JoinWithinLimit(Thread thread, TimeSpan limit)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        while (!thread.Join(TimeSpan.FromMilliseconds(200)))
        {
            process.Refresh();
            if (process.TotalProcessorTime - cpuStart > limit || wall.Elapsed > limit * 10)
            {
                return false;
            }
        }

        return true;
    }

    private static GenerationOutcome Empty(IReadOnlyList<(string Path, string Text)> specs, string? namespaceName, string? clientName) =>
        new() { Path = specs[0].Path, Text = specs[0].Text, Specs = specs.ToDictionary(spec => spec.Path, spec => spec.Text), Namespace = namespaceName ?? string.Empty, ClientName = clientName };

    private static GenerationOutcome GenerateCore(IReadOnlyList<(string Path, string Text)> specs, string? namespaceName, string? clientName, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.DdmGenSpec"] = "true" };
        if (namespaceName is not null)
        {
            metadata["build_metadata.AdditionalFiles.Namespace"] = namespaceName;
        }

        if (clientName is not null)
        {
            metadata["build_metadata.AdditionalFiles.ClientName"] = clientName;
        }

        var options = new TestOptionsProvider(
            new Dictionary<string, string> { ["build_property.RootNamespace"] = "FuzzApp" },
            specs.ToDictionary(spec => spec.Path, _ => new TestOptionsProvider.Options(metadata)));
        var compilation = CSharpCompilation.Create("FuzzApp", Array.Empty<SyntaxTree>(), CompileReferences.All, CompilationOptions);
        var driver = CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            specs.Select(spec => (AdditionalText)new TestAdditionalText(spec.Path, spec.Text)).ToArray(),
            ParseOptions,
            options);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = driver.RunGenerators(compilation, cancellationToken).GetRunResult();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var outcome = new GenerationOutcome
        {
            Path = specs[0].Path,
            Text = specs[0].Text,
            Specs = specs.ToDictionary(spec => spec.Path, spec => spec.Text),
            Namespace = namespaceName ?? string.Empty,
            ClientName = clientName,
            Diagnostics = result.Diagnostics,
            Sources = result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToList(),
            AllocatedBytes = allocated,
        };
        Check(outcome, result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null));
        CheckInjection(outcome);
        return outcome;
    }

    /// <summary>The rules that need no compilation: crash, internal error, locations.</summary>
    private static void Check(GenerationOutcome outcome, Exception? exception)
    {
        if (exception is not null)
        {
            outcome.Failures.Add(new Failure(FailureKind.Crash, "crash:" + exception.GetType().Name + Frame(exception), exception.GetType().Name + ": " + FirstLine(exception.Message) + " " + Frames(exception)));
        }

        foreach (var diagnostic in outcome.Diagnostics)
        {
            if (diagnostic.Id == "CS8785" && exception is null)
            {
                outcome.Failures.Add(new Failure(FailureKind.Crash, "crash:CS8785", FirstLine(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
            }
            else if (diagnostic.Id == "DDMG901")
            {
                outcome.Failures.Add(new Failure(FailureKind.InternalError, "internal:" + InternalSignature(diagnostic), Describe(diagnostic)));
            }
        }

        foreach (var diagnostic in outcome.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("DDMG", StringComparison.Ordinal)))
        {
            var span = diagnostic.Location.GetLineSpan();
            var lines = span.Path is not null && outcome.Specs.TryGetValue(span.Path, out var specText) ? LineCount(specText) : 0;
            if (!diagnostic.Location.IsInSource && diagnostic.Location.Kind != LocationKind.ExternalFile || span.StartLinePosition.Line < 0 || span.StartLinePosition.Line >= lines)
            {
                outcome.Failures.Add(new Failure(FailureKind.BadLocation, "location:" + diagnostic.Id, Describe(diagnostic) + " at " + span.Path + ":" + (span.StartLinePosition.Line + 1) + " of " + lines + " lines"));
            }
        }
    }

    /// <summary>The innermost frame of the generator or its readers, naming where an exception came from.</summary>
    private static string Frame(Exception exception)
    {
        var frame = (exception.StackTrace ?? string.Empty).Split('\n').Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("at DdmGen.Generator", StringComparison.Ordinal) || line.StartsWith("at YamlDotNet", StringComparison.Ordinal) || line.StartsWith("at SharpYaml", StringComparison.Ordinal) || line.StartsWith("at Microsoft.OpenApi", StringComparison.Ordinal));
        if (frame is null)
        {
            return string.Empty;
        }

        var paren = frame.IndexOf('(', StringComparison.Ordinal);
        return ":" + (paren > 0 ? frame.Substring(3, paren - 3) : frame.Substring(3));
    }

    private static string Frames(Exception exception) =>
        string.Join(" <- ", (exception.StackTrace ?? string.Empty).Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("at ", StringComparison.Ordinal)).Take(4));

    /// <summary>
    /// Spec text that became code: any member named <c>Injected</c> declared in the output (the hostile texts
    /// carry <c>public static int Injected => 1;</c>). Read from the syntax, so it works without compiling.
    /// </summary>
    public static void CheckInjection(GenerationOutcome outcome)
    {
        foreach (var (hint, text) in outcome.Sources)
        {
            if (!text.Contains("Injected", StringComparison.Ordinal))
            {
                continue;
            }

            var root = CSharpSyntaxTree.ParseText(text, ParseOptions).GetRoot();
            var declared = root.DescendantNodes().Any(node => node switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => property.Identifier.ValueText == "Injected",
                Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax method => method.Identifier.ValueText == "Injected",
                Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax variable => variable.Identifier.ValueText == "Injected",
                Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax type => type.Identifier.ValueText == "Injected",
                _ => false,
            });
            if (declared)
            {
                outcome.Failures.Add(new Failure(FailureKind.Injection, "injection", "a member named Injected is declared in " + hint));
                return;
            }
        }
    }

    /// <summary>Lines of the text, counting every line terminator a reader might (so the bound is generous).</summary>
    public static int LineCount(string text) =>
        Math.Max(SourceText.From(text).Lines.Count, text.Split('\n').Length);

    private static string InternalSignature(Diagnostic diagnostic)
    {
        // "...: InvalidOperationException: message" -> the exception type names the cause well enough.
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        var type = message.Split(' ', ':', '\'', '"').FirstOrDefault(word => word.EndsWith("Exception", StringComparison.Ordinal));
        return type ?? "DDMG901";
    }

    public static string Describe(Diagnostic diagnostic) =>
        diagnostic.Id + " " + FuzzText.Escape(FirstLine(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)), 300);

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(new[] { '\n', '\r' });
        return end < 0 ? text : text.Substring(0, end);
    }

    /// <summary>
    /// Compiles the output of many cases in one compilation (each case has its own namespace) and adds an
    /// Uncompilable failure to every case whose files have errors or warnings. Cases are told apart by file path.
    /// </summary>
    public static void CompileTogether(IReadOnlyList<GenerationOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        var candidates = outcomes.Where(outcome => outcome.MustCompile && outcome.Sources.Count > 0).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var owners = new Dictionary<SyntaxTree, GenerationOutcome>();
        var keys = new Dictionary<GenerationOutcome, string>();
        var index = 0;
        foreach (var outcome in candidates)
        {
            var trees = outcome.Sources.Select(source => Parse(source.Text, "c" + index + "/" + source.HintName, cancellationToken)).ToList();
            index++;
            var key = CodeKey(outcome, trees);
            keys[outcome] = key;
            if (CompiledBefore.TryGetValue(key, out var known))
            {
                Reused++;
                // The same code (comments aside) was compiled before: its errors and warnings are this case's.
                if (known is not null)
                {
                    outcome.Failures.Add(known);
                }

                continue;
            }

            foreach (var tree in trees)
            {
                owners[tree] = outcome;
            }
        }

        if (owners.Count == 0)
        {
            return;
        }

        var compiled = owners.Values.Distinct().ToList();
        Compiled += compiled.Count;
        var compilation = CSharpCompilation.Create("FuzzBatch", owners.Keys, CompileReferences.All, CompilationOptions);
        var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (errors.Count > 0)
        {
            var suspects = new HashSet<GenerationOutcome>(errors.Select(error => error.Location.SourceTree is { } tree && owners.TryGetValue(tree, out var owner) ? owner : null).OfType<GenerationOutcome>());
            if (errors.Any(error => error.Location.SourceTree is null) || compiled.Count > 1)
            {
                // Errors without a file, or one case spoiling another (types in the global namespace): confirm alone.
                var confirm = errors.Any(error => error.Location.SourceTree is null) ? compiled : suspects.ToList();
                foreach (var outcome in confirm)
                {
                    Compile(outcome, cancellationToken);
                }
            }
            else
            {
                foreach (var outcome in suspects)
                {
                    AddUncompilable(outcome, errors.Where(error => error.Location.SourceTree is { } tree && owners[tree] == outcome));
                }
            }
        }

        foreach (var outcome in compiled)
        {
            CompiledBefore[keys[outcome]] = outcome.Failures.FirstOrDefault(failure => failure.Kind == FailureKind.Uncompilable);
        }
    }

    /// <summary>Cases whose output was compiled, and cases whose output had been compiled before.</summary>
    public static int Compiled { get; private set; }

    public static int Reused { get; private set; }

    /// <summary>Outcomes of code compiled before, by <see cref="CodeKey"/>: null when it compiled.</summary>
    private static readonly Dictionary<string, Failure?> CompiledBefore = new(StringComparer.Ordinal);

    /// <summary>
    /// What decides whether a case's output compiles: its tokens and directives, file by file, with the case's own
    /// namespace and client name taken out. Comments and whitespace cannot change the errors or warnings, so cases that differ
    /// only there (a changed description, say) are compiled once.
    /// </summary>
    private static string CodeKey(GenerationOutcome outcome, IReadOnlyList<SyntaxTree> trees)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var tree in trees.OrderBy(tree => tree.FilePath.Substring(tree.FilePath.IndexOf('/', StringComparison.Ordinal)), StringComparer.Ordinal))
        {
            builder.Append('\u0001').Append(tree.FilePath.Substring(tree.FilePath.IndexOf('/', StringComparison.Ordinal)));
            var root = tree.GetRoot();
            foreach (var token in root.DescendantTokens())
            {
                builder.Append(token.Text).Append(' ');
            }

            foreach (var directive in root.DescendantTrivia().Where(trivia => trivia.IsDirective))
            {
                builder.Append('\u0004').Append(directive.ToFullString());
            }
        }

        var text = builder.ToString();
        if (outcome.Namespace.Length > 0)
        {
            text = text.Replace(outcome.Namespace, "\u0002", StringComparison.Ordinal);
        }

        if (outcome.ClientName is { Length: > 0 } client)
        {
            text = text.Replace(client, "\u0003", StringComparison.Ordinal);
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// A generated file as the checks compile it. The generated files turn nullable warnings off after their header, so
    /// that a consumer's compiler skips their nullable analysis; the checks turn the warnings on again (the directive
    /// becomes <c>#nullable enable warnings</c> on the same line) to see every nullable warning the code would give.
    /// </summary>
    private static SyntaxTree Parse(string text, string path, CancellationToken cancellationToken = default)
    {
        const string WarningsOff = "\n#nullable enable annotations\n#nullable disable warnings\n";
        if (NullableAnalysis)
        {
            var directive = text.IndexOf(WarningsOff, StringComparison.Ordinal);
            if (directive < 0)
            {
                throw new InvalidOperationException(path + " does not turn nullable warnings off after its header, as every generated file does.");
            }

            text = text.Substring(0, directive) + "\n#nullable enable annotations\n#nullable enable warnings\n" + text.Substring(directive + WarningsOff.Length);
        }

        return CSharpSyntaxTree.ParseText(text, ParseOptions, path, cancellationToken: cancellationToken);
    }

    /// <summary>Compiles one case's output alone and records its errors and warnings.</summary>
    public static IReadOnlyList<Diagnostic> Compile(GenerationOutcome outcome, CancellationToken cancellationToken = default)
    {
        var trees = outcome.Sources.Select(source => Parse(source.Text, source.HintName, cancellationToken)).ToList();
        var compilation = CSharpCompilation.Create("FuzzCase", trees, CompileReferences.All, CompilationOptions);
        var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        AddUncompilable(outcome, errors);

        // The semantic model's view: no symbol named Injected, whatever the syntax check saw.
        if (!outcome.Failures.Any(failure => failure.Kind == FailureKind.Injection)
            && compilation.GetSymbolsWithName(name => name == "Injected", SymbolFilter.Member, cancellationToken).FirstOrDefault() is { } injected)
        {
            outcome.Failures.Add(new Failure(FailureKind.Injection, "injection", "the compiled output declares " + injected.ToDisplayString()));
        }

        return errors;
    }

    /// <summary>The compilation of one case's output, for inspection (semantic model, members).</summary>
    public static CSharpCompilation Compilation(GenerationOutcome outcome) =>
        CSharpCompilation.Create(
            "FuzzCase",
            outcome.Sources.Select(source => Parse(source.Text, source.HintName)),
            CompileReferences.All,
            CompilationOptions);

    private static void AddUncompilable(GenerationOutcome outcome, IEnumerable<Diagnostic> errors)
    {
        var list = errors.ToList();
        if (list.Count == 0 || outcome.Failures.Any(failure => failure.Kind == FailureKind.Uncompilable))
        {
            return;
        }

        var codes = string.Join("+", list.Select(error => error.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).Take(3));
        var first = list[0];
        outcome.Failures.Add(new Failure(FailureKind.Uncompilable, "uncompilable:" + codes, first.Id + " " + FuzzText.Escape(first.GetMessage(System.Globalization.CultureInfo.InvariantCulture)) + " in " + first.Location.GetLineSpan().Path + " (" + list.Count + " errors or warnings)"));
    }

    /// <summary>Generates and, when there is no DDMG error, compiles: every rule for one spec.</summary>
    public static GenerationOutcome CheckAll(string path, string text, string? namespaceName = "Fuzz.Spec", string? clientName = "FuzzClient") =>
        CheckAll(new[] { (path, text) }, namespaceName, clientName);

    /// <summary>Every rule for one project holding several specs.</summary>
    public static GenerationOutcome CheckAll(IReadOnlyList<(string Path, string Text)> specs, string? namespaceName, string? clientName)
    {
        var outcome = Generate(specs, namespaceName, clientName);
        if (outcome.MustCompile && outcome.Sources.Count > 0)
        {
            Compile(outcome);
        }

        return outcome;
    }

    /// <summary>Runs a task with a time limit (for callers that need a guard around a whole check).</summary>
    public static bool Within(TimeSpan limit, Action action) => Task.Run(action).Wait(limit);
}
