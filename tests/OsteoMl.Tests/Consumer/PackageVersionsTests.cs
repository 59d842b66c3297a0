using System.Xml.Linq;
using OsteoMl.Consumer;

namespace OsteoMl.Tests.Consumer;

/// <summary>The versions `codegen` writes are the ones Directory.Packages.props pins, embedded at build time.</summary>
public sealed class PackageVersionsTests
{
    [Fact]
    public void Every_pinned_package_version_is_embedded_as_the_props_file_says()
    {
        var pinned = XDocument
            .Load(Path.Combine(RepositoryFiles.Root(), "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToList();

        Assert.Contains(pinned, p => (string?)p.Attribute("Include") == "Microsoft.ML.OnnxRuntime");
        Assert.All(
            pinned,
            p => Assert.Equal((string?)p.Attribute("Version"), PackageVersions.Of((string)p.Attribute("Include")!))
        );
    }

    [Fact]
    public void A_package_the_repository_does_not_pin_is_an_error_not_a_guess()
    {
        Assert.Throws<InvalidOperationException>(() => PackageVersions.Of("Some.Unpinned.Package"));
    }
}
