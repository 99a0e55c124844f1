namespace Modulets.Tests.Updates;

public class VersionedSubfolderTests
{
    [Fact]
    public async Task StagedUpdateRenamedIntoPlace_NoJobEverSeesTwoBuildsMixed()
    {
        using var folder = ModulesFolder.Create();
        var (magic1, helper1) = TestModules.Pair(1);
        var (magic2, helper2) = TestModules.Pair(2);
        folder.Write(magic1, helper1, subfolder: "1");
        using var test = new TestManager(folder.Path, options => options.FolderLayout = ModuleFolderLayout.VersionedSubfolders);
        var seen = new List<int> { await test.Manager.StartMagicJob().Magic };

        foreach (var module in new[] { helper2, magic2 })
        {
            folder.Write(module, subfolder: ".incoming");
            test.Manager.Refresh();
            seen.Add(await test.Manager.StartMagicJob().Magic);
        }

        Directory.Move(folder[".incoming"], folder["2"]);
        var update = test.Manager.Refresh();
        seen.Add(await test.Manager.StartMagicJob().Magic);

        seen.Should().Equal(1001, 1001, 1001, 2002);
        update.Labels.Should().Contain(ModuleLabels.Folder, "2");
        update.Location.Should().Be(folder["2"]);
    }

    [Fact]
    public async Task NewestFolderRenamedAway_RollsBackToThePreviousBuild()
    {
        using var folder = ModulesFolder.Create();
        folder.Write(TestModules.Magic(9), subfolder: "9");
        folder.Write(TestModules.Magic(10), subfolder: "10");
        using var test = new TestManager(folder.Path, options => options.FolderLayout = ModuleFolderLayout.VersionedSubfolders);
        var nine = test.Manager.Versions.Should().ContainSingle().Subject;
        (await test.Manager.StartMagicJob().Magic).Should().Be(10, "10 is newer than 9 in natural order");

        Directory.Move(folder["10"], folder["_rolled-back-10"]);
        test.Manager.Refresh();

        (await test.Manager.StartMagicJob().Magic).Should().Be(9);
        test.Manager.CurrentVersion.Labels[ModuleLabels.Folder].Should().Be("9");
    }

    [Fact]
    public async Task Start_WithABrokenNewestSubfolder_TheNewestGoodOneServes()
    {
        using var folder = ModulesFolder.Create();
        folder.Write(TestModules.Magic(41), subfolder: "41");
        folder.Write(TestModules.Magic(42), subfolder: "42");
        WriteTruncated(folder, "43");
        using var test = new TestManager(folder.Path, options => options.FolderLayout = ModuleFolderLayout.VersionedSubfolders);

        (await test.Manager.StartMagicJob().Magic).Should().Be(42);
        test.Manager.Refresh();

        test.Manager.CurrentVersion.Labels[ModuleLabels.Folder].Should().Be("42");
        test.Events(7).Should().ContainSingle("the broken subfolder is logged once").Which.Message.Should().Contain(folder["43"]).And.Contain("truncated");
    }

    [Fact]
    public async Task BrokenNewerSubfolder_WhileRunning_KeepsTheCurrentVersionUntilItIsFixed()
    {
        using var folder = ModulesFolder.Create();
        folder.Write(TestModules.Magic(1), subfolder: "1");
        folder.Write(TestModules.Magic(2), subfolder: "2");
        using var test = new TestManager(folder.Path, options => options.FolderLayout = ModuleFolderLayout.VersionedSubfolders);
        var two = test.Manager.CurrentVersion;

        WriteTruncated(folder, "3");
        test.Manager.Refresh().Should().BeSameAs(two, "the newest good subfolder is the current one; it never falls back past it");
        (await test.Manager.StartMagicJob().Magic).Should().Be(2);

        folder.Write(TestModules.Magic(3), subfolder: "3");
        test.Manager.Refresh();
        (await test.Manager.StartMagicJob().Magic).Should().Be(3);
        test.Manager.Versions.Should().HaveCount(2, "version 1 never loaded");
    }

    [Fact]
    public void BrokenNewerSubfolder_AfterTheCurrentVersionsFolderWasDeleted_NeverRollsBackPastIt()
    {
        using var folder = ModulesFolder.Create();
        folder.Write(TestModules.Magic(41), subfolder: "41");
        folder.Write(TestModules.Magic(42), subfolder: "42");
        using var test = new TestManager(folder.Path, options => options.FolderLayout = ModuleFolderLayout.VersionedSubfolders);
        var current = test.Manager.CurrentVersion;

        Directory.Delete(folder["42"], recursive: true);   // a clean-up: the version is in memory
        WriteTruncated(folder, "44");

        test.Manager.Refresh().Should().BeSameAs(current);
        test.Manager.Versions.Should().ContainSingle("41 is older than the current version");
    }

    private static void WriteTruncated(ModulesFolder folder, string subfolder)
    {
        var image = TestModules.Magic(int.Parse(subfolder, System.Globalization.CultureInfo.InvariantCulture)).Image;
        Directory.CreateDirectory(folder[subfolder]);
        File.WriteAllBytes(Path.Combine(folder[subfolder], "MagicModule.dll"), image[..(image.Length / 2)]);
    }

    [Fact]
    public void NoVersionSubfolder_IsReportedClearly()
    {
        using var folder = ModulesFolder.Create();
        Directory.CreateDirectory(folder[".incoming"]);
        using var test = new TestManager(folder.Path, options => options.FolderLayout = ModuleFolderLayout.VersionedSubfolders);

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        act.Should().Throw<ModuleLoadException>().WithMessage("*has no version subfolder*");
    }

    [Theory]
    [InlineData("9", "10")]
    [InlineData("1.2.9", "1.2.10")]
    [InlineData("v2", "v10")]
    [InlineData("2026-01-31", "2026-02-01")]
    [InlineData("release-1", "release-1a")]
    public void NaturalOrder_PutsHigherVersionsLast(string lower, string higher)
    {
        NaturalOrder.Instance.Compare(lower, higher).Should().BeNegative();
        NaturalOrder.Instance.Compare(higher, lower).Should().BePositive();
    }
}
