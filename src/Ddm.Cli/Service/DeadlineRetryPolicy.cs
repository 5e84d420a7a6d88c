using System;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Cli.Service;

/// <summary>
/// The client's usual retries (three, waiting longer each time), except that a wait that would reach past the
/// request's deadline (<c>--timeout</c>) is not begun: the request then ends with the failure of its last try (a
/// refused connection, a 503 answer) instead of being cut in the middle of the wait, where all that is left to say is
/// that the time ran out. An answer the <see cref="System.Net.Http.HttpClient"/> refuses for a limit of its own is not
/// asked for again either, nor is a TLS handshake refused for its certificate or for a server that speaks no TLS:
/// every try would be refused the same way.
/// </summary>
/// <remarks>
/// One request at a time, as <see cref="Connection"/> sends them. Each request the pipeline sends has a deadline of its
/// own, the timeout from when it is sent: a page of a listing that the client asks for again (after the total fell)
/// is a second request in one step of the listing, and is not left with what the first one did not use.
/// </remarks>
internal sealed class DeadlineRetryPolicy : ClientRetryPolicy
{
    private long _deadline = long.MaxValue;
    private TimeSpan? _timeout;
    private PipelineMessage? _sending;
    private PipelineMessage? _message;
    private int _tries;
    private TimeSpan? _nextDelay;

    public DeadlineRetryPolicy()
        : base(maxRetries: 3)
    {
    }

    /// <summary>
    /// The <see cref="Stopwatch"/> timestamp by which the request under way must have answered: <see cref="StartRequest"/>
    /// sets it, and each request the pipeline then sends sets it anew.
    /// </summary>
    public long Deadline => Volatile.Read(ref _deadline);

    /// <summary>Sets the deadline of the next request, <paramref name="timeout"/> from now, and of each one after it from when it is sent.</summary>
    public void StartRequest(TimeSpan timeout)
    {
        _timeout = timeout;
        SetDeadline();
    }

    /// <summary>Before each try: the first of a request sets its deadline.</summary>
    protected override void OnSendingRequest(PipelineMessage message)
    {
        if (!ReferenceEquals(message, _sending))
        {
            _sending = message;
            SetDeadline();
        }

        base.OnSendingRequest(message);
    }

    /// <inheritdoc cref="OnSendingRequest"/>
    protected override ValueTask OnSendingRequestAsync(PipelineMessage message)
    {
        OnSendingRequest(message);
        return ValueTask.CompletedTask;
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
        if (base.ShouldRetry(message, exception) && !Failures.IsOverLimit(exception) && !Failures.IsRefusedHandshake(exception))
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
        _sending = null;
        return false;
    }

    /// <summary>The deadline of a request sent now: the timeout from now, or none before <see cref="StartRequest"/>.</summary>
    private void SetDeadline()
    {
        if (_timeout is { } timeout)
        {
            Volatile.Write(ref _deadline, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
        }
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
