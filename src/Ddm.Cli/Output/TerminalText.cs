using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Wcwidth;

namespace Ddm.Cli.Output;

/// <summary>Text from the service as it reaches a terminal: cleaned of what would drive it, measured in its columns.</summary>
internal static class TerminalText
{
    private static readonly string[] LocaleVariables = { "LC_ALL", "LC_CTYPE", "LANG" };

    /// <summary>
    /// The marks that reorder text: the bidi embeddings, overrides and isolates, their ends, and the left-to-right,
    /// right-to-left and Arabic letter marks. A value with them would lay out its neighbours in another order.
    /// </summary>
    public const string ReorderingMarks = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";

    /// <summary>
    /// The text as a terminal can show it on one line: control characters (escape sequences, line breaks, bells),
    /// line and paragraph separators and the marks that reorder text become U+FFFD, so a value from the service can
    /// neither drive the terminal nor break or rearrange a row. Where the locale is not UTF-8 (<paramref name="utf8"/>
    /// false) the text is ASCII: those characters and every other one outside ASCII become '?', one column each. Such a
    /// terminal would take the UTF-8 bytes for characters of its own, and some of them (0x9B, the second byte of
    /// U+00DB) for controls.
    /// </summary>
    public static string Clean(string value, bool utf8 = true)
    {
        StringBuilder? clean = null;
        var position = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            var unsafeRune = Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029 || (rune.IsBmp && ReorderingMarks.Contains((char)rune.Value, StringComparison.Ordinal))
                || (rune == Rune.ReplacementChar && value[position] != '\uFFFD');
            var replaced = unsafeRune || (!utf8 && !rune.IsAscii);
            if (replaced && clean is null)
            {
                clean = new StringBuilder(value, 0, position, value.Length);
            }

            if (clean is not null)
            {
                clean.Append(!replaced ? rune.ToString() : utf8 ? "\uFFFD" : "?");
            }

            position += rune.Utf16SequenceLength;
        }

        return clean?.ToString() ?? value;
    }

    /// <summary>
    /// Whether the locale's character set is UTF-8, by the POSIX rule: the first non-empty of LC_ALL, LC_CTYPE and LANG
    /// decides ("en_US.UTF-8", "C.utf8"); with none set the locale is POSIX, which is ASCII.
    /// </summary>
    public static bool LocaleIsUtf8(Func<string, string?> environment)
    {
        var locale = LocaleVariables.Select(environment).FirstOrDefault(value => !string.IsNullOrEmpty(value));
        return locale is not null
            && (locale.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || locale.Contains("utf8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The columns a terminal gives the text: two for wide characters (CJK, most emoji), none for accents. A joined
    /// emoji sequence (👨‍👩‍👧) counts as its widest part (a joiner after a space, a letter or nothing joins nothing), an
    /// emoji asked for in colour (❤️, with U+FE0F) as two (U+FE0F after a letter or a space, or with nothing before it,
    /// as none), and a skin tone as none after an emoji (👍🏽 is two) and as two anywhere else, as current terminals
    /// draw them.
    /// </summary>
    public static int Width(string value)
    {
        var width = 0;
        for (var index = 0; index < value.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(value, index);
            width += ElementWidth(value.AsSpan(index, length));
            index += length;
        }

        return width;
    }

    private static int ElementWidth(ReadOnlySpan<char> element)
    {
        int sum = 0, widest = 0;
        var joined = false;
        var previous = 0;
        Rune.DecodeFromUtf16(element, out var first, out _);
        foreach (var rune in element.EnumerateRunes())
        {
            if (rune.Value == 0xFE0F && CanBeEmoji(first))
            {
                return 2;
            }

            joined |= rune.Value == 0x200D;

            // A skin tone (U+1F3FB to U+1F3FF) changes the emoji before it, in its columns; anywhere else terminals draw
            // it as a wide swatch, as the C library's wcwidth counts it, where the width table used here counts none.
            var width = rune.Value is >= 0x1F3FB and <= 0x1F3FF ? (previous == 2 ? 0 : 2) : Math.Max(0, UnicodeCalculator.GetWidth(rune));
            previous = width;
            sum += width;
            widest = Math.Max(widest, width);
        }

        // Joined parts share the columns of the emoji they join to; a joiner after a space, a letter or nothing joins
        // nothing, and what follows it takes columns of its own.
        return joined && UnicodeCalculator.GetWidth(first) == 2 ? widest : sum;
    }

    /// <summary>
    /// Whether U+FE0F after <paramref name="start"/>, the first character of its element, asks for an emoji: not after a
    /// letter, a space or a character of no columns (an accent, U+FE0F itself at the start of a value), where terminals
    /// give it none; the digits, '#' and '*' of keycaps (1️⃣) and the symbols can be emoji.
    /// </summary>
    private static bool CanBeEmoji(Rune start) =>
        !Rune.IsLetter(start) && !Rune.IsWhiteSpace(start) && UnicodeCalculator.GetWidth(start) > 0;
}
