using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>What the client puts on the wire, seen by a real server: escaped paths, invariant queries, the token header.</summary>
public sealed class RequestShapeTests
{
    private const string Page = """{"restorable_time_intervals":[],"offset":0,"limit":10,"total":0}""";

    private static Task Json(HttpContext context, string body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private static DdmClient Client(HttpClient http, ScriptedServer server, string projectId = "p1") =>
        new(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = projectId, Credential = DdmCredential.FromToken("secret-token") });

    [Fact]
    public async Task A_cookie_one_answer_sets_goes_with_no_later_request()
    {
        const string Body = """{"backups":[],"offset":0,"limit":10,"total":0}""";
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.Headers.SetCookie = "session=of-the-first-caller; Path=/";
            return Json(context, Body);
        });
        var first = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("first-token") });
        var second = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("second-token") });

        await first.ListBackupsAsync();
        await first.ListBackupsAsync();
        await second.ListBackupsAsync();

        Assert.DoesNotContain(server.Headers, header => string.Equals(header.Name, "Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("../x", "..%2Fx")]
    [InlineData("...", "...")]
    [InlineData(".x", ".x")]
    [InlineData("id with space?&#", "id%20with%20space%3F%26%23")]
    public async Task Path_parameters_stay_inside_their_segment(string instanceId, string expected)
    {
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();

        await Client(http, server).ListRestorableTimeIntervalsAsync(instanceId);

        Assert.Equal($"/v3/p1/instances/{expected}/backups/restorable-time-interval", Assert.Single(server.RawTargets));
    }

    [Theory]
    [InlineData("p1", ".", "instance_id")]
    [InlineData("p1", "..", "instance_id")]
    public async Task A_path_parameter_that_is_a_step_in_the_path_is_refused_before_anything_is_sent(string projectId, string instanceId, string refused)
    {
        // Escaped as %2E%2E it still went out, and a server that decodes it first resolves it: the request for
        // /instances/../backups/... reached /backups/..., another resource.
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Client(http, server, projectId).ListRestorableTimeIntervalsAsync(instanceId));

        Assert.Contains($"The path parameter {refused} is '", exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.RawTargets);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void A_project_id_that_is_a_step_in_the_path_is_refused_when_the_client_is_created(string projectId)
    {
        using var http = new HttpClient();

        var exception = Assert.Throws<ArgumentException>(() => new DdmClient(http, new DdmClientOptions { Endpoint = new Uri("http://127.0.0.1:1/"), ProjectId = projectId }));

        Assert.Equal("options", exception.ParamName);
        Assert.StartsWith("DdmClientOptions.ProjectId is '.' or '..'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\nX-Injected: 1")]
    [InlineData("a\u0001b")]
    public async Task A_per_call_header_with_a_line_break_or_control_character_is_refused_and_nothing_is_sent(string value)
    {
        // Regression: RequestOptions headers went out as given, and a line break in one sent the rest as a header of its own.
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();
        var client = Client(http, server);
        var set = new RequestOptions();
        set.SetHeader("X-Note", value);
        var added = new RequestOptions();
        added.AddHeader("X-Note", "fine");
        added.AddHeader("X-Note", value);

        var refused = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(() => client.ListRestorableTimeIntervalsAsync("i1", null, null, set)),
            Assert.Throws<ArgumentException>(() => client.ListRestorableTimeIntervals("i1", null, null, added)),
        };

        foreach (var exception in refused)
        {
            Assert.Contains("X-Note", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Injected", exception.Message, StringComparison.Ordinal);
        }

        Assert.Empty(server.RawTargets);
    }

    [Theory]
    [InlineData("X Note")]
    [InlineData("X-Note\r\nX-Injected")]
    [InlineData("X-Note:")]
    [InlineData("X-Nöte")]
    public async Task A_per_call_header_whose_name_is_no_http_token_is_refused_and_nothing_is_sent(string name)
    {
        // Regression: HttpClient dropped such a header without a word, so the request went out without it (and an
        // AK/SK signature, which covered it, failed at the gateway as not matching).
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();
        var client = Client(http, server);
        var set = new RequestOptions();
        set.SetHeader(name, "v");
        var added = new RequestOptions();
        added.AddHeader(name, "v");

        var refused = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(() => client.ListRestorableTimeIntervalsAsync("i1", null, null, set)),
            Assert.Throws<ArgumentException>(() => client.ListRestorableTimeIntervals("i1", null, null, added)),
        };

        foreach (var exception in refused)
        {
            Assert.Contains("not an HTTP token", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Injected", exception.Message, StringComparison.Ordinal);
        }

        Assert.Empty(server.RawTargets);
    }

    [Fact]
    public async Task Query_values_are_invariant_in_any_culture_and_the_token_is_sent_in_its_header()
    {
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
        try
        {
            await Client(http, server).ListRestorableTimeIntervalsAsync("i1", offset: 1000, limit: 128);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal("/v3/p1/instances/i1/backups/restorable-time-interval?offset=1000&limit=128", Assert.Single(server.RawTargets));
        Assert.Contains(("X-Auth-Token", "secret-token"), server.Headers);
    }

    [Fact]
    public async Task An_endpoint_with_a_path_keeps_it()
    {
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();
        var options = new DdmClientOptions { Endpoint = new Uri(server.BaseAddress, "/gateway/ddm"), ProjectId = "p1" };

        await new DdmClient(http, options).ListRestorableTimeIntervalsAsync("i1");

        Assert.Equal("/gateway/ddm/v3/p1/instances/i1/backups/restorable-time-interval", Assert.Single(server.RawTargets));
    }

    [Theory]
    [InlineData(-1, null, "offset")]
    [InlineData(null, 0, "limit")]
    [InlineData(null, 129, "limit")]
    public async Task Arguments_outside_the_spec_range_throw_before_any_request(int? offset, int? limit, string parameter)
    {
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();
        var client = Client(http, server);

        // An async method reports the error through its task, as a method declared async does; a listing at the call.
        var call = client.ListBackupsAsync(offset, limit);
        Assert.True(call.IsFaulted);
        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => call);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.ListBackupsAutoPagingAsync(offset, limit));

        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains(parameter == "offset" ? "at least 0" : "between 1 and 128", exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.RawTargets);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_empty_or_null_instance_id_throws_before_any_request(string? instanceId)
    {
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();

        var exception = await Assert.ThrowsAnyAsync<ArgumentException>(() => Client(http, server).ListRestorableTimeIntervalsAsync(instanceId!));

        Assert.Equal("instanceId", exception.ParamName);
        Assert.Empty(server.RawTargets);
    }

    [Fact]
    public void Options_without_a_project_id_are_rejected_with_what_to_set()
    {
        using var http = new HttpClient();

        var exception = Assert.Throws<ArgumentException>(() => new DdmClient(http, new DdmClientOptions()));

        Assert.Contains("DdmClientOptions.ProjectId", exception.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri(DdmClientOptions.DefaultEndpoint), new DdmClientOptions().Endpoint);
    }

    [Fact]
    public async Task A_non_json_error_body_is_kept_and_quoted_and_the_token_is_not()
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 502;
            context.Response.Headers["X-Request-Id"] = "req-502";
            return context.Response.WriteAsync("<html><body>Bad gateway</body></html>");
        });
        using var http = new HttpClient();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(http, server).ListBackupsAsync());

        Assert.Equal(502, exception.Status);
        Assert.Null(exception.ErrorCode);
        Assert.Equal("req-502", exception.RequestId);
        Assert.Equal("<html><body>Bad gateway</body></html>", exception.ResponseBody);
        // A page is given by its text, without its markup.
        Assert.StartsWith("listBackups failed with HTTP 502 (BadGateway): an HTML page: Bad gateway (request id req-502). The answer is an HTML page", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_body_with_a_member_name_that_is_not_utf8_before_what_cannot_be_read_is_an_api_exception()
    {
        // Naming where the body broke decoded each member name on the way there, and one that is not UTF-8 threw an
        // InvalidOperationException out of the call in place of the client's exception.
        var body = System.Text.Encoding.Latin1.GetBytes("{\"a\xff\":1,\"backups\":\"x\",\"total\":1}");
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        using var http = new HttpClient();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(http, server).ListBackupsAsync());

        Assert.Contains("listBackups: the response body cannot be read at $.backups", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_body_that_does_not_match_the_spec_is_an_api_exception_naming_the_problem()
    {
        await using var server = await ScriptedServer.StartAsync(context => Json(context, """{"backups":[{"id":"b1"}],"total":1,"offset":0,"limit":10}"""));
        using var http = new HttpClient();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(http, server).ListBackupsAsync());

        Assert.Equal(200, exception.Status);
        Assert.IsType<System.Text.Json.JsonException>(exception.InnerException);
        Assert.Contains("listBackups: the response body cannot be read at $.backups[0]", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'status'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" this is not json")]
    [InlineData("{\"restorable_time_intervals\":[]}")]
    [InlineData("]")]
    public async Task A_success_body_with_more_after_its_json_value_is_an_api_exception(string rest)
    {
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page + rest));
        using var http = new HttpClient();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(http, server).ListRestorableTimeIntervalsAsync("i1"));

        Assert.Equal(200, exception.Status);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(exception.InnerException);
        Assert.Contains("listRestorableTimeIntervals: the response body cannot be read", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    [InlineData("\uFEFF")]
    public async Task A_success_answer_without_a_body_says_the_body_is_empty(string body)
    {
        // Regression: the reader refused the empty input before the check for it, so the message read "The input does
        // not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true".
        await using var server = await ScriptedServer.StartAsync(context => Json(context, body));
        using var http = new HttpClient();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(http, server).ListRestorableTimeIntervalsAsync("i1"));

        Assert.Equal(200, exception.Status);
        Assert.Equal("listRestorableTimeIntervals: the response body cannot be read at $ (the body is empty).", exception.Message);
    }

    [Fact]
    public async Task A_body_that_starts_with_a_byte_order_mark_is_read_answer_or_error()
    {
        var answers = new Queue<(int Status, string Body)>([(200, Page), (400, """{"error_code":"DBS.280238","error_msg":"Invalid parameter."}""")]);
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            var (status, body) = answers.Dequeue();
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.Body.WriteAsync(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(body)).ToArray()).AsTask();
        });
        using var http = new HttpClient();
        var client = Client(http, server);

        var page = (await client.ListRestorableTimeIntervalsAsync("i1")).Value;
        var error = await Assert.ThrowsAsync<DdmApiException>(() => client.ListRestorableTimeIntervalsAsync("i1"));

        Assert.Equal((0, 10), (page.Total, page.Limit));
        Assert.Equal("DBS.280238", error.ErrorCode);
    }

    [Fact]
    public async Task An_http_client_that_follows_a_redirect_gives_the_api_exception_and_not_the_answer_of_the_other_address()
    {
        // Regression: an HttpClient of the caller's follows redirects by default, sending X-Auth-Token along (it drops
        // only Authorization), and the other address's answer was returned as the service's.
        await using var elsewhere = await ScriptedServer.StartAsync(context => Json(context, Page));
        await using var service = await ScriptedServer.StartRedirectingAsync(302, elsewhere);
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = service.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("secret-token-0001") });

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => client.ListRestorableTimeIntervalsAsync("i1"));
        var raw = await Assert.ThrowsAsync<DdmApiException>(() => client.ListRestorableTimeIntervalsAsync("i1", null, null, new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow }));

        Assert.Contains("the HttpClient followed a redirect to " + elsewhere.BaseAddress.GetLeftPart(UriPartial.Authority) + ",", exception.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect = false", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("collect", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-0001", exception.ToString() + raw, StringComparison.Ordinal);
        Assert.Equal(exception.Message, raw.Message);
    }

    [Fact]
    public async Task A_retry_the_service_answers_itself_after_a_redirected_try_is_read()
    {
        // Regression: the mark of a redirect on the first try stayed on the message, so the service's own answer to the
        // retry was refused as the other address's.
        await using var elsewhere = await ScriptedServer.StartAsync(context => Json(context, "{}", 503));
        var tries = 0;
        await using var service = await ScriptedServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref tries) == 1)
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = new Uri(elsewhere.BaseAddress, "collect").ToString();
                return Task.CompletedTask;
            }

            return Json(context, Page);
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = service.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t1") });

        var page = await client.ListRestorableTimeIntervalsAsync("i1");

        Assert.Equal(2, tries);
        Assert.Equal(200, page.GetRawResponse().Status);
    }

    [Theory]
    [InlineData("secret\r\nX-Evil: 1")]
    [InlineData("secret\nX-Evil: 1")]
    [InlineData("secret\u0001")]
    [InlineData("s\u00e9cret-token")]
    [InlineData("secret-\u6d4b\u8bd5")]
    public async Task A_token_a_header_cannot_carry_is_refused_and_nothing_is_sent(string token)
    {
        // Regression: the token went into X-Auth-Token as it was, and its line break started a header of its own; and one
        // with a letter outside ASCII was refused by HttpClient only as it was sent, which the retry policy took for a
        // network failure: about 6 s of retries, nothing sent, then an AggregateException.
        var fixedToken = Assert.Throws<ArgumentException>(() => DdmCredential.FromToken(token));
        await using var server = await ScriptedServer.StartAsync(context => Json(context, Page));
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = new FetchedToken(token) });

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.ListRestorableTimeIntervalsAsync("i1"));

        Assert.StartsWith("The token holds a line break, another control character or a character outside ASCII", fixedToken.Message, StringComparison.Ordinal);
        Assert.Contains("X-Auth-Token", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, fixedToken.Message + exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.RawTargets);
    }

    /// <summary>A token credential that serves a token as if fetched, unchecked.</summary>
    private sealed class FetchedToken(string token) : DdmTokenCredential
    {
        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) => new(token);
    }

    [Fact]
    public async Task A_server_that_repeats_a_page_stops_the_pager_instead_of_looping()
    {
        const string SamePage = """{"backups":[{"id":"b1","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}],"total":1000000,"offset":0,"limit":1}""";
        await using var server = await ScriptedServer.StartAsync(context => Json(context, SamePage));
        using var http = new HttpClient();
        var seen = 0;

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var backup in Client(http, server).ListBackupsAutoPagingAsync(limit: 1))
            {
                seen++;
            }
        });

        Assert.Equal(1, seen);
        Assert.Equal(2, server.RawTargets.Count);
        Assert.Contains("same page", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_page_is_requested_only_when_the_caller_asks_and_cancellation_stops_it()
    {
        var requests = 0;
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            Interlocked.Increment(ref requests);
            return Json(context, $$"""{"backups":[{"id":"b{{offset}}","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}],"total":100,"offset":{{offset}},"limit":1}""");
        });
        using var http = new HttpClient();
        using var cancellation = new CancellationTokenSource();
        var enumerator = Client(http, server).ListBackupsAutoPagingAsync(limit: 1, cancellationToken: cancellation.Token).GetAsyncEnumerator();

        Assert.Equal(0, requests);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("b0", enumerator.Current.Id);
        Assert.Equal(1, requests);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(2, requests);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
        Assert.Equal(2, requests);
        Assert.Equal(new[] { "/v3/p1/backups?offset=0&limit=1", "/v3/p1/backups?offset=1&limit=1" }, server.RawTargets.ToArray());
    }
}
