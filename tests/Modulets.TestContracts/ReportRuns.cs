using System.Collections.Concurrent;

namespace Modulets.TestContracts;

/// <summary>What the report module did, as it tells the host: each run's build, and the version its job ran on.</summary>
public static class ReportRuns
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<ReportRun>> s_runs = new();

    public static void Record(string runId, int build, string? jobVersion) =>
        s_runs.GetOrAdd(runId, _ => new ConcurrentQueue<ReportRun>()).Enqueue(new ReportRun(build, jobVersion));

    public static IReadOnlyList<ReportRun> Of(string runId) => s_runs.TryGetValue(runId, out var runs) ? [.. runs] : [];
}

/// <summary>One run: the module's build number, and the id of the version <c>ModuletJob.Current</c> ran on.</summary>
public sealed record ReportRun(int Build, string? JobVersion);
