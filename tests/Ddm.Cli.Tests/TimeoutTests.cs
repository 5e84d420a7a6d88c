using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Cli.Service;
using Ddm.Client.Authentication;

namespace Ddm.Cli.Tests;

/// <summary>A service that never answers is reported as a timeout (exit 4), with an indicator on a terminal meanwhile.</summary>
public sealed class TimeoutTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stalled_server_gives_the_timeout_message_and_exit_4()
    {
        using var server = LoopbackServer.Stalled();
        var clock = Stopwatch.StartNew();

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--timeout", "1" }).WaitAsync(HangGuard);

        Assert.Equal(4, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: the service did not answer within 1 s (--timeout).\n", error);
        Assert.True(server.Requests >= 1);
        Assert.True(clock.Elapsed < HangGuard);
    }

    [Fact]
    public async Task A_refused_connection_is_reported_as_such_under_a_timeout_too()
    {
        // Regression: with --timeout, the waits between the tries outlasted it, and "Connection refused" was reported as
        // "did not answer within 3 s".
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = $"http://127.0.0.1:{port}/",
            ["OS_PROJECT_ID"] = "p",
            ["OS_AUTH_TOKEN"] = "t",
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list", "--timeout", "3" }).WaitAsync(HangGuard);

        Assert.Equal(4, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: the service could not be reached: ", error, StringComparison.Ordinal);
        Assert.Contains("refused", error, StringComparison.OrdinalIgnoreCase);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task An_iam_that_does_not_answer_is_named_in_the_timeout_message()
    {
        // Regression: the token is fetched within the first request, so IAM's silence was reported as the service's.
        using var iam = LoopbackServer.Stalled();
        var environment = new Dictionary<string, string?>
        {
            ["DDM_ENDPOINT"] = "http://127.0.0.1:1/",
            ["OS_PROJECT_ID"] = "619d3e78f61b4be68bc5aa0b59edcf7b",
            ["OS_AUTH_URL"] = new Uri(iam.Address, "v3").ToString(),
            ["OS_USERNAME"] = "user",
            ["OS_PASSWORD"] = "pw-never-shown",
            ["OS_USER_DOMAIN_NAME"] = "domain",
        };

        var (exitCode, output, error) = await Harness.Run(environment, new[] { "backups", "list", "--timeout", "1" }).WaitAsync(HangGuard);

        Assert.Equal(4, exitCode);
        Assert.Empty(output);
        Assert.Equal($"ddm: IAM at {iam.Address} did not answer within 1 s (--timeout).\n", error);
        Assert.True(iam.Requests >= 1);
    }

    [Fact]
    public void Iam_giving_up_on_its_own_timeout_is_unreachable_not_an_authentication_failure()
    {
        // The credential wraps the cancellation of its own IAM timeout; it is a timeout all the same (exit 4, not 3).
        var failure = Failures.Describe(new DdmAuthenticationException("IAM at https://iam.example.com/ did not answer within 1 s.", null, new TaskCanceledException()));

        Assert.Equal(4, failure?.ExitCode);
    }

    [Fact]
    public async Task While_waiting_a_terminal_shows_an_indicator_and_gets_its_cursor_back()
    {
        using var server = LoopbackServer.Stalled();

        var (exitCode, _, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--timeout", "1.5" }, terminal: true).WaitAsync(HangGuard);

        Assert.Equal(4, exitCode);
        Assert.Contains("waiting for the service...", error, StringComparison.Ordinal);
        var hidden = error.LastIndexOf("\u001b[?25l", StringComparison.Ordinal);
        Assert.True(hidden >= 0, "the indicator never showed");
        Assert.True(error.LastIndexOf("\u001b[?25h", StringComparison.Ordinal) > hidden, "the cursor stayed hidden");
        Assert.EndsWith("ddm: the service did not answer within 1.5 s (--timeout).\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirected_output_gets_no_indicator()
    {
        using var server = LoopbackServer.Stalled();

        var (_, _, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--timeout", "1" }).WaitAsync(HangGuard);

        Assert.DoesNotContain('\u001b', error);
    }

    [Fact]
    public async Task All_streams_the_rows_of_each_page_as_it_arrives()
    {
        // The first page is answered, the second never: its rows must already be out when the timeout ends the run.
        using var server = LoopbackServer.Stalled(pagesAnswered: 1);

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--timeout", "4" }).WaitAsync(HangGuard);

        Assert.Equal(4, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(129, lines.Length);
        Assert.StartsWith("ID ", lines[0], StringComparison.Ordinal);
        Assert.Equal(128, lines.Count(line => line.StartsWith("stalled-000-", StringComparison.Ordinal)));
        Assert.Contains("did not answer within 4 s", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_as_jsonl_streams_whole_lines_and_json_writes_nothing_when_the_run_fails()
    {
        using var server = LoopbackServer.Stalled(pagesAnswered: 1);
        var (jsonlCode, jsonl, _) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--output", "jsonl", "--timeout", "4" }).WaitAsync(HangGuard);

        using var second = LoopbackServer.Stalled(pagesAnswered: 1);
        var (jsonCode, json, _) = await Harness.Run(second.Cloud(), new[] { "backups", "list", "--all", "--output", "json", "--timeout", "4" }).WaitAsync(HangGuard);

        Assert.Equal(4, jsonlCode);
        Assert.Equal(128, jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(4, jsonCode);
        Assert.Empty(json);
    }

    [Fact]
    public async Task A_page_asked_again_after_the_total_fell_is_timed_as_every_page_is()
    {
        // The total falls on the second page, which is asked again from one back; that request is never answered.
        using var server = LoopbackServer.Paging((request, offset, limit) => request switch
        {
            1 => Page(offset, total: 1000),
            2 => Page(offset, total: 999),
            _ => null,
        });

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--output", "jsonl", "--timeout", "4" }).WaitAsync(HangGuard);

        Assert.Equal(4, exitCode);
        Assert.Equal(128, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // Where the listing stopped is the page asked again: with one backup gone before it, offset 127 is the next backup.
        Assert.Equal("ddm: the service did not answer within 4 s (--timeout). The listing stopped at the page at offset 127. To go on from there, run the same command with --offset 127.\n", error);
        Assert.Equal(3, server.Requests);

        static string Page(int offset, int total) =>
            "{\"backups\":[" + string.Join(",", Enumerable.Range(offset, 128).Select(index => "{\"id\":\"b" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}"))
            + "],\"offset\":" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"limit\":128,\"total\":" + total.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }

    [Fact]
    public async Task A_page_asked_again_after_the_total_fell_has_the_timeout_to_itself()
    {
        // b0 is deleted once the first page is answered: the page at offset 2 shows the total fallen and is asked again
        // from offset 1. Each of these two requests is answered within the timeout, though not both together.
        using var server = LoopbackServer.Paging((request, offset, limit) =>
        {
            if (request == 1)
            {
                return Page(new[] { "b0", "b1" }, offset, total: 3);
            }

            Thread.Sleep(TimeSpan.FromSeconds(2));
            return Page(new[] { "b1", "b2" }.Skip(offset).Take(limit).ToArray(), offset, total: 2);
        });

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--all", "--limit", "2", "--output", "jsonl", "--timeout", "3" }).WaitAsync(HangGuard);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Equal(new[] { "b0", "b1", "b2" }, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
        Assert.Equal(3, server.Requests);

        static string Page(string[] ids, int offset, int total) =>
            "{\"backups\":[" + string.Join(",", ids.Select(id => "{\"id\":\"" + id + "\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"}"))
            + "],\"offset\":" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"limit\":2,\"total\":" + total.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }

    [Fact]
    public async Task A_page_that_comes_once_the_time_is_up_still_says_where_the_listing_stopped()
    {
        // Regression: the time ran out, the request was given up, and the page's answer came anyway: the timeout ddm then
        // threw was a fresh one, without the offset the client records on a failure, so the line said nothing of where
        // the listing stopped or how to go on.
        await using var emulator = await Ddm.Emulator.DdmEmulator.StartAsync(new Ddm.Emulator.EmulatorOptions { BackupCount = 5 });
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var hold = new HoldSecondAnswer();
        var console = new CliConsole(new System.IO.StringWriter(), new System.IO.StringWriter());
        await using var connection = Connection.Open(emulator.BaseAddress, emulator.Options.ProjectId, Ddm.Client.DdmCredential.FromToken(emulator.Options.Token), console, TimeSpan.FromSeconds(10), time,
            options => options.AddPolicy(hold, System.ClientModel.Primitives.PipelinePosition.PerCall));
        await using var pages = connection.ListAllBackupsAsync(null, 2, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await pages.MoveNextAsync());
        var second = pages.MoveNextAsync().AsTask();
        await hold.Holding.Task.WaitAsync(HangGuard);
        time.Advance(TimeSpan.FromSeconds(10));
        var timeout = await Assert.ThrowsAsync<ServiceTimeoutException>(() => second.WaitAsync(HangGuard));
        Failures.MarkListing(timeout, unwritten: false);

        Assert.Equal(
            "the service did not answer within 10 s (--timeout). The listing stopped at the page at offset 2. To go on from there, run the same command with --offset 2.",
            Failures.Describe(timeout)?.Message);
    }

    /// <summary>Hands on the answer of the second request only once its caller has given it up.</summary>
    private sealed class HoldSecondAnswer : System.ClientModel.Primitives.PipelinePolicy
    {
        private int _requests;

        /// <summary>Done when the second answer has come and is held.</summary>
        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Process(System.ClientModel.Primitives.PipelineMessage message, IReadOnlyList<System.ClientModel.Primitives.PipelinePolicy> pipeline, int currentIndex) =>
            throw new NotSupportedException("ddm sends its requests asynchronously.");

        public override async ValueTask ProcessAsync(System.ClientModel.Primitives.PipelineMessage message, IReadOnlyList<System.ClientModel.Primitives.PipelinePolicy> pipeline, int currentIndex)
        {
            await ProcessNextAsync(message, pipeline, currentIndex);
            if (Interlocked.Increment(ref _requests) == 2)
            {
                var givenUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var registration = message.CancellationToken.Register(() => givenUp.TrySetResult());
                Holding.SetResult();
                await givenUp.Task;
            }
        }
    }
}
