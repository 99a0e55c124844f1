using Microsoft.Extensions.Logging;

namespace Modulets;

/// <summary>
/// The load contexts of content that never became a version (its start-up failed), which the unload monitor watches
/// until each is collected (logged, event 26) or its deadline passes (reported with what still holds it, event 25).
/// Changed under the monitor's lock.
/// </summary>
internal sealed class RejectedContexts(TimeSpan timeout, ILogger logger)
{
    private readonly List<(CollectionProbe Probe, string Content, DateTimeOffset Deadline)> _contexts = [];

    public int Count => _contexts.Count;

    public IEnumerable<DateTimeOffset> Deadlines => _contexts.Select(context => context.Deadline);

    public void Add(CollectionProbe probe, string content, DateTimeOffset now) => _contexts.Add((probe, content, now + timeout));

    /// <summary>Takes out the contexts that were collected or whose deadline passed (under the monitor's lock); <see cref="Report"/> them after it.</summary>
    public List<(CollectionProbe Probe, string Content, bool Collected)> TakeSettled(DateTimeOffset now)
    {
        List<(CollectionProbe Probe, string Content, bool Collected)> settled = [.. _contexts
            .Select(context => (context.Probe, context.Content, Collected: context.Probe.IsCollected, context.Deadline))
            .Where(context => context.Collected || now >= context.Deadline)
            .Select(context => (context.Probe, context.Content, context.Collected))];
        _contexts.RemoveAll(context => settled.Any(done => done.Probe == context.Probe));
        return settled;
    }

    /// <summary>Logs what <see cref="TakeSettled"/> took out: outside the lock, as finding the culprits reads the runtime's internals, which takes a while.</summary>
    public void Report(List<(CollectionProbe Probe, string Content, bool Collected)> settled)
    {
        foreach (var (probe, content, collected) in settled)
        {
            if (collected)
            {
                Log.RejectedContextCollected(logger, content);
            }
            else
            {
                Log.RejectedContextLeaked(logger, content, timeout, string.Join(", ", probe.StillLoaded), string.Join("; ", LeakCulprits.Find(probe.LiveAssemblies)));
            }
        }
    }
}
