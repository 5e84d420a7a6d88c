using System;
using System.Globalization;
using System.Linq;

namespace DdmGen.Generator.Tests.Hardening;

/// <summary>
/// Which of two spec names that make one C# name keeps it does not depend on the order the spec writes them in, so
/// moving a declaration renames nothing in the generated code.
/// </summary>
public sealed class NameOrderTests
{
    [Theory]
    [InlineData("user_id", "user-id")]
    [InlineData("user-id", "user_id")]
    public void Of_two_properties_with_one_csharp_name_the_first_in_ordinal_order_keeps_it_wherever_each_stands(string first, string second)
    {
        // The property written first kept the name: moving a property in the spec swapped the two members' names,
        // a breaking change far from the edit.
        var spec = $$"""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Account:
                  type: object
                  properties:
                    {{first}}: {type: string}
                    {{second}}: {type: string}
            """;

        var result = Healthy.Run(spec);

        var collision = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        var message = collision.GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("The name 'user_id' at #/components/schemas/Account/properties/user_id maps to the C# name 'UserId', which is already taken by the property at #/components/schemas/Account/properties/user-id; it is generated as 'UserIdValue'.", message, StringComparison.Ordinal);
        Assert.Equal(Healthy.LineOf(spec, "user_id:"), collision.Line());
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void A_property_whose_name_is_its_csharp_name_in_camel_case_keeps_it_before_one_that_sorts_first()
    {
        var spec = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Account:
                  type: object
                  properties:
                    User-Id: {type: string}
                    userId: {type: string}
            """;

        var result = Healthy.Run(spec);

        var collision = Assert.Single(result.Diagnostics, diagnostic => diagnostic.Id == "DDMG302");
        Assert.Contains("The name 'User-Id'", collision.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }
}
