using OsteoMl.Dicom;

namespace OsteoMl.Screening;

/// <summary>
/// Applies <see cref="EligibilityRules"/> to a film's header, the first failing rule deciding. The codes are stable:
/// <c>transfer-syntax</c>, <c>modality</c>, <c>secondary-capture</c>, <c>derived</c>, <c>not-grayscale</c>,
/// <c>body-part</c>, <c>view</c>, <c>age-unknown</c>, <c>age-below-minimum</c>.
/// </summary>
public static class EligibilityCheck
{
    public static Eligibility Check(FilmHeader header, EligibilityRules rules)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rules);
        return Syntax(header)
            ?? Kind(header, rules)
            ?? Picture(header)
            ?? Anatomy(header, rules)
            ?? Age(header, rules)
            ?? Eligibility.Eligible;
    }

    private static Eligibility? Syntax(FilmHeader header) =>
        TransferSyntaxes.IsSupported(header.TransferSyntax, out _)
            ? null
            : Eligibility.Refused(
                "transfer-syntax",
                $"{TransferSyntaxes.Name(header.TransferSyntax)} is not decodable here (ask the PACS for an "
                    + "uncompressed transfer syntax)."
            );

    private static Eligibility? Kind(FilmHeader header, EligibilityRules rules)
    {
        if (header.Modality is not { } modality || !rules.Modalities.Contains(modality, StringComparer.Ordinal))
        {
            return Eligibility.Refused(
                "modality",
                $"modality {header.Modality ?? "(none)"} is not one of {string.Join(", ", rules.Modalities)}."
            );
        }
        if (rules.AllowDerived)
        {
            return null;
        }
        if (header.IsSecondaryCapture)
        {
            return Eligibility.Refused("secondary-capture", "a Secondary Capture (a screenshot or scan), not a film.");
        }
        return header.ImageType.Contains("DERIVED", StringComparer.Ordinal)
            ? Eligibility.Refused("derived", "image type DERIVED (reprocessed), not the original film.")
            : null;
    }

    private static Eligibility? Picture(FilmHeader header) =>
        header.SamplesPerPixel is null or 1
        && header.PhotometricInterpretation is null or "MONOCHROME1" or "MONOCHROME2"
            ? null
            : Eligibility.Refused(
                "not-grayscale",
                $"{header.PhotometricInterpretation ?? "colour"} pixels; a radiograph is grayscale (MONOCHROME1/2)."
            );

    private static Eligibility? Anatomy(FilmHeader header, EligibilityRules rules)
    {
        if (header.BodyPartExamined is { } part && !rules.BodyParts.Contains(part, StringComparer.Ordinal))
        {
            return Eligibility.Refused(
                "body-part",
                $"body part {part} is not one of {string.Join(", ", rules.BodyParts)}."
            );
        }
        return header.ViewPosition is { } view && !rules.Views.Contains(view, StringComparer.Ordinal)
            ? Eligibility.Refused("view", $"view {view} is not frontal ({string.Join(", ", rules.Views)}).")
            : null;
    }

    private static Eligibility? Age(FilmHeader header, EligibilityRules rules)
    {
        if (rules.MinimumAge == 0)
        {
            return null;
        }
        return header.AgeYears switch
        {
            null => Eligibility.Refused(
                "age-unknown",
                $"no Patient's Age nor birth and study dates: the ≥ {rules.MinimumAge} rule cannot be checked."
            ),
            int age when age < rules.MinimumAge => Eligibility.Refused(
                "age-below-minimum",
                $"patient younger than {rules.MinimumAge} (the screening's minimum age)."
            ),
            _ => null,
        };
    }
}
