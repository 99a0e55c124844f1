using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Modulets;

/// <summary>
/// The metrics and traces of Modulets: one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named
/// <c>Modulets</c>. Every measurement is tagged with <c>modulets.source</c>, the location of the manager's modules.
/// </summary>
/// <remarks>
/// Instruments: <c>modulets.jobs.started</c> and <c>modulets.jobs.failed</c> ({job}, also tagged
/// <c>modulets.version.id</c>, so a candidate's failures can be told from the stable version's),
/// <c>modulets.jobs.active</c> ({job});
/// <c>modulets.versions</c> ({version}, tagged <c>modulets.version.state</c>); <c>modulets.versions.leaked</c>
/// ({version}); <c>modulets.version.load.duration</c> and <c>modulets.version.collection.duration</c> (s, from
/// retirement to collection). Each job is a <c>modulets.job</c> activity tagged <c>modulets.job.id</c> and
/// <c>modulets.version.id</c>, and, when it has them, <c>modulets.job.name</c> and <c>modulets.job.tag.&lt;key&gt;</c>.
/// Each read of new content is a <c>modulets.version.load</c> activity, with one child per phase:
/// <c>modulets.version.read</c> (select, read and inspect the files), <c>modulets.version.validate</c> (what is shared,
/// the host's copies, every reference satisfiable), <c>modulets.version.hash</c> (the content's id) and
/// <c>modulets.version.create</c> (its load context, in the catalog).
/// </remarks>
public static class ModuletsTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Modulets";

    internal const string SourceTag = "modulets.source";
    internal const string StateTag = "modulets.version.state";
    internal const string JobIdTag = "modulets.job.id";
    internal const string VersionIdTag = "modulets.version.id";
    internal const string JobNameTag = "modulets.job.name";
    internal const string JobTagPrefix = "modulets.job.tag.";

    private static readonly ConcurrentDictionary<ModuletManager, byte> s_managers = new();
    private static readonly Meter s_meter = new(Name, typeof(ModuletsTelemetry).Assembly.GetName().Version?.ToString());

    internal static ActivitySource Tracing { get; } = new(Name, typeof(ModuletsTelemetry).Assembly.GetName().Version?.ToString());

    internal static Counter<long> JobsStarted { get; } = s_meter.CreateCounter<long>("modulets.jobs.started", "{job}", "Jobs started, on any version.");

    internal static Counter<long> JobsFailed { get; } = s_meter.CreateCounter<long>("modulets.jobs.failed", "{job}", "Jobs that ended faulted (their body or a child failed).");

    internal static Counter<long> VersionsLeaked { get; } = s_meter.CreateCounter<long>("modulets.versions.leaked", "{version}", "Retired versions declared leaked: not collected within the unload timeout.");

    internal static Histogram<double> VersionLoadDuration { get; } = s_meter.CreateHistogram<double>("modulets.version.load.duration", "s", "Time to read, validate and load new module content into a version.");

    internal static Histogram<double> VersionCollectionDuration { get; } = s_meter.CreateHistogram<double>("modulets.version.collection.duration", "s", "Time from a version's retirement to the proof that it was collected.");

    static ModuletsTelemetry()
    {
        // Levels are observed, not counted: a listener that attaches while jobs run (dotnet-counters) reads them right.
        s_meter.CreateObservableUpDownCounter("modulets.jobs.active", ObserveActiveJobs, "{job}", "Jobs running now.");
        s_meter.CreateObservableUpDownCounter("modulets.versions", ObserveVersions, "{version}", "Versions known to each manager, by life-cycle state.");
    }

    /// <summary>Starts a job's activity, a child of the current one, or of <paramref name="parent"/> for a job started from another job's flow.</summary>
    internal static Activity? StartJobActivity(ModuletJob job, Activity? parent)
    {
        var activity = (parent is null ? Tracing.StartActivity("modulets.job") : Tracing.StartActivity("modulets.job", ActivityKind.Internal, parent.Context))
            ?.SetTag(JobIdTag, job.Id)
            .SetTag(VersionIdTag, job.Version.Id);
        if (activity is not null && job.Name is { } name)
        {
            activity.DisplayName = $"modulets.job {name}";
            activity.SetTag(JobNameTag, name);
        }

        foreach (var (key, value) in job.Tags)
        {
            activity?.SetTag(JobTagPrefix + key, value);
        }

        return activity;
    }

    /// <summary>Starts the activity of one phase of reading new content, when someone listens.</summary>
    internal static Activity? StartPhase(string name) => Tracing.StartActivity(name);

    internal static void Register(ModuletManager manager) => s_managers.TryAdd(manager, 0);

    internal static void Unregister(ModuletManager manager) => s_managers.TryRemove(manager, out _);

    internal static KeyValuePair<string, object?> Source(string location) => new(SourceTag, location);

    private static IEnumerable<Measurement<long>> ObserveActiveJobs() =>
        s_managers.Keys.Select(manager => new Measurement<long>(manager.ActiveJobs, Source(manager.Source.Location)));

    private static IEnumerable<Measurement<long>> ObserveVersions() =>
        s_managers.Keys.SelectMany(manager => manager.Versions
            .GroupBy(version => version.State)
            .Select(group => new Measurement<long>(group.Count(), Source(manager.Source.Location), new(StateTag, group.Key.ToString()))));
}
