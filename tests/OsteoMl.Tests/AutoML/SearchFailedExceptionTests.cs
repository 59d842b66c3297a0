using OsteoMl.AutoML;

namespace OsteoMl.Tests.AutoML;

public sealed class SearchFailedExceptionTests
{
    private static TrialResult Failed(int id, string error) =>
        new()
        {
            Id = id,
            Stage = "image",
            Trainer = "ImageLogistic",
            Hyperparameters = new Dictionary<string, double> { ["l2"] = id },
            Status = TrialStatus.Failed,
            Metric = ObjectiveMetric.Auc,
            Error = error,
        };

    [Fact]
    public void Given_a_search_whose_trials_all_failed_When_describing_it_Then_the_message_names_the_stage_the_stop_and_the_first_error()
    {
        var search = new ExperimentResult([Failed(1, "logits are NaN"), Failed(2, "other")], null, "grid done", 0);

        var e = new SearchFailedException("image head (network)", search);

        Assert.Equal(
            "the image head (network) search completed no trial (grid done; 2 of 2 trials failed, the first with: "
                + "logits are NaN)",
            e.Message
        );
    }

    [Fact]
    public void Given_a_search_stopped_before_any_trial_When_describing_it_Then_the_message_gives_the_stop_reason()
    {
        var e = new SearchFailedException("clinical", new ExperimentResult([], null, "cancelled", 0));

        Assert.Equal("the clinical search completed no trial (cancelled)", e.Message);
    }
}
