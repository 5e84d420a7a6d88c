using DdmGen.Generator.Model;
using Xunit;

namespace DdmGen.Generator.Tests;

/// <summary>
/// The names of a spec's support types are asked for on nearly every generated line: each is made once per context,
/// not anew on every call, and two contexts of the same spec are still equal (the pipeline's caching compares them).
/// </summary>
public sealed class GenerationContextTests
{
    [Fact]
    public void Support_names_and_their_qualified_forms_are_made_once()
    {
        var context = new GenerationContext("ddm.yaml", "Contoso.Ddm", "DdmClient", "/specs/ddm.yaml");

        Assert.Equal("DdmJsonHelpers", context.JsonHelpersName);
        Assert.Same(context.JsonHelpersName, context.JsonHelpersName);
        Assert.Same(context.SupportName, context.SupportName);
        Assert.Equal("global::Contoso.Ddm.DdmJsonHelpers", context.Qualify(context.JsonHelpersName));
        Assert.Same(context.Qualify(context.JsonHelpersName), context.Qualify(context.JsonHelpersName));
        Assert.Same(context.Qualify(context.SupportName), context.Qualify("DdmClientSupport"));
        Assert.Equal("global::Contoso.Ddm.Backup", context.Qualify("Backup"));
    }

    [Fact]
    public void Contexts_compare_by_the_spec_and_its_options_alone()
    {
        var context = new GenerationContext("ddm.yaml", "Contoso.Ddm", "DdmClient", "/specs/ddm.yaml");
        var same = new GenerationContext("ddm.yaml", "Contoso.Ddm", "DdmClient", "/specs/ddm.yaml");
        _ = context.Qualify(context.JsonHelpersName);

        Assert.Equal(context, same);
        Assert.Equal(context.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(context, new GenerationContext("ddm.yaml", "Contoso.Ddm", "OtherClient", "/specs/ddm.yaml"));
        Assert.NotEqual(context, new GenerationContext("ddm.yaml", "Contoso.Other", "DdmClient", "/specs/ddm.yaml"));
        Assert.NotEqual(context, new GenerationContext("ddm.yaml", "Contoso.Ddm", "DdmClient", "/other/ddm.yaml"));
        Assert.NotEqual(context, new GenerationContext("api.yaml", "Contoso.Ddm", "DdmClient", "/specs/ddm.yaml"));
    }
}
