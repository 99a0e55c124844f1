using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Modulets.Tests.DependencyInjection;

public class ServiceCollectionTests
{
    [Fact]
    public async Task AddModulets_RegistersOneManagerThatLogsThroughTheContainer()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(11));
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging())
            .AddModulets(options => options.ModulesPath = folder.Path);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var manager = provider.GetRequiredService<ModuletManager>();

        provider.GetRequiredService<ModuletManager>().Should().BeSameAs(manager);
        (await manager.StartMagicJob().Magic).Should().Be(11);
        provider.GetFakeLogCollector().GetSnapshot().Should().Contain(record => record.Id.Id == 1 && record.Category == typeof(ModuletManager).FullName);
    }

    [Fact]
    public void AddModulets_InvalidOptions_FailValidationNamingTheOption()
    {
        using var provider = new ServiceCollection().AddModulets(options => options.UnloadTimeout = TimeSpan.FromSeconds(-1)).BuildServiceProvider();

        var act = () => provider.GetRequiredService<ModuletManager>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*ModulesPath is required*UnloadTimeout must be positive*");
    }

    [Fact]
    public void AddModulets_CalledTwice_KeepsOneManagerRegistration()
    {
        var services = new ServiceCollection()
            .AddModulets(options => options.ModulesPath = "a")
            .AddModulets(options => options.ModulesPath = "b");

        services.Count(d => d.ServiceType == typeof(ModuletManager) && !d.IsKeyedService).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ModuletManager) && d.IsKeyedService && Equals(d.ServiceKey, ModuletManagerRegistry.DefaultName)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<ModuletOptions>)).Should().Be(1);
        services.BuildServiceProvider().GetRequiredService<ModuletManagerRegistry>().Names.Should().Equal(ModuletManagerRegistry.DefaultName);
    }
}
