namespace OsteoMl.Screening;

/// <summary>Which probability a screening decision rests on.</summary>
public enum ScoreBasis
{
    /// <summary>The fused model: the image branch and every clinical value the model needs.</summary>
    Fused,

    /// <summary>
    /// The image branch alone, at its own threshold frozen at training: the film came without some clinical value the
    /// model needs, and a whole record is never imputed.
    /// </summary>
    ImageOnly,
}
