using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Cli.Hosting;
using Ddm.Cli.Output;

namespace Ddm.Cli;

/// <summary>
/// Where the tool writes: stdout for results only, stderr for notes, errors and the waiting indicator.
/// Tables are fitted to <see cref="Width"/> on a terminal and plain, complete columns when redirected.
/// </summary>
internal sealed class CliConsole
{
    private int _cancelledReported;
    private string? _cancelledListing;
    private readonly Func<TextReader> _input;
    private readonly bool _inputIsTerminal;
    private readonly LineStart _errorLine;
    private readonly bool _echoesInterrupt;
    private readonly Func<bool>? _outputReaderGone;

    /// <summary>
    /// Opens the terminal a secret is typed at, for its prompt, where stderr is not that terminal (2>file): the prompt
    /// then shows where the line is typed and stays out of the file. Null when stderr takes the prompt.
    /// </summary>
    private readonly Func<TextWriter?>? _promptTerminal;

    /// <param name="output">Results.</param>
    /// <param name="error">Notes, errors and the indicator.</param>
    /// <param name="outputIsTerminal">Whether stdout is a terminal: tables are then fitted to <paramref name="width"/>.</param>
    /// <param name="errorIsTerminal">Whether stderr is a terminal to draw the waiting indicator on (and stdout one too).</param>
    /// <param name="width">The terminal's columns; ignored when stdout is redirected.</param>
    /// <param name="input">Standard input, for <c>--token-stdin</c>.</param>
    /// <param name="errorWidth">The columns of stderr's terminal, for the indicator; <paramref name="width"/> when not given.</param>
    /// <param name="utf8">Whether the terminal's locale is UTF-8; shortened values are marked with "..." and other text is ASCII when not.</param>
    public CliConsole(TextWriter output, TextWriter error, bool outputIsTerminal = false, bool errorIsTerminal = false, int width = 80, TextReader? input = null, int? errorWidth = null, bool utf8 = true)
        : this(output, error, outputIsTerminal, errorIsTerminal, width, input is null ? null : () => input, errorWidth ?? width, utf8)
    {
    }

    private CliConsole(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal, int width, Func<TextReader>? input, int errorWidth, bool utf8, bool inputIsTerminal = false, LineStart? errorLine = null, bool echoesInterrupt = false, Func<bool>? inForeground = null, Func<int?>? currentErrorWidth = null, Func<bool>? outputReaderGone = null, Func<TextWriter?>? promptTerminal = null)
    {
        _outputReaderGone = outputReaderGone;
        _promptTerminal = promptTerminal;
        Utf8 = utf8;
        Ellipsis = utf8 ? TableWriter.Ellipsis : TableWriter.AsciiEllipsis;
        _inputIsTerminal = inputIsTerminal;
        _errorLine = errorLine ?? new LineStart();
        _echoesInterrupt = echoesInterrupt;
        Output = output;
        JsonTarget = new EscapingJsonWriter(output, asciiOnly: !utf8);
        Error = error;
        OutputIsTerminal = outputIsTerminal;
        Width = Math.Max(width, 40);
        _input = input ?? (() => TextReader.Null);
        Indicator = new Indicator(error, errorIsTerminal, errorWidth, Ellipsis, inForeground, currentErrorWidth);
    }

    /// <summary>The console of this process: stdout and stderr as they are, the width of the terminal.</summary>
    public static CliConsole FromProcess()
    {
        var outputIsTerminal = !Console.IsOutputRedirected;
        var width = (outputIsTerminal ? ColumnsVariable() ?? NativeMethods.TerminalColumns(1) : null) ?? 80;
        var errorTakesControls = ErrorTakesControls(outputIsTerminal, !Console.IsErrorRedirected, Environment.GetEnvironmentVariable);
        var errorWidth = (errorTakesControls ? NativeMethods.TerminalColumns(2) : null) ?? 80;
        var utf8 = TerminalText.LocaleIsUtf8(Environment.GetEnvironmentVariable);
        var errorIsTerminal = !Console.IsErrorRedirected;
        // Whether stderr's line is open is followed through stdout's writes too when both go to one place.
        var errorLine = new LineStart();
        var output = StdoutWriter.ForDescriptor(1, ShareOneFile(outputIsTerminal, errorIsTerminal) ? errorLine : null);
        var echoesInterrupt = errorIsTerminal && NativeMethods.EchoesControlCharacters(2);
        return new CliConsole(output, StdoutWriter.ForDescriptor(2, errorLine), outputIsTerminal, errorTakesControls, width, StandardInput, errorWidth, utf8, !Console.IsInputRedirected, errorLine, echoesInterrupt, () => NativeMethods.InForeground(2), () => NativeMethods.TerminalColumns(2),
            outputIsTerminal || !NativeMethods.WasInherited(1) ? null : () => NativeMethods.ReaderGone(1),
            errorIsTerminal ? null : OpenTerminal);
    }

    /// <summary>
    /// Whether the waiting line may be drawn on stderr, with the cursor and line controls it moves and clears with: both
    /// stdout and stderr are terminals (with results in a file or a pipe, a pager such as <c>| less</c> may have the
    /// screen the line would be drawn over), and TERM names a terminal that takes controls. A TERM of <c>dumb</c> says
    /// it takes none; one unset or empty names no terminal at all, which is taken the same way (git takes an unset TERM
    /// for dumb, ls gives a terminal of unknown kind no colors, terminfo finds no entry for it).
    /// </summary>
    internal static bool ErrorTakesControls(bool outputIsTerminal, bool errorIsTerminal, Func<string, string?> environment) =>
        outputIsTerminal && errorIsTerminal && environment("TERM") is { Length: > 0 } term && !string.Equals(term, "dumb", StringComparison.Ordinal);

    /// <summary>
    /// COLUMNS where it holds a number of columns above zero: as for ls and other tools, it comes before the terminal's
    /// own width for what is laid out on stdout (tables, help). The waiting line keeps to the terminal's, which it must
    /// not wrap on.
    /// </summary>
    private static int? ColumnsVariable() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns > 0 ? columns : null;

    /// <summary>
    /// Whether stdout and stderr are one terminal, pipe or file (<c>2&gt;&amp;1</c>), so that a line on one follows on from
    /// what the other left. Asked of /proc on Linux; elsewhere, two terminals are taken to be one.
    /// </summary>
    private static bool ShareOneFile(bool outputIsTerminal, bool errorIsTerminal)
    {
        if (!NativeMethods.WasInherited(1) || !NativeMethods.WasInherited(2))
        {
            return false;
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                var output = new FileInfo("/proc/self/fd/1").LinkTarget;
                return output is not null && string.Equals(output, new FileInfo("/proc/self/fd/2").LinkTarget, StringComparison.Ordinal);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // No /proc to ask: as elsewhere.
            }
        }

        return outputIsTerminal && errorIsTerminal;
    }

    /// <summary>
    /// Standard input as a plain stream over descriptor 0: System.Console's own reader would switch a terminal's keypad
    /// to application mode (ESC [?1h) and leave it so after the run. On Linux and macOS it is read with read(2), which
    /// waits for input on a descriptor another program made non-blocking, where a FileStream fails with EAGAIN.
    /// </summary>
    /// <remarks>
    /// It is read as UTF-8, refusing bytes UTF-8 cannot have (a <see cref="System.Text.DecoderFallbackException"/> when
    /// read) rather than making them U+FFFD, or as the UTF-16 or UTF-32 a byte order mark at its start names.
    /// </remarks>
    /// <exception cref="IOException">The process was started with standard input closed.</exception>
    private static StreamReader StandardInput() =>
        !NativeMethods.WasInherited(0) ? throw new IOException("it is closed")
        : OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? new StreamReader(new DescriptorStream.Input(), StrictUtf8)
        : new StreamReader(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0), StrictUtf8);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The first line of standard input, for a secret: piped (<c>pass show otc/token | ddm ...</c>) as sent; typed at a
    /// terminal after a prompt on stderr, so the tool does not sit waiting without a word. At most
    /// <paramref name="maxLength"/> + 1 characters are read: a longer line is no secret of this kind, and input without
    /// a line break (<c>/dev/zero</c>, a binary file) would otherwise be read into memory without end.
    /// </summary>
    /// <param name="prompt">What is asked for, at a terminal.</param>
    /// <param name="maxLength">The longest line taken; one longer is returned cut at <paramref name="maxLength"/> + 1.</param>
    /// <param name="pipeWait">
    /// How long a pipe or file may take to give the line (or end): a writer that neither writes it nor closes the pipe
    /// would keep the run waiting without end. Someone typing at a terminal is given all the time needed.
    /// </param>
    /// <param name="cutByTerminal">
    /// Whether the line was typed at a terminal and fills the <see cref="TerminalLineBytes"/> a terminal line holds: the
    /// terminal dropped what came after, so the line may be cut.
    /// </param>
    /// <param name="otherEncoding">
    /// The name of the encoding a byte order mark at the start of the input named in place of UTF-8 (<c>UTF-16</c>,
    /// <c>UTF-16BE</c>, <c>UTF-32</c>), which a line read as nothing then owes to; null for UTF-8.
    /// </param>
    /// <exception cref="TimeoutException">Standard input is no terminal and gave no line within <paramref name="pipeWait"/>.</exception>
    /// <exception cref="System.Text.DecoderFallbackException">The input read as UTF-8 holds bytes UTF-8 cannot have.</exception>
    public string? ReadSecretLine(string prompt, int maxLength, TimeSpan pipeWait, out bool cutByTerminal, out string? otherEncoding)
    {
        var input = Input;
        string? line;
        if (_inputIsTerminal)
        {
            line = ReadSecretLine(prompt, maxLength, input);
        }
        else
        {
            // The read that is given up stays blocked until the process ends; nothing else reads standard input.
            var reading = Task.Run(() => ReadSecretLine(prompt, maxLength, input));
            if (Task.WhenAny(reading, Task.Delay(pipeWait)).GetAwaiter().GetResult() != reading)
            {
                throw new TimeoutException("standard input gave no line in time");
            }

            line = reading.GetAwaiter().GetResult();
        }

        otherEncoding = input is StreamReader { CurrentEncoding: var encoding } && encoding is not System.Text.UTF8Encoding ? encoding.WebName.ToUpperInvariant() : null;

        // Linux's terminal line discipline keeps at most 4095 bytes of a line being typed and drops the rest (elsewhere
        // the limit differs, and what is dropped is not known here).
        cutByTerminal = _inputIsTerminal && OperatingSystem.IsLinux() && line is not null && System.Text.Encoding.UTF8.GetByteCount(line) >= TerminalLineBytes;
        return line;
    }

    /// <summary>The most bytes a line typed at a Linux terminal holds (its line discipline's buffer, less the line break).</summary>
    public const int TerminalLineBytes = 4095;

    private string? ReadSecretLine(string prompt, int maxLength, TextReader input)
    {
        // The prompt goes where the line is typed: stderr, or where stderr goes elsewhere (2>file), the terminal itself.
        using var terminal = _inputIsTerminal && _promptTerminal is not null ? _promptTerminal() : null;
        var prompted = !_inputIsTerminal ? null : _promptTerminal is null ? Error : terminal;
        prompted?.Write("ddm: " + prompt + ": ");
        prompted?.Flush();

        var (line, entered) = ReadLine(input, maxLength + 1);
        if (entered && prompted == Error)
        {
            // The terminal echoed the Enter that ended the line.
            _errorLine.Ended();
        }
        else if (!entered && prompted is not null)
        {
            // Ctrl+D ends the input without the line break the terminal echoes for Enter, after what was typed or
            // at once: the line is ended here, so that what follows does not go on (or clear) the prompt's line.
            prompted.WriteLine();
            prompted.Flush();
        }

        return line;
    }

    /// <summary>
    /// The controlling terminal for writing, on Linux and macOS (<c>/dev/tty</c>), as a writer that leaves out what it
    /// cannot write; null when there is none to open.
    /// </summary>
    private static StdoutWriter? OpenTerminal()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        try
        {
            return new StdoutWriter(new FileStream("/dev/tty", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0), "the terminal", bestEffort: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The first line of <paramref name="reader"/> without its line break (null when there is nothing at all), and
    /// whether a line break ended it rather than the end of the input or <paramref name="maxLength"/>.
    /// </summary>
    private static (string? Line, bool Entered) ReadLine(TextReader reader, int maxLength)
    {
        var line = new System.Text.StringBuilder();
        int character;
        while (line.Length < maxLength && (character = reader.Read()) >= 0)
        {
            // A line ends as TextReader.ReadLine ends it: at LF, CR or CR LF.
            if (character is '\n' or '\r')
            {
                if (character == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                return (line.ToString(), true);
            }

            line.Append((char)character);
        }

        return (line.Length == 0 ? null : line.ToString(), false);
    }

    public TextWriter Output { get; }

    /// <summary>Stdout for JSON: <see cref="Output"/>, with the marks that reorder text escaped, and where the locale is not UTF-8 all text outside ASCII.</summary>
    public TextWriter JsonTarget { get; }

    public TextWriter Error { get; }

    /// <summary>Standard input; opened only when read, for <c>--token-stdin</c>.</summary>
    public TextReader Input => _input();

    /// <summary>Whether <see cref="OutputReaderGone"/> can tell anything: stdout is the process's own and no terminal.</summary>
    public bool WatchesOutputReader => _outputReaderGone is not null;

    /// <summary>
    /// Whether the reader of stdout (a pipe or socket) has gone away, so that results would only fail to be written
    /// (<c>ddm backups list --all | head</c> once head has what it wanted). Always false for a terminal or a file.
    /// </summary>
    public bool OutputReaderGone() => _outputReaderGone?.Invoke() ?? false;

    /// <summary>Whether stdout is a terminal.</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>Columns available for a table on the terminal.</summary>
    public int Width { get; }

    /// <summary>Whether the locale is UTF-8; where it is not, values from the service are written in ASCII.</summary>
    public bool Utf8 { get; }

    /// <summary>What marks a shortened value: "…", or "..." where the locale is not UTF-8.</summary>
    public string Ellipsis { get; }

    /// <summary>The "waiting for the service" line on a terminal's stderr.</summary>
    public Indicator Indicator { get; }

    /// <summary>
    /// What the line of a cancelled run adds after "ddm: cancelled." while a listing is under way whose rows are written
    /// page by page: where it stopped and how to go on from there. Null while there is nothing to add. Set by the
    /// command and read by whichever path reports the cancellation, the grace period's thread included.
    /// </summary>
    public string? CancelledListing
    {
        get => Volatile.Read(ref _cancelledListing);
        set => Volatile.Write(ref _cancelledListing, value);
    }

    /// <summary>
    /// Writes the one line a cancelled run ends with, once however many paths report it: on a line of its own, after a
    /// prompt, a row or document cut short on stdout, or the terminal's "^C"; with where a listing stopped, when
    /// <see cref="CancelledListing"/> says so.
    /// </summary>
    public void ReportCancelled()
    {
        if (Interlocked.Exchange(ref _cancelledReported, 1) == 0)
        {
            Error.WriteLine((_errorLine.AtStart ? string.Empty : "\n") + "ddm: cancelled." + CancelledListing);
            Error.Flush();
        }
    }

    /// <summary>
    /// Called on SIGINT and SIGQUIT: a Ctrl+C (or Ctrl+\) typed at a terminal that echoes control characters left "^C"
    /// ("^\") where the cursor was. A signal sent with <c>kill</c> leaves nothing, but cannot be told apart; it costs at
    /// most an empty line.
    /// </summary>
    public void NoteInterrupt()
    {
        if (_echoesInterrupt)
        {
            _errorLine.Opened();
        }
    }

    /// <summary>Stops writing to stdout, a write under way included: the process is leaving, with one last line on stderr.</summary>
    public void HaltOutput() => (Output as StdoutWriter)?.Halt();

    /// <summary>Clears the indicator and shows the cursor again, as the terminal was before the run.</summary>
    public void RestoreTerminal() => Indicator.Dispose();
}
