using OsteoMl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary><c>osteoml generate</c>: writes a synthetic cohort.</summary>
public sealed class GenerateCommand(IAnsiConsole console) : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        var site = SiteProfile.FromName(settings.Site);
        OsteoMl.Common.OutputFolder.EnsureWritable(settings.Out, "--out");
        GeneratedCohort cohort = null!;
        console
            .Status()
            .Start(
                $"Simulating {settings.Patients} patients (site {site.Name}, seed {settings.Seed}, "
                    + $"{settings.Size} × {settings.Size} films)…",
                _ =>
                {
                    cohort = CohortSimulator.Generate(
                        settings.Out,
                        settings.Patients,
                        settings.Seed,
                        site,
                        new SimulationOptions
                        {
                            Version = (SimulatorVersion)settings.Simulator,
                            FilmSize = settings.Size,
                            Dicom = settings.Dicom,
                        }
                    );
                }
            );
        console.MarkupParts(
            $"[green]Wrote SYNTHETIC cohort[/] {cohort.CsvPath}: {cohort.Patients} patients, {cohort.Radiographs} ",
            $"radiographs, osteoporosis prevalence {cohort.Prevalence:P1}."
        );
        return 0;
    }
}
