using BenchmarkDotNet.Attributes;
using Modulets.TestContracts;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// What a hand-off costs (Erlang's code_change, <see cref="UpgradableJob{TState}"/>): 200 jobs wait on one version; a
/// new version becomes current; each job either hands its state to a successor on the new code (Modulets), or ends
/// and the host starts a fresh job on the new code with the same state (the baseline). Both include the swap; time
/// per job.
/// </summary>
public class HandOffBenchmarks
{
    private const int Jobs = 200;
    private const string Waiter = "HandOffModule.Waiter";

    private static readonly CompiledModule[] s_builds = [Build(1), Build(2)];

    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;
    private List<UpgradableJob<Conversation>> _waiting = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _folder = ModulesFolder.With(s_builds[0]);
        _manager = new ModuletManager(new ModuletOptions { ModulesPath = _folder.Path, UpdateDetection = UpdateDetection.Manual, UpgradePolicy = UpgradePolicy.WhenIdle });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager.Dispose();
        _folder.Dispose();
    }

    [IterationSetup(Target = nameof(FreshJob))]
    public void WaitForAnUpdate() => StartWaiting(handOff: false);

    [IterationSetup(Target = nameof(HandOff))]
    public void WaitForAnUpdateToHandOff() => StartWaiting(handOff: true);

    [Benchmark(Baseline = true, OperationsPerInvoke = Jobs, Description = "the job ends, a fresh job starts on the new code with its state")]
    [InvocationCount(1)]
    public async Task FreshJob()
    {
        Swap();
        var fresh = new List<Task>(Jobs);
        foreach (var job in _waiting)
        {
            await job;
            fresh.Add(_manager.StartUpgradableJob(Waiter, new Conversation("done", [])).Completion);
        }

        await Task.WhenAll(fresh);
    }

    [Benchmark(OperationsPerInvoke = Jobs, Description = "the job hands its state off to the new code")]
    [InvocationCount(1)]
    public async Task HandOff()
    {
        Swap();
        await Task.WhenAll(_waiting.Select(job => job.Completion));
    }

    private void StartWaiting(bool handOff)
    {
        _folder.Write(s_builds[_next % 2]);
        _manager.Refresh();
        _waiting = [.. Enumerable.Range(0, Jobs).Select(_ => _manager.StartUpgradableJob(Waiter, new Conversation(handOff ? "hand off" : "end", [])))];
    }

    private void Swap()
    {
        _folder.Write(s_builds[++_next % 2]);
        _manager.Refresh();
    }

    /// <summary>A job that waits for newer code, then hands off (or ends, as its state says); its successor, or a job whose state says "done", ends at once.</summary>
    private static CompiledModule Build(int build) => ModuleCompiler.Compile(
        "HandOffModule",
        $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Modulets;
        using Modulets.TestContracts;
        namespace HandOffModule;
        public sealed class Waiter : IUpgradableJob<Conversation>
        {
            public const int Build = {{build}};

            public async Task RunAsync(UpgradeContext<Conversation> context)
            {
                if (context.Generation > 1 || context.State.Customer == "done")
                {
                    return;
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, context.UpgradeAvailable);
                }
                catch (TaskCanceledException)
                {
                }

                if (context.State.Customer == "hand off")
                {
                    await context.HandOffAsync(context.State);
                }
            }
        }
        """,
        files: [typeof(IModuletStartup).Assembly.Location]);
}
