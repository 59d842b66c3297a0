using System.Reflection;
using OsteoMl.Common;
using OsteoMl.Model;

namespace OsteoMl.Pacs;

/// <summary>
/// What a stored report says produced it: the zip's name, OsteoMl's version with the training run, and the zip's
/// SHA-256 in hex (which also keys the report's UID, so one model never reports a film twice).
/// </summary>
public sealed record ModelIdentity(string Name, string Version, string Hash)
{
    public static ModelIdentity Of(string zipPath, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        string version =
            typeof(ModelIdentity)
                .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion.Split('+')[0]
            ?? "unknown";
        return new ModelIdentity(
            Path.GetFileNameWithoutExtension(zipPath),
            $"OsteoMl {version}, run {card.RunId}",
            // The bare hex digest: 64 characters, what DICOM's Device Serial Number (LO) holds at most.
            FileHash.Sha256(zipPath)["sha256:".Length..]
        );
    }
}
