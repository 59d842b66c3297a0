using OsteoMl.Common;

namespace OsteoMl.Model;

/// <summary>A model zip that is missing, unreadable, not written by OsteoMl, or lacks what the verb needs.</summary>
public sealed class ModelFileException(string message, string path) : UserInputException(message, path);
