namespace OsteoMl.Simulation;

/// <summary>
/// Draws synthetic patients from a latent bone-density model. The equations and the published figures they
/// are calibrated on are written out in docs/simulator.md; the constants below carry the same names.
/// </summary>
internal static class PatientSampler
{
    // Young-adult femoral-neck references (NHANES III, Looker et al. 1998), g/cm².
    public const double FemaleReferenceMean = 0.858;
    public const double FemaleReferenceSd = 0.120;
    public const double MaleReferenceMean = 0.934;
    public const double MaleReferenceSd = 0.137;

    // Individual deviation from the clinical prediction of BMD: what no clinical column explains.
    internal const double IndividualBmdSd = 0.125;

    // Share of radiographic bone quality that DXA does not measure (microarchitecture, projection): in SD units.
    internal const double RadiographicStructureSd = 0.60;

    // Menopause age ~ N(49.5, 3.5) clamped to [40, 58].
    internal const double MenopauseAgeMean = 49.5;
    internal const double MenopauseAgeSd = 3.5;
    internal const double MenopauseAgeMin = 40;
    internal const double MenopauseAgeMax = 58;

    /// <summary>The standardised BMD the radiograph's bone quality is centred on.</summary>
    internal static double StandardisedBmd(double bmd) => (bmd - 0.70) / 0.14;

    /// <summary>The T-score of a BMD against the sex-specific young-adult reference.</summary>
    internal static double TScoreOf(double bmd, bool female) =>
        female ? (bmd - FemaleReferenceMean) / FemaleReferenceSd : (bmd - MaleReferenceMean) / MaleReferenceSd;

    /// <summary>The chance of a prior fragility fracture given the T-score and age.</summary>
    internal static double FractureProbability(double tScore, double age) =>
        RandomExtensions.Sigmoid(-3.3 - 0.85 * tScore + 0.03 * (age - 65));

    internal static double AlkalinePhosphataseMean(double tScore) => 78 + 5 * Math.Max(0, -tScore - 1);

    internal static double VitaminDMean(double tScore) => 25 + 1.5 * Math.Min(tScore + 1, 2);

    internal const double AlkalinePhosphataseSd = 20;
    internal const double VitaminDSd = 8;

    /// <summary>
    /// BMD as the clinical record predicts it (before the individual deviation): peak for the sex, less age and
    /// menopause loss, plus weight, less the risk factors.
    /// </summary>
    internal static double ClinicalBmd(
        bool female,
        double age,
        double yearsSinceMenopause,
        double weightDeviation,
        bool glucocorticoids,
        bool smoking,
        bool alcohol,
        bool rheumatoid,
        bool diabetes,
        bool parentalHip
    )
    {
        double peak = female ? FemaleReferenceMean : MaleReferenceMean;
        double loss = female
            ? 0.0035 * Math.Max(0, age - 40)
                + 0.0170 * Math.Min(yearsSinceMenopause, 8)
                + 0.0030 * Math.Max(0, yearsSinceMenopause - 8)
            : 0.0050 * Math.Max(0, age - 40);
        return peak
            - loss
            + 0.0040 * weightDeviation
            - (glucocorticoids ? 0.060 : 0)
            - (smoking ? 0.025 : 0)
            - (alcohol ? 0.020 : 0)
            - (rheumatoid ? 0.040 : 0)
            + (diabetes ? 0.015 : 0)
            - (parentalHip ? 0.025 : 0);
    }

    public static SimulatedPatient Sample(Random random, int index, SiteProfile site)
    {
        bool female = random.NextBernoulli(site.FemaleFraction);
        double age = Math.Clamp(random.NextNormal(site.MeanAge, site.AgeSd), 40, 92);

        double menopauseAge = Math.Clamp(
            random.NextNormal(MenopauseAgeMean, MenopauseAgeSd),
            MenopauseAgeMin,
            MenopauseAgeMax
        );
        bool menopause = female && age >= menopauseAge;
        double yearsSinceMenopause = menopause ? age - menopauseAge : 0;

        // Height shrinks slowly after 50; weight is the strongest simple correlate of BMD (OSTA).
        double height = female ? random.NextNormal(157, 6) : random.NextNormal(169, 6.5);
        height -= 0.1 * Math.Max(0, age - 50);
        double weight = Math.Clamp(female ? random.NextNormal(58, 9.5) : random.NextNormal(68, 10.5), 35, 130);
        double weightDeviation = weight - (female ? 58 : 68);

        bool smoking = random.NextBernoulli(female ? 0.04 : 0.38);
        bool alcohol = random.NextBernoulli(female ? 0.03 : 0.16);
        bool glucocorticoids = random.NextBernoulli(0.06);
        bool rheumatoid = random.NextBernoulli(female ? 0.04 : 0.015);
        bool diabetes = random.NextBernoulli(0.13);
        bool parentalHip = random.NextBernoulli(0.09);

        double bmd =
            ClinicalBmd(
                female,
                age,
                yearsSinceMenopause,
                weightDeviation,
                glucocorticoids,
                smoking,
                alcohol,
                rheumatoid,
                diabetes,
                parentalHip
            ) + random.NextNormal(0, IndividualBmdSd);
        bmd = Math.Max(0.25, bmd);

        double tScore = TScoreOf(bmd, female);

        // Fragility fractures follow low BMD and age (they are a consequence, not a cause).
        bool priorFracture = random.NextBernoulli(FractureProbability(tScore, age));

        // Laboratory values: weakly related to bone turnover, missing as in routine records.
        double? calcium = Missing(random, 0.08, () => random.NextNormal(2.34, 0.10));
        double? alp = Missing(
            random,
            0.15,
            () => Math.Max(25, random.NextNormal(78, AlkalinePhosphataseSd) + 5 * Math.Max(0, -tScore - 1))
        );
        double? vitaminD = Missing(
            random,
            0.25,
            () => Math.Max(4, random.NextNormal(25, VitaminDSd) + 1.5 * Math.Min(tScore + 1, 2))
        );
        double? creatinine = Missing(
            random,
            0.10,
            () => Math.Max(30, random.NextNormal(female ? 64 : 84, 15) + 0.4 * (age - 60))
        );

        double radiographicQuality = StandardisedBmd(bmd) + random.NextNormal(0, RadiographicStructureSd);

        string id = $"SYN-{site.Name}-{index + 1:D5}";
        return new SimulatedPatient
        {
            PatientId = id,
            ImageFile = $"images/{id}.png",
            Site = site.Name,
            Age = Math.Round(age, 0),
            Female = female,
            HeightCm = Math.Round(height, 1),
            WeightKg = Math.Round(weight, 1),
            Menopause = menopause,
            PriorFracture = priorFracture,
            ParentalHipFracture = parentalHip,
            Smoking = smoking,
            Alcohol = alcohol,
            Glucocorticoids = glucocorticoids,
            RheumatoidArthritis = rheumatoid,
            Diabetes = diabetes,
            SerumCalcium = calcium is null ? null : Math.Round(calcium.Value, 2),
            AlkalinePhosphatase = alp is null ? null : Math.Round(alp.Value, 0),
            VitaminD = vitaminD is null ? null : Math.Round(vitaminD.Value, 1),
            Creatinine = creatinine is null ? null : Math.Round(creatinine.Value, 0),
            Bmd = bmd,
            TScore = Math.Round(tScore, 2),
            RadiographicBoneQuality = radiographicQuality,
        };
    }

    private static double? Missing(Random random, double missingRate, Func<double> draw)
    {
        // Draw first so that the value stream does not depend on which values go missing.
        double value = draw();
        return random.NextBernoulli(missingRate) ? null : value;
    }
}
