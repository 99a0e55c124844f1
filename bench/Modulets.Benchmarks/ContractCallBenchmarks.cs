using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>A call into module code through a shared contract, against the same interface call on a raw isolated instance. Goal: 1.0×.</summary>
public class ContractCallBenchmarks
{
    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;
    private ModuletJob _job = null!;
    private TaskCompletionSource _release = null!;
    private IMagic _raw = null!;
    private IMagic _modulet = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var context = new System.Runtime.Loader.AssemblyLoadContext("raw", isCollectible: true);
        using (var image = new MemoryStream(BenchmarkModules.Builds[0].Image))
        {
            _raw = (IMagic)Activator.CreateInstance(context.LoadFromStream(image).GetType(BenchmarkModules.MagicType)!)!;
        }

        _folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _manager = BenchmarkModules.Manager(_folder.Path);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var created = new TaskCompletionSource<IMagic>(TaskCreationOptions.RunContinuationsAsynchronously);
        _job = _manager.StartJob(async job =>
        {
            created.SetResult(job.CreateInstance<IMagic>(BenchmarkModules.MagicType));
            await _release.Task;
        });
        _modulet = await created.Task;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _release.SetResult();
        _job.Completion.Wait();
        _manager.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw isolated instance: IMagic.GetMagic()")]
    public int Raw() => _raw.GetMagic();

    [Benchmark(Description = "instance from job.CreateInstance: IMagic.GetMagic()")]
    public int Modulet() => _modulet.GetMagic();
}
