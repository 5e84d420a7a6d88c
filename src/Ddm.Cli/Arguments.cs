using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;

namespace Ddm.Cli;

/// <summary>How results are written.</summary>
internal enum OutputFormat
{
    /// <summary>Columns: fitted to a terminal, plain and complete when redirected.</summary>
    Table,

    /// <summary>One complete JSON document, written once everything has arrived.</summary>
    Json,

    /// <summary>JSON Lines: one object per line, streamed as items arrive.</summary>
    Jsonl,
}

/// <summary>
/// Options whose values are checked while parsing, before anything starts; every error names the option and
/// what it accepts (never a .NET type name).
/// </summary>
internal static class Arguments
{
    /// <summary>What each option made here accepts, in the words its errors use ("a whole number from 1 to 128").</summary>
    private static readonly ConditionalWeakTable<Option, string> Accepted = new();

    public static Option<int?> Integer(string name, int min, int max, string description)
    {
        var option = Accepting(new Option<int?>(name) { Description = description, HelpName = "N" }, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"));
        option.CustomParser = result =>
        {
            var text = Single(result);
            if (int.TryParse(Unsigned(text), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} takes {Accepts(option)}, not '{Shown(text)}'.");
            return null;
        };
        return option;
    }

    /// <summary>
    /// The digits of a number option's value without one leading '+', which every number option takes alike (as most
    /// command-line tools do); a '-' is left for the parse to refuse, since no option here takes a number below zero.
    /// </summary>
    private static string Unsigned(string text) => text.StartsWith('+') ? text[1..] : text;

    public static Option<OutputFormat> Output()
    {
        var option = Accepting(
            new Option<OutputFormat>("--output", "-o")
            {
                Description = "table (the default), json (one document) or jsonl (one JSON object per line, streamed).",
                HelpName = "table|json|jsonl",
            },
            "table, json or jsonl");
        option.CustomParser = result =>
        {
            var text = Single(result);
            switch (text.ToUpperInvariant())
            {
                case "TABLE":
                    return OutputFormat.Table;
                case "JSON":
                    return OutputFormat.Json;
                case "JSONL":
                    return OutputFormat.Jsonl;
                default:
                    result.AddError($"--output takes {Accepts(option)}, not '{Shown(text)}'.");
                    return OutputFormat.Table;
            }
        };
        return option;
    }

    /// <summary>
    /// <c>--wide</c>: every column of the table in full. Taken with <c>--output json</c> or <c>jsonl</c> too, whose
    /// fields are in full anyway, so that a script may pass it whatever the format.
    /// </summary>
    public static Option<bool> Wide() =>
        new("--wide") { Description = "Every column of the table in full, however wide the terminal; JSON output has every field in full, with or without it." };

    /// <summary>Seconds ("30", "1.5") or with a unit ("30s", "2m", "1h").</summary>
    public static Option<TimeSpan?> Timeout(TimeSpan defaultValue, bool recursive = true)
    {
        var option = Accepting(
            new Option<TimeSpan?>("--timeout")
            {
                Description = string.Create(CultureInfo.InvariantCulture, $"How long to wait for each answer of the service, in seconds or with a unit (30s, 2m, 1h); {defaultValue.TotalSeconds:0} s when not set."),
                HelpName = "SECONDS",
                Recursive = recursive,
            },
            "a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h");
        option.CustomParser = result =>
        {
            var text = Single(result);
            var (number, unit) = text.EndsWith('h') ? (text[..^1], 3600.0) : text.EndsWith('m') ? (text[..^1], 60.0) : text.EndsWith('s') ? (text[..^1], 1.0) : (text, 1.0);
            // At least a millisecond: a shorter time is no time at all to wait for an answer, and one shorter than a
            // TimeSpan's tick would become zero, which the client's options refuse.
            if (double.TryParse(Unsigned(number), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value * unit >= 0.001 && value * unit <= 3600)
            {
                return TimeSpan.FromSeconds(value * unit);
            }

            result.AddError($"--timeout takes {Accepts(option)}, not '{Shown(text)}'.");
            return null;
        };
        return option;
    }

    public static Option<string?> NonEmpty(string name, string description, bool required = false, bool recursive = false, string helpName = "ID")
    {
        var option = Accepting(new Option<string?>(name) { Description = description, Required = required, Recursive = recursive, HelpName = helpName }, helpName == "URL" ? "a URL" : "an id");
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && TextProblem(option, result.Tokens[^1].Value) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>
    /// What is wrong with the value of a text option: empty (or only white space), or for an id "." or "..", which in
    /// the request's path would be a step to another resource; null when nothing is.
    /// </summary>
    public static string? TextProblem(Option option, string value) =>
        string.IsNullOrWhiteSpace(value) ? EmptyValue(option.Name)
        : option.HelpName == "ID" && value is "." or ".." ? StepValue(option.Name, value)
        : null;

    /// <summary>The error of a text option given an empty value.</summary>
    private static string EmptyValue(string name) => $"{name} must not be empty.";

    /// <summary>
    /// The error of an id that is "." or "..": in the request's path it would be a step to another resource, which the
    /// client refuses to send.
    /// </summary>
    public static string StepValue(string name, string value) => $"{name} must be an id, not '{value}', which would address another resource in the request's path.";

    /// <summary>
    /// What is wrong with how many values an option was given, in its own words: none where it needs one, several where
    /// it takes one; null when neither is, or when the option does not say what it accepts.
    /// </summary>
    public static string? CountProblem(OptionResult result)
    {
        var option = result.Option;
        return Accepts(option) is not { } accepts ? null : result.Tokens.Count switch
        {
            0 when option.Arity.MinimumNumberOfValues > 0 => $"{option.Name} needs a value: {accepts}.",
            > 1 when option.Arity.MaximumNumberOfValues == 1 => string.Create(CultureInfo.InvariantCulture, $"{option.Name} is given {result.Tokens.Count} times; it takes one value: {accepts}."),
            _ => null,
        };
    }

    /// <summary>What <paramref name="option"/> accepts, as its errors say it; for a switch (--all), no value or true or false.</summary>
    public static string? Accepts(Option option) =>
        Accepted.TryGetValue(option, out var text) ? text : option.ValueType == typeof(bool) && option.Arity.MaximumNumberOfValues > 0 ? "no value, or true or false" : null;

    /// <summary>
    /// The error a parse ended with, in the words of the option it concerns where System.CommandLine's own name no
    /// option or say nothing of what it accepts: a value missing, one given several times, a required option not given,
    /// a word after a switch (<c>--wide=maybe</c>). Null for any other error, whose own message stands.
    /// </summary>
    public static string? Explain(ParseResult parse, ParseError error)
    {
        var result = error.SymbolResult as OptionResult ?? (error.SymbolResult as ArgumentResult)?.Parent as OptionResult;
        if (result is { Implicit: false } && CountProblem(result) is { } problem)
        {
            return problem;
        }

        // A required option not given, which System.CommandLine names without what it takes.
        foreach (var option in parse.CommandResult.Command.Options)
        {
            if (option.Required && parse.GetResult(option) is null or { Implicit: true } && Accepts(option) is { } required
                && error.Message.Contains($"'{option.Name}'", StringComparison.Ordinal))
            {
                return $"{option.Name} is required: {required}.";
            }
        }

        // A word the parser did not take, right after a switch: meant for it (--wide=maybe, --all maybe).
        foreach (var (first, second) in parse.Tokens.Zip(parse.Tokens.Skip(1)))
        {
            if (SwitchValue(parse, first, second) is { } switchProblem)
            {
                return switchProblem;
            }
        }

        return null;
    }

    /// <summary>
    /// The error of <paramref name="word"/>, a word the parser did not take, right after <paramref name="option"/>, a
    /// switch it was meant for (<c>--all maybe</c>); null when the two are not that.
    /// </summary>
    public static string? SwitchValue(ParseResult parse, Token option, Token word) =>
        option.Type == TokenType.Option && word.Type == TokenType.Argument && parse.UnmatchedTokens.Contains(word.Value)
        && OptionNamed(parse.CommandResult, option.Value) is { ValueType: var type } found && type == typeof(bool) && Accepts(found) is { } accepts
            ? $"{found.Name} takes {accepts}, not '{Shown(word.Value)}'."
            : null;

    /// <summary>The option <paramref name="name"/> (or alias) means for <paramref name="command"/>: its own, or a recursive one of a parent.</summary>
    public static Option? OptionNamed(CommandResult command, string name)
    {
        var own = true;
        for (SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is CommandResult current
                && current.Command.Options.FirstOrDefault(option => (own || option.Recursive) && (option.Name == name || option.Aliases.Contains(name))) is { } found)
            {
                return found;
            }

            own = false;
        }

        return null;
    }

    /// <summary>
    /// A word typed, as a message may name it: one that looks like a URL (a scheme; ":password@" before a host, with a
    /// user name or without; "password@" before a host, its '@' before any '/', such as "password@host/path"; or a host or
    /// path with '/' before its query or fragment, such as "host/?key=secret")
    /// without the user name and password it may carry, and cut at its query or fragment, which may hold a secret too, as
    /// a URL setting is shown; any other word (an "@path", "?x=1", "/?" with nothing after its '?' and no '@' too) as
    /// typed. A word with '@' is hidden as a URL whatever follows its '?': "token@host/path?" carries a secret before it.
    /// </summary>
    public static string Shown(string word) =>
        word.Contains("://", StringComparison.Ordinal)
        || (word.IndexOf(':', StringComparison.Ordinal) is >= 0 and var colon && word.IndexOf('@', colon) > colon)
        || (word.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && word.IndexOf('/', StringComparison.Ordinal) is var slash && (slash < 0 || at < slash))
        || (word.IndexOfAny(['?', '#']) is > 0 and var query && (query < word.Length - 1 || word.Contains('@', StringComparison.Ordinal))
            && word.LastIndexOf('/', query - 1) >= 0)
            ? Service.Settings.Shown(word)
            : word;

    private static T Accepting<T>(T option, string accepts)
        where T : Option
    {
        Accepted.AddOrUpdate(option, accepts);
        return option;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
