using System;
using System.CommandLine;
using System.Globalization;
using System.Threading.Tasks;

namespace Ddm.Cli.Commands;

/// <summary><c>ddm backups restore-window --instance-id ID [--output table|json]</c>: when an instance can be restored to.</summary>
internal static class RestoreWindowCommand
{
    private static readonly string[] Columns = { "START (LOCAL)", "END (LOCAL)", "START (UTC)", "END (UTC)", "LENGTH" };

    public static Command Create(CliConsole console, Func<ParseResult, Settings> settings)
    {
        var instanceId = new Option<string>("--instance-id") { Description = "The DDM instance.", Required = true };
        var output = new Option<OutputFormat>("--output") { Description = "table or json.", DefaultValueFactory = _ => OutputFormat.Table };
        var command = new Command("restore-window", "Show the time ranges an instance can be restored to, in local time and UTC.") { instanceId, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var connection = await Connection.OpenAsync(settings(parse), console, cancellationToken).ConfigureAwait(false);
            var intervals = connection.Client.ListRestorableTimeIntervalsAutoPagingAsync(parse.GetValue(instanceId)!, cancellationToken: cancellationToken);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                var json = new JsonArrayWriter(console.Output);
                await foreach (var interval in intervals.ConfigureAwait(false))
                {
                    await json.WriteAsync(interval).ConfigureAwait(false);
                }

                await json.EndAsync().ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var table = new TextTable(console, Columns);
            await foreach (var interval in intervals.ConfigureAwait(false))
            {
                var length = interval.EndTime - interval.StartTime;
                table.Add(
                    TextTable.Local(interval.StartTime),
                    TextTable.Local(interval.EndTime),
                    TextTable.Utc(interval.StartTime),
                    TextTable.Utc(interval.EndTime),
                    string.Create(CultureInfo.InvariantCulture, $"{(int)length.TotalHours}h {length.Minutes:00}m"));
            }

            table.Write();
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.Count} restore windows.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
