using OsteoMl.Data;

namespace OsteoMl.Evaluation;

/// <summary>
/// The classic clinical screening tools, computed where the cohort has their inputs (column names matched
/// case-insensitively): age (<c>age</c>), weight in kg (<c>weight_kg</c> or <c>weight</c>), estrogen use
/// (<c>estrogen_use</c>, <c>estrogen</c> or <c>hrt</c>; 1 = uses/used), race (<c>race</c>), rheumatoid arthritis
/// (<c>rheumatoid_arthritis</c>) and fractures after 45 (<c>fractures_after_45</c> count, or <c>prior_fracture</c>
/// 0/1).
/// All were derived in postmenopausal women; applied to men they are only a reference line.
/// Scores are oriented so that higher means higher risk; thresholds are the published referral cut-offs.
/// </summary>
public static class ClinicalRiskScores
{
    public static IReadOnlyList<RiskTool> Compute(Cohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        float[]? age = cohort.NumberColumn("age") ?? cohort.NumberColumn("age_years");
        float[]? weight = cohort.NumberColumn("weight_kg") ?? cohort.NumberColumn("weight");
        float[]? estrogen =
            cohort.NumberColumn("estrogen_use") ?? cohort.NumberColumn("estrogen") ?? cohort.NumberColumn("hrt");
        string[]? race = cohort.TextColumn("race");
        float[]? arthritis = cohort.NumberColumn("rheumatoid_arthritis");
        float[]? fractures = cohort.NumberColumn("fractures_after_45") ?? cohort.NumberColumn("prior_fracture");
        int n = cohort.Count;

        string? Missing(params (string Input, object? Column)[] inputs) =>
            inputs.Where(i => i.Column is null).Select(i => i.Input).ToArray() is { Length: > 0 } absent
                ? $"no {string.Join(", ", absent)} column"
                : null;
        double[] Score(Func<int, double> score) => Enumerable.Range(0, n).Select(score).ToArray();

        var tools = new List<RiskTool>();
        string? skip = Missing(("age", age), ("weight", weight));
        tools.Add(
            new RiskTool(
                "osta",
                "OSTA = 0.2 × (weight kg − age years); score = −OSTA; refer when OSTA ≤ −1 (Koh 2001)",
                skip is null ? Score(i => -0.2 * (weight![i] - age![i])) : null,
                1,
                skip
            )
        );

        skip = Missing(("age", age), ("weight", weight), ("estrogen use", estrogen));
        tools.Add(
            new RiskTool(
                "orai",
                "ORAI: age ≥75 → 15, 65–74 → 9, 55–64 → 5; weight <60 kg → 9, 60–69.9 → 3; no current estrogen → 2; "
                    + "refer at ≥ 9 (Cadarette 2000)",
                skip is null ? Score(i => Orai(age![i], weight![i], estrogen![i])) : null,
                9,
                skip
            )
        );

        tools.Add(
            new RiskTool(
                "abone",
                "ABONE: age >65, weight <63.5 kg, never estrogen — one point each; refer at ≥ 2 (Weinstein 2000)",
                skip is null ? Score(i => Abone(age![i], weight![i], estrogen![i])) : null,
                2,
                skip
            )
        );

        skip = Missing(
            ("age", age),
            ("weight", weight),
            ("estrogen use", estrogen),
            ("race", race),
            ("rheumatoid arthritis", arthritis),
            ("fracture history", fractures)
        );
        tools.Add(
            new RiskTool(
                "score",
                "SCORE: 5 if not black + 4 × rheumatoid arthritis + 4 per fracture after 45 (max 12) + 3 × first "
                    + "digit of age + 1 if never estrogen − weight lb / 10; refer at ≥ 6 (Lydick 1998)",
                skip is null
                    ? Score(i => ScoreTool(race![i], arthritis![i], fractures![i], age![i], estrogen![i], weight![i]))
                    : null,
                6,
                skip
            )
        );
        return tools;
    }

    private static double Orai(double age, double weight, double estrogen)
    {
        if (double.IsNaN(age) || double.IsNaN(weight) || double.IsNaN(estrogen))
        {
            return double.NaN;
        }
        double points =
            age >= 75 ? 15
            : age >= 65 ? 9
            : age >= 55 ? 5
            : 0;
        points +=
            weight < 60 ? 9
            : weight < 70 ? 3
            : 0;
        return points + (estrogen > 0.5 ? 0 : 2);
    }

    private static double Abone(double age, double weight, double estrogen) =>
        double.IsNaN(age) || double.IsNaN(weight) || double.IsNaN(estrogen)
            ? double.NaN
            : (age > 65 ? 1 : 0) + (weight < 63.5 ? 1 : 0) + (estrogen > 0.5 ? 0 : 1);

    private static double ScoreTool(
        string race,
        double arthritis,
        double fractures,
        double age,
        double estrogen,
        double weight
    )
    {
        if (
            race.Length == 0
            || double.IsNaN(arthritis)
            || double.IsNaN(fractures)
            || double.IsNaN(age)
            || double.IsNaN(estrogen)
            || double.IsNaN(weight)
        )
        {
            return double.NaN;
        }
        bool black =
            race.Contains("black", StringComparison.OrdinalIgnoreCase)
            || race.Contains("african", StringComparison.OrdinalIgnoreCase);
        double points = (black ? 0 : 5) + (arthritis > 0.5 ? 4 : 0) + Math.Min(12, 4 * Math.Round(fractures));
        points += 3 * Math.Floor(age / 10) + (estrogen > 0.5 ? 0 : 1);
        return points - Math.Floor(weight * 2.20462 / 10);
    }
}
