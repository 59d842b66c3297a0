using Microsoft.ML;
using Microsoft.ML.Data;

namespace OsteoMl.Data;

/// <summary>
/// An in-memory <see cref="IDataView"/> over a <see cref="Cohort"/>: PatientId, ImagePath (when present),
/// Label (when present), then each clinical column by its CSV name (Single with NaN for missing, or Text), and
/// optionally precomputed image embeddings.
/// ML.NET has no public builder for a schema known only at run time, hence this small view.
/// </summary>
internal sealed class CohortDataView : IDataView
{
    private readonly Cohort _cohort;
    private readonly Delegate[] _getterFactories;

    /// <param name="embeddings">Optional precomputed image embeddings (one per row), exposed as a fixed-size vector
    /// column.</param>
    public CohortDataView(Cohort cohort, bool includeLabel = true, (string Name, float[][] Values)? embeddings = null)
    {
        _cohort = cohort;
        var builder = new DataViewSchema.Builder();
        var factories = new List<Delegate>();

        void AddText(string name, IReadOnlyList<string> values)
        {
            builder.AddColumn(name, TextDataViewType.Instance);
            factories.Add(
                new Func<Cursor, ValueGetter<ReadOnlyMemory<char>>>(c =>
                    (ref ReadOnlyMemory<char> v) => v = values[c.Row].AsMemory()
                )
            );
        }

        AddText(ModelColumns.PatientId, cohort.PatientIds);
        if (cohort.ImagePaths is { } images)
        {
            AddText(ModelColumns.ImagePath, images);
        }
        if (includeLabel && cohort.Labels is { } labels)
        {
            builder.AddColumn(ModelColumns.Label, BooleanDataViewType.Instance);
            factories.Add(new Func<Cursor, ValueGetter<bool>>(c => (ref bool v) => v = labels[c.Row]));
        }
        foreach (var column in cohort.Columns)
        {
            if (cohort.Numeric.TryGetValue(column.Name, out float[]? values))
            {
                builder.AddColumn(column.Name, NumberDataViewType.Single);
                factories.Add(new Func<Cursor, ValueGetter<float>>(c => (ref float v) => v = values[c.Row]));
            }
            else
            {
                AddText(column.Name, cohort.Categorical[column.Name]);
            }
        }
        if (embeddings is { } vectors)
        {
            int size = vectors.Values.Length == 0 ? 0 : vectors.Values[0].Length;
            builder.AddColumn(vectors.Name, new VectorDataViewType(NumberDataViewType.Single, size));
            factories.Add(
                new Func<Cursor, ValueGetter<VBuffer<float>>>(c =>
                    (ref VBuffer<float> v) => v = new VBuffer<float>(size, vectors.Values[c.Row])
                )
            );
        }
        Schema = builder.ToSchema();
        _getterFactories = [.. factories];
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _cohort.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(
        IEnumerable<DataViewSchema.Column> columnsNeeded,
        int n,
        Random? rand = null
    ) => [new Cursor(this)];

    private sealed class Cursor(CohortDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public int Row => (int)_position;
        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext() => ++_position < view._cohort.Count;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (view._getterFactories[column.Index] is not Func<Cursor, ValueGetter<TValue>> factory)
            {
                throw new InvalidOperationException(
                    $"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}."
                );
            }
            return factory(this);
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
    }
}
