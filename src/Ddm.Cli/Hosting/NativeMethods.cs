using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;

namespace Ddm.Cli.Hosting;

/// <summary>The few C library calls the tool needs where System.Console would change the terminal.</summary>
internal static class NativeMethods
{
    /// <summary>TIOCGWINSZ on Linux.</summary>
    private const nuint GetWindowSize = 0x5413;

    /// <summary>EINTR: a signal came before anything was written.</summary>
    private const int Interrupted = 4;

    /// <summary>EBADF: the descriptor is closed or not open for writing.</summary>
    private const int BadDescriptor = 9;

    /// <summary>Ends the process at once, without running exit handlers.</summary>
    public static void Exit(int status) => SafeExit(status);

    /// <summary>
    /// The columns of the terminal on <paramref name="descriptor"/>, or null. Asked of the kernel directly: reading
    /// Console.WindowWidth initializes System.Console's terminal handling, which switches the keypad mode and leaves it so.
    /// </summary>
    public static int? TerminalColumns(int descriptor) =>
        SafeIoctl(descriptor, GetWindowSize, out var size) == 0 && size.Columns > 0 ? size.Columns : null;

    /// <summary>
    /// Writes the start of <paramref name="bytes"/> (not empty) to <paramref name="descriptor"/> with write(2), at the
    /// descriptor's own offset, which it moves on; returns how many bytes were taken.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The descriptor is closed or not open for writing.</exception>
    /// <exception cref="IOException">The system's words, and errno as the HResult (EPIPE: the reader went away).</exception>
    public static int Write(int descriptor, ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            var written = SafeWrite(descriptor, ref MemoryMarshal.GetReference(bytes), (nuint)bytes.Length);
            if (written >= 0)
            {
                return (int)written;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                // The same exceptions as .NET's own file streams give, so callers tell failures apart the same way.
                var message = Marshal.GetPInvokeErrorMessage(error);
                throw error == BadDescriptor ? new UnauthorizedAccessException(message) : new IOException(message, error);
            }
        }
    }

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern void SafeExit(int status);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern nint SafeWrite(int descriptor, ref byte bytes, nuint count);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeIoctl(int descriptor, nuint request, out WindowSize size);

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }
}
