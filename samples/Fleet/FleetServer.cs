using Hangfire;
using Modulets;
using Modulets.NuGet;

namespace Fleet;

/// <summary>One server of the fleet: a Modulets manager following the feed, and a Hangfire server performing on it.</summary>
internal sealed class FleetServer : IDisposable
{
    private readonly BackgroundJobServer _hangfire;

    public FleetServer(string name, string feed, string cache, TimeSpan polling, JobStorage storage, TextWriter output)
    {
        Name = name;
        var options = new ModuletOptions { ModulesPath = cache }
            .UseNuGetFeed(feed, ReportPackagePublisher.PackageId, nuget => nuget.PollingInterval = polling);
        Manager = new ModuletManager(options);
        Manager.VersionStateChanged += (_, e) =>
        {
            if (e.State is ModuleVersionState.Current or ModuleVersionState.Collected or ModuleVersionState.Leaked)
            {
                output.WriteLine($"{Name}: version {e.Version.ShortId} ({PackageVersion(e.Version)}) is {e.State.ToString().ToLowerInvariant()}");
            }
        };
        _hangfire = new BackgroundJobServer(
            new BackgroundJobServerOptions { ServerName = name, WorkerCount = 4, SchedulePollingInterval = TimeSpan.FromSeconds(1) }.UseModulets(Manager),
            storage);
    }

    public string Name { get; }

    public ModuletManager Manager { get; }

    public static string PackageVersion(ModuleVersion version) =>
        version.Labels.TryGetValue(ModuleLabels.PackageVersion, out var value) ? value : "?";

    public string Describe() => $"{Name} {string.Join(", ", Manager.Versions.Where(v => v.State is not ModuleVersionState.Collected).Select(v => $"{PackageVersion(v)} ({v.ActiveJobs} running)"))}";

    public void Stop() => _hangfire.SendStop();

    public void Dispose()
    {
        _hangfire.Dispose();
        Manager.Dispose();
    }
}
