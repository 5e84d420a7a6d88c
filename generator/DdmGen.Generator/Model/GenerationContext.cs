using System;

namespace DdmGen.Generator.Model;

/// <summary>What every emitted file of one spec shares: its namespace and the names of the support types.</summary>
/// <param name="SpecPath">The full path of the spec, which tells two specs with the same file name apart.</param>
/// <remarks>
/// The support types' names, and their qualified forms, are made once here: the emitter asks for them on nearly every
/// line it writes. They follow from the four values the context is made of, which are therefore set only by the
/// constructor, and which alone decide equality.
/// </remarks>
internal sealed record GenerationContext(string SpecFileName, string Namespace, string ClientName, string SpecPath)
{
    public string SpecFileName { get; } = SpecFileName;

    public string Namespace { get; } = Namespace;

    public string ClientName { get; } = ClientName;

    public string SpecPath { get; } = SpecPath;

    /// <summary>The client name without a trailing "Client": "DdmClient" gives "Ddm".</summary>
    public string Prefix { get; } = PrefixOf(ClientName);

    public string OptionsName => _names[0];

    public string ExceptionName => _names[1];

    public string CredentialName => _names[2];

    public string TokenCredentialName => _names[3];

    /// <summary>The one internal helper type the client of a spec shares: requests, reading, paging, policies.</summary>
    public string SupportName => _names[4];

    /// <summary>A page of a listing, as the auto-paging collections' raw pages give it.</summary>
    public string PageName => _names[5];

    public string ServiceExtensionsName => _names[6];

    public string ResolverName => _names[7];

    public string DateTimeConverterName => _names[8];

    public string ListConverterName => _names[9];

    public string StringConverterName => _names[10];

    public string MapConverterName => _names[11];

    /// <summary>The static helpers every generated converter shares (property names, errors).</summary>
    public string JsonHelpersName => _names[12];

    /// <summary>The base record of every model, which keeps the JSON members an answer holds that the spec does not list.</summary>
    public string ModelBaseName => _names[13];

    /// <summary>System.ClientModel's reflection-free access to the models, for <c>ModelReaderWriter</c>.</summary>
    public string ModelContextName => _names[14];

    /// <summary>The support types' names, in the order of the properties above, and then the client's own.</summary>
    private readonly string[] _names = Names(ClientName);

    /// <summary>The qualified form of each of <see cref="_names"/>, at the same index.</summary>
    private readonly string[] _qualifiedNames = QualifiedNames(Namespace, Names(ClientName));

    /// <summary>
    /// The type's full name from the global namespace. A support type's (or the client's) is made once, and every
    /// name equal to it gets that one string; another name (a model's) is made on each call.
    /// </summary>
    public string Qualify(string typeName)
    {
        for (var index = 0; index < _names.Length; index++)
        {
            if (ReferenceEquals(_names[index], typeName) || string.Equals(_names[index], typeName, StringComparison.Ordinal))
            {
                return _qualifiedNames[index];
            }
        }

        return "global::" + Namespace + "." + typeName;
    }

    /// <summary>Equal when made of the same four values: the names follow from them.</summary>
    public bool Equals(GenerationContext? other) =>
        other is not null
        && string.Equals(SpecFileName, other.SpecFileName, StringComparison.Ordinal)
        && string.Equals(Namespace, other.Namespace, StringComparison.Ordinal)
        && string.Equals(ClientName, other.ClientName, StringComparison.Ordinal)
        && string.Equals(SpecPath, other.SpecPath, StringComparison.Ordinal);

    public override int GetHashCode()
    {
        unchecked
        {
            var hash = StringComparer.Ordinal.GetHashCode(SpecFileName);
            hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(Namespace);
            hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(ClientName);
            return (hash * 397) ^ StringComparer.Ordinal.GetHashCode(SpecPath);
        }
    }

    private static string PrefixOf(string clientName) =>
        clientName.Length > "Client".Length && clientName.EndsWith("Client", StringComparison.Ordinal)
            ? clientName.Substring(0, clientName.Length - "Client".Length)
            : clientName;

    private static string[] Names(string clientName)
    {
        var prefix = PrefixOf(clientName);
        return new[]
        {
            clientName + "Options",
            prefix + "ApiException",
            prefix + "Credential",
            prefix + "TokenCredential",
            prefix + "ClientSupport",
            prefix + "Page",
            clientName + "ServiceCollectionExtensions",
            prefix + "JsonTypeInfoResolver",
            prefix + "DateTimeOffsetJsonConverter",
            prefix + "ReadOnlyListJsonConverter",
            prefix + "StringJsonConverter",
            prefix + "ReadOnlyDictionaryJsonConverter",
            prefix + "JsonHelpers",
            prefix + "Model",
            prefix + "ModelReaderWriterContext",
            clientName,
        };
    }

    private static string[] QualifiedNames(string ns, string[] names)
    {
        var qualified = new string[names.Length];
        for (var index = 0; index < names.Length; index++)
        {
            qualified[index] = "global::" + ns + "." + names[index];
        }

        return qualified;
    }
}
