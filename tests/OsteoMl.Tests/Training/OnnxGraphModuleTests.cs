using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OsteoMl.Imaging;
using OsteoMl.Training.FineTuning;
using OsteoMl.Training.Import;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace OsteoMl.Tests.Training;

public sealed class OnnxGraphModuleTests(ITestOutputHelper output)
{
    private static string ResNetPath => RadiographCatalog.ResNetPath();

    [Fact]
    public void Given_the_packaged_ResNet18_When_imported_into_TorchSharp_Then_its_forward_pass_equals_ONNX_Runtime_on_the_original_graph()
    {
        TorchRuntime.EnsureLoaded();
        using var module = OnnxGraphModule.Load(ResNetPath);
        using var session = new InferenceSession(ResNetPath);
        var random = new Random(7);
        const int size = RadiographCatalog.InputSize;
        double maxDifference = 0,
            maxMagnitude = 0;
        for (int film = 0; film < 2; film++)
        {
            // Real-sized input on the scale the graph sees: 0–255 pixels minus ImageNet means (about ±128).
            float[] input =
            [
                .. Enumerable.Range(0, 3 * size * size).Select(_ => (float)(random.NextDouble() * 255 - 115)),
            ];
            using var onnx = session.Run([
                NamedOnnxValue.CreateFromTensor(module.InputName, new DenseTensor<float>(input, [1, 3, size, size])),
            ]);
            float[] expected = onnx.First().AsEnumerable<float>().ToArray();
            using var noGrad = no_grad();
            using var x = tensor(input, [1, 3, size, size]);
            using var y = module.forward(x);
            float[] actual = y.data<float>().ToArray();

            Assert.Equal(RadiographCatalog.EmbeddingSize, actual.Length);
            maxDifference = Math.Max(maxDifference, expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second)));
            maxMagnitude = Math.Max(maxMagnitude, expected.Max(Math.Abs));
        }
        output.WriteLine(
            $"TorchSharp vs ONNX Runtime on ResNet18: max abs difference {maxDifference:E2} (outputs up to "
                + $"{maxMagnitude:0.00})"
        );
        Assert.True(maxMagnitude > 0.1, "the outputs are not trivially zero");
        Assert.True(maxDifference <= 1e-3, $"max abs difference {maxDifference:E2}");
    }

    [Fact]
    public void Given_the_imported_graph_When_run_from_stage_3_to_stage_4_Then_it_equals_the_whole_pass_up_to_stage_4()
    {
        TorchRuntime.EnsureLoaded();
        using var module = OnnxGraphModule.Load(ResNetPath);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var scale = 50.ToScalar();
        var x = randn(1, 3, 224, 224) * scale;
        using var stage3 = module.Run(x, module.InputName, OsteoMl.Training.Network.WaveletAttentionNetwork.Stage3);
        using var direct = module.Run(x, module.InputName, OsteoMl.Training.Network.WaveletAttentionNetwork.Stage4);
        using var resumed = module.Run(
            stage3,
            OsteoMl.Training.Network.WaveletAttentionNetwork.Stage3,
            OsteoMl.Training.Network.WaveletAttentionNetwork.Stage4
        );

        Assert.Equal([1L, 256, 14, 14], stage3.shape);
        Assert.Equal([1L, 512, 7, 7], direct.shape);
        Assert.Equal(0, (direct - resumed).abs().max().item<float>());
        Assert.NotEmpty(module.ParametersAfter(OsteoMl.Training.Network.WaveletAttentionNetwork.Stage3));
    }
}
