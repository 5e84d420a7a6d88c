using System;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Threading;

namespace Ddm.Cli.Service;

/// <summary>
/// The client's usual retries (three, waiting longer each time), except that a wait that would reach past the
/// request's deadline (<c>--timeout</c>) is not begun: the request then ends with the failure of its last try (a
/// refused connection, a 503 answer) instead of being cut in the middle of the wait, where all that is left to say is
/// that the time ran out. An answer the <see cref="System.Net.Http.HttpClient"/> refuses for a limit of its own is not
/// asked for again either: every try would be refused the same way.
/// </summary>
/// <remarks>One request at a time, as <see cref="Connection"/> sends them.</remarks>
internal sealed class DeadlineRetryPolicy : ClientRetryPolicy
{
    private long _deadline = long.MaxValue;
    private PipelineMessage? _message;
    private int _tries;
    private TimeSpan? _nextDelay;

    public DeadlineRetryPolicy()
        : base(maxRetries: 3)
    {
    }

    /// <summary>Sets the deadline of the next request, <paramref name="timeout"/> from now.</summary>
    public void StartRequest(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Volatile.Write(ref _deadline, deadline);
    }

    /// <summary>Called once after each try of a request: whether to try again, and only if the wait before it ends in time.</summary>
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception)
    {
        // The tries of a request are counted here, as the policy counts them for GetNextDelay (1 after the first).
        if (!ReferenceEquals(message, _message))
        {
            _message = message;
            _tries = 0;
        }

        _tries++;
        _nextDelay = null;
        var deadline = Volatile.Read(ref _deadline);
        if (base.ShouldRetry(message, exception) && !Failures.IsOverLimit(exception))
        {
            // Worked out once: the wait the policy then asks for is this one.
            var delay = base.GetNextDelay(message, _tries);
            if (deadline == long.MaxValue || delay < Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline))
            {
                _nextDelay = delay;
                return true;
            }
        }

        // The request ends here: its message (and the answer it holds) is not kept.
        _message = null;
        return false;
    }

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        if (_nextDelay is { } delay)
        {
            _nextDelay = null;
            return delay;
        }

        return base.GetNextDelay(message, tryCount);
    }
}
