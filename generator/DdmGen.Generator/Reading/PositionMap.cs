using System.Collections.Generic;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Where each JSON pointer of a spec stands in its file, so diagnostics can name a line.
/// Lives only while one spec is parsed; the model keeps the resolved <see cref="SourceLocation"/>s.
/// </summary>
internal sealed class PositionMap
{
    private readonly Dictionary<string, SourceLocation> _locations = new(System.StringComparer.Ordinal);

    public PositionMap(string filePath) => FilePath = filePath;

    public string FilePath { get; }

    public void Add(string pointer, SourceLocation location)
    {
        if (!_locations.ContainsKey(pointer))
        {
            _locations.Add(pointer, location);
        }
    }

    /// <summary>The location of the pointer, or of its nearest ancestor that exists in the file.</summary>
    public SourceLocation Locate(string pointer)
    {
        var current = pointer.StartsWith("#", System.StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        while (true)
        {
            if (_locations.TryGetValue(current, out var location))
            {
                return location;
            }

            var slash = current.LastIndexOf('/');
            if (slash < 0)
            {
                return SourceLocation.FileStart(FilePath);
            }

            current = current.Substring(0, slash);
        }
    }
}
