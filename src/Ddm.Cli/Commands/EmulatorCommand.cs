using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Emulator;

namespace Ddm.Cli.Commands;

/// <summary><c>ddm emulator [--port P] [--backups N]</c>: the emulator in the foreground until Ctrl+C.</summary>
internal static class EmulatorCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 5080 };
        var backups = new Option<int>("--backups") { Description = "How many backups to seed.", DefaultValueFactory = _ => 1000 };
        var command = new Command("emulator", "Run the DDM emulator on 127.0.0.1 until Ctrl+C.") { port, backups };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new EmulatorOptions { Port = parse.GetValue(port), BackupCount = parse.GetValue(backups), RequestLog = console.Error };
            await using var emulator = await DdmEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            await console.Output.WriteLineAsync(
                $"DDM emulator on {emulator.BaseAddress} with {options.BackupCount} backups. Try: DDM_ENDPOINT={emulator.BaseAddress} OS_PROJECT_ID={options.ProjectId} OS_AUTH_TOKEN={options.Token} ddm backups list. Ctrl+C stops it.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
