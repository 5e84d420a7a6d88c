using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>The emulator run on its own from the command line.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Sigterm_ends_the_emulator_as_ctrl_c_does()
    {
        // Regression: the web host inside took SIGTERM for its own shutdown, and the program waited for Ctrl+C for ever.
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ddm.Emulator.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        using var emulator = Process.Start(start)!;
        try
        {
            var announced = await emulator.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.StartsWith("DDM emulator on http://127.0.0.1:", announced, StringComparison.Ordinal);

            using (var kill = Process.Start("kill", new[] { "-s", "TERM", emulator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!)
            {
                await kill.WaitForExitAsync();
            }

            await emulator.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, emulator.ExitCode);
        }
        finally
        {
            if (!emulator.HasExited)
            {
                emulator.Kill();
            }
        }
    }
}
