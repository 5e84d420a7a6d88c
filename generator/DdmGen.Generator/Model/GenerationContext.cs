namespace DdmGen.Generator.Model;

/// <summary>What every emitted file of one spec shares: its namespace and the names of the support types.</summary>
/// <param name="SpecPath">The full path of the spec, which tells two specs with the same file name apart.</param>
internal sealed record GenerationContext(string SpecFileName, string Namespace, string ClientName, string SpecPath)
{
    /// <summary>The client name without a trailing "Client": "DdmClient" gives "Ddm".</summary>
    public string Prefix => ClientName.Length > "Client".Length && ClientName.EndsWith("Client", System.StringComparison.Ordinal)
        ? ClientName.Substring(0, ClientName.Length - "Client".Length)
        : ClientName;

    public string OptionsName => ClientName + "Options";

    public string ExceptionName => Prefix + "ApiException";

    public string CredentialName => Prefix + "Credential";

    public string TokenCredentialName => Prefix + "TokenCredential";

    /// <summary>The one internal helper type the client of a spec shares: requests, reading, paging, policies.</summary>
    public string SupportName => Prefix + "ClientSupport";

    /// <summary>A page of a listing, as the auto-paging collections' raw pages give it.</summary>
    public string PageName => Prefix + "Page";

    public string ServiceExtensionsName => ClientName + "ServiceCollectionExtensions";

    public string ResolverName => Prefix + "JsonTypeInfoResolver";

    public string DateTimeConverterName => Prefix + "DateTimeOffsetJsonConverter";

    public string ListConverterName => Prefix + "ReadOnlyListJsonConverter";

    public string StringConverterName => Prefix + "StringJsonConverter";

    public string MapConverterName => Prefix + "ReadOnlyDictionaryJsonConverter";

    /// <summary>The static helpers every generated converter shares (property names, errors).</summary>
    public string JsonHelpersName => Prefix + "JsonHelpers";

    /// <summary>The base record of every model, which keeps the JSON members an answer holds that the spec does not list.</summary>
    public string ModelBaseName => Prefix + "Model";

    /// <summary>System.ClientModel's reflection-free access to the models, for <c>ModelReaderWriter</c>.</summary>
    public string ModelContextName => Prefix + "ModelReaderWriterContext";

    public string Qualify(string typeName) => "global::" + Namespace + "." + typeName;
}
