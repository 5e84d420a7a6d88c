using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>
/// The emulator is a guest in the process that starts it (a test run, ddm, a user's program): it leaves the process's
/// signals to that process. Not run beside other tests.
/// </summary>
[Collection(HostProcessGroup.Name)]
public sealed class HostProcessTests
{
    /// <summary>Guards against hangs only.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_signal_ends_a_program_that_runs_an_emulator_as_it_ends_one_that_does_not(string signal, int exitCode)
    {
        // Regression: the web host inside took SIGINT, SIGQUIT and SIGTERM for itself and cancelled them, so a program
        // (or a test run) with an emulator running could no longer be stopped by Ctrl+C or kill, and the emulator went
        // on answering.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(HostProcessTests).Assembly.Location);
        start.ArgumentList.Add(EmulatorHost.Argument);
        using var host = Process.Start(start)!;
        try
        {
            var announced = await host.StandardOutput.ReadLineAsync().WaitAsync(HangGuard);
            Assert.StartsWith(EmulatorHost.Announcement, announced, StringComparison.Ordinal);

            using (var kill = Process.Start("kill", new[] { "-s", signal, host.Id.ToString(CultureInfo.InvariantCulture) })!)
            {
                await kill.WaitForExitAsync();
            }

            await host.WaitForExitAsync().WaitAsync(HangGuard);
            Assert.Equal(exitCode, host.ExitCode);
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill();
            }
        }
    }
}

/// <summary>The tests that act on the whole process, run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostProcessGroup
{
    public const string Name = "The test process";
}
