using System;
using System.CommandLine;
using System.Threading.Tasks;
using System.Globalization;
using Ddm.Cli.Output;
using Ddm.Cli.Service;
using Ddm.Client;

namespace Ddm.Cli.Commands;

/// <summary><c>ddm backups restore-window --instance-id ID [--output table|json|jsonl] [--wide]</c>: when an instance can be restored to.</summary>
internal static class RestoreWindowCommand
{
    internal static readonly Column[] Columns =
    {
        new("START (UTC)", Natural: 19, Min: 19, Priority: 1, Essential: true),
        new("END (UTC)", Natural: 19, Min: 19, Priority: 2, Essential: true),
        new("LENGTH", Natural: 10, Min: 10, Priority: 3, RightAligned: true, Essential: true),
    };

    public static Command Create(CommonOptions common)
    {
        var instanceId = Arguments.NonEmpty("--instance-id", "The DDM instance (ids are in 'ddm backups list --wide').", required: true);
        var output = Arguments.Output();
        var wide = Arguments.Wide();
        var command = new Command("restore-window", "Show the time ranges an instance can be restored to (UTC).") { instanceId, output, wide };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = common.ReadSettings(parse);
            await using var connection = await Connection.OpenAsync(settings, common.Console, common.TimeoutOf(parse), cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(output);
            var console = common.Console;
            using var array = new JsonOutput();
            var table = new TableWriter(console, Columns, parse.GetValue(wide));
            var count = 0;
            var headerWritten = false;
            var id = parse.GetValue(instanceId)!;
            try
            {
                await foreach (var page in connection.ListRestoreWindowsAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // The header comes with the first answer, so a request that fails leaves stdout empty.
                    if (format == OutputFormat.Table && !headerWritten)
                    {
                        table.WriteHeader();
                        headerWritten = true;
                    }

                    foreach (var interval in page.Items)
                    {
                        count++;
                        switch (format)
                        {
                            case OutputFormat.Json:
                                array.Add(interval);
                                break;
                            case OutputFormat.Jsonl:
                                console.JsonTarget.Write(JsonOutput.Line(interval));
                                break;
                            default:
                                var (start, end, length) = Dates.Window(interval.StartTime, interval.EndTime);
                                table.Write(new[] { start, end, length });
                                break;
                        }
                    }

                    console.Output.Flush();
                }
            }
            catch (DdmApiException refused) when (RefusesInstance(refused))
            {
                throw new CheckValueException($"Check --instance-id: '{TableWriter.Shorten(id, 64, inMiddle: true, console.Ellipsis)}' may be no instance of the project (ids are in 'ddm backups list --wide').", refused);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (format == OutputFormat.Json)
            {
                array.WriteArrayTo(console.JsonTarget);
            }
            else if (format == OutputFormat.Table)
            {
                await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "restore window" : "restore windows")}.")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Whether the service's error answer refuses the instance id: DDM's parameter error (ddm's own offset and limit are
    /// in the reference's bounds, so the id is the parameter it can mean) or DDM's, not the gateway's, "not found", to
    /// the first page. A page after it was asked for the same id, which the service had answered for.
    /// </summary>
    private static bool RefusesInstance(DdmApiException refused) =>
        refused.PageOffset is null
        && ((refused.Status == 400 && refused.ErrorCode == "DBS.280001")
            || (refused.Status == 404 && refused.ErrorCode is { } code && !code.StartsWith("APIG.", StringComparison.Ordinal)));
}
