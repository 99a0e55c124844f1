namespace Modulets.Hangfire;

/// <summary>
/// The version of the code that enqueued a job (<see cref="ModuletsJobParameters.EnqueuedBy"/>): a job's own version for
/// module code, the manager's current version for host code. No server runs the job on an older version.
/// </summary>
/// <param name="Id">The version's full id.</param>
/// <param name="Labels">Its labels (<see cref="ModuleVersion.Labels"/>), by which versions are ordered: the package version of a feed, the subfolder of a versioned folder.</param>
public sealed record EnqueuerVersion(string Id, IReadOnlyDictionary<string, string> Labels);
