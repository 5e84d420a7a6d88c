using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM sent to the built ddm as a child process: it exits within 2 s with 130 or 143,
/// says "cancelled" once, and leaves stdout complete or empty.
/// </summary>
[Collection(ServedEmulator.Name)]
public sealed class SignalTests
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(2);
    private static readonly Dictionary<string, string?> NoCloud = new();
    private readonly ServedEmulator _served;

    public SignalTests(ServedEmulator served) => _served = served;

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task The_emulator_command_stops_on_a_signal(string signal, int exitCode)
    {
        using var ddm = DdmProcess.Start(NoCloud, readOutput: true, "emulator", "--port", "0", "--backups", "10");
        await ddm.WaitForAsync(child => child.Output.Contains("OS_AUTH_TOKEN=", StringComparison.Ordinal), "the emulator's settings");

        ddm.Signal(signal);

        Assert.True(await ddm.WaitForExitAsync(ExitBound), "ddm emulator did not exit within 2 s of SIG" + signal);
        Assert.Equal(exitCode, ddm.ExitCode);
        Assert.EndsWith("ddm: cancelled.\n", ddm.Error, StringComparison.Ordinal);
        Assert.Equal(2, ddm.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task Backups_list_all_with_the_built_in_emulator_stops_on_a_signal_while_blocked_on_a_full_pipe(string signal, int exitCode)
    {
        // 263 JSON lines do not fit into the 64 KiB pipe that nobody reads: ddm is stuck writing when the signal comes.
        using var ddm = DdmProcess.Start(NoCloud, readOutput: false, "backups", "list", "--all", "--output", "jsonl");
        await ddm.ReadSomeOutputAsync();
        // Then nothing is read any more; the pipe fills and ddm blocks in a write.
        await ddm.WaitForBlockedWriteAsync();

        ddm.Signal(signal);

        Assert.True(await ddm.WaitForExitAsync(ExitBound), "ddm did not exit within 2 s of SIG" + signal);
        Assert.Equal(exitCode, ddm.ExitCode);
        var lines = CompleteJsonLines(ddm.Output);
        Assert.InRange(lines, 1, 262);
        // Said to go on from the page after the last one the pipe took whole, if it took one.
        AssertGoesOnWithout(ddm.Error, lines, required: false);
    }

    [Fact]
    public async Task A_json_document_that_cannot_be_copied_out_in_time_is_cut_and_the_run_still_ends_promptly()
    {
        // The array of 263 backups is complete and being copied to a pipe nobody reads when Ctrl+C comes: the copy
        // cannot finish, and the run must not wait for it.
        using var ddm = DdmProcess.Start(NoCloud, readOutput: false, "backups", "list", "--all", "--output", "json");
        await ddm.ReadSomeOutputAsync();
        await ddm.WaitForBlockedWriteAsync();

        ddm.Signal("INT");

        Assert.True(await ddm.WaitForExitAsync(ExitBound), "ddm did not exit within 2 s of SIGINT");
        Assert.Equal(130, ddm.ExitCode);
        Assert.EndsWith("ddm: cancelled.\n", ddm.Error, StringComparison.Ordinal);
        Assert.StartsWith("[", ddm.Output, StringComparison.Ordinal);
        Assert.False(ddm.Output.TrimEnd().EndsWith(']'), "the document was not cut");
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_run_whose_stderr_shares_the_blocked_pipe_still_ends_promptly(string signal, int exitCode)
    {
        // Regression: with 2>&1 into a pipe nobody reads, the "cancelled" line blocked as the document did, and only a
        // second signal ended the run.
        using var ddm = DdmProcess.StartWithStderrOnStdout(NoCloud, readOutput: false, "backups", "list", "--all", "--output", "json");
        // The note about the emulator comes first; once the document has begun, nothing is read any more, and the
        // copy (about 120 KB) fills the pipe.
        while (!ddm.Output.Contains('[', StringComparison.Ordinal))
        {
            await ddm.ReadSomeOutputAsync();
        }

        await ddm.WaitForBlockedWriteAsync();

        ddm.Signal(signal);

        Assert.True(await ddm.WaitForExitAsync(ExitBound), "ddm did not exit within 2 s of SIG" + signal);
        Assert.Equal(exitCode, ddm.ExitCode);
    }

    [Fact]
    public async Task A_json_document_cut_on_a_terminal_is_followed_by_cancelled_on_a_line_of_its_own()
    {
        // Regression: "ddm: cancelled." went on the line the cut document left open ("...\"backup_type\":\"auddm: cancelled.").
        // The line waits a bounded time (Termination.LastWordsBound) behind the write to stdout under way, which this
        // test's pseudo-terminal now and then holds longer (150 to 600 ms were measured, in about one run of five); ddm
        // then leaves without it, as it is meant to. So a run may show no line; a run that shows it must show it on a
        // line of its own, and one of three runs at least must show it.
        const string Cancelled = "\r\nddm: cancelled.\r\n";
        for (var run = 1; run <= 3; run++)
        {
            var text = await CutJsonOnTerminalAsync();
            if (!text.EndsWith(Cancelled, StringComparison.Ordinal))
            {
                Assert.DoesNotContain("ddm: cancelled.", text, StringComparison.Ordinal);
                continue;
            }

            var document = text[..^Cancelled.Length];
            Assert.False(document.EndsWith(']'), "the document was not cut");
            Assert.False(document.EndsWith("\r\n", StringComparison.Ordinal), "the document was cut at the end of a line, which proves nothing");
            return;
        }

        Assert.Fail("none of three runs showed \"ddm: cancelled.\" after the cut document");
    }

    /// <summary>
    /// Lists every backup as one JSON document on a terminal, interrupts ddm once the document has started and reads the
    /// rest slowly, so that it is still being copied when the grace period ends; returns what the terminal showed.
    /// </summary>
    private async Task<string> CutJsonOnTerminalAsync()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"ddm-cut-{Guid.NewGuid():N}.pid");
        var settings = string.Join(' ', _served.Cloud().Select(variable => $"{variable.Key}={variable.Value}"));
        using var script = System.Diagnostics.Process.Start(TerminalTests.OnTerminal($"stty cols 80 rows 40; echo $$ > '{pidFile}'; {settings} exec dotnet '{Path.Combine(AppContext.BaseDirectory, "ddm.dll")}' backups list --all --output json"))!;
        try
        {
            var screen = await TerminalTests.ReadUntilAsync(script, "[\r\n");
            var pid = File.ReadAllText(pidFile).Trim();
            using (var kill = System.Diagnostics.Process.Start("kill", new[] { "-s", "INT", pid })!)
            {
                await kill.WaitForExitAsync();
            }

            // A few MB a second at most until the grace period is over, so the copy is still going when it ends; then as
            // fast as it comes, so the write under way then is taken well within the time the last line waits for it.
            var signalled = System.Diagnostics.Stopwatch.StartNew();
            var buffer = new char[4096];
            int read;
            while ((read = await script.StandardOutput.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromMinutes(1))) > 0)
            {
                screen.Append(buffer, 0, read);
                if (signalled.Elapsed < Hosting.Termination.GracePeriod)
                {
                    await Task.Delay(1);
                }
            }

            await script.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(130, script.ExitCode);
            return screen.ToString();
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }

            File.Delete(pidFile);
        }
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task Backups_list_all_stops_on_a_signal_between_pages_and_writes_no_part_of_the_document(string signal, int exitCode)
    {
        // A service that answers the first page and never the second, so that the signal comes between pages whatever
        // the machine's speed: with the built-in emulator an idle machine answered all the pages before it arrived.
        using var server = LoopbackServer.Stalled(1);
        using var ddm = DdmProcess.Start(server.Cloud(), readOutput: true, "backups", "list", "--all", "--output", "json", "--timeout", "60");
        // The second page is asked for once the first has arrived; its handlers are in place long before.
        await ddm.WaitForAsync(_ => server.Requests >= 2, "the second page's request");

        ddm.Signal(signal);

        Assert.True(await ddm.WaitForExitAsync(ExitBound), "ddm did not exit within 2 s of SIG" + signal);
        Assert.Equal(exitCode, ddm.ExitCode);
        Assert.EndsWith("ddm: cancelled.\n", ddm.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ddm.Output);
    }

    [Theory]
    [InlineData("INT", 130, "jsonl", 128)]
    [InlineData("TERM", 143, "jsonl", 128)]
    [InlineData("INT", 130, "table", 129)]
    [InlineData("TERM", 143, "table", 129)]
    public async Task Backups_list_all_stopped_by_a_signal_after_a_page_was_written_says_where_to_go_on(string signal, int exitCode, string format, int lines)
    {
        // Regression: a listing stopped with Ctrl+C or SIGTERM while its second page was awaited said only "ddm:
        // cancelled.", although the rows of the first page were written: a long listing stopped by hand could only be
        // started over. The service answers the first page and never the second, so the signal comes while it is awaited.
        using var server = LoopbackServer.Stalled(pagesAnswered: 1);
        using var ddm = DdmProcess.Start(server.Cloud(), readOutput: true, "backups", "list", "--all", "--output", format, "--timeout", "60");
        // The second page is asked for only once the first one's rows are written.
        await ddm.WaitForAsync(_ => server.Requests >= 2, "the second page's request");

        ddm.Signal(signal);

        Assert.True(await ddm.WaitForExitAsync(ExitBound), "ddm did not exit within 2 s of SIG" + signal);
        Assert.Equal(exitCode, ddm.ExitCode);
        Assert.Equal("ddm: cancelled. The listing stopped at the page at offset 128. To go on from there, run the same command with --offset 128.\n", ddm.Error);
        Assert.Equal(lines, ddm.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("INT", 130, "json")]
    [InlineData("TERM", 143, "json")]
    [InlineData("INT", 130, "jsonl")]
    [InlineData("TERM", 143, "jsonl")]
    [InlineData("INT", 130, "table")]
    public async Task Backups_list_all_against_a_served_emulator_stops_on_a_signal(string signal, int exitCode, string format)
    {
        var before = _served.Emulator.Statistics.RequestsTo("GET /v3/{project_id}/backups");
        using var ddm = DdmProcess.Start(_served.Cloud(), readOutput: true, "backups", "list", "--all", "--output", format);
        await ddm.WaitForAsync(_ => _served.Emulator.Statistics.RequestsTo("GET /v3/{project_id}/backups") - before >= 3, "three page requests");

        ddm.Signal(signal);

        Assert.True(await ddm.WaitForExitAsync(ExitBound), "ddm did not exit within 2 s of SIG" + signal);
        Assert.Equal(exitCode, ddm.ExitCode);
        var output = ddm.Output;
        switch (format)
        {
            case "json":
                // The array is written only once the last page is in: an interrupted run leaves nothing, and says
                // nothing of where to go on.
                Assert.Equal(string.Empty, output);
                Assert.Equal("ddm: cancelled.\n", ddm.Error);
                break;
            case "jsonl":
                var lines = CompleteJsonLines(output);
                Assert.InRange(lines, 128, ServedEmulator.Listed - 1);
                AssertGoesOnWithout(ddm.Error, lines, required: true);
                break;
            default:
                Assert.True(output.Length == 0 || output.EndsWith('\n'), "the table ends mid-row");
                var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
                Assert.InRange(rows, 128, ServedEmulator.Listed - 1);
                AssertGoesOnWithout(ddm.Error, rows, required: true);
                break;
        }
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("table")]
    public async Task Backups_list_all_stopped_after_its_last_page_was_written_does_not_say_to_go_on(string format)
    {
        // Regression: a signal that came once the last page's rows were written, before the listing ended, said to go on
        // with --offset at the total, which lists nothing. The stop comes as the last page's rows are flushed: the
        // service's one page holds every backup.
        using var server = LoopbackServer.Answering(LoopbackServer.OneBackup);
        using var stop = new System.Threading.CancellationTokenSource();
        using var output = new StoppingWriter(stop);
        using var error = new StringWriter();
        var console = new CliConsole(output, error);
        var environment = server.Cloud();

        var exitCode = await CliApplication.RunAsync(new[] { "backups", "list", "--all", "--output", format }, console, name => environment.GetValueOrDefault(name), stop.Token);

        Assert.Equal(130, exitCode);
        Assert.Equal(1, server.Requests);
        Assert.Contains("b1", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("ddm: cancelled. The listing's last page was written; nothing is left to list.\n", error.ToString());
    }

    /// <summary>A writer that cancels <c>stop</c> when what it holds is first flushed, as a signal that comes right then.</summary>
    private sealed class StoppingWriter(System.Threading.CancellationTokenSource stop) : StringWriter
    {
        public override void Flush()
        {
            base.Flush();
            if (GetStringBuilder().Length > 0)
            {
                stop.Cancel();
            }
        }
    }

    /// <summary>
    /// Checks the last line of a listing stopped by a signal: "ddm: cancelled." with the offset to go on from, which no
    /// backup written lies past (a page cut short is listed again, none is skipped), or without one where
    /// <paramref name="required"/> is false (no page was written whole).
    /// </summary>
    private static void AssertGoesOnWithout(string error, int written, bool required)
    {
        var line = System.Text.RegularExpressions.Regex.Match(error, @"(?:\A|\n)ddm: cancelled\.(?: The listing stopped at the page at offset (?<offset>\d+)\. To go on from there, run the same command with --offset \k<offset>\.)?\n\z");
        Assert.True(line.Success, error);
        Assert.True(line.Groups["offset"].Success || !required, error);
        if (line.Groups["offset"].Success)
        {
            var offset = int.Parse(line.Groups["offset"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(offset, Math.Max(128, written - 127), written);
        }
    }

    /// <summary>Counts the lines of <paramref name="output"/>, each of which must be a whole JSON object.</summary>
    private static int CompleteJsonLines(string output)
    {
        Assert.True(output.Length == 0 || output.EndsWith('\n'), "stdout ends mid-line");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            using var item = JsonDocument.Parse(line);
            Assert.False(string.IsNullOrEmpty(item.RootElement.GetProperty("id").GetString()));
        }

        return lines.Length;
    }
}

/// <summary>One emulator with 100 000 backups over loopback, shared by the tests that need a long listing.</summary>
public sealed class ServedEmulator : IAsyncLifetime
{
    public const string Name = "served emulator";

    /// <summary>Seeded backups; the listing leaves out the deleted ones, so it holds fewer.</summary>
    public const int Seeded = 100_000;

    /// <summary>An upper bound of the listed backups.</summary>
    public const int Listed = Seeded;

    public DdmEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = Seeded });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public Dictionary<string, string?> Cloud() => new()
    {
        ["DDM_ENDPOINT"] = Emulator.BaseAddress.ToString(),
        ["OS_PROJECT_ID"] = Emulator.Options.ProjectId,
        ["OS_AUTH_TOKEN"] = Emulator.Options.Token,
    };
}

[CollectionDefinition(ServedEmulator.Name)]
public sealed class ServedEmulatorGroup : ICollectionFixture<ServedEmulator>
{
}
