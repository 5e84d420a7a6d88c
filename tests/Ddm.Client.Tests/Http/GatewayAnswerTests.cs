using System;
using System.ClientModel.Primitives;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// Answers that a gateway or load balancer in front of the service gives in its place: a page or text with a
/// success status, throttling with <c>Retry-After</c>. The exception says what came and what to do about it.
/// </summary>
public sealed class GatewayAnswerTests
{
    private const string Token = "gateway-test-token-0123456789";

    private static DdmClient Client(ScriptedServer server, ClientRetryPolicy? retry = null) => new(new DdmClientOptions
    {
        Endpoint = server.BaseAddress,
        ProjectId = "p",
        Credential = DdmCredential.FromToken(Token),
        RetryPolicy = retry,
    });

    private static Task Answer(HttpContext context, int status, string? contentType, string body)
    {
        context.Response.StatusCode = status;
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }

        return context.Response.WriteAsync(body);
    }

    [Theory]
    [InlineData("text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Sign in - Portal</title></head><body>Please sign in</body></html>", "an HTML page titled 'Sign in - Portal'", true)]
    [InlineData(null, "<html><body><p>Access   denied</p></body></html>", "an HTML page: Access denied", false)]
    [InlineData("text/plain", "upstream connect error or disconnect/reset before headers", "'upstream connect error or disconnect/reset before headers'", true)]
    [InlineData("text/plain", "503 Service Unavailable", "'503 Service Unavailable'", true)]
    [InlineData(null, "true story", "'true story'", false)]
    [InlineData("text/plain", "\"quoted\" and more", "'\"quoted\" and more'", true)]
    public async Task A_success_answer_that_is_no_json_says_what_came_and_that_a_gateway_likely_sent_it(string? contentType, string body, string shown, bool async)
    {
        // Regression: a gateway's sign-in page or text with status 200 gave only the JSON reader's complaint about its
        // first character ("'<' is an invalid start of a value"), naming neither what came nor where to look.
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, contentType, body));
        var client = Client(server);

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => async ? client.ListBackupsAsync() : Task.Run(() => client.ListBackups()));

        Assert.Equal(200, exception.Status);
        Assert.Contains("the service answered HTTP 200 with " + shown + ", not JSON", exception.Message, StringComparison.Ordinal);
        Assert.Contains("gateway or proxy", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid start of a value", exception.Message, StringComparison.Ordinal);
        Assert.Equal(body, exception.ResponseBody);
    }

    [Theory]
    [InlineData("503", "$")]
    [InlineData("\"text\"", "$")]
    [InlineData("{\"backups\": [1 2]}", "$.backups[0]")]
    public async Task A_json_value_that_is_not_the_result_keeps_the_readers_complaint(string body, string path)
    {
        // A lone value, or one that fails deeper, is JSON: the path says where it went wrong, not a gateway.
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, "application/json", body));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.StartsWith("listBackups: the response body cannot be read at " + path + " (", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\u001b[31mred\\u0007", 70, false)]
    [InlineData("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", 70, false)]
    [InlineData("\\u001b]0;title\\u0007", 1, true)]
    public async Task A_path_or_value_the_reader_names_reaches_the_message_on_one_line_and_cut(string name, int depth, bool inValue)
    {
        // Regression: the JSON path of a body that cannot be read was put in the message as the reader made it, with the
        // escapes and bells of the member names the service sent, and whole: 64 levels of long names made a message of
        // hundreds of kilobytes, as one value quoted in the reader's complaint could.
        var body = inValue
            ? "{\"backups\":[{\"id\":\"a\",\"status\":\"s\",\"instance_id\":\"i\",\"created\":\"" + name + new string('x', 5000) + "\"}],\"offset\":0,\"limit\":1,\"total\":1}"
            : "{\"backups\":[],\"offset\":0,\"limit\":1,\"total\":0," + string.Concat(System.Linq.Enumerable.Repeat("\"" + name + "\":{", depth)) + new string('}', depth + 1);
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, "application/json", body));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.StartsWith("listBackups: the response body cannot be read at $.", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(exception.Message, char.IsControl);
        Assert.InRange(exception.Message.Length, 1, 1000);
    }

    [Fact]
    public async Task A_path_that_spells_the_token_once_its_nuls_are_left_out_does_not_show_it()
    {
        // Regression: the token was looked for in the JSON path before the path was made fit for the message, which
        // leaves out a NUL (as text in UTF-16 has beside each letter): the NULs kept it from being found, and then went.
        var spelled = string.Join("\\u0000", System.Linq.Enumerable.Select(Token, character => character.ToString()));
        var body = "{\"backups\":[],\"offset\":0,\"limit\":1,\"total\":0,\"" + spelled + "\":{\"x\":tru}}";
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, "application/json", body));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.StartsWith("listBackups: the response body cannot be read at $.", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "application/json", "{\"error_code\":\"APIG.0301\",\"error_msg\":\"denied for NULLED\",\"request_id\":\"r1\"}")]
    [InlineData(400, "application/json", "{\"error_code\":\"NULLED\",\"error_msg\":\"denied\",\"request_id\":\"NULLED\"}")]
    [InlineData(400, "text/plain", "denied for RAWNULS")]
    [InlineData(200, "text/plain", "denied for RAWNULS")]
    public async Task An_error_text_that_spells_the_token_once_made_fit_to_show_does_not_show_it(int status, string contentType, string body)
    {
        // Regression: the token was looked for in the error's texts before the exception made them fit for its message,
        // which leaves out a NUL (as text in UTF-16 has beside each letter): what the NULs kept apart was joined into the
        // token after it was looked for, and the message showed it, as the properties did to whatever leaves NULs out.
        body = body
            .Replace("NULLED", string.Join("\\u0000", System.Linq.Enumerable.Select(Token, character => character.ToString())), StringComparison.Ordinal)
            .Replace("RAWNULS", string.Join("\0", System.Linq.Enumerable.Select(Token, character => character.ToString())), StringComparison.Ordinal);
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, status, contentType, body));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.Equal(status, exception.Status);
        Assert.Contains("denied", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.ToString(), StringComparison.Ordinal);
        foreach (var text in new[] { exception.ErrorCode, exception.ErrorMessage, exception.RequestId, exception.ResponseBody })
        {
            // As a terminal or a log shows the text: without its NULs.
            Assert.DoesNotContain(Token, (text ?? string.Empty).Replace("\0", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_page_instead_of_the_third_page_of_a_listing_ends_it_with_what_came()
    {
        var requests = 0;
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].ToString() is { Length: > 0 } text ? text : "0", System.Globalization.CultureInfo.InvariantCulture);
            return Interlocked.Increment(ref requests) == 3
                ? Answer(context, 200, "text/html", "<html><head><title>Maintenance</title></head></html>")
                : Answer(context, 200, "application/json", "{\"backups\":[" + BackupJson("b" + offset) + "],\"offset\":" + offset + ",\"limit\":1,\"total\":5}");
        });
        var listed = 0;

        var exception = await Assert.ThrowsAsync<DdmApiException>(async () =>
        {
            await foreach (var backup in Client(server).ListBackupsAutoPagingAsync(limit: 1))
            {
                listed++;
            }
        });

        Assert.Equal(2, listed);
        Assert.Contains("the service answered HTTP 200 with an HTML page titled 'Maintenance', not JSON", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_a_page_repeats_is_not_in_the_message()
    {
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, "text/plain", "denied for token " + Token));

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.DoesNotContain(Token, exception.Message, StringComparison.Ordinal);
        Assert.Contains("'denied for token ***'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "3600", "after 3600 s")]
    [InlineData(503, "Fri, 31 Dec 2100 23:59:59 GMT", "after 2100-12-31 23:59:59 UTC")]
    public async Task Throttling_whose_wait_the_client_did_not_take_says_when_to_send_again(int status, string retryAfter, string shown)
    {
        // Regression: an answer that asked for a longer wait than the network timeout ended the call at once, as it
        // should, but its message said only "failed with HTTP 429 (TooManyRequests): APIG.0308 ...", not that the
        // service had said when to send the request again, nor that the client had not waited that long.
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = retryAfter;
            return Answer(context, status, "application/json", """{"error_code":"APIG.0308","error_msg":"The request is throttled."}""");
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.Equal(status, exception.Status);
        Assert.Single(server.RawTargets);
        Assert.Contains("The service asked for the request to be sent again " + shown + " (Retry-After)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "1", "3600" }, "after 3600 s")]
    [InlineData(new[] { "3600", "1" }, "after 3600 s")]
    [InlineData(new[] { "1, 3600" }, "after 3600 s")]
    [InlineData(new[] { "soon", "3600" }, "after 3600 s")]
    [InlineData(new[] { "Fri, 31 Dec 2100 23:59:59 GMT, 5" }, "after 2100-12-31 23:59:59 UTC")]
    [InlineData(new[] { "5", "Fri, 31 Dec 2100 23:59:59 GMT" }, "after 2100-12-31 23:59:59 UTC")]
    [InlineData(new[] { "1", "99999999999999999999" }, "after 99999999999999999999 s")]
    [InlineData(new[] { "1, 0099999999999999999999" }, "after 99999999999999999999 s")]
    public async Task Throttling_with_several_retry_after_values_keeps_to_the_longest(string[] retryAfter, string shown)
    {
        // Regression: a gateway that adds a Retry-After of its own to the service's gave two values, which the client
        // read joined ("1, 3600") as no value at all: the request was sent again after the client's own short delay,
        // three times, however long either had asked for, and the message did not say when to send it again.
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = retryAfter;
            return Answer(context, 429, "application/json", """{"error_code":"APIG.0308","error_msg":"The request is throttled."}""");
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.Equal(429, exception.Status);
        Assert.Single(server.RawTargets);
        Assert.Contains("The service asked for the request to be sent again " + shown + " (Retry-After)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "BadRequest")]
    [InlineData(500, "InternalServerError")]
    [InlineData(502, "BadGateway")]
    public async Task A_retry_after_on_a_status_that_asks_for_no_wait_is_not_named(int status, string reason)
    {
        // Regression: the message said "The service asked for the request to be sent again after 3600 s" for a
        // Retry-After on any error status, where RFC 9110 (10.2.3) and RFC 6585 give it a meaning only with a 503, a
        // 429 and a redirect; IAM's failures and the README named it only for a 429 or 503.
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = "3600";
            return Answer(context, status, "application/json", """{"error_code":"DBS.200001","error_msg":"Failed."}""");
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server, new ClientRetryPolicy(0)).ListBackupsAsync());

        Assert.Equal($"listBackups failed with HTTP {status} ({reason}): DBS.200001 Failed.", exception.Message);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("1; 3600")]
    [InlineData("-5")]
    public async Task A_retry_after_that_is_no_delay_or_date_is_not_quoted(string retryAfter)
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = retryAfter;
            return Answer(context, 429, "application/json", """{"error_code":"APIG.0308","error_msg":"The request is throttled."}""");
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server, new ClientRetryPolicy(0)).ListBackupsAsync());

        Assert.Equal("listBackups failed with HTTP 429 (TooManyRequests): APIG.0308 The request is throttled.", exception.Message);
    }

    [Theory]
    [InlineData("utf-16", "application/json; charset=utf-16", true)]
    [InlineData("utf-16", "application/json; charset=\"UTF-16\"", false)]
    [InlineData("utf-16be", "application/json;charset=utf-16be", true)]
    public async Task A_body_in_another_charset_than_utf8_that_cannot_be_read_names_the_charset(string charset, string contentType, bool byteOrderMark)
    {
        // Regression: a gateway that re-encoded the answer as UTF-16 gave "'0x00' is an invalid start of a property
        // name" at $, or with a byte order mark its bytes quoted as text, and no word of the charset its Content-Type named.
        var encoding = charset == "utf-16be" ? System.Text.Encoding.BigEndianUnicode : System.Text.Encoding.Unicode;
        var body = """{"backups":[],"offset":0,"limit":10,"total":0}""";
        var bytes = byteOrderMark ? [.. encoding.GetPreamble(), .. encoding.GetBytes(body)] : encoding.GetBytes(body);
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.Body.WriteAsync(bytes).AsTask();
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.Equal(200, exception.Status);
        Assert.StartsWith("listBackups: the response body is in " + charset + ", the charset its Content-Type names, and the client reads JSON in UTF-8 only", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(502, true)]
    [InlineData(200, false)]
    [InlineData(502, false)]
    public async Task A_text_body_with_control_characters_reaches_the_message_without_them(int status, bool utf16)
    {
        // Regression: a text in UTF-16 without a charset in its Content-Type was quoted in the message with a NUL after
        // each letter, and a bell or a tab in a text went into the message as they came.
        var bytes = utf16 ? System.Text.Encoding.Unicode.GetBytes("Service Unavailable") : System.Text.Encoding.UTF8.GetBytes("Service\u0007 Unavailable\u0000\t\u001b[0m");
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain";
            return context.Response.Body.WriteAsync(bytes).AsTask();
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server, new ClientRetryPolicy(0)).ListBackupsAsync());

        Assert.Equal(status, exception.Status);
        Assert.DoesNotContain(exception.Message, char.IsControl);
        Assert.Contains("Service", exception.Message, StringComparison.Ordinal);
        Assert.Contains(utf16 ? "Service Unavailable" : "Unavailable", exception.Message, StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), exception.ResponseBody);
    }

    [Fact]
    public async Task A_body_in_a_charset_that_writes_ascii_as_utf8_does_is_read_and_its_failure_is_the_json_one()
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json; charset=iso-8859-1";
            return context.Response.WriteAsync("""{"backups":[{}],"offset":0,"limit":10,"total":1}""");
        });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync());

        Assert.StartsWith("listBackups: the response body cannot be read at $.backups[0]", exception.Message, StringComparison.Ordinal);
    }

    private static string BackupJson(string id) =>
        "{\"id\":\"" + id + "\",\"name\":\"B\",\"status\":\"normal\",\"instance_id\":\"i\",\"instance_name\":\"n\",\"instance_status\":\"normal\",\"file_size\":1.5,"
        + "\"created\":\"2025-02-19T02:50:20+0000\",\"updated\":\"2025-02-19T02:50:37+0000\",\"backup_type\":\"auto_metadata\"}";
}
