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
        var contexts = SwapRawContexts(ModuleFile);
        return BenchmarkModules.CollectUntil(() => contexts.All(context => !context.IsAlive));
    }

    [Benchmark(OperationsPerInvoke = Swaps, Description = "Modulets: update, Refresh, job; all collected")]
    public async Task<bool> Modulets()
    {
        using var manager = BenchmarkModules.Manager(Folder.Path);
        var retired = await SwapVersionsAsync(manager, ModuleFile);
        return BenchmarkModules.CollectUntil(() => retired.All(version => version.State == ModuleVersionState.Collected));
    }

    [Benchmark(OperationsPerInvoke = Swaps, Description = "McMaster: Reload, load, call; all collected")]
    public bool McMaster()
    {
        var contexts = SwapMcMasterContexts(ModuleFile);
        return BenchmarkModules.CollectUntil(() => contexts.All(context => !context.IsAlive));
    }

    /// <summary>Loads each update of <paramref name="file"/> into a raw collectible context and calls it; returns weak references to the contexts.</summary>
    public static List<WeakReference> SwapRawContexts(string file)
    {
        var contexts = new List<WeakReference>(Swaps);
        for (var i = 0; i < Swaps; i++)
        {
            File.WriteAllBytes(file, BenchmarkModules.Builds[i % 2].Image);
            contexts.Add(BenchmarkModules.RawLoadAndCall(File.ReadAllBytes(file)).Context);
        }

        return contexts;
    }

    /// <summary>Updates <paramref name="file"/>, refreshes and runs a job calling the new version, each time; returns the retired versions.</summary>
    public static async Task<ModuleVersion[]> SwapVersionsAsync(ModuletManager manager, string file)
    {
        var versions = new List<ModuleVersion>(Swaps);
        for (var i = 1; i <= Swaps; i++)
        {
            File.WriteAllBytes(file, BenchmarkModules.Builds[i % 2].Image);
            versions.Add(manager.Refresh());
            await manager.StartJob(static job =>
            {
                job.CreateInstance<IMagic>(BenchmarkModules.MagicType).GetMagic();
                return Task.CompletedTask;
            });
        }

        return versions[..^1].ToArray();
    }

    /// <summary>Updates <paramref name="file"/> and has McMaster's loader reload and call it, each time; returns weak references to its contexts.</summary>
    public static List<WeakReference> SwapMcMasterContexts(string file)
    {
        var contexts = new List<WeakReference>(Swaps);
        using (var loader = BenchmarkModules.McMasterLoader(file))
        {
            for (var i = 1; i <= Swaps; i++)
            {
                File.WriteAllBytes(file, BenchmarkModules.Builds[i % 2].Image);
                loader.Reload();
                contexts.Add(CallAndObserve(loader));
            }
        }

        return contexts;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference CallAndObserve(PluginLoader loader)
    {
        var assembly = loader.LoadDefaultAssembly();
        ((IMagic)Activator.CreateInstance(assembly.GetType(BenchmarkModules.MagicType)!)!).GetMagic();
        return new WeakReference(loader.LoadContext);
    }
}
