using System.Runtime.Loader;

namespace Modulets.Tests.Jobs;

/// <summary><see cref="ModuletManager.EnterJob"/>: the calling code is the job's body, on the calling thread.</summary>
public class EnteredJobTests
{
    [Fact]
    public async Task EnterJob_PutsTheCallingThreadInTheJobsFlow_AndLeavingRestoresTheCallersFlow()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(7));
        using var test = new TestManager(folder.Path);
        var version = test.Manager.CurrentVersion;
        var thread = Environment.CurrentManagedThreadId;

        var scope = test.Manager.EnterJob(new JobOptions { Name = "entered" });

        ModuletJob.Current.Should().BeSameAs(scope.Job);
        scope.Job.Name.Should().Be("entered");
        AssemblyLoadContext.CurrentContextualReflectionContext.Should().NotBeNull();
        scope.Job.GetMagic().Should().Be(7);
        version.ActiveJobs.Should().Be(1);
        test.Manager.Jobs.Should().Contain(scope.Job);
        Environment.CurrentManagedThreadId.Should().Be(thread);

        scope.Dispose();

        ModuletJob.Current.Should().BeNull();
        AssemblyLoadContext.CurrentContextualReflectionContext.Should().BeNull();
        await scope.Job.Completion;
        version.ActiveJobs.Should().Be(0);
    }

    [Fact]
    public async Task EnterJob_WorkItStartsKeepsTheJob_AndAChildKeepsItAliveAfterTheScopeEnds()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(7));
        using var test = new TestManager(folder.Path);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ModuletJob? seenInTask;
        Task child;

        var scope = test.Manager.EnterJob();
        seenInTask = await Task.Run(() => ModuletJob.Current);
        child = scope.Job.Spawn(_ => release.Task);
        scope.Dispose();

        seenInTask.Should().BeSameAs(scope.Job);
        scope.Job.IsCompleted.Should().BeFalse("its child still runs");
        release.SetResult();
        await child;
        await scope.Job.Completion;
        scope.Job.Version.ActiveJobs.Should().Be(0);
    }

    [Fact]
    public async Task EnterJob_Fail_FaultsTheJob_AndTheTokenCancelsIt()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(7));
        using var test = new TestManager(folder.Path);
        using var caller = new CancellationTokenSource();

        using (var failing = test.Manager.EnterJob())
        {
            failing.Fail(new InvalidOperationException("boom"));
            await failing.Job.Invoking(j => j.Completion).Should().NotCompleteWithinAsync(TimeSpan.Zero);
            failing.Dispose();
            await failing.Job.Invoking(j => j.Completion).Should().ThrowAsync<InvalidOperationException>().WithMessage("boom");
        }

        var canceled = test.Manager.EnterJob(cancellationToken: caller.Token);
        await caller.CancelAsync();
        canceled.Job.Cancellation.IsCancellationRequested.Should().BeTrue();
        canceled.Fail(new OperationCanceledException(canceled.Job.Cancellation));
        canceled.Dispose();
        await canceled.Job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        canceled.Job.Completion.IsCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task EnterJob_OnARetiredVersion_KeepsIt_UntilTheScopeEnds_ThenItIsCollected()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var first = test.Manager.CurrentVersion;
        var scope = test.Manager.EnterJob();
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();

        scope.Job.GetMagic().Should().Be(1);
        first.State.Should().Be(ModuleVersionState.Draining);
        scope.Dispose();

        (await first.UnloadCompletion).Should().Be(ModuleVersionState.Collected);
    }
}
