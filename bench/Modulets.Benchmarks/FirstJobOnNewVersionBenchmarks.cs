using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// An update arrives and the first job runs on it: write the new build, load it, create the module type and call it.
/// Baseline: a raw collectible context loading the file's bytes. Goal: at most 1.5×; McMaster.NETCore.Plugins for comparison.
/// </summary>
[MemoryDiagnoser]
public class FirstJobOnNewVersionBenchmarks
{
    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;
    private string _file = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _file = _folder[BenchmarkModules.Builds[0].FileName];
        _manager = BenchmarkModules.Manager(_folder.Path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw: collectible context, LoadFromStream, first call")]
    public int RawContext()
    {
        WriteNextBuild();
        return BenchmarkModules.RawLoadAndCall(File.ReadAllBytes(_file)).Magic;
    }

    [Benchmark(Description = "Modulets: Refresh, first job creates and calls")]
    public async Task<int> Modulets()
    {
        WriteNextBuild();
        _manager.Refresh();
        var magic = 0;
        await _manager.StartJob(job =>
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
        using var loader = BenchmarkModules.McMasterLoader(_file);
        var magic = (IMagic)Activator.CreateInstance(loader.LoadDefaultAssembly().GetType(BenchmarkModules.MagicType)!)!;
        return magic.GetMagic();
    }

    private void WriteNextBuild() => File.WriteAllBytes(_file, BenchmarkModules.Builds[_next++ % 2].Image);
}
