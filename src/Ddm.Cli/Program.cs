using System;
using System.Threading.Tasks;
using Ddm.Cli.Hosting;

namespace Ddm.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.FromProcess();
        using var termination = new Termination(console);
        using var terminalSignals = new TerminalSignals(console);
        var exitCode = await CliApplication.RunAsync(args, console, System.Environment.GetEnvironmentVariable, termination.Token).ConfigureAwait(false);
        termination.Finish();
        if (termination.ExitCode is { } signalled)
        {
            // A signal that came as the command was finishing still ends the run the documented way: one line, and
            // the process ends by the signal (130 for Ctrl+C or 143 for SIGTERM as a shell shows it). A stderr that
            // cannot take the line in time is not waited for.
            if (!termination.SayLastWords() || OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                termination.Leave();
            }

            return signalled;
        }

        return exitCode;
    }
}
