using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary><c>--all</c> against services that answer what the emulator never would.</summary>
public sealed class PagingTests
{
    private const string TwoBackups = """
        {"backups":[{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"},{"id":"b2","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":128,"total":TOTAL}
        """;

    [Fact]
    public async Task A_service_that_ignores_the_offset_ends_the_listing_with_an_error_instead_of_repeating_it()
    {
        // Regression: the same two backups were listed again for every page until the total was reached, exit 0.
        using var server = LoopbackServer.Answering(TwoBackups.Replace("TOTAL", "6", StringComparison.Ordinal));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--output", "jsonl" });

        Assert.Equal(1, exitCode);
        Assert.Equal(2, output.TrimEnd('\n').Split('\n').Length);
        Assert.Equal("ddm: the service answered offset 2 with the page it answered before; the listing stops here.\n", error);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Pages_that_start_alike_are_not_taken_for_the_same_page_again()
    {
        // Regression: pages were compared by their first items only, so a page that began where the one before had
        // began ended the listing with an error and the rest was lost.
        var first = TwoBackups.Replace("TOTAL", "4", StringComparison.Ordinal);
        var second = first.Replace("\"b2\"", "\"b3\"", StringComparison.Ordinal);
        using var server = LoopbackServer.AnsweringInTurn(first, second);

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--output", "jsonl" });

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(new[] { "b1", "b2", "b1", "b3" }, output.TrimEnd('\n').Split('\n').Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_listing_of_one_backup_says_so_in_the_singular()
    {
        var one = """{"backups":[{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":128,"total":1}""";
        using var server = LoopbackServer.Answering(one);

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all" });

        Assert.Equal(0, exitCode);
        Assert.Contains("b1", output, StringComparison.Ordinal);
        Assert.Equal("1 backup.\n", error);
    }

    [Theory]
    [InlineData("jsonl", "")]
    [InlineData("table", "2 backups.\n")]
    public async Task An_empty_page_short_of_the_total_ends_the_listing_with_a_note(string format, string summary)
    {
        // Regression: a service that reads the offset as a page number answered the second page with no backups, and
        // the listing ended there without a word although the total promised four. (A total that counts backups
        // deleted meanwhile looks the same, so this is a note, not a failure.)
        var first = TwoBackups.Replace("TOTAL", "4", StringComparison.Ordinal);
        var empty = """{"backups":[],"offset":2,"limit":128,"total":4}""";
        using var server = LoopbackServer.AnsweringInTurn(first, empty);

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--output", format });

        Assert.Equal(0, exitCode);
        Assert.Contains("b2", output, StringComparison.Ordinal);
        Assert.Equal("ddm: the service answered offset 2 with an empty page although its total is 4; the listing may be incomplete.\n" + summary, error);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_listing_that_ends_at_the_largest_offset_ends_cleanly()
    {
        // Regression: the next offset wrapped to a negative number past int.MaxValue and the run died with an unhandled exception.
        using var server = LoopbackServer.Answering(TwoBackups.Replace("TOTAL", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--offset", (int.MaxValue - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", "jsonl" });

        Assert.Equal(0, exitCode);
        Assert.Equal(new[] { "b1", "b2" }, output.TrimEnd('\n').Split('\n').Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
        Assert.Equal(string.Empty, error);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task The_summary_of_a_page_at_the_largest_offset_counts_past_it()
    {
        // Regression: "Backups 2147483647 to -2147483648 of 2147483647."
        var page = TwoBackups.Replace("TOTAL", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("\"offset\":0", "\"offset\":2147483646", StringComparison.Ordinal);
        using var server = LoopbackServer.Answering(page);

        var (exitCode, _, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--offset", "2147483646", "--limit", "2" });

        Assert.Equal(0, exitCode);
        Assert.Equal("Backups 2147483647 to 2147483648 of 2147483647.\n", error);
    }

    private static string Backups(int offset, int total, params string[] ids) =>
        "{\"backups\":[" + string.Join(",", ids.Select(id => "{\"id\":\"" + id + "\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}"))
        + "],\"offset\":" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"limit\":2,\"total\":" + total.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";

    private static string[] Ids(string output) =>
        output.TrimEnd('\n').Split('\n').Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task A_page_the_service_refuses_names_the_offset_to_go_on_from()
    {
        // Regression: the service's error on the third page of --all gave only its own words, not where the listing had
        // stopped, so it could only be started again from the first backup.
        using var server = LoopbackServer.AnsweringInTurn(
            (200, Backups(0, 10, "b1", "b2")),
            (200, Backups(2, 10, "b3", "b4")),
            (400, """{"error_code":"DBS.280001","error_msg":"Parameter error."}"""));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl" });

        Assert.Equal(1, exitCode);
        Assert.Equal(new[] { "b1", "b2", "b3", "b4" }, Ids(output));
        Assert.Equal("ddm: listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error. The listing stopped at the page at offset 4. To go on from there, run the same command with --offset 4.\n", error);
    }

    [Fact]
    public async Task A_page_the_service_refuses_in_a_json_listing_does_not_say_to_go_on_past_backups_never_written()
    {
        // Regression: the line said to go on with --offset 4, but the JSON array is written only once the listing is
        // complete, so b1 to b4 were never written: going on from offset 4 would have lost them.
        using var server = LoopbackServer.AnsweringInTurn(
            (200, Backups(0, 10, "b1", "b2")),
            (200, Backups(2, 10, "b3", "b4")),
            (400, """{"error_code":"DBS.280001","error_msg":"Parameter error."}"""));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "json" });

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.DoesNotContain("--offset", error, StringComparison.Ordinal);
        Assert.Equal("ddm: listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error. The listing stopped at the page at offset 4. The JSON array is written only once the listing is complete, so none was: run the command again, or with --output jsonl, which writes each page as it comes.\n", error);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("table")]
    public async Task A_page_that_times_out_names_the_offset_to_go_on_from(string format)
    {
        // Regression: only the service's error answer named the page; a page that did not come within --timeout said
        // "the service did not answer" and nothing of where the listing stopped, so it could only be started over.
        using var server = LoopbackServer.Stalled(pagesAnswered: 1);

        var (exitCode, _, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--output", format, "--timeout", "4" });

        Assert.Equal(4, exitCode);
        Assert.Equal("ddm: the service did not answer within 4 s (--timeout). The listing stopped at the page at offset 128. To go on from there, run the same command with --offset 128.\n", error);
    }

    [Fact]
    public async Task A_page_whose_connection_is_closed_names_the_offset_to_go_on_from()
    {
        using var server = LoopbackServer.ClosingAfter(Backups(0, 10, "b1", "b2"));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl" });

        Assert.Equal(4, exitCode);
        Assert.Equal(new[] { "b1", "b2" }, Ids(output));
        Assert.StartsWith("ddm: ", error, StringComparison.Ordinal);
        Assert.EndsWith(". The listing stopped at the page at offset 2. To go on from there, run the same command with --offset 2.\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_sign_in_that_ends_a_listing_says_to_go_on_once_the_sign_in_works()
    {
        // Regression: a token that expired mid-listing, and a new login that IAM refused, ended the listing with "To go
        // on from there, run the same command with --offset 2", as a network failure does: run as told, it met the same
        // refusal. The stand-in IAM's tokens live one tick, so that each request needs a login of its own: ddm's own
        // before the listing, the first page's, and the second page's, which IAM refuses.
        const string OneTick = """{"token":{"issued_at":"2026-01-01T00:00:00.0000000Z","expires_at":"2026-01-01T00:00:00.0000001Z"}}""";
        using var iam = LoopbackServer.IssuingTokens(
            (201, OneTick),
            (201, OneTick),
            (401, """{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"""));
        using var service = LoopbackServer.AnsweringInTurn((200, Backups(0, 10, "b1", "b2")), (200, Backups(2, 10, "b3", "b4")));
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = service.Address.ToString(),
            ["OS_PROJECT_ID"] = "619d3e78f61b4be68bc5aa0b59edcf7b",
            ["OS_AUTH_URL"] = iam.Address + "v3",
            ["OS_USERNAME"] = "u",
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = "d",
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl" });

        Assert.Equal(3, exitCode);
        Assert.Equal(new[] { "b1", "b2" }, Ids(output));
        Assert.Equal(3, iam.Requests);
        Assert.StartsWith($"ddm: IAM at {iam.Address} refused user 'u' in domain 'd' (HTTP 401: ", error, StringComparison.Ordinal);
        Assert.EndsWith(". The listing stopped at the page at offset 2. Once the sign-in works, run the same command with --offset 2 to go on from there.\n", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "Once the service accepts the credential, run the same command with --offset 2 to go on from there.")]
    [InlineData(403, "Once the service allows the request, run the same command with --offset 2 to go on from there.")]
    public async Task A_page_the_service_refuses_the_credential_says_to_go_on_once_it_no_longer_does(int status, string goOn)
    {
        // Regression: a 401 or 403 of the service itself on the second page said "To go on from there, run the same
        // command with --offset 2", as after a network failure: run as told, it met the same refusal until the
        // credential or its permissions were put right.
        using var server = LoopbackServer.AnsweringInTurn(
            (200, Backups(0, 10, "b1", "b2")),
            (status, """{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information."}"""));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl" });

        Assert.Equal(3, exitCode);
        Assert.Equal(new[] { "b1", "b2" }, Ids(output));
        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ddm: listBackups failed with HTTP {status} "), error, StringComparison.Ordinal);
        Assert.Contains(" The listing stopped at the page at offset 2.", error, StringComparison.Ordinal);
        Assert.EndsWith(". " + goOn + "\n", error, StringComparison.Ordinal);
        Assert.DoesNotContain("To go on from there", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_times_out_in_a_json_listing_says_to_run_the_command_again()
    {
        using var server = LoopbackServer.Stalled(pagesAnswered: 1);

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--output", "json", "--timeout", "4" });

        Assert.Equal(4, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal("ddm: the service did not answer within 4 s (--timeout). The listing stopped at the page at offset 128. The JSON array is written only once the listing is complete, so none was: run the command again, or with --output jsonl, which writes each page as it comes.\n", error);
    }

    [Fact]
    public async Task The_first_page_that_times_out_names_no_offset()
    {
        using var server = LoopbackServer.Stalled();

        var (exitCode, _, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--timeout", "1" });

        Assert.Equal(4, exitCode);
        Assert.Equal("ddm: the service did not answer within 1 s (--timeout).\n", error);
    }

    [Fact]
    public async Task A_page_too_large_says_where_to_go_on_from_before_what_to_check()
    {
        // Regression: the line said "To go on from there" after the advice on the endpoint and the proxy, as though
        // "there" were the proxy, not the page at offset 2 that the sentence before the advice names.
        using var server = LoopbackServer.AnsweringInTurn(
            (200, Backups(0, 10, "b1", "b2")),
            (200, "[" + new string(' ', 17 * 1024 * 1024) + "]"));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl", "--timeout", "30" });

        Assert.Equal(1, exitCode);
        Assert.Equal(new[] { "b1", "b2" }, Ids(output));
        Assert.StartsWith("ddm: listBackups: the response body is larger than the 16 MiB ddm reads of one answer and was not read", error, StringComparison.Ordinal);
        Assert.EndsWith(" The listing stopped at the page at offset 2. To go on from there, run the same command with --offset 2."
            + " A page of 128 backups is about 40 KB, so the answer is likely not the service's: check the endpoint (--endpoint, DDM_ENDPOINT, OS_REGION_NAME) and any proxy (HTTPS_PROXY, ALL_PROXY, NO_PROXY).\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_deleted_from_a_page_already_listed_costs_no_later_backup()
    {
        // b1 to b5, and b1 deleted once the first page is answered: b2 to b5 move up by one, so the page at offset 2 is
        // b4 and b5. Asked again one back (the total fell by one), offset 1 is b3 and b4, offset 3 b5.
        using var server = LoopbackServer.AnsweringInTurn(
            Backups(0, 5, "b1", "b2"),
            Backups(2, 4, "b4", "b5"),
            Backups(1, 4, "b3", "b4"),
            Backups(3, 4, "b5"));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl" });

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(new[] { "b1", "b2", "b3", "b4", "b5" }, Ids(output));
    }

    [Fact]
    public async Task A_total_below_the_backups_listed_does_not_end_the_listing_while_pages_keep_coming()
    {
        // Regression: a service whose total (3) counts fewer backups than it lists had the listing end after the page
        // that went past its total, without a word, although b5 was still to come.
        using var server = LoopbackServer.AnsweringInTurn(
            Backups(0, 3, "b1", "b2"),
            Backups(2, 3, "b3", "b4"),
            Backups(4, 3, "b5"),
            Backups(5, 3));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl" });

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(new[] { "b1", "b2", "b3", "b4", "b5" }, Ids(output));
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public async Task Backups_created_between_pages_repeat_no_backup_already_listed()
    {
        // b1 to b4, and n1 created (listed first) once the first page is answered: the page at offset 2 is b2 and b3.
        using var server = LoopbackServer.AnsweringInTurn(
            Backups(0, 4, "b1", "b2"),
            Backups(2, 5, "b2", "b3"),
            Backups(4, 5, "b4"));

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl" });

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(new[] { "b1", "b2", "b3", "b4" }, Ids(output));
        Assert.Equal(3, server.Requests);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("10")]
    public async Task The_summary_of_one_page_counts_from_the_offset_asked_for_whatever_offset_the_service_echoes(string echoed)
    {
        // The reference says the answer's offset is "which page the server starts returning items": a service that
        // echoes the page (10 of 2 a page) made the summary "Backups 11 to 12" for backups 21 and 22.
        using var server = LoopbackServer.Answering(Backups(0, 40, "b21", "b22").Replace("\"offset\":0", "\"offset\":" + echoed, StringComparison.Ordinal));

        var (exitCode, _, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--offset", "20", "--limit", "2" });

        Assert.Equal(0, exitCode);
        Assert.Equal("Backups 21 to 22 of 40.\n", error);
    }

    [Fact]
    public async Task Backups_deleted_and_created_while_listing_are_each_listed_once_from_the_offsets_asked()
    {
        // Each page is cut from the list as it stands at that request: b01 to b10; b02, already listed, deleted once the
        // first page is answered; n1 created in front once the third is answered. Every backup there all along is
        // listed once (n1 came before the offset reached and is not).
        var all = Enumerable.Range(1, 10).Select(number => "b" + number.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        using var server = LoopbackServer.Paging((request, offset, limit) =>
        {
            var list = all.Where(id => request < 2 || id != "b02").ToList();
            if (request >= 4)
            {
                list.Insert(0, "n1");
            }

            return Backups(offset, list.Count, list.Skip(offset).Take(limit).ToArray());
        });

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "3", "--output", "jsonl" });

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(all, Ids(output));
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("table")]
    public async Task Restore_windows_deleted_while_listing_cost_no_later_window(string format)
    {
        // 200 windows, two pages of 128: the first window, already listed, goes once the first page is answered, so the
        // rest move up by one. Asked again from one back, the second page has each of the others once.
        var windows = Enumerable.Range(0, 200).Select(hour => new DateTimeOffset(2025, 2, 19, 0, 0, 0, TimeSpan.Zero).AddHours(hour)).ToArray();
        using var server = LoopbackServer.Paging((request, offset, limit) =>
        {
            var list = request < 2 ? windows : windows[1..];
            var items = list.Skip(offset).Take(limit).Select(start => "{\"start_time\":\"" + Wire(start) + "\",\"end_time\":\"" + Wire(start.AddMinutes(30)) + "\"}");
            return "{\"restorable_time_intervals\":[" + string.Join(",", items) + "],\"offset\":" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + ",\"limit\":" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"total\":" + list.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        });

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "restore-window", "--instance-id", "i1", "--output", format });

        Assert.Equal(0, exitCode);
        Assert.Equal(3, server.Requests);
        var lines = output.TrimEnd('\n').Split('\n');
        if (format == "jsonl")
        {
            Assert.Equal(string.Empty, error);
            var starts = lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("start_time").GetString()).ToArray();
            Assert.Equal(windows.Select(Wire), starts);
        }
        else
        {
            Assert.Equal("200 restore windows.\n", error);
            Assert.Equal(201, lines.Length);
            Assert.Equal(200, lines.Skip(1).Distinct().Count());
        }

        static string Wire(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
