using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace DdmGen.Generator.Tests.Infrastructure;

/// <summary>Where the test sources and the specs are, found from this file's own path.</summary>
internal static class RepositoryPaths
{
    public static string TestProjectDirectory { get; } = Path.GetDirectoryName(Path.GetDirectoryName(ThisFile())!)!;

    public static string SnapshotsDirectory => Path.Combine(TestProjectDirectory, "Snapshots");

    /// <summary>A file copied to the output folder (specs, corpus).</summary>
    public static string Output(params string[] parts) => Path.Combine(AppContext.BaseDirectory, Path.Combine(parts));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
