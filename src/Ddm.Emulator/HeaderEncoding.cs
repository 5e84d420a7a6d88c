using System.Text;

namespace Ddm.Emulator;

/// <summary>
/// How the emulator reads the bytes of request header values: as UTF-8, and each byte that is no part of UTF-8 text
/// as the character of that byte's value (ISO-8859-1), so that <c>caf\xE9</c> reads <c>café</c>.
/// </summary>
/// <remarks>
/// HTTP allows any byte from 0x80 on in a field value (obs-text, RFC 9110, 5.5). The web server reads values as UTF-8
/// only, and refused a value that is not UTF-8 with a bare 400 of its own (no body, no <c>X-Request-Id</c>) before any
/// route saw the request, whatever the header. Values in UTF-8 read as before. A value with a NUL byte, which RFC 9110
/// (5.5) has a recipient reject, is still refused by the web server with its bare 400 before it is read (see
/// <c>RequestFormTests</c>).
/// </remarks>
internal static class HeaderEncoding
{
    public static readonly Encoding Utf8OrLatin1 = Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, new Latin1Fallback());

    /// <summary>Reads each byte that is not UTF-8 as the character of its value.</summary>
    private sealed class Latin1Fallback : DecoderFallback
    {
        // An invalid sequence is at most 4 bytes, each one character.
        public override int MaxCharCount => 4;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private byte[] _bytes = System.Array.Empty<byte>();
            private int _next;

            public override int Remaining => _bytes.Length - _next;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                _bytes = bytesUnknown;
                _next = 0;
                return true;
            }

            public override char GetNextChar() => _next < _bytes.Length ? (char)_bytes[_next++] : '\0';

            public override bool MovePrevious()
            {
                if (_next == 0)
                {
                    return false;
                }

                _next--;
                return true;
            }

            public override void Reset()
            {
                _bytes = System.Array.Empty<byte>();
                _next = 0;
            }
        }
    }
}
