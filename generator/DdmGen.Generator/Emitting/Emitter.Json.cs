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
                /// Works when <c>JsonSerializerIsReflectionEnabledByDefault</c> is false and under NativeAOT:
                /// <c>JsonSerializer.Deserialize&lt;T&gt;(json, {{name}}.Options)</c>.
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

                    /// <inheritdoc/>
                    public {{Json}}.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type, {{Json}}.JsonSerializerOptions options)
                    {
                    """);
                foreach (var type in unit.Objects)
                {
                    WriteTypeInfoCase(writer, context, type);
                }

                foreach (var type in unit.Enums)
                {
                    WriteTypeInfoCase(writer, context, type);
                }

                writer.Lines($$"""
                        return null;
                    }

                    private static {{Json}}.JsonSerializerOptions CreateOptions()
                    {
                        var options = new {{Json}}.JsonSerializerOptions { TypeInfoResolver = Default };
                        options.MakeReadOnly();
                        return options;
                    }
                    """);
            }
        });
    }

    private static void WriteTypeInfoCase(SourceWriter writer, GenerationContext context, string typeName)
    {
        var type = context.Qualify(typeName);
        writer.Line($"    if (type == typeof({type}))");
        writer.Line("    {");
        writer.Line($"        return {Metadata}.CreateValueInfo<{type}>(options, {context.Qualify(GenerationContext.ConverterName(typeName))}.Instance);");
        writer.Line("    }");
        writer.Line();
    }

    private static GeneratedFile EmitDateTimeConverter(GenerationContext context)
    {
        var name = context.DateTimeConverterName;
        return File(context, name, writer =>
        {
            writer.Lines($$"""
                /// <summary>
                /// Reads and writes the date-times of the API: <c>2025-02-19T02:50:20+0000</c>.
                /// </summary>
                /// <remarks>
                /// Reads offsets with or without a colon (<c>+0100</c>, <c>+01:00</c>), <c>Z</c>, and fractions of a second.
                /// Writes <c>yyyy-MM-ddTHH:mm:ss</c> and the offset as <c>+hhmm</c>; a fraction of a second is written only
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
                    };

                    /// <summary>The shared instance; the converter holds no state.</summary>
                    public static {{name}} Instance { get; } = new {{name}}();

                    /// <summary>Parses a date-time in any of the forms the API uses.</summary>
                    /// <param name="text">The text to parse.</param>
                    /// <param name="value">The parsed value, with the offset the text gives.</param>
                    /// <returns>Whether the text is a date-time.</returns>
                    public static bool TryParse(string? text, out global::System.DateTimeOffset value) =>
                        global::System.DateTimeOffset.TryParseExact(text, Formats, {{Invariant}}, global::System.Globalization.DateTimeStyles.AssumeUniversal, out value);

                    /// <summary>Formats a date-time the way the API writes it, for example <c>2025-02-19T02:50:20+0000</c>.</summary>
                    /// <param name="value">The value to format; its offset is kept.</param>
                    /// <returns>The text.</returns>
                    public static string Format(global::System.DateTimeOffset value)
                    {
                        var offset = value.Offset;
                        var sign = offset < global::System.TimeSpan.Zero ? '-' : '+';
                        offset = offset.Duration();
                        return value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", {{Invariant}})
                            + sign
                            + offset.Hours.ToString("00", {{Invariant}})
                            + offset.Minutes.ToString("00", {{Invariant}});
                    }

                    /// <inheritdoc/>
                    public override global::System.DateTimeOffset Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options)
                    {
                        if (reader.TokenType != {{Json}}.JsonTokenType.String)
                        {
                            throw new {{Json}}.JsonException("Expected a date-time string, found " + reader.TokenType + ".");
                        }

                        var text = reader.GetString();
                        if (!TryParse(text, out var value))
                        {
                            throw new {{Json}}.JsonException("'" + text + "' is not a date-time such as 2025-02-19T02:50:20+0000.");
                        }

                        return value;
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, global::System.DateTimeOffset value, {{Json}}.JsonSerializerOptions options)
                    {
                        writer.WriteStringValue(Format(value));
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

                    /// <summary>Creates a converter that reads and writes each item with <paramref name="itemConverter"/>.</summary>
                    /// <param name="itemConverter">The converter of the items.</param>
                    public {{name}}({{Json}}.Serialization.JsonConverter<T> itemConverter)
                    {
                        _itemConverter = itemConverter;
                    }

                    /// <inheritdoc/>
                    public override global::System.Collections.Generic.IReadOnlyList<T> Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options)
                    {
                        if (reader.TokenType != {{Json}}.JsonTokenType.StartArray)
                        {
                            throw new {{Json}}.JsonException("Expected a JSON array, found " + reader.TokenType + ".");
                        }

                        var items = new global::System.Collections.Generic.List<T>();
                        while (reader.Read() && reader.TokenType != {{Json}}.JsonTokenType.EndArray)
                        {
                            items.Add(_itemConverter.Read(ref reader, typeof(T), options)!);
                        }

                        return items.AsReadOnly();
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, global::System.Collections.Generic.IReadOnlyList<T> value, {{Json}}.JsonSerializerOptions options)
                    {
                        writer.WriteStartArray();
                        foreach (var item in value)
                        {
                            _itemConverter.Write(writer, item, options);
                        }

                        writer.WriteEndArray();
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

                    /// <summary>Creates a converter that reads and writes each value with <paramref name="valueConverter"/>.</summary>
                    /// <param name="valueConverter">The converter of the values.</param>
                    public {{name}}({{Json}}.Serialization.JsonConverter<T> valueConverter)
                    {
                        _valueConverter = valueConverter;
                    }

                    /// <inheritdoc/>
                    public override global::System.Collections.Generic.IReadOnlyDictionary<string, T> Read(ref {{Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options)
                    {
                        if (reader.TokenType != {{Json}}.JsonTokenType.StartObject)
                        {
                            throw new {{Json}}.JsonException("Expected a JSON object, found " + reader.TokenType + ".");
                        }

                        var values = new global::System.Collections.Generic.Dictionary<string, T>(global::System.StringComparer.Ordinal);
                        while (reader.Read() && reader.TokenType == {{Json}}.JsonTokenType.PropertyName)
                        {
                            var key = reader.GetString()!;
                            reader.Read();
                            values[key] = _valueConverter.Read(ref reader, typeof(T), options)!;
                        }

                        return new global::System.Collections.ObjectModel.ReadOnlyDictionary<string, T>(values);
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, global::System.Collections.Generic.IReadOnlyDictionary<string, T> value, {{Json}}.JsonSerializerOptions options)
                    {
                        writer.WriteStartObject();
                        foreach (var entry in value)
                        {
                            writer.WritePropertyName(entry.Key);
                            _valueConverter.Write(writer, entry.Value, options);
                        }

                        writer.WriteEndObject();
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
                        if (reader.TokenType != {{Json}}.JsonTokenType.String)
                        {
                            throw new {{Json}}.JsonException("Expected a JSON string, found " + reader.TokenType + ".");
                        }

                        return reader.GetString()!;
                    }

                    /// <inheritdoc/>
                    public override void Write({{Json}}.Utf8JsonWriter writer, string value, {{Json}}.JsonSerializerOptions options)
                    {
                        writer.WriteStringValue(value);
                    }
                    """);
            }
        });
    }
}
