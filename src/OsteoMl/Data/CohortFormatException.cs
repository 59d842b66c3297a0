using OsteoMl.Common;

namespace OsteoMl.Data;

/// <summary>A cohort the user can fix: bad CSV, missing column or image, unusable label or split.</summary>
public sealed class CohortFormatException(string message, string? file = null, int? line = null, string? column = null)
    : UserInputException(message, file, line, column);
