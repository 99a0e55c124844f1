using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// 10,000 jobs spread over 50 live versions: an update every 200 jobs, all jobs running at once, each calling its
/// version's code. Baseline: 50 raw collectible contexts and 10,000 bare tasks calling into them.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1, 1)]
public class SpreadBenchmarks : ModulesBenchmark
{
    protected override UpdateDetection? Detection => null;

    public const int Versions = 50;
    public const int JobsPerVersion = 200;

    private readonly CompiledModule[] _builds = [.. Enumerable.Range(1, Versions).Select(TestModules.Magic)];

    [Benchmark(Baseline = true, Description = "50 raw contexts, 10,000 bare tasks")]
    public async Task<int> RawContexts()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new List<Task<int>>(Versions * JobsPerVersion);
        var contexts = new List<AssemblyLoadContext>(Versions);
        foreach (var build in _builds)
        {
            File.WriteAllBytes(ModuleFile, build.Image);
            var context = new AssemblyLoadContext("raw", isCollectible: true);
            contexts.Add(context);
            using var image = new MemoryStream(File.ReadAllBytes(ModuleFile));
            var type = context.LoadFromStream(image).GetType(BenchmarkModules.MagicType)!;
            for (var i = 0; i < JobsPerVersion; i++)
            {
                tasks.Add(Task.Run(async () =>
                {
                    await gate.Task;
                    return ((IMagic)Activator.CreateInstance(type)!).GetMagic();
                }));
            }
        }

        gate.SetResult();
        var sum = (await Task.WhenAll(tasks)).Sum();
        contexts.ForEach(context => context.Unload());
        return sum;
    }

    [Benchmark(Description = "50 versions, 10,000 jobs")]
    public async Task<int> Modulets()
    {
        using var manager = BenchmarkModules.Manager(Folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = new int[Versions * JobsPerVersion];
        var jobs = new List<Task>(results.Length);
        foreach (var build in _builds)
        {
            File.WriteAllBytes(ModuleFile, build.Image);
            manager.Refresh();
            for (var i = 0; i < JobsPerVersion; i++)
            {
                var slot = jobs.Count;
                jobs.Add(manager.StartJob(async job =>
                {
                    await gate.Task;
                    results[slot] = job.CreateInstance<IMagic>(BenchmarkModules.MagicType).GetMagic();
                }).Completion);
            }
        }

        gate.SetResult();
        await Task.WhenAll(jobs);
        return results.Sum();
    }
}
