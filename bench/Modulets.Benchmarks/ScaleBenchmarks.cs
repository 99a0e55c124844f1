using BenchmarkDotNet.Attributes;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>100,000 jobs running at once on one version, against as many bare tasks. Goal: memory per job at most 1.5× (the Alloc Ratio).</summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1, 1)]
public class ScaleBenchmarks
{
    public const int Jobs = 100_000;

    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _manager = BenchmarkModules.Manager(_folder.Path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, Description = "100,000 bare tasks waiting together")]
    public Task BareTasks()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Task[Jobs];
        for (var i = 0; i < Jobs; i++)
        {
            tasks[i] = Task.Run(async () => await gate.Task);
        }

        gate.SetResult();
        return Task.WhenAll(tasks);
    }

    [Benchmark(Description = "100,000 jobs waiting together on one version")]
    public Task Jobs100K()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Task[Jobs];
        for (var i = 0; i < Jobs; i++)
        {
            tasks[i] = _manager.StartJob(async _ => await gate.Task).Completion;
        }

        gate.SetResult();
        return Task.WhenAll(tasks);
    }
}
