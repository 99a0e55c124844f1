using BenchmarkDotNet.Attributes;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// An update copied over the modules folder, until the first job runs on it, with the file-system watcher and the
/// default 200 ms quiet period. Baseline: the quiet period itself, the wait no debounced pickup can beat.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
public class PickupLatencyBenchmarks
{
    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;
    private int _next = 1;

    [GlobalSetup]
    public void Setup()
    {
        _folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _manager = BenchmarkModules.Manager(_folder.Path, UpdateDetection.FileSystemWatcher);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, Description = "write, then wait the quiet period (200 ms)")]
    public async Task QuietPeriod()
    {
        BenchmarkModules.Builds[_next++ % 2].WriteTo(_folder.Path);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        _manager.Refresh();
    }

    [Benchmark(Description = "write, then start jobs until one runs the update")]
    public async Task WatcherPickup()
    {
        var before = _manager.CurrentVersion;
        BenchmarkModules.Builds[_next++ % 2].WriteTo(_folder.Path);
        while (true)
        {
            var job = _manager.StartJob(static _ => Task.CompletedTask);
            await job;
            if (job.Version != before)
            {
                return;
            }

            await Task.Delay(1);
        }
    }
}
