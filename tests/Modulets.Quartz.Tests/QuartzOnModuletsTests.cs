using Quartz;

namespace Modulets.Quartz.Tests;

/// <summary>Quartz.NET firing contract jobs on Modulets code: each fire inside a ModuletJob on the version current when it fires.</summary>
public sealed class QuartzOnModuletsTests
{
    [Fact]
    public async Task AFire_RunsTheVersionsImplementation_InsideAModuletJob_AndSaysWhichVersion()
    {
        await using var rig = await QuartzRig.StartAsync(TestModules.ScheduledReports(build: 1));
        var version = rig.Manager.CurrentVersion;
        var executed = new ExecutedListener();
        rig.Scheduler.ListenerManager.AddJobListener(executed);

        await rig.FireOnceAsync("plain");
        var ran = await Eventually.ValueAsync(() => ScheduledRuns.Of("plain").SingleOrDefault(), "the job to run");

        ran.Build.Should().Be(1);
        ran.JobVersion.Should().Be(version.Id, "the fire ran inside a ModuletJob on the current version");
        (await executed.Version.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(version.Id, "a listener reads the version from the fire's data");
        rig.Events(401).Should().ContainSingle().Which.Message.Should().Contain(version.ShortId).And.Contain("plain");
    }

    [Fact]
    public async Task AnUpdateWhileAFireRuns_TheFireKeepsItsVersion_TheNextFireRunsTheNew_AndTheOldIsCollected()
    {
        await using var rig = await QuartzRig.StartAsync(TestModules.ScheduledReports(build: 1));
        var old = rig.Manager.CurrentVersion;
        var (run, _) = await rig.StartWaitingFireAsync();

        var current = rig.Ship(build: 2);
        await rig.FireOnceAsync("after-update");
        var after = await Eventually.ValueAsync(() => ScheduledRuns.Of("after-update").SingleOrDefault(), "the next fire to run");
        Gates.Get(run).Set();
        var kept = await Eventually.ValueAsync(() => ScheduledRuns.Of(run).SingleOrDefault(), "the long fire to end");

        kept.Should().Match<ScheduledRun>(fire => fire.Build == 1 && fire.JobVersion == old.Id);
        after.Should().Match<ScheduledRun>(fire => fire.Build == 2 && fire.JobVersion == current.Id);
        (await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(ModuleVersionState.Collected, "Quartz holds no module type once its fires have ended");
    }

    [Fact]
    public async Task AVersionWithoutTheImplementation_PutsTheFireOffWithoutBlockingOthers_AndItFiresOnceAVersionHasIt()
    {
        await using var rig = await QuartzRig.StartAsync(TestModules.ScheduledReports(build: 1, implement: false), options => options.MissingImplementationDelay = TimeSpan.FromSeconds(1));
        var lacking = rig.Manager.CurrentVersion;

        await rig.FireOnceAsync("missing");
        await Eventually.TrueAsync(() => rig.Events(402).Count > 0, "the fire to be put off");
        rig.Events(402)[0].Message.Should().Contain(lacking.ShortId).And.Contain(typeof(IScheduledReport).FullName!);
        ScheduledRuns.Of("missing").Should().BeEmpty();

        var providing = rig.Ship(build: 2);
        await rig.FireOnceAsync("other");
        var retried = await Eventually.ValueAsync(() => ScheduledRuns.Of("missing").SingleOrDefault(), "the retry to fire once a version implements the contract", TimeSpan.FromSeconds(30));

        retried.JobVersion.Should().Be(providing.Id);
        ScheduledRuns.Of("other").Should().ContainSingle("the other trigger was never blocked");
    }

    [Fact]
    public async Task InterruptingAFire_CancelsItsModuletJob()
    {
        await using var rig = await QuartzRig.StartAsync(TestModules.ScheduledReports(build: 1));
        var (run, key) = await rig.StartWaitingFireAsync();

        (await rig.Scheduler.Interrupt(key, default)).Should().BeTrue();

        await Eventually.TrueAsync(() => rig.Manager.ActiveJobs == 0, "the interrupted fire's job to end");
        ScheduledRuns.Of(run).Should().BeEmpty("the fire was cancelled before it recorded its end");
    }

    [Fact]
    public async Task PurgingTheVersionOfARunningFire_HasQuartzFireItAgainOnCurrentCode()
    {
        await using var rig = await QuartzRig.StartAsync(TestModules.ScheduledReports(build: 1));
        var old = rig.Manager.CurrentVersion;
        var (run, _) = await rig.StartWaitingFireAsync();
        var current = rig.Ship(build: 2);
        Gates.Get(run + ".started").Reset();

        rig.Manager.Purge(old).Should().BeTrue();
        Gates.Get(run + ".started").Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("Quartz fired the job again");
        Gates.Get(run).Set();

        var ran = await Eventually.ValueAsync(() => ScheduledRuns.Of(run).SingleOrDefault(), "the refired job to end");
        ran.Should().Match<ScheduledRun>(fire => fire.Build == 2 && fire.JobVersion == current.Id);
        rig.Events(403).Should().ContainSingle().Which.Message.Should().Contain(old.ShortId);
        (await old.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(ModuleVersionState.Collected);
    }

    /// <summary>Reads the version a fire ran on, as an operator's listener would.</summary>
    private sealed class ExecutedListener : IJobListener
    {
        public TaskCompletionSource<string?> Version { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "modulets-version";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            Version.TrySetResult(context.MergedJobDataMap.GetString(ModuletsQuartzKeys.Version));
            return default;
        }
    }
}
