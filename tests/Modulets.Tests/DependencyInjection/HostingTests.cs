using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Modulets.Tests.DependencyInjection;

public class HostingTests
{
    [Fact]
    public async Task HostStop_DrainsRunningJobs()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(3));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddModulets(options => options.ModulesPath = folder.Path);
        using var host = builder.Build();

        await host.StartAsync();
        var manager = host.Services.GetRequiredService<ModuletManager>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = manager.StartJob(async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await started.Task;
        await host.StopAsync();

        job.Completion.IsCanceled.Should().BeTrue();
        var act = () => manager.StartJob(_ => Task.CompletedTask);
        act.Should().Throw<InvalidOperationException>().WithMessage("*stopping*");
    }

    [Fact]
    public async Task HostStart_WithInvalidOptions_Fails()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddModulets(options => options.MaxLiveVersions = 0);
        using var host = builder.Build();

        var act = () => host.StartAsync();

        await act.Should().ThrowAsync<OptionsValidationException>().WithMessage("*ModulesPath is required*MaxLiveVersions must be at least 1*");
    }

    [Fact]
    public async Task AddModulets_SharedServices_ComeFromTheHostContainer()
    {
        using var folder = ModulesFolder.With(TestModules.WithStartup(9));
        var witness = new Witness();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(witness);
        builder.Services.AddModulets(options =>
        {
            options.ModulesPath = folder.Path;
            options.SharedServices.Add(typeof(Witness));
        });
        using var host = builder.Build();
        await host.StartAsync();

        var magic = 0;
        await host.Services.GetRequiredService<ModuletManager>().StartJob(job =>
        {
            magic = job.Services.GetRequiredService<IMagic>().GetMagic();
            job.Services.GetRequiredService<IProbe>();
            return Task.CompletedTask;
        });
        await host.StopAsync();

        magic.Should().Be(9);
        witness.Events.Should().Contain("scope disposed");
    }

    [Fact]
    public async Task AddModulets_FirstVersion_LoadsWhenTheHostStartsAndTheOptionsStayAsConfigured()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(4));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddModulets(options => options.ModulesPath = folder.Path);
        using var host = builder.Build();
        var manager = host.Services.GetRequiredService<ModuletManager>();

        manager.Versions.Should().BeEmpty("resolving the manager reads nothing");
        await host.StartAsync();

        manager.Versions.Should().ContainSingle().Which.State.Should().Be(ModuleVersionState.Current);
        host.Services.GetRequiredService<IOptions<ModuletOptions>>().Value.HostServices.Should().BeNull("the container is handed to the manager, not written into the options");
        await host.StopAsync();
    }

    [Fact]
    public async Task AddModulets_WithoutAHost_LoadsTheFirstVersionAtTheFirstJob()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(5));
        var services = new ServiceCollection().AddLogging().AddModulets(options => options.ModulesPath = folder.Path);
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<ModuletManager>();

        var magic = 0;
        await manager.StartJob(job =>
        {
            magic = job.GetMagic();
            return Task.CompletedTask;
        });

        magic.Should().Be(5);
    }

    [Fact]
    public async Task CurrentVersion_BeforeAnythingLoaded_ReadsNothingAndSaysSo()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(6));
        var services = new ServiceCollection().AddLogging().AddModulets(options => options.ModulesPath = folder.Path);
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<ModuletManager>();

        var read = () => manager.CurrentVersion;

        read.Should().Throw<ModuleLoadException>().WithMessage("*has loaded yet*host starts*first StartJob or Refresh*");
        manager.Versions.Should().BeEmpty("reading the current version loads nothing");
        await manager.StartJob(_ => Task.CompletedTask);
        manager.CurrentVersion.Should().BeSameAs(manager.Versions.Single());
    }
}
