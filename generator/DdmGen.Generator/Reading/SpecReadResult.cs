using System.Text.Json.Nodes;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>The spec as a JSON tree with the place of every node, or the reason it could not be read.</summary>
internal sealed class SpecReadResult
{
    private SpecReadResult(JsonNode? root, PositionMap positions, DiagnosticInfo? error)
    {
        Root = root;
        Positions = positions;
        Error = error;
    }

    public JsonNode? Root { get; }

    public PositionMap Positions { get; }

    public DiagnosticInfo? Error { get; }

    public static SpecReadResult Success(JsonNode root, PositionMap positions) => new(root, positions, null);

    public static SpecReadResult Failure(PositionMap positions, DiagnosticInfo error) => new(null, positions, error);
}
