using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>
/// <c>backups list --all --output json</c> over a long listing: the array goes to a temporary file as pages arrive
/// and reaches stdout only once complete. Each test gives ddm a temporary folder of its own (<c>TMPDIR</c>) and
/// checks that stdout is the whole array or empty, that the file is owner-only and never visible in the folder,
/// and that nothing is left behind.
/// </summary>
[Collection(ServedEmulator.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class JsonArrayTests : IDisposable
{
    private static readonly string[] ListAllAsJson = { "backups", "list", "--all", "--output", "json" };
    private readonly ServedEmulator _served;
    private readonly string _temporary = Directory.CreateTempSubdirectory("ddm-cli-tmp-").FullName;

    public JsonArrayTests(ServedEmulator served) => _served = served;

    public void Dispose() => Directory.Delete(_temporary, recursive: true);

    [Fact]
    public async Task A_complete_listing_is_one_whole_array_and_leaves_no_temporary_file()
    {
        var total = await ListedTotalAsync();
        using var ddm = DdmProcess.Start(Environment(), readOutput: true, ListAllAsJson);

        Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromMinutes(5)), "ddm did not finish");

        Assert.True(ddm.ExitCode == 0, ddm.Error);
        using var array = JsonDocument.Parse(ddm.Output);
        var ids = array.RootElement.EnumerateArray().Select(backup => backup.GetProperty("id").GetString()).ToList();
        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        Assert.EndsWith("\n]\n", ddm.Output, StringComparison.Ordinal);
        Assert.Empty(LeftBehind());
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task While_the_array_grows_its_file_is_owner_only_and_nameless_and_an_interrupt_leaves_nothing(string signal, int exitCode)
    {
        using var ddm = DdmProcess.Start(Environment(), readOutput: true, ListAllAsJson);
        // Forty pages of 128 backups (about 1.7 MB of JSON) are well over the 1 MiB kept in memory: the array is in the file by now.
        await WaitForPagesAsync(ddm, 40);

        var file = OpenFilesUnder(ddm.Id, _temporary);
        var (link, target) = Assert.Single(file);
        Assert.EndsWith(" (deleted)", target, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(link));
        Assert.Empty(LeftBehind());

        ddm.Signal(signal);

        Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromSeconds(2)), "ddm did not exit within 2 s of SIG" + signal);
        Assert.Equal(exitCode, ddm.ExitCode);
        Assert.Equal(string.Empty, ddm.Output);
        Assert.Empty(LeftBehind());
    }

    [Fact]
    public async Task A_listing_that_fails_after_many_pages_leaves_stdout_empty_and_no_temporary_file()
    {
        using var ddm = DdmProcess.Start(Environment(), readOutput: true, ListAllAsJson);
        await WaitForPagesAsync(ddm, 40);
        // From now on every page is cut in half: the listing cannot complete.
        var rule = _served.Emulator.Faults.TruncatedJson(route: EmulatorRoutes.ListBackups);
        try
        {
            Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromMinutes(2)), "ddm did not finish");
        }
        finally
        {
            _served.Emulator.Faults.Remove(rule);
        }

        Assert.Equal(1, ddm.ExitCode);
        Assert.StartsWith("ddm: ", ddm.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ddm.Output);
        Assert.Empty(LeftBehind());
    }

    [Fact]
    public async Task A_temporary_folder_that_cannot_be_written_is_one_line_and_exit_code_2_with_nothing_on_stdout()
    {
        var missing = Path.Combine(_temporary, "missing");
        var environment = Environment();
        environment["TMPDIR"] = missing;
        using var ddm = DdmProcess.Start(environment, readOutput: true, ListAllAsJson);

        Assert.True(await ddm.WaitForExitAsync(TimeSpan.FromMinutes(2)), "ddm did not finish");

        Assert.Equal(2, ddm.ExitCode);
        Assert.Equal(string.Empty, ddm.Output);
        var line = Assert.Single(ddm.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ddm: a long JSON array is kept in a temporary file", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    private Dictionary<string, string?> Environment()
    {
        var environment = _served.Cloud();
        environment["TMPDIR"] = _temporary;
        return environment;
    }

    /// <summary>What ddm left in its temporary folder (the runtime's own diagnostic socket aside).</summary>
    private List<string> LeftBehind() =>
        Directory.EnumerateFileSystemEntries(_temporary).Where(path => Path.GetFileName(path).StartsWith("ddm", StringComparison.Ordinal)).ToList();

    /// <summary>Waits until ddm has asked for <paramref name="pages"/> more pages than the emulator had served before.</summary>
    private async Task WaitForPagesAsync(DdmProcess ddm, int pages)
    {
        var before = _served.Emulator.Statistics.RequestsTo(EmulatorRoutes.ListBackups);
        await ddm.WaitForAsync(_ => _served.Emulator.Statistics.RequestsTo(EmulatorRoutes.ListBackups) - before >= pages, $"{pages} page requests");
    }

    /// <summary>The open files of a process (its /proc/PID/fd links and their targets) that are or were in <paramref name="folder"/>.</summary>
    private static List<(string Link, string Target)> OpenFilesUnder(int processId, string folder)
    {
        var files = new List<(string, string)>();
        foreach (var link in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
        {
            var target = new FileInfo(link).LinkTarget;
            if (target is not null && target.StartsWith(folder + "/", StringComparison.Ordinal))
            {
                files.Add((link, target));
            }
        }

        return files;
    }

    /// <summary>The number of backups the listing holds, from the emulator's first page.</summary>
    private async Task<int> ListedTotalAsync()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_served.Emulator.BaseAddress, $"v3/{_served.Emulator.Options.ProjectId}/backups?offset=0&limit=1"));
        request.Headers.Add("X-Auth-Token", _served.Emulator.Options.Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return page.RootElement.GetProperty("total").GetInt32();
    }
}
