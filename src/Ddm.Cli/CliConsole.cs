using System.IO;
using Spectre.Console;

namespace Ddm.Cli;

/// <summary>Where the tool writes: stdout for results, stderr for notes and errors; rich output only on a terminal.</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool interactive)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Rich = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Whether stdout is a terminal: tables and progress then; plain text when redirected.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Rich { get; }
}
