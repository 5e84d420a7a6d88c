using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>The built ddm with its stdout redirected by a shell, as scripts use it.</summary>
public sealed class RedirectionTests
{
    [Fact]
    public async Task Output_redirected_to_a_file_shared_with_later_commands_is_kept()
    {
        // Regression: results written at a position of their own were overwritten by the next command's output.
        var file = Path.Combine(Path.GetTempPath(), $"ddm-redirect-{Guid.NewGuid():N}.txt");
        try
        {
            var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("(dotnet \"$0\" backups list --limit 2 --output jsonl; echo end) > \"$1\"");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ddm.dll"));
            start.ArgumentList.Add(file);
            foreach (var name in new[] { "DDM_ENDPOINT", "OS_AUTH_TOKEN", "OS_PROJECT_ID", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_REGION_NAME", "OS_PROJECT_NAME", "OS_USER_DOMAIN_NAME", "OS_SECURITY_TOKEN" })
            {
                start.Environment.Remove(name);
            }

            using var shell = Process.Start(start)!;
            await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

            var lines = await File.ReadAllLinesAsync(file);
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("{\"id\":", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("{\"id\":", lines[1], StringComparison.Ordinal);
            Assert.Equal("end", lines[2]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Stdout_and_stderr_redirected_to_one_file_keep_every_line_in_order()
    {
        // Both descriptors share one file offset: each write must go where the other left off, not over it.
        var (output, _) = await RunShellAsync("file=$(mktemp); dotnet \"$0\" backups list --limit 2 --output jsonl > \"$file\" 2>&1; echo end >> \"$file\"; cat \"$file\"; rm -f \"$file\"");

        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("ddm: no cloud settings", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"id\":", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("{\"id\":", lines[2], StringComparison.Ordinal);
        Assert.Equal("end", lines[3]);
    }

    [Fact]
    public async Task A_reader_that_goes_away_ends_the_run_quietly_with_141()
    {
        // Regression: "ddm ... | head -1" printed an unhandled IOException (Broken pipe) and its stack trace, exit 134.
        var (output, error) = await RunShellAsync("dotnet \"$0\" backups list --all --limit 1 --output jsonl | head -n 1; echo \"exit ${PIPESTATUS[0]}\" >&2");

        Assert.StartsWith("{\"id\":", output, StringComparison.Ordinal);
        Assert.Single(output.TrimEnd('\n').Split('\n'));
        Assert.EndsWith("exit 141\n", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jsonl", 128)]
    [InlineData("table", 129)]
    [InlineData("json", 0)]
    public async Task A_reader_that_goes_away_while_the_next_page_is_awaited_ends_the_run_quietly_with_141(string format, int lines)
    {
        // Regression: "ddm backups list --all | head -n 129" kept waiting for the next page after head had all it wanted
        // and had gone, until the service answered or --timeout ran out (then exit 4 with a timeout message). Here the
        // service never answers the second page; the reader takes the first page whole and goes away.
        using var server = LoopbackServer.Stalled(pagesAnswered: 1);
        var reader = lines == 0 ? "true" : $"head -n {lines} > /dev/null";
        var (_, error) = await RunShellAsync($"DDM_ENDPOINT={server.Address} OS_PROJECT_ID=p1 OS_AUTH_TOKEN=t1 dotnet \"$0\" backups list --all --timeout 90 --output {format} | {reader}; echo \"exit ${{PIPESTATUS[0]}}\" >&2");

        Assert.Equal("exit 141\n", error);
    }

    [Fact]
    public async Task Output_that_cannot_be_written_is_one_line_and_exit_code_74()
    {
        var (_, error) = await RunShellAsync("dotnet \"$0\" backups list --output jsonl > /dev/full; echo \"exit $?\" >&2");

        Assert.Contains("ddm: standard output could not be written (No space left on device).\n", error, StringComparison.Ordinal);
        Assert.EndsWith("exit 74\n", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_fills_up_keeps_what_it_took_and_the_run_ends_with_74()
    {
        // A file size limit stands in for a full disk: the write that reaches it is taken in part, the next refused.
        // (The runtime's write-xor-execute mapping needs a file of its own, beyond such a limit.)
        var (output, error) = await RunShellAsync("file=$(mktemp); (trap '' XFSZ; ulimit -f 16; DOTNET_EnableWriteXorExecute=0 exec dotnet \"$0\" backups list --all --output jsonl > \"$file\"); echo \"exit $?\" >&2; wc -c < \"$file\"; tail -c 1 \"$file\" | od -An -c; rm -f \"$file\"");

        Assert.Contains("ddm: standard output could not be written (File too large).\n", error, StringComparison.Ordinal);
        Assert.EndsWith("exit 74\n", error, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("16384", lines[0].Trim());
        Assert.NotEqual("\\n", lines[1].Trim());
    }

    [Fact]
    public async Task A_closed_stdout_is_one_line_and_74_and_a_stderr_that_cannot_be_written_or_is_closed_ends_nothing()
    {
        var (_, closed) = await RunShellAsync("dotnet \"$0\" backups list --output jsonl >&-; echo \"exit $?\" >&2");
        var (output, full) = await RunShellAsync("dotnet \"$0\" backups list --output jsonl 2>/dev/full; echo \"exit $?\" >&2");
        var (closedErrorOutput, closedError) = await RunShellAsync("dotnet \"$0\" backups list --output jsonl 2>&-; echo \"exit $?\" >&2");

        Assert.Contains("ddm: standard output could not be written (it is closed or not open for writing).\n", closed, StringComparison.Ordinal);
        Assert.EndsWith("exit 74\n", closed, StringComparison.Ordinal);
        Assert.Equal(10, output.TrimEnd('\n').Split('\n').Length);
        Assert.Equal("exit 0\n", full);
        Assert.Equal(output, closedErrorOutput);
        Assert.Equal("exit 0\n", closedError);
    }

    [Fact]
    public async Task A_token_read_from_a_standard_input_that_cannot_be_read_is_one_line_and_exit_code_2()
    {
        // Regression: a directory as standard input ended in an unhandled IOException (Is a directory), exit 134.
        var (_, error) = await RunShellAsync("dotnet \"$0\" backups list --token-stdin --endpoint https://ddm.example.com --project-id p1 < /; echo \"exit $?\" >&2");

        Assert.Equal("ddm: --token-stdin: standard input could not be read (Is a directory).\nexit 2\n", error);
    }

    [Fact]
    public async Task A_token_read_from_a_closed_standard_input_is_one_line_and_exit_code_2()
    {
        // Regression: the runtime's own pipe took the closed descriptor 0, and the token was awaited from it for ever.
        var (_, error) = await RunShellAsync("timeout 60 dotnet \"$0\" backups list --token-stdin --endpoint https://ddm.example.com --project-id p1 <&-; echo \"exit $?\" >&2");

        Assert.Equal("ddm: --token-stdin: standard input could not be read (it is closed).\nexit 2\n", error);
    }

    [Theory]
    [InlineData("\\xff\\xfe", "standard input holds a UTF-16 byte order mark and no token after it; give the token as UTF-8 or ASCII text")]
    [InlineData("\\xfe\\xff", "standard input holds a UTF-16BE byte order mark and no token after it; give the token as UTF-8 or ASCII text")]
    [InlineData("tok\\xe9n\\n", "standard input is not UTF-8 text (it holds the byte 0xE9, which UTF-8 cannot have there); give the token as UTF-8 or ASCII text")]
    public async Task A_token_read_from_standard_input_that_is_not_utf_8_says_so_rather_than_that_it_held_none(string bytes, string said)
    {
        // Regression: a byte order mark alone read as an empty line, "standard input held no token".
        var (_, error) = await RunShellAsync($"printf '{bytes}' | dotnet \"$0\" backups list --token-stdin --endpoint https://ddm.example.com --project-id p1; echo \"exit $?\" >&2");

        Assert.Equal($"ddm: --token-stdin: {said}.\nexit 2\n", error);
    }

    [Fact]
    public async Task With_stdin_and_stdout_closed_the_results_are_not_written_into_the_runtime_s_pipe()
    {
        // Regression: the runtime's pipe took descriptors 0 and 1; the results went into it, and the run ended with 0.
        var (_, error) = await RunShellAsync("timeout 60 dotnet \"$0\" backups list --output jsonl <&- >&-; echo \"exit $?\" >&2");

        Assert.Contains("ddm: standard output could not be written (it is closed or not open for writing).\n", error, StringComparison.Ordinal);
        Assert.EndsWith("exit 74\n", error, StringComparison.Ordinal);
    }

    /// <summary>Runs a bash command line with the built ddm.dll as <c>$0</c>, without cloud settings; returns its stdout and stderr.</summary>
    private static async Task<(string Output, string Error)> RunShellAsync(string commandLine)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ddm.dll"));
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("OS_", StringComparison.Ordinal) || name.StartsWith("DDM_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var shell = Process.Start(start)!;
        var output = shell.StandardOutput.ReadToEndAsync();
        var error = shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (await output, await error);
    }
}
