using Hangfire;
using Hangfire.States;

namespace Modulets.Hangfire.Tests;

/// <summary>Two servers, each on a manager of its own, sharing one storage: the fleet in one process.</summary>
public class FleetInOneProcessTests
{
    [Fact]
    public async Task EachServer_RunsTheJobsItTakes_OnItsOwnCurrentVersion_AndSaysWhichOnTheJob()
    {
        using var rig = new HangfireRig()
            .AddServer("A", TestModules.ReportJobs(build: 1))
            .AddServer("B", TestModules.ReportJobs(build: 1));
        rig.Folder(1).Write(TestModules.ReportJobs(build: 2));
        var onB = rig.Manager(1).Manager.Refresh();
        var onA = rig.Manager(0).Manager.CurrentVersion;
        var runs = Enumerable.Range(0, 20).Select(i => $"fleet-{i}-{Guid.NewGuid():N}").ToList();

        var jobs = runs.Select(run => rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), run, CancellationToken.None)).ToList();
        foreach (var job in jobs)
        {
            await rig.UntilSucceededAsync(job);
        }

        var ran = runs.Select(run => ReportRuns.Of(run).Should().ContainSingle().Subject).ToList();
        ran.Should().OnlyContain(run => (run.Build == 1 && run.JobVersion == onA.Id) || (run.Build == 2 && run.JobVersion == onB.Id));
        jobs.Select(job => rig.Parameter(job, ModuletsJobParameters.Version)).Should().OnlyContain(v => v.Contains(onA.Id) || v.Contains(onB.Id));
    }

    [Fact]
    public async Task ModuleCode_EnqueuesFollowUpsThroughTheContractApi_AndItsVersionIsStillCollected()
    {
        using var rig = new HangfireRig().AddServerWhoseModuleEnqueues("A", build: 1);
        var old = rig.Manager(0).Manager.CurrentVersion;
        var runId = $"enqueue:{Guid.NewGuid():N}";

        var jobId = rig.Client.CreateContract<IReportJob>(new EnqueuedState("default"), nameof(IReportJob.RunAsync), runId, CancellationToken.None);
        await rig.UntilSucceededAsync(jobId);
        await Eventually.TrueAsync(() => ReportRuns.Of(runId + ".next").Count == 1, "the follow-up the module enqueued");
        rig.Folder(0).Write(HangfireRig.ReportJobsThatEnqueue(build: 2));
        rig.Manager(0).Manager.Refresh();

        (await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(ModuleVersionState.Collected);
    }

    [Fact]
    public async Task ModuleCode_EnqueueingAModuleTypeWithHangfiresExpressions_LeaksItsVersion_AndTheReportNamesHangfiresCaches()
    {
        using var rig = new HangfireRig().AddServerWhoseModuleEnqueues("A", build: 1);
        var old = rig.Manager(0).Manager.CurrentVersion;

        var jobId = rig.Client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), $"expression:{Guid.NewGuid():N}", CancellationToken.None);
        await rig.UntilSucceededAsync(jobId);
        rig.Folder(0).Write(HangfireRig.ReportJobsThatEnqueue(build: 2));
        rig.Manager(0).Manager.Refresh();

        (await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(ModuleVersionState.Leaked);
        old.LeakReport.Should().Contain("Hangfire's static type caches").And.Contain("ReportModule.FollowUp").And.Contain("EnqueueContract");
    }

    [Fact]
    public void EnqueueContract_RefusesModuleTypes_WithAClearError()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        using var scope = test.Manager.EnterJob();
        var moduleObject = scope.Job.CreateInstance<IMagic>(TestModules.MagicType);
        var client = new BackgroundJobClient(new global::Hangfire.InMemory.InMemoryStorage());

        var moduleArgument = () => client.EnqueueContract<IReportJob>(nameof(IReportJob.RunAsync), moduleObject, CancellationToken.None);
        var noSuchMethod = () => client.EnqueueContract<IReportJob>("Run", "x");

        moduleArgument.Should().Throw<ArgumentException>().WithMessage("*module type MagicModule.Magic*loaded forever*");
        noSuchMethod.Should().Throw<ArgumentException>().WithMessage("*no public method Run*");
    }
}
