namespace DdmGen.Generator.Model;

internal enum TypeKind
{
    String,
    Int32,
    Int64,
    Single,
    Double,
    Boolean,
    DateTimeOffset,
    Object,
    Enum,
    Array,
    Map,
    Any,
}

/// <summary>The C# shape of a schema: a scalar, a generated type by name, or a collection of another shape.</summary>
/// <param name="ElementNullable">For a list or map: whether an item or value may be JSON null.</param>
internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null, bool ElementNullable = false)
{
    public static readonly TypeRef String = new(TypeKind.String);
    public static readonly TypeRef Int32 = new(TypeKind.Int32);
    public static readonly TypeRef Int64 = new(TypeKind.Int64);
    public static readonly TypeRef Single = new(TypeKind.Single);
    public static readonly TypeRef Double = new(TypeKind.Double);
    public static readonly TypeRef Boolean = new(TypeKind.Boolean);
    public static readonly TypeRef DateTimeOffset = new(TypeKind.DateTimeOffset);
    public static readonly TypeRef Any = new(TypeKind.Any);

    public static TypeRef Object(string name) => new(TypeKind.Object, name);

    public static TypeRef Enum(string name) => new(TypeKind.Enum, name);

    public static TypeRef ArrayOf(TypeRef element, bool elementNullable = false) => new(TypeKind.Array, null, element, elementNullable);

    public static TypeRef MapOf(TypeRef element, bool elementNullable = false) => new(TypeKind.Map, null, element, elementNullable);

    /// <summary>Whether the C# type is a struct, so that "absent" needs <c>Nullable&lt;T&gt;</c>.</summary>
    public bool IsValueType => Kind is not (TypeKind.String or TypeKind.Object or TypeKind.Array or TypeKind.Map);

    public bool IsInteger => Kind is TypeKind.Int32 or TypeKind.Int64;
}
