using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Ddm.Cli.Output;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>
/// ddm run with command lines drawn from its own commands and options, mixed up (options before, between and after the
/// commands, repeated, with '=' or ':', without their value or with one that looks like an option, '--', empty words,
/// huge and negative numbers, text outside ASCII and control characters, long words, options mistyped or cut short)
/// and with environments that set the documented variables to odd values. Every run ends with a documented exit code
/// and never with an exception; a usage error is one line on stderr that starts with "ddm: " and names what is wrong,
/// with nothing on stdout; no credential given shows on either; JSON output reads as JSON; and nothing drives the
/// terminal but the waiting line's own controls, where stderr takes them.
/// </summary>
/// <remarks>
/// The cases are drawn from one fixed seed, so every run checks the same ones; a failure names its case, shrunk to the
/// smallest that still fails. The cloud is an emulator started here (with credentials of its own), a refused port on
/// 127.0.0.1, or the built-in emulator: nothing leaves the machine.
/// </remarks>
public sealed class ArgumentPropertyTests : IAsyncLifetime
{
    private const ulong Seed = 20_261_129;

    private const uint Stream = 11;

    private const ulong Count = 300;

    /// <summary>The credentials: each unlike anything ddm writes, so that any of them in the output is a leak.</summary>
    private const string Token = "tkQzvWmRhJ";
    private const string WrongToken = "tkXbqLpNsd";
    private const string AccessKey = "AKFUZZKEY0000000001";
    private const string SecretKey = "skMvTqZrWy";
    private const string WrongSecretKey = "skHgPdLcKe";
    private const string SecurityToken = "stJwNfBxQv";
    private const string Password = "pwRtYuKjHz";
    private const string UrlPassword = "upDfGhJkLq";
    private const string ProxyPassword = "ppZxCvBnMq";

    private static readonly string[] Secrets = { Token, WrongToken, SecretKey, WrongSecretKey, SecurityToken, Password, UrlPassword, ProxyPassword };

    private static readonly HashSet<int> Documented = new() { 0, 1, 2, 3, 4, 74, 129, 130, 131, 141, 143 };

    private DdmEmulator _emulator = null!;
    private int _refusedPort;

    public async Task InitializeAsync()
    {
        _emulator = await DdmEmulator.StartAsync(new EmulatorOptions
        {
            BackupCount = 40,
            Token = Token,
            AccessKeys = { new EmulatorAccessKey(AccessKey, SecretKey) },
            IamPassword = Password,
        });
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _refusedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    /// <summary>One case: the words, the environment (as pairs, unset where the value is null), stdin, whether stdout and stderr are terminals.</summary>
    internal sealed record Run(string[] Args, (string Name, string? Value)[] Environment, string? Input, bool Terminal)
    {
        public override string ToString() =>
            "args [" + string.Join(", ", Args.Select(Quote)) + "] env {" + string.Join(", ", Environment.Select(pair => pair.Name + "=" + (pair.Value is null ? "(unset)" : Quote(pair.Value)))) + "}"
            + (Input is null ? string.Empty : " stdin " + Quote(Input)) + (Terminal ? " terminal" : string.Empty);

        private static string Quote(string text)
        {
            var quoted = new StringBuilder("\"");
            foreach (var c in text.Length > 80 ? text[..40] + "…(" + text.Length.ToString(CultureInfo.InvariantCulture) + ")" : text)
            {
                quoted.Append(c is < ' ' or > '~' and not '…' ? $"\\u{(int)c:X4}" : c.ToString());
            }

            return quoted.Append('"').ToString();
        }
    }

    [Fact]
    public async Task Every_command_line_and_environment_ends_documented_and_leaks_nothing()
    {
        var cases = Cases();
        var failures = new List<(string Seed, string Problem)>();
        for (var number = 0UL; number < Count; number++)
        {
            // Each case from a seed of its own, so that a failure is found again from that seed alone.
            var pcg = new PCG(Stream, Seed + number);
            var seed = pcg.ToString();
            var test = cases.Generate(pcg, null, out _);
            if (await Check(test) is { } problem)
            {
                failures.Add((seed, $"case {number} ({test}): {problem}"));
            }
        }

        if (failures.Count > 0)
        {
            // CsCheck shrinks from the first failing seed: the smallest case that still fails is the one reported.
            await cases.SampleAsync(
                async candidate =>
                {
                    if (await Check(candidate) is { } failure)
                    {
                        throw new InvalidOperationException(failure);
                    }
                },
                seed: failures[0].Seed,
                iter: 300,
                threads: 1,
                print: candidate => candidate.ToString() + ": " + Check(candidate).GetAwaiter().GetResult() + Environment.NewLine + "every failure:" + Environment.NewLine + string.Join(Environment.NewLine, failures.Select(failure => failure.Problem)));
        }

        Assert.Empty(failures);
    }

    /// <summary>What is wrong with the run of <paramref name="test"/>; null when nothing is.</summary>
    internal async Task<string?> Check(Run test)
    {
        var environment = test.Environment.Where(pair => pair.Value is not null).GroupBy(pair => pair.Name).ToDictionary(group => group.Key, group => group.Last().Value);
        string? Env(string name) => environment.GetValueOrDefault(name);

        // The console as the process makes it from the environment: COLUMNS for the width, TERM for the waiting line, the locale.
        var width = test.Terminal && int.TryParse(Env("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0 ? columns : 80;
        var controls = CliConsole.ErrorTakesControls(test.Terminal, test.Terminal, Env);
        var utf8 = TerminalText.LocaleIsUtf8(Env);
        using var stop = new CancellationTokenSource();
        using var output = new WatchingWriter(text => text.Contains("Ctrl+C stops it", StringComparison.Ordinal) && text.Contains("OS_AUTH_TOKEN=", StringComparison.Ordinal), stop);
        using var error = new StringWriter();
        using var input = new StringReader(test.Input ?? string.Empty);
        var console = new CliConsole(output, error, outputIsTerminal: test.Terminal, errorIsTerminal: controls, width: width, input: input, utf8: utf8);

        var run = Task.Run(() => CliApplication.RunAsync(test.Args, console, Env, stop.Token));
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))) != run)
        {
            await stop.CancelAsync();
            return "did not end within 20 s";
        }

        int exitCode;
        try
        {
            exitCode = await run;
        }
        catch (Exception exception)
        {
            return "threw " + exception.GetType().Name + ": " + exception.Message;
        }

        var stdout = output.ToString();
        var stderr = error.ToString();

        var shown = $" (exit {exitCode}; stdout {Shorten(stdout)}; stderr {Shorten(stderr)})";
        var emulatorStopped = output.Stopped;

        if (!Documented.Contains(exitCode))
        {
            return "undocumented exit code" + shown;
        }

        if (exitCode == ExitCodes.Interrupted && !emulatorStopped)
        {
            return "cancelled without a cancel" + shown;
        }

        if (Regex.IsMatch(stderr + stdout, @"\n\s+at [\w.`<>]+\(|Exception:|System\.[A-Z]\w+"))
        {
            return "a stack trace or .NET name" + shown;
        }

        if (exitCode == ExitCodes.Usage)
        {
            if (stdout.Length > 0)
            {
                return "a usage error wrote to stdout" + shown;
            }

            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var failure = lines.LastOrDefault(line => line != "Run 'ddm --help' for usage.");
            if (failure is null || !failure.StartsWith("ddm: ", StringComparison.Ordinal) || failure.Length < "ddm: ".Length + 10)
            {
                return "a usage error without a line naming it" + shown;
            }

            if (lines.Any(line => !line.StartsWith("ddm: ", StringComparison.Ordinal) && line != "Run 'ddm --help' for usage.") || lines.Count(line => line.StartsWith("ddm: ", StringComparison.Ordinal)) != 1)
            {
                return "a usage error that is not one line" + shown;
            }

            // A word named as close to itself names nothing that is wrong.
            if (Regex.Match(failure, "'(?<word>[^']*)' is not (an option|a command) of [^;]*; did you mean '(?<close>[^']*)'") is { Success: true } match
                && match.Groups["close"].Value == match.Groups["word"].Value)
            {
                return "a word named as close to itself" + shown;
            }
        }
        else if (exitCode is not ExitCodes.Success)
        {
            // The last line as the terminal shows it: the waiting line's frames are drawn over.
            var last = stderr.TrimEnd('\n').Split('\n')[^1];
            last = controls ? Regex.Replace(last[(last.LastIndexOf('\r') + 1)..], "\u001b\\[[0-9?]*[a-zA-Z]", string.Empty) : last;
            if (!last.StartsWith("ddm: ", StringComparison.Ordinal))
            {
                return "a failure whose last line does not start with 'ddm: '" + shown;
            }
        }

        // A credential typed as a word of its own is a word like any other, which an error may name.
        foreach (var secret in Secrets.Where(secret => !test.Args.Any(arg => arg.Contains(secret, StringComparison.Ordinal) && !Given([arg], secret)) || Given(test.Args, secret)).Where(secret => Given(test.Args, secret) || test.Environment.Any(pair => pair.Value?.Contains(secret, StringComparison.Ordinal) == true) || test.Input?.Contains(secret, StringComparison.Ordinal) == true))
        {
            if (stdout.Contains(secret, StringComparison.Ordinal) || stderr.Contains(secret, StringComparison.Ordinal))
            {
                return $"the credential {secret} was written" + shown;
            }
        }

        if (Driving(stdout, utf8, terminalControls: false) is { } outProblem)
        {
            return "stdout: " + outProblem + shown;
        }

        if (Driving(stderr, utf8, terminalControls: controls) is { } errProblem)
        {
            return "stderr: " + errProblem + shown;
        }

        if (exitCode == ExitCodes.Success && Format(test.Args) is { } format && !test.Args.Any(arg => arg is "--help" or "-h" or "-?" or "--version"))
        {
            try
            {
                if (format == "json")
                {
                    using var _ = JsonDocument.Parse(stdout);
                }
                else
                {
                    if (stdout.Length > 0 && !stdout.EndsWith('\n'))
                    {
                        return "jsonl without its last line break" + shown;
                    }

                    foreach (var line in stdout.Split('\n').SkipLast(1))
                    {
                        using var _ = JsonDocument.Parse(line);
                    }
                }
            }
            catch (JsonException exception)
            {
                return $"{format} that does not read as JSON ({exception.Message})" + shown;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="secret"/> is given as a credential in <paramref name="args"/>: a URL's user name, password,
    /// query or fragment wherever it stands, a token as the value of --token or --token-stdin. A token typed as a word of its
    /// own is a word like any other, which may be named.
    /// </summary>
    private static bool Given(string[] args, string secret) =>
        args.Select((arg, at) => (arg, at)).Any(pair => pair.arg.Contains(secret, StringComparison.Ordinal)
            && (Regex.IsMatch(pair.arg, "@|[?#]", RegexOptions.None)
                || Regex.IsMatch(pair.arg, "^--token(-stdin)?[=:]", RegexOptions.None)
                || (pair.at > 0 && args[pair.at - 1] is "--token" or "--token-stdin")));

    /// <summary>The one format the words ask for (json or jsonl), if they ask for one once.</summary>
    private static string? Format(string[] args)
    {
        var formats = new List<string>();
        for (var at = 0; at < args.Length; at++)
        {
            var match = Regex.Match(args[at], "^(--output|-o)([=:](?<value>.*))?$", RegexOptions.Singleline);
            if (match.Success)
            {
                formats.Add(match.Groups["value"].Success ? match.Groups["value"].Value : at + 1 < args.Length ? args[at + 1] : string.Empty);
            }
        }

        return formats.Count == 1 && formats[0].ToUpperInvariant() is "JSON" or "JSONL" ? formats[0].ToLowerInvariant() : null;
    }

    /// <summary>What in <paramref name="text"/> would drive a terminal; null when nothing would.</summary>
    private static string? Driving(string text, bool utf8, bool terminalControls)
    {
        if (terminalControls)
        {
            // The waiting line's own: the cursor hidden and shown, the line cleared from its start.
            text = text.Replace("\r\u001b[2K", string.Empty, StringComparison.Ordinal).Replace("\u001b[?25l", string.Empty, StringComparison.Ordinal)
                .Replace("\u001b[?25h", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
        }

        for (var index = 0; index < text.Length; index++)
        {
            var c = text[index];
            if ((char.IsControl(c) && c != '\n') || c is '\u2028' or '\u2029' || TerminalText.ReorderingMarks.Contains(c, StringComparison.Ordinal))
            {
                return $"U+{(int)c:X4} at {index}";
            }

            if (!utf8 && c > '~')
            {
                return $"U+{(int)c:X4} at {index} in an ASCII locale";
            }

            if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                index++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"lone U+{(int)c:X4} at {index}";
            }
        }

        return null;
    }

    private static string Shorten(string text)
    {
        var line = text.Replace("\n", "⏎", StringComparison.Ordinal);
        return "'" + (line.Length > 400 ? line[..400] + "…" : line) + "'";
    }

    // ---- the cases ----

    /// <summary>A word of some odd kind: empty, control characters, text outside ASCII, long.</summary>
    private static readonly Gen<string> OddWords = Gen.OneOf(
        Gen.Const(string.Empty),
        Gen.OneOf(" ", "\t", "\n", "\r\n", "\u001b[31m", "\u0007", "\u0000", "\u007f", "\u009b", "\u202e", "\u2028", "\ufeff", "\ud800", "é", "日本", "\U0001F600", "İ", "ß", "٣", "５"),
        Gen.Char['\0', '\u001f'].Array[1, 3].Select(chars => new string(chars)),
        Gen.Char['a', 'z'].Array[1, 3].Select(chars => new string(chars)),
        Gen.Int[1000, 20000].Select(length => new string('x', length)),
        Gen.Int[1, 12].Select(length => new string('-', length)));

    private static readonly Gen<string> Numbers = Gen.OneOf(
        Gen.OneOf("0", "1", "5", "10", "128", "129", "-1", "-5", "+3", "++3", "+-3", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1e3", "0x10", "1.5", " 5", "5 ", "٣", "５", "00000000000000000001", "1_000", "1,000", "NaN"),
        Gen.Int.Select(value => value.ToString(CultureInfo.InvariantCulture)),
        Gen.Long.Select(value => value.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Formats = Gen.OneOf("json", "jsonl", "table", "JSON", "Jsonl", "TABLE", "xml", "json ", "jsonl\n", "yaml", "jso", "jsonll", "", "j");

    private static readonly Gen<string> Timeouts = Gen.OneOf(
        Gen.OneOf("30", "5", "0", "0.001", "0.0001", "1h", "2m", "60m", "3600", "3601", "1e2", "-1", "+5", "inf", "Infinity", "NaN", "∞", "1.5s", "s", "m", "h", "1d", "", ".5", "5.", "1h1m", "0.5h", "99999999999999999999999999999999999999999h", "3600.0000001", "1,5", "٣"),
        Numbers);

    private Gen<string> Endpoints() => Gen.OneOf(
        _emulator.BaseAddress.ToString(),
        new Uri(_emulator.BaseAddress, "v3").ToString(),
        new Uri(_emulator.BaseAddress, "v3/" + _emulator.Options.ProjectId).ToString(),
        new Uri(_emulator.BaseAddress, "v3/{project_id}").ToString(),
        $"http://127.0.0.1:{_refusedPort}/",
        $"http://localhost.:{_refusedPort}",
        $"http://user:{UrlPassword}@127.0.0.1:{_refusedPort}/",
        $"https://user:{UrlPassword}@127.0.0.1:{_refusedPort}/",
        $"https://:{UrlPassword}@127.0.0.1:{_refusedPort}",
        $"user:{UrlPassword}@127.0.0.1:{_refusedPort}",
        $"https://127.0.0.1:{_refusedPort}/?key={UrlPassword}",
        $"https://127.0.0.1:{_refusedPort}/#{UrlPassword}",
        "https://127.0.0.1:99999/",
        "https://127.0.0.1:0/",
        "http://192.0.2.1/",
        "ftp://127.0.0.1/",
        "127.0.0.1",
        "https://",
        "http://[::1",
        "http://127.0.0.1:0/",
        "",
        " ",
        "https://127.0 .0.1/",
        $"https://127.0.0.1:{_refusedPort}/\n");

    private Gen<string> ProjectIds() => Gen.OneOf(Gen.OneOf(_emulator.Options.ProjectId, ".", "..", "", " ", "é", "a b", "a/b", "%2e%2e", "{project_id}"), OddWords);

    private Gen<string> InstanceIds() => Gen.OneOf(Gen.OneOf(_emulator.InstanceIds[0], _emulator.InstanceIds[1], "no-such-instance", ".", "..", "", " ", "a/b", "@file", "?x=1", "#f", "%2F"), OddWords);

    /// <summary>An option of ddm with a value it may take (or not), as its words.</summary>
    private Gen<string[]> Options() => Gen.Frequency(
        (3, Gen.Const(new[] { "--all" })),
        (1, Gen.OneOf("true", "false", "maybe", "TRUE", "1", "").Select(value => new[] { "--all", value })),
        (2, Gen.Const(new[] { "--wide" })),
        (4, Numbers.Select(value => new[] { "--offset", value })),
        (4, Numbers.Select(value => new[] { "--limit", value })),
        (5, Formats.Select(value => new[] { "--output", value })),
        (2, Formats.Select(value => new[] { "-o", value })),
        (3, InstanceIds().Select(value => new[] { "--instance-id", value })),
        (3, Endpoints().Select(value => new[] { "--endpoint", value })),
        (2, ProjectIds().Select(value => new[] { "--project-id", value })),
        (2, Gen.Const(new[] { "--token-stdin" })),
        (1, Gen.OneOf(Token, WrongToken).Select(value => new[] { "--token-stdin", value })),
        (4, Timeouts.Select(value => new[] { "--timeout", value })),
        (2, Gen.OneOf(Token, WrongToken).Select(value => new[] { "--token", value })),
        (1, Gen.Const(new[] { "--token" })),
        (2, Numbers.Select(value => new[] { "--port", value })),
        (2, Gen.OneOf("0", "1", "10", "1000000", "1000001", "-1", "99999999999").Select(value => new[] { "--backups", value })),
        (1, Gen.OneOf("--help", "-h", "-?", "--version", "/?", "/h", "-help").Select(word => new[] { word })));

    private static readonly Gen<string[]> Commands = Gen.Frequency(
        (8, Gen.Const(new[] { "backups", "list" })),
        (4, Gen.Const(new[] { "backups", "restore-window" })),
        (2, Gen.Const(new[] { "emulator" })),
        (1, Gen.Const(new[] { "backups" })),
        (1, Gen.Const(Array.Empty<string>())),
        (2, Gen.OneOf(
            new[] { "backup", "list" }, new[] { "backups", "lst" }, new[] { "backups", "restore" }, new[] { "emulater" }, new[] { "Backups", "LIST" },
            new[] { "lst" }, new[] { "list" }, new[] { "backups", "list", "list" }, new[] { "backups", "emulator" }, new[] { "emulator", "backups" }, new[] { "restore-window" })));

    /// <summary>One change to a list of words: a word replaced, inserted, removed, repeated, joined with '=' or ':', mistyped, cut short.</summary>
    private static readonly Gen<Func<List<string>, List<string>>> Mutations = Gen.Frequency(
        (2, Gen.Select(Gen.Int[0, 1000], OddWords).Select<int, string, Func<List<string>, List<string>>>((at, word) => words => With(words, list => list.Insert(at % (list.Count + 1), word)))),
        (2, Gen.Select(Gen.Int[0, 1000], OddWords).Select<int, string, Func<List<string>, List<string>>>((at, word) => words => With(words, list =>
        {
            if (list.Count > 0 && !list[at % list.Count].Contains("tk", StringComparison.Ordinal))
            {
                list[at % list.Count] = word;
            }
        }))),
        (2, Gen.Int[0, 1000].Select<int, Func<List<string>, List<string>>>(at => words => With(words, list =>
        {
            if (list.Count > 0)
            {
                list.RemoveAt(at % list.Count);
            }
        }))),
        (2, Gen.Int[0, 1000].Select<int, Func<List<string>, List<string>>>(at => words => With(words, list =>
        {
            if (list.Count > 0)
            {
                var index = at % list.Count;
                list.Insert(index, list[index]);
            }
        }))),
        (3, Gen.Select(Gen.Int[0, 1000], Gen.OneOf("=", ":")).Select<int, string, Func<List<string>, List<string>>>((at, joiner) => words => With(words, list =>
        {
            // '--opt value' as '--opt=value'.
            var options = list.Select((word, index) => (word, index)).Where(pair => pair.word.StartsWith('-') && pair.index + 1 < list.Count).ToList();
            if (options.Count > 0)
            {
                var (word, index) = options[at % options.Count];
                list[index] = word + joiner + list[index + 1];
                list.RemoveAt(index + 1);
            }
        }))),
        (3, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 6]).Select<int, int, Func<List<string>, List<string>>>((at, kind) => words => With(words, list =>
        {
            // An option mistyped or cut short.
            var options = list.Select((word, index) => (word, index)).Where(pair => pair.word.StartsWith("--", StringComparison.Ordinal) && pair.word.Length > 4).ToList();
            if (options.Count > 0)
            {
                var (word, index) = options[at % options.Count];
                list[index] = kind switch
                {
                    0 => word[..^1],
                    1 => word[..(2 + ((word.Length - 2) / 2))],
                    2 => word[1..],
                    3 => word.ToUpperInvariant(),
                    4 => word[..3] + word[4] + word[3] + word[5..],
                    5 => word + "s",
                    _ => "-" + word,
                };
            }
        }))),
        (1, Gen.Int[0, 1000].Select<int, Func<List<string>, List<string>>>(at => words => With(words, list => list.Insert(at % (list.Count + 1), "--")))),
        (1, Gen.Select(Gen.Int[0, 1000], Gen.OneOf("--token-stdin=", "--token-stdin:", "--token=", "--token:"), Gen.OneOf(Token, WrongToken))
            .Select<int, string, string, Func<List<string>, List<string>>>((at, option, token) => words => With(words, list =>
            {
                // A token joined to its option after '--', where the parser keeps it one plain word.
                var index = at % (list.Count + 1);
                list.Insert(index, "--");
                list.Insert(index + 1, option + token);
            }))),
        (1, Gen.Select(Gen.Int[0, 1000], Gen.OneOf("--all", "--limit", "--output", "--help", "--offset", "-o", "--wide", "--timeout", "--instance-id"))
            .Select<int, string, Func<List<string>, List<string>>>((at, word) => words => With(words, list => list.Insert(at % (list.Count + 1), word)))));

    private static List<string> With(List<string> words, Action<List<string>> change)
    {
        var copy = new List<string>(words);
        change(copy);
        return copy;
    }

    /// <summary>An option <paramref name="command"/> takes, with a value it takes: most lines are right, so that the commands run.</summary>
    private Gen<string[]> ValidOptions(string[] command)
    {
        var formats = Gen.OneOf("json", "jsonl", "table", "JSON").SelectMany(format => Gen.OneOf(new[] { "--output", format }, new[] { "-o", format }, new[] { "--output=" + format }, new[] { "--output:" + format }, new[] { "-o=" + format }, new[] { "-o" + format }));
        var common = Gen.OneOf(
            Gen.OneOf("5", "30", "2m", "1h", "0.5", "+10", "0.001", "3600", "60m", "0.0167m", "1.5s").Select(value => new[] { "--timeout", value }),
            Gen.Const(new[] { "--endpoint", _emulator.BaseAddress.ToString() }),
            Gen.Const(new[] { "--project-id", _emulator.Options.ProjectId }),
            Gen.Const(new[] { "--token-stdin" }));
        return command switch
        {
            [.., "list"] => Gen.Frequency(
                (3, Gen.Const(new[] { "--all" })),
                (1, Gen.Const(new[] { "--wide" })),
                (3, Gen.Int[0, 300].Select(value => new[] { "--offset", value.ToString(CultureInfo.InvariantCulture) })),
                (1, Gen.OneOf("2147483647", "2147483520", "+0", "000", "40", "39").Select(value => new[] { "--offset", value })),
                (3, Gen.Int[1, 128].Select(value => new[] { "--limit", value.ToString(CultureInfo.InvariantCulture) })),
                (1, Gen.OneOf("1", "128", "+128", "0128").Select(value => new[] { "--limit", value })),
                (1, Gen.OneOf("true", "false", "True").Select(value => new[] { "--all", value })),
                (1, Gen.OneOf("true", "false").Select(value => new[] { "--wide=" + value })),
                (4, formats),
                (2, common)),
            [.., "restore-window"] => Gen.Frequency(
                (6, Gen.OneOf(_emulator.InstanceIds.ToArray()).Select(value => new[] { "--instance-id", value })),
                (1, Gen.Const(new[] { "--wide" })),
                (3, formats),
                (2, common)),
            [.., "emulator"] => Gen.Frequency(
                (3, Gen.Const(new[] { "--port", "0" })),
                (2, Gen.OneOf("0", "1", "10", "300").Select(value => new[] { "--backups", value }))),
            _ => Options(),
        };
    }

    private Gen<string[]> Arguments() =>
        Commands.SelectMany(command => Gen.Select(
                Gen.Const(command),
                Gen.Frequency((10, ValidOptions(command)), (1, Options())).Array[0, 5],
                Gen.Int[0, 1000].Array[5],
                Gen.Frequency((3, Mutations.Array[0, 0]), (1, Mutations.Array[1, 3]))))
            .Select((command, drawn, places, mutations) =>
            {
                // Each option once (mutations repeat them), and the instance that restore-window needs.
                var options = drawn.DistinctBy(option => option[0].Split('=')[0]).ToList();
                if (command is [.., "restore-window"] && !options.Any(option => option[0] == "--instance-id"))
                {
                    options.Insert(0, new[] { "--instance-id", _emulator.InstanceIds[2] });
                }

                // Each option goes after the command, or now and then before or between its words.
                var slots = Enumerable.Range(0, command.Length + 1).Select(_ => new List<string>()).ToArray();
                for (var index = 0; index < options.Count; index++)
                {
                    slots[places[index % places.Length] % 8 == 0 ? places[index % places.Length] / 8 % slots.Length : command.Length].AddRange(options[index]);
                }

                var words = new List<string>(slots[0]);
                for (var index = 0; index < command.Length; index++)
                {
                    words.Add(command[index]);
                    words.AddRange(slots[index + 1]);
                }

                foreach (var mutation in mutations)
                {
                    words = mutation(words);
                }

                return words.ToArray();
            });

    private Gen<(string Name, string? Value)[]> Environments()
    {
        var emulator = _emulator.BaseAddress.ToString();
        var project = _emulator.Options.ProjectId;
        var iam = new Uri(_emulator.BaseAddress, "v3").ToString();
        var refused = $"http://127.0.0.1:{_refusedPort}/";

        // The sign-in: none (the built-in emulator), a token, AK/SK, an IAM password, each right or wrong, at the emulator or at a refused port.
        var signIns = Gen.Frequency(
            (6, Gen.Const(Array.Empty<(string, string?)>())),
            (8, Gen.OneOf(emulator, emulator, emulator, refused).SelectMany(endpoint => Gen.OneOf(Token, WrongToken).Select(token => new (string, string?)[] { ("DDM_ENDPOINT", endpoint), ("OS_PROJECT_ID", project), ("OS_AUTH_TOKEN", token) }))),
            (3, Gen.OneOf(SecretKey, WrongSecretKey).Select(secret => new (string, string?)[] { ("DDM_ENDPOINT", emulator), ("OS_PROJECT_ID", project), ("OS_ACCESS_KEY", AccessKey), ("OS_SECRET_KEY", secret), ("OS_SECURITY_TOKEN", SecurityToken) })),
            (3, Gen.OneOf(Password, Password + " ", "pw" + SecretKey).Select(password => new (string, string?)[]
            {
                ("DDM_ENDPOINT", emulator), ("OS_PROJECT_ID", project), ("OS_AUTH_URL", iam), ("OS_USERNAME", _emulator.Options.IamUserName),
                ("OS_PASSWORD", password), ("OS_USER_DOMAIN_NAME", _emulator.Options.IamDomainName),
            })),
            (1, Gen.Const(new (string, string?)[] { ("DDM_ENDPOINT", $"http://u:{UrlPassword}@127.0.0.1:{_refusedPort}/"), ("OS_PROJECT_ID", project), ("OS_AUTH_TOKEN", Token) })),
            (1, Gen.Const(new (string, string?)[] { ("OS_AUTH_URL", $"https://u:{UrlPassword}@127.0.0.1:{_refusedPort}/v3"), ("OS_USERNAME", "u"), ("OS_PASSWORD", Password), ("OS_PROJECT_ID", project), ("DDM_ENDPOINT", emulator) })),
            (1, Gen.OneOf("OS_CLOUD", "OS_PROJECT_NAME", "OS_DOMAIN_ID", "OS_USER_DOMAIN_ID", "OS_REGION_NAME").Select(name => new (string, string?)[] { (name, name == "OS_REGION_NAME" ? "EU DE" : "x") })));

        // A variable of the sign-in given an odd value, or another one set.
        var odd = Gen.OneOf(
            Gen.OneOf("DDM_ENDPOINT", "OS_PROJECT_ID", "OS_ACCESS_KEY", "OS_USERNAME", "OS_AUTH_URL", "OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME", "OS_REGION_NAME")
                .SelectMany(name => Gen.OneOf(OddWords.Select(word => (string?)word), Gen.OneOf<string?>(null, "", " ", "\n", "http://127.0.0.1:99999/", "eu-de-\u001b[2J", "EU-DE\n")).Select(value => (name, value))),
            Gen.OneOf(Token, WrongToken).SelectMany(token => Gen.OneOf(token + "\n", " " + token + " ", token + "é", token + "\u0000", "\u001b" + token, token + " x").Select(value => ("OS_AUTH_TOKEN", (string?)value))),
            Gen.OneOf(SecretKey, SecurityToken, Password).SelectMany(secret => Gen.OneOf(secret + "\n", secret + "é", secret + "\u0000", "\u001b[2J" + secret)
                .Select(value => (secret == SecretKey ? "OS_SECRET_KEY" : secret == SecurityToken ? "OS_SECURITY_TOKEN" : "OS_PASSWORD", (string?)value))));
        var terminal = Gen.Select(
            Gen.OneOf<string?>(null, "", "0", "-1", "abc", "1", "39", "100", "2147483647", "99999999999", " 80", "80 ", "８０", "+80"),
            Gen.OneOf<string?>(null, "", "dumb", "xterm", "xterm-256color", "\u001b[31m", "DUMB"),
            Gen.OneOf<string?>(null, "", "1", "0"),
            Gen.OneOf<string?>(null, "", "C", "POSIX", "en_US.UTF-8", "C.utf8", "tr_TR.UTF-8", "de_DE.ISO-8859-1", "UTF-8"),
            Gen.OneOf<string?>(null, "", "en_US.UTF-8", "C"))
            .Select((columns, term, noColor, lcAll, lang) => new (string, string?)[] { ("COLUMNS", columns), ("TERM", term), ("NO_COLOR", noColor), ("LC_ALL", lcAll), ("LANG", lang) });
        var proxies = Gen.OneOf(
            Gen.Const(Array.Empty<(string, string?)>()),
            Gen.OneOf("https_proxy", "HTTPS_PROXY", "http_proxy", "ALL_PROXY", "no_proxy").SelectMany(name => Gen.OneOf(
                $"http://u:{ProxyPassword}@127.0.0.1:{_refusedPort}", $"u:{ProxyPassword}@127.0.0.1:{_refusedPort}", " http://127.0.0.1:1", "127.0.0.1:", "", "*", "socks9://x:1", $"http://127.0.0.1:{_refusedPort}")
                .Select(value => new (string, string?)[] { (name, value) })));
        return Gen.Select(signIns, Gen.Frequency((4, odd.Array[0, 0]), (1, odd.Array[1, 2])), terminal, Gen.Frequency((4, Gen.Const(Array.Empty<(string, string?)>())), (1, proxies)))
            .Select((sign, odds, term, proxy) => sign.Concat(odds).Concat(term.Where(pair => pair.Item2 is not null)).Concat(proxy).ToArray());
    }

    private Gen<Run> Cases() =>
        Gen.Select(Arguments(), Environments(), Gen.OneOf<string?>(null, string.Empty, Token + "\n", WrongToken, "\n", "\ufeff", new string('t', 70_000)), Gen.Bool)
            .Select((args, environment, input, terminal) => new Run(
                // A refused port is tried again until --timeout would pass: a second bounds it.
                environment.Select(pair => pair.Item2).Concat(args).Any(value => value?.Contains(":" + _refusedPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) == true) && !args.Any(arg => arg.StartsWith("--timeout", StringComparison.Ordinal))
                    ? [.. args, "--timeout", "1"]
                    : args,
                environment,
                input,
                terminal));
}
