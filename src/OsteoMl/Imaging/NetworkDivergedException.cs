namespace OsteoMl.Imaging;

/// <summary>
/// A network fit produced a value that is not finite (a loss, a parameter after an update, a validation or
/// out-of-fold logit, or an output of its exported graph). The fit is stopped at once rather than trained or scored
/// on: a NaN is never swallowed. The training workflow drops that network candidate and says so; when it was the one
/// to be saved, the run keeps the frozen backbone.
/// </summary>
public sealed class NetworkDivergedException(string fit, int epoch, string quantity)
    : Exception($"the image network's {quantity} is not finite ({fit}, epoch {epoch})")
{
    /// <summary>Which fit (e.g. "fold 3/5", "all training films").</summary>
    public string Fit { get; } = fit;

    public int Epoch { get; } = epoch;

    /// <summary>What was not finite (e.g. "training loss (batch 4)", "parameter attention_mix_w").</summary>
    public string Quantity { get; } = quantity;
}
