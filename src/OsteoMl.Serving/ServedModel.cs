using OsteoMl.Common;
using OsteoMl.Model;
using OsteoMl.Monitoring;
using OsteoMl.Screening;

namespace OsteoMl.Serving;

/// <summary>
/// One loaded zip with what requests need from it (card, schema, hash, the film scorer), and the count of requests
/// using it: a model replaced by a hot reload is disposed only when its last request has finished.
/// </summary>
public sealed class ServedModel
{
    private int _leases;
    private bool _retired;

    private ServedModel(OsteoMlModel model, ModelCard card, string hash)
    {
        Model = model;
        Card = card;
        Hash = hash;
        Schema = ModelSchema.Of(model, card);
        FilmScorer = model.UsesImages ? new FilmScorer(model, card) : null;
        Drift = DriftReference.Read(model.Path) is { } reference ? new DriftWindow(reference) : null;
        LoadedAt = DateTimeOffset.UtcNow;
    }

    public OsteoMlModel Model { get; }
    public ModelCard Card { get; }
    public ModelSchema Schema { get; }

    /// <summary><c>sha256:</c> and the hex digest of the zip's bytes.</summary>
    public string Hash { get; }

    /// <summary>Scores uploaded DICOM films as <c>predict --dicom</c> and <c>pacs</c> do; null for a tabular zip.</summary>
    public FilmScorer? FilmScorer { get; }
    public DateTimeOffset LoadedAt { get; }

    /// <summary>
    /// What this model has scored since it was loaded, against the reference histograms its zip stores (/metrics);
    /// null for a zip trained before drift references.
    /// </summary>
    public DriftWindow? Drift { get; }

    /// <exception cref="ModelFileException">Not a readable OsteoMl zip.</exception>
    public static ServedModel Load(string path)
    {
        // Hash first: if the file is replaced while it loads, the next poll sees a changed file and loads again.
        string hash = FileHash.Sha256(path);
        var card = ModelCard.Read(path);
        var model = OsteoMlModel.Load(path);
        try
        {
            return new ServedModel(model, card, hash);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    internal void Lease() => _leases++;

    /// <summary>Returns true when the model was retired and this was its last lease (the caller disposes it).</summary>
    internal bool Release() => --_leases == 0 && _retired;

    /// <summary>Returns true when no request holds it (the caller disposes it now).</summary>
    internal bool Retire()
    {
        _retired = true;
        return _leases == 0;
    }
}
