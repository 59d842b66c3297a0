using System.Diagnostics;
using OsteoMl.Common;
using OsteoMl.Dicom;
using OsteoMl.Model;
using OsteoMl.Screening;

namespace OsteoMl.Pacs;

/// <summary>
/// Opportunistic screening in a PACS: follows Orthanc's change feed, fetches each new instance uncompressed, checks
/// it against the eligibility rules, scores the eligible films in batches (header age and sex; the image branch alone
/// where the model needs more), stores one DICOM SR per scored film back in Orthanc, and lists every film in the
/// worklist. Nothing is done twice: a report's SOP Instance UID is derived from the film's and the model's hash and
/// looked up before storing, the worklist skips films it lists, and the feed position is saved after each batch, so
/// a rerun after <c>kill -9</c>, a lost state file or an Orthanc restart ends with exactly one report per film.
/// </summary>
public sealed class PacsWorker
{
    private readonly OrthancClient _orthanc;
    private readonly FilmScorer _scorer;
    private readonly IReadOnlyDictionary<string, Data.ColumnKind> _expected;
    private readonly ModelIdentity _model;
    private readonly PacsWorkerOptions _options;
    private readonly Action<string> _log;

    public PacsWorker(
        OrthancClient orthanc,
        OsteoMlModel model,
        ModelCard card,
        ModelIdentity identity,
        PacsWorkerOptions options,
        Action<string> log
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        _orthanc = orthanc;
        _scorer = new FilmScorer(model, card);
        _expected = model.ExpectedClinicalColumns;
        _model = identity;
        _options = options;
        _log = log;
    }

    /// <summary>Runs until the feed is drained (<see cref="PacsWorkerOptions.Once"/>) or until cancelled.</summary>
    public async Task<PacsRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var state = WorkerState.Load(_options.StatePath, _model.Hash);
        var worklist = WorklistFile.Open(_options.WorklistPath);
        var summary = new PacsRunSummary();
        using var scratch = new ScratchFolder("osteoml-pacs-");
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await _orthanc.GetChangesAsync(state.LastChange, _options.BatchSize, cancellationToken);
            string[] instances = [.. page.Changes.Where(c => c.IsNewInstance).Select(c => c.Id)];
            if (instances.Length > 0)
            {
                var batch = await ProcessAsync(instances, worklist, scratch.Path, cancellationToken);
                summary = summary.Add(batch);
                _log(
                    $"batch of {instances.Length} new instance(s): {batch.Scored} scored ({batch.Flagged} flagged), "
                        + $"{batch.Ineligible} ineligible, {batch.Errors} error(s)"
                );
            }
            if (page.Last > state.LastChange)
            {
                state = state with { LastChange = page.Last };
                state.Save(_options.StatePath);
            }
            if (page.Done)
            {
                if (_options.Once)
                {
                    break;
                }
                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        return summary with { Elapsed = clock.Elapsed };
    }

    private async Task<PacsRunSummary> ProcessAsync(
        IReadOnlyList<string> instances,
        WorklistFile worklist,
        string scratch,
        CancellationToken cancellationToken
    )
    {
        var summary = new PacsRunSummary();
        var films = new List<FetchedFilm>();
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(_options.FetchConcurrency);
        var fetched = await Task.WhenAll(
            instances
                .Distinct(StringComparer.Ordinal)
                .Select(id => FetchGatedAsync(id, gate, worklist, scratch, cancellationToken))
        );
        foreach (var (film, outcome) in fetched)
        {
            if (film is not null)
            {
                films.Add(film);
            }
            summary = summary.Add(Record(outcome, worklist));
        }
        var fetching = clock.Elapsed;
        clock.Restart();
        var scored = ScoreEach(films).ToList();
        var scoring = clock.Elapsed;
        clock.Restart();
        foreach (var (film, score) in scored)
        {
            summary = summary.Add(await ReportAsync(film, score, worklist, cancellationToken));
            // Following the feed runs for months: nothing of a film stays in the scratch folder once it is reported.
            File.Delete(film.FilePath);
            File.Delete(film.LoadablePath);
        }
        return summary with { Fetching = fetching, Scoring = scoring, Reporting = clock.Elapsed };
    }

    /// <summary>
    /// One of the batch's fetches, a few at a time (<see cref="PacsWorkerOptions.FetchConcurrency"/>): while Orthanc
    /// transcodes or sends one film, this process windows another (a 2048-pixel 16-bit film is 8 MB and a few hundred
    /// milliseconds of decoding), so neither waits for the other. Task.WhenAll keeps the batch's order, so the
    /// worklist's order does not depend on timing, and waits for every fetch before anything is recorded.
    /// </summary>
    private Task<(FetchedFilm? Film, FilmOutcome? Outcome)> FetchGatedAsync(
        string orthancId,
        SemaphoreSlim gate,
        WorklistFile worklist,
        string scratch,
        CancellationToken cancellationToken
    ) =>
        Task.Run(
            async () =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    return await FetchAsync(orthancId, worklist, scratch, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            },
            cancellationToken
        );

    /// <summary>A film to score, or what to record instead (already listed, ineligible, unreadable: no film).</summary>
    private async Task<(FetchedFilm? Film, FilmOutcome? Outcome)> FetchAsync(
        string orthancId,
        WorklistFile worklist,
        string scratch,
        CancellationToken cancellationToken
    )
    {
        byte[] bytes;
        try
        {
            bytes = await _orthanc.GetInstanceFileAsync(orthancId, cancellationToken);
        }
        catch (PacsException e) when (e.StatusCode == 404)
        {
            _log($"instance {orthancId} was deleted before it could be read; skipped");
            return (null, null);
        }
        catch (PacsException e) when (e.StatusCode is not null)
        {
            // Orthanc answered but could not give this film (e.g. a transcoding job failed): this film's error only.
            // Unreachable past the retry deadline (no status) still stops the run: no film could be read.
            _log($"instance {orthancId}: error ({e.Message})");
            return (null, FilmOutcome.Error(new FilmHeader { SopInstanceUid = $"orthanc:{orthancId}" }, e.Message));
        }
        FilmHeader header;
        try
        {
            header = FilmHeader.Parse(bytes);
        }
        catch (InvalidDataException e)
        {
            return (null, FilmOutcome.Error(new FilmHeader { SopInstanceUid = $"orthanc:{orthancId}" }, e.Message));
        }
        if (header.Modality == "SR" || header.SopInstanceUid is null)
        {
            return (null, null); // a report (ours or another's), not a film
        }
        if (worklist.Contains(header.SopInstanceUid))
        {
            return (null, FilmOutcome.Listed);
        }
        var eligibility = EligibilityCheck.Check(header, _options.Rules);
        if (!eligibility.IsEligible)
        {
            _log($"{header.SopInstanceUid}: ineligible ({eligibility.Code}: {eligibility.Reason})");
            return (null, FilmOutcome.Ineligible(header, eligibility.Code!));
        }
        string path = Path.Combine(scratch, orthancId + ".dcm");
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        try
        {
            string loadable = RadiographFile.Loadable(path, cacheFolder: Path.Combine(scratch, "png"));
            return (new FetchedFilm(header, path, loadable), null);
        }
        catch (InvalidDataException e)
        {
            File.Delete(path);
            _log($"{header.SopInstanceUid}: error ({e.Message})");
            return (null, FilmOutcome.Error(header, e.Message));
        }
    }

    /// <summary>Scores the batch in one pass; if that fails, film by film, so one bad film fails alone.</summary>
    private IEnumerable<(FetchedFilm Film, ScreeningScore? Score)> ScoreEach(IReadOnlyList<FetchedFilm> films)
    {
        IReadOnlyList<ScreeningScore>? scores = null;
        try
        {
            scores = _scorer.Score([.. films.Select(ToScreened)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log($"a batch of {films.Count} failed to score together ({e.GetType().Name}); scoring one by one");
        }
        for (int i = 0; i < films.Count; i++)
        {
            yield return (films[i], scores?[i] ?? ScoreAlone(films[i]));
        }
    }

    private ScreeningScore? ScoreAlone(FetchedFilm film)
    {
        try
        {
            return _scorer.Score([ToScreened(film)])[0];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One film ML.NET cannot score must not stop the others; its type goes to the log, its row says error.
            _log(
                $"{film.Header.SopInstanceUid}: error (scoring failed: {e.GetType().Name}: {e.Message.Split('\n')[0]})"
            );
            return null;
        }
    }

    private ScreenedFilm ToScreened(FetchedFilm film) =>
        new(film.Header.SopInstanceUid!, film.LoadablePath, HeaderDemographics.Values(film.Header, _expected));

    private async Task<PacsRunSummary> ReportAsync(
        FetchedFilm film,
        ScreeningScore? score,
        WorklistFile worklist,
        CancellationToken cancellationToken
    )
    {
        if (score is null)
        {
            return Record(FilmOutcome.Error(film.Header, "the film could not be scored"), worklist);
        }
        var report = ScreeningReports.For(film.Header, score, _model);
        bool existed =
            await _orthanc.FindInstanceBySopInstanceUidAsync(report.ReportSopInstanceUid, cancellationToken)
            is not null;
        if (!existed)
        {
            await _orthanc.UploadAsync(ScreeningSrWriter.ToBytes(report), cancellationToken);
        }
        string flag = score.Flagged ? "flagged" : "not flagged";
        _log(
            $"{film.Header.SopInstanceUid}: {score.BasisName} p={score.Probability:0.####} {flag}"
                + (existed ? " (report already in the PACS)" : "")
        );
        return Record(FilmOutcome.Scored(film.Header, score, existed), worklist);
    }

    private static PacsRunSummary Record(FilmOutcome? outcome, WorklistFile worklist)
    {
        if (outcome is null)
        {
            return new PacsRunSummary();
        }
        if (outcome.Row is { } row)
        {
            worklist.Append(row);
        }
        return outcome.Counts;
    }
}
