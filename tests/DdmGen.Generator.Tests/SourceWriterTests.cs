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
}
