using System.Globalization;
using System.Linq;
using System.Text;
using DdmGen.Generator.Emitting;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DdmGen.Generator.Tests;

/// <summary>
/// The writer hands over what it wrote as a <see cref="SourceText"/>: a small file as a string, a large one (past
/// the writer's chunk size, as a client of a thousand operations is) over the chunks it was written in. Both must
/// read back exactly the text written, also across the seams between chunks.
/// </summary>
public sealed class SourceWriterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(20_000)]
    public void The_text_handed_over_is_the_text_written(int lines)
    {
        var writer = new SourceWriter();
        var expected = new StringBuilder();
        for (var index = 0; index < lines; index++)
        {
            // Lines of varying length, so that lines and the indentation before them cross the seams at many offsets.
            var line = "// line " + index + new string('x', index % 97);
            if (index % 10 == 0)
            {
                using (writer.Block("namespace N" + index))
                {
                    writer.Line(line);
                }

                expected.Append("namespace N").Append(index).Append("\n{\n    ").Append(line).Append("\n}\n");
                continue;
            }

            writer.Line(line);
            // A closed block is followed by a blank line before the next line.
            expected.Append(index % 10 == 1 ? "\n" : string.Empty).Append(line).Append('\n');
        }

        var text = writer.Complete();
        var wanted = expected.ToString();

        Assert.Equal(Encoding.UTF8, text.Encoding);
        Assert.Equal(wanted.Length, text.Length);
        Assert.Equal(wanted, text.ToString());
        Assert.Equal(wanted.Count(c => c == '\n') + 1, text.Lines.Count);
        foreach (var position in new[] { 0, 1, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, (3 << 16) - 2, wanted.Length - 1 }.Where(position => position < wanted.Length))
        {
            Assert.Equal(wanted[position], text[position]);
            var start = System.Math.Max(0, position - 40);
            var length = System.Math.Min(80, wanted.Length - start);
            Assert.Equal(wanted.Substring(start, length), text.ToString(new TextSpan(start, length)));
            var copy = new char[length + 2];
            text.CopyTo(start, copy, 1, length);
            Assert.Equal(wanted.Substring(start, length), new string(copy, 1, length));
        }

        Assert.Equal(SourceText.From(wanted, Encoding.UTF8).GetChecksum().ToArray(), text.GetChecksum().ToArray());
    }

    /// <summary>
    /// An interpolated line is written from a pooled buffer, not a string: its parts must come out as string
    /// interpolation formats them (formats, alignment, null, a line longer than the first buffer), and a line break
    /// in a part is refused as it is in a string.
    /// </summary>
    [Fact]
    public void An_interpolated_line_is_written_as_its_string_would_be()
    {
        var number = 1234.5;
        string? none = null;
        var day = new System.DateTime(2025, 2, 19, 2, 50, 20, System.DateTimeKind.Utc);
        var kind = System.DayOfWeek.Friday;
        var longPart = new string('y', 700);

        var writer = new SourceWriter();
        writer.Line($"a {number} b {number:F3} c [{number,10}] d [{7,-4}] e {none}{kind} f {day:yyyy-MM-dd} g {'q'} h {true}");
        using (writer.Block($"class C{number:F0}"))
        {
            writer.Line($"// {longPart} {longPart.Length}");
        }

        writer.Lines($"x {number}\n  y {kind}   \nz");

        var expected = new SourceWriter();
        expected.Line(string.Format(CultureInfo.InvariantCulture, "a {0} b {0:F3} c [{0,10}] d [{1,-4}] e {2}{3} f {4:yyyy-MM-dd} g {5} h {6}", number, 7, none, kind, day, 'q', true));
        using (expected.Block("class C" + number.ToString("F0", CultureInfo.InvariantCulture)))
        {
            expected.Line("// " + longPart + " " + longPart.Length.ToString(CultureInfo.InvariantCulture));
        }

        expected.Lines("x " + number.ToString(CultureInfo.InvariantCulture) + "\n  y " + kind + "   \nz");
        Assert.Equal(expected.Complete().ToString(), writer.Complete().ToString());

        var breaking = "one\u2028two";
        Assert.Throws<System.InvalidOperationException>(() => new SourceWriter().Line($"// {breaking}"));
    }

    /// <summary>
    /// Generated code does not depend on the culture of the machine that builds it: numbers in interpolated lines come
    /// out as in the invariant culture under a comma-decimal culture and one whose minus sign is U+2212.
    /// </summary>
    [Theory]
    [InlineData("de-DE")]
    [InlineData("sv-SE")]
    public void Interpolated_numbers_do_not_follow_the_current_culture(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            var (fraction, negative) = (1234.5, -7);
            Assert.NotEqual(fraction.ToString(CultureInfo.InvariantCulture) + negative.ToString(CultureInfo.InvariantCulture), fraction.ToString(culture) + negative.ToString(culture));

            var writer = new SourceWriter();
            writer.Line($"x = {fraction} + {negative} + {fraction:F2} + {int.MinValue} + {0} + {int.MaxValue};");
            Assert.Equal("x = 1234.5 + -7 + 1234.50 + -2147483648 + 0 + 2147483647;\n", writer.Complete().ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
