using System;
using System.ClientModel.Primitives;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// A JSON string may escape half of a surrogate pair without the other half (<c>"\ud800"</c>): JSON's grammar allows it,
/// and no Unicode text holds it. Such a half is read as U+FFFD, as UTF-8 writes it, so that one odd value does not cost
/// the page it is in; bytes that are no UTF-8, which no JSON text holds, are still refused.
/// </summary>
public sealed class LoneSurrogateTests
{
    private const string Backup = "\"status\":\"normal\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\"";

    [Fact]
    public async Task An_escaped_lone_surrogate_in_a_listing_is_read_as_a_replacement_character_and_the_page_is_kept()
    {
        // The whole page failed with a JsonException: the listing lost every backup of it for one character of a name.
        var page = "{\"offset\":0,\"limit\":10,\"total\":3,\"backups\":["
            + "{\"id\":\"b1\",\"name\":\"a\\ud800b\"," + Backup + "},"
            + "{\"id\":\"b2\",\"name\":\"\\udc00\\ud83d\\ude00\\ud83d\",\"backup_type\":\"x\\udfff\"," + Backup + "},"
            + "{\"id\":\"b3\",\"name\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9 \u00e9\\ud800\"," + Backup + "}]}";
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(page);
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var backups = new System.Collections.Generic.List<BackupInfo>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync())
        {
            backups.Add(backup);
        }

        Assert.Equal(["b1", "b2", "b3"], backups.Select(backup => backup.Id));
        Assert.Equal("a\uFFFDb", backups[0].Name);
        Assert.Equal("\uFFFD\ud83d\ude00\uFFFD", backups[1].Name);
        Assert.Equal("x\uFFFD", backups[1].BackupType?.Value);
        Assert.Equal("\"\\/\b\f\n\r\t\u00e9 \u00e9\uFFFD", backups[2].Name);
    }

    [Fact]
    public void A_model_read_with_an_escaped_lone_surrogate_writes_back_as_json()
    {
        var backup = ModelReaderWriter.Read<BackupInfo>(BinaryData.FromString("{\"id\":\"b\\ud800\"," + Backup + "}"))!;

        Assert.Equal("b\uFFFD", backup.Id);
        Assert.Equal("b\uFFFD", ModelReaderWriter.Read<BackupInfo>(ModelReaderWriter.Write(backup))!.Id);
    }

    [Fact]
    public void Bytes_that_are_no_utf8_are_still_refused_naming_the_member()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("{\"id\":\"b\\u0041\u00ff\"," + Backup + "}");
        var at = Array.IndexOf(json, (byte)0xC3);
        json[at] = 0xFF;

        var exception = Assert.Throws<JsonException>(() => ModelReaderWriter.Read<BackupInfo>(BinaryData.FromBytes(json)));

        Assert.Contains("'id' of BackupInfo", exception.Message, StringComparison.Ordinal);
    }
}
