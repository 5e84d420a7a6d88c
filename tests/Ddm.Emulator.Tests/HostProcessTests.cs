using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Tests.Shared;

namespace Ddm.Emulator.Tests;

/// <summary>
/// The emulator is a guest in the process that starts it (a test run, ddm, a user's program): it leaves the process's
/// signals and settings to that process. Not run beside other tests, which these would disturb.
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
        using var host = Process.Start(InterruptibleChild.Prepare(start))!;
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

    [Fact]
    public async Task Kestrel_endpoints_in_the_environment_are_not_opened_by_the_emulator()
    {
        // Regression: the emulator read the process's configuration as an ASP.NET application does (appsettings.json
        // of the working directory, every environment variable), so the endpoints of a user's own web application
        // (Kestrel:Endpoints) were opened by the emulator too, and ddm could not start its built-in emulator in such a
        // project while the application ran.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        const string Variable = "Kestrel__Endpoints__UsersApplication__Url";
        Environment.SetEnvironmentVariable(Variable, "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        try
        {
            await using var emulator = await DdmEmulator.StartAsync();
            using var client = new TcpClient();
            var connecting = await Record.ExceptionAsync(() => client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(HangGuard));
            Assert.IsType<SocketException>(connecting);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public async Task A_start_on_a_port_in_use_fails_and_releases_what_it_made()
    {
        // Regression: a start that failed (the port in use, a cancelled start) left its web host undisposed: its
        // meters stayed in the process's list of meters for ever, with everything they held, and a retried start
        // leaked them again on every try. Counted here by the web server's instruments, which a disposed host
        // completes; run alone, so no other emulator's come or go meanwhile.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var published = 0;
        var completed = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meters) =>
            {
                if (instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref published);
                    meters.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (_, _) => Interlocked.Increment(ref completed),
        };
        listener.Start();
        var before = published - completed;

        await Assert.ThrowsAsync<IOException>(() => DdmEmulator.StartAsync(new EmulatorOptions { Port = ((IPEndPoint)taken.LocalEndpoint).Port }));

        Assert.True(published > before, "the failed start made no instruments to count");
        Assert.Equal(before, published - completed);
    }
}

/// <summary>The tests that act on the whole process, run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostProcessGroup
{
    public const string Name = "The test process";
}
