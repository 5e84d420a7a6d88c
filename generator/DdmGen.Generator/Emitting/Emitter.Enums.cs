using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    /// <summary>
    /// An open enum: a record struct over the wire string with the listed values as static members. What every open
    /// enum does alike (reading, the lookup of listed values, comparing texts ignoring case) lives once in the shared
    /// helpers; the compiler writes the equality members from the one field.
    /// </summary>
    private static GeneratedFile EmitEnum(EnumUnit unit) => File(unit.Context, unit.Model.Name, writer =>
    {
        var model = unit.Model;
        var context = unit.Context;
        var name = model.Name;
        var helpers = context.Qualify(context.JsonHelpersName);
        Summary(writer, model.Description ?? $"The {name} values of {context.SpecFileName}.");
        writer.Line("/// <remarks>An open set: a value not listed here is kept as sent; see <see cref=\"IsKnown\"/>. Values compare by their text, ignoring case.</remarks>");
        writer.Line(GeneratedCodeAttribute);
        writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({context.Qualify(context.ResolverName)}.Converter))]");
        using (writer.Block($"public readonly partial record struct {name} : {helpers}.IOpenEnum<{name}>"))
        {
            writer.Lines($$"""
                private readonly {{helpers}}.OpenEnumText _value;

                /// <inheritdoc cref="{{helpers}}.IOpenEnum{T}.implicit operator T(string)"/>
                public {{name}}(string value) => _value = new {{helpers}}.OpenEnumText(value);

                """);
            // The listed values read as one list, like the members of a C# enum: no blank line between them.
            foreach (var member in model.Members)
            {
                var description = member.Description is null ? $"The value <c>{Escape(member.Value)}</c>." : $"{Escape(member.Description)} (<c>{Escape(member.Value)}</c>)";
                SummaryXml(writer, description);
                writer.Line($"public static {name} {member.Name} {{ get; }} = new {name}({Literal(member.Value)});");
            }

            if (model.Members.Count > 0)
            {
                writer.Line();
            }

            var listed = model.Members.Count == 0
                ? $"global::System.Array.Empty<{name}>()"
                : $"new[] {{ {string.Join(", ", model.Members.Select(member => member.Name))} }}";
            writer.Lines($$"""
                /// <summary>The text of the value as the service sends it, written back unchanged; empty for <c>default</c>.</summary>
                public string Value => _value.Value;

                /// <summary>Whether the value is one of those the spec lists, ignoring case.</summary>
                public bool IsKnown => {{helpers}}.OpenEnum<{{name}}>.IsListed(Value);

                /// <inheritdoc cref="{{name}}(string)"/>
                public static implicit operator {{name}}(string value) => new {{name}}(value);

                /// <summary>The text of the value.</summary>
                public override string ToString() => Value;

                static {{name}}[] {{helpers}}.IOpenEnum<{{name}}>.Listed => {{listed}};
                """);
        }
    });

    /// <summary>The shared converter of a model, an expression of its type.</summary>
    private static string ObjectConverter(GenerationContext context, string name) =>
        $"{context.Qualify(context.JsonHelpersName)}.ObjectConverter<{context.Qualify(name)}>";

    /// <summary>The shared converter of an open enum, an expression of its type.</summary>
    private static string EnumConverter(GenerationContext context, string name) =>
        $"{context.Qualify(context.JsonHelpersName)}.OpenEnumConverter<{context.Qualify(name)}>";
}
