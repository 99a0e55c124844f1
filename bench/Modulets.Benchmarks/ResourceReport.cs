using System.Collections.Concurrent;
using System.Diagnostics;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// What BenchmarkDotNet does not measure, in the same run for every side: the managed memory each running job
/// retains, the heap after 1,000 swaps once every retired version was collected, and where the time of a new
/// version goes, phase by phase (from the <c>modulets.version.*</c> activities).
/// </summary>
internal static class ResourceReport
{
    public static async Task RunAsync()
    {
        Console.WriteLine();
        Console.WriteLine("## Resource report");
        Console.WriteLine();
        await ReportMemoryPerJobAsync();
        Console.WriteLine();
        await ReportSwapsAsync();
        Console.WriteLine();
        await ReportLoadPhasesAsync();
    }

    private static async Task ReportLoadPhasesAsync()
    {
        const int Loads = 200;
        var phases = new ConcurrentDictionary<string, (int Count, TimeSpan Total)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ModuletsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => phases.AddOrUpdate(activity.OperationName, (1, activity.Duration), (_, sum) => (sum.Count + 1, sum.Total + activity.Duration)),
        };
        ActivitySource.AddActivityListener(listener);
        using var folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        var file = folder[BenchmarkModules.Builds[0].FileName];
        using var manager = BenchmarkModules.Manager(folder.Path);
        var firstCall = TimeSpan.Zero;
        var raw = TimeSpan.Zero;
        for (var i = 1; i <= Loads; i++)
        {
            var image = BenchmarkModules.Builds[i % 2].Image;
            File.WriteAllBytes(file, image);
            manager.Refresh();
            var started = Stopwatch.GetTimestamp();
            await manager.StartJob(job =>
            {
                _ = job.CreateInstance<IMagic>(BenchmarkModules.MagicType).GetMagic();
                return Task.CompletedTask;
            });
            firstCall += Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            _ = BenchmarkModules.RawLoadAndCall(image);
            raw += Stopwatch.GetElapsedTime(started);
        }

        // The activities of the job (modulets.job) are not a phase of the load.
        var load = phases["modulets.version.load"].Total;
        Console.WriteLine($"| a new version, {Loads} loads, mean per load | µs | share of load and first call |");
        Console.WriteLine("| --- | ---: | ---: |");
        var whole = load + firstCall;
        foreach (var name in new[] { "modulets.version.read", "modulets.version.validate", "modulets.version.hash", "modulets.version.create" })
        {
            var total = phases.TryGetValue(name, out var phase) ? phase.Total : TimeSpan.Zero;
            Console.WriteLine($"| {name} | {total.TotalMicroseconds / Loads:F0} | {total / whole:P0} |");
        }

        var rest = load - phases.Where(p => p.Key is not ("modulets.version.load" or "modulets.job")).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Value.Total);
        Console.WriteLine($"| the rest of the load (retiring the previous version, fingerprint, events) | {rest.TotalMicroseconds / Loads:F0} | {rest / whole:P0} |");
        Console.WriteLine($"| first job: start, create the module type, call it, end | {firstCall.TotalMicroseconds / Loads:F0} | {firstCall / whole:P0} |");
        Console.WriteLine($"| **all** (baseline: a raw collectible context loading and calling, {raw.TotalMicroseconds / Loads:F0} µs) | {whole.TotalMicroseconds / Loads:F0} | {whole / raw:F2}× |");
    }

    private static async Task ReportMemoryPerJobAsync()
    {
        const int Jobs = ScaleBenchmarks.Jobs;
        using var folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        using var manager = BenchmarkModules.Manager(folder.Path);

        var bare = await RetainedPerTaskAsync(gate => Task.Run(async () => await gate));
        var jobs = await RetainedPerTaskAsync(gate => manager.StartJob(async _ => await gate).Completion);

        Console.WriteLine($"| {Jobs:N0} running at once | retained per task | ratio |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| bare `Task.Run` (baseline) | {bare:N0} B | 1.00 |");
        Console.WriteLine($"| Modulets jobs on one version | {jobs:N0} B | {jobs / bare:F2} |");

        static async Task<double> RetainedPerTaskAsync(Func<Task, Task> start)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var tasks = new Task[Jobs];
            for (var i = 0; i < Jobs; i++)
            {
                tasks[i] = start(gate.Task);
            }

            // Let every task reach its wait, so what is measured is what a waiting task holds.
            await Task.Delay(500);
            var during = GC.GetTotalMemory(forceFullCollection: true);
            gate.SetResult();
            await Task.WhenAll(tasks);
            return (during - before) / (double)Jobs;
        }
    }

    private static async Task ReportSwapsAsync()
    {
        const int Swaps = SwapBenchmarks.Swaps;
        using var folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        var file = folder[BenchmarkModules.Builds[0].FileName];
        Console.WriteLine($"| {Swaps:N0} swaps, a call each | heap before | heap after | retired collected |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");

        await Measure("raw collectible contexts (baseline)", () =>
        {
            var contexts = SwapBenchmarks.SwapRawContexts(file);
            BenchmarkModules.CollectUntil(() => contexts.All(context => !context.IsAlive));
            return Task.FromResult((contexts.Count(context => !context.IsAlive), contexts.Count));
        });

        await Measure("Modulets", async () =>
        {
            using var manager = BenchmarkModules.Manager(folder.Path);
            var retired = await SwapBenchmarks.SwapVersionsAsync(manager, file);
            BenchmarkModules.CollectUntil(() => retired.All(version => version.State == ModuleVersionState.Collected));
            return (retired.Count(version => version.State == ModuleVersionState.Collected), retired.Length);
        });

        await Measure("McMaster `Reload()`", () =>
        {
            var contexts = SwapBenchmarks.SwapMcMasterContexts(file);
            BenchmarkModules.CollectUntil(() => contexts.All(context => !context.IsAlive));
            return Task.FromResult((contexts.Count(context => !context.IsAlive), contexts.Count));
        });

        static async Task Measure(string name, Func<Task<(int Collected, int Observed)>> swaps)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var (collected, observed) = await swaps();
            var after = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine($"| {name} | {before / 1024.0 / 1024:F1} MiB | {after / 1024.0 / 1024:F1} MiB | {collected:N0} of {observed:N0} |");
        }
    }
}
