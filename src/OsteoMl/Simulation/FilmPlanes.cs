namespace OsteoMl.Simulation;

/// <summary>
/// The working planes of one film (<see cref="RadiographRenderer.Size"/>² values each), reused from film to film on
/// the same thread and handed back on <see cref="Dispose"/>. A film needs about a dozen of them; allocating them fresh
/// (512 kB each, on the large-object heap) made garbage collection and page faults cost `generate` a fifth of its
/// time. A reused plane holds the previous film's values: every user overwrites all of it before reading.
/// </summary>
internal sealed class FilmPlanes : IDisposable
{
    private const int Length = RadiographRenderer.Size * RadiographRenderer.Size;

    [ThreadStatic]
    private static Stack<double[]>? freeDoubles;

    [ThreadStatic]
    private static Stack<float[]>? freeFloats;

    private readonly List<double[]> doubles = [];
    private readonly List<float[]> floats = [];

    public double[] Doubles()
    {
        var free = freeDoubles ??= new Stack<double[]>();
        double[] plane = free.Count > 0 ? free.Pop() : new double[Length];
        doubles.Add(plane);
        return plane;
    }

    public float[] Floats()
    {
        var free = freeFloats ??= new Stack<float[]>();
        float[] plane = free.Count > 0 ? free.Pop() : new float[Length];
        floats.Add(plane);
        return plane;
    }

    /// <summary>Returns every plane to this thread's free lists (call it on the thread that rented them).</summary>
    public void Dispose()
    {
        var freeD = freeDoubles ??= new Stack<double[]>();
        var freeF = freeFloats ??= new Stack<float[]>();
        doubles.ForEach(freeD.Push);
        floats.ForEach(freeF.Push);
        doubles.Clear();
        floats.Clear();
    }
}
