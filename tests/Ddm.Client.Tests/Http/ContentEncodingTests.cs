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

    /// <summary>
    /// A server that answers every request with a 200 in <paramref name="coding"/> whose end is where the connection
    /// ends (no Content-Length), <paramref name="body"/> sent in <paramref name="writes"/> writes of the socket.
    /// </summary>
    private static Task<ScriptedServer> EndedByCloseServerAsync(string coding, byte[] body, int writes = 1) => ScriptedServer.StartAsync(async context =>
    {
        var socket = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()!.Socket;
        socket.NoDelay = true;
        socket.Send(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: " + coding + "\r\nConnection: close\r\n\r\n"));
        var size = Math.Max(1, (body.Length + writes - 1) / writes);
        for (var offset = 0; offset < body.Length; offset += size)
        {
            socket.Send(body, offset, Math.Min(size, body.Length - offset), System.Net.Sockets.SocketFlags.None);
        }

        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        context.Abort();
    });

    /// <summary>Raw DEFLATE, without the zlib wrapper.</summary>
    private static byte[] RawDeflate(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var encoder = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            encoder.Write(body);
        }

        return buffer.ToArray();
    }

    private static byte[] Coded(string coding, byte[] body) => coding == "raw deflate" ? RawDeflate(body) : Encoded(coding, body);

    [Theory]
    [InlineData("gzip", 1, true)]
    [InlineData("gzip", 4, false)]
    [InlineData("gzip", 8, true)]
    [InlineData("gzip", -2, false)]
    [InlineData("deflate", 1, true)]
    [InlineData("deflate", 4, false)]
    [InlineData("deflate", -2, true)]
    [InlineData("raw deflate", 1, false)]
    [InlineData("raw deflate", -2, true)]
    [InlineData("br", 1, true)]
    [InlineData("br", -2, false)]
    public async Task A_compressed_answer_cut_short_where_the_connection_ends_is_a_network_failure_that_says_so_and_is_retried(string coding, int cut, bool async)
    {
        // Regression: the decoders end where their input ends, without an error, so a body cut a few bytes before its
        // end (in the gzip trailer, say) was read whole as a page, and one cut in its middle failed as JSON that ends early.
        // A cut of -2 keeps the first half of the body.
        var page = Encoding.UTF8.GetBytes(Page.Replace("[]", "[" + string.Join(",", Enumerable.Range(0, 40).Select(index => "{\"id\":\"b" + index + "\"}")) + "]", StringComparison.Ordinal));
        var whole = Coded(coding, page);
        await using var server = await EndedByCloseServerAsync(coding == "raw deflate" ? "deflate" : coding, whole[..(cut < 0 ? whole.Length / -cut : whole.Length - cut)]);
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token-0001"), RetryPolicy = new ClientRetryPolicy(maxRetries: 1) });

        var exception = await Record.ExceptionAsync(() => async ? client.ListBackupsAsync() : Task.Run(() => client.ListBackups()));

        Assert.NotNull(exception);
        Assert.Contains("cut short", exception.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, server.RawTargets.Count);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("raw deflate")]
    [InlineData("br")]
    public async Task A_compressed_answer_that_ends_with_the_connection_is_read_whole_however_it_is_split(string coding)
    {
        // No false alarm: a whole body, of any size, in one write or in many, empty once decoded or not.
        foreach (var size in new[] { 0, 1, 47, 5_000, 300_000 })
        {
            var random = new Random(size);
            var text = new StringBuilder();
            while (text.Length < size)
            {
                text.Append(random.Next(3) == 0 ? " " : random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var body = Encoding.UTF8.GetBytes(text.ToString(0, size));
            foreach (var writes in new[] { 1, 3, 200 })
            {
                await using var server = await EndedByCloseServerAsync(coding == "raw deflate" ? "deflate" : coding, Coded(coding, body), writes);
                var client = Client(server);

                var result = await (writes == 3 ? Task.Run(() => client.ListBackups(null, null, new RequestOptions())) : client.ListBackupsAsync(null, null, new RequestOptions()));

                Assert.True(body.AsSpan().SequenceEqual(result.GetRawResponse().Content.ToArray()), coding + ", " + size + " bytes in " + writes + " writes");
            }
        }
    }

    [Theory]
    [InlineData("gzip", "1F8B08000000000000030300" + "0000000000000000")]
    [InlineData("deflate", "789C030000000001")]
    [InlineData("deflate", "0300")]
    [InlineData("br", "3B")]
    [InlineData("gzip", "")]
    [InlineData("deflate", "")]
    [InlineData("br", "")]
    public async Task An_empty_compressed_answer_that_ends_with_the_connection_is_read_as_empty(string coding, string hex)
    {
        await using var server = await EndedByCloseServerAsync(coding, Convert.FromHexString(hex));

        var result = await Client(server).ListBackupsAsync(null, null, new RequestOptions());

        Assert.Equal(0, result.GetRawResponse().Content.ToMemory().Length);
    }

    [Fact]
    public async Task A_gzip_answer_of_several_members_that_ends_with_the_connection_is_read_whole()
    {
        var half = Page.Length / 2;
        await using var server = await EndedByCloseServerAsync("gzip", [.. Encoded("gzip", Encoding.UTF8.GetBytes(Page[..half])), .. Encoded("gzip", Encoding.UTF8.GetBytes(Page[half..]))], writes: 9);

        Assert.Equal(7, (await Client(server).ListBackupsAsync()).Value.Total);
    }

    [Fact]
    public async Task A_gzip_answer_cut_where_its_last_four_bytes_read_as_a_length_below_the_text_s_is_cut_short()
    {
        // Regression: a body of several members was taken as whole when its last four bytes, read as the last member's
        // length, were below the length decoded, so a single member cut where four bytes of its data read as such a
        // number (about one cut in 14 000 for 300 000 bytes of text) was read as a body that ends early.
        var random = new Random(7);
        var text = new StringBuilder();
        while (text.Length < 300_000)
        {
            text.Append(random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        var body = Encoding.UTF8.GetBytes(text.ToString(0, 300_000));
        var whole = Encoded("gzip", body);
        var cut = Enumerable.Range(20, whole.Length - 28).Reverse().First(end => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(whole.AsSpan(end - 4, 4)) < (uint)body.Length);
        await using var server = await EndedByCloseServerAsync("gzip", whole[..cut]);

        var exception = await Record.ExceptionAsync(() => Client(server).ListBackupsAsync(null, null, new RequestOptions()));

        Assert.NotNull(exception);
        Assert.Contains("cut short", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_answer_of_several_large_members_is_read_whole_however_it_is_split()
    {
        // No false alarm: each member's end falls where a read of the decoder ends, whatever the writes.
        var random = new Random(11);
        var members = Enumerable.Range(0, 3).Select(member => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000 * (member + 1)).Select(_ => (char)('a' + random.Next(26)))))).ToList();
        var body = members.SelectMany(member => member).ToArray();
        foreach (var writes in new[] { 1, 3, 200 })
        {
            await using var server = await EndedByCloseServerAsync("gzip", members.SelectMany(member => Encoded("gzip", member)).ToArray(), writes);

            var result = await Client(server).ListBackupsAsync(null, null, new RequestOptions());

            Assert.True(body.AsSpan().SequenceEqual(result.GetRawResponse().Content.ToArray()), writes + " writes");
        }
    }

    [Fact]
    public async Task A_compressed_error_cut_short_where_the_connection_ends_is_that_error_and_not_retried()
    {
        // As an error whose declared length the connection cut short: the error with what of its body came.
        var whole = Encoded("gzip", Encoding.UTF8.GetBytes(Error));
        await using var server = await ScriptedServer.StartAsync(async context =>
        {
            var socket = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()!.Socket;
            socket.Send([.. Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n"), .. whole[..^4]]);
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            context.Abort();
        });

        var error = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.Equal((400, "DBS.280001"), (error.Status, error.ErrorCode));
        Assert.Single(server.RawTargets);
    }
}
