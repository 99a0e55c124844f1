namespace Modulets.TestUtilities;

/// <summary>The modules the tests run: small, real C# modules compiled at test time, in as many versions as a test needs.</summary>
public static class TestModules
{
    public const string MagicType = "MagicModule.Magic";

    /// <summary>A <c>MagicModule</c> whose <c>Magic.GetMagic()</c> (an <c>IMagic</c>) returns <paramref name="magic"/>.</summary>
    public static CompiledModule Magic(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource($"public int GetMagic() => {magic};"));

    /// <summary>A <c>MagicModule</c> whose number comes from a second assembly, loaded only when <c>GetMagic()</c> is first called.</summary>
    public static (CompiledModule Magic, CompiledModule Helper) MagicWithHelper(int magic, string helperName = "MagicHelper")
    {
        var helper = ModuleCompiler.Compile(helperName, $"namespace {helperName}; public static class Numbers {{ public static int Get() => {magic}; }}");
        var module = ModuleCompiler.Compile("MagicModule", MagicSource($"public int GetMagic() => {helperName}.Numbers.Get();"), [helper]);
        return (module, helper);
    }

    /// <summary>
    /// Two assemblies of one build: <c>MagicModule</c> returns <c>helper * 1000 + build</c>, so a job that saw a module
    /// and a helper from different builds gets a number that is neither <c>1001</c> nor <c>2002</c>.
    /// </summary>
    public static (CompiledModule Magic, CompiledModule Helper) Pair(int build)
    {
        var helper = ModuleCompiler.Compile("MagicHelper", $"namespace MagicHelper; public static class Numbers {{ public static int Get() => {build}; }}");
        var module = ModuleCompiler.Compile("MagicModule", MagicSource($"public int GetMagic() => MagicHelper.Numbers.Get() * 1000 + {build};"), [helper]);
        return (module, helper);
    }

    /// <summary>A <c>MagicModule</c> whose <c>GetMagic()</c> throws from a known line (line 6 of <c>MagicModule.cs</c>).</summary>
    public static CompiledModule ThrowingMagic() => ModuleCompiler.Compile("MagicModule", MagicSource(
        """
        public int GetMagic()
        {
            throw new System.InvalidOperationException("no magic today");
        }
        """));

    /// <summary>A <c>MagicModule</c> whose type's static constructor throws.</summary>
    public static CompiledModule BrokenStaticConstructor() => ModuleCompiler.Compile("MagicModule", MagicSource(
        """
        static Magic() => throw new System.InvalidOperationException("static set-up failed");
        public int GetMagic() => 1;
        """));

    /// <summary>A <c>MagicModule</c> that subscribes to <c>AppDomain.ProcessExit</c> and never unsubscribes: its version can never be collected.</summary>
    public static CompiledModule ProcessExitLeak(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource(
        $$"""
        public Magic() => System.AppDomain.CurrentDomain.ProcessExit += OnExit;
        private static void OnExit(object? sender, System.EventArgs e) { }
        public int GetMagic() => {{magic}};
        """));

    private static string MagicSource(string members) =>
        $$"""
        namespace MagicModule;
        public sealed class Magic : Modulets.TestContracts.IMagic
        {
        {{members}}
        }
        """;
}
