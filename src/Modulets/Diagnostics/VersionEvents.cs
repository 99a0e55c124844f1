using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// Tells the world that a version moved in its life cycle: the log line, the metrics, and the manager's
/// <see cref="ModuletManager.VersionStateChanged"/> event, raised in order on the thread pool, each handler on its own,
/// so that one that throws never keeps the others from hearing.
/// </summary>
internal sealed class VersionEvents(object sender, ILogger logger, KeyValuePair<string, object?> sourceTag)
{
    private readonly SerialDispatcher _dispatcher = new(e => Log.EventHandlerFailed(logger, e, nameof(ModuletManager.VersionStateChanged)));

    public event EventHandler<ModuleVersionStateChangedEventArgs>? StateChanged;

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

        if (StateChanged is { } handlers)
        {
            var args = new ModuleVersionStateChangedEventArgs(version, state);
            foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ModuleVersionStateChangedEventArgs>>())
            {
                _dispatcher.Post(() => handler(sender, args));
            }
        }
    }
}
