using System.Collections.Concurrent;
using System.Diagnostics;

namespace Modulets.TestUtilities;

/// <summary>Records every activity of the named sources that stops while it listens, as a real <see cref="ActivityListener"/>.</summary>
public sealed class ActivityRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public ActivityRecorder(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyCollection<Activity> Stopped => _stopped;

    /// <summary>Gets the one <c>modulets.job</c> activity of a job, found by its name (the listener hears every test's jobs, so give the job a unique one).</summary>
    public Activity OfJob(ModuletJob job) => _stopped.Single(activity => job.Name is { } name && activity.GetTagItem("modulets.job.name") as string == name);

    public void Dispose() => _listener.Dispose();
}
