using Modulets.TestContracts;

namespace Modulets.TestUtilities;

/// <summary>The modules the tests run: small, real C# modules compiled at test time, in as many versions as a test needs.</summary>
public static class TestModules
{
    public const string MagicType = "MagicModule.Magic";

    /// <summary>A <c>MagicModule</c> whose <c>Magic.GetMagic()</c> (an <c>IMagic</c>) returns <paramref name="magic"/>.</summary>
    public static CompiledModule Magic(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource($"public int GetMagic() => {magic};"));

    /// <summary>
    /// Another build of <c>Modulets.TestContracts</c> (same name, version and <c>IMagic</c>, different bytes): what a
    /// module's folder holds when its contract was built separately from the host's.
    /// </summary>
    public static CompiledModule ContractsRebuilt() => ModuleCompiler.Compile(
        typeof(IMagic).Assembly.GetName().Name!,
        $$"""
        [assembly: System.Reflection.AssemblyVersion("{{typeof(IMagic).Assembly.GetName().Version}}")]
        namespace Modulets.TestContracts;
        public interface IMagic { int GetMagic(); }
        internal static class RebuiltSeparately { }
        """);

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

    /// <summary>A <c>MagicModule</c> whose <c>GetMagic()</c> leaves one of its objects in an async local of the caller's flow.</summary>
    public static CompiledModule FlowStateMagic(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource(
        $$"""
        public static readonly System.Threading.AsyncLocal<object?> Flow = new();
        public int GetMagic() { Flow.Value = this; return {{magic}}; }
        """));

    /// <summary>A <c>MagicModule</c> that starts a timer it never stops: its version can never be collected.</summary>
    public static CompiledModule TimerLeak(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource(
        $$"""
        private static System.Threading.Timer? s_timer;
        public Magic() => s_timer ??= new System.Threading.Timer(Tick, null, 60_000, 60_000);
        private static void Tick(object? state) { }
        public int GetMagic() => {{magic}};
        """));

    /// <summary>A <c>MagicModule</c> that serializes one of its own types with System.Text.Json's default options.</summary>
    public static CompiledModule SystemTextJsonUser(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource(
        $$"""
        public sealed record Payload(int Value);
        public int GetMagic() => System.Text.Json.JsonSerializer.Deserialize<Payload>(System.Text.Json.JsonSerializer.Serialize(new Payload({{magic}})))!.Value;
        """));

    /// <summary>
    /// A module with an <c>IModuletStartup</c>: it registers a singleton <c>IMagic</c> that logs through the host and
    /// tells the shared <c>Witness</c> when it is disposed, and a scoped <c>IProbe</c> that does the same per job.
    /// </summary>
    public static CompiledModule WithStartup(int magic, bool failingStartup = false) =>
        WithStartupCode(magic, failingStartup ? "throw new System.InvalidOperationException(\"configuration is missing\");" : "");

    /// <summary>A module like <see cref="WithStartup"/> whose start-up opens <c>Gates.Get(gate + ".entered")</c>, then waits until the test opens <c>Gates.Get(gate)</c>.</summary>
    public static CompiledModule HangingStartup(int magic, string gate) =>
        WithStartupCode(magic, $"Gates.Get(\"{gate}.entered\").Set(); Gates.Get(\"{gate}\").Wait();");

    private static CompiledModule WithStartupCode(int magic, string startupCode)
    {
        return ModuleCompiler.Compile(
            "ServicesModule",
            $$"""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;
        using Modulets.TestContracts;
        namespace ServicesModule;
        public sealed class Startup : Modulets.IModuletStartup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                {{startupCode}}
                services.AddSingleton<IMagic, Magic>();
                services.AddScoped<IProbe, PerJob>();
            }
        }
        public sealed class Magic(ILogger<Magic> logger, Witness witness) : IMagic, System.IDisposable
        {
            public int GetMagic() { logger.LogInformation("magic asked"); return {{magic}}; }
            public void Dispose() => witness.Events.Enqueue("singleton disposed");
        }
        public sealed class PerJob(Witness witness) : IProbe, System.IDisposable
        {
            private readonly string _id = System.Guid.NewGuid().ToString();
            public string Describe() => _id;
            public void Dispose() => witness.Events.Enqueue("scope disposed");
        }
        public sealed class Consumer(IMagic magic, int offset) : IMagic
        {
            public int GetMagic() => magic.GetMagic() + offset;
        }
        """,
        files: [typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location, typeof(IModuletStartup).Assembly.Location]);
    }

    private static string MagicSource(string members) =>
        $$"""
        namespace MagicModule;
        public sealed class Magic : Modulets.TestContracts.IMagic
        {
        {{members}}
        }
        """;
}
