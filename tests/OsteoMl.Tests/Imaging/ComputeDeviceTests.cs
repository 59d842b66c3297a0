using OsteoMl.Cli;
using OsteoMl.Imaging;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Imaging;

public sealed class ComputeDeviceTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Theory]
    [InlineData("cpu", null)]
    [InlineData("cuda", 0)]
    [InlineData("CUDA:3", 3)]
    public void Given_a_device_name_When_parsing_Then_the_cuda_index_is_read(string text, int? id)
    {
        Assert.True(ComputeDevice.TryParse(text, out var device));
        Assert.Equal(id, device.CudaDeviceId);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Given_nonsense_When_parsing_Then_it_is_refused(string text) =>
        Assert.False(ComputeDevice.TryParse(text, out _));

    [Fact]
    public void Given_cuda_on_the_cpu_build_When_resolving_Then_the_cpu_is_used_with_a_warning_naming_the_build_switch()
    {
        var device = new ComputeDevice(1).Resolve(
            gpuBuild: false,
            probe: _ => throw new InvalidOperationException("must not probe"),
            out string? warning
        );

        Assert.False(device.IsCuda);
        Assert.Contains("-p:OsteoMlGpu=true", warning);
    }

    [Fact]
    public void Given_cuda_on_the_gpu_build_without_cuda_libraries_When_resolving_Then_the_cpu_is_used_with_the_reason()
    {
        var device = new ComputeDevice(0).Resolve(
            gpuBuild: true,
            probe: _ => "libcublasLt.so.13: cannot open shared object file",
            out string? warning
        );

        Assert.False(device.IsCuda);
        Assert.Contains("libcublasLt.so.13", warning);
    }

    [Fact]
    public void Given_cuda_that_works_When_resolving_Then_it_is_kept_without_warning()
    {
        var device = new ComputeDevice(0).Resolve(gpuBuild: true, probe: _ => null, out string? warning);

        Assert.Equal(0, device.CudaDeviceId);
        Assert.Null(warning);
    }

    [Fact]
    public void Given_this_cpu_build_When_predicting_on_cuda_Then_it_warns_once_and_still_scores()
    {
        Assert.False(ComputeDevice.GpuBuild);
        using var folder = new TempFolder();
        var console = new TestConsole();
        console.Profile.Width = 300;

        int code = CliApp.Run(
            [
                "predict",
                "--model",
                fixture.ModelPath,
                "--data",
                fixture.CohortFolder,
                "--out",
                folder.File("p.csv"),
                "--device",
                "cuda",
            ],
            console
        );

        Assert.Equal(0, code);
        Assert.Single(console.Lines, l => l.Contains("using the CPU", StringComparison.Ordinal));
        Assert.True(File.Exists(folder.File("p.csv")));
    }

    [Fact]
    public void Given_an_unknown_device_When_training_Then_exit_2()
    {
        var console = new TestConsole();
        Assert.Equal(2, CliApp.Run(["train", "--device", "tpu"], console));
    }
}
