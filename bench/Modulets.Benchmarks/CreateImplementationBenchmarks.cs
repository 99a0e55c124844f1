using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;

namespace Modulets.Benchmarks;

/// <summary>Creating the module's object without a type name (found once per version from its metadata), against naming the type. Goal: 1.0×.</summary>
[MemoryDiagnoser]
public class CreateImplementationBenchmarks : HeldJobBenchmark
{
    [Benchmark(Baseline = true, Description = "job.CreateInstance<IMagic>(typeName)")]
    public IMagic ByName() => Job.CreateInstance<IMagic>(BenchmarkModules.MagicType);

    [Benchmark(Description = "job.CreateImplementation<IMagic>()")]
    public IMagic ByContract() => Job.CreateImplementation<IMagic>();
}
