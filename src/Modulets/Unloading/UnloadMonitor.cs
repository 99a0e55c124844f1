using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Watches retired versions until each is proven collected: unloaded ones, purged ones whose jobs ignore
/// cancellation, and leaked ones, whose holder may let go later. It checks first a quarter of a second after an unload,
/// then less and less often, and at once after every full collection (the runtime's own, or anyone's), which it only
/// has to look at. A check that follows no full collection induces one; a quiet
/// server may not collect for a long time, so when none came, a check induces one collection, at most once a second
/// however many unloads keep coming, and a thorough round only before declaring a version leaked at its unload
/// timeout. Leaked versions are only looked at, less and less often, never collected for.
/// </summary>
internal sealed class UnloadMonitor : IDisposable
{
    internal static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(250);
    internal static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(4);
    internal static readonly TimeSpan LongestWaitForLeaked = TimeSpan.FromMinutes(1);
    private const int CollectionRoundsBeforeLeak = 10;

    private readonly Lock _gate = new();
    private readonly List<ModuleVersion> _watched = [];
    private readonly RejectedContexts _rejected;
    private readonly WakeableSleep _sleep;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<ModuleVersion, VersionLeak> _describeLeak;
    private TimeSpan _backoff;
    private bool _running;
    private bool _finishing;
    private DateTimeOffset? _checkAt;
    private bool _checkNow;
    private readonly InducedCollections _collections = new();

    public UnloadMonitor(TimeSpan timeout, TimeProvider timeProvider, ILogger logger, Func<ModuleVersion, VersionLeak> describeLeak)
    {
        _timeout = timeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _describeLeak = describeLeak;
        _rejected = new RejectedContexts(timeout, logger);
        _sleep = new WakeableSleep(timeProvider);
        FullCollectionSignal.Start(OnFullCollection);
    }

    /// <summary>Watches a version that was unloaded, or purged while jobs still ran on it.</summary>
    public void Watch(ModuleVersion version) => Add(() =>
    {
        if (!_watched.Contains(version))
        {
            _watched.Add(version);
        }
    });

    /// <summary>Watches the load context of content that never became a version (its start-up failed), until it is collected or reported.</summary>
    public void WatchRejected(CollectionProbe probe, string content) =>
        Add(() => _rejected.Add(probe, content, _timeProvider.GetUtcNow()));

    /// <summary>Adds something to watch, under the lock, and starts (or wakes) the loop.</summary>
    private void Add(Action add)
    {
        lock (_gate)
        {
            add();

            // A newly watched version starts the schedule again, from its first, short wait, even mid-sleep (or just
            // before one: the loop looks at the flag before it sleeps).
            _backoff = TimeSpan.Zero;
            if (!_running)
            {
                _running = true;
                _collections.StartCounting();
                _ = BackgroundWork.Run(RunAsync);
                return;
            }
        }

        _sleep.WakeUp();
    }

    /// <summary>Checks at once after a full collection, while a version unloads; returns <see langword="false"/> once the monitor is done for good.</summary>
    private bool OnFullCollection()
    {
        lock (_gate)
        {
            if (!_running)
            {
                return !_finishing;
            }

            if (!_watched.Any(IsUnloading) && _rejected.Count == 0)
            {
                return true;
            }

            _checkNow = true;
        }

        _sleep.WakeUp();
        return true;
    }

    /// <summary>Stops watching leaked versions, and stops once the others are collected or declared leaked: a manager that is disposed still accounts for every version it retired.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _finishing = true;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await WatchAsync().ConfigureAwait(false);
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

    private async Task WatchAsync()
    {
        while (NextWait() is { } wait)
        {
            // Woken by a new version to watch: plan the wait again (from its first, short step), check nothing yet.
            if (wait > TimeSpan.Zero && !await _sleep.SleepAsync(wait).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                CheckWatchedVersions();
            }
            catch (Exception e)
            {
                // A check that fails (a culprit that cannot be read, say) is tried again at the next one: every watched
                // version must still end collected or reported.
                Log.UnloadMonitorFailed(_logger, e);
            }

            lock (_gate)
            {
                _checkAt = null;
            }
        }
    }

    /// <summary>Waits briefly, then longer and longer, but never past the next unload deadline. Null when nothing is left to watch.</summary>
    private TimeSpan? NextWait()
    {
        lock (_gate)
        {
            if (_finishing)
            {
                _watched.RemoveAll(version => version.State == ModuleVersionState.Leaked);
            }

            if (_watched.Count == 0 && _rejected.Count == 0)
            {
                _running = false;
                return null;
            }

            if (_checkNow)
            {
                _checkNow = false;
                return Plan_NeedsLock(TimeSpan.Zero);
            }

            var wait = _backoff == TimeSpan.Zero ? FirstWait : _backoff;
            _backoff = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWaitForLeaked.Ticks));
            var pending = _watched.Where(version => version.State != ModuleVersionState.Leaked).ToList();
            if (pending.Count == 0 && _rejected.Count == 0)
            {
                return wait;
            }

            var untilDeadline = pending.Select(Deadline).Concat(_rejected.Deadlines).Min() - _timeProvider.GetUtcNow();
            if (pending.Any(IsUnloading) || _rejected.Count > 0)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, LongestWait.Ticks));
            }
            else if (!_watched.Any(version => version.State == ModuleVersionState.Leaked))
            {
                // Purged versions only: nothing to collect for until their jobs end, or their deadline.
                wait = untilDeadline;
            }

            return Plan_NeedsLock(untilDeadline < TimeSpan.Zero ? TimeSpan.Zero : wait < untilDeadline ? wait : untilDeadline);
        }
    }

    /// <summary>Plans the next check: a wake-up may bring it forward, never push it back, so a stream of unloads cannot postpone every check.</summary>
    private TimeSpan Plan_NeedsLock(TimeSpan wait)
    {
        var now = _timeProvider.GetUtcNow();
        if (_checkAt is { } planned && planned - now < wait)
        {
            wait = planned > now ? planned - now : TimeSpan.Zero;
        }

        _checkAt = now + wait;
        return wait;
    }

    private void CheckWatchedVersions()
    {
        ModuleVersion[] watched;
        bool anyRejected;
        lock (_gate)
        {
            watched = [.. _watched];
            anyRejected = _rejected.Count > 0;
        }

        var now = _timeProvider.GetUtcNow();
        if (watched.Any(IsUnloading) || anyRejected)
        {
            _collections.CollectUnlessOneCame(now);
        }

        CheckRejectedContexts();

        var overdue = watched.Where(version => version.State != ModuleVersionState.Leaked && !IsSettled(version) && now >= Deadline(version)).ToList();
        for (var round = 0; round < CollectionRoundsBeforeLeak && overdue.Any(version => IsUnloading(version) && !IsSettled(version)); round++)
        {
            InducedCollections.Thorough();
        }

        foreach (var version in overdue.Where(version => !IsSettled(version)))
        {
            version.Lifecycle.TryMarkLeaked(_describeLeak(version));
        }

        lock (_gate)
        {
            _watched.RemoveAll(IsSettled);
        }
    }

    /// <summary>Forgets the rejected contexts that were collected, and reports the ones that were not by their deadline.</summary>
    private void CheckRejectedContexts()
    {
        List<(CollectionProbe Probe, string Content, bool Collected)> settled;
        lock (_gate)
        {
            settled = _rejected.TakeSettled(_timeProvider.GetUtcNow());
        }

        _rejected.Report(settled);
    }

    private DateTimeOffset Deadline(ModuleVersion version) => (version.UnloadedAt ?? version.PurgedAt ?? _timeProvider.GetUtcNow()) + _timeout;

    private static bool IsUnloading(ModuleVersion version) => version.State == ModuleVersionState.Unloading;

    /// <summary>
    /// Whether the monitor is done with a version: collected (marking it so when its references have died), current
    /// again, or leaked before it was even unloaded (its unload will watch it again).
    /// </summary>
    private static bool IsSettled(ModuleVersion version) =>
        (version.Probe is { IsCollected: true } && version.Lifecycle.TryMarkCollected())
        || version.State is ModuleVersionState.Collected or ModuleVersionState.Current
        || (version.State == ModuleVersionState.Leaked && version.Probe is null);
}
