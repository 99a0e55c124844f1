using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Watches unloaded versions until each is proven collected (its context's and assemblies' weak references dead) or
/// declared leaked after the unload timeout. It induces garbage collections while it has versions to watch, because
/// a quiet server may otherwise not collect for a long time.
/// </summary>
internal sealed class UnloadMonitor : IDisposable
{
    private static readonly TimeSpan s_longestWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_firstWait = TimeSpan.FromMilliseconds(10);
    private const int CollectionRoundsBeforeLeak = 10;

    private readonly Lock _gate = new();
    private readonly List<ModuleVersion> _watched = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private TimeSpan _nextWait;
    private bool _running;

    public UnloadMonitor(TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _timeout = timeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _stoppingToken = _stopping.Token;
    }

    public void Watch(ModuleVersion version)
    {
        lock (_gate)
        {
            _watched.Add(version);
            _nextWait = TimeSpan.Zero;
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
                TimeSpan wait;
                lock (_gate)
                {
                    wait = _nextWait;
                    _nextWait = wait == TimeSpan.Zero ? s_firstWait : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, s_longestWait.Ticks));
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, _stoppingToken).ConfigureAwait(false);
                }

                if (!CheckWatchedVersions())
                {
                    return;
                }
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

    /// <summary>Settles every collected or overdue version; returns <see langword="false"/> when none is left to watch.</summary>
    private bool CheckWatchedVersions()
    {
        Collect();
        ModuleVersion[] watched;
        lock (_gate)
        {
            watched = [.. _watched];
        }

        var now = _timeProvider.GetUtcNow();
        var settled = watched.Where(IsCollected).ToList();
        var overdue = watched.Except(settled).Where(v => now - v.UnloadedAt >= _timeout).ToList();
        if (overdue.Count > 0)
        {
            for (var round = 0; round < CollectionRoundsBeforeLeak && !overdue.All(IsCollected); round++)
            {
                Collect();
            }

            foreach (var version in overdue.Where(version => !IsCollected(version)))
            {
                version.TryMarkLeaked(LeakReportWriter.Write(version, _timeout));
            }

            settled.AddRange(overdue);
        }

        lock (_gate)
        {
            _watched.RemoveAll(settled.Contains);
            _running = _watched.Count > 0;
            return _running;
        }
    }

    private static bool IsCollected(ModuleVersion version) =>
        version.TryMarkCollected() || version.State == ModuleVersionState.Collected;

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
