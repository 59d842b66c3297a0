using Microsoft.ML;
using Microsoft.ML.Data;

namespace OsteoMl.Data;

/// <summary>
/// Keeps the rows of a data view whose text key (e.g. patient id) passes a test. ML.NET's filters see column
/// values, not row positions, and every row of a patient belongs to the same split or fold, so filtering by key
/// is filtering by patient. Row order is preserved.
/// </summary>
internal static class KeyFilter
{
    public static IDataView Keep(MLContext mlContext, IDataView data, string keyColumnName, Func<string, bool> keep)
    {
        // FilterByCustomPredicate binds columns by name, so the key is copied under a fixed name first.
        IDataView keyed = mlContext.Transforms.CopyColumns(KeyRow.ColumnName, keyColumnName).Fit(data).Transform(data);
        IDataView filtered = mlContext.Data.FilterByCustomPredicate<KeyRow>(keyed, row => !keep(row.Key));
        return mlContext.Transforms.DropColumns(KeyRow.ColumnName).Fit(filtered).Transform(filtered);
    }

    private sealed class KeyRow
    {
        public const string ColumnName = "FilterKey";

        [ColumnName(ColumnName)]
        public string Key { get; set; } = "";
    }
}
