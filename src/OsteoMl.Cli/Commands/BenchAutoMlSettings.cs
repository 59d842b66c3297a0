using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class BenchAutoMlSettings : CohortSettings
{
    [CommandOption("--data <CSV>")]
    [Description(
        "A tabular binary-classification CSV (images are ignored; without an id column each row is a patient)."
    )]
    [DefaultValue("bench/data/pima.csv")]
    public string Data { get; init; } = "bench/data/pima.csv";

    [CommandOption("--budgets <SECONDS>")]
    [Description("Comma-separated time budgets per search.")]
    [DefaultValue("10,30,120")]
    public string Budgets { get; init; } = "10,30,120";

    [CommandOption("--tuners <LIST>")]
    [Description("Comma-separated tuners to compare.")]
    [DefaultValue("cfo,random")]
    public string Tuners { get; init; } = "cfo,random";

    [CommandOption("--seeds <N>")]
    [Description("Repeat every search with seeds 1..N and report the mean.")]
    [DefaultValue(3)]
    public int Seeds { get; init; } = 3;

    [CommandOption("--out <JSON>")]
    [Description("Where to write the results as JSON.")]
    public string? Out { get; init; }

    public IReadOnlyList<double> BudgetList =>
        Budgets
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => double.Parse(b, CultureInfo.InvariantCulture))
            .ToArray();

    public IReadOnlyList<string> TunerList =>
        Tuners.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override ValidationResult Validate()
    {
        if (
            Budgets
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Any(b => !double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v <= 0)
        )
        {
            return ValidationResult.Error(
                $"--budgets must be positive numbers of seconds, comma-separated; got '{Budgets}'."
            );
        }
        if (TunerList.FirstOrDefault(t => OsteoMl.AutoML.Tuners.Parse(t) is null) is { } unknown)
        {
            return ValidationResult.Error($"--tuners: {OsteoMl.AutoML.Tuners.UnknownTunerMessage(unknown)}");
        }
        return Seeds < 1 ? ValidationResult.Error("--seeds must be at least 1.") : base.Validate();
    }
}
