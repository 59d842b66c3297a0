using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;

namespace OsteoMl.Fusion;

/// <summary>
/// Stacked generalisation for binary classifiers. <see cref="Fit"/> (1) runs grouped, label-stratified k-fold
/// cross-fitting of every branch to get out-of-fold probabilities, (2) trains a logistic meta-model on the
/// branches' out-of-fold logits — never on in-sample outputs, which would leak (DESIGN.md trap 6) — and
/// (3) refits every branch on all rows. The fitted <see cref="StackingTransformer"/> is built from stock
/// ML.NET transformers only, so it saves into a model zip that any ML.NET app can load.
/// </summary>
public sealed class StackingEstimator : IEstimator<StackingTransformer>
{
    private const double LogitClamp = 1e-6;
    private readonly MLContext _mlContext;
    private readonly IReadOnlyList<StackingBranch> _branches;
    private readonly StackingOptions _options;

    internal StackingEstimator(IReadOnlyList<StackingBranch> branches, StackingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (branches is null || branches.Count == 0)
        {
            throw new ArgumentException("A stack needs at least one branch.", nameof(branches));
        }
        if (branches.Select(b => b.ProbabilityColumnName).Distinct(StringComparer.Ordinal).Count() != branches.Count)
        {
            throw new ArgumentException("Branch probability columns must be distinct.", nameof(branches));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NumberOfFolds, 2);
        // Its own seeded context: the stack's parts are deterministic whoever calls it.
        _mlContext = new MLContext(options.Seed);
        _branches = branches;
        _options = options;
    }

    public StackingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string[] keys = ReadText(input, _options.SamplingKeyColumnName);
        bool[] labels = input.GetColumn<bool>(_options.LabelColumnName).ToArray();
        if (labels.All(l => l) || labels.All(l => !l))
        {
            throw new InvalidOperationException("Stacking needs both classes in the training data.");
        }

        int[] folds = PatientSplitter.AssignFolds(keys, labels, _options.NumberOfFolds, _options.Seed);
        var foldOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            foldOfKey[keys[i]] = folds[i];
        }
        var outOfFold = new double[_branches.Count][];
        for (int b = 0; b < _branches.Count; b++)
        {
            outOfFold[b] = new double[keys.Length];
        }

        // Rows are addressed by their position: the filter keeps order, so held-out row j of fold f is
        // the j-th row whose fold is f.
        for (int fold = 0; fold < _options.NumberOfFolds; fold++)
        {
            int[] heldOut = Enumerable.Range(0, keys.Length).Where(i => folds[i] == fold).ToArray();
            if (heldOut.Length == 0)
            {
                continue;
            }
            IDataView train = KeyFilter.Keep(_mlContext, input, _options.SamplingKeyColumnName, key => foldOfKey[key] != fold);
            IDataView test = KeyFilter.Keep(_mlContext, input, _options.SamplingKeyColumnName, key => foldOfKey[key] == fold);
            for (int b = 0; b < _branches.Count; b++)
            {
                ITransformer model = _branches[b].Estimator.Fit(train);
                float[] probabilities = model.Transform(test).GetColumn<float>("Probability").ToArray();
                for (int j = 0; j < heldOut.Length; j++)
                {
                    outOfFold[b][heldOut[j]] = probabilities[j];
                }
                (model as IDisposable)?.Dispose();
            }
        }

        // Meta-model on out-of-fold logits.
        var metaRows = Enumerable.Range(0, keys.Length)
            .Select(i => new MetaRow { Label = labels[i], Features = outOfFold.Select(p => (float)Logit(p[i])).ToArray() })
            .ToList();
        var schema = SchemaDefinition.Create(typeof(MetaRow));
        schema[nameof(MetaRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _branches.Count);
        IDataView metaData = _mlContext.Data.LoadFromEnumerable(metaRows, schema);
        var metaTrainer = _mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(
            new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(MetaRow.Label),
                FeatureColumnName = MetaFeaturesColumn,
                L2Regularization = _options.MetaL2Regularization,
                L1Regularization = 0,
            });
        var metaModel = _options.Strategy == FusionStrategy.LogisticStacking
            ? metaTrainer.Fit(_mlContext.Transforms.CopyColumns(MetaFeaturesColumn, nameof(MetaRow.Features)).Fit(metaData).Transform(metaData))
            : null;

        // Refit branches on everything and chain: branch → keep probability → … → logits → meta-model.
        var parts = new List<ITransformer>();
        IDataView current = input;
        foreach (var branch in _branches)
        {
            ITransformer model = branch.Estimator.Fit(current);
            current = model.Transform(current);
            var keep = _mlContext.Transforms.CopyColumns(branch.ProbabilityColumnName, "Probability").Fit(current);
            current = keep.Transform(current);
            parts.Add(model);
            parts.Add(keep);
        }
        string[] logitColumns = _branches.Select(b => $"{b.ProbabilityColumnName}Logit").ToArray();
        IEstimator<ITransformer> toFeatures = new EstimatorChain<ITransformer>();
        for (int b = 0; b < _branches.Count; b++)
        {
            toFeatures = toFeatures.Append(_mlContext.Transforms.Expression(
                logitColumns[b], $"p => log(max(p, {LogitClamp}) / max(1 - p, {LogitClamp}))", _branches[b].ProbabilityColumnName));
        }
        toFeatures = toFeatures.Append(_mlContext.Transforms.Concatenate(MetaFeaturesColumn, logitColumns));
        ITransformer features = toFeatures.Fit(current);
        current = features.Transform(current);
        parts.Add(features);
        double[] weights;
        double bias;
        if (metaModel is not null)
        {
            parts.Add(metaModel);
            parts.Add(_mlContext.Transforms.CopyColumns(_options.OutputColumnName, "Probability").Fit(metaModel.Transform(current)));
            weights = metaModel.Model.SubModel.Weights.Select(w => (double)w).ToArray();
            bias = metaModel.Model.SubModel.Bias;
        }
        else
        {
            // Equal-weight logit mean as a stock Expression: sigmoid((l₁ + … + lₙ) / n).
            string[] names = logitColumns.Select((_, i) => $"l{i}").ToArray();
            string lambda = $"({string.Join(", ", names)}) => 1 / (1 + exp(-({string.Join(" + ", names)}) / {_branches.Count}))";
            parts.Add(_mlContext.Transforms.Expression(_options.OutputColumnName, lambda, logitColumns).Fit(current));
            weights = Enumerable.Repeat(1.0 / _branches.Count, _branches.Count).ToArray();
            bias = 0;
        }

        var chain = new TransformerChain<ITransformer>(parts.ToArray());
        return new StackingTransformer(
            chain,
            _branches.Select(b => b.Name).ToArray(),
            weights,
            bias,
            outOfFold.Select(p => (IReadOnlyList<double>)p).ToArray(),
            labels);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        // Each branch adds its probability column and the stack adds the fused one (a copy's shape).
        SchemaShape shape = inputSchema;
        foreach (var branch in _branches)
        {
            shape = branch.Estimator.GetOutputSchema(shape);
            shape = _mlContext.Transforms.CopyColumns(branch.ProbabilityColumnName, "Probability").GetOutputSchema(shape);
        }
        return _mlContext.Transforms.CopyColumns(_options.OutputColumnName, _branches[0].ProbabilityColumnName).GetOutputSchema(shape);
    }

    internal const string MetaFeaturesColumn = "StackingFeatures";

    internal static double Logit(double p)
    {
        double clamped = Math.Clamp(p, LogitClamp, 1 - LogitClamp);
        return Math.Log(clamped / (1 - clamped));
    }

    private static string[] ReadText(IDataView data, string column) =>
        data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray();

    private sealed class MetaRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }
}
