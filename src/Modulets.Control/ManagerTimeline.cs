namespace Modulets.Control;

/// <summary>
/// The lives of a manager's versions, as the dashboard draws them: each version's dates (created, retired, unloaded,
/// collected or leaked) and its running jobs over time.
/// </summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="Now">The server's clock when the timeline was read (a version's life still under way ends here).</param>
/// <param name="Versions">The versions the manager knows, oldest first.</param>
/// <param name="Samples">
/// The job counts, oldest first: a sample each time they changed, at most one a second, for the last hour (the counts
/// before the first sample are those of the first).
/// </param>
public sealed record ManagerTimeline(string Manager, DateTimeOffset Now, IReadOnlyList<VersionStatus> Versions, IReadOnlyList<JobCountSample> Samples);
