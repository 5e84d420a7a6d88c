using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Ddm.Tests.Shared;

/// <summary>
/// A shell ignores SIGINT and SIGQUIT for a command it starts in the background without job control (<c>cmd &amp;</c>
/// in a script), an ignored signal stays ignored across <c>fork</c> and <c>exec</c>, and a program that finds one
/// ignored leaves it so (the runtime installs no handler for it, as <c>nohup</c> and the shell expect). A test run
/// started that way would start every child deaf to Ctrl+C, Ctrl+\, <c>kill -s INT</c> and <c>kill -s QUIT</c>, and
/// the tests that send those would measure the runner, not the program. So a child that is to receive them is started
/// through <c>env --default-signal=INT,QUIT</c> (GNU coreutils 8.31 and later), which gives it back the default
/// action and then becomes the child itself (the same process id); the test process keeps what it inherited. Where that
/// <c>env</c> is missing (macOS, older coreutils), the test process's own inherited "ignore" is turned into the default
/// action instead, so that its children inherit that.
/// </summary>
internal static class InterruptibleChild
{
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private const string DefaultSignals = "--default-signal=INT,QUIT";
    private static readonly Lazy<Way> Chosen = new(Choose);
    private static readonly object Gate = new();
    private static bool _resetHere;

    private enum Way
    {
        /// <summary>Nothing is ignored: the child is started as it is.</summary>
        AsItIs,

        /// <summary>Through <c>env --default-signal</c>.</summary>
        ThroughEnv,

        /// <summary>By resetting this process's own disposition first.</summary>
        ResetHere,
    }

    /// <summary>
    /// Makes <paramref name="start"/> start its program with SIGINT and SIGQUIT at their default action, and returns it.
    /// Arguments must be given in <see cref="ProcessStartInfo.ArgumentList"/>.
    /// </summary>
    public static ProcessStartInfo Prepare(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (OperatingSystem.IsWindows())
        {
            return start;
        }

        if (start.Arguments.Length > 0)
        {
            throw new ArgumentException("the arguments must be in ArgumentList", nameof(start));
        }

        switch (Chosen.Value)
        {
            case Way.ThroughEnv:
                start.ArgumentList.Insert(0, start.FileName);
                start.ArgumentList.Insert(0, DefaultSignals);
                start.FileName = "env";
                break;
            case Way.ResetHere:
                ResetHere();
                break;
        }

        return start;
    }

    /// <summary>
    /// Whether this process ignores SIGINT or SIGQUIT (SigIgn in /proc on Linux; elsewhere it is not asked, and the reset
    /// leaves what is not ignored as it is) and, if so, whether <c>env</c> can undo it.
    /// </summary>
    private static Way Choose()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Way.ResetHere;
        }

        var line = File.ReadLines("/proc/self/status").First(text => text.StartsWith("SigIgn:", StringComparison.Ordinal));
        var ignored = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        if ((ignored & ((1UL << (SigInt - 1)) | (1UL << (SigQuit - 1)))) == 0)
        {
            return Way.AsItIs;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo("env", new[] { DefaultSignals, "true" }) { UseShellExecute = false, RedirectStandardError = true })!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0 ? Way.ThroughEnv : Way.ResetHere;
        }
        catch (Win32Exception)
        {
            return Way.ResetHere;
        }
    }

    /// <summary>Turns an inherited "ignore" of SIGINT or SIGQUIT in this process into the default action; a handler stays.</summary>
    private static void ResetHere()
    {
        lock (Gate)
        {
            if (_resetHere)
            {
                return;
            }

            foreach (var number in new[] { SigInt, SigQuit })
            {
                var previous = signal(number, IntPtr.Zero);
                if (previous != new IntPtr(1))
                {
                    signal(number, previous);
                }
            }

            _resetHere = true;
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // A plain libc call for the tests; no marshalling is involved.
    private static extern IntPtr signal(int signum, IntPtr handler);
#pragma warning restore SYSLIB1054, CA5392
}
