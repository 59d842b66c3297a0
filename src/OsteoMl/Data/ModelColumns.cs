namespace OsteoMl.Data;

/// <summary>
/// Column names of the model's input contract. Clinical features keep their CSV names; these are the fixed ones.
/// An app that loads the zip supplies <see cref="ImagePath"/> (a path it can open) plus the clinical columns.
/// </summary>
public static class ModelColumns
{
    public const string PatientId = "PatientId";
    public const string ImagePath = "ImagePath";
    public const string Label = "Label";

    public const string ImageProbability = "ImageProbability";
    public const string ClinicalProbability = "ClinicalProbability";
    public const string FusedProbability = "FusedProbability";

    /// <summary>
    /// The wavelet-attention network's 1024-float embedding (global + attention-weighted pooling of ResNet18 stage 4).
    /// </summary>
    public const string NetworkEmbedding = "ImageNetworkEmbedding";

    /// <summary>The wavelet-attention network's own image probability (before the image head the stack uses).</summary>
    public const string NetworkProbability = "ImageNetworkProbability";

    /// <summary>
    /// The network's 7 × 7 spatial attention map over the film (row-major, 0–1; <c>osteoml explain</c> draws it).
    /// </summary>
    public const string AttentionMap = "AttentionMap";

    /// <summary>The reference model: ML.NET's default L-BFGS logistic regression on the clinical columns.</summary>
    public const string LogisticProbability = "LogisticProbability";

    /// <summary>The fused decision at the operating point chosen on the validation set.</summary>
    public const string Predicted = "PredictedOsteoporosis";
}
