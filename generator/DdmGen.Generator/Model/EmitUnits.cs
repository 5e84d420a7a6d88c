namespace DdmGen.Generator.Model;

/// <summary>
/// One piece of output, small enough that a change to the spec re-emits only the pieces it touches:
/// the pipeline compares units by value and emits only the new or changed ones.
/// </summary>
internal abstract record EmitUnit(GenerationContext Context)
{
    /// <summary>The part of the spec the unit comes from; a failure to emit it is reported there.</summary>
    public SpecOrigin? Origin { get; init; }
}

/// <summary>One model's file.</summary>
/// <param name="UsesDeprecated">Whether the model names something deprecated: itself, a member of its own, or a deprecated model in its properties' types.</param>
internal sealed record ObjectUnit(GenerationContext Context, ObjectModel Model, bool UsesDeprecated) : EmitUnit(Context);

internal sealed record EnumUnit(GenerationContext Context, EnumModel Model) : EmitUnit(Context);

/// <summary>The reflection-free <c>IJsonTypeInfoResolver</c> that knows every generated type.</summary>
internal sealed record ResolverUnit(GenerationContext Context, EquatableArray<string> Objects, EquatableArray<string> Enums, bool NamesDeprecatedTypes) : EmitUnit(Context);

internal enum SupportKind
{
    DateTimeConverter,
    ListConverter,
    StringConverter,
    MapConverter,
    ApiException,
    JsonHelpers,
    ModelBase,
    ModelContext,
    Page,
}

/// <summary>A support type that depends on nothing but the context.</summary>
internal sealed record SupportUnit(GenerationContext Context, SupportKind Kind) : EmitUnit(Context);

/// <summary>The client's files.</summary>
/// <param name="UsesDeprecated">Whether the client's code names something deprecated: an operation, a parameter, a model in an operation's types, a member of a page its pager reads.</param>
internal sealed record ClientUnit(GenerationContext Context, ClientModel Client, bool UsesDeprecated) : EmitUnit(Context);

/// <param name="ServerPath">The spec's relative server ("/v3"), which every request's path starts with; null when there is none.</param>
/// <param name="Overlaps">Values of the options alone that make one operation's path another's, refused when a client is created; one of each.</param>
internal sealed record OptionsUnit(GenerationContext Context, string? Title, string? DefaultEndpoint, string? ServerPath, EquatableArray<ClientParameterModel> Parameters, AuthModel? Auth, bool SomeWithoutAuth = false, EquatableArray<PathOverlap> Overlaps = default) : EmitUnit(Context);

internal sealed record CredentialUnit(GenerationContext Context, AuthModel Auth) : EmitUnit(Context);

/// <summary>The internal helper type of a client: request building, sending, reading, paging and the body-size policy.</summary>
/// <param name="HasBody">Whether an operation has a body, whose JSON the shared <c>JsonContent</c> writes.</param>
/// <param name="ChecksLengths">Whether an operation checks the length of a text argument (<c>minLength</c>, <c>maxLength</c>).</param>
/// <param name="ChecksOtherPaths">Whether a path value can make another operation's path (<see cref="PathOverlap"/>), which the client then refuses.</param>
/// <param name="SecretHeaders">The header parameters of any operation whose value is a password, by their names in the spec: treated as the credential's headers.</param>
/// <param name="SecretQueries">The query parameters of any operation whose value is a password, by their names in the spec: never logged.</param>
/// <param name="KeepsSecretValues">Whether a path or query parameter of any operation is a password of text, whose value each request keeps to mask it in logs and answers.</param>
/// <param name="UnmaskedHeaders">The password headers of <paramref name="SecretHeaders"/> whose values are numbers or booleans: never logged, but not masked by value.</param>
internal sealed record ClientSupportUnit(GenerationContext Context, ErrorModel? Error, AuthModel? Auth, bool HasPaging, bool HasBody, bool ChecksLengths, bool ChecksOtherPaths = false, EquatableArray<string> SecretHeaders = default, EquatableArray<string> SecretQueries = default, bool KeepsSecretValues = false, EquatableArray<string> UnmaskedHeaders = default) : EmitUnit(Context);

/// <summary><c>services.Add{ClientName}(...)</c>, emitted when the compilation references Microsoft.Extensions.Http.</summary>
internal sealed record ServiceExtensionsUnit(GenerationContext Context, bool HasCredential) : EmitUnit(Context);
