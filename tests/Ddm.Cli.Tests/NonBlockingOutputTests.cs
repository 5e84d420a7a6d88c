using System;
using System.IO;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Ddm.Cli.Hosting;

namespace Ddm.Cli.Tests;

/// <summary>
/// Stdout on a pipe that another process set non-blocking (O_NONBLOCK belongs to the pipe, shared by every process
/// that has it: a parent such as Node.js may set it), where a full pipe answers a write with EAGAIN.
/// </summary>
public sealed class NonBlockingOutputTests
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
