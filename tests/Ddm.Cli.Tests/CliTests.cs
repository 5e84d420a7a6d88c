using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>The ddm commands against an emulator over loopback: what they print where, and their exit codes.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private DdmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 300 });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private Dictionary<string, string?> Cloud(string? token = null) => new()
    {
        ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
        ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
        ["OS_AUTH_TOKEN"] = token ?? _emulator.Options.Token,
    };

    private static async Task<(int ExitCode, string Output, string Error)> Run(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, new CliConsole(output, error), name => environment.GetValueOrDefault(name));
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Backups_list_prints_one_page_as_plain_columns()
    {
        var (exitCode, output, error) = await Run(Cloud(), "backups", "list", "--limit", "5");

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("ID ", lines[0], StringComparison.Ordinal);
        Assert.Contains("CREATED (UTC)", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("Backups 1 to 5 of 263.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_past_the_end_says_so()
    {
        var (exitCode, output, error) = await Run(Cloud(), "backups", "list", "--offset", "1000");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("ID ", output, StringComparison.Ordinal);
        Assert.Equal("No backups from offset 1000; 263 in all.\n", error);
    }

    [Fact]
    public async Task Backups_list_all_as_json_is_valid_json_with_every_backup_and_nothing_else_on_stdout()
    {
        var before = _emulator.Statistics.RequestsTo("GET /v3/{project_id}/backups");

        var (exitCode, output, _) = await Run(Cloud(), "backups", "list", "--all", "--output", "json");

        using var document = JsonDocument.Parse(output);
        Assert.Equal(0, exitCode);
        Assert.Equal(263, document.RootElement.GetArrayLength());
        Assert.Equal(263, document.RootElement.EnumerateArray().Select(backup => backup.GetProperty("id").GetString()).Distinct().Count());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$", document.RootElement[0].GetProperty("created").GetString());
        Assert.Contains("\"created\":\"2025-02-19T02:50:20+0000\"", output, StringComparison.Ordinal);
        // The next backup, an hour older, is written in UTC+1 by the service, and the output keeps its form.
        Assert.Contains("\"created\":\"2025-02-19T02:50:20+0100\"", output, StringComparison.Ordinal);
        Assert.Equal(3, _emulator.Statistics.RequestsTo("GET /v3/{project_id}/backups") - before);
    }

    /// <summary>A date in one of the forms the contract allows (a fraction, ±hhmm, ±hh:mm, Z).</summary>
    private static DateTimeOffset ContractDate(JsonElement value) => DateTimeOffset.ParseExact(
        value.GetString()!,
        new[] { "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" },
        CultureInfo.InvariantCulture,
        DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task Json_output_writes_each_date_in_the_ddm_form_with_the_instant_and_offset_the_service_sent()
    {
        // The emulator writes some dates with milliseconds, Z or +01:00; ddm writes them all in the DDM form itself.
        using var http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", _emulator.Options.Token);
        var sent = new List<JsonElement>();
        for (var offset = 0; offset < 263; offset += 128)
        {
            var page = JsonDocument.Parse(await http.GetStringAsync($"v3/{_emulator.Options.ProjectId}/backups?offset={offset}&limit=128"));
            sent.AddRange(page.RootElement.GetProperty("backups").EnumerateArray());
        }

        var (exitCode, output, _) = await Run(Cloud(), "backups", "list", "--all", "--output", "json");

        using var document = JsonDocument.Parse(output);
        var written = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(0, exitCode);
        Assert.Equal(sent.Count, written.Count);
        var sentTexts = new List<string>();
        for (var index = 0; index < sent.Count; index++)
        {
            foreach (var member in new[] { "created", "updated" })
            {
                Assert.Equal(sent[index].TryGetProperty(member, out var wire), written[index].TryGetProperty(member, out var text));
                if (wire.ValueKind == JsonValueKind.String)
                {
                    sentTexts.Add(wire.GetString()!);
                    Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?[+-]\d{4}$", text.GetString());
                    Assert.Equal(ContractDate(wire), ContractDate(text));
                    Assert.Equal(ContractDate(wire).Offset, ContractDate(text).Offset);
                }
            }
        }

        Assert.Contains(sentTexts, text => text.Contains('.', StringComparison.Ordinal));
        Assert.Contains(sentTexts, text => text.EndsWith('Z'));
        Assert.Contains(sentTexts, text => text.EndsWith("+01:00", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2025-02-19T02:50:20.791+0000", "2025-02-19T02:50:20.791+0000")]
    [InlineData("2025-02-19T02:50:20.500+0100", "2025-02-19T02:50:20.5+0100")]
    [InlineData("2025-02-19T02:50:20.000Z", "2025-02-19T02:50:20+0000")]
    [InlineData("2025-02-19T02:50:20.123456789+00:00", "2025-02-19T02:50:20.1234567+0000")]
    [InlineData("2025-02-19T02:50:20", "2025-02-19T02:50:20+0000")]
    public async Task Json_output_writes_a_fraction_of_a_second_as_the_readme_says(string sent, string written)
    {
        // The README's JSON section: a fraction keeps its digits up to 100 ns without trailing zeros; no offset is UTC.
        using var server = LoopbackServer.Answering($$"""
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","created":"{{sent}}"}],"offset":0,"limit":10,"total":1}
            """);

        var (exitCode, output, _) = await Run(server.Cloud(), "backups", "list", "--output", "jsonl");

        Assert.Equal(0, exitCode);
        Assert.Equal(written, JsonDocument.Parse(output).RootElement.GetProperty("created").GetString());
    }

    [Fact]
    public async Task Restore_window_shows_each_range_in_utc_with_its_length_and_counts_them_on_stderr()
    {
        var (exitCode, output, error) = await Run(Cloud(), "backups", "restore-window", "--instance-id", _emulator.InstanceIds[0]);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Contains("START (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+h \d\dm$", lines[1]);
        Assert.Contains("3 restore windows.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_window_as_json_lists_the_intervals()
    {
        var (exitCode, output, _) = await Run(Cloud(), "backups", "restore-window", "--instance-id", _emulator.InstanceIds[1], "--output", "json");

        using var document = JsonDocument.Parse(output);
        Assert.Equal(0, exitCode);
        Assert.Equal(3, document.RootElement.GetArrayLength());
        Assert.True(document.RootElement[0].TryGetProperty("start_time", out _));
    }

    [Fact]
    public async Task Without_cloud_settings_the_built_in_emulator_answers_and_says_so_in_one_short_stderr_line()
    {
        var (exitCode, output, error) = await Run(new Dictionary<string, string?>(), "backups", "list", "--all");

        Assert.Equal(0, exitCode);
        Assert.Equal(264, output.TrimEnd().Split('\n').Length);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("built-in emulator", lines[0], StringComparison.Ordinal);
        Assert.True(lines[0].Length <= 100, lines[0]);
        Assert.Equal("263 backups.", lines[1]);
    }

    [Fact]
    public async Task A_wrong_token_is_an_authentication_failure_with_code_and_request_id_but_no_token()
    {
        const string Token = "forged-token-0815";

        var (exitCode, output, error) = await Run(Cloud(Token), "backups", "list");

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("APIG.0301", line, StringComparison.Ordinal);
        Assert.Contains("request id ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_instance_is_an_api_error_with_the_ddm_code()
    {
        var (exitCode, output, error) = await Run(Cloud(), "backups", "restore-window", "--instance-id", "no-such-instance");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains("HTTP 400", error, StringComparison.Ordinal);
        Assert.Contains("DBS.280001", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", 400, "ddm: listRestorableTimeIntervals failed with HTTP 400 (BadRequest): DBS.280001 Parameter error. Check --instance-id: 'i 1/..' may be no instance of the project (ids are in 'ddm backups list --wide').\n")]
    [InlineData("""{"errCode":"DBS.280404","externalMessage":"The instance does not exist."}""", 404, "ddm: listRestorableTimeIntervals failed with HTTP 404 (NotFound): DBS.280404 The instance does not exist. Check --instance-id: 'i 1/..' may be no instance of the project (ids are in 'ddm backups list --wide').\n")]
    [InlineData("""{"errCode":"DBS.200412","externalMessage":"Server failure."}""", 500, "ddm: listRestorableTimeIntervals failed with HTTP 500 (InternalServerError): DBS.200412 Server failure.\n")]
    public async Task A_restore_window_refused_for_its_instance_says_which_option_to_check(string body, int status, string expected)
    {
        // Regression: an instance the service does not know was "DBS.280001 Parameter error." without a word on which
        // parameter; --instance-id is the only one of the request that the user gives (ddm sets offset and limit itself).
        using var server = LoopbackServer.Answering(body, status);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "restore-window", "--instance-id", "i 1/..", "--timeout", "30");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task A_restore_window_page_refused_after_the_first_does_not_blame_the_instance()
    {
        // Regression: a page after the first refused with DBS.280001 said to check --instance-id, although the first
        // page of the same instance had been answered: the id is known to the service, and the offset is what it refused.
        using var server = LoopbackServer.AnsweringInTurn(
            (200, """{"restorable_time_intervals":[{"start_time":"2025-05-20T09:40:40+0000","end_time":"2025-05-21T11:15:43+0000"}],"offset":0,"limit":1,"total":3}"""),
            (400, """{"errCode":"DBS.280001","externalMessage":"Parameter error."}"""));

        var (exitCode, _, error) = await Run(server.Cloud(), "backups", "restore-window", "--instance-id", "inst", "--output", "jsonl", "--timeout", "30");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("ddm: listRestorableTimeIntervals failed with HTTP 400 (BadRequest): DBS.280001 Parameter error.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--instance-id", error, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests);
    }

    [Theory]
    [InlineData("""{"errCode":"DBS.280001","externalMessage":"Parameter error."}""", 400, "ddm: listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error.\n")]
    [InlineData("""{"errCode":"DBS.200412","externalMessage":"Server failure."}""", 500, "ddm: listBackups failed with HTTP 500 (InternalServerError): DBS.200412 Server failure.\n")]
    [InlineData("""{"errCode":"DBS.280001","externalMessage":"Parameter error"}""", 400, "ddm: listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error.\n")]
    [InlineData("""{"error_code":"APIG.0201","error_msg":"Request entity too large!"}""", 413, "ddm: listBackups failed with HTTP 413 (RequestEntityTooLarge): APIG.0201 Request entity too large!\n")]
    public async Task An_error_message_that_ends_a_sentence_is_not_given_a_second_full_stop(string body, int status, string expected)
    {
        // Regression: DDM's documented messages end with a full stop ("Parameter error.", "Server failure."), and the line
        // ended "Parameter error..".
        using var server = LoopbackServer.Answering(body, status);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--timeout", "30");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(401, "ddm: listBackups failed with HTTP 401 (Unauthorized): APIG.0301 Incorrect IAM authentication information. The service did not accept the credential: check that it is the right one and has not expired.\n")]
    [InlineData(403, "ddm: listBackups failed with HTTP 403 (Forbidden): APIG.0301 Incorrect IAM authentication information. The service accepted the credential but refused this request: check that it is for the project the request names and that its user has the permissions the operation needs.\n")]
    public async Task A_refused_credential_is_exit_code_3_with_the_client_advice_given_once(int status, string expected)
    {
        // Regression: the client's message already says what to check about a 401 or 403, and ddm added advice of its
        // own after it, so that the line told the user twice, in two ways.
        using var server = LoopbackServer.Answering("""{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information."}""", status);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--timeout", "30");

        Assert.Equal(3, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task An_endpoint_without_a_project_id_says_what_to_set()
    {
        var (exitCode, _, error) = await Run(new Dictionary<string, string?> { ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(), ["OS_AUTH_TOKEN"] = "t" }, "backups", "list");

        Assert.Equal(2, exitCode);
        Assert.Contains("OS_PROJECT_ID", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_password_login_works_and_a_wrong_password_is_exit_code_3_without_the_password()
    {
        Dictionary<string, string?> Login(string password) => new()
        {
            ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
            ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
            ["OS_AUTH_URL"] = new Uri(_emulator.BaseAddress, "v3").ToString(),
            ["OS_USERNAME"] = _emulator.Options.IamUserName,
            ["OS_PASSWORD"] = password,
            ["OS_USER_DOMAIN_NAME"] = _emulator.Options.IamDomainName,
        };

        var (okCode, okOutput, _) = await Run(Login(_emulator.Options.IamPassword), "backups", "list", "--limit", "1", "--output", "json");
        var (failCode, _, failError) = await Run(Login("hunter2-wrong"), "backups", "list");

        Assert.Equal(0, okCode);
        Assert.Equal(1, JsonDocument.Parse(okOutput).RootElement.GetProperty("backups").GetArrayLength());
        Assert.Equal(3, failCode);
        Assert.Contains("The username or password is wrong.", failError, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-wrong", failError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_exits_with_4()
    {
        var closed = new Dictionary<string, string?>(Cloud()) { ["DDM_ENDPOINT"] = "http://127.0.0.1:1/" };

        var (exitCode, _, error) = await Run(closed, "backups", "list");

        Assert.Equal(4, exitCode);
        Assert.Contains("could not be reached", error, StringComparison.Ordinal);

        // Regression: the line gave the runtime's words alone ("Connection refused (127.0.0.1:1)"), not what to check.
        Assert.StartsWith("ddm: the service could not be reached: no connection could be made to http://127.0.0.1:1 (Connection refused", error, StringComparison.Ordinal);
        Assert.Contains("check the endpoint's host and port, that the service runs there", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task An_answer_cut_off_midway_is_one_line_and_exit_code_4()
    {
        // Regression: the retries' AggregateException ended in an IOException no case knew, and ddm crashed with a stack trace (134).
        using var server = LoopbackServer.CuttingOff();

        var (exitCode, _, error) = await Run(server.Cloud(), "backups", "list");

        Assert.Equal(4, exitCode);
        Assert.StartsWith("ddm: the connection to the service broke: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));

        // Regression: the line gave the runtime's words alone ("The response ended prematurely, ..."), not where or what to do.
        Assert.Contains($"the answer of http://127.0.0.1:{server.Address.Port} broke off in the middle of its body", error, StringComparison.Ordinal);
        Assert.Contains("send the request again", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("jsonl")]
    public async Task A_size_too_large_for_a_number_is_an_answer_that_cannot_be_read_in_every_format(string format)
    {
        // Regression: 1e400 is valid JSON but beyond a double; it was read as infinity, which the JSON output cannot
        // write, and ddm crashed with a stack trace (134).
        using var server = LoopbackServer.Answering("""
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","file_size":1e400,"created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":1}
            """);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--output", format);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("ddm: listBackups: the response body cannot be read at $.backups[0].file_size (", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+0100")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public async Task A_date_beyond_the_years_a_date_can_hold_is_said_to_be_so_rather_than_of_another_form(string date)
    {
        // Regression: a date in the documented form whose time in UTC falls before the year 1 or after 9999 was said to be
        // "not a date-time such as 2025-02-19T02:50:20+0000", which it is.
        using var server = LoopbackServer.Answering($$"""
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","created":"{{date}}"}],"offset":0,"limit":10,"total":1}
            """);

        var (exitCode, output, error) = await Run(server.Cloud(), "backups", "list", "--output", "jsonl");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"ddm: listBackups: the response body cannot be read at $.backups[0].created (Could not read 'created' of BackupInfo: '{date}' is not a date-time such as 2025-02-19T02:50:20+0000 from the year 1 to 9999 in UTC).\n", error);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("jsonl")]
    public async Task Members_a_newer_service_sends_reach_the_json_output_as_sent(string format)
    {
        // Before, the models dropped every member the spec does not list, and the output lost what the service sent.
        using var server = LoopbackServer.Answering("""
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000","encrypted":true,"tags":[{"k":"v"}]}],"offset":0,"limit":10,"total":1}
            """);

        var (exitCode, output, _) = await Run(server.Cloud(), "backups", "list", "--output", format);

        Assert.Equal(0, exitCode);
        // One page as a whole, or one backup per line.
        var written = System.Text.Json.Nodes.JsonNode.Parse(format == "json" ? output : output.Split('\n')[0])!;
        var item = format == "json" ? written["backups"]![0]! : written;
        Assert.Equal("""{"encrypted":true,"tags":[{"k":"v"}]}""", new System.Text.Json.Nodes.JsonObject { ["encrypted"] = item["encrypted"]!.DeepClone(), ["tags"] = item["tags"]!.DeepClone() }.ToJsonString());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("jsonl")]
    public async Task Members_the_service_sends_as_null_are_left_out_of_the_json_output_as_the_readme_says(string format)
    {
        // A null member of the reference means what an absent one does (not set); one it does not list is kept as sent.
        using var server = LoopbackServer.Answering("""
            {"backups":[{"id":"b1","name":null,"status":"normal","instance_id":"i1","file_size":null,"created":"2025-02-19T02:50:20+0000","encrypted":null}],"offset":0,"limit":10,"total":1}
            """);

        var (exitCode, output, _) = await Run(server.Cloud(), "backups", "list", "--output", format);

        Assert.Equal(0, exitCode);
        var written = System.Text.Json.Nodes.JsonNode.Parse(format == "json" ? output : output.Split('\n')[0])!;
        var item = (format == "json" ? written["backups"]![0]! : written).AsObject();
        Assert.Equal(new[] { "id", "status", "instance_id", "created", "encrypted" }, item.Select(member => member.Key));
        Assert.Null(item["encrypted"]);
        Assert.Contains("A member the service sends as `null` is left out", File.ReadAllText(Path.Combine(ReadmeTests.RepoRoot(), "README.md")).ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_with_headers_larger_than_ddm_takes_is_asked_for_once_and_said_to_be_too_large()
    {
        // Regression: the retry policy took the HttpClient's refusal for a network failure, asked three more times and
        // then said that the service could not be reached, which had answered each time.
        using var server = LoopbackServer.AnsweringWithHeadersOf(200_000);

        var (exitCode, _, error) = await Run(server.Cloud(), "backups", "list");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("ddm: the service answered with more than ddm takes: ", error, StringComparison.Ordinal);
        Assert.Contains("header", error, StringComparison.OrdinalIgnoreCase);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal(1, server.Requests);

        // Regression: the line ended with the runtime's words, without a stop or a word of what to check.
        Assert.Contains("DDM_ENDPOINT", error, StringComparison.Ordinal);
        Assert.Contains("HTTPS_PROXY", error, StringComparison.Ordinal);
        Assert.EndsWith(".\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_command_serves_until_cancelled_and_then_reports_the_interruption()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new System.Threading.CancellationTokenSource();
        // The emulator logs from server threads: the writers must be safe to share.
        var console = new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        var run = CliApplication.RunAsync(new[] { "emulator", "--port", "0", "--backups", "12" }, console, _ => null, stop.Token);

        var address = await WaitForAddressAsync(output);
        using var http = new System.Net.Http.HttpClient();
        http.DefaultRequestHeaders.Add("X-Auth-Token", "emulator-token");
        var page = JsonDocument.Parse(await http.GetStringAsync(new Uri(address, "v3/619d3e78f61b4be68bc5aa0b59edcf7b/backups")));
        await stop.CancelAsync();

        Assert.Equal(130, await run);
        // 12 seeded, one of them deleted and so not listed.
        Assert.Equal(11, page.RootElement.GetProperty("total").GetInt32());
        // The count it announces is the count seeded, which the listing's total can fall short of: it says why.
        Assert.Contains("(12 backups seeded; those whose status is deleted are not listed)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("-> 200", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("ddm: cancelled.\n", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "(1 backup seeded; one whose status is deleted is not listed)")]
    [InlineData("0", "(0 backups seeded)")]
    public async Task The_emulator_command_counts_what_it_seeds_in_the_singular_for_one(string count, string expected)
    {
        // Regression: "--backups 1" announced "(1 backups seeded; those whose status is deleted are not listed)".
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new System.Threading.CancellationTokenSource();
        var console = new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        var run = CliApplication.RunAsync(new[] { "emulator", "--port", "0", "--backups", count }, console, _ => null, stop.Token);

        await WaitForAddressAsync(output);
        await stop.CancelAsync();

        Assert.Equal(130, await run);
        Assert.Contains(expected + "; Ctrl+C stops it.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_command_on_a_port_in_use_is_one_clean_line_and_exit_code_2()
    {
        // Regression: the runtime's sentence kept its full stop inside the parentheses, "(... address already in use.);".
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

            var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), new[] { "emulator", "--port", port.ToString(CultureInfo.InvariantCulture) });

            Assert.Equal(2, exitCode);
            Assert.Empty(output);
            Assert.StartsWith($"ddm: --port {port}: cannot listen there (", error, StringComparison.Ordinal);
            Assert.EndsWith("); choose another port or 0 for any free one.\n", error, StringComparison.Ordinal);
            Assert.DoesNotContain(".)", error, StringComparison.Ordinal);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            taken.Stop();
        }
    }

    /// <summary>The address the emulator command prints once it listens; bounded, so a broken start fails instead of hanging.</summary>
    private static async Task<Uri> WaitForAddressAsync(StringWriter output)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var match = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"DDM emulator on (http://\S+/)");
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The emulator command printed no address: " + output);
    }
}
