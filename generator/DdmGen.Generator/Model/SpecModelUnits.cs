using System.Collections.Generic;
using System.Linq;

namespace DdmGen.Generator.Model;

internal static class SpecModelUnits
{
    /// <summary>Whether <paramref name="type"/>, or the type of its items or values at any depth, is one of <paramref name="names"/>' models.</summary>
    private static bool NamesModel(TypeRef type, HashSet<string> names)
    {
        for (var current = type; current is not null; current = current.Element)
        {
            if (current.Kind == TypeKind.Object && current.Name is { } name && names.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a spec model into the units the emitter turns into files, in a stable order.</summary>
    public static IEnumerable<EmitUnit> ToEmitUnits(this SpecModel model)
    {
        var context = model.Context;
        // A model turns the deprecation warnings off only when it names something deprecated: itself, a member of its
        // own, or a deprecated model in its properties' types. A deprecation elsewhere in the spec changes no other model.
        var deprecatedModels = new HashSet<string>(model.Objects.Where(type => type.IsDeprecated).Select(type => type.Name), System.StringComparer.Ordinal);
        foreach (var type in model.Objects)
        {
            var namesDeprecated = type.IsDeprecated || type.Properties.Any(property => property.IsDeprecated || NamesModel(property.Type, deprecatedModels));
            yield return new ObjectUnit(context, type, namesDeprecated) { Origin = type.Origin };
        }

        foreach (var type in model.Enums)
        {
            yield return new EnumUnit(context, type) { Origin = type.Origin };
        }

        if (model.Objects.Count + model.Enums.Count == 0 && model.Client is null)
        {
            yield break;
        }

        // The resolver lists the types by name, not in the spec's order: moving a schema in the spec changes no line of
        // it, and a type added or removed is one line.
        yield return new ResolverUnit(
            context,
            model.Objects.Select(type => type.Name).OrderBy(name => name, System.StringComparer.Ordinal).ToEquatableArray(),
            model.Enums.Select(type => type.Name).OrderBy(name => name, System.StringComparer.Ordinal).ToEquatableArray(),
            model.Objects.Any(type => type.IsDeprecated));
        yield return new SupportUnit(context, SupportKind.JsonHelpers);
        yield return new SupportUnit(context, SupportKind.ModelBase);
        yield return new SupportUnit(context, SupportKind.ModelContext);

        // One pass over every type and the types inside it: the shapes that need a converter, and whether any list
        // item or map value is a string.
        var shapes = new HashSet<TypeKind>();
        var stringElements = false;
        foreach (var type in model.Objects.SelectMany(type => type.Properties.Select(property => property.Type))
            .Concat(model.Client?.Operations.SelectMany(OperationTypes) ?? Enumerable.Empty<TypeRef>()))
        {
            for (var current = type; current is not null; current = current.Element)
            {
                shapes.Add(current.Kind);
                stringElements |= current.Element?.Kind == TypeKind.String;
            }
        }

        // Strings read or written through a converter: list items, map values, whole results and whole request bodies,
        // and the text arguments and client options a listing's continuation token holds.
        var stringConverter = stringElements
            || model.Client?.Operations.Any(operation => operation.Result?.Kind == TypeKind.String || operation.Body?.Type.Kind == TypeKind.String) == true
            || model.Client?.Operations.Any(operation => operation.Paging is not null && operation.Parameters.Any(parameter => parameter.Type.Kind == TypeKind.String)) == true;
        if (shapes.Contains(TypeKind.DateTimeOffset))
        {
            yield return new SupportUnit(context, SupportKind.DateTimeConverter);
        }

        if (shapes.Contains(TypeKind.Array))
        {
            yield return new SupportUnit(context, SupportKind.ListConverter);
        }

        if (shapes.Contains(TypeKind.Map))
        {
            yield return new SupportUnit(context, SupportKind.MapConverter);
        }

        if (stringConverter)
        {
            yield return new SupportUnit(context, SupportKind.StringConverter);
        }

        if (model.Client is { } client)
        {
            yield return new SupportUnit(context, SupportKind.ApiException);
            if (client.Operations.Any(operation => operation.Paging is not null))
            {
                yield return new SupportUnit(context, SupportKind.Page);
            }

            // Every operation that sends the options' values finds the same overlap: one check of each is enough.
            var optionOverlaps = client.Operations
                .SelectMany(operation => operation.Overlaps.Where(overlap => overlap.Values.All(value => operation.Parameters.Any(parameter =>
                    parameter.Location == ParameterLocation.Path && parameter.WireName == value.WireName && parameter.ClientProperty is not null))))
                .GroupBy(overlap => overlap.Values)
                .Select(group => group.First())
                .ToEquatableArray();
            yield return new OptionsUnit(context, client.Title, client.DefaultEndpoint, client.ServerPath, client.Parameters, client.Auth, client.Operations.Any(operation => !operation.UsesAuth), optionOverlaps) { Origin = client.Origin };
            if (client.Auth is { } auth)
            {
                yield return new CredentialUnit(context, auth) { Origin = client.Origin };
            }

            yield return new ClientSupportUnit(
                context,
                client.Error,
                client.Auth,
                client.Operations.Any(operation => operation.Paging is not null),
                client.Operations.Any(operation => operation.Body is { IsRaw: false }),
                client.Operations.Any(operation => operation.Parameters.Any(parameter => parameter.ClientProperty is null && parameter.Constraints.HasLength)),
                client.Operations.Any(operation => !operation.Overlaps.IsEmpty),
                SecretParameters(client, ParameterLocation.Header),
                SecretParameters(client, ParameterLocation.Query),
                client.Operations.Any(operation => operation.Parameters.Any(parameter => parameter.MasksValue && parameter.Location != ParameterLocation.Header)),
                UnmaskedSecretHeaders(client)) { Origin = client.Origin };
            yield return new ClientUnit(context, client, ClientNamesDeprecated(client, model.Objects, deprecatedModels)) { Origin = client.Origin };
        }
    }

    /// <summary>The names of the parameters in <paramref name="location"/> whose values are passwords, once each, in the order the operations give them.</summary>
    private static EquatableArray<string> SecretParameters(ClientModel client, ParameterLocation location) =>
        client.Operations
            .SelectMany(operation => operation.Parameters)
            .Where(parameter => parameter.IsSecret && parameter.Location == location)
            .Select(parameter => parameter.WireName)
            .Distinct(System.StringComparer.OrdinalIgnoreCase)
            .ToEquatableArray();

    /// <summary>
    /// The names of the password headers whose values are numbers or booleans, which no operation sends as text: kept
    /// out of logs by name, not masked by value.
    /// </summary>
    private static EquatableArray<string> UnmaskedSecretHeaders(ClientModel client)
    {
        var headers = client.Operations.SelectMany(operation => operation.Parameters).Where(parameter => parameter.IsSecret && parameter.Location == ParameterLocation.Header).ToList();
        return headers
            .Where(parameter => !parameter.MasksValue)
            .Select(parameter => parameter.WireName)
            .Where(name => !headers.Any(other => other.MasksValue && string.Equals(other.WireName, name, System.StringComparison.OrdinalIgnoreCase)))
            .Distinct(System.StringComparer.OrdinalIgnoreCase)
            .ToEquatableArray();
    }

    /// <summary>
    /// The names of the top-level types the model's files declare in its namespace: every model and enum, and the
    /// support types, those the model may not need among them (a name too many only keeps another spec out of a
    /// namespace of that name).
    /// </summary>
    public static EquatableArray<string> TypeNames(this SpecModel model)
    {
        if (model.Objects.Count + model.Enums.Count == 0 && model.Client is null)
        {
            return EquatableArray<string>.Empty;
        }

        var context = model.Context;
        var names = model.Objects.Select(type => type.Name).Concat(model.Enums.Select(type => type.Name)).Concat(new[]
        {
            context.ResolverName, context.JsonHelpersName, context.ModelBaseName, context.ModelContextName,
            context.DateTimeConverterName, context.ListConverterName, context.MapConverterName, context.StringConverterName,
        });
        if (model.Client is not null)
        {
            names = names.Concat(new[]
            {
                context.ClientName, context.OptionsName, context.ExceptionName, context.CredentialName, context.TokenCredentialName,
                context.SupportName, context.ServiceExtensionsName, context.PageName,
            });
        }

        return names.ToEquatableArray();
    }

    /// <summary>
    /// Whether the client's code names something deprecated: a deprecated operation's methods, a parameter the spec
    /// deprecates, a deprecated model in an operation's types, or a deprecated member of a listing's page that its
    /// pager reads. A deprecation elsewhere in the spec changes none of the client's files.
    /// </summary>
    private static bool ClientNamesDeprecated(ClientModel client, EquatableArray<ObjectModel> objects, HashSet<string> deprecatedModels)
    {
        // The models with a deprecated member, by name (most specs have none): one lookup per listing.
        var withDeprecatedMembers = new Dictionary<string, ObjectModel>(System.StringComparer.Ordinal);
        foreach (var type in objects.Where(type => type.Properties.Any(property => property.IsDeprecated)))
        {
            withDeprecatedMembers[type.Name] = type;
        }

        foreach (var operation in client.Operations)
        {
            if (operation.IsDeprecated || operation.Parameters.Any(parameter => parameter.IsDeprecated)
                || OperationTypes(operation).Concat(operation.Paging is { } itemPaging ? new[] { itemPaging.ItemType } : Enumerable.Empty<TypeRef>()).Any(type => NamesModel(type, deprecatedModels)))
            {
                return true;
            }

            if (operation.Paging is { } paging && operation.Result is { Kind: TypeKind.Object, Name: { } page }
                && withDeprecatedMembers.TryGetValue(page, out var pageModel)
                && pageModel.Properties.Any(property => property.IsDeprecated && (property.Name == paging.ResultsProperty || property.Name == paging.TotalProperty)))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<TypeRef> OperationTypes(OperationModel operation)
    {
        foreach (var parameter in operation.Parameters)
        {
            yield return parameter.Type;
        }

        if (operation.Body is { IsRaw: false } body)
        {
            yield return body.Type;
        }

        if (operation.Result is { } result)
        {
            yield return result;
        }
    }
}
