using System;
using System.Runtime.InteropServices;

namespace Ddm.Cli.Tests;

/// <summary>
/// A shell ignores SIGINT and SIGQUIT for commands it starts in the background without job control (<c>cmd &amp;</c>
/// in a script), and an ignored signal stays ignored across <c>exec</c>: a test run started that way would start
/// <c>ddm</c> deaf to Ctrl+C and Ctrl+\, as any program would be (the runtime installs no handler for a signal it
/// finds ignored), and the signal tests would measure the runner, not the tool. So before starting a child, an
/// inherited "ignore" for either is turned back into the default action; a handler the runtime installed is left as it is.
/// </summary>
internal static class SignalDisposition
{
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private static readonly IntPtr Default = IntPtr.Zero;
    private static readonly IntPtr Ignore = new(1);
    private static readonly object Gate = new();
    private static bool _done;

    public static void LetChildrenReceiveInterrupts()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        lock (Gate)
        {
            if (_done)
            {
                return;
            }

            foreach (var number in new[] { SigInt, SigQuit })
            {
                var previous = signal(number, Default);
                if (previous != Ignore)
                {
                    signal(number, previous);
                }
            }

            _done = true;
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // A plain libc call for the tests; no marshalling is involved.
    private static extern IntPtr signal(int signum, IntPtr handler);
#pragma warning restore SYSLIB1054, CA5392
}
