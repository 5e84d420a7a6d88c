using DdmGen.Generator.Reading;

namespace DdmGen.Generator.Tests;

/// <summary>A pointer built token by token reads as the one <see cref="SpecPointer.Append(string, string)"/> builds, whichever node is asked first.</summary>
public sealed class SpecPathTests
{
    [Fact]
    public void A_path_reads_as_the_pointer_built_from_its_tokens()
    {
        var paths = SpecPath.Root.Append("paths");
        var path = paths.Append("/v3/{id}~x/");
        var response = path.Append("get").Append("responses").Append("200");
        var item = response.Append("content").Append("a/b~c").Append("schema").Append("allOf").Append(12).Append(0).Append(string.Empty);

        var pathText = SpecPointer.Append("/paths", "/v3/{id}~x/");
        var responseText = SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(pathText, "get"), "responses"), "200");
        var itemText = SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(SpecPointer.Append(responseText, "content"), "a/b~c"), "schema"), "allOf"), 12), 0) + "/";

        // The deepest first, then one between, then the deepest again and a node above it.
        Assert.Equal(itemText, item.ToString());
        Assert.Equal(responseText, response.ToString());
        Assert.Equal(itemText, item.ToString());
        Assert.Equal(pathText, path.ToString());
        Assert.Equal("/paths/~1v3~1{id}~0x~1/get/responses/200/content/a~1b~0c/schema/allOf/12/0/", itemText);
        Assert.Equal(string.Empty, SpecPath.Root.ToString());
        Assert.Equal("/0", SpecPath.Root.Append(0).ToString());
        Assert.Equal("/components/schemas/A", SpecPath.Root.Append("components").Append("schemas").Append("A").ToString());
    }
}
