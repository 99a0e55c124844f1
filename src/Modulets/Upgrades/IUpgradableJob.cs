namespace Modulets;

/// <summary>
/// A long-running job's code that can move onto newer module code with its state, as an Erlang process does in
/// <c>code_change</c>: implemented by a module type, started with <see cref="ModuletManager.StartUpgradableJob{TState}(string, TState, JobOptions, CancellationToken)"/>,
/// and created again from each newer version the job hands off to.
/// </summary>
/// <typeparam name="TState">The state that crosses versions: a type of a shared (contract) assembly, or serialized data (a <see cref="string"/>, a <c>JsonElement</c>), never a module type.</typeparam>
public interface IUpgradableJob<TState>
{
    /// <summary>Runs one generation of the job: from the state it is given, until it ends the job or hands off (<see cref="UpgradeContext{TState}.HandOffAsync"/>) and returns.</summary>
    /// <param name="context">The generation's job, state and lineage, and the signal that newer code is current.</param>
    /// <returns>A task that completes when this generation is done.</returns>
    Task RunAsync(UpgradeContext<TState> context);
}
