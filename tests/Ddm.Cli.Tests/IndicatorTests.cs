using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Text.RegularExpressions;
using Ddm.Cli.Output;

namespace Ddm.Cli.Tests;

/// <summary>The waiting line on a terminal's stderr.</summary>
public sealed class IndicatorTests
{
    [Fact]
    public async Task The_line_is_kept_narrower_than_the_terminal_so_clearing_it_clears_it_all()
    {
        // Regression: on a terminal narrower than the line, it wrapped, and "\r\e[2K" cleared only its last row.
        var error = new StringWriter();
        using (var indicator = new Indicator(error, enabled: true, width: 30))
        {
            indicator.Start("12500 of 87500 backups, waiting for the next page...", "12500 of 87500...");
            for (var waited = 0; waited < 600 && !error.ToString().Contains('|', StringComparison.Ordinal); waited++)
            {
                await Task.Delay(50);
            }

            indicator.Stop();
        }

        var drawn = Drawn(error.ToString());
        Assert.Contains(drawn, part => part.StartsWith("| 12500 of", StringComparison.Ordinal));
        Assert.All(drawn, part => Assert.InRange(TerminalText.Width(part), 0, 27));
        Assert.EndsWith("\u001b[?25h", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, "| 0s")]
    [InlineData(6, "0s")]
    public async Task On_a_terminal_too_narrow_for_any_words_the_seconds_stay(int width, string first)
    {
        // Regression: with room for four columns the line was "| w…", without the seconds. The line keeps three columns
        // short of the terminal's width: one so that it never reaches the last, two for a "^C" echoed after it.
        var error = new StringWriter();
        using (var indicator = new Indicator(error, enabled: true, width: width))
        {
            indicator.Start("waiting for the service...", "waiting...");
            for (var waited = 0; waited < 600 && !error.ToString().Contains('\r', StringComparison.Ordinal); waited++)
            {
                await Task.Delay(50);
            }

            indicator.Stop();
        }

        var drawn = Drawn(error.ToString()).Where(part => part.Length > 0).ToList();
        Assert.Equal(first, drawn[0]);
        Assert.All(drawn, part => Assert.Matches(@"\d+s$", part));
        Assert.All(drawn, part => Assert.InRange(TerminalText.Width(part), 1, width - 3));
    }

    [Theory]
    [InlineData(0, "| waiting... 0s")]
    [InlineData(1, "| 128 of 1000... 0s")]
    public async Task On_a_narrow_terminal_the_words_give_way_to_the_seconds_waited(int pagesAnswered, string first)
    {
        // Regression: at 30 columns the line was cut to "| waiting for the service...…", so the counter never showed.
        using var server = LoopbackServer.Stalled(pagesAnswered);
        var environment = server.Cloud();
        // The spinner's frame and the seconds aside: on a busy machine the first page may take long enough for "waiting"
        // to be drawn first, and the first drawing after it may come a second late.
        var words = first[1..^2];
        bool WithWords(string part) => part[1..].StartsWith(words, StringComparison.Ordinal) && Regex.IsMatch(part[(words.Length + 1)..], @"^\d+s$");
        bool Counted(string part) => Regex.IsMatch(part, @" [1-9]\d*s$");

        // The run is stopped once the line with the words and one with a second counted have been drawn, however long
        // that takes; its --timeout ends it only where they never come, and the assertions then say which is missing.
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new WatchingWriter(text => Spinning(text).Any(WithWords) && Spinning(text).Any(Counted), stop);
        var console = new CliConsole(output, error, outputIsTerminal: true, errorIsTerminal: true, width: 30);
        await CliApplication.RunAsync(new[] { "backups", "list", "--all", "--timeout", "60" }, console, environment.GetValueOrDefault, stop.Token).WaitAsync(TimeSpan.FromMinutes(2));

        var drawn = Spinning(error.ToString());
        Assert.Contains(drawn, WithWords);
        Assert.Contains(drawn, Counted);
        Assert.All(drawn, part => Assert.Matches(@" \d+s$", part));
        Assert.All(drawn, part => Assert.InRange(TerminalText.Width(part), 0, 27));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("dumb", false)]
    [InlineData("xterm-256color", true)]
    public async Task The_line_is_drawn_only_where_term_names_a_terminal_that_takes_controls(string? term, bool drawn)
    {
        // Regression: only TERM=dumb kept the line off, so with TERM unset (a terminal of unknown kind: git takes it for
        // dumb, ls for one without colors) the line was drawn with the controls that move the cursor and clear the line.
        using var server = LoopbackServer.Stalled();
        var environment = server.Cloud();
        environment["TERM"] = term;
        if (term is null)
        {
            environment.Remove("TERM");
        }

        // Where the line is drawn, the run is stopped once it has been, however long that takes (its --timeout ends it
        // only where it never is); where it is not, the run waits for the service for ten times the line's 150 ms.
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new WatchingWriter(text => text.Contains("waiting for the service", StringComparison.Ordinal), stop);
        var console = new CliConsole(output, error, outputIsTerminal: true, errorIsTerminal: CliConsole.ErrorTakesControls(outputIsTerminal: true, errorIsTerminal: true, environment.GetValueOrDefault), width: 80);
        var exitCode = await CliApplication.RunAsync(new[] { "backups", "list", "--timeout", drawn ? "60" : "1.5" }, console, environment.GetValueOrDefault, stop.Token).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(drawn ? ExitCodes.Interrupted : ExitCodes.Unreachable, exitCode);
        Assert.Equal(drawn, error.ToString().Contains("waiting for the service", StringComparison.Ordinal));
        Assert.Equal(drawn, error.ToString().Contains('\u001b', StringComparison.Ordinal));
    }

    /// <summary>The drawings of the line that start with the spinner's frame.</summary>
    private static List<string> Spinning(string error) =>
        Drawn(error).Where(part => part.Length > 0 && "|/-\\".Contains(part[0], StringComparison.Ordinal)).ToList();

    /// <summary>What each drawing of the line left on the terminal: the parts between carriage returns, without the controls.</summary>
    private static List<string> Drawn(string error) =>
        error.Split('\r').Select(part => part.Replace("\u001b[2K", string.Empty, StringComparison.Ordinal).Replace("\u001b[?25l", string.Empty, StringComparison.Ordinal).Replace("\u001b[?25h", string.Empty, StringComparison.Ordinal)).ToList();
}
