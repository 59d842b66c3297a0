using OsteoMl.Common;

namespace OsteoMl.Workflows;

/// <summary>
/// A pipeline config (pipelines/*.json) that cannot be used: missing, not JSON, or an invalid setting.
/// </summary>
public sealed class PipelineConfigException(string message, string path) : UserInputException(message, path);
