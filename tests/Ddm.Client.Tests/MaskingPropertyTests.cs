using System;
using System.Linq;
using System.Reflection;
using System.Text;
using CsCheck;

namespace Ddm.Client.Tests;

/// <summary>
/// Random secrets written into answers with random JSON escapes (<c>\/</c>, <c>\uXXXX</c> in either case), between
/// random text: the text the client keeps of an error answer holds the secret in none of these forms, and everything
/// around it is kept as it came. A failure reports the smallest case and the seed that replays it (<c>CsCheck_Seed</c>).
/// </summary>
public sealed class MaskingPropertyTests
{
    // The client's own masking of a body, reached directly (over HTTP each case would cost a request): copies in the
    // text as JSON reads it, then copies as they are, as the text of an error body is masked.
    private static readonly Func<string, string, string> MaskedAsRead = typeof(DdmClient).Assembly.GetType("Ddm.Client.DdmClientSupport", throwOnError: true)!
        .GetMethod("MaskedAsRead", BindingFlags.NonPublic | BindingFlags.Static)!
        .CreateDelegate<Func<string, string, string>>();

    private static string Masked(string text, string secret) => MaskedAsRead(text, secret).Replace(secret, "***", StringComparison.Ordinal);

    private static readonly Gen<char> SecretChars = Gen.OneOf(Gen.Char['A', 'Z'], Gen.Char['a', 'z'], Gen.Char['0', '9'], Gen.OneOf('+', '/', '=', '-', '_', '"', '\\', 'é'));

    // Text around the secret as JSON text holds it (a backslash only in an escape), with no letter or digit of the
    // secrets, so it cannot complete one by chance.
    private static readonly Gen<string> Around = Gen.OneOf(" ", ".", ":", "{", "}", "[", "]", ",", "\\\\", "\\u0021", "u", "!").Array[0, 12].Select(parts => string.Concat(parts));

    /// <summary>One character as a JSON writer may write it: as it is, as <c>\uXXXX</c> (either case), or with a short escape.</summary>
    private static string Written(char character, int form) => form switch
    {
        1 => "\\u" + ((int)character).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
        2 => "\\u" + ((int)character).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
        // A quote or backslash is never bare in JSON text.
        _ when character is '"' or '\\' => "\\" + character,
        3 when character is '/' => "\\/",
        _ => character.ToString(),
    };

    [Fact]
    public void A_secret_in_any_json_form_is_masked_and_the_rest_kept()
    {
        var cases =
            from secret in SecretChars.Array[4, 24].Select(chars => new string(chars))
            from forms in Gen.Int[0, 5].Array[secret.Length]
            let written = string.Concat(secret.Select((character, index) => Written(character, forms[index])))
            from before in Around
            from after in Around
            // An escape around it (\u0021) holds digits: a secret of them may stand in it as written, and is masked there too.
            where !before.Contains(secret, StringComparison.Ordinal) && !after.Contains(secret, StringComparison.Ordinal)
            select (secret, text: before + written + after, before, after);

        cases.Sample(
            item =>
            {
                var masked = Masked(item.text, item.secret);
                return masked == item.before + "***" + item.after;
            },
            iter: 20_000);
    }

    [Fact]
    public void Text_without_the_secret_is_kept_as_it_came()
    {
        Gen.Select(SecretChars.Array[4, 24].Select(chars => new string(chars)), Around, Gen.Char.Array[0, 40].Select(chars => new string(chars)))
            .Where(item => !item.Item3.Contains(item.Item1, StringComparison.Ordinal))
            .Sample(
                item =>
                {
                    var text = item.Item2 + item.Item3;
                    var masked = Masked(text, item.Item1);
                    return masked == text || masked.Contains("***", StringComparison.Ordinal);
                },
                iter: 20_000);
    }

    [Theory]
    [InlineData("MIIa+b/c==", "token \\MIIa+b/c== expired", "token \\*** expired")]
    [InlineData("MIIa+b/c==", "C:\\users \\u12MIIa+b/c==", "C:\\users \\u12***")]
    [InlineData("M\\UP", "M\\\\UP", "***")]
    [InlineData("2KKo", "\\\\},\\u0021 \\u0021 \\u0021 !u\\u0032KKo] [\\\\u\\u0021u!", "\\\\},\\u0021 \\u0021 \\u0021 !u***] [\\\\u\\u0021u!")]
    [InlineData("/B4C", "!\\\\/B4C", "!\\\\***")]
    [InlineData("/B4C", "!\\//B4C", "!\\/***")]
    public void Cases_the_properties_found(string secret, string text, string expected)
    {
        // A backslash of the secret, escaped as two, was taken as a bare backslash and then a stray one, and the secret
        // stayed; a secret was found inside an escape (an escaped backslash, then a slash), eating half of it; and a
        // secret right after a backslash that starts no escape, as in a message already decoded or in plain text, stayed.
        Assert.Equal(expected, Masked(text, secret));
    }

    [Fact]
    public void A_secret_that_repeats_itself_is_looked_for_in_one_pass()
    {
        // Found by review: a scan that tried every position again took a second for a periodic secret in a long text.
        var secret = new string('A', 8000) + "B";
        var text = "\\" + new string('A', 16383);

        Assert.Equal(text, Masked(text, secret));
        Assert.Equal("\\" + new string('A', 16383 - 8000) + "***", Masked(text + "B", secret));
    }
}
