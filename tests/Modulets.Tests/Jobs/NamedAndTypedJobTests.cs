namespace Modulets.Tests.Jobs;

public class NamedAndTypedJobTests
{
    [Fact]
    public async Task StartJob_WithANameAndTags_ShowsThemInTheLogAndOnTheActivity()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        using var activities = new ActivityRecorder(ModuletsTelemetry.Name);
        var options = new JobOptions { Name = $"monthly-billing-{Guid.NewGuid():N}", Tags = new Dictionary<string, string> { ["tenant"] = "acme" } };

        var job = test.Manager.StartJob((_, _) => throw new InvalidOperationException("no invoices"), options);
        await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);

        job.Name.Should().StartWith("monthly-billing");
        job.Tags.Should().Contain("tenant", "acme");
        job.ToString().Should().Contain(job.Name);
        test.Events(9).Should().ContainSingle().Which.Message.Should().Contain($"{job.Id} ({job.Name})");
        var span = activities.OfJob(job);
        span.GetTagItem("modulets.job.id").Should().Be(job.Id);
        span.GetTagItem("modulets.job.tag.tenant").Should().Be("acme");
    }

    [Fact]
    public async Task StartJob_EveryBodyShape_TakesOptionsAndAToken()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(3));
        using var test = new TestManager(folder.Path);
        using var stop = new CancellationTokenSource();
        using var keep = new CancellationTokenSource();
        var options = new JobOptions { Name = "shaped" };

        var plain = test.Manager.StartJob(job => Task.CompletedTask, options, keep.Token);
        var tokened = test.Manager.StartJob((job, token) => Task.CompletedTask, options);
        var result = test.Manager.StartJob(job => Task.FromResult(job.GetMagic()), options);
        var waiting = test.Manager.StartJob(job => Task.Delay(Timeout.Infinite, job.Cancellation), stop.Token);
        await stop.CancelAsync();

        await plain;
        await tokened;
        (await result).Should().Be(3);
        new[] { plain.Name, tokened.Name, result.Name }.Should().OnlyContain(name => name == "shaped");
        await ((Func<Task>)(async () => await waiting)).Should().ThrowAsync<OperationCanceledException>("the token alone cancels a job whose body takes only the job");
    }

    [Fact]
    public async Task StartJobOfTResult_AwaitingTheJob_GivesTheBodysResultOnceItsChildrenEnd()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(21));
        using var test = new TestManager(folder.Path);
        var childDone = false;

        var job = test.Manager.StartJob(async job =>
        {
            _ = job.Spawn(async _ =>
            {
                await Task.Yield();
                childDone = true;
            });
            await Task.Yield();
            return job.GetMagic() * 2;
        });
        var result = await job;

        result.Should().Be(42);
        childDone.Should().BeTrue("a job's result is given once the whole job has ended");
        (await job.Completion).Should().Be(42);
        ((ModuletJob)job).Completion.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task StartJobOfTResult_WithOptionsAndToken_IsChosenForABodyWithAResult()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(5));
        using var test = new TestManager(folder.Path);

        // The README's form: a two-parameter body that returns a value, and options.
        ModuletJob<int> job = test.Manager.StartJob((job, _) => Task.FromResult(job.GetMagic()), new JobOptions { Name = "count" });

        (await job).Should().Be(5);
    }

    [Fact]
    public async Task StartJobOfTResult_BodyThrows_TheJobFaultsWithTheFailure()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);

        var job = test.Manager.StartJob<int>((_, _) => throw new InvalidOperationException("no result"), new JobOptions { Name = "typed" });
        var act = async () => await job;

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("no result");
        job.Name.Should().Be("typed");
    }

    [Fact]
    public async Task SpawnOfTResult_FailingAndNeverAwaited_RaisesNoUnobservedTaskException()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.InnerExceptions.Any(inner => inner.Message == "child without a reader"))
            {
                Interlocked.Increment(ref unobserved);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            var job = test.Manager.StartJob(job =>
            {
                _ = job.Spawn<int>(_ => throw new InvalidOperationException("child without a reader"));
                return Task.CompletedTask;
            });
            await job.Completion.ContinueWith(_ => { }, TaskScheduler.Default);

            for (var round = 0; round < 5; round++)
            {
                // The runtime reports an unobserved failure when the faulted task is finalized.
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            unobserved.Should().Be(0, "the job already reported the child's failure");
            test.Events(9).Should().ContainSingle();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    [Fact]
    public async Task ActiveChildren_CountsTheChildrenStillRunning()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bodyDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = test.Manager.StartJob(job =>
        {
            _ = job.Spawn(_ => release.Task);
            _ = job.Spawn(_ => release.Task);
            _ = job.Spawn(_ => Task.CompletedTask);
            bodyDone.SetResult();
            return Task.CompletedTask;
        });
        await bodyDone.Task;

        await Collect.UntilAsync(() => job.ActiveChildren == 2);
        job.ActiveChildren.Should().Be(2, "the body has ended and one child finished at once");
        release.SetResult();
        await job;

        job.ActiveChildren.Should().Be(0);
    }

    [Fact]
    public async Task StartJob_WithAResultAndAToken_KeepsTheResult()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(7));
        using var test = new TestManager(folder.Path);
        using var stop = new CancellationTokenSource();

        ModuletJob<int> job = test.Manager.StartJob((job, _) => Task.FromResult(job.CreateInstance<IMagic>(TestModules.MagicType).GetMagic()), stop.Token);

        (await job).Should().Be(7);
    }
}
