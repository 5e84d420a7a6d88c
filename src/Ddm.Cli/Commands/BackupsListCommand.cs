using System;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Cli.Output;
using Ddm.Cli.Service;
using Ddm.Client;

namespace Ddm.Cli.Commands;

/// <summary><c>ddm backups list [--all] [--offset N] [--limit N] [--output table|json|jsonl] [--wide]</c>.</summary>
internal static class BackupsListCommand
{
    /// <summary>Display order; priorities decide what a narrow terminal keeps.</summary>
    internal static readonly Column[] Columns =
    {
        new("ID", Natural: 36, Min: 24, Priority: 1, Key: true, ShortenInMiddle: true, Essential: true),
        new("NAME", Natural: 20, Min: 8, Priority: 9, WideOnly: true),
        new("STATUS", Natural: 10, Min: 10, Priority: 2, Essential: true),
        new("TYPE", Natural: 13, Min: 13, Priority: 6),
        new("INSTANCE", Natural: 24, Min: 12, Priority: 5),
        new("INSTANCE ID", Natural: 32, Min: 12, Priority: 10, ShortenInMiddle: true, WideOnly: true),
        // 17: the longest documented instance status, SET_CONFIGURATION; the header alone would take 15.
        new("INSTANCE STATUS", Natural: 17, Min: 17, Priority: 7),
        new("SIZE (KB)", Natural: 10, Min: 10, Priority: 4, RightAligned: true, Essential: true),
        new("CREATED (UTC)", Natural: 19, Min: 19, Priority: 3, Essential: true),
        new("UPDATED (UTC)", Natural: 19, Min: 19, Priority: 8, WideOnly: true),
    };

    public static Command Create(CommonOptions common)
    {
        var all = new Option<bool>("--all") { Description = "Every backup, page by page (128 at a time unless --limit is set); rows appear as pages arrive." };
        var offset = Arguments.Integer("--offset", 0, int.MaxValue, "Index of the first backup (0 when not set).");
        var limit = Arguments.Integer("--limit", 1, Connection.MaxPageSize, "Backups per page, 1 to 128 (10 for one page, 128 with --all, when not set).");
        var output = Arguments.Output();
        var wide = Arguments.Wide();
        var command = new Command("list", "List backups: one page, or every backup with --all.") { all, offset, limit, output, wide };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = common.ReadSettings(parse);
            await using var connection = await Connection.OpenAsync(settings, common.Console, common.TimeoutOf(parse), cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(output);
            using var writer = new BackupWriter(common.Console, format, parse.GetValue(wide));
            if (parse.GetValue(all))
            {
                try
                {
                    await ListAllAsync(connection, writer, parse.GetValue(offset), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception failed) when (Failures.MarkListing(failed, format == OutputFormat.Json))
                {
                    throw;
                }
            }
            else
            {
                var page = await connection.ListBackupsAsync(parse.GetValue(offset), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                writer.WritePage(page, parse.GetValue(offset) ?? 0);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task ListAllAsync(Connection connection, BackupWriter writer, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in connection.ListAllBackupsAsync(offset, limit, cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.WriteItems(page);
            writer.WrittenUpTo(page.Next, page.Total);
            count += page.Items.Count;
            connection.Activity = (
                string.Create(CultureInfo.InvariantCulture, $"{count} of {page.Total} backups, waiting for the next page..."),
                string.Create(CultureInfo.InvariantCulture, $"{count} of {page.Total}..."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        writer.Complete(count);
    }

    /// <summary>
    /// Backups in the chosen format: tables and JSON Lines page by page, a JSON array once complete (kept until
    /// then in memory and, for a long listing, in a temporary file that disposing removes).
    /// </summary>
    private sealed class BackupWriter : IDisposable
    {
        private readonly CliConsole _console;
        private readonly OutputFormat _format;
        private readonly TableWriter? _table;
        private JsonOutput? _array;
        private bool _headerWritten;

        public BackupWriter(CliConsole console, OutputFormat format, bool wide)
        {
            _console = console;
            _format = format;
            _table = format == OutputFormat.Table ? new TableWriter(console, Columns, wide) : null;
        }

        /// <summary>One page; a table is followed by a summary on stderr that counts from <paramref name="offset"/>.</summary>
        /// <remarks>
        /// The summary counts from the offset asked for, an item index as the reference defines the parameter, not from the
        /// one the answer echoes, which the reference calls the page the server starts from. The JSON document keeps the
        /// answer's own.
        /// </remarks>
        public void WritePage(Page<BackupInfo> page, int offset)
        {
            if (_format == OutputFormat.Json)
            {
                var document = JsonOutput.PageDocument(page, "backups");
                _console.JsonTarget.Write(document);
                _console.JsonTarget.Flush();
                return;
            }

            WriteItems(page);
            if (_format == OutputFormat.Table)
            {
                _console.Error.WriteLine(page.Items.Count == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"No backups from offset {offset}; {page.Total} in all.")
                    : string.Create(CultureInfo.InvariantCulture, $"Backups {offset + 1L} to {offset + (long)page.Items.Count} of {page.Total}."));
            }
        }

        public void WriteItems(Page<BackupInfo> page)
        {
            switch (_format)
            {
                case OutputFormat.Json:
                    _array ??= new JsonOutput();
                    foreach (var backup in page.Items)
                    {
                        _array.Add(backup);
                    }

                    return;
                case OutputFormat.Jsonl:
                    foreach (var backup in page.Items)
                    {
                        _console.JsonTarget.Write(JsonOutput.Line(backup));
                    }

                    break;
                default:
                    if (!_headerWritten)
                    {
                        _table!.WriteHeader();
                        _headerWritten = true;
                    }

                    foreach (var backup in page.Items)
                    {
                        _table!.Write(Cells(backup));
                    }

                    break;
            }

            _console.Output.Flush();
        }

        /// <summary>
        /// Notes that the rows of a listing are written up to the page at <paramref name="next"/>, so that Ctrl+C from
        /// here on says to go on from there, or, once <paramref name="next"/> reaches the <paramref name="total"/>, that
        /// nothing is left to list. A JSON array, written only once complete, has none written.
        /// </summary>
        public void WrittenUpTo(long next, int total)
        {
            if (_format != OutputFormat.Json)
            {
                _console.CancelledListing = next >= total ? Failures.CancelledAfterLastPage : Failures.Cancelled(next);
            }
        }

        public void Complete(int count)
        {
            // Every page is written: there is nothing to go on with.
            _console.CancelledListing = null;
            switch (_format)
            {
                case OutputFormat.Json:
                    _array ??= new JsonOutput();
                    _array.WriteArrayTo(_console.JsonTarget);
                    break;
                case OutputFormat.Table:
                    if (!_headerWritten)
                    {
                        _table!.WriteHeader();
                    }

                    _console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "backup" : "backups")}."));
                    break;
            }
        }

        public void Dispose() => _array?.Dispose();

        private static string[] Cells(BackupInfo backup) => new[]
        {
            backup.Id,
            backup.Name ?? string.Empty,
            backup.Status.ToString(),
            backup.BackupType?.ToString() ?? string.Empty,
            backup.InstanceName ?? backup.InstanceId,
            backup.InstanceId,
            backup.InstanceStatus?.ToString() ?? string.Empty,
            backup.FileSize?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty,
            Dates.Compact(backup.Created),
            backup.Updated is { } updated ? Dates.Compact(updated) : string.Empty,
        };
    }
}
