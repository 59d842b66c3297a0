using System.Globalization;
using System.Numerics.Tensors;

namespace OsteoMl.Simulation;

/// <summary>
/// The simulator's Bayes ceiling: each patient's probability of the label given (a) what the film encodes, (b) the
/// clinical columns, (c) both, from the generating equations themselves. No model can rank patients better than
/// these posteriors do, so their AUC is the attainable AUC of each input. Written to <see cref="FileName"/> beside
/// the cohort; no reader of cohort.csv ever sees it.
/// <list type="bullet">
/// <item>(b) integrates the unrecorded quantities — the individual BMD deviation and, for women, the menopause age —
/// by quadrature, weighting each value by how well it explains the recorded fracture history, alkaline phosphatase and
/// vitamin D (which follow the T-score).</item>
/// <item>(c) also weights by the film's bone quality q = standardised BMD + structure noise.</item>
/// <item>(a) is a Monte Carlo average over a large reference population of the same site: patients weighted by the
/// likelihood of this film's q and of its body outline (the BMI, which the renderer draws the body from, blurred to
/// the ≈ 1.5 kg/m² that the outline's own noise leaves).</item>
/// </list>
/// The CSV's rounding of age, weight and T-score is ignored, so the ceiling is exact up to that rounding.
/// </summary>
internal static class BayesPosterior
{
    public const string FileName = "bayes_posterior.csv";
    public const string Header = "patient_id,p_film,p_clinical,p_both";

    private const double FilmBmiSd = 1.5;
    private const int ReferencePatients = 100_000;
    private const int DeviationSteps = 241;
    private const double LabelCut = -2.5;

    public static void Write(
        string path,
        IReadOnlyList<SimulatedPatient> patients,
        SiteProfile site,
        int seed,
        SimulatorVersion version = SimulatorVersion.V2
    )
    {
        var reference = ReferencePopulation(site, seed);
        // A patient's posteriors depend only on the patient and the fixed reference population: computed in parallel,
        // written in patient order, the file is the one a sequential loop writes.
        var lines = new string[patients.Count];
        Parallel.For(
            0,
            patients.Count,
            i =>
            {
                var p = patients[i];
                var (clinical, both) = Clinical(p);
                lines[i] = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{p.PatientId},{Film(p, reference, version):R},{clinical:R},{both:R}\n"
                );
            }
        );
        File.WriteAllText(path, Header + "\n" + string.Concat(lines));
    }

    /// <summary>(b) and (c): the posterior given the clinical record, and given the record and the film's q.</summary>
    internal static (double Clinical, double Both) Clinical(SimulatedPatient p)
    {
        double positive = 0,
            total = 0,
            positiveBoth = 0,
            totalBoth = 0;
        foreach (var (yearsSinceMenopause, menopauseWeight) in MenopauseYears(p))
        {
            double mean = PatientSampler.ClinicalBmd(
                p.Female,
                p.Age,
                yearsSinceMenopause,
                p.WeightKg - (p.Female ? 58 : 68),
                p.Glucocorticoids,
                p.Smoking,
                p.Alcohol,
                p.RheumatoidArthritis,
                p.Diabetes,
                p.ParentalHipFracture
            );
            for (int k = 0; k < DeviationSteps; k++)
            {
                double z = -6 + 12.0 * k / (DeviationSteps - 1);
                double bmd = Math.Max(0.25, mean + z * PatientSampler.IndividualBmdSd);
                double t = PatientSampler.TScoreOf(bmd, p.Female);
                double w = menopauseWeight * Math.Exp(-0.5 * z * z) * RecordLikelihood(p, t);
                double film = Normal(
                    p.RadiographicBoneQuality,
                    PatientSampler.StandardisedBmd(bmd),
                    PatientSampler.RadiographicStructureSd
                );
                bool label = t <= LabelCut;
                total += w;
                totalBoth += w * film;
                positive += label ? w : 0;
                positiveBoth += label ? w * film : 0;
            }
        }
        return (positive / total, positiveBoth / totalBoth);
    }

    /// <summary>The recorded values that follow the T-score: fracture history and the two bone-turnover labs.</summary>
    private static double RecordLikelihood(SimulatedPatient p, double t)
    {
        double fracture = PatientSampler.FractureProbability(t, p.Age);
        double likelihood = p.PriorFracture ? fracture : 1 - fracture;
        if (p.AlkalinePhosphatase is { } alp)
        {
            likelihood *= Normal(alp, PatientSampler.AlkalinePhosphataseMean(t), PatientSampler.AlkalinePhosphataseSd);
        }
        if (p.VitaminD is { } vitaminD)
        {
            likelihood *= Normal(vitaminD, PatientSampler.VitaminDMean(t), PatientSampler.VitaminDSd);
        }
        return likelihood;
    }

    /// <summary>
    /// Years since menopause with their prior weights: none for men; for women the menopause age's clamped normal,
    /// weighted by how well it agrees with the record (menopause reached by this age, or not yet).
    /// </summary>
    private static IEnumerable<(double Years, double Weight)> MenopauseYears(SimulatedPatient p)
    {
        if (!p.Female)
        {
            yield return (0, 1);
            yield break;
        }
        const double step = 0.25;
        double mean = PatientSampler.MenopauseAgeMean,
            sd = PatientSampler.MenopauseAgeSd;
        double low = PatientSampler.MenopauseAgeMin,
            high = PatientSampler.MenopauseAgeMax;
        int steps = (int)Math.Round((high - low) / step);
        for (int i = 0; i <= steps; i++)
        {
            double m = low + i * step;
            // The clamp puts the normal's tails on the bounds.
            double weight =
                i == 0 ? NormalCdf((low - mean) / sd)
                : i == steps ? 1 - NormalCdf((high - mean) / sd)
                : Normal(m, mean, sd) * step;
            // The record's age is rounded to a year: the true age is uniform within ±0.5 of it, so menopause at m was
            // reached with the share of that year that lies past m.
            double reached = Math.Clamp(p.Age + 0.5 - m, 0, 1);
            double share = p.Menopause ? reached : 1 - reached;
            if (share > 0)
            {
                yield return (p.Menopause ? Math.Max(0, p.Age - m) : 0, weight * share);
            }
        }
    }

    /// <summary>(a): the label rate of reference patients, weighted by the likelihood of this film's q and BMI.</summary>
    private static double Film(SimulatedPatient p, Reference reference, SimulatorVersion version)
    {
        if (version == SimulatorVersion.V2)
        {
            return FilmVectorised(p, reference);
        }
        double positive = 0,
            total = 0;
        for (int i = 0; i < reference.Quality.Length; i++)
        {
            double dq = (p.RadiographicBoneQuality - reference.Quality[i]) / PatientSampler.RadiographicStructureSd;
            double db = (p.Bmi - reference.Bmi[i]) / FilmBmiSd;
            double w = Math.Exp(-0.5 * (dq * dq + db * db));
            total += w;
            positive += reference.Label[i] == 1 ? w : 0;
        }
        return positive / total;
    }

    /// <summary>
    /// The same weighted label rate by vector operations over blocks of the population that stay in the CPU cache (its
    /// sums run in another order, so the last digits differ from <see cref="Film"/>'s version-1 loop).
    /// </summary>
    private static double FilmVectorised(SimulatedPatient p, Reference reference)
    {
        const int block = 2048;
        const double qualityVariance = PatientSampler.RadiographicStructureSd * PatientSampler.RadiographicStructureSd;
        Span<double> logWeight = stackalloc double[block],
            bmiTerm = stackalloc double[block];
        double positive = 0,
            total = 0;
        for (int start = 0; start < reference.Quality.Length; start += block)
        {
            int length = Math.Min(block, reference.Quality.Length - start);
            Span<double> weight = logWeight[..length],
                bmi = bmiTerm[..length];
            TensorPrimitives.Subtract(reference.Quality.AsSpan(start, length), p.RadiographicBoneQuality, weight);
            TensorPrimitives.Multiply(weight, weight, weight);
            TensorPrimitives.Subtract(reference.Bmi.AsSpan(start, length), p.Bmi, bmi);
            TensorPrimitives.Multiply(bmi, bmi, bmi);
            TensorPrimitives.Multiply(bmi, -0.5 / (FilmBmiSd * FilmBmiSd), bmi);
            // −½ (dq² + db²), then the weight itself.
            TensorPrimitives.MultiplyAdd(weight, -0.5 / qualityVariance, bmi, weight);
            TensorPrimitives.Exp(weight, weight);
            total += TensorPrimitives.Sum<double>(weight);
            positive += TensorPrimitives.Dot(weight, reference.Label.AsSpan(start, length));
        }
        return positive / total;
    }

    /// <summary>The reference population by column; <see cref="Label"/> is 1 for osteoporosis, else 0.</summary>
    private sealed record Reference(double[] Quality, double[] Bmi, double[] Label);

    /// <summary>
    /// Reference patients of the site, each with the noise-free quality its film is centred on (the patient's own
    /// film adds the structure noise, which the likelihood above accounts for).
    /// </summary>
    private static Reference ReferencePopulation(SiteProfile site, int seed)
    {
        var random = new Random(unchecked(seed * 7919 + 17));
        SimulatedPatient[] patients =
        [
            .. Enumerable.Range(0, ReferencePatients).Select(i => PatientSampler.Sample(random, i, site)),
        ];
        return new Reference(
            [.. patients.Select(r => PatientSampler.StandardisedBmd(r.Bmd))],
            [.. patients.Select(r => r.Bmi)],
            [.. patients.Select(r => r.Osteoporosis ? 1.0 : 0.0)]
        );
    }

    /// <summary>Φ(z) from erf (Abramowitz and Stegun 7.1.26, |error| &lt; 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private static double Normal(double x, double mean, double sd)
    {
        double z = (x - mean) / sd;
        return Math.Exp(-0.5 * z * z) / sd;
    }
}
