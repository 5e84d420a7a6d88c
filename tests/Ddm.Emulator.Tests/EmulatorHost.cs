using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>
/// The test assembly's entry point: with <see cref="Argument"/> it is a program that runs an emulator and does nothing
/// about signals, for the tests that signal such a program; otherwise it does nothing (the test runner loads the
/// assembly and never calls it).
/// </summary>
public static class EmulatorHost
{
    public const string Argument = "--run-an-emulator";

    public const string Announcement = "emulator on ";

    public static async Task Main(string[] args)
    {
        if (args is not [Argument])
        {
            return;
        }

        await using var emulator = await DdmEmulator.StartAsync();
        Console.WriteLine(Announcement + emulator.BaseAddress);
        await Task.Delay(Timeout.Infinite);
    }
}
