using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Ddm.Cli.Hosting;

/// <summary>
/// Turns SIGINT (Ctrl+C) and SIGTERM, and on Linux and macOS SIGHUP and SIGQUIT (Ctrl+\) too, into cancellation of
/// the running command, without any hosting layer.
/// </summary>
/// <remarks>
/// The first signal cancels <see cref="Token"/>; commands stop their requests, write nothing partial and return.
/// If a command has not returned within <see cref="GracePeriod"/>, or a second signal comes, the process leaves
/// at once with the same line and the cursor shown again. Either way, on Linux and macOS the process then ends by the
/// signal itself (<see cref="Leave"/>), so that a shell running it in a script stops the script after Ctrl+C as it does
/// for any other command; a parent that reads the status as 128 + the signal's number sees the documented exit code.
/// That holds while a complete JSON
/// document is being copied to stdout too: a copy that a slow or stopped reader holds up is cut rather than waited
/// for, since what a pipe has taken cannot be taken back anyway. The last words themselves (clearing the waiting line,
/// "ddm: cancelled.") are written to stderr, which may be blocked as well (a pipe nobody reads, a terminal stopped
/// with Ctrl+S): they get <see cref="LastWordsBound"/>, and the process leaves without them after that. After SIGHUP
/// the terminal may be gone: writes to it then fail at once and are left out, or are bounded so. SIGQUIT's default
/// action dumps core where core dumps are turned on (<c>ulimit -c</c>), as for any program quit with Ctrl+\.
/// </remarks>
internal sealed class Termination : IDisposable
{
    /// <summary>How long a command may take to wind down after a signal.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMilliseconds(600);

    /// <summary>
    /// How long the last words may take to reach stderr before the process leaves without them: on a terminal they
    /// follow the write to stdout under way, which a slow terminal takes its time over. With the grace period, still
    /// under the second a signal is promised to end a run in.
    /// </summary>
    public static readonly TimeSpan LastWordsBound = TimeSpan.FromMilliseconds(250);

    private const int SigHup = 1;
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private const int SigTerm = 15;

    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly CliConsole _console;
    private readonly ManualResetEventSlim _done = new();
    /// <summary>The number of the first signal that came (the same on Linux and macOS), 0 while none has.</summary>
    private int _signal;
    private int _finished;

    public Termination(CliConsole console)
    {
        _console = console;
        // SIGHUP and SIGQUIT on Linux and macOS only, whose signal numbers Leave knows: elsewhere (on Windows, closing the
        // console window and Ctrl+Break) they keep their default action.
        _registrations = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
            ? new[]
            {
                PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
            }
            : new[]
            {
                PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            };
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP, 131 after SIGQUIT; null while no signal has come.</summary>
    public int? ExitCode => Volatile.Read(ref _signal) switch
    {
        0 => null,
        SigTerm => ExitCodes.Terminated,
        SigHup => ExitCodes.HungUp,
        SigQuit => ExitCodes.Quit,
        _ => ExitCodes.Interrupted,
    };

    /// <summary>
    /// Ends the process after the first signal that came, once the run has cleaned up: by that signal on Linux and macOS,
    /// elsewhere (or where it cannot be raised) with <see cref="ExitCode"/>.
    /// </summary>
    public void Leave() => NativeMethods.ExitBySignal(Volatile.Read(ref _signal) is var signal and not 0 ? signal : SigInt, ExitCode ?? ExitCodes.Interrupted);

    /// <summary>
    /// Clears the waiting line, shows the cursor and writes "ddm: cancelled." (once, whoever asks), from a thread of
    /// their own so that a blocked stderr cannot hold the caller longer than <see cref="LastWordsBound"/>; false when
    /// they did not get through in that time.
    /// </summary>
    public bool SayLastWords()
    {
        var console = _console;
        var words = new Thread(() =>
        {
            console.RestoreTerminal();
            console.ReportCancelled();
        })
        {
            IsBackground = true,
            Name = "ddm: cancelled",
        };
        words.Start();
        return words.Join(LastWordsBound);
    }

    /// <summary>Called when the command has returned and written its last line; stops the forced exit.</summary>
    public void Finish()
    {
        Volatile.Write(ref _finished, 1);
        _done.Set();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        // Not disposed: a grace period may still be waiting on it.
        _done.Set();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the runtime must not terminate the process before the command has cleaned up.
        context.Cancel = true;
        if (context.Signal is PosixSignal.SIGINT or PosixSignal.SIGQUIT)
        {
            _console.NoteInterrupt();
        }

        var signal = context.Signal switch
        {
            PosixSignal.SIGTERM => SigTerm,
            PosixSignal.SIGHUP => SigHup,
            PosixSignal.SIGQUIT => SigQuit,
            _ => SigInt,
        };
        var first = Interlocked.CompareExchange(ref _signal, signal, 0) == 0;
        if (!first)
        {
            LeaveNow();
            return;
        }

        // A thread of its own, not a timer: the thread pool may be short of threads just then (callbacks stuck
        // behind a blocked write), and the deadline must not wait for one.
        var deadline = new Thread(() =>
        {
            if (!_done.Wait(GracePeriod))
            {
                LeaveNow();
            }
        })
        {
            IsBackground = true,
            Name = "ddm: grace period",
        };
        deadline.Start();
        _cancellation.Cancel();
    }

    private void LeaveNow()
    {
        if (Volatile.Read(ref _finished) == 1)
        {
            return;
        }

        // Whatever stdout is still copying stops here, so that nothing follows the last line.
        _console.HaltOutput();
        SayLastWords();
        // Straight out: exit handlers of an embedded web host would otherwise wait for it and reset the exit code.
        Leave();
    }
}

