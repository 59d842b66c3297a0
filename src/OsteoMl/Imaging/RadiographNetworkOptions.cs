namespace OsteoMl.Imaging;

/// <summary>
/// One image-network training job (<see cref="IRadiographNetworkTrainer"/>): what is trained, from which weights, how.
/// </summary>
public sealed record RadiographNetworkOptions
{
    /// <summary>What of the network is trained; the same default as the CLI's <c>--fine-tune</c>.</summary>
    public FineTuneMode Mode { get; init; } = FineTuneModes.Default;

    public int Seed { get; init; } = 42;

    /// <summary>Where ResNet18Onnx/ and ResNetPrepOnnx/ are (null: next to the app).</summary>
    public string? ModelFolder { get; init; }

    public RadiographNetworkSettings Settings { get; init; } = new();

    /// <summary>CPU threads for TorchSharp (0: all cores).</summary>
    public int Threads { get; init; }
}
