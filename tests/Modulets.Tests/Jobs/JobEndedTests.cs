namespace Modulets.Tests.Jobs;

public class JobEndedTests
{
    [Fact]
    public async Task Ended_FiresWhenTheJobReturns_AfterItsChildren_WhileItStillHoldsItsVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var childGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<string>();
        var job = test.Manager.StartJob(job =>
        {
            job.Ended.Register(() => seen.Add($"ended, holding {job.Version.ActiveJobs}, cancelled {job.Cancellation.IsCancellationRequested}"));
            job.Spawn(_ => childGate.Task);
            return Task.CompletedTask;
        });

        await Eventually.TrueAsync(() => Task.FromResult(job.ActiveChildren == 1), "the child to run");
        seen.Should().BeEmpty("the child still runs");
        childGate.SetResult();
        await job;

        seen.Should().Equal("ended, holding 1, cancelled False");
        job.Version.ActiveJobs.Should().Be(0);
    }

    [Fact]
    public async Task Ended_FiresWhenTheJobFailsOrIsCancelled_AndIsAlreadyCancelledWhenAskedAfterwards()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        using var stop = new CancellationTokenSource();
        var failedEnd = false;
        var cancelledEnd = false;

        var failing = test.Manager.StartJob(job =>
        {
            job.Ended.Register(() => failedEnd = true);
            throw new InvalidOperationException("job failed");
        });
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = test.Manager.StartJob(async (job, token) =>
        {
            job.Ended.Register(() => cancelledEnd = true);
            registered.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, stop.Token);

        // Cancelled once its body has run: a job cancelled before it starts never runs its body at all.
        await registered.Task;
        await stop.CancelAsync();

        await ((Func<Task>)(async () => await failing)).Should().ThrowAsync<InvalidOperationException>();
        await ((Func<Task>)(async () => await cancelled)).Should().ThrowAsync<OperationCanceledException>();
        failedEnd.Should().BeTrue();
        cancelledEnd.Should().BeTrue();
        failing.Ended.IsCancellationRequested.Should().BeTrue("a token asked for after the end is already cancelled");
    }

    [Fact]
    public async Task AThrowingEndCallback_IsLogged_AndTheJobStillEndsAsItDid()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);

        var job = test.Manager.StartJob((job, _) =>
        {
            job.Ended.Register(() => throw new InvalidOperationException("clean-up failed"));
            return Task.FromResult(42);
        });

        (await job).Should().Be(42);
        test.Events(31).Should().ContainSingle().Which.Message.Should().Contain($"job {job.Id}");
        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
    }
}
