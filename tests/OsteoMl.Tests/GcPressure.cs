namespace OsteoMl.Tests;

/// <summary>
/// A background thread that forces full collections and runs finalizers in a loop while it lives. Native wrappers
/// (TorchSharp's Scalar and Tensor, ONNX Runtime values, SkiaSharp bitmaps) free their handles in finalizers, so
/// code that lets such an object become unreachable while a native call still reads it fails under this pressure
/// within seconds instead of once in a thousand runs.
/// </summary>
internal sealed class GcPressure : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _collections;

    public GcPressure()
    {
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _collections);
            }
        })
        {
            IsBackground = true,
            Name = "GC pressure",
        };
        _thread.Start();
    }

    /// <summary>Full collections forced so far (a test can check that the pressure was real).</summary>
    public long Collections => Interlocked.Read(ref _collections);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
