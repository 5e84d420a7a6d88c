using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>The IAM token route: 201 with X-Subject-Token, tokens that work until they expire, Keystone errors.</summary>
public sealed class IamTests
{
    private static string PasswordBody(string password, string scope = "\"id\":\"619d3e78f61b4be68bc5aa0b59edcf7b\"") =>
        """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"emulator-user","password":""" + JsonSerializer.Serialize(password)
            + ""","domain":{"name":"emulator-domain"}}}},"scope":{"project":{""" + scope + "}}}}";

    private static StringContent PasswordRequest(string password, string scope = "\"id\":\"619d3e78f61b4be68bc5aa0b59edcf7b\"")
    {
        var content = new StringContent(PasswordBody(password, scope), Encoding.UTF8);
        // The charset spelling IAM documents.
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=utf8");
        return content;
    }

    [Theory]
    [InlineData("\"id\":\"619d3e78f61b4be68bc5aa0b59edcf7b\"")]
    [InlineData("\"name\":\"eu-de\"")]
    public async Task A_token_is_issued_and_works_until_it_expires(string scope)
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromHours(1) });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        var issued = await http.PostAsync("v3/auth/tokens", PasswordRequest("emulator-password", scope));
        var token = issued.Headers.GetValues("X-Subject-Token").Single();
        var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("token");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v3/{emulator.Options.ProjectId}/backups");
        request.Headers.Add("X-Auth-Token", token);
        var before = await http.SendAsync(request);
        clock.Advance(TimeSpan.FromHours(1));
        using var late = new HttpRequestMessage(HttpMethod.Get, $"v3/{emulator.Options.ProjectId}/backups");
        late.Headers.Add("X-Auth-Token", token);
        var after = await http.SendAsync(late);

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal(clock.GetUtcNow() , DateTimeOffset.Parse(body.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Fact]
    public async Task Expired_tokens_are_dropped_and_a_long_run_holds_only_those_still_valid()
    {
        // Regression: every token issued was kept for ever, also long after it expired, so an emulator that ran for
        // days and signed in on every request held all of them.
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromHours(1) });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        async Task<string> SignIn()
        {
            using var issued = await http.PostAsync("v3/auth/tokens", PasswordRequest("emulator-password"));
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            return issued.Headers.GetValues("X-Subject-Token").Single();
        }

        for (var halfHour = 0; halfHour < 12; halfHour++)
        {
            await SignIn();
            await SignIn();
            clock.Advance(TimeSpan.FromMinutes(30));
        }

        var last = await SignIn();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v3/{emulator.Options.ProjectId}/backups?limit=1");
        request.Headers.Add("X-Auth-Token", last);
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(25, emulator.Statistics.TokensIssued);
        // Those of the last hour: two half-hours of two sign-ins each, and the last.
        Assert.InRange(emulator.TokensHeld, 1, 5);
    }

    [Fact]
    public async Task Expired_tokens_are_still_dropped_after_the_clock_is_set_back()
    {
        // Regression: the store kept the time of its next sweep, so once the clock was set back (by ten days here) no
        // sweep came until the clock had caught up with it, and every token that expired meanwhile stayed.
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromHours(1) });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        async Task<string> SignIn()
        {
            using var issued = await http.PostAsync("v3/auth/tokens", PasswordRequest("emulator-password"));
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            return issued.Headers.GetValues("X-Subject-Token").Single();
        }

        async Task<HttpStatusCode> ListWith(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"v3/{emulator.Options.ProjectId}/backups?limit=1");
            request.Headers.Add("X-Auth-Token", token);
            using var answer = await http.SendAsync(request);
            return answer.StatusCode;
        }

        var beforeTheChange = await SignIn();
        clock.Advance(TimeSpan.FromDays(-10));
        var expiring = await SignIn();
        clock.Advance(TimeSpan.FromHours(2));
        var last = await SignIn();

        // The first token, issued ten days "later", expires then; the second expired an hour ago and is gone.
        Assert.Equal(2, emulator.TokensHeld);
        Assert.Equal(HttpStatusCode.OK, await ListWith(beforeTheChange));
        Assert.Equal(HttpStatusCode.Unauthorized, await ListWith(expiring));
        Assert.Equal(HttpStatusCode.OK, await ListWith(last));
    }

    [Fact]
    public async Task An_expired_token_is_the_gateways_401_in_the_references_words_before_and_after_it_is_dropped()
    {
        // Regression: an expired token was "Incorrect IAM authentication information: the token has expired", words the
        // reference does not have, until a later sign-in dropped it from the store; then it was an unknown token, with
        // the reference's words. The same token was answered two ways.
        var clock = new ManualTimeProvider();
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, IssuedTokenLifetime = TimeSpan.FromHours(1) });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var issued = await http.PostAsync("v3/auth/tokens", PasswordRequest("emulator-password"));
        var token = issued.Headers.GetValues("X-Subject-Token").Single();
        clock.Advance(TimeSpan.FromHours(1));
        async Task<(HttpStatusCode Status, string Code, string Message, bool RequestIdMatches)> ListWithToken()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"v3/{emulator.Options.ProjectId}/backups");
            request.Headers.Add("X-Auth-Token", token);
            using var answer = await http.SendAsync(request);
            var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            return (
                answer.StatusCode,
                body.GetProperty("error_code").GetString()!,
                body.GetProperty("error_msg").GetString()!,
                body.GetProperty("request_id").GetString() == answer.Headers.GetValues("X-Request-Id").Single());
        }

        var held = await ListWithToken();
        using var another = await http.PostAsync("v3/auth/tokens", PasswordRequest("emulator-password"));
        var dropped = await ListWithToken();

        var expected = (HttpStatusCode.Unauthorized, "APIG.0301", "Incorrect IAM authentication information: decrypt token fail", true);
        Assert.Equal(expected, held);
        Assert.Equal(expected, dropped);
        Assert.Equal(1, emulator.TokensHeld);
    }

    [Fact]
    public async Task A_wrong_password_is_401_in_the_keystone_shape()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        var answer = await http.PostAsync("v3/auth/tokens", PasswordRequest("wrong"));
        var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("The username or password is wrong.", error.GetProperty("message").GetString());
        Assert.False(answer.Headers.Contains("X-Subject-Token"));
        Assert.Equal(0, emulator.Statistics.TokensIssued);
    }

    [Theory]
    [InlineData("text/plain", "utf-8")]
    [InlineData("text/plain; charset=utf-8", "utf-8")]
    [InlineData("application/x-www-form-urlencoded", "utf-8")]
    [InlineData("application/merge-patch+json", "utf-8")]
    [InlineData("application/json; charset=utf-16", "utf-16")]
    [InlineData("application/json;charset=ISO-8859-1", "utf-8")]
    [InlineData(null, "utf-8")]
    public async Task A_password_request_not_declared_as_json_in_utf8_is_415_in_the_keystone_shape_and_issues_no_token(string? contentType, string encoding)
    {
        // Regression: the token route read any body as JSON, whatever its Content-Type said or with none, and issued a
        // token for a password request sent as text/plain; one in UTF-16 was 400, as malformed. The reference documents
        // the request as "Content-Type: application/json;charset=utf8"; a body the route does not take is refused as
        // the DDM routes refuse one, 415, in IAM's own shape.
        await using var emulator = await DdmEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var content = new ByteArrayContent(Encoding.GetEncoding(encoding).GetBytes(PasswordBody("emulator-password")));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var answer = await http.PostAsync("v3/auth/tokens", content);
        var body = await answer.Content.ReadAsStringAsync();
        using var documented = await http.PostAsync("v3/auth/tokens", PasswordRequest("emulator-password"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(415, error.GetProperty("code").GetInt32());
        Assert.Equal("Unsupported Media Type", error.GetProperty("title").GetString());
        Assert.False(answer.Headers.Contains("X-Subject-Token"));
        Assert.Equal(HttpStatusCode.Created, documented.StatusCode);
        Assert.Equal(1, emulator.Statistics.TokensIssued);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf8\"")]
    public async Task A_password_request_as_json_in_utf8_is_taken_in_any_case_and_spelling_of_the_charset(string contentType)
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var content = PasswordRequest("emulator-password");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var answer = await http.PostAsync("v3/auth/tokens", content);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
    }

    [Fact]
    public async Task A_malformed_body_is_400()
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        var answer = await http.PostAsync("v3/auth/tokens", new StringContent("{\"auth\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("[]")]
    [InlineData("[\"token\"]")]
    [InlineData("\"password\"")]
    public async Task A_password_identity_whose_methods_do_not_name_password_gets_no_token(string? methods)
    {
        await using var emulator = await DdmEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        var body = """{"auth":{"identity":{""" + (methods is null ? string.Empty : "\"methods\":" + methods + ",")
            + """ "password":{"user":{"name":"emulator-user","password":"emulator-password","domain":{"name":"emulator-domain"}}}},"scope":{"project":{"id":"619d3e78f61b4be68bc5aa0b59edcf7b"}}}}""";

        var answer = await http.PostAsync("v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.False(answer.Headers.Contains("X-Subject-Token"));
        Assert.Equal(0, emulator.Statistics.TokensIssued);
    }
}
