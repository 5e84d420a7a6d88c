namespace DdmGen.Generator.Reading;

/// <summary>RFC 6901 JSON pointers, the way diagnostics name a place inside a spec.</summary>
internal static class SpecPointer
{
    public const string Root = "";

    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0").Replace("/", "~1");

    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One token as written in a pointer, with "~1" read as '/' and "~0" as '~'.</summary>
    public static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

    /// <summary>The pointer as written in messages: '#' plus the pointer, or '#/' for the root.</summary>
    public static string Display(string pointer) => pointer.Length == 0 ? "#/" : "#" + pointer;
}

/// <summary>
/// A JSON pointer built one token at a time as a walk descends the tree, and written out as text only when a
/// diagnostic needs it: a walk over every node of a large spec then builds no text for the nodes that are fine.
/// </summary>
internal sealed class SpecPath
{
    public static readonly SpecPath Root = new(null, null, 0);

    private readonly SpecPath? _parent;
    private readonly int _index;
    private string? _text;

    private SpecPath(SpecPath? parent, string? key, int index)
    {
        _parent = parent;
        Key = key;
        _index = index;
        if (parent is null)
        {
            _text = SpecPointer.Root;
        }
    }

    /// <summary>The last token when it is a key; null for the root and for a list index.</summary>
    public string? Key { get; }

    public SpecPath? Parent => _parent;

    public SpecPath Append(string key) => new(this, key, 0);

    public SpecPath Append(int index) => new(this, null, index);

    /// <summary>True when this is <c>/{first}/{second}</c>.</summary>
    public bool Is(string first, string second) =>
        Key == second && _parent is { } parent && parent.Key == first && parent._parent is { _parent: null };

    /// <summary>True when this is <c>/{first}</c>.</summary>
    public bool Is(string first) => Key == first && _parent is { _parent: null };

    /// <summary>The pointer as text, as <see cref="SpecPointer.Append(string, string)"/> writes it.</summary>
    /// <remarks>
    /// Written in one buffer from the text of the nearest node above that has one: a walk asks for the pointers of
    /// single nodes far down the tree (the references), and the nodes between get no text of their own.
    /// </remarks>
    public override string ToString()
    {
        if (_text is { } text)
        {
            return text;
        }

        var length = 0;
        var known = this;
        for (; known._text is null; known = known._parent!)
        {
            length += 1 + known.TokenLength();
        }

        var start = known._text.Length;
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(start + length);
        try
        {
            known._text.CopyTo(0, buffer, 0, start);
            var end = start + length;
            for (var node = this; node != known; node = node._parent!)
            {
                end = node.WriteTokenBefore(buffer, end);
            }

            return _text = new string(buffer, 0, start + length);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The length of this node's token escaped: '~' as "~0" and '/' as "~1".</summary>
    private int TokenLength()
    {
        if (Key is null)
        {
            var digits = 1;
            for (var rest = _index / 10; rest > 0; rest /= 10)
            {
                digits++;
            }

            return digits;
        }

        var length = Key.Length;
        foreach (var c in Key)
        {
            if (c is '~' or '/')
            {
                length++;
            }
        }

        return length;
    }

    /// <summary>Writes '/' and this node's escaped token so that they end at <paramref name="end"/>; returns where they start.</summary>
    private int WriteTokenBefore(char[] buffer, int end)
    {
        if (Key is null)
        {
            var rest = _index;
            do
            {
                buffer[--end] = (char)('0' + (rest % 10));
                rest /= 10;
            }
            while (rest > 0);
        }
        else
        {
            for (var i = Key.Length - 1; i >= 0; i--)
            {
                var c = Key[i];
                if (c is '~' or '/')
                {
                    buffer[--end] = c == '~' ? '0' : '1';
                    c = '~';
                }

                buffer[--end] = c;
            }
        }

        buffer[--end] = '/';
        return end;
    }
}
