using System;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Cli.Service;

/// <summary>
/// The client's usual retries (three, waiting longer each time, or the longest <c>Retry-After</c> the answer asks for
/// when that is longer, as the client reads it), except that a wait that would reach past the
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
    private readonly TimeProvider _time;
    private long _deadline = long.MaxValue;
    private TimeSpan? _timeout;
    private PipelineMessage? _sending;
    private PipelineMessage? _message;
    private int _tries;
    private TimeSpan? _nextDelay;

    /// <summary>The client's usual retries, with deadlines on <paramref name="time"/>, the system's clock unless given.</summary>
    public DeadlineRetryPolicy(TimeProvider? time = null)
        : base(maxRetries: 3)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The clock the deadlines are on.</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// The <see cref="Time"/> timestamp by which the request under way must have answered: <see cref="StartRequest"/>
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
            if (message.Response is { } response && LongestRetryAfter(response, _time.GetUtcNow()) is { } asked && asked > delay)
            {
                delay = asked;
            }

            if (deadline == long.MaxValue || delay < _time.GetElapsedTime(_time.GetTimestamp(), deadline))
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

    /// <summary>
    /// The longest wait the answer asks for with <c>Retry-After</c>, of the values that are seconds or an HTTP date, as
    /// the client reads it for its own retries: a gateway in front of the service may add a value of its own to the
    /// service's, on a second header line or joined to it with a comma, which the base policy reads as none at all.
    /// </summary>
    internal static TimeSpan? LongestRetryAfter(PipelineResponse response, DateTimeOffset now)
    {
        if (!response.Headers.TryGetValues("Retry-After", out var values) || values is null)
        {
            return null;
        }

        TimeSpan? longest = null;
        foreach (var value in values)
        {
            // An HTTP date has a comma of its own, after the day's name: a part that is no number is read with the next.
            var parts = value.Split(',');
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i].Trim();
                TimeSpan wait;
                if (part.Length > 0 && part.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
                {
                    // A count of any length: more seconds than an int holds (10^12) is a wait past any timeout, not none.
                    var seconds = double.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
                    wait = seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
                }
                else if (i + 1 < parts.Length && DateTimeOffset.TryParseExact(part + ", " + parts[i + 1].Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                {
                    i++;
                    wait = date > now ? date - now : TimeSpan.Zero;
                }
                else
                {
                    continue;
                }

                if (longest is null || wait > longest)
                {
                    longest = wait;
                }
            }
        }

        return longest;
    }

    /// <summary>The deadline of a request sent now: the timeout from now, or none before <see cref="StartRequest"/>.</summary>
    private void SetDeadline()
    {
        if (_timeout is { } timeout)
        {
            Volatile.Write(ref _deadline, _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency));
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
