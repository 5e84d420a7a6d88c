namespace DdmGen.Generator.Reading;

/// <summary>
/// The bounds every spec is read within, so that hostile input (aliases that expand exponentially, nesting
/// that would exhaust the stack, a huge file) ends as a DDMG001 quickly instead of taking the compiler down.
/// </summary>
internal static class SpecLimits
{
    /// <summary>The largest spec file read, in UTF-16 characters (8 Mi; the DDM spec is about 15 Ki).</summary>
    public const int MaxFileChars = 8 * 1024 * 1024;

    /// <summary>
    /// The deepest nesting of mappings and sequences (or JSON objects and arrays). 64 is the default of both
    /// SharpYaml's parser and Microsoft.OpenApi's YAML conversion, and far beyond what a real spec needs.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The most references one after another that a chain may hold: a <c>$ref</c> to a component that is itself only
    /// a <c>$ref</c>, and so on. The OpenAPI reader follows such a chain by recursion and gives up on one of about a
    /// thousand links; a real spec has a link or two.
    /// </summary>
    public const int MaxReferenceChain = 64;

    /// <summary>The most nodes one document may hold after alias expansion.</summary>
    public const int MaxNodeCount = 1_000_000;

    /// <summary>
    /// The most nodes that YAML aliases may add when expanded ("billion laughs" stops here). Twice the
    /// conversion's own default: specs that share parameters or schemas through anchors stay far below it, and
    /// expansion up to the bound costs milliseconds.
    /// </summary>
    public const int MaxAliasExpansionNodeCount = 10_000;

    /// <summary>A count of characters as people read it: 8 Mi (8388608) characters. Not bytes: a file may be larger on disk.</summary>
    public static string Describe(int chars) =>
        chars >= 1024 * 1024 && chars % (1024 * 1024) == 0
            ? (chars / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " Mi (" + chars.ToString(System.Globalization.CultureInfo.InvariantCulture) + ") characters"
            : chars.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters";
}
