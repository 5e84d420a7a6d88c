namespace DdmGen.Generator;

/// <summary>The names of the pipeline steps, so tests can check what each run recomputed.</summary>
internal static class TrackingNames
{
    public const string GlobalOptions = nameof(GlobalOptions);
    public const string SpecFiles = nameof(SpecFiles);
    public const string InvalidMarks = nameof(InvalidMarks);
    public const string SpecTexts = nameof(SpecTexts);
    public const string SpecInputs = nameof(SpecInputs);
    public const string Models = nameof(Models);
    public const string Diagnostics = nameof(Diagnostics);
    public const string EmitUnits = nameof(EmitUnits);
    public const string LanguageVersion = nameof(LanguageVersion);
    public const string TargetApis = nameof(TargetApis);
    public const string HttpClientFactory = nameof(HttpClientFactory);
    public const string ServiceExtensions = nameof(ServiceExtensions);
    public const string ReferencedNamespaces = nameof(ReferencedNamespaces);
}
