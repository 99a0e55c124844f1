using Microsoft.Extensions.DependencyInjection;

namespace Modulets.Tests.Lifecycle;

public class CreateImplementationTests
{
    [Fact]
    public async Task CreateImplementation_CreatesTheVersionsOneClassImplementingTheContract()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(3));
        using var test = new TestManager(folder.Path);

        var magic = await test.Manager.StartJob((job, _) => Task.FromResult(job.CreateImplementation<IMagic>().GetMagic()));

        magic.Should().Be(3);
    }

    [Fact]
    public async Task CreateImplementation_WithoutAnImplementation_SaysSoAndWhereItLooked()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(3));
        using var test = new TestManager(folder.Path);

        var job = test.Manager.StartJob(job => Task.FromResult(job.CreateImplementation<IProbe>()));
        var act = async () => await job;

        (await act.Should().ThrowAsync<TypeLoadException>()).Which.Message.Should()
            .Contain($"No public class implements '{typeof(IProbe).FullName}'").And.Contain("assemblies searched: MagicModule");
    }

    [Fact]
    public async Task CreateImplementation_WithSeveral_NamesThemAll()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(5));
        using var test = new TestManager(folder.Path, options =>
        {
            options.SharedServices.Add(typeof(Witness));
            options.HostServices = new ServiceCollection().AddSingleton(new Witness()).BuildServiceProvider();
        });

        var job = test.Manager.StartJob(job => Task.FromResult(job.CreateImplementation<IMagic>()));
        var act = async () => await job;

        (await act.Should().ThrowAsync<TypeLoadException>()).Which.Message.Should()
            .Contain("ServicesModule.Magic, ServicesModule").And.Contain("ServicesModule.Consumer, ServicesModule").And.Contain("name the one to create");
    }
}
