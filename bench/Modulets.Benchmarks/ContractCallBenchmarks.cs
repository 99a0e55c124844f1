using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;

namespace Modulets.Benchmarks;

/// <summary>A call into module code through a shared contract, against the same interface call on a raw isolated instance. Goal: 1.0×.</summary>
public class ContractCallBenchmarks : HeldJobBenchmark
{
    private IMagic _raw = null!;
    private IMagic _modulet = null!;

    [Benchmark(Baseline = true, Description = "raw isolated instance: IMagic.GetMagic()")]
    public int Raw() => _raw.GetMagic();

    [Benchmark(Description = "instance from job.CreateInstance: IMagic.GetMagic()")]
    public int Modulet() => _modulet.GetMagic();

    protected override void OnJobStarted(ModuletJob job)
    {
        _modulet = job.CreateInstance<IMagic>(BenchmarkModules.MagicType);
        var context = new System.Runtime.Loader.AssemblyLoadContext("raw", isCollectible: true);
        using var image = new MemoryStream(BenchmarkModules.Builds[0].Image);
        _raw = (IMagic)Activator.CreateInstance(context.LoadFromStream(image).GetType(BenchmarkModules.MagicType)!)!;
    }
}
