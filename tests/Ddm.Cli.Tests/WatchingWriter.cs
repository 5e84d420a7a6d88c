using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>
/// A stdout or stderr that cancels the run once what was written to it satisfies a condition, checked on each write:
/// a test stops a run at an observable state (a line drawn, an emulator listening) instead of after a fixed time.
/// </summary>
internal sealed class WatchingWriter(Func<string, bool> seen, CancellationTokenSource stop) : StringWriter
{
    /// <summary>Whether the condition was met and the run was told to stop.</summary>
    public bool Stopped { get; private set; }

    public override void Write(char value)
    {
        base.Write(value);
        Look();
    }

    public override void Write(string? value)
    {
        base.Write(value);
        Look();
    }

    public override void Write(char[] buffer, int index, int count)
    {
        base.Write(buffer, index, count);
        Look();
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        base.Write(buffer);
        Look();
    }

    private void Look()
    {
        if (!Stopped && seen(GetStringBuilder().ToString()))
        {
            Stopped = true;
            // Not on the writing thread, which the cancellation's callbacks would otherwise run on.
            _ = Task.Run(stop.Cancel);
        }
    }
}
