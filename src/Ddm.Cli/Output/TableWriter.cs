using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Ddm.Cli.Output;

/// <summary>A table column: its header, the width its values need, and how it gives way on a narrow terminal.</summary>
/// <param name="Header">The header text.</param>
/// <param name="Natural">The width that shows every usual value in full.</param>
/// <param name="Min">The narrowest the column may become; values are shortened to fit.</param>
/// <param name="Priority">Lower numbers are kept first when the terminal is narrow.</param>
/// <param name="RightAligned">Numbers: right-aligned, and on a terminal rounded to fewer decimals but never cut (a value wider than the column pushes the rest of its row right).</param>
/// <param name="Key">Kept at its natural width before lower-priority columns are added (ids).</param>
/// <param name="ShortenInMiddle">Ids keep their start and end ("c131f93…0228br09"); other text keeps its start.</param>
/// <param name="WideOnly">Shown only with <c>--wide</c> or when the output is redirected.</param>
/// <param name="Essential">Shown whenever the minimum widths of the essential columns fit; other columns only while key columns keep their natural width.</param>
internal sealed record Column(
    string Header,
    int Natural,
    int Min,
    int Priority,
    bool RightAligned = false,
    bool Key = false,
    bool ShortenInMiddle = false,
    bool WideOnly = false,
    bool Essential = false);

/// <summary>
/// Writes rows as they arrive, in columns fixed up front: fitted to the terminal's width (columns picked by
/// priority, room left over given to the columns of text, long values shortened, numbers rounded to fewer decimals
/// but never cut), or every column in full when the output is redirected or <c>--wide</c> is given
/// (a value wider than its column then pushes the rest of its row right: the rows stream, so later values cannot
/// widen columns already written). Widths are terminal columns, and values are cleaned of control characters.
/// </summary>
internal sealed class TableWriter
{
    /// <summary>Marks where a value was shortened.</summary>
    public const string Ellipsis = "\u2026";

    /// <summary>The mark for a terminal whose locale is not UTF-8, where the ellipsis would show as other characters.</summary>
    public const string AsciiEllipsis = "...";

    private const string Separator = "  ";

    /// <summary>
    /// The widest a column of text is made from the room a terminal has left: 64, room for the longest ids and instance
    /// names, so that the rest of a row stays near its start however wide the terminal.
    /// </summary>
    internal const int TextWidest = 64;

    private readonly CliConsole _console;
    private readonly int[] _shown;
    private readonly int[] _widths;
    private readonly IReadOnlyList<Column> _columns;
    private readonly bool _fitted;
    private readonly StringBuilder _line = new();

    public TableWriter(CliConsole console, IReadOnlyList<Column> columns, bool wide)
    {
        _console = console;
        _columns = columns;
        _fitted = console.OutputIsTerminal && !wide;
        (_shown, _widths) = _fitted ? Fit(columns, console.Width) : All(columns);
    }

    /// <summary>The headers of the columns shown, in order.</summary>
    public IEnumerable<string> Headers => _shown.Select(index => _columns[index].Header);

    /// <summary>Picks the columns that fit into <paramref name="width"/> and their widths.</summary>
    public static (int[] Shown, int[] Widths) Fit(IReadOnlyList<Column> columns, int width)
    {
        var byPriority = Enumerable.Range(0, columns.Count).Where(index => !columns[index].WideOnly).OrderBy(index => columns[index].Priority).ToList();
        var chosen = new List<int>();
        foreach (var index in byPriority)
        {
            var candidate = chosen.Append(index).ToList();
            // The first column always shows; essential ones if their minimum widths fit; the others only if key
            // columns keep their natural width and the rest their minimum.
            if (chosen.Count == 0 || Needed(columns, candidate, keyNatural: !columns[index].Essential) <= width)
            {
                chosen.Add(index);
            }
        }

        // A very narrow terminal: drop the least important columns until the minimum widths fit.
        while (chosen.Count > 1 && Needed(columns, chosen, keyNatural: false) > width)
        {
            chosen.RemoveAt(chosen.Count - 1);
        }

        var widths = new int[columns.Count];
        foreach (var index in chosen)
        {
            widths[index] = columns[index].Min;
        }

        var spare = width - Needed(columns, chosen, keyNatural: false);
        foreach (var index in chosen)
        {
            var grow = Math.Min(spare, Math.Max(0, columns[index].Natural - widths[index]));
            widths[index] += grow;
            spare -= grow;
        }

        // Room still left goes to the columns of text that can be longer than usual (those that shorten their values),
        // shared equally up to TextWidest each, so that such text is shortened only where the terminal has no room for
        // it, and a very wide terminal does not set the rest of a row hundreds of columns apart from its id. What a
        // column cannot take goes to the others.
        var shortening = chosen.Where(index => Shortens(columns[index])).OrderBy(index => Math.Max(0, TextWidest - widths[index])).ToList();
        for (var position = 0; position < shortening.Count; position++)
        {
            var share = Math.Min(spare / (shortening.Count - position), Math.Max(0, TextWidest - widths[shortening[position]]));
            widths[shortening[position]] += share;
            spare -= share;
        }

        var shown = chosen.OrderBy(index => index).ToArray();
        return (shown, shown.Select(index => Math.Max(1, widths[index])).ToArray());
    }

    public void WriteHeader() => Write(_columns.Select(column => column.Header).ToArray());

    /// <summary>Writes one row; <paramref name="cells"/> holds a value for every column, shown or not.</summary>
    public void Write(IReadOnlyList<string> cells)
    {
        _line.Clear();
        for (var position = 0; position < _shown.Length; position++)
        {
            var column = _columns[_shown[position]];
            var width = _widths[position];
            var value = TerminalText.Clean(cells[_shown[position]], _console.Utf8);
            if (_fitted && TerminalText.Width(value) > width)
            {
                // A number loses decimals or nothing: cut at its end ("-12000h 0…"), it would read as another number.
                value = column.RightAligned
                    ? Rounded(value, width) ?? value
                    : Shorten(value, width, column.ShortenInMiddle, _console.Ellipsis);
            }

            var last = position == _shown.Length - 1;
            if (position > 0)
            {
                _line.Append(Separator);
            }

            var padding = new string(' ', Math.Max(0, width - TerminalText.Width(value)));
            if (column.RightAligned)
            {
                _line.Append(padding).Append(value);
            }
            else
            {
                _line.Append(value).Append(last ? string.Empty : padding);
            }
        }

        _console.Output.WriteLine(_line.ToString().TrimEnd());
    }

    /// <summary>
    /// A decimal number (<c>1234567890.50</c>) with as many of its decimals as fit into <paramref name="width"/>, rounded
    /// (<c>1234567891</c>); when not even its whole part fits, that whole part, wider than the column (the rest of the row
    /// moves right, as it does for any value wider than its column). Null when <paramref name="value"/> is no such number
    /// (a length such as <c>-12000h 00m</c>), which the column then shows whole.
    /// A number cut at its end (<c>123456789…</c>) would read as a fraction of itself.
    /// </summary>
    private static string? Rounded(string value, int width)
    {
        var point = value.IndexOf('.', StringComparison.Ordinal);
        if (point < 0 || !double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            // Beyond a decimal's range (about 7.9e28) a size has no fraction worth rounding: its whole part as written.
            return value[..point];
        }

        var whole = string.Empty;
        for (var decimals = Math.Max(0, value.Length - point - 2); decimals >= 0; decimals--)
        {
            whole = Math.Round(number, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (whole.Length <= width)
            {
                return whole;
            }
        }

        return whole;
    }

    /// <summary>
    /// Shortens to <paramref name="width"/> terminal columns with <paramref name="ellipsis"/>, in the middle or at the end,
    /// cutting only between whole characters (a surrogate pair, a letter and its accents, an emoji sequence stay together).
    /// </summary>
    public static string Shorten(string value, int width, bool inMiddle, string ellipsis = Ellipsis)
    {
        if (TerminalText.Width(value) <= width)
        {
            return value;
        }

        var marked = width - TerminalText.Width(ellipsis);
        if (marked <= 0)
        {
            return ellipsis[..Math.Max(1, Math.Min(width, ellipsis.Length))];
        }

        var elements = Elements(value);
        var head = new StringBuilder();
        var budget = inMiddle ? (marked + 1) / 2 : marked;
        var used = 0;
        var first = 0;
        for (; first < elements.Count && used + TerminalText.Width(elements[first]) <= budget; first++)
        {
            used += TerminalText.Width(elements[first]);
            head.Append(elements[first]);
        }

        var tail = new List<string>();
        var room = marked - used;
        for (var index = elements.Count - 1; inMiddle && index >= first && TerminalText.Width(elements[index]) <= room; index--)
        {
            room -= TerminalText.Width(elements[index]);
            tail.Insert(0, elements[index]);
        }

        return head.Append(ellipsis).Append(string.Concat(tail)).ToString();
    }

    private static List<string> Elements(string value)
    {
        var elements = new List<string>();
        for (var index = 0; index < value.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(value, index);
            elements.Add(value.Substring(index, length));
            index += length;
        }

        return elements;
    }

    private static (int[] Shown, int[] Widths) All(IReadOnlyList<Column> columns)
    {
        var shown = Enumerable.Range(0, columns.Count).ToArray();
        return (shown, shown.Select(index => Math.Max(columns[index].Natural, columns[index].Header.Length)).ToArray());
    }

    /// <summary>Whether a column may shorten its values: text whose width varies (numbers are rounded, never shortened).</summary>
    private static bool Shortens(Column column) => !column.RightAligned && column.Min < column.Natural;

    private static int Needed(IReadOnlyList<Column> columns, List<int> chosen, bool keyNatural) =>
        chosen.Sum(index => keyNatural && columns[index].Key ? columns[index].Natural : columns[index].Min) + (Separator.Length * Math.Max(0, chosen.Count - 1));
}
