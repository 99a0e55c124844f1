using Microsoft.Extensions.Logging;

namespace Modulets;

/// <content>Upgradable jobs (Erlang's <c>code_change</c>): starting one, and asking a version's jobs to hand off.</content>
public sealed partial class ModuletManager
{
    private readonly UpgradeSignals _upgrades;
    private readonly UpgradePolicy _upgradePolicy;
    private readonly ILogger _logger;

    /// <summary>
    /// Starts a job that can move onto newer code with its state (Erlang's <c>code_change</c>): its code is the module
    /// type <paramref name="typeName"/>, an <see cref="IUpgradableJob{TState}"/>, created on the current version; when a
    /// newer version is current it may hand <paramref name="state"/> (as it is then) to a new generation created from
    /// the newer code, under the same name, tags and completion.
    /// </summary>
    /// <typeparam name="TState">The state that crosses versions: a contract type or serialized data, never a module type.</typeparam>
    /// <param name="typeName">The module type that runs the job, in every version.</param>
    /// <param name="state">The initial state.</param>
    /// <param name="options">The job's name and tags, the same in every generation.</param>
    /// <param name="cancellationToken">Cancels whichever generation runs.</param>
    /// <returns>The logical job.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TState"/> is a module type.</exception>
    /// <exception cref="ModuleLoadException">No good version has loaded.</exception>
    public UpgradableJob<TState> StartUpgradableJob<TState>(string typeName, TState state, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        return StartUpgradableJobCore(typeName, state, options, cancellationToken);
    }

    /// <summary>
    /// Starts a job that can move onto newer code with its state, whose code is the version's one public class that
    /// implements <see cref="IUpgradableJob{TState}"/>, found as <see cref="ModuletJob.CreateImplementation{T}"/> finds
    /// it, again in each newer version, so the host needs no type name.
    /// </summary>
    /// <typeparam name="TState">The state that crosses versions: a contract type or serialized data, never a module type.</typeparam>
    /// <param name="state">The initial state.</param>
    /// <param name="options">The job's name and tags, the same in every generation.</param>
    /// <param name="cancellationToken">Cancels whichever generation runs.</param>
    /// <returns>The logical job.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TState"/> is a module type.</exception>
    /// <exception cref="ModuleLoadException">No good version has loaded.</exception>
    public UpgradableJob<TState> StartUpgradableJob<TState>(TState state, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        StartUpgradableJobCore(typeName: null, state, options, cancellationToken);

    private UpgradableJob<TState> StartUpgradableJobCore<TState>(string? typeName, TState state, JobOptions? options, CancellationToken cancellationToken)
    {
        if (typeof(TState).Assembly.IsCollectible)
        {
            throw new ArgumentException($"{typeof(TState).FullName} is a module type: it cannot cross versions. Use a contract type or serialized data (a string, a JsonElement).", nameof(state));
        }

        var job = new UpgradableJob<TState>(this, _upgrades, _logger, typeName, options, _upgradePolicy, cancellationToken);
        job.Start(state);
        return job;
    }

    /// <summary>Tells the upgradable jobs running on a version that they should hand off to the current version (their <see cref="UpgradeContext{TState}.UpgradeAvailable"/> fires), whatever their <see cref="UpgradePolicy"/>.</summary>
    /// <param name="version">A version of this manager.</param>
    /// <returns>The number of jobs told.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    public int RequestUpgrade(ModuleVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _upgrades.Fire(version, operatorAsked: true);
    }

    /// <summary>Makes the upgrade signals, told of each version that is retired (a newer one is current).</summary>
    private (UpgradeSignals Signals, UpgradePolicy DefaultPolicy) ListenForRetirements(ModuletOptions options, ILogger logger)
    {
        var signals = new UpgradeSignals(options.TimeProvider, options.UpgradeGracePeriod, logger);
        _events.StateChanged += (_, e) =>
        {
            // A candidate that was rolled back or superseded drains without handing off: its successor would be older code.
            if (e.State == ModuleVersionState.Draining && e.Version.Lifecycle.WasCurrent)
            {
                signals.Fire(e.Version, operatorAsked: false);
            }
        };
        return (signals, options.UpgradePolicy);
    }
}
