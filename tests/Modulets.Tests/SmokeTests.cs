namespace Modulets.Tests;

public class SmokeTests
{
    [Fact]
    public async Task StartJob_OnMagicModule_RunsItsCode()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1000));
        using var test = new TestManager(folder.Path, o => o.Isolation.Share("Modulets.TestContracts"));
        var result = 0;
        using var job = test.Manager.StartJob(async job =>
        {
            await Task.Yield();
            result = job.CreateInstance<IMagic>(TestModules.MagicType).GetMagic();
        });
        await job;
        result.Should().Be(1000);
    }
}
