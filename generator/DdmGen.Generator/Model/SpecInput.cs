namespace DdmGen.Generator.Model;

/// <summary>A spec file as the pipeline first sees it: its text and the options that apply to it.</summary>
internal sealed record SpecInput(string Path, string Text, string Namespace, string ClientName, EquatableArray<DiagnosticInfo> OptionDiagnostics);
