using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Explanation;
using OsteoMl.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary><c>osteoml explain</c>: attention overlays and occlusion-sensitivity maps per radiograph.</summary>
public sealed class ExplainCommand(IAnsiConsole console) : Command<ExplainSettings>
{
    public override int Execute(CommandContext context, ExplainSettings settings, CancellationToken cancellationToken)
    {
        OutputFolder.EnsureWritable(settings.Out, "--out");
        using var model = OsteoMlModel.Load(settings.Model, DeviceOption.Resolve(settings.Device, console));
        RadiographExplainer.RequireImageBranch(model);
        var options = settings.ToCohortOptions(requireLabel: false) with
        {
            ExpectedColumns = model.ExpectedClinicalColumns,
            RequireImages = true,
        };
        Cohort cohort = CohortReader.Read(settings.Data!, options);
        foreach (string warning in CategoryCheck.Warnings(cohort, ModelCard.Read(settings.Model), settings.Strict))
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
        if (!model.HasAttentionMap)
        {
            console.MarkupLine(
                "[yellow]This zip's image branch is the frozen backbone (--fine-tune none, or the attention network did "
                    + "not beat the backbone on the training folds): no attention map; writing occlusion maps only.[/]"
            );
        }
        IReadOnlyList<RadiographExplanation> explained = [];
        int count = Math.Min(settings.Limit, cohort.Count);
        if (!console.Profile.Capabilities.Interactive)
        {
            // Piped output: one line, not a percentage that a log cannot update.
            console.WriteLine(
                $"Explaining {count} radiographs (each scored 50 times: the film and 49 occluded copies)…"
            );
            explained = RadiographExplainer.Explain(model, cohort, settings.Out, settings.Limit);
        }
        else
        {
            console
                .Progress()
                .Start(ctx =>
                {
                    var task = ctx.AddTask("Explaining radiographs", maxValue: count);
                    explained = RadiographExplainer.Explain(
                        model,
                        cohort,
                        settings.Out,
                        settings.Limit,
                        new InlineProgress<TrainingProgress>(p => task.Value = p.Done)
                    );
                });
        }
        var ratios = explained
            .Where(e => e.AttentionOnBrightRatio is not null)
            .Select(e => e.AttentionOnBrightRatio!.Value)
            .ToArray();
        console.MarkupParts(
            $"Explained {explained.Count} radiographs → [green]{Path.GetFullPath(settings.Out)}[/] ",
            $"({ExplanationIndex.FileName}; rows are 1-based CSV data rows)"
        );
        if (ratios.Length > 0)
        {
            console.MarkupParts(
                $"Attention on the brightest quarter of pixels (bone): {ratios.Average():0.00}× their area share on ",
                $"average (1 = no preference)"
            );
        }
        return 0;
    }
}
