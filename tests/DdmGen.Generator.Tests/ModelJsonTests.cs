using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using DdmGen.Generator.Tests.Hardening;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests;

/// <summary>
/// The generated models read and write JSON for every kind of member, run for real: the output is compiled, loaded
/// and driven through its reflection-free resolver, so the shared reading and writing helpers are exercised for
/// types the DDM spec does not have (long, float, bool, maps, any JSON, required members that may be null). The output
/// is compiled with overflow checks on, as some projects compile.
/// </summary>
public sealed class ModelJsonTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Color:
              type: string
              enum: [red, green]
            Part:
              type: object
              required: [name]
              properties:
                name: {type: string}
            Thing:
              type: object
              required: [text, count, big, ratio, size, flag, when, color, part, tags, scores, extra, note]
              properties:
                text: {type: string}
                count: {type: integer, format: int32}
                big: {type: integer, format: int64}
                ratio: {type: number, format: float}
                size: {type: number, format: double}
                flag: {type: boolean}
                when: {type: string, format: date-time}
                color: {$ref: '#/components/schemas/Color'}
                part: {$ref: '#/components/schemas/Part'}
                tags: {type: array, items: {type: string}}
                scores: {type: object, additionalProperties: {type: integer}}
                extra: {}
                note: {type: string, nullable: true}
                optText: {type: string}
                optCount: {type: integer, format: int32}
                optBig: {type: integer, format: int64}
                optRatio: {type: number, format: float}
                optSize: {type: number, format: double}
                optFlag: {type: boolean}
                optWhen: {type: string, format: date-time}
                optColor: {$ref: '#/components/schemas/Color'}
                optPart: {$ref: '#/components/schemas/Part'}
                optTags: {type: array, items: {type: integer}}
                optScores: {type: object, additionalProperties: {type: string}}
                optExtra: {}
                optRatios: {type: array, items: {type: number, format: float}}
                optSizes: {type: object, additionalProperties: {type: number, format: double}}
                optMaybes: {type: array, items: {type: number, nullable: true}}
        """;

    private const string Required =
        "\"text\":\"a\",\"count\":1,\"big\":9007199254740993,\"ratio\":1.5,\"size\":2.25,\"flag\":true,\"when\":\"2025-02-19T02:50:20+0000\","
        + "\"color\":\"red\",\"part\":{\"name\":\"p\"},\"tags\":[\"x\",\"y\"],\"scores\":{\"k\":3},\"extra\":{\"any\":[1,null]}";

    private static readonly Lazy<JsonSerializerOptions> Options = new(LoadOptions);

    [Fact]
    public void Every_kind_of_member_is_written_back_as_it_was_read()
    {
        var json = "{" + Required + ",\"note\":\"n\",\"optText\":\"b\",\"optCount\":2,\"optBig\":-3,\"optRatio\":0.5,\"optSize\":-1.25,\"optFlag\":false,"
            + "\"optWhen\":\"2024-12-31T23:59:59.5-0130\",\"optColor\":\"Purple\",\"optPart\":{\"name\":\"q\"},\"optTags\":[4,5],\"optScores\":{\"s\":\"t\"},\"optExtra\":\"e\"}";

        Assert.Equal(json, RoundTrip(json));
    }

    [Fact]
    public void Absent_optional_members_stay_absent_and_a_null_required_member_is_written_as_null()
    {
        var json = "{" + Required + ",\"note\":null}";

        Assert.Equal(json, RoundTrip(json));
    }

    [Fact]
    public void Options_without_the_resolver_read_and_write_the_spec_names_through_the_models_converter()
    {
        // The members carry no [JsonPropertyName]: the type's [JsonConverter] hands reflection-based options the model's own
        // reading and writing, which hold the names of the spec ("optText", not "OptText").
        var json = "{" + Required + ",\"note\":null,\"optText\":\"b\",\"optColor\":\"green\"}";
        var type = Options.Value.TypeInfoResolver!.GetType().Assembly.GetType("Test.Api.Thing", throwOnError: true)!;

        var value = JsonSerializer.Deserialize(json, type, JsonSerializerOptions.Default);

        Assert.Equal(json, JsonSerializer.Serialize(value, type, JsonSerializerOptions.Default).Replace("\\u002B", "+", StringComparison.Ordinal));
    }

    [Fact]
    public void A_map_model_or_list_left_null_against_its_annotations_is_written_as_json_null()
    {
        // Regression: the converters of maps, lists and models threw a NullReferenceException for a null the caller set (null!).
        var type = Options.Value.TypeInfoResolver!.GetType().Assembly.GetType("Test.Api.Thing", throwOnError: true)!;
        var value = JsonSerializer.Deserialize("{" + Required + ",\"note\":null}", type, Options.Value)!;
        foreach (var member in new[] { "Scores", "Tags", "Part" })
        {
            type.GetProperty(member)!.SetValue(value, null);
        }

        var json = JsonSerializer.Serialize(value, type, Options.Value);

        Assert.Contains("\"part\":null,\"tags\":null,\"scores\":null", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ratio", float.NaN, "ratio")]
    [InlineData("OptRatio", float.PositiveInfinity, "optRatio")]
    [InlineData("Size", double.NegativeInfinity, "size")]
    [InlineData("OptSize", double.NaN, "optSize")]
    public void A_number_json_cannot_carry_is_refused_naming_its_member(string member, object number, string name)
    {
        var type = Options.Value.TypeInfoResolver!.GetType().Assembly.GetType("Test.Api.Thing", throwOnError: true)!;
        var value = JsonSerializer.Deserialize("{" + Required + ",\"note\":null}", type, Options.Value)!;
        type.GetProperty(member)!.SetValue(value, number);

        var exception = Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(value, type, Options.Value));

        Assert.StartsWith("The value of " + name + " is ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OptRatios", "optRatios")]
    [InlineData("OptSizes", "optSizes")]
    [InlineData("OptMaybes", "optMaybes")]
    public void A_number_json_cannot_carry_in_a_list_or_map_is_refused_naming_its_member(string member, string name)
    {
        // Regression: System.Text.Json's own message named no member and advised a JsonNumberHandling the writing never reads.
        var type = Options.Value.TypeInfoResolver!.GetType().Assembly.GetType("Test.Api.Thing", throwOnError: true)!;
        var value = JsonSerializer.Deserialize("{" + Required + ",\"note\":null}", type, Options.Value)!;
        object items = member switch
        {
            "OptRatios" => new[] { 1f, float.NaN },
            "OptSizes" => new System.Collections.Generic.Dictionary<string, double> { ["a"] = 1, ["b"] = double.PositiveInfinity },
            _ => new double?[] { null, double.NegativeInfinity },
        };
        type.GetProperty(member)!.SetValue(value, items);

        var exception = Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(value, type, Options.Value));

        Assert.StartsWith("The value of " + name + " holds ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonNumberHandling", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ratio", "1e39")]
    [InlineData("optRatios", "[1, 1e39]")]
    [InlineData("size", "1e400")]
    [InlineData("optSizes", "{\"a\": -1e400}")]
    public void A_number_beyond_its_type_is_refused_in_a_list_or_map_as_in_a_member_of_its_own(string member, string value)
    {
        // Regression: a list or map of floats read 1e39 as infinity, which the model could then not write back.
        var json = JsonSerializer.Deserialize<JsonElement>("{" + Required + ",\"note\":null}").EnumerateObject()
            .Where(property => property.Name != member).Select(property => property.ToString()).Append("\"" + member + "\":" + value);

        var exception = Assert.Throws<JsonException>(() => RoundTrip("{" + string.Join(",", json) + "}"));

        Assert.Contains("'" + member + "'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("out of bounds", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("count", "2147483648", "an Int32: the member takes a whole number from -2147483648 to 2147483647, written without a fraction or an exponent")]
    [InlineData("count", "-2147483649", "an Int32: the member takes a whole number from -2147483648 to 2147483647, written without a fraction or an exponent")]
    [InlineData("count", "1.5", "an Int32: the member takes a whole number from -2147483648 to 2147483647, written without a fraction or an exponent")]
    [InlineData("optBig", "9223372036854775808", "an Int64: the member takes a whole number from -9223372036854775808 to 9223372036854775807, written without a fraction or an exponent")]
    [InlineData("optBig", "1e3", "an Int64: the member takes a whole number from -9223372036854775808 to 9223372036854775807, written without a fraction or an exponent")]
    public void A_number_an_integer_member_cannot_hold_is_refused_saying_what_it_takes(string member, string value, string takes)
    {
        // Regression: the message was the reader's "Either the JSON value is not in a supported format, or is out of
        // bounds for an Int32", which named neither the number nor the bounds.
        var json = JsonSerializer.Deserialize<JsonElement>("{" + Required + ",\"note\":null}").EnumerateObject()
            .Where(property => property.Name != member).Select(property => property.ToString()).Append("\"" + member + "\":" + value);

        var exception = Assert.Throws<JsonException>(() => RoundTrip("{" + string.Join(",", json) + "}"));

        Assert.Equal("Could not read '" + member + "' of Thing: The JSON number " + value + " is not " + takes + ".", exception.Message);
    }

    [Theory]
    [InlineData("note", "is missing.")]
    [InlineData("flag", "is missing or null.")]
    public void A_missing_required_member_is_named(string member, string message)
    {
        var json = "{" + Required + ",\"note\":null}";
        var without = JsonSerializer.Deserialize<JsonElement>(json).EnumerateObject().Where(property => property.Name != member);
        var text = "{" + string.Join(",", without.Select(property => property.ToString())) + "}";

        var exception = Assert.Throws<JsonException>(() => RoundTrip(text));

        Assert.Equal($"The required property '{member}' of Thing {message}", exception.Message);
    }

    [Fact]
    public void Models_read_from_equal_json_are_equal_lists_and_maps_included()
    {
        // Regression: the lists and maps a model read were compared by reference, so two models read from the same JSON
        // were not equal as soon as one held a list, and a record's equality meant nothing for pages.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Part:
                  type: object
                  properties:
                    name: {type: string}
                    tags: {type: array, items: {type: string}}
                Page:
                  type: object
                  properties:
                    parts: {type: array, items: {$ref: '#/components/schemas/Part'}}
                    grid: {type: array, items: {type: array, items: {type: integer}}}
                    scores: {type: object, additionalProperties: {type: integer, nullable: true}}
                    empty: {type: array, items: {type: string}}
            """;
        var result = Healthy.Run(yaml);
        using var output = result.Load("equal lists");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var page = output.Type("Test.Api.Page");
        object Read(string json) => JsonSerializer.Deserialize(json, page, options)!;
        const string Json = """{"parts":[{"name":"a","tags":["x","y"]},{"name":"b"}],"grid":[[1,2],[3]],"scores":{"k":1,"m":null,"n":2},"empty":[]}""";

        var first = Read(Json);
        var second = Read(Json);

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(first, Read(Json.Replace("\"k\":1,\"m\":null,\"n\":2", "\"n\":2,\"k\":1,\"m\":null", StringComparison.Ordinal)));
        Assert.Equal(first.GetHashCode(), Read(Json.Replace("\"k\":1,\"m\":null,\"n\":2", "\"n\":2,\"k\":1,\"m\":null", StringComparison.Ordinal)).GetHashCode());
        Assert.NotEqual(first, Read(Json.Replace("[\"x\",\"y\"]", "[\"y\",\"x\"]", StringComparison.Ordinal)));
        Assert.NotEqual(first, Read(Json.Replace("[3]", "[3,4]", StringComparison.Ordinal)));
        Assert.NotEqual(first, Read(Json.Replace("\"m\":null", "\"m\":0", StringComparison.Ordinal)));
        Assert.NotEqual(first, Read(Json.Replace("\"m\":null", "\"o\":null", StringComparison.Ordinal)));
        Assert.NotEqual(first, Read(Json.Replace(",\"empty\":[]", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public void Models_read_through_model_reader_writer_are_equal_to_those_read_by_the_serializer()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Page:
                  type: object
                  properties:
                    tags: {type: array, items: {type: string}}
                    scores: {type: object, additionalProperties: {type: number}}
                    when: {type: array, items: {type: string, format: date-time}}
            """;
        var result = Healthy.Run(yaml);
        using var output = result.Load("equal lists through model reader writer");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var context = (System.ClientModel.Primitives.ModelReaderWriterContext)output.Type("Test.Api.TestModelReaderWriterContext").GetProperty("Default")!.GetValue(null)!;
        var page = output.Type("Test.Api.Page");
        const string Json = """{"tags":["a","b"],"scores":{"x":0.0,"y":1.5},"when":["2025-01-01T01:00:00+01:00"]}""";

        var serialized = JsonSerializer.Deserialize(Json, page, options)!;
        var read = System.ClientModel.Primitives.ModelReaderWriter.Read(BinaryData.FromString(Json), page, System.ClientModel.Primitives.ModelReaderWriterOptions.Json, context)!;
        var again = System.ClientModel.Primitives.ModelReaderWriter.Read(BinaryData.FromString(Json.Replace("0.0", "-0.0", StringComparison.Ordinal).Replace("01:00:00+01:00", "00:00:00Z", StringComparison.Ordinal)), page, System.ClientModel.Primitives.ModelReaderWriterOptions.Json, context)!;

        Assert.Equal(serialized, read);
        Assert.Equal(serialized.GetHashCode(), read.GetHashCode());
        Assert.Equal(read, again);
        Assert.Equal(read.GetHashCode(), again.GetHashCode());
    }

    [Fact]
    public void A_model_read_from_json_prints_its_lists_and_maps_as_those_a_caller_builds()
    {
        // Regression: ToString() named the internal types a list and a map are read as
        // (TestReadOnlyListJsonConverter`1+ReadList[System.String]), where a List<T> prints as System.Collections.Generic.List`1[...].
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Page:
                  type: object
                  properties:
                    tags: {type: array, items: {type: string}}
                    scores: {type: object, additionalProperties: {type: integer}}
            """;
        var result = Healthy.Run(yaml);
        using var output = result.Load("printed lists");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var page = output.Type("Test.Api.Page");
        var read = JsonSerializer.Deserialize("""{"tags":["a"],"scores":{"k":1}}""", page, options)!;
        var built = Activator.CreateInstance(page)!;
        page.GetProperty("Tags")!.SetValue(built, new System.Collections.Generic.List<string> { "a" });
        page.GetProperty("Scores")!.SetValue(built, new System.Collections.Generic.Dictionary<string, int> { ["k"] = 1 });

        var printed = read.ToString();

        Assert.Equal(built.ToString(), printed);
        Assert.Equal("Page { Tags = System.Collections.Generic.List`1[System.String], Scores = System.Collections.Generic.Dictionary`2[System.String,System.Int32] }", printed);
    }

    [Fact]
    public void A_password_property_is_masked_where_the_model_is_printed_and_kept_in_its_json()
    {
        // Regression: a property of format password (DDM's adminPassword of a data node, admin_user_password of a new
        // instance) printed as it was in the record's ToString(), so logging a request model wrote the password out.
        // And a password behind a one-part allOf (a reference with a description beside it) or in a nullable union
        // (OpenAPI 3.1's anyOf with null) printed as it was: only the property's own format was looked at.
        const string yaml = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Login:
                  type: object
                  required: [user, secret]
                  properties:
                    user: {type: string}
                    secret: {type: string, format: password}
                    spare: {$ref: "#/components/schemas/Password"}
                    count: {type: integer}
                    old: {type: string, deprecated: true}
                    wrapped: {allOf: [{$ref: "#/components/schemas/Password"}], description: The administrator's password.}
                    maybe: {anyOf: [{type: string, format: password}, {type: "null"}]}
                Password: {type: string, format: password}
                Wrapper:
                  type: object
                  properties:
                    login: {$ref: "#/components/schemas/Login"}
            """;
        var result = Healthy.Run(yaml);
        using var output = result.Load("masked passwords");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var wrapper = output.Type("Test.Api.Wrapper");
        const string json = """{"login":{"user":"root","secret":"Hunter2!x","spare":"Other1!y","count":3,"wrapped":"Admin3!z","maybe":"Maybe4!w"}}""";
        var read = JsonSerializer.Deserialize(json, wrapper, options)!;

        var printed = read.ToString();

        Assert.Equal("Wrapper { Login = Login { User = root, Secret = ***, Spare = ***, Count = 3, Old = , Wrapped = ***, Maybe = *** } }", printed);
        Assert.Equal(json, JsonSerializer.Serialize(read, wrapper, options));
    }

    [Fact]
    public void A_password_of_a_value_type_compiles_warning_free_and_is_masked()
    {
        // Regression: a password's printed form was "X is null ? null : ***" whatever its type, which for a required
        // integer (a PIN) or a required string enum (a record struct) is CS0037: the generated code did not compile.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Unlock:
                  type: object
                  required: [pin, level, shared]
                  properties:
                    pin: {type: integer, format: password}
                    level: {type: string, enum: [low, high], format: password}
                    shared: {$ref: "#/components/schemas/Level"}
                    spare: {type: integer, format: password}
                Level: {type: string, enum: [low, high], format: password}
            """;
        var result = Healthy.Run(yaml);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(result.Output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning));
        using var output = result.Load("masked value types");
        var options = (JsonSerializerOptions)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var unlock = output.Type("Test.Api.Unlock");
        const string json = """{"pin":1234,"level":"high","shared":"low","spare":5678}""";
        var read = JsonSerializer.Deserialize(json, unlock, options)!;
        var empty = JsonSerializer.Deserialize("""{"pin":1,"level":"low","shared":"low"}""", unlock, options)!;

        Assert.Equal("Unlock { Pin = ***, Level = ***, Shared = ***, Spare = *** }", read.ToString());
        Assert.Equal("Unlock { Pin = ***, Level = ***, Shared = ***, Spare =  }", empty.ToString());
        Assert.Equal(json, JsonSerializer.Serialize(read, unlock, options));
    }

    [Fact]
    public void A_model_nested_deeper_than_the_stack_holds_is_refused_not_a_crash()
    {
        // Regression: under a MaxDepth that allows it, a model that holds its own type, nested deep enough, overflowed the
        // stack in reading and in writing, which ends the process; it is an InsufficientExecutionStackException now.
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    child: {$ref: '#/components/schemas/Node'}
            """;
        var result = Healthy.Run(yaml);
        using var output = result.Load("deep nodes");
        var resolver = (System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver)output.Type("Test.Api.TestJsonTypeInfoResolver").GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var options = new JsonSerializerOptions { TypeInfoResolver = resolver, MaxDepth = 1_000_000 };
        var node = output.Type("Test.Api.Node");
        const int Depth = 200_000;
        var json = string.Concat(Enumerable.Repeat("{\"child\":", Depth)) + "{}" + new string('}', Depth);
        var deep = Activator.CreateInstance(node)!;
        for (var level = 0; level < Depth; level++)
        {
            var parent = Activator.CreateInstance(node)!;
            node.GetProperty("Child")!.SetValue(parent, deep);
            deep = parent;
        }

        Exception? reading = null;
        Exception? writing = null;
        var thread = new System.Threading.Thread(
            () =>
            {
                reading = Record.Exception(() => JsonSerializer.Deserialize(json, node, options));
                writing = Record.Exception(() => JsonSerializer.Serialize(deep, node, options));
            },
            maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.IsType<InsufficientExecutionStackException>(reading);
        Assert.IsType<InsufficientExecutionStackException>(writing);
    }

    [Fact]
    public void Deprecated_models_and_members_compile_without_warnings()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Old:
                  type: object
                  deprecated: true
                  properties:
                    a: {type: string}
                Mixed:
                  type: object
                  properties:
                    gone: {type: string, deprecated: true}
                    items: {type: array, deprecated: true, items: {$ref: '#/components/schemas/Old'}}
                Holder:
                  type: object
                  properties:
                    byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Old'}}
                    nested: {type: array, items: {type: array, items: {$ref: '#/components/schemas/Old'}}}
                    one: {$ref: '#/components/schemas/Old'}
                Plain:
                  type: object
                  properties:
                    b: {type: string}
            """;

        var result = Healthy.Run(yaml);

        Assert.Empty(result.CompilationProblems);
        // Only a model that names something deprecated turns the warnings off.
        Assert.DoesNotContain("CS0612", result.Source("Test.Api.Plain.g.cs"), StringComparison.Ordinal);
        Assert.Contains("CS0612", result.Source("Test.Api.Holder.g.cs"), StringComparison.Ordinal);
    }

    private static string RoundTrip(string json)
    {
        var type = Options.Value.TypeInfoResolver!.GetType().Assembly.GetType("Test.Api.Thing", throwOnError: true)!;
        var value = JsonSerializer.Deserialize(json, type, Options.Value);
        // The default encoder writes '+' as \u002B; the text is the same.
        return JsonSerializer.Serialize(value, type, Options.Value).Replace("\\u002B", "+", StringComparison.Ordinal);
    }

    private static JsonSerializerOptions LoadOptions()
    {
        var result = Healthy.Run(Spec);
        Assert.Empty(result.CompilationProblems);
        using var image = new MemoryStream();

        // Compiled as a project with CheckForOverflowUnderflow compiles it: the readers must not rely on unchecked casts.
        var emitted = result.Output.WithOptions(result.Output.Options.WithOverflowChecks(true)).Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var assembly = new AssemblyLoadContext("generated models", isCollectible: true).LoadFromStream(image);
        var resolver = assembly.GetType("Test.Api.TestJsonTypeInfoResolver", throwOnError: true)!;
        return (JsonSerializerOptions)resolver.GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }
}
