using System.ComponentModel;
using OsteoMl.Data;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>The data-contract options shared by the verbs that read a cohort CSV.</summary>
public abstract class CohortSettings : GlobalSettings
{
    [CommandOption("--label <COLUMN>")]
    [Description("Label column (0/1, yes/no, true/false, pos/neg).")]
    [DefaultValue("osteoporosis")]
    public string Label { get; init; } = "osteoporosis";

    [CommandOption("--label-from-tscore <COLUMN>")]
    [Description("Derive the label as T-score <= -2.5 from this column instead of --label.")]
    public string? LabelFromTScore { get; init; }

    [CommandOption("--image-column <COLUMN>")]
    [Description("Column with image paths, relative to the CSV's folder.")]
    [DefaultValue("image")]
    public string ImageColumn { get; init; } = "image";

    [CommandOption("--id-column <COLUMN>")]
    [Description(
        "Patient id column (default patient_id); rows sharing an id are one patient and never split apart. Tabular "
            + "data without images may have no such column: each row is then a patient."
    )]
    public string? IdColumn { get; init; }

    [CommandOption("--allow-absolute-paths")]
    [Description("Accept absolute image paths in the CSV.")]
    public bool AllowAbsolutePaths { get; init; }

    [CommandOption("--allow-identifier-columns")]
    [Description(
        "Accept feature columns whose names look like identifiers (name, MRN, phone, address, birth date…); refused "
            + "by default."
    )]
    public bool AllowIdentifierColumns { get; init; }

    public CohortOptions ToCohortOptions(bool requireLabel) =>
        new()
        {
            AllowIdentifierColumns = AllowIdentifierColumns,
            LabelColumn = Label,
            LabelFromTScoreColumn = LabelFromTScore,
            ImageColumn = ImageColumn,
            IdColumn = IdColumn ?? "patient_id",
            IdColumnOptional = IdColumn is null,
            AllowAbsolutePaths = AllowAbsolutePaths,
            RequireLabel = requireLabel,
        };
}
