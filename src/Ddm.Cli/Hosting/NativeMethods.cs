using System.Runtime.InteropServices;
using System.Security;

namespace Ddm.Cli.Hosting;

/// <summary>The few C library calls the tool needs where System.Console would change the terminal.</summary>
internal static class NativeMethods
{
    /// <summary>TIOCGWINSZ on Linux.</summary>
    private const nuint GetWindowSize = 0x5413;

    /// <summary>Ends the process at once, without running exit handlers.</summary>
    public static void Exit(int status) => SafeExit(status);

    /// <summary>
    /// The columns of the terminal on <paramref name="descriptor"/>, or null. Asked of the kernel directly: reading
    /// Console.WindowWidth initializes System.Console's terminal handling, which switches the keypad mode and leaves it so.
    /// </summary>
    public static int? TerminalColumns(int descriptor) =>
        SafeIoctl(descriptor, GetWindowSize, out var size) == 0 && size.Columns > 0 ? size.Columns : null;

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern void SafeExit(int status);

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
