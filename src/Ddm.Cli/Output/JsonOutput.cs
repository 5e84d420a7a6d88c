using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ddm.Cli.Service;
using Ddm.Client;

namespace Ddm.Cli.Output;

/// <summary>
/// JSON on stdout, written only in complete units: one whole document (a page, or the array of an <c>--all</c>
/// listing, kept until the last page has arrived), or one whole line per item for JSON Lines. A run interrupted before
/// then leaves either nothing or complete lines; only a signal during the copy of a document to a reader too slow to
/// take it within the grace period leaves it cut (<see cref="Hosting.Termination"/>).
/// </summary>
/// <remarks>
/// <para>
/// An array is kept in memory up to <see cref="MemoryLimit"/> bytes; beyond that it goes on in a temporary file,
/// so memory stays flat however long the listing is. The file is readable and writable by the owner only, and no
/// one else sees it: on Linux and macOS its name is removed from the temporary folder as soon as it is created (it
/// lives on as an open file of this process only, and is gone when the process ends, however it ends); on Windows
/// it is opened with <see cref="FileOptions.DeleteOnClose"/>.
/// </para>
/// <para>Serialization goes through the generated, reflection-free metadata (safe under trimming and NativeAOT).</para>
/// </remarks>
internal sealed class JsonOutput : IDisposable
{
    /// <summary>The generated metadata, writing "+0000" as it is rather than escaped: the output is for terminals and files.</summary>
    private static readonly JsonSerializerOptions Options = new(DdmJsonTypeInfoResolver.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>How much of an array is kept in memory before the rest goes to a temporary file.</summary>
    internal const int MemoryLimit = 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;
    private FileStream? _file;
    private int _count;

    public JsonOutput() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

    /// <summary>The document of one page: <c>{"backups":[...],"offset":0,"limit":10,"total":263}</c>, as the service sends it.</summary>
    public static string PageDocument<T>(Page<T> page, string itemsName)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var info = TypeInfo<T>();
            writer.WriteStartObject();
            writer.WriteStartArray(itemsName);
            foreach (var item in page.Items)
            {
                JsonSerializer.Serialize(writer, item, info);
            }

            writer.WriteEndArray();
            writer.WriteNumber("offset", page.Offset);
            writer.WriteNumber("limit", page.Limit);
            writer.WriteNumber("total", page.Total);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>One item as one line of JSON Lines.</summary>
    public static string Line<T>(T item)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, item, TypeInfo<T>());
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>Adds an item to the array (as UTF-8, one line per item).</summary>
    public void Add<T>(T item)
    {
        _writer.Flush();
        _buffer.Write(_count++ == 0 ? "[\n  "u8 : ",\n  "u8);
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, item, TypeInfo<T>());
        _writer.Flush();
        if (_buffer.WrittenCount >= MemoryLimit)
        {
            MoveToFile();
        }
    }

    /// <summary>Writes the whole array at once.</summary>
    public void WriteArrayTo(TextWriter output)
    {
        _writer.Flush();
        _buffer.Write(_count == 0 ? "[]\n"u8 : "\n]\n"u8);
        // Blocks of 16 KiB: each write to stdout makes a string and its UTF-8 bytes, which stay below the large
        // object heap at this size and so are collected young.
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[16 * 1024];
        if (_file is null)
        {
            Decode(decoder, _buffer.WrittenSpan, chars, output, last: true);
        }
        else
        {
            MoveToFile();
            _file.Position = 0;
            var bytes = new byte[16 * 1024];
            int read;
            while ((read = ReadFile(bytes)) > 0)
            {
                Decode(decoder, bytes.AsSpan(0, read), chars, output, last: false);
            }

            Decode(decoder, ReadOnlySpan<byte>.Empty, chars, output, last: true);
        }

        output.Flush();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file?.Dispose();
    }

    private static void Decode(Decoder decoder, ReadOnlySpan<byte> bytes, char[] chars, TextWriter output, bool last)
    {
        while (true)
        {
            decoder.Convert(bytes, chars, flush: last, out var used, out var produced, out var completed);
            output.Write(chars, 0, produced);
            bytes = bytes[used..];
            if (bytes.IsEmpty && (completed || !last))
            {
                return;
            }
        }
    }

    /// <summary>Appends what is in memory to the temporary file (created the first time) and empties the buffer.</summary>
    private void MoveToFile()
    {
        _file ??= TemporaryFile.Create();
        try
        {
            _file.Write(_buffer.WrittenSpan);
        }
        catch (IOException exception)
        {
            throw TemporaryFile.Failure(exception);
        }

        _buffer.ResetWrittenCount();
    }

    private int ReadFile(byte[] bytes)
    {
        try
        {
            return _file!.Read(bytes);
        }
        catch (IOException exception)
        {
            throw TemporaryFile.Failure(exception);
        }
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
