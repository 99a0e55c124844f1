using System.Collections.Concurrent;

namespace Modulets.TestContracts;

/// <summary>What the scheduled-report module did, as it tells the host: each fire of each run, with its build and version.</summary>
public static class ScheduledRuns
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<ScheduledRun>> s_runs = new();

    public static void Record(string run, int build, string? jobVersion, string fireInstanceId) =>
        s_runs.GetOrAdd(run, _ => new ConcurrentQueue<ScheduledRun>()).Enqueue(new ScheduledRun(build, jobVersion, fireInstanceId));

    public static IReadOnlyList<ScheduledRun> Of(string run) => s_runs.TryGetValue(run, out var runs) ? [.. runs] : [];
}

/// <summary>One fire: the module's build number, the id of the version <c>ModuletJob.Current</c> ran on, and Quartz's fire id.</summary>
public sealed record ScheduledRun(int Build, string? JobVersion, string FireInstanceId);
