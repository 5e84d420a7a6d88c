using System;
using System.Buffers;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;

namespace Ddm.Client.Tests;

/// <summary>
/// An exception of the caller's that reaches a model's read, here from a buffer of the sequence the reader moves into,
/// comes out as it was thrown, never taken for a member that cannot be read.
/// </summary>
public sealed class CallerFailureTests
{
    /// <summary>A buffer that fails the second time its span is asked for, as one disposed while read.</summary>
    private sealed class Once(byte[] bytes) : MemoryManager<byte>
    {
        private int _calls;

        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(++_calls == 2, this);

            return bytes;
        }

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }

    [Fact]
    public void A_failure_of_the_callers_buffer_is_not_taken_for_a_member_value()
    {
        // Regression: an ObjectDisposedException, an InvalidOperationException, was wrapped in a JsonException that
        // named the member being read, as if the answer held a wrong value.
        var json = Encoding.UTF8.GetBytes("{\"id\":\"b1\",\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\",\"name\":\"n\"}");
        var sequence = SplitBuffers.Join(json.AsMemory(0, 70), new Once(json[70..]).Memory);
        var model = ModelReaderWriter.Read<BackupInfo>(BinaryData.FromBytes(json))!;
        var failure = Record.Exception(() =>
        {
            var reader = new Utf8JsonReader(sequence);
            return ((IJsonModel<BackupInfo>)model).Create(ref reader, ModelReaderWriterOptions.Json);
        });
        Assert.IsType<ObjectDisposedException>(failure);
    }
}
