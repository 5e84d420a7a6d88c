using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using Ddm.Cli.Service;

namespace Ddm.Cli.Commands;

/// <summary>The options every service command shares (where, who, how long to wait), and reading them into settings.</summary>
internal sealed class CommonOptions
{
    private readonly Func<string, string?> _environment;

    public CommonOptions(CliConsole console, Func<string, string?> environment)
    {
        Console = console;
        _environment = environment;
        Endpoint = Arguments.NonEmpty("--endpoint", "The DDM endpoint (DDM_ENDPOINT), for example https://ddm.eu-de.otc.t-systems.com.", recursive: true, helpName: "URL");
        ProjectId = Arguments.NonEmpty("--project-id", "The project id (OS_PROJECT_ID).", recursive: true);
        TokenStdin = new Option<bool>("--token-stdin") { Description = "Read an IAM token from the first line of standard input (instead of OS_AUTH_TOKEN); at a terminal, after a prompt.", Recursive = true, Arity = ArgumentArity.Zero };
        Timeout = Arguments.Timeout(Connection.DefaultTimeout);
        // A secret on the command line is seen by ps and shell history: refuse it with a pointer to the safe ways.
        PlainToken = new Option<string?>("--token") { Hidden = true, Recursive = true };
        PlainToken.Validators.Add(result => result.AddError("--token is not accepted: a token on the command line is visible to other users. Use OS_AUTH_TOKEN or --token-stdin."));
    }

    public CliConsole Console { get; }

    public Option<string?> Endpoint { get; }

    public Option<string?> ProjectId { get; }

    public Option<bool> TokenStdin { get; }

    public Option<TimeSpan?> Timeout { get; }

    public Option<string?> PlainToken { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Endpoint);
        root.Options.Add(ProjectId);
        root.Options.Add(TokenStdin);
        root.Options.Add(Timeout);
        root.Options.Add(PlainToken);
    }

    /// <summary>
    /// Whether a word follows <c>--token-stdin</c>, or is given to it with = or :. It is most likely the token itself,
    /// so the error must not repeat it.
    /// </summary>
    public bool TokenStdinGotValue(ParseResult parse) =>
        parse.Tokens.Zip(parse.Tokens.Skip(1)).Any(pair =>
            pair.First.Type == TokenType.Option && pair.First.Value == TokenStdin.Name && pair.Second.Type == TokenType.Argument);

    /// <summary>The timeout of each request: <c>--timeout</c>, else the client's default.</summary>
    public TimeSpan TimeoutOf(ParseResult parse) => parse.GetValue(Timeout) ?? Connection.DefaultTimeout;

    /// <summary>
    /// The settings of this run; reads the token from standard input for <c>--token-stdin</c>, once everything that can
    /// be checked without it has been: nobody should type a secret only to be told that the endpoint is wrong.
    /// </summary>
    public Settings ReadSettings(ParseResult parse)
    {
        string? token = null;
        if (parse.GetValue(TokenStdin))
        {
            // A token is coming, so the cloud is meant: the endpoint, the project and the rest are checked as they will
            // be with the token, in its place a stand-in that passes every check of a token.
            Settings.Read(parse.GetValue(Endpoint), parse.GetValue(ProjectId), "token-still-to-be-read", _environment).ResolveCloud();
            try
            {
                token = Console.ReadSecretLine("IAM token (shown as typed; pipe it in to keep it off the screen)")?.Trim();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Standard input is something that cannot be read as text, such as a directory (ddm ... < /tmp).
                throw new UsageException($"--token-stdin: standard input could not be read ({exception.Message.TrimEnd('.')}).", exception);
            }

            if (string.IsNullOrEmpty(token))
            {
                throw new UsageException("--token-stdin: standard input held no token.");
            }
        }

        return Settings.Read(parse.GetValue(Endpoint), parse.GetValue(ProjectId), token, _environment);
    }
}
