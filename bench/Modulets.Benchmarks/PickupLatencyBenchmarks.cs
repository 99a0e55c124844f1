using BenchmarkDotNet.Attributes;

namespace Modulets.Benchmarks;

/// <summary>
/// An update copied over the modules folder, until the first job runs on it, with the file-system watcher and the
/// default 200 ms quiet period. Baseline: the quiet period itself, the wait no debounced pickup can beat.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
public class PickupLatencyBenchmarks : ModulesBenchmark
{
    private int _next = 1;

    protected override UpdateDetection? Detection => UpdateDetection.FileSystemWatcher;

    [Benchmark(Baseline = true, Description = "write, then wait the quiet period (200 ms)")]
    public async Task QuietPeriod()
    {
        BenchmarkModules.Builds[_next++ % 2].WriteTo(Folder.Path);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Manager.Refresh();
    }

    [Benchmark(Description = "write, then start jobs until one runs the update")]
    public async Task WatcherPickup()
    {
        var before = Manager.CurrentVersion;
        BenchmarkModules.Builds[_next++ % 2].WriteTo(Folder.Path);
        while (true)
        {
            var job = Manager.StartJob(static _ => Task.CompletedTask);
            await job;
            if (job.Version != before)
            {
                return;
            }

            await Task.Delay(1);
        }
    }
}
