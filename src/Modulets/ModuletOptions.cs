namespace Modulets;

/// <summary>Configures a <see cref="ModuletManager"/>: where the modules are, what is isolated, and how versions are retired.</summary>
/// <remarks>
/// The manager reads these values once, when it is created; only <see cref="Isolation"/> stays live
/// (<see cref="ModuletManager.Isolation"/> is the same object).
/// </remarks>
public sealed class ModuletOptions
{
    /// <summary>Gets or sets the folder that holds the module: its assemblies (with their PDBs, <c>.deps.json</c> and native libraries), or, with another <see cref="Source"/>, where that source keeps what it downloads.</summary>
    /// <value>Required. A relative path is relative to the current directory.</value>
    public string ModulesPath { get; set; } = string.Empty;

    /// <summary>Gets the black list and white list that decide which assemblies each version isolates.</summary>
    /// <value>A policy that shares <see cref="IsolationPolicy.DefaultShared"/> and the .NET shared framework.</value>
    public IsolationPolicy Isolation { get; } = new();

    /// <summary>Gets or sets how the modules folder holds the module: updated in place, or one complete subfolder per version.</summary>
    /// <value><see cref="ModuleFolderLayout.Flat"/>.</value>
    public ModuleFolderLayout FolderLayout { get; set; } = ModuleFolderLayout.Flat;

    /// <summary>Gets or sets how changes of the modules folder are noticed, so that new jobs get an update without anyone calling <see cref="ModuletManager.Refresh"/>.</summary>
    /// <value><see cref="UpdateDetection.FileSystemWatcher"/>.</value>
    public UpdateDetection UpdateDetection { get; set; } = UpdateDetection.FileSystemWatcher;

    /// <summary>Gets or sets how long the modules must stay unchanged after a change is noticed before they are read, so a copy in progress is read once it has finished.</summary>
    /// <value>200 milliseconds.</value>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how often the folder is compared with its last state under <see cref="UpdateDetection.Polling"/> (or when the watcher cannot run).</summary>
    /// <value>1 second. Only file names, sizes and write times are read.</value>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets where versions come from instead of the folder at <see cref="ModulesPath"/>, such as a NuGet feed (<c>options.UseNuGetFeed(...)</c> in <c>Modulets.NuGet</c>).</summary>
    /// <value><see langword="null"/>: the modules folder. The manager starts the source and disposes of it.</value>
    public ModuleSource? Source { get; set; }

    /// <summary>Gets or sets how long an unloaded version may take to be collected before it is reported as <see cref="ModuleVersionState.Leaked"/>.</summary>
    /// <value>30 seconds. Garbage collections are induced before a leak is declared.</value>
    public TimeSpan UnloadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a retired version's jobs may keep running before their cancellation tokens fire (a soft
    /// purge, like Erlang's purge of old code). A job that ignores cancellation keeps its version alive and is named in
    /// the leak report <see cref="UnloadTimeout"/> later.
    /// </summary>
    /// <value><see langword="null"/>: jobs on a retired version run until they end.</value>
    public TimeSpan? DrainTimeout { get; set; }

    /// <summary>Gets or sets when upgradable jobs (<see cref="ModuletManager.StartUpgradableJob{TState}(string, TState, JobOptions, CancellationToken)"/>) are told that newer code is current, unless a job's <see cref="JobOptions.Upgrade"/> says otherwise.</summary>
    /// <value><see cref="UpgradePolicy.Never"/>: every job keeps its version for its life, unless an operator asks.</value>
    public UpgradePolicy UpgradePolicy { get; set; } = UpgradePolicy.Never;

    /// <summary>Gets or sets how long a job with <see cref="UpgradePolicy.Request"/> has to hand off once told, before it is logged as not having done so (event 30).</summary>
    /// <value>One minute.</value>
    public TimeSpan UpgradeGracePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the canary rollout that new content goes through once a version is current: it becomes a
    /// <see cref="ModuleVersionState.Candidate"/> that takes a growing share of new jobs, and is promoted or rolled back
    /// automatically by its failure rate (see <see cref="CanaryOptions"/> and <see cref="ModuletManager.Rollout"/>).
    /// </summary>
    /// <value><see langword="null"/>: new content is current for every new job at once. The first version is always current at once.</value>
    public CanaryOptions? Canary { get; set; }

    /// <summary>Gets or sets how many versions may be live (current and draining) at once; beyond it the oldest draining versions are purged first.</summary>
    /// <value><see langword="null"/>: no limit.</value>
    public int? MaxLiveVersions { get; set; }

    /// <summary>Gets the host services that each version's own service provider resolves from <see cref="HostServices"/> (singletons, never disposed by the version).</summary>
    public IList<Type> SharedServices { get; } = [];

    /// <summary>Gets or sets the host's service provider, from which <see cref="SharedServices"/> are resolved.</summary>
    /// <value><see langword="null"/>; <c>services.AddModulets(...)</c> sets it to the container.</value>
    public IServiceProvider? HostServices { get; set; }

    /// <summary>
    /// Gets or sets how long the host's start waits for the first version when the source has none yet but is getting
    /// it (a NuGet feed's first check), so that jobs started right after the host has started find a version.
    /// </summary>
    /// <value>30 seconds. After it the host starts anyway, with a warning; <c>StartJob</c> fails until a version arrives.</value>
    public TimeSpan FirstVersionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a module's <see cref="IModuletStartup"/> may take to configure the version's services; one that takes longer rejects the update.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long disposing the manager waits for cancelled jobs to end.</summary>
    /// <value>30 seconds. Jobs still running after it keep their version alive; they are named in the log.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many collected versions <see cref="ModuletManager.Versions"/> keeps as records.</summary>
    /// <value>100. Live and leaked versions are always listed.</value>
    public int VersionHistoryLimit { get; set; } = 100;

    /// <summary>Gets or sets the clock for time stamps, unload deadlines and polling.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
