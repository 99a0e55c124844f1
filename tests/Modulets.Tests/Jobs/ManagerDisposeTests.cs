namespace Modulets.Tests.Jobs;

public class ManagerDisposeTests
{
    [Fact]
    public async Task DisposeAsync_CancelsRunningJobsAndWaitsForThem()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var test = new TestManager(folder.Path);
        var jobs = Enumerable.Range(0, 3).Select(_ => test.Manager.StartJob((_, token) => Task.Delay(Timeout.Infinite, token))).ToList();

        await test.Manager.DisposeAsync();

        jobs.Should().OnlyContain(job => job.Completion.IsCanceled);
        test.Manager.ActiveJobs.Should().Be(0);
        test.Dispose();
    }

    [Fact]
    public async Task Dispose_UnloadsTheCurrentVersionOnceItsJobsEnded()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var job = test.Manager.StartJob((_, token) => Task.Delay(Timeout.Infinite, token));

        test.Manager.Dispose();

        job.IsCompleted.Should().BeTrue();
        job.Version.State.Should().BeOneOf([ModuleVersionState.Unloading, ModuleVersionState.Collected], "disposing waits for the unloads it started");
        (await Collect.UntilAsync(() => job.Version.State == ModuleVersionState.Collected)).Should().BeTrue();
    }

    [Fact]
    public void StartJob_AfterDispose_ThrowsObjectDisposed()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        test.Manager.Dispose();

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task Dispose_JobOutlivesShutdownTimeout_IsNamedInTheLog()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path, options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(50));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = test.Manager.StartJob(_ =>
        {
            started.SetResult();
            return stop.Task;
        });
        await started.Task;

        await test.Manager.DisposeAsync();

        job.IsCompleted.Should().BeFalse();
        test.Events(11).Should().ContainSingle().Which.Message.Should().Contain($"Job {job.Id}");
        stop.SetResult();
        await job;
        await job.Version.UnloadedAsync();
    }
}
