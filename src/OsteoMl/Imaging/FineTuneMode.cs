namespace OsteoMl.Imaging;

/// <summary>What <c>train</c> learns of the image network (<c>--fine-tune</c>).</summary>
public enum FineTuneMode
{
    /// <summary>
    /// No network training: the frozen ResNet18 embedding and a logistic head (the backbone baseline).
    /// </summary>
    None,

    /// <summary>
    /// The wavelet-attention block and its classifier on frozen, cached ResNet18 stage-4 activations.
    /// </summary>
    Head,

    /// <summary>
    /// As <see cref="Head"/>, and also ResNet18's last stage (layer 4), on cached stage-3 activations.
    /// </summary>
    LastStage,

    /// <summary>Every weight, on augmented pixels (slow on a CPU: hours for thousands of films).</summary>
    All,
}
