using System;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace DdmGen.Generator.Parsing;

/// <summary>Turns spec names into C# names: PascalCase for types and members, camelCase for parameters.</summary>
internal static class Naming
{
    /// <summary>"instance_id" gives "InstanceId", "errCode" gives "ErrCode", "CREATE_GROUP" gives "CreateGroup".</summary>
    /// <remarks>
    /// The words are read in place and cased into one buffer, no longer than the name: every name of the spec passes
    /// here, and one already in this form is given back as it came.
    /// </remarks>
    public static string ToPascal(string raw)
    {
        const int StackChars = 256;
        var buffer = raw.Length <= StackChars ? stackalloc char[StackChars] : new char[raw.Length];
        var length = 0;
        var position = 0;
        while (NextWord(raw, ref position, out var start, out var end))
        {
            var allUpper = true;
            for (var i = start; i < end; i++)
            {
                if (char.IsLower(raw[i]))
                {
                    allUpper = false;
                    break;
                }
            }

            buffer[length++] = char.ToUpperInvariant(raw[start]);
            var rest = raw.AsSpan(start + 1, end - start - 1);
            if (!allUpper)
            {
                rest.CopyTo(buffer.Slice(length));
            }
            else
            {
                // A word holds letters, digits and combining marks, never half of a surrogate pair, so each character lowers alone.
                for (var i = 0; i < rest.Length; i++)
                {
                    buffer[length + i] = char.ToLowerInvariant(rest[i]);
                }
            }

            length += rest.Length;
        }

        var pascal = buffer.Slice(0, length);
        return pascal.SequenceEqual(raw.AsSpan()) ? raw : pascal.ToString();
    }

    public static string ToCamel(string raw)
    {
        var pascal = ToPascal(raw);
        if (pascal.Length == 0)
        {
            return pascal;
        }

        // Lower the leading acronym too: "XAuthToken" gives "xAuthToken", "ID" gives "id".
        var end = 1;
        while (end < pascal.Length && char.IsUpper(pascal[end]) && (end + 1 >= pascal.Length || !char.IsLower(pascal[end + 1])))
        {
            end++;
        }

        return pascal.Substring(0, end).ToLowerInvariant() + pascal.Substring(end);
    }

    /// <summary>
    /// Whether the spec's own name could stand in C# unchanged (ignoring its casing). Not one with a formatting
    /// character (U+200B, U+2060, the bidirectional controls such as U+202E): C# allows them in an identifier but
    /// ignores them when it compares names, so <c>Api\u200B</c> is the namespace <c>Api</c>, which names compared
    /// as text take for another, and a bidirectional control shows the code in another order than it compiles.
    /// </summary>
    public static bool IsPlainIdentifier(string raw) =>
        SyntaxFacts.IsValidIdentifier(raw) && SyntaxFacts.GetKeywordKind(raw) == SyntaxKind.None && !HasFormatCharacter(raw);

    /// <summary>
    /// Whether the C# name made from a spec name is worth a DDMG301: the spec's name could not stand in C# and the
    /// C# name differs from it by more than the casing every name gets. A keyword that casing alone turns into a
    /// plain name (<c>event</c> to <c>Event</c>, <c>object</c> to <c>Object</c>) is not, as <c>name</c> to <c>Name</c> is not.
    /// </summary>
    /// <param name="raw">The spec's name.</param>
    /// <param name="generated">The C# name made from it, before any suffix for a name already taken.</param>
    public static bool IsRewritten(string raw, string generated) =>
        !IsPlainIdentifier(raw) && !string.Equals(raw, generated, System.StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="text"/> holds a formatting character (<see cref="IsFormat"/>).</summary>
    public static bool HasFormatCharacter(string text)
    {
        foreach (var c in text)
        {
            if (IsFormat(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="c"/> is of Unicode's category Cf, which C# ignores in names.</summary>
    public static bool IsFormat(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// The most UTF-8 bytes a spec-derived identifier keeps. The compiler rejects metadata names over 1024 bytes
    /// (CS7013); generated names add suffixes such as "AutoPagingAsync" or "Message", and the file name
    /// of each generated type is built from it, so the cap leaves ample room.
    /// </summary>
    public const int MaxIdentifierBytes = 512;

    /// <summary>
    /// Makes a cased name usable: a leading digit or an empty name gets a prefix, a keyword an '@'. So does
    /// <c>await</c>, a keyword only inside async methods, which is where a parameter of that name is passed on.
    /// </summary>
    public static string MakeIdentifier(string name, string fallback)
    {
        if (name.Length == 0)
        {
            return fallback;
        }

        if (char.IsDigit(name[0]))
        {
            name = "_" + name;
        }

        name = Cap(name);
        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "await" ? "@" + name : name;
    }

    /// <summary>
    /// Shortens an identifier longer than <paramref name="maxBytes"/> UTF-8 bytes (<see cref="MaxIdentifierBytes"/>
    /// unless told): it keeps the start and appends '_' and a stable hash of the whole name, so two long names that
    /// share a start stay distinct and every build agrees.
    /// </summary>
    public static string Cap(string identifier, int maxBytes = MaxIdentifierBytes)
    {
        // A UTF-16 code unit is at most three UTF-8 bytes (a surrogate pair four for two, a lone surrogate the three of
        // U+FFFD): a name that short fits without counting. A name that fits is given back as it is, not copied.
        if (identifier.Length <= maxBytes / 3 || Encoding.UTF8.GetByteCount(identifier) <= maxBytes)
        {
            return identifier;
        }

        var suffix = "_" + StableHash(identifier).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var budget = maxBytes - suffix.Length;
        var builder = new StringBuilder();
        var bytes = 0;
        for (var i = 0; i < identifier.Length; i++)
        {
            var length = char.IsHighSurrogate(identifier[i]) && i + 1 < identifier.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(identifier.Substring(i, length));
            if (bytes + size > budget)
            {
                break;
            }

            builder.Append(identifier, i, length);
            bytes += size;
            i += length - 1;
        }

        return builder.Append(suffix).ToString();
    }

    /// <summary>FNV-1a over the UTF-16 code units: the same on every machine and runtime, unlike string.GetHashCode.</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }

    /// <summary>The name without a verbatim '@', for building other names from it.</summary>
    public static string Bare(string identifier) => identifier.TrimStart('@');

    /// <summary>
    /// The next word of <paramref name="raw"/> from <paramref name="position"/> on, as <paramref name="start"/> and
    /// <paramref name="end"/> (exclusive): a run of letters and digits, cut where a lower-case letter or a digit is
    /// followed by an upper-case one ("errCode") and before the last capital of an acronym that a lower-case letter
    /// follows ("HTTPServer"). A combining mark (the vowel signs of Devanagari or Thai) belongs to the word it follows,
    /// so a name in another script that is an identifier as written is kept whole. A letter outside the BMP (a
    /// surrogate pair, U+1D400) is no word character: C# allows it in a name, but the compiler reads it as two stray
    /// halves and rejects it (CS1056), and <see cref="SyntaxFacts.IsValidIdentifier"/> says so too.
    /// </summary>
    private static bool NextWord(string raw, ref int position, out int start, out int end)
    {
        while (position < raw.Length && !StartsWord(raw[position]))
        {
            position++;
        }

        start = position;
        if (position == raw.Length)
        {
            end = position;
            return false;
        }

        position++;
        while (position < raw.Length && GoesOnWith(raw[position]))
        {
            var previous = raw[position - 1];
            var c = raw[position];
            var next = position + 1 < raw.Length ? raw[position + 1] : '\0';
            var hump = (char.IsLower(previous) || char.IsDigit(previous)) && char.IsUpper(c);
            var acronymEnd = char.IsUpper(previous) && char.IsUpper(c) && char.IsLower(next);
            if (hump || acronymEnd)
            {
                break;
            }

            position++;
        }

        end = position;
        return true;
    }

    /// <summary>Whether <paramref name="c"/> starts a word: a letter or a decimal digit.</summary>
    private static bool StartsWord(char c) => IsWordStart(CharUnicodeInfo.GetUnicodeCategory(c));

    /// <summary>Whether <paramref name="c"/> goes on with a word: a letter, a decimal digit or a combining mark.</summary>
    private static bool GoesOnWith(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is var category && (IsWordStart(category) || IsWordPart(category));

    /// <summary>A letter or a decimal digit, which starts a word or goes on with one.</summary>
    private static bool IsWordStart(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber;

    /// <summary>A combining mark, which C# allows in a name after its first character: it goes on with the word before it.</summary>
    private static bool IsWordPart(UnicodeCategory category) => category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
