namespace DdmGen.Generator.Model;

/// <summary>Everything generated from one spec file, as plain comparable values.</summary>
internal sealed record SpecModel(
    GenerationContext Context,
    EquatableArray<ObjectModel> Objects,
    EquatableArray<EnumModel> Enums,
    ClientModel? Client,
    EquatableArray<DiagnosticInfo> Diagnostics);
