using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace Ddm.Emulator.Tests;

/// <summary>The bodies of the routes that take one: JSON, declared as JSON, or refused as the reference's statuses say.</summary>
public sealed class RequestBodyTests : IAsyncLifetime
{
    private const string ParameterError = """{"errCode":"DBS.280001","externalMessage":"Parameter error."}""";

    private DdmEmulator _emulator = null!;
    private HttpClient _http = null!;

    private string ProjectPath => "v3/" + _emulator.Options.ProjectId;

    public async Task InitializeAsync()
    {
        _emulator = await DdmEmulator.StartAsync();
        _http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        _http.DefaultRequestHeaders.Add("X-Auth-Token", _emulator.Options.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>The route's path and a body it accepts (202), for a restore to a new instance or a metadata restore.</summary>
    private async Task<(string Path, string Body)> Accepted(string route)
    {
        var source = _emulator.InstanceIds[0];
        var target = _emulator.InstanceIds[1];
        var interval = JsonDocument.Parse(await _http.GetStringAsync($"{ProjectPath}/instances/{source}/backups/restorable-time-interval"))
            .RootElement.GetProperty("restorable_time_intervals")[0].GetProperty("start_time").GetString()!;
        var time = DateTimeOffset.ParseExact(interval, new[] { "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" }, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            .AddMinutes(5).ToUnixTimeMilliseconds();
        var body = route == "recovery"
            ? $$$"""{"source":{"instance_id":"{{{source}}}","restore_time":{{{time}}}},"target":{"instance_id":"{{{target}}}"}}"""
            : $$$"""{"source":{"restore_time":{{{time}}}},"target":{"instance_id":"{{{target}}}"}}""";
        return ($"{ProjectPath}/instances/{source}/backups/{route}", body);
    }

    private async Task<(HttpStatusCode Status, string Body)> Post(string path, string body, string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var answer = await _http.PostAsync(path, content);
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("recovery", "text/plain; charset=utf-8")]
    [InlineData("recovery", "application/x-www-form-urlencoded")]
    [InlineData("recovery", "application/merge-patch+json")]
    [InlineData("recovery", "application/jsonx")]
    [InlineData("recovery", null)]
    [InlineData("metadata-recovery", "text/plain")]
    [InlineData("metadata-recovery", "application/octet-stream")]
    [InlineData("metadata-recovery", null)]
    public async Task A_json_body_sent_as_another_media_type_or_as_none_is_415_in_the_ddm_shape(string route, string? contentType)
    {
        // Regression: the routes parsed any body as JSON whatever its Content-Type said, or with none, and started a
        // job. The reference lists 415 Unsupported Media Type among the statuses and documents no code of its own for
        // it; the answer has the DDM shape and the code of the other client errors, DBS.280001.
        var (path, body) = await Accepted(route);

        var refused = await Post(path, body, contentType);
        var accepted = await Post(path, body, "application/json");

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, ParameterError), refused);
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
    }

    [Theory]
    [InlineData("recovery", "application/json; charset=utf-16", "utf-16")]
    [InlineData("recovery", "application/json; charset=\"UTF-16LE\"", "utf-16")]
    [InlineData("recovery", "application/json;charset=ISO-8859-1", "utf-8")]
    [InlineData("metadata-recovery", "application/json; charset=x-no-such-charset", "utf-8")]
    [InlineData("metadata-recovery", "application/json; version=3; charset=utf-32", "utf-32")]
    [InlineData("metadata-recovery", "application/json; charset=utf-8; charset=utf-16", "utf-8")]
    [InlineData("metadata-recovery", "application/json; charset", "utf-8")]
    [InlineData("metadata-recovery", "application/json; charset=\"utf-8", "utf-8")]
    public async Task A_json_body_in_a_charset_other_than_utf8_is_415_in_the_ddm_shape(string route, string contentType, string encoding)
    {
        // Regression: application/json with any charset was taken as JSON and its bytes read as UTF-8: a UTF-16 body was
        // the 400 parameter error, as if it were malformed, and an ISO-8859-1 one was restored from. JSON between
        // systems is UTF-8 (RFC 8259, 8.1); a body in another charset, or one whose charset cannot be told (named twice,
        // a parameter without its value, an unclosed quote), is one the server does not take: 415, as a type it does
        // not take is.
        var (path, body) = await Accepted(route);
        using var content = new ByteArrayContent(Encoding.GetEncoding(encoding).GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var answer = await _http.PostAsync(path, content);

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, ParameterError), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("recovery", "application/json")]
    [InlineData("recovery", "application/json;charset=utf8")]
    [InlineData("recovery", "Application/JSON; charset=UTF-8")]
    [InlineData("recovery", "application/json; charset=\"utf-8\"")]
    [InlineData("recovery", "application/json;;charset=utf-8;")]
    [InlineData("metadata-recovery", "application/json;charset=utf8")]
    [InlineData("metadata-recovery", " application/json ; charset=utf-8")]
    [InlineData("metadata-recovery", "application/json; version=\"3; x\"; charset=UTF8")]
    [InlineData("metadata-recovery", "application/json; q=1")]
    [InlineData("recovery", "application/json; charset=us-ascii")]
    [InlineData("metadata-recovery", "application/json; charset=\"US-ASCII\"")]
    public async Task A_json_body_is_taken_with_any_parameters_and_case_of_its_media_type(string route, string contentType)
    {
        // IAM's documented type, application/json;charset=utf8, is the one the clients of the extended spec send.
        // Regression: charset=us-ascii was refused with 415, though ASCII is a subset of UTF-8 and such a body reads as
        // it is.
        var (path, body) = await Accepted(route);

        var (status, answer) = await Post(path, body, contentType);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.StartsWith("{\"job_id\":", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("recovery", "not json")]
    [InlineData("recovery", "{\"source\":")]
    [InlineData("recovery", "")]
    [InlineData("metadata-recovery", "{} {}")]
    [InlineData("metadata-recovery", "")]
    public async Task A_body_declared_as_json_that_does_not_parse_is_the_400_parameter_error(string route, string body)
    {
        var (path, _) = await Accepted(route);

        Assert.Equal((HttpStatusCode.BadRequest, ParameterError), await Post(path, body, "application/json"));
    }

    [Theory]
    [InlineData("recovery")]
    [InlineData("metadata-recovery")]
    public async Task A_post_with_no_body_and_no_content_type_is_the_400_parameter_error(string route)
    {
        // No body has no media type to refuse: the body the route needs is missing, a parameter error.
        var (path, _) = await Accepted(route);
        using var request = new HttpRequestMessage(HttpMethod.Post, path);

        using var answer = await _http.SendAsync(request);

        Assert.Null(request.Content);
        Assert.Equal((HttpStatusCode.BadRequest, ParameterError), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("recovery", true, "", HttpStatusCode.BadRequest)]
    [InlineData("metadata-recovery", true, "", HttpStatusCode.BadRequest)]
    [InlineData("recovery", false, "", HttpStatusCode.BadRequest)]
    [InlineData("recovery", true, "{}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("metadata-recovery", true, "{}", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_post_with_an_empty_body_and_no_content_type_is_the_400_parameter_error_however_it_is_framed(string route, bool chunked, string body, HttpStatusCode expected)
    {
        // Regression: a chunked POST whose body was the last chunk alone, with no Content-Type, was 415, where the same
        // empty body sent with Content-Length: 0, or none, was the 400: a chunked body may have content, so the type was
        // refused before it was known whether there was any. An empty body is no body, so it has no media type to refuse;
        // a chunked body with content and no type is still 415.
        var (path, _) = await Accepted(route);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Headers.TransferEncodingChunked = chunked;

        using var answer = await _http.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentType);
        Assert.Equal((expected, ParameterError), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("{}", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_chunked_post_signed_with_an_access_key_is_judged_by_its_content_as_one_with_a_token(string body, HttpStatusCode expected)
    {
        // The signature check reads the body to hash it before the route looks at it: the route still sees it from its start.
        var (path, _) = await Accepted("recovery");
        var key = _emulator.Options.AccessKeys[0];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_emulator.BaseAddress, path)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Headers.TransferEncodingChunked = true;
        await TestSigner.SignAsync(request, key.AccessKey, key.SecretKey, DateTimeOffset.UtcNow);

        using var answer = await http.SendAsync(request);

        Assert.Equal((expected, ParameterError), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_media_type_is_checked_before_the_body_is_read()
    {
        // A body that is no JSON and not declared as JSON is refused for its type, as a server refuses a type it does not
        // take without reading what it would not understand.
        var (path, _) = await Accepted("recovery");

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, ParameterError), await Post(path, "<restore/>", "application/xml"));
    }
}
