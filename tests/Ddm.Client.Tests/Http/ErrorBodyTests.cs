using System.Net.Http;
using System.Threading.Tasks;
using System.ClientModel.Primitives;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// What an error answer says reaches the exception member by member: a member of another type than the spec gives, or a
/// body cut short after the members that matter, loses only what it holds, and an empty member gives way to the other
/// error shape's.
/// </summary>
public sealed class ErrorBodyTests
{
    [Theory]
    [InlineData("""{"errCode":"DBS.280001","externalMessage":"Parameter error.","request_id":5}""", "DBS.280001", "Parameter error.", "5")]
    [InlineData("""{"errCode":280001,"externalMessage":"Parameter error."}""", "280001", "Parameter error.", "req-h")]
    [InlineData("""{"errCode":"DBS.280001","externalMessage":{"text":"nested"},"error_msg":"Gateway says no."}""", "DBS.280001", "Gateway says no.", "req-h")]
    [InlineData("""{"errCode":"","externalMessage":"","error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information","request_id":""}""", "APIG.0301", "Incorrect IAM authentication information", "req-h")]
    [InlineData("""{"errCode":"DBS.280001","externalMessage":"Parameter error.","detail":[1,{"a":true}],"errCode":null}""", "DBS.280001", "Parameter error.", "req-h")]
    [InlineData("""{"errCode":"DBS.300002","externalMessage":"Server fail""", "DBS.300002", null, "req-h")]
    [InlineData("""{"err\u0043ode":"DBS.280001","external\u004Dessage":"Esc\u0061ped."}""", "DBS.280001", "Escaped.", "req-h")]
    [InlineData("""{"detail":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"errCode":"DBS.280001","externalMessage":"Parameter error."}""", "DBS.280001", "Parameter error.", "req-h")]
    public async Task Each_member_that_says_what_went_wrong_is_read_on_its_own(string body, string? code, string? message, string? requestId)
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            context.Response.Headers["X-Request-Id"] = "req-h";
            return context.Response.WriteAsync(body);
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal((400, code, message, requestId), (exception.Status, exception.ErrorCode, exception.ErrorMessage, exception.RequestId));
        Assert.Equal(body, exception.ResponseBody);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)',' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)',' })]
    public async Task A_member_whose_name_or_text_is_not_utf8_loses_only_itself(byte[] start)
    {
        // A name that is not UTF-8 ended the reading: the members after it were lost with it.
        var body = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Concat(start, "\"errCode\":\"DBS.280001\",\"externalMessage\":\"Parameter error.\"}"u8.ToArray()));
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal(("DBS.280001", "Parameter error."), (exception.ErrorCode, exception.ErrorMessage));
    }

    [Fact]
    public async Task A_message_of_pages_is_shown_on_one_line_and_cut_while_the_property_keeps_it_whole()
    {
        // Regression: the error message went into the exception's message whole, line breaks and all, so a service that
        // sent 100 000 characters gave ddm a line of 100 KB; the body was already cut at 300 characters there.
        // The 300th character shown is the first half of U+1F600: the cut goes before it.
        var text = "Parameter\nerror. " + new string('x', 282) + "\U0001F600" + new string('y', 100_000);
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(new System.Text.Json.Nodes.JsonObject { ["errCode"] = "DBS.280001", ["externalMessage"] = text }.ToJsonString());
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token") });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal(text, exception.ErrorMessage);
        Assert.StartsWith("listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error. xxx", exception.Message, System.StringComparison.Ordinal);
        Assert.EndsWith(" " + new string('x', 282) + "...", exception.Message, System.StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
        Assert.DoesNotContain('\uD83D', exception.Message);
        Assert.True(exception.Message.Length < 500, exception.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""["errCode","DBS.280001"]""")]
    [InlineData("\"DBS.280001\"")]
    [InlineData("""{"error":{"errCode":"DBS.280001","externalMessage":"nested"}}""")]
    [InlineData("""{"errCode":true,"externalMessage":["Parameter error."]}""")]
    public async Task A_body_without_those_members_at_its_top_gives_none(string body)
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body);
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());

        Assert.Equal((500, null, null, body), (exception.Status, exception.ErrorCode, exception.ErrorMessage, exception.ResponseBody));
    }

    private static async Task<DdmApiException> ThrownForAsync(int status, string contentType, string body)
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
        return await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_in_an_error_member_is_read_as_a_replacement_character()
    {
        // The reader refuses such an escape: the member was dropped, where a model reads it as U+FFFD.
        var plain = await ThrownForAsync(400, "application/json", """{"errCode":"DBS.\ud800","externalMessage":"Bad \udc00 name.","request_id":"r\ud83d"}""");
        var problem = await ThrownForAsync(400, "application/problem+json", """{"title":"Bad \ud800","detail":"Name \udfff."}""");

        Assert.Equal(("DBS.\uFFFD", "Bad \uFFFD name.", "r\uFFFD"), (plain.ErrorCode, plain.ErrorMessage, plain.RequestId));
        Assert.Equal("Bad \uFFFD: Name \uFFFD.", problem.ErrorMessage);
    }

    [Theory]
    [InlineData("application/problem+json", """{"type":"about:blank","title":"Forbidden","status":403,"detail":"The project p1 is not open to this user."}""", "Forbidden: The project p1 is not open to this user.")]
    [InlineData("application/problem+json; charset=utf-8", """{"title":"Bad Request"}""", "Bad Request")]
    [InlineData("application/problem+json", """{"detail":"limit must be at most 128"}""", "limit must be at most 128")]
    [InlineData("application/problem+json", """{"title":"Bad Request","errCode":"DBS.280001","externalMessage":"Parameter error."}""", "Parameter error.")]
    public async Task A_problem_details_body_gives_its_title_and_detail_as_the_error_message(string contentType, string body, string message)
    {
        // RFC 9457's members were not read: the message quoted the body as JSON text, and ErrorMessage was null.
        var exception = await ThrownForAsync(400, contentType, body);

        Assert.Equal(message, exception.ErrorMessage);
        Assert.Contains(message, exception.Message, System.StringComparison.Ordinal);
        Assert.Equal(body, exception.ResponseBody);
    }

    [Theory]
    [InlineData("""{"title":404,"detail":"No such backup."}""", "No such backup.")]
    [InlineData("""{"title":{"text":"Not Found"},"detail":"No such backup."}""", "No such backup.")]
    [InlineData("""{"title":"Not Found","detail":12}""", "Not Found")]
    [InlineData("""{"title":"Not Found","title":7}""", "Not Found")]
    [InlineData("""{"title":true,"detail":[1]}""", null)]
    public async Task A_problem_details_title_or_detail_that_is_no_string_is_ignored(string body, string? message)
    {
        // RFC 9457 has both be strings and a member of another type ignored: a number was shown as the title ("404: ...").
        var exception = await ThrownForAsync(404, "application/problem+json", body);

        Assert.Equal(message, exception.ErrorMessage);
        Assert.DoesNotContain("404:", exception.Message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("12", exception.Message.Replace(body, string.Empty, System.StringComparison.Ordinal), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Title_and_detail_members_of_a_plain_json_error_are_not_taken_for_a_problem_details_body()
    {
        var exception = await ThrownForAsync(400, "application/json", """{"title":"a backup","detail":{"a":1}}""");

        Assert.Null(exception.ErrorMessage);
    }

    [Theory]
    [InlineData(401, "did not accept the credential: check that it is the right one and has not expired.")]
    [InlineData(403, "check that it is for the project the request names and that its user has the permissions")]
    public async Task An_answer_that_refuses_the_credential_says_what_to_check(int status, string advice)
    {
        // The message gave the status and the gateway's code only, and left the caller to guess what to do.
        var exception = await ThrownForAsync(status, "application/json", """{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information"}""");

        Assert.StartsWith("listBackups failed with HTTP " + status, exception.Message, System.StringComparison.Ordinal);
        Assert.Contains("APIG.0301 Incorrect IAM authentication information", exception.Message, System.StringComparison.Ordinal);
        Assert.Contains(advice, exception.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_error_status_gives_no_advice_on_the_credential()
    {
        var exception = await ThrownForAsync(404, "application/json", """{"errCode":"DBS.300400","externalMessage":"The task is not found."}""");

        Assert.DoesNotContain("credential", exception.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    public async Task An_html_page_is_named_by_its_title_rather_than_quoted(string contentType)
    {
        // A gateway's page went into the message as its first 300 characters of markup: doctype, head and styles.
        var page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>body { font-family: sans-serif; }" + new string(' ', 400)
            + "</style><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>";

        var exception = await ThrownForAsync(502, contentType, page);

        Assert.Contains("an HTML page titled '502 Bad Gateway'", exception.Message, System.StringComparison.Ordinal);
        Assert.Contains("gateway or proxy", exception.Message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("<", exception.Message, System.StringComparison.Ordinal);
        Assert.Equal(page, exception.ResponseBody);
    }

    [Fact]
    public async Task An_html_page_without_a_title_gives_its_text_without_markup()
    {
        var exception = await ThrownForAsync(503, "text/html", "<html><body><p>Service\n   down for   maintenance</p></body></html>");

        Assert.Contains("an HTML page: Service down for maintenance", exception.Message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("<", exception.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body><!-- a > b --><p>Service down</p></body></html>", "an HTML page: Service down")]
    [InlineData("<html><body><!-- a > b -->\n<p class=\"x > y\">Service down</p></body></html>", "an HTML page: Service down")]
    [InlineData("<html><head><!-- <title>Old</title> --><title>502 Bad Gateway</title></head></html>", "an HTML page titled '502 Bad Gateway'")]
    [InlineData("<html><head><titlebar>Menu</titlebar></head><body>Service down</body></html>", "an HTML page: Menu Service down")]
    [InlineData("<html><body><p>1 < 2 and 3 > 2</p></body></html>", "an HTML page: 1 < 2 and 3 > 2")]
    [InlineData("<html><head><title> </title></head><body><p>Service down</p><svg><title>Logo</title></svg></body></html>", "an HTML page: Service down Logo")]
    public async Task An_html_page_s_comments_and_quoted_values_give_no_markup_to_the_message(string page, string shown)
    {
        // A '>' in a comment or in an attribute value ended the markup there: the rest (" b -->", " y\">") went into the
        // message as text; a comment's title named the page, and a '<' in the text hid the words up to the next '>'.
        var exception = await ThrownForAsync(503, "text/html", page);

        Assert.Contains("(ServiceUnavailable): " + shown + ". The answer is an HTML page", exception.Message, System.StringComparison.Ordinal);
    }
}
