using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class BenchClinicalSettings : GlobalSettings
{
    [CommandOption("--tables <JSON>")]
    [Description("A JSON list of {file, label[[, allowIdentifierColumns]]} tables, paths relative to the list.")]
    [DefaultValue("bench/data/tables.json")]
    public string Tables { get; init; } = "bench/data/tables.json";

    [CommandOption("--splits <N>")]
    [Description("Stratified 70/30 splits per table (split seeds K..K+N-1, K = --first-split).")]
    [DefaultValue(3)]
    public int Splits { get; init; } = 3;

    [CommandOption("--first-split <K>")]
    [Description(
        "The first split seed: 1 for the development splits; a later K gives fresh splits to confirm a change on."
    )]
    [DefaultValue(1)]
    public int FirstSplit { get; init; } = 1;

    [CommandOption("--time-budget <SECONDS>")]
    [Description("The clinical search's time budget for each `train --no-images` run.")]
    [DefaultValue(30.0)]
    public double TimeBudget { get; init; } = 30;

    [CommandOption("--seed <N>")]
    [Description("The seed every `train` run gets (the split seeds are set by --first-split and --splits).")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--pipeline <JSON>")]
    [Description("Pipeline config for the train runs. Default: pipelines/default.json here, else the shipped copy.")]
    public string? Pipeline { get; init; }

    public string PipelinePath => PipelineOption.Resolve(Pipeline);

    [CommandOption("--out <JSON>")]
    [Description("Where to write every split's result as JSON; a Markdown table goes beside it (.md).")]
    [DefaultValue("bench/results/clinical-holdout.json")]
    public string Out { get; init; } = "bench/results/clinical-holdout.json";

    public override ValidationResult Validate() =>
        Splits < 1 ? ValidationResult.Error("--splits must be at least 1.")
        : FirstSplit < 1 ? ValidationResult.Error("--first-split must be at least 1.")
        : Seed < 0 ? ValidationResult.Error("--seed must be 0 or more.")
        : TimeBudget <= 0 ? ValidationResult.Error("--time-budget must be a positive number of seconds.")
        : base.Validate();
}
