namespace Modulets.Analyzers.Tests;

public sealed class AsyncVoidAnalyzerTests
{
    [Fact]
    public Task AsyncVoidMethodsLocalFunctionsAndLambdas_AreReported() => Verify.AnalyzerAsync<AsyncVoidAnalyzer>("""
        using System;
        using System.Threading.Tasks;
        public sealed class Job
        {
            public async void {|MODL005:Fire|}() => await Task.Yield();

            public void Run()
            {
                async void {|MODL005:Local|}() => await Task.Yield();
                Action later = {|MODL005:async () => await Task.Yield()|};
                Local();
                later();
            }

            public async Task Fine() => await Task.Yield();
        }
        """);

    [Fact]
    public Task TheFix_LeavesLambdasAndInterfaceImplementationsAlone()
    {
        const string NothingToFix = """
            using System;
            using System.Threading.Tasks;
            public interface IHandler { void Handle(); }
            public sealed class Job : IHandler
            {
                public async void {|MODL005:Handle|}() => await Task.Yield();

                public void Run()
                {
                    Action later = {|MODL005:async () => await Task.Yield()|};
                    later();
                }
            }
            """;
        return Verify.CodeFixAsync<AsyncVoidAnalyzer, AsyncVoidCodeFix>(NothingToFix, fixedSource: NothingToFix);
    }

    [Fact]
    public Task TheFix_ReturnsATask() => Verify.CodeFixAsync<AsyncVoidAnalyzer, AsyncVoidCodeFix>(
        """
        using System.Threading.Tasks;
        public sealed class Job
        {
            public async void {|MODL005:Fire|}() => await Task.Yield();
        }
        """,
        """
        using System.Threading.Tasks;
        public sealed class Job
        {
            public async Task Fire() => await Task.Yield();
        }
        """);
}
