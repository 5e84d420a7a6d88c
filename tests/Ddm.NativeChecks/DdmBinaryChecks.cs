using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.NativeChecks;

/// <summary>
/// The native <c>ddm</c> run as a child process through the paths where a native build can differ from the JIT one:
/// messages made of runtime and parser resources, status names, the error answer's JSON, locale-dependent text, help and
/// version, and the exit codes of signals and of a reader that goes away. Each check runs the binary with none of this
/// process's variables but <c>PATH</c> and <c>HOME</c>, and compares stdout, stderr and the exit code.
/// </summary>
internal static class DdmBinaryChecks
{
    /// <summary>A page of one backup whose name and instance name are outside ASCII.</summary>
    private const string Page =
        """{"backups":[{"id":"56509ddc10e3d7412575841247cbr09","name":"Ünïcødé 中文","description":"metadata backup","status":"normal","instance_id":"317ca65f1a035faa49bbf126c2c4in09","instance_name":"İstanbul","instance_status":"RUNNING","file_size":1755.4509,"created":"2025-02-19T02:50:20+0100","updated":"2025-02-19T02:50:37+0000","backup_type":"metadata"}],"offset":0,"limit":10,"total":1}""";

    /// <summary>An API gateway's refusal, with a message outside ASCII and a mark that reorders text.</summary>
    private const string Refusal = """{"error_code":"APIG.0301","error_msg":"Jeton ungültig 中 \u202E"}""";

    private const string Usage = "Run 'ddm --help' for usage.\n";

    private const int Sigterm = 15;

    public static (string Name, Action Check)[] For(string ddm) =>
    [
        ("ddm: a wrong option value", () => Expect(Run(ddm, [], "backups", "list", "--limit", "0"), 2, string.Empty, "ddm: --limit takes a whole number from 1 to 128, not '0'.\n" + Usage)),
        ("ddm: an unknown word", () => Expect(Run(ddm, [], "backups", "list", "--bogus"), 2, string.Empty, "ddm: '--bogus' is not an option of 'ddm backups list'.\n" + Usage)),
        ("ddm: no command", () => Expect(Run(ddm, [], "backups"), 2, string.Empty, "ddm: 'backups' needs a command: list or restore-window.\n" + Usage)),
        ("ddm: --version", () => Expect(Run(ddm, [], "--version"), 0, output => output.StartsWith("0.1.0", StringComparison.Ordinal) && output.EndsWith('\n'), string.Empty)),
        ("ddm: --help", () => Expect(Run(ddm, [], "--help"), 0, output => output.Contains("Usage:\n  ddm [command] [options]", StringComparison.Ordinal) && output.Contains("  141  the reader of the output went away", StringComparison.Ordinal), string.Empty)),
        ("ddm: a refused credential, in a UTF-8 locale", () => Refused(ddm, "C.UTF-8", "Jeton ungültig 中 \uFFFD")),
        ("ddm: a refused credential, in an ASCII locale", () => Refused(ddm, null, "Jeton ung?ltig ? ?")),
        ("ddm: a service that cannot be reached", () => Unreachable(ddm)),
        ("ddm: a table outside ASCII, in a UTF-8 locale", () => Listed(ddm, "C.UTF-8", "table", "Ünïcødé 中文")),
        ("ddm: a table outside ASCII, in an ASCII locale", () => Listed(ddm, null, "table", "?n?c?d? ??")),
        ("ddm: JSON outside ASCII, in an ASCII locale", () => Listed(ddm, null, "json", "\"name\":\"\\u00DCn\\u00EFc\\u00F8d\\u00E9 \\u4E2D\\u6587\"")),
        ("ddm: SIGTERM while a request waits", () => Signalled(ddm)),
        ("ddm: a reader that goes away", () => ReaderGone(ddm)),
    ];

    private static void Refused(string ddm, string? locale, string shown)
    {
        using var server = Server.Answering(401, Refusal);
        var result = Run(ddm, Service(server, locale), "backups", "list");
        Expect(result, 3, string.Empty, $"ddm: listBackups failed with HTTP 401 (Unauthorized): APIG.0301 {shown}. The service did not accept the credential: check that it is the right one and has not expired.\n");
    }

    private static void Unreachable(string ddm)
    {
        // A port that was free a moment ago and has no listener now.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var result = Run(ddm, Service(port, null), "backups", "list");
        Expect(result, 4, string.Empty, error => error == $"ddm: the service could not be reached: no connection could be made to http://127.0.0.1:{port} (Connection refused (127.0.0.1:{port})): check the endpoint's host and port, that the service runs there, and the network and any proxy between.\n");
    }

    private static void Listed(string ddm, string? locale, string format, string shown)
    {
        using var server = Server.Answering(200, Page);
        var result = Run(ddm, Service(server, locale), "backups", "list", "--output", format, "--wide");
        Expect(result, 0, output => output.Contains(shown, StringComparison.Ordinal), error => error == (format == "table" ? "Backups 1 to 1 of 1.\n" : string.Empty));
    }

    private static void Signalled(string ddm)
    {
        using var server = Server.Silent();
        using var process = Start(ddm, Service(server, null), "backups", "list", "--all");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        // A run that ends before its request (one that failed first) is reported rather than waited for.
        while (!server.Asked.Wait(TimeSpan.FromMilliseconds(100)))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("ddm ended before its request: stderr '" + Shown(Finish(process, output, error).Error) + "'");
            }
        }

        if (Kill(process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException("SIGTERM could not be sent");
        }

        Expect(Finish(process, output, error), 143, string.Empty, "ddm: cancelled.\n");
    }

    private static void ReaderGone(string ddm)
    {
        // The built-in emulator's listing as JSON lines is larger than a pipe holds, so ddm is still writing when the
        // reader goes away after the first line.
        using var process = Start(ddm, [], "backups", "list", "--all", "--output", "jsonl");
        var error = process.StandardError.ReadToEndAsync();
        var first = process.StandardOutput.ReadLine();
        process.StandardOutput.Close();
        var result = Finish(process, Task.FromResult(first + "\n"), error);
        Expect(result, 141, output => output.StartsWith("{\"id\":", StringComparison.Ordinal), "ddm: no cloud settings; the built-in emulator answers with sample data (see ddm --help).\n");
    }

    private static Dictionary<string, string> Service(Server server, string? locale) => Service(server.Port, locale);

    private static Dictionary<string, string> Service(int port, string? locale)
    {
        var variables = new Dictionary<string, string>
        {
            ["DDM_ENDPOINT"] = $"http://127.0.0.1:{port}/",
            ["OS_PROJECT_ID"] = "p",
            ["OS_AUTH_TOKEN"] = "t",
            ["TERM"] = "dumb",
        };
        if (locale is not null)
        {
            variables["LANG"] = locale;
        }

        return variables;
    }

    private static Process Start(string ddm, Dictionary<string, string> variables, params string[] args)
    {
        var start = new ProcessStartInfo(ddm, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    private static (int ExitCode, string Output, string Error) Run(string ddm, Dictionary<string, string> variables, params string[] args)
    {
        var process = Start(ddm, variables, args);
        using (process)
        {
            return Finish(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        }
    }

    private static (int ExitCode, string Output, string Error) Finish(Process process, Task<string> output, Task<string> error)
    {
        // Only a guard against a run that never ends, so that CI fails rather than hangs.
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new InvalidOperationException("ddm did not end");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    private static void Expect((int ExitCode, string Output, string Error) result, int exitCode, string output, string error) =>
        Expect(result, exitCode, actual => actual == output, actual => actual == error);

    private static void Expect((int ExitCode, string Output, string Error) result, int exitCode, Func<string, bool> output, string error) =>
        Expect(result, exitCode, output, actual => actual == error);

    private static void Expect((int ExitCode, string Output, string Error) result, int exitCode, string output, Func<string, bool> error) =>
        Expect(result, exitCode, actual => actual == output, error);

    private static void Expect((int ExitCode, string Output, string Error) result, int exitCode, Func<string, bool> output, Func<string, bool> error)
    {
        if (result.ExitCode != exitCode || !output(result.Output) || !error(result.Error))
        {
            throw new InvalidOperationException($"exit code {result.ExitCode} (expected {exitCode}), stdout '{Shown(result.Output)}', stderr '{Shown(result.Error)}'");
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int process, int signal);

    private static string Shown(string text) => (text.Length > 400 ? text[..400] + "..." : text).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A loopback HTTP server that answers every request alike, or reads requests and never answers.</summary>
    private sealed class Server : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly byte[]? _answer;
        private readonly List<TcpClient> _held = [];

        private Server(byte[]? answer)
        {
            _answer = answer;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Set once a request has been read.</summary>
        public ManualResetEventSlim Asked { get; } = new();

        public static Server Answering(int status, string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Unauthorized")}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            return new Server([.. Encoding.ASCII.GetBytes(head), .. bytes]);
        }

        public static Server Silent() => new(null);

        public void Dispose()
        {
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(client => client.Dispose());
            }

            Asked.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => AnswerAsync(client));
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            lock (_held)
            {
                _held.Add(client);
            }

            try
            {
                var stream = client.GetStream();
                var request = new List<byte>();
                var buffer = new byte[4096];
                while (!Encoding.ASCII.GetString([.. request]).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }

                    request.AddRange(buffer.AsSpan(0, read));
                }

                Asked.Set();
                if (_answer is not null)
                {
                    await stream.WriteAsync(_answer);
                    client.Client.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }
}
