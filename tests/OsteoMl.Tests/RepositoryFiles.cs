namespace OsteoMl.Tests;

/// <summary>Files of the repository itself (README.md), found above the test binaries, for tests that keep docs true.</summary>
internal static class RepositoryFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OsteoMl.sln")))
            {
                return dir.FullName;
            }
        }
        throw new FileNotFoundException("OsteoMl.sln not found above the test folder.");
    }

    public static string Readme() => File.ReadAllText(Path.Combine(Root(), "README.md"));
}
