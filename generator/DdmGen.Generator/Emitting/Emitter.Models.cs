using System.Collections.Generic;
using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    private const string ObsoleteAttribute = "[global::System.Obsolete(\"Deprecated in the API specification.\")]";

    private static GeneratedFile EmitObject(ObjectUnit unit) => File(unit.Context, unit.Model.Name, writer =>
    {
        var model = unit.Model;
        var context = unit.Context;
        Summary(writer, model.Description ?? $"The {model.Name} schema of {context.SpecFileName}.");
        writer.Line(GeneratedCodeAttribute);
        writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({context.Qualify(GenerationContext.ConverterName(model.Name))}))]");
        if (model.IsDeprecated)
        {
            writer.Line(ObsoleteAttribute);
        }

        using (writer.Block($"public sealed partial record {model.Name}"))
        {
            var first = true;
            foreach (var property in model.Properties)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                SummaryXml(writer, property.Description is { } description ? Escape(description) : $"The <c>{Escape(property.JsonName)}</c> property.");
                Remarks(writer, PropertyRemarks(property));
                writer.Line($"[global::System.Text.Json.Serialization.JsonPropertyName({Literal(property.JsonName)})]");
                if (property.IsDeprecated)
                {
                    writer.Line(ObsoleteAttribute);
                }

                var required = property.IsRequired ? "required " : string.Empty;
                writer.Line($"public {required}{TypeName(context, property.Type, property.IsOptional)} {property.Name} {{ get; init; }}");
            }
        }
    });

    private static string? PropertyRemarks(PropertyModel property)
    {
        var notes = new List<string>();
        if (!property.IsRequired)
        {
            notes.Add("Null when the JSON leaves it out.");
        }
        else if (property.IsNullable)
        {
            notes.Add("Always present; may be null.");
        }

        if (property.DefaultValue is { } value)
        {
            notes.Add($"The server assumes {value} when it is left out.");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    /// <summary>The converter reads by UTF-8 property name, keeps nothing it does not know, and checks required members.</summary>
    private static GeneratedFile EmitObjectConverter(ObjectUnit unit)
    {
        var model = unit.Model;
        var context = unit.Context;
        var converterName = GenerationContext.ConverterName(model.Name);
        var typeName = context.Qualify(model.Name);
        var pragma = model.IsDeprecated || model.Properties.Any(property => property.IsDeprecated)
            ? "#pragma warning disable CS0612, CS0618 // The converter reads and writes deprecated members too."
            : null;
        return File(context, converterName, writer =>
        {
            SummaryXml(writer, $"Reads and writes <see cref=\"{typeName}\"/> as JSON without reflection.");
            writer.Line(GeneratedCodeAttribute);
            using (writer.Block($"internal sealed class {converterName} : {Json}.Serialization.JsonConverter<{typeName}>"))
            {
                writer.Line("/// <summary>The shared instance; the converter holds no state.</summary>");
                writer.Line($"internal static readonly {converterName} Instance = new {converterName}();");
                foreach (var property in model.Properties.Where(property => property.Type.Kind is TypeKind.Array or TypeKind.Map))
                {
                    writer.Line();
                    writer.Line($"private static readonly {Json}.Serialization.JsonConverter<{TypeName(context, property.Type)}> {GeneratedNames.ConverterField(property.Name)} = {Converter(context, property.Type)};");
                }

                writer.Line();
                WriteReadMethod(writer, context, model, typeName);
                writer.Line();
                WriteWriteMethod(writer, context, model, typeName);
            }
        }, pragma);
    }

    private static void WriteReadMethod(SourceWriter writer, GenerationContext context, ObjectModel model, string typeName)
    {
        var helpers = context.Qualify(context.JsonHelpersName);
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public override {typeName} Read(ref {Json}.Utf8JsonReader reader, global::System.Type typeToConvert, {Json}.JsonSerializerOptions options)"))
        {
            writer.Line($"{helpers}.Expect(reader.TokenType, {Json}.JsonTokenType.StartObject, {Literal($"a JSON object for {model.Name}")});");
            var taken = new HashSet<string>(GeneratedNames.ConverterReadParameters);
            var locals = model.Properties.Select(property => (Property: property, Local: LocalName(property.Name, taken))).ToList();
            // A required member that may be null needs a flag to tell "absent" from "null"; for the others null means absent.
            var flags = locals.Where(item => item.Property.IsRequired && item.Property.IsNullable)
                .ToDictionary(item => item.Property.Name, item => LocalName("has" + item.Property.Name, taken));
            var propertyName = LocalName("PropertyName", taken);
            foreach (var (property, local) in locals)
            {
                writer.Line($"{TypeName(context, property.Type, nullable: true)} {local} = default;");
                if (flags.TryGetValue(property.Name, out var flag))
                {
                    writer.Line($"bool {flag} = false;");
                }
            }

            using (writer.Block($"while (reader.Read() && reader.TokenType == {Json}.JsonTokenType.PropertyName)"))
            {
                // Names are matched on their UTF-8 bytes: no string per property, and no unescaping unless escaped.
                if (locals.Count > 0)
                {
                    writer.Line($"var {propertyName} = {helpers}.Utf8(ref reader);");
                }

                writer.Line("reader.Read();");
                var keyword = "if";
                foreach (var (property, local) in locals)
                {
                    using (writer.Block($"{keyword} (global::System.MemoryExtensions.SequenceEqual({propertyName}, {Literal(property.JsonName)}u8))"))
                    {
                        writer.Line($"{local} = {ReadExpression(context, property)};");
                        if (flags.TryGetValue(property.Name, out var flag))
                        {
                            writer.Line($"{flag} = true;");
                        }
                    }

                    keyword = "else if";
                }

                if (locals.Count > 0)
                {
                    writer.Line("else");
                }

                using (writer.Block())
                {
                    writer.Line("// A property this version does not know: skip it, so that newer servers keep working.");
                    writer.Line("reader.Skip();");
                }
            }

            writer.Line($"return new {typeName}");
            writer.Line("{");
            foreach (var (property, local) in locals)
            {
                var missing = $"{helpers}.Missing({Literal(property.JsonName)}, {Literal(model.Name)}";
                var value = !property.IsRequired ? local
                    : flags.TryGetValue(property.Name, out var flag) ? $"{flag} ? {local} : throw {missing}, mayBeNull: true)"
                    : $"{local} ?? throw {missing})";
                writer.Line($"    {property.Name} = {value},");
            }

            writer.Line("};");
        }
    }

    /// <summary>Reads the value the reader stands on; JSON null gives null, the caller checks required members.</summary>
    private static string ReadExpression(GenerationContext context, PropertyModel property)
    {
        var type = property.Type;
        var read = type.Kind switch
        {
            TypeKind.String => "reader.GetString()",
            TypeKind.Int32 => "reader.GetInt32()",
            TypeKind.Int64 => "reader.GetInt64()",
            TypeKind.Single => "reader.GetSingle()",
            TypeKind.Double => "reader.GetDouble()",
            TypeKind.Boolean => "reader.GetBoolean()",
            TypeKind.Any => $"{Json}.JsonElement.ParseValue(ref reader)",
            TypeKind.Array or TypeKind.Map => $"{GeneratedNames.ConverterField(property.Name)}.Read(ref reader, typeof({TypeName(context, type)}), options)",
            _ => $"{Converter(context, type)}.Read(ref reader, typeof({TypeName(context, type)}), options)",
        };
        if (type.Kind is TypeKind.String or TypeKind.Any)
        {
            return read;
        }

        var none = type.IsValueType ? $"default({TypeName(context, type, nullable: true)})" : "null";
        return $"reader.TokenType == {Json}.JsonTokenType.Null ? {none} : {read}";
    }

    private static void WriteWriteMethod(SourceWriter writer, GenerationContext context, ObjectModel model, string typeName)
    {
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public override void Write({Json}.Utf8JsonWriter writer, {typeName} value, {Json}.JsonSerializerOptions options)"))
        {
            writer.Line("writer.WriteStartObject();");
            var taken = new HashSet<string>(GeneratedNames.ConverterWriteParameters);
            foreach (var property in model.Properties)
            {
                if (property.IsOptional)
                {
                    var local = LocalName(property.Name, taken);
                    using (writer.Block($"if (value.{property.Name} is {{ }} {local})"))
                    {
                        WriteProperty(writer, context, property, local);
                    }

                    if (property.IsRequired)
                    {
                        // Required but nullable: the member is always written, as null when it has no value.
                        using (writer.Block("else"))
                        {
                            writer.Line($"writer.WriteNull({Literal(property.JsonName)}u8);");
                        }
                    }
                }
                else
                {
                    WriteProperty(writer, context, property, "value." + property.Name);
                }
            }

            writer.Line("writer.WriteEndObject();");
        }
    }

    private static void WriteProperty(SourceWriter writer, GenerationContext context, PropertyModel property, string value)
    {
        // Names as UTF-8 literals: the writer escapes them as it would a pre-encoded name, without a field per property.
        var name = Literal(property.JsonName) + "u8";
        switch (property.Type.Kind)
        {
            case TypeKind.String:
                writer.Line($"writer.WriteString({name}, {value});");
                break;
            case TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double:
                writer.Line($"writer.WriteNumber({name}, {value});");
                break;
            case TypeKind.Boolean:
                writer.Line($"writer.WriteBoolean({name}, {value});");
                break;
            case TypeKind.Any:
                writer.Line($"writer.WritePropertyName({name});");
                writer.Line($"{value}.WriteTo(writer);");
                break;
            case TypeKind.Array or TypeKind.Map:
                writer.Line($"writer.WritePropertyName({name});");
                writer.Line($"{GeneratedNames.ConverterField(property.Name)}.Write(writer, {value}, options);");
                break;
            default:
                writer.Line($"writer.WritePropertyName({name});");
                writer.Line($"{Converter(context, property.Type)}.Write(writer, {value}, options);");
                break;
        }
    }
}
