using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>Creating the module's object without a type name (found once per version from its metadata), against naming the type. Goal: 1.0×.</summary>
[MemoryDiagnoser]
public class CreateImplementationBenchmarks
{
    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;
    private ModuletJob _job = null!;
    private TaskCompletionSource _release = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _manager = BenchmarkModules.Manager(_folder.Path);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<ModuletJob>(TaskCreationOptions.RunContinuationsAsynchronously);
        _job = _manager.StartJob(async job =>
        {
            started.SetResult(job);
            await _release.Task;
        });
        await started.Task;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _release.SetResult();
        _job.Completion.Wait();
        _manager.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, Description = "job.CreateInstance<IMagic>(typeName)")]
    public IMagic ByName() => _job.CreateInstance<IMagic>(BenchmarkModules.MagicType);

    [Benchmark(Description = "job.CreateImplementation<IMagic>()")]
    public IMagic ByContract() => _job.CreateImplementation<IMagic>();
}
