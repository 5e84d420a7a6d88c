using System.Threading.Tasks;
using Ddm.Cli.Hosting;

namespace Ddm.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.FromProcess();
        using var termination = new Termination(console);
        var exitCode = await CliApplication.RunAsync(args, console, System.Environment.GetEnvironmentVariable, termination.Token).ConfigureAwait(false);
        termination.Finish();
        // SIGTERM ends with 143 rather than Ctrl+C's 130.
        return termination.ExitCode ?? exitCode;
    }
}
