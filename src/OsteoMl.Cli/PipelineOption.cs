namespace OsteoMl.Cli;

/// <summary>Where <c>--pipeline</c> points when it is not given.</summary>
internal static class PipelineOption
{
    /// <summary>The given config, else ./pipelines/default.json, else the copy next to the app.</summary>
    public static string Resolve(string? given)
    {
        if (given is not null)
        {
            return given;
        }
        string local = Path.Combine("pipelines", "default.json");
        return File.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "pipelines", "default.json");
    }
}
