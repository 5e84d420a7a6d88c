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
/// record's printed form shows <c>***</c>, the pipeline's log shows none (also with the parameter allowed and message
/// content logged), and an exception whose answer repeats one shows <c>***</c> in its place. JSON keeps them all.
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

    private static JsonSerializerOptions Options(LoadedOutput output) =>
        (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
}
