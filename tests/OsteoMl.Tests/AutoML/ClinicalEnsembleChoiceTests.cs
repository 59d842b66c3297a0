using System.Globalization;
using System.Text;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Evaluation;

namespace OsteoMl.Tests.AutoML;

public sealed class ClinicalEnsembleChoiceTests
{
    /// <summary>
    /// A small linear table (120 rows) where the logistic regression is the right model and FastForest is clearly
    /// worse: the saved branch's out-of-fold AUC is not below the default logistic regression's on the same folds,
    /// and the branch is the reference logistic regression, since no ensemble beats it beyond noise in the nested
    /// check.
    /// </summary>
    [Fact]
    public void Given_a_small_table_and_a_clearly_worse_trainer_When_choosing_the_branch_Then_it_is_not_below_the_logistic_baseline()
    {
        using var folder = new TempFolder();
        var cohort = CohortReader.Read(
            LinearTable(folder.File("linear.csv"), rows: 120),
            new CohortOptions
            {
                LabelColumn = "y",
                IdColumnOptional = true,
                RequireImages = false,
            }
        );
        var folds = PatientFolds.Create(cohort.PatientIds, cohort.Labels!, 5, seed: 2, PatientFolds.RepeatsFor(120));
        var runner = new CrossValidationRunner(
            "clinical",
            new CohortDataView(cohort),
            ModelColumns.Label,
            ModelColumns.PatientId,
            folds,
            ObjectiveMetric.Auc,
            2,
            (ml, p) => ClinicalPipeline.Create(ml, cohort.Columns, ModelColumns.Label, p, 2),
            p => TrainerCatalog.Find(p.Trainer)!.EstimateCost(p)
        );
        var trainers = TrainerCatalog
            .All.Where(t => t.Name is TrainerCatalog.LogisticRegression or TrainerCatalog.FastForest)
            .ToArray();
        var portfolio = Portfolio.For(trainers);
        var search = new AutoMLExperiment(
            new PortfolioTuner(portfolio, Tuners.Create("cfo", trainers, 2)),
            runner,
            new ExperimentOptions { MaxTrials = 12 }
        ).Run();

        var choice = ClinicalEnsembleChoice.Select(search, runner, portfolio, ObjectiveMetric.Auc, folds);

        double baseline = RocAuc.Compute(runner.OutOfFold(Portfolio.Default[0])!, runner.Labels);
        double forest = RocAuc.Compute(
            runner.OutOfFold(portfolio.Single(p => p.Trainer == "FastForest"))!,
            runner.Labels
        );
        Assert.True(
            forest < baseline - 0.02,
            $"the forest should be clearly worse: {forest:0.000} vs {baseline:0.000}"
        );
        Assert.True(choice.Score >= baseline - 1e-12, $"ensemble {choice.Score:0.0000} < logistic {baseline:0.0000}");
        // On a linear table the forest adds nothing beyond noise: the nested check keeps the reference logistic
        // regression (ML.NET's defaults), not a penalty picked on the same folds.
        Assert.Equal(Portfolio.ReferenceLogistic, Assert.Single(choice.Members).Parameters);
        Assert.Contains("kept: nested out-of-fold AUC", choice.Rule);
        Assert.Equal(1, choice.Members.Sum(m => m.Weight), 9);
        Assert.Equal(RocAuc.Compute(choice.OutOfFold, runner.Labels), choice.Score, 12);
    }

    private static string LinearTable(string path, int rows)
    {
        var random = new Random(8);
        var csv = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < rows; i++)
        {
            double a = random.NextDouble() * 2 - 1,
                b = random.NextDouble() * 2 - 1,
                c = random.NextDouble() * 2 - 1;
            bool y = random.NextDouble() < 1 / (1 + Math.Exp(-(2.5 * a - 2 * b + c)));
            csv.Append(CultureInfo.InvariantCulture, $"{a:0.###},{b:0.###},{c:0.###},{(y ? 1 : 0)}\n");
        }
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
