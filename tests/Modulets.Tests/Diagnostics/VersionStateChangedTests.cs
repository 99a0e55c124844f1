namespace Modulets.Tests.Diagnostics;

public class VersionStateChangedTests
{
    [Fact]
    public async Task AHandlerThatThrows_DoesNotKeepTheHandlersAfterItFromHearingEveryChange()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var heard = new List<ModuleVersionState>();
        var collected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        test.Manager.VersionStateChanged += (_, _) => throw new InvalidOperationException("a broken handler");
        test.Manager.VersionStateChanged += (_, e) =>
        {
            lock (heard)
            {
                heard.Add(e.State);
            }

            if (e.State == ModuleVersionState.Collected)
            {
                collected.TrySetResult();
            }
        };

        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        await collected.Task.WaitAsync(TimeSpan.FromSeconds(30));

        lock (heard)
        {
            heard.Should().Equal(ModuleVersionState.Current, ModuleVersionState.Draining, ModuleVersionState.Unloading, ModuleVersionState.Collected);
        }

        test.Events(16).Should().HaveCount(4, "each failure of the broken handler is logged");
    }
}
