using OsteoMl.Training.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OsteoMl.Training.FineTuning;

/// <summary>
/// Adam (Kingma and Ba, 2015) with L2 weight decay added to the gradient, operation for operation as
/// <c>torch.optim.Adam</c> and TorchSharp's <c>optim.Adam</c> compute it, so a fit gives the same weights bit for bit.
/// It exists because TorchSharp's own step passes implicit <c>double → Scalar</c> temporaries to libtorch
/// (<c>mul_(beta1)</c>, <c>alpha: 1 - beta1</c>, <c>add_(eps)</c>, <c>value: -step_size</c>): nothing keeps such a
/// temporary reachable once its handle is read, so a collection during the native call frees the Scalar libtorch is
/// reading. Measured at 8fb81eb: NaN or silently wrong fits in 11 of 13 `train` runs on one machine, and a crash in
/// <c>c10::Scalar::toFloat</c> in every run of <c>NativeLifetimeTests</c>. Here every Scalar is a local disposed at the
/// end of the parameter's update, so it outlives every call that reads it.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9,
        Beta2 = 0.999,
        Eps = 1e-8;

    private readonly List<Slot> _slots = [];

    /// <param name="groups">Parameters with their learning rate and weight decay (e.g. a pretrained stage at a
    /// tenth of the new block's rate).</param>
    public AdamOptimizer(
        IEnumerable<(IReadOnlyList<Parameter> Parameters, double LearningRate, double WeightDecay)> groups
    )
    {
        foreach (var (parameters, learningRate, weightDecay) in groups)
        {
            foreach (var parameter in parameters)
            {
                _slots.Add(new Slot(parameter, learningRate, weightDecay));
            }
        }
    }

    /// <summary>Zeroes every gradient (as TorchSharp's <c>zero_grad</c>: the gradient tensors are kept).</summary>
    public void ZeroGrad()
    {
        foreach (var slot in _slots)
        {
            using var grad = slot.Parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using Scalar beta1 = Beta1.ToScalar(),
            oneMinusBeta1 = (1 - Beta1).ToScalar(),
            beta2 = Beta2.ToScalar(),
            oneMinusBeta2 = (1 - Beta2).ToScalar(),
            eps = Eps.ToScalar();
        foreach (var slot in _slots)
        {
            using var scope = NewDisposeScope();
            var grad = slot.Parameter.grad;
            if (grad is null)
            {
                continue;
            }
            slot.Steps++;
            double biasCorrection1 = 1 - Math.Pow(Beta1, slot.Steps);
            double biasCorrection2 = 1 - Math.Pow(Beta2, slot.Steps);
            using Scalar weightDecay = slot.WeightDecay.ToScalar(),
                sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar(),
                negativeStepSize = (-(slot.LearningRate / biasCorrection1)).ToScalar();
            if (slot.WeightDecay != 0)
            {
                grad = grad.add(slot.Parameter, alpha: weightDecay);
            }
            slot.ExpAvg.mul_(beta1).add_(grad, alpha: oneMinusBeta1);
            slot.ExpAvgSq.mul_(beta2).addcmul_(grad, grad.conj(), value: oneMinusBeta2);
            var denominator = (slot.ExpAvgSq.sqrt() / sqrtBiasCorrection2).PlusInPlace(eps);
            slot.Parameter.addcdiv_(slot.ExpAvg, denominator, value: negativeStepSize);
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.ExpAvg.Dispose();
            slot.ExpAvgSq.Dispose();
        }
    }

    /// <summary>A parameter with its settings, its moment estimates and its number of updates.</summary>
    private sealed class Slot(Parameter parameter, double learningRate, double weightDecay)
    {
        public Parameter Parameter { get; } = parameter;
        public double LearningRate { get; } = learningRate;
        public double WeightDecay { get; } = weightDecay;
        public Tensor ExpAvg { get; } = zeros_like(parameter).DetachFromDisposeScope();
        public Tensor ExpAvgSq { get; } = zeros_like(parameter).DetachFromDisposeScope();
        public long Steps { get; set; }
    }
}
