using System;
using System.Collections.Generic;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Reading;

/// <summary>
/// Where each JSON pointer of a spec stands in its file, so diagnostics can name a line.
/// Lives only while one spec is parsed; the model keeps the resolved <see cref="SourceLocation"/>s.
/// </summary>
/// <remarks>
/// The YAML reader adds each pointer with its location. The JSON reader instead hands over a lookup into the
/// offsets it recorded per node, so no pointer text and no location is built for a node no one asks about.
/// </remarks>
internal sealed class PositionMap
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private readonly Func<string, SourceLocation?>? _lookup;

    public PositionMap(string filePath) => FilePath = filePath;

    /// <param name="lookup">The location of a pointer or of its nearest ancestor in the file; null when not even the root is known.</param>
    public PositionMap(string filePath, Func<string, SourceLocation?> lookup)
    {
        FilePath = filePath;
        _lookup = lookup;
    }

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
        var current = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        if (_lookup is not null)
        {
            return _lookup(current) ?? SourceLocation.FileStart(FilePath);
        }

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
