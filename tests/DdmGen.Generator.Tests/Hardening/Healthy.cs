using System;
using System.Linq;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// What every spec, however broken, must give: no exception into the compiler (CS8785), no internal error,
/// every error located inside the file, and compiling output whenever no DDMG error was reported.
/// </summary>
internal static class Healthy
{
    public static GeneratorResult Run(string text, string path = "/specs/test.yaml") =>
        Check(GeneratorHarness.Run(new SpecFile(path, text)), text);

    public static GeneratorResult Check(GeneratorResult result, params string[] texts)
    {
        Assert.DoesNotContain(result.GeneratorDiagnostics, diagnostic => diagnostic.Id == "CS8785");
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG901");
        var lineCount = texts.Max(text => SourceText.From(text).Lines.Count);
        foreach (var error in result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Id != "DDMG004"))
        {
            Assert.True(error.Location.IsInSource || error.Location.Kind == LocationKind.ExternalFile, $"{error} has no location");
            var line = error.Location.GetLineSpan().StartLinePosition.Line;
            Assert.InRange(line, 0, lineCount);
        }

        if (!result.Diagnostics.Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error))
        {
            var problems = result.Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(problems.Count == 0, "the output does not compile:\n" + string.Join("\n", problems.Take(10)));
        }

        return result;
    }

    public static bool HasError(this GeneratorResult result, string id) =>
        result.Diagnostics.Any(diagnostic => diagnostic.Id == id && diagnostic.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// The one-based line of the first line of <paramref name="text"/> that contains <paramref name="marker"/>, with
    /// lines counted as the compiler counts them (CR, LF, CR LF, U+0085, U+2028 and U+2029 end a line).
    /// </summary>
    public static int LineOf(string text, string marker)
    {
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"marker '{marker}' is not in the spec");
        return SourceText.From(text).Lines.GetLineFromPosition(index).LineNumber + 1;
    }

    public static int Line(this Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
}
