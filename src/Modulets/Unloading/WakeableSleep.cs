namespace Modulets;

/// <summary>
/// The unload monitor's sleep between checks: a wake-up cuts it short, and a wake-up that comes just before it makes
/// it return at once, so no new version to watch (and no full collection) is ever slept through.
/// </summary>
internal sealed class WakeableSleep(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _sleep;
    private bool _woken;

    /// <summary>Ends the sleep in progress, or the next one at once.</summary>
    public void WakeUp()
    {
        CancellationTokenSource? sleep;
        lock (_gate)
        {
            _woken = true;
            sleep = _sleep;
        }

        try
        {
            sleep?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That sleep has just ended by itself.
        }
    }

    /// <summary>Sleeps until <paramref name="wait"/> has passed (returns <see langword="true"/>) or a wake-up came; resumes on the thread pool, never in the caller of <see cref="WakeUp"/>.</summary>
    public async Task<bool> SleepAsync(TimeSpan wait)
    {
        using var sleep = new CancellationTokenSource();
        lock (_gate)
        {
            if (_woken)
            {
                _woken = false;
                return false;
            }

            _sleep = sleep;
        }

        await Task.Delay(wait, timeProvider, sleep.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        lock (_gate)
        {
            _sleep = null;
            _woken = false;
        }

        return !sleep.IsCancellationRequested;
    }
}
