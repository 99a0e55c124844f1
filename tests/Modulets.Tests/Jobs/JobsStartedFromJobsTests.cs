namespace Modulets.Tests.Jobs;

public class JobsStartedFromJobsTests
{
    [Fact]
    public async Task TopLevelJobStartedInsideAnotherJob_DoesNotKeepThatJobsRetiredVersionAlive()
    {
        using var folder = ModulesFolder.With(TestModules.FlowStateMagic(1));
        using var test = new TestManager(folder.Path);
        var v2IsCurrent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var innerGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ModuletJob? inner = null;

        var outer = test.Manager.StartJob(async job =>
        {
            job.GetMagic();                 // the module leaves an object of version 1 in this flow's async locals
            await v2IsCurrent.Task;
            inner = test.Manager.StartJob(_ => innerGate.Task);
        });
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        v2IsCurrent.SetResult();
        await outer;

        inner!.Version.Should().NotBeSameAs(outer.Version);
        (await outer.Version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ModuleVersionState.Collected, "the inner job started clean of the outer job's flow");
        inner.IsCompleted.Should().BeFalse();
        innerGate.SetResult();
        await inner;
    }

    [Fact]
    public async Task TopLevelJobStartedInsideAnotherJob_StaysInTheOuterJobsTrace()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        using var spans = new ActivityRecorder(ModuletsTelemetry.Name);
        ModuletJob? inner = null;

        var outer = test.Manager.StartJob(
            (_, _) =>
            {
                inner = test.Manager.StartJob((_, _) => Task.CompletedTask, new JobOptions { Name = $"inner-{Guid.NewGuid():N}" });
                return inner.Completion;
            },
            new JobOptions { Name = $"outer-{Guid.NewGuid():N}" });
        await outer;

        var outerSpan = spans.OfJob(outer);
        var innerSpan = spans.OfJob(inner!);
        innerSpan.ParentSpanId.Should().Be(outerSpan.SpanId);
        innerSpan.TraceId.Should().Be(outerSpan.TraceId);
    }
}
