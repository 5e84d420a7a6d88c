using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DdmGen.Generator.Model;

/// <summary>
/// A place in a spec file, kept as plain values so it can live in the cached model
/// (a <see cref="Location"/> would not compare by value).
/// </summary>
internal sealed record SourceLocation(
    string FilePath,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn)
{
    /// <summary>A location at the start of the file, for problems that belong to the file as a whole.</summary>
    public static SourceLocation FileStart(string filePath) => new(filePath, 0, 0, 0, 0, 0, 0);

    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}
