using Hangfire;
using Hangfire.States;

namespace Modulets.Hangfire.Tests;

public class HangfireOnModuletsTests
{
    [Fact]
    public async Task AJobEnqueuedByOneProcess_RunsOnTheServerThatTakesIt_OnItsCurrentVersion_InsideAModuletJob()
    {
        using var rig = new HangfireRig().AddServer("B", TestModules.ReportJobs(build: 1));
        var runId = Guid.NewGuid().ToString("N");

        var jobId = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), runId, CancellationToken.None);
        await rig.UntilSucceededAsync(jobId);

        var version = rig.Manager(0).Manager.CurrentVersion;
        ReportRuns.Of(runId).Should().Equal(new ReportRun(1, version.Id));
        rig.Parameter(jobId, ModuletsJobParameters.Version).Should().Contain(version.Id);
        version.JobsStarted.Should().Be(1);
        version.ActiveJobs.Should().Be(0, "the lease ends when the job method has returned");
    }

    [Fact]
    public async Task AnUpdateMidJob_TheRunningJobFinishesOnTheOldVersion_TheNextPickupUsesTheNew_AndTheOldIsCollected()
    {
        using var rig = new HangfireRig().AddServer("A", TestModules.ReportJobs(build: 1));
        var running = $"wait-on-1:{Guid.NewGuid():N}";
        var old = rig.Manager(0).Manager.CurrentVersion;

        var first = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), running, CancellationToken.None);
        Gates.Get(running + ".started").Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
        rig.Folder(0).Write(TestModules.ReportJobs(build: 2));
        var current = rig.Manager(0).Manager.Refresh();
        var next = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), "next-" + running, CancellationToken.None);
        await rig.UntilSucceededAsync(next);
        Gates.Get(running).Set();
        await rig.UntilSucceededAsync(first);

        ReportRuns.Of(running).Should().Equal(new ReportRun(1, old.Id));
        ReportRuns.Of("next-" + running).Should().Equal(new ReportRun(2, current.Id));
        (await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(ModuleVersionState.Collected);
    }

    [Fact]
    public async Task APerformanceThatThrows_EndsItsModuletJobFaulted_AndLogsTheJobsOwnException()
    {
        using var rig = new HangfireRig().AddServer("A", TestModules.ReportJobs(build: 1));
        var runId = $"fail-on-1:{Guid.NewGuid():N}";

        var jobId = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), runId, CancellationToken.None);
        await Eventually.TrueAsync(() => rig.State(jobId)?.Name == ScheduledState.StateName, "the attempt to fail and be scheduled for a retry");

        var failures = rig.Manager(0).Events(9);
        failures.Should().ContainSingle("the performance's ModuletJob ended faulted, not as a success").Which.Exception
            .Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain(runId, "the job's own exception, not Hangfire's wrapper");
        failures[0].Message.Should().Contain($"hangfire {jobId}");
        rig.Manager(0).Manager.CurrentVersion.ActiveJobs.Should().Be(0);
    }

    [Fact]
    public async Task ASucceedingPerformance_LogsNoFailure_EvenAfterAnotherFailedOnTheSameWorker()
    {
        using var rig = new HangfireRig().AddServer("A", TestModules.ReportJobs(build: 1));
        var failing = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), $"fail-on-1:{Guid.NewGuid():N}", CancellationToken.None);
        await Eventually.TrueAsync(() => rig.State(failing)?.Name == ScheduledState.StateName, "the failing attempt to be scheduled for a retry");

        var succeeding = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), Guid.NewGuid().ToString("N"), CancellationToken.None);
        await rig.UntilSucceededAsync(succeeding);

        rig.Manager(0).Events(9).Should().NotBeEmpty().And.OnlyContain(
            failure => failure.Message.Contains($"hangfire {failing}", StringComparison.Ordinal),
            "only the failing job's performances (first try and retries) faulted their ModuletJobs");
    }

    [Fact]
    public async Task ARetry_RunsOnTheVersionThatIsCurrentWhenItRuns()
    {
        using var rig = new HangfireRig().AddServer("A", TestModules.ReportJobs(build: 1));
        var runId = $"fail-on-1:{Guid.NewGuid():N}";

        var jobId = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), runId, CancellationToken.None);
        await Eventually.TrueAsync(() => rig.State(jobId)?.Name == ScheduledState.StateName, "the first attempt to fail and be scheduled for a retry");
        rig.Folder(0).Write(TestModules.ReportJobs(build: 2));
        var fixedVersion = rig.Manager(0).Manager.Refresh();
        await rig.UntilSucceededAsync(jobId);

        ReportRuns.Of(runId).Should().Equal(new ReportRun(2, fixedVersion.Id));
        rig.Parameter(jobId, "RetryCount").Should().Be("1");
    }

    [Fact]
    public async Task PurgingTheOldVersion_RequeuesItsJob_WhichRunsAgainOnCurrentCode()
    {
        using var rig = new HangfireRig().AddServer("A", TestModules.ReportJobs(build: 1));
        var runId = $"wait-on-1:{Guid.NewGuid():N}";
        var old = rig.Manager(0).Manager.CurrentVersion;

        var jobId = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), runId, CancellationToken.None);
        Gates.Get(runId + ".started").Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
        rig.Folder(0).Write(TestModules.ReportJobs(build: 2));
        var current = rig.Manager(0).Manager.Refresh();
        rig.Manager(0).Manager.Purge(old).Should().BeTrue();
        await rig.UntilSucceededAsync(jobId);

        ReportRuns.Of(runId).Should().Equal(new ReportRun(2, current.Id));
        rig.History(jobId).Should().Contain(h => h.StartsWith("Enqueued", StringComparison.Ordinal) && h.Contains($"version {old.ShortId} was purged", StringComparison.Ordinal));
        (await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(ModuleVersionState.Collected);
    }

    [Fact]
    public async Task AVersionWithoutAnImplementationOfTheContract_ReschedulesTheJob_WithoutUsingARetry()
    {
        using var rig = new HangfireRig().AddServer("A", TestModules.ReportJobs(build: 1, implement: false), hangfire: o => o.MissingImplementationDelay = TimeSpan.FromMilliseconds(500));
        var runId = Guid.NewGuid().ToString("N");

        var jobId = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), runId, CancellationToken.None);
        await Eventually.TrueAsync(() => rig.State(jobId)?.Name == ScheduledState.StateName, "the job to be rescheduled");

        rig.State(jobId).Reason.Should().Contain("has no implementation of Modulets.TestContracts.IReportJob");
        rig.Parameter(jobId, "RetryCount").Should().BeNull();
        rig.Folder(0).Write(TestModules.ReportJobs(build: 2));
        var implementing = rig.Manager(0).Manager.Refresh();
        await rig.UntilSucceededAsync(jobId);
        ReportRuns.Of(runId).Should().Equal(new ReportRun(2, implementing.Id));
    }

    [Fact]
    public async Task JobsOfOtherTypes_AreActivatedAsHangfireWould_OutsideAnyModuletJob()
    {
        using var rig = new HangfireRig().AddServer("A", TestModules.ReportJobs(build: 1));
        var runId = Guid.NewGuid().ToString("N");

        var jobId = rig.Client.Enqueue<HostJob>(job => job.Run(runId));
        await rig.UntilSucceededAsync(jobId);

        HostJob.Seen.Should().Contain((runId, false));
        rig.Manager(0).Manager.CurrentVersion.JobsStarted.Should().Be(0);
    }
}

/// <summary>A job class of the host's own: not a contract, so Hangfire activates it as it always does.</summary>
public sealed class HostJob
{
    public static System.Collections.Concurrent.ConcurrentBag<(string, bool)> Seen { get; } = [];

    public void Run(string runId) => Seen.Add((runId, ModuletJob.Current is not null));
}
