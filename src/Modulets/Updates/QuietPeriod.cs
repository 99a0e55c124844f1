namespace Modulets;

/// <summary>Runs a callback once the source has been quiet for a while: each change restarts the wait, so a copy in progress is read once it has finished.</summary>
internal sealed class QuietPeriod : IAsyncDisposable
{
    private readonly ITimer _timer;
    private readonly TimeSpan _period;
    private volatile bool _disposed;

    public QuietPeriod(TimeProvider timeProvider, TimeSpan period, Action elapsed)
    {
        _period = period;
        _timer = BackgroundWork.CreateTimer(timeProvider, elapsed, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the wait again, from now.</summary>
    public void Restart()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed in between: no more updates.
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return _timer.DisposeAsync();
    }
}
