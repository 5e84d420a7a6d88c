using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Ddm.Cli;

/// <summary>How results are written.</summary>
internal enum OutputFormat
{
    /// <summary>Columns: fitted to a terminal, plain and complete when redirected.</summary>
    Table,

    /// <summary>One complete JSON document, written once everything has arrived.</summary>
    Json,

    /// <summary>JSON Lines: one object per line, streamed as items arrive.</summary>
    Jsonl,
}

/// <summary>
/// Options whose values are checked while parsing, before anything starts; every error names the option and
/// what it accepts (never a .NET type name).
/// </summary>
internal static class Arguments
{
    public static Option<int?> Integer(string name, int min, int max, string description)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.CustomParser = result =>
        {
            var text = Single(result);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} takes a whole number from {min} to {max}, not '{text}'."));
            return null;
        };
        return option;
    }

    public static Option<OutputFormat> Output()
    {
        var option = new Option<OutputFormat>("--output", "-o")
        {
            Description = "table (the default), json (one document) or jsonl (one JSON object per line, streamed).",
            HelpName = "table|json|jsonl",
        };
        option.CustomParser = result =>
        {
            var text = Single(result);
            switch (text.ToUpperInvariant())
            {
                case "TABLE":
                    return OutputFormat.Table;
                case "JSON":
                    return OutputFormat.Json;
                case "JSONL":
                    return OutputFormat.Jsonl;
                default:
                    result.AddError($"--output takes table, json or jsonl, not '{text}'.");
                    return OutputFormat.Table;
            }
        };
        return option;
    }

    /// <summary>Seconds ("30", "1.5") or with a unit ("30s", "2m").</summary>
    public static Option<TimeSpan?> Timeout(TimeSpan defaultValue, bool recursive = true)
    {
        var option = new Option<TimeSpan?>("--timeout")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"How long to wait for each answer of the service, in seconds or with a unit (30s, 2m); {defaultValue.TotalSeconds:0} s when not set."),
            HelpName = "SECONDS",
            Recursive = recursive,
        };
        option.CustomParser = result =>
        {
            var text = Single(result);
            var (number, unit) = text.EndsWith('m') ? (text[..^1], 60.0) : text.EndsWith('s') ? (text[..^1], 1.0) : (text, 1.0);
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && value * unit <= 3600)
            {
                return TimeSpan.FromSeconds(value * unit);
            }

            result.AddError($"--timeout takes a number of seconds above 0 and up to 3600, or a value such as 30s or 2m, not '{text}'.");
            return null;
        };
        return option;
    }

    public static Option<string?> NonEmpty(string name, string description, bool required = false, bool recursive = false, string helpName = "ID")
    {
        var option = new Option<string?>(name) { Description = description, Required = required, Recursive = recursive, HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError($"{name} must not be empty.");
            }
        });
        return option;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
