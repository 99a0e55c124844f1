using BenchmarkDotNet.Attributes;
using Modulets.TestUtilities;

namespace Modulets.Benchmarks;

/// <summary>A scenario measured beside one job that stays running on the first build until the scenario ends.</summary>
public abstract class HeldJobBenchmark
{
    private ModulesFolder _folder = null!;
    private ModuletManager _manager = null!;
    private TaskCompletionSource _release = null!;

    /// <summary>Gets the running job.</summary>
    protected ModuletJob Job { get; private set; } = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = ModulesFolder.With(BenchmarkModules.Builds[0]);
        _manager = BenchmarkModules.Manager(_folder.Path);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Job = _manager.StartJob(async job =>
        {
            OnJobStarted(job);
            started.SetResult();
            await _release.Task;
        });
        await started.Task;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _release.SetResult();
        Job.Completion.Wait();
        _manager.Dispose();
        _folder.Dispose();
    }

    /// <summary>Prepares the scenario from inside the job, in its flow.</summary>
    protected virtual void OnJobStarted(ModuletJob job)
    {
    }
}
