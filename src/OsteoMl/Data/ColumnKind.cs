namespace OsteoMl.Data;

/// <summary>How a clinical column is typed, detected from its values.</summary>
public enum ColumnKind
{
    /// <summary>Every present value parses as a number (invariant culture).</summary>
    Numeric,

    /// <summary>Every present value is a yes/no token (0/1, yes/no, true/false, y/n); stored as 0/1.</summary>
    Boolean,

    /// <summary>Anything else; one-hot encoded.</summary>
    Categorical,
}
