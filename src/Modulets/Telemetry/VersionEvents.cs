using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Tells the world that a version moved in its life cycle (the log line, the metrics, and the manager's
/// <see cref="ModuletManager.VersionStateChanged"/> event), that an update was rejected
/// (<see cref="ModuletManager.UpdateRejected"/>) or that a canary rollout moved (<see cref="ModuletManager.RolloutChanged"/>): events raised in order on the thread pool, each handler on its own,
/// so that one that throws never keeps the others from hearing.
/// </summary>
internal sealed class VersionEvents(object sender, ILogger logger, KeyValuePair<string, object?> sourceTag)
{
    private readonly SerialDispatcher _dispatcher = new(e => Log.EventHandlerFailed(logger, e, $"{nameof(ModuletManager)} event"));

    public event EventHandler<ModuleVersionStateChangedEventArgs>? StateChanged;

    public event EventHandler<ModuleUpdateRejectedEventArgs>? UpdateRejected;

    public event EventHandler<RolloutChangedEventArgs>? RolloutChanged;

    /// <summary>Reports a rejected update (already logged); called under the loader's lock, so it only queues.</summary>
    public void OnUpdateRejected(ModuleUpdateRejectedEventArgs args) => Raise(UpdateRejected, args);

    /// <summary>Reports a rollout's change (already logged); called under the rollout's lock, so it only queues.</summary>
    public void OnRolloutChanged(RolloutStatus status) => Raise(RolloutChanged, new RolloutChangedEventArgs(status));

    /// <summary>Reports a transition; called inside it, so it must only log, count and queue.</summary>
    public void OnStateChanged(ModuleVersion version, ModuleVersionState state)
    {
        switch (state)
        {
            case ModuleVersionState.Unloading:
                Log.VersionUnloading(logger, version.ShortId);
                break;
            case ModuleVersionState.Collected:
                var sinceRetirement = version.Lifecycle.Times.RetirementToCollection ?? TimeSpan.Zero;
                ModuletsTelemetry.VersionCollectionDuration.Record(sinceRetirement.TotalSeconds, sourceTag);
                Log.VersionCollected(logger, version.ShortId, sinceRetirement, version.Probe?.Describe() ?? "no probe");
                break;
            case ModuleVersionState.Leaked:
                ModuletsTelemetry.VersionsLeaked.Add(1, sourceTag);
                Log.VersionLeaked(logger, version.LeakReport ?? version.ShortId);
                break;
        }

        if (StateChanged is not null)
        {
            Raise(StateChanged, new ModuleVersionStateChangedEventArgs(version, state));
        }
    }

    private void Raise<TArgs>(EventHandler<TArgs>? handlers, TArgs args)
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<EventHandler<TArgs>>() ?? [])
        {
            _dispatcher.Post(() => handler(sender, args));
        }
    }
}
