using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Ddm.Emulator.Tests;

/// <summary>The jobs the asynchronous routes start: how long <c>GET /v3/{project_id}/jobs/{job_id}</c> answers for them.</summary>
public sealed class JobTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private const string TaskNotFound = """{"errCode":"DBS.300400","externalMessage":"The task is not found."}""";

    private static async Task<(DdmEmulator Emulator, HttpClient Http, FakeTimeProvider Clock)> StartEmulator(TimeSpan? tokenLifetime = null)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new EmulatorOptions { TimeProvider = clock };
        if (tokenLifetime is { } lifetime)
        {
            options.IssuedTokenLifetime = lifetime;
        }

        var emulator = await DdmEmulator.StartAsync(options);
        var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
        return (emulator, http, clock);
    }

    /// <summary>Starts a restore from the first instance to the second, a job that takes nothing away, and answers its id.</summary>
    private static async Task<string> StartRestore(DdmEmulator emulator, HttpClient http)
    {
        var project = "v3/" + emulator.Options.ProjectId;
        var source = emulator.InstanceIds[0];
        var start = JsonDocument.Parse(await http.GetStringAsync($"{project}/instances/{source}/backups/restorable-time-interval"))
            .RootElement.GetProperty("restorable_time_intervals")[0].GetProperty("start_time").GetString()!;
        var time = DateTimeOffset.ParseExact(start, new[] { "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" }, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            .AddMinutes(5).ToUnixTimeMilliseconds();
        var body = $$$"""{"source":{"instance_id":"{{{source}}}","restore_time":{{{time}}}},"target":{"instance_id":"{{{emulator.InstanceIds[1]}}}"}}""";
        using var answer = await http.PostAsync($"{project}/instances/{source}/backups/recovery", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
    }

    private static async Task<(HttpStatusCode Status, string Body)> ShowJob(DdmEmulator emulator, HttpClient http, string jobId)
    {
        using var answer = await http.GetAsync($"v3/{emulator.Options.ProjectId}/jobs/{jobId}");
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_finished_job_is_answered_for_a_token_lifetime_after_its_end_and_then_as_an_unknown_job()
    {
        // Regression: jobs were kept for ever, so a long run held every job it had started. The reference says nothing of
        // how long a job can be queried; the emulator keeps one for the lifetime of a token from its end_time.
        var (emulator, http, clock) = await StartEmulator();
        await using var _ = emulator;
        using var __ = http;
        var jobId = await StartRestore(emulator, http);
        var (shown, job) = await ShowJob(emulator, http, jobId);
        var end = DateTimeOffset.FromUnixTimeMilliseconds(JsonDocument.Parse(job).RootElement.GetProperty("job").GetProperty("end_time").GetInt64());

        clock.SetUtcNow(end + emulator.Options.IssuedTokenLifetime - TimeSpan.FromMilliseconds(1));
        var kept = await ShowJob(emulator, http, jobId);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var swept = await ShowJob(emulator, http, jobId);
        var unknown = await ShowJob(emulator, http, "ffffffff-job-00000000");

        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.True(end > Start);
        Assert.Equal((HttpStatusCode.OK, job), kept);
        Assert.Equal((HttpStatusCode.BadRequest, TaskNotFound), swept);
        Assert.Equal(unknown, swept);
    }

    [Fact]
    public async Task A_token_lifetime_changed_after_start_is_how_long_jobs_are_kept()
    {
        // Regression: the retention of jobs was copied from the options at start, while tokens read the lifetime each
        // time, so after a change a job was kept for the old lifetime and a token lasted the new one.
        var (emulator, http, clock) = await StartEmulator();
        await using var _ = emulator;
        using var __ = http;
        emulator.Options.IssuedTokenLifetime = TimeSpan.FromHours(1);
        var jobId = await StartRestore(emulator, http);
        var (_, job) = await ShowJob(emulator, http, jobId);
        var end = DateTimeOffset.FromUnixTimeMilliseconds(JsonDocument.Parse(job).RootElement.GetProperty("job").GetProperty("end_time").GetInt64());

        clock.SetUtcNow(end + TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        var kept = await ShowJob(emulator, http, jobId);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var gone = await ShowJob(emulator, http, jobId);

        Assert.Equal((HttpStatusCode.OK, job), kept);
        Assert.Equal((HttpStatusCode.BadRequest, TaskNotFound), gone);
    }

    [Fact]
    public async Task A_long_run_holds_only_the_jobs_still_kept()
    {
        // Two jobs an hour for three days, each kept an hour after its end: what is held is the last hour or two's.
        var (emulator, http, clock) = await StartEmulator(TimeSpan.FromHours(1));
        await using var _ = emulator;
        using var __ = http;
        string? last = null;
        for (var hour = 0; hour < 72; hour++)
        {
            await StartRestore(emulator, http);
            last = await StartRestore(emulator, http);
            clock.Advance(TimeSpan.FromHours(1));
        }

        // The last job ended 42 s after it began, less than an hour ago: still answered.
        Assert.Equal(HttpStatusCode.OK, (await ShowJob(emulator, http, last!)).Status);
        Assert.InRange(emulator.JobsHeld, 1, 4);
    }

    [Fact]
    public async Task Jobs_are_still_swept_after_the_clock_is_set_back()
    {
        // As for tokens: a clock set back (a corrected system clock) sweeps at once and counts from there, where counting
        // on from the later time would sweep nothing until the clock had caught up with it. FakeTimeProvider does not go
        // back, so this clock is one that does.
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromHours(1) });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
        clock.Advance(TimeSpan.FromDays(10));
        await StartRestore(emulator, http);
        clock.Advance(TimeSpan.FromDays(-10));
        for (var hour = 0; hour < 6; hour++)
        {
            await StartRestore(emulator, http);
            clock.Advance(TimeSpan.FromHours(1));
        }

        await StartRestore(emulator, http);

        // The job started ten days ahead has not ended by this clock and stays; of the others, those of the last hour.
        Assert.Equal(3, emulator.JobsHeld);
    }
}
