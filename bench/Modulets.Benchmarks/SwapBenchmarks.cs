using BenchmarkDotNet.Attributes;
using McMaster.NETCore.Plugins;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// 1,000 swaps with a job (a call) on each, until every retired version is proven collected. Baseline: raw
/// collectible contexts; McMaster.NETCore.Plugins' <c>Reload()</c> doing the same. Heap figures: <see cref="ResourceReport"/>.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1, 1)]
public class SwapBenchmarks
{
    public const int Swaps = 1_000;

    private ModulesFolder _folder = null!;
    private string _file = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _file = _folder[BenchmarkModules.Builds[0].FileName];
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Swaps, Description = "raw contexts: load, call, unload; all collected")]
    public bool Raw()
    {
        var contexts = new List<WeakReference>(Swaps);
        for (var i = 0; i < Swaps; i++)
        {
            File.WriteAllBytes(_file, BenchmarkModules.Builds[i % 2].Image);
            contexts.Add(BenchmarkModules.RawLoadAndCall(File.ReadAllBytes(_file)).Context);
        }

        return BenchmarkModules.CollectUntil(() => contexts.All(context => !context.IsAlive));
    }

    [Benchmark(OperationsPerInvoke = Swaps, Description = "Modulets: update, Refresh, job; all collected")]
    public async Task<bool> Modulets()
    {
        using var manager = BenchmarkModules.Manager(_folder.Path);
        var versions = new List<ModuleVersion>(Swaps);
        for (var i = 1; i <= Swaps; i++)
        {
            File.WriteAllBytes(_file, BenchmarkModules.Builds[i % 2].Image);
            versions.Add(manager.Refresh());
            await manager.StartJob(static job =>
            {
                job.CreateInstance<IMagic>(BenchmarkModules.MagicType).GetMagic();
                return Task.CompletedTask;
            });
        }

        var retired = versions[..^1];
        return BenchmarkModules.CollectUntil(() => retired.All(version => version.State == ModuleVersionState.Collected));
    }

    [Benchmark(OperationsPerInvoke = Swaps, Description = "McMaster: Reload, load, call; all collected")]
    public bool McMaster()
    {
        var contexts = new List<WeakReference>(Swaps);
        using (var loader = BenchmarkModules.McMasterLoader(_file))
        {
            for (var i = 1; i <= Swaps; i++)
            {
                File.WriteAllBytes(_file, BenchmarkModules.Builds[i % 2].Image);
                loader.Reload();
                contexts.Add(CallAndObserve(loader));
            }
        }

        return BenchmarkModules.CollectUntil(() => contexts.All(context => !context.IsAlive));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference CallAndObserve(PluginLoader loader)
    {
        var assembly = loader.LoadDefaultAssembly();
        ((IMagic)Activator.CreateInstance(assembly.GetType(BenchmarkModules.MagicType)!)!).GetMagic();
        return new WeakReference(loader.LoadContext);
    }
}
