namespace Modulets.Tests.Versioning;

public class VersionIdentityTests
{
    [Fact]
    public void Id_IsALowerCaseSha256AndShortIdItsPrefix()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);

        var version = test.Manager.CurrentVersion;

        version.Id.Should().MatchRegex("^[0-9a-f]{64}$");
        version.ShortId.Should().Be(version.Id[..12]);
        version.State.Should().Be(ModuleVersionState.Current);
        version.Assemblies.Should().Equal("MagicModule");
        version.Location.Should().Be(Path.GetFullPath(folder.Path));
    }

    [Fact]
    public void Id_SameBytesInAnotherFolder_IsTheSame()
    {
        using var first = ModulesFolder.With(TestModules.Magic(1));
        using var second = ModulesFolder.With(TestModules.Magic(1));
        using var third = ModulesFolder.With(TestModules.Magic(2));
        using var a = new TestManager(first.Path);
        using var b = new TestManager(second.Path);
        using var c = new TestManager(third.Path);

        a.Manager.CurrentVersion.Id.Should().Be(b.Manager.CurrentVersion.Id);
        a.Manager.CurrentVersion.Id.Should().NotBe(c.Manager.CurrentVersion.Id);
    }

    [Fact]
    public void Refresh_SameBytesRewritten_KeepsTheVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var before = test.Manager.CurrentVersion;

        folder.Write(TestModules.Magic(1));
        var after = test.Manager.Refresh();

        after.Should().BeSameAs(before);
        test.Manager.Versions.Should().ContainSingle();
        test.Events(1).Should().ContainSingle("only the first read created a version");
    }

    [Fact]
    public async Task Refresh_RevertToADrainingVersion_MakesThatVersionCurrentAgain()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (oldJob, _) = test.Manager.StartMagicJob(gate.Task);
        var original = oldJob.Version;

        folder.Write(TestModules.Magic(2));
        var update = test.Manager.Refresh();
        original.State.Should().Be(ModuleVersionState.Draining);
        folder.Write(TestModules.Magic(1));
        var reverted = test.Manager.Refresh();

        reverted.Should().BeSameAs(original);
        reverted.State.Should().Be(ModuleVersionState.Current);
        reverted.RetiredAt.Should().BeNull();
        await update.UnloadedAsync();
        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
        gate.SetResult();
        await oldJob;
        original.State.Should().Be(ModuleVersionState.Current, "a current version is not unloaded when its jobs end");
        test.Events(2).Should().ContainSingle();
    }

    [Fact]
    public async Task Refresh_RevertToAnUnloadedVersion_CreatesAFreshVersionWithTheSameId()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var original = test.Manager.CurrentVersion;
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        await original.UnloadedAsync();

        folder.Write(TestModules.Magic(1));
        var reverted = test.Manager.Refresh();

        reverted.Should().NotBeSameAs(original, "a version that started to unload is never leased again");
        reverted.Id.Should().Be(original.Id);
        reverted.State.Should().Be(ModuleVersionState.Current);
        test.Manager.Versions.Should().HaveCount(3);
    }

    [Fact]
    public void Versions_ListsRetiredVersionsWithTheirStateOldestFirst()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        folder.Write(TestModules.Magic(2));
        var second = test.Manager.Refresh();
        folder.Write(TestModules.Magic(3));
        var third = test.Manager.Refresh();

        var versions = test.Manager.Versions.ToList();

        versions.Should().HaveCount(3);
        versions[1].Should().BeSameAs(second);
        versions[2].Should().BeSameAs(third).And.BeSameAs(test.Manager.CurrentVersion);
        versions.Take(2).Should().OnlyContain(v => v.State != ModuleVersionState.Current && v.RetiredAt != null);
    }

    [Fact]
    public async Task Versions_BeyondTheHistoryLimit_ForgetsTheOldestCollectedVersions()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(0));
        using var test = new TestManager(folder.Path, options => options.VersionHistoryLimit = 2);
        for (var magic = 1; magic <= 4; magic++)
        {
            var previous = test.Manager.CurrentVersion;
            folder.Write(TestModules.Magic(magic));
            test.Manager.Refresh();
            (await Collect.UntilAsync(() => previous.State == ModuleVersionState.Collected)).Should().BeTrue();
        }

        test.Manager.Versions.Count(v => v.State == ModuleVersionState.Collected).Should().BeLessThanOrEqualTo(2);
        test.Manager.Versions.Should().Contain(test.Manager.CurrentVersion);
    }
}
