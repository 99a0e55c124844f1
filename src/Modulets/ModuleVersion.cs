using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// One immutable version of the module code: a snapshot of the isolated assemblies, named by their content hash and
/// loaded in one collectible load context that every job started on it shares.
/// </summary>
/// <remarks>
/// The object outlives its load context as a record: once the version is unloaded it holds no reference to the
/// context, its assemblies or its services, so keeping it (or a job that ran on it) never keeps the code alive.
/// </remarks>
public sealed class ModuleVersion
{
    /// <summary>Set in place of the lease count once the version starts to unload, so that no job can lease it again.</summary>
    private const int Closed = int.MinValue / 2;

    private readonly TaskCompletionSource<ModuleVersionState> _unloadCompletion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<ModuleVersion, ModuleVersionState> _stateChanged;
    private int _leases;
    private int _state;
    private int _retired;
    private long _jobsStarted;
    private LoadedVersion? _loaded;
    private CollectionProbe? _probe;
    private DateTimeOffset? _retiredAt;
    private DateTimeOffset? _purgedAt;
    private DateTimeOffset? _unloadedAt;
    private DateTimeOffset? _collectedAt;
    private string? _leakReport;

    internal ModuleVersion(LoadedVersion loaded, TimeProvider timeProvider, ILogger logger, Action<ModuleVersion, ModuleVersionState> stateChanged)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        _stateChanged = stateChanged;
        _loaded = loaded;
        Id = loaded.Snapshot.Id;
        Location = loaded.Snapshot.Location;
        Labels = loaded.Snapshot.Labels;
        Assemblies = loaded.Snapshot.IsolatedNames;
        CreatedAt = timeProvider.GetUtcNow();
    }

    /// <summary>Gets the version's id: the SHA-256 (lower-case hex) of its isolated content. Same bytes, same id.</summary>
    public string Id { get; }

    /// <summary>Gets the first 12 characters of <see cref="Id"/>, for logs and output.</summary>
    public string ShortId => Shorten(Id);

    /// <summary>Gets the folder the version's assemblies were read from.</summary>
    public string Location { get; }

    /// <summary>Gets what describes the version beyond its hash, such as the package id and version it came from (see <see cref="ModuleLabels"/>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Gets the simple names of the assemblies this version isolates.</summary>
    public IReadOnlyList<string> Assemblies { get; }

    /// <summary>Gets when the version was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets when the version stopped being current, or <see langword="null"/> while it is current.</summary>
    public DateTimeOffset? RetiredAt => _retiredAt;

    /// <summary>Gets when the jobs still running on the retired version were cancelled (after <see cref="ModuletOptions.DrainTimeout"/>, or to keep <see cref="ModuletOptions.MaxLiveVersions"/>), or <see langword="null"/>.</summary>
    public DateTimeOffset? PurgedAt => _purgedAt;

    /// <summary>Gets when the version's load context was unloaded, or <see langword="null"/> while jobs may still use it.</summary>
    public DateTimeOffset? UnloadedAt => _unloadedAt;

    /// <summary>Gets when the version was found collected, or <see langword="null"/> until it is.</summary>
    public DateTimeOffset? CollectedAt => _collectedAt;

    /// <summary>Gets what still held the version when it was declared <see cref="ModuleVersionState.Leaked"/>, or <see langword="null"/>.</summary>
    public string? LeakReport => Volatile.Read(ref _leakReport);

    /// <summary>Gets the number of jobs running on this version (a job's children count with it).</summary>
    public int ActiveJobs => Math.Max(0, Volatile.Read(ref _leases));

    /// <summary>Gets the number of jobs ever started on this version.</summary>
    public long JobsStarted => Interlocked.Read(ref _jobsStarted);

    /// <summary>Gets where the version is in its life cycle.</summary>
    /// <remarks>An unloading or leaked version whose context has since been collected reads as <see cref="ModuleVersionState.Collected"/>.</remarks>
    public ModuleVersionState State
    {
        get
        {
            var state = (ModuleVersionState)Volatile.Read(ref _state);
            if (state is ModuleVersionState.Unloading or ModuleVersionState.Leaked)
            {
                TryMarkCollected();
                state = (ModuleVersionState)Volatile.Read(ref _state);
            }

            return state;
        }
    }

    /// <summary>Gets a task that completes, with <see cref="ModuleVersionState.Collected"/> or <see cref="ModuleVersionState.Leaked"/>, once the retired version is proven collected or declared leaked.</summary>
    public Task<ModuleVersionState> UnloadCompletion => _unloadCompletion.Task;

    internal LoadedVersion Loaded =>
        Volatile.Read(ref _loaded)
        ?? throw new InvalidOperationException($"Version {ShortId} has been unloaded: its types can no longer be used.");

    internal CollectionProbe? Probe => _probe;

    /// <summary>Gets how long the version took to be collected after it was retired (or unloaded), once it has been.</summary>
    internal TimeSpan? RetirementToCollection => _collectedAt - (_retiredAt ?? _unloadedAt ?? _collectedAt);

    /// <summary>Gets the assemblies the version's context has loaded so far, while it is loaded.</summary>
    internal IReadOnlyList<System.Reflection.Assembly> LoadedAssemblies() => [.. Volatile.Read(ref _loaded)?.Context.Assemblies ?? []];

    /// <inheritdoc />
    public override string ToString() => $"{ShortId} ({State}, {ActiveJobs} jobs)";

    internal static string Shorten(string id) => id[..Math.Min(12, id.Length)];

    /// <summary>Leases the version for one job; fails once the version has started to unload.</summary>
    internal bool TryAcquireLease()
    {
        if (Interlocked.Increment(ref _leases) > 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _leases);
        return false;
    }

    internal void CountJobStarted() => Interlocked.Increment(ref _jobsStarted);

    /// <summary>Ends one job's lease; returns <see langword="true"/> when that closed a retired version, which the caller must then unload.</summary>
    internal bool ReleaseLease() =>
        Interlocked.Decrement(ref _leases) == 0
        && Volatile.Read(ref _retired) == 1
        && TryClose();

    /// <summary>Stops new jobs from starting here; returns <see langword="true"/> when no job runs on it, and the caller must unload it.</summary>
    internal bool Retire()
    {
        _retiredAt = _timeProvider.GetUtcNow();
        Interlocked.Exchange(ref _retired, 1);
        Interlocked.Exchange(ref _state, (int)ModuleVersionState.Draining);
        _stateChanged(this, ModuleVersionState.Draining);
        return TryClose();
    }

    /// <summary>Makes a draining version current again (its content came back); fails when it has already started to unload.</summary>
    internal bool TryRevive()
    {
        // A temporary lease keeps the version open while it changes state.
        if (!TryAcquireLease())
        {
            return false;
        }

        Interlocked.Exchange(ref _retired, 0);
        _retiredAt = null;
        _purgedAt = null;
        Interlocked.Exchange(ref _state, (int)ModuleVersionState.Current);
        Interlocked.Decrement(ref _leases);
        _stateChanged(this, ModuleVersionState.Current);
        return true;
    }

    /// <summary>Records that the retired version's remaining jobs are being cancelled; returns <see langword="false"/> if that happened already or it no longer runs jobs.</summary>
    internal bool TryMarkPurged()
    {
        if (Volatile.Read(ref _retired) == 0 || _purgedAt is not null || Volatile.Read(ref _leases) <= 0)
        {
            return false;
        }

        _purgedAt = _timeProvider.GetUtcNow();
        return true;
    }

    /// <summary>Disposes the version's services, unloads its load context and keeps only weak references to it. Called once, by whoever closed the version.</summary>
    internal void BeginUnload()
    {
        _unloadedAt = _timeProvider.GetUtcNow();
        Interlocked.Exchange(ref _state, (int)ModuleVersionState.Unloading);
        var loaded = Interlocked.Exchange(ref _loaded, null);
        if (loaded is not null)
        {
            ServiceDisposal.Dispose(loaded.Services, _logger, ShortId);
            _probe = CollectionProbe.Unload(loaded.Context);
        }

        _stateChanged(this, ModuleVersionState.Unloading);
    }

    /// <summary>Marks (and logs) the version collected when its weak references are all dead; returns <see langword="true"/> for the call that did so.</summary>
    internal bool TryMarkCollected()
    {
        if (_probe is not { IsCollected: true })
        {
            return false;
        }

        var previous = Volatile.Read(ref _state);
        if (previous is not ((int)ModuleVersionState.Unloading or (int)ModuleVersionState.Leaked)
            || Interlocked.CompareExchange(ref _state, (int)ModuleVersionState.Collected, previous) != previous)
        {
            return false;
        }

        _collectedAt = _timeProvider.GetUtcNow();
        Log.VersionCollected(_logger, ShortId, RetirementToCollection!.Value, _probe.Describe());
        _stateChanged(this, ModuleVersionState.Collected);
        _unloadCompletion.TrySetResult(ModuleVersionState.Collected);
        return true;
    }

    /// <summary>Declares the version leaked: unloaded but not collected, or purged while jobs still run on it.</summary>
    internal bool TryMarkLeaked(string report)
    {
        var from = _probe is null ? ModuleVersionState.Draining : ModuleVersionState.Unloading;
        if (Interlocked.CompareExchange(ref _state, (int)ModuleVersionState.Leaked, (int)from) != (int)from)
        {
            return false;
        }

        Volatile.Write(ref _leakReport, report);
        Log.VersionLeaked(_logger, report);
        _stateChanged(this, ModuleVersionState.Leaked);
        _unloadCompletion.TrySetResult(ModuleVersionState.Leaked);
        return true;
    }

    private bool TryClose() => Interlocked.CompareExchange(ref _leases, Closed, 0) == 0;
}
