using System;
using System.IO;
using System.Text;

namespace Ddm.Cli.Hosting;

/// <summary>
/// Standard output (or error) without a character buffer: every <see cref="Write(string)"/> reaches the file descriptor as one
/// write of its UTF-8 bytes. A line up to 4096 bytes (every table row and JSON Lines item) then enters a pipe whole
/// or not at all, so even a process that is made to leave while blocked on a slow reader never leaves half a line.
/// The descriptors are written directly rather than through System.Console, whose writers share one lock (a write
/// blocked on a full stdout pipe must not keep the "cancelled" line from reaching stderr), and whose terminal support
/// switches the keypad of a terminal on the other stream to application mode (ESC [?1h) for good. A write to stdout that fails
/// (the reader of a pipe gone, a full disk) throws <see cref="OutputException"/>; stderr leaves out what it cannot write.
/// </summary>
internal sealed class StdoutWriter : TextWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Stream _stream;
    private readonly string _name;
    private readonly bool _bestEffort;
    private readonly LineStart? _line;
    private readonly object _gate = new();
    private bool _failed;
    private volatile bool _halted;

    /// <param name="stream">Where the bytes go.</param>
    /// <param name="name">What the stream is, for the message when it cannot be written: "standard output".</param>
    /// <param name="bestEffort">
    /// Leave out what cannot be written instead of throwing: for stderr, whose notes and messages must not end a run
    /// whose results reach stdout (the exit code still tells what happened).
    /// </param>
    /// <param name="line">Kept up to date with whether the last write ended its line; shared with the other stream when both are one terminal or file.</param>
    public StdoutWriter(Stream stream, string name = "standard output", bool bestEffort = false, LineStart? line = null)
    {
        _stream = stream;
        _name = name;
        _bestEffort = bestEffort;
        _line = line;
        NewLine = "\n";
    }

    public override Encoding Encoding => Utf8;

    /// <summary>
    /// A writer over file descriptor 1 (stdout) or 2 (stderr) of this process, which it does not close; over none when the
    /// process was started with it closed, so that nothing is written into a file of the runtime's that took its number.
    /// </summary>
    /// <remarks>On Windows, which has no write(2) and whose console streams leave the terminal's modes alone, System.Console's streams.</remarks>
    public static StdoutWriter ForDescriptor(int descriptor, LineStart? line = null) =>
        new(
            OperatingSystem.IsWindows()
                ? (descriptor == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError())
                : new DescriptorStream(NativeMethods.WasInherited(descriptor) ? descriptor : NativeMethods.Closed),
            descriptor == 1 ? "standard output" : "standard error",
            bestEffort: descriptor != 1,
            line);

    /// <summary>
    /// Writes nothing more, not even the rest of a write under way: the process is about to leave, and its last line
    /// on the other stream must not be followed by more of this one.
    /// </summary>
    public void Halt()
    {
        _halted = true;
        (_stream as DescriptorStream)?.Halt();
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var bytes = Utf8.GetBytes(value);
        if (_halted)
        {
            return;
        }

        lock (_gate)
        {
            if (_failed || _halted)
            {
                return;
            }

            var atLineStart = _line?.Writing(value) ?? true;
            try
            {
                _stream.Write(bytes);
                _line?.Wrote(atLineStart);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Fail(exception);
            }
        }
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    public override void Flush()
    {
        lock (_gate)
        {
            if (_failed)
            {
                return;
            }

            try
            {
                _stream.Flush();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Fail(exception);
            }
        }
    }

    private void Fail(Exception exception)
    {
        if (!_bestEffort)
        {
            throw new OutputException(_name, exception);
        }

        _failed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
