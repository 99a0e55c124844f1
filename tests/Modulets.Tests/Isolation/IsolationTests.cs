using System.Reflection;
using System.Runtime.Loader;

namespace Modulets.Tests.Isolation;

public class IsolationTests
{
    private static readonly string s_contractsFile = typeof(IMagic).Assembly.Location;

    [Fact]
    public async Task ContractCopiedIntoFolder_TheHostsSameBuild_IsSharedAutomatically()
    {
        // What `dotnet build -o <modules>` leaves beside a module that references its contract project.
        using var folder = ModulesFolder.With(TestModules.Magic(1));
        folder.CopyIn(s_contractsFile);
        using var test = new TestManager(folder.Path);

        var (job, magic) = test.Manager.StartMagicJob();
        await job;

        (await magic).Should().Be(1);
        job.Version.Assemblies.Should().Equal("MagicModule");
        test.Events(21).Should().ContainSingle().Which.Message.Should().Contain("Modulets.TestContracts");
        test.Events(10).Should().BeEmpty();
    }

    [Fact]
    public async Task ContractCopiedIntoFolder_AnotherBuildWhoseInterfacesTheModuleImplements_IsReplacedByTheHostsCopy()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(2), TestModules.ContractsRebuilt());
        using var test = new TestManager(folder.Path);

        var (job, magic) = test.Manager.StartMagicJob();
        await job;

        (await magic).Should().Be(2);
        job.Version.Assemblies.Should().Equal("MagicModule");
        test.Events(22).Should().ContainSingle().Which.Message.Should().Contain("another build");
    }

    [Fact]
    public async Task PackageWhoseInterfaceAModuleTypeImplements_IsNotTakenForAContract_AndStaysPrivate()
    {
        // A module carrying its own Json.NET, with a public binder implementing Json.NET's ISerializationBinder: Json.NET
        // is a package of the module, not a contract the build copied, so it stays private and the version is collected.
        var jsonNet = Path.Combine(FixtureModules.JsonWithNewtonsoft13, "Newtonsoft.Json.dll");
        var module = ModuleCompiler.Compile("BinderModule", """
            using System;
            using System.Runtime.Loader;
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;
            namespace BinderModule;
            public sealed class TypeBinder : ISerializationBinder
            {
                public Type BindToType(string? assemblyName, string typeName) => typeof(Probe);
                public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) => (assemblyName, typeName) = (null, serializedType.Name);
            }
            public sealed class Probe : Modulets.TestContracts.IProbe
            {
                public string Describe() =>
                    (AssemblyLoadContext.GetLoadContext(typeof(JsonConvert).Assembly)!.IsCollectible ? "private " : "shared ")
                    + JsonConvert.SerializeObject(new { A = 1 }, new JsonSerializerSettings { SerializationBinder = new TypeBinder() });
            }
            """, files: [jsonNet]);
        using var folder = ModulesFolder.With(module);
        folder.CopyIn(jsonNet);
        using var test = new TestManager(folder.Path);

        var job = test.Manager.StartJob(job => Task.FromResult(job.CreateInstance<IProbe>("BinderModule.Probe").Describe()));

        (await job).Should().Be("private {\"A\":1}");
        job.Version.Assemblies.Should().BeEquivalentTo("BinderModule", "Newtonsoft.Json");
        test.Events(21).Should().BeEmpty();
        test.Events(22).Should().BeEmpty();
    }

    [Fact]
    public async Task Share_ContractCopiedIntoFolder_HostAndModuleUseOneContractType()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(7));
        folder.CopyIn(s_contractsFile);
        using var test = new TestManager(folder.Path, options => options.Isolation.Share("Modulets.TestContracts"));

        var (job, magic) = test.Manager.StartMagicJob();
        await job;

        (await magic).Should().Be(7);
        job.Version.Assemblies.Should().Equal("MagicModule");
        test.Events(10).Should().BeEmpty();
    }

    [Fact]
    public async Task Isolate_WhiteList_LeavesOtherFolderAssembliesShared()
    {
        var (magic, helper) = TestModules.MagicWithHelper(5, helperName: "WhiteListHelper");
        using var folder = ModulesFolder.With(magic, helper);
        using var test = new TestManager(folder.Path, options => options.Isolation.Isolate("Magic*"));
        Assembly? helperAssembly = null;

        var job = test.Manager.StartJob(job =>
        {
            job.GetMagic().Should().Be(5);
            helperAssembly = Type.GetType("WhiteListHelper.Numbers, WhiteListHelper")!.Assembly;
            return Task.CompletedTask;
        });
        await job;

        job.Version.Assemblies.Should().Equal("MagicModule");
        AssemblyLoadContext.GetLoadContext(helperAssembly!).Should().BeSameAs(AssemblyLoadContext.Default, "a shared assembly only the folder has is loaded once into the default context");
    }

    [Fact]
    public async Task IsolationEdit_AtRunTime_AppliesToTheNextVersionOnly()
    {
        var (magic, helper) = TestModules.MagicWithHelper(3, helperName: "EditedHelper");
        using var folder = ModulesFolder.With(magic, helper);
        using var test = new TestManager(folder.Path);
        var before = test.Manager.CurrentVersion;

        test.Manager.Isolation.Should().BeSameAs(test.Options.Isolation);
        test.Manager.Isolation.Share("EditedHelper");
        var after = test.Manager.Refresh();

        after.Id.Should().NotBe(before.Id, "the edit changed which assemblies are isolated");
        before.Assemblies.Should().Contain("EditedHelper");
        after.Assemblies.Should().Equal("MagicModule");
        (await test.Manager.StartMagicJob().Magic).Should().Be(3);
    }

    [Fact]
    public void IsolationEdit_ThatChangesNothingIsolated_KeepsTheVersion()
    {
        using var folder = ModulesFolder.With(TestModules.Magic(3));
        using var test = new TestManager(folder.Path);
        var before = test.Manager.CurrentVersion;

        test.Manager.Isolation.Share("Unrelated.*");

        test.Manager.Refresh().Should().BeSameAs(before);
    }
}
