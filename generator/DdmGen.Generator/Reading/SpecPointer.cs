namespace DdmGen.Generator.Reading;

/// <summary>RFC 6901 JSON pointers, the way diagnostics name a place inside a spec.</summary>
internal static class SpecPointer
{
    public const string Root = "";

    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0").Replace("/", "~1");

    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pointer as written in messages: '#' plus the pointer, or '#/' for the root.</summary>
    public static string Display(string pointer) => pointer.Length == 0 ? "#/" : "#" + pointer;
}
