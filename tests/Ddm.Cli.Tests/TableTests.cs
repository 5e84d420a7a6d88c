using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ddm.Cli.Output;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>Tables on a terminal fit its width; redirected, they are plain and complete.</summary>
public sealed class TableTests : IAsyncLifetime
{
    private DdmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = 300 });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private Dictionary<string, string?> Cloud() => new()
    {
        ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
        ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
        ["OS_AUTH_TOKEN"] = _emulator.Options.Token,
    };

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(60)]
    public async Task Every_line_of_a_listing_fits_the_terminal(int width)
    {
        var (exitCode, output, _) = await Harness.Run(Cloud(), new[] { "backups", "list", "--all" }, terminal: true, width: width);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(264, lines.Length);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, width));
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task At_80_columns_the_key_columns_show_and_the_rest_give_way_at_120_they_appear()
    {
        var (_, narrow, _) = await Harness.Run(Cloud(), new[] { "backups", "list" }, terminal: true, width: 80);
        var (_, wide, _) = await Harness.Run(Cloud(), new[] { "backups", "list" }, terminal: true, width: 120);

        var narrowHeader = narrow.Split('\n')[0];
        var wideHeader = wide.Split('\n')[0];
        foreach (var column in new[] { "ID", "STATUS", "SIZE (KB)", "CREATED (UTC)" })
        {
            Assert.Contains(column, narrowHeader, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("INSTANCE", narrowHeader, StringComparison.Ordinal);
        Assert.Contains("INSTANCE", wideHeader, StringComparison.Ordinal);
        Assert.Contains("TYPE", wideHeader, StringComparison.Ordinal);
        Assert.DoesNotContain("UPDATED", wideHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sizes_are_right_aligned_and_dates_have_one_compact_form()
    {
        var (_, output, _) = await Harness.Run(Cloud(), new[] { "backups", "list", "--limit", "20" }, terminal: true, width: 80);

        var lines = output.TrimEnd('\n').Split('\n');
        var sizeStart = lines[0].IndexOf("SIZE (KB)", StringComparison.Ordinal);
        var sizeEnd = sizeStart + "SIZE (KB)".Length;
        foreach (var row in lines.Skip(1))
        {
            // file_size is optional: a backup without one has an empty cell.
            Assert.True(char.IsDigit(row[sizeEnd - 1]) || string.IsNullOrWhiteSpace(row[sizeStart..sizeEnd]), $"the size does not end under its header: '{row}'");
            Assert.Equal(' ', row[sizeEnd]);
            Assert.Matches(@"  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", row);
        }

        Assert.True(lines.Skip(1).Count(row => char.IsDigit(row[sizeEnd - 1])) > lines.Length / 2);
    }

    [Fact]
    public async Task Text_longer_than_its_column_usually_needs_takes_the_room_a_wide_terminal_has_left()
    {
        // Regression: at 200 columns every column had its usual width and 59 columns were left unused, yet an instance
        // name of 40 characters was cut to "production-order-databa…".
        const string Name = "production-order-database-eu-de-primary1";
        const string Page = """
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","instance_name":"NAME","instance_status":"RUNNING","backup_type":"metadata","file_size":1.5,"created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":1}
            """;
        using var server = LoopbackServer.Answering(Page.Replace("NAME", Name, StringComparison.Ordinal));

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "list" }, terminal: true, width: 200);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Contains("  " + Name + "  ", lines[1], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, 200));
        Assert.Equal(lines[0].IndexOf("SIZE (KB)", StringComparison.Ordinal) + "SIZE (KB)".Length, lines[1].IndexOf("1.50", StringComparison.Ordinal) + 4);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    public async Task A_very_wide_terminal_keeps_the_columns_of_a_row_together(int width)
    {
        // Regression: all the room a wide terminal had left went to the id and instance columns, so at 1000 columns an
        // id of 36 characters was followed by about 450 spaces before its status, and the eye lost the row.
        var (exitCode, output, _) = await Harness.Run(Cloud(), new[] { "backups", "list", "--limit", "3" }, terminal: true, width: width);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        // The id and instance columns are 64 wide, the others as usual.
        Assert.Equal(64 + 2, lines[0].IndexOf("STATUS", StringComparison.Ordinal));
        Assert.Equal(64 + 2 + 10 + 2 + 13 + 2 + 64 + 2, lines[0].IndexOf("INSTANCE STATUS", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.InRange(line.Length, 1, 64 + 2 + 10 + 2 + 13 + 2 + 64 + 2 + 17 + 2 + 10 + 2 + 19));
    }

    [Fact]
    public async Task A_terminal_narrower_than_40_columns_gets_the_table_of_40_columns()
    {
        var (_, narrow, _) = await Harness.Run(Cloud(), new[] { "backups", "list" }, terminal: true, width: 30);
        var (_, forty, _) = await Harness.Run(Cloud(), new[] { "backups", "list" }, terminal: true, width: 40);

        Assert.Equal(forty, narrow);
        Assert.Contains(narrow.Split('\n'), line => line.Length > 30);
    }

    [Fact]
    public async Task Wide_shows_every_column_in_full_whatever_the_width()
    {
        var (_, output, _) = await Harness.Run(Cloud(), new[] { "backups", "list", "--wide", "--limit", "3" }, terminal: true, width: 80);
        var (_, redirected, _) = await Harness.Run(Cloud(), new[] { "backups", "list", "--limit", "3" });

        var header = output.Split('\n')[0];
        foreach (var column in new[] { "ID", "NAME", "STATUS", "TYPE", "INSTANCE", "INSTANCE ID", "INSTANCE STATUS", "SIZE (KB)", "CREATED (UTC)", "UPDATED (UTC)" })
        {
            Assert.Contains(column, header, StringComparison.Ordinal);
        }

        Assert.Equal(output, redirected);
        Assert.DoesNotContain('\u2026', output);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_documented_status_and_type_shows_in_full_in_its_column(bool terminal)
    {
        // Regression: the instance status column was 15 wide, and the reference's SET_CONFIGURATION (17) and
        // MIGRATE_DATABASE (16) were cut on a terminal ("SET_CONFIGURAT…") and pushed the rest of their rows right when
        // redirected.
        string[] instanceStatuses =
        {
            "CREATING", "CREATEFAILED", "RUNNING", "ERROR", "RESTARTING", "RESIZING", "GROWING", "REDUCING", "RESTORE", "BACKUP",
            "MODIFY_NAME", "RESET_PASSWORD", "MIGRATE_DATABASE", "SET_CONFIGURATION", "CREATE_GROUP", "DELETE_GROUP", "SWITCH_SSL",
        };
        string[] statuses = { "creating", "normal", "deleted", "createfail" };
        string[] types = { "auto_metadata", "metadata" };
        var backups = instanceStatuses.Select((instanceStatus, index) =>
            $$"""{"id":"b{{index}}","status":"{{statuses[index % statuses.Length]}}","instance_id":"i1","instance_status":"{{instanceStatus}}","backup_type":"{{types[index % types.Length]}}","file_size":1.5,"created":"2025-02-19T02:50:20+0000"}""");
        using var server = LoopbackServer.Answering($$"""{"backups":[{{string.Join(',', backups)}}],"offset":0,"limit":128,"total":{{instanceStatuses.Length}}}""");

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "list", "--limit", "128" }, terminal: terminal, width: 300);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.DoesNotContain('\u2026', output);
        var created = lines[0].IndexOf("CREATED (UTC)", StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.Equal(created, line.IndexOf("2025-02-19 02:50:20", StringComparison.Ordinal)));
        Assert.All(instanceStatuses, instanceStatus => Assert.Contains("  " + instanceStatus + "  ", output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_size_wider_than_its_column_on_a_terminal_loses_decimals_not_digits()
    {
        // Regression: a size of 1234567890.5 KB was cut to "123456789…", which reads as a tenth of it.
        const string Page = """
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","file_size":1234567890.5,"created":"2025-02-19T02:50:20+0000"},{"id":"b2","status":"normal","instance_id":"i1","file_size":12345678.25,"created":"2025-02-19T02:50:20+0000"},{"id":"b3","status":"normal","instance_id":"i1","file_size":5.419922,"created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":3}
            """;
        using var server = LoopbackServer.Answering(Page);

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "list" }, terminal: true, width: 80);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        var sizeEnd = lines[0].IndexOf("SIZE (KB)", StringComparison.Ordinal) + "SIZE (KB)".Length;
        Assert.Equal(" 1234567891", lines[1][(sizeEnd - 11)..sizeEnd]);
        Assert.Equal("12345678.3", lines[2][(sizeEnd - 10)..sizeEnd]);
        Assert.Equal("      5.42", lines[3][(sizeEnd - 10)..sizeEnd]);
        Assert.DoesNotContain('\u2026', output);
    }

    [Fact]
    public async Task A_size_whose_whole_part_is_wider_than_its_column_keeps_every_digit()
    {
        // Regression: a size of 12345678901234.5 KB, or one too large for a decimal (1e30), was cut at its end to
        // "123456789…", which reads as a number a hundred thousand times smaller.
        const string Page = """
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","file_size":12345678901234.5,"created":"2025-02-19T02:50:20+0000"},{"id":"b2","status":"normal","instance_id":"i1","file_size":1e30,"created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":2}
            """;
        using var server = LoopbackServer.Answering(Page);

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "list" }, terminal: true, width: 80);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Contains("  12345678901235  2025-02-19 02:50:20", lines[1], StringComparison.Ordinal);
        Assert.Contains("  1000000000000000000000000000000  2025-02-19 02:50:20", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain('\u2026', output);
    }

    [Fact]
    public async Task Restore_windows_fit_80_columns()
    {
        var (exitCode, output, _) = await Harness.Run(Cloud(), new[] { "backups", "restore-window", "--instance-id", _emulator.InstanceIds[0] }, terminal: true, width: 80);

        Assert.Equal(0, exitCode);
        Assert.All(output.TrimEnd('\n').Split('\n'), line => Assert.InRange(line.Length, 1, 80));
    }

    [Theory]
    [InlineData(0, 0, "0h 00m")]
    [InlineData(23, 47, "23h 47m")]
    [InlineData(0, -30, "-0h 30m")]
    [InlineData(-1, 0, "-1h 00m")]
    [InlineData(-25, -5, "-25h 05m")]
    public void A_length_is_hours_and_minutes_with_one_sign_for_a_window_that_ends_before_it_starts(int hours, int minutes, string expected)
    {
        // Regression: an end 30 minutes before the start showed as "0h -30m", the sign on the minutes alone.
        Assert.Equal(expected, Dates.Length(new TimeSpan(hours, minutes, 0)));
    }

    [Fact]
    public async Task A_restore_window_that_ends_before_it_starts_shows_a_negative_length()
    {
        // Regression: the service's window from 02:50:20 to 02:20:20 showed a length of "0h -30m".
        const string Page = """
            {"restorable_time_intervals":[{"start_time":"2025-02-19T02:50:20+0000","end_time":"2025-02-19T02:20:20+0000"},{"start_time":"2025-02-19T02:50:20+0000","end_time":"2025-02-19T01:50:20+0000"},{"start_time":"2025-04-19T02:50:20+0000","end_time":"2025-02-19T02:20:20+0000"}],"offset":0,"limit":10,"total":3}
            """;
        using var server = LoopbackServer.Answering(Page);

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "restore-window", "--instance-id", "i1" }, terminal: true, width: 80);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.EndsWith("  -0h 30m", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("  -1h 00m", lines[2], StringComparison.Ordinal);
        // The column has room for the sign of a length of a thousand hours or more, which was cut ("-1416h 3…").
        Assert.EndsWith("  -1416h 30m", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_window_length_wider_than_its_column_keeps_every_character()
    {
        // Regression: a length of ten thousand hours or more that ends before it starts ("-12000h 00m"), or a window from
        // year 1 to 9999, was cut at its end on a terminal ("-12000h 0…", "87649415h…"), which reads as another length.
        const string Page = """
            {"restorable_time_intervals":[{"start_time":"2026-07-04T02:50:20+0000","end_time":"2025-02-19T02:50:20+0000"},{"start_time":"0001-01-01T00:00:00Z","end_time":"9999-12-31T23:59:59Z"}],"offset":0,"limit":10,"total":2}
            """;
        using var server = LoopbackServer.Answering(Page);

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "restore-window", "--instance-id", "i1" }, terminal: true, width: 80);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("2025-02-19 02:50:20  -12000h 00m", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("9999-12-31 23:59:59  87649415h 59m", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain('\u2026', output);
    }

    [Theory]
    [InlineData("2025-05-20T09:40:40.500+0000", "2025-05-21T09:27:40.200+0000", "2025-05-20 09:40:41", "2025-05-21 09:27:40", "23h 46m")]
    [InlineData("2025-05-20T09:40:40.001+0000", "2025-05-21T09:40:40.999+0000", "2025-05-20 09:40:41", "2025-05-21 09:40:40", "23h 59m")]
    [InlineData("2025-05-20T10:40:40.250+0100", "2025-05-20T09:50:40.000Z", "2025-05-20 09:40:41", "2025-05-20 09:50:40", "0h 09m")]
    [InlineData("2025-05-20T09:40:40+0000", "2025-05-21T09:27:40+0000", "2025-05-20 09:40:40", "2025-05-21 09:27:40", "23h 47m")]
    [InlineData("2025-05-20T09:40:40.200+0000", "2025-05-20T09:40:40.800+0000", "2025-05-20 09:40:40", "2025-05-20 09:40:40", "0h 00m")]
    public async Task A_restore_window_is_shown_from_its_first_whole_second_to_its_last_with_the_length_between_them(string start, string end, string shownStart, string shownEnd, string length)
    {
        // Regression: the times are "accurate to milliseconds", and a start of 09:40:40.500 was shown cut to 09:40:40, half a
        // second before the range begins: a restore to the time shown was refused. The start shown is now the first whole
        // second in the range, the end the last one, and the length is that between the two. A range within one second holds
        // no whole second: it is shown in that second, 0h 00m long, not as a range that ends before it starts.
        var page = "{\"restorable_time_intervals\":[{\"start_time\":\"" + start + "\",\"end_time\":\"" + end + "\"}],\"offset\":0,\"limit\":10,\"total\":1}";
        using var server = LoopbackServer.Answering(page);

        foreach (var terminal in new[] { true, false })
        {
            var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "restore-window", "--instance-id", "i1" }, terminal: terminal, width: 80);

            Assert.Equal(0, exitCode);
            var row = output.TrimEnd('\n').Split('\n')[1];
            Assert.StartsWith(shownStart + "  " + shownEnd + "  ", row, StringComparison.Ordinal);
            Assert.EndsWith("  " + length, row, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("c131f9339a4b4a1e8b3f5cdebe350228br09", 15, true, "c131f93\u2026228br09")]
    [InlineData("c131f9339a4b4a1e8b3f5cdebe350228br09", 10, false, "c131f9339\u2026")]
    [InlineData("short", 10, true, "short")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀", 7, true, "😀…😀😀")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀", 8, false, "😀😀😀…")]
    [InlineData("实例实例实例实例", 7, false, "实例实…")]
    [InlineData("e\u0301e\u0301e\u0301e\u0301e\u0301", 3, false, "e\u0301e\u0301…")]
    public void Long_values_are_shortened_in_the_middle_or_at_the_end(string value, int width, bool inMiddle, string expected)
    {
        var shortened = TableWriter.Shorten(value, width, inMiddle);

        Assert.Equal(expected, shortened);
        Assert.True(TerminalText.Width(shortened) <= width);
    }

    [Theory]
    [InlineData("c131f9339a4b4a1e8b3f5cdebe350228br09", 15, true, "c131f9...28br09")]
    [InlineData("c131f9339a4b4a1e8b3f5cdebe350228br09", 10, false, "c131f93...")]
    [InlineData("c131f9339a4b4a1e8b3f5cdebe350228br09", 2, false, "..")]
    public void Where_the_locale_is_not_utf8_values_are_shortened_with_three_dots(string value, int width, bool inMiddle, string expected) =>
        Assert.Equal(expected, TableWriter.Shorten(value, width, inMiddle, TableWriter.AsciiEllipsis));

    [Theory]
    [InlineData(null, null, "en_US.UTF-8", true)]
    [InlineData(null, "C.utf8", null, true)]
    [InlineData("de_DE.Utf-8", "C", "C", true)]
    [InlineData("POSIX", "C.UTF-8", "en_US.UTF-8", false)]
    [InlineData("", "C", "en_US.UTF-8", false)]
    [InlineData(null, null, "C", false)]
    [InlineData(null, null, "de_DE.ISO-8859-1", false)]
    [InlineData(null, null, null, false)]
    public void The_locale_is_utf8_when_the_first_of_lc_all_lc_ctype_and_lang_that_is_set_says_so(string? all, string? ctype, string? lang, bool utf8)
    {
        var environment = new Dictionary<string, string?> { ["LC_ALL"] = all, ["LC_CTYPE"] = ctype, ["LANG"] = lang };

        Assert.Equal(utf8, TerminalText.LocaleIsUtf8(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void Shortened_values_fit_their_width_and_keep_every_character_whole_whatever_the_text()
    {
        // Random text from the kinds of character that take 0, 1 or 2 columns or two UTF-16 units, at every width.
        string[] pieces = ["a", "Z", "7", "-", "é", "e\u0301", "实", "例", "😀", "\U0001F468\u200D\U0001F469", "\u2764\uFE0F", "𝄞", "\u200B"];
        var random = new Random(20261126);
        for (var round = 0; round < 20_000; round++)
        {
            var value = string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => pieces[random.Next(pieces.Length)]));
            var width = random.Next(1, 25);
            var inMiddle = random.Next(2) == 0;

            var shortened = TableWriter.Shorten(value, width, inMiddle);

            Assert.True(TerminalText.Width(shortened) <= width, $"'{value}' at {width}: '{shortened}' is wider");
            Assert.Equal(shortened, TerminalText.Clean(shortened));
            if (shortened != value)
            {
                // What is kept is the value's start and (in the middle) its end, around one ellipsis.
                var cut = shortened.IndexOf('\u2026', StringComparison.Ordinal);
                Assert.True(cut >= 0 && value.StartsWith(shortened[..cut], StringComparison.Ordinal) && value.EndsWith(shortened[(cut + 1)..], StringComparison.Ordinal), $"'{value}' at {width}: '{shortened}'");
                Assert.True(inMiddle || cut == shortened.Length - 1, $"'{value}' at {width}: '{shortened}' is not cut at the end");
            }
        }
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("实例", 4)]
    [InlineData("e\u0301", 1)]
    [InlineData("😀", 2)]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467", 2)]
    [InlineData("\u2764\uFE0F", 2)]
    [InlineData("\u2764", 1)]
    [InlineData("\U0001F44D\U0001F3FD", 2)]
    [InlineData("\U0001F1E9\U0001F1EA", 2)]
    [InlineData("\U0001F1E9\U0001F1EA\U0001F1EB\U0001F1F7", 4)]
    [InlineData("\U0001F3FD", 2)]
    [InlineData("a\U0001F3FD", 3)]
    [InlineData("\u1100\u1161\u11A8", 2)]
    [InlineData("1\uFE0F\u20E3", 2)]
    [InlineData("\uFE0F", 0)]
    [InlineData(" \uFE0F", 1)]
    [InlineData("a\uFE0F", 1)]
    [InlineData("\u0301\uFE0F", 0)]
    [InlineData("\u200D\U0001F3FD", 2)]
    [InlineData(" \u200D\U0001F3FD", 3)]
    [InlineData("a\u200D\u5B9E", 3)]
    public void Widths_are_the_columns_a_terminal_gives_each_character(string value, int columns) =>
        Assert.Equal(columns, TerminalText.Width(value));

    [Fact]
    public async Task A_value_that_begins_with_a_variation_selector_keeps_the_columns_after_it_in_place()
    {
        // Regression: U+FE0F with no emoji before it was counted as two columns, which terminals do not give it, so the
        // row was padded two columns short and the creation time stood left of its header.
        const string Page = """
            {"backups":[{"id":"b1","status":"normal","instance_id":"i1","instance_name":"\uFE0Fv","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":1}
            """;
        using var server = LoopbackServer.Answering(Page);

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), new[] { "backups", "list" }, terminal: true, width: 120);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(
            TerminalText.Width(lines[0][..lines[0].IndexOf("CREATED (UTC)", StringComparison.Ordinal)]),
            TerminalText.Width(lines[1][..lines[1].IndexOf("2025-02-19 02:50:20", StringComparison.Ordinal)]));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Values_from_the_service_cannot_drive_the_terminal_or_break_a_row(bool terminal, bool wide)
    {
        // Regression: escape sequences, bells and line breaks in a backup's values reached the terminal as they came,
        // and wide characters were counted as one column, so the columns after them slid right.
        const string Page = """
            {"backups":[{"id":"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀","name":"evil\u001b[31mRED\u001b]0;pwned\u0007\nnext\u202eline","status":"normal","instance_id":"i1","instance_name":"实例实例实例","instance_status":"RUNNING","file_size":1.5,"created":"2025-02-19T02:50:20+0000","backup_type":"auto_metadata"}],"offset":0,"limit":10,"total":1}
            """;
        using var server = LoopbackServer.Answering(Page);
        var args = wide ? new[] { "backups", "list", "--wide" } : new[] { "backups", "list" };

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), args, terminal: terminal, width: 120);

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain(output, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain('\u202e', output);
        if (terminal && !wide)
        {
            Assert.All(lines, line => Assert.InRange(TerminalText.Width(line), 1, 120));
            // Right-aligned sizes end at the same terminal column as their header.
            var header = lines[0];
            var sizeEnd = TerminalText.Width(header[..(header.IndexOf("SIZE (KB)", StringComparison.Ordinal) + "SIZE (KB)".Length)]);
            Assert.Equal(sizeEnd, TerminalText.Width(lines[1][..(lines[1].IndexOf("1.50", StringComparison.Ordinal) + 4)]));
        }
        else
        {
            Assert.Contains("evil\uFFFD[31mRED\uFFFD]0;pwned\uFFFD\uFFFDnext\uFFFDline", lines[1], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("json")]
    [InlineData("jsonl")]
    public async Task Where_the_locale_is_not_utf8_json_escapes_what_is_not_ascii_and_reads_back_the_same(string format)
    {
        // Regression: JSON went out as UTF-8 in any locale, so the name "\u00db2J" still cleared the screen of a terminal
        // whose locale is not UTF-8 (the second byte of U+00DB is the 8-bit CSI there), as the table no longer did.
        const string Page = """
            {"backups":[{"id":"b1","name":"\u00db2J \ud83d\ude00 \u5b9e\u4f8b","description":"x\u007fy","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":1}
            """;
        using var server = LoopbackServer.Answering(Page);
        var args = new[] { "backups", "list", "--output", format };

        var (exitCode, ascii, _) = await Harness.Run(server.Cloud(), args, terminal: true, utf8: false);
        var (_, utf8, _) = await Harness.Run(server.Cloud(), args, terminal: true);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(ascii, c => c > '\u007e' || (char.IsControl(c) && c != '\n'));
        Assert.Contains("\\u00DB2J \\uD83D\\uDE00 \\u5B9E\\u4F8B", ascii, StringComparison.Ordinal);
        Assert.Contains("+0000", ascii, StringComparison.Ordinal);
        Assert.Equal(Names(utf8), Names(ascii));
        Assert.Equal("\u00db2J \U0001F600 \u5b9e\u4f8b", Names(ascii)[0]);

        static string[] Names(string output) =>
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim().TrimEnd(','))
                .Where(line => line.StartsWith('{'))
                .SelectMany(line => System.Text.Json.JsonDocument.Parse(line).RootElement is var root && root.TryGetProperty("backups", out var backups) ? backups.EnumerateArray().ToArray() : new[] { root })
                .Select(item => item.GetProperty("name").GetString()!)
                .ToArray();
    }

    [Theory]
    [InlineData("json", false)]
    [InlineData("json", true)]
    [InlineData("jsonl", false)]
    [InlineData("jsonl", true)]
    public async Task Json_writes_the_marks_that_reorder_text_as_escapes_and_reads_back_the_same(string format, bool all)
    {
        // Regression: in a UTF-8 locale JSON carried the service's bidi marks as they came, so a name with U+202E shown on
        // a terminal that lays out bidi text drew the rest of its line (the instance, the status) right to left, as the
        // table, which shows such marks as U+FFFD, no longer did.
        const string Name = "a\u202Eb\u202Ac\u202Bd\u202Ce\u202Df\u2066g\u2067h\u2068i\u2069j\u200Ek\u200Fl\u061Cm \u05D0 \u00e9";
        var page = """{"backups":[{"id":"b1","name":""" + System.Text.Json.JsonSerializer.Serialize(Name) + ""","status":"normal","instance_id":"i1","created":"2025-02-19T02:50:20+0000"}],"offset":0,"limit":10,"total":1}""";
        using var server = LoopbackServer.Answering(page);
        var args = all ? new[] { "backups", "list", "--all", "--output", format } : new[] { "backups", "list", "--output", format };

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), args, terminal: true);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(output, c => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));
        Assert.Contains("a\\u202Eb\\u202Ac\\u202Bd\\u202Ce\\u202Df\\u2066g\\u2067h\\u2068i\\u2069j\\u200Ek\\u200Fl\\u061Cm \u05D0 \u00e9", output, StringComparison.Ordinal);
        using var document = System.Text.Json.JsonDocument.Parse(output.Trim());
        var root = document.RootElement;
        var item = root.ValueKind == System.Text.Json.JsonValueKind.Array ? root[0] : root.TryGetProperty("backups", out var backups) ? backups[0] : root;
        Assert.Equal(Name, item.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Where_the_locale_is_not_utf8_values_are_written_in_ascii_with_their_columns_in_line(bool terminal, bool wide)
    {
        // Regression: outside a UTF-8 locale values went out as UTF-8 all the same, and the second byte of U+00DB (or of
        // U+009B, C2 9B) is the 8-bit CSI of such terminals: a name "\u00db2J" cleared the screen.
        const string Page = """
            {"backups":[{"id":"b\u00db2J\u009b31m","name":"\u00db2J\u00fcber\u2026","status":"normal","instance_id":"i1","instance_name":"\u5b9e\u4f8b\u5b9e\u4f8b","instance_status":"RUNNING","file_size":1.5,"created":"2025-02-19T02:50:20+0000","backup_type":"auto_metadata"}],"offset":0,"limit":10,"total":1}
            """;
        using var server = LoopbackServer.Answering(Page);
        var args = wide ? new[] { "backups", "list", "--wide" } : new[] { "backups", "list" };

        var (exitCode, output, _) = await Harness.Run(server.Cloud(), args, terminal: terminal, width: 120, utf8: false);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(output, c => c > '\u007e' || (char.IsControl(c) && c != '\n'));
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("b?2J?31m ", lines[1], StringComparison.Ordinal);
        // Right-aligned sizes end at the same column as their header.
        var header = lines[0];
        Assert.Equal(header.IndexOf("SIZE (KB)", StringComparison.Ordinal) + "SIZE (KB)".Length, lines[1].IndexOf("1.50", StringComparison.Ordinal) + 4);
        if (!terminal || wide)
        {
            Assert.Contains("?2J?ber?", lines[1], StringComparison.Ordinal);
            Assert.Contains("????", lines[1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_narrow_terminal_shortens_ids_in_the_middle()
    {
        var (_, output, _) = await Harness.Run(Cloud(), new[] { "backups", "list", "--limit", "3" }, terminal: true, width: 40);

        var row = output.Split('\n')[1];
        Assert.Contains('\u2026', row);
        Assert.EndsWith("br09", row.Split(' ')[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_message_from_the_service_cannot_drive_the_terminal_either()
    {
        using var server = LoopbackServer.Answering("""{"error_code":"DBS.280001","error_msg":"bad\u001b]0;pwned\u0007 \u001b[2Jrequest"}""", status: 400);

        var (exitCode, output, error) = await Harness.Run(server.Cloud(), new[] { "backups", "list" }, terminal: true);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("DBS.280001", error, StringComparison.Ordinal);
        // The client's message already has a space for each control character of the answer; ddm's line writer would
        // have replaced any left.
        Assert.Contains("bad ]0;pwned   [2Jrequest", error, StringComparison.Ordinal);
        Assert.DoesNotContain(error.TrimEnd('\n'), c => char.IsControl(c));
    }
}
