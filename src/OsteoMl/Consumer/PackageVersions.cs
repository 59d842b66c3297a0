using System.Reflection;

namespace OsteoMl.Consumer;

/// <summary>
/// The package versions this build of OsteoMl was compiled against, as Directory.Packages.props pins them. The
/// build embeds each one as <c>[AssemblyMetadata("PackageVersion:id", "version")]</c> (src/OsteoMl/OsteoMl.csproj),
/// so a generated consumer project asks for exactly what OsteoMl uses and cannot drift from it.
/// </summary>
public static class PackageVersions
{
    private const string Prefix = "PackageVersion:";

    private static readonly Dictionary<string, string> Pinned = typeof(PackageVersions)
        .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith(Prefix, StringComparison.Ordinal) && a.Value is not null)
        .ToDictionary(a => a.Key[Prefix.Length..], a => a.Value!, StringComparer.OrdinalIgnoreCase);

    /// <summary>The pinned version of a package; throws when the build did not embed it (a broken build).</summary>
    public static string Of(string packageId) =>
        Pinned.TryGetValue(packageId, out string? version)
            ? version
            : throw new InvalidOperationException($"no version of {packageId} was embedded at build time.");
}
