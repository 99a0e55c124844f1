using System.Diagnostics.Metrics;

namespace Modulets.Tests.Unloading;

/// <summary>Modules that use what ordinary application code uses are collected once retired, however the framework keeps their types.</summary>
public class RealLibraryUnloadTests
{
    [Fact]
    public async Task NewtonsoftJsonPrivateToTheModule_IsCollected()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.JsonWithNewtonsoft13);
        using var test = new TestManager(folder.Path);
        var job = test.Manager.StartJob(job => Task.FromResult(job.CreateInstance<IProbe>("JsonModule.Probe").Describe()));
        (await job).Should().Contain("{\"A\":1}");

        await RetireAndExpectCollectedAsync(test, folder, job.Version);
    }

    [Fact]
    public async Task NewtonsoftJsonSharedWithTheHost_IsReportedLeakedNamingJsonNet()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.JsonWithNewtonsoft13);
        using var test = new TestManager(folder.Path, options => options.Isolation.Share("Newtonsoft.Json"));
        var job = test.Manager.StartJob(job => Task.FromResult(job.CreateInstance<IProbe>("JsonModule.Probe").Describe()));
        (await job).Should().Contain("{\"A\":1}");
        job.Version.Assemblies.Should().Equal("JsonModule");

        folder.Write(TestModules.Magic(100));
        test.Manager.Refresh();

        (await job.Version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(ModuleVersionState.Leaked);
        job.Version.LeakReport.Should().Contain("Json.NET, shared with the host");
    }

    [Fact]
    public async Task TypeDescriptorAskedAboutTheModulesTypes_IsCollected()
    {
        using var folder = ModulesFolder.With(TestModules.TypeDescriptorUser(1));
        using var test = new TestManager(folder.Path);
        var (job, magic) = test.Manager.StartMagicJob();
        (await magic).Should().Be(1);

        await RetireAndExpectCollectedAsync(test, folder, job.Version);
    }

    [Fact]
    public async Task MeterWithAnObservableInstrumentNeverDisposed_IsCollected()
    {
        using var listener = new MeterListener { InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument) };
        listener.Start();
        using var folder = ModulesFolder.With(TestModules.MeterUser(1));
        using var test = new TestManager(folder.Path);
        var (job, magic) = test.Manager.StartMagicJob();
        (await magic).Should().Be(1);
        listener.RecordObservableInstruments();

        await RetireAndExpectCollectedAsync(test, folder, job.Version);
    }

    [Fact]
    public async Task ActivitySourceAndListenerNeverDisposed_AreCollected()
    {
        using var folder = ModulesFolder.With(TestModules.ActivitySourceUser(1));
        using var test = new TestManager(folder.Path);
        var (job, magic) = test.Manager.StartMagicJob();
        (await magic).Should().Be(1);

        await RetireAndExpectCollectedAsync(test, folder, job.Version);
    }

    private static async Task RetireAndExpectCollectedAsync(TestManager test, ModulesFolder folder, ModuleVersion version)
    {
        folder.Write(TestModules.Magic(100));
        test.Manager.Refresh().Should().NotBeSameAs(version);

        var outcome = await version.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(60));

        outcome.Should().Be(ModuleVersionState.Collected, version.LeakReport);
    }
}
