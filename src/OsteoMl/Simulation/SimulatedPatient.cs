namespace OsteoMl.Simulation;

/// <summary>One synthetic patient: the clinical record, the latent bone state and the radiograph file name.</summary>
internal sealed record SimulatedPatient
{
    public required string PatientId { get; init; }
    public required string ImageFile { get; init; }
    public required string Site { get; init; }
    public required double Age { get; init; }
    public required bool Female { get; init; }
    public required double HeightCm { get; init; }
    public required double WeightKg { get; init; }
    public double Bmi => WeightKg / Math.Pow(HeightCm / 100.0, 2);
    public required bool Menopause { get; init; }
    public required bool PriorFracture { get; init; }
    public required bool ParentalHipFracture { get; init; }
    public required bool Smoking { get; init; }
    public required bool Alcohol { get; init; }
    public required bool Glucocorticoids { get; init; }
    public required bool RheumatoidArthritis { get; init; }
    public required bool Diabetes { get; init; }
    public required double? SerumCalcium { get; init; }
    public required double? AlkalinePhosphatase { get; init; }
    public required double? VitaminD { get; init; }
    public required double? Creatinine { get; init; }

    /// <summary>Femoral-neck BMD in g/cm² (latent; never written to the CSV).</summary>
    public required double Bmd { get; init; }

    /// <summary>T-score against the sex-specific young-adult reference.</summary>
    public required double TScore { get; init; }

    public bool Osteoporosis => TScore <= -2.5;

    /// <summary>
    /// Skeletal quality as the radiograph shows it: standardised BMD plus structure DXA does not measure.
    /// </summary>
    public required double RadiographicBoneQuality { get; init; }
}
