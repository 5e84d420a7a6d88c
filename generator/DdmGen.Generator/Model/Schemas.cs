namespace DdmGen.Generator.Model;

/// <summary>One property of a generated model.</summary>
/// <param name="Name">The C# property name.</param>
/// <param name="JsonName">The name on the wire.</param>
/// <param name="IsRequired">Listed in the schema's <c>required</c>: it must be present in JSON.</param>
/// <param name="IsNullable">The schema allows <c>null</c>.</param>
/// <param name="IsRequiredInAnswers">
/// Required and <c>readOnly</c>: answers must carry it, so reading demands it, but requests leave it out, so the model
/// does not (<see cref="IsRequired"/> is false).
/// </param>
/// <param name="IsSecret">Of <c>format: password</c>, or a list or map of such values (<c>Parser.DeclaresPassword</c>): the model's printed form masks the value.</param>
internal sealed record PropertyModel(
    string Name,
    string JsonName,
    TypeRef Type,
    bool IsRequired,
    bool IsNullable,
    string? Description,
    string? DefaultValue,
    bool IsDeprecated,
    bool IsRequiredInAnswers = false,
    bool IsSecret = false)
{
    /// <summary>Whether reading an answer without the member fails.</summary>
    public bool IsCheckedOnRead => IsRequired || IsRequiredInAnswers;

    /// <summary>Whether the C# property may hold null: when it may be absent or the spec allows null.</summary>
    public bool IsOptional => !IsRequired || IsNullable;
}

/// <summary>A model type generated from an object schema.</summary>
internal sealed record ObjectModel(string Name, string? Description, EquatableArray<PropertyModel> Properties, bool IsDeprecated, SpecOrigin Origin);

/// <summary>One known value of an open enum.</summary>
internal sealed record EnumMemberModel(string Name, string Value, string? Description);

/// <summary>An open (extensible) enum generated from a string schema with <c>enum</c>.</summary>
internal sealed record EnumModel(string Name, string? Description, EquatableArray<EnumMemberModel> Members, SpecOrigin Origin);
