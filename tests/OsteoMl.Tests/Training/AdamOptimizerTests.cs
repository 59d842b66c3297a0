using OsteoMl.Training.FineTuning;
using TorchSharp;
// The comparison with TorchSharp's own Adam is the point of this file; it never runs under GC pressure (see below).
#pragma warning disable RS0030
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace OsteoMl.Tests.Training;

/// <summary>
/// OsteoMl's Adam against TorchSharp's: the same updates bit for bit (so replacing it changed no undisturbed fit), and
/// the same run under GC pressure, where TorchSharp's own step reads freed Scalars.
/// </summary>
[Collection(NativeMemoryCollection.Name)]
public sealed class AdamOptimizerTests
{
    /// <summary>Two parameter groups (a tenth of the rate for the second), weight decay, a small logistic loss.</summary>
    private static float[] Fit(bool torchSharpAdam, int steps)
    {
        using var scope = NewDisposeScope();
        using var data = new Generator(11);
        var first = new Parameter(randn([16, 8], generator: data), requires_grad: true);
        var second = new Parameter(randn([8, 1], generator: data), requires_grad: true);
        var x = randn([64, 16], generator: data);
        using var half = 0.5.ToScalar(); // a local, not an implicit temporary: this runs under GC pressure
        var y = (rand([64, 1], generator: data) >= half).to_type(ScalarType.Float32);
        using var adam = optim.Adam(
            [
                new Adam.ParamGroup([first], new Adam.Options { LearningRate = 1e-2, weight_decay = 1e-4 }),
                new Adam.ParamGroup([second], new Adam.Options { LearningRate = 1e-3, weight_decay = 1e-4 }),
            ],
            1e-2
        );
        using var ours = new AdamOptimizer([([first], 1e-2, 1e-4), ([second], 1e-3, 1e-4)]);
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var loss = F.binary_cross_entropy_with_logits(x.matmul(first).matmul(second), y);
            if (torchSharpAdam)
            {
                adam.zero_grad();
                loss.backward();
                adam.step();
            }
            else
            {
                ours.ZeroGrad();
                loss.backward();
                ours.Step();
            }
        }
        return [.. first.data<float>().ToArray(), .. second.data<float>().ToArray()];
    }

    [Fact]
    public void Given_the_same_problem_When_stepping_Then_the_parameters_equal_TorchSharps_Adam_bit_for_bit()
    {
        var theirs = Fit(torchSharpAdam: true, steps: 50);
        var ours = Fit(torchSharpAdam: false, steps: 50);

        Assert.Equal(theirs, ours);
        Assert.NotEqual(Fit(torchSharpAdam: false, steps: 49), ours);
    }

    [Fact]
    public void Given_a_thread_forcing_collections_When_stepping_many_times_Then_the_parameters_do_not_change()
    {
        // Only OsteoMl's optimizer runs under pressure: TorchSharp's would read freed Scalars.
        var undisturbed = Fit(torchSharpAdam: false, steps: 1500);

        using var pressure = new GcPressure();
        var disturbed = Fit(torchSharpAdam: false, steps: 1500);

        Assert.Equal(undisturbed, disturbed);
        Assert.All(disturbed, v => Assert.True(float.IsFinite(v)));
    }
}
