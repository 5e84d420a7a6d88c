using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>The emulator answers as the DDM reference documents, checked with a plain HttpClient over loopback.</summary>
public sealed class ContractTests : IAsyncLifetime
{
    private DdmEmulator _emulator = null!;
    private HttpClient _http = null!;

    private string ProjectPath => "v3/" + _emulator.Options.ProjectId;

    public async Task InitializeAsync()
    {
        _emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 40 });
        _http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        _http.DefaultRequestHeaders.Add("X-Auth-Token", _emulator.Options.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> Get(string path, HttpClient? client = null)
    {
        var response = await (client ?? _http).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    [Fact]
    public async Task A_request_is_counted_before_its_answer_reaches_the_caller()
    {
        // The count used to be taken once the answer had been sent, so a caller holding the answer could read an
        // older count (tests that count requests failed now and then under load). A stalled body makes that window
        // as wide as the stall: the headers are here, the body is not, and the request must already be counted.
        _emulator.Faults.StalledBody(stallFor: TimeSpan.FromSeconds(30), limit: 1);
        var route = "GET /v3/{project_id}/backups";

        using (var stalled = await _http.GetAsync(ProjectPath + "/backups", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stalled.StatusCode);
            Assert.Equal(1, _emulator.Statistics.RequestsTo(route));
            Assert.Equal(1, _emulator.Statistics.Requests);
        }

        using var next = await _http.GetAsync(ProjectPath + "/backups?limit=1", HttpCompletionOption.ResponseHeadersRead);
        using var missing = await _http.GetAsync("v3/nowhere", HttpCompletionOption.ResponseHeadersRead);

        // Counted once each, also after the stalled answer ends when its caller leaves.
        await Task.Delay(200);
        Assert.Equal(2, _emulator.Statistics.RequestsTo(route));
        Assert.Equal(3, _emulator.Statistics.Requests);
    }

    [Fact]
    public async Task The_root_lists_the_api_versions_without_a_token()
    {
        // Version discovery comes before a client has a token, as in every OpenStack-style service.
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseAddress };

        var (status, body, response) = await Get("", anonymous);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var versions = body.GetProperty("versions").EnumerateArray().ToDictionary(version => version.GetProperty("id").GetString()!, version => version);
        Assert.Equal(new[] { "v1", "v3" }, versions.Keys.Order());
        Assert.Equal("CURRENT", versions["v3"].GetProperty("status").GetString());
        Assert.Equal("DEPRECATED", versions["v1"].GetProperty("status").GetString());
        Assert.All(versions.Values, version =>
        {
            Assert.Equal(JsonValueKind.Array, version.GetProperty("links").ValueKind);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", version.GetProperty("updated").GetString());
        });
        Assert.Equal(1, _emulator.Statistics.RequestsTo(EmulatorRoutes.ListVersions));
        Assert.Equal(1, _emulator.Statistics.Requests);
    }

    [Fact]
    public async Task The_default_page_is_ten_backups_from_offset_zero_with_the_total()
    {
        var (status, body, _) = await Get(ProjectPath + "/backups");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10, body.GetProperty("backups").GetArrayLength());
        Assert.Equal(0, body.GetProperty("offset").GetInt32());
        Assert.Equal(10, body.GetProperty("limit").GetInt32());
        Assert.Equal(35, body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Pages_slice_the_same_list_and_the_last_one_is_short()
    {
        var all = (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("id").GetString()).ToList();
        var second = (await Get(ProjectPath + "/backups?offset=10&limit=10")).Body.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("id").GetString()).ToList();
        var last = (await Get(ProjectPath + "/backups?offset=30&limit=10")).Body;
        var beyond = (await Get(ProjectPath + "/backups?offset=500")).Body;

        Assert.Equal(35, all.Count);
        Assert.Equal(all.Skip(10).Take(10), second);
        Assert.Equal(5, last.GetProperty("backups").GetArrayLength());
        Assert.Equal(0, beyond.GetProperty("backups").GetArrayLength());
        Assert.Equal(35, beyond.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("offset=-1")]
    [InlineData("offset=abc")]
    [InlineData("offset=1.5")]
    [InlineData("offset=")]
    [InlineData("limit=0")]
    [InlineData("limit=129")]
    [InlineData("limit=-5")]
    [InlineData("limit=ten")]
    [InlineData("offset=1%00")]
    [InlineData("limit=2%00%00")]
    [InlineData("offset=%EF%BC%91")]
    public async Task Invalid_paging_is_the_documented_parameter_error(string query)
    {
        var (status, body, _) = await Get(ProjectPath + "/backups?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", body.GetRawText());
    }

    [Theory]
    [InlineData("limit=", null)]
    [InlineData("offset=", null)]
    [InlineData("limit", null)]
    [InlineData("limit=1&limit=2", null)]
    [InlineData("limit=1&limit=1", null)]
    [InlineData("limit=%2B5", null)]
    [InlineData("limit=+5", null)]
    [InlineData("limit=1.0", null)]
    [InlineData("limit=1e1", null)]
    [InlineData("limit=%205", null)]
    [InlineData("limit=05", 5)]
    [InlineData("limit=002&offset=000", 2)]
    public async Task Both_list_apis_read_paging_alike(string query, int? limit)
    {
        // The two pages document offset and limit in the same words, so a value one refuses the other refuses too: an
        // empty value, a repeated name, a sign, a fraction or a space is no number "from 0" or "1 to 128"; leading zeros
        // still write one.
        var paths = new[] { ProjectPath + "/backups", $"{ProjectPath}/instances/{_emulator.InstanceIds[0]}/backups/restorable-time-interval" };

        foreach (var path in paths)
        {
            var (status, body, _) = await Get(path + "?" + query);

            if (limit is null)
            {
                Assert.Equal(HttpStatusCode.BadRequest, status);
                Assert.Equal("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", body.GetRawText());
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(limit, body.GetProperty("limit").GetInt32());
                Assert.Equal(0, body.GetProperty("offset").GetInt32());
            }
        }
    }

    [Theory]
    [InlineData("LIMIT=1", 0, 10)]
    [InlineData("Limit=abc", 0, 10)]
    [InlineData("OFFSET=3&limit=2", 0, 2)]
    [InlineData("limit=2&LIMIT=3", 0, 2)]
    [InlineData("Offset=-1&offset=4", 4, 10)]
    public async Task Paging_parameter_names_are_matched_exactly_and_another_spelling_is_an_unknown_parameter(string query, int offset, int limit)
    {
        // The reference names the parameters offset and limit; "LIMIT" is no more one of them than "size" is, so it is
        // ignored and the default applies, where names used to be matched ignoring case.
        var (status, body, _) = await Get(ProjectPath + "/backups?" + query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(offset, body.GetProperty("offset").GetInt32());
        Assert.Equal(limit, body.GetProperty("limit").GetInt32());
        Assert.Equal(limit, body.GetProperty("backups").GetArrayLength());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "APIG.0301")]
    [InlineData("not-a-token", HttpStatusCode.Unauthorized, "APIG.0301")]
    public async Task A_missing_or_wrong_token_is_the_gateway_error_with_the_request_id(string? token, HttpStatusCode expected, string code)
    {
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseAddress };
        if (token is not null)
        {
            anonymous.DefaultRequestHeaders.Add("X-Auth-Token", token);
        }

        var (status, body, response) = await Get(ProjectPath + "/backups", anonymous);

        Assert.Equal(expected, status);
        Assert.Equal(code, body.GetProperty("error_code").GetString());
        Assert.StartsWith("Incorrect IAM authentication information", body.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Another_project_is_forbidden()
    {
        var (status, body, _) = await Get("v3/someone-else/backups");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("APIG.0302", body.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Restorable_intervals_of_a_seeded_instance_and_a_parameter_error_for_an_unknown_one()
    {
        var (status, body, _) = await Get($"{ProjectPath}/instances/{_emulator.InstanceIds[1]}/backups/restorable-time-interval");
        var (missing, error, _) = await Get($"{ProjectPath}/instances/nope/backups/restorable-time-interval");

        Assert.Equal(HttpStatusCode.OK, status);
        var intervals = body.GetProperty("restorable_time_intervals").EnumerateArray().ToList();
        Assert.Equal(3, intervals.Count);
        Assert.Equal(3, body.GetProperty("total").GetInt32());
        // Compared as instants: the text of two dates in different forms does not sort as their instants do.
        Assert.All(intervals, interval => Assert.True(ContractDate(interval.GetProperty("start_time")) < ContractDate(interval.GetProperty("end_time"))));
        // The reference's table gives DBS.280001 HTTP 400, with "Parameter error.".
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("DBS.280001", error.GetProperty("errCode").GetString());
        Assert.Equal("Parameter error.", error.GetProperty("externalMessage").GetString());
    }

    [Fact]
    public async Task An_instance_without_backups_has_no_restore_window()
    {
        // Regression: every seeded instance had restorable intervals, also one that no backup belongs to, which there is
        // nothing to restore from. Backups go to the instances in turn: with one backup, only the first instance has one.
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 1, InstanceCount = 3 });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
        var path = "v3/" + emulator.Options.ProjectId + "/instances/{0}/backups/restorable-time-interval";

        var (withBackup, first, _) = await Get(string.Format(CultureInfo.InvariantCulture, path, emulator.InstanceIds[0]), http);
        var (withoutBackup, second, _) = await Get(string.Format(CultureInfo.InvariantCulture, path, emulator.InstanceIds[1]), http);

        Assert.Equal(HttpStatusCode.OK, withBackup);
        Assert.Equal(3, first.GetProperty("restorable_time_intervals").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, withoutBackup);
        Assert.Equal(0, second.GetProperty("restorable_time_intervals").GetArrayLength());
        Assert.Equal(0, second.GetProperty("total").GetInt32());
        Assert.Equal(0, second.GetProperty("offset").GetInt32());
        Assert.Equal(10, second.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task An_instance_whose_backups_are_all_deleted_has_no_restore_window_and_no_restore()
    {
        // Regression: only the seeding took an instance without backups for one with nothing to restore from; once its
        // last backup was deleted through the API, it still had three intervals, and a restore from one was accepted.
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 3, InstanceCount = 3 });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
        var project = "v3/" + emulator.Options.ProjectId;
        var instance = emulator.InstanceIds[0];
        var window = project + "/instances/" + instance + "/backups/restorable-time-interval";
        var before = (await Get(window, http)).Body.GetProperty("restorable_time_intervals");
        var restoreTime = ContractDate(before[0].GetProperty("start_time")).ToUnixTimeMilliseconds();
        var backups = (await Get(project + "/backups", http)).Body.GetProperty("backups").EnumerateArray()
            .Where(backup => backup.GetProperty("instance_id").GetString() == instance)
            .Select(backup => backup.GetProperty("id").GetString())
            .ToList();
        Assert.NotEmpty(backups);
        foreach (var id in backups)
        {
            using var deleted = await http.DeleteAsync(project + "/backups/" + id);
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }

        var (status, after, _) = await Get(window, http);
        using var restore = await http.PostAsync(
            project + "/instances/" + instance + "/backups/recovery",
            new StringContent($$$"""{"source":{"instance_id":"{{{instance}}}","restore_time":{{{restoreTime}}}},"target":{"instance_id":"{{{emulator.InstanceIds[1]}}}"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, after.GetProperty("restorable_time_intervals").GetArrayLength());
        Assert.Equal(0, after.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, restore.StatusCode);
        Assert.NotEqual(0, before.GetArrayLength());
    }

    /// <summary>The creation times of the listed backups of an instance that a restore can start from (status normal), oldest first.</summary>
    private async Task<List<(string Id, DateTimeOffset Created)>> BackupsOf(HttpClient http, string project, string instance)
    {
        var all = new List<(string Id, DateTimeOffset Created)>();
        for (var offset = 0; ; offset += 128)
        {
            var page = (await Get($"{project}/backups?offset={offset}&limit=128", http)).Body.GetProperty("backups");
            all.AddRange(page.EnumerateArray()
                .Where(backup => backup.GetProperty("instance_id").GetString() == instance && backup.GetProperty("status").GetString() == "normal")
                .Select(backup => (backup.GetProperty("id").GetString()!, ContractDate(backup.GetProperty("created")))));
            if (page.GetArrayLength() < 128)
            {
                return all.OrderBy(backup => backup.Created).ToList();
            }
        }
    }

    private async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> WindowsOf(HttpClient http, string project, string instance) =>
        (await Get($"{project}/instances/{instance}/backups/restorable-time-interval", http)).Body.GetProperty("restorable_time_intervals").EnumerateArray()
            .Select(interval => (ContractDate(interval.GetProperty("start_time")), ContractDate(interval.GetProperty("end_time"))))
            .ToList();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(25, 3)]
    [InlineData(40, 3)]
    [InlineData(1000, 3)]
    public async Task No_restore_window_starts_before_the_oldest_backup_of_its_instance(int backupCount, int instanceCount)
    {
        // Regression: the windows were days older than every backup of the instance (with 25 backups, the oldest was a
        // day old and the windows six to one days old), so a restore was accepted to a time no backup could give. Only a
        // backup that is normal gives one: not one being created, one that failed, or one in a status no table lists.
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = backupCount, InstanceCount = instanceCount });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
        var project = "v3/" + emulator.Options.ProjectId;

        foreach (var instance in emulator.InstanceIds)
        {
            var oldest = (await BackupsOf(http, project, instance))[0].Created;
            var windows = await WindowsOf(http, project, instance);

            Assert.Equal(3, windows.Count);
            Assert.All(windows, window => Assert.True(window.Start >= oldest, $"{window.Start:o} is before the oldest backup, {oldest:o}"));
        }
    }

    [Fact]
    public async Task Deleting_the_oldest_backup_moves_the_restore_window_up_and_one_in_the_middle_leaves_it()
    {
        // The oldest normal backup kept is where a restore can begin (with the seed, the instance's two oldest are frozen
        // and createfail): once it is gone, the window begins at the next one. A backup between others takes nothing
        // away, as the older one and the logs after it still reach every instant.
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 1000, InstanceCount = 3 });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
        var project = "v3/" + emulator.Options.ProjectId;
        var instance = emulator.InstanceIds[0];
        var backups = await BackupsOf(http, project, instance);
        var before = await WindowsOf(http, project, instance);
        Assert.Equal(backups[0].Created, before[0].Start);

        using (var middle = await http.DeleteAsync(project + "/backups/" + backups[backups.Count / 2].Id))
        {
            Assert.Equal(HttpStatusCode.Accepted, middle.StatusCode);
        }

        var afterMiddle = await WindowsOf(http, project, instance);
        using (var oldest = await http.DeleteAsync(project + "/backups/" + backups[0].Id))
        {
            Assert.Equal(HttpStatusCode.Accepted, oldest.StatusCode);
        }

        var afterOldest = await WindowsOf(http, project, instance);
        string Body(DateTimeOffset time) => $$$"""{"source":{"instance_id":"{{{instance}}}","restore_time":{{{time.ToUnixTimeMilliseconds()}}}},"target":{"instance_id":"{{{emulator.InstanceIds[1]}}}"}}""";
        using var tooEarly = await http.PostAsync(project + "/instances/" + instance + "/backups/recovery", new StringContent(Body(backups[0].Created), Encoding.UTF8, "application/json"));
        using var atTheNext = await http.PostAsync(project + "/instances/" + instance + "/backups/recovery", new StringContent(Body(backups[1].Created), Encoding.UTF8, "application/json"));

        Assert.Equal(before, afterMiddle);
        Assert.Equal(backups[1].Created, afterOldest[0].Start);
        Assert.Equal(before[0].End, afterOldest[0].End);
        Assert.Equal(before.Skip(1), afterOldest.Skip(1));
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, atTheNext.StatusCode);
    }

    /// <summary>
    /// The date forms the contract allows: the documented <c>yyyy-MM-ddTHH:mm:ss</c> with a <c>±hhmm</c> offset
    /// (<c>2025-02-19T02:50:20+0000</c>), and what docs/reference/ddm-facts.md says a reader should accept as well: a fraction
    /// (the restoration time range page says "accurate to milliseconds"), <c>Z</c> and <c>±hh:mm</c>.
    /// </summary>
    private static readonly Regex ContractDateForm = new(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?([+-]\d\d:?\d\d|Z)$");

    /// <summary>The form of the reference's examples, which most dates keep.</summary>
    private static readonly Regex ExampleDateForm = new(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$");

    /// <summary>A date in one of the forms the contract allows, as its instant and offset.</summary>
    private static DateTimeOffset ContractDate(JsonElement value)
    {
        var text = value.GetString()!;
        Assert.Matches(ContractDateForm, text);
        return DateTimeOffset.ParseExact(
            text,
            new[] { "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" },
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);
    }

    private async Task<List<string>> AllDates()
    {
        var dates = new List<string>();
        foreach (var backup in (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray())
        {
            dates.Add(backup.GetProperty("created").GetString()!);
            if (backup.TryGetProperty("updated", out var updated))
            {
                dates.Add(updated.GetString()!);
            }
        }

        foreach (var instance in _emulator.InstanceIds)
        {
            foreach (var interval in (await Get($"{ProjectPath}/instances/{instance}/backups/restorable-time-interval")).Body.GetProperty("restorable_time_intervals").EnumerateArray())
            {
                dates.Add(interval.GetProperty("start_time").GetString()!);
                dates.Add(interval.GetProperty("end_time").GetString()!);
            }
        }

        return dates;
    }

    [Fact]
    public async Task Dates_are_mostly_in_the_examples_form_and_some_in_every_other_form_the_contract_allows()
    {
        // Every date used to be in the examples' form, so a client that read only that form passed against the emulator.
        var dates = await AllDates();

        Assert.All(dates, date => Assert.Matches(ContractDateForm, date));
        Assert.True(dates.Count(date => ExampleDateForm.IsMatch(date)) > dates.Count / 2, string.Join(" ", dates));
        Assert.Contains(dates, date => Regex.IsMatch(date, @":\d\d\.\d{3}\+0000$"));
        Assert.Contains(dates, date => Regex.IsMatch(date, @":\d\d\.\d{3}\+0100$"));
        Assert.Contains(dates, date => Regex.IsMatch(date, @":\d\d\.\d{3}Z$"));
        Assert.Contains(dates, date => Regex.IsMatch(date, @":\d\dZ$"));
        Assert.Contains(dates, date => Regex.IsMatch(date, @":\d\d\+01:00$"));
        Assert.Contains(dates, date => date.EndsWith("+0100", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0, false, "2025-02-19T02:50:20+0000")]
    [InlineData(0, 60, false, "2025-02-19T03:50:20+0100")]
    [InlineData(0, -330, false, "2025-02-18T21:20:20-0530")]
    [InlineData(123, 0, false, "2025-02-19T02:50:20.123+0000")]
    [InlineData(0, 0, true, "2025-02-19T02:50:20Z")]
    [InlineData(7, 0, true, "2025-02-19T02:50:20.007Z")]
    [InlineData(0, 60, true, "2025-02-19T03:50:20+01:00")]
    [InlineData(0, -330, true, "2025-02-18T21:20:20-05:30")]
    public void A_date_is_written_in_the_form_asked_for(int milliseconds, int offsetMinutes, bool extendedOffset, string expected)
    {
        var value = new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.Zero).AddMilliseconds(milliseconds).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

        Assert.Equal(expected, Answers.DdmDate(value, extendedOffset));
    }

    [Fact]
    public async Task Restorable_intervals_are_in_utc_and_some_bounds_have_milliseconds_or_z()
    {
        // The page says start_time and end_time are "in UTC, accurate to milliseconds"; its example has neither.
        var bounds = new List<string>();
        foreach (var instance in _emulator.InstanceIds)
        {
            foreach (var interval in (await Get($"{ProjectPath}/instances/{instance}/backups/restorable-time-interval")).Body.GetProperty("restorable_time_intervals").EnumerateArray())
            {
                bounds.Add(interval.GetProperty("start_time").GetString()!);
                bounds.Add(interval.GetProperty("end_time").GetString()!);
                Assert.Equal(TimeSpan.Zero, ContractDate(interval.GetProperty("start_time")).Offset);
                Assert.Equal(TimeSpan.Zero, ContractDate(interval.GetProperty("end_time")).Offset);
            }
        }

        Assert.Contains(bounds, bound => bound.Contains('.', StringComparison.Ordinal));
        Assert.Contains(bounds, bound => bound.EndsWith('Z'));
        Assert.Contains(bounds, bound => ExampleDateForm.IsMatch(bound));
    }

    [Fact]
    public async Task Some_backups_write_their_dates_in_central_european_time_for_the_same_instants()
    {
        var backups = (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray().ToList();
        DateTimeOffset Created(JsonElement backup) => ContractDate(backup.GetProperty("created"));
        static DateTimeOffset ToTheSecond(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond));

        // The newest two: an hour apart, and so the same wall-clock time in UTC and in UTC+1 (to the second: an
        // instant may have milliseconds).
        Assert.Equal(new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.Zero), ToTheSecond(Created(backups[0])));
        Assert.Equal(TimeSpan.Zero, Created(backups[0]).Offset);
        Assert.Equal(new DateTimeOffset(2025, 2, 19, 2, 50, 20, TimeSpan.FromHours(1)), ToTheSecond(Created(backups[1])));
        Assert.Equal(TimeSpan.FromHours(1), Created(backups[1]).Offset);
        Assert.Equal(new[] { TimeSpan.Zero, TimeSpan.FromHours(1) }, backups.Select(backup => Created(backup).Offset).Distinct().Order());
        // Newest first by instant, whatever the zone and form each is written in.
        Assert.Equal(backups.Select(Created).OrderByDescending(created => created.UtcDateTime), backups.Select(Created));
        Assert.All(backups.Where(backup => backup.TryGetProperty("updated", out _)), backup =>
        {
            var updated = ContractDate(backup.GetProperty("updated"));
            Assert.Equal(Created(backup).Offset, updated.Offset);
            Assert.Equal(TimeSpan.FromSeconds(17), updated - Created(backup));
        });
    }

    [Fact]
    public async Task Another_seed_draws_other_forms_for_the_same_instants()
    {
        await using var other = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 40, Seed = 2 });
        using var otherHttp = new HttpClient { BaseAddress = other.BaseAddress };
        otherHttp.DefaultRequestHeaders.Add("X-Auth-Token", other.Options.Token);
        var mine = (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("created")).ToList();
        var theirs = JsonDocument.Parse(await otherHttp.GetStringAsync(ProjectPath + "/backups?limit=128")).RootElement.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("created")).ToList();

        Assert.Equal(mine.Count, theirs.Count);
        Assert.Equal(mine.Select(date => ContractDate(date).AddTicks(-(ContractDate(date).Ticks % TimeSpan.TicksPerSecond))), theirs.Select(date => ContractDate(date).AddTicks(-(ContractDate(date).Ticks % TimeSpan.TicksPerSecond))));
        Assert.NotEqual(mine.Select(date => date.GetString()), theirs.Select(date => date.GetString()));
    }

    [Fact]
    public async Task Statuses_include_documented_example_and_unknown_values_but_never_deleted()
    {
        var body = (await Get(ProjectPath + "/backups?limit=128")).Body;

        var statuses = body.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("status").GetString()).ToHashSet();
        // instance_status is optional: the backups that have one.
        var instanceStatuses = body.GetProperty("backups").EnumerateArray()
            .SelectMany(backup => backup.TryGetProperty("instance_status", out var status) ? new[] { status.GetString() } : Array.Empty<string?>())
            .ToHashSet();
        Assert.Superset(new[] { "normal", "creating", "createfail", "frozen" }.ToHashSet(), statuses!);
        Assert.DoesNotContain("deleted", statuses);
        Assert.Superset(new[] { "RUNNING", "normal", "abnormal" }.ToHashSet(), instanceStatuses!);
    }

    [Fact]
    public async Task Only_the_required_members_are_always_there_and_absent_ones_are_left_out_not_null()
    {
        var backups = (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray().ToList();
        string[] required = { "id", "status", "instance_id", "created" };
        string[] optional = { "name", "description", "instance_name", "instance_status", "file_size", "updated", "backup_type" };
        bool Has(JsonElement backup, string member) => backup.TryGetProperty(member, out _);

        Assert.All(backups, backup =>
        {
            Assert.All(required, member => Assert.True(Has(backup, member), $"{member} is missing: {backup}"));
            Assert.All(backup.EnumerateObject(), member => Assert.NotEqual(JsonValueKind.Null, member.Value.ValueKind));
            Assert.Empty(backup.EnumerateObject().Select(member => member.Name).Except(required).Except(optional));
        });
        // Most have every member, as the reference's example does; each optional one is missing from some.
        Assert.True(backups.Count(backup => optional.All(member => Has(backup, member))) > backups.Count / 2);
        Assert.All(optional, member => Assert.Contains(backups, backup => !Has(backup, member)));
        Assert.Contains(backups, backup => backup.EnumerateObject().Select(member => member.Name).Order().SequenceEqual(required.Order()));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_data()
    {
        await using var twin = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 40 });
        using var twinHttp = new HttpClient { BaseAddress = twin.BaseAddress };
        twinHttp.DefaultRequestHeaders.Add("X-Auth-Token", twin.Options.Token);

        Assert.Equal(await _http.GetStringAsync(ProjectPath + "/backups?limit=128"), await twinHttp.GetStringAsync(ProjectPath + "/backups?limit=128"));
    }

    [Fact]
    public async Task Every_answer_carries_a_request_id()
    {
        var answers = new[]
        {
            await _http.GetAsync(ProjectPath + "/backups"),
            await _http.GetAsync("nowhere"),
            await _http.PutAsync(ProjectPath + "/backups", null),
        };

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed }, answers.Select(answer => answer.StatusCode));
        Assert.All(answers, answer => Assert.Matches("^[0-9a-f]{32}$", answer.Headers.GetValues("X-Request-Id").Single()));
    }

    [Theory]
    [InlineData(1, 40 * 1024)]
    [InlineData(400, 100)]
    [InlineData(1, 200 * 1024)]
    public async Task Large_request_headers_reach_the_emulator_and_the_answer_carries_a_request_id(int count, int length)
    {
        // Kestrel refused more than 32 KiB of headers (or more than 100 of them) with a bare 431: no body, no
        // X-Request-Id. The reference has no limit for headers (its 413 is for a request's entity, the body).
        using var request = new HttpRequestMessage(HttpMethod.Get, ProjectPath + "/backups?limit=1");
        for (var index = 0; index < count; index++)
        {
            request.Headers.Add("X-Padding-" + index.ToString(CultureInfo.InvariantCulture), new string('a', length));
        }

        using var answer = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(1, body.GetProperty("backups").GetArrayLength());
        Assert.Matches("^[0-9a-f]{32}$", answer.Headers.GetValues("X-Request-Id").Single());
    }

    [Theory]
    [InlineData("/instances/{instance}/backups/recovery", "X-Auth-Token: emulator-token\r\n")]
    [InlineData("/instances/{instance}/backups/recovery", "Authorization: SDK-HMAC-SHA256 Access=EMULATORAK0000000001, SignedHeaders=host;x-sdk-date, Signature=00\r\nX-Sdk-Date: {date}\r\n")]
    [InlineData("/v3/auth/tokens", "")]
    public async Task A_body_larger_than_the_emulator_takes_is_the_gateways_413_with_the_request_id(string path, string headers)
    {
        // Regression: the web server's own refusal escaped the emulator, a bare 413 with no body, no X-Request-Id and
        // no line in the request log. The body is announced only: the refusal comes before any of it is read.
        var log = new System.IO.StringWriter();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { RequestLog = System.IO.TextWriter.Synchronized(log) });
        var target = path.StartsWith("/v3/", StringComparison.Ordinal) ? path : "/" + ProjectPath + path.Replace("{instance}", emulator.InstanceIds[0], StringComparison.Ordinal);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(emulator.BaseAddress.Host, emulator.BaseAddress.Port);
        var stream = client.GetStream();
        var date = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var request = $"POST {target} HTTP/1.1\r\nHost: {emulator.BaseAddress.Authority}\r\n{headers.Replace("{date}", date, StringComparison.Ordinal)}"
            + $"Content-Type: application/json\r\nContent-Length: {DdmEmulator.MaxRequestBodySize + 1}\r\n\r\n{{";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new System.IO.StreamReader(stream, Encoding.UTF8);
        var head = new List<string>();
        for (var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            head.Add(line);
        }

        var length = int.Parse(head.Single(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..], CultureInfo.InvariantCulture);
        var buffer = new char[length];
        await reader.ReadBlockAsync(buffer).AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        var body = JsonDocument.Parse(new string(buffer)).RootElement;

        Assert.Equal("HTTP/1.1 413 Payload Too Large", head[0]);
        Assert.Equal("APIG.0201", body.GetProperty("error_code").GetString());
        Assert.Equal("Request entity too large.", body.GetProperty("error_msg").GetString());
        var requestId = head.Single(line => line.StartsWith("X-Request-Id:", StringComparison.OrdinalIgnoreCase))["X-Request-Id:".Length..].Trim();
        Assert.Equal(requestId, body.GetProperty("request_id").GetString());

        // The line is written once the answer has gone out, which the client may read first.
        var logged = "POST " + target + " -> 413";
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!log.ToString().Contains(logged, StringComparison.Ordinal) && !guard.IsCancellationRequested)
        {
            await Task.Delay(10);
        }

        Assert.Contains(logged, log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/backups?limit=1&padding={long}", HttpStatusCode.OK, null)]
    [InlineData("/backups?limit={long}", HttpStatusCode.BadRequest, "DBS.280001")]
    [InlineData("/instances/{long}/backups/restorable-time-interval", HttpStatusCode.BadRequest, "DBS.280001")]
    public async Task A_request_line_longer_than_8_kib_reaches_the_emulator_and_the_answer_carries_a_request_id(string path, HttpStatusCode expected, string? code)
    {
        // Kestrel refused a request line over 8 KiB with a bare 414: no body, no X-Request-Id, and a status the
        // reference does not list. The reference sets no limit on the URI, as it sets none on headers.
        var target = ProjectPath + path.Replace("{long}", new string('7', 40 * 1024), StringComparison.Ordinal);

        using var answer = await _http.GetAsync(target);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(expected, answer.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", answer.Headers.GetValues("X-Request-Id").Single());
        if (code is null)
        {
            Assert.Equal(1, body.GetProperty("backups").GetArrayLength());
        }
        else
        {
            Assert.Equal(code, body.GetProperty("errCode").GetString());
        }
    }

    [Fact]
    public async Task A_large_header_of_a_request_without_a_token_is_the_gateways_401_with_the_request_id()
    {
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, ProjectPath + "/backups");
        request.Headers.Add("Cookie", "session=" + new string('c', 40 * 1024));

        using var answer = await anonymous.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("APIG.0301", body.GetProperty("error_code").GetString());
        Assert.Equal(answer.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task A_path_or_method_no_api_has_is_answered_by_the_gateway_not_with_a_ddm_code()
    {
        // Both used to carry DBS.280001, which the reference's table gives HTTP 400 and "Parameter error." only.
        foreach (var answer in new[] { await _http.GetAsync("nowhere"), await _http.PutAsync(ProjectPath + "/backups", null) })
        {
            var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal("APIG.0101", body.GetProperty("error_code").GetString());
            Assert.Equal(answer.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
            Assert.False(body.TryGetProperty("errCode", out _));
        }
    }

    [Theory]
    [InlineData("POST", "/backups", "GET, HEAD")]
    [InlineData("OPTIONS", "/backups", "GET, HEAD")]
    [InlineData("PUT", "/backups", "GET, HEAD")]
    [InlineData("GET", "/backups/b1", "DELETE")]
    [InlineData("DELETE", "/jobs/j1", "GET, HEAD")]
    public async Task A_method_the_path_does_not_take_is_405_with_a_message_that_says_so(string method, string path, string allowed)
    {
        // The 405 used to say "The API does not exist or has not been published in the environment.", the gateway's
        // words for a path no API has (404), which contradicted its status.
        using var request = new HttpRequestMessage(new HttpMethod(method), ProjectPath + path.Replace("{instance}", _emulator.InstanceIds[0], StringComparison.Ordinal));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var answer = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.StatusCode);
        Assert.Equal(new[] { "error_code", "error_msg", "request_id" }, body.EnumerateObject().Select(member => member.Name));
        Assert.Equal("APIG.0101", body.GetProperty("error_code").GetString());
        Assert.Equal($"The API does not allow the method {method}; it takes {allowed}.", body.GetProperty("error_msg").GetString());
        Assert.Equal(answer.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        Assert.Equal(allowed, string.Join(", ", answer.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/backups?limit=3")]
    [InlineData("/instances/{instance}/backups/restorable-time-interval")]
    [InlineData("/instances/{instance}/backups/b1")]
    [InlineData("/jobs/j1")]
    [InlineData("/backups?limit=0")]
    public async Task A_head_request_is_answered_as_the_get_without_its_body(string path)
    {
        // Regression: HEAD was 405 (Allow: GET), where RFC 9110 (9.1) has every server take HEAD where it takes GET,
        // with the status and header fields the GET would have (9.3.2).
        var target = (path.Length == 0 ? string.Empty : ProjectPath + path).Replace("{instance}", _emulator.InstanceIds[0], StringComparison.Ordinal);
        using var get = await _http.GetAsync(target);
        var got = await get.Content.ReadAsByteArrayAsync();
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, target);

        using var head = await _http.SendAsync(headRequest);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(got.Length, head.Content.Headers.ContentLength);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Matches("^[0-9a-f]{32}$", head.Headers.GetValues("X-Request-Id").Single());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_path_no_api_has_keeps_the_gateways_words_for_it()
    {
        var (status, body, _) = await Get("v3/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("The API does not exist or has not been published in the environment.", body.GetProperty("error_msg").GetString());
    }

    [Theory]
    [InlineData("GET", "/instances/{instance}/backups/{backup}", EmulatorRoutes.ShowBackup)]
    [InlineData("GET", "/instances/{instance}/backups/restorable-instances", EmulatorRoutes.ListRestorableInstances)]
    [InlineData("GET", "/instances/{instance}/backups/related-dn?restore_time={time}", EmulatorRoutes.ListRelatedDataNodes)]
    [InlineData("POST", "/instances/{instance}/backups/metadata-recovery", EmulatorRoutes.RestoreMetadata)]
    public async Task Each_documented_backup_api_answers_as_documented_after_the_gateway_checks(string method, string path, string route)
    {
        // Regression: these four were 501 EMULATOR.0501, though the reference documents their answers.
        var instance = _emulator.InstanceIds[0];
        var backup = await NormalBackupOf(instance);
        var time = await RestorableTimeOf(instance);
        HttpRequestMessage Request(string project, string? token)
        {
            var target = path.Replace("{instance}", instance, StringComparison.Ordinal).Replace("{backup}", backup, StringComparison.Ordinal)
                .Replace("{time}", time.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var request = new HttpRequestMessage(new HttpMethod(method), $"v3/{project}{target}");
            if (method == "POST")
            {
                request.Content = new StringContent($$$"""{"source":{"backup_id":"{{{backup}}}"},"target":{"instance_id":"{{{_emulator.InstanceIds[1]}}}"}}""", Encoding.UTF8, "application/json");
            }

            if (token is not null)
            {
                request.Headers.Add("X-Auth-Token", token);
            }

            return request;
        }

        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseAddress };
        using var answer = await anonymous.SendAsync(Request(_emulator.Options.ProjectId, _emulator.Options.Token));
        using var unauthenticated = await anonymous.SendAsync(Request(_emulator.Options.ProjectId, null));
        using var forbidden = await anonymous.SendAsync(Request("someone-else", _emulator.Options.Token));

        Assert.Equal(method == "POST" ? HttpStatusCode.Accepted : HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(3, _emulator.Statistics.RequestsTo(route));
    }

    /// <summary>A <c>normal</c> backup of the instance, one a restoration can start from.</summary>
    private async Task<string> NormalBackupOf(string instance) =>
        (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray()
            .First(backup => backup.GetProperty("instance_id").GetString() == instance && backup.GetProperty("status").GetString() == "normal")
            .GetProperty("id").GetString()!;

    /// <summary>Five minutes into the instance's first restorable interval, in epoch milliseconds.</summary>
    private async Task<long> RestorableTimeOf(string instance)
    {
        var interval = (await Get($"{ProjectPath}/instances/{instance}/backups/restorable-time-interval")).Body.GetProperty("restorable_time_intervals")[0];
        return ContractDate(interval.GetProperty("start_time")).AddMinutes(5).ToUnixTimeMilliseconds();
    }

    private const string ParameterError = """{"errCode":"DBS.280001","externalMessage":"Parameter error."}""";

    [Fact]
    public async Task A_backups_details_are_its_listed_members_and_the_data_nodes_of_its_instance()
    {
        var listed = (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray().Take(11).ToList();

        foreach (var backup in listed)
        {
            var instance = backup.GetProperty("instance_id").GetString();
            var (status, details, _) = await Get($"{ProjectPath}/instances/{instance}/backups/{backup.GetProperty("id").GetString()}");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(
                backup.EnumerateObject().Select(member => (member.Name, member.Value.GetRawText())),
                details.EnumerateObject().Where(member => member.Name != "related_data_nodes").Select(member => (member.Name, member.Value.GetRawText())));
            var nodes = details.GetProperty("related_data_nodes").EnumerateArray().ToList();
            Assert.NotEmpty(nodes);
            Assert.All(nodes, node => Assert.Equal(new[] { "instance_id", "instance_name" }, node.EnumerateObject().Select(member => member.Name)));
        }
    }

    [Fact]
    public async Task A_backup_of_another_instance_an_unknown_or_a_deleted_one_is_the_parameter_error()
    {
        var backups = (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray().ToList();
        var backup = backups.First(candidate => candidate.GetProperty("instance_id").GetString() == _emulator.InstanceIds[0]).GetProperty("id").GetString();
        var deleted = backups.First(candidate => candidate.GetProperty("instance_id").GetString() == _emulator.InstanceIds[1]).GetProperty("id").GetString();
        using (await _http.DeleteAsync($"{ProjectPath}/backups/{deleted}"))
        {
        }

        foreach (var path in new[]
        {
            $"{ProjectPath}/instances/{_emulator.InstanceIds[1]}/backups/{backup}",
            $"{ProjectPath}/instances/{_emulator.InstanceIds[0]}/backups/c131f93395cdebe350228br09",
            $"{ProjectPath}/instances/unknown/backups/{backup}",
            $"{ProjectPath}/instances/{_emulator.InstanceIds[1]}/backups/{deleted}",
        })
        {
            using var answer = await _http.GetAsync(path);

            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal(ParameterError, await answer.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_restorable_instances_are_the_other_instances_paged_as_the_list_apis_are()
    {
        var source = _emulator.InstanceIds[0];

        var (status, all, _) = await Get($"{ProjectPath}/instances/{source}/backups/restorable-instances");
        var (_, second, _) = await Get($"{ProjectPath}/instances/{source}/backups/restorable-instances?offset=1&limit=1");
        using var badLimit = await _http.GetAsync($"{ProjectPath}/instances/{source}/backups/restorable-instances?limit=129");
        using var unknown = await _http.GetAsync($"{ProjectPath}/instances/unknown/backups/restorable-instances");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_emulator.InstanceIds.Skip(1), all.GetProperty("instances").EnumerateArray().Select(instance => instance.GetProperty("id").GetString()));
        Assert.Equal((0, 10, 2), (all.GetProperty("offset").GetInt32(), all.GetProperty("limit").GetInt32(), all.GetProperty("total").GetInt32()));
        Assert.Equal(_emulator.InstanceIds[2], second.GetProperty("instances").EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Equal((1, 1, 2), (second.GetProperty("offset").GetInt32(), second.GetProperty("limit").GetInt32(), second.GetProperty("total").GetInt32()));
        Assert.Equal((HttpStatusCode.BadRequest, ParameterError), (badLimit.StatusCode, await badLimit.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, ParameterError), (unknown.StatusCode, await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_related_data_nodes_of_a_restorable_time_are_paged_with_the_latest_restorable_time()
    {
        var source = _emulator.InstanceIds[0];
        var time = await RestorableTimeOf(source);
        var intervals = (await Get($"{ProjectPath}/instances/{source}/backups/restorable-time-interval")).Body.GetProperty("restorable_time_intervals").EnumerateArray().ToList();

        var (status, all, _) = await Get($"{ProjectPath}/instances/{source}/backups/related-dn?restore_time={time}");
        var (_, second, _) = await Get($"{ProjectPath}/instances/{source}/backups/related-dn?restore_time={time}&offset=1&limit=1");

        Assert.Equal(HttpStatusCode.OK, status);
        var nodes = all.GetProperty("related_data_nodes").EnumerateArray().Select(node => node.GetProperty("instance_id").GetString()).ToList();
        Assert.Equal(2, nodes.Count);
        Assert.Equal(nodes[1], second.GetProperty("related_data_nodes").EnumerateArray().Single().GetProperty("instance_id").GetString());
        Assert.Equal((0, 10, 2), (all.GetProperty("offset").GetInt32(), all.GetProperty("limit").GetInt32(), all.GetProperty("total").GetInt32()));
        Assert.Equal(ContractDate(intervals[^1].GetProperty("end_time")).ToUnixTimeMilliseconds(), all.GetProperty("latest_restorable_time").GetInt64());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?restore_time=")]
    [InlineData("?restore_time=0")]
    [InlineData("?restore_time=abc")]
    [InlineData("?restore_time=1.5")]
    [InlineData("?restore_time=99999999999999999999")]
    [InlineData("?restore_time={time}&restore_time={time}")]
    [InlineData("?restore_time={time}&limit=0")]
    [InlineData("?restore_time={time}&offset=-1")]
    public async Task A_related_data_node_query_without_one_restorable_time_or_with_a_bad_page_is_the_parameter_error(string query)
    {
        var source = _emulator.InstanceIds[0];
        var time = (await RestorableTimeOf(source)).ToString(CultureInfo.InvariantCulture);

        using var answer = await _http.GetAsync($"{ProjectPath}/instances/{source}/backups/related-dn{query.Replace("{time}", time, StringComparison.Ordinal)}");

        Assert.Equal((HttpStatusCode.BadRequest, ParameterError), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Restoring_metadata_from_a_backup_or_a_point_in_time_is_a_job_on_the_target()
    {
        var source = _emulator.InstanceIds[0];
        var target = _emulator.InstanceIds[1];
        var backup = await NormalBackupOf(source);
        var time = await RestorableTimeOf(source);

        foreach (var body in new[]
        {
            $$$"""{"source":{"backup_id":"{{{backup}}}"},"target":{"instance_id":"{{{target}}}","data_nodes":["n1","n2"]}}""",
            $$$"""{"source":{"restore_time":{{{time}}}},"target":{"instance_id":"{{{target}}}"}}""",
        })
        {
            using var answer = await _http.PostAsync($"{ProjectPath}/instances/{source}/backups/metadata-recovery", new StringContent(body, Encoding.UTF8, "application/json"));
            var jobId = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString();
            var (jobStatus, job, _) = await Get($"{ProjectPath}/jobs/{jobId}");

            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            Assert.Equal(HttpStatusCode.OK, jobStatus);
            Assert.Equal(target, job.GetProperty("job").GetProperty("instance").GetProperty("id").GetString());
        }
    }

    [Theory]
    [InlineData("""{"source":{},"target":{"instance_id":"{target}"}}""")]
    [InlineData("""{"source":{"backup_id":"{backup}","restore_time":{time}},"target":{"instance_id":"{target}"}}""")]
    [InlineData("""{"source":{"backup_id":"c131f93395cdebe350228br09"},"target":{"instance_id":"{target}"}}""")]
    [InlineData("""{"source":{"backup_id":"{other}"},"target":{"instance_id":"{target}"}}""")]
    [InlineData("""{"source":{"restore_time":0},"target":{"instance_id":"{target}"}}""")]
    [InlineData("""{"source":{"restore_time":"{time}"},"target":{"instance_id":"{target}"}}""")]
    [InlineData("""{"source":{"backup_id":"{backup}"},"target":{"instance_id":"unknown"}}""")]
    [InlineData("""{"source":{"backup_id":"{backup}"}}""")]
    [InlineData("""{"source":{"backup_id":"{backup}"},"target":{"instance_id":"{target}","data_nodes":"n1"}}""")]
    [InlineData("""{"source":{"backup_id":"{backup}"},"target":{"instance_id":"{target}","data_nodes":[1]}}""")]
    [InlineData("""[]""")]
    [InlineData("""{"source":""")]
    public async Task A_metadata_restoration_without_one_source_or_a_known_target_is_the_parameter_error(string template)
    {
        var source = _emulator.InstanceIds[0];
        var body = template.Replace("{backup}", await NormalBackupOf(source), StringComparison.Ordinal)
            .Replace("{other}", await NormalBackupOf(_emulator.InstanceIds[2]), StringComparison.Ordinal)
            .Replace("{time}", (await RestorableTimeOf(source)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{target}", _emulator.InstanceIds[1], StringComparison.Ordinal);

        using var answer = await _http.PostAsync($"{ProjectPath}/instances/{source}/backups/metadata-recovery", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, ParameterError), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("GET", "/instances/{instance}/backups")]
    [InlineData("GET", "/instances/{instance}/backups/b1/related-dn")]
    [InlineData("GET", "/instances/{instance}/metadata-recovery")]
    [InlineData("POST", "/instances/{instance}/backups/restorable-instances")]
    public async Task Paths_and_methods_beside_the_documented_apis_are_still_the_gateways_error(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{ProjectPath}{path.Replace("{instance}", _emulator.InstanceIds[0], StringComparison.Ordinal)}");

        using var answer = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(method == "GET" ? HttpStatusCode.NotFound : HttpStatusCode.MethodNotAllowed, answer.StatusCode);
        Assert.Equal("APIG.0101", body.GetProperty("error_code").GetString());
    }

    [Theory]
    [InlineData("GET", "/V3/{project}/backups")]
    [InlineData("GET", "/v3/{project}/Backups")]
    [InlineData("GET", "/v3/{project}/BACKUPS?limit=1")]
    [InlineData("GET", "/v3/{project}/Instances/{instance}/backups/restorable-time-interval")]
    [InlineData("GET", "/v3/{project}/instances/{instance}/BACKUPS/restorable-time-interval")]
    [InlineData("GET", "/v3/{project}/JOBS/00000001-job-00000000")]
    [InlineData("DELETE", "/v3/{project}/Backups/b1")]
    [InlineData("GET", "/v3/{project}/instances/{instance}/Backups/related-dn")]
    [InlineData("GET", "/v3/{project}/Instances/{instance}/backups/Recovery")]
    [InlineData("GET", "/v3/{project}/Backups/b1")]
    [InlineData("POST", "/v3/{project}/instances/{instance}/Backups/recovery")]
    [InlineData("DELETE", "/v3/{project}/instances/{instance}/Backups/Recovery")]
    [InlineData("POST", "/V3/auth/tokens")]
    [InlineData("PUT", "/v3/{project}/Backups")]
    public async Task A_literal_segment_in_another_case_is_a_path_no_api_has(string method, string path)
    {
        // Routing matched literal segments ignoring case, so /V3/{project}/Backups answered as the documented API.
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')
            .Replace("{project}", _emulator.Options.ProjectId, StringComparison.Ordinal)
            .Replace("{instance}", _emulator.InstanceIds[0], StringComparison.Ordinal));
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var answer = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("APIG.0101", body.GetProperty("error_code").GetString());
        Assert.Equal(answer.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        Assert.Equal(0, _emulator.Statistics.RequestsTo(method + " " + path.Split('?')[0].Replace("{project}", "{project_id}", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("POST", "Recovery", "GET, HEAD")]
    [InlineData("DELETE", "Recovery", "GET, HEAD")]
    [InlineData("PUT", "RECOVERY", "GET, HEAD")]
    [InlineData("POST", "Metadata-Recovery", "GET, HEAD")]
    [InlineData("DELETE", "Related-DN", "GET, HEAD")]
    [InlineData("POST", "RESTORABLE-INSTANCES", "GET, HEAD")]
    [InlineData("DELETE", "recovery", "GET, HEAD, POST")]
    [InlineData("PUT", "metadata-recovery", "GET, HEAD, POST")]
    public async Task A_method_the_path_does_not_take_is_405_naming_only_the_routes_that_match_it_exactly(string method, string segment, string allowed)
    {
        // .../backups/Recovery is the documented GET .../backups/{backup_id}, not the recovery API in another case: a
        // POST to it was 404, and a DELETE 405 with "GET, POST", the methods of every route that matched ignoring case.
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{ProjectPath}/instances/{_emulator.InstanceIds[0]}/backups/{segment}");
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("""{"source":{"backup_id":"b1"},"target":{"instance_id":"i1"}}""", Encoding.UTF8, "application/json");
        }

        using var answer = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.StatusCode);
        Assert.Equal("APIG.0101", body.GetProperty("error_code").GetString());
        Assert.Equal($"The API does not allow the method {method}; it takes {allowed}.", body.GetProperty("error_msg").GetString());
        Assert.Equal(allowed, string.Join(", ", answer.Content.Headers.Allow));
        Assert.Equal(answer.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        Assert.Equal(0, _emulator.Statistics.RequestsTo(EmulatorRoutes.Restore));
        Assert.Equal(0, _emulator.Statistics.RequestsTo(EmulatorRoutes.RestoreMetadata));
        Assert.Equal(0, _emulator.Statistics.RequestsTo(EmulatorRoutes.ShowBackup));
    }

    [Theory]
    [InlineData("GET", "/v3/{project}/backups/")]
    [InlineData("GET", "/v3/{project}/backups/?limit=1")]
    [InlineData("DELETE", "/v3/{project}/backups/{backup}/")]
    [InlineData("GET", "/v3/{project}/instances/{instance}/backups/restorable-time-interval/")]
    [InlineData("POST", "/v3/{project}/instances/{instance}/backups/recovery/")]
    [InlineData("GET", "/v3/{project}/jobs/00000001-job-00000000/")]
    [InlineData("GET", "/v3/{project}/instances/{instance}/backups/{backup}/")]
    [InlineData("GET", "/v3/{project}/instances/{instance}/backups/restorable-instances/")]
    [InlineData("GET", "/v3/{project}/instances/{instance}/backups/related-dn/?restore_time=1")]
    [InlineData("POST", "/v3/{project}/instances/{instance}/backups/metadata-recovery/")]
    [InlineData("POST", "/v3/{project}/instances/{instance}/backups/Recovery/")]
    [InlineData("PUT", "/v3/{project}/backups/")]
    [InlineData("POST", "/v3/auth/tokens/")]
    public async Task A_path_with_a_trailing_slash_is_a_path_no_api_has_for_every_route_and_method(string method, string path)
    {
        // Regression: routing took a trailing slash for none, so GET .../backups/ listed the backups and DELETE
        // .../backups/{backup_id}/ deleted one, where the reference spells every path without it (and POST
        // .../backups/Recovery/ was 405, as the backup-details route without the slash would be).
        var backup = await NormalBackupOf(_emulator.InstanceIds[0]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')
            .Replace("{project}", _emulator.Options.ProjectId, StringComparison.Ordinal)
            .Replace("{instance}", _emulator.InstanceIds[0], StringComparison.Ordinal)
            .Replace("{backup}", backup, StringComparison.Ordinal));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var answer = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(new[] { "error_code", "error_msg", "request_id" }, body.EnumerateObject().Select(member => member.Name));
        Assert.Equal("APIG.0101", body.GetProperty("error_code").GetString());
        Assert.Equal("The API does not exist or has not been published in the environment.", body.GetProperty("error_msg").GetString());
        Assert.Equal(answer.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        // Only the listing that found the backup reached a route; the backup is still listed.
        Assert.Equal(new[] { EmulatorRoutes.ListBackups }, _emulator.Statistics.ByRoute.Keys);
        Assert.Equal(backup, await NormalBackupOf(_emulator.InstanceIds[0]));
    }

    [Theory]
    [InlineData("Restorable-Time-Interval")]
    [InlineData("Related-DN")]
    [InlineData("RESTORABLE-INSTANCES")]
    [InlineData("Recovery")]
    [InlineData("Metadata-Recovery")]
    public async Task A_last_segment_that_is_a_literal_only_ignoring_case_is_a_backup_id(string segment)
    {
        // Matched exactly, .../backups/Restorable-Time-Interval is not the restorable-time-interval API but the
        // documented GET .../backups/{backup_id}, for a backup there is not.
        var (status, body, _) = await Get($"{ProjectPath}/instances/{_emulator.InstanceIds[0]}/backups/{segment}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("DBS.280001", body.GetProperty("errCode").GetString());
        Assert.Equal(1, _emulator.Statistics.RequestsTo(EmulatorRoutes.ShowBackup));
    }

    [Fact]
    public async Task Path_parameters_keep_their_case_and_the_literal_segments_in_the_documented_case_still_answer()
    {
        var (listed, _, _) = await Get(ProjectPath + "/backups");
        var (intervals, _, _) = await Get($"{ProjectPath}/instances/{_emulator.InstanceIds[0]}/backups/restorable-time-interval");
        // A project id is a value, not a literal: in upper case it names another project.
        var (other, error, _) = await Get("v3/" + _emulator.Options.ProjectId.ToUpperInvariant() + "/backups");

        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(HttpStatusCode.OK, intervals);
        Assert.Equal(HttpStatusCode.Forbidden, other);
        Assert.Equal("APIG.0302", error.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Deleting_a_backup_answers_a_job_and_removes_it_from_the_list()
    {
        var first = (await Get(ProjectPath + "/backups?limit=1")).Body.GetProperty("backups")[0].GetProperty("id").GetString();

        var deleted = await _http.DeleteAsync($"{ProjectPath}/backups/{first}");
        var again = await _http.DeleteAsync($"{ProjectPath}/backups/{first}");
        var list = (await Get(ProjectPath + "/backups?limit=128")).Body;

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(34, list.GetProperty("total").GetInt32());
        Assert.DoesNotContain(list.GetProperty("backups").EnumerateArray(), backup => backup.GetProperty("id").GetString() == first);
    }

    [Fact]
    public async Task The_job_of_a_deleted_backup_names_the_backups_own_instance()
    {
        // Regression: every deletion job named the first seeded instance, whichever instance the backup belonged to.
        var backups = (await Get(ProjectPath + "/backups?limit=128")).Body.GetProperty("backups").EnumerateArray().ToList();
        var backup = backups.First(candidate => candidate.GetProperty("instance_id").GetString() != _emulator.InstanceIds[0]);
        var instanceId = backup.GetProperty("instance_id").GetString();

        var deleted = await _http.DeleteAsync($"{ProjectPath}/backups/{backup.GetProperty("id").GetString()}");
        var jobId = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString();
        var (status, job, _) = await Get($"{ProjectPath}/jobs/{jobId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DELETE_BACKUP", job.GetProperty("job").GetProperty("name").GetString());
        Assert.Equal(instanceId, job.GetProperty("job").GetProperty("instance").GetProperty("id").GetString());
        Assert.Equal(
            backups.First(candidate => candidate.GetProperty("instance_id").GetString() == instanceId && candidate.TryGetProperty("instance_name", out _)).GetProperty("instance_name").GetString(),
            job.GetProperty("job").GetProperty("instance").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Restoring_inside_an_interval_is_a_job_and_outside_is_a_parameter_error()
    {
        var source = _emulator.InstanceIds[0];
        var interval = (await Get($"{ProjectPath}/instances/{source}/backups/restorable-time-interval")).Body.GetProperty("restorable_time_intervals")[0];
        var inside = ContractDate(interval.GetProperty("start_time")).AddMinutes(5).ToUnixTimeMilliseconds();
        string Body(long time) => $$$"""{"source":{"instance_id":"{{{source}}}","restore_time":{{{time}}}},"target":{"instance_id":"{{{_emulator.InstanceIds[1]}}}"}}""";

        var accepted = await _http.PostAsync($"{ProjectPath}/instances/{source}/backups/recovery", new StringContent(Body(inside), Encoding.UTF8, "application/json"));
        var refused = await _http.PostAsync($"{ProjectPath}/instances/{source}/backups/recovery", new StringContent(Body(0), Encoding.UTF8, "application/json"));
        var jobId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString();
        var (jobStatus, job, _) = await Get($"{ProjectPath}/jobs/{jobId}");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, jobStatus);
        Assert.Equal("Completed", job.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal(_emulator.InstanceIds[1], job.GetProperty("job").GetProperty("instance").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(0, 0, 0)]
    [InlineData(1, 1, 1)]
    public async Task A_restore_whose_body_names_another_source_than_its_path_or_its_source_as_target_is_the_parameter_error(int path, int source, int target)
    {
        // Regression: the path's instance was only looked up, so a restore posted for one instance restored another,
        // the one its body named, and one "to a new instance" was accepted with the source itself as the target.
        string Id(int index) => _emulator.InstanceIds[index];
        var interval = (await Get($"{ProjectPath}/instances/{Id(source)}/backups/restorable-time-interval")).Body.GetProperty("restorable_time_intervals")[0];
        var inside = ContractDate(interval.GetProperty("start_time")).AddMinutes(5).ToUnixTimeMilliseconds();
        var body = $$$"""{"source":{"instance_id":"{{{Id(source)}}}","restore_time":{{{inside}}}},"target":{"instance_id":"{{{Id(target)}}}"}}""";

        using var answer = await _http.PostAsync($"{ProjectPath}/instances/{Id(path)}/backups/recovery", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\"s1\"")]
    [InlineData("{}")]
    [InlineData("[\"s1\"]")]
    [InlineData("[{\"source_instance_id\":\"s1\"}]")]
    [InlineData("[{\"source_instance_id\":\"s1\",\"target_instance_id\":2}]")]
    [InlineData("[{\"source_instance_id\":null,\"target_instance_id\":\"t1\"}]")]
    public async Task A_restore_whose_data_node_relations_are_not_pairs_of_node_ids_is_the_parameter_error(string relations)
    {
        // Regression: data_node_relations was not read, so a restore that said nothing the reference documents about its
        // data nodes was accepted and started a job.
        var source = _emulator.InstanceIds[0];
        var interval = (await Get($"{ProjectPath}/instances/{source}/backups/restorable-time-interval")).Body.GetProperty("restorable_time_intervals")[0];
        var inside = ContractDate(interval.GetProperty("start_time")).AddMinutes(5).ToUnixTimeMilliseconds();
        string Body(string value) => $$$"""{"source":{"instance_id":"{{{source}}}","restore_time":{{{inside}}}},"target":{"instance_id":"{{{_emulator.InstanceIds[1]}}}"},"data_node_relations":{{{value}}}}""";

        using var refused = await _http.PostAsync($"{ProjectPath}/instances/{source}/backups/recovery", new StringContent(Body(relations), Encoding.UTF8, "application/json"));
        using var accepted = await _http.PostAsync($"{ProjectPath}/instances/{source}/backups/recovery", new StringContent(Body("""[{"source_instance_id":"s1","target_instance_id":"t1"}]"""), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Theory]
    [InlineData("\"1739933420000\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1739933420000]")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("253402300800000")]
    public async Task A_restore_time_that_is_no_number_or_no_date_is_the_documented_parameter_error(string restoreTime)
    {
        // Regression: reading it as a number, or a number beyond year 9999 as a date, threw, and the emulator answered a
        // bare 500 with no body and no request id.
        var source = _emulator.InstanceIds[0];
        var body = $$$"""{"source":{"instance_id":"{{{source}}}","restore_time":{{{restoreTime}}}},"target":{"instance_id":"{{{source}}}"}}""";

        using var answer = await _http.PostAsync($"{ProjectPath}/instances/{source}/backups/recovery", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", await answer.Content.ReadAsStringAsync());
        Assert.Matches("^[0-9a-f]{32}$", answer.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task A_hundred_thousand_backups_page_to_the_last_one()
    {
        await using var large = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 100_000 });
        using var http = new HttpClient { BaseAddress = large.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", large.Options.Token);

        var total = JsonDocument.Parse(await http.GetStringAsync(ProjectPath + "/backups?limit=1")).RootElement.GetProperty("total").GetInt32();
        var last = JsonDocument.Parse(await http.GetStringAsync($"{ProjectPath}/backups?offset={total - 1}&limit=128")).RootElement;

        Assert.Equal(87_500, total);
        Assert.Equal(1, last.GetProperty("backups").GetArrayLength());
    }
}
