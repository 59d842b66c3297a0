namespace OsteoMl.Serving;

/// <summary>A request's hold on the model it started with: a reload meanwhile does not dispose it under the request.</summary>
public sealed class ModelLease(ModelHost host, ServedModel model) : IDisposable
{
    private int _released;

    public ServedModel Model { get; } = model;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            host.Release(Model);
        }
    }
}
