using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Reporting;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Trains the image network on the training split's films, stopping early on the validation split's: always the
/// attention block on the frozen backbone ("attention"), and with <c>--fine-tune last-stage|all</c> also the
/// fine-tuned network ("finetuned"). The last one is the one saved; it is also fitted once per fold of the run's
/// folds for out-of-fold logits. Each is exported to ONNX and run over every film by ONNX Runtime; with an int8
/// backbone the attention network's backbone is quantized with the same ranges first. A fit that goes non-finite
/// (<see cref="NetworkDivergedException"/>: a loss, parameter or logit, or an output of its exported graph) drops its
/// candidate with one warning line; when the saved one is dropped, the run keeps the frozen backbone.
/// </summary>
internal static class NetworkTraining
{
    public static TrainedNetworks Train(
        TrainingRequest request,
        int seed,
        TrainingCohort cohort,
        NetworkFilms films,
        BackboneChoice backbone,
        CohortSplit split,
        PatientFolds folds,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var trainer =
            request.NetworkTrainer
            ?? throw new InvalidOperationException(
                "fine-tuning needs an image-network trainer (OsteoMl.Training); pass --fine-tune none to keep the "
                    + "frozen backbone."
            );
        int[] trainRows = [.. split.Train.Order()];
        folds.CheckAligned([.. trainRows.Select(i => cohort.Cohort.PatientIds[i])], "image network folds");
        FineTuneMode[] modes =
            request.FineTune == FineTuneMode.Head ? [FineTuneMode.Head] : [FineTuneMode.Head, request.FineTune];
        var networks = new List<TrainedNetworkVariant>();
        var dropped = new List<DroppedImageNetwork>();
        bool savedDropped = false;
        foreach (var mode in modes)
        {
            string variant = mode == FineTuneMode.Head ? "attention" : "finetuned";
            bool saved = mode == modes[^1];
            var data = new RadiographNetworkData(films.Films, [.. cohort.Labels], trainRows, [.. split.Validation])
            {
                Stage4 = films.Stage4,
                Resolution = films.Resolution,
                WaveletEnergies = films.Energies,
                Folds = saved ? [.. folds.Assignment()] : null,
            };
            var options = new RadiographNetworkOptions
            {
                Mode = mode,
                Seed = seed,
                ModelFolder = request.ImageModelFolder,
                Settings = request.Config.Image.Network,
            };
            try
            {
                networks.Add(
                    TrainOne(request, trainer, data, options, variant, backbone, films, progress, cancellationToken)
                );
            }
            catch (NetworkDivergedException e)
            {
                dropped.Add(new DroppedImageNetwork(variant, FineTuneModes.Name(mode), e.Message));
                savedDropped |= saved;
                progress?.Report(
                    new TrainingProgress(
                        $"Warning: image network '{variant}' dropped: {e.Message}; "
                            + (saved ? "the frozen backbone is used" : "the other candidates go on")
                    )
                );
            }
        }
        // Only the last mode has out-of-fold logits: without it no network can be stacked or saved.
        return new TrainedNetworks(networks, dropped, savedDropped);
    }

    /// <summary>One network: trained, exported and run over every film by ONNX Runtime (outputs checked finite).</summary>
    private static TrainedNetworkVariant TrainOne(
        TrainingRequest request,
        IRadiographNetworkTrainer trainer,
        RadiographNetworkData data,
        RadiographNetworkOptions options,
        string variant,
        BackboneChoice backbone,
        NetworkFilms films,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var network = trainer.Train(data, options, progress, cancellationToken);
        if (options.Mode == FineTuneMode.Head && backbone.Int8 is { } int8)
        {
            // The head learnt on the int8 backbone's stage-4 activations; the saved graph computes the same ones.
            network = network with
            {
                Onnx = int8.QuantizeNetwork(network.Onnx),
            };
        }
        progress?.Report(new TrainingProgress("Image network: running the exported ONNX graph over every film"));
        using var runtime = new RadiographNetwork(network.Onnx, device: request.Device);
        var outputs = runtime.Run(films.Films, energies: films.Energies);
        if (!outputs.All(o => float.IsFinite(o.Logit) && float.IsFinite(o.Probability)))
        {
            throw new NetworkDivergedException("exported graph", network.BestEpoch, "logit on a film");
        }
        return new TrainedNetworkVariant(variant, network, outputs);
    }
}
