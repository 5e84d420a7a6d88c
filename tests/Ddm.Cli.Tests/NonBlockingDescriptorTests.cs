using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Ddm.Cli.Hosting;

namespace Ddm.Cli.Tests;

/// <summary>
/// Stdout and stdin on a pipe that another process set non-blocking (O_NONBLOCK belongs to the pipe, shared by every
/// process that has it: a parent such as Node.js may set it), where a full pipe answers a write, and an empty one a
/// read, with EAGAIN.
/// </summary>
public sealed class NonBlockingDescriptorTests
{
    private const int GetFlags = 3;
    private const int SetFlags = 4;

    [Fact]
    public async Task A_full_non_blocking_pipe_is_waited_for_and_gets_every_byte()
    {
        // Regression: write(2) answered EAGAIN once the pipe was full and the run ended with "standard output could not
        // be written (Resource temporarily unavailable)" and exit code 74, the output cut.
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        using var reader = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using var writer = new AnonymousPipeClientStream(PipeDirection.Out, reader.ClientSafePipeHandle);
        var descriptor = (int)writer.SafePipeHandle.DangerousGetHandle();
        var nonBlocking = OperatingSystem.IsMacOS() ? 0x4 : 0x800;
        Assert.Equal(0, fcntl(descriptor, SetFlags, fcntl(descriptor, GetFlags, 0) | nonBlocking));
        var data = new byte[1024 * 1024];
        new Random(7).NextBytes(data);

        var writing = Task.Run(() => new DescriptorStream(descriptor).Write(data));

        // Read only once the pipe is full (or the write has ended), so that the write meets a full pipe.
        while (!writing.IsCompleted && Writable(descriptor))
        {
            await Task.Delay(10);
        }

        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (received.Length < data.Length && !(writing.IsFaulted && Available(reader) == 0))
        {
            var read = await reader.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromMinutes(1));
            received.Write(buffer, 0, read);
        }

        await writing.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(data, received.ToArray());
    }

    [Fact]
    public async Task A_token_on_a_non_blocking_standard_input_is_waited_for_and_read()
    {
        // Regression: read(2) answered EAGAIN while the token had not come yet, and the run ended with "--token-stdin:
        // standard input could not be read (The process cannot access the file because it is being used by another
        // process)" and exit code 2.
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        using var server = LoopbackServer.Answering("""
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":1}
            """);
        var ends = new int[2];
        Assert.Equal(0, pipe(ends)); // Without FD_CLOEXEC: the shell below inherits both ends.
        var (readEnd, writeEnd) = (ends[0], ends[1]);
        try
        {
            var nonBlocking = OperatingSystem.IsMacOS() ? 0x4 : 0x800;
            Assert.Equal(0, fcntl(readEnd, SetFlags, fcntl(readEnd, GetFlags, 0) | nonBlocking));
            var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"exec dotnet \"$0\" backups list --token-stdin --output jsonl <&{readEnd} {readEnd}<&- {writeEnd}>&-");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ddm.dll"));
            foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("OS_", StringComparison.Ordinal) || name.StartsWith("DDM_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["DDM_ENDPOINT"] = server.Address.ToString();
            start.Environment["OS_PROJECT_ID"] = "p1";
            using var ddm = Process.Start(start)!;
            var output = ddm.StandardOutput.ReadToEndAsync();
            var error = ddm.StandardError.ReadToEndAsync();

            // The token comes late, so that ddm finds the pipe empty first (unless it ended before).
            await Task.WhenAny(ddm.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(5)));
            var token = System.Text.Encoding.ASCII.GetBytes("loopback-token\n");
            _ = write(writeEnd, token, token.Length);
            await ddm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(string.Empty, await error);
            Assert.Equal(0, ddm.ExitCode);
            Assert.Contains("\"id\":\"b1\"", await output, StringComparison.Ordinal);
        }
        finally
        {
            _ = close(readEnd);
            _ = close(writeEnd);
        }
    }

    /// <summary>Whether the pipe has room for more (POLLOUT): a write to a full one answers EAGAIN.</summary>
    private static bool Writable(int descriptor)
    {
        var poll = new PollDescriptor { Descriptor = descriptor, Events = 4 };
        return PollOnce(ref poll, 1, 0) != 0 && (poll.Returned & 4) != 0;
    }

    /// <summary>How many bytes the pipe holds, unread (FIONREAD).</summary>
    private static int Available(AnonymousPipeServerStream pipe)
    {
        var request = OperatingSystem.IsMacOS() ? 0x4004667FUL : 0x541BUL;
        return ioctl((int)pipe.SafePipeHandle.DangerousGetHandle(), request, out var count) == 0 ? count : 0;
    }

#pragma warning disable SYSLIB1054, CA5392 // Plain libc calls for the test; no marshalling is involved.
    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int descriptor, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int descriptor, ulong request, out int count);

    [DllImport("libc", SetLastError = true)]
    private static extern int pipe(int[] descriptors);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int descriptor);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int descriptor, byte[] bytes, nint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int PollOnce(ref PollDescriptor descriptors, nuint count, int timeout);
#pragma warning restore SYSLIB1054, CA5392

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }
}
