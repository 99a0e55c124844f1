using Microsoft.Extensions.DependencyInjection;

namespace Modulets.Tests.Lifecycle;

public class VersionServicesTests
{
    [Fact]
    public async Task Startup_RegistersServicesThatJobsResolveWithTheHostsLoggingAndSharedServices()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        var witness = new Witness();
        using var test = new TestManager(folder.Path, options => ShareWitness(options, witness));

        var magic = 0;
        await test.Manager.StartJob(job =>
        {
            magic = job.Services.GetRequiredService<IMagic>().GetMagic();
            return Task.CompletedTask;
        });

        magic.Should().Be(5);
        test.Logs.GetSnapshot().Should().Contain(record => record.Message == "magic asked" && record.Category == "ServicesModule.Magic");
    }

    [Fact]
    public async Task CreateInstance_InjectsTheVersionsServicesBesideTheGivenArguments()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        using var test = new TestManager(folder.Path, options => ShareWitness(options, new Witness()));

        var magic = 0;
        await test.Manager.StartJob(job =>
        {
            magic = job.CreateInstance<IMagic>("ServicesModule.Consumer", 100).GetMagic();
            return Task.CompletedTask;
        });

        magic.Should().Be(105);
    }

    [Fact]
    public async Task Services_AreScopedPerJobAndTheScopeIsDisposedWhenTheJobEnds()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        var witness = new Witness();
        using var test = new TestManager(folder.Path, options => ShareWitness(options, witness));
        var ids = new List<string>();

        for (var i = 0; i < 2; i++)
        {
            await test.Manager.StartJob(job =>
            {
                ids.Add(job.Services.GetRequiredService<IProbe>().Describe());
                ids.Add(job.Services.GetRequiredService<IProbe>().Describe());
                return Task.CompletedTask;
            });
        }

        ids.Distinct().Should().HaveCount(2, "one scoped instance per job");
        witness.Events.Should().Equal("scope disposed", "scope disposed");
    }

    [Fact]
    public async Task VersionServices_AreDisposedWhenTheVersionUnloads()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        var witness = new Witness();
        using var test = new TestManager(folder.Path, options => ShareWitness(options, witness));
        var job = test.Manager.StartJob(job =>
        {
            job.Services.GetRequiredService<IMagic>();
            return Task.CompletedTask;
        });
        await job;

        folder.Write(TestModules.WithStartup(6));
        test.Manager.Refresh();

        await Eventually.TrueAsync(() => witness.Events.Contains("singleton disposed"), "the version's singleton to be disposed as it unloads");
        (await Collect.UntilAsync(() => job.Version.State == ModuleVersionState.Collected)).Should().BeTrue("the version's container holds its types, not the host's");
    }

    [Fact]
    public async Task FailingStartup_RejectsTheUpdateAndTheCurrentVersionStays()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        using var test = new TestManager(folder.Path, options => ShareWitness(options, new Witness()));
        var good = test.Manager.CurrentVersion;

        folder.Write(TestModules.WithStartup(6, failingStartup: true));
        test.Manager.Refresh().Should().BeSameAs(good);

        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain("ServicesModule.Startup").And.Contain("configuration is missing");
        var magic = 0;
        await test.Manager.StartJob(job =>
        {
            magic = job.Services.GetRequiredService<IMagic>().GetMagic();
            return Task.CompletedTask;
        });
        magic.Should().Be(5);
    }

    [Fact]
    public async Task FailingStartup_ItsRejectedLoadContextIsCollected()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        using var test = new TestManager(folder.Path, options => ShareWitness(options, new Witness()));

        folder.Write(TestModules.WithStartup(7, failingStartup: true));
        test.Manager.Refresh();

        (await Collect.UntilAsync(() => test.Events(26).Count == 1)).Should().BeTrue("the rejected content's context holds nothing once its failure is only described");
        test.Events(7).Should().ContainSingle().Which.Exception.Should().BeNull("the module's own exception would keep its code loaded");
    }

    [Fact]
    public async Task HangingStartup_IsRejectedAfterItsTimeLimitAndTheCurrentVersionStays()
    {
        var gate = Guid.NewGuid().ToString();
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        using var test = new TestManager(folder.Path, options =>
        {
            ShareWitness(options, new Witness());
            options.StartupTimeout = TimeSpan.FromMilliseconds(200);
        });
        var good = test.Manager.CurrentVersion;

        folder.Write(TestModules.HangingStartup(6, gate));
        try
        {
            test.Manager.Refresh().Should().BeSameAs(good);
            test.Events(7).Should().ContainSingle().Which.Message.Should().Contain("did not finish within");
            (await test.Manager.StartJob(job => Task.FromResult(job.Services.GetRequiredService<IMagic>().GetMagic()))).Should().Be(5);
        }
        finally
        {
            Gates.Get(gate).Set();
        }
    }

    [Fact]
    public async Task HangingStartup_DisposeWaitsNoLongerThanItsShutdownTimeout()
    {
        var gate = Guid.NewGuid().ToString();
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        var test = new TestManager(folder.Path, options =>
        {
            ShareWitness(options, new Witness());
            options.StartupTimeout = TimeSpan.FromHours(1);
            options.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        });
        folder.Write(TestModules.HangingStartup(6, gate));
        var refresh = Task.Run(test.Manager.Refresh);
        try
        {
            Gates.Get(gate + ".entered").Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("the refresh is inside the module's start-up");

            var dispose = Task.Run(test.Dispose);

            (await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(dispose, "disposal must not wait on a start-up beyond its shutdown timeout");
            test.Events(27).Should().ContainSingle();
        }
        finally
        {
            Gates.Get(gate).Set();
            await refresh;
        }
    }

    [Fact]
    public async Task Startup_WhileTheCallersFlowIsSuppressed_Runs()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(8));
        TestManager test;
        using (ExecutionContext.SuppressFlow())
        {
            test = new TestManager(folder.Path, options => ShareWitness(options, new Witness()));
        }

        using (test)
        {
            (await test.Manager.StartJob(job => Task.FromResult(job.Services.GetRequiredService<IMagic>().GetMagic()))).Should().Be(8);
        }
    }

    [Fact]
    public void SharedServiceMissingFromTheHost_RejectsTheVersionNamingIt()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        using var test = new TestManager(folder.Path, options => options.SharedServices.Add(typeof(Witness)));

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        act.Should().Throw<ModuleLoadException>().WithMessage("*shared service 'Modulets.TestContracts.Witness'*");
    }

    private static void ShareWitness(ModuletOptions options, Witness witness)
    {
        options.SharedServices.Add(typeof(Witness));
        options.HostServices = new ServiceCollection().AddSingleton(witness).BuildServiceProvider();
    }
}
