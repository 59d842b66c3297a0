namespace OsteoMl.Simulation;

/// <summary>
/// The working planes of one film (size² values each), reused from film to film on the same thread and handed back
/// on <see cref="Return(double[])"/> or <see cref="Dispose"/>. A film needs about a dozen of them; allocating them
/// fresh (512 kB each at 256, on the large-object heap) made garbage collection and page faults cost `generate` a
/// fifth of its time. A plane handed back while the film is still being rendered is the next one rented, so a film
/// holds at most as many planes as it uses at once (at 2048 a plane of doubles is 32 MB). A reused plane holds the
/// previous user's values: every user overwrites all of it before reading.
/// </summary>
internal sealed class FilmPlanes(int length) : IDisposable
{
    [ThreadStatic]
    private static Stack<double[]>? freeDoubles;

    [ThreadStatic]
    private static Stack<float[]>? freeFloats;

    private readonly List<double[]> doubles = [];
    private readonly List<float[]> floats = [];

    public int Length { get; } = length;

    public double[] Doubles()
    {
        double[] plane = Rent(freeDoubles ??= new Stack<double[]>()) ?? new double[Length];
        doubles.Add(plane);
        return plane;
    }

    public float[] Floats()
    {
        float[] plane = Rent(freeFloats ??= new Stack<float[]>()) ?? new float[Length];
        floats.Add(plane);
        return plane;
    }

    /// <summary>Hands a plane this film no longer reads back to the thread's free list (on the renting thread).</summary>
    public void Return(double[] plane)
    {
        if (doubles.Remove(plane))
        {
            (freeDoubles ??= new Stack<double[]>()).Push(plane);
        }
    }

    /// <inheritdoc cref="Return(double[])"/>
    public void Return(float[] plane)
    {
        if (floats.Remove(plane))
        {
            (freeFloats ??= new Stack<float[]>()).Push(plane);
        }
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

    /// <summary>
    /// A free plane of this length, or null. Planes of another length (from films of another size earlier on this
    /// thread) are dropped for the garbage collector, so a thread keeps the planes of one size only.
    /// </summary>
    private T[]? Rent<T>(Stack<T[]> free)
    {
        while (free.Count > 0)
        {
            T[] plane = free.Pop();
            if (plane.Length == Length)
            {
                return plane;
            }
        }
        return null;
    }
}
