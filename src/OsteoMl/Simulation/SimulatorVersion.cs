namespace OsteoMl.Simulation;

/// <summary>
/// Which arithmetic a cohort is drawn with. Both versions simulate the same model (docs/simulator.md) and a seed
/// gives the same patients and clinical table in both; the films and the Bayes posteriors come from different
/// random draws and roundings, so a cohort is reproduced only by the version it was made with.
/// </summary>
public enum SimulatorVersion
{
    /// <summary>
    /// Scalar double arithmetic and one Box–Muller normal per pixel: every cohort made before version 2, the shipped
    /// sample data and the committed benchmark cohorts.
    /// </summary>
    V1 = 1,

    /// <summary>
    /// The same equations, vectorised: normals by MathNet's polar sampler (two per accepted pair), exp, log and
    /// powers over whole films with TensorPrimitives, the film posterior's sum over the reference population as
    /// vector operations. About three times faster; the default.
    /// </summary>
    V2 = 2,
}
