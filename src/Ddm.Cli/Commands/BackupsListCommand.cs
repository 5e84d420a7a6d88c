using System;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Client;
using Spectre.Console;

namespace Ddm.Cli.Commands;

/// <summary><c>ddm backups list [--all] [--offset N] [--limit N] [--output table|json]</c>.</summary>
internal static class BackupsListCommand
{
    public static Command Create(CliConsole console, Func<ParseResult, Settings> settings)
    {
        var all = new Option<bool>("--all") { Description = "Every backup, page by page (128 at a time unless --limit is set)." };
        var offset = new Option<int?>("--offset") { Description = "Index of the first backup (0 when not set)." };
        var limit = new Option<int?>("--limit") { Description = "Backups per page, 1 to 128 (10 for one page when not set)." };
        var output = new Option<OutputFormat>("--output") { Description = "table or json.", DefaultValueFactory = _ => OutputFormat.Table };
        var command = new Command("list", "List backups.") { all, offset, limit, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var connection = await Connection.OpenAsync(settings(parse), console, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(output);
            if (parse.GetValue(all))
            {
                await ListAllAsync(console, connection.Client, parse.GetValue(offset), parse.GetValue(limit), format, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var page = await connection.Client.ListBackupsAsync(parse.GetValue(offset), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
                await WritePageAsync(console, page, format).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WritePageAsync(CliConsole console, ListBackupsResponse page, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            await console.Output.WriteLineAsync(JsonSerializer.Serialize(page, JsonArrayWriter.Options)).ConfigureAwait(false);
            return;
        }

        var rows = new BackupRows(console);
        foreach (var backup in page.Backups)
        {
            rows.Add(backup);
        }

        rows.Write();
        var first = page.Backups.Count == 0 ? page.Offset : page.Offset + 1;
        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Backups {first} to {page.Offset + page.Backups.Count} of {page.Total}.")).ConfigureAwait(false);
    }

    private static async Task ListAllAsync(CliConsole console, DdmClient client, int? offset, int? limit, OutputFormat format, CancellationToken cancellationToken)
    {
        if (format == OutputFormat.Json)
        {
            // Streamed: each backup is written as it arrives, one page in memory at a time.
            var json = new JsonArrayWriter(console.Output);
            await foreach (var backup in client.ListBackupsAutoPagingAsync(offset, limit, cancellationToken).ConfigureAwait(false))
            {
                await json.WriteAsync(backup).ConfigureAwait(false);
            }

            await json.EndAsync().ConfigureAwait(false);
            return;
        }

        var rows = new BackupRows(console);
        if (console.Interactive)
        {
            await console.Rich.Status().StartAsync("Loading backups...", async context =>
            {
                await foreach (var backup in client.ListBackupsAutoPagingAsync(offset, limit, cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(backup);
                    context.Status(string.Create(CultureInfo.InvariantCulture, $"Loading backups... {rows.Count}"));
                }
            }).ConfigureAwait(false);
        }
        else
        {
            await foreach (var backup in client.ListBackupsAutoPagingAsync(offset, limit, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(backup);
            }
        }

        rows.Write();
        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} backups.")).ConfigureAwait(false);
    }

    private sealed class BackupRows
    {
        private static readonly string[] Columns = { "ID", "STATUS", "TYPE", "INSTANCE", "INSTANCE STATUS", "SIZE (KB)", "CREATED (LOCAL)" };
        private readonly TextTable _table;

        public BackupRows(CliConsole console) => _table = new TextTable(console, Columns);

        public int Count => _table.Count;

        public void Add(BackupInfo backup) => _table.Add(
            backup.Id,
            backup.Status.Value,
            backup.BackupType?.Value ?? string.Empty,
            backup.InstanceName ?? backup.InstanceId,
            backup.InstanceStatus?.Value ?? string.Empty,
            backup.FileSize?.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty,
            TextTable.Local(backup.Created));

        public void Write() => _table.Write();
    }
}
