using BenchmarkDotNet.Attributes;

namespace Modulets.Benchmarks;

/// <summary>100,000 jobs running at once on one version, against as many bare tasks. Goal: memory per job at most 1.5× (the Alloc Ratio).</summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1, 1)]
public class ScaleBenchmarks : ModulesBenchmark
{
    public const int Jobs = 100_000;

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
            tasks[i] = Manager.StartJob(async _ => await gate.Task).Completion;
        }

        gate.SetResult();
        return Task.WhenAll(tasks);
    }
}
