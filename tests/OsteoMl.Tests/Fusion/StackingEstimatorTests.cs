using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Evaluation;
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
        return Enumerable
            .Range(0, n)
            .Select(i =>
            {
                double latent = random.NextDouble() * 4 - 2;
                return new Row
                {
                    PatientId = $"P{i / 2}",
                    Label = latent + (random.NextDouble() - 0.5) > 0.5,
                    A = (float)(latent + 2 * (random.NextDouble() - 0.5)),
                    B = (float)(latent + 2 * (random.NextDouble() - 0.5)),
                };
            })
            .ToList();
    }

    private static IEstimator<ITransformer> Branch(MLContext ml, string feature) =>
        ml
            .Transforms.Concatenate($"Features{feature}", feature)
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: $"Features{feature}"));

    /// <summary>
    /// Out-of-fold probabilities of <paramref name="estimator"/> on 4 patient-grouped folds (the run's cross-fitting).
    /// </summary>
    private static double[] OutOfFold(MLContext ml, IDataView data, Func<MLContext, IEstimator<ITransformer>> estimator)
    {
        string[] ids = [.. data.GetColumn<string>("PatientId")];
        bool[] labels = [.. data.GetColumn<bool>("Label")];
        var folds = PatientFolds.Create(ids, labels, 4, seed: 2);
        var runner = new CrossValidationRunner(
            "test",
            data,
            "Label",
            "PatientId",
            folds,
            ObjectiveMetric.Auc,
            2,
            (m, _) => estimator(m),
            _ => 1
        );
        return runner
            .RunWithPredictions(
                0,
                new TrialParameters("branch", new Dictionary<string, double>()),
                CancellationToken.None
            )
            .OutOfFold;
    }

    private static StackingEstimator Estimator(MLContext ml, IDataView data) =>
        ml.StackBranches(
            [
                new StackingBranch("a", Branch(ml, "A"), "PA", OutOfFold(ml, data, m => Branch(m, "A"))),
                new StackingBranch("b", Branch(ml, "B"), "PB", OutOfFold(ml, data, m => Branch(m, "B"))),
            ],
            new StackingOptions { OutputColumnName = "Fused" }
        );

    [Fact]
    public void Given_two_branches_When_fitting_Then_both_get_positive_weight_and_out_of_fold_predictions_cover_every_row()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(400, 1));

        using StackingTransformer stack = Estimator(ml, data).Fit(data);

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
        using StackingTransformer stack = Estimator(ml, data).Fit(data);
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

        var data = ml.Data.LoadFromEnumerable(rows);
        var branch = new StackingBranch("a", Branch(ml, "A"), "PA", [.. Enumerable.Repeat(0.5, rows.Count)]);

        Assert.Throws<InvalidOperationException>(() => ml.StackBranches([branch]).Fit(data));
    }

    [Fact]
    public void Given_precomputed_out_of_fold_probabilities_When_fitting_Then_the_meta_model_is_fitted_on_exactly_those()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(300, 5));
        var estimator = Estimator(ml, data);

        using StackingTransformer stack = estimator.Fit(data);

        double[][] logits = [.. stack.OutOfFoldProbabilities.Select(p => p.Select(MetaModel.Logit).ToArray())];
        bool[] labels = [.. data.GetColumn<bool>("Label")];
        var expected = MetaModel.Fit(
            ml,
            logits,
            labels,
            [.. Enumerable.Range(0, labels.Length)],
            FusionStrategy.LogisticStacking,
            1f
        );
        Assert.Equal(expected.Weights, stack.MetaWeights);
        Assert.Equal(expected.Bias, stack.MetaBias);
    }

    [Fact]
    public void Given_a_branch_that_memorises_noise_When_stacking_on_out_of_fold_outputs_Then_the_meta_model_ignores_it()
    {
        // Branch "noise" is a deep tree ensemble on a feature unrelated to the label: in sample it looks perfect,
        // out of fold it is a coin. A meta-model trained on in-sample outputs would trust it (the leak); on
        // out-of-fold outputs it must not.
        var ml = new MLContext(1);
        var rows = Rows(300, 6);
        var random = new Random(9);
        rows.ForEach(r => r.B = (float)random.NextDouble());
        var data = ml.Data.LoadFromEnumerable(rows);
        IEstimator<ITransformer> Noise(MLContext m) =>
            m
                .Transforms.Concatenate("FeaturesB", "B")
                .Append(
                    m.BinaryClassification.Trainers.FastTree(
                        featureColumnName: "FeaturesB",
                        numberOfLeaves: 64,
                        minimumExampleCountPerLeaf: 1,
                        numberOfTrees: 50
                    )
                );
        double[] noiseOutOfFold = OutOfFold(ml, data, Noise);
        var stack = ml.StackBranches([
                new StackingBranch("signal", Branch(ml, "A"), "PA", OutOfFold(ml, data, m => Branch(m, "A"))),
                new StackingBranch("noise", Noise(ml), "PB", noiseOutOfFold),
            ])
            .Fit(data);

        bool[] labels = [.. data.GetColumn<bool>("Label")];
        double[] inSample =
        [
            .. Noise(ml).Fit(data).Transform(data).GetColumn<float>("Probability").Select(p => (double)p),
        ];
        Assert.True(RocAuc.Compute(inSample, labels) > 0.95, "the noise branch should memorise its training rows");
        Assert.InRange(RocAuc.Compute(noiseOutOfFold, labels), 0.35, 0.65);
        Assert.True(
            Math.Abs(stack.MetaWeights[1]) < 0.25 * stack.MetaWeights[0],
            $"noise weight {stack.MetaWeights[1]} vs signal {stack.MetaWeights[0]}"
        );
        stack.Dispose();
    }

    [Fact]
    public void Given_the_weighted_average_When_fitted_and_saved_Then_the_fused_probability_is_w_times_a_plus_the_rest_times_b()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(200, seed: 4));
        var estimator = ml.StackBranches(
            [
                new StackingBranch("a", Branch(ml, "A"), "PA", OutOfFold(ml, data, m => Branch(m, "A"))),
                new StackingBranch("b", Branch(ml, "B"), "PB", OutOfFold(ml, data, m => Branch(m, "B"))),
            ],
            new StackingOptions
            {
                OutputColumnName = "Fused",
                Strategy = FusionStrategy.WeightedAverage,
                FirstBranchWeight = 0.3,
                CalibrateOnOutOfFold = false,
            }
        );

        using var stack = estimator.Fit(data);
        using var folder = new TempFolder();
        string zip = folder.File("stack.zip");
        ml.Model.Save(stack.Chain, data.Schema, zip);
        IDataView scored = new MLContext(2).Model.Load(zip, out _).Transform(data);

        float[] a = [.. scored.GetColumn<float>("PA")];
        float[] b = [.. scored.GetColumn<float>("PB")];
        float[] fused = [.. scored.GetColumn<float>("Fused")];
        Assert.All(Enumerable.Range(0, fused.Length), i => Assert.Equal(0.3 * a[i] + 0.7 * b[i], fused[i], 5));
        Assert.Equal([0.3, 0.7], stack.MetaWeights);
    }

    [Fact]
    public void Given_a_calibrated_weighted_average_When_saved_Then_it_is_the_out_of_fold_logistic_map_of_the_rule_and_ranks_alike()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(300, seed: 4));
        StackingEstimator Stack(bool calibrate) =>
            ml.StackBranches(
                [
                    new StackingBranch("a", Branch(ml, "A"), "PA", OutOfFold(ml, data, m => Branch(m, "A"))),
                    new StackingBranch("b", Branch(ml, "B"), "PB", OutOfFold(ml, data, m => Branch(m, "B"))),
                ],
                new StackingOptions
                {
                    OutputColumnName = "Fused",
                    Strategy = FusionStrategy.WeightedAverage,
                    FirstBranchWeight = 0.5,
                    CalibrateOnOutOfFold = calibrate,
                }
            );

        using var raw = Stack(calibrate: false).Fit(data);
        using var calibrated = Stack(calibrate: true).Fit(data);
        using var folder = new TempFolder();
        string zip = folder.File("stack.zip");
        ml.Model.Save(calibrated.Chain, data.Schema, zip);
        float[] saved = [.. new MLContext(2).Model.Load(zip, out _).Transform(data).GetColumn<float>("Fused")];
        float[] rule = [.. raw.Transform(data).GetColumn<float>("Fused")];

        var map = calibrated.Calibration!.Map;
        Assert.Equal(1, calibrated.Calibration.After.Slope, 3);
        Assert.Equal(0, calibrated.Calibration.After.Intercept, 3);
        // An average of two probabilities is compressed towards the middle: the out-of-fold slope is above 1.
        Assert.True(calibrated.Calibration.Before.Slope > 1.2, $"slope before {calibrated.Calibration.Before.Slope}");
        Assert.All(Enumerable.Range(0, saved.Length), i => Assert.Equal(map.Apply(rule[i]), saved[i], 4));
        bool[] labels = [.. data.GetColumn<bool>("Label")];
        Assert.Equal(
            RocAuc.Compute([.. rule.Select(p => (double)p)], labels),
            RocAuc.Compute([.. saved.Select(p => (double)p)], labels),
            6
        );
    }
}
