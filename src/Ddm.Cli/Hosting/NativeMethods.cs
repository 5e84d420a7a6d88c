using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;

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

    /// <summary>POLLIN, the same on Linux and macOS.</summary>
    private const short PollIn = 1;

    /// <summary>POLLOUT, the same on Linux and macOS.</summary>
    private const short PollOut = 4;

    /// <summary>POLLERR, the same on Linux and macOS: on Linux, a pipe whose reader has gone.</summary>
    private const short PollError = 8;

    /// <summary>POLLHUP, the same on Linux and macOS: on macOS, a pipe whose reader has gone; a socket whose peer has.</summary>
    private const short PollHangUp = 16;

    /// <summary>How long one wait for room in a non-blocking descriptor lasts, so that a halt is seen between waits.</summary>
    private const int RoomWaitMilliseconds = 100;

    /// <summary>F_GETFD, the same on Linux and macOS.</summary>
    private const int GetDescriptorFlags = 1;

    /// <summary>FD_CLOEXEC, the same on Linux and macOS.</summary>
    private const int CloseOnExec = 1;

    /// <summary>A descriptor number no file has: reads and writes fail with EBADF, as on a closed stdin or stdout.</summary>
    public const int Closed = -1;

    /// <summary>
    /// Whether <paramref name="descriptor"/> (0, 1 or 2) is one the process was started with. When the parent closed one
    /// (<c>ddm ... &lt;&amp;-</c>), the runtime's own first files and pipes take its number: reading it then waits on the runtime's
    /// pipe for ever, and writing it sends the results into that pipe. The runtime opens all of them close-on-exec, which
    /// no descriptor that came through exec can be, so that flag tells them apart. Always true on Windows.
    /// </summary>
    public static bool WasInherited(int descriptor) =>
        OperatingSystem.IsWindows() || SafeFcntl(descriptor, GetDescriptorFlags) is var flags && flags >= 0 && (flags & CloseOnExec) == 0;

    /// <summary>Ends the process at once, without running exit handlers.</summary>
    public static void Exit(int status) => SafeExit(status);

    /// <summary>
    /// Ends the process at once by <paramref name="signal"/> (its number, the same on Linux and macOS for SIGHUP 1,
    /// SIGINT 2, SIGQUIT 3 and SIGTERM 15), after the command's own cleanup: the signal's default action takes the place
    /// of the runtime's handler and the signal is raised again, so that the parent sees the process die by it, as it
    /// would a program that does not catch it. A shell then stops a script after Ctrl+C as it does for any other
    /// command, and still shows 128 + the signal's number as the exit status. Where that cannot be done (not Linux or
    /// macOS, or the signal could not be raised), the process ends with exit status <paramref name="status"/> instead.
    /// </summary>
    public static void ExitBySignal(int signal, int status)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // struct sigaction, all zeros: SIG_DFL, no flags, an empty mask (as in StopAsTerminalStopWould).
            if (SafeSigaction(signal, new byte[256], null) == 0)
            {
                // raise, not kill: the signal is this thread's, so the process has ended before raise would return.
                _ = SafeRaise(signal);
            }
        }

        SafeExit(status);
    }

    /// <summary>
    /// The columns of the terminal on <paramref name="descriptor"/>, or null. Asked of the kernel directly: reading
    /// Console.WindowWidth initializes System.Console's terminal handling, which switches the keypad mode and leaves it so.
    /// </summary>
    public static int? TerminalColumns(int descriptor) =>
        SafeIoctl(descriptor, GetWindowSize, out var size) == 0 && size.Columns > 0 ? size.Columns : null;

    /// <summary>
    /// Whether the reader of the pipe or socket on <paramref name="descriptor"/> has gone away, so that the next write
    /// would fail with EPIPE (<c>ddm ... | head</c> once head has what it wanted). Asked without waiting; false for a
    /// file, and where it cannot be told (Windows). A terminal that hangs up is reported too: callers ask only of a
    /// descriptor that is no terminal.
    /// </summary>
    public static bool ReaderGone(int descriptor)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var poll = new PollDescriptor { Descriptor = descriptor, Events = PollOut };
        return SafePoll(ref poll, 1, 0) > 0 && (poll.Returned & (PollError | PollHangUp)) != 0;
    }

    /// <summary>
    /// Whether this process's group has the foreground of the terminal on <paramref name="descriptor"/>: false for a job
    /// the shell has sent to the background. True when it cannot be told (not the controlling terminal, not Unix).
    /// </summary>
    public static bool InForeground(int descriptor)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var foreground = SafeTcgetpgrp(descriptor);
        return foreground < 0 || foreground == SafeGetpgrp();
    }

    /// <summary>1 while a stop is under way, so that a second SIGTSTP at once neither stops again nor puts back the wrong action.</summary>
    private static int s_stopping;

    /// <summary>Guards <see cref="s_continues"/> and <see cref="s_continuedAt"/>, and wakes a stop that waits for a SIGCONT.</summary>
    private static readonly object s_continueGate = new();

    /// <summary>How many SIGCONTs have been handled.</summary>
    private static long s_continues;

    /// <summary>When the last SIGCONT was handled, or the last stop ended (<see cref="Environment.TickCount64"/>).</summary>
    private static long s_continuedAt = long.MinValue / 2;

    /// <summary>
    /// How long after a SIGCONT a SIGTSTP is taken for one sent before it, whose handler ran late: the kernel drops a stop
    /// signal that is pending when the process is continued, and so does this.
    /// </summary>
    private const long Settle = 100;

    /// <summary>
    /// How long a stop waits for the handler of a SIGCONT sent right after its SIGTSTP. The runtime takes both signals in
    /// the order they came and runs their handlers on the thread pool, where the SIGCONT's may run second.
    /// </summary>
    private const int ContinueWait = 50;

    /// <summary>
    /// Notes a SIGCONT, from its handler: a stop whose SIGTSTP came before it and that has not stopped the process yet is
    /// dropped (<see cref="StopAsTerminalStopWould"/>).
    /// </summary>
    public static void Continued()
    {
        lock (s_continueGate)
        {
            s_continues++;
            s_continuedAt = Environment.TickCount64;
            Monitor.PulseAll(s_continueGate);
        }
    }

    /// <summary>
    /// Whether a SIGCONT was handled within <see cref="Settle"/> before now or is handled within <see cref="ContinueWait"/>
    /// after: it was sent after the SIGTSTP being handled, whose stop is then dropped.
    /// </summary>
    private static bool ContinuedAround()
    {
        lock (s_continueGate)
        {
            var seen = s_continues;
            var now = Environment.TickCount64;
            if (now - s_continuedAt < Settle)
            {
                return true;
            }

            var deadline = now + ContinueWait;
            while (s_continues == seen)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(s_continueGate, (int)left))
                {
                    return s_continues != seen;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Stops this process as SIGTSTP's default action would, if that action would stop it, and returns whether it was
    /// stopped (and has been continued), or another signal's stop is under way. The default action takes the place of the
    /// runtime's handler for a moment and the signal is raised again, so that the kernel decides in one step: it stops the
    /// process, unless the process group is orphaned (no parent outside it in the same session, so no shell could
    /// continue it), when it discards the signal. A stop decided here and made a moment later could come after the shell
    /// has gone, and nothing would ever continue the process. The answer is judged from this process's own line of
    /// parents (read from /proc on Linux; elsewhere only the parent itself), for the waiting line only. Linux and macOS
    /// only. As the kernel drops a stop signal that is pending when the process is continued, a SIGTSTP is dropped when a
    /// SIGCONT is handled within <see cref="Settle"/> before this runs (or of the end of a stop) or within
    /// <see cref="ContinueWait"/> after: the stop is made that much later.
    /// </summary>
    public static bool StopAsTerminalStopWould()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        if (Interlocked.Exchange(ref s_stopping, 1) == 1)
        {
            return true;
        }

        if (ContinuedAround())
        {
            Volatile.Write(ref s_stopping, 0);
            return false;
        }

        try
        {
            var stops = HasParentShell();
            var signal = OperatingSystem.IsMacOS() ? 18 : 20;
            // struct sigaction as the C library lays it out, kept whole and never read: all zeros is SIG_DFL, no flags, an
            // empty mask. Larger than any C library's (glibc and musl 152 bytes, macOS 16).
            var defaultAction = new byte[256];
            var runtimeAction = new byte[256];
            if (SafeSigaction(signal, defaultAction, runtimeAction) != 0)
            {
                return stops && SafeKill(Environment.ProcessId, OperatingSystem.IsMacOS() ? 17 : 19) == 0;
            }

            try
            {
                // raise, not kill: the signal is this thread's, so the stop has happened before it returns.
                var raised = SafeRaise(signal) == 0;
                lock (s_continueGate)
                {
                    s_continuedAt = Environment.TickCount64;
                }

                return raised && stops;
            }
            finally
            {
                // Should this fail, Ctrl+Z still stops the process, only without showing the cursor first.
                _ = SafeSigaction(signal, runtimeAction, null);
            }
        }
        finally
        {
            Volatile.Write(ref s_stopping, 0);
        }
    }

    private static bool HasParentShell()
    {
        var group = SafeGetpgrp();
        var session = SafeGetsid(0);
        var current = Environment.ProcessId;
        for (var depth = 0; depth < 32; depth++)
        {
            var parent = current == Environment.ProcessId ? SafeGetppid() : ParentOf(current);
            if (parent <= 1)
            {
                return false;
            }

            var parentGroup = SafeGetpgid(parent);
            if (parentGroup < 0)
            {
                return false;
            }

            if (parentGroup != group)
            {
                return SafeGetsid(parent) == session;
            }

            current = parent;
        }

        return false;
    }

    /// <summary>The parent of <paramref name="process"/>, from /proc/PID/stat ("pid (name) state ppid ..."); -1 where there is no /proc.</summary>
    private static int ParentOf(int process)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{process}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 1 && int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parent) ? parent : -1;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Whether the terminal on <paramref name="descriptor"/> echoes the control characters it acts on (ECHO and
    /// ECHOCTL, as terminals are set up by default): Ctrl+C then shows as "^C" where the cursor was, and the line is
    /// left open. False for anything but a terminal, and on systems other than Linux and macOS.
    /// </summary>
    public static bool EchoesControlCharacters(int descriptor)
    {
        // struct termios: four flag words (unsigned int on Linux, unsigned long on macOS), c_lflag the fourth.
        var (offset, size, echoControl) = OperatingSystem.IsLinux() ? (12, 4, 0x200UL) : OperatingSystem.IsMacOS() ? (24, 8, 0x40UL) : (-1, 0, 0UL);
        if (offset < 0)
        {
            return false;
        }

        Span<byte> termios = stackalloc byte[256];
        if (SafeTcgetattr(descriptor, ref MemoryMarshal.GetReference(termios)) != 0)
        {
            return false;
        }

        var localFlags = size == 4 ? BitConverter.ToUInt32(termios.Slice(offset, 4)) : BitConverter.ToUInt64(termios.Slice(offset, 8));
        const ulong Echo = 0x8;
        return (localFlags & Echo) != 0 && (localFlags & echoControl) != 0;
    }

    /// <summary>
    /// Writes the start of <paramref name="bytes"/> (not empty) to <paramref name="descriptor"/> with write(2), at the
    /// descriptor's own offset, which it moves on; returns how many bytes were taken. That is 0 when the descriptor is
    /// non-blocking (O_NONBLOCK belongs to the open file, so a parent sharing the pipe or terminal may have set it) and
    /// had no room: the call then waits up to 100 ms for some, as a blocking write would wait, and the caller tries again.
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
            if (error == WouldBlock)
            {
                // A full pipe or terminal answers a non-blocking write with EAGAIN rather than waiting: wait here. A reader
                // gone meanwhile wakes the wait, and the next write says so (EPIPE).
                var poll = new PollDescriptor { Descriptor = descriptor, Events = PollOut };
                _ = SafePoll(ref poll, 1, RoomWaitMilliseconds);
                return 0;
            }

            if (error != Interrupted)
            {
                // The same exceptions as .NET's own file streams give, so callers tell failures apart the same way.
                var message = Marshal.GetPInvokeErrorMessage(error);
                throw error == BadDescriptor ? new UnauthorizedAccessException(message) : new IOException(message, error);
            }
        }
    }

    /// <summary>
    /// Reads into <paramref name="bytes"/> (not empty) from <paramref name="descriptor"/> with read(2); returns how many
    /// bytes came, 0 at the end of the input. A descriptor another program made non-blocking is waited on until input
    /// comes, as a blocking one is.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The descriptor is closed or not open for reading.</exception>
    /// <exception cref="IOException">The system's words, and errno as the HResult (EISDIR: a directory).</exception>
    public static int Read(int descriptor, Span<byte> bytes)
    {
        while (true)
        {
            var read = SafeRead(descriptor, ref MemoryMarshal.GetReference(bytes), (nuint)bytes.Length);
            if (read >= 0)
            {
                return (int)read;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == WouldBlock)
            {
                // Nothing yet: wait for input (or the end of it, which the next read gives as 0).
                var poll = new PollDescriptor { Descriptor = descriptor, Events = PollIn };
                _ = SafePoll(ref poll, 1, -1);
            }
            else if (error != Interrupted)
            {
                var message = Marshal.GetPInvokeErrorMessage(error);
                throw error == BadDescriptor ? new UnauthorizedAccessException(message) : new IOException(message, error);
            }
        }
    }

    /// <summary>EAGAIN (EWOULDBLOCK): a non-blocking descriptor has no room, or no input; 35 on macOS, 11 on Linux.</summary>
    private static int WouldBlock => OperatingSystem.IsMacOS() ? 35 : 11;

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern nint SafeRead(int descriptor, ref byte bytes, nuint count);

    [DllImport("libc", EntryPoint = "poll")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafePoll(ref PollDescriptor descriptors, nuint count, int timeout);

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern void SafeExit(int status);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern nint SafeWrite(int descriptor, ref byte bytes, nuint count);

    [DllImport("libc", EntryPoint = "fcntl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeFcntl(int descriptor, int command);

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeKill(int process, int signal);

    [DllImport("libc", EntryPoint = "sigaction")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeSigaction(int signal, byte[]? action, byte[]? previous);

    [DllImport("libc", EntryPoint = "raise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeRaise(int signal);

    [DllImport("libc", EntryPoint = "getppid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeGetppid();

    [DllImport("libc", EntryPoint = "getpgid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeGetpgid(int process);

    [DllImport("libc", EntryPoint = "getsid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeGetsid(int process);

    [DllImport("libc", EntryPoint = "tcgetpgrp")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeTcgetpgrp(int descriptor);

    [DllImport("libc", EntryPoint = "getpgrp")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeGetpgrp();

    [DllImport("libc", EntryPoint = "tcgetattr")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeTcgetattr(int descriptor, ref byte termios);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressUnmanagedCodeSecurity]
    private static extern int SafeIoctl(int descriptor, nuint request, out WindowSize size);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }
}
