using BenchmarkDotNet.Attributes;
using McMaster.NETCore.Plugins;
using Modulets.TestContracts;

namespace Modulets.Benchmarks;

/// <summary>
/// 1,000 swaps with a job (a call) on each, until every retired version is proven collected. Baseline: raw
/// collectible contexts; McMaster.NETCore.Plugins' <c>Reload()</c> doing the same. Heap figures: <see cref="ResourceReport"/>.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1, 1)]
public class SwapBenchmarks : ModulesBenchmark
{
    protected override UpdateDetection? Detection => null;

    public const int Swaps = 1_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Swaps, Description = "raw contexts: load, call, unload; all collected")]
    public bool Raw()
    {
        var contexts = new List<WeakReference>(Swaps);
        for (var i = 0; i < Swaps; i++)
        {
            File.WriteAllBytes(ModuleFile, BenchmarkModules.Builds[i % 2].Image);
            contexts.Add(BenchmarkModules.RawLoadAndCall(File.ReadAllBytes(ModuleFile)).Context);
        }

        return BenchmarkModules.CollectUntil(() => contexts.All(context => !context.IsAlive));
    }

    [Benchmark(OperationsPerInvoke = Swaps, Description = "Modulets: update, Refresh, job; all collected")]
    public async Task<bool> Modulets()
    {
        using var manager = BenchmarkModules.Manager(Folder.Path);
        var versions = new List<ModuleVersion>(Swaps);
        for (var i = 1; i <= Swaps; i++)
        {
            File.WriteAllBytes(ModuleFile, BenchmarkModules.Builds[i % 2].Image);
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
        using (var loader = BenchmarkModules.McMasterLoader(ModuleFile))
        {
            for (var i = 1; i <= Swaps; i++)
            {
                File.WriteAllBytes(ModuleFile, BenchmarkModules.Builds[i % 2].Image);
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
