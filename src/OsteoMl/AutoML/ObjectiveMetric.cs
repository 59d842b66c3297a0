namespace OsteoMl.AutoML;

/// <summary>What cross-validation optimises. AUC and AUPRC are maximised, log-loss minimised.</summary>
public enum ObjectiveMetric
{
    Auc,
    Auprc,
    LogLoss,
}
