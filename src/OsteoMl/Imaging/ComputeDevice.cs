using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace OsteoMl.Imaging;

/// <summary>
/// Where the CNN runs: <c>cpu</c> or <c>cuda[:N]</c>. CUDA needs the GPU build (<c>-p:OsteoMlGpu=true</c>, ONNX Runtime
/// with CUDA 13 + cuDNN 9) and a working driver and libraries; when any of that is missing, <see cref="Resolve"/>
/// falls back to the CPU with one line saying why (platform note "GPU packages": the CPU package throws for any GPU
/// request,
/// the GPU package without CUDA throws unless told to fall back). Only training featurization uses it: the saved zip
/// never records a device.
/// </summary>
public sealed record ComputeDevice(int? CudaDeviceId)
{
    public static ComputeDevice Cpu { get; } = new((int?)null);

    public bool IsCuda => CudaDeviceId is not null;

    /// <summary>True when this build carries the CUDA ONNX Runtime.</summary>
    public static bool GpuBuild =>
#if OSTEOML_GPU
        true;
#else
        false;
#endif

    public static bool TryParse(string? text, out ComputeDevice device)
    {
        device = Cpu;
        string value = (text ?? "cpu").Trim().ToLowerInvariant();
        if (value == "cpu")
        {
            return true;
        }
        if (value == "cuda")
        {
            device = new ComputeDevice(0);
            return true;
        }
        if (
            value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value[5..], NumberStyles.None, CultureInfo.InvariantCulture, out int id)
        )
        {
            device = new ComputeDevice(id);
            return true;
        }
        return false;
    }

    /// <summary>
    /// The device that will really be used: this one if it works, else the CPU and a one-line warning.
    /// A CUDA device is probed by creating session options with the CUDA provider (loads the CUDA libraries).
    /// </summary>
    public ComputeDevice Resolve(out string? warning) => Resolve(GpuBuild, ProbeCuda, out warning);

    /// <summary>The decision, with the build flag and the probe injectable for tests.</summary>
    public ComputeDevice Resolve(bool gpuBuild, Func<int, string?> probe, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(probe);
        warning = null;
        if (CudaDeviceId is not { } id)
        {
            return Cpu;
        }
        if (!gpuBuild)
        {
            warning =
                $"warning: cuda:{id} requested, but this build has the CPU ONNX Runtime (rebuild with "
                + $"-p:OsteoMlGpu=true); using the CPU.";
            return Cpu;
        }
        if (probe(id) is { } problem)
        {
            warning = $"warning: cuda:{id} is not usable ({problem}); using the CPU.";
            return Cpu;
        }
        return this;
    }

    /// <summary>Session options for this device (resolve first: a CUDA request on a CPU build throws here).</summary>
    public SessionOptions SessionOptions(int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads > 0 ? threads : Environment.ProcessorCount,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // The arena keeps the largest batch's activations for the session's life and grows with each new batch
            // shape; without it, peak memory stays near one batch's working set (measured: see bench perf).
            EnableCpuMemArena = true,
        };
        if (CudaDeviceId is { } id)
        {
            options.AppendExecutionProvider_CUDA(id);
        }
        return options;
    }

    /// <summary>
    /// Runs a one-node graph on the device: loads the CUDA libraries and checks the device id really works.
    /// </summary>
    private static string? ProbeCuda(int id)
    {
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(id);
            using var session = new InferenceSession(IdentityGraph(), options);
            var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(new[] { 1f }, [1]);
            using var output = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);
            return null;
        }
        catch (Exception e)
            when (e
                    is OnnxRuntimeException
                        or EntryPointNotFoundException
                        or DllNotFoundException
                        or TypeInitializationException
            )
        {
            return e.Message.Split('\n')[0].Trim();
        }
    }

    private static byte[] IdentityGraph()
    {
        static Onnx.ValueInfoProto Value(string name) =>
            new()
            {
                Name = name,
                Type = new Onnx.TypeProto
                {
                    TensorType = new Onnx.TypeProto.Types.Tensor
                    {
                        ElemType = (int)Onnx.TensorProto.Types.DataType.Float,
                        Shape = new Onnx.TensorShapeProto
                        {
                            Dim = { new Onnx.TensorShapeProto.Types.Dimension { DimValue = 1 } },
                        },
                    },
                },
            };
        var model = new Onnx.ModelProto
        {
            IrVersion = 7,
            OpsetImport = { new Onnx.OperatorSetIdProto { Version = 13 } },
            Graph = new Onnx.GraphProto
            {
                Name = "probe",
                Node =
                {
                    new Onnx.NodeProto
                    {
                        OpType = "Identity",
                        Input = { "x" },
                        Output = { "y" },
                    },
                },
                Input = { Value("x") },
                Output = { Value("y") },
            },
        };
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    public override string ToString() => CudaDeviceId is { } id ? $"cuda:{id}" : "cpu";
}
