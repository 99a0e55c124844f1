using System.Globalization;

namespace Modulets.Tests.Loading;

public class BuildOutputTests
{
    [Fact]
    public async Task BuildOutput_WithNativeDependency_LoadsThisPlatformsLibraryFromDepsJson()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.Sqlite);
        using var test = new TestManager(folder.Path);

        var report = await Describe(test.Manager, "SqliteModule.Probe");

        report.Should().MatchRegex(@"^sqlite 3\.\d+\.\d+; hello$");
        test.Manager.CurrentVersion.Assemblies.Should().Contain(["SqliteModule", "Microsoft.Data.Sqlite", "SQLitePCLRaw.core"]);
    }

    [Fact]
    public async Task BuildOutput_WithSatelliteAssembly_ResolvesTheJobsCultureFromTheVersion()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.Sqlite);
        using var test = new TestManager(folder.Path);

        var report = await Describe(test.Manager, "SqliteModule.Probe", CultureInfo.GetCultureInfo("fr-FR"));

        report.Should().EndWith("; bonjour");
    }

    [Fact]
    public async Task BuildOutput_NativeLibraryTruncatedByAnUpdate_IsRejectedAndTheVersionKeepsItsCopy()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.Sqlite);
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;
        var native = Directory.GetFiles(folder.Path, "libe_sqlite3.so", SearchOption.AllDirectories)
            .Single(path => path.Contains($"{Path.DirectorySeparatorChar}linux-x64{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var bytes = File.ReadAllBytes(native);
        File.WriteAllBytes(native, bytes[..(bytes.Length / 3)]);

        test.Manager.Refresh().Should().BeSameAs(good);
        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain("libe_sqlite3.so").And.Contain("truncated");
        (await Describe(test.Manager, "SqliteModule.Probe")).Should().StartWith("sqlite 3.");
    }

    [Fact]
    public async Task BuildOutputs_OfTwoVersionsWithDifferentJsonNet_RunSideBySide()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.JsonWithNewtonsoft12);
        using var test = new TestManager(folder.Path);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var oldReport = DescribeAfter(test.Manager, "JsonModule.Probe", gate.Task);

        folder.CopyFrom(FixtureModules.JsonWithNewtonsoft13);
        test.Manager.Refresh();
        var newReport = DescribeAfter(test.Manager, "JsonModule.Probe", gate.Task);
        gate.SetResult();

        (await oldReport).Should().Be("12.0.0.0 {\"A\":1}");
        (await newReport).Should().Be("13.0.0.0 {\"A\":1}");
        test.Manager.Versions.Should().HaveCount(2);
        test.Manager.CurrentVersion.Assemblies.Should().BeEquivalentTo("JsonModule", "Newtonsoft.Json");
    }

    [Fact]
    public void Update_MissingADependency_IsRejectedNamingTheReference()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.Sqlite);
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;

        folder.Delete("SQLitePCLRaw.core.dll");

        test.Manager.Refresh().Should().BeSameAs(good);
        test.Events(7).Should().ContainSingle().Which.Message.Should()
            .Contain("references 'SQLitePCLRaw.core, Version=").And.Contain("neither in the modules folder nor available to the host");
    }

    [Fact]
    public void Update_MissingADependencyTheHostHas_IsResolvedByTheHost()
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.JsonWithNewtonsoft13);
        using var test = new TestManager(folder.Path);

        folder.Delete("Newtonsoft.Json.dll");
        var version = test.Manager.Refresh();

        version.Assemblies.Should().Equal("JsonModule");
        test.Events(7).Should().BeEmpty("the test host itself carries Json.NET 13");
    }

    private static Task<string> Describe(ModuletManager manager, string typeName, CultureInfo? culture = null) =>
        DescribeAfter(manager, typeName, Task.CompletedTask, culture);

    private static async Task<string> DescribeAfter(ModuletManager manager, string typeName, Task gate, CultureInfo? culture = null)
    {
        var report = "";
        await manager.StartJob(async job =>
        {
            await gate;
            CultureInfo.CurrentUICulture = culture ?? CultureInfo.InvariantCulture;
            report = job.CreateInstance<IProbe>(typeName).Describe();
        });
        return report;
    }
}
