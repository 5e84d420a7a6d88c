using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
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
            indicator.Start("12500 of 87500 backups, waiting for the next page...");
            for (var waited = 0; waited < 600 && !error.ToString().Contains('|', StringComparison.Ordinal); waited++)
            {
                await Task.Delay(50);
            }

            indicator.Stop();
        }

        var drawn = error.ToString().Split('\r').Select(part => part.Replace("\u001b[2K", string.Empty, StringComparison.Ordinal).Replace("\u001b[?25l", string.Empty, StringComparison.Ordinal).Replace("\u001b[?25h", string.Empty, StringComparison.Ordinal)).ToList();
        Assert.Contains(drawn, part => part.StartsWith("| 12500 of", StringComparison.Ordinal));
        Assert.All(drawn, part => Assert.InRange(TerminalText.Width(part), 0, 29));
        Assert.EndsWith("\u001b[?25h", error.ToString(), StringComparison.Ordinal);
    }
}
