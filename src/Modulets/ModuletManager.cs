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
/// while no good version has ever loaded do <see cref="StartJob(Func{ModuletJob, Task}, JobOptions, CancellationToken)"/> and <see cref="Refresh"/> throw.
/// </para>
/// </remarks>
public sealed partial class ModuletManager : IDisposable, IAsyncDisposable
{
    private readonly ModuleSource _source;
    private readonly VersionCatalog _catalog;
    private readonly VersionEvents _events;
    private readonly VersionRetirement _retirement;
    private readonly JobRegistry _jobs;
    private readonly UpdateLoader _updates;
    private readonly CanaryRollouts? _rollouts;
    private readonly QuietPeriod _quietPeriod;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeSpan _shutdownTimeout;
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
    /// <remarks>Modules that are missing or bad do not make the constructor throw: the problem is logged, and reported by <see cref="StartJob(Func{ModuletJob, Task}, JobOptions, CancellationToken)"/> until it is fixed.</remarks>
    public ModuletManager(ModuletOptions options, ILoggerFactory? loggerFactory)
        : this(options!, loggerFactory, options?.HostServices, ModuletManagerRegistry.DefaultName)
    {
        LoadFirstVersion();
    }

    /// <summary>Wires a manager without loading anything yet: the host's start (or the first job) loads the first version.</summary>
    internal ModuletManager(ModuletOptions options, ILoggerFactory? loggerFactory, IServiceProvider? hostServices, string name)
    {
        ThrowIfInvalid(options);
        Name = name;
        FirstVersionTimeout = options.FirstVersionTimeout;
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = _logger = loggerFactory.CreateLogger<ModuletManager>();
        Isolation = options.Isolation;
        ModulesPath = Path.GetFullPath(options.ModulesPath);
        _shutdownTimeout = options.ShutdownTimeout;
        _source = options.Source ?? new FolderModuleSource(options.ModulesPath, options.FolderLayout, options.UpdateDetection, options.PollingInterval);
        var sourceTag = ModuletsTelemetry.Source(_source.Location);
        _catalog = new VersionCatalog(options.VersionHistoryLimit);
        _events = new VersionEvents(this, logger, sourceTag);
        (_upgrades, _upgradePolicy) = ListenForRetirements(options, logger);
        _retirement = new VersionRetirement(options, _catalog, logger);
        _rollouts = options.Canary is { } canary ? new CanaryRollouts(canary, _retirement, _events, options.TimeProvider, logger) : null;
        _jobs = new JobRegistry(logger, options.TimeProvider, sourceTag, _catalog, _retirement.Unload, _rollouts);
        var services = new VersionServices(loggerFactory, [.. options.SharedServices], hostServices, options.StartupTimeout);
        var factory = new VersionFactory(_catalog, services, _retirement, _events, options.TimeProvider, logger, sourceTag);
        _updates = new UpdateLoader(_source, Isolation, _catalog, factory, _retirement, _events, options.TimeProvider, logger, _rollouts);
        _quietPeriod = new QuietPeriod(options.TimeProvider, options.QuietPeriod, _updates.RefreshIfChanged);
        ModuletsTelemetry.Register(this);
        _source.Start(new ModuleSourceContext(ModulesPath, _quietPeriod.Restart, loggerFactory, options.TimeProvider, _shutdown.Token));
    }

    /// <summary>Raised, on the thread pool and in order, each time a version moves in its life cycle: created or current again, draining, unloading, collected, leaked.</summary>
    /// <remarks>Each handler is called on its own: one that throws is logged, and the others still hear of every change.</remarks>
    public event EventHandler<ModuleVersionStateChangedEventArgs>? VersionStateChanged
    {
        add => _events.StateChanged += value;
        remove => _events.StateChanged -= value;
    }

    /// <summary>Raised, on the thread pool and in order with <see cref="VersionStateChanged"/>, when new content is rejected (once per problem: content that stays bad the same way is not reported again).</summary>
    /// <remarks>The current version stays; the same problem is logged (event 3).</remarks>
    public event EventHandler<ModuleUpdateRejectedEventArgs>? UpdateRejected
    {
        add => _events.UpdateRejected += value;
        remove => _events.UpdateRejected -= value;
    }

    /// <summary>Gets the manager's name: the one given to <c>AddModulets</c>, or <c>"default"</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the full path of <see cref="ModuletOptions.ModulesPath"/>.</summary>
    public string ModulesPath { get; }

    /// <summary>Gets where versions come from: the modules folder, or <see cref="ModuletOptions.Source"/>.</summary>
    public ModuleSource Source => _source;

    /// <summary>Gets the live isolation policy; an edit applies to versions created afterwards.</summary>
    public IsolationPolicy Isolation { get; }

    /// <summary>Gets the version new jobs start on.</summary>
    /// <remarks>Reading it reads no file. A manager from <c>AddModulets</c> loads its first version when the host starts (or at the first job, or <see cref="Refresh"/>).</remarks>
    /// <exception cref="ModuleLoadException">No good version serves yet; the message names the folder and the problem, or says that nothing was read yet. <see cref="Refresh"/> reads the modules again.</exception>
    public ModuleVersion CurrentVersion => _updates.GetCurrent();

    /// <summary>Gets every version this manager created, oldest first, with its state: live, draining, and retired ones (collected ones up to <see cref="ModuletOptions.VersionHistoryLimit"/>).</summary>
    public IReadOnlyCollection<ModuleVersion> Versions => _catalog.Snapshot();

    /// <summary>Gets the number of jobs running, on any version.</summary>
    public int ActiveJobs => _jobs.Count;

    /// <summary>Gets the jobs running now, on any version, oldest first.</summary>
    public IReadOnlyList<ModuletJob> Jobs => _jobs.Running();

    /// <summary>Finds a version this manager knows by its id or a prefix of it (such as its <see cref="ModuleVersion.ShortId"/>).</summary>
    /// <param name="id">The full id, or a unique prefix of at least 4 characters.</param>
    /// <returns>The version, or <see langword="null"/> when no version (or more than one) matches.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    public ModuleVersion? FindVersion(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        // The same id can stand twice (a collected version, and a new one of the same content): the newest is meant.
        var matching = Versions.Where(version => version.Id.StartsWith(id, StringComparison.OrdinalIgnoreCase)).ToList();
        return id.Length >= 4 && matching.Select(version => version.Id).Distinct().Count() == 1 ? matching[^1] : null;
    }

    /// <summary>
    /// Purges a retired version now, like Erlang's soft purge of old code: the cancellation tokens of the jobs still
    /// running on it fire, and it unloads once they have ended (or is reported leaked, naming the jobs that ignore it).
    /// </summary>
    /// <param name="version">A version of this manager that is no longer current.</param>
    /// <returns><see langword="true"/> when jobs were cancelled; <see langword="false"/> when it had none left, or was purged already.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The version is the current one: new jobs start on it.</exception>
    public bool Purge(ModuleVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        ThrowIfDisposed();
        if (version == _updates.Current || version.State == ModuleVersionState.Current)
        {
            throw new InvalidOperationException($"Version {version.ShortId} is current: new jobs start on it, so it cannot be purged. Update the modules first.");
        }

        if (version.State == ModuleVersionState.Candidate)
        {
            throw new InvalidOperationException($"Version {version.ShortId} is a candidate: new jobs start on it, so it cannot be purged. Abort the rollout first.");
        }

        return _retirement.Purge(version, "an operator asked for it");
    }

    /// <summary>Reads the modules now and makes their content current if it is new and good.</summary>
    /// <returns>The current version: a new one, a draining one whose content came back, or the same one when nothing changed or the new content is bad.</returns>
    /// <exception cref="ModuleLoadException">No good version has ever loaded; the message names the folder and the problem.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public ModuleVersion Refresh()
    {
        ThrowIfDisposed();
        return _updates.Refresh();
    }

    /// <summary>Waits until a version is current: at once when one is, otherwise until the source delivers its first good content (a NuGet feed's first install, a fixed folder).</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The current version.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    /// <exception cref="ObjectDisposedException">The manager has been disposed.</exception>
    public Task<ModuleVersion> WaitForFirstVersionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _updates.FirstVersion.WaitAsync(cancellationToken);
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

        var running = _jobs.Running();
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
            Log.JobsOutlivedShutdown(_jobs.Logger, stuck.Count, string.Join(", ", stuck));
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

        _updates.StopReading();
        using var timeout = new CancellationTokenSource(_shutdownTimeout, _jobs.TimeProvider);
        await StopAsync(timeout.Token).ConfigureAwait(false);

        _source.Dispose();
        await _quietPeriod.DisposeAsync().ConfigureAwait(false);
        _rollouts?.Stop();
        if (!_updates.RetireCurrent(_shutdownTimeout))
        {
            Log.ReadOutlivedShutdown(_jobs.Logger, _source.Location, _shutdownTimeout);
        }
        await _retirement.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
        ModuletsTelemetry.Unregister(this);
    }

    /// <summary>Gets why the newest content was rejected, while it stays rejected.</summary>
    internal ModuleLoadException? UpdateRejection => _updates.Rejection;

    /// <summary>Gets whether the source is still getting its first content (a feed's first check has not finished).</summary>
    internal bool IsWaitingForFirstVersion => _updates.IsPending;

    /// <summary>Gets how long a host's start waits for the first version (<see cref="ModuletOptions.FirstVersionTimeout"/>).</summary>
    internal TimeSpan FirstVersionTimeout { get; }

    /// <summary>Gets a task that completes once the first version is current, or the source's first answer is a real problem.</summary>
    internal Task FirstReadSettled => _updates.FirstReadSettled;

    /// <summary>Loads the first version, as the host starts; a failure is logged, and reported by the first job.</summary>
    internal void LoadFirstVersion()
    {
        try
        {
            _ = _updates.GetOrLoadFirst();
        }
        catch (ModuleLoadException)
        {
            // Logged as a rejected update (or a wait for the first content); StartJob reports it to whoever starts a job.
        }
    }

    private static void ThrowIfInvalid(ModuletOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ModuletOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void ThrowIfStopped()
    {
        ThrowIfDisposed();
        if (Volatile.Read(ref _stopped) != 0)
        {
            throw new InvalidOperationException("The manager is stopping: no new job can start.");
        }
    }
}
