using Microsoft.Extensions.Time.Testing;

namespace Modulets.Tests.Lifecycle;

public class DrainAndPurgeTests
{
    [Fact]
    public async Task DrainTimeout_Passed_CancelsTheRetiredVersionsJobsAndItIsCollected()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        var time = new FakeTimeProvider();
        using var test = new TestManager(folder.Path, options =>
        {
            options.TimeProvider = time;
            options.DrainTimeout = TimeSpan.FromMinutes(5);
        });
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = test.Manager.StartJob(async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await started.Task;
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();

        time.Advance(TimeSpan.FromMinutes(4));
        job.Cancellation.IsCancellationRequested.Should().BeFalse("the drain timeout has not passed yet");
        time.Advance(TimeSpan.FromMinutes(1));
        var act = async () => await job;

        await act.Should().ThrowAsync<OperationCanceledException>();
        job.Version.PurgedAt.Should().Be(time.GetUtcNow());

        // The unload monitor runs on the manager's clock: it looks again each time the clock moves on.
        var collected = await Collect.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return job.Version.State == ModuleVersionState.Collected;
        });
        collected.Should().BeTrue();
        test.Events(18).Should().ContainSingle().Which.Message.Should().Contain(job.Version.ShortId).And.Contain("drain timeout");
    }

    [Fact]
    public async Task DrainTimeout_JobIgnoresCancellation_VersionIsReportedLeakedNamingTheJob()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path, options =>
        {
            options.DrainTimeout = TimeSpan.FromMilliseconds(50);
            options.UnloadTimeout = TimeSpan.FromMilliseconds(200);
        });
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stubborn = test.Manager.StartJob(_ =>
        {
            started.SetResult();
            return stop.Task;
        });
        await started.Task;
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();

        (await stubborn.Version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ModuleVersionState.Leaked);

        stubborn.Version.LeakReport.Should().Contain($"job {stubborn.Id}").And.Contain("ignore their cancellation token");
        stop.SetResult();
        await stubborn;
        (await Collect.UntilAsync(() => stubborn.Version.State == ModuleVersionState.Collected)).Should().BeTrue("once the job gives up, its version unloads after all");
    }

    [Fact]
    public async Task MaxLiveVersions_Exceeded_PurgesTheOldestDrainingVersionFirst()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path, options => options.MaxLiveVersions = 2);
        var first = await StartWaitingJob(test.Manager);
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        var second = await StartWaitingJob(test.Manager);

        folder.Write(TestModules.Magic(3));
        test.Manager.Refresh();

        var act = async () => await first;
        await act.Should().ThrowAsync<OperationCanceledException>();
        second.IsCompleted.Should().BeFalse();
        second.Version.PurgedAt.Should().BeNull();
        second.Dispose();
    }

    private static async Task<ModuletJob> StartWaitingJob(ModuletManager manager)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = manager.StartJob(async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await started.Task;
        return job;
    }
}
