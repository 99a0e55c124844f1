namespace Modulets.Tests.Updates;

public class ValidationTests
{
    [Fact]
    public void Update_BuiltAgainstANewerSharedAssemblyThanTheHostHas_IsRejected()
    {
        var futureAbstractions = ModuleCompiler.Compile(
            "Microsoft.Extensions.Logging.Abstractions",
            """
            [assembly: System.Reflection.AssemblyVersion("99.0.0.0")]
            namespace Microsoft.Extensions.Logging { public interface IFutureLogger { } }
            """);
        var module = ModuleCompiler.Compile(
            "FutureModule",
            "public sealed class Future : Microsoft.Extensions.Logging.IFutureLogger { }",
            [futureAbstractions]);
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);
        var good = test.Manager.CurrentVersion;

        folder.Write(module);

        test.Manager.Refresh().Should().BeSameAs(good);
        test.Events(7).Should().ContainSingle().Which.Message.Should()
            .Contain("FutureModule.dll").And.Contain("Microsoft.Extensions.Logging.Abstractions, Version=99.0.0.0").And.Contain("the host cannot provide");
    }

    [Fact]
    public void Update_WithGarbageNativeLibrary_IsRejected()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        using var test = new TestManager(folder.Path);

        folder.WriteFile("libhelper.so", "#!/bin/sh\necho not a library\n"u8.ToArray());

        test.Manager.Refresh().Assemblies.Should().Equal("MagicModule");
        test.Events(7).Should().ContainSingle().Which.Message.Should().Contain("libhelper.so").And.Contain("not a native library");
    }
}
