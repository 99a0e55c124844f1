namespace Modulets.Analyzers.Tests;

public sealed class ProcessWideEventAnalyzerTests
{
    [Fact]
    public Task ASubscriptionWithoutAnUnsubscription_IsReported() => Verify.AnalyzerAsync<ProcessWideEventAnalyzer>("""
        using System;
        using System.Runtime.Loader;
        using System.Threading.Tasks;
        public sealed class Job
        {
            public void Run()
            {
                {|MODL001:AppDomain.CurrentDomain.ProcessExit += (_, _) => { }|};
                {|MODL001:AssemblyLoadContext.Default.Resolving += (_, _) => null|};
                {|MODL001:TaskScheduler.UnobservedTaskException += OnUnobserved|};
                {|MODL001:Console.CancelKeyPress += (_, _) => { }|};
            }

            private static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) { }
        }
        """);

    [Fact]
    public Task AnUnsubscriptionInTheSameType_IsEnough() => Verify.AnalyzerAsync<ProcessWideEventAnalyzer>("""
        using System;
        using System.Threading;
        public sealed class Job
        {
            public void Run(CancellationToken cancellation)
            {
                AppDomain.CurrentDomain.ProcessExit += OnExit;
                cancellation.Register(() => AppDomain.CurrentDomain.ProcessExit -= OnExit);
            }

            private static void OnExit(object? sender, EventArgs e) { }
        }
        """);

    [Fact]
    public Task ANestedType_IsJudgedOnItsOwn_Once() => Verify.AnalyzerAsync<ProcessWideEventAnalyzer>("""
        using System;
        public sealed class Job
        {
            private static class Exiting
            {
                public static void Hook() => AppDomain.CurrentDomain.ProcessExit += OnExit;

                public static void Unhook() => AppDomain.CurrentDomain.ProcessExit -= OnExit;

                private static void OnExit(object? sender, EventArgs e) { }
            }

            private static class Leaking
            {
                public static void Hook() => {|MODL001:AppDomain.CurrentDomain.UnhandledException += (_, _) => { }|};
            }
        }
        """);

    [Fact]
    public Task TheModulesOwnLoadContextAndOtherEvents_AreNotProcessWide() => Verify.AnalyzerAsync<ProcessWideEventAnalyzer>("""
        using System;
        using System.Runtime.Loader;
        public sealed class Job
        {
            public event EventHandler? Done;

            public void Run(AssemblyLoadContext mine)
            {
                mine.Unloading += _ => { };
                Done += (_, _) => { };
            }
        }
        """);

    [Fact]
    public Task InAHost_ModuleRulesAreSilent() => Verify.AnalyzerAsync<ProcessWideEventAnalyzer>(
        """
        using System;
        public static class Program
        {
            public static void Main() => AppDomain.CurrentDomain.ProcessExit += (_, _) => { };
        }
        """,
        role: "Host");
}
