using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    /// <summary>
    /// The System.Text.Json source generator cannot see types that another generator emits, so the metadata
    /// for the generated types is emitted here: one resolver that hands out the hand-rolled converters.
    /// </summary>
    private static GeneratedFile EmitResolver(ResolverUnit unit)
    {
        var context = unit.Context;
        var name = context.ResolverName;
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>
                /// Reflection-free System.Text.Json metadata for the types generated from {{SpecText.XmlLine(context.SpecFileName)}}.
                /// </summary>
                /// <remarks>
                /// Works when <c>JsonSerializerIsReflectionEnabledByDefault</c> is false and under NativeAOT, without trimming
                /// warnings: <c>JsonSerializer.Deserialize(json, {{name}}.TypeInfo&lt;T&gt;())</c>.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial class {name} : {Json}.Serialization.Metadata.IJsonTypeInfoResolver"))
            {
                writer.Lines($$"""
                    /// <summary>The shared resolver.</summary>
                    public static {{name}} Default { get; } = new {{name}}();

                    /// <summary>Read-only serializer options that use <see cref="Default"/>.</summary>
                    public static {{Json}}.JsonSerializerOptions Options { get; } = CreateOptions();

                    /// <summary>
                    /// The metadata of a generated type, for the <c>JsonSerializer</c> overloads that take it: unlike those
                    /// that take <see cref="Options"/>, they give no trimming or NativeAOT warning.
                    /// </summary>
                    /// <typeparam name="T">A model or enum generated from the spec.</typeparam>
                    /// <returns>The metadata, from <see cref="Options"/>.</returns>
                    /// <exception cref="global::System.NotSupportedException"><typeparamref name="T"/> is not generated from this spec.</exception>
                    public static {{Json}}.Serialization.Metadata.JsonTypeInfo<T> TypeInfo<T>() => ({{Json}}.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

                    /// <inheritdoc/>
                    public {{Json}}.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type, {{Json}}.JsonSerializerOptions options)
                    {
                    """);
                // One statement per type, each handing out the shared converter: flat however many types the spec
                // has (a single conditional expression nests once per type, and compilers give up on it: CS8078).
                // At most TypesPerLookup statements per method, the next group in a method of its own that the
                // previous one calls last: the compiler's flow analysis of one method of 3 000 such statements costs
                // it 2.5 times what 30 methods of 100 do.
                var lookups = unit.Objects.Select(type => $"if (type == typeof({context.Qualify(type)})) return Info(options, {ObjectConverter(context, type)}.Instance);")
                    .Concat(unit.Enums.Select(type => $"if (type == typeof({context.Qualify(type)})) return Info(options, {EnumConverter(context, type)}.Instance);"))
                    .ToList();
                var groups = (lookups.Count + TypesPerLookup - 1) / TypesPerLookup;
                for (var group = 0; group < System.Math.Max(groups, 1); group++)
                {
                    if (group > 0)
                    {
                        writer.Line();
                        writer.Line($"private static {Json}.Serialization.Metadata.JsonTypeInfo? GetTypeInfo{group}(global::System.Type type, {Json}.JsonSerializerOptions options)");
                        writer.Line("{");
                    }

                    foreach (var lookup in lookups.Skip(group * TypesPerLookup).Take(TypesPerLookup))
                    {
                        writer.Line("    " + lookup);
                    }

                    writer.Line(group + 1 < groups ? $"    return GetTypeInfo{group + 1}(type, options);" : "    return null;");
                    writer.Line("}");
                }

                writer.Lines($$"""

                    private static {{Json}}.Serialization.Metadata.JsonTypeInfo Info<T>({{Json}}.JsonSerializerOptions options, {{Json}}.Serialization.JsonConverter<T> converter) =>
                        {{Metadata}}.CreateValueInfo<T>(options, converter);

                    private static {{Json}}.JsonSerializerOptions CreateOptions()
                    {
                        var options = new {{Json}}.JsonSerializerOptions { TypeInfoResolver = Default };
                        options.MakeReadOnly();
                        return options;
                    }

                    /// <summary>
                    /// The converter that each generated model and open enum names in its <c>[JsonConverter]</c> attribute,
                    /// for metadata other than this resolver's: a <c>JsonSerializerContext</c> of the caller's own that holds
                    /// a generated type (as a NativeAOT application has it), or reflection. It hands out the converter of
                    /// <see cref="Options"/>, without reflection; for the base of the models, one that writes a model as the
                    /// model it is.
                    /// </summary>
                    public sealed class Converter : {{Json}}.Serialization.JsonConverterFactory
                    {
                        /// <summary>Whether the type is a model or open enum generated from the spec, or the base of the models.</summary>
                        /// <param name="typeToConvert">The type.</param>
                        /// <returns>Whether it is one.</returns>
                        public override bool CanConvert(global::System.Type typeToConvert) =>
                            typeToConvert == typeof({{context.Qualify(context.ModelBaseName)}}) || Options.TryGetTypeInfo(typeToConvert, out _);

                        /// <summary>The converter of a model or open enum generated from the spec.</summary>
                        /// <param name="typeToConvert">The type, one for which <see cref="CanConvert"/> is true.</param>
                        /// <param name="options">The options of the caller, which do not change the converter.</param>
                        /// <returns>The converter.</returns>
                        /// <exception cref="global::System.NotSupportedException">The type is not generated from the spec.</exception>
                        public override {{Json}}.Serialization.JsonConverter CreateConverter(global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            typeToConvert == typeof({{context.Qualify(context.ModelBaseName)}}) ? {{context.Qualify(context.JsonHelpersName)}}.AnyModelConverter.Instance : Options.GetTypeInfo(typeToConvert).Converter;
                    }
                    """);
            }
        }, unit.NamesDeprecatedTypes ? "#pragma warning disable CS0612, CS0618 // Deprecated models are read and written like the others." : null);
    }

    /// <summary>The most types one method of the type-info resolver looks up; see <see cref="EmitResolver"/>.</summary>
    private const int TypesPerLookup = 100;

    private static GeneratedFile EmitDateTimeConverter(GenerationContext context)
    {
        var name = context.DateTimeConverterName;
        var helpers = context.Qualify(context.JsonHelpersName);
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>
                /// Reads and writes the date-times of the API: <c>2025-02-19T02:50:20+0000</c>.
                /// </summary>
                /// <remarks>
                /// Reads offsets with or without a colon (<c>+0100</c>, <c>+01:00</c>, <c>+01</c>), <c>Z</c>, and fractions of a
                /// second (beyond the 100 ns a <see cref="global::System.DateTimeOffset"/> holds, cut off); also RFC 3339's
                /// lower-case <c>t</c> and <c>z</c>, and no offset at all, read as UTC as the API documents its times. Writes <c>yyyy-MM-ddTHH:mm:ss</c> and the offset as <c>+hhmm</c>; a fraction of a second is written only
                /// when the value has one, so nothing is lost.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public sealed class {name} : {Json}.Serialization.JsonConverter<global::System.DateTimeOffset>"))
            {
                writer.Lines($$"""
                    private static readonly string[] Formats =
                    {
                        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
                        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
                        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz",
                        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
                    };

                    /// <summary>The shared instance; the converter holds no state.</summary>
                    public static {{name}} Instance { get; } = new {{name}}();

                    /// <summary>Parses a date-time in any of the forms the API uses.</summary>
                    /// <param name="text">The text to parse.</param>
                    /// <param name="value">The parsed value, with the offset the text gives.</param>
                    /// <returns>Whether the text is a date-time.</returns>
                    public static bool TryParse(string? text, out global::System.DateTimeOffset value)
                    {
                        value = default;
                        return text is not null && !Strays(text)
                            && (global::System.DateTimeOffset.TryParseExact(text, Formats, {{Invariant}}, global::System.Globalization.DateTimeStyles.AssumeUniversal, out value)
                                || global::System.DateTimeOffset.TryParseExact(Lenient(text), Formats, {{Invariant}}, global::System.Globalization.DateTimeStyles.AssumeUniversal, out value));
                    }

                    /// <summary>
                    /// Whether the text holds what the full parser takes and no form of the API has: an offset whose hour is
                    /// one digit (<c>+1:00</c>, which <c>zzz</c> reads as <c>+01:00</c>), or a point after the seconds
                    /// without a digit after it (<c>20.+0000</c>, which <c>.FFFFFFF</c> reads as no fraction).
                    /// </summary>
                    private static bool Strays(string text)
                    {
                        // The date's own signs are at 4 and 7; an offset's sign stands after the seconds.
                        var sign = global::System.Math.Max(text.LastIndexOf('+'), text.LastIndexOf('-'));
                        return (sign > 18 && !(sign + 2 < text.Length && text[sign + 1] is >= '0' and <= '9' && text[sign + 2] is >= '0' and <= '9'))
                            || (text.Length > 19 && text[19] == '.' && !(text.Length > 20 && text[20] is >= '0' and <= '9'));
                    }

                    /// <summary>The text with RFC 3339's lower-case <c>t</c> and <c>z</c> upper-cased, and a fraction cut to seven digits.</summary>
                    private static string Lenient(string text)
                    {
                        text = text.ToUpperInvariant();
                        var dot = text.IndexOf('.');
                        var end = dot + 1;
                        while (dot >= 0 && end < text.Length && text[end] is >= '0' and <= '9')
                        {
                            end++;
                        }

                        return dot >= 0 && end - dot > 8 ? text.Remove(dot + 8, end - dot - 8) : text;
                    }

                    /// <summary>Formats a date-time the way the API writes it, for example <c>2025-02-19T02:50:20+0000</c>.</summary>
                    /// <param name="value">The value to format; its offset is kept.</param>
                    /// <returns>The text.</returns>
                    public static string Format(global::System.DateTimeOffset value)
                    {
                        global::System.Span<byte> buffer = stackalloc byte[MaxFormattedLength];
                        return global::System.Text.Encoding.UTF8.GetString(buffer.Slice(0, FormatUtf8(value, buffer)));
                    }

                    /// <inheritdoc/>
                    public override global::System.DateTimeOffset Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                        ReadDateTime(ref reader);

                    /// <summary>Reads the date-time string the reader stands on, without a converter call; JSON null gives null.</summary>
                    /// <param name="reader">The reader, on the value.</param>
                    /// <returns>The value, or null.</returns>
                    internal static global::System.DateTimeOffset? ReadNullable(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.TokenType == {{Json}}.JsonTokenType.Null ? null : ReadDateTime(ref reader);

                    private static global::System.DateTimeOffset ReadDateTime(ref {{Json}}.Utf8JsonReader reader)
                    {
                        if (reader.TokenType != {{Json}}.JsonTokenType.String)
                        {
                            throw {{helpers}}.Unexpected(reader.TokenType, "a date-time string");
                        }

                        if (TryParseUtf8({{helpers}}.Utf8(ref reader), out var value))
                        {
                            return value;
                        }

                        // Not one of the common forms: the full parser decides, and names the text if it fails.
                        var text = {{helpers}}.GetText(ref reader);
                        if (!TryParse(text, out value))
                        {
                            // The form may be right and its time in UTC beyond the years a DateTimeOffset holds: the message says both.
                            throw new {{Json}}.JsonException("'" + {{helpers}}.Shorten(text!) + "' is not a date-time such as 2025-02-19T02:50:20+0000 from the year 1 to 9999 in UTC.");
                        }

                        return value;
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, global::System.DateTimeOffset value, {{Json}}.JsonSerializerOptions options)
                    {
                        global::System.Span<byte> buffer = stackalloc byte[MaxFormattedLength];
                        writer.WriteStringValue(buffer.Slice(0, FormatUtf8(value, buffer)));
                    }

                    private const int MaxFormattedLength = 40;

                    private static int FormatUtf8(global::System.DateTimeOffset value, global::System.Span<byte> buffer)
                    {
                        value.TryFormat(buffer, out var length, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", {{Invariant}});
                        var offset = value.Offset;
                        buffer[length++] = offset < global::System.TimeSpan.Zero ? (byte)'-' : (byte)'+';
                        offset = offset.Duration();
                        buffer[length++] = (byte)('0' + (offset.Hours / 10));
                        buffer[length++] = (byte)('0' + (offset.Hours % 10));
                        buffer[length++] = (byte)('0' + (offset.Minutes / 10));
                        buffer[length++] = (byte)('0' + (offset.Minutes % 10));
                        return length;
                    }

                    /// <summary>
                    /// Parses <c>yyyy-MM-ddTHH:mm:ss</c>, up to seven digits of a fraction, and <c>Z</c>, <c>+hhmm</c> or
                    /// <c>+hh:mm</c> straight from UTF-8. Returns false for anything else, which <see cref="TryParse"/> then decides.
                    /// </summary>
                    private static bool TryParseUtf8(global::System.ReadOnlySpan<byte> text, out global::System.DateTimeOffset value)
                    {
                        value = default;
                        if (text.Length < 20 || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':')
                        {
                            return false;
                        }

                        var century = TwoDigits(text, 0);
                        var yearOfCentury = TwoDigits(text, 2);
                        var year = (century * 100) + yearOfCentury;
                        var month = TwoDigits(text, 5);
                        var day = TwoDigits(text, 8);
                        var hour = TwoDigits(text, 11);
                        var minute = TwoDigits(text, 14);
                        var second = TwoDigits(text, 17);
                        if (century < 0 || yearOfCentury < 0 || year < 2 || year > 9998 || month < 1 || month > 12 || day < 1 || (day > 28 && day > global::System.DateTime.DaysInMonth(year, month))
                            || unchecked((uint)hour > 23 || (uint)minute > 59 || (uint)second > 59))
                        {
                            return false;
                        }

                        var index = 19;
                        long fraction = 0;
                        if (text[index] == (byte)'.')
                        {
                            var start = ++index;
                            while (index < text.Length && index - start < 7 && unchecked((uint)(text[index] - '0')) <= 9)
                            {
                                fraction = (fraction * 10) + (text[index++] - '0');
                            }

                            if (index == start)
                            {
                                return false;
                            }

                            for (var digits = index - start; digits < 7; digits++)
                            {
                                fraction *= 10;
                            }
                        }

                        var rest = text.Length - index;
                        var offsetMinutes = 0;
                        if (rest != 1 || text[index] != (byte)'Z')
                        {
                            var offsetHours = rest == 5 || (rest == 6 && text[index + 3] == (byte)':') ? TwoDigits(text, index + 1) : -1;
                            offsetMinutes = TwoDigits(text, text.Length - 2);
                            if (offsetHours < 0 || (text[index] != (byte)'+' && text[index] != (byte)'-') || unchecked((uint)offsetMinutes) > 59 || (offsetHours * 60) + offsetMinutes > 14 * 60)
                            {
                                return false;
                            }

                            offsetMinutes = text[index] == (byte)'-' ? -((offsetHours * 60) + offsetMinutes) : (offsetHours * 60) + offsetMinutes;
                        }

                        var ticks = new global::System.DateTime(year, month, day).Ticks + (((hour * 3600L) + (minute * 60) + second) * global::System.TimeSpan.TicksPerSecond) + fraction;
                        value = new global::System.DateTimeOffset(ticks, new global::System.TimeSpan(offsetMinutes * global::System.TimeSpan.TicksPerMinute));
                        return true;
                    }

                    /// <summary>The number the two ASCII digits at <paramref name="index"/> give, or -1.</summary>
                    /// <remarks>
                    /// The unsigned casts (one test for both ends of the range) are unchecked: the code must also run in
                    /// projects that check arithmetic for overflow.
                    /// </remarks>
                    private static int TwoDigits(global::System.ReadOnlySpan<byte> text, int index)
                    {
                        var tens = unchecked((uint)(text[index] - '0'));
                        var ones = unchecked((uint)(text[index + 1] - '0'));
                        return tens > 9 || ones > 9 ? -1 : (int)((tens * 10) + ones);
                    }
                    """);
            }
        });
    }

    private static GeneratedFile EmitListConverter(GenerationContext context)
    {
        var name = context.ListConverterName;
        return File(context, name, writer =>
        {
            writer.Line("/// <summary>Reads and writes a JSON array with the converter of its items, without reflection.</summary>");
            writer.Line("/// <typeparam name=\"T\">The item type.</typeparam>");
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"internal sealed class {name}<T> : {Json}.Serialization.JsonConverter<global::System.Collections.Generic.IReadOnlyList<T>>"))
            {
                writer.Lines($$"""
                    private readonly {{Json}}.Serialization.JsonConverter<T> _itemConverter;

                    /// <summary>The shared converter over items that <typeparamref name="TItemConverter"/> reads and writes; neither holds state.</summary>
                    /// <typeparam name="TItemConverter">The converter type of the items.</typeparam>
                    internal static class Shared<TItemConverter>
                        where TItemConverter : {{Json}}.Serialization.JsonConverter<T>, new()
                    {
                        /// <summary>The instance.</summary>
                        internal static readonly {{name}}<T> Instance = new {{name}}<T>(new TItemConverter());
                    }

                    /// <summary>Creates a converter that reads and writes each item with <paramref name="itemConverter"/>.</summary>
                    /// <param name="itemConverter">The converter of the items.</param>
                    public {{name}}({{Json}}.Serialization.JsonConverter<T> itemConverter)
                    {
                        _itemConverter = itemConverter;
                    }

                    /// <inheritdoc/>
                    public override global::System.Collections.Generic.IReadOnlyList<T> Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options)
                    {
                        {{context.Qualify(context.JsonHelpersName)}}.Expect(reader.TokenType, {{Json}}.JsonTokenType.StartArray, "a JSON array");

                        // Items go into a pooled buffer, so only the final array of the exact length is allocated.
                        var buffer = global::System.Buffers.ArrayPool<T>.Shared.Rent(16);
                        var count = 0;
                        try
                        {
                            while ({{context.Qualify(context.JsonHelpersName)}}.Advance(ref reader) != {{Json}}.JsonTokenType.EndArray)
                            {
                                if (count == buffer.Length)
                                {
                                    var larger = global::System.Buffers.ArrayPool<T>.Shared.Rent(count * 2);
                                    global::System.Array.Copy(buffer, larger, count);
                                    Return(buffer);
                                    buffer = larger;
                                }

                                buffer[count++] = _itemConverter.Read(ref reader, typeof(T), options)!;
                            }

                            return new ReadList(count == 0 ? global::System.Array.Empty<T>() : new global::System.ReadOnlySpan<T>(buffer, 0, count).ToArray());
                        }
                        finally
                        {
                            Return(buffer);
                        }
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, global::System.Collections.Generic.IReadOnlyList<T> value, {{Json}}.JsonSerializerOptions options)
                    {
                        if (value is null)
                        {
                            // Null against the annotations (null!): JSON null, as a null text is written, and the reader names it.
                            writer.WriteNullValue();
                            return;
                        }

                        writer.WriteStartArray();
                        foreach (var item in value)
                        {
                            _itemConverter.Write(writer, item, options);
                        }

                        writer.WriteEndArray();
                    }

                    private static void Return(T[] buffer) =>
                        global::System.Buffers.ArrayPool<T>.Shared.Return(buffer, global::System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());

                    /// <summary>
                    /// The list a JSON array is read as: read-only, and equal to another list read from JSON whose items are
                    /// equal, in the same order, so that models holding lists compare by value, as records do. A list the
                    /// caller builds (an array, a <c>List&lt;T&gt;</c>) compares by reference, as .NET's lists do.
                    /// </summary>
                    private sealed class ReadList : global::System.Collections.ObjectModel.ReadOnlyCollection<T>
                    {
                        /// <summary>Wraps the items read.</summary>
                        /// <param name="items">The items, owned by the list from now on.</param>
                        internal ReadList(T[] items)
                            : base(items)
                        {
                        }

                        /// <inheritdoc/>
                        public override bool Equals(object? obj)
                        {
                            if (object.ReferenceEquals(this, obj))
                            {
                                return true;
                            }

                            if (obj is not ReadList other || other.Count != Count)
                            {
                                return false;
                            }

                            var comparer = global::System.Collections.Generic.EqualityComparer<T>.Default;
                            for (var index = 0; index < Count; index++)
                            {
                                if (!comparer.Equals(this[index], other[index]))
                                {
                                    return false;
                                }
                            }

                            return true;
                        }

                        /// <inheritdoc/>
                        public override int GetHashCode()
                        {
                            var hash = new global::System.HashCode();
                            for (var index = 0; index < Count; index++)
                            {
                                hash.Add(this[index]);
                            }

                            return hash.ToHashCode();
                        }

                        /// <summary>The name of <c>List&lt;T&gt;</c>, as a record prints a list the caller builds, rather than this type's own.</summary>
                        /// <returns>The text.</returns>
                        public override string ToString() => typeof(global::System.Collections.Generic.List<T>).ToString();
                    }
                    """);
            }
        });
    }

    private static GeneratedFile EmitMapConverter(GenerationContext context)
    {
        var name = context.MapConverterName;
        return File(context, name, writer =>
        {
            writer.Line("/// <summary>Reads and writes a JSON object of named values with the converter of its values, without reflection.</summary>");
            writer.Line("/// <typeparam name=\"T\">The value type.</typeparam>");
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"internal sealed class {name}<T> : {Json}.Serialization.JsonConverter<global::System.Collections.Generic.IReadOnlyDictionary<string, T>>"))
            {
                writer.Lines($$"""
                    private readonly {{Json}}.Serialization.JsonConverter<T> _valueConverter;

                    /// <summary>The shared converter over values that <typeparamref name="TItemConverter"/> reads and writes; neither holds state.</summary>
                    /// <typeparam name="TItemConverter">The converter type of the values.</typeparam>
                    internal static class Shared<TItemConverter>
                        where TItemConverter : {{Json}}.Serialization.JsonConverter<T>, new()
                    {
                        /// <summary>The instance.</summary>
                        internal static readonly {{name}}<T> Instance = new {{name}}<T>(new TItemConverter());
                    }

                    /// <summary>Creates a converter that reads and writes each value with <paramref name="valueConverter"/>.</summary>
                    /// <param name="valueConverter">The converter of the values.</param>
                    public {{name}}({{Json}}.Serialization.JsonConverter<T> valueConverter)
                    {
                        _valueConverter = valueConverter;
                    }

                    /// <inheritdoc/>
                    public override global::System.Collections.Generic.IReadOnlyDictionary<string, T> Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options)
                    {
                        {{context.Qualify(context.JsonHelpersName)}}.Expect(reader.TokenType, {{Json}}.JsonTokenType.StartObject, "a JSON object");

                        var values = new global::System.Collections.Generic.Dictionary<string, T>(global::System.StringComparer.Ordinal);
                        while ({{context.Qualify(context.JsonHelpersName)}}.Advance(ref reader) == {{Json}}.JsonTokenType.PropertyName)
                        {
                            var key = {{context.Qualify(context.JsonHelpersName)}}.GetText(ref reader);
                            {{context.Qualify(context.JsonHelpersName)}}.Advance(ref reader);
                            values[key] = _valueConverter.Read(ref reader, typeof(T), options)!;
                        }

                        return new ReadMap(values);
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, global::System.Collections.Generic.IReadOnlyDictionary<string, T> value, {{Json}}.JsonSerializerOptions options)
                    {
                        if (value is null)
                        {
                            // Null against the annotations (null!): JSON null, as a null text is written, and the reader names it.
                            writer.WriteNullValue();
                            return;
                        }

                        writer.WriteStartObject();
                        foreach (var entry in value)
                        {
                            writer.WritePropertyName({{context.Qualify(context.JsonHelpersName)}}.Text(entry.Key)!);
                            _valueConverter.Write(writer, entry.Value, options);
                        }

                        writer.WriteEndObject();
                    }

                    /// <summary>
                    /// The dictionary a JSON object of named values is read as: read-only, and equal to another one read
                    /// from JSON with the same names and equal values, so that models holding maps compare by value, as
                    /// records do. A dictionary the caller builds compares by reference, as .NET's dictionaries do.
                    /// </summary>
                    private sealed class ReadMap : global::System.Collections.ObjectModel.ReadOnlyDictionary<string, T>
                    {
                        /// <summary>Wraps the values read.</summary>
                        /// <param name="values">The values by name, owned by the dictionary from now on.</param>
                        internal ReadMap(global::System.Collections.Generic.Dictionary<string, T> values)
                            : base(values)
                        {
                        }

                        /// <inheritdoc/>
                        public override bool Equals(object? obj)
                        {
                            if (object.ReferenceEquals(this, obj))
                            {
                                return true;
                            }

                            if (obj is not ReadMap other || other.Count != Count)
                            {
                                return false;
                            }

                            var comparer = global::System.Collections.Generic.EqualityComparer<T>.Default;
                            foreach (var entry in Dictionary)
                            {
                                if (!other.Dictionary.TryGetValue(entry.Key, out var value) || !comparer.Equals(entry.Value, value))
                                {
                                    return false;
                                }
                            }

                            return true;
                        }

                        /// <inheritdoc/>
                        public override int GetHashCode()
                        {
                            // A sum of one hash per entry: the same in whatever order the entries were read.
                            var hash = Count;
                            foreach (var entry in Dictionary)
                            {
                                hash = unchecked(hash + global::System.HashCode.Combine(global::System.StringComparer.Ordinal.GetHashCode(entry.Key), entry.Value));
                            }

                            return hash;
                        }

                        /// <summary>The name of <c>Dictionary&lt;string, T&gt;</c>, as a record prints a dictionary the caller builds, rather than this type's own.</summary>
                        /// <returns>The text.</returns>
                        public override string ToString() => typeof(global::System.Collections.Generic.Dictionary<string, T>).ToString();
                    }
                    """);
            }
        });
    }

    /// <summary>
    /// The base record of every model: it holds the members an answer sent that the model does not list, so that
    /// reading and writing a model loses nothing, at no cost in any model's own code.
    /// </summary>
    private static GeneratedFile EmitModelBase(GenerationContext context)
    {
        var name = context.ModelBaseName;
        var helpers = context.Qualify(context.JsonHelpersName);
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>
                /// The base of every model generated from {{SpecText.XmlLine(context.SpecFileName)}}. A model read from JSON keeps the members
                /// the spec does not list, as they were sent, and writes them back after its own: what a newer service
                /// adds survives <c>JsonSerializer</c> and <c>ModelReaderWriter</c>.
                /// </summary>
                /// <remarks>
                /// A request body leaves them out, as System.ClientModel's wire format <c>W</c> does: the client sends the
                /// service only what the spec lists. A <c>with</c> copy keeps them. They take no part in equality: two
                /// models are equal when the members the spec lists are.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({context.Qualify(context.ResolverName)}.Converter))]");
            using (writer.Block($"public abstract partial record {name}"))
            {
                writer.Lines($$"""
                    /// <summary>The members read that the model does not list; null when there were none.</summary>
                    /// <remarks>A field whose name no member from a spec can take, so that no model's member hides it.</remarks>
                    internal {{helpers}}.UnlistedMembers? _unlisted;

                    /// <summary>Whether the other is a model of the same type; each model compares the members the spec lists.</summary>
                    /// <param name="other">The other model.</param>
                    /// <returns>Whether the two are of the same type.</returns>
                    public virtual bool Equals({{name}}? other) => other is not null && EqualityContract == other.EqualityContract;

                    /// <inheritdoc/>
                    public override int GetHashCode() => EqualityContract.GetHashCode();
                    """);
            }
        });
    }

    /// <summary>
    /// System.ClientModel's counterpart of the resolver: the models, and lists, arrays and maps of them, for the
    /// <c>ModelReaderWriter</c> overloads that take a context. It finds a model through the resolver and a collection
    /// through its item's converter, so it holds no list of its own.
    /// </summary>
    private static GeneratedFile EmitModelContext(GenerationContext context)
    {
        var name = context.ModelContextName;
        var resolver = context.Qualify(context.ResolverName);
        var helpers = context.Qualify(context.JsonHelpersName);
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>
                /// Reflection-free access for System.ClientModel to the models generated from {{SpecText.XmlLine(context.SpecFileName)}}.
                /// </summary>
                /// <remarks>
                /// For the <see cref="{{Primitives}}.ModelReaderWriter"/> overloads that take a context, which work under NativeAOT
                /// and give no trimming warning: <c>ModelReaderWriter.Read&lt;T&gt;(data, ModelReaderWriterOptions.Json, {{name}}.Default)</c>.
                /// It knows each model generated from the spec and, for each model <c>T</c>, <c>List&lt;T&gt;</c>, <c>IList&lt;T&gt;</c>,
                /// <c>IReadOnlyList&lt;T&gt;</c>, <c>T[]</c>, <c>Dictionary&lt;string, T&gt;</c>, <c>IDictionary&lt;string, T&gt;</c> and
                /// <c>IReadOnlyDictionary&lt;string, T&gt;</c> (an interface is read as the list or dictionary); a JSON null
                /// item is read as null, and of a repeated key the last value is kept. It does not know collections of
                /// collections, nor collections of anything but the models.
                /// </remarks>
                """);
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial class {name} : {Primitives}.ModelReaderWriterContext"))
            {
                writer.Lines($$"""
                    /// <summary>The shared context.</summary>
                    public static {{name}} Default { get; } = new {{name}}();

                    // Only the shared instance, as System.ClientModel's own generated contexts have.
                    private {{name}}()
                    {
                    }

                    /// <inheritdoc/>
                    protected override bool TryGetTypeBuilderCore(global::System.Type type, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out {{Primitives}}.ModelReaderWriterTypeBuilder? builder)
                    {
                        builder = FindModel(type)?.Builder;
                        if (builder is null && type.IsSZArray)
                        {
                            builder = FindModel(type.GetElementType()!)?.ArrayBuilder;
                        }
                        else if (builder is null && type.IsConstructedGenericType)
                        {
                            var definition = type.GetGenericTypeDefinition();
                            var arguments = type.GetGenericArguments();
                            if (definition == typeof(global::System.Collections.Generic.List<>) || definition == typeof(global::System.Collections.Generic.IList<>) || definition == typeof(global::System.Collections.Generic.IReadOnlyList<>))
                            {
                                builder = FindModel(arguments[0])?.ListBuilder;
                            }
                            else if (arguments[0] == typeof(string) && (definition == typeof(global::System.Collections.Generic.Dictionary<,>) || definition == typeof(global::System.Collections.Generic.IDictionary<,>) || definition == typeof(global::System.Collections.Generic.IReadOnlyDictionary<,>)))
                            {
                                builder = FindModel(arguments[1])?.DictionaryBuilder;
                            }
                        }

                        return builder is not null;
                    }

                    /// <summary>The converter of a generated model; null for any other type.</summary>
                    /// <param name="type">Any type, even one that System.Text.Json refuses to look up.</param>
                    /// <returns>The converter, or null.</returns>
                    /// <remarks>
                    /// Every model is a class, and only a closed class type that is neither a pointer nor a by-ref type is looked
                    /// up: for an open generic type, a ref struct, a pointer or <c>void</c> the lookup throws, where this
                    /// context is to say it does not know the type.
                    /// </remarks>
                    private static {{helpers}}.IModelConverter? FindModel(global::System.Type type) =>
                        type.IsClass && !type.IsPointer && !type.IsByRef && !type.ContainsGenericParameters
                        && {{resolver}}.Options.TryGetTypeInfo(type, out var info) ? info.Converter as {{helpers}}.IModelConverter : null;
                    """);
            }
        });
    }

    /// <summary>What every generated converter shares, so that no converter repeats it.</summary>
    private static GeneratedFile EmitJsonHelpers(GenerationContext context)
    {
        var name = context.JsonHelpersName;
        var resolver = context.Qualify(context.ResolverName);
        var modelContext = context.Qualify(context.ModelContextName);
        var modelBase = context.Qualify(context.ModelBaseName);
        return File(context, name, writer =>
        {
            writer.Line("/// <summary>What the generated models, open enums and JSON converters share, so that none of them repeats it.</summary>");
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"internal static class {name}"))
            {
                writer.Lines($$"""
                    /// <summary>
                    /// The UTF-8 text of the property name or string the reader stands on, unescaped. A slice of the input,
                    /// without copying, unless the text is escaped or split across buffers.
                    /// </summary>
                    /// <param name="reader">The reader, on a property name or a string.</param>
                    /// <returns>The text.</returns>
                    /// <remarks>
                    /// Text that is not escaped is its bytes as sent, whole or split: only escaped text is decoded, so that
                    /// where the buffers are cut does not decide whether bytes that are no UTF-8 are refused.
                    /// </remarks>
                    internal static global::System.ReadOnlySpan<byte> Utf8(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.ValueIsEscaped ? global::System.Text.Encoding.UTF8.GetBytes(GetText(ref reader))
                        : reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;

                    /// <summary>Throws unless the reader stands on the token a converter expects.</summary>
                    /// <param name="actual">The token the reader stands on.</param>
                    /// <param name="expected">The token the converter expects.</param>
                    /// <param name="what">What the converter expects, for the message: <c>a JSON object for X</c>.</param>
                    /// <exception cref="{{Json}}.JsonException">The tokens differ.</exception>
                    internal static void Expect({{Json}}.JsonTokenType actual, {{Json}}.JsonTokenType expected, string what)
                    {
                        if (actual != expected)
                        {
                            throw Unexpected(actual, what);
                        }
                    }

                    /// <summary>The exception for a token other than the one a converter expects.</summary>
                    /// <param name="actual">The token the reader stands on.</param>
                    /// <param name="what">What the converter expects, for the message: <c>a JSON object for X</c>.</param>
                    /// <returns>The exception to throw.</returns>
                    internal static {{Json}}.JsonException Unexpected({{Json}}.JsonTokenType actual, string what) =>
                        new {{Json}}.JsonException("Expected " + what + ", found " + actual + ".");

                    /// <summary>
                    /// Text read, for a message: whole up to 100 characters, else its first 100 and its length, so that a
                    /// huge value or name in an answer does not make a message (and every log line of it) as huge.
                    /// </summary>
                    /// <param name="text">The text.</param>
                    /// <returns>The text for the message.</returns>
                    internal static string Shorten(string text) =>
                        text.Length <= 100 ? text
                        : text.Substring(0, char.IsHighSurrogate(text[99]) ? 99 : 100) + "... (" + text.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " characters)";

                    /// <summary>Reads a JSON string as text; JSON null gives null.</summary>
                    /// <param name="reader">The reader, on the value.</param>
                    /// <returns>The text, or null.</returns>
                    /// <remarks>
                    /// Plain ASCII, by far the most common, is widened straight from the input in one pass: it is the same text
                    /// UTF-8 decoding gives. Anything else (escapes, other characters, a value split across buffers, a token that
                    /// is not a string) goes to the reader, which unescapes, checks the UTF-8 and throws as it always does, but
                    /// for an escaped lone surrogate (<see cref="GetText"/>).
                    /// </remarks>
                    internal static string? ReadString(ref {{Json}}.Utf8JsonReader reader)
                    {
                        if (reader.TokenType == {{Json}}.JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && global::System.Text.Ascii.IsValid(reader.ValueSpan))
                        {
                            return global::System.Text.Encoding.Latin1.GetString(reader.ValueSpan);
                        }

                        return reader.TokenType == {{Json}}.JsonTokenType.Null ? null : GetText(ref reader);
                    }

                    /// <summary>
                    /// The text of the string or property name the reader stands on, unescaped as the reader unescapes it, but
                    /// that an escape of half of a surrogate pair without the other half (<c>"a\ud800"</c>), which JSON's grammar
                    /// allows and no Unicode text holds, is read as U+FFFD, as UTF-8 writes such a half: the reader refuses it,
                    /// and one odd character would cost the whole answer it is in. Bytes that are no UTF-8, which no JSON text
                    /// holds, are refused as the reader refuses them.
                    /// </summary>
                    /// <param name="reader">The reader, on a string or a property name.</param>
                    /// <returns>The text.</returns>
                    /// <exception cref="global::System.InvalidOperationException">The token is no string, or its bytes are no UTF-8.</exception>
                    internal static string GetText(ref {{Json}}.Utf8JsonReader reader)
                    {
                        try
                        {
                            return reader.GetString()!;
                        }
                        catch (global::System.InvalidOperationException) when (reader.ValueIsEscaped)
                        {
                            var raw = reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
                            if (!global::System.Text.Unicode.Utf8.IsValid(raw))
                            {
                                throw;
                            }

                            return Unescape(raw);
                        }
                    }

                    /// <summary>
                    /// The text of a JSON string as written (valid UTF-8, its escapes checked by the reader), each half of a
                    /// surrogate pair without the other half made U+FFFD.
                    /// </summary>
                    private static string Unescape(global::System.ReadOnlySpan<byte> raw)
                    {
                        var written = global::System.Text.Encoding.UTF8.GetString(raw);
                        var text = new global::System.Text.StringBuilder(written.Length);
                        for (var index = 0; index < written.Length;)
                        {
                            text.Append(Unescaped(written, ref index));
                        }

                        for (var index = 0; index < text.Length; index++)
                        {
                            if (char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
                            {
                                index++;
                            }
                            else if (char.IsSurrogate(text[index]))
                            {
                                text[index] = '\uFFFD';
                            }
                        }

                        return text.ToString();
                    }

                    /// <summary>
                    /// The character at <paramref name="index"/> of JSON text as JSON reads it, an escape decoded (<c>\n</c>,
                    /// <c>\/</c>, <c>\u002B</c>, a half of a surrogate pair as that half); moves past it. Anything that is no
                    /// whole, valid escape (a backslash at the end, <c>\x</c>, <c>\u00</c>) is read as it is written, a
                    /// character at a time: the reading of an answer meets only escapes its reader has checked, the masking of
                    /// logged content also text that a size limit cut or that is no JSON.
                    /// </summary>
                    /// <param name="text">The text, as written.</param>
                    /// <param name="index">The index of the character; moved past it, or past its escape.</param>
                    /// <returns>The character.</returns>
                    internal static char Unescaped(string text, ref int index)
                    {
                        var character = text[index];
                        if (character == '\\' && index + 1 < text.Length)
                        {
                            var escaped = text[index + 1] switch
                            {
                                '"' => '"',
                                '\\' => '\\',
                                '/' => '/',
                                'b' => '\b',
                                'f' => '\f',
                                'n' => '\n',
                                'r' => '\r',
                                't' => '\t',
                                _ => '\0',
                            };
                            if (escaped != '\0')
                            {
                                index += 2;
                                return escaped;
                            }

                            if (text[index + 1] == 'u' && index + 5 < text.Length
                                && ushort.TryParse(global::System.MemoryExtensions.AsSpan(text, index + 2, 4), global::System.Globalization.NumberStyles.AllowHexSpecifier, global::System.Globalization.CultureInfo.InvariantCulture, out var code))
                            {
                                index += 6;
                                return (char)code;
                            }
                        }

                        index++;
                        return character;
                    }

                    /// <summary>Reads a JSON number as an <c>int</c>; JSON null gives null.</summary>
                    /// <param name="reader">The reader, on the value.</param>
                    /// <returns>The value, or null.</returns>
                    /// <remarks>
                    /// One call per member instead of the conditional expression inline: the compiler binds a call to a
                    /// method of its own name for a third of what the expression costs it.
                    /// </remarks>
                    internal static int? ReadInt32(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.TokenType == {{Json}}.JsonTokenType.Null ? null
                        : reader.TokenType == {{Json}}.JsonTokenType.Number ? (reader.TryGetInt32(out var value) ? value : throw NotWhole(ref reader, "an Int32: the member takes a whole number from -2147483648 to 2147483647, written without a fraction or an exponent"))
                        : reader.GetInt32();

                    /// <summary>Reads a JSON number as a <c>long</c>; JSON null gives null.</summary>
                    /// <inheritdoc cref="ReadInt32" path="/*[not(self::summary)]"/>
                    internal static long? ReadInt64(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.TokenType == {{Json}}.JsonTokenType.Null ? null
                        : reader.TokenType == {{Json}}.JsonTokenType.Number ? (reader.TryGetInt64(out var value) ? value : throw NotWhole(ref reader, "an Int64: the member takes a whole number from -9223372036854775808 to 9223372036854775807, written without a fraction or an exponent"))
                        : reader.GetInt64();

                    /// <summary>
                    /// The exception for a JSON number an integer member cannot hold, which names the number and what the
                    /// member takes, where the reader's names neither.
                    /// </summary>
                    /// <param name="reader">The reader, on the number.</param>
                    /// <param name="takes">What the member takes, for the message.</param>
                    /// <returns>The exception to throw.</returns>
                    private static {{Json}}.JsonException NotWhole(ref {{Json}}.Utf8JsonReader reader, string takes) =>
                        new {{Json}}.JsonException("The JSON number " + Shorten(global::System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan)) + " is not " + takes + ".");

                    /// <summary>Reads a JSON number as a <c>float</c>; JSON null gives null.</summary>
                    /// <inheritdoc cref="ReadInt32" path="/*[not(self::summary)]"/>
                    /// <exception cref="{{Json}}.JsonException">The number is beyond a <c>float</c> (<c>1e39</c>).</exception>
                    internal static float? ReadSingle(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.TokenType == {{Json}}.JsonTokenType.Null ? null : Finite(reader.GetSingle());

                    /// <summary>Reads a JSON <c>true</c> or <c>false</c>; JSON null gives null.</summary>
                    /// <inheritdoc cref="ReadInt32" path="/*[not(self::summary)]"/>
                    internal static bool? ReadBoolean(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.TokenType == {{Json}}.JsonTokenType.Null ? null : reader.GetBoolean();

                    /// <summary>Reads any JSON value as an element, for a member the spec gives no type; JSON null gives null, as for every other member.</summary>
                    /// <inheritdoc cref="ReadInt32" path="/*[not(self::summary)]"/>
                    internal static {{Json}}.JsonElement? ReadJsonElement(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.TokenType == {{Json}}.JsonTokenType.Null ? null : {{Json}}.JsonElement.ParseValue(ref reader);

                    /// <summary>Reads a JSON number as a double; JSON null gives null.</summary>
                    /// <param name="reader">The reader, on the value.</param>
                    /// <returns>The value, or null.</returns>
                    /// <remarks>
                    /// A plain decimal of up to 15 digits, such as <c>-190.5</c>, is the exact integer of its digits divided by
                    /// an exact power of ten: one division, rounded as the full parser rounds. Anything else (an exponent, more
                    /// digits, a number split across buffers, a token that is not a number) goes to the reader, which decides.
                    /// </remarks>
                    /// <exception cref="{{Json}}.JsonException">The number is beyond a double (<c>1e400</c>).</exception>
                    internal static double? ReadDouble(ref {{Json}}.Utf8JsonReader reader)
                    {
                        if (reader.TokenType == {{Json}}.JsonTokenType.Null)
                        {
                            return null;
                        }

                        return reader.TokenType == {{Json}}.JsonTokenType.Number && !reader.HasValueSequence && TryParseDecimal(reader.ValueSpan, out var value) ? value : Finite(reader.GetDouble());
                    }

                    /// <summary>
                    /// The number read, refused as a number beyond an <c>int</c> is when it is beyond a <c>float</c>
                    /// (<c>1e39</c>): the reader takes such a number for infinity, which no JSON writer writes back.
                    /// </summary>
                    /// <param name="value">The number the reader gave.</param>
                    /// <returns><paramref name="value"/>.</returns>
                    private static float Finite(float value) =>
                        float.IsFinite(value) ? value : throw new {{Json}}.JsonException("The JSON number is out of bounds for a Single.");

                    /// <summary>The number read, refused when it is beyond a double (<c>1e400</c>).</summary>
                    /// <inheritdoc cref="Finite(float)" path="/*[not(self::summary)]"/>
                    private static double Finite(double value) =>
                        double.IsFinite(value) ? value : throw new {{Json}}.JsonException("The JSON number is out of bounds for a Double.");

                    /// <summary>Parses an optional minus, digits and an optional fraction, at most 15 digits in all; false for anything else.</summary>
                    private static bool TryParseDecimal(global::System.ReadOnlySpan<byte> text, out double value)
                    {
                        var negative = !text.IsEmpty && text[0] == (byte)'-';
                        long digits = 0;
                        var count = 0;
                        var scale = -1;
                        for (var index = negative ? 1 : 0; index < text.Length; index++)
                        {
                            var digit = unchecked((uint)(text[index] - '0'));
                            if (digit <= 9 && count < 15)
                            {
                                digits = (digits * 10) + digit;
                                count++;
                                scale += scale >= 0 ? 1 : 0;
                            }
                            else if (text[index] != (byte)'.' || scale >= 0)
                            {
                                value = 0;
                                return false;
                            }
                            else
                            {
                                scale = 0;
                            }
                        }

                        value = scale > 0 ? digits / PowersOfTen[scale] : digits;
                        value = negative ? -value : value;
                        return count > 0;
                    }

                    // 10^0 to 10^15, each exact as a double.
                    private static readonly double[] PowersOfTen = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };

                    /// <summary>The exception for a required property that is absent, or null where null is not allowed.</summary>
                    /// <param name="property">The JSON name of the property.</param>
                    /// <param name="type">The name of the type being read.</param>
                    /// <param name="mayBeNull">Whether the property may be null, so that only its absence is an error.</param>
                    /// <returns>The exception to throw.</returns>
                    internal static {{Json}}.JsonException Missing(string property, string type, bool mayBeNull = false) =>
                        new {{Json}}.JsonException("The required property '" + property + "' of " + type + (mayBeNull ? " is missing." : " is missing or null."));

                    /// <summary>
                    /// Moves to the next property of the object the reader is in and onto its value. A model's reader calls
                    /// this in a loop and keeps what it does not list, so that newer servers keep working and lose nothing.
                    /// </summary>
                    /// <param name="reader">The reader, on the start of the object or on the last value read.</param>
                    /// <param name="name">The UTF-8 name of the property; see <see cref="Utf8"/>.</param>
                    /// <param name="sent">The name as sent, escapes included, for <see cref="Keep"/>; the same bytes as <paramref name="name"/> unless the name is escaped.</param>
                    /// <returns>Whether there is another property; false at the end of the object.</returns>
                    /// <exception cref="{{Json}}.JsonException">The reader holds only part of the object.</exception>
                    internal static bool NextProperty(ref {{Json}}.Utf8JsonReader reader, out global::System.ReadOnlySpan<byte> name, out global::System.ReadOnlySpan<byte> sent)
                    {
                        if (Advance(ref reader) == {{Json}}.JsonTokenType.PropertyName)
                        {
                            name = Utf8(ref reader);
                            sent = reader.ValueIsEscaped ? (reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan) : name;
                            Advance(ref reader);
                            return true;
                        }

                        name = sent = default;
                        return false;
                    }

                    /// <summary>Moves the reader to the next token inside a value, which must be there.</summary>
                    /// <param name="reader">The reader, inside an object or array.</param>
                    /// <returns>The token the reader stands on now.</returns>
                    /// <exception cref="{{Json}}.JsonException">The reader holds only part of the value.</exception>
                    /// <remarks>
                    /// A reader on its final block throws at the end of the input itself; one that awaits more (not on its
                    /// final block) returns false, which taken for the end of the object or array would give a model, list or
                    /// map of part of the JSON, or a name for the value after it.
                    /// </remarks>
                    internal static {{Json}}.JsonTokenType Advance(ref {{Json}}.Utf8JsonReader reader) =>
                        reader.Read() ? reader.TokenType : throw PartialValue();

                    /// <summary>The failure of <see cref="Advance"/>, made apart so that the hot method stays small enough to inline.</summary>
                    /// <returns>The exception to throw.</returns>
                    [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
                    private static {{Json}}.JsonException PartialValue() =>
                        new("The JSON ends inside a value: the reader holds only part of it; read a model from a reader that holds the whole value.");

                    /// <summary>Whether a UTF-8 name is the expected one, byte for byte.</summary>
                    /// <param name="name">The name read, from <see cref="NextProperty"/>.</param>
                    /// <param name="expected">The expected name, a <c>u8</c> literal.</param>
                    /// <returns>Whether the two are equal.</returns>
                    /// <remarks>
                    /// One non-generic method instead of <c>MemoryExtensions.SequenceEqual</c> at every use: the compiler
                    /// picks it without weighing SequenceEqual's generic overloads.
                    /// </remarks>
                    internal static bool Is(global::System.ReadOnlySpan<byte> name, global::System.ReadOnlySpan<byte> expected) =>
                        global::System.MemoryExtensions.SequenceEqual(name, expected);

                    /// <summary>
                    /// Keeps a member that the model being read does not list, with the JSON of its value as sent, and moves
                    /// the reader to the end of the value, as <c>Skip</c> does.
                    /// </summary>
                    /// <param name="reader">The reader, on the value.</param>
                    /// <param name="name">The name of the member as sent, escapes included, from <see cref="NextProperty"/>.</param>
                    /// <param name="unlisted">The members kept so far; made on the first.</param>
                    internal static void Keep(ref {{Json}}.Utf8JsonReader reader, scoped global::System.ReadOnlySpan<byte> name, ref UnlistedMembers? unlisted) =>
                        (unlisted ??= new UnlistedMembers()).Add(name, RawValue(ref reader));

                    /// <summary>
                    /// The JSON of the value the reader stands on, token by token as sent (escapes and number forms kept),
                    /// and the reader at its end.
                    /// </summary>
                    /// <param name="reader">The reader, on the value.</param>
                    /// <returns>The UTF-8 JSON, without white space.</returns>
                    /// <remarks>
                    /// The tokens are copied, not the text: comments and trailing commas that the options of the read allow
                    /// stay behind, so that the value is JSON any writer takes, and bytes that are no UTF-8 inside a string
                    /// are kept as they came rather than refused, as skipping the value would not refuse them either.
                    /// </remarks>
                    /// <exception cref="{{Json}}.JsonException">The input ends inside the value.</exception>
                    private static byte[] RawValue(ref {{Json}}.Utf8JsonReader reader)
                    {
                        if (reader.TokenType is not ({{Json}}.JsonTokenType.StartObject or {{Json}}.JsonTokenType.StartArray))
                        {
                            // A string, number, boolean or null is its one token: no buffer is grown for it.
                            var value = reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
                            if (reader.TokenType != {{Json}}.JsonTokenType.String)
                            {
                                return value;
                            }

                            // A string's token is its text between the quotes, escapes as sent.
                            var quotedValue = new byte[value.Length + 2];
                            quotedValue[0] = quotedValue[quotedValue.Length - 1] = (byte)'"';
                            value.CopyTo(quotedValue, 1);
                            return quotedValue;
                        }

                        var json = new global::System.Buffers.ArrayBufferWriter<byte>();
                        var depth = reader.CurrentDepth;
                        var comma = false;
                        while (true)
                        {
                            var token = reader.TokenType;
                            if (token is {{Json}}.JsonTokenType.EndObject or {{Json}}.JsonTokenType.EndArray)
                            {
                                Append(json, token == {{Json}}.JsonTokenType.EndObject ? (byte)'}' : (byte)']');
                                comma = true;
                            }
                            else if (token != {{Json}}.JsonTokenType.Comment)
                            {
                                if (comma)
                                {
                                    Append(json, (byte)',');
                                }

                                AppendToken(json, ref reader);
                                comma = token is not ({{Json}}.JsonTokenType.StartObject or {{Json}}.JsonTokenType.StartArray or {{Json}}.JsonTokenType.PropertyName);
                            }

                            if (reader.CurrentDepth == depth && token is not ({{Json}}.JsonTokenType.StartObject or {{Json}}.JsonTokenType.StartArray))
                            {
                                return json.WrittenSpan.ToArray();
                            }

                            if (!reader.Read())
                            {
                                throw new {{Json}}.JsonException("The JSON ends inside the value of a member.");
                            }
                        }
                    }

                    /// <summary>Appends the token the reader stands on, and a colon after a property name.</summary>
                    private static void AppendToken(global::System.Buffers.ArrayBufferWriter<byte> json, ref {{Json}}.Utf8JsonReader reader)
                    {
                        switch (reader.TokenType)
                        {
                            case {{Json}}.JsonTokenType.StartObject: Append(json, (byte)'{'); return;
                            case {{Json}}.JsonTokenType.StartArray: Append(json, (byte)'['); return;
                        }

                        // A string's or a name's token is its text between the quotes, escapes as sent.
                        var quoted = reader.TokenType is {{Json}}.JsonTokenType.String or {{Json}}.JsonTokenType.PropertyName;
                        if (quoted)
                        {
                            Append(json, (byte)'"');
                        }

                        if (reader.HasValueSequence)
                        {
                            foreach (var segment in reader.ValueSequence)
                            {
                                global::System.Buffers.BuffersExtensions.Write(json, segment.Span);
                            }
                        }
                        else
                        {
                            global::System.Buffers.BuffersExtensions.Write(json, reader.ValueSpan);
                        }

                        if (quoted)
                        {
                            Append(json, (byte)'"');
                        }

                        if (reader.TokenType == {{Json}}.JsonTokenType.PropertyName)
                        {
                            Append(json, (byte)':');
                        }
                    }

                    /// <summary>Appends one byte.</summary>
                    private static void Append(global::System.Buffers.ArrayBufferWriter<byte> json, byte value)
                    {
                        json.GetSpan(1)[0] = value;
                        json.Advance(1);
                    }

                    /// <summary>
                    /// The options a request body is written with, as are System.ClientModel's wire format <c>W</c> and the
                    /// items a pager compares by their JSON: those of <see cref="{{resolver}}.Options"/>, which a model tells
                    /// by their identity and writes without the members it keeps from an answer that the spec does not list.
                    /// </summary>
                    internal static {{Json}}.JsonSerializerOptions WireOptions { get; } = CreateWireOptions();

                    private static {{Json}}.JsonSerializerOptions CreateWireOptions()
                    {
                        var options = new {{Json}}.JsonSerializerOptions({{resolver}}.Options);
                        options.MakeReadOnly();
                        return options;
                    }

                    /// <summary>
                    /// The members of a JSON object that its model does not list, in the order they came, each as sent: its
                    /// name with the escapes it came with and the JSON of its value.
                    /// </summary>
                    internal sealed class UnlistedMembers
                    {
                        // Each member as sent, "name":value, and the length of its name between the quotes.
                        private readonly global::System.Collections.Generic.List<(byte[] Member, int NameLength)> _members = new global::System.Collections.Generic.List<(byte[] Member, int NameLength)>();

                        /// <summary>Adds a member.</summary>
                        /// <param name="name">Its name between the quotes, as sent.</param>
                        /// <param name="json">The UTF-8 JSON of its value.</param>
                        internal void Add(global::System.ReadOnlySpan<byte> name, byte[] json)
                        {
                            var member = new byte[name.Length + json.Length + 3];
                            member[0] = member[name.Length + 1] = (byte)'"';
                            name.CopyTo(global::System.MemoryExtensions.AsSpan(member, 1));
                            member[name.Length + 2] = (byte)':';
                            json.CopyTo(member, name.Length + 3);
                            _members.Add((member, name.Length));
                        }

                        /// <summary>
                        /// Writes the model as a JSON object, its own members and then these, each as sent: in
                        /// <paramref name="writer"/> itself when it writes every name as it came (no escape, nothing its encoder
                        /// escapes), else through <see cref="WriteObject"/>.
                        /// </summary>
                        /// <inheritdoc cref="WriteObject" path="/*[self::typeparam or self::param]"/>
                        internal void Write<[global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(Constructors)] T>({{Json}}.Utf8JsonWriter writer, T value, {{Json}}.JsonSerializerOptions options)
                            where T : {{modelBase}}, IJsonObject<T>
                        {
                            var encoder = writer.Options.Encoder ?? global::System.Text.Encodings.Web.JavaScriptEncoder.Default;
                            foreach (var (member, nameLength) in _members)
                            {
                                var name = global::System.MemoryExtensions.AsSpan(member, 1, nameLength);
                                if (global::System.MemoryExtensions.IndexOf(name, (byte)'\\') >= 0 || encoder.FindFirstCharacterToEncodeUtf8(name) >= 0)
                                {
                                    WriteObject(writer, value, options);
                                    return;
                                }
                            }

                            writer.WriteStartObject();
                            T.WriteProperties(writer, value, options);
                            foreach (var (member, nameLength) in _members)
                            {
                                writer.WritePropertyName(global::System.MemoryExtensions.AsSpan(member, 1, nameLength));
                                writer.WriteRawValue(global::System.MemoryExtensions.AsSpan(member, nameLength + 3), skipInputValidation: true);
                            }

                            writer.WriteEndObject();
                        }

                        /// <summary>
                        /// Writes the model as a JSON object, its own members and then these, each as sent, by a writer of its own.
                        /// </summary>
                        /// <typeparam name="T">The model type.</typeparam>
                        /// <param name="writer">The writer, where the model's value goes.</param>
                        /// <param name="value">The model.</param>
                        /// <param name="options">The options of the write.</param>
                        /// <remarks>
                        /// A writer escapes every name it is given anew, so that a name sent with escapes (<c>"\u0041b"</c>, half
                        /// of a surrogate pair) would come out otherwise, or as U+FFFD: the object is written whole by a writer of
                        /// its own, with the options of <paramref name="writer"/>, which takes each member as it came, and goes to
                        /// <paramref name="writer"/> as one value. Copied token by token from what the reader checked, the members
                        /// are JSON already; checking them again would refuse what the read allowed, as nesting deeper than 64
                        /// under a larger MaxDepth.
                        /// </remarks>
                        private void WriteObject<[global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(Constructors)] T>({{Json}}.Utf8JsonWriter writer, T value, {{Json}}.JsonSerializerOptions options)
                            where T : {{modelBase}}, IJsonObject<T>
                        {
                            // The writer of its own starts at depth 0, so the depth of the models in this one says nothing of the
                            // stack: checked on each.
                            global::System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                            var json = new global::System.Buffers.ArrayBufferWriter<byte>();
                            var writerOptions = writer.Options;
                            writerOptions.SkipValidation = true;
                            using (var own = new {{Json}}.Utf8JsonWriter(json, writerOptions))
                            {
                                own.WriteStartObject();
                                T.WriteProperties(own, value, options);
                                foreach (var (member, _) in _members)
                                {
                                    own.WriteRawValue(member, skipInputValidation: true);
                                }

                                own.WriteEndObject();
                            }

                            writer.WriteRawValue(json.WrittenSpan, skipInputValidation: true);
                        }
                    }

                    /// <summary>Reads a value with its converter; JSON null gives null.</summary>
                    /// <typeparam name="T">The type of the value, a class.</typeparam>
                    /// <param name="reader">The reader, on the value.</param>
                    /// <param name="converter">The converter of the value.</param>
                    /// <param name="options">The options of the read.</param>
                    /// <returns>The value, or null.</returns>
                    internal static T? Read<T>(ref {{Json}}.Utf8JsonReader reader, {{Json}}.Serialization.JsonConverter<T> converter, {{Json}}.JsonSerializerOptions options)
                        where T : class =>
                        reader.TokenType == {{Json}}.JsonTokenType.Null ? null : converter.Read(ref reader, typeof(T), options);

                    /// <summary>Writes a property with the converter of its value.</summary>
                    /// <typeparam name="T">The type of the value.</typeparam>
                    /// <param name="writer">The writer, inside an object.</param>
                    /// <param name="name">The UTF-8 name of the property.</param>
                    /// <param name="value">The value.</param>
                    /// <param name="converter">The converter of the value.</param>
                    /// <param name="options">The options of the write.</param>
                    /// <exception cref="global::System.ArgumentException">Text in the value holds a lone surrogate; the message names the property.</exception>
                    internal static void Write<T>({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, T value, {{Json}}.Serialization.JsonConverter<T> converter, {{Json}}.JsonSerializerOptions options)
                    {
                        writer.WritePropertyName(name);
                        try
                        {
                            converter.Write(writer, value, options);
                        }
                        catch (global::System.ArgumentException exception) when (exception.Data[UnnamedText] is int index)
                        {
                            // Text the converter wrote knows no member (a list item, a map key, an enum's value): the
                            // nearest property that holds it names it, so that a body of many lists says which one.
                            throw new global::System.ArgumentException("The value of " + global::System.Text.Encoding.UTF8.GetString(name) + " holds text with a lone surrogate at index " + index + " (in an item, a key or the value itself), which JSON text in UTF-8 cannot carry; pass the text as it is meant, with its surrogate pairs whole.", exception);
                        }
                        catch (global::System.ArgumentException exception) when (exception.Data[UnnamedNumber] is double number)
                        {
                            // The same for a number of a list or map (FiniteDoubleConverter), which knows no member either.
                            throw new global::System.ArgumentException("The value of " + global::System.Text.Encoding.UTF8.GetString(name) + " holds " + number.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " (in an item or a value), which JSON has no number for; pass finite numbers.", exception);
                        }
                    }

                    /// <summary>Writes a property that has a value and leaves out one that is null, as the JSON left it out.</summary>
                    /// <typeparam name="T">The type of the value, a class.</typeparam>
                    /// <param name="writer">The writer, inside an object.</param>
                    /// <param name="name">The UTF-8 name of the property.</param>
                    /// <param name="value">The value, or null.</param>
                    /// <param name="converter">The converter of the value.</param>
                    /// <param name="options">The options of the write.</param>
                    internal static void WriteOptional<T>({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, T? value, {{Json}}.Serialization.JsonConverter<T> converter, {{Json}}.JsonSerializerOptions options)
                        where T : class
                    {
                        if (value is not null)
                        {
                            Write(writer, name, value, converter, options);
                        }
                    }

                    /// <inheritdoc cref="WriteOptional{T}({{Json}}.Utf8JsonWriter, global::System.ReadOnlySpan{byte}, T, {{Json}}.Serialization.JsonConverter{T}, {{Json}}.JsonSerializerOptions)" path="/*[not(self::typeparam)]"/>
                    /// <typeparam name="T">The type of the value, a struct.</typeparam>
                    internal static void WriteOptional<T>({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, T? value, {{Json}}.Serialization.JsonConverter<T> converter, {{Json}}.JsonSerializerOptions options)
                        where T : struct
                    {
                        if (value is { } present)
                        {
                            Write(writer, name, present, converter, options);
                        }
                    }

                    // One method per type of value, each with a name of its own: the compiler binds a call to it without
                    // weighing the dozen overloads of Utf8JsonWriter.WriteString/WriteNumber (a call costs it a sixth).

                    /// <summary>Writes a property with its value, of the type the method is named after.</summary>
                    /// <param name="writer">The writer, inside an object.</param>
                    /// <param name="name">The UTF-8 name of the property.</param>
                    /// <param name="value">The value.</param>
                    internal static void WriteString({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, string value) =>
                        writer.WriteString(name, Text(value, name));

                    /// <summary>Writes a property that has a value and leaves out one that is null, as the JSON left it out.</summary>
                    /// <param name="writer">The writer, inside an object.</param>
                    /// <param name="name">The UTF-8 name of the property.</param>
                    /// <param name="value">The value, or null.</param>
                    internal static void WriteOptionalString({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, string? value)
                    {
                        if (value is not null)
                        {
                            writer.WriteString(name, Text(value, name));
                        }
                    }

                    /// <summary>
                    /// The text to write, refused when it is not valid UTF-16 (a lone surrogate): JSON in UTF-8 cannot hold it, and
                    /// the writer would put U+FFFD in its place, so that the service read another value than the caller's, the same
                    /// for every such value.
                    /// </summary>
                    /// <param name="value">The text, or null.</param>
                    /// <param name="name">The UTF-8 name of the property that holds it; empty for a list item, a map value or a key.</param>
                    /// <returns>The text.</returns>
                    /// <exception cref="global::System.ArgumentException">The text holds a lone surrogate.</exception>
                    internal static string? Text(string? value, global::System.ReadOnlySpan<byte> name = default)
                    {
                        var index = value is null ? -1 : LoneSurrogateAt(value);
                        if (index < 0)
                        {
                            return value;
                        }

                        const string Rest = ", which JSON text in UTF-8 cannot carry; pass the text as it is meant, with its surrogate pairs whole.";
                        if (name.IsEmpty)
                        {
                            var unnamed = new global::System.ArgumentException("A text value holds a lone surrogate at index " + index + Rest);
                            unnamed.Data[UnnamedText] = index;
                            throw unnamed;
                        }

                        throw new global::System.ArgumentException("The value of " + global::System.Text.Encoding.UTF8.GetString(name) + " holds a lone surrogate at index " + index + Rest);
                    }

                    /// <summary>The index of the first lone surrogate in <paramref name="value"/> (text that is not valid UTF-16); -1 when there is none.</summary>
                    /// <param name="value">The text.</param>
                    /// <returns>The index, or -1.</returns>
                    internal static int LoneSurrogateAt(string value)
                    {
                        // Most text has no surrogate at all: one vectorized search, and the pairs are checked only then.
                        var start = global::System.MemoryExtensions.IndexOfAnyInRange(global::System.MemoryExtensions.AsSpan(value), '\uD800', '\uDFFF');
                        for (var index = start < 0 ? value.Length : start; index < value.Length; index++)
                        {
                            if (char.IsSurrogatePair(value, index))
                            {
                                index++;
                            }
                            else if (char.IsSurrogate(value[index]))
                            {
                                return index;
                            }
                        }

                        return -1;
                    }

                    /// <summary>
                    /// The key under which an exception for text with a lone surrogate that no member's name came with (a list
                    /// item, a map key, an enum's value) holds the surrogate's index, so that the property that holds the text
                    /// (<see cref="Write{T}"/>) names it instead.
                    /// </summary>
                    private const string UnnamedText = "DdmGen.UnnamedText";

                    /// <summary>
                    /// The key under which an exception for NaN or an infinity that no member's name came with (a list item, a
                    /// map value) holds the number, so that the property that holds it (<see cref="Write{T}"/>) names it instead.
                    /// </summary>
                    private const string UnnamedNumber = "DdmGen.UnnamedNumber";

                    /// <summary>
                    /// The converter of a list's or map's <see cref="double"/> items: reads as a member of its own is read (a number
                    /// beyond a double is refused, not read as infinity), and refuses NaN and the infinities with an exception the
                    /// property that holds them names, where the writer's own names no member and advises a number handling that
                    /// the generated writing does not use.
                    /// </summary>
                    internal sealed class FiniteDoubleConverter : {{Json}}.Serialization.JsonConverter<double>
                    {
                        /// <summary>The instance; the converter holds no state.</summary>
                        internal static readonly FiniteDoubleConverter Instance = new FiniteDoubleConverter();

                        /// <inheritdoc/>
                        public override double Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            Finite(reader.GetDouble());

                        /// <inheritdoc/>
                        public override void Write({{Json}}.Utf8JsonWriter writer, double value, {{Json}}.JsonSerializerOptions options) =>
                            writer.WriteNumberValue(double.IsFinite(value) ? value : throw UnnamedNotFinite(value));
                    }

                    /// <summary>The converter of a list's or map's <see cref="float"/> items, as <see cref="FiniteDoubleConverter"/>.</summary>
                    internal sealed class FiniteSingleConverter : {{Json}}.Serialization.JsonConverter<float>
                    {
                        /// <summary>The instance; the converter holds no state.</summary>
                        internal static readonly FiniteSingleConverter Instance = new FiniteSingleConverter();

                        /// <inheritdoc/>
                        public override float Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            Finite(reader.GetSingle());

                        /// <inheritdoc/>
                        public override void Write({{Json}}.Utf8JsonWriter writer, float value, {{Json}}.JsonSerializerOptions options) =>
                            writer.WriteNumberValue(float.IsFinite(value) ? value : throw UnnamedNotFinite(value));
                    }

                    /// <summary>The exception for NaN or an infinity that no member's name came with, tagged for <see cref="Write{T}"/>.</summary>
                    /// <param name="value">The number.</param>
                    /// <returns>The exception to throw.</returns>
                    private static global::System.ArgumentException UnnamedNotFinite(double value)
                    {
                        var unnamed = new global::System.ArgumentException("A number is " + value.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + ", which JSON has no number for; pass a finite number.");
                        unnamed.Data[UnnamedNumber] = value;
                        return unnamed;
                    }

                    /// <summary>
                    /// The key under which a failure to read a model's member holds the member's name, so that the models
                    /// around it leave the message as the innermost one wrote it.
                    /// </summary>
                    private const string NamedMember = "DdmGen.NamedMember";

                    /// <summary>
                    /// Whether a model's read failed on a value: the reader's <c>Get</c> methods throw
                    /// <see cref="global::System.InvalidOperationException"/> for a token of the wrong kind or text that is no
                    /// UTF-16, and <see cref="global::System.FormatException"/> for a number beyond the type, where a read
                    /// promises a <see cref="{{Json}}.JsonException"/>; the converters' own exceptions do not name the member.
                    /// The reader's exceptions for text that is not JSON, of a type derived from JsonException, say where already.
                    /// The types are matched exactly, as the reader throws them: one derived from them, such as the
                    /// <see cref="global::System.ObjectDisposedException"/> of a caller's buffer the reader moves into, is no value's.
                    /// </summary>
                    /// <param name="exception">The failure.</param>
                    /// <returns>Whether to name the member in a JsonException.</returns>
                    private static bool IsValueFailure(global::System.Exception exception) =>
                        exception.GetType() == typeof(global::System.InvalidOperationException) || exception.GetType() == typeof(global::System.FormatException)
                        || (exception.GetType() == typeof({{Json}}.JsonException) && !exception.Data.Contains(NamedMember));

                    /// <summary>The name of the member of the object whose name or value holds the token at <paramref name="position"/>; null when none does.</summary>
                    /// <param name="reader">A copy of the reader, on the start of the object.</param>
                    /// <param name="position">Where the token starts, as <see cref="{{Json}}.Utf8JsonReader.TokenStartIndex"/> gives it.</param>
                    /// <returns>The name, unescaped, or as sent when it cannot be unescaped.</returns>
                    private static string? MemberAt({{Json}}.Utf8JsonReader reader, long position)
                    {
                        try
                        {
                            while (reader.Read() && reader.TokenType == {{Json}}.JsonTokenType.PropertyName && reader.TokenStartIndex <= position)
                            {
                                string name;
                                try
                                {
                                    name = reader.GetString()!;
                                }
                                catch (global::System.InvalidOperationException)
                                {
                                    name = global::System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                                }

                                if (!reader.Read() || !reader.TrySkip())
                                {
                                    return null;
                                }

                                if (position <= reader.TokenStartIndex)
                                {
                                    return name;
                                }
                            }
                        }
                        catch ({{Json}}.JsonException)
                        {
                            // Text that is not JSON after the member that failed: no member holds the position.
                        }

                        return null;
                    }

                    /// <inheritdoc cref="WriteString"/>
                    internal static void WriteInt32({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, int value) =>
                        writer.WriteNumber(name, value);

                    /// <inheritdoc cref="WriteOptionalString"/>
                    internal static void WriteOptionalInt32({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, int? value)
                    {
                        if (value is { } number)
                        {
                            writer.WriteNumber(name, number);
                        }
                    }

                    /// <inheritdoc cref="WriteString"/>
                    internal static void WriteInt64({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, long value) =>
                        writer.WriteNumber(name, value);

                    /// <inheritdoc cref="WriteOptionalString"/>
                    internal static void WriteOptionalInt64({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, long? value)
                    {
                        if (value is { } number)
                        {
                            writer.WriteNumber(name, number);
                        }
                    }

                    /// <inheritdoc cref="WriteString"/>
                    internal static void WriteSingle({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, float value) =>
                        writer.WriteNumber(name, float.IsFinite(value) ? value : throw NotFinite(value, name));

                    /// <inheritdoc cref="WriteOptionalString"/>
                    internal static void WriteOptionalSingle({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, float? value)
                    {
                        if (value is { } number)
                        {
                            WriteSingle(writer, name, number);
                        }
                    }

                    /// <inheritdoc cref="WriteString"/>
                    internal static void WriteDouble({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, double value) =>
                        writer.WriteNumber(name, double.IsFinite(value) ? value : throw NotFinite(value, name));

                    /// <inheritdoc cref="WriteOptionalString"/>
                    internal static void WriteOptionalDouble({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, double? value)
                    {
                        if (value is { } number)
                        {
                            WriteDouble(writer, name, number);
                        }
                    }

                    /// <summary>
                    /// The exception for NaN or an infinity, which JSON has no number for: the writer's own names no member and
                    /// advises a number handling that the generated writing does not use.
                    /// </summary>
                    /// <param name="value">The number.</param>
                    /// <param name="name">The UTF-8 name of the property that holds it.</param>
                    /// <returns>The exception to throw.</returns>
                    private static global::System.ArgumentException NotFinite(double value, global::System.ReadOnlySpan<byte> name) =>
                        new global::System.ArgumentException("The value of " + global::System.Text.Encoding.UTF8.GetString(name) + " is " + value.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + ", which JSON has no number for; pass a finite number.");

                    /// <inheritdoc cref="WriteString"/>
                    internal static void WriteBoolean({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, bool value) =>
                        writer.WriteBoolean(name, value);

                    /// <inheritdoc cref="WriteOptionalString"/>
                    internal static void WriteOptionalBoolean({{Json}}.Utf8JsonWriter writer, global::System.ReadOnlySpan<byte> name, bool? value)
                    {
                        if (value is { } flag)
                        {
                            writer.WriteBoolean(name, flag);
                        }
                    }

                    /// <summary>
                    /// A generated model: a record that reads and writes itself as a JSON object, without reflection. Through
                    /// this interface every model is also an <see cref="{{Primitives}}.IJsonModel{T}"/>, so System.ClientModel's
                    /// <see cref="{{Primitives}}.ModelReaderWriter"/> reads and writes it, in the JSON of the API.
                    /// </summary>
                    /// <typeparam name="T">The model type itself.</typeparam>
                    internal interface IJsonObject<[global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(Constructors)] T> : {{Primitives}}.IJsonModel<T>
                        where T : {{modelBase}}, IJsonObject<T>
                    {
                        /// <summary>
                        /// Reads the properties of the JSON object the reader stands on, up to its end, and checks the required ones.
                        /// A property the model does not list goes to <paramref name="unlisted"/>.
                        /// </summary>
                        /// <param name="reader">The reader, on the start of the object.</param>
                        /// <param name="options">The options of the read.</param>
                        /// <param name="unlisted">The members read that the model does not list; null while there are none.</param>
                        /// <returns>The model.</returns>
                        static abstract T Read(ref {{Json}}.Utf8JsonReader reader, {{Json}}.JsonSerializerOptions options, ref UnlistedMembers? unlisted);

                        /// <summary>Writes the properties of the model, between the braces of its object; a member without a value is left out.</summary>
                        /// <param name="writer">The writer, inside the object.</param>
                        /// <param name="value">The model.</param>
                        /// <param name="options">The options of the write.</param>
                        static abstract void WriteProperties({{Json}}.Utf8JsonWriter writer, T value, {{Json}}.JsonSerializerOptions options);

                        /// <summary>
                        /// Writes the model as a JSON object: with <c>J</c>, with the members it was read with that the spec does
                        /// not list; with <c>W</c>, as the client sends it, without them.
                        /// </summary>
                        /// <param name="writer">The writer.</param>
                        /// <param name="options">The options; their format is <c>J</c> or <c>W</c>, both the JSON of the API.</param>
                        /// <exception cref="global::System.FormatException">The format is neither <c>J</c> nor <c>W</c>.</exception>
                        void {{Primitives}}.IJsonModel<T>.Write({{Json}}.Utf8JsonWriter writer, {{Primitives}}.ModelReaderWriterOptions options)
                        {
                            CheckFormat(options);
                            ObjectConverter<T>.Instance.Write(writer, (T)this, options.Format == "W" ? WireOptions : {{resolver}}.Options);
                        }

                        /// <summary>
                        /// Reads a model from the JSON object the reader stands on, or from the next token when it stands on
                        /// none; comments before the object, and in it, are passed over when the reader gives them as tokens.
                        /// </summary>
                        /// <param name="reader">The reader.</param>
                        /// <param name="options">The options; their format is <c>J</c> or <c>W</c>, both the JSON of the API.</param>
                        /// <returns>The model, its required members checked as in an answer of the service.</returns>
                        /// <exception cref="global::System.FormatException">The format is neither <c>J</c> nor <c>W</c>.</exception>
                        /// <exception cref="{{Json}}.JsonException">The JSON is not an object of this model.</exception>
                        T {{Primitives}}.IJsonModel<T>.Create(ref {{Json}}.Utf8JsonReader reader, {{Primitives}}.ModelReaderWriterOptions options)
                        {
                            CheckFormat(options);
                            var comments = reader.CurrentState.Options.CommentHandling == {{Json}}.JsonCommentHandling.Allow;
                            while (reader.TokenType == {{Json}}.JsonTokenType.None || (comments && reader.TokenType == {{Json}}.JsonTokenType.Comment))
                            {
                                if (!reader.Read())
                                {
                                    throw new {{Json}}.JsonException("There is no JSON to read a " + typeof(T).Name + " from.");
                                }
                            }

                            if (comments && reader.TokenType == {{Json}}.JsonTokenType.StartObject)
                            {
                                // A reader that gives comments as tokens: the model, whose read takes any token but a name
                                // for the object's end, reads a copy of the object without them, as the serializer reads
                                // with comments skipped. The caller's reader ends on the object's end, as otherwise.
                                var copy = new {{Json}}.Utf8JsonReader(RawValue(ref reader), new {{Json}}.JsonReaderOptions { MaxDepth = reader.CurrentState.Options.MaxDepth });
                                copy.Read();
                                return ObjectConverter<T>.Instance.Read(ref copy, typeof(T), {{resolver}}.Options);
                            }

                            return ObjectConverter<T>.Instance.Read(ref reader, typeof(T), {{resolver}}.Options);
                        }

                        /// <summary>Writes the model as a JSON object; see <see cref="{{Primitives}}.IJsonModel{T}.Write"/>.</summary>
                        /// <param name="options">The options; their format is <c>J</c> or <c>W</c>, both the JSON of the API.</param>
                        /// <returns>The UTF-8 JSON.</returns>
                        /// <exception cref="global::System.FormatException">The format is neither <c>J</c> nor <c>W</c>.</exception>
                        global::System.BinaryData {{Primitives}}.IPersistableModel<T>.Write({{Primitives}}.ModelReaderWriterOptions options)
                        {
                            // System.ClientModel writes a JSON model through the IJsonModel<T>.Write above, with its own writer.
                            CheckFormat(options);
                            return {{Primitives}}.ModelReaderWriter.Write((T)this, options, {{modelContext}}.Default);
                        }

                        /// <summary>Reads a model from UTF-8 JSON that holds one object and nothing after it.</summary>
                        /// <param name="data">The JSON; a UTF-8 byte order mark before it is skipped.</param>
                        /// <param name="options">The options; their format is <c>J</c> or <c>W</c>, both the JSON of the API.</param>
                        /// <returns>The model, its required members checked as in an answer of the service.</returns>
                        /// <exception cref="global::System.FormatException">The format is neither <c>J</c> nor <c>W</c>.</exception>
                        /// <exception cref="{{Json}}.JsonException">The JSON is not one object of this model.</exception>
                        T {{Primitives}}.IPersistableModel<T>.Create(global::System.BinaryData data, {{Primitives}}.ModelReaderWriterOptions options)
                        {
                            global::System.ArgumentNullException.ThrowIfNull(data);
                            CheckFormat(options);
                            var json = data.ToMemory().Span;
                            var reader = new {{Json}}.Utf8JsonReader(global::System.MemoryExtensions.StartsWith(json, "\uFEFF"u8) ? json.Slice(3) : json);
                            if (!reader.Read())
                            {
                                throw new {{Json}}.JsonException("There is no JSON to read a " + typeof(T).Name + " from.");
                            }

                            var model = ObjectConverter<T>.Instance.Read(ref reader, typeof(T), {{resolver}}.Options);
                            return reader.Read() ? throw new {{Json}}.JsonException("The JSON goes on after the " + typeof(T).Name + " object.") : model;
                        }

                        /// <summary>The format the model is written in for the service: JSON.</summary>
                        /// <param name="options">The options, which do not change it.</param>
                        /// <returns><c>J</c>.</returns>
                        string {{Primitives}}.IPersistableModel<T>.GetFormatFromOptions({{Primitives}}.ModelReaderWriterOptions options) => "J";

                        /// <summary>Throws unless the format asked for is JSON: <c>J</c>, or <c>W</c>, the service's own format.</summary>
                        /// <param name="options">The options of the read or write.</param>
                        /// <exception cref="global::System.FormatException">The format is neither.</exception>
                        private static void CheckFormat({{Primitives}}.ModelReaderWriterOptions options)
                        {
                            if (options.Format is not ("J" or "W"))
                            {
                                throw new global::System.FormatException(typeof(T).Name + " is read and written as JSON: format 'J' or 'W', not '" + options.Format + "'.");
                            }
                        }
                    }

                    /// <summary>What making a model without its constructor needs kept of it when the code is trimmed.</summary>
                    internal const global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes Constructors =
                        global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors | global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.NonPublicConstructors;

                    /// <summary>A converter of a generated model, which also makes the model and its collections for System.ClientModel.</summary>
                    internal interface IModelConverter
                    {
                        /// <summary>Makes an instance of the model for <see cref="{{Primitives}}.ModelReaderWriter"/> to read into.</summary>
                        {{Primitives}}.ModelReaderWriterTypeBuilder Builder { get; }

                        /// <summary>Builds a <c>List&lt;T&gt;</c> of the model, also for <c>IList&lt;T&gt;</c> and <c>IReadOnlyList&lt;T&gt;</c>.</summary>
                        {{Primitives}}.ModelReaderWriterTypeBuilder ListBuilder { get; }

                        /// <summary>Builds an array of the model.</summary>
                        {{Primitives}}.ModelReaderWriterTypeBuilder ArrayBuilder { get; }

                        /// <summary>Builds a <c>Dictionary&lt;string, T&gt;</c> of the model, also for <c>IDictionary</c> and <c>IReadOnlyDictionary</c>.</summary>
                        {{Primitives}}.ModelReaderWriterTypeBuilder DictionaryBuilder { get; }

                        /// <summary>Writes a model of this converter's type that is declared as the base of the models.</summary>
                        /// <param name="writer">The writer.</param>
                        /// <param name="value">The model, of this converter's type.</param>
                        /// <param name="options">The options of the write.</param>
                        void WriteModel({{Json}}.Utf8JsonWriter writer, {{modelBase}} value, {{Json}}.JsonSerializerOptions options);
                    }

                    /// <summary>
                    /// Writes a model declared as <see cref="{{modelBase}}"/> (in a <c>List&lt;{{context.ModelBaseName}}&gt;</c>, say) as
                    /// the model it is, where the serializer would write the base's members, none; reading one is refused, since
                    /// nothing in the JSON of the API tells the models apart.
                    /// </summary>
                    internal sealed class AnyModelConverter : {{Json}}.Serialization.JsonConverter<{{modelBase}}>
                    {
                        /// <summary>The shared instance; the converter holds no state.</summary>
                        internal static readonly AnyModelConverter Instance = new AnyModelConverter();

                        /// <inheritdoc/>
                        public override {{modelBase}} Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            throw new global::System.NotSupportedException("A {{context.ModelBaseName}} is read as the model it is, which the JSON does not tell: read the model's own type.");

                        /// <summary>
                        /// Writes the model as the model it is; a type of the caller's own derived from <see cref="{{modelBase}}"/>
                        /// with the metadata the options of the write hold for it.
                        /// </summary>
                        /// <param name="writer">The writer.</param>
                        /// <param name="value">The model.</param>
                        /// <param name="options">The options of the write.</param>
                        /// <exception cref="global::System.NotSupportedException">The value is of a type of the caller's own, which the options hold no metadata for.</exception>
                        public override void Write({{Json}}.Utf8JsonWriter writer, {{modelBase}} value, {{Json}}.JsonSerializerOptions options)
                        {
                            var type = value.GetType();
                            if ({{resolver}}.Options.TryGetTypeInfo(type, out var generated))
                            {
                                ((IModelConverter)generated.Converter).WriteModel(writer, value, options);
                            }
                            else if (options.TryGetTypeInfo(type, out var own))
                            {
                                {{Json}}.JsonSerializer.Serialize(writer, value, own);
                            }
                            else
                            {
                                throw new global::System.NotSupportedException(type + " derives from {{context.ModelBaseName}} but is none of the generated models, and the options of the write hold no metadata for it: add the type to them (to the JsonSerializerContext or resolver that writes the {{context.ModelBaseName}}), or write it as its own type with metadata of its own.");
                            }
                        }
                    }

                    /// <summary>Reads and writes any generated model as a JSON object.</summary>
                    /// <typeparam name="T">The model type.</typeparam>
                    internal sealed class ObjectConverter<[global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(Constructors)] T> : {{Json}}.Serialization.JsonConverter<T>, IModelConverter
                        where T : {{modelBase}}, IJsonObject<T>
                    {
                        /// <summary>The shared instance; the converter holds no state.</summary>
                        internal static readonly ObjectConverter<T> Instance = new ObjectConverter<T>();

                        /// <inheritdoc/>
                        public {{Primitives}}.ModelReaderWriterTypeBuilder Builder { get; } = new ModelBuilder();

                        /// <inheritdoc/>
                        public {{Primitives}}.ModelReaderWriterTypeBuilder ListBuilder { get; } = new ModelListBuilder(toArray: false);

                        /// <inheritdoc/>
                        public {{Primitives}}.ModelReaderWriterTypeBuilder ArrayBuilder { get; } = new ModelListBuilder(toArray: true);

                        /// <inheritdoc/>
                        public {{Primitives}}.ModelReaderWriterTypeBuilder DictionaryBuilder { get; } = new ModelDictionaryBuilder();

                        /// <inheritdoc/>
                        public void WriteModel({{Json}}.Utf8JsonWriter writer, {{modelBase}} value, {{Json}}.JsonSerializerOptions options) =>
                            Write(writer, (T)value, options);

                        /// <inheritdoc/>
                        public override T Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            reader.TokenType == {{Json}}.JsonTokenType.StartObject ? ReadObject(ref reader, options) : throw Unexpected(reader.TokenType, "a JSON object for " + typeof(T).Name);

                        /// <summary>Reads the object the reader stands on, without a converter call; JSON null gives null.</summary>
                        /// <param name="reader">The reader, on the value.</param>
                        /// <param name="options">The options of the read.</param>
                        /// <returns>The model, or null.</returns>
                        internal static T? ReadNullable(ref {{Json}}.Utf8JsonReader reader, {{Json}}.JsonSerializerOptions options) =>
                            reader.TokenType == {{Json}}.JsonTokenType.StartObject ? ReadObject(ref reader, options)
                            : reader.TokenType == {{Json}}.JsonTokenType.Null ? (T?)null
                            : throw Unexpected(reader.TokenType, "a JSON object for " + typeof(T).Name);

                        /// <summary>Reads the object the reader stands on into its model, which keeps the members it does not list.</summary>
                        /// <param name="reader">The reader, on the start of the object.</param>
                        /// <param name="options">The options of the read.</param>
                        /// <returns>The model.</returns>
                        /// <exception cref="{{Json}}.JsonException">A member cannot be read; the message names it.</exception>
                        /// <exception cref="global::System.InsufficientExecutionStackException">The models nest deeper than the stack holds.</exception>
                        private static T ReadObject(ref {{Json}}.Utf8JsonReader reader, {{Json}}.JsonSerializerOptions options)
                        {
                            // A model that holds its own type nests as deep as the options of the read allow: refused where the stack
                            // ends, since its overflow would end the process. Checked only past System.Text.Json's default depth, which
                            // no stack comes near, so that a page of answers pays nothing for it.
                            if (reader.CurrentDepth > 64)
                            {
                                global::System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                            }

                            // The reader as it stands on the object, to find the member that fails: the reader is past its name then.
                            var start = reader;
                            try
                            {
                                UnlistedMembers? unlisted = null;
                                var model = T.Read(ref reader, options, ref unlisted);
                                model._unlisted = unlisted;
                                return model;
                            }
                            catch (global::System.Exception exception) when (IsValueFailure(exception))
                            {
                                var member = MemberAt(start, reader.TokenStartIndex) is { } name ? Shorten(name) : null;
                                if (member is null && exception is {{Json}}.JsonException)
                                {
                                    throw;
                                }

                                if (member is null)
                                {
                                    throw new {{Json}}.JsonException("Could not read a " + typeof(T).Name + ": " + exception.Message, exception);
                                }

                                var named = new {{Json}}.JsonException("Could not read '" + member + "' of " + typeof(T).Name + ": " + exception.Message, exception);
                                named.Data[NamedMember] = member;
                                throw named;
                            }
                        }

                        /// <inheritdoc/>
                        public override void Write({{Json}}.Utf8JsonWriter writer, T value, {{Json}}.JsonSerializerOptions options)
                        {
                            if (value is null)
                            {
                                // Null against the annotations (null!): JSON null, as a null text is written, and the reader names it.
                                writer.WriteNullValue();
                                return;
                            }

                            // As deep as the caller nests it: refused where the stack ends, as in reading.
                            if (writer.CurrentDepth > 64)
                            {
                                global::System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                            }

                            if (value._unlisted is { } unlisted && !object.ReferenceEquals(options, WireOptions))
                            {
                                unlisted.Write(writer, value, options);
                                return;
                            }

                            writer.WriteStartObject();
                            T.WriteProperties(writer, value, options);
                            writer.WriteEndObject();
                        }

                        /// <summary>
                        /// Makes the instance that System.ClientModel reads a model through. Its members are not set, since every
                        /// model is immutable: the read gives a new model.
                        /// </summary>
                        private sealed class ModelBuilder : {{Primitives}}.ModelReaderWriterTypeBuilder
                        {
                            /// <inheritdoc/>
                            protected override global::System.Type BuilderType => typeof(T);

                            /// <inheritdoc/>
                            protected override global::System.Type? ItemType => null;

                            /// <inheritdoc/>
                            protected override object CreateInstance() => global::System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
                        }

                        /// <summary>
                        /// Builds a list of the model, which is also what an <c>IList&lt;T&gt;</c> or <c>IReadOnlyList&lt;T&gt;</c> is
                        /// read as, or an array of it, copied from the list once it is read. System.ClientModel reads each item
                        /// through <see cref="ModelBuilder"/>, and a JSON null item as null.
                        /// </summary>
                        private sealed class ModelListBuilder : {{Primitives}}.ModelReaderWriterTypeBuilder
                        {
                            private readonly bool _toArray;

                            /// <summary>Creates the builder of a list, or of an array.</summary>
                            /// <param name="toArray">Whether the list read becomes an array.</param>
                            internal ModelListBuilder(bool toArray) => _toArray = toArray;

                            /// <inheritdoc/>
                            protected override global::System.Type BuilderType => typeof(global::System.Collections.Generic.List<T>);

                            /// <inheritdoc/>
                            protected override global::System.Type? ItemType => typeof(T);

                            /// <inheritdoc/>
                            protected override object CreateInstance() => new global::System.Collections.Generic.List<T>();

                            /// <inheritdoc/>
                            protected override void AddItem(object collectionBuilder, object? item) =>
                                ((global::System.Collections.Generic.List<T>)collectionBuilder).Add((T)item!);

                            /// <inheritdoc/>
                            protected override object ConvertCollectionBuilder(object collectionBuilder) =>
                                _toArray ? ((global::System.Collections.Generic.List<T>)collectionBuilder).ToArray() : collectionBuilder;
                        }

                        /// <summary>
                        /// Builds a map of the model by name, which is also what an <c>IDictionary&lt;string, T&gt;</c> or
                        /// <c>IReadOnlyDictionary&lt;string, T&gt;</c> is read as. Of a repeated name the last value is kept,
                        /// as when the client reads a map.
                        /// </summary>
                        private sealed class ModelDictionaryBuilder : {{Primitives}}.ModelReaderWriterTypeBuilder
                        {
                            /// <inheritdoc/>
                            protected override global::System.Type BuilderType => typeof(global::System.Collections.Generic.Dictionary<string, T>);

                            /// <inheritdoc/>
                            protected override global::System.Type? ItemType => typeof(T);

                            /// <inheritdoc/>
                            protected override object CreateInstance() => new global::System.Collections.Generic.Dictionary<string, T>(global::System.StringComparer.Ordinal);

                            /// <inheritdoc/>
                            protected override void AddItemWithKey(object collectionBuilder, string key, object? item) =>
                                ((global::System.Collections.Generic.Dictionary<string, T>)collectionBuilder)[key] = (T)item!;
                        }
                    }

                    /// <summary>Reads and writes a list item or map value of a struct type that may be JSON null.</summary>
                    /// <typeparam name="T">The type of the item when it is not null.</typeparam>
                    internal sealed class NullableValueConverter<T> : {{Json}}.Serialization.JsonConverter<T?>
                        where T : struct
                    {
                        private readonly {{Json}}.Serialization.JsonConverter<T> _converter;

                        /// <summary>Reads and writes an item that is not null with <paramref name="converter"/>.</summary>
                        /// <param name="converter">The converter of <typeparamref name="T"/>.</param>
                        public NullableValueConverter({{Json}}.Serialization.JsonConverter<T> converter) => _converter = converter;

                        /// <inheritdoc/>
                        public override bool HandleNull => true;

                        /// <inheritdoc/>
                        public override T? Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            reader.TokenType == {{Json}}.JsonTokenType.Null ? null : _converter.Read(ref reader, typeof(T), options);

                        /// <inheritdoc/>
                        public override void Write({{Json}}.Utf8JsonWriter writer, T? value, {{Json}}.JsonSerializerOptions options)
                        {
                            if (value is { } present)
                            {
                                _converter.Write(writer, present, options);
                            }
                            else
                            {
                                writer.WriteNullValue();
                            }
                        }
                    }

                    /// <summary>Reads and writes a list item or map value of a class type that may be JSON null.</summary>
                    /// <typeparam name="T">The type of the item when it is not null.</typeparam>
                    internal sealed class NullableReferenceConverter<T> : {{Json}}.Serialization.JsonConverter<T?>
                        where T : class
                    {
                        private readonly {{Json}}.Serialization.JsonConverter<T> _converter;

                        /// <summary>Reads and writes an item that is not null with <paramref name="converter"/>.</summary>
                        /// <param name="converter">The converter of <typeparamref name="T"/>.</param>
                        public NullableReferenceConverter({{Json}}.Serialization.JsonConverter<T> converter) => _converter = converter;

                        /// <inheritdoc/>
                        public override bool HandleNull => true;

                        /// <inheritdoc/>
                        public override T? Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            reader.TokenType == {{Json}}.JsonTokenType.Null ? null : _converter.Read(ref reader, typeof(T), options);

                        /// <inheritdoc/>
                        public override void Write({{Json}}.Utf8JsonWriter writer, T? value, {{Json}}.JsonSerializerOptions options)
                        {
                            if (value is not null)
                            {
                                _converter.Write(writer, value, options);
                            }
                            else
                            {
                                writer.WriteNullValue();
                            }
                        }
                    }

                    /// <summary>
                    /// The text of an open enum's value, the enum's one field: it compares ignoring case, so the equality,
                    /// hash code and operators the compiler writes for each enum compare as the enum's remarks say.
                    /// </summary>
                    internal readonly struct OpenEnumText : global::System.IEquatable<OpenEnumText>
                    {
                        private readonly string? _text;

                        /// <summary>Keeps the text of a value.</summary>
                        /// <param name="value">The text of the value.</param>
                        /// <exception cref="global::System.ArgumentNullException"><paramref name="value"/> is null.</exception>
                        internal OpenEnumText(string value) => _text = value ?? throw new global::System.ArgumentNullException(nameof(value));

                        /// <summary>The text as sent; empty for <c>default</c>.</summary>
                        internal string Value => _text ?? string.Empty;

                        /// <summary>Whether the two texts are equal, ignoring case.</summary>
                        /// <param name="other">The other text.</param>
                        /// <returns>Whether they are equal.</returns>
                        public bool Equals(OpenEnumText other) => string.Equals(Value, other.Value, global::System.StringComparison.OrdinalIgnoreCase);

                        /// <inheritdoc/>
                        public override bool Equals(object? obj) => obj is OpenEnumText other && Equals(other);

                        /// <inheritdoc/>
                        public override int GetHashCode() => global::System.StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

                        /// <inheritdoc/>
                        public override string ToString() => Value;
                    }

                    /// <summary>
                    /// An open enum: a struct over the text of its value. A value the service sends that the spec does not
                    /// list is kept as it is, compares by its text (ignoring case) and is written back unchanged.
                    /// </summary>
                    /// <typeparam name="T">The enum type itself.</typeparam>
                    internal interface IOpenEnum<T>
                        where T : struct, IOpenEnum<T>
                    {
                        /// <summary>The text of the value as the service sends it, written back unchanged; empty for <c>default</c>.</summary>
                        string Value { get; }

                        /// <summary>Gets a new array of the values the spec lists, each its shared instance.</summary>
                        static abstract T[] Listed { get; }

                        /// <summary>Creates a value from its text on the wire; use the static members for the listed values.</summary>
                        /// <param name="value">The text of the value.</param>
                        /// <exception cref="global::System.ArgumentNullException"><paramref name="value"/> is null.</exception>
                        static abstract implicit operator T(string value);
                    }

                    /// <summary>The listed values of an open enum, looked up by their text.</summary>
                    /// <typeparam name="T">The enum type.</typeparam>
                    internal static class OpenEnum<T>
                        where T : struct, IOpenEnum<T>
                    {
                        private static readonly T[] Values = T.Listed;

                        // The UTF-8 text of each listed value, in the order of Values.
                        private static readonly byte[][] Utf8Values = global::System.Array.ConvertAll(Values, value => global::System.Text.Encoding.UTF8.GetBytes(value.Value));

                        private static readonly global::System.Collections.Generic.HashSet<string> Texts =
                            new global::System.Collections.Generic.HashSet<string>(global::System.Array.ConvertAll(Values, value => value.Value), global::System.StringComparer.OrdinalIgnoreCase);

                        /// <summary>Whether the text is one of the listed values, ignoring case.</summary>
                        /// <param name="text">The text of a value.</param>
                        /// <returns>Whether the spec lists it.</returns>
                        internal static bool IsListed(string text) => Texts.Contains(text);

                        /// <summary>Reads the string the reader stands on, without a converter call; JSON null gives null.</summary>
                        /// <param name="reader">The reader, on the value.</param>
                        /// <returns>The value, or null.</returns>
                        internal static T? ReadNullable(ref {{Json}}.Utf8JsonReader reader) =>
                            reader.TokenType == {{Json}}.JsonTokenType.String ? Read(ref reader)
                            : reader.TokenType == {{Json}}.JsonTokenType.Null ? (T?)null
                            : throw Unexpected(reader.TokenType, "a JSON string for " + typeof(T).Name);

                        /// <summary>
                        /// Reads the JSON string the reader stands on. A listed value spelled exactly as listed is its shared
                        /// instance, so reading it allocates nothing; any other text is kept as sent.
                        /// </summary>
                        /// <param name="reader">The reader, on a string.</param>
                        /// <returns>The value.</returns>
                        internal static T Read(ref {{Json}}.Utf8JsonReader reader)
                        {
                            var text = Utf8(ref reader);
                            for (var index = 0; index < Utf8Values.Length; index++)
                            {
                                if (global::System.MemoryExtensions.SequenceEqual(text, Utf8Values[index]))
                                {
                                    return Values[index];
                                }
                            }

                            return GetText(ref reader);
                        }
                    }

                    /// <summary>Reads and writes any open enum as a JSON string, keeping values the spec does not list.</summary>
                    /// <typeparam name="T">The enum type.</typeparam>
                    internal sealed class OpenEnumConverter<T> : {{Json}}.Serialization.JsonConverter<T>
                        where T : struct, IOpenEnum<T>
                    {
                        /// <summary>The shared instance; the converter holds no state.</summary>
                        internal static readonly OpenEnumConverter<T> Instance = new OpenEnumConverter<T>();

                        /// <inheritdoc/>
                        public override T Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            reader.TokenType == {{Json}}.JsonTokenType.String ? OpenEnum<T>.Read(ref reader) : throw Unexpected(reader.TokenType, "a JSON string for " + typeof(T).Name);

                        /// <inheritdoc/>
                        public override void Write({{Json}}.Utf8JsonWriter writer, T value, {{Json}}.JsonSerializerOptions options) =>
                            writer.WriteStringValue(Text(value.Value));

                        /// <summary>Reads a dictionary key as the value it names, kept as sent as a value is.</summary>
                        /// <param name="reader">The reader, on the property name.</param>
                        /// <param name="typeToConvert">The enum type.</param>
                        /// <param name="options">The options of the read.</param>
                        /// <returns>The value.</returns>
                        public override T ReadAsPropertyName(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) =>
                            OpenEnum<T>.Read(ref reader);

                        /// <summary>Writes a dictionary key as the text of its value, unchanged.</summary>
                        /// <param name="writer">The writer, inside an object.</param>
                        /// <param name="value">The value.</param>
                        /// <param name="options">The options of the write.</param>
                        public override void WriteAsPropertyName({{Json}}.Utf8JsonWriter writer, T value, {{Json}}.JsonSerializerOptions options) =>
                            writer.WritePropertyName(Text(value.Value)!);
                    }
                    """);
            }
        });
    }

    private static GeneratedFile EmitStringConverter(GenerationContext context)
    {
        var name = context.StringConverterName;
        return File(context, name, writer =>
        {
            writer.Line("/// <summary>Reads and writes a JSON string that must not be null: a list item, a map value or a whole result.</summary>");
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"internal sealed class {name} : {Json}.Serialization.JsonConverter<string>"))
            {
                writer.Lines($$"""
                    /// <summary>The shared instance; the converter holds no state.</summary>
                    internal static readonly {{name}} Instance = new {{name}}();

                    /// <inheritdoc/>
                    public override string Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options)
                    {
                        {{context.Qualify(context.JsonHelpersName)}}.Expect(reader.TokenType, {{Json}}.JsonTokenType.String, "a JSON string");
                        return {{context.Qualify(context.JsonHelpersName)}}.ReadString(ref reader)!;
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, string value, {{Json}}.JsonSerializerOptions options)
                    {
                        writer.WriteStringValue({{context.Qualify(context.JsonHelpersName)}}.Text(value));
                    }
                    """);
            }
        });
    }
}
