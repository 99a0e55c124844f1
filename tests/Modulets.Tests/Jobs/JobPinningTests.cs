using System.Runtime.Loader;

namespace Modulets.Tests.Jobs;

public class JobPinningTests
{
    [Fact]
    public async Task StartJob_AfterUpdate_RunningJobKeepsItsVersionAndNewJobGetsTheNewOne()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1000));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (oldJob, oldMagic) = test.Manager.StartMagicJob(gate.Task);

        folder.Write(TestModules.Magic(1001));
        test.Manager.Refresh();
        var (newJob, newMagic) = test.Manager.StartMagicJob();
        await newJob;
        gate.SetResult();
        await oldJob;

        (await oldMagic).Should().Be(1000);
        (await newMagic).Should().Be(1001);
        oldJob.Version.Should().NotBeSameAs(newJob.Version);
        oldJob.Version.Id.Should().NotBe(newJob.Version.Id);
    }

    [Fact]
    public async Task StartJob_OnSameVersion_SharesOneVersionBetweenJobs()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var (first, _) = test.Manager.StartMagicJob(gate.Task);
        var (second, _) = test.Manager.StartMagicJob(gate.Task);

        first.Version.Should().BeSameAs(second.Version);
        first.Version.ActiveJobs.Should().Be(2);
        gate.SetResult();
        await Task.WhenAll(first.Completion, second.Completion);
        first.Version.ActiveJobs.Should().Be(0);
        first.Version.JobsStarted.Should().Be(2);
    }

    [Fact]
    public async Task Spawn_AfterUpdate_ChildRunsOnTheJobsVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1000));
        using var test = new TestManager(folder.Path);
        var updated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var childMagic = 0;
        var job = test.Manager.StartJob(async job =>
        {
            await updated.Task;
            await job.Spawn(async _ =>
            {
                await Task.Yield();
                childMagic = job.GetMagic();
            });
        });

        folder.Write(TestModules.Magic(1001));
        test.Manager.Refresh().Should().NotBeSameAs(job.Version);
        updated.SetResult();
        await job;

        childMagic.Should().Be(1000);
    }

    [Fact]
    public async Task Current_InsideJob_FlowsThroughAwaitsTaskRunAndChildren()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var seen = new List<ModuletJob?>();
        var job = test.Manager.StartJob(async job =>
        {
            seen.Add(ModuletJob.Current);
            await Task.Yield();
            seen.Add(ModuletJob.Current);
            seen.Add(await Task.Run(() => ModuletJob.Current));
            seen.Add(await job.Spawn(_ => Task.FromResult(ModuletJob.Current)));
        });
        await job;

        seen.Should().HaveCount(4).And.OnlyContain(current => current == job);
    }

    [Fact]
    public async Task Spawn_FromOutsideTheJob_ChildStillSeesTheJobAsCurrent()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = test.Manager.StartJob(_ => gate.Task);

        var current = await job.Spawn(_ => Task.FromResult(ModuletJob.Current));
        gate.SetResult();
        await job;

        current.Should().BeSameAs(job);
    }

    [Fact]
    public async Task StartJob_ReturnsWithoutChangingTheCallersFlow()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var job = test.Manager.StartJob(_ => gate.Task);

        ModuletJob.Current.Should().BeNull();
        AssemblyLoadContext.CurrentContextualReflectionContext.Should().BeNull();
        gate.SetResult();
        await job;
        ModuletJob.Current.Should().BeNull();
    }

    [Fact]
    public async Task TypeGetType_InsideJob_ResolvesInTheJobsVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1000));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Type? oldType = null;
        var oldJob = test.Manager.StartJob(async job =>
        {
            await gate.Task;
            oldType = Type.GetType("MagicModule.Magic, MagicModule");
        });
        folder.Write(TestModules.Magic(1001));
        test.Manager.Refresh();
        Type? newType = null;
        await test.Manager.StartJob(_ =>
        {
            newType = Type.GetType("MagicModule.Magic, MagicModule");
            return Task.CompletedTask;
        });
        gate.SetResult();
        await oldJob;

        oldType.Should().NotBeNull();
        newType.Should().NotBeNull();
        oldType.Should().NotBeSameAs(newType);
        ((IMagic)Activator.CreateInstance(oldType!)!).GetMagic().Should().Be(1000);
        ((IMagic)Activator.CreateInstance(newType!)!).GetMagic().Should().Be(1001);
        Type.GetType("MagicModule.Magic, MagicModule").Should().BeNull("outside a job the host does not see the module");
    }

    [Fact]
    public async Task GetType_WithOrWithoutAssemblyName_FindsTheVersionsType()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(7));
        using var test = new TestManager(folder.Path);
        Type? bare = null;
        Type? qualified = null;
        await test.Manager.StartJob(job =>
        {
            bare = job.GetType("MagicModule.Magic");
            qualified = job.GetType("MagicModule.Magic, MagicModule");
            return Task.CompletedTask;
        });

        bare.Should().NotBeNull().And.BeSameAs(qualified);
        AssemblyLoadContext.GetLoadContext(bare!.Assembly)!.Name.Should().Contain(test.Manager.CurrentVersion.ShortId);
        bare.Should().Implement<IMagic>("the contract comes from the host, so host and module share its type");
    }
}
