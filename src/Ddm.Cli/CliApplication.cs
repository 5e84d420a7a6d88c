using System;
using System.CommandLine;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Cli.Commands;
using Ddm.Client;
using Ddm.Client.Authentication;

namespace Ddm.Cli;

/// <summary>The <c>ddm</c> command tree, and the one place where failures become a line on stderr and an exit code.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var endpoint = new Option<string?>("--endpoint") { Description = "The DDM endpoint (DDM_ENDPOINT); the built-in emulator when neither is set.", Recursive = true };
        var projectId = new Option<string?>("--project-id") { Description = "The project id (OS_PROJECT_ID).", Recursive = true };
        var token = new Option<string?>("--token") { Description = "An IAM token (OS_AUTH_TOKEN); or log in with OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME.", Recursive = true };

        Settings ReadSettings(ParseResult parse) => Settings.Resolve(parse.GetValue(endpoint), parse.GetValue(projectId), parse.GetValue(token), environment);

        var backups = new Command("backups", "DDM instance backups.");
        backups.Subcommands.Add(BackupsListCommand.Create(console, ReadSettings));
        backups.Subcommands.Add(RestoreWindowCommand.Create(console, ReadSettings));
        var root = new RootCommand("ddm: backups and restore windows of Distributed Database Middleware (DDM) on Open Telekom Cloud.");
        root.Options.Add(endpoint);
        root.Options.Add(projectId);
        root.Options.Add(token);
        root.Subcommands.Add(backups);
        root.Subcommands.Add(EmulatorCommand.Create(console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync("ddm: " + error.Message).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'ddm --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = console.Output, Error = console.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Describe(exception) is { } failure)
        {
            await console.Error.WriteLineAsync("ddm: " + failure.Message).ConfigureAwait(false);
            return failure.ExitCode;
        }
    }

    /// <summary>The line and exit code of an expected failure; null for a bug, which keeps its stack trace.</summary>
    private static (string Message, int ExitCode)? Describe(Exception exception) => exception switch
    {
        UsageException usage => (usage.Message, ExitCodes.Usage),
        AggregateException { InnerExceptions.Count: > 0 } retried => Describe(retried.InnerExceptions[^1]),
        ArgumentException argument => (OneLine(argument), ExitCodes.Usage),
        DdmAuthenticationException authentication => (authentication.Message, ExitCodes.Authentication),
        DdmApiException { Status: 401 or 403 } api => (api.Message + " Check the token or the IAM login, and the project id.", ExitCodes.Authentication),
        DdmApiException api => (api.Message, ExitCodes.ApiError),
        HttpRequestException http => ($"the service could not be reached: {http.Message}", ExitCodes.Unreachable),
        System.ClientModel.ClientResultException { Status: 0 } transport => ($"the service could not be reached: {transport.Message}", ExitCodes.Unreachable),
        TaskCanceledException when !IsCancelledByCaller(exception) => ("the service did not answer in time.", ExitCodes.Unreachable),
        OperationCanceledException => ("cancelled.", ExitCodes.ApiError),
        _ => null,
    };

    private static bool IsCancelledByCaller(Exception exception) => exception is OperationCanceledException { CancellationToken.IsCancellationRequested: true };

    /// <summary>"limit must be between 1 and 128." as --limit's problem, without .NET's parameter suffix lines.</summary>
    private static string OneLine(ArgumentException exception)
    {
        var message = exception.Message.Split('\n')[0];
        var suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return suffix < 0 ? message : message[..suffix];
    }
}
