using System;
using System.Runtime.InteropServices;

namespace Ddm.Cli.Hosting;

/// <summary>
/// The job-control signals of a terminal: before Ctrl+Z (SIGTSTP) stops the process, the waiting line is removed and
/// the cursor shown, so that the shell's prompt does not come back without one; when the process is continued
/// (SIGCONT, <c>fg</c>), the line is drawn again, and not at all while the job is in the background (<c>bg</c>).
/// </summary>
internal sealed class TerminalSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    public TerminalSignals(CliConsole console)
    {
        // Linux and macOS, whose signal numbers the stop knows; elsewhere Ctrl+Z keeps its default action.
        _registrations = !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()
            ? Array.Empty<PosixSignalRegistration>()
            : new[]
            {
                PosixSignalRegistration.Create(PosixSignal.SIGTSTP, context =>
                {
                    // The runtime would not stop the process once a handler has seen the signal: it is stopped here,
                    // once the line is cleared, unless the default action would not stop it either.
                    context.Cancel = true;
                    console.Indicator.Suspend();
                    if (!NativeMethods.StopAsTerminalStopWould())
                    {
                        console.Indicator.Resume();
                    }
                }),
                PosixSignalRegistration.Create(PosixSignal.SIGCONT, _ =>
                {
                    NativeMethods.Continued();
                    console.Indicator.Resume();
                }),
            };
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
