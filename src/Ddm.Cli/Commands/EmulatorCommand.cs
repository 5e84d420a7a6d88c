using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Emulator;

namespace Ddm.Cli.Commands;

/// <summary><c>ddm emulator [--port P] [--backups N]</c>: the emulator in the foreground until Ctrl+C or SIGTERM.</summary>
internal static class EmulatorCommand
{
    public static Command Create(CliConsole console)
    {
        var port = Arguments.Integer("--port", 0, 65535, "Port on 127.0.0.1, 0 for any free one (5080 when not set).");
        var backups = Arguments.Integer("--backups", 0, 1_000_000, "How many backups to seed, 0 to 1000000 (1000 when not set).");
        var command = new Command("emulator", "Run the DDM emulator on 127.0.0.1 until Ctrl+C; prints the settings that point ddm at it.") { port, backups };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new EmulatorOptions { Port = parse.GetValue(port) ?? 5080, BackupCount = parse.GetValue(backups) ?? 1000, RequestLog = console.Error };
            DdmEmulator emulator;
            try
            {
                emulator = await DdmEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                throw new UsageException($"--port {options.Port}: cannot listen there ({exception.Message.TrimEnd('.', ' ')}); choose another port or 0 for any free one.", exception);
            }

            try
            {
                // The count seeded, which the listing's total can fall short of: it says why.
                var seeded = options.BackupCount switch
                {
                    0 => "0 backups seeded",
                    1 => "1 backup seeded; one whose status is deleted is not listed",
                    _ => string.Create(CultureInfo.InvariantCulture, $"{options.BackupCount} backups seeded; those whose status is deleted are not listed"),
                };
                await console.Output.WriteLineAsync($"DDM emulator on {emulator.BaseAddress} ({seeded}); Ctrl+C stops it. Point ddm at it with:").ConfigureAwait(false);
                await console.Output.WriteLineAsync($"  export DDM_ENDPOINT={emulator.BaseAddress} OS_PROJECT_ID={options.ProjectId} OS_AUTH_TOKEN={options.Token}").ConfigureAwait(false);
                await console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Requests under way get a moment; the process must be gone within a second of the signal.
                using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                await emulator.StopAsync(stop.Token).ConfigureAwait(false);
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
