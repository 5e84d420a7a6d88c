using DdmGen.Generator.Parsing;

namespace DdmGen.Generator.Tests;

public sealed class NamingTests
{
    [Theory]
    [InlineData("instance_id", "InstanceId")]
    [InlineData("errCode", "ErrCode")]
    [InlineData("CREATE_GROUP", "CreateGroup")]
    [InlineData("X-Auth-Token", "XAuthToken")]
    [InlineData("HTTPServer", "HttpServer")]
    [InlineData("ListBackupsResponse", "ListBackupsResponse")]
    [InlineData("restorable-time-interval", "RestorableTimeInterval")]
    [InlineData("v3", "V3")]
    [InlineData("2fa", "2fa")]
    [InlineData("+++", "")]
    public void Pascal_case_splits_on_separators_humps_and_acronyms(string raw, string expected) =>
        Assert.Equal(expected, Naming.ToPascal(raw));

    [Theory]
    [InlineData("instance_id", "instanceId")]
    [InlineData("X-Auth-Token", "xAuthToken")]
    [InlineData("ID", "id")]
    [InlineData("offset", "offset")]
    public void Camel_case_lowers_the_leading_word(string raw, string expected) =>
        Assert.Equal(expected, Naming.ToCamel(raw));

    [Theory]
    [InlineData("class", "@class")]
    [InlineData("2fa", "_2fa")]
    [InlineData("", "Fallback")]
    [InlineData("name", "name")]
    public void Identifiers_are_escaped_or_prefixed(string name, string expected) =>
        Assert.Equal(expected, Naming.MakeIdentifier(name, "Fallback"));
}
