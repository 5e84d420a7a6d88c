using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Ddm.Client.Tests;

/// <summary>
/// Open enums for any text: read and written back as the same text, equal exactly when their texts are equal ignoring case
/// (ordinal, the same in every culture: the Turkish i, ß, the Greek sigma), with hash codes that agree with equality for
/// every pair.
/// </summary>
/// <remarks>The cases are drawn from one fixed seed, so every run checks the same ones; a failure names its case.</remarks>
public sealed class OpenEnumPropertyTests
{
    /// <summary>Letters whose case rules differ by culture or are not one to one, beside plain text.</summary>
    private static readonly Gen<string> Texts = Gen.Frequency(
            (4, Gen.Char['a', 'z'].Select(c => c.ToString())),
            (2, Gen.Char['A', 'Z'].Select(c => c.ToString())),
            (3, Gen.OneOf("i", "I", "\u0130", "\u0131", "\u00DF", "\u1E9E", "SS", "\u03C3", "\u03C2", "\u03A3", "\u01C5", "\u01C4", "\u01C6", "\u212A", "k", "K", "\u00E9", "E\u0301", "\u0410", "\u0430", "\U00010400", "\U00010428", "\u017F", "s")),
            (1, Gen.Char['\0', '\ud7ff'].Select(c => c.ToString())))
        .Array[0, 6]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void Equality_ignores_case_ordinally_in_any_culture_and_hash_codes_agree()
    {
        var cultures = new[] { CultureInfo.InvariantCulture, new CultureInfo("tr-TR"), new CultureInfo("de-DE"), new CultureInfo("el-GR") };
        var pcg = new PCG(5, 20_261_128);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            for (var number = 0; number < 2000; number++)
            {
                var (first, second, culture) = Gen.Select(Texts, Texts, Gen.Int[0, cultures.Length - 1]).Generate(pcg, null, out _);
                CultureInfo.CurrentCulture = cultures[culture];
                var context = $"case {number}: '{first}' and '{second}' in {cultures[culture].Name}";
                var (a, b) = (new BackupStatus(first), new BackupStatus(second));
                var equal = string.Equals(first, second, StringComparison.OrdinalIgnoreCase);
                Assert.True(equal == a.Equals(b) && equal == (a == b) && equal == b.Equals(a), context);
                Assert.True(!equal || a.GetHashCode() == b.GetHashCode(), context);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Any_text_is_read_and_written_back_as_the_same_text()
    {
        var pcg = new PCG(6, 20_261_128);
        for (var number = 0; number < 500; number++)
        {
            var text = Texts.Generate(pcg, null, out _);
            var json = Quoted(text);
            var read = JsonSerializer.Deserialize(json, DdmJsonTypeInfoResolver.Options.GetTypeInfo(typeof(BackupStatus)));
            Assert.True(read is BackupStatus status && status.Value == text, $"case {number}: '{text}'");
            var written = JsonSerializer.SerializeToUtf8Bytes(read, DdmJsonTypeInfoResolver.Options.GetTypeInfo(typeof(BackupStatus)));
            var reader = new Utf8JsonReader(written);
            Assert.True(reader.Read() && reader.GetString() == text, $"case {number}: '{text}' written {Encoding.UTF8.GetString(written)}");
        }
    }

    /// <summary>A JSON string of the text, every character escaped.</summary>
    private static byte[] Quoted(string text) =>
        Encoding.UTF8.GetBytes("\"" + string.Concat(text.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture).Insert(0, "\\u"))) + "\"");
}
