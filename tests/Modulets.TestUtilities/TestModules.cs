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

    /// <summary>A <c>MagicModule</c> that asks <c>TypeDescriptor</c> about its own type, which has a <c>[TypeConverter]</c>.</summary>
    public static CompiledModule TypeDescriptorUser(int magic) => ModuleCompiler.Compile("MagicModule",
        $$"""
        using System.ComponentModel;
        namespace MagicModule;
        [TypeConverter(typeof(MagicConverter))]
        public sealed class Magic : Modulets.TestContracts.IMagic
        {
            public int Number { get; set; } = {{magic}};
            public int GetMagic() => TypeDescriptor.GetProperties(typeof(Magic)).Count + TypeDescriptor.GetConverter(this).GetType().Name.Length * 0 + {{magic}} - 1;
        }
        public sealed class MagicConverter : TypeConverter { }
        """);

    /// <summary>A <c>MagicModule</c> that creates a <c>Meter</c> with an observable gauge (its callback in module code) and never disposes of it.</summary>
    public static CompiledModule MeterUser(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource(
        $$"""
        private static readonly System.Diagnostics.Metrics.Meter s_meter = new("MagicModule.Meter");
        private static readonly System.Diagnostics.Metrics.ObservableGauge<int> s_gauge = s_meter.CreateObservableGauge("magic.number", () => {{magic}});
        public int GetMagic() => s_gauge.Name.Length * 0 + {{magic}};
        """));

    /// <summary>A <c>MagicModule</c> that creates an <c>ActivitySource</c> and an <c>ActivityListener</c> whose callbacks are module code, and disposes of neither.</summary>
    public static CompiledModule ActivitySourceUser(int magic) => ModuleCompiler.Compile("MagicModule", MagicSource(
        $$"""
        private static readonly System.Diagnostics.ActivitySource s_source = new("MagicModule.Source");
        private static readonly System.Diagnostics.ActivityListener s_listener = Listen();
        private static System.Diagnostics.ActivityListener Listen()
        {
            var listener = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = source => source.Name == "MagicModule.Source",
                Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            };
            System.Diagnostics.ActivitySource.AddActivityListener(listener);
            return listener;
        }
        public int GetMagic()
        {
            using var activity = s_source.StartActivity("magic");
            return s_listener.GetHashCode() * 0 + {{magic}};
        }
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

    /// <summary>
    /// The report module of the Hangfire tests: its <c>IModuletStartup</c> registers an <c>IReportJob</c> (unless
    /// <paramref name="implement"/> is false) that records each run in <c>ReportRuns</c>. A run id <c>wait-on-N:...</c>
    /// opens the gate <c>{id}.started</c> and waits for the gate <c>{id}</c> (or the job's cancellation) on build N;
    /// <c>fail-on-N:...</c> throws on build N; <c>enqueue:...</c> enqueues a follow-up run <c>{id}.next</c> from module code.
    /// </summary>
    public static CompiledModule ReportJobs(int build, bool implement = true, IReadOnlyList<string>? hangfireAssemblies = null)
    {
        var registration = implement ? "services.AddTransient<IReportJob, Report>();" : string.Empty;
        var enqueue = hangfireAssemblies is null ? string.Empty : ReportFollowUp;
        return ModuleCompiler.Compile(
        "ReportModule",
        $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Modulets.TestContracts;
        namespace ReportModule;
        public sealed class Startup : Modulets.IModuletStartup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                {{registration}}
            }
        }
        public sealed class Report(System.IServiceProvider services) : IReportJob
        {
            public async Task RunAsync(string runId, CancellationToken cancellationToken)
            {
                if (runId.StartsWith("wait-on-{{build}}:"))
                {
                    Gates.Get(runId + ".started").Set();
                    await Task.Run(() => Gates.Get(runId).Wait(cancellationToken), cancellationToken);
                }
                if (runId.StartsWith("fail-on-{{build}}:"))
                {
                    throw new System.InvalidOperationException("build {{build}} cannot run " + runId);
                }
                {{enqueue}}
                ReportRuns.Record(runId, {{build}}, Modulets.ModuletJob.Current?.Version.Id);
            }
        }
        public sealed class FollowUp
        {
            public void Run() { }
        }
        """,
        files: [typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(IModuletStartup).Assembly.Location, .. hangfireAssemblies ?? []]);
    }

    /// <summary>
    /// A module whose <c>IModuletStartup</c> registers an <c>IScheduledReport</c> (a Quartz job contract), unless
    /// <paramref name="implement"/> is false, that records each fire in <c>ScheduledRuns</c> under the job data's
    /// <c>run</c>. A run <c>wait:...</c> opens the gate <c>{run}.started</c> and waits for the gate <c>{run}</c> (or
    /// the fire's cancellation).
    /// </summary>
    public static CompiledModule ScheduledReports(int build, bool implement = true) => ModuleCompiler.Compile(
        "ScheduledReportModule",
        $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Modulets.TestContracts;
        namespace ScheduledReportModule;
        public sealed class Startup : Modulets.IModuletStartup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                {{(implement ? "services.AddTransient<IScheduledReport, Report>();" : string.Empty)}}
            }
        }
        public sealed class Report : IScheduledReport
        {
            public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken)
            {
                var run = (string)context.MergedJobDataMap["run"];
                if (run.StartsWith("wait:"))
                {
                    Gates.Get(run + ".started").Set();
                    await Task.Run(() => Gates.Get(run).Wait(cancellationToken), cancellationToken);
                }
                ScheduledRuns.Record(run, {{build}}, Modulets.ModuletJob.Current?.Version.Id, context.FireInstanceId);
            }
        }
        """,
        files: [typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location, typeof(IModuletStartup).Assembly.Location, typeof(Quartz.IJob).Assembly.Location]);

    /// <summary>
    /// A module with the upgradable job <c>UpgradeModule.Waiter</c> (an <c>IUpgradableJob&lt;Conversation&gt;</c>): it adds
    /// its build to the conversation, tells <c>Customers</c> it started, and waits for the customer's reply; when newer
    /// code is current first, it hands the conversation off. With <paramref name="withWaiter"/> false the module has
    /// no such type (a version that cannot take the job).
    /// </summary>
    public static CompiledModule Upgradable(int build, bool withWaiter = true) => ModuleCompiler.Compile(
        "UpgradeModule",
        withWaiter
            ? $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Modulets;
            using Modulets.TestContracts;
            namespace UpgradeModule;
            public sealed class Waiter : IUpgradableJob<Conversation>
            {
                public async Task RunAsync(UpgradeContext<Conversation> context)
                {
                    var conversation = context.State with { Builds = [.. context.State.Builds, {{build}}] };
                    Customers.Started(conversation.Customer, {{build}});
                    var reply = Customers.ReplyOf(conversation.Customer);
                    var upgrade = Task.Delay(Timeout.Infinite, context.UpgradeAvailable);
                    if (await Task.WhenAny(reply, upgrade) != reply && await context.HandOffAsync(conversation))
                    {
                        return;
                    }

                    Customers.Finished(conversation with { Reply = await reply });
                }
            }
            """
            : $"namespace UpgradeModule; public static class Build {{ public const int Number = {build}; }}",
        files: [typeof(IModuletStartup).Assembly.Location]);

    private const string ReportFollowUp = """
        if (runId.StartsWith("enqueue:"))
        {
            var client = (Hangfire.IBackgroundJobClient)services.GetService(typeof(Hangfire.IBackgroundJobClient))!;
            Hangfire.ContractJobClientExtensions.EnqueueContract<IReportJob>(client, "RunAsync", runId + ".next", CancellationToken.None);
        }
        if (runId.StartsWith("expression:"))
        {
            // What the contract API exists to prevent: Hangfire's expressions with a module type.
            var client = (Hangfire.IBackgroundJobClient)services.GetService(typeof(Hangfire.IBackgroundJobClient))!;
            Hangfire.BackgroundJobClientExtensions.Schedule<FollowUp>(client, followUp => followUp.Run(), System.TimeSpan.FromDays(1));
        }
        """;

    private static string MagicSource(string members) =>
        $$"""
        namespace MagicModule;
        public sealed class Magic : Modulets.TestContracts.IMagic
        {
        {{members}}
        }
        """;
}
