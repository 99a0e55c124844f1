namespace Modulets.Tests.BadInput;

public class BadModulesTests
{
    [Fact]
    public void StartJob_FolderMissing_ThrowsNamingTheFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "modulets-tests", "missing-" + Guid.NewGuid().ToString("N"));
        using var test = new TestManager(missing);

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        var error = act.Should().Throw<ModuleLoadException>().Which;
        error.Message.Should().Contain(missing).And.Contain("does not exist");
        error.Location.Should().Be(missing);
        test.Events(7).Should().ContainSingle("the constructor logged the problem once");
    }

    [Fact]
    public void StartJob_PathIsAFile_ThrowsSayingSo()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder[TestModules.Magic(1).FileName]);

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        act.Should().Throw<ModuleLoadException>().WithMessage("*is a file, not a folder*");
    }

    [Fact]
    public void StartJob_FolderEmpty_ThrowsSayingItHoldsNoAssemblies()
    {
        using var folder = ModulesFolder.Create();
        using var test = new TestManager(folder.Path);

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        act.Should().Throw<ModuleLoadException>().WithMessage($"*'{folder.Path}' contains no assemblies*");
        act.Should().Throw<ModuleLoadException>();
        test.Events(7).Should().ContainSingle("the same problem is logged once");
    }

    [Fact]
    public async Task StartJob_FirstGoodModulesArriveLater_LoadsThemWithoutRefresh()
    {
        using var folder = ModulesFolder.Create();
        using var test = new TestManager(folder.Path);
        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);
        act.Should().Throw<ModuleLoadException>();

        folder.Write(TestModules.Magic(9));
        var (job, magic) = test.Manager.StartMagicJob();
        await job;

        (await magic).Should().Be(9);
    }

    [Fact]
    public async Task Refresh_TruncatedUpdate_KeepsTheCurrentVersionAndLogsTheFileOnce()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;
        var image = TestModules.Magic(2).Image;

        folder.WriteFile("MagicModule.dll", image[..(image.Length / 2)]);
        var first = test.Manager.Refresh();
        var second = test.Manager.Refresh();

        first.Should().BeSameAs(good);
        second.Should().BeSameAs(good);
        var rejection = test.Events(7).Should().ContainSingle().Subject;
        rejection.Message.Should().Contain(folder["MagicModule.dll"]).And.Contain("truncated").And.Contain(good.ShortId);
        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("empty")]
    [InlineData("garbage")]
    public async Task Refresh_NotADotNetAssembly_IsRejectedWithTheFileAndReason(string kind)
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        byte[] content = kind switch
        {
            "text" => "this is not an assembly"u8.ToArray(),
            "empty" => [],
            _ => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))],
        };

        folder.WriteFile("MagicModule.dll", content);
        test.Manager.Refresh();

        test.Manager.Versions.Should().ContainSingle();
        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain(folder["MagicModule.dll"]);
        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
    }

    [Fact]
    public void StartJob_OnlyABadFileEverExisted_ThrowsNamingTheFileAndProblem()
    {
        using var folder = ModulesFolder.Create();
        folder.WriteFile("MagicModule.dll", "not .NET"u8.ToArray());
        using var test = new TestManager(folder.Path);

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        var error = act.Should().Throw<ModuleLoadException>().Which;
        error.Message.Should().Contain(folder.Path).And.Contain("MagicModule.dll").And.Contain("not a valid .NET assembly");
        error.FilePath.Should().Be(folder["MagicModule.dll"]);
    }

    [Fact]
    public async Task Refresh_FolderDeleted_KeepsTheCurrentVersion()
    {
        var folder = ModulesFolder.With(TestModules.Magic(4));
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;

        folder.Dispose();

        test.Manager.Refresh().Should().BeSameAs(good);
        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain("does not exist");
        (await test.Manager.StartMagicJob().Magic).Should().Be(4);
    }

    [Fact]
    public async Task CreateInstance_TypeDoesNotExist_NamesTheTypeVersionAndAssembliesSearched()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);

        var job = test.Manager.StartJob(job =>
        {
            job.CreateInstance<IMagic>("MagicModule.Missing");
            return Task.CompletedTask;
        });
        var act = async () => await job;

        (await act.Should().ThrowAsync<TypeLoadException>()).Which.Message.Should()
            .Contain("MagicModule.Missing").And.Contain(job.Version.ShortId).And.Contain("assemblies searched: MagicModule");
    }

    [Fact]
    public async Task CreateInstance_StaticConstructorThrows_NamesTheTypeAndVersionAndOtherVersionsWork()
    {
        using var folder = ModulesFolder.With(TestModules.BrokenStaticConstructor());
        using var test = new TestManager(folder.Path);

        var (job, _) = test.Manager.StartMagicJob();
        var act = async () => await job;

        (await act.Should().ThrowAsync<ModuletException>()).Which.Message.Should()
            .Contain("MagicModule.Magic").And.Contain(job.Version.ShortId).And.Contain("static set-up failed");
        folder.Write(TestModules.Magic(2));
        test.Manager.Refresh();
        (await test.Manager.StartMagicJob().Magic).Should().Be(2);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheOption()
    {
        var act = () => new ModuletManager(new ModuletOptions { ModulesPath = "", UnloadTimeout = TimeSpan.Zero });

        act.Should().Throw<ArgumentException>().WithMessage("*ModulesPath is required*UnloadTimeout must be positive*");
    }
}
