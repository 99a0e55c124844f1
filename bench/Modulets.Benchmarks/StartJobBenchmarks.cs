using BenchmarkDotNet.Attributes;

namespace Modulets.Benchmarks;

/// <summary>Start and await an empty job on an unchanged version, against the physical limit: a bare <c>Task.Run</c>. Goal: at most 2.0×.</summary>
[MemoryDiagnoser]
public class StartJobBenchmarks : ModulesBenchmark
{

    [Benchmark(Baseline = true, Description = "await Task.Run(() => {})")]
    public Task TaskRun() => Task.Run(static () => { });

    [Benchmark(Description = "await manager.StartJob(empty)")]
    public Task StartJob() => Manager.StartJob(static _ => Task.CompletedTask).Completion;
}
