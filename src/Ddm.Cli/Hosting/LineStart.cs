using System.Threading;

namespace Ddm.Cli.Hosting;

/// <summary>
/// Whether what was last written to a terminal (or another file that stdout and stderr share) ended its line, so that
/// a line written after it, such as "ddm: cancelled.", can start a line of its own. Line breaks and carriage returns
/// end a line; escape sequences (the indicator's cursor and clearing controls) leave it as it was; any other character
/// leaves the line open. A write still under way counts as leaving it open.
/// </summary>
internal sealed class LineStart
{
    private int _atStart = 1;

    /// <summary>Whether the last write ended its line (or nothing has been written).</summary>
    public bool AtStart => Volatile.Read(ref _atStart) == 1;

    /// <summary>Something outside this process's writes left the line open: the terminal's echo of Ctrl+C ("^C"), a prompt.</summary>
    public void Opened() => Volatile.Write(ref _atStart, 0);

    /// <summary>Something outside this process's writes ended the line: the terminal's echo of Enter.</summary>
    public void Ended() => Volatile.Write(ref _atStart, 1);

    /// <summary>
    /// Called before <paramref name="text"/> is written; returns where the line will be once it is, which
    /// <see cref="Wrote"/> then records. Until then, a text that moves the cursor at all counts as leaving the line open.
    /// </summary>
    public bool Writing(string text)
    {
        var after = After(text, AtStart, out var prints);
        if (prints)
        {
            Opened();
        }

        return after;
    }

    /// <summary>Records where <see cref="Writing"/> said the line would be.</summary>
    public void Wrote(bool atStart) => Volatile.Write(ref _atStart, atStart ? 1 : 0);

    /// <summary>Where the line is after <paramref name="text"/>, starting from <paramref name="atStart"/>; <paramref name="prints"/> tells whether it shows anything.</summary>
    internal static bool After(string text, bool atStart, out bool prints)
    {
        prints = false;
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            if (character is '\n' or '\r')
            {
                atStart = true;
            }
            else if (character == '\u001b')
            {
                // ESC [ parameters final-byte (a CSI sequence), or ESC and one more character.
                if (index + 1 < text.Length && text[index + 1] == '[')
                {
                    index += 2;
                    while (index < text.Length && text[index] is < '@' or > '~')
                    {
                        index++;
                    }
                }
                else
                {
                    index++;
                }
            }
            else if (!char.IsControl(character))
            {
                atStart = false;
                prints = true;
            }
        }

        return atStart;
    }
}
