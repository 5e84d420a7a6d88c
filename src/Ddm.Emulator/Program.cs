using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Emulator;

/// <summary>Runs the emulator from the command line until Ctrl+C or SIGTERM.</summary>
internal static class Program
{
    private const string Usage = "usage: Ddm.Emulator [--port P] [--backups N] [--seed S]";

    public static async Task<int> Main(string[] args)
    {
        var options = new EmulatorOptions { Port = 5080, BackupCount = 1000, RequestLog = Console.Out };
        for (var index = 0; index < args.Length; index++)
        {
            var value = index + 1 < args.Length ? args[index + 1] : null;
            var parsed = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
            switch (args[index])
            {
                case "--port" when parsed && number <= 65535:
                    options.Port = number;
                    break;
                case "--backups" when parsed:
                    options.BackupCount = number;
                    break;
                case "--seed" when parsed:
                    options.Seed = number;
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"{args[index]} {value}: not understood. {Usage}");
                    return 2;
            }

            index++;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        // SIGTERM (kill, a container's stop) ends it as Ctrl+C does: a graceful stop and exit code 0, where the
        // runtime's default would end the process at once.
        using var terminate = OperatingSystem.IsWindows() ? null : System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
        await using var emulator = await DdmEmulator.StartAsync(options);
        Console.WriteLine($"DDM emulator on {emulator.BaseAddress} (project {options.ProjectId}, token {options.Token}, {options.BackupCount} backups seeded, those whose status is deleted not listed). Ctrl+C stops it.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
