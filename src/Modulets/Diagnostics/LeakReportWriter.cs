namespace Modulets;

/// <summary>Writes the text that says why a version was not collected: what is still loaded, which jobs ran on it, and how to find the culprit.</summary>
internal static class LeakReportWriter
{
    public static string Write(ModuleVersion version, TimeSpan timeout)
    {
        var stillLoaded = version.StillLoaded;
        return $"Version {version.ShortId} of '{version.Location}' was not collected {timeout} after it was unloaded: something outside the version still references its code."
            + $" Still loaded: {(stillLoaded.Count == 0 ? "its load context" : string.Join(", ", stillLoaded))}."
            + $" Jobs that ran on it: {version.JobsStarted}, still running: {version.ActiveJobs}."
            + " Common causes: a handler on a static event (AppDomain.ProcessExit, AppDomain.UnhandledException, AssemblyLoadContext.Default.Resolving,"
            + " TaskScheduler.UnobservedTaskException), a timer or thread the module started and never stopped, and host objects that hold a module's"
            + " instances, types or exceptions (caches, a faulted job kept around)."
            + $" To confirm, take a dump (dotnet-dump collect -p <pid>) and run 'dumpheap -type LoaderAllocator', then 'gcroot <address>' on the allocator of 'Modulets version {version.ShortId}'.";
    }
}
