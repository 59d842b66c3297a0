using TorchSharp;
using static TorchSharp.torch;

namespace OsteoMl.Training.Network;

/// <summary>
/// Dropout for one fit: its rate and keep-scale as Scalars that live as long as the fit (never implicit temporaries a
/// collection could free mid-call), and the masks' own generator, so the fit is reproducible even when other code
/// draws from torch's global generator at the same time.
/// </summary>
public sealed class TrainingDropout : IDisposable
{
    private readonly Scalar _rate;
    private readonly Scalar _keepScale;
    private readonly Generator _masks;

    public TrainingDropout(double rate, ulong seed)
    {
        if (rate is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "dropout must be in [0, 1).");
        }
        Rate = rate;
        _rate = rate.ToScalar();
        _keepScale = (1 - rate).ToScalar();
        _masks = new Generator(seed);
    }

    public double Rate { get; }

    /// <summary>Zeroes each value with probability <see cref="Rate"/> and scales the rest by 1 / (1 − rate).</summary>
    public Tensor Apply(Tensor values)
    {
        var keep = (rand(values.shape, generator: _masks) >= _rate).to_type(ScalarType.Float32);
        return values * keep / _keepScale;
    }

    public void Dispose()
    {
        _rate.Dispose();
        _keepScale.Dispose();
        _masks.Dispose();
    }
}
