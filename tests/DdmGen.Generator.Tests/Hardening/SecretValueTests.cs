using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A value the spec declares a password (<c>format: password</c>) stays out of every text the client makes, in every
/// form the spec can give it: a property, a list or map of them, a list of lists, an alias of an alias, a part of an
/// allOf, an inline object, a nullable one; a path, query or header parameter; a request body; an error answer. The
/// record's printed form shows <c>***</c>, the pipeline's log shows no parameter's (also with the parameter allowed), and
/// an exception whose answer repeats one shows <c>***</c> in its place. JSON keeps them all.
/// </summary>
public sealed class SecretValueTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "http://127.0.0.1:1"}]
        paths:
          /accounts/{pin}:
            post:
              operationId: login
              parameters:
                - {name: pin, in: path, required: true, schema: {$ref: '#/components/schemas/Alias'}}
                - {name: key, in: query, schema: {type: string, format: password}}
                - {name: keys, in: query, schema: {type: array, items: {type: string, format: password}}}
                - {name: code, in: query, schema: {type: integer, format: password, minimum: 1000, maximum: 99999}}
                - {name: flag, in: query, schema: {type: boolean, format: password}}
                - {name: X-Code, in: header, schema: {type: integer, format: password}}
                - {name: X-Db-Password, in: header, schema: {type: string, format: password}}
                - {name: X-Plain, in: header, schema: {type: string}}
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Login'}}}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Login'}}}}
                default: {description: failed, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}
        components:
          schemas:
            Password: {type: string, format: password}
            Alias: {$ref: '#/components/schemas/Password'}
            Login:
              type: object
              required: [user]
              properties:
                user: {type: string}
                plain: {type: string, format: password}
                aliased: {$ref: '#/components/schemas/Alias'}
                list: {type: array, items: {type: string, format: password}}
                listed: {type: array, items: {$ref: '#/components/schemas/Alias'}}
                grid: {type: array, items: {type: array, items: {$ref: '#/components/schemas/Password'}}}
                map: {type: object, additionalProperties: {type: string, format: password}}
                mapped: {type: object, additionalProperties: {$ref: '#/components/schemas/Alias'}}
                maps: {type: array, items: {type: object, additionalProperties: {$ref: '#/components/schemas/Password'}}}
                limited: {allOf: [{$ref: '#/components/schemas/Password'}, {minLength: 8}]}
                maybe: {type: string, format: password, nullable: true}
                maybeList: {type: array, nullable: true, items: {type: string, format: password, nullable: true}}
                inner: {type: object, properties: {secret: {type: string, format: password}, name: {type: string}}}
                mixed: {allOf: [{$ref: '#/components/schemas/Named'}, {type: object, properties: {secret: {$ref: '#/components/schemas/Alias'}}}]}
                tags: {type: array, items: {type: string}}
            Named:
              type: object
              properties:
                name: {type: string}
            Failure:
              type: object
              properties:
                code: {type: string, x-ddmgen-error: code}
                message: {type: string, x-ddmgen-error: message}
                password: {type: string, format: password}
        """;

    private const string LoginJson = """
        {"user":"root","plain":"Plain1!secret","aliased":"Aliased2!secret","list":["List3!secret"],"listed":["Listed4!secret"],
        "grid":[["Grid5!secret"]],"map":{"k":"Map6!secret"},"mapped":{"k":"Mapped7!secret"},"maps":[{"k":"Maps8!secret"}],
        "limited":"Limited9!secret","maybe":"Maybe10!secret","maybeList":["MaybeList11!secret",null],
        "inner":{"secret":"Inner12!secret","name":"n"},"mixed":{"name":"m","secret":"Mixed13!secret"},"tags":["t"]}
        """;

    private static readonly Lazy<GeneratorResult> Generated = new(() => Healthy.Run(Spec));

    [Fact]
    public void Every_form_of_a_password_in_a_model_prints_masked_and_its_json_keeps_it()
    {
        // Regression: only a password standing alone (itself, behind a reference, a one-part allOf or a union with null)
        // printed as ***; a list or map of them, and a list of lists or of maps, printed by their type's name, and were
        // not marked at all, so whatever prints or collects a model's secrets by that mark passed them by.
        using var output = Generated.Value.Load("secret models");
        var options = Options(output);
        var login = output.Type("Test.Api.Login");
        var json = LoginJson.Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize(json, login, options)!;

        var printed = read.ToString()!;

        Assert.StartsWith(
            "Login { User = root, Plain = ***, Aliased = ***, List = ***, Listed = ***, Grid = ***, Map = ***, Mapped = ***, Maps = ***, Limited = ***, Maybe = ***, MaybeList = ***, Inner = LoginInner { Secret = ***, Name = n }, Mixed = ",
            printed,
            StringComparison.Ordinal);
        Assert.EndsWith("Tags = System.Collections.Generic.List`1[System.String] }", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("!secret", printed, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(read, login, options));

        // Not set prints as not set, as a password alone does.
        var empty = JsonSerializer.Deserialize("""{"user":"u"}""", login, options)!;
        Assert.Contains("List = , Listed = , Grid = , Map = ", empty.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_of_an_error_answer_prints_masked()
    {
        using var output = Generated.Value.Load("secret failure");
        var failure = JsonSerializer.Deserialize("""{"code":"E1","message":"m","password":"Failure14!secret"}""", output.Type("Test.Api.Failure"), Options(output))!;

        Assert.Equal("Failure { Code = E1, Message = m, Password = *** }", failure.ToString());
    }

    [Fact]
    public async Task A_password_parameter_is_never_logged_even_where_the_logging_options_allow_it()
    {
        // Regression: a password in a path, query or header parameter was logged as any other value where the options
        // allowed the parameter: the path always (System.ClientModel logs it whole), a query parameter or header once
        // named in AllowedQueryParameters or AllowedHeaderNames.
        using var output = Generated.Value.Load("secret logs");
        var log = new TextLog();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var logging = new ClientLoggingOptions { LoggerFactory = loggerFactory, EnableMessageContentLogging = true };
        foreach (var name in new[] { "key", "keys", "code", "flag" })
        {
            logging.AllowedQueryParameters.Add(name);
        }

        logging.AllowedHeaderNames.Add("X-Db-Password");
        logging.AllowedHeaderNames.Add("X-Plain");
        logging.AllowedHeaderNames.Add("X-Code");
        var handler = new Answering(HttpStatusCode.OK, "{\"user\":\"root\"}");

        await CallAsync(output, handler, logging);

        var lines = string.Join("\n", log.Lines);
        Assert.Contains("/accounts/", lines, StringComparison.Ordinal);
        Assert.Contains("plain-header-value", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Pin0!secret", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Pin0%21secret", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Key1", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Keys2", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Keys3", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("31337", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Header4", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("4242", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("flag=true", lines, StringComparison.Ordinal);

        // And the request went out with every value as given.
        Assert.Equal("/accounts/Pin0%21secret?key=Key1%21secret&keys=Keys2%21secret&keys=Keys3%21secret&code=31337&flag=true", handler.Request!.RequestUri!.PathAndQuery);
        Assert.Equal("Header4!secret", handler.Request.Headers.GetValues("X-Db-Password").Single());
    }

    [Fact]
    public async Task A_password_query_parameter_is_not_logged_when_the_logging_options_allow_every_one()
    {
        // Regression: '*' in AllowedQueryParameters has System.ClientModel log every query value, a password's too; only
        // the names of the password parameters were dropped, and a value under four characters, escaped or not, is not
        // masked in logs.
        using var output = Generated.Value.Load("secret star");
        var log = new TextLog();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var logging = new ClientLoggingOptions { LoggerFactory = loggerFactory };
        logging.AllowedQueryParameters.Add("*");
        var handler = new Answering(HttpStatusCode.OK, "{\"user\":\"root\"}");

        await CallAsync(output, handler, logging, key: "Q7x");

        var lines = string.Join("\n", log.Lines);
        Assert.Contains("/accounts/", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Q7", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("Keys2", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("31337", lines, StringComparison.Ordinal);
        Assert.Contains("key=Q7x", handler.Request!.RequestUri!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_that_repeats_a_password_parameter_shows_it_masked()
    {
        // Regression: only the credential's headers were masked in an exception; a password the call sent as a
        // parameter, which a service's error message may repeat ("no account for key ..."), was shown as it came.
        using var output = Generated.Value.Load("secret errors");
        var handler = new Answering(HttpStatusCode.BadRequest, """{"code":"E1","message":"no account Pin0!secret with Key1!secret, Keys3!secret or Header4!secret"}""");

        var exception = await Assert.ThrowsAsync(output.Type("Test.Api.TestApiException"), () => CallAsync(output, handler, null));

        var type = exception.GetType();
        var texts = new[] { exception.Message, (string?)type.GetProperty("ErrorMessage")!.GetValue(exception), (string?)type.GetProperty("ResponseBody")!.GetValue(exception) };
        foreach (var text in texts)
        {
            Assert.NotNull(text);
            Assert.DoesNotContain("!secret", text, StringComparison.Ordinal);
        }

        Assert.Contains("no account *** with ***, *** or ***", texts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_is_not_masked_where_it_repeats_a_password_that_is_a_number_or_a_boolean()
    {
        // Regression: a password parameter that is a number or a boolean was masked by value as text is, so its digits or
        // "true" were replaced wherever the answer held them, as in "enabled":true, and the body no longer read as JSON.
        using var output = Generated.Value.Load("secret numbers");
        const string body = """{"code":"E1","message":"true: 31337 tries, 4242 left","enabled":true}""";
        var handler = new Answering(HttpStatusCode.BadRequest, body);

        var exception = await Assert.ThrowsAsync(output.Type("Test.Api.TestApiException"), () => CallAsync(output, handler, null));

        var type = exception.GetType();
        Assert.Equal("true: 31337 tries, 4242 left", (string?)type.GetProperty("ErrorMessage")!.GetValue(exception));
        Assert.Equal(body, (string?)type.GetProperty("ResponseBody")!.GetValue(exception));
    }

    [Fact]
    public async Task A_password_parameter_out_of_its_range_is_refused_without_repeating_it()
    {
        // Regression: ArgumentOutOfRangeException was given the value, and its message ended "Actual value was 12.".
        using var output = Generated.Value.Load("secret range");
        var handler = new Answering(HttpStatusCode.OK, "{\"user\":\"root\"}");

        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CallAsync(output, handler, null, code: 12));

        Assert.Equal("code", exception.ParamName);
        Assert.Null(exception.ActualValue);
        Assert.DoesNotContain("12", exception.Message.Replace("1000", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Null(handler.Request);
    }

    [Fact]
    public void A_continuation_token_does_not_hold_a_password_argument_and_resuming_takes_it_again()
    {
        // Regression: a listing's token held every argument but the offset and page size, a password too, as plain JSON
        // that callers save to resume later (a file, a database, a log line).
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /vaults/{vault}/items:
                get:
                  operationId: listItems
                  x-speakeasy-pagination:
                    type: offsetLimit
                    inputs:
                      - {name: offset, in: parameters, type: offset}
                      - {name: limit, in: parameters, type: limit}
                    outputs: {results: $.items}
                  parameters:
                    - {name: vault, in: path, required: true, schema: {type: string}}
                    - {name: key, in: query, required: true, schema: {$ref: '#/components/schemas/Alias'}}
                    - {name: name, in: query, schema: {type: string}}
                    - {name: offset, in: query, schema: {type: integer}}
                    - {name: limit, in: query, schema: {type: integer}}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}
            components:
              schemas:
                Password: {type: string, format: password}
                Alias: {$ref: '#/components/schemas/Password'}
            """;
        using var output = Healthy.Run(spec).Load("secret tokens");
        var handler = new Pages();
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var list = client.GetType().GetMethod("ListItemsAutoPaging", new[] { typeof(string), typeof(string), typeof(string), typeof(int?), typeof(int?), typeof(CancellationToken) })!;
        var listing = (CollectionResult)list.Invoke(client, new object?[] { "v1", "Token1!secret", "n", null, 2, CancellationToken.None })!;
        var first = listing.GetRawPages().First();

        var token = listing.GetContinuationToken(first)!;

        var text = token.ToBytes().ToString();
        Assert.DoesNotContain("Token1", text, StringComparison.Ordinal);
        Assert.Contains("\"vault\":\"v1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"n\"", text, StringComparison.Ordinal);
        Assert.Null(client.GetType().GetMethod("ListItemsAutoPaging", new[] { typeof(ContinuationToken), typeof(CancellationToken) }));

        // Resuming takes the password again, and asks for the next page with every argument as the listing gave it.
        var resume = client.GetType().GetMethod("ListItemsAutoPaging", new[] { typeof(ContinuationToken), typeof(string), typeof(CancellationToken) })!;
        var resumed = (CollectionResult)resume.Invoke(client, new object?[] { ContinuationToken.FromBytes(token.ToBytes()), "Token2!secret", CancellationToken.None })!;
        _ = resumed.GetRawPages().First();
        Assert.Equal("/vaults/v1/items?key=Token2%21secret&name=n&offset=2&limit=2", handler.Targets[^1]);
    }

    [Fact]
    public void Resuming_a_listing_takes_an_optional_password_again_without_a_default()
    {
        // Regression: an optional password was "= null" in the resuming overload, so a listing resumed without it went
        // on without the password its first pages were asked with.
        const string spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "http://127.0.0.1:1"}]
            paths:
              /items:
                get:
                  operationId: listItems
                  x-speakeasy-pagination:
                    type: offsetLimit
                    inputs:
                      - {name: offset, in: parameters, type: offset}
                      - {name: limit, in: parameters, type: limit}
                    outputs: {results: $.items}
                  parameters:
                    - {name: key, in: query, schema: {type: string, format: password}}
                    - {name: offset, in: query, schema: {type: integer}}
                    - {name: limit, in: query, schema: {type: integer}}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}
            """;
        using var output = Healthy.Run(spec).Load("secret optional token");
        var client = output.Type("Test.Api.TestClient");

        foreach (var name in new[] { "ListItemsAutoPaging", "ListItemsAutoPagingAsync" })
        {
            var resume = client.GetMethod(name, new[] { typeof(ContinuationToken), typeof(string), typeof(CancellationToken) })!;
            var key = resume.GetParameters()[1];
            Assert.Equal("key", key.Name);
            Assert.False(key.IsOptional, name);
            Assert.False(key.HasDefaultValue, name);
        }
    }

    private static JsonSerializerOptions Options(LoadedOutput output) =>
        (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>Calls the convenience method with a password in every parameter and in the body.</summary>
    private static async Task CallAsync(LoadedOutput output, HttpMessageHandler handler, ClientLoggingOptions? logging, int code = 31337, string key = "Key1!secret")
    {
        var options = Activator.CreateInstance(output.Type("Test.Api.TestClientOptions"))!;
        options.GetType().GetProperty("RetryPolicy")!.SetValue(options, new ClientRetryPolicy(0));
        if (logging is not null)
        {
            options.GetType().GetProperty("ClientLoggingOptions")!.SetValue(options, logging);
        }

        using var http = new HttpClient(handler);
        var client = Activator.CreateInstance(output.Type("Test.Api.TestClient"), http, options)!;
        var body = JsonSerializer.Deserialize("""{"user":"root","plain":"Body5!secret","list":["Body6!secret"]}""", output.Type("Test.Api.Login"), Options(output));
        var method = client.GetType().GetMethods().Single(candidate => candidate.Name == "LoginAsync" && candidate.GetParameters().Last().ParameterType == typeof(CancellationToken));
        var values = new Dictionary<string, object?>
        {
            ["pin"] = "Pin0!secret",
            ["key"] = key,
            ["keys"] = new[] { "Keys2!secret", "Keys3!secret" },
            ["code"] = code,
            ["xDbPassword"] = "Header4!secret",
            ["xPlain"] = "plain-header-value",
            ["flag"] = true,
            ["xCode"] = 4242,
            ["login"] = body,
            ["cancellationToken"] = CancellationToken.None,
        };
        var arguments = method.GetParameters().Select(parameter => values.TryGetValue(parameter.Name!, out var value) ? value : throw new InvalidOperationException("no value for " + parameter.Name)).ToArray();
        await ((Task)method.Invoke(client, arguments)!).WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Answers every request with a full page of two items.</summary>
    private sealed class Pages : HttpMessageHandler
    {
        public List<string> Targets { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Targets.Add(request.RequestUri!.PathAndQuery);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent("""{"items":["a","b"]}""", Encoding.UTF8, "application/json"),
            };
        }
    }

    private sealed class Answering(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(status)
            {
                RequestMessage = request,
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
        }
    }

    /// <summary>The text of every log entry, with its state's values.</summary>
    private sealed class TextLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(" ", pairs.Select(pair => pair.Key + "=" + (pair.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : pair.Value)))
                    : string.Empty;
                lines.Enqueue(formatter(state, exception) + " " + values + " " + exception);
            }
        }
    }
}
