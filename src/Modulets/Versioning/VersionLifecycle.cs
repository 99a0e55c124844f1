namespace Modulets;

/// <summary>
/// The life cycle of one version as a state machine: its state, its time stamps and its leases. Every transition is
/// "from X to Y, or nothing", made under one lock (the methods that must hold it end in <c>_NeedsLock</c>), with its
/// time stamp written inside it; only the lease counter stays lock-free, for the <c>StartJob</c> path.
/// </summary>
/// <remarks>
/// A version is <em>closed</em> when its lease count is replaced by a sentinel: no job can lease it again. A retired
/// version (Draining, or Leaked while jobs ran) closes exactly once, when it has no lease, whether the retirement or the
/// end of the last job gets there first; whoever closed it unloads its code and then moves it to Unloading.
/// </remarks>
internal sealed class VersionLifecycle
{
    private const int Closed = int.MinValue / 2;

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly Action<ModuleVersionState> _changed;
    private volatile VersionTimes _times;
    private volatile ModuleVersionState _state;
    private volatile bool _wasCurrent;
    private volatile VersionLeak? _leak;
    private int _leases;

    /// <param name="timeProvider">The clock for the time stamps.</param>
    /// <param name="changed">Told of each transition, inside it (so in order); it must not call back into the life cycle.</param>
    /// <param name="initial">Current, or Candidate for a version a canary rollout judges first.</param>
    public VersionLifecycle(TimeProvider timeProvider, Action<ModuleVersionState> changed, ModuleVersionState initial)
    {
        _timeProvider = timeProvider;
        _changed = changed;
        _state = initial;
        _wasCurrent = initial == ModuleVersionState.Current;
        _times = new VersionTimes(timeProvider.GetUtcNow());
    }

    public ModuleVersionState State => _state;

    public VersionTimes Times => _times;

    public string? LeakReport => _leak?.Report;

    public IReadOnlyList<string> LeakCulprits => _leak?.Culprits ?? [];

    /// <summary>Gets whether the version was ever current: false for a candidate that was rolled back or superseded.</summary>
    public bool WasCurrent => _wasCurrent;

    public int ActiveJobs => Math.Max(0, Volatile.Read(ref _leases));

    /// <summary>Gets whether the version can no longer be leased: it has started to unload.</summary>
    public bool IsClosed => Volatile.Read(ref _leases) < 0;

    /// <summary>A test's window into a transition: called under the lock, once the state has changed and been reported, before the transition goes on.</summary>
    internal Action<ModuleVersionState>? TransitionObserver { get; set; }

    /// <summary>Leases the version for one job; fails once the version is closed.</summary>
    public bool TryAcquireLease()
    {
        if (Interlocked.Increment(ref _leases) > 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _leases);
        return false;
    }

    /// <summary>Ends one job's lease; returns <see langword="true"/> when that closed a retired version, which the caller must then unload (see <see cref="MarkUnloaded"/>).</summary>
    public bool ReleaseLease()
    {
        // The decrement is a full fence, and so is the retirement's close: one of the two always sees the other.
        if (Interlocked.Decrement(ref _leases) != 0 || _state is not (ModuleVersionState.Draining or ModuleVersionState.Leaked))
        {
            return false;
        }

        lock (_gate)
        {
            return TryClose_NeedsLock();
        }
    }

    /// <summary>From Current (or Candidate) to Draining; returns <see langword="true"/> when no job held it, so it closed and the caller must unload it (see <see cref="MarkUnloaded"/>).</summary>
    public bool Retire()
    {
        lock (_gate)
        {
            return _state is ModuleVersionState.Current or ModuleVersionState.Candidate
                && Move_NeedsLock(_state, ModuleVersionState.Draining, _times with { RetiredAt = _timeProvider.GetUtcNow() })
                && TryClose_NeedsLock();
        }
    }

    /// <summary>From Candidate to Current: its canary rollout promoted it.</summary>
    public bool TryPromote()
    {
        lock (_gate)
        {
            return Move_NeedsLock(ModuleVersionState.Candidate, ModuleVersionState.Current, _times);
        }
    }

    /// <summary>From Draining back to Current (its content came back); fails once it is closed, no longer draining, or if it was never current (a candidate that was rolled back or superseded).</summary>
    public bool TryRevive()
    {
        lock (_gate)
        {
            return !IsClosed && _wasCurrent && Move_NeedsLock(ModuleVersionState.Draining, ModuleVersionState.Current, _times with { RetiredAt = null, PurgedAt = null });
        }
    }

    /// <summary>Records that a draining version's jobs are being cancelled; fails if that happened already or no job runs on it.</summary>
    public bool TryMarkPurged()
    {
        lock (_gate)
        {
            if (_state != ModuleVersionState.Draining || _times.PurgedAt is not null || Volatile.Read(ref _leases) <= 0)
            {
                return false;
            }

            _times = _times with { PurgedAt = _timeProvider.GetUtcNow() };
            return true;
        }
    }

    /// <summary>From a closed retired state to Unloading, once the closer has unloaded the version's code.</summary>
    public bool MarkUnloaded()
    {
        lock (_gate)
        {
            return IsClosed
                && _times.UnloadedAt is null
                && Move_NeedsLock(_state, ModuleVersionState.Unloading, _times with { UnloadedAt = _timeProvider.GetUtcNow() });
        }
    }

    /// <summary>From Unloading, or Leaked after unloading, to Collected; the caller has proven the collection.</summary>
    public bool TryMarkCollected()
    {
        lock (_gate)
        {
            return _times.UnloadedAt is not null
                && (_state == ModuleVersionState.Unloading || _state == ModuleVersionState.Leaked)
                && Move_NeedsLock(_state, ModuleVersionState.Collected, _times with { CollectedAt = _timeProvider.GetUtcNow() });
        }
    }

    /// <summary>From Unloading (not collected in time) or from Draining (purged, jobs still run) to Leaked, with what holds it.</summary>
    public bool TryMarkLeaked(VersionLeak leak)
    {
        lock (_gate)
        {
            var from = _times.UnloadedAt is not null ? ModuleVersionState.Unloading : ModuleVersionState.Draining;
            if (_state != from)
            {
                return false;
            }

            _leak = leak;
            return Move_NeedsLock(from, ModuleVersionState.Leaked, _times);
        }
    }

    /// <summary>Adds an explanation found later (root paths from a heap snapshot) to the leak report of a version that is still leaked.</summary>
    public bool TryExplainLeak(string explanation)
    {
        lock (_gate)
        {
            if (_state != ModuleVersionState.Leaked || _leak is null)
            {
                return false;
            }

            _leak = _leak with { Report = $"{_leak.Report}{Environment.NewLine}{explanation}" };
            return true;
        }
    }

    /// <summary>Closes a retired version with no lease, for good.</summary>
    private bool TryClose_NeedsLock() =>
        _state is ModuleVersionState.Draining or ModuleVersionState.Leaked
        && Interlocked.CompareExchange(ref _leases, Closed, 0) == 0;

    private bool Move_NeedsLock(ModuleVersionState from, ModuleVersionState to, VersionTimes times)
    {
        if (_state != from)
        {
            return false;
        }

        _times = times;
        _state = to;
        _wasCurrent |= to == ModuleVersionState.Current;
        _changed(to);
        TransitionObserver?.Invoke(to);
        return true;
    }
}
