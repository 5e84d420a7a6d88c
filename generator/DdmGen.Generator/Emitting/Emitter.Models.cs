using System.Collections.Generic;
using System.Linq;
using DdmGen.Generator.Model;

namespace DdmGen.Generator.Emitting;

internal static partial class Emitter
{
    private const string ObsoleteAttribute = "[global::System.Obsolete(\"Deprecated in the API specification.\")]";

    /// <summary>
    /// A model: a record with its JSON reading and writing as explicit members of the shared model interface, so
    /// that one file holds the type and its JSON form, and one shared converter serves every model.
    /// </summary>
    private static GeneratedFile EmitObject(ObjectUnit unit)
    {
        var model = unit.Model;
        var context = unit.Context;
        // A model names deprecated members of its own, and deprecated models in its properties' types.
        var pragma = unit.UsesDeprecated
            ? "#pragma warning disable CS0612, CS0618 // The JSON members read and write deprecated members and models too."
            : null;
        return File(context, model.Name, writer =>
        {
            var typeName = context.Qualify(model.Name);
            var jsonObject = $"{context.Qualify(context.JsonHelpersName)}.IJsonObject<{typeName}>";
            Summary(writer, model.Description ?? $"The {model.Name} schema of {context.SpecFileName}.");
            writer.Line(GeneratedCodeAttribute);
            writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({context.Qualify(context.ResolverName)}.Converter))]");
            if (model.IsDeprecated)
            {
                writer.Line(ObsoleteAttribute);
            }

            using (writer.Block($"public sealed partial record {model.Name} : {context.Qualify(context.ModelBaseName)}, {jsonObject}"))
            {
                var collections = model.Properties.Where(property => NeedsConverterField(context, property.Type)).ToList();
                foreach (var property in collections)
                {
                    writer.Line($"private static readonly {Json}.Serialization.JsonConverter<{TypeName(context, property.Type)}> {GeneratedNames.ConverterField(property.Name)} = {Converter(context, property.Type)};");
                }

                if (collections.Count > 0)
                {
                    writer.Line();
                }

                foreach (var property in model.Properties)
                {
                    WriteProperty(writer, context, property, model.IsDeprecated);
                    writer.Line();
                }

                WriteReadMethod(writer, context, model, typeName, jsonObject);
                writer.Line();
                WriteWriteMethod(writer, context, model, typeName, jsonObject);
                if (model.Properties.Any(property => property.IsSecret))
                {
                    writer.Line();
                    WritePrintMembers(writer, model);
                }
            }
        }, pragma);
    }

    private static void WriteProperty(SourceWriter writer, GenerationContext context, PropertyModel property, bool inDeprecatedModel)
    {
        var summary = property.Description is { } description ? Escape(description) : $"The <c>{Escape(property.JsonName)}</c> property.";
        if (PropertyNote(property) is { } note)
        {
            // The note joins the summary, so that one element says everything and no remark repeats on every member.
            // It holds spec text (the default value), so it is escaped like the description.
            // A description of only white space leaves the note alone.
            summary = summary.TrimEnd();
            summary = summary.Length == 0 ? Escape(note) : summary + (char.IsLetterOrDigit(summary[summary.Length - 1]) ? ". " : " ") + Escape(note);
        }

        // No [JsonPropertyName]: the type's [JsonConverter] makes System.Text.Json use the model's own Read and
        // WriteProperties, which hold the spec's names, so a property attribute would never be read.
        SummaryXml(writer, summary);
        if (property.IsDeprecated && property.IsRequired && !inDeprecatedModel)
        {
            // C# lets a required member be obsolete only in an obsolete type (CS9042): the docs say it instead.
            writer.Line("/// <remarks>Deprecated in the API specification.</remarks>");
        }
        else if (property.IsDeprecated)
        {
            writer.Line(ObsoleteAttribute);
        }

        var required = property.IsRequired ? "required " : string.Empty;
        writer.Line($"public {required}{TypeName(context, property.Type, property.IsOptional)} {property.Name} {{ get; init; }}");
    }

    /// <summary>
    /// The members of the record's printed form as the compiler writes them (<c>Name = value</c>, comma-separated), with a
    /// password (<c>format: password</c>), or a list or map of them, as <c>***</c> when it is set, so that logging a model never writes one out.
    /// </summary>
    private static void WritePrintMembers(SourceWriter writer, ObjectModel model)
    {
        writer.Line("/// <summary>Writes the members of the printed form; a password is written as <c>***</c>.</summary>");
        writer.Line("/// <param name=\"builder\">The text the members are added to.</param>");
        writer.Line("/// <returns>Whether a member was written.</returns>");
        using (writer.Block("protected override bool PrintMembers(global::System.Text.StringBuilder builder)"))
        {
            var separator = string.Empty;
            foreach (var property in model.Properties)
            {
                // A value type that is never null (a required integer, an enum) is always set: no test, which would not compile.
                var value = !property.IsSecret ? $"(object?){property.Name}"
                    : property.Type.IsValueType && !property.IsOptional ? "\"***\""
                    : $"{property.Name} is null ? null : \"***\"";
                writer.Line($"builder.Append(\"{separator}{property.Name} = \").Append({value});");
                separator = ", ";
            }

            writer.Line("return true;");
        }
    }

    /// <summary>What the summary of a member adds about absence, null and the server's default, if anything.</summary>
    private static string? PropertyNote(PropertyModel property)
    {
        var notes = new List<string>();
        if (property.IsRequiredInAnswers)
        {
            // The description already says when it is null.
            if (property.IsNullable)
            {
                notes.Add("An answer may send null.");
            }
        }
        else if (!property.IsRequired)
        {
            notes.Add("Null when the JSON leaves it out or sends null.");
        }
        else if (property.IsNullable)
        {
            notes.Add("Always present; may be null.");
        }

        if (property.DefaultValue is { } value)
        {
            // A model may be a request's or an answer's: say what the value means, not who assumes it.
            notes.Add($"Left out, it means {value} (the spec's default).");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    /// <summary>Reads by UTF-8 property name, one line per property, keeps what it does not list and checks required members.</summary>
    private static void WriteReadMethod(SourceWriter writer, GenerationContext context, ObjectModel model, string typeName, string jsonObject)
    {
        var helpers = context.Qualify(context.JsonHelpersName);
        // Explicit members of the internal interface: no documentation, as nothing outside calls them by this type.
        using (writer.Block($"static {typeName} {jsonObject}.Read(ref {Json}.Utf8JsonReader reader, {Json}.JsonSerializerOptions options, ref {helpers}.UnlistedMembers? unlisted)"))
        {
            var taken = new HashSet<string>(GeneratedNames.ConverterReadParameters);
            var locals = model.Properties.Select(property => (Property: property, Local: LocalName(property.Name, taken))).ToList();
            // A required member that may be null needs a flag to tell "absent" from "null"; for the others null means absent.
            var flags = locals.Where(item => item.Property.IsCheckedOnRead && item.Property.IsNullable)
                .ToDictionary(item => item.Property.Name, item => LocalName("has" + item.Property.Name, taken));
            var propertyName = LocalName("PropertyName", taken);
            var sentName = LocalName("SentName", taken);
            foreach (var (property, local) in locals)
            {
                writer.Line($"{TypeName(context, property.Type, nullable: true)} {local} = default;");
                if (flags.TryGetValue(property.Name, out var flag))
                {
                    writer.Line($"bool {flag} = false;");
                }
            }

            // Names are matched on their UTF-8 bytes: no string per property, and no unescaping unless escaped. The
            // switch jumps on the length of the name, so each property costs one comparison however many the model has.
            // The loop's braces and indentation are written here rather than by a block of the writer, which would
            // put a blank line between the loop and the return that ends the same read.
            if (locals.Count == 0)
            {
                writer.Line($"while ({helpers}.NextProperty(ref reader, out _, out var {sentName}))");
                writer.Line("{");
                writer.Line($"    {helpers}.Keep(ref reader, {sentName}, ref unlisted);");
                writer.Line("}");
                writer.Line($"return new {typeName}();");
                return;
            }

            writer.Line($"while ({helpers}.NextProperty(ref reader, out var {propertyName}, out var {sentName})) switch ({propertyName}.Length)");
            writer.Line("{");
            foreach (var (property, local) in locals)
            {
                var flag = flags.TryGetValue(property.Name, out var name) ? $" {name} = true;" : string.Empty;
                writer.Line($"    case {Utf8Length(property.JsonName)} when {helpers}.Is({propertyName}, {Literal(property.JsonName)}u8): {local} = {ReadExpression(context, property)};{flag} break;");
            }

            writer.Line($"    default: {helpers}.Keep(ref reader, {sentName}, ref unlisted); break;");
            writer.Line("}");
            writer.Line($"return new {typeName}");
            writer.Line("{");
            // The model's name as a literal, for the members that are checked: made once, not once for each member.
            string? modelName = null;
            foreach (var (property, local) in locals)
            {
                if (!property.IsCheckedOnRead)
                {
                    writer.Line($"    {property.Name} = {local},");
                    continue;
                }

                modelName ??= Literal(model.Name);
                var missing = $"{helpers}.Missing({Literal(property.JsonName)}, {modelName}";
                if (flags.TryGetValue(property.Name, out var flag))
                {
                    writer.Line($"    {property.Name} = {flag} ? {local} : throw {missing}, mayBeNull: true),");
                }
                else
                {
                    writer.Line($"    {property.Name} = {local} ?? throw {missing}),");
                }
            }

            writer.Line("};");
        }
    }

    /// <summary>The length of a JSON name in UTF-8, as the reader hands it over unescaped.</summary>
    private static int Utf8Length(string name) => System.Text.Encoding.UTF8.GetByteCount(name);

    /// <summary>Reads the value the reader stands on; JSON null gives null, the caller checks required members.</summary>
    private static string ReadExpression(GenerationContext context, PropertyModel property)
    {
        var helpers = context.Qualify(context.JsonHelpersName);
        var type = property.Type;
        return type.Kind switch
        {
            TypeKind.String => $"{helpers}.ReadString(ref reader)",
            TypeKind.Any => $"{helpers}.ReadJsonElement(ref reader)",
            // Straight to the static readers: no converter call; ASCII text and plain decimals without the general decoders.
            TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Boolean => $"{helpers}.Read{ReaderSuffix(type.Kind)}(ref reader)",
            TypeKind.DateTimeOffset => $"{context.Qualify(context.DateTimeConverterName)}.ReadNullable(ref reader)",
            TypeKind.Enum => $"{helpers}.OpenEnum<{context.Qualify(type.Name!)}>.ReadNullable(ref reader)",
            TypeKind.Array or TypeKind.Map => $"{helpers}.Read{CollectionTypeArgument(context, type)}(ref reader, {WriteConverter(context, property)}, options)",
            _ => $"{ObjectConverter(context, type.Name!)}.ReadNullable(ref reader, options)",
        };
    }

    /// <summary>The name of a primitive type in the reader's <c>GetX</c> methods and the shared helpers' <c>WriteX</c>.</summary>
    private static string ReaderSuffix(TypeKind kind) => kind switch
    {
        TypeKind.String => "String",
        TypeKind.Int32 => "Int32",
        TypeKind.Int64 => "Int64",
        TypeKind.Single => "Single",
        TypeKind.Double => "Double",
        TypeKind.Boolean => "Boolean",
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "Only strings, numbers and booleans have shared readers and writers."),
    };

    /// <summary>Writes one line per member; members without a value are left out through the shared helpers.</summary>
    private static void WriteWriteMethod(SourceWriter writer, GenerationContext context, ObjectModel model, string typeName, string jsonObject)
    {
        var helpers = context.Qualify(context.JsonHelpersName);
        using (writer.Block($"static void {jsonObject}.WriteProperties({Json}.Utf8JsonWriter writer, {typeName} value, {Json}.JsonSerializerOptions options)"))
        {
            var taken = new HashSet<string>(GeneratedNames.ConverterWriteParameters);
            foreach (var property in model.Properties)
            {
                // Names as UTF-8 literals: the writer escapes them as it would a pre-encoded name, without a field per property.
                var name = Literal(property.JsonName) + "u8";
                var member = "value." + property.Name;
                if (!property.IsRequired)
                {
                    writer.Line(IsPlainWrite(property.Type.Kind)
                        ? $"{helpers}.WriteOptional{ReaderSuffix(property.Type.Kind)}(writer, {name}, {member});"
                        : $"{helpers}.WriteOptional{CollectionTypeArgument(context, property.Type)}(writer, {name}, {member}, {WriteConverter(context, property)}, options);");
                }
                else if (property.IsNullable)
                {
                    // Required but nullable: the member is always written, as null when it has no value.
                    var local = LocalName(property.Name, taken);
                    using (writer.Block($"if ({member} is {{ }} {local})"))
                    {
                        WriteValue(writer, context, property, name, local);
                    }

                    using (writer.Block("else"))
                    {
                        writer.Line($"writer.WriteNull({name});");
                    }
                }
                else
                {
                    WriteValue(writer, context, property, name, member);
                }
            }
        }
    }

    private static bool IsPlainWrite(TypeKind kind) =>
        kind is TypeKind.String or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Boolean;

    private static void WriteValue(SourceWriter writer, GenerationContext context, PropertyModel property, string name, string value)
    {
        var helpers = context.Qualify(context.JsonHelpersName);
        writer.Line(property.Type.Kind switch
        {
            TypeKind.String or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Boolean =>
                $"{helpers}.Write{ReaderSuffix(property.Type.Kind)}(writer, {name}, {value});",
            _ => $"{helpers}.Write{CollectionTypeArgument(context, property.Type)}(writer, {name}, {value}, {WriteConverter(context, property)}, options);",
        });
    }

    /// <summary>
    /// The type argument of a generic helper's call for a list or a map (<c>&lt;IReadOnlyList&lt;X&gt;&gt;</c>), empty for
    /// other types: inferring it from a nested generic converter such as <c>ListConverter&lt;X&gt;.Shared&lt;XConverter&gt;</c>
    /// costs the compiler a third more than reading it.
    /// </summary>
    private static string CollectionTypeArgument(GenerationContext context, TypeRef type) =>
        type.Kind is TypeKind.Array or TypeKind.Map ? $"<{TypeName(context, type)}>" : string.Empty;

    /// <summary>The converter of a member: its field, or the shared instance.</summary>
    private static string WriteConverter(GenerationContext context, PropertyModel property) =>
        NeedsConverterField(context, property.Type) ? GeneratedNames.ConverterField(property.Name) : Converter(context, property.Type);
}
