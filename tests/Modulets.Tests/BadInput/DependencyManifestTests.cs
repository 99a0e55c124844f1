namespace Modulets.Tests.BadInput;

/// <summary>
/// Dependency manifests that abort the whole process when the runtime's resolver reads them (.NET 10.0.12's
/// hostpolicy: <c>std::logic_error</c>, "basic_string::_M_construct null not valid"), found by the mutation harness
/// and minimized: they are rejected before the resolver sees them, and the current version goes on.
/// </summary>
public class DependencyManifestTests
{
    [Theory]
    [InlineData("{}", "no runtimeTarget name")]
    [InlineData("""{ "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" }, "targets": { ".NETCoreApp,Version=v10.0": {} }, "libraries": { "JsonModule/1.0.0": { "sha512": "" } } }""", "has no type")]
    [InlineData("""{ "runtimeTarget": 42, "targets": {} }""", "no runtimeTarget name")]
    public async Task AManifestTheRuntimeWouldAbortOn_IsRejected_AndTheCurrentVersionGoesOn(string manifest, string reason)
    {
        using var folder = ModulesFolder.Create();
        foreach (var file in Directory.EnumerateFiles(FixtureModules.JsonWithNewtonsoft13))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;
        File.WriteAllText(folder["JsonModule.deps.json"], manifest);
        File.AppendAllText(folder["JsonModule.dll"], string.Empty); // the same assembly, read again with the new manifest

        test.Manager.Refresh().Should().BeSameAs(good, "the process is still here, and the bad manifest replaced nothing");
        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain("JsonModule.deps.json").And.Contain(reason);
        await test.Manager.StartJob(_ => Task.CompletedTask).Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
