using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Ddm.Cli.Service;

namespace Ddm.Cli.Commands;

/// <summary>
/// The options the backups commands share (where, who, how long to wait), and reading them into settings. They are
/// options of <c>ddm backups</c> and its commands, so the emulator neither shows nor takes them; before the command
/// (<c>ddm --timeout 30 backups list</c>) they are taken too, through hidden copies on the root command, and refused
/// there for any other command.
/// </summary>
internal sealed class CommonOptions
{
    private readonly Func<string, string?> _environment;
    private readonly Shared _before;
    private Command? _backups;

    /// <summary>
    /// The longest token <c>--token-stdin</c> takes: IAM tokens are a few KiB, and servers refuse request headers much
    /// longer than this, so a longer first line is something else piped in by mistake.
    /// </summary>
    internal const int MaxTokenLength = 64 * 1024;

    public CommonOptions(CliConsole console, Func<string, string?> environment)
    {
        Console = console;
        _environment = environment;
        var after = CreateShared(beforeCommand: false);
        _before = CreateShared(beforeCommand: true);
        (Endpoint, ProjectId, TokenStdin, Timeout) = (after.Endpoint, after.ProjectId, after.TokenStdin, after.Timeout);
        // A secret on the command line is seen by ps and shell history: refuse it with a pointer to the safe ways.
        // It takes no value as well, so that "--token" alone gets these words rather than a request for the value.
        PlainToken = new Option<string?>("--token") { Hidden = true, Recursive = true, Arity = ArgumentArity.ZeroOrOne };
        PlainToken.Validators.Add(result => result.AddError(PlainTokenRefused));
    }

    /// <summary>The error of <c>--token</c>, given with a value or without.</summary>
    public const string PlainTokenRefused = "--token is not accepted: a token on the command line is visible to other users. Use OS_AUTH_TOKEN or --token-stdin.";

    public CliConsole Console { get; }

    public Option<string?> Endpoint { get; }

    public Option<string?> ProjectId { get; }

    public Option<bool> TokenStdin { get; }

    public Option<TimeSpan?> Timeout { get; }

    public Option<string?> PlainToken { get; }

    /// <summary>Adds the options to <paramref name="backups"/> (and so to its commands), their hidden copies to <paramref name="root"/>.</summary>
    public void AddTo(Command root, Command backups)
    {
        _backups = backups;
        foreach (var option in new Option[] { Endpoint, ProjectId, TokenStdin, Timeout })
        {
            backups.Options.Add(option);
        }

        foreach (var option in _before.All)
        {
            root.Options.Add(option);
        }

        root.Options.Add(PlainToken);
    }

    /// <summary>
    /// Whether a word follows <c>--token-stdin</c>, or is given to it with = or :. It is most likely the token itself,
    /// so the error must not repeat it. <c>--token-stdin</c> taken for the value of an option before it that was left
    /// without one (<c>--offset --token-stdin TOKEN</c>) counts too, and so does <c>--token-stdin</c> joined to its value
    /// in a word the parser keeps whole: after <c>--</c> (<c>-- --token-stdin=TOKEN</c>), or given to a command that does
    /// not take it (<c>emulator --token-stdin:TOKEN</c>).
    /// </summary>
    public bool TokenStdinGotValue(ParseResult parse) =>
        parse.Tokens.Zip(parse.Tokens.Skip(1)).Any(pair =>
            pair.First.Type is TokenType.Option or TokenType.Argument && pair.First.Value == TokenStdin.Name && pair.Second.Type == TokenType.Argument)
        || parse.Tokens.Any(token => token.Type is TokenType.Option or TokenType.Argument && Joined(token.Value, TokenStdin.Name));

    /// <summary>
    /// Whether <c>--token</c> was given, as an option, taken for the value of an option before it that was left without
    /// one (<c>--output --token TOKEN</c>), or as a word after <c>--</c>, alone or joined to its value
    /// (<c>-- --token=TOKEN</c>): its refusal comes before any other error, which might name a word that is the token.
    /// </summary>
    public bool PlainTokenGiven(ParseResult parse) =>
        parse.Tokens.Any(token => token.Type is TokenType.Option or TokenType.Argument && (token.Value == PlainToken.Name || Joined(token.Value, PlainToken.Name)));

    /// <summary>Whether <paramref name="word"/> is the option <paramref name="name"/> given a value with = or :.</summary>
    private static bool Joined(string word, string name) =>
        word.Length > name.Length && word.StartsWith(name, StringComparison.Ordinal) && word[name.Length] is '=' or ':';

    /// <summary>
    /// The error for one of these options given to a command other than the backups ones (<c>ddm emulator --timeout 5</c>,
    /// <c>ddm --timeout 5 emulator</c>), naming the option but never its value; null when there is none.
    /// </summary>
    public string? Refusal(ParseResult parse)
    {
        var command = parse.CommandResult;
        if (command.Parent is null || IsUnderBackups(command))
        {
            return null;
        }

        var names = _before.All.Select(option => option.Name).ToList();
        var given = _before.All.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false })?.Name
            ?? parse.UnmatchedTokens.Select(token => token.Split('=', ':')[0]).FirstOrDefault(names.Contains);
        return given is null ? null : $"{given} applies to the backups commands, not to 'ddm {Path(command)}'.";
    }

    /// <summary>
    /// The error of one of these options given before the command (<c>ddm --timeout 0 backups list</c>), in the words
    /// it has after the command; null when there is none. System.CommandLine checks only the options of the command it
    /// runs, so the hidden copies on the root are checked here.
    /// </summary>
    public string? BeforeCommandError(ParseResult parse)
    {
        foreach (var option in _before.All)
        {
            if (parse.GetResult(option) is not { Implicit: false } result)
            {
                continue;
            }

            if (Arguments.CountProblem(result) is { } problem)
            {
                return problem;
            }

            if (option.ValueType == typeof(string) && result.Tokens.Count > 0 && Arguments.TextProblem(option, result.Tokens[^1].Value) is { } text)
            {
                return text;
            }
        }

        try
        {
            // The parser of --timeout adds its error when asked for the value, which then throws with it.
            parse.GetValue(_before.Timeout);
            return null;
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>The timeout of each request: <c>--timeout</c>, else the client's default.</summary>
    public TimeSpan TimeoutOf(ParseResult parse) => Value(parse, Timeout, _before.Timeout) ?? Connection.DefaultTimeout;

    /// <summary>
    /// The settings of this run; reads the token from standard input for <c>--token-stdin</c>, once everything that can
    /// be checked without it has been: nobody should type a secret only to be told that the endpoint is wrong.
    /// </summary>
    public Settings ReadSettings(ParseResult parse)
    {
        string? token = null;
        var endpoint = Value(parse, Endpoint, _before.Endpoint);
        var projectId = Value(parse, ProjectId, _before.ProjectId);
        if (parse.GetValue(TokenStdin) || parse.GetValue(_before.TokenStdin))
        {
            // A token is coming, so the cloud is meant: the endpoint, the project and the rest are checked as they will
            // be with the token, in its place a stand-in that passes every check of a token.
            Settings.Read(endpoint, projectId, "token-still-to-be-read", _environment).ResolveCloud();
            string? otherEncoding = null;
            try
            {
                token = Console.ReadSecretLine("IAM token (shown as typed; pipe it in to keep it off the screen)", MaxTokenLength, TimeoutOf(parse), out var cut, out otherEncoding)?.Trim();
                if (cut)
                {
                    // IAM tokens can be longer than a terminal line: refused rather than sent cut, which would read as a wrong token.
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--token-stdin: the line typed at the terminal reached the {CliConsole.TerminalLineBytes} characters a terminal line holds, so the token may be cut; pipe it in instead, or set OS_AUTH_TOKEN."));
                }
            }
            catch (TimeoutException exception)
            {
                throw new UsageException($"--token-stdin: no line came on standard input within {Connection.Describe(TimeoutOf(parse))} (--timeout); write the token and a line break to it, or close it after the token.", exception);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Standard input is something that cannot be read as text, such as a directory (ddm ... < /tmp).
                throw new UsageException($"--token-stdin: standard input could not be read ({exception.Message.TrimEnd('.')}).", exception);
            }
            catch (DecoderFallbackException exception)
            {
                var bytes = string.Join(' ', (exception.BytesUnknown ?? []).Select(unknown => string.Create(CultureInfo.InvariantCulture, $"0x{unknown:X2}")));
                throw new UsageException($"--token-stdin: standard input is not UTF-8 text (it holds the byte {bytes}, which UTF-8 cannot have there); give the token as UTF-8 or ASCII text.", exception);
            }

            if (string.IsNullOrEmpty(token))
            {
                // A byte order mark of UTF-16 or UTF-32 alone reads as nothing, in the text it names.
                throw new UsageException(otherEncoding is not null
                    ? $"--token-stdin: standard input holds a {otherEncoding} byte order mark and no token after it; give the token as UTF-8 or ASCII text."
                    : "--token-stdin: standard input held no token.");
            }

            if (token.Length > MaxTokenLength)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--token-stdin: the first line of standard input is longer than {MaxTokenLength} characters, far more than a token; check what is piped in."));
            }
        }

        return Settings.Read(endpoint, projectId, token, _environment);
    }

    /// <summary>The value given after the command, else the one given before it.</summary>
    private static T? Value<T>(ParseResult parse, Option<T> after, Option<T> before) =>
        parse.GetResult(after) is { Implicit: false } ? parse.GetValue(after) : parse.GetValue(before);

    private bool IsUnderBackups(SymbolResult? result)
    {
        for (; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command: var command } && command == _backups)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The words of a command as typed after ddm: "emulator", "backups list".</summary>
    private static string Path(CommandResult command)
    {
        var words = new List<string>();
        for (SymbolResult? result = command; result is CommandResult { Parent: not null } current; result = current.Parent)
        {
            words.Insert(0, current.Command.Name);
        }

        return string.Join(' ', words);
    }

    /// <summary>
    /// The shared options: after the command, recursive on <c>ddm backups</c> and shown in its help; before it, on the
    /// root command only, hidden.
    /// </summary>
    private static Shared CreateShared(bool beforeCommand)
    {
        var endpoint = Arguments.NonEmpty("--endpoint", "The DDM endpoint (DDM_ENDPOINT), for example https://ddm.eu-de.otc.t-systems.com.", recursive: !beforeCommand, helpName: "URL");
        var projectId = Arguments.NonEmpty("--project-id", "The project id (OS_PROJECT_ID).", recursive: !beforeCommand);
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read an IAM token from the first line of standard input (instead of OS_AUTH_TOKEN); at a terminal, after a prompt.", Recursive = !beforeCommand, Arity = ArgumentArity.Zero };
        var timeout = Arguments.Timeout(Connection.DefaultTimeout, recursive: !beforeCommand);
        var shared = new Shared(endpoint, projectId, tokenStdin, timeout);
        foreach (var option in shared.All)
        {
            option.Hidden = beforeCommand;
        }

        return shared;
    }

    private sealed record Shared(Option<string?> Endpoint, Option<string?> ProjectId, Option<bool> TokenStdin, Option<TimeSpan?> Timeout)
    {
        public IReadOnlyList<Option> All => new Option[] { Endpoint, ProjectId, TokenStdin, Timeout };
    }
}
