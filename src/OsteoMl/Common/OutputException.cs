namespace OsteoMl.Common;

/// <summary>An output that cannot be written (read-only folder, disk full) or is held by another OsteoMl run.</summary>
public sealed class OutputException(string message, string path) : UserInputException(message, path);
