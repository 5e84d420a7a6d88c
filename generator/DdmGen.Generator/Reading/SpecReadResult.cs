using System.Text.Json.Nodes;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>The spec as a JSON tree with the place of every node, or the reason it could not be read.</summary>
internal sealed class SpecReadResult
{
    private SpecReadResult(JsonNode? root, PositionMap positions, DiagnosticInfo? error, System.IDisposable? document = null)
    {
        Root = root;
        Positions = positions;
        Error = error;
        Document = document;
    }

    public JsonNode? Root { get; }

    public PositionMap Positions { get; }

    public DiagnosticInfo? Error { get; }

    /// <summary>
    /// What the tree of a JSON spec is read from, to dispose of once nothing reads the tree any more (its arrays go back
    /// to the shared pool); null for YAML, whose tree stands alone.
    /// </summary>
    public System.IDisposable? Document { get; }

    public static SpecReadResult Success(JsonNode root, PositionMap positions, System.IDisposable? document = null) => new(root, positions, null, document);

    public static SpecReadResult Failure(PositionMap positions, DiagnosticInfo error) => new(null, positions, error);
}
