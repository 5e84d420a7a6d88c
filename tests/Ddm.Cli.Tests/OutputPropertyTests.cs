using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using CsCheck;
using Ddm.Cli.Output;

namespace Ddm.Cli.Tests;

/// <summary>
/// Any page of backups the service may send, with any text in its values (wide CJK, emoji and their joined sequences,
/// accents, right-to-left letters and the marks that reorder text, control characters, lone surrogates, long and empty
/// values), at any terminal width and in each output form: a table's lines fit the terminal (all but with
/// <c>--wide</c>) and keep each column under its header, no control character reaches the terminal, JSON and JSON Lines
/// read back as the values sent (a lone surrogate as U+FFFD, as the client reads it), and dates take the service's form
/// with the offset they came with.
/// </summary>
/// <remarks>The cases are drawn from one fixed seed, so every run checks the same ones; a failure names its case.</remarks>
public sealed class OutputPropertyTests
{
    private const uint Stream = 7;

    private const ulong Seed = 20_261_128;

    /// <summary>One piece of text of a kind that is hard to lay out or would drive a terminal.</summary>
    private static readonly Gen<string> Pieces = Gen.Frequency(
        (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (2, Gen.Char['\u4e00', '\u9fff'].Select(c => c.ToString())),
        (1, Gen.Char['\u0300', '\u036f'].Select(c => c.ToString())),
        (1, Gen.Char['\u05d0', '\u05ea'].Select(c => c.ToString())),
        (1, Gen.Char['\u0600', '\u06ff'].Select(c => c.ToString())),
        (2, Gen.Char['\0', '\u001f'].Select(c => c.ToString())),
        (1, Gen.Char['\u007f', '\u009f'].Select(c => c.ToString())),
        (2, Gen.Int[0x1F300, 0x1FAFF].Select(char.ConvertFromUtf32)),
        (2, Gen.OneOf(
            "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\u2764\uFE0F", "\U0001F44D\U0001F3FD", "\U0001F3FD", "\uFE0F", "\u200D",
            "\u202E", "\u202A", "\u2066", "\u200E", "\u200F", "\u061C", "\u2028", "\u2029", "\u001b[31m", "\r\n", "\uFFFD",
            "\U0001F1E9\U0001F1EA", "\u1100\u1161\u11A8", "\u0915\u094D\u0937", "\u200B", "\u00AD", "\uFEFF", "\u3000", "\uFF21")),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)),
        (1, Gen.Char[' ', '\uffff'].Where(c => !char.IsSurrogate(c)).Select(c => c.ToString())),
        (1, Gen.Char['\ud800', '\udfff'].Select(c => c.ToString())));

    /// <summary>Text of any length, from none to several hundred characters.</summary>
    private static readonly Gen<string> Texts = Gen.Frequency(
        (8, Pieces.Array[0, 12].Select(parts => string.Concat(parts))),
        (1, Gen.Select(Pieces.Array[1, 4], Gen.Int[20, 120]).Select((parts, times) => string.Concat(Enumerable.Repeat(string.Concat(parts), times)))));

    private static Gen<string> EnumText(params string[] listed) => Gen.Frequency((3, Gen.OneOf(listed)), (1, Texts));

    /// <summary>A date with a whole-minute offset within 14 hours, now and then with milliseconds, whose instant is within years 1 to 9999.</summary>
    private static readonly Gen<DateTimeOffset> Dates = Gen.Select(Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks], Gen.Int[-14 * 60, 14 * 60], Gen.Int[0, 3], Gen.Int[0, 999])
        .Select((ticks, minutes, kind, milliseconds) =>
        {
            var offset = TimeSpan.FromMinutes(minutes);
            var seconds = ticks - (ticks % TimeSpan.TicksPerSecond);
            var local = kind == 0 ? seconds + (milliseconds * TimeSpan.TicksPerMillisecond) : seconds;
            local = Math.Clamp(local, DateTime.MinValue.Ticks + Math.Max(0, offset.Ticks), (DateTime.MaxValue.Ticks - TimeSpan.TicksPerSecond) + Math.Min(0, offset.Ticks));
            return new DateTimeOffset(local - (local % TimeSpan.TicksPerMillisecond), offset);
        });

    private sealed record Backup(
        string Id, string? Name, string Status, string? Type, string InstanceId, string? InstanceName, string? InstanceStatus, double? Size, DateTimeOffset Created, DateTimeOffset? Updated);

    private static readonly Gen<Backup> Backups = Gen.Select(
        Gen.Select(Texts, Texts.Null(), EnumText("creating", "normal", "deleted", "createfail"), EnumText("auto_metadata", "metadata").Null()),
        Gen.Select(Texts, Texts.Null(), EnumText("RUNNING", "ERROR", "SET_CONFIGURATION").Null()),
        Gen.Select(Gen.Int[0, 99_999_999].Select(hundredths => hundredths / 100.0).Nullable(), Dates, Dates.Nullable()),
        (first, second, third) => new Backup(first.Item1, first.Item2, first.Item3, first.Item4, second.Item1, second.Item2, second.Item3, third.Item1, third.Item2, third.Item3));

    /// <summary>A page, the terminal's width, the form (0 table, 1 table with --wide, 2 json, 3 jsonl) and whether the locale is UTF-8.</summary>
    private static readonly Gen<(Backup[] Page, int Width, int Form, bool Utf8)> Cases =
        Gen.Select(Backups.Array[1, 4], Gen.Int[1, 400], Gen.Int[0, 3], Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false))));

    [Fact]
    public async Task Every_page_at_every_width_fits_drives_nothing_and_reads_back_as_sent()
    {
        await ForEachCase(
            Cases,
            async test =>
            {
                var (page, width, form, utf8) = test;
                using var server = LoopbackServer.Answering(Body(page));
                var args = new List<string> { "backups", "list" };
                args.AddRange(form switch
                {
                    1 => new[] { "--wide" },
                    2 => new[] { "--output", "json" },
                    3 => new[] { "--output", "jsonl" },
                    _ => Array.Empty<string>(),
                });
                var (exitCode, output, error) = await Harness.Run(server.Cloud(), args.ToArray(), terminal: true, width: width, utf8: utf8);

                Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
                AssertDrivesNothing(output, utf8);
                if (form <= 1)
                {
                    AssertTable(page, output, form == 1 ? null : Math.Max(40, width));
                }
                else
                {
                    var items = form == 2
                        ? JsonDocument.Parse(output).RootElement.GetProperty("backups").EnumerateArray().Select(item => item.Clone()).ToList()
                        : output.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
                    Assert.Equal(page.Length, items.Count);
                    for (var index = 0; index < page.Length; index++)
                    {
                        AssertSame(page[index], items[index]);
                    }
                }
            });
    }

    /// <summary>
    /// Runs <paramref name="assert"/> on the cases drawn from one fixed seed, so that every run checks the same ones; a
    /// failure names the case.
    /// </summary>
    private static async Task ForEachCase<T>(Gen<T> cases, Func<T, Task> assert, int count = 150)
    {
        var pcg = new PCG(Stream, Seed);
        for (var number = 0; number < count; number++)
        {
            var test = cases.Generate(pcg, null, out _);
            try
            {
                await assert(test);
            }
            catch (Exception failure) when (failure is not CaseException)
            {
                throw new CaseException($"case {number}: {Check.Print(test)}", failure);
            }
        }
    }

    private sealed class CaseException(string message, Exception inner) : Exception(message, inner);

    /// <summary>No control character but the line feed, no line or paragraph separator, no mark that reorders text, no lone surrogate; only ASCII where the locale is not UTF-8.</summary>
    private static void AssertDrivesNothing(string output, bool utf8)
    {
        for (var index = 0; index < output.Length; index++)
        {
            var c = output[index];
            Assert.False(char.IsControl(c) && c != '\n', $"U+{(int)c:X4} at {index}");
            Assert.False(c is '\u2028' or '\u2029' || TerminalText.ReorderingMarks.Contains(c, StringComparison.Ordinal), $"U+{(int)c:X4} at {index}");
            Assert.False(!utf8 && c > '~', $"U+{(int)c:X4} at {index} in an ASCII locale");
            if (char.IsHighSurrogate(c))
            {
                Assert.True(index + 1 < output.Length && char.IsLowSurrogate(output[index + 1]), $"lone U+{(int)c:X4} at {index}");
                index++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(c), $"lone U+{(int)c:X4} at {index}");
            }
        }
    }

    private static void AssertTable(Backup[] page, string output, int? width)
    {
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(page.Length + 1, lines.Length);
        if (width is { } columns)
        {
            Assert.All(lines, line => Assert.True(TerminalText.Width(line) <= columns, $"{TerminalText.Width(line)} columns of {columns}: {line}"));
        }

        // Each row's creation time stands under its header: on a terminal, at the same column in every row.
        var header = lines[0].IndexOf("CREATED (UTC)", StringComparison.Ordinal);
        for (var index = 0; index < page.Length && header >= 0; index++)
        {
            var created = lines[index + 1].LastIndexOf(Output.Dates.Compact(page[index].Created), StringComparison.Ordinal);
            Assert.True(created >= 0, $"no creation time in {lines[index + 1]}");
            if (width is not null)
            {
                Assert.Equal(TerminalText.Width(lines[0][..header]), TerminalText.Width(lines[index + 1][..created]));
            }
        }
    }

    private static void AssertSame(Backup backup, JsonElement item)
    {
        Assert.Equal(Sent(backup.Id), item.GetProperty("id").GetString());
        Assert.Equal(Sent(backup.Status), item.GetProperty("status").GetString());
        Assert.Equal(Sent(backup.InstanceId), item.GetProperty("instance_id").GetString());
        AssertOptional(backup.Name, item, "name");
        AssertOptional(backup.Type, item, "backup_type");
        AssertOptional(backup.InstanceName, item, "instance_name");
        AssertOptional(backup.InstanceStatus, item, "instance_status");
        if (backup.Size is { } size)
        {
            Assert.Equal(size, item.GetProperty("file_size").GetDouble());
        }
        else
        {
            Assert.False(item.TryGetProperty("file_size", out _));
        }

        AssertDate(backup.Created, item.GetProperty("created").GetString()!);
        if (backup.Updated is { } updated)
        {
            AssertDate(updated, item.GetProperty("updated").GetString()!);
        }
        else
        {
            Assert.False(item.TryGetProperty("updated", out _));
        }
    }

    private static void AssertOptional(string? expected, JsonElement item, string name)
    {
        if (expected is null)
        {
            Assert.False(item.TryGetProperty(name, out _), name);
        }
        else
        {
            Assert.Equal(Sent(expected), item.GetProperty(name).GetString());
        }
    }

    /// <summary>
    /// The text as the client reads it: a lone surrogate, which UTF-8 cannot hold, becomes U+FFFD; all else is kept.
    /// </summary>
    private static string Sent(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            text.Append(rune.ToString());
        }

        return text.ToString();
    }

    /// <summary>The service's form, <c>2025-02-19T02:50:20+0100</c>, with a fraction of a second where it came with one, and the same instant and offset.</summary>
    private static void AssertDate(DateTimeOffset expected, string written)
    {
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?[+-]\d{4}$"), written);
        Assert.Equal(expected.Ticks % TimeSpan.TicksPerSecond != 0, written.Contains('.', StringComparison.Ordinal));
        var read = DateTimeOffset.ParseExact(written.Insert(written.Length - 2, ":"), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        Assert.Equal(expected, read);
        Assert.Equal(expected.Offset, read.Offset);
    }

    private static string Body(Backup[] page)
    {
        var body = new StringBuilder("{\"backups\":[");
        foreach (var backup in page)
        {
            body.Append(backup == page[0] ? "{" : ",{");
            body.Append("\"id\":").Append(Quoted(backup.Id));
            Optional(body, "name", backup.Name);
            body.Append(",\"status\":").Append(Quoted(backup.Status));
            Optional(body, "backup_type", backup.Type);
            body.Append(",\"instance_id\":").Append(Quoted(backup.InstanceId));
            Optional(body, "instance_name", backup.InstanceName);
            Optional(body, "instance_status", backup.InstanceStatus);
            if (backup.Size is { } size)
            {
                body.Append(",\"file_size\":").Append(size.ToString("R", CultureInfo.InvariantCulture));
            }

            body.Append(",\"created\":").Append(Quoted(Date(backup.Created)));
            Optional(body, "updated", backup.Updated is { } updated ? Date(updated) : null);
            body.Append('}');
        }

        return body.Append(CultureInfo.InvariantCulture, $"],\"offset\":0,\"limit\":10,\"total\":{page.Length}}}").ToString();
    }

    private static void Optional(StringBuilder body, string name, string? value)
    {
        if (value is not null)
        {
            body.Append(",\"").Append(name).Append("\":").Append(Quoted(value));
        }
    }

    /// <summary>The date as the reference writes it, <c>2025-02-19T02:50:20+0100</c>, with milliseconds where it has them.</summary>
    private static string Date(DateTimeOffset value) =>
        value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)
        + (value.Offset < TimeSpan.Zero ? "-" : "+") + value.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    /// <summary>A JSON string with every character outside printable ASCII escaped, so any text travels as it is.</summary>
    private static string Quoted(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('"').ToString();
    }
}
