namespace Modulets.Testing.Tests;

/// <summary>How a user tests their own module with Modulets.Testing: build it in two versions, swap, prove the old one is collected.</summary>
public sealed class GreeterModuleTests : IDisposable
{
    private readonly TemporaryModulesFolder _modules = new();

    [Fact]
    public async Task ANewVersion_ServesNewJobs_AndTheOldOneIsCollected()
    {
        using var manager = new ModuletManager(new ModuletOptions { ModulesPath = _modules.Path, UpdateDetection = UpdateDetection.Manual });
        _modules.Write(Greeter("Hello"));
        var first = manager.Refresh();
        Assert.Equal("Hello, Ada", await Greet(manager));

        _modules.Write(Greeter("Bonjour"));
        manager.Refresh();

        Assert.Equal("Bonjour, Ada", await Greet(manager));
        await first.ShouldBeCollectedAsync();
    }

    [Fact]
    public async Task AVersionThatHooksAProcessEvent_IsNotCollected_AndTheFailureSaysWhy()
    {
        using var manager = new ModuletManager(new ModuletOptions { ModulesPath = _modules.Path, UpdateDetection = UpdateDetection.Manual, UnloadTimeout = TimeSpan.FromSeconds(2) });
        _modules.Write(Greeter("Hello", onLoad: "System.AppDomain.CurrentDomain.ProcessExit += (_, _) => { };"));
        var leaking = manager.Refresh();
        await Greet(manager);
        _modules.Write(Greeter("Hi"));
        manager.Refresh();

        var failure = await Assert.ThrowsAsync<VersionNotCollectedException>(() => leaking.ShouldBeCollectedAsync());

        Assert.Contains("AppDomain.ProcessExit", failure.Message, StringComparison.Ordinal);
        Assert.Same(leaking, failure.Version);
    }

    public void Dispose() => _modules.Dispose();

    private static async Task<string> Greet(ModuletManager manager)
    {
        using var job = manager.StartJob<string>(job => Task.FromResult(job.CreateInstance<IGreeter>("Greetings.Greeter").Greet("Ada")));
        return await job;
    }

    private static ModuleBuild Greeter(string greeting, string onLoad = "") => ModuleCompiler.Compile(
        "Greetings",
        $$"""
        namespace Greetings;
        public sealed class Greeter : Modulets.Testing.Tests.IGreeter
        {
            public Greeter() { {{onLoad}} }
            public string Greet(string name) => "{{greeting}}, " + name;
        }
        """,
        typeof(IGreeter).Assembly);
}
