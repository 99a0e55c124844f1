namespace Modulets.Tests.BadInput;

public class HostileFolderTests
{
    [Fact]
    public async Task SymbolicLinks_ToADirectoryALoopAndAFileOutside_AreNotFollowed()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var outside = ModulesFolder.With(TestModules.Magic(99));
        Directory.CreateSymbolicLink(folder["loop"], folder.Path);
        Directory.CreateDirectory(folder["runtimes"]);
        Directory.CreateSymbolicLink(Path.Combine(folder["runtimes"], "linux-x64"), folder["runtimes"]);
        Directory.CreateSymbolicLink(folder["fr"], Path.GetTempPath());
        File.CreateSymbolicLink(folder["Outside.dll"], outside["MagicModule.dll"]);
        using var test = new TestManager(folder.Path, options => options.UpdateDetection = UpdateDetection.FileSystemWatcher);

        var version = test.Manager.Refresh();

        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
        version.Assemblies.Should().Equal("MagicModule");
        test.Events(7).Should().BeEmpty();
    }

    [Fact]
    public async Task RuntimeConfig_IsNeverRead_SoAHostileOneChangesNothing()
    {
        // A module's runtimeconfig.json is for an app's own host; Modulets runs modules on the host's runtime and never
        // opens the file, so it is not a reader to fuzz: garbage, invalid JSON and a sparse 512 MB file leave the
        // version as it is without them.
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var without = test.Manager.CurrentVersion;
        folder.WriteFile("MagicModule.runtimeconfig.json", "{ \"runtimeOptions\": { \"tfm\": "u8.ToArray());
        folder.WriteFile("Other.runtimeconfig.json", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        using (var huge = File.Create(folder["Huge.runtimeconfig.json"]))
        {
            huge.SetLength(512L * 1024 * 1024);
        }

        var with = test.Manager.Refresh();

        with.Should().BeSameAs(without, "the content is the same: no runtimeconfig.json is part of a version");
        test.Events(7).Should().BeEmpty();
        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
    }

    [Fact]
    public void SymbolicLink_AsTheOnlyAssembly_IsNotAModule()
    {
        using var folder = ModulesFolder.Create();
        using var outside = ModulesFolder.With(TestModules.Magic(99));
        File.CreateSymbolicLink(folder["MagicModule.dll"], outside["MagicModule.dll"]);
        using var test = new TestManager(folder.Path);

        var act = () => test.Manager.StartJob(_ => Task.CompletedTask);

        act.Should().Throw<ModuleLoadException>().WithMessage("*contains no assemblies*");
    }

    [Fact]
    public async Task HugeGarbageFile_IsRejectedFromItsHeaderWithoutBeingRead()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;
        using (var garbage = File.Create(folder["Huge.dll"]))
        {
            garbage.Write("not a PE file"u8);
            garbage.SetLength(512L * 1024 * 1024); // sparse: half a gigabyte on paper, nothing on disk
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        test.Manager.Refresh().Should().BeSameAs(good);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(64L * 1024 * 1024, "the file is turned down from its first bytes");
        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain("Huge.dll").And.Contain("no PE header");
        (await test.Manager.StartMagicJob().Magic).Should().Be(1);
    }
}
