using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Ddm.Cli.Output;

/// <summary>
/// One line on a terminal's stderr while the tool waits for the service ("waiting for the service... 3s"),
/// with the cursor hidden while it shows, never wider than the terminal: on a narrow one the words give way to the
/// seconds waited, which tell a slow service from a stuck one. Nothing at all when stderr or stdout is redirected
/// (a pager may have the screen) or the terminal says it takes no controls (<c>TERM=dumb</c>, or TERM unset or empty).
/// </summary>
/// <remarks>Callers stop it before writing results, so results never share a line with it.</remarks>
internal sealed class Indicator : IDisposable
{
    private const string HideCursor = "\u001b[?25l";
    private const string ShowCursor = "\u001b[?25h";
    private const string ClearLine = "\r\u001b[2K";

    /// <summary>The columns a terminal that echoes control characters takes for Ctrl+C, Ctrl+Z or Ctrl+\ ("^C").</summary>
    private const int EchoedKey = 2;
    private static readonly string[] Frames = { "|", "/", "-", "\\" };

    private readonly TextWriter _error;
    private readonly int _width;
    private readonly bool _enabled;
    private readonly string _ellipsis;
    private readonly Func<bool> _inForeground;
    private readonly Func<int?>? _currentWidth;
    private readonly object _gate = new();
    private Timer? _timer;
    private string _text = string.Empty;
    private string _shortText = string.Empty;
    private long _started;
    private int _frame;
    private bool _visible;
    private bool _running;
    private bool _suspended;

    /// <param name="error">The terminal's stderr.</param>
    /// <param name="enabled">Whether stderr is a terminal that takes the cursor and line controls.</param>
    /// <param name="width">
    /// The terminal's columns: the line is kept shorter by three, so that it never wraps and clearing it clears it all,
    /// with the two columns of the "^C" (or "^Z", "^\") a terminal echoes at the cursor after it too. Where
    /// <paramref name="currentWidth"/> is given, only when it cannot tell.
    /// </param>
    /// <param name="ellipsis">What marks shortened words.</param>
    /// <param name="inForeground">
    /// Whether the process has the terminal's foreground, asked before each drawing: a job sent to the background
    /// (Ctrl+Z, <c>bg</c>) must not draw over the shell. Always, when not given.
    /// </param>
    /// <param name="currentWidth">The terminal's columns as they are now, asked before each drawing: the terminal may be resized meanwhile.</param>
    public Indicator(TextWriter error, bool enabled, int width = 80, string ellipsis = TableWriter.Ellipsis, Func<bool>? inForeground = null, Func<int?>? currentWidth = null)
    {
        _currentWidth = currentWidth;
        _error = error;
        _enabled = enabled;
        _width = width;
        _ellipsis = ellipsis;
        _inForeground = inForeground ?? (() => true);
    }

    /// <summary>
    /// Before the process is stopped (Ctrl+Z, SIGTSTP): removes the line and shows the cursor, so that the shell gets its
    /// terminal as it was; nothing is drawn until <see cref="Resume"/>. A drawing held up by a stopped terminal is
    /// waited for briefly, not for ever.
    /// </summary>
    public void Suspend()
    {
        if (!_enabled || !Monitor.TryEnter(_gate, TimeSpan.FromMilliseconds(250)))
        {
            return;
        }

        try
        {
            _suspended = true;
            if (_visible)
            {
                _visible = false;
                Write(ClearLine + ShowCursor);
            }
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>After the process is continued (SIGCONT): drawn again at once, if it is still waiting and in the foreground.</summary>
    public void Resume()
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _suspended = false;
        }

        Draw();
    }

    /// <summary>
    /// Shows <paramref name="text"/> with a spinner and the seconds waited, until <see cref="Stop"/>; where it does not
    /// fit, <paramref name="shortText"/>, shortened further if need be.
    /// </summary>
    public void Start(string text, string shortText)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _text = text;
            _shortText = shortText;
            _running = true;
            _started = Stopwatch.GetTimestamp();
            _timer ??= new Timer(_ => Draw(), null, Timeout.Infinite, Timeout.Infinite);
            _timer.Change(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(150));
        }
    }

    /// <summary>Removes the line and shows the cursor again.</summary>
    public void Stop()
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _running = false;
            _timer?.Change(Timeout.Infinite, Timeout.Infinite);
            if (_visible)
            {
                _visible = false;
                Write(ClearLine + ShowCursor);
            }
        }
    }

    public void Dispose()
    {
        Stop();
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Draw()
    {
        // A drawing still under way (held up by a terminal stopped with Ctrl+S) is not queued behind: each tick that
        // waited would hold a thread of the pool.
        if (!Monitor.TryEnter(_gate))
        {
            return;
        }

        try
        {
            if (!_running || _suspended || !_inForeground())
            {
                return;
            }

            var frame = Frames[_frame++ % Frames.Length] + " ";
            var counter = string.Create(CultureInfo.InvariantCulture, $" {(int)Stopwatch.GetElapsedTime(_started).TotalSeconds}s");
            // Short of the last column with the echo of a control key after it: the echo would wrap onto a row of
            // its own, and clearing the line would clear that row and leave the line above it.
            var width = Math.Max(1, (_currentWidth?.Invoke() ?? _width) - 1 - EchoedKey);
            var room = width - frame.Length - counter.Length;
            // The counter stays; the words give way, to their short form and then to an ellipsis.
            var text = TerminalText.Width(_text) <= room ? _text : _shortText;
            // No room for words at all: the spinner and the seconds, else the seconds alone, else the spinner alone.
            var seconds = counter.TrimStart();
            var shown = room > 0
                ? frame + TableWriter.Shorten(text, room, inMiddle: false, _ellipsis) + counter
                : frame.Length + seconds.Length <= width
                    ? frame + seconds
                    : seconds.Length <= width ? seconds : frame.TrimEnd();
            var visible = _visible;
            _visible = true;
            Write((visible ? ClearLine : HideCursor + "\r") + shown);
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private void Write(string text)
    {
        _error.Write(text);
        _error.Flush();
    }
}
