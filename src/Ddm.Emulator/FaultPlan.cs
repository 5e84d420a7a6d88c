using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Ddm.Emulator;

/// <summary>What a <see cref="FaultRule"/> does to a request it fires on.</summary>
public enum FaultKind
{
    /// <summary>
    /// A transient server error instead of the answer, one of <see cref="FaultRule.Statuses"/> (500, 502, 503, 504).
    /// 500 is in the DDM shape (<c>{"errCode":"DBS.200412","externalMessage":"Server failure."}</c>, the reference's
    /// example); 502 and 503 (<c>APIG.0202</c>) and 504 (<c>APIG.0201</c>) are in the API gateway's shape
    /// <c>{"error_code","error_msg","request_id"}</c>.
    /// </summary>
    ServerError,

    /// <summary>
    /// 429 in the API gateway's shape (<c>APIG.0308</c>) with a <c>Retry-After</c> header of
    /// <see cref="FaultRule.RetryAfterSeconds"/> whole seconds, instead of the answer.
    /// </summary>
    TooManyRequests,

    /// <summary>
    /// The real answer's status and headers (with its full <c>Content-Length</c>) and the first half of its body,
    /// then the server ends the connection: the client sees the response end prematurely while reading the body
    /// (an <see cref="System.IO.IOException"/> from <c>HttpClient</c>). The part is delivered before the connection
    /// ends (the sending side is closed first, the connection dropped once the client has closed it), so a client
    /// always gets the headers and the part, whatever its timing.
    /// </summary>
    ResetMidBody,

    /// <summary>
    /// The real status and the first half of the body with a <c>Content-Length</c> that matches it: a complete HTTP
    /// response whose JSON ends in the middle.
    /// </summary>
    TruncatedJson,

    /// <summary>
    /// The real status and headers (full <c>Content-Length</c>) and the first half of the body, then nothing until
    /// the client gives up (the request is aborted), <see cref="FaultRule.StallFor"/> passes, or the emulator stops;
    /// then the connection is aborted.
    /// </summary>
    StalledBody,

    /// <summary>
    /// A list answer (backups or restorable time intervals) whose <c>total</c> is off by
    /// <c>k * </c><see cref="FaultRule.TotalStep"/> on the rule's k-th occurrence (k = 1, 2, ...): the total changes
    /// between requests while the items stay as they are. On routes without a total it changes nothing.
    /// </summary>
    ShiftingTotal,
}

/// <summary>
/// One fault of a <see cref="FaultPlan"/>: what it does, to which route, how often and how many times at most.
/// Build one with the <see cref="FaultPlan"/> methods (<see cref="FaultPlan.ServerErrors"/> and the others) or with an
/// object initializer passed to <see cref="FaultPlan.Add"/>. The counters are safe to read while the emulator runs.
/// </summary>
public sealed class FaultRule
{
    private int _occurrences;
    private int _seen;

    /// <summary>What the rule does.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>
    /// The route the rule targets, one of the <see cref="EmulatorRoutes"/> names (for example
    /// <see cref="EmulatorRoutes.ListBackups"/>); null targets every DDM route (those under <c>/v3/{project_id}</c>).
    /// The IAM route is reached only when named.
    /// </summary>
    public string? Route { get; init; }

    /// <summary>
    /// The share of matching requests the rule fires on, 0 to 1 (1 = every one). Whether a request is hit is a
    /// function of the plan's <see cref="FaultPlan.Seed"/>, the rule, the request's method, path and query, and how
    /// many times that same request was seen before: the same seed and the same requests give the same faults,
    /// whatever the order or concurrency of different requests, and a retry of a request draws again.
    /// </summary>
    public double Rate { get; init; } = 1;

    /// <summary>How many times the rule fires at most; null for no limit. A spent rule lets requests through.</summary>
    public int? Limit { get; init; }

    /// <summary>For <see cref="FaultKind.ServerError"/>: the statuses to choose from (each of 500, 502, 503, 504), chosen by the same seeded draw.</summary>
    public IReadOnlyList<int> Statuses { get; init; } = TransientStatuses;

    internal static readonly IReadOnlyList<int> TransientStatuses = Array.AsReadOnly(new[] { 500, 502, 503, 504 });

    /// <summary>For <see cref="FaultKind.TooManyRequests"/>: the <c>Retry-After</c> value in whole seconds (0 or more).</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>For <see cref="FaultKind.StalledBody"/>: how long to stall at most before aborting the connection.</summary>
    public TimeSpan StallFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>For <see cref="FaultKind.ShiftingTotal"/>: how much the reported total moves per occurrence (may be negative).</summary>
    public int TotalStep { get; init; } = 1;

    /// <summary>How many times the rule has fired.</summary>
    public int Occurrences => Volatile.Read(ref _occurrences);

    /// <summary>How many requests reached the rule on its route (fired or not; requests an earlier rule took are not counted).</summary>
    public int Seen => Volatile.Read(ref _seen);

    /// <summary>The rule's place in the plan, part of its seeded draw.</summary>
    internal int Ordinal { get; set; }

    internal bool Targets(string route) =>
        Route is null ? IsDdm(route) : string.Equals(Route, route, StringComparison.Ordinal);

    private static bool IsDdm(string route)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && route.AsSpan(space + 1).StartsWith(DdmRoutes.Prefix, StringComparison.Ordinal);
    }

    internal void CountSeen() => Interlocked.Increment(ref _seen);

    /// <summary>Takes one occurrence unless the limit is spent; returns the occurrence number (1-based) or 0.</summary>
    internal int TryClaim()
    {
        while (true)
        {
            var current = Volatile.Read(ref _occurrences);
            if (Limit is { } limit && current >= limit)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref _occurrences, current + 1, current) == current)
            {
                return current + 1;
            }
        }
    }

    internal void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown fault kind.");
        }

        if (double.IsNaN(Rate) || Rate < 0 || Rate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "Rate must be between 0 and 1.");
        }

        if (Limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "Limit must be 0 or more, or null for no limit.");
        }

        if (Statuses is null || Statuses.Count == 0 || Statuses.Any(status => status is not (500 or 502 or 503 or 504)))
        {
            throw new ArgumentException("Statuses must be one or more of 500, 502, 503, 504.", nameof(Statuses));
        }

        if (RetryAfterSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryAfterSeconds), RetryAfterSeconds, "Retry-After must be 0 seconds or more.");
        }

        if (StallFor < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StallFor), StallFor, "StallFor must not be negative.");
        }
    }
}

/// <summary>
/// The faults a running emulator injects, changed at run time by each test through <see cref="DdmEmulator.Faults"/>.
/// Thread-safe; empty by default, so the emulator answers normally until a rule is added.
/// </summary>
/// <remarks>
/// <para>
/// Each request to a routed path is offered to the rules in the order they were added; the first rule that targets
/// its route and fires decides the fault, and a request no rule fires on is answered normally. Faults act before the
/// API gateway's authentication check, as a gateway or network in front of the service would.
/// </para>
/// <para>Typical use in a test:</para>
/// <code>
/// await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 1000 });
/// emulator.Faults.Seed = 7;                                                 // reproducible draws
/// emulator.Faults.ServerErrors(rate: 0.2);                                  // 20 % 500/502/503/504 on every DDM route
/// emulator.Faults.TooManyRequests(retryAfterSeconds: 2, limit: 1);          // one 429 with Retry-After: 2
/// emulator.Faults.ResetMidBody(route: EmulatorRoutes.ListBackups, limit: 1);
/// emulator.Faults.TruncatedJson(limit: 1);
/// var stall = emulator.Faults.StalledBody(limit: 1);                        // until the client times out
/// emulator.Faults.ShiftingTotal(totalStep: 5);                              // total grows by 5 per answer
/// // ... run the client ...
/// Assert.Equal(1, stall.Occurrences);
/// emulator.Faults.Clear();                                                  // back to normal answers
/// </code>
/// </remarks>
public sealed class FaultPlan
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private FaultRule[] _rules = Array.Empty<FaultRule>();
    private int _nextOrdinal;
    private int _seed;
    private int _injected;

    internal FaultPlan(int seed) => _seed = seed;

    /// <summary>
    /// The seed of the draws; it starts as <see cref="EmulatorOptions.Seed"/>. Setting it also forgets how often each
    /// request was seen, so that the same requests after the same setting meet the same faults.
    /// </summary>
    public int Seed
    {
        get => Volatile.Read(ref _seed);
        set
        {
            lock (_gate)
            {
                _seed = value;
                _attempts.Clear();
            }
        }
    }

    /// <summary>The rules in the order they are offered requests.</summary>
    public IReadOnlyList<FaultRule> Rules => Volatile.Read(ref _rules);

    /// <summary>How many faults have been injected since the emulator started (all rules, including removed ones).</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Adds a rule after the existing ones.</summary>
    /// <param name="rule">The rule; it must not belong to a plan yet.</param>
    /// <returns>The same rule, to read its counters later.</returns>
    /// <exception cref="ArgumentException">A setting of the rule is out of range.</exception>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        lock (_gate)
        {
            if (_rules.Contains(rule))
            {
                throw new ArgumentException("The rule is already in the plan.", nameof(rule));
            }

            rule.Ordinal = _nextOrdinal++;
            _rules = _rules.Append(rule).ToArray();
        }

        return rule;
    }

    /// <summary>Removes one rule; requests it would have hit are answered normally or by later rules.</summary>
    /// <param name="rule">The rule to remove.</param>
    /// <returns>Whether the rule was in the plan.</returns>
    public bool Remove(FaultRule rule)
    {
        lock (_gate)
        {
            var kept = _rules.Where(existing => !ReferenceEquals(existing, rule)).ToArray();
            var removed = kept.Length != _rules.Length;
            _rules = kept;
            return removed;
        }
    }

    /// <summary>Removes every rule and forgets how often each request was seen; the seed stays.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules = Array.Empty<FaultRule>();
            _nextOrdinal = 0;
            _attempts.Clear();
        }
    }

    /// <summary>Transient server errors: 500, 502, 503 or 504 (or only <paramref name="statuses"/>) instead of the answer.</summary>
    /// <param name="rate">The share of matching requests hit, 0 to 1.</param>
    /// <param name="route">An <see cref="EmulatorRoutes"/> name; null for every DDM route.</param>
    /// <param name="limit">How many times at most; null for no limit.</param>
    /// <param name="statuses">The statuses to choose from; null or empty for all four.</param>
    /// <returns>The rule added.</returns>
    public FaultRule ServerErrors(double rate = 1, string? route = null, int? limit = null, IReadOnlyList<int>? statuses = null) =>
        Add(new FaultRule
        {
            Kind = FaultKind.ServerError,
            Rate = rate,
            Route = route,
            Limit = limit,
            Statuses = statuses is { Count: > 0 } ? statuses.ToArray() : FaultRule.TransientStatuses,
        });

    /// <summary>429 Too Many Requests with <c>Retry-After: <paramref name="retryAfterSeconds"/></c> instead of the answer.</summary>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> header in whole seconds.</param>
    /// <param name="rate">The share of matching requests hit, 0 to 1.</param>
    /// <param name="route">An <see cref="EmulatorRoutes"/> name; null for every DDM route.</param>
    /// <param name="limit">How many times at most; null for no limit.</param>
    /// <returns>The rule added.</returns>
    public FaultRule TooManyRequests(int retryAfterSeconds = 1, double rate = 1, string? route = null, int? limit = null) =>
        Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfterSeconds = retryAfterSeconds, Rate = rate, Route = route, Limit = limit });

    /// <summary>The connection is aborted after half of the body (see <see cref="FaultKind.ResetMidBody"/>).</summary>
    /// <param name="rate">The share of matching requests hit, 0 to 1.</param>
    /// <param name="route">An <see cref="EmulatorRoutes"/> name; null for every DDM route.</param>
    /// <param name="limit">How many times at most; null for no limit.</param>
    /// <returns>The rule added.</returns>
    public FaultRule ResetMidBody(double rate = 1, string? route = null, int? limit = null) =>
        Add(new FaultRule { Kind = FaultKind.ResetMidBody, Rate = rate, Route = route, Limit = limit });

    /// <summary>A complete response whose JSON body is cut in half (see <see cref="FaultKind.TruncatedJson"/>).</summary>
    /// <param name="rate">The share of matching requests hit, 0 to 1.</param>
    /// <param name="route">An <see cref="EmulatorRoutes"/> name; null for every DDM route.</param>
    /// <param name="limit">How many times at most; null for no limit.</param>
    /// <returns>The rule added.</returns>
    public FaultRule TruncatedJson(double rate = 1, string? route = null, int? limit = null) =>
        Add(new FaultRule { Kind = FaultKind.TruncatedJson, Rate = rate, Route = route, Limit = limit });

    /// <summary>Headers and half of the body, then a stall (see <see cref="FaultKind.StalledBody"/>).</summary>
    /// <param name="stallFor">The longest stall before the connection is aborted; 5 minutes when null.</param>
    /// <param name="rate">The share of matching requests hit, 0 to 1.</param>
    /// <param name="route">An <see cref="EmulatorRoutes"/> name; null for every DDM route.</param>
    /// <param name="limit">How many times at most; null for no limit.</param>
    /// <returns>The rule added.</returns>
    public FaultRule StalledBody(TimeSpan? stallFor = null, double rate = 1, string? route = null, int? limit = null) =>
        Add(new FaultRule { Kind = FaultKind.StalledBody, StallFor = stallFor ?? TimeSpan.FromMinutes(5), Rate = rate, Route = route, Limit = limit });

    /// <summary>List answers whose <c>total</c> moves by <paramref name="totalStep"/> more on each occurrence (see <see cref="FaultKind.ShiftingTotal"/>).</summary>
    /// <param name="totalStep">The change per occurrence; negative shrinks the total.</param>
    /// <param name="rate">The share of matching requests hit, 0 to 1.</param>
    /// <param name="route">An <see cref="EmulatorRoutes"/> name; <see cref="EmulatorRoutes.ListBackups"/> by default, null for every DDM route.</param>
    /// <param name="limit">How many times at most; null for no limit.</param>
    /// <returns>The rule added.</returns>
    public FaultRule ShiftingTotal(int totalStep = 1, double rate = 1, string? route = EmulatorRoutes.ListBackups, int? limit = null) =>
        Add(new FaultRule { Kind = FaultKind.ShiftingTotal, TotalStep = totalStep, Rate = rate, Route = route, Limit = limit });

    /// <summary>
    /// Decides the fault for one request: the first rule on the route that fires and still has occurrences left.
    /// </summary>
    internal (FaultRule Rule, int Occurrence, ulong Draw)? Decide(string route, string method, string pathAndQuery)
    {
        var rules = Volatile.Read(ref _rules);
        if (rules.Length == 0 || !rules.Any(rule => rule.Targets(route)))
        {
            return null;
        }

        var key = method + " " + pathAndQuery;
        var attempt = _attempts.AddOrUpdate(key, 1, (_, seen) => seen + 1);
        var requestHash = Mix(Fnv1a(key) ^ Mix((ulong)(uint)Seed) ^ unchecked((ulong)attempt * 0x9E3779B97F4A7C15UL));
        foreach (var rule in rules)
        {
            if (!rule.Targets(route))
            {
                continue;
            }

            rule.CountSeen();
            var draw = Mix(requestHash ^ unchecked((ulong)(rule.Ordinal + 1) * 0xD1B54A32D192ED03UL));
            // The top 53 bits as a fraction in [0, 1): below the rate fires, so 1 always fires and 0 never does.
            var fraction = (draw >> 11) * (1.0 / (1UL << 53));
            if (fraction < rule.Rate && rule.TryClaim() is var occurrence and > 0)
            {
                Interlocked.Increment(ref _injected);
                return (rule, occurrence, Mix(draw));
            }
        }

        return null;
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in text)
        {
            hash = unchecked((hash ^ character) * 1099511628211UL);
        }

        return hash;
    }

    /// <summary>The SplitMix64 finalizer: every input bit moves about half of the output bits.</summary>
    /// <remarks>Hashes multiply modulo 2^64: unchecked, so that a build with overflow checks on draws the same faults.</remarks>
    private static ulong Mix(ulong value)
    {
        value = unchecked((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL);
        value = unchecked((value ^ (value >> 27)) * 0x94D049BB133111EBUL);
        return value ^ (value >> 31);
    }
}
