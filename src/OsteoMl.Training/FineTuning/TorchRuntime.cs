namespace OsteoMl.Training.FineTuning;

/// <summary>Loads libtorch once, turning TorchSharp's long loader trace into one actionable message.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> Failure = new(() =>
    {
        try
        {
            using var probe = TorchSharp.torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return e;
        }
    });

    /// <exception cref="InvalidOperationException">libtorch cannot be loaded here.</exception>
    public static void EnsureLoaded()
    {
        if (Failure.Value is { } e)
        {
            throw new InvalidOperationException(
                "TorchSharp could not load libtorch, which image-network training needs. On Debian 12 and other "
                    + "systems whose "
                    + "libstdc++ lacks GLIBCXX_3.4.32 the build patches libLibTorchSharp.so (README, 'TorchSharp on "
                    + "Debian 12'); "
                    + "rebuild, or train with --fine-tune none. Cause: "
                    + (e.InnerException ?? e).Message.Split('\n')[0],
                e
            );
        }
    }
}
