using System;

namespace Ddm.Client.Tests.Authentication;

/// <summary>
/// A clock that moves only when a test moves it; the emulator and the credential share it. <see cref="Advance"/> moves
/// the time of day and the elapsed time alike; <see cref="Jump"/> sets the time of day alone, as a corrected system
/// clock does.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _elapsed;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _elapsed;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _elapsed += by.Ticks;
    }

    public void Jump(TimeSpan by) => _now += by;
}
