namespace DdmGen.Generator.Model;

/// <summary>
/// A diagnostic as data: the descriptor's id, where it points and its message arguments.
/// Reported from the cached model, so it must not hold a <see cref="Microsoft.CodeAnalysis.Diagnostic"/>.
/// </summary>
internal sealed record DiagnosticInfo(string Id, SourceLocation Location, EquatableArray<string> Arguments);
