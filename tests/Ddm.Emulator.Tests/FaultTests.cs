using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>Each injected fault happens over real HTTP on loopback as the plan says, and only as often as it says.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    /// <summary>Guards against hangs only; nothing is asserted about speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private DdmEmulator _emulator = null!;
    private HttpClient _http = null!;

    private string Backups => $"v3/{_emulator.Options.ProjectId}/backups";

    public async Task InitializeAsync()
    {
        _emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 40 });
        _http = Client(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private static HttpClient Client(DdmEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = HangGuard };
        http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
        return http;
    }

    /// <summary>Waits for a condition the server reaches on its own, with a guard against hangs.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public async Task Server_errors_hit_the_limited_number_of_requests_then_answers_are_normal()
    {
        var rule = _emulator.Faults.ServerErrors(limit: 3);

        var statuses = new List<HttpStatusCode>();
        for (var index = 0; index < 5; index++)
        {
            statuses.Add((await _http.GetAsync(Backups)).StatusCode);
        }

        Assert.All(statuses.Take(3), status => Assert.Contains((int)status, new[] { 500, 502, 503, 504 }));
        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK }, statuses.Skip(3));
        Assert.Equal(3, rule.Occurrences);
        Assert.Equal(5, rule.Seen);
        Assert.Equal(3, _emulator.Faults.Injected);
    }

    [Theory]
    [InlineData(500, "errCode", "DBS.200412")]
    [InlineData(502, "error_code", "APIG.0202")]
    [InlineData(503, "error_code", "APIG.0202")]
    [InlineData(504, "error_code", "APIG.0201")]
    public async Task Each_server_error_has_the_documented_shape_and_a_request_id(int status, string codeMember, string code)
    {
        _emulator.Faults.ServerErrors(statuses: new[] { status });

        var response = await _http.GetAsync(Backups);
        var body = Json(await response.Content.ReadAsStringAsync());
        var requestId = response.Headers.GetValues("X-Request-Id").Single();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, body.GetProperty(codeMember).GetString());
        if (codeMember == "error_code")
        {
            Assert.Equal(requestId, body.GetProperty("request_id").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("error_msg").GetString()));
        }
        else
        {
            Assert.Equal("Server failure.", body.GetProperty("externalMessage").GetString());
        }
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after_in_seconds_and_the_gateway_shape()
    {
        var rule = _emulator.Faults.TooManyRequests(retryAfterSeconds: 3, limit: 1);

        var throttled = await _http.GetAsync(Backups);
        var body = Json(await throttled.Content.ReadAsStringAsync());
        var next = await _http.GetAsync(Backups);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("3", throttled.Headers.GetValues("Retry-After").Single());
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal("APIG.0308", body.GetProperty("error_code").GetString());
        Assert.Equal(throttled.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, rule.Occurrences);
    }

    [Fact]
    public async Task A_reset_mid_body_sends_headers_and_part_of_the_body_then_drops_the_connection()
    {
        var rule = _emulator.Faults.ResetMidBody(route: EmulatorRoutes.ListBackups, limit: 1);

        using var response = await _http.GetAsync(Backups, HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength;
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var failure = await Record.ExceptionAsync(() => stream.CopyToAsync(received));
        var after = await _http.GetAsync(Backups);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(declared);
        Assert.IsAssignableFrom<IOException>(failure);
        Assert.InRange(received.Length, 1, declared!.Value - 1);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, rule.Occurrences);
        Assert.Equal(2, rule.Seen);
    }

    [Fact]
    public async Task A_reset_fails_a_plain_buffered_request()
    {
        _emulator.Faults.ResetMidBody(limit: 1);

        var failure = await Record.ExceptionAsync(() => _http.GetAsync(Backups));

        Assert.IsType<HttpRequestException>(failure);
    }

    [Fact]
    public async Task Truncated_json_is_a_complete_response_holding_the_first_half_of_the_real_body()
    {
        var rule = _emulator.Faults.TruncatedJson(limit: 1);

        var truncated = await _http.GetAsync(Backups);
        var bytes = await truncated.Content.ReadAsByteArrayAsync();
        var whole = await _http.GetByteArrayAsync(Backups);

        Assert.Equal(HttpStatusCode.OK, truncated.StatusCode);
        Assert.Equal(bytes.Length, truncated.Content.Headers.ContentLength);
        Assert.Equal(whole.Length / 2, bytes.Length);
        Assert.Equal(whole.Take(bytes.Length), bytes);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(bytes));
        Assert.Equal(1, rule.Occurrences);
    }

    [Fact]
    public async Task A_stalled_body_sends_nothing_more_until_the_client_gives_up()
    {
        var rule = _emulator.Faults.StalledBody(limit: 1);

        using var response = await _http.GetAsync(Backups, HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength!.Value;
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[declared];
        var first = await stream.ReadAsync(buffer).AsTask().WaitAsync(HangGuard);
        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stalled = await Record.ExceptionAsync(async () =>
        {
            var total = first;
            while (total < declared)
            {
                total += await stream.ReadAsync(buffer.AsMemory(total), patience.Token);
            }
        });
        response.Dispose();
        // The server ends the stall once the client has gone: its request is then counted as answered.
        await WaitUntil(() => _emulator.Statistics.Requests == 1);
        var after = await _http.GetAsync(Backups);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(first, 1, declared - 1);
        Assert.IsAssignableFrom<OperationCanceledException>(stalled);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, rule.Occurrences);
    }

    [Fact]
    public async Task A_stall_ends_with_a_dropped_connection_after_its_bound()
    {
        _emulator.Faults.StalledBody(stallFor: TimeSpan.FromMilliseconds(100), limit: 1);

        using var response = await _http.GetAsync(Backups, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var failure = await Record.ExceptionAsync(() => stream.CopyToAsync(Stream.Null).WaitAsync(HangGuard));

        Assert.IsAssignableFrom<IOException>(failure);
    }

    [Fact]
    public async Task Stopping_the_emulator_ends_a_stall()
    {
        var emulator = await DdmEmulator.StartAsync();
        using var http = Client(emulator);
        emulator.Faults.StalledBody();

        using var response = await http.GetAsync($"v3/{emulator.Options.ProjectId}/backups", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var reading = stream.CopyToAsync(Stream.Null);
        await emulator.DisposeAsync().AsTask().WaitAsync(HangGuard);
        var failure = await Record.ExceptionAsync(() => reading.WaitAsync(HangGuard));

        Assert.IsAssignableFrom<IOException>(failure);
    }

    [Fact]
    public async Task The_total_moves_by_the_step_on_each_occurrence_while_the_items_stay()
    {
        var before = Json(await _http.GetStringAsync(Backups));
        var rule = _emulator.Faults.ShiftingTotal(totalStep: 5, limit: 2);

        var pages = new List<JsonElement>();
        for (var index = 0; index < 3; index++)
        {
            pages.Add(Json(await _http.GetStringAsync(Backups)));
        }

        var total = before.GetProperty("total").GetInt32();
        Assert.Equal(new[] { total + 5, total + 10, total }, pages.Select(page => page.GetProperty("total").GetInt32()));
        Assert.All(pages, page => Assert.Equal(before.GetProperty("backups").GetRawText(), page.GetProperty("backups").GetRawText()));
        Assert.Equal(2, rule.Occurrences);
    }

    [Fact]
    public async Task A_shrinking_total_on_the_interval_route()
    {
        var path = $"v3/{_emulator.Options.ProjectId}/instances/{_emulator.InstanceIds[0]}/backups/restorable-time-interval";
        var total = Json(await _http.GetStringAsync(path)).GetProperty("total").GetInt32();
        _emulator.Faults.ShiftingTotal(totalStep: -1, route: EmulatorRoutes.ListRestorableTimeIntervals);

        var first = Json(await _http.GetStringAsync(path)).GetProperty("total").GetInt32();
        var second = Json(await _http.GetStringAsync(path)).GetProperty("total").GetInt32();

        Assert.Equal(new[] { total - 1, total - 2 }, new[] { first, second });
    }

    [Fact]
    public async Task A_rule_for_one_route_leaves_the_others_alone()
    {
        var intervals = $"v3/{_emulator.Options.ProjectId}/instances/{_emulator.InstanceIds[0]}/backups/restorable-time-interval";
        var rule = _emulator.Faults.ServerErrors(route: EmulatorRoutes.ListRestorableTimeIntervals, statuses: new[] { 503 });

        var backups = await _http.GetAsync(Backups);
        var hit = await _http.GetAsync(intervals);

        Assert.Equal(HttpStatusCode.OK, backups.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, hit.StatusCode);
        Assert.Equal(1, rule.Seen);
    }

    [Fact]
    public async Task Rules_without_a_route_spare_iam_and_a_named_iam_rule_hits_it()
    {
        _emulator.Faults.ServerErrors(statuses: new[] { 500 });
        using var iamRequest = new StringContent("{}", Encoding.UTF8, "application/json");

        var spared = await _http.PostAsync("v3/auth/tokens", iamRequest);
        _emulator.Faults.Clear();
        _emulator.Faults.TooManyRequests(route: EmulatorRoutes.IssueToken);
        var hit = await _http.PostAsync("v3/auth/tokens", new StringContent("{}", Encoding.UTF8, "application/json"));
        var backups = await _http.GetAsync(Backups);

        Assert.Equal(HttpStatusCode.BadRequest, spared.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, hit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, backups.StatusCode);
    }

    [Fact]
    public async Task Faults_come_before_authentication_as_in_a_gateway()
    {
        _emulator.Faults.ServerErrors(statuses: new[] { 502 });
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseAddress, Timeout = HangGuard };

        var answer = await anonymous.GetAsync(Backups);

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
    }

    [Fact]
    public async Task Clearing_the_plan_restores_normal_answers()
    {
        _emulator.Faults.ServerErrors();
        var faulted = await _http.GetAsync(Backups);

        _emulator.Faults.Clear();
        var normal = await _http.GetAsync(Backups);

        Assert.True((int)faulted.StatusCode >= 500);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.Empty(_emulator.Faults.Rules);
    }

    [Fact]
    public async Task A_removed_rule_no_longer_fires_and_earlier_rules_take_precedence()
    {
        var first = _emulator.Faults.ServerErrors(statuses: new[] { 504 });
        var second = _emulator.Faults.TooManyRequests();

        var byFirst = await _http.GetAsync(Backups);
        Assert.True(_emulator.Faults.Remove(first));
        var bySecond = await _http.GetAsync(Backups);

        Assert.Equal(HttpStatusCode.GatewayTimeout, byFirst.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, bySecond.StatusCode);
        Assert.Equal(1, second.Seen);
        Assert.False(_emulator.Faults.Remove(first));
    }

    /// <summary>The requests of the rate tests: 300 distinct one-item pages.</summary>
    private static IEnumerable<string> Pages(DdmEmulator emulator) =>
        Enumerable.Range(0, 300).Select(offset => $"v3/{emulator.Options.ProjectId}/backups?offset={offset}&limit=1");

    private static async Task<HashSet<string>> FaultedSequentially(DdmEmulator emulator, HttpClient http)
    {
        var faulted = new HashSet<string>();
        foreach (var page in Pages(emulator))
        {
            if ((await http.GetAsync(page)).StatusCode != HttpStatusCode.OK)
            {
                faulted.Add(page);
            }
        }

        return faulted;
    }

    [Fact]
    public async Task The_rate_is_honoured_and_the_same_seed_hits_the_same_requests_in_any_order()
    {
        await using var twin = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 40 });
        using var twinHttp = Client(twin);
        _emulator.Faults.Seed = 42;
        twin.Faults.Seed = 42;
        var rule = _emulator.Faults.ServerErrors(rate: 0.2);
        twin.Faults.ServerErrors(rate: 0.2);

        var sequential = await FaultedSequentially(_emulator, _http);
        var answers = await Task.WhenAll(Pages(twin).Reverse().Select(async page => (page, (await twinHttp.GetAsync(page)).StatusCode)));
        var concurrent = answers.Where(answer => answer.StatusCode != HttpStatusCode.OK).Select(answer => answer.page).ToHashSet();

        // 300 draws at 0.2: 60 expected, standard deviation about 7; the band is over five deviations wide each way.
        Assert.InRange(sequential.Count, 25, 95);
        Assert.Equal(sequential.Count, rule.Occurrences);
        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public async Task Another_seed_hits_other_requests_and_resetting_the_seed_repeats_the_pattern()
    {
        _emulator.Faults.Seed = 1;
        _emulator.Faults.ServerErrors(rate: 0.5);
        var first = await FaultedSequentially(_emulator, _http);

        _emulator.Faults.Seed = 2;
        var other = await FaultedSequentially(_emulator, _http);
        _emulator.Faults.Seed = 1;
        var again = await FaultedSequentially(_emulator, _http);

        Assert.NotEqual(first, other);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_retried_request_draws_again_so_a_partial_rate_lets_it_through()
    {
        _emulator.Faults.ServerErrors(rate: 0.5);

        var attempts = 0;
        HttpStatusCode status;
        do
        {
            attempts++;
            status = (await _http.GetAsync(Backups)).StatusCode;
        }
        while (status != HttpStatusCode.OK && attempts < 64);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Rate_zero_never_fires_and_rate_one_always_does()
    {
        var never = _emulator.Faults.ServerErrors(rate: 0);
        var always = _emulator.Faults.TruncatedJson(rate: 1);

        for (var index = 0; index < 20; index++)
        {
            var response = await _http.GetAsync($"{Backups}?offset={index}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, never.Occurrences);
        Assert.Equal(20, always.Occurrences);
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _emulator.Faults.ServerErrors(rate: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => _emulator.Faults.ServerErrors(rate: double.NaN));
        Assert.Throws<ArgumentException>(() => _emulator.Faults.ServerErrors(statuses: new[] { 501 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _emulator.Faults.TooManyRequests(retryAfterSeconds: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _emulator.Faults.TruncatedJson(limit: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _emulator.Faults.StalledBody(stallFor: TimeSpan.FromSeconds(-1)));
        Assert.Empty(_emulator.Faults.Rules);
    }
}
