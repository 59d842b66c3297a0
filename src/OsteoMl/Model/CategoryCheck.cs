using OsteoMl.AutoML;
using OsteoMl.Data;

namespace OsteoMl.Model;

/// <summary>
/// Compares a cohort's categorical values with those the model was trained on (the model card's
/// <see cref="ModelCard.Categories"/>): a site that writes <c>female</c> where training wrote <c>F</c> is scored
/// without the column, silently, unless someone looks.
/// </summary>
public static class CategoryCheck
{
    /// <summary>Every categorical column with unseen values (empty when the card predates the record of them).</summary>
    public static IReadOnlyList<UnseenCategory> Unseen(Cohort cohort, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(card);
        if (card.Categories is not { } categories)
        {
            return [];
        }
        var unseen = new List<UnseenCategory>();
        foreach (var (column, known) in categories)
        {
            if (cohort.TextColumn(column) is not { } values)
            {
                continue;
            }
            var knownSet = known.ToHashSet(StringComparer.Ordinal);
            var counts = values
                .Where(v => v.Length > 0 && !knownSet.Contains(v))
                .GroupBy(v => v, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (counts.Count > 0)
            {
                unseen.Add(new UnseenCategory(column, counts, known));
            }
        }
        return unseen;
    }

    /// <summary>
    /// The warnings to show for <paramref name="cohort"/> (reading's own, then one per column with unseen values); with
    /// <paramref name="strict"/>, unseen values are refused instead (<see cref="CohortFormatException"/> naming the
    /// column).
    /// </summary>
    public static IReadOnlyList<string> Warnings(Cohort cohort, ModelCard card, bool strict)
    {
        var unseen = Unseen(cohort, card);
        if (strict && unseen.Count > 0)
        {
            throw new CohortFormatException(
                $"{unseen[0].Describe()} Map them to the training values, or drop --strict to score them anyway.",
                Path.GetFileName(cohort.Source),
                column: unseen[0].Column
            );
        }
        return [.. cohort.Warnings, .. unseen.Select(u => u.Describe())];
    }

    /// <summary>
    /// The values of each one-hot encoded column among <paramref name="rows"/> (what the encoders were fitted on),
    /// sorted. Hash-encoded columns (more than <see cref="ClinicalPipeline.HashingThreshold"/> values) are left out:
    /// a new value still lands in a bucket there.
    /// </summary>
    public static Dictionary<string, IReadOnlyList<string>> Record(Cohort cohort, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var recorded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var encoded = cohort.Columns.Where(c =>
            c.Kind == ColumnKind.Categorical && c.DistinctCount <= ClinicalPipeline.HashingThreshold
        );
        foreach (var column in encoded)
        {
            string[] values = cohort.TextColumn(column.Name)!;
            string[] distinct =
            [
                .. rows.Select(i => values[i])
                    .Where(v => v.Length > 0)
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal),
            ];
            recorded[column.Name] = distinct;
        }
        return recorded;
    }
}
