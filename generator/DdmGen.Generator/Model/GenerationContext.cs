namespace DdmGen.Generator.Model;

/// <summary>What every emitted file of one spec shares: its namespace and the names of the support types.</summary>
internal sealed record GenerationContext(string SpecFileName, string Namespace, string ClientName)
{
    /// <summary>The client name without a trailing "Client": "DdmClient" gives "Ddm".</summary>
    public string Prefix => ClientName.Length > "Client".Length && ClientName.EndsWith("Client", System.StringComparison.Ordinal)
        ? ClientName.Substring(0, ClientName.Length - "Client".Length)
        : ClientName;

    public string OptionsName => ClientName + "Options";

    public string ExceptionName => Prefix + "ApiException";

    public string CredentialName => Prefix + "Credential";

    public string ResolverName => Prefix + "JsonTypeInfoResolver";

    public string DateTimeConverterName => Prefix + "DateTimeOffsetJsonConverter";

    public string ListConverterName => Prefix + "ReadOnlyListJsonConverter";

    public string StringConverterName => Prefix + "StringJsonConverter";

    public string MapConverterName => Prefix + "ReadOnlyDictionaryJsonConverter";

    /// <summary>The static helpers every generated converter shares (property names, errors).</summary>
    public string JsonHelpersName => Prefix + "JsonHelpers";

    public static string ConverterName(string typeName) => typeName + "JsonConverter";

    public string Qualify(string typeName) => "global::" + Namespace + "." + typeName;
}
