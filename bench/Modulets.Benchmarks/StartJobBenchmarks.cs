using BenchmarkDotNet.Attributes;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>Start and await an empty job on an unchanged version, against the physical limit: a bare <c>Task.Run</c>. Goal: at most 2.0×.</summary>
[MemoryDiagnoser]
public class StartJobBenchmarks
{
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

    [Benchmark(Baseline = true, Description = "await Task.Run(() => {})")]
    public Task TaskRun() => Task.Run(static () => { });

    [Benchmark(Description = "await manager.StartJob(empty)")]
    public Task StartJob() => _manager.StartJob(static _ => Task.CompletedTask).Completion;
}
