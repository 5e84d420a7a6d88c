using System.Linq;
using DdmGen.Generator.Diagnostics;
using DdmGen.Generator.Emitting;
using DdmGen.Generator.Model;
using DdmGen.Generator.Parsing;
using DdmGen.Generator.Reading;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator;

/// <summary>
/// Generates a typed client from each OpenAPI document added as <c>&lt;AdditionalFiles Include="..." DdmGenSpec="true" /&gt;</c>.
/// The pipeline only: spec text and options, then an equatable model, then one unit per generated file.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpenApiClientGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Each input is taken once and reduced to equatable values: an analyzer-config or MSBuild property change
        // re-evaluates the small option records below, and unless they change, no spec is read or parsed again.
        var globalOptions = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => SpecOptions.Global(provider))
            .WithTrackingName(TrackingNames.GlobalOptions);
        // A file is a spec by its DdmGenSpec metadata, whatever its name ends in. Only the files so marked are read:
        // the text step depends on the set of their paths, which an option change leaves equal (so no text is read again).
        // Every pairing of many values with one goes through CombineEach (see there why), in the order of the paths.
        // Only the spec files are spread (and below, only their texts): a file that is no spec, wherever it sorts,
        // moves no spec's place.
        var files = context.AdditionalTextsProvider
            .CombineEach(context.AnalyzerConfigOptionsProvider, static text => text.Path, static (text, provider) => SpecOptions.File(text, provider))
            .WithTrackingName(TrackingNames.SpecFiles);
        // The files with a mark that is neither true nor false, spread alone as the spec files are.
        var invalidMarks = context.AdditionalTextsProvider
            .CombineEach(context.AnalyzerConfigOptionsProvider, static text => text.Path, static (text, provider) => SpecOptions.InvalidMark(text, provider))
            .WithTrackingName(TrackingNames.InvalidMarks);
        context.RegisterSourceOutput(invalidMarks, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));
        var markedPaths = files
            .Select(static (file, _) => file.Path)
            .Collect()
            .Select(static (paths, _) => paths.ToEquatableArray());
        // The file alone goes on to the step that reads it: a change of the marked set reads no unchanged file again.
        var texts = context.AdditionalTextsProvider
            .CombineEach(markedPaths, static text => text.Path, static (text, paths) => paths.Contains(text.Path) ? text : null)
            .Select(static (text, cancellationToken) => SpecOptions.Text(text, cancellationToken))
            .WithTrackingName(TrackingNames.SpecTexts);
        var inputs = files
            .CombineEach(texts.Collect().Combine(globalOptions))
            .Select(static (pair, _) => SpecOptions.Create(pair.Left, pair.Right.Left, pair.Right.Right))
            .WithTrackingName(TrackingNames.SpecInputs);

        var models = inputs
            .Select(Parser.Parse)
            .WithTrackingName(TrackingNames.Models);

        var diagnostics = models
            .Select(static (model, _) => model.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (var item in items)
            {
                output.ReportDiagnostic(item.ToDiagnostic());
            }
        });

        // Say clearly when the project cannot compile the generated code, rather than leave the user with CS errors.
        // Each input is reduced to a string (or null) at once: the compilation is never held.
        var languageProblem = context.ParseOptionsProvider
            .Select(static (options, _) => TargetApis.Missing(options))
            .WithTrackingName(TrackingNames.LanguageVersion);
        var frameworkProblem = context.CompilationProvider
            .Select(static (compilation, _) => TargetApis.Missing(compilation))
            .WithTrackingName(TrackingNames.TargetApis);
        var projectProblem = languageProblem
            .Combine(frameworkProblem)
            .Select(static (pair, _) => pair.Left ?? pair.Right);
        context.RegisterSourceOutput(files.Select(static (file, _) => file.Path).CombineEach(projectProblem), static (output, pair) =>
        {
            if (pair.Right is { } problem)
            {
                output.ReportDiagnostic(DiagnosticFactory.Create(DiagnosticCatalog.UnsupportedProject, SourceLocation.FileStart(pair.Left), System.IO.Path.GetFileName(pair.Left), problem).ToDiagnostic());
            }
        });

        // Two specs in one namespace would emit the same hint names: the compiler would throw after this returns.
        var namespaceConflicts = inputs
            .Select(static (input, _) => (input.Path, input.Namespace))
            .Collect()
            .Select(static (specs, _) => NamespaceClaims.Conflicts(specs));
        context.RegisterSourceOutput(namespaceConflicts, static (output, conflicts) =>
        {
            foreach (var conflict in conflicts)
            {
                output.ReportDiagnostic(DiagnosticFactory.Create(DiagnosticCatalog.SharedNamespace, SourceLocation.FileStart(conflict.Path), conflict.Name, conflict.Namespace, conflict.OwnerName).ToDiagnostic());
            }
        });

        // A referenced assembly (a library of the solution) that generated the same namespace: its public types would
        // come twice. The compilation is reduced at once to the specs so placed, compared by value.
        var referencedNamespaces = inputs
            .Select(static (input, _) => (input.Path, input.Namespace))
            .Collect()
            .Select(static (specs, _) => specs.ToEquatableArray())
            .Combine(context.CompilationProvider)
            .Select(static (pair, cancellationToken) => ReferencedNamespaces.Find(pair.Right, pair.Left, cancellationToken))
            .WithTrackingName(TrackingNames.ReferencedNamespaces);
        context.RegisterSourceOutput(referencedNamespaces, static (output, referenced) =>
        {
            foreach (var item in referenced)
            {
                output.ReportDiagnostic(DiagnosticFactory.Create(DiagnosticCatalog.ReferencedNamespace, SourceLocation.FileStart(item.Path), System.IO.Path.GetFileName(item.Path), item.Namespace, item.Assembly).ToDiagnostic());
            }
        });

        // A spec whose namespace is the full name of a type another spec generates (Contoso.Billing beside a model
        // Billing in Contoso): the output would not compile. Each model is reduced to its names, compared by value.
        var typeConflicts = models
            .Select(static (model, _) => (model.Context.SpecPath, model.Context.Namespace, model.TypeNames()))
            .Collect()
            .Select(static (specs, _) => NamespaceClaims.TypeConflicts(specs));
        context.RegisterSourceOutput(typeConflicts, static (output, conflicts) =>
        {
            foreach (var conflict in conflicts)
            {
                output.ReportDiagnostic(DiagnosticFactory.Create(DiagnosticCatalog.NamespaceIsType, SourceLocation.FileStart(conflict.Path), conflict.Name, conflict.Namespace, conflict.TypeName, conflict.OwnerName).ToDiagnostic());
            }
        });

        var units = models
            .SelectMany(static (model, _) => model.ToEmitUnits().ToArray())
            .WithTrackingName(TrackingNames.EmitUnits);
        // Nothing is emitted where DDMG004 says it cannot compile: one clear error instead of a page of CS errors.
        var blocked = namespaceConflicts.Combine(typeConflicts).Combine(referencedNamespaces).Combine(projectProblem)
            .Select(static (pair, _) => new Blocked(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right));
        context.RegisterSourceOutput(units.CombineEach(blocked), static (output, pair) => EmitUnit(output, pair.Left, pair.Right));

        // services.Add{ClientName}(...) only for compilations that can use it; the compilation is reduced to a bool at once.
        var hasHttpClientFactory = context.CompilationProvider
            .Select(static (compilation, _) => TargetApis.HasHttpClientFactory(compilation))
            .WithTrackingName(TrackingNames.HttpClientFactory);
        var serviceUnits = models
            .Select(static (model, _) => model.Client is null ? null : new ServiceExtensionsUnit(model.Context, model.Client.Auth is not null) { Origin = model.Client.Origin })
            .CombineEach(hasHttpClientFactory)
            .Select(static (pair, _) => pair.Right ? pair.Left : null)
            .WithTrackingName(TrackingNames.ServiceExtensions);
        context.RegisterSourceOutput(serviceUnits.CombineEach(blocked), static (output, pair) =>
        {
            if (pair.Left is { } unit)
            {
                EmitUnit(output, unit, pair.Right);
            }
        });
    }

    private static void EmitUnit(SourceProductionContext output, EmitUnit unit, Blocked blocked)
    {
        if (blocked.ProjectProblem is not null || blocked.Conflicts.IsConflicted(unit.Context) || blocked.TypeConflicts.IsConflicted(unit.Context) || blocked.Referenced.IsReferenced(unit.Context))
        {
            return;
        }

        try
        {
            foreach (var file in Emitter.Emit(unit, output.CancellationToken))
            {
                output.AddSource(file.HintName, file.Text);
            }
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Never an exception into the compiler: it would become CS8785 and tell the user nothing.
            var origin = unit.Origin ?? new SpecOrigin(string.Empty, SourceLocation.FileStart(unit.Context.SpecPath));
            output.ReportDiagnostic(DiagnosticFactory.Create(DiagnosticCatalog.InternalError, origin.Location, unit.Context.SpecFileName, SpecPointer.Display(origin.Pointer), exception.GetType().Name + ": " + exception.Message.TrimEnd('.')).ToDiagnostic());
        }
    }

    /// <summary>What keeps files from being emitted: specs in a taken namespace or one named by a type, and a project that cannot compile them.</summary>
    private sealed record Blocked(EquatableArray<NamespaceConflict> Conflicts, EquatableArray<TypeNamespaceConflict> TypeConflicts, EquatableArray<ReferencedNamespace> Referenced, string? ProjectProblem);
}
