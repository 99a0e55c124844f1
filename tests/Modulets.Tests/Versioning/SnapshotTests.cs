using System.Runtime.Loader;

namespace Modulets.Tests.Versioning;

public class SnapshotTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Version_FilesOverwrittenOrDeleted_JobStillLoadsItsOwnAssembliesLazily(bool delete)
    {
        var (magic, helper) = TestModules.MagicWithHelper(1000);
        using var folder = ModulesFolder.With(magic, helper);
        using var test = new TestManager(folder.Path);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var helperLoadedBeforeChange = true;
        var result = 0;
        var job = test.Manager.StartJob(async job =>
        {
            var instance = job.CreateInstance<IMagic>(TestModules.MagicType);
            helperLoadedBeforeChange = AssemblyLoadContext.GetLoadContext(instance.GetType().Assembly)!.Assemblies
                .Any(a => a.GetName().Name == "MagicHelper");
            await changed.Task;
            result = instance.GetMagic();
        });

        if (delete)
        {
            folder.Delete(helper.FileName);
            folder.Delete(magic.FileName);
        }
        else
        {
            var (magic2, helper2) = TestModules.MagicWithHelper(2000);
            folder.Write(magic2, helper2);
            test.Manager.Refresh().Should().NotBeSameAs(job.Version);
        }

        changed.SetResult();
        await job;

        helperLoadedBeforeChange.Should().BeFalse("the helper must load after the change for this test to mean anything");
        result.Should().Be(1000);
    }

    [Fact]
    public async Task Version_ModuleThrows_StackTraceHasLineNumbersFromItsPdb()
    {
        using var folder = ModulesFolder.With(TestModules.ThrowingMagic());
        using var test = new TestManager(folder.Path);

        var (job, _) = test.Manager.StartMagicJob();
        var act = async () => await job;

        var thrown = await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("no magic today");
        thrown.Which.StackTrace.Should().Contain("MagicModule.cs:line 6");
    }

    [Fact]
    public async Task Version_StalePdbBesideTheAssembly_IsIgnored()
    {
        var module = TestModules.ThrowingMagic();
        using var folder = ModulesFolder.With(module);
        folder.WriteFile("MagicModule.pdb", TestModules.Magic(3).Symbols);
        using var test = new TestManager(folder.Path);

        var (job, _) = test.Manager.StartMagicJob();
        var act = async () => await job;

        var thrown = await act.Should().ThrowAsync<InvalidOperationException>();
        thrown.Which.StackTrace.Should().NotContain("MagicModule.cs:line", "a PDB of another build would give wrong lines");
    }
}
