using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Retires versions: a replaced version drains (purged when <see cref="ModuletOptions.DrainTimeout"/> passes, or when
/// more than <see cref="ModuletOptions.MaxLiveVersions"/> are live), and a retired version whose last job has ended
/// is unloaded and handed to the unload monitor, which proves it collected or reports it leaked. Unloading (disposing
/// the version's services, clearing the caches that hold its types, unloading its context) runs on a background worker,
/// one version at a time: never in the update that replaced the version, nor in the job that ended last on it.
/// </summary>
internal sealed class VersionRetirement : IAsyncDisposable
{
    private readonly ConcurrentDictionary<ModuleVersion, ITimer> _drainTimers = new();
    private readonly VersionCatalog _catalog;
    private readonly UnloadMonitor _monitor;
    private readonly SerialDispatcher _unloads;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan? _drainTimeout;
    private readonly int? _maxLiveVersions;

    public VersionRetirement(ModuletOptions options, VersionCatalog catalog, ILogger logger)
    {
        _catalog = catalog;
        _logger = logger;
        _unloads = new SerialDispatcher(e => Log.UnloadFailed(logger, e, "a retired version"));
        _timeProvider = options.TimeProvider;
        _drainTimeout = options.DrainTimeout;
        _maxLiveVersions = options.MaxLiveVersions;
        var unloadTimeout = options.UnloadTimeout;
        _monitor = new UnloadMonitor(unloadTimeout, _timeProvider, logger, version => LeakReportWriter.Write(version, unloadTimeout, version.Jobs.Snapshot()));
    }

    /// <summary>Retires the version that <paramref name="replacement"/> replaced as current.</summary>
    public void Retire(ModuleVersion previous, ModuleVersion replacement)
    {
        Log.VersionRetired(_logger, previous.ShortId, replacement.ShortId, previous.ActiveJobs);
        if (!RetireAndUnloadIfIdle(previous) && _drainTimeout is { } drainTimeout)
        {
            ScheduleDrain(previous, drainTimeout);
        }

        EnforceMaxLiveVersions();
    }

    /// <summary>Retires a version (the current one, when the manager is disposed), unloading it now if no job runs on it; returns whether it did.</summary>
    public bool RetireAndUnloadIfIdle(ModuleVersion version)
    {
        if (!version.Lifecycle.Retire())
        {
            return false;
        }

        Unload(version);
        return true;
    }

    /// <summary>Watches the load context of content whose start-up failed, so it too is proven collected or reported.</summary>
    public void WatchRejected(CollectionProbe probe, string content) => _monitor.WatchRejected(probe, content);

    /// <summary>Forgets the drain timeout of a draining version that became current again.</summary>
    public void OnRevived(ModuleVersion version) => CancelDrainTimer(version);

    /// <summary>Unloads a version that was closed (retired, with no job left on it), in the background, and watches it until it is collected.</summary>
    public void Unload(ModuleVersion version)
    {
        CancelDrainTimer(version);
        _unloads.Post(() => UnloadNow(version));
    }

    public async ValueTask DisposeAsync()
    {
        await _unloads.WhenDrained().ConfigureAwait(false);
        foreach (var timer in _drainTimers.Values)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        _monitor.Dispose();
    }

    private void UnloadNow(ModuleVersion version)
    {
        try
        {
            version.UnloadCode(_logger);
        }
        catch (Exception e)
        {
            // Module code (a service's Dispose) must not stop the version from being marked and watched.
            Log.UnloadFailed(_logger, e, version.ShortId);
        }

        version.Lifecycle.MarkUnloaded();
        _monitor.Watch(version);
    }

    /// <summary>Cancels the jobs still running on a retired version (a soft purge); the monitor reports them if they ignore it. Returns whether this call purged it.</summary>
    public bool Purge(ModuleVersion version, string reason)
    {
        if (!version.Lifecycle.TryMarkPurged())
        {
            return false;
        }

        var jobs = version.Jobs.Snapshot();
        Log.VersionPurged(_logger, version.ShortId, reason, jobs.Count, string.Join(", ", jobs.Select(job => job.Label)));
        foreach (var job in jobs)
        {
            job.Cancel();
        }

        _monitor.Watch(version);
        return true;
    }

    private void ScheduleDrain(ModuleVersion version, TimeSpan drainTimeout)
    {
        var timer = BackgroundWork.CreateTimer(_timeProvider, () => _ = Purge(version, $"its drain timeout of {drainTimeout} passed"), drainTimeout, Timeout.InfiniteTimeSpan);
        if (!_drainTimers.TryAdd(version, timer))
        {
            timer.Dispose();
        }
    }

    private void CancelDrainTimer(ModuleVersion version)
    {
        if (_drainTimers.TryRemove(version, out var timer))
        {
            timer.Dispose();
        }
    }

    private void EnforceMaxLiveVersions()
    {
        if (_maxLiveVersions is not { } max)
        {
            return;
        }

        var live = _catalog.Live();
        var toPurge = live.Count - max - live.Count(v => v.PurgedAt is not null);
        foreach (var version in live.Where(v => v.State == ModuleVersionState.Draining && v.PurgedAt is null).Take(toPurge))
        {
            _ = Purge(version, $"more than {max} versions are live");
        }
    }
}
