using OsteoMl.Monitoring;
using Prometheus;

namespace OsteoMl.Serving;

/// <summary>
/// What <c>GET /metrics</c> reports, in Prometheus text: requests by endpoint and status, their durations, predictions
/// by basis, flags, reloads, and the served model's hash. A registry per service (not prometheus-net's global one), so
/// two services in one process (tests) never share counts. No label ever holds a patient value.
/// </summary>
public sealed class ServiceMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _durations;
    private readonly Counter _predictions;
    private readonly Counter _flagged;
    private readonly Counter _reloads;
    private readonly Gauge _model;
    private readonly Gauge _driftPsi;
    private readonly Gauge _driftAlarm;
    private readonly Gauge _driftRows;
    private readonly Gauge _flaggedRate;

    public ServiceMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter(
            "osteoml_requests_total",
            "HTTP requests by endpoint and status code.",
            new CounterConfiguration { LabelNames = ["endpoint", "status"] }
        );
        _durations = factory.CreateHistogram(
            "osteoml_request_duration_seconds",
            "Time from request to response, by endpoint.",
            new HistogramConfiguration
            {
                LabelNames = ["endpoint"],
                Buckets = Histogram.ExponentialBuckets(0.005, 2, 12),
            }
        );
        _predictions = factory.CreateCounter(
            "osteoml_predictions_total",
            "Films or records scored, by the basis of the decision (fused, clinical, image-only).",
            new CounterConfiguration { LabelNames = ["basis"] }
        );
        _flagged = factory.CreateCounter(
            "osteoml_flagged_total",
            "Predictions at or above the frozen threshold (referred for DXA; not for ruling out)."
        );
        _reloads = factory.CreateCounter(
            "osteoml_model_reloads_total",
            "Hot reloads of the model file, by result.",
            new CounterConfiguration { LabelNames = ["result"] }
        );
        _model = factory.CreateGauge(
            "osteoml_model_info",
            "1 for the model being served, labelled with its sha256.",
            new GaugeConfiguration { LabelNames = ["hash"] }
        );
        _driftPsi = factory.CreateGauge(
            "osteoml_drift_psi",
            "Population stability index of an input or score since the model was loaded, against the zip's "
                + "training reference (docs/monitoring.md).",
            new GaugeConfiguration { LabelNames = ["subject"] }
        );
        _driftAlarm = factory.CreateGauge(
            "osteoml_drift_alarm",
            "1 when monitor's alarm rule fires for the subject (an input, a score, flagged_rate), else 0.",
            new GaugeConfiguration { LabelNames = ["subject"] }
        );
        _driftRows = factory.CreateGauge(
            "osteoml_drift_rows",
            "Requests in the drift window (since the model loaded)."
        );
        _flaggedRate = factory.CreateGauge(
            "osteoml_flagged_rate",
            "Share of the window's predictions flagged, and the reference's share at training.",
            new GaugeConfiguration { LabelNames = ["window"] }
        );
    }

    /// <summary>Recomputes the drift gauges from <paramref name="window"/> at every scrape (a report is cheap:
    /// histogram counts only).</summary>
    public void WatchDrift(Func<DriftWindow?> window) =>
        Registry.AddBeforeCollectCallback(() =>
        {
            if (window() is not { } current)
            {
                return;
            }
            var report = current.Report();
            _driftRows.Set(report.Rows);
            var alarms = report.Alarms.Select(a => a.Subject).ToHashSet(StringComparer.Ordinal);
            foreach (var statistic in report.Inputs.Concat(report.Scores).Concat(report.Embedding))
            {
                _driftPsi.WithLabels(statistic.Name).Set(statistic.Psi ?? double.NaN);
                _driftAlarm.WithLabels(statistic.Name).Set(alarms.Contains(statistic.Name) ? 1 : 0);
            }
            if (report.FlaggedRate is { } flagged)
            {
                _flaggedRate.WithLabels("current").Set(flagged.Current.Value);
                _flaggedRate.WithLabels("reference").Set(flagged.Reference.Value);
                _driftAlarm.WithLabels("flagged_rate").Set(flagged.Alarm ? 1 : 0);
            }
        });

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void Request(string endpoint, int status, TimeSpan elapsed)
    {
        _requests.WithLabels(endpoint, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        _durations.WithLabels(endpoint).Observe(elapsed.TotalSeconds);
    }

    public void Prediction(PredictionAnswer answer)
    {
        _predictions.WithLabels(answer.Basis).Inc();
        if (answer.Predicted == 1)
        {
            _flagged.Inc();
        }
    }

    public void Serving(string hash, string? previous = null)
    {
        if (previous is not null)
        {
            _model.RemoveLabelled(previous);
            _reloads.WithLabels("switched").Inc();
        }
        _model.WithLabels(hash).Set(1);
    }

    public void ReloadFailed() => _reloads.WithLabels("failed").Inc();
}
