using BenchmarkDotNet.Attributes;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>
/// Start and await an empty job while a canary rollout is in progress (the candidate takes half the new jobs, and each
/// of its jobs' ends is judged), against a bare <c>Task.Run</c> and against the same start on a manager without a
/// canary. Goal: the rollout costs a job start at most 10% more.
/// </summary>
[MemoryDiagnoser]
public class CanaryStartJobBenchmarks : ModulesBenchmark
{
    /// <summary>A hundred tenants, taken in turn: about half of them are on the candidate's side at 50%.</summary>
    private static readonly JobOptions[] s_tenants = [.. Enumerable.Range(0, 100).Select(i => new JobOptions { Tags = new Dictionary<string, string> { ["tenant"] = $"tenant-{i}" } })];

    private int _nextTenant;

    private ModulesFolder _canaryFolder = null!;
    private ModuletManager _canary = null!;

    public override void Setup()
    {
        base.Setup();
        _canaryFolder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _canary = new ModuletManager(new ModuletOptions
        {
            ModulesPath = _canaryFolder.Path,
            UpdateDetection = UpdateDetection.Manual,
            Canary = new CanaryOptions { Steps = [50, 100], MinJobsPerStep = int.MaxValue, SplitTag = "tenant" },
        });
        _canaryFolder.Write(BenchmarkModules.Builds[1]);
        _canary.Refresh();
        if (_canary.Rollout is not { State: RolloutState.InProgress })
        {
            throw new InvalidOperationException("The canary rollout did not begin.");
        }
    }

    public override void Cleanup()
    {
        _canary.Dispose();
        _canaryFolder.Dispose();
        base.Cleanup();
    }

    [Benchmark(Baseline = true, Description = "await Task.Run(() => {})")]
    public Task TaskRun() => Task.Run(static () => { });

    [Benchmark(Description = "await manager.StartJob(empty), no canary")]
    public Task StartJob() => Manager.StartJob(static _ => Task.CompletedTask).Completion;

    [Benchmark(Description = "await manager.StartJob(empty), canary at 50%, random split")]
    public Task StartJobDuringRollout() => _canary.StartJob(static _ => Task.CompletedTask).Completion;

    [Benchmark(Description = "await manager.StartJob(empty), canary at 50%, split by tag")]
    public Task StartJobDuringRolloutByTag() => _canary.StartJob(static _ => Task.CompletedTask, s_tenants[_nextTenant++ % s_tenants.Length]).Completion;
}
