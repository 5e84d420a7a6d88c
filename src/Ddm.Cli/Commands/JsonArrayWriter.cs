using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Ddm.Client;

namespace Ddm.Cli.Commands;

/// <summary>Writes a JSON array one item at a time, so a long listing is streamed rather than built in memory.</summary>
internal sealed class JsonArrayWriter
{
    /// <summary>The generated metadata, writing "+0000" as it is rather than escaped: the output is for terminals and files.</summary>
    public static readonly JsonSerializerOptions Options = new(DdmJsonTypeInfoResolver.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _output;
    private bool _any;

    public JsonArrayWriter(TextWriter output) => _output = output;

    public Task WriteAsync<T>(T item)
    {
        var separator = _any ? ",\n  " : "[\n  ";
        _any = true;
        return _output.WriteAsync(separator + JsonSerializer.Serialize(item, Options));
    }

    public Task EndAsync() => _output.WriteLineAsync(_any ? "\n]" : "[]");
}
