using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DdmGen.Generator.Tests.Infrastructure;

/// <summary>Analyzer config options as MSBuild would pass them: global properties and per-file metadata.</summary>
internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Options> _files;

    public TestOptionsProvider(IReadOnlyDictionary<string, string> global, Dictionary<string, Options> files)
    {
        GlobalOptions = new Options(global);
        _files = files;
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _files.TryGetValue(textFile.Path, out var options) ? options : Options.Empty;

    internal sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        private readonly IReadOnlyDictionary<string, string> _values;

        public Options(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
