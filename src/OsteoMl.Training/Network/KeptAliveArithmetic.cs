using TorchSharp;
using static TorchSharp.torch;

namespace OsteoMl.Training.Network;

/// <summary>
/// Addition without TorchSharp's hidden temporary: its <c>+</c> and one-argument <c>add</c> call
/// <c>add(b, alpha: 1)</c>, converting the 1 to a Scalar that nothing keeps alive during the native call. These pass
/// the rooted <see cref="ConstantScalars.Unit"/> instead (the same integer 1, so the same result bit for bit).
/// BannedSymbols.txt makes the other forms a build error in this project.
/// </summary>
internal static class KeptAliveArithmetic
{
    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, ConstantScalars.Unit);

    /// <summary>a + b for a kept Scalar b.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, ConstantScalars.Unit);

    /// <summary>a += b for a kept Scalar b.</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar b) => a.add_(b, ConstantScalars.Unit);
}
