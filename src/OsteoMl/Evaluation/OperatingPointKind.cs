namespace OsteoMl.Evaluation;

public enum OperatingPointKind
{
    Youden,
    Sensitivity,
    Specificity,
}
