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
    [InlineData("नाम", "नाम")]
    [InlineData("ユーザー名", "ユーザー名")]
    [InlineData("user_नाम", "Userनाम")]
    [InlineData("активный_статус", "АктивныйСтатус")]
    [InlineData("ÉTAT_CIVIL", "ÉtatCivil")]
    [InlineData("a\U00010400b", "AB")]
    [InlineData("ΣΟΦΙΑ-κώδικας", "ΣοφιαΚώδικας")]
    public void Pascal_case_splits_on_separators_humps_and_acronyms(string raw, string expected) =>
        Assert.Equal(expected, Naming.ToPascal(raw));

    [Theory]
    [InlineData("नाम")]
    [InlineData("ユーザー名")]
    [InlineData("सूची")]
    [InlineData("ชื่อ")]
    public void A_name_in_another_script_that_is_an_identifier_is_kept_whole(string raw)
    {
        // Combining marks (the vowel signs of Devanagari and Thai) were word breaks and were dropped, so "नाम"
        // became "नम", and two names that differ only in their vowels one C# name.
        Assert.True(Naming.IsPlainIdentifier(raw));
        Assert.Equal(raw, Naming.MakeIdentifier(Naming.ToPascal(raw), "Fallback"));
        Assert.False(Naming.IsRewritten(raw, Naming.ToPascal(raw)));
    }

    /// <summary>
    /// C# allows a letter outside the BMP (a surrogate pair) in a name, but the compiler does not take one (CS1056), so
    /// a name keeps none: a letter of that kind is dropped as any other character that cannot stand in a name.
    /// </summary>
    [Theory]
    [InlineData("\U0001D400")]
    [InlineData("\U00010400")]
    [InlineData("\U00020000")]
    public void A_letter_outside_the_BMP_is_dropped_as_the_compiler_takes_none_in_a_name(string letter)
    {
        Assert.False(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier("a" + letter), "the compiler takes this letter in a name now: keep it");
        Assert.Equal("AB", Naming.ToPascal("a" + letter + "b"));
        Assert.Equal("B", Naming.ToPascal(letter + "_b"));
        Assert.Equal("Fallback", Naming.MakeIdentifier(Naming.ToPascal(letter), "Fallback"));
    }

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
