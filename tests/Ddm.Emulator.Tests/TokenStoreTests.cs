using System;
using System.Threading;

namespace Ddm.Emulator.Tests;

/// <summary>The store of issued tokens: when it sweeps out those that have expired.</summary>
public sealed class TokenStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Two_sign_ins_at_once_do_not_take_each_other_for_a_clock_set_back()
    {
        // Regression: a sign-in read the time before it took the sweep's lock, so one that read it first could take the
        // lock after another that read it later; it saw a time before the last sweep, took that for a clock set back,
        // swept again at once and counted the next sweep from its earlier time, which came before its tenth of a lifetime.
        var clock = new SteppedClock(Start);
        var store = new TokenStore(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromMinutes(10) });
        store.Issue("p");                                    // 0 s: the first sweep; expires at 600 s.
        clock.Now = Start.AddSeconds(15);
        store.Issue("p");                                    // 15 s: no sweep; expires at 615 s.
        clock.Now = Start.AddSeconds(540);
        store.Issue("p");                                    // 540 s: a sweep, nothing has expired.

        // The first sign-in reads 570 s and does not go on before the second, which reads 600 s, has signed in or waits
        // for the first (which it does where the time is read under the lock).
        Thread? second = null;
        clock.Next = () =>
        {
            clock.Now = Start.AddSeconds(600);
            second = new Thread(() => store.Issue("p"));
            second.Start();
            while ((second.ThreadState & (ThreadState.Stopped | ThreadState.WaitSleepJoin)) == 0)
            {
                Thread.Yield();
            }

            return Start.AddSeconds(570);
        };
        store.Issue("p");
        second!.Join();

        // 645 s: within a tenth of a lifetime (60 s) of the sweep at 600 s, so no sweep, and the token that expired at
        // 615 s is still held; a sweep counted from 570 s would have dropped it.
        clock.Now = Start.AddSeconds(645);
        store.Issue("p");

        Assert.Equal(5, store.Held);
    }

    /// <summary>A clock that moves only when a test sets it, and can answer one reading through <see cref="Next"/>.</summary>
    private sealed class SteppedClock(DateTimeOffset now) : TimeProvider
    {
        private Func<DateTimeOffset>? _next;

        public DateTimeOffset Now { get; set; } = now;

        public Func<DateTimeOffset>? Next
        {
            set => _next = value;
        }

        public override DateTimeOffset GetUtcNow() => Interlocked.Exchange(ref _next, null) is { } next ? next() : Now;
    }
}
