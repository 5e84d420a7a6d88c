using System.Collections.Generic;
using DdmGen.Generator.Parsing;

namespace DdmGen.Generator.Emitting;

/// <summary>
/// Every identifier the emitter writes that a spec name could meet: members and helpers of the generated types,
/// nested types, and the locals and parameters of generated methods. The parser seeds each name scope with the
/// matching list before it claims spec names, so a spec name never collides with generated code.
/// </summary>
/// <remarks>
/// When the emitter starts writing a new member, local or parameter, add its name to the list of the scope it
/// lives in. A name missing here is a name a spec can take, and the output then does not compile.
/// </remarks>
internal static class GeneratedNames
{
    /// <summary>Members every generated model (a <c>record</c>) has, declared by the compiler or by <see cref="object"/>.</summary>
    public static readonly IReadOnlyList<string> RecordMembers = new[]
    {
        "Clone", "<Clone>$", "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct",
        "GetType", "MemberwiseClone", "Finalize",
    };

    /// <summary>Members every generated open enum (a <c>record struct</c> over its wire text) has, its own and the compiler's.</summary>
    public static readonly IReadOnlyList<string> EnumMembers = new[]
    {
        "Value", "IsKnown", "_value", "Equals", "GetHashCode", "ToString", "PrintMembers", "GetType", "MemberwiseClone", "Finalize",
        // The compiler forbids a member named Clone in any record, a record struct too (CS8859).
        "Clone",
    };

    /// <summary>Fields, helper methods and nested types of the generated client, which operation methods must not take.</summary>
    public static readonly IReadOnlyList<string> ClientMembers = new[]
    {
        "_endpoint", "Pipeline",
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    /// <summary>
    /// Members of the generated client options, its own and those of System.ClientModel's <c>ClientPipelineOptions</c>.
    /// <c>Pipeline</c> is listed because a client parameter's option <c>X</c> becomes the client field <c>_x</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> OptionsMembers = new[]
    {
        "Endpoint", "DefaultEndpoint", "Credential", "MaxResponseSize", "AllowInsecureTransport", "FindProblem", "Pipeline",
        "RetryPolicy", "MessageLoggingPolicy", "Transport", "NetworkTimeout", "ClientLoggingOptions", "EnableDistributedTracing",
        "IsReadOnly", "AddPolicy", "Clone", "Freeze", "AssertNotFrozen",
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    /// <summary>
    /// Parameters, locals and lambda parameters of every operation method (<c>XAsync</c>, <c>X</c>, the protocol methods,
    /// <c>CreateXMessage</c>) besides the spec's parameters. <c>CreateXMessage</c> and <c>CreateXPager</c>
    /// also take the client, as <see cref="ClientParameter"/>, which no spec name can take. <c>content</c> is the body
    /// as the protocol methods take it.
    /// </summary>
    public static readonly IReadOnlyList<string> OperationLocals = new[]
    {
        "cancellationToken", "options", "content", "uri", "message", "item", "request", "response",
    };

    /// <summary>
    /// The parameter by which the helpers in the client's nested types reach the client. Names made from the spec start
    /// with '_' only before a digit, so no spec parameter can take it and none is renamed for it.
    /// </summary>
    public const string ClientParameter = "_client";

    /// <summary>
    /// The client's private nested type that builds and checks each operation's request: <c>Requests</c>, or
    /// <c>RequestBuilders</c> for a client itself named <c>Requests</c> (a type cannot nest one of its own name).
    /// </summary>
    public static string RequestsType(string clientName) => clientName == "Requests" ? "RequestBuilders" : "Requests";

    /// <summary>The client's private nested type that sets up each listing's pager: <c>Pagers</c>, or <c>PagerFactories</c> for a client named <c>Pagers</c>.</summary>
    public static string PagersType(string clientName) => clientName == "Pagers" ? "PagerFactories" : "Pagers";

    /// <summary>
    /// Parameters, lambda parameters, locals and pattern variables of the paging methods (the auto-paging methods, the
    /// resuming overloads, <c>CreateXPager</c>), on top of <see cref="OperationLocals"/>: only an operation that pages
    /// keeps its spec's parameters from them.
    /// </summary>
    public static readonly IReadOnlyList<string> PagingLocals = new[]
    {
        "continuationToken", "token", "pageOffset", "pageSize", "pageOptions", "page", "writer",
    };

    /// <summary>Parameters of a model's JSON <c>Read</c> and <c>WriteProperties</c> methods, which their locals avoid.</summary>
    public static readonly IReadOnlyList<string> ConverterReadParameters = new[] { "reader", "options", "unlisted" };

    /// <inheritdoc cref="ConverterReadParameters"/>
    public static readonly IReadOnlyList<string> ConverterWriteParameters = new[] { "writer", "value", "options" };

    /// <summary>
    /// The names one operation with base name X takes: its public methods on the client, and its helpers in the client's
    /// nested <c>Requests</c> and <c>Pagers</c> types, kept apart from every method name so no two helpers meet.
    /// </summary>
    public static IEnumerable<string> OperationMembers(string baseName, bool paging)
    {
        yield return baseName + "Async";
        yield return baseName;
        yield return "Validate" + baseName;
        yield return "Create" + baseName + "Message";
        if (paging)
        {
            yield return baseName + "AutoPagingAsync";
            yield return baseName + "AutoPaging";
            yield return "Create" + baseName + "Pager";
        }
    }

    /// <summary>
    /// The model's private static field with the converter of an array or map property whose items have no shared
    /// converter (numbers, nested lists or maps, any JSON): <c>Items</c> gives <c>_itemsConverter</c>. Member names
    /// from the spec never start with '_' and a letter, so it cannot collide.
    /// </summary>
    public static string ConverterField(string propertyName)
    {
        var bare = Naming.Bare(propertyName);
        return "_" + char.ToLowerInvariant(bare[0]) + bare.Substring(1) + "Converter";
    }

}
