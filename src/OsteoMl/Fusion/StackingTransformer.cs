using Microsoft.ML;
using Microsoft.ML.Data;

namespace OsteoMl.Fusion;

/// <summary>
/// The fitted stack: refitted branches, the logit features and the logistic meta-model, as one chain of stock
/// ML.NET transformers. It saves as that chain, so loading the zip gives back a
/// <see cref="TransformerChain{TLastTransformer}"/> that needs no OsteoMl assembly. The diagnostics
/// (meta-model weights, out-of-fold probabilities) live only in this in-memory form.
/// </summary>
public sealed class StackingTransformer : ITransformer, IDisposable
{
    private readonly TransformerChain<ITransformer> _chain;

    internal StackingTransformer(
        TransformerChain<ITransformer> chain,
        IReadOnlyList<string> branchNames,
        IReadOnlyList<double> metaWeights,
        double metaBias,
        IReadOnlyList<IReadOnlyList<double>> outOfFoldProbabilities,
        IReadOnlyList<bool> trainingLabels,
        FusedCalibration? calibration
    )
    {
        Calibration = calibration;
        _chain = chain;
        BranchNames = branchNames;
        MetaWeights = metaWeights;
        MetaBias = metaBias;
        OutOfFoldProbabilities = outOfFoldProbabilities;
        TrainingLabels = trainingLabels;
    }

    public IReadOnlyList<string> BranchNames { get; }

    /// <summary>Meta-model weight of each branch's logit, in <see cref="BranchNames"/> order.</summary>
    public IReadOnlyList<double> MetaWeights { get; }

    public double MetaBias { get; }

    /// <summary>Each branch's out-of-fold probability for every training row (what the meta-model saw).</summary>
    public IReadOnlyList<IReadOnlyList<double>> OutOfFoldProbabilities { get; }

    public IReadOnlyList<bool> TrainingLabels { get; }

    /// <summary>The out-of-fold calibration of the fused probability (null when the stack was asked for none).</summary>
    public FusedCalibration? Calibration { get; }

    /// <summary>The stock chain this transformer saves as.</summary>
    public TransformerChain<ITransformer> Chain => _chain;

    public bool IsRowToRowMapper => ((ITransformer)_chain).IsRowToRowMapper;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _chain.GetOutputSchema(inputSchema);

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        ((ITransformer)_chain).GetRowToRowMapper(inputSchema);

    public IDataView Transform(IDataView input) => _chain.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_chain).Save(ctx);

    public void Dispose() => _chain.Dispose();
}
