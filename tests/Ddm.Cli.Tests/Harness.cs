using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>Runs ddm in this process with a given environment and console shape (and whether the locale is UTF-8).</summary>
internal static class Harness
{
    public static async Task<(int ExitCode, string Output, string Error)> Run(
        IReadOnlyDictionary<string, string?> environment, string[] args, bool terminal = false, int width = 80, string? input = null, bool utf8 = true)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input ?? string.Empty);
        var console = new CliConsole(output, error, outputIsTerminal: terminal, errorIsTerminal: terminal, width: width, input: reader, utf8: utf8);
        var exitCode = await CliApplication.RunAsync(args, console, name => environment.GetValueOrDefault(name));
        return (exitCode, output.ToString(), error.ToString());
    }
}
