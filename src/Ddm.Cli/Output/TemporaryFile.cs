using System;
using System.IO;

namespace Ddm.Cli.Output;

/// <summary>
/// A file in the temporary folder (<c>TMPDIR</c>, else the system's) for output that is too large to keep in memory
/// until it can be written whole. Only the owner can read or write it, and it leaves nothing behind.
/// </summary>
internal static class TemporaryFile
{
    /// <summary>Creates a new, empty file open for reading and writing, gone from the folder (or gone on close on Windows).</summary>
    /// <exception cref="UsageException">The temporary folder cannot be written; the message says what to do.</exception>
    public static FileStream Create()
    {
        var folder = Path.GetTempPath();
        var path = Path.Combine(folder, "ddm-" + Path.GetRandomFileName() + ".json");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            // The caller writes and reads in large blocks of its own.
            BufferSize = 0,
        };
        if (OperatingSystem.IsWindows())
        {
            options.Options = FileOptions.DeleteOnClose;
        }
        else
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream file;
        try
        {
            file = new FileStream(path, options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Failure(exception);
        }

        if (!OperatingSystem.IsWindows())
        {
            try
            {
                // The open file stays readable and writable by this process; its name, and so any trace of it once the
                // process ends (even by a signal or a crash), is gone now.
                File.Delete(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                file.Dispose();
                throw Failure(exception);
            }
        }

        return file;
    }

    /// <summary>The one-line failure for a temporary file that cannot be created, written or read.</summary>
    public static UsageException Failure(Exception exception) => new(
        $"a long JSON array is kept in a temporary file until it is complete, and that failed in {Path.GetTempPath()}: {exception.Message} "
        + "Set TMPDIR to a folder with room that you can write, or use --output jsonl.",
        exception);
}
