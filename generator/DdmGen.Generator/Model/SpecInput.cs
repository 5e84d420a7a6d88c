namespace DdmGen.Generator.Model;

/// <summary>
/// A spec file as the pipeline first sees it: its text (null when the file is over the size bound, which
/// <see cref="Length"/> then tells) and the options that apply to it.
/// </summary>
internal sealed record SpecInput(string Path, string? Text, int Length, string Namespace, string ClientName, EquatableArray<DiagnosticInfo> OptionDiagnostics);
