using System.Globalization;
using Hangfire;
using Modulets.NuGet;

namespace Modulets.Rehearsal;

/// <summary>
/// One server of the fleet: a manager that follows the feed under a canary rollout, and a Hangfire server on it. It
/// writes every version change and rollout step to its events file, and, when its standard input closes, waits for
/// its retired versions to be collected and writes their final states.
/// </summary>
internal static class RehearsalWorker
{
    /// <summary>The canary every server runs: 20% then 50% then all new jobs, each step held for 8 ended jobs and 3 s.</summary>
    public static CanaryOptions Canary => new() { Steps = [20, 50, 100], MinJobsPerStep = 8, MinStepDuration = TimeSpan.FromSeconds(3), FailureRateTolerance = 0.1 };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var name, var feed, var cache, var connection, var output])
        {
            Console.Error.WriteLine("usage: Modulets.Rehearsal worker NAME FEED CACHE CONNECTION OUTPUT");
            return 2;
        }

        var events = new EventsFile(Path.Combine(output, $"events-{name}.log"));
        var options = new ModuletOptions { ModulesPath = cache, Canary = Canary, UnloadTimeout = TimeSpan.FromSeconds(60) }
            .UseNuGetFeed(feed, RehearsalModule.PackageId, nuget => nuget.PollingInterval = TimeSpan.FromSeconds(1));
        await using var manager = new ModuletManager(options);
        manager.VersionStateChanged += (_, e) => events.Write("state", PackageVersion(e.Version), e.State.ToString());
        manager.RolloutChanged += (_, e) => events.Write("rollout", e.Status.State.ToString(), PackageVersion(e.Status.Candidate), PackageVersion(e.Status.Stable), e.Status.Reason);
        var first = await manager.WaitForFirstVersionAsync();
        events.Write("state", PackageVersion(first), nameof(ModuleVersionState.Current));
        var storage = RehearsalStorage.Open(connection);
        // Retries a second apart (Hangfire's default waits up to minutes): a job that failed on the bad build runs again soon.
        foreach (var retry in GlobalJobFilters.Filters.Where(filter => filter.Instance is AutomaticRetryAttribute).ToList())
        {
            GlobalJobFilters.Filters.Remove(retry.Instance);
        }

        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 10, DelaysInSeconds = [1] });
        using (new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                ServerName = name,
                WorkerCount = 4,
                SchedulePollingInterval = TimeSpan.FromMilliseconds(500),
            }.UseModulets(manager, hangfire => hangfire.NewerCodeDelay = TimeSpan.FromSeconds(2)),
            storage))
        {
            Console.WriteLine($"ready {Environment.ProcessId}");
            await Console.In.ReadToEndAsync();
        }

        // Every retired version must be collected: wait for their verdicts (bounded by the unload timeout), then say.
        var retired = manager.Versions.Where(version => version.State is not (ModuleVersionState.Current or ModuleVersionState.Collected)).ToList();
        try
        {
            await Task.WhenAll(retired.Select(version => version.UnloadCompletion)).WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            // Written as they stand: the check names them.
        }

        await File.WriteAllLinesAsync(
            Path.Combine(output, $"final-{name}.log"),
            manager.Versions.Select(version => $"{PackageVersion(version)} {version.State} {version.Id}"));
        return 0;
    }

    private static string PackageVersion(ModuleVersion version) => version.Labels.GetValueOrDefault(ModuleLabels.PackageVersion, version.ShortId);

    /// <summary>One line per event: milliseconds since the epoch, then the words.</summary>
    private sealed class EventsFile(string path)
    {
        private readonly Lock _gate = new();

        public void Write(params string[] words)
        {
            var line = $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)} {string.Join(' ', words)}\n";
            lock (_gate)
            {
                File.AppendAllText(path, line);
            }
        }
    }
}
