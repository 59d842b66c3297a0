using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Fusion;

namespace OsteoMl.Tests.Fusion;

public sealed class StackingEstimatorTests
{
    private sealed class Row
    {
        public string PatientId { get; set; } = "";
        public bool Label { get; set; }
        public float A { get; set; }
        public float B { get; set; }
    }

    // Two noisy views of one latent score: each branch sees one of them.
    private static List<Row> Rows(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
        {
            double latent = random.NextDouble() * 4 - 2;
            return new Row
            {
                PatientId = $"P{i / 2}",
                Label = latent + (random.NextDouble() - 0.5) > 0.5,
                A = (float)(latent + 2 * (random.NextDouble() - 0.5)),
                B = (float)(latent + 2 * (random.NextDouble() - 0.5)),
            };
        }).ToList();
    }

    private static StackingEstimator Estimator(MLContext ml) => ml.Transforms.StackBranches(
    [
        new StackingBranch("a", ml.Transforms.Concatenate("FeaturesA", "A").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "FeaturesA")), "PA"),
        new StackingBranch("b", ml.Transforms.Concatenate("FeaturesB", "B").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "FeaturesB")), "PB"),
    ], new StackingOptions { NumberOfFolds = 4, Seed = 2, OutputColumnName = "Fused" });

    [Fact]
    public void Given_two_branches_When_fitting_Then_both_get_positive_weight_and_out_of_fold_predictions_cover_every_row()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(400, 1));

        using StackingTransformer stack = Estimator(ml).Fit(data);

        Assert.Equal(["a", "b"], stack.BranchNames);
        Assert.All(stack.MetaWeights, w => Assert.True(w > 0));
        Assert.All(stack.OutOfFoldProbabilities, p => Assert.Equal(400, p.Count));
        Assert.All(stack.OutOfFoldProbabilities, p => Assert.All(p, v => Assert.InRange(v, 1e-9, 1 - 1e-9)));
        var scored = stack.Transform(data);
        Assert.NotNull(scored.Schema.GetColumnOrNull("Fused"));
    }

    [Fact]
    public void Given_a_fitted_stack_When_saved_and_loaded_Then_predictions_are_identical_and_need_no_OsteoMl_type()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(200, 3));
        using StackingTransformer stack = Estimator(ml).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"stack-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(stack, data.Schema, path);
            ITransformer loaded = ml.Model.Load(path, out _);

            Assert.IsType<TransformerChain<ITransformer>>(loaded);
            float[] before = stack.Transform(data).GetColumn<float>("Fused").ToArray();
            float[] after = loaded.Transform(data).GetColumn<float>("Fused").ToArray();
            Assert.Equal(before, after);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Given_one_class_When_fitting_Then_it_refuses()
    {
        var ml = new MLContext(1);
        var rows = Rows(50, 4);
        rows.ForEach(r => r.Label = true);

        Assert.Throws<InvalidOperationException>(() => Estimator(ml).Fit(ml.Data.LoadFromEnumerable(rows)));
    }
}
