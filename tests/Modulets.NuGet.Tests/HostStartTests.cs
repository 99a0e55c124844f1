using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Modulets.NuGet.Tests;

[Collection(FeedCollection.Name)]
public sealed class HostStartTests(FeedModulePackages packages) : IDisposable
{
    private readonly ModulesFolder _cache = ModulesFolder.Create();
    private readonly FakeLogCollector _logs = new();

    [Fact]
    public async Task HostStart_FollowingAFeed_WaitsForTheFirstVersionSoTheFirstJobRuns()
    {
        using var feed = await LocalFeed.WithAsync(packages["1.0.0"]);
        using var host = BuildHost(feed.Path);

        await host.StartAsync();
        var manager = host.Services.GetRequiredService<ModuletManager>();
        var magic = await manager.StartMagicJob(typeName: "FeedModule.Magic").Magic;
        await host.StopAsync();

        magic.Should().Be(1000);
        _logs.GetSnapshot().Should().NotContain(record => record.Level >= LogLevel.Error, "a first check in flight is no error");
        _logs.GetSnapshot().Should().Contain(record => record.Id.Id == 23, "the wait is logged");
    }

    [Fact]
    public async Task HostStart_WhenTheFeedHasNoInstallableVersion_StartsAsSoonAsThatIsKnownAndSaysWhy()
    {
        using var feed = await LocalFeed.WithAsync();
        using var host = BuildHost(feed.Path, options => options.FirstVersionTimeout = TimeSpan.FromHours(1));

        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var manager = host.Services.GetRequiredService<ModuletManager>();
        var act = () => manager.StartJob(_ => Task.CompletedTask);

        act.Should().Throw<ModuleLoadException>().WithMessage("*FeedModule*not found*.");
        _logs.GetSnapshot().Should().Contain(record => record.Id.Id == 105 && record.Message.Contains("No version is installed yet", StringComparison.Ordinal));
        _logs.GetSnapshot().Should().NotContain(record => record.Id.Id == 24, "the host did not wait out its bound");
        await host.StopAsync();
    }

    public void Dispose() => _cache.Dispose();

    private IHost BuildHost(string feed, Action<ModuletOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(_logs));
        builder.Services.AddModulets(options =>
        {
            options.ModulesPath = _cache.Path;
            options.UseNuGetFeed(feed, "FeedModule");
            configure?.Invoke(options);
        });
        return builder.Build();
    }
}
