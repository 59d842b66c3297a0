using System.Diagnostics;
using System.Runtime.InteropServices;
using OsteoMl.Common;
using OsteoMl.Imaging;
using OsteoMl.Training.Network;
using static TorchSharp.torch;

namespace OsteoMl.Training.FineTuning;

/// <summary>
/// What fine-tuning computes once per film and reuses in every epoch and every fold network: the wavelet energies
/// (2.3 kB per film, in memory), and the frozen backbone's activations where training starts above them (stage 4 for
/// head mode — the batched ONNX Runtime pass's, when given —, stage 3 for last-stage mode; none for all). The
/// activations (100–200 kB per film) stay in <see cref="SpilledRows{T}"/> and are read batch by batch, so memory does
/// not grow with the cohort: 16,000 training films would otherwise hold 1.6 GB of stage 4 as one tensor.
/// </summary>
internal sealed class FrozenInputs : IDisposable
{
    private readonly Dictionary<int, long> _position;
    private readonly SpilledRows<float>? _activations;
    private readonly long[] _activationShape;

    /// <summary>
    /// The activations are the batched featurizer's (one row per data row, owned by the caller) rather than computed
    /// here (one row per cache position).
    /// </summary>
    private readonly bool _handed;

    private FrozenInputs(
        int[] rows,
        Tensor energies,
        SpilledRows<float>? activations,
        long[] activationShape,
        bool handed,
        TimeSpan elapsed
    )
    {
        Rows = rows;
        _position = rows.Select((row, i) => (row, i)).ToDictionary(x => x.row, x => (long)x.i);
        Energies = energies;
        _activations = activations;
        _activationShape = activationShape;
        _handed = handed;
        Elapsed = elapsed;
    }

    /// <summary>The film (data row) at each cache position.</summary>
    public int[] Rows { get; }
    public Tensor Energies { get; }
    public TimeSpan Elapsed { get; }

    public long Position(int row) => _position[row];

    /// <summary>
    /// Stage-4 (head) or stage-3 (last-stage) activations of the films at cache positions <paramref name="positions"/>,
    /// as one new [N, C, H, W] tensor; not available for <see cref="FineTuneMode.All"/>.
    /// </summary>
    public Tensor Activations(long[] positions)
    {
        var store =
            _activations ?? throw new InvalidOperationException("Fine-tuning all layers caches no activations.");
        var batch = empty([positions.Length, .. _activationShape]);
        // Each row is read straight into the new tensor's memory (CPU, contiguous): no copy element by element.
        var values = MemoryMarshal.Cast<byte, float>(batch.bytes);
        for (int i = 0; i < positions.Length; i++)
        {
            int index = _handed ? Rows[positions[i]] : (int)positions[i];
            store.Read(index, values.Slice(i * store.RowLength, store.RowLength));
        }
        return batch;
    }

    public static FrozenInputs Compute(
        RadiographNetworkData data,
        RadiographNetworkOptions options,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var clock = Stopwatch.StartNew();
        int[] rows = [.. data.TrainRows.Concat(data.ValidationRows).Distinct().Order()];
        bool fromOnnxRuntime = options.Mode == FineTuneMode.Head && data.Stage4 is not null;
        bool computesActivations = options.Mode != FineTuneMode.All && !fromOnnxRuntime;
        string stage =
            !computesActivations ? "wavelet maps"
            : options.Mode == FineTuneMode.LastStage ? "frozen stage-3 activations"
            : "frozen stage-4 activations";
        using var network = WaveletAttentionNetwork.Create(options.ModelFolder, options.Seed, data.Resolution);
        network.eval();
        using var noGrad = no_grad();
        var energyParts = new List<Tensor>();
        SpilledRows<float>? computed = null;
        long[] shape = [];
        try
        {
            for (int start = 0; start < rows.Length; start += 16)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int[] batch = rows[start..Math.Min(rows.Length, start + 16)];
                var pixels = RadiographNetworkTrainer.Pixels(data.Films, batch);
                energyParts.Add(WaveletMaps(network, data, batch, pixels).MoveToOuterDisposeScope());
                if (computesActivations)
                {
                    var part =
                        options.Mode == FineTuneMode.Head
                            ? network.Stage4Features(pixels)
                            : network.Stage3Features(pixels);
                    shape = part.shape[1..];
                    computed ??= new SpilledRows<float>((int)shape.Aggregate(1L, (a, b) => a * b));
                    Spill(part, computed);
                }
                progress?.Report(
                    new TrainingProgress(
                        $"Image network: {stage} (once)",
                        Math.Min(rows.Length, start + 16),
                        rows.Length
                    )
                );
            }
            long[] stage4Shape =
            [
                RadiographCatalog.EmbeddingSize,
                RadiographNetwork.AttentionSide,
                RadiographNetwork.AttentionSide,
            ];
            return new FrozenInputs(
                rows,
                cat(energyParts, 0),
                fromOnnxRuntime ? data.Stage4 : computed,
                fromOnnxRuntime ? stage4Shape : shape,
                fromOnnxRuntime,
                options.Mode == FineTuneMode.All ? TimeSpan.Zero : clock.Elapsed
            );
        }
        catch
        {
            computed?.Dispose();
            throw;
        }
        finally
        {
            energyParts.ForEach(t => t.Dispose());
        }
    }

    /// <summary>
    /// The raw wavelet maps of the films <paramref name="batch"/>: computed from their 224 pixels, or on a finer grid
    /// the film graph's (<see cref="RadiographNetworkData.WaveletEnergies"/>).
    /// </summary>
    private static Tensor WaveletMaps(
        WaveletAttentionNetwork network,
        RadiographNetworkData data,
        int[] batch,
        Tensor pixels
    )
    {
        if (!data.Resolution.IsNative)
        {
            return network.WaveletEnergies(pixels);
        }
        var given =
            data.WaveletEnergies
            ?? throw new ArgumentException($"films on the {data.Resolution} grid need their wavelet maps.");
        int length = data.Resolution.WaveletMaps * RadiographNetwork.AttentionSide * RadiographNetwork.AttentionSide;
        var values = new float[batch.Length * length];
        for (int i = 0; i < batch.Length; i++)
        {
            given[batch[i]].AsSpan().CopyTo(values.AsSpan(i * length, length));
        }
        return tensor(
            values,
            [
                batch.Length,
                data.Resolution.WaveletMaps,
                RadiographNetwork.AttentionSide,
                RadiographNetwork.AttentionSide,
            ]
        );
    }

    /// <summary>Appends each film of an [N, …] activation batch as one row.</summary>
    private static void Spill(Tensor batch, SpilledRows<float> store)
    {
        using var contiguous = batch.contiguous();
        var values = MemoryMarshal.Cast<byte, float>(contiguous.bytes);
        for (int i = 0; i < batch.shape[0]; i++)
        {
            store.Add(values.Slice(i * store.RowLength, store.RowLength));
        }
    }

    public void Dispose()
    {
        Energies.Dispose();
        if (!_handed)
        {
            _activations?.Dispose();
        }
    }
}
