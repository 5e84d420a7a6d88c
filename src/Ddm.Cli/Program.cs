using System;
using System.Threading.Tasks;

namespace Ddm.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) =>
        CliApplication.RunAsync(args, new CliConsole(Console.Out, Console.Error, !Console.IsOutputRedirected), Environment.GetEnvironmentVariable);
}
