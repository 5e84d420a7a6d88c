using System;
using System.Diagnostics;
using System.IO;
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
}
