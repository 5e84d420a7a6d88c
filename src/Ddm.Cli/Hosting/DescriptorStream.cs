using System;
using System.IO;

namespace Ddm.Cli.Hosting;

/// <summary>
/// Writes to a file descriptor of this process (stdout, stderr) with write(2), never closing it. Unlike a FileStream,
/// it writes at the descriptor's shared offset and moves it on, so a file the shell shares with the commands that
/// follow (<c>(ddm ...; echo done) &gt; file</c>) or with stderr (<c>&gt; file 2&gt;&amp;1</c>) keeps every line in
/// order; unlike System.Console's streams, it never touches the terminal's modes.
/// </summary>
internal sealed class DescriptorStream : Stream
{
    private readonly int _descriptor;
    private volatile bool _halted;

    public DescriptorStream(int descriptor) => _descriptor = descriptor;

    /// <summary>Drops the rest of a write under way and every later one.</summary>
    public void Halt() => _halted = true;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // A pipe or terminal may take less than all at once (a signal meanwhile): the rest follows.
        while (!buffer.IsEmpty && !_halted)
        {
            buffer = buffer[NativeMethods.Write(_descriptor, buffer)..];
        }
    }

    /// <summary>Nothing to do: every write has reached the descriptor.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Standard input over descriptor 0 with read(2), which waits for input however the descriptor is set.</summary>
    public sealed class Input : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => buffer.IsEmpty ? 0 : NativeMethods.Read(0, buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
