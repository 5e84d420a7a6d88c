using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Cli.Commands;
using Ddm.Cli.Hosting;
using Ddm.Cli.Output;
using Ddm.Cli.Service;

namespace Ddm.Cli;

/// <summary>
/// The <c>ddm</c> command tree, and the one place where failures become a line on stderr and an exit code.
/// Everything on the command line is checked before any command starts (no emulator for a usage error).
/// </summary>
internal static class CliApplication
{
    // One line per paragraph, and per exit code: help wraps each line to the width it is given, so a break of our own
    // inside a paragraph would be wrapped again.
    private const string Description =
        "ddm: backups and restore windows of Distributed Database Middleware (DDM) on Open Telekom Cloud.\n\n"
        + "Sign-in as with other OTC tools: a token (OS_AUTH_TOKEN, or --token-stdin), an IAM password (OS_AUTH_URL, OS_USERNAME, "
        + "OS_PASSWORD, OS_USER_DOMAIN_NAME or OS_DOMAIN_NAME) or an AK/SK pair (OS_ACCESS_KEY, OS_SECRET_KEY, optional "
        + "OS_SECURITY_TOKEN), with OS_PROJECT_ID. The endpoint is DDM_ENDPOINT, else https://ddm.{region}.otc.t-systems.com for OS_REGION_NAME or the "
        + "region in OS_AUTH_URL. With none of these variables set, a built-in emulator with sample data answers instead "
        + "(made-up backups; 'ddm emulator' runs one in the foreground). Once any of them is set, or OS_PROJECT_NAME, OS_USER_DOMAIN_ID, OS_DOMAIN_ID or OS_CLOUD "
        + "(none of which is read), the emulator is never used.\n\n"
        + "Exit codes:\n"
        + "  0    success\n"
        + "  1    API error\n"
        + "  2    usage or configuration\n"
        + "  3    authentication\n"
        + "  4    unreachable or timed out\n"
        + "  74   stdout could not be written\n"
        + "  129  SIGHUP\n"
        + "  130  Ctrl+C\n"
        + "  131  Ctrl+\\ (SIGQUIT)\n"
        + "  141  the reader of the output went away\n"
        + "  143  SIGTERM";

    /// <summary>The widest help is written: prose wider than this is hard to read, on a wide terminal or in a file.</summary>
    private const int HelpWidth = 120;

    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        // The parser's own messages and help headings would come in the user's language where System.CommandLine has
        // it, beside ddm's English, and the most telling parse error is picked by its English words: they are read in
        // English. The culture flows with this call only, so the caller's is as it was once it returns.
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var common = new CommonOptions(console, environment);
        var backups = new Command("backups", "DDM instance backups.");
        backups.Subcommands.Add(BackupsListCommand.Create(common));
        backups.Subcommands.Add(RestoreWindowCommand.Create(common));
        var root = new RootCommand(Description);
        common.AddTo(root, backups);
        root.Subcommands.Add(backups);
        root.Subcommands.Add(EmulatorCommand.Create(console));
        // Help is fitted to the width the console already knows: left to itself, it reads Console.WindowWidth, which
        // switches the terminal's keypad to application mode (ESC [?1h) and leaves it so.
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            ((HelpAction)help.Action!).MaxWidth = console.OutputIsTerminal ? Math.Min(console.Width, HelpWidth) : HelpWidth;
            // Help is -h, -? or --help, as it says: '/h' and '/?' are paths on Linux and macOS, words like any other.
            help.Aliases.Remove("/h");
            help.Aliases.Remove("/?");
        }

        // No response files: System.CommandLine would otherwise replace any "@path" with the words of that file, so an
        // instance id starting with '@' (from a script, say) would send a local file's contents to the service.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var refusal = common.Refusal(parse) ?? (parse.Errors.Count == 0 ? common.BeforeCommandError(parse) ?? StrayBesideHelpOrVersion(parse, root) ?? VersionBesideHelp(parse, root) : null);
        if (parse.Errors.Count > 0 || refusal is not null)
        {
            // One error, the most telling: an unknown word explains "command was not provided" that follows from it, a
            // wrong option value comes before the missing command, and a missing command alone is answered with the
            // commands there are (but not another error alone, such as --version given with something else).
            var error = parse.Errors.FirstOrDefault(candidate => candidate.Message.StartsWith("Unrecognized", StringComparison.Ordinal));
            var message = common.TokenStdinGotValue(parse)
                ? "--token-stdin takes no value: the token is read from standard input (pipe it in); a token on the command line is visible to other users."
                : common.PlainTokenGiven(parse)
                ? CommonOptions.PlainTokenRefused
                : refusal is not null
                ? refusal
                : error is null && parse.Errors.Count == 1 && parse.Errors[0].Message.StartsWith("Required command", StringComparison.Ordinal)
                    && parse.CommandResult.Command is { Action: null, Subcommands.Count: > 0 } group
                    ? MissingCommand(group, root)
                    : Explained(parse, error ?? parse.Errors.FirstOrDefault(candidate => !candidate.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? parse.Errors[0]);
            // Every message as one clean line, whichever path made it: a value typed may hold anything.
            Report(console, OneLine(message, console.Utf8) + "\nRun 'ddm --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            // Help is rendered first, then written without the white space System.CommandLine leaves at the end of the
            // lines it wraps (and in its blank lines), which shows in help written to a file.
            var help = parse.Action is HelpAction ? new StringWriter { NewLine = console.Output.NewLine } : null;
            var configuration = new InvocationConfiguration
            {
                Output = help ?? console.Output,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
                // Signals are handled by the caller (Termination), which knows SIGINT from SIGTERM.
                ProcessTerminationTimeout = null,
            };
            var exitCode = await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            if (help is not null)
            {
                console.Output.Write(string.Join('\n', help.ToString().Split('\n').Select(line => line.EndsWith('\r') ? line[..^1].TrimEnd(' ', '\t') + "\r" : line.TrimEnd(' ', '\t'))));
                console.Output.Flush();
            }

            return exitCode;
        }
        catch (Exception cancelled) when (cancellationToken.IsCancellationRequested)
        {
            // A listing cancelled while a page was under way stopped where the client says, as a failure there would.
            if (Failures.Cancelled(cancelled) is { } stopped)
            {
                console.CancelledListing = stopped;
            }

            console.RestoreTerminal();
            console.ReportCancelled();
            return ExitCodes.Interrupted;
        }
        catch (OutputException closed) when (closed.ReaderGone)
        {
            // The reader has what it wanted (ddm ... | head -1): end quietly, as a tool stopped by SIGPIPE does.
            console.RestoreTerminal();
            return ExitCodes.ReaderGone;
        }
        catch (Exception exception) when (Failures.Describe(exception) is { } failure)
        {
            console.RestoreTerminal();
            Report(console, OneLine(failure.Message, console.Utf8));
            return failure.ExitCode;
        }
        finally
        {
            console.RestoreTerminal();
        }
    }

    /// <summary>
    /// The words <c>--version</c> or <c>--help</c> was given beside (<c>ddm --version extra</c>, <c>ddm backups --help
    /// lst</c>), which the parser lets through without a word, as any other stray word is named; null when there are none.
    /// </summary>
    private static string? StrayBesideHelpOrVersion(ParseResult parse, RootCommand root) =>
        (parse.Action is HelpAction || root.Options.OfType<VersionOption>().Any(version => parse.GetResult(version) is { Implicit: false }))
        && Unknown(parse) is { Length: > 0 } stray ? stray : null;

    /// <summary>
    /// The error of <c>--version</c> given with help after it (<c>ddm --version --help</c>), which the parser answers with
    /// the help; given before it (<c>ddm --help --version</c>), the parser refuses it with these words. Either order is
    /// the same error. Null when the two are not given together.
    /// </summary>
    private static string? VersionBesideHelp(ParseResult parse, RootCommand root) =>
        parse.Action is HelpAction && root.Options.OfType<VersionOption>().Any(version => parse.GetResult(version) is { Implicit: false })
            ? "--version option cannot be combined with other arguments."
            : null;

    /// <summary>
    /// Says which commands <paramref name="group"/> takes ("a command is needed: backups list, backups restore-window or
    /// emulator"), rather than only that one is missing.
    /// </summary>
    private static string MissingCommand(Command group, RootCommand root)
    {
        var commands = Commands(group).ToList();
        var choices = commands.Count == 1 ? commands[0] : string.Join(", ", commands.SkipLast(1)) + " or " + commands[^1];
        return (group == root ? "a command is needed: " : $"'{group.Name}' needs a command: ") + choices + ".";
    }

    /// <summary>The commands that can be run under <paramref name="group"/>, each as typed after it.</summary>
    private static IEnumerable<string> Commands(Command group) =>
        group.Subcommands.Where(command => !command.Hidden).SelectMany(command => command.Subcommands.Count == 0
            ? new[] { command.Name }
            : Commands(command).Select(name => command.Name + " " + name));

    /// <summary>Writes "ddm: " and the message to stderr (which leaves out what it cannot write).</summary>
    private static void Report(CliConsole console, string message) => console.Error.WriteLine("ddm: " + message);

    /// <summary>
    /// The error in the option's words where System.CommandLine's own do not name what it accepts, and the words the
    /// parser did not take in ddm's words, each once, with the command or option each is close to.
    /// </summary>
    private static string Explained(ParseResult parse, ParseError error) =>
        (error.Message.StartsWith("Unrecognized", StringComparison.Ordinal) && Unknown(parse) is { Length: > 0 } unknown ? unknown : null)
        ?? Arguments.Explain(parse, error)
        ?? error.Message;

    /// <summary>
    /// Every word no command takes, once, as one sentence per kind in the order each kind first comes: words before
    /// the command ("unexpected word 'foo' before 'backups list': ..."), options mistyped or of another command, words
    /// after a command that takes options only, a word after a switch ("--all takes no value, or true or false, not
    /// 'maybe'."), and a command mistyped ("'backup' is not a command of ddm; did you mean
    /// 'backups'?"), after which the words are taken as its own and not named; words after '--', which are plain words
    /// that no command takes ("unexpected word '--all' after '--': ..."). A word right after an unknown option is
    /// taken as its value (a number below zero too), unless a command is expected there and the word is close to one. Empty when the parse left
    /// no word untaken.
    /// </summary>
    private static string Unknown(ParseResult parse)
    {
        var reached = parse.CommandResult;
        var path = Path(reached);
        var where = reached.Parent is null ? "ddm" : $"'ddm {PathOf(reached)}'";
        var taken = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        Taken(parse.RootCommandResult, taken);

        // The words of each kind, and where the first of each stands: words before the command by how many of its
        // words come before them, options, words after the command, a command mistyped.
        var before = new SortedDictionary<int, (int At, List<string> Words)>();
        (int At, List<string> Words) options = (-1, new List<string>());
        (int At, List<string> Words) after = (-1, new List<string>());
        (int At, string Word)? mistyped = null;
        (int At, List<string> Words) misplaced = (-1, new List<string>());
        var misplacedTyped = new List<string>();
        var misplacedOptions = new List<Option>();
        var misplacedTokens = new List<int>();
        var misplacedHidden = false;
        var switchValues = new List<(int At, string Sentence)>();
        (int At, List<string> Words) dashed = (-1, new List<string>());
        var afterDoubleDash = false;
        var depth = 0;
        var valueOfUnknown = false;
        for (var at = 0; at < parse.Tokens.Count && mistyped is null; at++)
        {
            var token = parse.Tokens[at];
            var isValue = valueOfUnknown;
            valueOfUnknown = false;
            if (token.Type == TokenType.DoubleDash)
            {
                // Every word after '--' is a plain word, neither option nor command, and no command takes one.
                afterDoubleDash = true;
                continue;
            }

            if (token.Type == TokenType.Command)
            {
                depth++;
                continue;
            }

            // Taken, or the value of the unknown option before it, unless a command is expected there and the word is
            // close to one: 'ddm --bogus backup list' mistyped 'backups', and gave '--bogus' no value.
            var commandExpected = depth >= path.Count && reached.Command.Subcommands.Count > 0;
            if (token.Type != TokenType.Argument || taken.Contains(token)
                || (isValue && (!token.Value.StartsWith('-') || IsNegativeNumber(token.Value)) && !(commandExpected && NearCommand(reached, token.Value) is not null)))
            {
                continue;
            }

            if (afterDoubleDash)
            {
                dashed = Add(dashed, at, token.Value);
            }
            else if (at > 0 && Arguments.SwitchValue(parse, parse.Tokens[at - 1], token) is { } switchValue)
            {
                switchValues.Add((at, switchValue));
            }
            else if (token.Value.StartsWith('-'))
            {
                // The option's name alone: '--limt=5' is '--limt' given 5, which is close to '--limit'.
                var name = token.Value.IndexOfAny(['=', ':']) is > 0 and var end ? token.Value[..end] : token.Value;
                if (depth < path.Count && Arguments.OptionNamed(reached, name) is { } belongs)
                {
                    // An option of the command typed before it ('ddm --all backups list'), with its value, if it takes
                    // one and was not given it with '='.
                    misplaced = Add(misplaced, at, name);
                    if (!misplacedOptions.Contains(belongs))
                    {
                        misplacedOptions.Add(belongs);
                    }

                    misplacedTokens.Add(at);
                    var typed = token.Value;
                    var given = name.Length < token.Value.Length ? token.Value[(name.Length + 1)..] : null;
                    if (name.Length == token.Value.Length && belongs.ValueType != typeof(bool) && belongs.Arity.MaximumNumberOfValues > 0
                        && at + 1 < parse.Tokens.Count && parse.Tokens[at + 1] is { Type: TokenType.Argument } value && !taken.Contains(value))
                    {
                        typed += " " + value.Value;
                        given = value.Value;
                        at++;
                        misplacedTokens.Add(at);
                    }

                    // A value that looks like a URL is never repeated, and a line with it cut would not be the one meant.
                    misplacedHidden |= given is not null && Arguments.Shown(given) != given;
                    misplacedTyped.Add(typed);

                    continue;
                }

                // An option here, given with '=' or ':' to the one before it, which takes no value ('--help=--all').
                if (depth >= path.Count && Arguments.OptionNamed(reached, name) is not null && at > 0
                    && parse.Tokens[at - 1] is { Type: TokenType.Option } previous && Arguments.OptionNamed(reached, previous.Value) is { Arity.MaximumNumberOfValues: 0 } valueless)
                {
                    switchValues.Add((at, $"{valueless.Name} takes no value, not '{Arguments.Shown(token.Value)}'."));
                    continue;
                }

                options = Add(options, at, name);
                valueOfUnknown = name.Length == token.Value.Length;
            }
            else if (depth < path.Count)
            {
                before[depth] = Add(before.TryGetValue(depth, out var words) ? words : (-1, new List<string>()), at, token.Value);
            }
            else if (reached.Command.Subcommands.Count == 0)
            {
                after = Add(after, at, token.Value);
            }
            else
            {
                mistyped = (at, token.Value);
            }
        }

        var sentences = before.Select(words => (At: words.Value.At, Sentence: $"{Words(words.Value.Words)} before '{string.Join(' ', path.Skip(words.Key))}': only options may come before a command."))
            .Append((options.At, Sentence: options.At < 0 ? string.Empty : Options(options.Words, reached, where)))
            .Append((misplaced.At, Sentence: misplaced.At < 0 ? string.Empty : Misplaced(misplaced.Words, misplacedHidden ? null : misplacedTyped, reached, RefusedAfterCommand(parse, misplacedTokens, misplacedOptions))))
            .Append((after.At, Sentence: after.At < 0 ? string.Empty : $"{Words(after.Words)}: {where} takes options only."))
            .Append((At: mistyped?.At ?? -1, Sentence: mistyped is { } command ? Unknown(reached, command.Word) : string.Empty))
            .Append((dashed.At, Sentence: dashed.At < 0 ? string.Empty : $"{Words(dashed.Words)} after '--': the words after '--' are plain words, neither options nor commands, and no command of ddm takes any."))
            .Concat(switchValues)
            .Where(sentence => sentence.At >= 0)
            .OrderBy(sentence => sentence.At)
            .Select((sentence, index) => index > 0 && char.IsLower(sentence.Sentence[0]) ? char.ToUpperInvariant(sentence.Sentence[0]) + sentence.Sentence[1..] : sentence.Sentence);
        return string.Join(' ', sentences);

        static (int At, List<string> Words) Add((int At, List<string> Words) kind, int at, string word)
        {
            if (!kind.Words.Contains(word))
            {
                kind.Words.Add(word);
            }

            return (kind.At < 0 ? at : kind.At, kind.Words);
        }
    }

    /// <summary>
    /// Options of <paramref name="reached"/> typed before it ("'--all' is an option of 'ddm backups list', which goes after
    /// the command: 'ddm backups list --all'."), with the command and them after it, each as <paramref name="typed"/>
    /// (with its value). No other word is repeated: one of them may be a URL with a password in it. Where a value of
    /// theirs looks like a URL (<paramref name="typed"/> null), which a message names only in part, no line is shown
    /// either. Where they would be refused after the command too (<paramref name="refused"/>: given twice, a value they
    /// do not take), those errors come first and no line is shown, as any line would be refused or would pick one of
    /// two values.
    /// </summary>
    private static string Misplaced(List<string> options, List<string>? typed, CommandResult reached, List<string> refused)
    {
        var line = refused.Count > 0 || typed is null ? "." : ": '" + string.Join(' ', new[] { "ddm", PathOf(reached) }.Concat(typed)) + "'.";
        var prefix = refused.Count > 0 ? string.Join(' ', refused) + " " : string.Empty;
        return prefix + (options.Count == 1
            ? $"'{options[0]}' is an option of 'ddm {PathOf(reached)}', which goes after the command{line}"
            : $"{Listed(options.Select(option => $"'{option}'").ToList())} are options of 'ddm {PathOf(reached)}', which go after the command{line}");
    }

    /// <summary>
    /// The errors the options typed before the command (at <paramref name="moved"/> in the parse's tokens) would get
    /// after it, with the rest of the line as typed: each given twice (before and after the command, or twice before
    /// it), without the value it needs, or with one it does not take; one error per option, in the order the options
    /// came. Empty when the line with them moved after the command takes them.
    /// </summary>
    private static List<string> RefusedAfterCommand(ParseResult parse, List<int> moved, List<Option> options)
    {
        // The words as typed, with those options (and their values) right after the command instead.
        var lastCommand = parse.Tokens.Select((token, at) => (token, at)).Last(pair => pair.token.Type == TokenType.Command).at;
        var words = new List<string>();
        for (var at = 0; at < parse.Tokens.Count; at++)
        {
            if (!moved.Contains(at))
            {
                words.Add(parse.Tokens[at].Value);
            }

            if (at == lastCommand)
            {
                words.AddRange(moved.Select(index => parse.Tokens[index].Value));
            }
        }

        var check = parse.RootCommandResult.Command.Parse(words, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var refused = new Dictionary<Option, string>();
        foreach (var error in check.Errors)
        {
            if ((error.SymbolResult as OptionResult ?? (error.SymbolResult as ArgumentResult)?.Parent as OptionResult) is { } result
                && options.Contains(result.Option) && !refused.ContainsKey(result.Option))
            {
                refused[result.Option] = Arguments.CountProblem(result) ?? error.Message;
            }
        }

        // A word after a switch, which the parser leaves untaken rather than refusing the switch (--wide=maybe).
        foreach (var (first, second) in check.Tokens.Zip(check.Tokens.Skip(1)))
        {
            if (Arguments.OptionNamed(check.CommandResult, first.Value) is { } option && options.Contains(option) && !refused.ContainsKey(option)
                && Arguments.SwitchValue(check, first, second) is { } problem)
            {
                refused[option] = problem;
            }
        }

        return options.Where(refused.ContainsKey).Select(option => refused[option]).ToList();
    }

    /// <summary>Whether <paramref name="word"/> is a number below zero ("-5", "-1.5"): a value, not an option.</summary>
    private static bool IsNegativeNumber(string word) =>
        word.StartsWith('-') && decimal.TryParse(word, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    /// <summary>"unexpected word 'a'", "unexpected words 'a' and 'b'".</summary>
    private static string Words(List<string> words) =>
        (words.Count == 1 ? "unexpected word " : "unexpected words ") + Listed(words.Select(word => $"'{Arguments.Shown(word)}'").ToList());

    /// <summary>
    /// Options <paramref name="reached"/> does not take ("'--limt' is not an option of 'ddm backups list'; did you mean
    /// '--limit'?"), with the one each is close to where there is one.
    /// </summary>
    private static string Options(List<string> options, CommandResult reached, string where)
    {
        var names = OptionsOf(reached).Select(name => (name, name)).ToList();
        var closest = options.Select(option => (Option: option, Closest: Closest(option, names))).Where(pair => pair.Closest is not null).ToList();
        if (options.Count == 1)
        {
            return $"'{options[0]}' is not an option of {where}" + (closest.Count == 1 ? $"; did you mean '{closest[0].Closest}'?" : ".");
        }

        return $"{Listed(options.Select(option => $"'{option}'").ToList())} are not options of {where}"
            + (closest.Count == 0 ? "." : "; did you mean " + Listed(closest.Select(pair => $"'{pair.Closest}' for '{pair.Option}'").ToList()) + "?");
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Listed(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.SkipLast(1)) + " and " + items[^1];

    /// <summary>The tokens the parse took: the command words, options and values it matched, below <paramref name="result"/>.</summary>
    private static void Taken(SymbolResult result, HashSet<Token> taken)
    {
        taken.UnionWith(result.Tokens);
        if (result is CommandResult command)
        {
            taken.Add(command.IdentifierToken);
            foreach (var child in command.Children)
            {
                Taken(child, taken);
            }
        }
        else if (result is OptionResult { IdentifierToken: { } identifier })
        {
            taken.Add(identifier);
        }
    }

    /// <summary>
    /// A word where a command of <paramref name="reached"/> was expected: a command mistyped ("'backup' is not a
    /// command of ddm; did you mean 'backups'?") or one it does not have.
    /// </summary>
    private static string Unknown(CommandResult reached, string word)
    {
        var command = reached.Command;
        var where = reached.Parent is null ? "ddm" : $"'ddm {PathOf(reached)}'";

        if (NearCommand(reached, word) is { } closest)
        {
            return $"'{Arguments.Shown(word)}' is not a command of {where}; did you mean '{closest}'?";
        }

        var commands = Commands(command).ToList();
        var choices = commands.Count == 1 ? commands[0] : string.Join(", ", commands.SkipLast(1)) + " or " + commands[^1];
        return $"'{Arguments.Shown(word)}' is not a command of {where}, which takes {choices}.";
    }

    /// <summary>The command below <paramref name="reached"/> that <paramref name="word"/> is close to, as typed from there; null when none is.</summary>
    private static string? NearCommand(CommandResult reached, string word)
    {
        // Every command below, by its own name and shown as typed from here: 'ddm lst' is close to 'backups list'.
        var command = reached.Command;
        var names = command.Subcommands.Where(sub => !sub.Hidden).Select(sub => (sub.Name, sub.Name))
            .Concat(Commands(command).Where(path => path.Contains(' ', StringComparison.Ordinal)).Select(path => (path[(path.LastIndexOf(' ') + 1)..], path)));
        return Closest(word, names);
    }

    /// <summary>The closest of <paramref name="candidates"/> (name, as shown) to <paramref name="word"/>, as shown; null when none is close.</summary>
    private static string? Closest(string word, IEnumerable<(string Name, string Shown)> candidates)
    {
        // Close: the start of a name (three characters at least), or a few typing slips away, fewer for a short word.
        var most = word.TrimStart('-').Length >= 5 ? 2 : 1;
        return candidates
            .Select(candidate => (candidate.Shown, Distance: word.Length >= 3 && candidate.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(word.ToLowerInvariant(), candidate.Name)))
            .Where(candidate => candidate.Distance <= most)
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Shown)
            .FirstOrDefault();
    }

    /// <summary>
    /// How many characters must be added, removed, replaced or swapped with the next to make one word the other
    /// ("lsit" is one from "list").
    /// </summary>
    private static int EditDistance(string first, string second)
    {
        var distance = new int[first.Length + 1, second.Length + 1];
        for (var i = 0; i <= first.Length; i++)
        {
            distance[i, 0] = i;
        }

        for (var j = 0; j <= second.Length; j++)
        {
            distance[0, j] = j;
        }

        for (var i = 1; i <= first.Length; i++)
        {
            for (var j = 1; j <= second.Length; j++)
            {
                var cost = first[i - 1] == second[j - 1] ? 0 : 1;
                distance[i, j] = Math.Min(Math.Min(distance[i - 1, j] + 1, distance[i, j - 1] + 1), distance[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && first[i - 1] == second[j - 2] && first[i - 2] == second[j - 1])
                {
                    distance[i, j] = Math.Min(distance[i, j], distance[i - 2, j - 2] + 1);
                }
            }
        }

        return distance[first.Length, second.Length];
    }

    /// <summary>The long names of the options shown for <paramref name="reached"/>: its own and those of its parents that apply to it.</summary>
    private static IEnumerable<string> OptionsOf(CommandResult reached)
    {
        var own = true;
        for (SymbolResult? result = reached; result is not null; result = result.Parent)
        {
            if (result is CommandResult current)
            {
                foreach (var option in current.Command.Options.Where(option => !option.Hidden && (own || option.Recursive) && option.Name.StartsWith("--", StringComparison.Ordinal)))
                {
                    yield return option.Name;
                }

                own = false;
            }
        }
    }

    /// <summary>The words of a command as typed after ddm: "emulator", "backups list".</summary>
    private static string PathOf(CommandResult command) => string.Join(' ', Path(command));

    /// <summary>The words of a command after ddm, one by one: none for ddm itself.</summary>
    private static List<string> Path(CommandResult command)
    {
        var words = new List<string>();
        for (SymbolResult? result = command; result is CommandResult { Parent: not null } current; result = current.Parent)
        {
            words.Insert(0, current.Command.Name);
        }

        return words;
    }

    private static string OneLine(string message, bool utf8) => TerminalText.Clean(message.ReplaceLineEndings(" ").Replace('\t', ' ').Trim(), utf8);
}
