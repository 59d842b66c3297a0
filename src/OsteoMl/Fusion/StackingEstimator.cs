using Microsoft.ML;
using Microsoft.ML.Data;

namespace OsteoMl.Fusion;

/// <summary>
/// Stacked generalisation for binary classifiers. <see cref="Fit"/> (1) fits the <see cref="MetaModel"/> on the
/// branches' out-of-fold logits — never on in-sample outputs, which would leak (a branch scores its own training
/// rows too well) — and (2) refits every branch on all rows. The fitted <see cref="StackingTransformer"/> is built
/// from stock ML.NET transformers only, so it saves into a model zip that any ML.NET app can load.
/// </summary>
public sealed class StackingEstimator : IEstimator<StackingTransformer>
{
    private readonly MLContext _mlContext;
    private readonly IReadOnlyList<StackingBranch> _branches;
    private readonly StackingOptions _options;

    internal StackingEstimator(MLContext mlContext, IReadOnlyList<StackingBranch> branches, StackingOptions options)
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
        _mlContext = mlContext;
        _branches = branches;
        _options = options;
    }

    public StackingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool[] labels = [.. input.GetColumn<bool>(_options.LabelColumnName)];
        if (labels.All(l => l) || labels.All(l => !l))
        {
            throw new InvalidOperationException("Stacking needs both classes in the training data.");
        }
        if (
            _branches.Any(b =>
                b.OutOfFoldProbabilities.Count != labels.Length
                || b.OutOfFoldProbabilities.Any(p => !double.IsFinite(p))
            )
        )
        {
            throw new InvalidOperationException(
                "Every branch needs one finite out-of-fold probability per training row."
            );
        }
        double[][] logits = [.. _branches.Select(b => b.OutOfFoldProbabilities.Select(MetaModel.Logit).ToArray())];
        var meta = MetaModel.Fit(
            _mlContext,
            logits,
            labels,
            [.. Enumerable.Range(0, labels.Length)],
            _options.Strategy,
            _options.MetaL2Regularization,
            _options.FirstBranchWeight
        );

        var parts = new List<ITransformer>();
        IDataView current = RefitBranches(input, parts);
        current = AddLogitFeatures(current, parts, out string[] logitColumns);
        int ruleStart = parts.Count;
        if (meta.Logistic is { } logistic)
        {
            parts.Add(logistic);
            parts.Add(
                _mlContext
                    .Transforms.CopyColumns(_options.OutputColumnName, "Probability")
                    .Fit(logistic.Transform(current))
            );
        }
        else if (_options.Strategy == FusionStrategy.WeightedAverage)
        {
            parts.Add(WeightedAverage(current, meta.Weights));
        }
        else
        {
            parts.Add(LogitMean(current, logitColumns));
        }
        FusedCalibration? calibration = null;
        if (_options.CalibrateOnOutOfFold)
        {
            calibration = FusedCalibration.Fit(meta, logits, labels);
            current = parts.Skip(ruleStart).Aggregate(current, (data, part) => part.Transform(data));
            parts.Add(
                _mlContext
                    .Transforms.Expression(
                        _options.OutputColumnName,
                        calibration.Map.Expression(),
                        _options.OutputColumnName
                    )
                    .Fit(current)
            );
        }
        return new StackingTransformer(
            new TransformerChain<ITransformer>([.. parts]),
            [.. _branches.Select(b => b.Name)],
            meta.Weights,
            meta.Bias,
            [.. _branches.Select(b => b.OutOfFoldProbabilities)],
            labels,
            calibration
        );
    }

    /// <summary>
    /// Each branch refitted on every row: branch → keep its probability under its own name → next branch.
    /// </summary>
    private IDataView RefitBranches(IDataView current, List<ITransformer> parts)
    {
        foreach (var branch in _branches)
        {
            ITransformer model = branch.Estimator.Fit(current);
            current = model.Transform(current);
            var keep = _mlContext.Transforms.CopyColumns(branch.ProbabilityColumnName, "Probability").Fit(current);
            current = keep.Transform(current);
            parts.Add(model);
            parts.Add(keep);
        }
        return current;
    }

    /// <summary>
    /// The branches' logits as stock Expressions, concatenated into <see cref="MetaModel.FeaturesColumn"/>.
    /// </summary>
    private IDataView AddLogitFeatures(IDataView current, List<ITransformer> parts, out string[] logitColumns)
    {
        logitColumns = [.. _branches.Select(b => $"{b.ProbabilityColumnName}Logit")];
        IEstimator<ITransformer> toFeatures = new EstimatorChain<ITransformer>();
        for (int b = 0; b < _branches.Count; b++)
        {
            toFeatures = toFeatures.Append(
                _mlContext.Transforms.Expression(
                    logitColumns[b],
                    MetaModel.LogitExpression,
                    _branches[b].ProbabilityColumnName
                )
            );
        }
        ITransformer features = toFeatures
            .Append(_mlContext.Transforms.Concatenate(MetaModel.FeaturesColumn, logitColumns))
            .Fit(current);
        parts.Add(features);
        return features.Transform(current);
    }

    /// <summary>The equal-weight logit mean as a stock Expression: sigmoid((l₁ + … + lₙ) / n).</summary>
    private ITransformer LogitMean(IDataView current, string[] logitColumns)
    {
        string[] names = [.. logitColumns.Select((_, i) => $"l{i}")];
        string lambda =
            $"({string.Join(", ", names)}) => 1 / (1 + exp(-({string.Join(" + ", names)}) / {_branches.Count}))";
        return _mlContext.Transforms.Expression(_options.OutputColumnName, lambda, logitColumns).Fit(current);
    }

    /// <summary>
    /// w · p₁ + (1 − w) · p₂ as a stock Expression, on the probabilities clamped as <see cref="MetaModel.Logit"/> does.
    /// </summary>
    private ITransformer WeightedAverage(IDataView current, IReadOnlyList<double> weights)
    {
        string W(double w) => ((float)w).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string Clamp(string p) => $"max(min({p}, {MetaModel.UpperClamp}), {MetaModel.LowerClamp})";
        string lambda = $"(a, b) => {W(weights[0])} * {Clamp("a")} + {W(weights[1])} * {Clamp("b")}";
        string[] inputs = [.. _branches.Select(b => b.ProbabilityColumnName)];
        return _mlContext.Transforms.Expression(_options.OutputColumnName, lambda, inputs).Fit(current);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        // Each branch adds its probability column and the stack adds the fused one (a copy's shape).
        SchemaShape shape = inputSchema;
        foreach (var branch in _branches)
        {
            shape = branch.Estimator.GetOutputSchema(shape);
            shape = _mlContext
                .Transforms.CopyColumns(branch.ProbabilityColumnName, "Probability")
                .GetOutputSchema(shape);
        }
        return _mlContext
            .Transforms.CopyColumns(_options.OutputColumnName, _branches[0].ProbabilityColumnName)
            .GetOutputSchema(shape);
    }
}
