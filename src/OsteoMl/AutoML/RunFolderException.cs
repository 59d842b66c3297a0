using OsteoMl.Common;

namespace OsteoMl.AutoML;

/// <summary>A run folder that is missing, unreadable, or does not match the run being resumed.</summary>
public sealed class RunFolderException(string message, string path) : UserInputException(message, path);
