using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Ddm.Cli.Hosting;

/// <summary>
/// Turns SIGINT (Ctrl+C) and SIGTERM into cancellation of the running command, without any hosting layer.
/// </summary>
/// <remarks>
/// The first signal cancels <see cref="Token"/>; commands stop their requests, write nothing partial and return.
/// If a command has not returned within <see cref="GracePeriod"/>, or a second signal comes, the process leaves
/// at once with the same line, the cursor shown again, and the signal's exit code. That holds while a complete JSON
/// document is being copied to stdout too: a copy that a slow or stopped reader holds up is cut rather than waited
/// for, since what a pipe has taken cannot be taken back anyway.
/// </remarks>
internal sealed class Termination : IDisposable
{
    /// <summary>How long a command may take to wind down after a signal.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMilliseconds(700);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly CliConsole _console;
    private Timer? _deadline;
    private int _signal;
    private int _finished;

    public Termination(CliConsole console)
    {
        _console = console;
        _registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        };
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM; null while no signal has come.</summary>
    public int? ExitCode => Volatile.Read(ref _signal) switch
    {
        0 => null,
        var signal when signal == (int)PosixSignal.SIGTERM => ExitCodes.Terminated,
        _ => ExitCodes.Interrupted,
    };

    /// <summary>Called when the command has returned and written its last line; stops the forced exit.</summary>
    public void Finish()
    {
        Volatile.Write(ref _finished, 1);
        _deadline?.Dispose();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _deadline?.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the runtime must not terminate the process before the command has cleaned up.
        context.Cancel = true;
        var first = Interlocked.CompareExchange(ref _signal, context.Signal == PosixSignal.SIGTERM ? (int)PosixSignal.SIGTERM : (int)PosixSignal.SIGINT, 0) == 0;
        if (!first)
        {
            LeaveNow();
            return;
        }

        _deadline = new Timer(_ => LeaveNow(), null, GracePeriod, Timeout.InfiniteTimeSpan);
        _cancellation.Cancel();
    }

    private void LeaveNow()
    {
        if (Volatile.Read(ref _finished) == 1)
        {
            return;
        }

        _console.RestoreTerminal();
        _console.ReportCancelled();
        // Straight out: exit handlers of an embedded web host would otherwise wait for it and reset the exit code.
        NativeMethods.Exit(ExitCode ?? ExitCodes.Interrupted);
    }
}

