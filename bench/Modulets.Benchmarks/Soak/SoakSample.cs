namespace Modulets.Benchmarks.Soak;

/// <summary>One second of the soak run: memory, versions and jobs as they stood.</summary>
internal sealed record SoakSample(double Seconds, double HeapMegabytes, double WorkingSetMegabytes, int LiveVersions, int CollectedVersions, int LeakedVersions, int RunningJobs, long EndedJobs);
