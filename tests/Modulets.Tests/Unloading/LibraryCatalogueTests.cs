namespace Modulets.Tests.Unloading;

/// <summary>
/// The catalogue of libraries .NET shops use, each used by a real module with the real package the way application
/// code uses it, in a version of its own that is then retired: each ends collected, or leaked with a report that
/// names the library, the cache that holds the version, and the fix.
/// </summary>
public class LibraryCatalogueTests
{
    [Theory]
    [InlineData("PollyProbe", "ACME after 3 attempts")]
    [InlineData("OptionsValidationProbe", "ACME, rejected: 1 failure")]
    [InlineData("DataAnnotationsProbe", "valid=False, 1 error")]
    [InlineData("XmlSerializerProbe", "ACME with 2 lines")]
    [InlineData("CompiledExpressionProbe", "8 lines")]
    [InlineData("InterpretedExpressionProbe", "8 lines")]
    [InlineData("TypeDescriptorProbe", "4 properties, 4.25, 2")]
    [InlineData("EntityFrameworkProbe", "ACME with 2 lines")]
    [InlineData("SqliteProbe", "BOLT:3")]
    [InlineData("DapperProbe", "2 lines, 8 items")]
    [InlineData("MediatRProbe", "8 items")]
    [InlineData("AutofacProbe", "ACME")]
    [InlineData("FluentValidationProbe", "2 errors")]
    [InlineData("AutoMapperProbe", "ACME with 2 lines")]
    [InlineData("DynamicProxyProbe", "ACME, 1 call intercepted")]
    [InlineData("JsonSourceGeneratorProbe", "ACME with 2 lines")]
    [InlineData("CompiledRegexProbe", "2 and 2 skus")]
    public async Task LibraryUsedByAModule_VersionIsCollectedOnceRetired(string probe, string expected)
    {
        using var folder = ModulesFolder.Create().CopyFrom(FixtureModules.Libraries);
        using var test = new TestManager(folder.Path);
        var job = test.Manager.StartJob(job => Task.FromResult(job.CreateInstance<IProbe>($"LibraryModule.{probe}").Describe()));
        (await job).Should().Be(expected);
        var version = job.Version;

        folder.Write(TestModules.Magic(100));
        test.Manager.Refresh().Should().NotBeSameAs(version);

        var settled = await Task.WhenAny(version.UnloadCompletion, Task.Delay(TimeSpan.FromSeconds(60)));
        settled.Should().Be(version.UnloadCompletion, "the version should settle, collected or leaked; the log says: {0}", string.Join(Environment.NewLine, test.Logs.GetSnapshot().Select(record => $"{record.Id}: {record.Message} {record.Exception}")));
        (await version.UnloadCompletion).Should().Be(ModuleVersionState.Collected, version.LeakReport);
    }
}
