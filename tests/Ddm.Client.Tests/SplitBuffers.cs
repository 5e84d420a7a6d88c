using System;
using System.Buffers;

namespace Ddm.Client.Tests;

/// <summary>JSON bytes as two buffers, so that whatever stands at the cut is read across buffers.</summary>
internal static class SplitBuffers
{
    /// <summary>The bytes as a sequence of two segments, the first holding <paramref name="cut"/> bytes.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int cut)
    {
        var first = new Segment(bytes.AsMemory(0, cut));
        var last = first.Append(bytes.AsMemory(cut));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The bytes as a sequence of one segment per byte, so that every token is read across buffers.</summary>
    public static ReadOnlySequence<byte> Bytewise(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1));
        var last = first;
        for (var index = 1; index < bytes.Length; index++)
        {
            last = last.Append(bytes.AsMemory(index, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The buffers as one sequence, in order.</summary>
    public static ReadOnlySequence<byte> Join(ReadOnlyMemory<byte> head, params ReadOnlyMemory<byte>[] rest)
    {
        var first = new Segment(head);
        var last = first;
        foreach (var memory in rest)
        {
            last = last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
