using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Modulets.Tests.DependencyInjection;

public class NamedManagerTests
{
    [Fact]
    public async Task AddModulets_SeveralNames_GivesEachItsKeyedManagerAllStartedWithTheHost()
    {
        using var billing = ModulesFolder.With(TestModules.Magic(1));
        using var reports = ModulesFolder.With(TestModules.Magic(2));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddModulets("billing", options => options.ModulesPath = billing.Path);
        builder.Services.AddModulets("reports", options => options.ModulesPath = reports.Path);
        using var host = builder.Build();

        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ModuletManagerRegistry>();
        var billingManager = host.Services.GetRequiredKeyedService<ModuletManager>("billing");
        var reportsManager = host.Services.GetRequiredKeyedService<ModuletManager>("reports");

        registry.Names.Should().Equal("billing", "reports");
        registry.Get("billing").Should().BeSameAs(billingManager);
        billingManager.Name.Should().Be("billing");
        billingManager.Versions.Should().ContainSingle("the host's start loaded it");
        (await billingManager.StartMagicJob().Magic).Should().Be(1);
        (await reportsManager.StartMagicJob().Magic).Should().Be(2);
        host.Services.GetService<ModuletManager>().Should().BeNull("no manager is named default");
        var act = () => registry.Get("payroll");
        act.Should().Throw<KeyNotFoundException>().WithMessage("*'payroll'*'billing', 'reports'*");
        await host.StopAsync();
    }

    [Fact]
    public void AddModulets_WithoutAName_IsTheDefaultManagerResolvedWithOrWithoutItsKey()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(3));
        using var provider = new ServiceCollection().AddLogging().AddModulets(options => options.ModulesPath = folder.Path).BuildServiceProvider();

        var manager = provider.GetRequiredService<ModuletManager>();

        manager.Should().BeSameAs(provider.GetRequiredKeyedService<ModuletManager>(ModuletManagerRegistry.DefaultName));
        manager.Name.Should().Be("default");
        provider.GetRequiredService<ModuletManagerRegistry>().Names.Should().Equal("default");
    }

    [Fact]
    public async Task AddModulets_FromConfiguration_BindsTheOptionsAndTheLists()
    {
        using var folder = ModulesFolder.Create();
        folder.Write(TestModules.Magic(4), subfolder: "4");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Modulets:billing:ModulesPath"] = folder.Path,
            ["Modulets:billing:FolderLayout"] = "VersionedSubfolders",
            ["Modulets:billing:UpdateDetection"] = "Manual",
            ["Modulets:billing:UnloadTimeout"] = "00:00:12",
            ["Modulets:billing:Shared:0"] = "Jobs.Contracts",
            ["Modulets:billing:Isolated:0"] = "Magic*",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddModulets("billing", configuration.GetSection("Modulets:billing"));
        using var host = builder.Build();

        await host.StartAsync();
        var manager = host.Services.GetRequiredKeyedService<ModuletManager>("billing");

        manager.Isolation.Shared.Should().Contain("Jobs.Contracts");
        manager.Isolation.Isolated.Should().Equal("Magic*");
        manager.CurrentVersion.Labels[ModuleLabels.Folder].Should().Be("4", "the layout came from configuration");
        (await manager.StartMagicJob().Magic).Should().Be(4);
        await host.StopAsync();
    }

    [Fact]
    public void CanaryOptions_FromConfiguration_ReplaceTheDefaultSteps()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Canary:Steps:0"] = "10",
            ["Canary:Steps:1"] = "100",
            ["Canary:MinStepDuration"] = "00:05:00",
            ["Canary:SplitTag"] = "tenant",
        }).Build();
        var options = new ModuletOptions();

        configuration.Bind(options);

        options.Canary!.Steps.Should().Equal([10, 100], "configured steps replace the defaults rather than add to them");
        options.Canary.MinStepDuration.Should().Be(TimeSpan.FromMinutes(5));
        options.Canary.SplitTag.Should().Be("tenant");
    }
}
