using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Modulets;

/// <summary>
/// Runs jobs on versions of the module code: each job on the version that was current when it started, for its whole
/// life; new jobs on the newest good version; and every retired version unloaded, and its collection verified, once
/// its last job has ended.
/// </summary>
/// <remarks>
/// <para>
/// The manager reads the modules when it is created, when its source reports a change (after a quiet period), and
/// on <see cref="Refresh"/>. Starting a job does no file I/O: it leases the current version and queues the job's body
/// on the thread pool.
/// </para>
/// <para>
/// A bad update (an incomplete or corrupt file, a folder that vanished, a failing start-up) never replaces the current
/// version: it is logged once, with the file and the reason, and jobs keep starting on the last good version. Only
/// while no good version has ever loaded do <see cref="StartJob(Func{ModuletJob, Task})"/> and <see cref="Refresh"/> throw.
/// </para>
/// </remarks>
public sealed partial class ModuletManager : IDisposable, IAsyncDisposable
{
    private readonly ModuleSource _source;
    private readonly VersionCatalog _catalog;
    private readonly UnloadMonitor _monitor;
    private readonly SerialDispatcher _events;
    private readonly ConcurrentDictionary<long, ModuletJob> _jobs = new();
    private readonly ConcurrentDictionary<ModuleVersion, ITimer> _drainTimers = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _refreshGate = new();
    private readonly ITimer _quietPeriodTimer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly KeyValuePair<string, object?> _sourceTag;
    private readonly TimeSpan _shutdownTimeout;
    private readonly TimeSpan _quietPeriod;
    private readonly TimeSpan? _drainTimeout;
    private readonly int? _maxLiveVersions;
    private readonly HostServiceList _hostServiceList;
    private volatile ModuleVersion? _current;
    private string? _fingerprintOfCurrent;
    private ModuleLoadException? _lastFailure;
    private string? _fingerprintAtLastFailure;
    private string? _lastRejection;
    private long _lastJobId;
    private int _stopped;
    private int _disposed;

    /// <summary>Creates a manager that logs nowhere and loads the first version from <see cref="ModuletOptions.ModulesPath"/>.</summary>
    /// <param name="options">Where the modules are and how versions are isolated and retired.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid (for example, no <see cref="ModuletOptions.ModulesPath"/>).</exception>
    public ModuletManager(ModuletOptions options)
        : this(options, null)
    {
    }

    /// <summary>Creates a manager and loads the first version from <see cref="ModuletOptions.ModulesPath"/> (or <see cref="ModuletOptions.Source"/>).</summary>
    /// <param name="options">Where the modules are and how versions are isolated and retired.</param>
    /// <param name="loggerFactory">Where to log version life-cycle events, rejected updates and failed jobs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid (for example, no <see cref="ModuletOptions.ModulesPath"/>).</exception>
    /// <remarks>Modules that are missing or bad do not make the constructor throw: the problem is logged, and reported by <see cref="StartJob(Func{ModuletJob, Task})"/> until it is fixed.</remarks>
    public ModuletManager(ModuletOptions options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ModuletOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = _loggerFactory.CreateLogger<ModuletManager>();
        Isolation = options.Isolation;
        ModulesPath = Path.GetFullPath(options.ModulesPath);
        TimeProvider = options.TimeProvider;
        _shutdownTimeout = options.ShutdownTimeout;
        _quietPeriod = options.QuietPeriod;
        _drainTimeout = options.DrainTimeout;
        _maxLiveVersions = options.MaxLiveVersions;
        _hostServiceList = new HostServiceList(_loggerFactory, [.. options.SharedServices], options.HostServices);
        _source = options.Source ?? new FolderModuleSource(options.ModulesPath, options.FolderLayout, options.UpdateDetection, options.PollingInterval);
        _sourceTag = ModuletsTelemetry.Source(_source.Location);
        _catalog = new VersionCatalog(options.VersionHistoryLimit);
        var unloadTimeout = options.UnloadTimeout;
        _monitor = new UnloadMonitor(unloadTimeout, TimeProvider, Logger, version => LeakReportWriter.Write(version, unloadTimeout, RunningJobsOn(version)));
        _events = new SerialDispatcher(e => Log.EventHandlerFailed(Logger, e, nameof(VersionStateChanged)));
        using (ExecutionContext.SuppressFlow())
        {
            _quietPeriodTimer = TimeProvider.CreateTimer(_ => RefreshInBackground(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        ModuletsTelemetry.Register(this);
        _source.Start(new ModuleSourceContext(ModulesPath, OnSourceChanged, _loggerFactory, TimeProvider, _shutdown.Token));
        lock (_refreshGate)
        {
            TryLoadNewVersion();
        }
    }

    /// <summary>Raised, on the thread pool and in order, each time a version moves in its life cycle: created or current again, draining, unloading, collected, leaked.</summary>
    public event EventHandler<ModuleVersionStateChangedEventArgs>? VersionStateChanged;

    /// <summary>Gets the full path of <see cref="ModuletOptions.ModulesPath"/>.</summary>
    public string ModulesPath { get; }

    /// <summary>Gets where versions come from: the modules folder, or <see cref="ModuletOptions.Source"/>.</summary>
    public ModuleSource Source => _source;

    /// <summary>Gets the live isolation policy; an edit applies to versions created afterwards.</summary>
    public IsolationPolicy Isolation { get; }

    /// <summary>Gets the version new jobs start on.</summary>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    public ModuleVersion CurrentVersion => _current ?? LoadFirstVersion();

    /// <summary>Gets every version this manager created, oldest first, with its state: live, draining, and retired ones (collected ones up to <see cref="ModuletOptions.VersionHistoryLimit"/>).</summary>
    public IReadOnlyCollection<ModuleVersion> Versions => _catalog.Snapshot();

    /// <summary>Gets the number of jobs running, on any version.</summary>
    public int ActiveJobs => _jobs.Count;

    internal ILogger Logger { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>Starts a job on the current version.</summary>
    /// <param name="body">The job's body. It runs on the thread pool with <see cref="ModuletJob.Current"/> set.</param>
    /// <returns>The running job; await it, or its <see cref="ModuletJob.Completion"/>, for the outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>).</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob StartJob(Func<ModuletJob, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartJobCore(body, CancellationToken.None);
    }

    /// <summary>Starts a job on the current version, cancellable by the caller.</summary>
    /// <param name="body">The job's body; it receives the job and the job's <see cref="ModuletJob.Cancellation"/>.</param>
    /// <param name="cancellationToken">Cancels the job (and its children) when it fires.</param>
    /// <returns>The running job; await it, or its <see cref="ModuletJob.Completion"/>, for the outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="InvalidOperationException">The manager is stopping (<see cref="StopAsync"/>).</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuletJob StartJob(Func<ModuletJob, CancellationToken, Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartJobCore(body, cancellationToken);
    }

    /// <summary>Reads the modules now and makes their content current if it is new and good.</summary>
    /// <returns>The current version: a new one, a draining one whose content came back, or the same one when nothing changed or the new content is bad.</returns>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuleVersion Refresh()
    {
        ThrowIfDisposed();
        lock (_refreshGate)
        {
            TryLoadNewVersion();
            return _current ?? throw NoVersionError();
        }
    }

    /// <summary>Asks the source to look for an update now (a NuGet feed is polled), then does what <see cref="Refresh"/> does.</summary>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>The current version.</returns>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the source and the problem.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public async Task<ModuleVersion> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _source.CheckForUpdatesAsync(cancellationToken).ConfigureAwait(false);
        return Refresh();
    }

    /// <summary>
    /// Stops accepting jobs and drains the running ones: their cancellation tokens fire, and the call waits until they
    /// have ended or <paramref name="cancellationToken"/> fires (a host passes its shutdown timeout). Jobs still
    /// running then are named in the log.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the jobs have ended or the wait was stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _stopped, 1);
        if (!_shutdown.IsCancellationRequested)
        {
            await _shutdown.CancelAsync().ConfigureAwait(false);
        }

        var running = _jobs.Values.ToArray();
        foreach (var job in running)
        {
            job.Cancel();
        }

        try
        {
            await Task.WhenAll(running.Select(job => job.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var stuck = running.Where(job => !job.IsCompleted).ToList();
            Log.JobsOutlivedShutdown(Logger, stuck.Count, string.Join(", ", stuck));
        }
        catch (Exception) when (running.All(job => job.IsCompleted))
        {
            // The jobs' own failures: each was logged when its job ended.
        }
    }

    /// <summary>Stops (see <see cref="StopAsync"/>) waiting up to <see cref="ModuletOptions.ShutdownTimeout"/>, unloads every version no job still runs on, and stops watching the modules.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose"/>
    /// <returns>A task that completes when the jobs have ended or the shutdown timeout has passed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(_shutdownTimeout, TimeProvider))
        {
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }

        _source.Dispose();
        await _quietPeriodTimer.DisposeAsync().ConfigureAwait(false);
        lock (_refreshGate)
        {
            if (_current is { } current && current.Retire())
            {
                Unload(current);
            }
        }

        foreach (var timer in _drainTimers.Values)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        _monitor.Dispose();
        _shutdown.Dispose();
        ModuletsTelemetry.Unregister(this);
    }

    internal void OnJobEnded(ModuletJob job, Exception? failure)
    {
        _jobs.TryRemove(job.Id, out _);
        ModuletsTelemetry.JobsActive.Add(-1, _sourceTag);
        if (failure is not null)
        {
            ModuletsTelemetry.JobsFailed.Add(1, _sourceTag);
            Log.JobFailed(Logger, failure, job.Id, job.Version.ShortId);
        }

        if (job.Version.ReleaseLease())
        {
            Unload(job.Version);
        }
    }

    private ModuletJob StartJobCore(Delegate body, CancellationToken cancellationToken)
    {
        ThrowIfStopped();
        var version = LeaseCurrentVersion();
        version.CountJobStarted();
        var job = new ModuletJob(this, version, Interlocked.Increment(ref _lastJobId));
        _jobs[job.Id] = job;
        ModuletsTelemetry.JobsStarted.Add(1, _sourceTag);
        ModuletsTelemetry.JobsActive.Add(1, _sourceTag);
        job.Start(body, cancellationToken);
        if (Volatile.Read(ref _stopped) != 0)
        {
            // Raced with StopAsync, which may not have seen this job.
            job.Cancel();
        }

        return job;
    }

    private ModuleVersion LeaseCurrentVersion()
    {
        while (true)
        {
            var version = _current ?? LoadFirstVersion();
            if (version.TryAcquireLease())
            {
                return version;
            }

            // Retired and unloaded between the read and the lease: its successor is already current.
            ThrowIfStopped();
        }
    }

    /// <summary>Loads the first version when the constructor could not; reads only file metadata while the source is unchanged since the last failure.</summary>
    private ModuleVersion LoadFirstVersion()
    {
        lock (_refreshGate)
        {
            if (_current is null && _source.GetFingerprint() != _fingerprintAtLastFailure)
            {
                TryLoadNewVersion();
            }

            return _current ?? throw NoVersionError();
        }
    }

    /// <summary>Schedules a read once the source has been quiet for <see cref="ModuletOptions.QuietPeriod"/>: each change restarts the wait.</summary>
    private void OnSourceChanged()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _quietPeriodTimer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed in between: no more updates.
            }
        }
    }

    private void RefreshInBackground()
    {
        try
        {
            lock (_refreshGate)
            {
                var fingerprint = _source.GetFingerprint();
                if (Volatile.Read(ref _disposed) == 0 && fingerprint != _fingerprintOfCurrent && fingerprint != _fingerprintAtLastFailure)
                {
                    TryLoadNewVersion();
                }
            }
        }
        catch (Exception e)
        {
            Log.BackgroundRefreshFailed(Logger, e, _source.Location);
        }
    }

    /// <summary>Reads the source and makes new good content current. Runs under <see cref="_refreshGate"/>.</summary>
    private void TryLoadNewVersion()
    {
        var fingerprint = _source.GetFingerprint();
        var started = TimeProvider.GetTimestamp();
        try
        {
            var snapshot = ModuleSnapshotReader.Read(_source.GetContent(), Isolation.Rules);
            if (_current?.Id != snapshot.Id)
            {
                Activate(snapshot, started);
            }
        }
        catch (ModuleLoadException e)
        {
            Reject(e, fingerprint);
            return;
        }

        _fingerprintOfCurrent = fingerprint;
        _lastFailure = null;
        _fingerprintAtLastFailure = null;
        _lastRejection = null;
    }

    /// <exception cref="ModuleLoadException">The new version's start-up failed.</exception>
    private void Activate(ModuleSnapshot snapshot, long started)
    {
        var previous = _current;
        var version = _catalog.FindLive(snapshot.Id);
        if (version is not null && version.TryRevive())
        {
            CancelDrainTimer(version);
            Log.VersionRevived(Logger, version.ShortId, version.ActiveJobs);
        }
        else
        {
            var loaded = new LoadedVersion(snapshot, l => VersionServices.Build(l, _hostServiceList));
            version = new ModuleVersion(loaded, TimeProvider, Logger, OnVersionStateChanged);
            _catalog.Add(version);
            ModuletsTelemetry.VersionLoadDuration.Record(TimeProvider.GetElapsedTime(started).TotalSeconds, _sourceTag);
            if (Logger.IsEnabled(LogLevel.Information))
            {
                Log.VersionCreated(Logger, version.ShortId, version.Location, string.Join(", ", version.Assemblies));
            }

            WarnAboutHostCopies(version);
            OnVersionStateChanged(version, ModuleVersionState.Current);
        }

        _current = version;
        if (previous is not null)
        {
            Log.VersionRetired(Logger, previous.ShortId, version.ShortId, previous.ActiveJobs);
            if (previous.Retire())
            {
                Unload(previous);
            }
            else if (_drainTimeout is { } drainTimeout)
            {
                ScheduleDrain(previous, drainTimeout);
            }
        }

        EnforceMaxLiveVersions();
    }

    private void ScheduleDrain(ModuleVersion version, TimeSpan drainTimeout)
    {
        using (ExecutionContext.SuppressFlow())
        {
            var timer = TimeProvider.CreateTimer(_ => Purge(version, $"its drain timeout of {drainTimeout} passed"), null, drainTimeout, Timeout.InfiniteTimeSpan);
            if (!_drainTimers.TryAdd(version, timer))
            {
                timer.Dispose();
            }
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
            Purge(version, $"more than {max} versions are live");
        }
    }

    /// <summary>Cancels the jobs still running on a retired version (a soft purge); the monitor reports them if they ignore it.</summary>
    private void Purge(ModuleVersion version, string reason)
    {
        if (!version.TryMarkPurged())
        {
            return;
        }

        var jobs = RunningJobsOn(version);
        Log.VersionPurged(Logger, version.ShortId, reason, jobs.Count, string.Join(", ", jobs.Select(job => job.Id)));
        foreach (var job in jobs)
        {
            job.Cancel();
        }

        _monitor.Watch(version);
    }

    private List<ModuletJob> RunningJobsOn(ModuleVersion version) =>
        [.. _jobs.Values.Where(job => job.Version == version && !job.IsCompleted).OrderBy(job => job.Id)];

    private void Unload(ModuleVersion version)
    {
        CancelDrainTimer(version);
        try
        {
            version.BeginUnload();
        }
        catch (Exception e)
        {
            // Unloading runs where a job ended; nothing it meets may escape into the job's completion.
            Log.UnloadFailed(Logger, e, version.ShortId);
        }

        _monitor.Watch(version);
    }

    private void OnVersionStateChanged(ModuleVersion version, ModuleVersionState state)
    {
        switch (state)
        {
            case ModuleVersionState.Unloading:
                Log.VersionUnloading(Logger, version.ShortId);
                break;
            case ModuleVersionState.Collected when version.RetirementToCollection is { } sinceRetirement:
                ModuletsTelemetry.VersionCollectionDuration.Record(sinceRetirement.TotalSeconds, _sourceTag);
                break;
            case ModuleVersionState.Leaked:
                ModuletsTelemetry.VersionsLeaked.Add(1, _sourceTag);
                break;
        }

        if (VersionStateChanged is not null)
        {
            _events.Post(() => VersionStateChanged?.Invoke(this, new ModuleVersionStateChangedEventArgs(version, state)));
        }
    }

    /// <summary>Logs a rejected update once: a file that stays bad the same way (a copy that is still growing, say) is not logged again.</summary>
    private void Reject(ModuleLoadException error, string fingerprint)
    {
        _lastFailure = error;
        _fingerprintAtLastFailure = fingerprint;
        var rejection = (error.FilePath ?? error.Location) + "\n" + DigitRuns().Replace(error.Message, "#");
        if (rejection == _lastRejection)
        {
            Log.UpdateStillRejected(Logger, _source.Location, error.Message);
            return;
        }

        _lastRejection = rejection;
        Log.UpdateRejected(
            Logger,
            _source.Location,
            error.Message,
            _current is { } current
                ? $"Jobs keep starting on version {current.ShortId}."
                : "No version has loaded yet: StartJob fails until the modules are fixed.");
    }

    private void WarnAboutHostCopies(ModuleVersion version)
    {
        foreach (var name in version.Assemblies.Where(HostAssemblies.Contains))
        {
            Log.IsolatedAssemblyAlsoInHost(Logger, version.ShortId, name);
        }
    }

    private ModuleLoadException NoVersionError() =>
        new(
            $"No version of the modules in '{_source.Location}' could be loaded: {_lastFailure?.Message}",
            _source.Location,
            _lastFailure?.FilePath,
            _lastFailure);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void ThrowIfStopped()
    {
        ThrowIfDisposed();
        if (Volatile.Read(ref _stopped) != 0)
        {
            throw new InvalidOperationException("The manager is stopping: no new job can start.");
        }
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitRuns();
}
