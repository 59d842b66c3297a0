using System.Diagnostics;
using OsteoMl.Common;
using OsteoMl.Imaging;
using OsteoMl.Training.Network;
using static TorchSharp.torch;

namespace OsteoMl.Training.FineTuning;

/// <summary>
/// What fine-tuning computes once per film and reuses in every epoch and every fold network: the wavelet energies,
/// and the frozen backbone's activations where training starts above them (stage 4 for head mode — taken from the
/// batched ONNX Runtime pass when given —, stage 3 for last-stage mode; none for all).
/// </summary>
internal sealed class FrozenInputs : IDisposable
{
    private readonly Dictionary<int, long> _position;

    private FrozenInputs(int[] rows, Tensor energies, Tensor activations, TimeSpan elapsed)
    {
        Rows = rows;
        _position = rows.Select((row, i) => (row, i)).ToDictionary(x => x.row, x => (long)x.i);
        Energies = energies;
        Activations = activations;
        Elapsed = elapsed;
    }

    /// <summary>The film (data row) at each cache position.</summary>
    public int[] Rows { get; }
    public Tensor Energies { get; }

    /// <summary>Stage-4 or stage-3 activations by cache position; empty for <see cref="FineTuneMode.All"/>.</summary>
    public Tensor Activations { get; }
    public TimeSpan Elapsed { get; }

    public long Position(int row) => _position[row];

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
        string stage =
            options.Mode == FineTuneMode.All || fromOnnxRuntime ? "wavelet maps"
            : options.Mode == FineTuneMode.LastStage ? "frozen stage-3 activations"
            : "frozen stage-4 activations";
        using var network = WaveletAttentionNetwork.Create(options.ModelFolder, options.Seed);
        network.eval();
        using var noGrad = no_grad();
        var energyParts = new List<Tensor>();
        var activationParts = new List<Tensor>();
        // Head mode with the batched featurizer's activations: one tensor filled film by film, instead of batch parts
        // joined at the end (that held the 100 kB per film twice, and once more as managed batch arrays).
        Tensor? stage4 = fromOnnxRuntime
            ? empty(
                rows.Length,
                RadiographCatalog.EmbeddingSize,
                RadiographNetwork.AttentionSide,
                RadiographNetwork.AttentionSide
            )
            : null;
        try
        {
            for (int start = 0; start < rows.Length; start += 16)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int[] batch = rows[start..Math.Min(rows.Length, start + 16)];
                var pixels = RadiographNetworkTrainer.Pixels(data.Films, batch);
                energyParts.Add(network.WaveletEnergies(pixels).MoveToOuterDisposeScope());
                if (stage4 is not null)
                {
                    // ImageNet stage 4 as the batched ONNX Runtime featurizer already computed it (same weights).
                    for (int i = 0; i < batch.Length; i++)
                    {
                        stage4[start + i].copy_(tensor(data.Stage4![batch[i]]).view(stage4.shape[1..]));
                    }
                }
                else if (options.Mode == FineTuneMode.Head)
                {
                    activationParts.Add(network.Stage4Features(pixels).MoveToOuterDisposeScope());
                }
                else if (options.Mode == FineTuneMode.LastStage)
                {
                    activationParts.Add(network.Stage3Features(pixels).MoveToOuterDisposeScope());
                }
                progress?.Report(
                    new TrainingProgress(
                        $"Image network: {stage} (once)",
                        Math.Min(rows.Length, start + 16),
                        rows.Length
                    )
                );
            }
            var energies = cat(energyParts, 0);
            var activations = stage4 ?? (activationParts.Count > 0 ? cat(activationParts, 0) : empty(0));
            return new FrozenInputs(
                rows,
                energies,
                activations,
                options.Mode == FineTuneMode.All ? TimeSpan.Zero : clock.Elapsed
            );
        }
        catch
        {
            stage4?.Dispose();
            throw;
        }
        finally
        {
            energyParts.ForEach(t => t.Dispose());
            activationParts.ForEach(t => t.Dispose());
        }
    }

    public void Dispose()
    {
        Energies.Dispose();
        Activations.Dispose();
    }
}
