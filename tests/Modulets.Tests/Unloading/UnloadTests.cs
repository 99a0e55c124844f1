using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Modulets.Tests.Unloading;

public class UnloadTests
{
    [Fact]
    public async Task RetiredVersion_AfterItsLastJob_IsUnloadedAndCollected()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (job, references) = StartObservedJob(test.Manager, gate.Task);
        var version = job.Version;

        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        Collect.UntilDead(references).Should().BeFalse("a draining version with a running job must stay loaded");
        version.State.Should().Be(ModuleVersionState.Draining);
        version.ActiveJobs.Should().Be(1);

        gate.SetResult();
        await job;

        (await Collect.UntilDeadAsync(references)).Should().BeTrue("the version's context and assemblies must be collected once its last job ended");
        (await version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ModuleVersionState.Collected);
        version.State.Should().Be(ModuleVersionState.Collected);
        version.UnloadedAt.Should().NotBeNull();
        version.CollectedAt.Should().NotBeNull();
        GC.KeepAlive(job);
    }

    [Fact]
    public async Task CurrentVersion_WhenItsJobsEnd_StaysLoaded()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var (job, references) = StartObservedJob(test.Manager, Task.CompletedTask);
        await job;

        Collect.UntilDead(references).Should().BeFalse();
        job.Version.State.Should().Be(ModuleVersionState.Current);
        job.Version.ActiveJobs.Should().Be(0);
    }

    [Fact]
    public async Task UnloadMonitor_ReportsTheCollectionInTheLog()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var retired = test.Manager.CurrentVersion;

        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();

        (await retired.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ModuleVersionState.Collected);
        test.Events(5).Should().ContainSingle(record => record.Message.Contains(retired.ShortId));
    }

    /// <summary>Starts a job that hands back weak references to its version's context and module assembly, and keeps no strong one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ModuletJob Job, WeakReference[] References) StartObservedJob(ModuletManager manager, Task gate)
    {
        var references = new WeakReference[2];
        var observed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = manager.StartJob(async job =>
        {
            Observe(job, references);
            observed.SetResult();
            await gate;
        });
        observed.Task.Wait();
        return (job, references);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Observe(ModuletJob job, WeakReference[] references)
    {
        var assembly = job.GetType(TestModules.MagicType).Assembly;
        references[0] = new WeakReference(AssemblyLoadContext.GetLoadContext(assembly));
        references[1] = new WeakReference(assembly);
    }
}
