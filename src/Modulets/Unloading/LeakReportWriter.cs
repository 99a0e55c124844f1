namespace Modulets;

/// <summary>Writes the warning that says why a retired version was not collected: what is still loaded, which jobs still run, the likely culprits, and how to confirm.</summary>
internal static class LeakReportWriter
{
    public static VersionLeak Write(ModuleVersion version, TimeSpan timeout, IReadOnlyCollection<ModuletJob> runningJobs)
    {
        var probe = version.Probe;
        var culprits = LeakCulprits.Find(probe?.LiveAssemblies ?? version.LoadedAssemblies());
        var text = probe is null
            ? $"Version {version.ShortId} of '{version.Location}' was purged {timeout} ago but cannot unload: jobs still run on it."
            : $"Version {version.ShortId} of '{version.Location}' was not collected {timeout} after it was unloaded: something outside the version still references its code."
                + $" Still loaded: {(probe.StillLoaded.Count == 0 ? "its load context" : string.Join(", ", probe.StillLoaded))}.";
        text += $" Jobs that ran on it: {version.JobsStarted}; still running: {(runningJobs.Count == 0 ? "none" : $"{runningJobs.Count} ({string.Join(", ", runningJobs.Take(20).Select(job => $"job {job.Label}"))}), which ignore their cancellation token")}.";
        text += culprits.Count == 0
            ? " No static event handler or timer of the version was found: look for threads it started, host caches holding its types or instances, or a job's exception kept by the host."
            : $" Likely culprits: {string.Join("; ", culprits)}.";
        if (probe is not null)
        {
            text += $" Signals: {probe.Describe()}.";
        }

        return new VersionLeak(text + $" To see every root path that holds it, run 'modulets why {version.ShortId} --server {Environment.ProcessId}' (the Modulets.Cli tool; it snapshots the heap), or take a dump (dotnet-dump collect) and run 'gcroot' on the LoaderAllocator of 'Modulets version {version.ShortId}'.", culprits);
    }
}

/// <summary>What a leaked version's report says, and the holders it names (empty when none was found from inside).</summary>
internal sealed record VersionLeak(string Report, IReadOnlyList<string> Culprits);
