namespace Modulets.Tests.Lifecycle;

public class PurgeTests
{
    [Fact]
    public async Task Purge_ARetiredVersion_CancelsItsJobsAndItIsCollected()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var job = test.Manager.StartJob((_, token) => Task.Delay(Timeout.Infinite, token), new JobOptions { Name = "waiting" });
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        var retired = job.Version;

        test.Manager.FindVersion(retired.ShortId).Should().BeSameAs(retired);
        test.Manager.Jobs.Should().ContainSingle().Which.Should().BeSameAs(job);
        job.StartedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        test.Manager.Purge(retired).Should().BeTrue();

        var act = async () => await job;
        await act.Should().ThrowAsync<OperationCanceledException>();
        (await retired.UnloadCompletion.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ModuleVersionState.Collected);
        retired.PurgedAt.Should().NotBeNull();
        test.Events(18).Should().ContainSingle().Which.Message.Should().Contain("an operator asked for it").And.Contain("(waiting)");
        test.Manager.Purge(retired).Should().BeFalse("it has no job left");
    }

    [Fact]
    public void Purge_TheCurrentVersion_IsRefused()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);

        var act = () => test.Manager.Purge(test.Manager.CurrentVersion);

        act.Should().Throw<InvalidOperationException>().WithMessage("*is current*");
    }

    [Fact]
    public void FindVersion_AnUnknownOrTooShortId_FindsNothing()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var current = test.Manager.CurrentVersion;

        test.Manager.FindVersion(current.Id).Should().BeSameAs(current);
        test.Manager.FindVersion(current.Id[..3]).Should().BeNull("a prefix needs at least 4 characters");
        test.Manager.FindVersion("ffffffffffff").Should().BeNull();
    }
}
