using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Watches retired versions until each is proven collected or declared leaked: unloaded ones, and purged ones whose
/// jobs ignore cancellation. A quiet server may not collect for a long time, so it induces collections, but sparingly:
/// first a quarter of a second after an unload, then less and less often (one round per check, however many versions
/// wait), and a thorough round only before declaring a version leaked at its unload timeout.
/// </summary>
internal sealed class UnloadMonitor : IDisposable
{
    private static readonly TimeSpan s_firstWait = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_longestWait = TimeSpan.FromSeconds(4);
    private const int CollectionRoundsBeforeLeak = 10;

    private readonly Lock _gate = new();
    private readonly List<ModuleVersion> _watched = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<ModuleVersion, string> _describeLeak;
    private TimeSpan _backoff;
    private bool _running;

    public UnloadMonitor(TimeSpan timeout, TimeProvider timeProvider, ILogger logger, Func<ModuleVersion, string> describeLeak)
    {
        _timeout = timeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _describeLeak = describeLeak;
        _stoppingToken = _stopping.Token;
    }

    /// <summary>Watches a version that was unloaded, or purged while jobs still ran on it.</summary>
    public void Watch(ModuleVersion version)
    {
        lock (_gate)
        {
            if (!_watched.Contains(version))
            {
                _watched.Add(version);
            }

            // A newly watched version starts the schedule again, from its first, short wait.
            _backoff = TimeSpan.Zero;
            if (_running || _stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _running = true;
        }

        // The caller may be a job's flow: a loop that captured it would keep that job's version alive.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(RunAsync);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_stoppingToken.IsCancellationRequested)
            {
                var wait = NextWait();
                if (wait is null)
                {
                    return;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait.Value, _timeProvider, _stoppingToken).ConfigureAwait(false);
                }

                CheckWatchedVersions();
            }
        }
        catch (OperationCanceledException) when (_stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.UnloadMonitorFailed(_logger, e);
            lock (_gate)
            {
                _running = false;
            }
        }
    }

    /// <summary>Waits briefly, then longer and longer, while versions await collection; otherwise until the next deadline. Null when nothing is left.</summary>
    private TimeSpan? NextWait()
    {
        lock (_gate)
        {
            if (_watched.Count == 0)
            {
                _running = false;
                return null;
            }

            var untilDeadline = _watched.Min(Deadline) - _timeProvider.GetUtcNow();
            var wait = _backoff == TimeSpan.Zero ? s_firstWait : _backoff;
            _backoff = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, s_longestWait.Ticks));
            if (!_watched.Any(version => version.Probe is not null))
            {
                wait = untilDeadline;
            }

            return wait < untilDeadline ? wait : untilDeadline < TimeSpan.Zero ? TimeSpan.Zero : untilDeadline;
        }
    }

    private void CheckWatchedVersions()
    {
        ModuleVersion[] watched;
        lock (_gate)
        {
            watched = [.. _watched];
        }

        if (watched.Any(version => version.Probe is not null))
        {
            Collect();
        }

        var now = _timeProvider.GetUtcNow();
        var settled = watched.Where(IsSettled).ToList();
        var overdue = watched.Except(settled).Where(version => now >= Deadline(version)).ToList();
        if (overdue.Count > 0)
        {
            for (var round = 0; round < CollectionRoundsBeforeLeak && overdue.Any(version => version.Probe is not null && !IsSettled(version)); round++)
            {
                Collect();
            }

            foreach (var version in overdue.Where(version => !IsSettled(version)))
            {
                version.TryMarkLeaked(_describeLeak(version));
            }

            settled.AddRange(overdue);
        }

        lock (_gate)
        {
            _watched.RemoveAll(settled.Contains);
        }
    }

    private DateTimeOffset Deadline(ModuleVersion version) => (version.UnloadedAt ?? version.PurgedAt ?? _timeProvider.GetUtcNow()) + _timeout;

    private static bool IsSettled(ModuleVersion version) =>
        version.TryMarkCollected() || version.State is ModuleVersionState.Collected;

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
