namespace Modulets.Tests.Diagnostics;

public class LeakDiagnosticsTests
{
    [Fact]
    public async Task ProcessExitHandler_IsNamedAsTheCulpritWithWhatIsStillLoaded()
    {
        using var folder = ModulesFolder.With(TestModules.ProcessExitLeak(1));
        using var test = new TestManager(folder.Path, options => options.UnloadTimeout = TimeSpan.FromMilliseconds(300));

        var version = await RunOneJobThenRetireAsync(test, folder);

        version.State.Should().Be(ModuleVersionState.Leaked);
        version.LeakReport.Should().Contain(version.ShortId).And.Contain("Still loaded: MagicModule")
            .And.Contain("a handler on AppDomain.ProcessExit (MagicModule.Magic.OnExit)").And.Contain($"modulets why {version.ShortId} --server {Environment.ProcessId}");
        test.Events(6).Should().ContainSingle().Which.Level.Should().Be(Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task TimerNeverStopped_IsNamedAsTheCulprit()
    {
        using var folder = ModulesFolder.With(TestModules.TimerLeak(1));
        using var test = new TestManager(folder.Path, options => options.UnloadTimeout = TimeSpan.FromMilliseconds(300));

        var version = await RunOneJobThenRetireAsync(test, folder);

        version.LeakReport.Should().Contain("a timer that was never disposed (MagicModule.Magic.Tick)").And.Contain("still running: none");
        test.Events(6).Should().ContainSingle().Which.Message.Should().Be(version.LeakReport);
    }

    [Fact]
    public async Task SystemTextJsonOnModuleTypes_DoesNotKeepTheVersionAlive()
    {
        using var folder = ModulesFolder.With(TestModules.SystemTextJsonUser(41));
        using var test = new TestManager(folder.Path);
        var (job, magic) = test.Manager.StartMagicJob();
        (await magic).Should().Be(41);
        await job;

        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();

        (await Collect.UntilAsync(() => job.Version.State == ModuleVersionState.Collected)).Should().BeTrue();
    }

    [Fact]
    public async Task CollectedVersion_IsLoggedWithWhatWasCollected()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var (job, _) = test.Manager.StartMagicJob();
        await job;

        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        (await job.Version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ModuleVersionState.Collected);

        test.Events(5).Should().ContainSingle().Which.Message.Should().Contain("context collected, 1 of 1 assemblies collected");
    }

    /// <summary>Runs one job on the leaking module, replaces the module, and waits until its version is declared leaked.</summary>
    private static async Task<ModuleVersion> RunOneJobThenRetireAsync(TestManager test, ModulesFolder folder)
    {
        var (job, _) = test.Manager.StartMagicJob();
        await job;
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        (await job.Version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ModuleVersionState.Leaked);
        return job.Version;
    }
}
