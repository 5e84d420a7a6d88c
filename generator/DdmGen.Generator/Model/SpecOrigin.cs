namespace DdmGen.Generator.Model;

/// <summary>
/// Where a piece of the model came from: its JSON pointer and its place in the file, so that a failure while
/// emitting it is reported there. Compared by pointer only: a line shift elsewhere in the spec must not make
/// an unchanged unit look new and be emitted again.
/// </summary>
internal sealed class SpecOrigin : System.IEquatable<SpecOrigin>
{
    public SpecOrigin(string pointer, SourceLocation location)
    {
        Pointer = pointer;
        Location = location;
    }

    public string Pointer { get; }

    public SourceLocation Location { get; }

    public bool Equals(SpecOrigin? other) => other is not null && other.Pointer == Pointer && other.Location.FilePath == Location.FilePath;

    public override bool Equals(object? obj) => Equals(obj as SpecOrigin);

    public override int GetHashCode() => System.StringComparer.Ordinal.GetHashCode(Pointer);
}
