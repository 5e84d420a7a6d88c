using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>The one line the emulator writes for each request, which <c>ddm emulator</c> shows on the terminal.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task A_query_with_escape_sequences_is_logged_percent_encoded_so_it_cannot_drive_the_terminal()
    {
        // Regression: the query was written as it came, so a request for ?a=ESC[31mRED turned the terminal red.
        var log = new StringWriter();
        await using (var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { RequestLog = TextWriter.Synchronized(log) }))
        {
            using var client = new TcpClient();
            await client.ConnectAsync(emulator.BaseAddress.Host, emulator.BaseAddress.Port);
            var stream = client.GetStream();
            var request = "GET /v3/x/backups?a=\u001b[31mRED\u0007&b=%1b&c=d%C3%BCr HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }

        var line = log.ToString();
        Assert.Contains("GET /v3/x/backups?a=%1B[31mRED%07&b=%1b&c=d%C3%BCr -> ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(line.TrimEnd('\r', '\n'), c => char.IsControl(c) || c > '\u007e');
    }

    [Fact]
    public async Task Options_with_an_asterisk_is_logged_with_its_asterisk()
    {
        // Regression: the line of OPTIONS * had nothing where the target goes ("OPTIONS  -> 200"), as its path is empty.
        var log = new StringWriter();
        await using (var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { RequestLog = TextWriter.Synchronized(log) }))
        {
            using var client = new TcpClient();
            await client.ConnectAsync(emulator.BaseAddress.Host, emulator.BaseAddress.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"OPTIONS * HTTP/1.1\r\nHost: {emulator.BaseAddress.Authority}\r\nConnection: close\r\n\r\n"));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }

        Assert.Equal("OPTIONS * -> 200" + Environment.NewLine, log.ToString());
    }

    [Fact]
    public async Task Requests_answered_at_once_each_leave_their_whole_line_in_a_log_that_is_no_synchronized_writer()
    {
        // Regression: the lines were written from the threads that answered, at once, so a plain writer (a StringWriter,
        // which is not thread-safe) lost lines and mixed them under parallel clients.
        const int Requests = 5000;
        var log = new StringWriter();
        await using (var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { RequestLog = log }))
        {
            using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
            // On the thread pool, away from the test framework's context, which would run the clients a few at a time.
            await Task.Run(() => Parallel.ForEachAsync(
                Enumerable.Range(0, Requests),
                new ParallelOptions { MaxDegreeOfParallelism = 64 },
                async (index, cancellationToken) =>
                {
                    using var answer = await client.GetAsync(new Uri("/v3/x/backups?n=" + index, UriKind.Relative), cancellationToken);
                }));
        }

        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            Enumerable.Range(0, Requests).Select(index => "GET /v3/x/backups?n=" + index + " -> 401").Order(StringComparer.Ordinal),
            lines.Order(StringComparer.Ordinal));
    }
}
