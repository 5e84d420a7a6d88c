using System;
using System.IO;

namespace Ddm.Cli.Hosting;

/// <summary>
/// Standard output or error could not be written: the reader of a pipe went away (<c>ddm ... | head -1</c>), or the
/// file or device behind it refused the bytes (a full disk, a closed descriptor).
/// </summary>
internal sealed class OutputException : IOException
{
    public OutputException(string stream, Exception innerException)
        : base($"{stream} could not be written ({Reason(innerException)}).", innerException)
    {
    }

    public OutputException()
    {
    }

    public OutputException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// The failure of standard output whose reader has gone, found before anything more was written to it: as a write
    /// would have failed (EPIPE), so that the run ends the same quiet way.
    /// </summary>
    public static OutputException ReaderGoneFromStandardOutput() => new("standard output", new IOException("Broken pipe", BrokenPipe));

    /// <summary>EPIPE, the same on Linux and macOS.</summary>
    private const int BrokenPipe = 32;

    /// <summary>
    /// Whether the reader of a pipe went away: EPIPE on Linux and macOS (32), ERROR_BROKEN_PIPE or ERROR_NO_DATA on
    /// Windows. The run then ends quietly, as a tool stopped by SIGPIPE does.
    /// </summary>
    public bool ReaderGone => InnerException is IOException io && (io.HResult & 0xFFFF) is 32 or 109 or 232;

    /// <summary>Why: the system's words, except for a closed descriptor, which .NET reports as a denied path.</summary>
    private static string Reason(Exception exception) =>
        exception is UnauthorizedAccessException ? "it is closed or not open for writing" : exception.Message.TrimEnd('.');
}
