using OsteoMl.Data;
using OsteoMl.Evaluation;

namespace OsteoMl.Tests.Evaluation;

public sealed class RiskScoreTests
{
    private static Cohort Read(TempFolder folder, string csv)
    {
        File.WriteAllText(folder.File("c.csv"), csv);
        return CohortReader.Read(
            folder.File("c.csv"),
            new CohortOptions
            {
                RequireImages = false,
                LabelColumn = "y",
                IdColumn = "id",
            }
        );
    }

    [Fact]
    public void Given_age_weight_estrogen_race_and_history_When_scoring_Then_each_tool_follows_its_published_rule()
    {
        using var folder = new TempFolder();
        var cohort = Read(
            folder,
            "id,y,age,weight_kg,estrogen_use,race,rheumatoid_arthritis,prior_fracture\n"
                + "p1,1,76,55,0,white,1,1\n"
                + "p2,0,52,80,1,black,0,0\n"
        );

        var tools = ClinicalRiskScores.Compute(cohort).ToDictionary(t => t.Name);

        // OSTA = 0.2 (55 − 76) = −4.2 → score 4.2; 0.2 (80 − 52) = 5.6 → score −5.6
        Assert.Equal([4.2, -5.6], tools["osta"].Scores!.Select(s => Math.Round(s, 6)));
        // ORAI: 15 + 9 + 2 = 26; 0 + 0 + 0 = 0
        Assert.Equal([26.0, 0.0], tools["orai"].Scores!);
        // ABONE: 1 + 1 + 1 = 3; 0
        Assert.Equal([3.0, 0.0], tools["abone"].Scores!);
        // SCORE: 5 + 4 + 4 + 3·7 + 1 − floor(121.25 / 10) = 35 − 12 = 23; 0 + 0 + 0 + 15 + 0 − floor(176.4 / 10) = −2
        Assert.Equal([23.0, -2.0], tools["score"].Scores!);
        Assert.All(tools.Values, t => Assert.Null(t.SkippedBecause));
    }

    [Fact]
    public void Given_only_age_and_weight_When_scoring_Then_OSTA_is_computed_and_the_others_say_what_is_missing()
    {
        using var folder = new TempFolder();
        var cohort = Read(folder, "id,y,age,weight_kg\np1,1,70,50\np2,0,60,70\n");

        var tools = ClinicalRiskScores.Compute(cohort).ToDictionary(t => t.Name);

        Assert.NotNull(tools["osta"].Scores);
        Assert.Contains("estrogen", tools["orai"].SkippedBecause);
        Assert.Contains("race", tools["score"].SkippedBecause);
    }
}
