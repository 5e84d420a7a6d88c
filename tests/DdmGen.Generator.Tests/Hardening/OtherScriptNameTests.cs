using System;
using System.ClientModel.Primitives;
using System.Linq;
using System.Text.Json.Nodes;
using DdmGen.Generator.Tests.Infrastructure;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// A spec whose operationIds, schema names, property names and enum values are written in other scripts: C# names
/// keep their letters and marks whole, and the wire names are kept exactly.
/// </summary>
public sealed class OtherScriptNameTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        servers: [{url: "https://api.example.com"}]
        paths:
          /सूची:
            get:
              operationId: सूचीलाओ
              parameters: [{name: पृष्ठ, in: query, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Пользователь'}}}}}
        components:
          schemas:
            Пользователь:
              type: object
              required: [नाम]
              properties:
                नाम: {type: string}
                नम: {type: string}
                ชื่อ: {type: integer}
                状態: {$ref: '#/components/schemas/状態'}
            状態:
              type: string
              enum: [активный, неактивный]
        """;

    [Fact]
    public void Names_in_other_scripts_are_kept_whole_and_the_wire_names_exactly()
    {
        // A vowel sign (a combining mark) broke a name into words and was dropped: नाम became नम, which then took
        // the name of the other property (DDMG302), and ชื่อ became ชอ. Component keys outside ASCII are against
        // OpenAPI's pattern for them, which the reader's DDMG006 says; they are generated all the same.
        var result = Healthy.Run(Spec);

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id is "DDMG301" or "DDMG302");
        Assert.Empty(result.CompilationProblems);
        var client = result.Source("Test.Api.TestClient.g.cs");
        Assert.Contains("सूचीलाओAsync(int? पृष्ठ = null", client, StringComparison.Ordinal);
        using var output = result.Load("other scripts");
        var user = output.Type("Test.Api.Пользователь");
        Assert.NotNull(user.GetProperty("नाम"));
        Assert.NotNull(user.GetProperty("नम"));
        Assert.NotNull(user.GetProperty("ชื่อ"));
        Assert.Equal(new[] { "Активный", "Неактивный" }, output.Type("Test.Api.状態").GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static).Select(property => property.Name).Order(StringComparer.Ordinal));
        var contextType = output.Assembly.GetTypes().Single(type => type.Name.EndsWith("ModelReaderWriterContext", StringComparison.Ordinal));
        var context = (ModelReaderWriterContext)contextType.GetProperty("Default")!.GetValue(null)!;
        const string json = """{"नाम":"a","नम":"b","ชื่อ":3,"状態":"неактивный"}""";
        var model = ModelReaderWriter.Read(BinaryData.FromString(json), user, ModelReaderWriterOptions.Json, context)!;
        Assert.Equal("a", user.GetProperty("नाम")!.GetValue(model));
        Assert.Equal("b", user.GetProperty("नम")!.GetValue(model));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(ModelReaderWriter.Write(model, ModelReaderWriterOptions.Json, context).ToString())));
    }
}
