using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Ddm.Cli.Commands;

/// <summary>Rows shown as a table on a terminal, or as plain aligned columns when the output is redirected.</summary>
internal sealed class TextTable
{
    private readonly CliConsole _console;
    private readonly string[] _columns;
    private readonly List<string[]> _rows = new();

    public TextTable(CliConsole console, string[] columns)
    {
        _console = console;
        _columns = columns;
    }

    public int Count => _rows.Count;

    public static string Local(DateTimeOffset value) => value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write()
    {
        if (_console.Interactive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in _columns)
            {
                table.AddColumn(Markup.Escape(column));
            }

            foreach (var row in _rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            _console.Rich.Write(table);
            return;
        }

        var widths = _columns.Select((column, index) => Math.Max(column.Length, _rows.Count == 0 ? 0 : _rows.Max(row => row[index].Length))).ToArray();
        _console.Output.WriteLine(Line(_columns, widths));
        foreach (var row in _rows)
        {
            _console.Output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, index) => index == cells.Length - 1 ? cell : cell.PadRight(widths[index]))).TrimEnd();
}
