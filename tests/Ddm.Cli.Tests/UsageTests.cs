using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Ddm.Cli.Tests;

/// <summary>
/// Every usage error: exit 2, one line that names the option (and what it accepts), no .NET type name, and nothing
/// started: with no cloud settings an emulator start would announce itself on stderr.
/// </summary>
public sealed class UsageTests
{
    public static TheoryData<string, string[]> Errors => new()
    {
        { "--limit", new[] { "backups", "list", "--limit", "500" } },
        { "--limit", new[] { "backups", "list", "--limit", "0" } },
        { "--limit", new[] { "backups", "list", "--limit", "abc" } },
        { "--limit", new[] { "backups", "list", "--all", "--limit", "1.5" } },
        { "--offset", new[] { "backups", "list", "--offset", "-1" } },
        { "--offset", new[] { "backups", "list", "--offset", "x" } },
        { "--output", new[] { "backups", "list", "--output", "xml" } },
        { "--output", new[] { "backups", "restore-window", "--instance-id", "i", "--output", "yaml" } },
        { "--timeout", new[] { "backups", "list", "--timeout", "0" } },
        { "--timeout", new[] { "backups", "list", "--timeout", "soon" } },
        { "--instance-id", new[] { "backups", "restore-window" } },
        { "--instance-id", new[] { "backups", "restore-window", "--instance-id", "" } },
        { "--project-id", new[] { "backups", "list", "--project-id", "" } },
        { "--endpoint", new[] { "backups", "list", "--endpoint", "" } },
        { "--endpoint", new[] { "backups", "restore-window", "--instance-id", "i", "--endpoint", " " } },
        { "--token", new[] { "backups", "list", "--token", "secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "backups", "list", "--token-stdin", "secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "backups", "list", "--token-stdin=secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "--token-stdin:secret-on-the-command-line", "backups", "list" } },
        // Regression (found by ArgumentPropertyTests): after an option left without its value, --token and --token-stdin
        // were taken for that value, and the token after them was named as a stray word.
        { "--token-stdin takes no value", new[] { "backups", "list", "--offset", "--token-stdin", "secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "--timeout", "--token-stdin", "secret-on-the-command-line", "backups", "list" } },
        { "--token is not accepted", new[] { "backups", "list", "--output", "--token", "secret-on-the-command-line" } },
        { "--token is not accepted", new[] { "backups", "restore-window", "--instance-id", "--token", "secret-on-the-command-line" } },
        // Regression (found by ArgumentPropertyTests): --token with a stray word beside it was answered with that word
        // alone (the token itself, where it was typed twice), not with the refusal of --token.
        { "--token is not accepted", new[] { "--token", "secret-on-the-command-line", "secret-on-the-command-line" } },
        { "--token is not accepted", new[] { "backups", "list", "--token", "secret-on-the-command-line", "extra" } },
        // Regression: after '--', --token-stdin joined to its value with = or : is one plain word, which was named whole
        // as a stray word, token and all; --token so joined is refused there as anywhere.
        { "--token-stdin takes no value", new[] { "backups", "list", "--", "--token-stdin=secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "backups", "list", "--", "--token-stdin:secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "--help", "--", "--token-stdin=secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "--version", "--", "--token-stdin:secret-on-the-command-line" } },
        { "--token is not accepted", new[] { "backups", "list", "--", "--token=secret-on-the-command-line" } },
        { "--token is not accepted", new[] { "backups", "list", "--", "--token:secret-on-the-command-line" } },
        { "--token is not accepted", new[] { "--help", "--", "--token=secret-on-the-command-line" } },
        { "--port", new[] { "emulator", "--port", "70000" } },
        { "--port", new[] { "emulator", "--port", "http" } },
        { "--backups", new[] { "emulator", "--backups", "-1" } },
        { "frobnicate", new[] { "backups", "frobnicate" } },
        { "a command is needed: backups list, backups restore-window or emulator.", Array.Empty<string>() },
        { "'backups' needs a command: list or restore-window.", new[] { "backups" } },
        { "--timeout", new[] { "--timeout", "soon" } },
        { "--token", new[] { "--token", "secret-on-the-command-line" } },
        { "--timeout applies to the backups commands, not to 'ddm emulator'", new[] { "emulator", "--timeout", "5" } },
        { "--timeout applies to the backups commands, not to 'ddm emulator'", new[] { "--timeout", "5", "emulator" } },
        { "--endpoint applies to the backups commands, not to 'ddm emulator'", new[] { "emulator", "--endpoint", "https://ddm.example.com" } },
        { "--project-id applies to the backups commands, not to 'ddm emulator'", new[] { "emulator", "--project-id=p" } },
        { "--token-stdin applies to the backups commands, not to 'ddm emulator'", new[] { "emulator", "--token-stdin" } },
        { "--timeout applies to the backups commands, not to 'ddm emulator'", new[] { "emulator", "--timeout:5" } },
        // A value given to --token-stdin is refused as such whatever the command, as one after a space is.
        { "--token-stdin takes no value", new[] { "emulator", "--token-stdin:secret-on-the-command-line" } },
        { "--token-stdin takes no value", new[] { "emulator", "--token-stdin", "secret-on-the-command-line" } },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task A_usage_error_exits_2_names_the_option_and_starts_nothing(string option, string[] args)
    {
        // Bounded: a command line taken for a valid one may start the emulator, which runs until cancelled.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ddm: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(option, lines[0], StringComparison.Ordinal);
        Assert.Equal("Run 'ddm --help' for usage.", lines[^1]);
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator answers", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-on-the-command-line", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    public async Task Usage_errors_and_help_are_the_same_english_whatever_the_users_language(string name)
    {
        // Regression: under a Turkish or German UI culture the parser's own messages came translated, so the English
        // words the most telling error was picked by never matched: "ddm --timeout soon" said only "ddm: Gerekli komut
        // sağlanmadı." (no command given) and an unknown word was reported half in Turkish.
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var uiCulture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo(name);
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(name);
        try
        {
            var (_, _, timeout) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--timeout", "soon" }).WaitAsync(TimeSpan.FromMinutes(1));
            var (_, _, unknown) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "frobnicate" }).WaitAsync(TimeSpan.FromMinutes(1));
            var (_, help, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--help" }).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.StartsWith("ddm: --timeout takes ", timeout, StringComparison.Ordinal);
            Assert.Equal("ddm: 'frobnicate' is not a command of 'ddm backups', which takes list or restore-window.\nRun 'ddm --help' for usage.\n", unknown);
            Assert.Contains("Usage:", help, StringComparison.Ordinal);
            Assert.Contains("Options:", help, StringComparison.Ordinal);
            Assert.Equal(name, System.Globalization.CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    [Theory]
    [InlineData("--limit needs a value: a whole number from 1 to 128.", "backups", "list", "--limit")]
    [InlineData("--output needs a value: table, json or jsonl.", "backups", "list", "-o")]
    [InlineData("--timeout needs a value: a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h.", "backups", "list", "--timeout")]
    [InlineData("--instance-id needs a value: an id.", "backups", "restore-window", "--instance-id")]
    [InlineData("--instance-id is required: an id.", "backups", "restore-window")]
    [InlineData("--instance-id is required: an id.", "backups", "restore-window", "--output", "json")]
    [InlineData("--port needs a value: a whole number from 0 to 65535.", "emulator", "--port")]
    [InlineData("--limit is given 2 times; it takes one value: a whole number from 1 to 128.", "backups", "list", "--limit", "5", "--limit", "6")]
    [InlineData("--wide takes no value, or true or false, not 'maybe'.", "backups", "list", "--wide=maybe")]
    [InlineData("--all takes no value, or true or false, not 'maybe'.", "backups", "list", "--all", "maybe")]
    public async Task A_missing_repeated_or_unexpected_value_is_named_with_what_the_option_accepts(string message, params string[] args)
    {
        // Regression: System.CommandLine's own words came through ("Required argument missing for option: '--limit'.",
        // "Unrecognized command or argument 'maybe'.", "Option '--limit' expects a single argument but 2 were provided.", "Option '--instance-id' is required.").
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("'backup' is not a command of ddm; did you mean 'backups'?", "backup", "list")]
    [InlineData("'bakcups' is not a command of ddm; did you mean 'backups'?", "bakcups", "list")]
    [InlineData("'emulater' is not a command of ddm; did you mean 'emulator'?", "emulater")]
    [InlineData("'list' is not a command of ddm; did you mean 'backups list'?", "list")]
    [InlineData("'lst' is not a command of 'ddm backups'; did you mean 'list'?", "backups", "lst")]
    [InlineData("'restore' is not a command of 'ddm backups'; did you mean 'restore-window'?", "backups", "restore", "--instance-id", "i")]
    [InlineData("'frobnicate' is not a command of ddm, which takes backups list, backups restore-window or emulator.", "frobnicate")]
    [InlineData("'--limt' is not an option of 'ddm backups list'; did you mean '--limit'?", "backups", "list", "--limt", "5")]
    [InlineData("'--limt' is not an option of 'ddm backups list'; did you mean '--limit'?", "backups", "list", "--limt=5")]
    [InlineData("'--bogus' is not an option of 'ddm backups list'.", "backups", "list", "--bogus")]
    [InlineData("'--bogus' is not an option of 'ddm backups list'.", "backups", "list", "--bogus", "-5")]
    [InlineData("'--bogus' is not an option of ddm.", "--bogus")]
    [InlineData("'extra' is not a command of ddm, which takes backups list, backups restore-window or emulator.", "--version", "extra")]
    [InlineData("unexpected word 'extra': 'ddm emulator' takes options only.", "emulator", "extra")]
    public async Task An_unknown_word_is_named_in_ddm_s_words_with_the_command_or_option_it_is_close_to(string message, params string[] args)
    {
        // Regression: System.CommandLine's own "Unrecognized command or argument 'backup'." came through, capitalised
        // unlike every other line of ddm's and without a word on what was meant.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("unexpected words 'foo' and 'bar': 'ddm backups list' takes options only.", "backups", "list", "foo", "bar")]
    [InlineData("unexpected words 'a', 'b' and 'c': 'ddm emulator' takes options only.", "emulator", "a", "b", "c")]
    [InlineData("unexpected word 'foo': 'ddm backups list' takes options only.", "backups", "list", "foo", "--limit", "5", "foo")]
    [InlineData("'--bogus' and '--other' are not options of 'ddm backups list'.", "backups", "list", "--bogus", "--other")]
    [InlineData("'--limt' and '--ofset' are not options of 'ddm backups list'; did you mean '--limit' for '--limt' and '--offset' for '--ofset'?", "backups", "list", "--limt", "5", "--ofset", "3")]
    [InlineData("'--limt' and '--bogus' are not options of 'ddm backups list'; did you mean '--limit' for '--limt'?", "backups", "list", "--limt", "5", "--bogus")]
    [InlineData("'--bogus' is not an option of 'ddm backups list'. Unexpected word 'extra': 'ddm backups list' takes options only.", "backups", "list", "--bogus", "--limit", "5", "extra")]
    [InlineData("unexpected word 'foo' before 'backups list': only options may come before a command. '--bogus' is not an option of 'ddm backups list'.", "foo", "backups", "list", "--bogus")]
    [InlineData("unexpected word 'foo' before 'backups list': only options may come before a command.", "foo", "backups", "list")]
    [InlineData("unexpected words 'foo' and 'bar' before 'backups list': only options may come before a command.", "foo", "bar", "backups", "list", "--all")]
    [InlineData("unexpected word 'foo' before 'list': only options may come before a command.", "backups", "foo", "list")]
    [InlineData("unexpected word 'foo' before 'emulator': only options may come before a command.", "foo", "emulator")]
    [InlineData("'--bogus' is not an option of ddm. 'backup' is not a command of ddm; did you mean 'backups'?", "--bogus", "backup", "list")]
    [InlineData("unexpected word 'foo': 'ddm backups list' takes options only. --all takes no value, or true or false, not 'bar'.", "backups", "list", "foo", "--all", "bar")]
    [InlineData("--all takes no value, or true or false, not 'bar'. Unexpected word 'foo': 'ddm backups list' takes options only.", "backups", "list", "--all", "bar", "foo")]
    [InlineData("'--bogus' is not an option of 'ddm backups'. 'lst' is not a command of 'ddm backups'; did you mean 'list'?", "backups", "--bogus", "lst")]
    public async Task Every_unknown_word_is_named_once_and_where_it_stands(string message, params string[] args)
    {
        // Regression: of two unknown words only the first was named, so a second run met the second; and a stray word
        // before the command was said to be one that the command, after it, takes no word like.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("'extra' is not a command of ddm, which takes backups list, backups restore-window or emulator.", "--help", "extra")]
    [InlineData("'lst' is not a command of 'ddm backups'; did you mean 'list'?", "backups", "--help", "lst")]
    [InlineData("unexpected word 'extra': 'ddm backups list' takes options only.", "backups", "list", "-h", "extra")]
    [InlineData("unexpected word 'x': 'ddm emulator' takes options only.", "emulator", "x", "--help")]
    [InlineData("'--bogus' is not an option of 'ddm backups list'.", "backups", "list", "--help", "--bogus")]
    public async Task Help_with_a_word_it_does_not_take_names_the_word(string message, params string[] args)
    {
        // Regression: help with another word printed the help and exited 0, the word ignored, so 'ddm backups --help lst'
        // showed the help of 'ddm backups' without a word on 'lst', as 'ddm --version extra' no longer does.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));
        var (helpCode, help, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--help", "backups", "list" }).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
        Assert.Equal(0, helpCode);
        Assert.Contains("List backups: one page", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'--all' is an option of 'ddm backups list', which goes after the command: 'ddm backups list --all'.", "--all", "backups", "list")]
    [InlineData("'--all' is an option of 'ddm backups list', which goes after the command: 'ddm backups list --all'.", "backups", "--all", "list", "--wide")]
    [InlineData("'--limit' and '-o' are options of 'ddm backups list', which go after the command: 'ddm backups list --limit 5 -o json'.", "--limit", "5", "-o", "json", "backups", "list", "--all")]
    [InlineData("'--limit' is an option of 'ddm backups list', which goes after the command: 'ddm backups list --limit=5'.", "--endpoint", "https://user:secret-on-the-command-line@ddm.example.com", "--limit=5", "backups", "list")]
    [InlineData("'--instance-id' is an option of 'ddm backups restore-window', which goes after the command: 'ddm backups restore-window --instance-id i1'.", "--instance-id", "i1", "backups", "restore-window")]
    [InlineData("'--port' is an option of 'ddm emulator', which goes after the command: 'ddm emulator --port 0'.", "--port", "0", "emulator")]
    [InlineData("unexpected word 'foo' before 'backups list': only options may come before a command. '--all' is an option of 'ddm backups list', which goes after the command: 'ddm backups list --all'.", "foo", "--all", "backups", "list")]
    public async Task An_option_of_the_command_typed_before_it_is_named_with_where_it_goes(string message, params string[] args)
    {
        // Regression: 'ddm --all backups list' said "'--all' is not an option of 'ddm backups list'; did you mean
        // '--all'?", which --all is, and 'ddm --limit 5 backups list' the same of --limit.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
        Assert.DoesNotContain("secret-on-the-command-line", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--instance-id", "https://user:pw-0817@ddm.example.com", "backups", "restore-window")]
    [InlineData("--instance-id=https://user:pw-0817@ddm.example.com", "backups", "restore-window")]
    [InlineData("--instance-id:https://ddm.example.com/?key=pw-0817", "backups", "restore-window")]
    [InlineData("--instance-id", "i1/?key=pw-0817", "backups", "restore-window")]
    public async Task An_option_typed_before_its_command_with_a_url_like_value_is_named_without_the_line(params string[] args)
    {
        // Regression: the line shown after the command repeated the option's value as typed, so a URL with a password,
        // query or fragment in it was written to stderr whole; a line with the value cut would not be the one meant, so
        // none is shown.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));
        var option = args[0].Split('=', ':')[0];
        var command = string.Join(' ', args.Where(arg => arg is "backups" or "list" or "restore-window"));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal($"ddm: '{option}' is an option of 'ddm {command}', which goes after the command.\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("--limit is given 2 times; it takes one value: a whole number from 1 to 128. '--limit' is an option of 'ddm backups list', which goes after the command.", "--limit", "5", "--limit", "6", "backups", "list")]
    [InlineData("--limit is given 2 times; it takes one value: a whole number from 1 to 128. '--limit' is an option of 'ddm backups list', which goes after the command.", "--limit", "5", "backups", "list", "--limit", "6")]
    [InlineData("--limit is given 2 times; it takes one value: a whole number from 1 to 128. '--all' and '--limit' are options of 'ddm backups list', which go after the command.", "--all", "--limit", "5", "--limit=6", "backups", "list")]
    [InlineData("--limit needs a value: a whole number from 1 to 128. '--limit' is an option of 'ddm backups list', which goes after the command.", "--limit", "backups", "list")]
    [InlineData("--limit takes a whole number from 1 to 128, not '500'. '--limit' is an option of 'ddm backups list', which goes after the command.", "--limit", "500", "backups", "list")]
    [InlineData("--wide takes no value, or true or false, not 'maybe'. '--wide' is an option of 'ddm backups list', which goes after the command.", "--wide=maybe", "backups", "list")]
    [InlineData("--instance-id must be an id, not '..', which would address another resource in the request's path. '--instance-id' is an option of 'ddm backups restore-window', which goes after the command.", "--instance-id", "..", "backups", "restore-window")]
    public async Task An_option_typed_before_its_command_that_would_be_refused_after_it_says_why_first(string message, params string[] args)
    {
        // Regression: 'ddm --limit 5 --limit 6 backups list' was told to run 'ddm backups list --limit 5 --limit 6',
        // which is refused as --limit given 2 times; so was every other line shown that the option's value, or the
        // same option after the command, made wrong.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("--limit", "5", "backups", "list")]
    [InlineData("--limit", "5", "--limit", "6", "backups", "list")]
    [InlineData("--limit", "5", "backups", "list", "--limit", "6")]
    [InlineData("--limit", "500", "backups", "list")]
    [InlineData("--limit", "backups", "list")]
    [InlineData("-o", "json", "--all", "--all", "backups", "list")]
    [InlineData("--wide=maybe", "backups", "list")]
    public async Task The_line_shown_for_an_option_typed_before_its_command_is_taken(params string[] args)
    {
        // The line the error shows, where it shows one, runs; with the words typed after the command, it still does.
        var (exitCode, _, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, exitCode);
        var shown = System.Text.RegularExpressions.Regex.Match(error, @"which go(?:es)? after the command: 'ddm (?<line>[^']*)'\.");
        if (!shown.Success)
        {
            Assert.Contains("which go", error, StringComparison.Ordinal);
            return;
        }

        var line = shown.Groups["line"].Value.Split(' ');
        var typedAfter = args.SkipWhile(word => word != "list").Skip(1);
        foreach (var words in new[] { line, line.Concat(typedAfter).ToArray() })
        {
            var (lineCode, _, lineError) = await Harness.Run(new Dictionary<string, string?>(), words).WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(lineCode == 0, $"'ddm {string.Join(' ', words)}' was refused: {lineError}");
        }
    }

    [Theory]
    [InlineData("json", "backups", "list")]
    [InlineData("jsonl", "backups", "list", "--all")]
    public async Task Wide_is_taken_with_json_output_and_changes_nothing(string format, params string[] args)
    {
        // JSON has every field in full whatever the width, so --wide, which asks for that of the table, is harmless
        // there (a script may pass it always); help and README say so.
        var json = args.Append("--output").Append(format).ToArray();
        var (exitCode, plain, _) = await Harness.Run(new Dictionary<string, string?>(), json).WaitAsync(TimeSpan.FromMinutes(1));
        var (wideCode, wide, _) = await Harness.Run(new Dictionary<string, string?>(), json.Append("--wide").ToArray()).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, exitCode);
        Assert.Equal(0, wideCode);
        Assert.NotEmpty(plain);
        Assert.Equal(plain, wide);
        foreach (var command in new[] { "list", "restore-window" })
        {
            var (_, help, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", command, "--help" });
            var helpText = System.Text.RegularExpressions.Regex.Replace(help, @"\s+", " ");
            Assert.Contains("--wide Every column of the table in full, however wide the terminal; JSON output has every field in full, with or without it.", helpText, StringComparison.Ordinal);
        }

        var readme = File.ReadAllText(Path.Combine(ReadmeTests.RepoRoot(), "README.md"));
        var sentence = System.Text.RegularExpressions.Regex.Match(readme, @"`--wide` [^.]*\.", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("`--output json`", sentence, StringComparison.Ordinal);
        Assert.Contains("`jsonl`", sentence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backups", "list", "--timeout", "1h")]
    [InlineData("--timeout", "0.5h", "backups", "list")]
    [InlineData("backups", "list", "--timeout", "+0.01h", "--all")]
    public async Task A_timeout_in_hours_is_taken_up_to_3600_s(params string[] args)
    {
        // Regression: --timeout took 30s and 60m but refused 1h, the same 3600 s, as not a number of seconds.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args.Append("--output").Append("json").ToArray()).WaitAsync(TimeSpan.FromMinutes(1));
        var (overCode, _, over) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", "--timeout", "1.01h" }).WaitAsync(TimeSpan.FromMinutes(1));
        var (_, help, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", "--help" });

        Assert.DoesNotContain(" takes ", error, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Assert.NotEmpty(output);
        Assert.Equal(2, overCode);
        Assert.Equal("ddm: --timeout takes a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h, not '1.01h'.\nRun 'ddm --help' for usage.\n", over);
        Assert.Contains("with a unit (30s, 2m, 1h)", System.Text.RegularExpressions.Regex.Replace(help, @"\s+", " "), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backups", "list", "--token")]
    [InlineData("--token", "backups", "list")]
    [InlineData("backups", "restore-window", "--instance-id", "i", "--token")]
    public async Task Token_without_a_value_points_at_the_safe_ways_to_give_one(params string[] args)
    {
        // Regression: System.CommandLine's "Required argument missing for option: '--token'." invited a token on the
        // command line, where --token with a value was refused with the ways that keep it off.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: --token is not accepted: a token on the command line is visible to other users. Use OS_AUTH_TOKEN or --token-stdin.\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData(true, "\uFFFD[31mX Y\u00DB")]
    [InlineData(false, "?[31mX Y?")]
    public async Task A_wrong_value_before_the_command_is_one_clean_line_as_after_it(bool utf8, string shown)
    {
        // Regression: the error of an option given before the command repeated its value as it came, so an escape
        // sequence reached the terminal, a line break split the line, and text outside ASCII went out as UTF-8 where
        // the locale is not UTF-8 (the second byte of U+00DB is the 8-bit CSI).
        const string Value = "\u001b[31mX\nY\u00DB";
        var expected = "ddm: --timeout takes a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h, not '" + shown + "'.\nRun 'ddm --help' for usage.\n";

        var (beforeCode, _, before) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--timeout", Value, "backups", "list" }, utf8: utf8).WaitAsync(TimeSpan.FromMinutes(1));
        var (afterCode, _, after) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", "--timeout", Value }, utf8: utf8).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, beforeCode);
        Assert.Equal(2, afterCode);
        Assert.Equal(expected, after);
        Assert.Equal(expected, before);
    }

    [Fact]
    public async Task A_word_starting_with_at_is_taken_as_it_is_and_never_as_a_file_to_read()
    {
        // Regression: System.CommandLine's response files were on, so "@path" anywhere on the command line was replaced
        // by the words of that file: "--instance-id @path" sent the file's first word to the service as the instance
        // id, and "@path" alone echoed the file's words in its error.
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "file-secret-one\nfile-secret-two\n");
            using var server = LoopbackServer.Answering("""{"error_code":"DBS.280001","error_msg":"Parameter error."}""", status: 400);

            var (idCode, _, idError) = await Harness.Run(server.Cloud(), new[] { "backups", "restore-window", "--instance-id", "@" + file }).WaitAsync(TimeSpan.FromMinutes(1));
            var (wordCode, wordOutput, wordError) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", "@" + file }).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(1, idCode);
            Assert.Equal(1, server.Requests);
            Assert.DoesNotContain("file-secret", idError, StringComparison.Ordinal);
            Assert.Equal(2, wordCode);
            Assert.Empty(wordOutput);
            Assert.Equal("ddm: unexpected word '@" + file + "': 'ddm backups list' takes options only.\nRun 'ddm --help' for usage.\n", wordError);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("0.0001", "backups", "list", "--timeout", "0.0001")]
    [InlineData("0.00000000001", "backups", "list", "--timeout", "0.00000000001")]
    [InlineData("0.0000001m", "--timeout", "0.0000001m", "backups", "list")]
    public async Task A_timeout_shorter_than_a_millisecond_is_refused_before_anything_starts(string value, params string[] args)
    {
        // Regression: a timeout above 0 but shorter than a TimeSpan's tick became zero and the client's options refused
        // it with a stack trace (134); one under a millisecond ran and was said to have run out "within 0 s".
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: --timeout takes a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h, not '" + value + "'.\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("backups", "list", "--limit", "+2", "--timeout", "+30")]
    [InlineData("--timeout", "+30s", "backups", "list", "--offset", "+0", "--limit", "2")]
    [InlineData("--timeout", "+0.5m", "backups", "list", "--limit", "+2")]
    public async Task Every_number_option_takes_a_leading_plus_sign_alike(params string[] args)
    {
        // Regression: --limit took "+5" while --timeout refused "+30" as not a number of seconds.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args.Append("--output").Append("json").ToArray()).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.DoesNotContain(" takes ", error);
        Assert.Equal(0, exitCode);
        Assert.NotEmpty(output);
    }

    [Theory]
    [InlineData("--timeout takes a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h, not '3601'.", "--timeout", "3601", "backups", "list")]
    [InlineData("--timeout takes a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h, not 'x'.", "--timeout", "x", "backups", "restore-window", "--instance-id", "i")]
    [InlineData("--timeout is given 2 times; it takes one value: a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h.", "--timeout", "1", "--timeout", "2", "backups", "list")]
    [InlineData("--endpoint is given 2 times; it takes one value: a URL.", "--endpoint", "a", "--endpoint", "b", "backups", "list")]
    [InlineData("--endpoint must not be empty.", "--endpoint", "", "backups", "list")]
    [InlineData("--project-id must not be empty.", "--project-id", " ", "backups", "list")]
    [InlineData("--timeout takes a number of seconds from 0.001 to 3600, or a value such as 30s, 2m or 1h, not 'x'.", "--timeout", "x", "backups", "list", "--timeout", "5")]
    public async Task An_option_given_before_the_command_is_checked_as_after_it(string message, params string[] args)
    {
        // Regression: the copies of these options before the command were never checked: a wrong or repeated value
        // crashed ddm with a stack trace (134), an empty one was let through, and one overridden after the command was dropped.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("--instance-id must be an id, not '..', which would address another resource in the request's path.", null, "backups", "restore-window", "--instance-id", "..")]
    [InlineData("--instance-id must be an id, not '.', which would address another resource in the request's path.", null, "backups", "restore-window", "--instance-id", ".")]
    [InlineData("--project-id must be an id, not '..', which would address another resource in the request's path.", null, "--project-id", "..", "backups", "list")]
    [InlineData("OS_PROJECT_ID (or --project-id) must be an id, not '..', which would address another resource in the request's path.", "..", "backups", "list")]
    public async Task An_id_that_is_a_step_in_the_path_is_refused_before_any_request(string message, string? projectId, params string[] args)
    {
        // Regression: '--instance-id ..' went out as %2E%2E, which the service resolved to another resource (a 405 from
        // /backups); then the client refused it, and ddm crashed with its ArgumentException and a stack trace (134).
        var environment = projectId is null
            ? new Dictionary<string, string?>()
            : new Dictionary<string, string?> { ["OS_AUTH_TOKEN"] = "t", ["OS_PROJECT_ID"] = projectId, ["DDM_ENDPOINT"] = "http://127.0.0.1:9" };
        var (exitCode, output, error) = await Harness.Run(environment, args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: " + message + "\n", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit", "1 to 128")]
    [InlineData("--output", "table, json or jsonl")]
    public async Task The_error_lists_what_the_option_accepts(string option, string allowed)
    {
        var (_, _, error) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", option, "nonsense" });

        Assert.Contains(allowed, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_s_help_leaves_out_the_options_of_the_backups_commands()
    {
        // Regression: the options every backups command shares were shown for the emulator, which ignored them.
        var (exitCode, emulatorHelp, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "emulator", "--help" });
        var (_, listHelp, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", "--help" });

        Assert.Equal(0, exitCode);
        Assert.Contains("--port", emulatorHelp, StringComparison.Ordinal);
        foreach (var option in new[] { "--endpoint", "--project-id", "--token-stdin", "--timeout" })
        {
            Assert.DoesNotContain(option, emulatorHelp, StringComparison.Ordinal);
            Assert.Contains(option, listHelp, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_shared_options_still_count_before_the_command()
    {
        var (exitCode, _, error) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--endpoint", "ftp://x", "--project-id", "p", "backups", "list" });

        Assert.Equal(2, exitCode);
        Assert.StartsWith("ddm: --endpoint/DDM_ENDPOINT 'ftp://x' is not an http(s) URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_shows_the_output_formats_and_the_sign_in_variables()
    {
        var (exitCode, listHelp, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "backups", "list", "--help" });
        var (_, rootHelp, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--help" });

        Assert.Equal(0, exitCode);
        Assert.Contains("--output <table|json|jsonl>", listHelp, StringComparison.Ordinal);
        Assert.DoesNotContain("--token <", listHelp, StringComparison.Ordinal);
        Assert.Contains("--token-stdin", listHelp, StringComparison.Ordinal);
        // Every variable that rules out the built-in emulator is named where help says when the emulator answers.
        foreach (var variable in Ddm.Cli.Service.Settings.CloudVariables.Append("built-in emulator"))
        {
            Assert.Contains(variable, rootHelp, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true, 80)]
    [InlineData(true, 100)]
    [InlineData(true, 300)]
    [InlineData(false, 80)]
    public async Task Help_wraps_its_description_once_to_the_width_it_is_given(bool terminal, int width)
    {
        // Regression: the description carried line breaks of its own at about 118 columns, which help wrapped again on
        // an 80-column terminal, leaving a short fragment after every long line.
        var (exitCode, help, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--help" }, terminal: terminal, width: width);

        Assert.Equal(0, exitCode);
        var expected = terminal ? Math.Min(width, 120) : 120;
        var lines = help.Split('\n');
        // The prose paragraphs, up to the list of exit codes (one short line each).
        var description = lines.Skip(1).TakeWhile(line => !line.StartsWith("Usage:", StringComparison.Ordinal) && line.Trim() != "Exit codes:").Select(line => line.TrimEnd()).ToArray();
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= expected, $"wider than {expected}: {line}"));
        for (var index = 0; index + 1 < description.Length; index++)
        {
            // Inside a paragraph, a line ends only where the next word would not fit (help keeps the last column free).
            if (description[index].Length > 0 && description[index + 1].Length > 0)
            {
                var nextWord = description[index + 1].TrimStart().Split(' ')[0];
                Assert.True(description[index].Length + 1 + nextWord.Length >= expected, $"wrapped early: '{description[index]}' before '{nextWord}'");
            }
        }

        Assert.Contains("the emulator is never used.", string.Join(" ", description.Select(line => line.Trim())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_keeps_each_exit_code_on_one_line_with_its_meaning()
    {
        // Regression: the exit codes were one paragraph, which help wrapped wherever the width fell, so a terminal of
        // some widths showed a number at the end of a line and its meaning on the next.
        var expected = new[]
        {
            (ExitCodes.Success, "success"), (ExitCodes.ApiError, "API error"), (ExitCodes.Usage, "usage or configuration"),
            (ExitCodes.Authentication, "authentication"), (ExitCodes.Unreachable, "unreachable or timed out"),
            (ExitCodes.OutputFailed, "stdout could not be written"), (ExitCodes.Interrupted, "Ctrl+C"),
            (ExitCodes.ReaderGone, "the reader of the output went away"), (ExitCodes.Terminated, "SIGTERM"),
        };
        for (var width = 40; width <= 130; width++)
        {
            var (exitCode, help, _) = await Harness.Run(new Dictionary<string, string?>(), new[] { "--help" }, terminal: true, width: width);

            Assert.Equal(0, exitCode);
            var lines = help.Split('\n').Select(line => line.Trim()).ToList();
            foreach (var (code, meaning) in expected)
            {
                // The number starts a line and the meaning follows it there (a narrow terminal may wrap a long meaning).
                var first = meaning.Split(' ')[0];
                Assert.Contains(lines, line => line.StartsWith(code + " ", StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == first);
            }
        }
    }

    [Theory]
    [InlineData(true, 80)]
    [InlineData(true, 100)]
    [InlineData(true, 300)]
    [InlineData(false, 80)]
    public async Task Help_leaves_no_white_space_at_the_end_of_a_line(bool terminal, int width)
    {
        // Regression: help kept the space after the last word of each line it wrapped, and indented its blank lines,
        // which shows in help written to a file (ddm --help > f).
        foreach (var args in new[] { new[] { "--help" }, new[] { "backups", "--help" }, new[] { "backups", "list", "--help" }, new[] { "backups", "restore-window", "-h" }, new[] { "emulator", "--help" } })
        {
            var (exitCode, help, _) = await Harness.Run(new Dictionary<string, string?>(), args, terminal: terminal, width: width);

            Assert.Equal(0, exitCode);
            Assert.Contains("Usage:", help, StringComparison.Ordinal);
            Assert.EndsWith("\n", help, StringComparison.Ordinal);
            Assert.All(help.Split('\n'), line => Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), $"'{line}' ends with white space in the help of '{string.Join(' ', args)}'"));
        }
    }

    [Theory]
    [InlineData("backups", "list", "https://user:pw-0817@ddm.example.com/")]
    [InlineData("backups", "restore-window", "https://ddm.example.com/#pw-0817")]
    [InlineData("backups", "list", "--limit", "https://user:pw-0817@ddm.example.com/")]
    [InlineData("backups", "list", "--all", "https://ddm.example.com/?key=pw-0817")]
    [InlineData("https://user:pw-0817@ddm.example.com/", "backups", "list")]
    [InlineData("backups", "user:pw-0817@ddm.example.com")]
    public async Task A_word_refused_is_named_without_the_password_query_or_fragment_of_a_url(params string[] args)
    {
        // Regression (found by ArgumentPropertyTests): a stray word or a refused value was named as typed, so a URL with a
        // password in it (--endpoint left out before it) was written to stderr whole.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: ", error, StringComparison.Ordinal);
        Assert.Contains(args.Any(arg => arg.Contains("://", StringComparison.Ordinal)) ? "https://ddm.example.com/" : "a URL with a user name or password", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-0817", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'--all' after '--'", "backups", "list", "--", "--all")]
    [InlineData("'--port' and '0' after '--'", "emulator", "--", "--port", "0")]
    [InlineData("'backups' and 'list' after '--'", "--", "backups", "list")]
    [InlineData("'list' after '--'", "backups", "--", "list")]
    [InlineData("'5' after '--'", "backups", "list", "--limit", "--", "5")]
    public async Task A_word_after_a_double_dash_is_named_as_such_rather_than_as_close_to_itself(string named, params string[] args)
    {
        // Regression (found by ArgumentPropertyTests): '--' makes the words after it plain words, which no command takes;
        // they were named as unknown options or commands close to themselves ("'--all' is not an option of 'ddm backups
        // list'; did you mean '--all'?").
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: ", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'(a URL with a user name or password)'", "backups", ":pw-0817@ddm.example.com")]
    [InlineData("'(a URL with a user name or password)'", "backups", "list", ":pw-0817@ddm.example.com/")]
    [InlineData("'ddm.example.com/?...'", "backups", "ddm.example.com/?key=pw-0817")]
    [InlineData("'ddm.example.com/v3#...'", "backups", "list", "ddm.example.com/v3#pw-0817")]
    [InlineData("'(a URL with a user name or password)'", "backups", "pw-0817@ddm.example.com/v3?")]
    [InlineData("'(a URL with a user name or password)'", "backups", "list", "pw-0817@ddm.example.com/#")]
    public async Task A_word_like_a_url_without_a_user_name_or_scheme_is_named_without_its_secret(string named, params string[] args)
    {
        // Regression: only a word with a scheme or with a user name before ':password@' was taken for a URL, so
        // ':password@host' and 'host/?key=secret' were named whole. And a word whose '?' or '#' was its last character
        // was named as typed, which left 'token@host/path?' with the part before its '@'.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: ", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-0817", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backups", "pw-0817@ddm.example.com/v3")]
    [InlineData("backups", "list", "pw-0817@ddm.example.com")]
    public async Task A_word_with_a_user_name_before_its_host_is_named_without_it(params string[] args)
    {
        // Regression: a word with '@' was taken for a URL only with a ':' before it or a '?' or '#' after a '/', so
        // 'password@host/path' and 'password@host' were named as typed.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: ", error, StringComparison.Ordinal);
        Assert.Contains("'(a URL with a user name or password)'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-0817", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-h", "--version")]
    [InlineData("--version", "--timeout", "5")]
    [InlineData("--version", "--token-stdin")]
    public async Task Version_with_an_option_names_version_rather_than_asking_for_a_command(params string[] args)
    {
        // Regression (found by ArgumentPropertyTests): the one error, --version given with something else, was taken for
        // a command missing ("a command is needed: ..."), which 'ddm --version' alone does not need.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: --version", error, StringComparison.Ordinal);
        Assert.DoesNotContain("a command is needed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version", "--help")]
    [InlineData("--version", "-h")]
    [InlineData("--version", "-?")]
    [InlineData("--help", "--version")]
    [InlineData("-h", "--version")]
    [InlineData("-?", "--version")]
    public async Task Version_and_help_together_are_one_usage_error_in_either_order(string first, string second)
    {
        // Regression: the order decided; 'ddm --version --help' printed the help (exit 0) while 'ddm --help --version'
        // was this usage error.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), [first, second]);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: --version option cannot be combined with other arguments.\nRun 'ddm --help' for usage.\n", error);
    }

    [Theory]
    [InlineData("unexpected word '/h': 'ddm backups list' takes options only.", "backups", "list", "/h")]
    [InlineData("unexpected word '/?': 'ddm backups list' takes options only.", "backups", "list", "/?")]
    [InlineData("'/h' is not a command of ddm,", "/h")]
    [InlineData("'/?' is not a command of 'ddm backups',", "backups", "/?")]
    [InlineData("unexpected word '/h' before 'backups list'", "/h", "backups", "list")]
    public async Task A_word_with_a_slash_is_a_word_rather_than_a_way_to_ask_for_help(string named, params string[] args)
    {
        // Regression: '/h' and '/?' were System.CommandLine's own help aliases, so 'ddm backups list /h' printed the help
        // and exited 0, where on Linux and macOS '/h' is a path; help is -h, -? or --help, as the help says. A '/?' is
        // named as typed: nothing follows its '?' that could be a secret to cut.
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("ddm: ", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help takes no value, not '--output'.", "backups", "list", "-?:--output")]
    [InlineData("--help takes no value, not '--all'.", "backups", "list", "--help=--all")]
    [InlineData("--version takes no value, not '--help'.", "--version=--help")]
    public async Task An_option_given_as_the_value_of_one_that_takes_none_is_named_as_that_value(string message, params string[] args)
    {
        // Regression (found by ArgumentPropertyTests): the option after '=' or ':' was named as an unknown option close to
        // itself ("'--all' is not an option of 'ddm backups list'; did you mean '--all'?").
        var (exitCode, output, error) = await Harness.Run(new Dictionary<string, string?>(), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("ddm: " + message + "\nRun 'ddm --help' for usage.\n", error);
    }
}
