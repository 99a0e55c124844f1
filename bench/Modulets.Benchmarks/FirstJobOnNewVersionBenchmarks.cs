using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;

namespace Modulets.Benchmarks;

/// <summary>
/// An update arrives and the first job runs on it: write the new build, load it, create the module type and call it.
/// Baseline: a raw collectible context loading the file's bytes. Goal: at most 1.5×; McMaster.NETCore.Plugins for comparison.
/// </summary>
[MemoryDiagnoser]
public class FirstJobOnNewVersionBenchmarks : ModulesBenchmark
{
    private int _next;

    [Benchmark(Baseline = true, Description = "raw: collectible context, LoadFromStream, first call")]
    public int RawContext()
    {
        WriteNextBuild();
        return BenchmarkModules.RawLoadAndCall(File.ReadAllBytes(ModuleFile)).Magic;
    }

    [Benchmark(Description = "Modulets: Refresh, first job creates and calls")]
    public async Task<int> Modulets()
    {
        WriteNextBuild();
        Manager.Refresh();
        var magic = 0;
        await Manager.StartJob(job =>
        {
            magic = job.CreateInstance<IMagic>(BenchmarkModules.MagicType).GetMagic();
            return Task.CompletedTask;
        });
        return magic;
    }

    [Benchmark(Description = "McMaster: CreateFromAssemblyFile, load, call")]
    public int McMaster()
    {
        WriteNextBuild();
        using var loader = BenchmarkModules.McMasterLoader(ModuleFile);
        var magic = (IMagic)Activator.CreateInstance(loader.LoadDefaultAssembly().GetType(BenchmarkModules.MagicType)!)!;
        return magic.GetMagic();
    }

    private void WriteNextBuild() => File.WriteAllBytes(ModuleFile, BenchmarkModules.Builds[_next++ % 2].Image);
}
