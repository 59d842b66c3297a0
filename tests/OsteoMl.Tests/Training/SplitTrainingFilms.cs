using OsteoMl.Imaging;

namespace OsteoMl.Tests.Training;

/// <summary>
/// 24 SYNTHETIC films (simulator seed 8) split two thirds training, one third validation, alternating rows (the
/// simulator's prevalence gives both classes in each part); a class fixture for the fine-tuning tests.
/// </summary>
public sealed class SplitTrainingFilms : IDisposable
{
    private readonly TempFolder _folder = new();

    public SplitTrainingFilms()
    {
        var (films, labels) = TrainingFilms.Simulate(_folder.Path, 24, seed: 8);
        Data = new RadiographNetworkData(
            films,
            labels,
            [.. Enumerable.Range(0, films.Length).Where(i => i % 3 != 0)],
            [.. Enumerable.Range(0, films.Length).Where(i => i % 3 == 0)]
        );
    }

    public RadiographNetworkData Data { get; }

    public void Dispose() => _folder.Dispose();
}
