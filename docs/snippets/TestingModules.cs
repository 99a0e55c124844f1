using Jobs.Contracts;
using Modulets.Testing;

namespace Modulets.Docs.Snippets;

public static class TestingModules
{
    public static async Task OldVersionIsCollectedAsync(Func<string, string> greeterSource)
    {
        #region test-a-swap
        using var modules = new TemporaryModulesFolder();
        using var manager = new ModuletManager(new ModuletOptions { ModulesPath = modules.Path, UpdateDetection = UpdateDetection.Manual });

        modules.Write(ModuleCompiler.Compile("Greetings", greeterSource("Hello"), typeof(IGreeter).Assembly));   // your contracts
        var first = manager.Refresh();
        modules.Write(ModuleCompiler.Compile("Greetings", greeterSource("Bonjour"), typeof(IGreeter).Assembly));
        manager.Refresh();

        await first.ShouldBeCollectedAsync();   // bounded GC loop; fails with VersionNotCollectedException and the leak report
        #endregion
    }
}
