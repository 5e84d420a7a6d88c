namespace DdmGen.Generator.Model;

internal enum ParameterLocation
{
    Path,
    Query,
    Header,
}

/// <summary>Validation bounds a parameter has in the spec, checked before any request is sent.</summary>
/// <param name="MinimumExclusive">Whether the value must be more than <paramref name="Minimum"/> (<c>exclusiveMinimum</c> on a float or double; on an integer it is the inclusive minimum one above).</param>
/// <param name="MaximumExclusive">Whether the value must be less than <paramref name="Maximum"/> (<c>exclusiveMaximum</c> on a float or double; on an integer it is the inclusive maximum one below).</param>
internal sealed record ParameterConstraints(string? Minimum, string? Maximum, int? MinLength, int? MaxLength, bool MinimumExclusive = false, bool MaximumExclusive = false)
{
    public bool HasRange => Minimum is not null || Maximum is not null;

    public bool HasLength => MinLength is not null || MaxLength is not null;
}

/// <summary>A parameter of an operation: a method argument, or (client-level) a property of the client options.</summary>
/// <param name="Joined">Whether a query list is one parameter of its values joined by commas (form style with <c>explode: false</c>), rather than the parameter once per value.</param>
/// <param name="IsSecret">
/// Whether its value is a password, or a list of them (<c>format: password</c>, as a model's property is judged): never
/// logged, masked where an answer repeats it, and not repeated by an argument's exception.
/// </param>
internal sealed record ParameterModel(
    string WireName,
    string Name,
    ParameterLocation Location,
    TypeRef Type,
    bool IsRequired,
    string? Description,
    ParameterConstraints Constraints,
    string? ClientProperty,
    string? DefaultValue = null,
    bool IsDeprecated = false,
    bool Joined = false,
    bool IsSecret = false)
{
    /// <summary>
    /// Whether a password's value is masked wherever a log line or an answer repeats it: text only, or a list of text. A
    /// number or a boolean is not, as its digits or <c>true</c> would be replaced wherever any text holds them.
    /// </summary>
    public bool MasksValue => IsSecret && (Type.Kind == TypeKind.String || Type is { Kind: TypeKind.Array, Element.Kind: TypeKind.String });
}

/// <summary>A request body: JSON, or (with <paramref name="ContentTypeParameter"/>) bytes the caller makes.</summary>
/// <param name="ContentType">The media type it is sent as: the spec's JSON media type (application/merge-patch+json, say), or the first the spec lists for a body that is not JSON.</param>
/// <param name="ContentTypeParameter">
/// For a body that is not JSON (text, bytes, a form, multipart parts), the protocol methods' parameter that takes the
/// content type it is sent with, which the caller chooses (a multipart boundary is the caller's); the operation then
/// has no convenience methods. Null for a JSON body.
/// </param>
internal sealed record BodyModel(string Name, TypeRef Type, bool IsRequired, string? Description, string ContentType = "application/json", string? ContentTypeParameter = null)
{
    /// <summary>Whether the body is not JSON: the protocol methods take it as it is sent, and there are no convenience methods.</summary>
    public bool IsRaw => ContentTypeParameter is not null;
}

/// <summary>Offset/limit auto-paging of an operation, from its <c>x-speakeasy-pagination</c>.</summary>
/// <param name="OffsetParameter">The C# name of the offset parameter.</param>
/// <param name="LimitParameter">The C# name of the limit parameter, when the pages have a size.</param>
/// <param name="ResultsProperty">The property of the response that holds the items.</param>
/// <param name="ItemNullable">Whether an item of the results may be JSON null.</param>
/// <param name="TotalProperty">The property of the response that holds the total item count, when there is one.</param>
/// <param name="PageSize">The page size the pager asks for when none is given: the limit's maximum, when it has one.</param>
/// <param name="ItemsCompareByReference">
/// Whether an item holds any JSON, directly or in a list, a map or a model it holds, which the item's equality compares
/// by reference: the pager then compares items by their JSON to tell a repeated page.
/// </param>
internal sealed record PagingModel(
    string OffsetParameter,
    string? LimitParameter,
    string ResultsProperty,
    bool ResultsNullable,
    TypeRef ItemType,
    bool ItemNullable,
    string? TotalProperty,
    bool TotalNullable,
    string? PageSize,
    bool ItemsCompareByReference);

/// <summary>
/// The success statuses whose answers the result reads, when the spec gives another success answer another body (or
/// none): the statuses listed, or with <paramref name="Except"/> every status but those listed (the result is the
/// body of a <c>2XX</c> range). The convenience methods throw on another success answer.
/// </summary>
internal sealed record ResultStatuses(EquatableArray<int> Statuses, bool Except);

/// <param name="ReadStatuses">Which success answers the result reads; null when it reads every one.</param>
/// <param name="Accept">The Accept header of the requests when it is not application/json: the media types the success answers declare, the JSON ones first.</param>
/// <param name="ResultNullable">Whether the spec allows the result's body to be JSON null, so the result's value may be null.</param>
/// <param name="Overlaps">The values of its path parameters that would make another operation's path, which it refuses.</param>
internal sealed record OperationModel(
    string OperationId,
    string MethodName,
    string HttpMethod,
    string PathTemplate,
    string? Summary,
    string? Description,
    EquatableArray<ParameterModel> Parameters,
    BodyModel? Body,
    TypeRef? Result,
    string? ResultDescription,
    PagingModel? Paging,
    bool UsesAuth,
    bool IsDeprecated,
    ResultStatuses? ReadStatuses = null,
    string? Accept = null,
    bool ResultNullable = false,
    EquatableArray<PathOverlap> Overlaps = default);

/// <summary>A parameter that every call shares (<c>x-ms-parameter-location: client</c>): a property of the options.</summary>
/// <param name="IsRequired">Whether the option must be set; an optional one is sent only when it is.</param>
/// <param name="InPath">Whether an operation sends it as a segment of its path, which its value must not leave empty.</param>
/// <param name="OwnSegment">
/// Whether every operation that sends it in its path has it as a segment of its own (<c>/{id}/</c>), so that a value "."
/// or ".." would be a step in the path, refused when the client is created.
/// </param>
internal sealed record ClientParameterModel(string WireName, string PropertyName, TypeRef Type, string? Description, bool IsRequired = true, bool InPath = false, bool OwnSegment = false);

/// <summary>How requests carry a credential: a header and an optional value prefix such as "Bearer ".</summary>
internal sealed record AuthModel(string SchemeName, string HeaderName, string Prefix, string? Description);

/// <summary>
/// Where an error answer's code, message and request id stand: for each, JSON Pointers into the body ("/errCode",
/// "/error/code" for a member object's member, "/errors/0/code" for one of a list's first item), shape by shape in the
/// order the spec marks them; an answer's code is the first of them that holds text.
/// </summary>
internal sealed record ErrorModel(EquatableArray<string> CodeMembers, EquatableArray<string> MessageMembers, EquatableArray<string> RequestIdMembers);

/// <param name="DefaultEndpoint">The first server's url when it is absolute (http or https), its base path included.</param>
/// <param name="ServerPath">The first server's url when it is relative ("/v3"): every operation's path starts with it, after the endpoint that is set.</param>
internal sealed record ClientModel(
    string? Title,
    string? Description,
    string? DefaultEndpoint,
    string? ServerPath,
    EquatableArray<ClientParameterModel> Parameters,
    AuthModel? Auth,
    ErrorModel? Error,
    EquatableArray<OperationModel> Operations,
    SpecOrigin Origin);
