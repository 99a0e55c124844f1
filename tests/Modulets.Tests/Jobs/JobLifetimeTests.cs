namespace Modulets.Tests.Jobs;

public class JobLifetimeTests
{
    [Fact]
    public async Task Completion_WaitsForEverySpawnedChild()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var childGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bodyDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = test.Manager.StartJob(job =>
        {
            job.Spawn(_ => childGate.Task);
            bodyDone.SetResult();
            return Task.CompletedTask;
        });

        await bodyDone.Task;
        job.IsCompleted.Should().BeFalse();
        job.Version.ActiveJobs.Should().Be(1);
        childGate.SetResult();
        await job;
        job.Version.ActiveJobs.Should().Be(0);
    }

    [Fact]
    public async Task Spawn_ChildFails_JobFaultsWithItsExceptionAndSiblingsAreCancelled()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        Task? sibling = null;
        var job = test.Manager.StartJob(async job =>
        {
            sibling = job.Spawn(token => Task.Delay(Timeout.Infinite, token));
            var failing = job.Spawn(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("child failed");
            });
            await Task.WhenAll(sibling, failing);
        });

        var act = async () => await job;
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("child failed");
        job.Completion.Exception!.InnerExceptions.Should().ContainSingle("the body rethrew the child's own exception");
        sibling!.IsCanceled.Should().BeTrue();
        job.Cancellation.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task SpawnOfT_ReturnsTheChildsResult()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(42));
        using var test = new TestManager(folder.Path);
        var result = 0;
        await test.Manager.StartJob(async job => result = await job.Spawn(_ => Task.FromResult(job.GetMagic())));

        result.Should().Be(42);
    }

    [Fact]
    public async Task Spawn_AfterTheJobEnded_Throws()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var job = test.Manager.StartJob(_ => Task.CompletedTask);
        await job;

        Action act = () => job.Spawn(_ => Task.CompletedTask);

        act.Should().Throw<InvalidOperationException>().WithMessage($"Job {job.Id} has ended*");
    }

    [Fact]
    public async Task StartJob_BodyThrows_OnlyThatJobFailsAndTheFailureIsLoggedWithTheVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(5));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (healthy, magic) = test.Manager.StartMagicJob(gate.Task);

        var failing = test.Manager.StartJob(_ => throw new InvalidOperationException("job bug"));
        var act = async () => await failing;
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("job bug");
        gate.SetResult();
        await healthy;

        (await magic).Should().Be(5);
        var failure = test.Events(9).Should().ContainSingle().Subject;
        failure.Message.Should().Contain(failing.Version.ShortId).And.Contain($"Job {failing.Id}");
        failure.Exception.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task Dispose_RunningJob_CancelsIt()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var job = test.Manager.StartJob((_, token) => Task.Delay(Timeout.Infinite, token));

        job.Dispose();
        var act = async () => await job;

        await act.Should().ThrowAsync<OperationCanceledException>();
        job.Completion.IsCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task Dispose_JobIgnoringCancellation_KeepsItsLeaseUntilItsCodeStops()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = test.Manager.StartJob(async (_, token) =>
        {
            token.Register(() => sawCancellation.SetResult());
            started.SetResult();
            await stop.Task;
        });
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        await started.Task;

        job.Dispose();
        await sawCancellation.Task;

        job.IsCompleted.Should().BeFalse();
        job.Version.ActiveJobs.Should().Be(1);
        job.Version.State.Should().Be(ModuleVersionState.Draining);
        stop.SetResult();
        await job;
        job.Version.ActiveJobs.Should().Be(0);
        await job.Version.UnloadedAsync();
    }

    [Fact]
    public async Task StartJob_CallersTokenFires_CancelsTheJob()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        using var cts = new CancellationTokenSource();
        var job = test.Manager.StartJob((_, token) => Task.Delay(Timeout.Infinite, token), cts.Token);

        await cts.CancelAsync();
        var act = async () => await job;

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task StartJob_WithCancelledToken_DoesNotRunTheBody()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var ran = false;

        var job = test.Manager.StartJob((_, _) =>
        {
            ran = true;
            return Task.CompletedTask;
        }, new CancellationToken(canceled: true));
        var act = async () => await job;

        await act.Should().ThrowAsync<OperationCanceledException>();
        ran.Should().BeFalse();
        job.Version.ActiveJobs.Should().Be(0);
    }
}
