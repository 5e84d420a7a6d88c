using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Ddm.Cli.Output;

/// <summary>
/// One line on a terminal's stderr while the tool waits for the service ("waiting for the service... 3s"),
/// with the cursor hidden while it shows. Nothing at all when stderr is redirected.
/// </summary>
/// <remarks>Callers stop it before writing results, so results never share a line with it.</remarks>
internal sealed class Indicator : IDisposable
{
    private const string HideCursor = "\u001b[?25l";
    private const string ShowCursor = "\u001b[?25h";
    private const string ClearLine = "\r\u001b[2K";
    private static readonly string[] Frames = { "|", "/", "-", "\\" };

    private readonly TextWriter _error;
    private readonly bool _enabled;
    private readonly object _gate = new();
    private Timer? _timer;
    private string _text = string.Empty;
    private long _started;
    private int _frame;
    private bool _visible;
    private bool _running;

    public Indicator(TextWriter error, bool enabled)
    {
        _error = error;
        _enabled = enabled;
    }

    /// <summary>Shows <paramref name="text"/> with a spinner and the seconds waited, until <see cref="Stop"/>.</summary>
    public void Start(string text)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _text = text;
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
                _error.Write(ClearLine + ShowCursor);
                _error.Flush();
                _visible = false;
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
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            var seconds = (int)Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var line = string.Create(CultureInfo.InvariantCulture, $"{Frames[_frame++ % Frames.Length]} {_text} {seconds}s");
            _error.Write((_visible ? ClearLine : HideCursor + "\r") + line);
            _error.Flush();
            _visible = true;
        }
    }
}
