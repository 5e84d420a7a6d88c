using System.Globalization;
using System.Text;

namespace DdmGen.Fuzz;

/// <summary>Text helpers for reports.</summary>
public static class FuzzText
{
    /// <summary>Shortens <paramref name="text"/> and writes control characters and line terminators as escapes, for one-line reports.</summary>
    public static string Escape(string text, int max = 60)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > max ? text.Substring(0, max) + "..." : text)
        {
            if (c < 0x20 || c is >= '\u007f' and <= '\u00a0' || c is '\u2028' or '\u2029' || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
