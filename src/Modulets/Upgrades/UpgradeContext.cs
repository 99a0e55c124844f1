namespace Modulets;

/// <summary>One generation of an upgradable job: what it runs with, and how it hands off to newer code.</summary>
/// <typeparam name="TState">The state that crosses versions.</typeparam>
public sealed class UpgradeContext<TState>
{
    private readonly UpgradableJob<TState> _logical;
    private int _handingOff;

    internal UpgradeContext(UpgradableJob<TState> logical, ModuletJob job, TState state, int generation, ModuleVersion? previousVersion, CancellationToken upgradeAvailable)
    {
        _logical = logical;
        Job = job;
        State = state;
        Generation = generation;
        PreviousVersion = previousVersion;
        UpgradeAvailable = upgradeAvailable;
    }

    /// <summary>Gets the job this generation runs as (on <see cref="ModuletJob.Version"/>).</summary>
    public ModuletJob Job { get; }

    /// <summary>Gets the state handed over by the previous generation, or the initial state.</summary>
    public TState State { get; }

    /// <summary>Gets the generation: 1 for the job as started, 2 after its first hand-off, and so on.</summary>
    public int Generation { get; }

    /// <summary>Gets the version the previous generation ran on, or <see langword="null"/> for the first.</summary>
    public ModuleVersion? PreviousVersion { get; }

    /// <summary>Gets a token that fires when a newer version than this generation's is current (or an operator asks, <see cref="ModuletManager.RequestUpgrade"/>): time to hand off at the next point that is safe.</summary>
    public CancellationToken UpgradeAvailable { get; }

    /// <summary>Gets the job's cancellation: <see cref="ModuletJob.Cancellation"/>.</summary>
    public CancellationToken Cancellation => Job.Cancellation;

    /// <summary>
    /// Hands the job over to the current version: creates the job's code there and, once this generation has
    /// returned, runs it with <paramref name="state"/> as the next generation, under the same name, tags and
    /// completion. Return from <see cref="IUpgradableJob{TState}.RunAsync"/> promptly when it succeeds.
    /// </summary>
    /// <param name="state">The state to carry over: a contract type or serialized data.</param>
    /// <returns>
    /// <see langword="true"/> when the successor is ready; <see langword="false"/> when nothing newer is current, or
    /// the current version cannot take the job (its type is missing, or the state is of a module type), which is
    /// logged: this generation goes on, or ends, as it chooses.
    /// </returns>
    /// <exception cref="InvalidOperationException">This generation has already handed off, or is handing off.</exception>
    public async Task<bool> HandOffAsync(TState state)
    {
        if (Interlocked.Exchange(ref _handingOff, 1) != 0)
        {
            throw new InvalidOperationException($"Generation {Generation} of job {Job.Label} has already handed off (or is handing off): only one successor can follow it.");
        }

        var handedOff = await _logical.HandOffAsync(this, state).ConfigureAwait(false);
        if (!handedOff)
        {
            Volatile.Write(ref _handingOff, 0); // it may try again, later
        }

        return handedOff;
    }
}
