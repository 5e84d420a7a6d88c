using System;
using System.Linq;
using DdmGen.Generator.Parsing;

namespace DdmGen.Generator.Tests;

/// <summary>
/// Colliding names are numbered from 2 upward, always the first free number, whatever was reserved or claimed in
/// between: the numbering a long run of collisions produces is the one each collision alone would produce.
/// </summary>
public sealed class NameScopeTests
{
    [Fact]
    public void Repeated_collisions_take_the_first_free_number_each_time()
    {
        var scope = new NameScope();
        var first = Enumerable.Range(0, 3).Select(_ => scope.Claim("Item", "x").Name).ToList();
        scope.Reserve("Item5", "generated");
        scope.Claim("Item6", "y");
        var later = Enumerable.Range(0, 3).Select(_ => scope.Claim("Item", "x").Name).ToList();

        Assert.Equal(new[] { "Item", "Item2", "Item3" }, first);
        Assert.Equal(new[] { "Item4", "Item7", "Item8" }, later);
    }

    [Fact]
    public void A_suffix_is_part_of_what_is_free()
    {
        var scope = new NameScope(StringComparer.OrdinalIgnoreCase);
        scope.Reserve("Value", "generated");
        Assert.Equal(("valueValue", "generated"), scope.Claim("value", "a", "Value"));
        Assert.Equal("ValueValue2", scope.Claim("Value", "b", "Value").Name);

        scope.Claim("Foo", "c");
        scope.Reserve("Foo2", "generated");
        Assert.Equal("Foo3", scope.Claim("Foo", "d").Name);
        Assert.Equal("foo4", scope.Claim("foo", "e").Name);
    }
}

/// <summary>Operation ids that map to one method name are numbered the same way, one after the other.</summary>
public sealed class MethodNameCollisionTests
{
    [Fact]
    public void Operation_ids_that_map_to_one_name_take_the_next_free_number()
    {
        var yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "https://example.com"}]
            paths:
              /a: {get: {operationId: getThing2, responses: {"204": {description: ok}}}}
              /b: {get: {operationId: getThing, responses: {"204": {description: ok}}}}
              /c: {get: {operationId: get-thing, responses: {"204": {description: ok}}}}
              /d: {get: {operationId: get_thing, responses: {"204": {description: ok}}}}
            """;

        var result = Infrastructure.GeneratorHarness.Run(new Infrastructure.SpecFile("/specs/test.yaml", yaml, "Test.Api", "TestClient"));

        var client = string.Concat(result.Sources.Select(source => source.SourceText.ToString()));
        foreach (var method in new[] { "GetThing2Async(", "GetThingAsync(", "GetThing3Async(", "GetThing4Async(" })
        {
            Assert.Contains(method, client, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("GetThing5Async(", client, StringComparison.Ordinal);
        Assert.Equal(2, result.Diagnostics.Count(diagnostic => diagnostic.Id == "DDMG302"));
        Assert.Empty(result.CompilationProblems);
    }
    /// <summary>An owner given by its place in the spec is written out, as diagnostics name it, only for a collision.</summary>
    [Fact]
    public void An_owner_given_by_its_place_is_named_at_a_collision()
    {
        var scope = new NameScope();
        scope.Claim("Status", new Place("property", "/components/schemas/A~1B/properties/status"));
        scope.Reserve("Root", new Place("schema", ""));

        Assert.Equal(("Status2", "the property at #/components/schemas/A~1B/properties/status"), scope.Claim("Status", "b"));
        Assert.Equal("the schema at #/", scope.OwnerOf("Root"));
    }
}
