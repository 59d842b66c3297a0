using TorchSharp;

namespace OsteoMl.Training.Network;

/// <summary>
/// The constant Scalars the network's arithmetic uses, created once and rooted for the life of the process. An
/// implicit <c>float → Scalar</c> in an expression (<c>x + 1e-6f</c>) is a temporary that the GC may finalize while
/// libtorch still reads it (docs/image-network.md, native lifetimes), so tensor code in this project never converts
/// a number implicitly: it uses these, or a Scalar local disposed after the call. Each keeps the .NET type its
/// implicit conversion had, so results are unchanged bit for bit.
/// </summary>
internal static class ConstantScalars
{
    public static readonly Scalar One = 1f.ToScalar();

    /// <summary>The integer 1 TorchSharp passes as <c>alpha</c> when an addition gives none.</summary>
    public static readonly Scalar Unit = 1.ToScalar();

    /// <summary>The exponent of a square (<c>pow(Two)</c>), an integer as <c>pow(2)</c> had.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>8-bit gray levels to [0, 1].</summary>
    public static readonly Scalar InverseGrayMax = (1f / 255f).ToScalar();

    public static readonly Scalar Epsilon = WaveletAttentionNetwork.Epsilon.ToScalar();
}
