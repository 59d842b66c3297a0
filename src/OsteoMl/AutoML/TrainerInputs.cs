namespace OsteoMl.AutoML;

/// <summary>The columns and seed a trainer factory builds against.</summary>
public sealed record TrainerInputs(string LabelColumnName, string FeatureColumnName, int Seed);
