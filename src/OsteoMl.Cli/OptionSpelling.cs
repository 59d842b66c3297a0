using System.Reflection;
using OsteoMl.Common;
using Spectre.Console.Cli;

namespace OsteoMl.Cli;

/// <summary>
/// Refuses an option the verb does not have and names the closest one it does ("did you mean --model?"). Checked
/// before the command runs, because a misspelled option that were ignored would let the verb run on its defaults
/// (a different model, 400 patients instead of 10) and exit 0.
/// </summary>
public static class OptionSpelling
{
    /// <summary>Options every verb answers besides its settings' own.</summary>
    private static readonly string[] BuiltIn = ["--help", "-h", "-?"];

    /// <summary>
    /// The message for the first unknown option in <paramref name="args"/> (tokens after the verb), or null when
    /// every option is one of <paramref name="settingsType"/>'s.
    /// </summary>
    public static string? Problem(string verb, IReadOnlyList<string> args, Type settingsType)
    {
        var options = Options(settingsType);
        for (int i = 0; i < args.Count; i++)
        {
            string token = args[i];
            if (token == "--")
            {
                return null;
            }
            if (!IsOptionToken(token))
            {
                continue;
            }
            string name = token.Split('=', 2)[0];
            if (BuiltIn.Contains(name))
            {
                continue;
            }
            if (!options.TryGetValue(name, out var option))
            {
                return Unknown(verb, name, options.Keys);
            }
            bool valueFollows = !token.Contains('=') && option.ValueName is not null;
            if (valueFollows && !(option.ValueIsOptional && i + 1 < args.Count && IsOptionToken(args[i + 1])))
            {
                i++;
            }
        }
        return null;
    }

    /// <summary>"--name" or "-x"; "-1" and "-0.5" are values, not options.</summary>
    private static bool IsOptionToken(string token) =>
        token.StartsWith("--", StringComparison.Ordinal)
        || (token.Length > 1 && token[0] == '-' && char.IsLetter(token[1]));

    private static Dictionary<string, CommandOptionAttribute> Options(Type settingsType)
    {
        var options = new Dictionary<string, CommandOptionAttribute>(StringComparer.Ordinal);
        foreach (var property in settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is not { } option)
            {
                continue;
            }
            foreach (string name in option.LongNames)
            {
                options["--" + name] = option;
            }
            foreach (string name in option.ShortNames)
            {
                options["-" + name] = option;
            }
        }
        return options;
    }

    private static string Unknown(string verb, string name, IEnumerable<string> known)
    {
        string? closest = Spelling.Closest(name, known.Where(k => k.StartsWith("--", StringComparison.Ordinal)));
        string hint = closest is null ? "" : $" Did you mean {closest}?";
        return $"`{verb}` has no option {name}.{hint} `osteoml {verb} --help` lists its options.";
    }
}
