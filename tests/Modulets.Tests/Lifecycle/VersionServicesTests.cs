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

        witness.Events.Should().Contain("singleton disposed");
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
