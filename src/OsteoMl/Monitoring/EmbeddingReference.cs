using MathNet.Numerics.LinearAlgebra;

namespace OsteoMl.Monitoring;

/// <summary>
/// How a zip's image embedding is watched (CheXstray, Soin et al. 2022, monitors image-derived latent features
/// beside the scores): the embedding is standardised with the reference patients' per-feature mean and SD and
/// projected on their first few principal components; each projection is then a monitored quantity with its own
/// decile histogram (<c>embedding_pc1</c>…). A change of film appearance that leaves p_image alone (a new detector
/// whose look the image head happens not to weigh) still moves these. Only aggregates are stored: means, SDs,
/// directions and histograms over hundreds of patients.
/// </summary>
public sealed record EmbeddingReference
{
    /// <summary>Principal components kept: they hold most of the variance the frozen or trained embedding has.</summary>
    public const int DefaultComponents = 4;

    /// <summary>The zip's output column holding the embedding (ImageEmbedding or ImageNetworkEmbedding).</summary>
    public required string Column { get; init; }

    public required IReadOnlyList<float> Mean { get; init; }

    /// <summary>1 / SD per feature; 0 for a feature constant in the reference (it then never moves a projection).</summary>
    public required IReadOnlyList<float> InverseScale { get; init; }

    /// <summary>Unit principal directions in the standardised space, largest variance first.</summary>
    public required IReadOnlyList<IReadOnlyList<float>> Components { get; init; }

    /// <summary>Each component's share of the standardised embedding's total variance.</summary>
    public required IReadOnlyList<double> ExplainedVariance { get; init; }

    /// <summary>One histogram per component, named <c>embedding_pc1</c>…, in <see cref="Components"/>' order.</summary>
    public required IReadOnlyList<DriftHistogram> Histograms { get; init; }

    public static string ComponentName(int index) => $"embedding_pc{index + 1}";

    /// <summary>The embedding's coordinates on the components; null when its length is not the reference's.</summary>
    public double[]? Project(IReadOnlyList<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        if (embedding.Count != Mean.Count)
        {
            return null;
        }
        var projection = new double[Components.Count];
        for (int c = 0; c < Components.Count; c++)
        {
            var direction = Components[c];
            double sum = 0;
            for (int f = 0; f < Mean.Count; f++)
            {
                sum += (embedding[f] - Mean[f]) * InverseScale[f] * direction[f];
            }
            projection[c] = sum;
        }
        return projection;
    }

    /// <summary>
    /// Fits the standardisation and the principal components on <paramref name="fitOn"/> and describes each projection
    /// of <paramref name="describe"/> (one embedding per patient) with a <see cref="DriftHistogram"/>. Two sets,
    /// because directions chosen for their largest variance in a sample are that sample's largest: on the sample
    /// itself a weak component spreads wider than on any new one (64 noise features, 800 films: PSI 0.09 and an
    /// alarm on new films of the same population). Null with fewer than 2 × 5 patients in either set.
    /// </summary>
    public static EmbeddingReference? Fit(
        string column,
        IReadOnlyList<float[]> fitOn,
        IReadOnlyList<float[]> describe,
        int components = DefaultComponents
    )
    {
        ArgumentNullException.ThrowIfNull(fitOn);
        ArgumentNullException.ThrowIfNull(describe);
        // Too few to describe: Redescribed returns null, so only the fitted set is checked here.
        if (fitOn.Count < 2 * DriftHistogram.MinimumCount)
        {
            return null;
        }
        int features = fitOn[0].Length;
        var (mean, inverseScale) = Standardisation(fitOn, features);
        var standardised = Matrix<double>.Build.Dense(
            fitOn.Count,
            features,
            (r, f) => (fitOn[r][f] - mean[f]) * inverseScale[f]
        );
        var covariance = standardised.TransposeThisAndMultiply(standardised) / (fitOn.Count - 1);
        // Symmetric eigendecomposition; MathNet returns the eigenvalues in ascending order.
        var evd = covariance.Evd(Symmetricity.Symmetric);
        double total = Math.Max(covariance.Diagonal().Sum(), double.Epsilon);
        int kept = Math.Min(components, features);
        var directions = new List<IReadOnlyList<float>>(kept);
        var explained = new List<double>(kept);
        for (int c = 0; c < kept; c++)
        {
            int eigen = features - 1 - c;
            directions.Add(Oriented(evd.EigenVectors.Column(eigen)));
            explained.Add(Math.Max(0, evd.EigenValues[eigen].Real) / total);
        }
        var reference = new EmbeddingReference
        {
            Column = column,
            Mean = mean,
            InverseScale = inverseScale,
            Components = directions,
            ExplainedVariance = explained,
            Histograms = [],
        };
        return reference.Redescribed(describe);
    }

    /// <summary>
    /// The same standardisation and directions, with histograms of <paramref name="describe"/>'s projections: a
    /// recalibrated zip describes its local sample on the directions fitted at training.
    /// </summary>
    public EmbeddingReference? Redescribed(IReadOnlyList<float[]> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        double[][] projections = [.. describe.Select(Project).OfType<double[]>()];
        if (projections.Length < 2 * DriftHistogram.MinimumCount)
        {
            return null;
        }
        return this with
        {
            Histograms =
            [
                .. Enumerable
                    .Range(0, Components.Count)
                    .Select(c => DriftHistogram.Numeric(ComponentName(c), [.. projections.Select(p => p[c])])),
            ],
        };
    }

    private static (float[] Mean, float[] InverseScale) Standardisation(IReadOnlyList<float[]> rows, int features)
    {
        var mean = new float[features];
        var inverseScale = new float[features];
        for (int f = 0; f < features; f++)
        {
            double sum = 0;
            foreach (var row in rows)
            {
                sum += row[f];
            }
            double average = sum / rows.Count;
            double squares = 0;
            foreach (var row in rows)
            {
                squares += (row[f] - average) * (row[f] - average);
            }
            double sd = Math.Sqrt(squares / (rows.Count - 1));
            mean[f] = (float)average;
            // A feature that never varies (a dead ReLU channel) carries no signal to monitor.
            inverseScale[f] = sd > 1e-6 ? (float)(1 / sd) : 0f;
        }
        return (mean, inverseScale);
    }

    /// <summary>An eigenvector's sign is arbitrary: make its largest loading positive, so a re-fit reads the same.</summary>
    private static float[] Oriented(Vector<double> direction)
    {
        int largest = direction.AbsoluteMaximumIndex();
        double sign = direction[largest] < 0 ? -1 : 1;
        return [.. direction.Select(v => (float)(sign * v))];
    }
}
