using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Modulets.Control;

namespace Modulets.AspNetCore;

/// <summary>
/// One client's stream of <c>{prefix}/api/events</c>: a <c>connected</c> event with every manager's status once the
/// subscriptions are in place (so a client knows from when it hears everything), then the managers' events as they happen.
/// </summary>
internal static class ControlEventStream
{
    /// <summary>The events a slow client may fall behind by; beyond them the oldest are dropped, so no client holds the host's memory.</summary>
    private const int Backlog = 1024;

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(IReadOnlyList<ModuletManager> managers, JobCountHistory history, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var subscriptions = managers.Select(manager => Subscribe(manager, channel.Writer)).ToList();
        subscriptions.Add(Subscribe(history, managers.Select(manager => manager.Name).ToHashSet(), channel.Writer));
        try
        {
            yield return Item(ControlEvents.Connected, managers.Select(ManagerStatus.From).ToList());
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            subscriptions.ForEach(unsubscribe => unsubscribe());
        }
    }

    private static Action Subscribe(ModuletManager manager, ChannelWriter<SseItem<string>> writer)
    {
        EventHandler<ModuleVersionStateChangedEventArgs> stateChanged = (_, e) =>
            writer.TryWrite(Item(ControlEvents.VersionStateChanged, new VersionStateChangedEvent(manager.Name, e.State, VersionStatus.From(e.Version))));
        EventHandler<IsolationPolicyChangedEventArgs> isolationChanged = (_, e) =>
            writer.TryWrite(Item(ControlEvents.IsolationChanged, new IsolationChangedEvent(manager.Name, e.List, e.Pattern, e.Added, IsolationStatus.From(manager.Isolation))));
        EventHandler<ModuleUpdateRejectedEventArgs> updateRejected = (_, e) =>
            writer.TryWrite(Item(ControlEvents.UpdateRejected, new UpdateRejectedEvent(manager.Name, e.Location, e.FilePath, e.Reason, e.Consequence)));
        EventHandler<RolloutChangedEventArgs> rolloutChanged = (_, e) =>
            writer.TryWrite(Item(ControlEvents.RolloutChanged, new RolloutChangedEvent(manager.Name, RolloutReport.From(e.Status))));

        manager.VersionStateChanged += stateChanged;
        manager.Isolation.Changed += isolationChanged;
        manager.UpdateRejected += updateRejected;
        manager.RolloutChanged += rolloutChanged;
        return () =>
        {
            manager.VersionStateChanged -= stateChanged;
            manager.Isolation.Changed -= isolationChanged;
            manager.UpdateRejected -= updateRejected;
            manager.RolloutChanged -= rolloutChanged;
        };
    }

    private static Action Subscribe(JobCountHistory history, HashSet<string> managers, ChannelWriter<SseItem<string>> writer)
    {
        Action<string, JobCountSample> sampled = (manager, sample) =>
        {
            if (managers.Contains(manager))
            {
                writer.TryWrite(Item(ControlEvents.JobsSampled, new JobsSampledEvent(manager, sample)));
            }
        };
        history.Sampled += sampled;
        return () => history.Sampled -= sampled;
    }

    private static SseItem<string> Item<T>(string eventType, T data) => new(JsonSerializer.Serialize(data, ControlJson.Options), eventType);
}
