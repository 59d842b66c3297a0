namespace OsteoMl.Cli;

/// <summary>
/// The user's interruptions, as tokens: <see cref="Stop"/> (first Ctrl+C: finish early, keep what is good) and
/// <see cref="Abort"/> (second Ctrl+C or SIGTERM: stop now, write nothing).
/// </summary>
public sealed class Interruption
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();

    public CancellationToken Stop => _stop.Token;
    public CancellationToken Abort => _abort.Token;

    /// <summary>
    /// Ctrl+C: the first asks to stop, the second to abort; returns false from the third on (let the process die).
    /// </summary>
    public bool Interrupt()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            return true;
        }
        if (!_abort.IsCancellationRequested)
        {
            _abort.Cancel();
            return true;
        }
        return false;
    }

    /// <summary>SIGTERM: abort at once (and stop).</summary>
    public void Terminate()
    {
        _abort.Cancel();
        _stop.Cancel();
    }
}
