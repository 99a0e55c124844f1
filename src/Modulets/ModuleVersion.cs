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
    private readonly TaskCompletionSource<ModuleVersionState> _unloadCompletion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoadedVersion? _loaded;

    internal ModuleVersion(LoadedVersion loaded, TimeProvider timeProvider, Action<ModuleVersion, ModuleVersionState> stateChanged, ModuleVersionState initial)
    {
        _loaded = loaded;
        Id = loaded.Snapshot.Id;
        Location = loaded.Snapshot.Location;
        Labels = loaded.Snapshot.Labels;
        Assemblies = loaded.Snapshot.IsolatedNames;
        Lifecycle = new VersionLifecycle(timeProvider, state =>
        {
            stateChanged(this, state);
            if (state is ModuleVersionState.Collected or ModuleVersionState.Leaked)
            {
                _unloadCompletion.TrySetResult(state);
            }
        }, initial);
        TelemetryTag = new(ModuletsTelemetry.VersionIdTag, Id);
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
    public DateTimeOffset CreatedAt => Lifecycle.Times.CreatedAt;

    /// <summary>Gets when the version stopped being current, or <see langword="null"/> while it is current.</summary>
    public DateTimeOffset? RetiredAt => Lifecycle.Times.RetiredAt;

    /// <summary>Gets when the jobs still running on the retired version were cancelled (after <see cref="ModuletOptions.DrainTimeout"/>, or to keep <see cref="ModuletOptions.MaxLiveVersions"/>), or <see langword="null"/>.</summary>
    public DateTimeOffset? PurgedAt => Lifecycle.Times.PurgedAt;

    /// <summary>Gets when the version's load context was unloaded, or <see langword="null"/> while jobs may still use it.</summary>
    public DateTimeOffset? UnloadedAt => Lifecycle.Times.UnloadedAt;

    /// <summary>Gets when the version was found collected, or <see langword="null"/> until it is.</summary>
    public DateTimeOffset? CollectedAt => Lifecycle.Times.CollectedAt;

    /// <summary>Gets what still held the version when it was declared <see cref="ModuleVersionState.Leaked"/>, or <see langword="null"/>.</summary>
    public string? LeakReport => Lifecycle.LeakReport;

    /// <summary>Gets the holders Modulets found from inside the process when the version was declared <see cref="ModuleVersionState.Leaked"/> (a handler on a static event, a timer, a cache that still holds its types); empty when none was found, or before.</summary>
    public IReadOnlyList<string> LeakCulprits => Lifecycle.LeakCulprits;

    /// <summary>
    /// Adds to the <see cref="LeakReport"/> of a leaked version what was learnt later about its holders, such as the root
    /// paths of a heap snapshot (Modulets.Diagnostics' <c>AddModuletsLeakExplanation</c> does it by itself).
    /// </summary>
    /// <param name="explanation">The text to add, on lines of its own.</param>
    /// <returns><see langword="true"/> when it was added; <see langword="false"/> when the version is not (or no longer) leaked.</returns>
    /// <exception cref="ArgumentException"><paramref name="explanation"/> is <see langword="null"/> or empty.</exception>
    public bool AddLeakExplanation(string explanation)
    {
        ArgumentException.ThrowIfNullOrEmpty(explanation);
        return Lifecycle.TryExplainLeak(explanation);
    }

    /// <summary>Gets the number of jobs running on this version (a job's children count with it).</summary>
    public int ActiveJobs => Lifecycle.ActiveJobs;

    /// <summary>Gets the number of jobs ever started on this version.</summary>
    public long JobsStarted => Jobs.Started;

    /// <summary>Gets the number of jobs that ended on this version, whatever their outcome.</summary>
    public long JobsEnded => Jobs.Ended;

    /// <summary>Gets the number of jobs that ended faulted on this version (their body or a child failed; cancelled jobs are not counted).</summary>
    public long JobsFaulted => Jobs.Faulted;

    /// <summary>Gets where the version is in its life cycle.</summary>
    /// <remarks>A leaked version that is collected later (its holder let go) moves on to <see cref="ModuleVersionState.Collected"/>: the manager keeps watching it.</remarks>
    public ModuleVersionState State => Lifecycle.State;

    /// <summary>Gets a task that completes, with <see cref="ModuleVersionState.Collected"/> or <see cref="ModuleVersionState.Leaked"/>, once the retired version is proven collected or declared leaked.</summary>
    public Task<ModuleVersionState> UnloadCompletion => _unloadCompletion.Task;

    internal VersionLifecycle Lifecycle { get; }

    /// <summary>Gets the tag that names the version on its metrics.</summary>
    internal KeyValuePair<string, object?> TelemetryTag { get; }

    /// <summary>Gets the jobs running on the version.</summary>
    internal VersionJobs Jobs { get; } = new();

    internal LoadedVersion Loaded =>
        Volatile.Read(ref _loaded)
        ?? throw new InvalidOperationException($"Version {ShortId} has been unloaded: its types can no longer be used.");

    /// <summary>Gets the weak references that prove the version collected, once it has been unloaded.</summary>
    internal CollectionProbe? Probe { get; private set; }

    /// <summary>Gets the assemblies the version's context has loaded so far, while it is loaded.</summary>
    internal IReadOnlyList<System.Reflection.Assembly> LoadedAssemblies() => [.. Volatile.Read(ref _loaded)?.Context.Assemblies ?? []];

    /// <inheritdoc />
    public override string ToString() => $"{ShortId} ({State}, {ActiveJobs} jobs)";

    internal static string Shorten(string id) => id[..Math.Min(12, id.Length)];

    /// <summary>Disposes the version's services, unloads its load context and keeps only weak references to it. Called once, by whoever closed the version.</summary>
    internal void UnloadCode(Microsoft.Extensions.Logging.ILogger logger)
    {
        if (Interlocked.Exchange(ref _loaded, null) is { } loaded)
        {
            ServiceDisposal.Dispose(loaded.BuiltServices, logger, ShortId);
            Probe = CollectionProbe.Unload(loaded.Context, e => Log.UnloadFailed(logger, e, ShortId));
        }
    }
}
