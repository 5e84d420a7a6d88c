using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    /// <summary>
    /// An open enum: a struct over the wire string with the known values as static members. A value the spec
    /// does not list is kept as it is, so a newer server never breaks an older client.
    /// </summary>
    private static GeneratedFile EmitEnum(EnumUnit unit) => File(unit.Context, unit.Model.Name, writer =>
    {
        var model = unit.Model;
        var context = unit.Context;
        var name = model.Name;
        var helpers = context.Qualify(context.JsonHelpersName);
        Summary(writer, model.Description ?? $"The {name} values of {context.SpecFileName}.");
        writer.Line("/// <remarks>");
        writer.Line("/// An open set: a value the service sends that is not listed here is kept as it is, compares by its text");
        writer.Line("/// (ignoring case) and is written back unchanged. Use <see cref=\"IsKnown\"/> to tell the listed values apart.");
        writer.Line("/// </remarks>");
        writer.Line(GeneratedCodeAttribute);
        writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({EnumConverter(context, name)}))]");
        using (writer.Block($"public readonly partial struct {name} : global::System.IEquatable<{name}>, {context.Qualify(context.JsonHelpersName)}.IOpenEnum<{name}>"))
        {
            writer.Line("private static readonly global::System.Collections.Generic.HashSet<string> KnownValues = new global::System.Collections.Generic.HashSet<string>(global::System.StringComparer.OrdinalIgnoreCase)");
            writer.Line("{");
            foreach (var member in model.Members)
            {
                writer.Line($"    {Literal(member.Value)},");
            }

            writer.Line("};");
            writer.Line();
            writer.Line("private readonly string? _value;");
            writer.Line();
            writer.Line($"/// <summary>Creates a value from its text on the wire; use the static members for the listed values.</summary>");
            writer.Line("/// <param name=\"value\">The text of the value.</param>");
            writer.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"value\"/> is null.</exception>");
            using (writer.Block($"public {name}(string value)"))
            {
                writer.Line("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
            }

            foreach (var member in model.Members)
            {
                writer.Line();
                var description = member.Description is null ? $"The value <c>{Escape(member.Value)}</c>." : $"{Escape(member.Description)} (<c>{Escape(member.Value)}</c>)";
                SummaryXml(writer, description);
                writer.Line($"public static {name} {member.Name} {{ get; }} = new {name}({Literal(member.Value)});");
            }

            writer.Line();
            writer.Lines($$"""
                /// <summary>The text of the value as the service sends it; empty for <c>default</c>.</summary>
                public string Value => _value ?? string.Empty;

                /// <summary>Whether the value is one of those the spec lists.</summary>
                public bool IsKnown => KnownValues.Contains(Value);

                /// <summary>Converts text to a value.</summary>
                /// <param name="value">The text of the value.</param>
                public static implicit operator {{name}}(string value) => new {{name}}(value);

                /// <summary>Compares two values by their text, ignoring case.</summary>
                public static bool operator ==({{name}} left, {{name}} right) => left.Equals(right);

                /// <summary>Compares two values by their text, ignoring case.</summary>
                public static bool operator !=({{name}} left, {{name}} right) => !left.Equals(right);

                /// <inheritdoc/>
                public bool Equals({{name}} other) => string.Equals(Value, other.Value, global::System.StringComparison.OrdinalIgnoreCase);

                /// <inheritdoc/>
                public override bool Equals(object? obj) => obj is {{name}} other && Equals(other);

                /// <inheritdoc/>
                public override int GetHashCode() => global::System.StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

                /// <summary>The text of the value.</summary>
                public override string ToString() => Value;

                /// <summary>
                /// Reads the JSON string the reader stands on. A listed value spelled exactly as listed is its shared
                /// instance, so reading it allocates nothing; any other text is kept as sent.
                /// </summary>
                static {{name}} {{helpers}}.IOpenEnum<{{name}}>.Read(ref {{Json}}.Utf8JsonReader reader)
                {
                """);
            if (model.Members.Count > 0)
            {
                writer.Line($"    var text = {helpers}.Utf8(ref reader);");
                writer.Line("    return");
                foreach (var member in model.Members)
                {
                    // Qualified, so that a member spelled like the local is still the member.
                    writer.Line($"        global::System.MemoryExtensions.SequenceEqual(text, {Literal(member.Value)}u8) ? {name}.{member.Name} :");
                }

                writer.Line($"        new {name}(reader.GetString()!);");
            }
            else
            {
                writer.Line($"    return new {name}(reader.GetString()!);");
            }

            writer.Line("}");
        }
    });

    /// <summary>The shared converter of an open enum, an expression of its type.</summary>
    private static string EnumConverter(GenerationContext context, string name) =>
        $"{context.Qualify(context.JsonHelpersName)}.OpenEnumConverter<{context.Qualify(name)}>";
}
