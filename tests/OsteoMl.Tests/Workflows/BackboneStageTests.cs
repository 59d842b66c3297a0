using Microsoft.ML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Simulation;
using OsteoMl.Workflows;
using OsteoMl.Workflows.Training;

namespace OsteoMl.Tests.Workflows;

public sealed class BackboneStageTests
{
    [Fact]
    public void Given_precision_fp32_or_a_fine_tuned_backbone_When_choosing_Then_the_float_graph_is_kept_without_measuring()
    {
        // These rules decide before any film is read.
        var fp32 = BackboneStage.Choose(Request("fp32", FineTuneMode.Head), null!, Split(), CancellationToken.None);
        var lastStage = BackboneStage.Choose(
            Request("auto", FineTuneMode.LastStage),
            null!,
            Split(),
            CancellationToken.None
        );

        Assert.Equal(BackboneChoice.Fp32, fp32.Precision);
        Assert.Null(fp32.Int8);
        Assert.Equal(BackboneChoice.Fp32, lastStage.Precision);
        Assert.Contains("--fine-tune", lastStage.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_precision_int8_with_a_backbone_that_training_changes_When_choosing_Then_it_is_refused_as_bad_input()
    {
        var error = Assert.Throws<UserInputException>(() =>
            BackboneStage.Choose(Request("int8", FineTuneMode.All), null!, Split(), CancellationToken.None)
        );
        Assert.Contains("--fine-tune none or head", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_precision_int8_When_choosing_on_training_films_Then_it_is_calibrated_on_training_rows_only_and_measured()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 6, seed: 41, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);
        var pixels = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view);
        var split = new CohortSplit([0, 1, 2, 3], [4], [.. Enumerable.Range(5, cohort.Count - 5)]);

        var choice = BackboneStage.Choose(Request("int8", FineTuneMode.Head), pixels, split, CancellationToken.None);

        Assert.Equal(BackboneChoice.Int8Precision, choice.Precision);
        Assert.NotNull(choice.ResNet);
        Assert.Equal(2, choice.Int8!.CalibrationFilms); // 4 training films: 2 calibrate, 2 are timed
        Assert.True(choice.Speedup > 0);
        Assert.InRange(choice.EmbeddingRelativeRms!.Value, 1e-4, 0.5);
    }

    [Fact]
    public void Given_an_unknown_precision_When_validating_the_pipeline_Then_the_message_names_the_choices()
    {
        var config = new PipelineConfig { Image = new PipelineConfig.ImageSettings { Precision = "int4" } };
        Assert.Equal("image.precision 'int4' is not one of auto, int8, fp32.", config.Validate());
    }

    private static TrainingRequest Request(string precision, FineTuneMode mode) =>
        new()
        {
            DataPath = "unused",
            OutputModelPath = "unused.zip",
            FineTune = mode,
            Config = new PipelineConfig { Image = new PipelineConfig.ImageSettings { Precision = precision } },
        };

    private static CohortSplit Split() => new([0], [1], [2]);
}
