using System.Diagnostics;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks.Soak;

/// <summary>
/// The original idea at its scale: thousands of long-lived jobs on one manager while a new version of the module
/// arrives every second. Each job slot runs one job after another, each job living a few seconds, so versions keep
/// draining; every second the run samples the heap, the working set, the live versions and the jobs. At the end it
/// checks the goal: heap and working set flat within 5% after warm-up, every retired version collected, no job lost.
/// </summary>
internal static class SoakRun
{
    private const int Builds = 120;
    private static readonly TimeSpan s_unloadTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(SoakOptions options)
    {
        Console.WriteLine($"Soak: {options.Jobs:N0} waiting jobs, a new version every second, for {options.Minutes} minutes (warm-up {options.WarmUp}).");
        var builds = Enumerable.Range(1, Builds).Select(TestModules.Magic).ToArray();
        using var folder = ModulesFolder.With(builds[0]);
        using var manager = new ModuletManager(new ModuletOptions { ModulesPath = folder.Path, UpdateDetection = UpdateDetection.Manual, UnloadTimeout = s_unloadTimeout });
        using var stop = new CancellationTokenSource();
        var ended = 0L;
        var lost = 0L;
        var slots = Enumerable.Range(0, options.Jobs).Select(slot => Task.Run(() => RunSlotAsync(slot))).ToArray();

        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        var retired = new HashSet<ModuleVersion>();
        for (var second = 1; clock.Elapsed < TimeSpan.FromMinutes(options.Minutes); second++)
        {
            folder.Write(builds[second % Builds]);
            retired.Add(manager.CurrentVersion);
            manager.Refresh();
            retired.Remove(manager.CurrentVersion);
            var next = TimeSpan.FromSeconds(second) - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next);
            }

            samples.Add(Sample(clock.Elapsed, manager, Interlocked.Read(ref ended)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(slots);
        retired.UnionWith(manager.Versions.Where(version => version != manager.CurrentVersion));

        // Every retired version ends collected or reported leaked, within its unload timeout: wait for exactly that.
        var settled = Task.WhenAll(retired.Select(version => version.UnloadCompletion));
        await Task.WhenAny(settled, Task.Delay(2 * s_unloadTimeout));

        var report = SoakReport.Write(options, samples, retired, Interlocked.Read(ref ended), Interlocked.Read(ref lost));
        return report.Passed ? 0 : 1;

        async Task RunSlotAsync(int slot)
        {
            var random = new Random(slot);
            while (!stop.IsCancellationRequested)
            {
                var life = TimeSpan.FromMilliseconds(random.Next(2_000, 8_000));
                try
                {
                    using var job = manager.StartJob(async job =>
                    {
                        await Task.Delay(life, job.Cancellation);
                        job.GetMagic();
                    }, stop.Token);
                    await job;
                    Interlocked.Increment(ref ended);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The run is over: a job cancelled by its end is not lost.
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref lost);
                }
            }
        }
    }

    private static SoakSample Sample(TimeSpan at, ModuletManager manager, long ended)
    {
        var versions = manager.Versions;
        return new SoakSample(
            at.TotalSeconds,
            GC.GetGCMemoryInfo().HeapSizeBytes / 1e6,
            Environment.WorkingSet / 1e6,
            versions.Count(version => version.State is ModuleVersionState.Current or ModuleVersionState.Draining or ModuleVersionState.Unloading),
            versions.Count(version => version.State == ModuleVersionState.Collected),
            versions.Count(version => version.State == ModuleVersionState.Leaked),
            manager.Jobs.Count,
            ended);
    }
}
