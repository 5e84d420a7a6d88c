using System;
using System.IO;
using System.IO.Compression;
using System.ClientModel.Primitives;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// Bodies with a content coding (<c>Content-Encoding</c>). The client sends no <c>Accept-Encoding</c>, which RFC 9110
/// (12.5.3) reads as any coding being acceptable, so a server or gateway may compress what it answers.
/// </summary>
public sealed class ContentEncodingTests
{
    private const string Page = """{"backups":[],"total":7,"offset":0,"limit":10}""";

    private const string Error = """{"errCode":"DBS.280001","externalMessage":"Parameter error."}""";

    private static byte[] Encoded(string coding, byte[] body)
    {
        using var buffer = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(coding)),
        })
        {
            encoder.Write(body);
        }

        return buffer.ToArray();
    }

    private static Task<ScriptedServer> ServerAsync(int status, string coding, byte[] body) => ScriptedServer.StartAsync(context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.ContentEncoding = coding;
        return context.Response.Body.WriteAsync(body).AsTask();
    });

    private static DdmClient Client(ScriptedServer server, long maxResponseSize = 16 * 1024 * 1024) =>
        new(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token-0001"), MaxResponseSize = maxResponseSize });

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task A_compressed_answer_is_read(string coding)
    {
        // Regression: the compressed bytes were read as JSON ("'0x1F' is an invalid start of a value"), and the
        // exception of a compressed error answer held them as its ResponseBody and message, control characters and all.
        await using var success = await ServerAsync(200, coding, Encoded(coding.ToLowerInvariant(), Encoding.UTF8.GetBytes(Page)));
        await using var failure = await ServerAsync(400, coding, Encoded(coding.ToLowerInvariant(), Encoding.UTF8.GetBytes(Error)));

        var page = (await Client(success).ListBackupsAsync()).Value;
        var error = await Assert.ThrowsAsync<DdmApiException>(() => Client(failure).ListBackupsAsync());

        Assert.Equal(7, page.Total);
        Assert.Equal(("DBS.280001", "Parameter error."), (error.ErrorCode, error.ErrorMessage));
        Assert.Equal(Error, error.ResponseBody);
    }

    [Fact]
    public async Task A_compressed_answer_is_limited_by_its_size_once_decompressed()
    {
        var large = Encoding.UTF8.GetBytes("{\"backups\":[],\"total\":0,\"offset\":0,\"limit\":10,\"x\":\"" + new string('a', 100_000) + "\"}");
        await using var server = await ServerAsync(200, "gzip", Encoded("gzip", large));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server, maxResponseSize: 10_000).ListBackupsAsync());

        Assert.Contains("larger than MaxResponseSize (10000 bytes)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public async Task A_body_that_is_not_what_its_content_coding_says_is_the_api_exception(int status)
    {
        await using var server = await ServerAsync(status, "gzip", Encoding.UTF8.GetBytes(status == 200 ? Page : Error));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.Equal(status, exception.Status);
        Assert.Contains("gzip", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(exception.Message, character => char.IsControl(character));
    }

    [Fact]
    public async Task A_content_coding_the_client_cannot_decode_is_named_and_an_errors_body_in_it_is_not_quoted()
    {
        byte[] zstd = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x01, 0x02];
        await using var success = await ServerAsync(200, "zstd", zstd);
        await using var failure = await ServerAsync(400, "zstd", zstd);

        var unread = await Assert.ThrowsAsync<DdmApiException>(() => Client(success).ListBackupsAsync());
        var error = await Assert.ThrowsAsync<DdmApiException>(() => Client(failure).ListBackupsAsync());

        Assert.Contains("Content-Encoding: zstd", unread.Message, StringComparison.Ordinal);
        Assert.Equal((400, null), (error.Status, error.ResponseBody));
        Assert.DoesNotContain(error.Message, character => char.IsControl(character));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public async Task A_deflate_answer_without_the_zlib_wrapper_is_read(int status)
    {
        // Regression: only the zlib format that RFC 9110 names was read; raw DEFLATE, which servers send under the
        // same name and HttpClient's own decompression reads too, was refused as a body that does not decode.
        static byte[] Raw(string text)
        {
            using var buffer = new MemoryStream();
            using (var encoder = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                encoder.Write(Encoding.UTF8.GetBytes(text));
            }

            return buffer.ToArray();
        }

        await using var server = await ServerAsync(status, "deflate", Raw(status == 200 ? Page : Error));

        if (status == 200)
        {
            Assert.Equal(7, (await Client(server).ListBackupsAsync()).Value.Total);
            Assert.Equal(7, (await Task.Run(() => Client(server).ListBackups())).Value.Total);
        }
        else
        {
            var error = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());
            Assert.Equal(("DBS.280001", Error), (error.ErrorCode, error.ResponseBody));
        }
    }

    [Theory]
    [InlineData("gzip, identity")]
    [InlineData("identity, br")]
    [InlineData("deflate, gzip")]
    [InlineData("gzip,br")]
    public async Task An_answer_in_a_list_of_codings_is_decoded_in_turn(string codings)
    {
        // Regression: only one coding alone was decoded; a list (RFC 9110, 8.4: in the order applied) was refused as a
        // coding the client does not decode, identity in it too, which changes nothing.
        byte[] Applied(string text)
        {
            var body = Encoding.UTF8.GetBytes(text);
            foreach (var coding in codings.Split(',').Select(coding => coding.Trim()).Where(coding => coding != "identity"))
            {
                body = Encoded(coding, body);
            }

            return body;
        }

        await using var success = await ServerAsync(200, codings, Applied(Page));
        await using var failure = await ServerAsync(400, codings, Applied(Error));

        var page = (await Client(success).ListBackupsAsync()).Value;
        var error = await Assert.ThrowsAsync<DdmApiException>(() => Client(failure).ListBackupsAsync());

        Assert.Equal(7, page.Total);
        Assert.Equal(Error, error.ResponseBody);
    }

    [Fact]
    public async Task A_list_with_a_coding_the_client_cannot_decode_is_named()
    {
        await using var server = await ServerAsync(200, "zstd, gzip", Encoded("gzip", [0x28, 0xB5, 0x2F, 0xFD, 0x00]));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.Contains("Content-Encoding: zstd, gzip", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_the_handler_decompresses_is_not_decoded_again()
    {
        // The handler takes the coding it undoes off Content-Encoding, so the client finds none left to decode.
        await using var success = await ServerAsync(200, "gzip", Encoded("gzip", Encoding.UTF8.GetBytes(Page)));
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All });
        var client = new DdmClient(new DdmClientOptions { Endpoint = success.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token-0001"), Transport = new HttpClientPipelineTransport(http) });

        Assert.Equal(7, (await client.ListBackupsAsync()).Value.Total);
    }
}
