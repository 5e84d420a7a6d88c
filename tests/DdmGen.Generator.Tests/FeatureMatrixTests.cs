using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using DdmGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DdmGen.Generator.Tests;

/// <summary>
/// One small spec per OpenAPI construct (Corpus/features): each generates code that compiles without a warning, or
/// reports DDMG diagnostics at a line of the file, and never fails inside the generator.
/// </summary>
public sealed class FeatureMatrixTests
{
    public static TheoryData<string> Features() => new(FileNames());

    private static string[] FileNames() =>
        Directory.GetFiles(RepositoryPaths.Output("Corpus", "features"), "*.yaml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [MemberData(nameof(Features))]
    public void Each_construct_generates_clean_code_or_located_diagnostics(string fileName)
    {
        var result = Run(fileName);

        Assert.DoesNotContain(result.GeneratorDiagnostics, diagnostic => diagnostic.Id == "CS8785");
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG901");
        Assert.All(result.Diagnostics, diagnostic =>
        {
            Assert.StartsWith("DDMG", diagnostic.Id, StringComparison.Ordinal);
            Assert.EndsWith(fileName, diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
            Assert.True(diagnostic.Location.GetLineSpan().StartLinePosition.Line > 0, $"{diagnostic} has no line");
        });
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>What each construct gives today: the diagnostics it reports (none: it is generated as written).</summary>
    [Theory]
    [InlineData("additional-properties-false-empty.yaml")]
    [InlineData("additional-properties.yaml", "DDMG108")]
    [InlineData("allof-ref-inline.yaml")]
    [InlineData("arrays-of-arrays.yaml")]
    [InlineData("body-form.yaml", "DDMG306")]
    [InlineData("body-json-array.yaml")]
    [InlineData("body-json.yaml")]
    [InlineData("body-multipart.yaml", "DDMG306")]
    [InlineData("body-octet.yaml", "DDMG306")]
    [InlineData("body-text.yaml", "DDMG306")]
    [InlineData("callbacks.yaml", "DDMG108")]
    [InlineData("const.yaml")]
    [InlineData("discriminator-allof.yaml", "DDMG102")]
    [InlineData("empty-paths-no-schemas.yaml")]
    [InlineData("enum-integers.yaml", "DDMG108")]
    [InlineData("enum-nullable-31.yaml")]
    [InlineData("enum-nullable.yaml")]
    [InlineData("enum-odd-strings.yaml", "DDMG108", "DDMG301", "DDMG302")]
    [InlineData("examples.yaml")]
    [InlineData("formats.yaml")]
    [InlineData("names-colliding.yaml", "DDMG108", "DDMG301", "DDMG302")]
    [InlineData("no-paths-31.yaml")]
    [InlineData("no-paths.yaml")]
    [InlineData("no-schemas.yaml")]
    [InlineData("nullable-30.yaml")]
    [InlineData("oneof-discriminator.yaml", "DDMG102")]
    [InlineData("oneof-objects.yaml", "DDMG102")]
    [InlineData("oneof-primitives.yaml", "DDMG102")]
    [InlineData("operationid-missing-duplicated.yaml", "DDMG201", "DDMG202")]
    [InlineData("paths-without-operations.yaml")]
    [InlineData("params-array-query.yaml", "DDMG108")]
    [InlineData("params-deep-object.yaml", "DDMG108")]
    [InlineData("params-header-array.yaml")]
    [InlineData("params-header-cookie.yaml", "DDMG108")]
    [InlineData("params-override.yaml")]
    [InlineData("params-path-dot-slash.yaml")]
    [InlineData("recursive-allof.yaml")]
    [InlineData("recursive.yaml")]
    [InlineData("resp-204.yaml")]
    [InlineData("resp-default-only.yaml")]
    [InlineData("resp-headers.yaml", "DDMG307")]
    [InlineData("resp-octet.yaml", "DDMG108")]
    [InlineData("resp-several-2xx.yaml", "DDMG108")]
    [InlineData("resp-text.yaml", "DDMG108")]
    [InlineData("security-apikey-cookie.yaml", "DDMG205")]
    [InlineData("security-apikey-header.yaml")]
    [InlineData("security-apikey-query.yaml", "DDMG205")]
    [InlineData("security-basic.yaml", "DDMG205")]
    [InlineData("security-bearer.yaml")]
    [InlineData("security-oauth2.yaml", "DDMG205")]
    [InlineData("security-openid-mtls.yaml", "DDMG205")]
    [InlineData("security-two-schemes.yaml")]
    [InlineData("servers-variables-no-default.yaml", "DDMG002")]
    [InlineData("servers-variables.yaml")]
    [InlineData("tags.yaml")]
    [InlineData("type-list-null.yaml", "DDMG102")]
    [InlineData("webhooks-only.yaml", "DDMG108")]
    public void Each_construct_reports_what_it_does_not_keep(string fileName, params string[] ids)
    {
        var result = Run(fileName);

        Assert.Equal(ids, result.Diagnostics.Select(diagnostic => diagnostic.Id).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_construct_has_its_expected_diagnostics()
    {
        var listed = typeof(FeatureMatrixTests).GetMethod(nameof(Each_construct_reports_what_it_does_not_keep))!
            .GetCustomAttributes<InlineDataAttribute>().Select(data => (string)data.GetData(null!).Single()[0]);

        Assert.Equal(FileNames(), listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("recursive.yaml", "Thing", "{\"name\":\"a\",\"parent\":{\"name\":\"p\"},\"children\":[{\"name\":\"b\",\"children\":[]}],\"byName\":{\"x\":{\"name\":\"c\"}},\"first\":{\"pong\":{\"ping\":{}}}}")]
    [InlineData("nullable-30.yaml", "Thing", "{\"name\":null,\"part\":null,\"list\":[\"a\",null]}")]
    [InlineData("type-list-null.yaml", "Thing", "{\"name\":null,\"count\":5,\"tags\":[\"t\"],\"either\":[1,\"a\"]}")]
    [InlineData("enum-odd-strings.yaml", "Thing", "{\"odd\":\" padded \"}")]
    [InlineData("enum-nullable-31.yaml", "Thing", "{\"state\":null,\"ref\":\"fast\"}")]
    [InlineData("additional-properties.yaml", "Thing", "{\"typed\":{\"a\":1},\"mapOfMaps\":{\"a\":{\"b\":\"c\"}},\"anyMap\":{\"k\":[true]}}")]
    [InlineData("additional-properties-false-empty.yaml", "Holder", "{\"closedEmpty\":{},\"bare\":{\"x\":[1]}}")]
    [InlineData("arrays-of-arrays.yaml", "Thing", "{\"grid\":[[1,2],[]],\"cube\":[[[\"a\"]]],\"rows\":[[{\"v\":1.5}]]}")]
    [InlineData("allof-ref-inline.yaml", "Thing", "{\"id\":\"i\",\"name\":\"n\",\"size\":3}")]
    [InlineData("formats.yaml", "Thing", "{\"i32\":1,\"i64\":9007199254740993,\"f\":1.5,\"d\":2.25,\"b\":\"AQI=\",\"date\":\"2025-01-02\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"link\":\"https://example.com/a\",\"secret\":\"s\"}")]
    public void A_supported_construct_reads_and_writes_its_json_unchanged(string fileName, string typeName, string json)
    {
        var result = Run(fileName);
        Assert.Empty(result.CompilationProblems);
        using var loaded = result.Load(fileName);
        var type = loaded.Type("Feature.Api." + typeName);
        var options = (JsonSerializerOptions)loaded.Type("Feature.Api.FeatureJsonTypeInfoResolver")
            .GetProperty("Options", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        var value = JsonSerializer.Deserialize(json, type, options);

        Assert.Equal(json, JsonSerializer.Serialize(value, type, options));
    }

    private static GeneratorResult Run(string fileName) =>
        GeneratorHarness.Run(SpecFile.FromOutput(Path.Combine("Corpus", "features", fileName), "Feature.Api", "FeatureClient"));
}
